#!/usr/bin/env bash
# install.sh: make install into a temporary DESTDIR, run what was installed,
# check that the labs' answer keys are not next to the worksheets (only make
# install-answers installs them, apart), then make uninstall must leave
# nothing behind.
# Usage: tests/install.sh BUILD_DIR    (ends with "N passed, N failed")
set -u
b=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
passed=0
failed=0
check() { # check NAME COMMAND...
    local name=$1
    shift
    if "$@" >>"$tmp/log" 2>&1; then passed=$((passed + 1)); else
        failed=$((failed + 1))
        echo "FAIL: $name" >&2
        tail -n 5 "$tmp/log" >&2
    fi
}

make -s --no-print-directory B="$b" DESTDIR="$root" PREFIX=/usr install >"$tmp/log" 2>&1
check "make install succeeds" test $? -eq 0
for f in bin/memtrack bin/memview bin/memtrack-demo share/man/man1/memtrack.1 \
    share/man/man1/memview.1 share/man/man5/memory_status.5 share/memtrack/demo/demo.mt \
    share/memtrack/labs/README.md share/memtrack/labs/1-paging/paging.mt \
    share/memtrack/labs/2-fit-policies/fits.mt share/memtrack/labs/3-frames-and-pages/README.md \
    share/memtrack/labs/4-page-replacement/belady.mt; do
    check "installed $f" test -s "$root/usr/$f"
done
keys=$(cd "$root" && find . -name 'answers*')
check "make install puts no answer key where students read${keys:+ (found: $keys)}" test -z "$keys"
make -s --no-print-directory B="$b" DESTDIR="$root" PREFIX=/usr install-answers >"$tmp/log" 2>&1
check "make install-answers succeeds" test $? -eq 0
for lab in labs/*/; do
    lab=$(basename "$lab")
    check "install-answers puts $lab's key apart" \
        cmp -s "labs/$lab/answers.md" "$root/usr/share/memtrack/answers/$lab/answers.md"
done
keys=$(cd "$root/usr/share/memtrack/labs" && find . -name 'answers*')
check "and not in the labs${keys:+ (found: $keys)}" test -z "$keys"
check "installed memtrack runs" "$root/usr/bin/memtrack" --version
(cd "$tmp" && "$root/usr/bin/memtrack" --no-sync --status lab.st \
    --script "$root/usr/share/memtrack/labs/1-paging/paging.mt" >out 2>&1)
check "installed memtrack runs an installed lab" grep -q "P4 gets 12000 B" "$tmp/out"
check "installed memview draws it" "$root/usr/bin/memview" --once --screenshot "$tmp/lab.png" \
    "$tmp/lab.st"
if command -v man >/dev/null 2>&1; then
    for p in share/man/man1/memtrack.1 share/man/man1/memview.1 share/man/man5/memory_status.5; do
        check "man page $p renders" sh -c "MANWIDTH=80 man -l '$root/usr/$p' | grep -q ."
    done
fi
(cd "$tmp" && env -u DISPLAY -u WAYLAND_DISPLAY "$root/usr/bin/memtrack-demo" --shots shots \
    >demo.out 2>&1)
check "installed demo without a display writes one picture per step" \
    test "$(ls "$tmp/shots" | wc -l)" -eq "$(grep -c '^sleep' "$root/usr/share/memtrack/demo/demo.mt")"
check "the demo says there is no display" grep -q "No display" "$tmp/demo.out"

# make demo without a display writes its pictures under the build directory
# and leaves the source tree alone (a demo-shots/ that was there stays as it was).
before=$(ls -l --time-style=full-iso demo-shots 2>/dev/null)
rm -rf "$b/demo-shots"
env -u DISPLAY -u WAYLAND_DISPLAY make -s --no-print-directory B="$b" demo >"$tmp/log" 2>&1
check "make demo without a display succeeds" test $? -eq 0
check "make demo writes one picture per step in $b/demo-shots" \
    test "$(ls "$b/demo-shots" | wc -l)" -eq "$(grep -c '^sleep' demo/demo.mt)"
check "make demo leaves no demo-shots/ in the source tree" \
    test "$(ls -l --time-style=full-iso demo-shots 2>/dev/null)" = "$before"

make -s --no-print-directory B="$b" DESTDIR="$root" PREFIX=/usr uninstall >"$tmp/log" 2>&1
check "make uninstall succeeds" test $? -eq 0
left=$(cd "$root" && find . -type f | head)
check "make uninstall removes every installed file${left:+ (left: $left)}" test -z "$left"
check "and the memtrack share directory" test ! -e "$root/usr/share/memtrack"
check "but not the directories it did not make" test -d "$root/usr/bin"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
