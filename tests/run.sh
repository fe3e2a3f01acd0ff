#!/usr/bin/env bash
# run.sh: runs every test against one or more build directories and ends with
# the one line "N passed, N failed" (exit status 1 when anything failed).
#
#   tests/run.sh build build/asan     what `make test` runs
#   tests/run.sh --regen build        rewrite the golden files of tests/e2e
#                                     from build/memtrack (review the diff!)
#
# For each build directory: the C unit tests (test_*: paging, frame set,
# segments, notes and numbers, status file, layout, rendering, CPython's
# random, virtual memory, trace files), the scripted sessions in tests/e2e
# (transcript and final status file against the checked-in golden files),
# the quiz sessions there (tests/e2e/*.quiz: memtrack quiz with answers on
# standard input), the command-line checks
# (tests/cli.sh), the sample file, the interactive menu driven through a
# pseudo-terminal (tests/pty_menu.py), a quiz taken there (tests/pty_quiz.py), memview on malformed files
# (tests/bad_files.sh), memview in a real window under Xvfb
# (tests/live_view.py), the pointer swept over it while the file changes
# (tests/live_hover.py), memview's own faults (tests/live_faults.py) and the labs' answer keys (tests/labs.py). For the
# first build also make install/uninstall into a temporary DESTDIR
# (tests/install.sh) and make bench's latency matching on synthetic traces
# (tests/bench/bench.py --self-test). Reliability: SIGKILLs while a reader parses the status
# file (tests/crash.py) and random keystrokes at the menu (tests/pty_fuzz.py);
# figures for docs/reliability.md are printed as they come.
# For the first (plain) build only, the scripted sessions also run under
# valgrind, which must report no error and no leak.
set -u
cd "$(dirname "$0")/.." || exit 1

regen=0
if [ "${1:-}" = "--regen" ]; then
    regen=1
    shift
fi
[ $# -gt 0 ] || set -- build

passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1795000000
# A sanitizer finding must not pass for an expected exit status of 1.
# detect_stack_use_after_return: a pointer kept into a dead stack frame (memview
# once crashed under the mouse that way) must fail every test, not pass by luck.
export ASAN_OPTIONS=exitcode=86:detect_stack_use_after_return=1
export UBSAN_OPTIONS=exitcode=87:print_stacktrace=1

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# Adds the counts of a "N passed, N failed" line in file $2 (from test $1).
count_from() {
    local name=$1 log=$2 line p f
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        bad "$name: ended without its summary line (crashed?)"
        tail -n 20 "$log" >&2
        return
    fi
    read -r p _ f _ <<<"$line"
    printf '  %-32s %s\n' "$name" "$line"
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$f" -ne 0 ]; then
        echo "FAIL: $name: $f failed; its last lines:" >&2
        grep -v -E '^[0-9]+ passed' "$log" | tail -n 40 >&2
    fi
}

# Runs tests/e2e/NAME.mt with binary $1; writes $tmp/NAME.out and .status.
# The script's first lines may say "# args: FLAGS" and "# exit: N".
run_e2e() {
    local bin=$1 mt=$2 name args want rc
    name=$(basename "$mt" .mt)
    args=$(sed -n 's/^# args: //p' "$mt" | head -n 1)
    want=$(sed -n 's/^# exit: //p' "$mt" | head -n 1)
    rm -f "$tmp/$name.status"
    # shellcheck disable=SC2086
    (cd tests/e2e && "$OLDPWD/$bin" --no-sync --status "$tmp/$name.status" $args \
        --script "$name.mt" >"$tmp/$name.out" 2>&1)
    rc=$?
    echo "${want:-0} $rc"
}

# Runs tests/e2e/NAME.quiz with binary $1: memtrack --no-sync --status FILE,
# then the file's "# args: quiz ..." line, with its lines that are not
# comments as standard input (the answers); writes $tmp/NAME.out and, when
# the run wrote one, .status. "# exit: N" as for scripts.
run_quiz() {
    local bin=$1 qz=$2 name args want rc
    name=$(basename "$qz" .quiz)
    args=$(sed -n 's/^# args: //p' "$qz" | head -n 1)
    want=$(sed -n 's/^# exit: //p' "$qz" | head -n 1)
    rm -f "$tmp/$name.status"
    # shellcheck disable=SC2086
    (cd tests/e2e && grep -v '^#' "$name.quiz" | "$OLDPWD/$bin" --no-sync \
        --status "$tmp/$name.status" $args >"$tmp/$name.out" 2>&1)
    rc=$?
    echo "${want:-0} $rc"
}

# Compares the quiz session NAME's output and status file (none when there
# is no golden one: --answers, --worksheet and --ostep write nothing) with
# tests/e2e's.
check_quiz() {
    local name=$1
    if diff -u "tests/e2e/$name.out" "$tmp/$name.out" >"$tmp/diff" 2>&1; then ok; else
        bad "e2e $name: output differs from tests/e2e/$name.out"
        head -n 40 "$tmp/diff" >&2
    fi
    if [ ! -e "tests/e2e/$name.status" ]; then
        [ ! -e "$tmp/$name.status" ] && ok || bad "e2e $name: wrote a status file"
    elif diff -u "tests/e2e/$name.status" "$tmp/$name.status" >"$tmp/diff" 2>&1; then ok; else
        bad "e2e $name: status file differs from tests/e2e/$name.status"
        head -n 40 "$tmp/diff" >&2
    fi
}

for b in "$@"; do
    [ -x "$b/memtrack" ] || { bad "$b/memtrack is not built"; continue; }
    echo "== $b"

    # The unit tests the Makefile built ($b/unit-tests, written by make tests-bin).
    [ -r "$b/unit-tests" ] || bad "$b/unit-tests is missing: run make tests-bin"
    for t in $(cat "$b/unit-tests" 2>/dev/null); do
        if [ ! -x "$b/$t" ]; then
            bad "$b/$t is not built"
            continue
        fi
        "$b/$t" >"$tmp/unit.log" 2>&1
        count_from "$b/$t" "$tmp/unit.log"
    done

    for mt in tests/e2e/*.mt; do
        name=$(basename "$mt" .mt)
        read -r want rc < <(run_e2e "$b/memtrack" "$mt")
        if [ "$regen" = 1 ]; then
            cp "$tmp/$name.out" "tests/e2e/$name.out"
            cp "$tmp/$name.status" "tests/e2e/$name.status"
            echo "regenerated tests/e2e/$name.{out,status}"
            continue
        fi
        [ "$rc" = "$want" ] && ok || bad "e2e $name: exit status $rc, expected $want"
        if diff -u "tests/e2e/$name.out" "$tmp/$name.out" >"$tmp/diff" 2>&1; then ok; else
            bad "e2e $name: output differs from tests/e2e/$name.out"
            head -n 40 "$tmp/diff" >&2
        fi
        if diff -u "tests/e2e/$name.status" "$tmp/$name.status" >"$tmp/diff" 2>&1; then ok; else
            bad "e2e $name: status file differs from tests/e2e/$name.status"
            head -n 40 "$tmp/diff" >&2
        fi
    done
    for qz in tests/e2e/*.quiz; do
        name=$(basename "$qz" .quiz)
        read -r want rc < <(run_quiz "$b/memtrack" "$qz")
        if [ "$regen" = 1 ]; then
            cp "$tmp/$name.out" "tests/e2e/$name.out"
            rm -f "tests/e2e/$name.status"
            [ -e "$tmp/$name.status" ] && cp "$tmp/$name.status" "tests/e2e/$name.status"
            echo "regenerated tests/e2e/$name.out"
            continue
        fi
        [ "$rc" = "$want" ] && ok || bad "e2e $name: exit status $rc, expected $want"
        check_quiz "$name"
    done
    [ "$regen" = 1 ] && continue

    # The checked-in sample is what `make sample` writes, and it parses.
    (cd tests/e2e && "$OLDPWD/$b/memtrack" --no-sync --status "$tmp/sample" \
        --script sample.mt >/dev/null 2>&1)
    cmp -s "$tmp/sample" memory_status.sample && ok ||
        bad "memory_status.sample is not what 'make sample' writes now (run make sample)"
    python3 -c 'import sys; sys.exit(open(sys.argv[1]).read() not in open(sys.argv[2]).read())' \
        memory_status.sample docs/status-format.md && ok ||
        bad "docs/status-format.md does not quote memory_status.sample as it is"
    cp memory_status.sample "$tmp/resume"
    if printf 'frames\n' | "$b/memtrack" --resume --no-sync --status "$tmp/resume" \
        >"$tmp/resume.out" 2>&1; then ok; else
        bad "memory_status.sample does not parse:"; cat "$tmp/resume.out" >&2
    fi

    tests/cli.sh "$b/memtrack" >"$tmp/cli.log" 2>&1
    count_from "tests/cli.sh $b" "$tmp/cli.log"

    python3 tests/pty_menu.py "$b/memtrack" >"$tmp/pty.log" 2>&1
    count_from "tests/pty_menu.py $b" "$tmp/pty.log"

    python3 tests/pty_quiz.py "$b/memtrack" >"$tmp/ptyq.log" 2>&1
    count_from "tests/pty_quiz.py $b" "$tmp/ptyq.log"

    python3 tests/crash.py "$b" 10 500 >"$tmp/crash.log" 2>&1
    grep '^crash:' "$tmp/crash.log"
    count_from "tests/crash.py $b" "$tmp/crash.log"

    python3 tests/pty_fuzz.py "$b/memtrack" 2000 7 >"$tmp/ptyf.log" 2>&1
    grep '^pty_fuzz:' "$tmp/ptyf.log"
    count_from "tests/pty_fuzz.py $b" "$tmp/ptyf.log"

    python3 tests/labs.py "$b" >"$tmp/labs.log" 2>&1
    count_from "tests/labs.py $b" "$tmp/labs.log"

    tests/bad_files.sh "$b/memview" >"$tmp/bad.log" 2>&1
    count_from "tests/bad_files.sh $b" "$tmp/bad.log"

    # A real window under Xvfb. Leak detection is off for this one run: the X
    # libraries SDL unloads at exit leave reports no stack can be read from
    # (memview's own leaks are checked by the --once runs above).
    ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 xvfb-run -a -s "-screen 0 1280x800x24" \
        python3 tests/live_view.py "$b/memview" "$b/memtrack" >"$tmp/live.log" 2>&1
    count_from "tests/live_view.py $b" "$tmp/live.log"

    # The pointer over every part of the window, clicks, every key, resizes,
    # while the file is replaced under it (the hover and reload crashes).
    ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 xvfb-run -a -s "-screen 0 2000x1400x24" \
        python3 tests/live_hover.py "$b/memview" "$b/memtrack" >"$tmp/hover.log" 2>&1
    count_from "tests/live_hover.py $b" "$tmp/hover.log"

    # memview's own faults: s and its message, a full disk, a window too
    # large to draw, a huge file replaced every 100 ms.
    ASAN_OPTIONS=$ASAN_OPTIONS:detect_leaks=0 xvfb-run -a -s "-screen 0 2000x1400x24" \
        python3 tests/live_faults.py "$b/memview" "$b/memtrack" >"$tmp/faults.log" 2>&1
    count_from "tests/live_faults.py $b" "$tmp/faults.log"

    if [ "$b" = "$1" ]; then
        tests/install.sh "$b" >"$tmp/install.log" 2>&1
        count_from "tests/install.sh $b" "$tmp/install.log"
        python3 tests/bench/bench.py --self-test >"$tmp/bench.log" 2>&1
        count_from "tests/bench/bench.py --self-test" "$tmp/bench.log"
        if ! command -v valgrind >/dev/null 2>&1; then
            bad "valgrind is not installed (scripts/deps.sh installs it)"
        else
            for mt in tests/e2e/*.mt; do
                name=$(basename "$mt" .mt)
                args=$(sed -n 's/^# args: //p' "$mt" | head -n 1)
                # shellcheck disable=SC2086
                if (cd tests/e2e && valgrind -q --error-exitcode=99 --leak-check=full \
                    --show-leak-kinds=all --errors-for-leak-kinds=all \
                    "$OLDPWD/$b/memtrack" --no-sync --status "$tmp/vg.status" $args \
                    --script "$name.mt" >/dev/null 2>"$tmp/vg.log"); [ $? -ne 99 ]; then ok; else
                    bad "valgrind found errors or leaks in e2e $name:"
                    head -n 40 "$tmp/vg.log" >&2
                fi
            done
            for qz in tests/e2e/*.quiz; do
                args=$(sed -n 's/^# args: //p' "$qz" | head -n 1)
                # shellcheck disable=SC2086
                if grep -v '^#' "$qz" | valgrind -q --error-exitcode=99 --leak-check=full \
                    --show-leak-kinds=all --errors-for-leak-kinds=all "$b/memtrack" --no-sync \
                    --status "$tmp/vg.status" $args >/dev/null 2>"$tmp/vg.log"; [ $? -ne 99 ]
                then ok; else
                    bad "valgrind found errors or leaks in e2e $(basename "$qz"):"
                    head -n 40 "$tmp/vg.log" >&2
                fi
            done
            # memview: one --once render; no definite leak of ours.
            if SDL_VIDEODRIVER=dummy valgrind -q --error-exitcode=99 --leak-check=full \
                --errors-for-leak-kinds=definite "$b/memview" --once --screenshot \
                "$tmp/vg.png" memory_status.sample >/dev/null 2>"$tmp/vg.log"; then ok; else
                bad "valgrind found errors or definite leaks in memview --once:"
                head -n 40 "$tmp/vg.log" >&2
            fi
        fi
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
