#!/usr/bin/env bash
# bad_files.sh: memview refuses every malformed status file with its line and
# reason, without crashing, and bad flags are refused with exit status 2 (and
# getopt_long's syntax: --flag=value, abbreviations, -h, --, files anywhere).
# Usage: tests/bad_files.sh path/to/memview
# The files are made from memory_status.sample: cut after every line, and a
# set of edits (unknown record, bad numbers, overlaps, counts that do not add
# up, control bytes, a missing file, a directory, a FIFO, a huge line).
# Ends with "N passed, N failed".
set -u
view=$1
sample=memory_status.sample
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
n=$(wc -l <"$sample")

# expect FILE WANT: memview --once must exit 1 and name FILE:LINE (WANT = a
# line number) or, for WANT = "-", just say why.
expect() {
    local f=$1 want=$2 rc
    "$view" --once --screenshot "$tmp/out.png" "$f" >"$tmp/o" 2>"$tmp/e"
    rc=$?
    if [ "$rc" -eq 1 ] && { [ "$want" = "-" ] && [ -s "$tmp/e" ] ||
        grep -q "^memview: $f:$want: " "$tmp/e"; } && [ ! -e "$tmp/out.png" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $f (want line $want): exit $rc: $(head -c 600 "$tmp/e")" >&2
    fi
}

# Cut after every line: the parser must name the first missing line.
for i in $(seq 0 $((n - 1))); do
    head -n "$i" "$sample" >"$tmp/cut$i"
    expect "$tmp/cut$i" $((i + 1))
done
head -c -1 "$sample" >"$tmp/nonl" && expect "$tmp/nonl" "$n"

i=0
edit() { # edit LINE SED-EXPRESSION [FILE, the sample when none]
    i=$((i + 1))
    sed "$2" "${3:-$sample}" >"$tmp/edit$i"
    expect "$tmp/edit$i" "$1"
}
edit 1 's/^memtrack-status 1$/memtrack-status 9/'
edit 2 's/^seq 12$/seq -1/'
edit 3 's/^time .*/time yesterday/'
edit 4 's/frames=16/frames=0/'
edit 4 's/page-size=4096/page-size=1000/'
edit 4 's/processes=3/processes=4/'
edit 4 's/free=9/free=8/'
edit 5 's/^process pid=1 bytes=10000 pages=3$/process pid=1 bytes=10000 pages=2/'
edit 6 's/^process pid=3/process pid=0/'
edit 8 's/^map frames=0-2 pid=1 pages=0-2$/map frames=0-2 pid=7 pages=0-2/'
edit 9 's/^map frames=3-4/map frames=2-3/'
edit 11 's/^map frames=6 pid=4 pages=2$/map frames=99 pid=4 pages=2/'
edit 12 's/fit=best/fit=fastest/'
edit 14 's/^segment id=0 name=code base=0 limit=1200$/segment id=0 name=code base=0 limit=1300/'
edit 14 's/name=data/name=code/'
edit 15 's/name=stack/name=st@ck/'
edit 15 's/base=1500 limit=2000/base=65000 limit=2000/'
edit 16 's/^hole base=1400 size=100$/hole base=1400 size=99/'
edit 12 's/holes=2/holes=3/'
edit 18 's/^event ok/event maybe/'
edit 13 's/^segment id=0 /segmant id=0 /'
edit 5 's/^process pid=1 bytes=10000 pages=3$/process pid=1 bytes=10000 pages=3 extra=1/'
edit 5 's/^process pid=1 bytes=10000 pages=3$/process pid=1  bytes=10000 pages=3/'
edit 6 's/^process pid=3 bytes=300/process pid=3 bytes=99999999999999999999999/'
edit 13 's/^segment id=0 name=code/segment id=0 name=co\x01de/'
# Version 2 records: refused in a version 1 file, checked against the memory in a version 2 one.
edit 20 's/^end$/translate pid=1 addr=5000 page=1 offset=904 frame=1 phys=5000 unused=0 hex=0\nend/'
edit 20 '1s/ 1$/ 2/; s/^end$/translate pid=1 addr=5000 page=1 offset=904 frame=2 phys=9096 unused=0 hex=0\nend/'
edit 20 '1s/ 1$/ 2/; s/^end$/seg-translate id=3 offset=0 phys=0 hex=0\nend/'
edit 20 '1s/ 1$/ 2/; s/^end$/caption\nend/'
# Version 6 (page tables in frames), edits of a seed: a bad shape, a count,
# a table page outside memory or in a taken frame, a data page in a table
# frame, a walk off its address, the layer's records in a version 5 file.
pt=tests/fuzz/status/vm-ptable
edit 10 's/^vm-ptable levels=2 /vm-ptable levels=9 /' "$pt"
edit 10 's/ tables=7 made=7$/ tables=8 made=8/' "$pt"
edit 14 's/^\(vm-table pid=1 level=0 prefix=0\) frame=0 /\1 frame=10 /' "$pt"
edit 17 's/^\(vm-table pid=2 level=0 prefix=0\) frame=5 /\1 frame=0 /' "$pt"
edit 21 's/^vm-frames from=7 /vm-frames from=6 /' "$pt"
edit 32 's/ index=0,1 / index=0,2 /' "$pt"
edit 10 's/^memtrack-status 6$/memtrack-status 5/' "$pt"
# Version 7 (the heap), edits of the seeds: overlapping blocks, a free list
# that does not cover the heap and a buddy block not a power of two (both
# found when the heap is rebuilt: on the heap record's line), a slab of no
# cache, a pool past the heap, a last operation whose block is elsewhere,
# the heap in a version 6 file.
hf=tests/fuzz/status/heap-freelist
edit 10 's/^heap-block name=b4 addr=32 /heap-block name=b4 addr=24 /' "$hf"
edit 7 's/^heap-free addr=352 size=64$/heap-free addr=352 size=60/' "$hf"
edit 32 's/^heap-last op=free refused=0 name=b10/heap-last op=free refused=0 name=b3/' "$hf"
edit 7 's/^memtrack-status 7$/memtrack-status 6/' "$hf"
edit 7 's/^heap-block name=b3 addr=0 span=64 /heap-block name=b3 addr=0 span=48 /' \
    tests/fuzz/status/heap-buddy
edit 17 's/^heap-slab cache=page addr=5120$/heap-slab cache=pages addr=5120/' \
    tests/fuzz/status/heap-slab
edit 9 's/^heap-pool block=16 count=32$/heap-pool block=16 count=9999/' tests/fuzz/status/heap-pool
# Version 8 (the quiz), edits of the seeds: a flag the quiz refuses (on the
# quiz line, found when the problem is made), an answer marked right that is
# wrong, an answer to an open question, a question missing, the quiz in a
# version 7 file, a continuation with a space at its start.
qt=tests/fuzz/status/quiz-translate
edit 7 's/--seed=3/--seed=x/' "$qt"
edit 9 's/^quiz-q i=1 state=wrong/quiz-q i=1 state=right/' "$qt"
edit 11 's/^quiz-q i=3 state=open given=-$/quiz-q i=3 state=open given=7/' "$qt"
edit 12 '/^quiz-q i=4 /d' "$qt"
edit 7 's/^memtrack-status 8$/memtrack-status 7/' "$qt"
edit 8 's/^quiz-more /quiz-more  /' tests/fuzz/status/quiz-long
printf 'memtrack-status 1\nseq 1\0\n' >"$tmp/nul" && expect "$tmp/nul" 2
{ head -n 3 "$sample"; head -c 2000000 /dev/zero | tr '\0' 'a'; echo; } >"$tmp/huge"
expect "$tmp/huge" 4
: >"$tmp/empty" && expect "$tmp/empty" 1
expect "$tmp/does-not-exist" -
mkdir "$tmp/dir" && expect "$tmp/dir" -
mkfifo "$tmp/fifo" && expect "$tmp/fifo" -

# Bad flags: exit status 2 and a message, before anything is drawn.
flag() { # flag WANT-IN-MESSAGE ARGS...
    local want=$1 rc
    shift
    timeout 20 "$view" "$@" >"$tmp/o" 2>"$tmp/e"
    rc=$?
    if [ "$rc" -eq 2 ] && grep -q -- "$want" "$tmp/e"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: memview $* (exit $rc): $(head -c 300 "$tmp/e")" >&2
    fi
}
flag "unknown option" --bogus
flag "WIDTHxHEIGHT" --once --screenshot "$tmp/x.png" --size big "$sample"
flag "too small" --once --screenshot "$tmp/x.png" --size 10x10 "$sample"
flag "needs --screenshot" --once "$sample"
flag "goes with --once" --screenshot "$tmp/x.png" "$sample"
flag "at most 4" a b c d e
flag "needs a value" --font
flag "--scale" --once --screenshot "$tmp/x.png" --scale 9 "$sample"
flag "--scale" --once --screenshot "$tmp/x.png" --scale big "$sample"
flag "--scale" --once --screenshot "$tmp/x.png" --scale 0.1 "$sample"
# Good scales are taken: 0 (automatic), 0.5 and 4.
for s in 0 0.5 4; do
    if "$view" --once --screenshot "$tmp/x.png" --scale "$s" "$sample" >"$tmp/o" 2>"$tmp/e"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: memview --scale $s refused: $(head -c 300 "$tmp/e")" >&2
    fi
done
flag "cannot open font" --once --screenshot "$tmp/x.png" --font /nonexistent.ttf "$sample"
# A FIFO as the font used to hang forever; a directory is no font either.
flag "not a regular file" --once --screenshot "$tmp/x.png" --font "$tmp/fifo" "$sample"
flag "not a regular file" --once --screenshot "$tmp/x.png" --font "$tmp/dir" "$sample"
flag "too large" --once --screenshot "$tmp/x.png" \
    --size 1234567890123456789012345678901234567890x800 "$sample"
flag "too large" --once --screenshot "$tmp/x.png" --size 800x1234567890123456789012345 "$sample"
# --screenshot follows the status path's rules: a FIFO or a directory is
# refused (it used to be replaced), a symlink is followed and stays a link.
flag "is a FIFO" --once --screenshot "$tmp/fifo" "$sample"
flag "directory" --once --screenshot "$tmp/dir" "$sample"
: >"$tmp/target.png"
chmod 600 "$tmp/target.png"
ln -s target.png "$tmp/link.png"
if timeout 20 "$view" --once --screenshot "$tmp/link.png" "$sample" >"$tmp/o" 2>"$tmp/e" &&
    [ -L "$tmp/link.png" ] && [ -s "$tmp/target.png" ] &&
    [ "$(stat -c %a "$tmp/target.png")" = 600 ]; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: --screenshot through a symlink: link kept, target written, mode kept" >&2
fi
# No display: memview says so and exits 2, rather than draw in SDL's
# offscreen driver where nobody sees it (it used to run so, unseen, for ever).
if (unset DISPLAY SDL_VIDEODRIVER WAYLAND_DISPLAY
    timeout 20 "$view" --status "$sample" >"$tmp/o" 2>"$tmp/e"
    [ $? -eq 2 ] && grep -q "cannot reach a display" "$tmp/e") &&
    (unset SDL_VIDEODRIVER WAYLAND_DISPLAY
        # libdbus, which SDL loads when DISPLAY is set, leaks 1 KiB at exit.
        DISPLAY=:77 ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
            timeout 20 "$view" --status "$sample" >"$tmp/o" 2>"$tmp/e"
        [ $? -eq 2 ] && grep -q "DISPLAY=:77" "$tmp/e"); then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: memview without a display: $(head -c 300 "$tmp/e")" >&2
fi
for f in --once --poll-only --help --version; do
    flag "$f takes no value" "$f=1"
done

# Each bad flag says exactly what it said before getopt_long read the flags.
while IFS='|' read -r args want; do
    # shellcheck disable=SC2086
    flag "^memview: $want\$" $args
done <<EOF
--bogus|unknown option '--bogus' (see memview --help)
--font|--font needs a value (see memview --help)
--font=|--font needs a value (see memview --help)
--once --screenshot|--screenshot needs a value (see memview --help)
--size big|--size: 'big' is not WIDTHxHEIGHT, like 1280x800
--size 10x10|--size: 10 is too small (at least 200) (width 200-16384, height 150-16384)
--scale 9|--scale: '9' is not 0 (automatic) or a number from 0.5 to 4
--once $sample|--once needs --screenshot OUT.png
--screenshot $tmp/x.png $sample|--screenshot goes with --once (press s in the window for a screenshot)
a b c d e|at most 4 status files at once
--once=1|--once takes no value (see memview --help)
EOF

# The usual getopt_long syntax: --flag=value is --flag value, and so is an
# unambiguous start of the name; -h is --help (short letters bundle); "--"
# ends the options, so a file may be named -x; options and files come in
# any order, and the files are drawn in the order given.
good() { # good NAME ARGS...: memview ARGS must exit 0
    local name=$1 rc
    shift
    timeout 20 "$view" "$@" >"$tmp/o" 2>"$tmp/e"
    rc=$?
    if [ "$rc" -eq 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $name: memview $* (exit $rc): $(head -c 300 "$tmp/e")" >&2
    fi
}
same() { # same NAME FILE1 FILE2
    if cmp -s "$2" "$3"; then passed=$((passed + 1)); else
        failed=$((failed + 1))
        echo "FAIL: $1: $2 and $3 differ" >&2
    fi
}
good "version 6, 2 levels" --once --screenshot "$tmp/pt1.png" tests/fuzz/status/vm-ptable
good "version 6, linear" --once --screenshot "$tmp/pt2.png" tests/fuzz/status/vm-ptable-linear
for f in tests/fuzz/status/quiz-*; do
    good "version 8, ${f##*/}" --once --screenshot "$tmp/quiz.png" "$f"
done
cp "$sample" "$tmp/b.st"
sed 's/^seq 12$/seq 13/' "$sample" >"$tmp/-x"
good "--flag value" --once --screenshot "$tmp/s1.png" --size 400x300 --scale 2 "$sample" "$tmp/-x"
good "--flag=value" --once --screenshot="$tmp/s2.png" --size=400x300 --scale=2 "$sample" "$tmp/-x"
same "--flag=value draws what --flag value draws" "$tmp/s1.png" "$tmp/s2.png"
good "abbreviations" --on --scr "$tmp/s3.png" --si 400x300 --sca 2 --stat "$sample" "$tmp/-x"
same "abbreviations draw what the full names draw" "$tmp/s1.png" "$tmp/s3.png"
good "files and options in any order" "$sample" --size 400x300 --once --status "$tmp/-x" \
    --screenshot "$tmp/s4.png" --scale 2
same "any order draws the same" "$tmp/s1.png" "$tmp/s4.png"
absview=$(cd "$(dirname "$view")" && pwd)/$(basename "$view")
(cd "$tmp" && timeout 20 "$absview" --once --screenshot s5.png b.st -- -x >o 2>e)
(cd "$tmp" && timeout 20 "$absview" --once --screenshot s7.png b.st --status=-x >o 2>e)
same "a file named -x after --" "$tmp/s5.png" "$tmp/s7.png"
good "in the other order" --once --screenshot "$tmp/s6.png" --size 400x300 --scale 2 "$tmp/-x" \
    "$sample"
if ! cmp -s "$tmp/s1.png" "$tmp/s6.png"; then passed=$((passed + 1)); else
    failed=$((failed + 1))
    echo "FAIL: the files are not drawn in the order given" >&2
fi
"$view" --help >"$tmp/help"
for h in -h -hh -hx; do
    good "$h" "$h"
    same "$h prints what --help prints" "$tmp/help" "$tmp/o"
done
if [ -z "$(awk 'length > 80' "$tmp/help")" ] && grep -q "^  -h, --help " "$tmp/help"; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: --help lists -h and fits in 80 columns" >&2
fi
while IFS='|' read -r args want; do
    # shellcheck disable=SC2086
    flag "^memview: $want\$" $args
done <<EOF
-x|unknown option '-x' (see memview --help)
-xh|unknown option '-x' (see memview --help)
--bogus=1|unknown option '--bogus' (see memview --help)
--poll-only=1|--poll-only takes no value (see memview --help)
--once --scale|--scale needs a value (see memview --help)
--s x|option '--s' is ambiguous (--status, --size, --scale, --screenshot) (see memview --help)
--sc=2|option '--sc' is ambiguous (--scale, --screenshot) (see memview --help)
--once --screenshot $tmp/x.png $sample -x|unknown option '-x' (see memview --help)
EOF
# What --help says of the defaults is what memview does: the picture's size,
# and both ends of the --scale range (one step past either is refused).
good "default size" --once --screenshot "$tmp/d.png" "$sample"
size=$(grep -o -E '^  --size .*default [0-9]+x[0-9]+' "$tmp/help" | grep -o -E '[0-9]+x[0-9]+$')
if [ -n "$size" ] && grep -q "($size)" "$tmp/o"; then passed=$((passed + 1)); else
    failed=$((failed + 1))
    echo "FAIL: --help's default size ($size) is not the picture's: $(cat "$tmp/o")" >&2
fi
range=$(grep -o -E '^ +\([0-9.]+-[0-9.]+; 0 = automatic' "$tmp/help" | grep -o -E '[0-9.]+-[0-9.]+')
lo=${range%-*}
hi=${range#*-}
good "--scale $lo (the lowest --help gives)" --once --screenshot "$tmp/x.png" --scale "$lo" "$sample"
good "--scale $hi (the highest --help gives)" --once --screenshot "$tmp/x.png" --scale "$hi" "$sample"
flag "--scale" --once --screenshot "$tmp/x.png" --scale "$(echo "$lo - 0.01" | bc)" "$sample"
flag "--scale" --once --screenshot "$tmp/x.png" --scale "$(echo "$hi + 0.01" | bc)" "$sample"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
