#!/usr/bin/env bash
# cli.sh: checks memtrack's command line: flags, exit codes, the status file
# at start and after failures, --resume. Usage: tests/cli.sh path/to/memtrack
# Ends with "N passed, N failed".
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'umount "$tmp/full" 2>/dev/null; chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
passed=0
failed=0
export SOURCE_DATE_EPOCH=1795000000

check() { # check NAME CONDITION...
    local name=$1
    shift
    if "$@"; then passed=$((passed + 1)); else
        failed=$((failed + 1))
        echo "FAIL: $name" >&2
        sed 's/^/    /' out err 2>/dev/null | head -n 10 >&2
    fi
}
has() { grep -q -- "$2" "$1"; }
run() { "$bin" "$@" >out 2>err </dev/null; echo $? >rc; }
rc_is() { [ "$(cat rc)" = "$1" ]; }
state() { grep -v -E '^(seq|time|event|why) ' "$1"; }

run --help
check "--help exits 0" rc_is 0
check "--help shows usage and commands" has out "usage: memtrack"
check "--help lists seg alloc" has out "seg alloc NAME BYTES"
run --version
check "--version" has out "memtrack 0"

# The limits --help states are the real ones, written so they can be typed:
# both ends of each range are accepted, one step past either end is refused.
run --help
bytes_of() { # 4K -> 4096
    local v=$1 m=1
    case $v in *K) m=1024 ;; *M) m=$((1024 * 1024)) ;; *G) m=$((1024 * 1024 * 1024)) ;;
    *T) m=$((1024 * 1024 * 1024 * 1024)) ;; esac
    echo $((${v%[KMGT]} * m))
}
for flag in --frames --page-size --seg-memory --swap --clock-bits --heap; do
    range=$(grep -E "^  $flag " out | grep -o -E '[0-9]+[A-Z]?-[0-9]+[A-Z]?' | head -n 1)
    check "--help gives the range of $flag" test -n "$range"
    [ -n "$range" ] || continue
    lo=${range%-*}
    hi=${range#*-}
    for v in "$lo" "$hi"; do
        "$bin" --status limits "$flag" "$v" --script /dev/null >/dev/null 2>&1 </dev/null
        check "$flag $v (an end of the range --help gives) is accepted" test $? -eq 0
    done
    step=1
    [ "$flag" = --page-size ] && step=$(bytes_of "$hi") # the next power of two
    "$bin" --status limits "$flag" "$(($(bytes_of "$hi") + step))" --script /dev/null \
        >/dev/null 2>&1 </dev/null
    check "$flag just past $hi is refused" test $? -eq 2
    "$bin" --status limits "$flag" "$(($(bytes_of "$lo") - 1))" --script /dev/null \
        >/dev/null 2>&1 </dev/null
    check "$flag just below $lo is refused" test $? -eq 2
done

run --bogus
check "unknown flag exits 2" rc_is 2
check "unknown flag is named" has err "unknown option '--bogus'"
run extra
check "stray argument exits 2" rc_is 2
for bad in "--frames 0" "--frames abc" "--frames -3" "--frames 99999999999999999999" \
    "--frames 4194305" "--page-size 1000" "--page-size 8" "--seg-memory 1" "--fit fastest" \
    "--frame-policy sometimes" "--seed x" "--frames" "--status=" "--no-sync=1"; do
    # shellcheck disable=SC2086
    run $bad
    check "'$bad' exits 2" rc_is 2
    check "'$bad' says why" has err "memtrack: "
    check "'$bad' writes no status file" test ! -e memory_status
done
run --frames=32 --page-size=1K --script /dev/null
check "--frames=32 --page-size=1K accepted" rc_is 0
check "status file written at start" has memory_status "paging frames=32 page-size=1024"

# Each bad value says exactly what it said before getopt_long read the flags.
while IFS='|' read -r bad want; do
    # shellcheck disable=SC2086
    run $bad
    check "'$bad' says '$want'" grep -qxF -- "memtrack: $want" err
done <<'EOF'
--frames 0|--frames: 0 is too small (at least 1) (see memtrack --help)
--frames abc|--frames: 'abc' is not a whole number (digits, optionally ending in K, M or G) (see memtrack --help)
--frames -3|--frames: '-3' is negative; a whole number >= 1 is needed (see memtrack --help)
--frames 99999999999999999999|--frames: '99999999999999999999' is too large (at most 4194304) (see memtrack --help)
--frames 4194305|--frames: '4194305' is too large (at most 4194304) (see memtrack --help)
--frames=|--frames: no number given (see memtrack --help)
--page-size 1000|page size must be a power of two from 16 to 1073741824 bytes (16, 32, ..., 4096, ...), not 1000
--page-size 8|--page-size: 8 is too small (at least 16) (see memtrack --help)
--seg-memory 1|--seg-memory: 1 is too small (at least 16) (see memtrack --help)
--fit fastest|--fit: 'fastest' is not first, best, worst or next
--frame-policy sometimes|--frame-policy: 'sometimes' is not first or random
--seed x|--seed: 'x' is not a whole number (see memtrack --help)
--frames|--frames needs a value (see memtrack --help)
--status=|--status needs a path
--script=|--script needs a file name or -
--bogus|unknown option '--bogus' (see memtrack --help)
extra|unknown argument 'extra' (see memtrack --help)
--resume --fit best|--resume takes every setting from the status file; change them after resuming (reset, frame-policy, fit, seg reset, vm on, replace)
--resume --vm|--resume takes every setting from the status file; change them after resuming (reset, frame-policy, fit, seg reset, vm on, replace)
--replace sometimes|--replace: 'sometimes' is not fifo, lru, opt, mru, clock, random or ostep-clock
--clock-bits 256|--clock-bits: '256' is too large (at most 255) (see memtrack --help)
--replace-seed -1|--replace-seed: '-1' is negative; a whole number >= 0 is needed (see memtrack --help)
--vm --tlb 0|--tlb: 0 is too small (at least 1) (see memtrack --help)
--vm --tlb 4097|--tlb: '4097' is too large (at most 4096) (see memtrack --help)
--vm --tlb 8 --tlb-ways 0|--tlb-ways: 0 is too small (at least 1) (see memtrack --help)
--tlb 8|--tlb needs --vm: the TLB caches the translations of virtual memory
--vm --tlb 6 --tlb-ways 4|--tlb-ways 4 does not divide --tlb 6 entries into sets
--vm --tlb-ways 2|--tlb-ways and --tlb-asid shape the TLB that --tlb ENTRIES turns on
--vm --tlb-asid|--tlb-ways and --tlb-asid shape the TLB that --tlb ENTRIES turns on
--resume --tlb 8|--resume takes every setting from the status file; change them after resuming (reset, frame-policy, fit, seg reset, vm on, replace)
--resume --tlb-asid|--resume takes every setting from the status file; change them after resuming (tlb ENTRIES asid=on)
--address-space 64K|--address-space needs --vm: address spaces and protection are virtual memory's
--vm --address-space 16|--address-space: 16 is too small (at least 32) (see memtrack --help)
--vm --address-space 281474976710657|--address-space: '281474976710657' is too large (at most 281474976710656) (see memtrack --help)
--vm --address-space 3M|--address-space 3145728 is not a power of two of 2 pages (8192 B) or more
--vm --address-space 4K|--address-space 4096 is not a power of two of 2 pages (8192 B) or more
--resume --address-space 64K|--resume takes every setting from the status file; change them after resuming (reset, frame-policy, fit, seg reset, vm on, replace)
--page-table 2-level|--page-table needs --vm: page tables in frames are virtual memory's (add --vm)
--page-table 2-level --address-space 64K|--address-space needs --vm: address spaces and protection are virtual memory's
--vm --page-table 5-level|--page-table: '5-level' is not linear, 2-level, 3-level or 4-level
--vm --page-table off|--page-table: 'off' is not linear, 2-level, 3-level or 4-level
--vm --page-table|--page-table needs a value (see memtrack --help)
--vm --pte-size 8|--pte-size sizes the entries of the table that --page-table SHAPE turns on
--pte-size 4|--pte-size sizes the entries of the table that --page-table SHAPE turns on
--vm --page-table 2-level --pte-size 6|--pte-size: a page-table entry has 4 or 8 bytes, not 6
--vm --page-table 2-level --pte-size 16|--pte-size: '16' is too large (at most 8) (see memtrack --help)
--vm --page-table 2-level --pte-size 2|--pte-size: 2 is too small (at least 4) (see memtrack --help)
--vm --page-table 2-level --pte-size x|--pte-size: 'x' is not a whole number (see memtrack --help)
--resume --page-table linear|--resume takes every setting from the status file; change them after resuming (reset, frame-policy, fit, seg reset, vm on, replace)
--resume --pte-size 8|--resume takes every setting from the status file; change them after resuming (reset, frame-policy, fit, seg reset, vm on, replace)
--vm --page-size 64 --address-space 16K --page-table 3-level|--page-table 3-level with 64 B pages, 4 B entries and 16384 B address spaces: too many levels: 2 levels below the top take 2 x 4 = 8 bits of the 8-bit VPN, leaving none for the top; at most 2 levels
--vm --address-space 4G --page-table 2-level --pte-size 8|--page-table 2-level with 4096 B pages, 8 B entries and 4294967296 B address spaces: the top table would not fit a page: it needs 2^11 entries x 8 B > 4096 B; 3 levels would fit
--vm --page-size 1G --page-table 2-level|--page-table 2-level with 1073741824 B pages, 8 B entries and 281474976710656 B address spaces: too many levels: 1 level below the top takes 1 x 27 = 27 bits of the 18-bit VPN, leaving none for the top; at most 1 level (linear)
EOF

# The TLB: off unless --tlb asks for it (then the file is version 4), both
# ends of the range --help gives accepted with --vm, its shape and ASIDs in
# the status file, kept by --resume; its commands refused with VM mode off.
run --help
for flag in --tlb --tlb-ways; do
    range=$(grep -E "^  $flag " out | grep -o -E '[0-9]+-[0-9]+' | head -n 1)
    check "--help gives the range of $flag" test "$range" = 1-4096
done
for v in 1 4096; do
    "$bin" --status tlbr --vm --tlb "$v" --tlb-ways "$v" --script /dev/null >/dev/null 2>&1 </dev/null
    check "--tlb $v --tlb-ways $v is accepted" test $? -eq 0
done
run --vm --no-sync --status tlb0 --script /dev/null
check "--vm without --tlb: version 3, no TLB" has tlb0 "^memtrack-status 3$"
check "--vm without --tlb: no tlb record" test "$(grep -c '^tlb' tlb0)" = 0
run --vm --tlb 8 --tlb-ways 2 --tlb-asid --no-sync --status tlb1 --script /dev/null
check "--tlb 8 --tlb-ways 2 --tlb-asid starts" rc_is 0
check "--tlb: version 4" has tlb1 "^memtrack-status 4$"
check "--tlb: its shape and ASIDs in the file" has tlb1 "^tlb entries=8 ways=2 asid=1 tlb-ns=1 mem-ns=100 running=0 valid=0$"
check "--tlb: the start says so" has tlb1 "TLB 8 entries, 2 ways, address-space ids on"
printf 'alloc 1 8K\naccess 1 0\naccess 1 4\n' | "$bin" --resume --no-sync --status tlb1 >out 2>err
check "--resume keeps the TLB: a miss, then a hit" test "$(grep -c -E '^  TLB (miss|hit)' out)" = 2
check "--resume keeps the TLB: the hit" has out "^  TLB hit: set 0 way 0 maps P1 page 0 to frame 0$"
printf 'tlb 4\ntlb\ntlb off\ntlb flush\nlatency tlb=1 memory=2\n' |
    "$bin" --no-sync --status tlb2 >out 2>err
check "VM off: the TLB commands are refused with the reason" \
    test "$(grep -c '^  why: turn it on with vm on (or start with --vm)$' out)" = 5

# The address-space layer: off unless --address-space (or vm address-space)
# asks for it (then the file is version 5), both ends of its range accepted,
# kept by --resume and reset; refused with VM mode off, and x and a
# protection refused with the layer off, as before it.
run --vm --no-sync --status as0 --script /dev/null
check "--vm without --address-space: no vm-space record" test "$(grep -c '^vm-space' as0)" = 0
for v in 32 281474976710656; do
    "$bin" --status asr --vm --page-size 16 --address-space "$v" --script /dev/null >/dev/null \
        2>&1 </dev/null
    check "--address-space $v is accepted" test $? -eq 0
done
run --vm --address-space 64K --no-sync --status as1 --script /dev/null
check "--address-space starts" rc_is 0
check "--address-space: version 5" has as1 "^memtrack-status 5$"
check "--address-space: its size in the file" has as1 "^vm-space bytes=65536 protfaults=0$"
check "--address-space: the start says so" has as1 "address spaces of 65536 B"
printf 'alloc 1 8K rx\naccess 1 0 x\naccess 1 0 w\nreset\nalloc 1 64K\nalloc 1 1\n' |
    "$bin" --resume --no-sync --status as1 >out 2>err
check "--resume keeps the layer: the fetch" has out "^  P1 page 0 (0x0, execute): page fault"
check "--resume keeps the layer: the protection fault" \
    has out "^refused: P1 page 0 is r-x: a write is a protection fault$"
check "reset keeps the layer: past the space" \
    has out "^refused: P1 would have 65537 B, past its address space of 65536 B$"
check "--resume keeps the layer: the runs in the file" \
    has as1 "^vm-prot pid=1 first=0 pages=16 prot=rw-$"
printf 'vm address-space 64K\n' | "$bin" --no-sync --status as2 >out 2>err
check "VM off: vm address-space is refused with the reason" \
    has out "^refused: an address space needs virtual memory, which is off$"
printf 'alloc 1 4K r\naccess 1 0 x\nrefs 1 0x\n' | "$bin" --vm --no-sync --status as3 >out 2>err
check "layer off: alloc with a protection is a usage error, as before" \
    has err "usage: alloc PID BYTES$"
check "layer off: x is refused with the reason" \
    has out "^refused: an instruction fetch (x) needs the address-space layer, which is off$"
check "layer off: a page word 0x is not a page, as before" \
    has err "'0x' is not a page number (0-4294967295, w after it for a write)$"

# The page-table layer: off unless --page-table (or vm page-table) asks for
# it; without --address-space it turns address spaces on at the size a
# table of that shape maps with every table page full (4 GiB for 2 levels
# of 4 KiB pages and 4-byte entries; 2^48 B of 8-byte entries for 4); both
# entry sizes accepted; refused with VM mode off and while processes
# exist; reset keeps it and recomputes a default space for a new page size.
run --vm --no-sync --status pt0 --script /dev/null
check "--vm without --page-table: the start says nothing of tables" \
    test "$(grep -c 'page tables' pt0)" = 0
run --vm --page-table 2-level --no-sync --status pt1 --script /dev/null
check "--page-table 2-level starts" rc_is 0
check "--page-table: the start says so" has pt1 "page tables 2-level, 4 B entries"
check "--page-table without --address-space: the default space" \
    has pt1 "address spaces of 4294967296 B"
run --vm --page-table 4-level --no-sync --status pt2 --script /dev/null
check "--page-table 4-level: 8-byte entries, 2^48 B spaces" \
    has pt2 "address spaces of 281474976710656 B; page tables 4-level, 8 B entries"
for v in 4 8; do
    run --vm --page-table 3-level --pte-size "$v" --no-sync --status pt3 --script /dev/null
    check "--pte-size $v is accepted" rc_is 0
    check "--pte-size $v: the entries" has pt3 "page tables 3-level, $v B entries"
done
run --vm --page-size 64 --address-space 16K --page-table linear --no-sync --status pt4 \
    --script /dev/null
check "--page-table linear with --address-space: that space" \
    has pt4 "address spaces of 16384 B; page tables linear, 4 B entries"
printf 'vm page-table 2-level\nvm page-table off\n' | "$bin" --no-sync --status pt5 >out 2>err
check "VM off: vm page-table is refused with the reason" \
    test "$(grep -c '^refused: a page table in frames needs virtual memory, which is off$' out)" = 2
printf 'alloc 1 4K\nvm page-table linear\nfree 1\nvm page-table 3-level entry=8\nstats\n' |
    "$bin" --vm --no-sync --status pt6 >out 2>err
check "vm page-table while a process exists: refused with the reason" \
    has out "^refused: the page-table layer changes only while there are no processes$"
check "vm page-table with address spaces off: turns them on" \
    has out "address spaces were off: on at 549755813888 B"
check "vm page-table: stats shows the shape" has out "^Page tables: 3-level, 8 B entries"
printf 'vm page-table 2-level entry=4\nreset page-size=64\nalloc 1 16K\naccess 1 0x3f80\n' |
    "$bin" --vm --no-sync --status pt7 >out 2>err
check "reset with a new page size: the shape's default space for it (16 KiB)" \
    has out "^  split: PD 15 | PT 14 | offset 0 = 1111 | 1110 | 000000 (0xf | 0xe | 0x00): 4 + 4-bit"
check "reset keeps the layer: the walk" has out "^  walk: PDBR -> frame 0; PD\[15\] -> PT at frame 1"
printf 'access 1 0\npagetable 1\n' | "$bin" --resume --no-sync --status pt7 >out 2>err
check "--resume keeps the layer and its table pages: the walk" \
    has out "^  walk: PDBR -> frame 0; PD\[0\] -> PT at frame 3; PT\[0\] -> frame 4"
check "--resume keeps the layer: a new table page for VPNs 0-15" \
    has out "^  P1 needs a page-table page at level 1 (VPNs 0x0-0xf): frame 3, the lowest free frame"
printf 'vm page-table 4-level entry=4\nvm page-table linear entry=16\nvm page-table off entry=4\n' |
    "$bin" --vm --page-size 16 --address-space 256 --no-sync --status pt8 >out 2>err
check "vm page-table: a shape too deep for the space is refused" \
    has out "^refused: cannot make the page table 4-level"
check "vm page-table: entry=16 is an error" has err "entry: '16' is too large (at most 8)"
check "vm page-table off takes no entry size" \
    has err "usage: vm page-table off (an entry size goes with a shape)"
printf 'vm page-table linear\n' | "$bin" --vm --address-space 64K --no-sync --status pt9 >out 2>err
check "vm page-table keeps a space that was set" has out "^page tables: linear, in frames$"
check "vm page-table keeps a space that was set: not the default" \
    test "$(grep -c 'address spaces were off' out)" = 0

# The usual getopt_long syntax: --flag=value is --flag value, and so is an
# unambiguous start of the name; -h is --help (short letters bundle); "--"
# ends the options; the options stop at the first operand (POSIX order:
# that is where a subcommand would go), which memtrack does not take yet.
printf 'alloc 1 5000\nseg alloc code 100\nframes\n' >syn.mt
"$bin" --frames 32 --page-size 1K --fit best --no-sync --status syn1 --script syn.mt >syn1.out 2>&1
"$bin" --frames=32 --page-size=1K --fit=best --no-sync --status=syn2 --script=syn.mt \
    >syn2.out 2>&1
check "--flag=value: the same output as --flag value" cmp -s syn1.out syn2.out
check "--flag=value: the same status file" cmp -s syn1 syn2
"$bin" --frames 32 --page-s 1K --fi best --no --stat syn3 --sc syn.mt >syn3.out 2>&1
check "abbreviations: the same output as the full names" cmp -s syn1.out syn3.out
check "abbreviations: the same status file" cmp -s syn1 syn3
run --page 1K
check "--page is ambiguous since --page-table: refused, naming both" \
    grep -qxF -- "memtrack: option '--page' is ambiguous (--page-size, --page-table) (see memtrack --help)" err
"$bin" --help >help.out
for h in -h -hh -hx; do
    run "$h"
    check "$h exits 0" rc_is 0
    check "$h prints what --help prints" cmp -s out help.out
done
check "--help fits in 80 columns" test -z "$(awk 'length > 80' help.out)"
check "--help lists -h" has help.out "^  -h, --help "
rm -f memory_status
# Reads lines "ARGS|MESSAGE" and checks that memtrack ARGS exits 2 with
# "memtrack: MESSAGE" on stderr (the whole line; with -p a start of it) and
# writes no status file.
refusals() {
    local how=-qxF bad want
    [ "${1:-}" = -p ] && how=-qF
    while IFS='|' read -r bad want; do
        # shellcheck disable=SC2086
        run $bad
        check "'$bad' exits 2" rc_is 2
        check "'$bad' says '$want'" grep "$how" -- "memtrack: $want" err
        check "'$bad' writes no status file" test ! -e memory_status
    done
}
refusals <<'EOF'
-x|unknown option '-x' (see memtrack --help)
-xh|unknown option '-x' (see memtrack --help)
--bogus=1|unknown option '--bogus' (see memtrack --help)
--no-sync=1|--no-sync takes no value (see memtrack --help)
--strict --frames|--frames needs a value (see memtrack --help)
--s|option '--s' is ambiguous (--seed, --seg-memory, --swap, --status, --script, --strict) (see memtrack --help)
--fr=8|option '--fr' is ambiguous (--frames, --frame-policy) (see memtrack --help)
-- -x|unknown argument '-x' (see memtrack --help)
-- --frames 8|unknown argument '--frames' (see memtrack --help)
--frames 8 extra --bogus|unknown argument 'extra' (see memtrack --help)
-|unknown argument '-' (see memtrack --help)
EOF
run --status syn4 --script /dev/null --
check "a closing -- is taken (exit 0)" rc_is 0
check "a closing -- is taken (file written)" has syn4 "paging frames=16"

# Virtual memory from the command line (README.md, "Virtual memory"): --vm
# starts in it with --swap slots and the --replace policy; without --vm
# the settings wait for `vm on`.
printf 'alloc 1 16K\nrefs 1 0w 1w 2w 3w\nstats\n' >vm.mt
run --vm --frames 2 --swap 1 --replace lru --status vm1 --no-sync --script vm.mt
check "--vm runs (exit 0)" rc_is 0
check "--vm starts in virtual-memory mode" has out "^Virtual memory: 2 frames"
check "--swap sets the swap" has out "swap 1 slot, "
check "--replace sets the policy" has out "policy lru"
check "a dirty victim goes to swap" has out "dirty: written back to swap slot 0"
check "a full swap refuses the access" has out "^refused: P1 page 3 needs a frame, and swap is full"
run --frames 2 --status vm2 --no-sync --script vm.mt
check "without --vm, alloc needs every frame at once" has out "^refused: cannot allocate 16384 B for P1"
check "without --vm, refs is refused" has out "^refused: refs needs virtual memory, which is off"
printf 'vm on\nalloc 1 40K\nrefs 1 1 2 3 4 1 2 5 1 2 3 4 5\n' >vm2.mt
run --replace ostep-clock --clock-bits 2 --replace-seed 0 --status vm3 --no-sync --script vm2.mt
check "vm on takes --replace, --clock-bits and --replace-seed" \
    has out "^virtual memory on: 16 frames x 4096 B, 64 swap slots, policy ostep-clock, 2 bits, seed 0"
run --vm --replace random --replace-seed 5 --frames 3 --status vm4 --no-sync --script vm2.mt
check "--replace-seed is the seed of random" has out "policy random, seed 5"
run --vm --status vm5 --script /dev/null
check "--vm starts (exit 0)" rc_is 0
check "--vm is in the first event" has vm5 "virtual memory on: 64 swap slots"

# A long trace rewrites the status file at most every 100 ms and at its end,
# not once an access (MEMTRACK_TRACE logs each write).
awk 'BEGIN { for (i = 0; i < 300000; i++) print i % 50 }' >long.trace
printf 'alloc 1 200K\ntrace long.trace 1\n' >long.mt
rm -f writes.log
MEMTRACK_TRACE=writes.log "$bin" --vm --frames 8 --status vm6 --script long.mt >out 2>err </dev/null
check "a long trace plays (exit 0)" test $? -eq 0
check "a long trace prints a summary" has out "300000 of 300000 accesses played"
check "a long trace prints its first 1000 accesses only" has out "(299000 more accesses not shown)"
check "a long trace rewrites the file a few times, not once an access" \
    test "$(wc -l <writes.log)" -lt 100
check "the end of a long trace is in the file" has vm6 "300000 of 300000 accesses played"

# At a million frames a write takes tens of milliseconds: a run then waits
# nine times as long as its last write took before the next, so writing is
# at most about a tenth of the run (every 100 ms it would be a third or more).
awk 'BEGIN { for (i = 0; i < 8000000; i++) print (i * 7919) % 2000000 }' >big.trace
printf 'alloc 1 8G\ntrace big.trace 1\n' >big.mt
rm -f writes.log
MEMTRACK_TRACE=writes.log "$bin" --vm --frames 1048576 --status vm8 --script big.mt >out 2>err </dev/null
check "a million-frame trace plays (exit 0)" test $? -eq 0
# writes.log: "wrote SEQ TIME SECONDS"; the trace's writes follow the alloc's
# (line 2) up to its last, the run's end, which is always written.
check "a million-frame trace spends at most 15 % of its time writing the file" \
    awk '{ end[NR] = $3; took[NR] = $4 } END { n = NR - 1
          for (i = 3; i < n; i++) w += took[i]
          exit !(n > 2 && w <= 0.15 * (end[n] - end[2])) }' writes.log
rm -f big.trace vm8

# A lackey access larger than a page is no lackey output: refused with its
# FILE:LINE before anything is played, not expanded page by page.
printf 'I  04010173,3\n L 0,18446744073709551615\n' >huge.lackey
printf 'alloc 1 4G\ntrace huge.lackey 1\n' >huge.mt
run --vm --no-sync --status vm7 --script huge.mt
check "a huge lackey size is refused at its line" has err "huge.lackey:2: an access of 18446744073709551615 bytes is larger than a page"

# A status path that cannot be written is refused before anything happens.
run --status nodir/ms --script /dev/null
check "missing directory exits 2" rc_is 2
check "missing directory is explained" has err "cannot write the status file nodir/ms"
mkdir adir
run --status adir --script /dev/null
check "directory as status path exits 2" rc_is 2
mkdir ro && chmod 755 ro
ro_tested=1
if [ "$(id -u)" -ne 0 ]; then
    chmod a-w ro
    run --status ro/ms --script /dev/null
elif command -v setpriv >/dev/null 2>&1 && setpriv --reuid=nobody --regid=nogroup \
    --clear-groups test -x "$bin"; then
    # root may write anywhere; run as nobody, for whom ro/ is read-only.
    chmod 755 "$tmp"
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" --status ro/ms \
        --script /dev/null >out 2>err </dev/null
    echo $? >rc
else
    ro_tested=0
    echo "SKIP: read-only directory (root, and nobody cannot run $bin)" >&2
fi
if [ "$ro_tested" = 1 ]; then
    check "read-only directory exits 2" rc_is 2
    check "read-only directory is explained" has err "cannot write the status file ro/ms"
    check "read-only directory: nothing written" test ! -e ro/ms
fi

# Script from standard input when it is not a terminal; no temp files left.
rm -f memory_status
printf 'alloc 1 5000\nseg alloc code 100\n' | "$bin" --status s1 >out 2>err
check "stdin read as a script" has s1 "process pid=1 bytes=5000 pages=2"
check "no temporary file left behind" test -z "$(ls | grep '\.tmp\.')"
run --script missing.mt --status s2
check "missing script exits 2" rc_is 2
check "missing script is named" has err "cannot open script missing.mt"

# A run that fails before doing anything leaves every file as it was: the
# status file (byte for byte), the script, a temporary file that only a
# starting tracker would clean up, and no trace file is created.
printf 'alloc 1 5000\nseg alloc code 100\n' >keep.mt
"$bin" --status keep --script keep.mt >/dev/null 2>&1
cp keep keep.before
cp keep.mt keep.mt.before
restore_keep() { # each case starts from the same files
    cp keep.before keep && cp keep.mt.before keep.mt && : >keep.tmp.AbC123 && rm -f trace.log
}
ln -s keep keep.link
# early_fail NAME WANT ARGS...: memtrack ARGS (standard input /dev/null) must
# exit 2, say WANT, and leave keep, keep.mt and the temporary file alone.
early_fail() {
    local name=$1 want=$2
    shift 2
    restore_keep
    MEMTRACK_TRACE=trace.log "$bin" "$@" >out 2>err </dev/null
    echo $? >rc
    check "$name: exits 2" rc_is 2
    check "$name: says why" has err "$want"
    check "$name: status file byte-identical" cmp -s keep keep.before
    check "$name: script untouched" cmp -s keep.mt keep.mt.before
    check "$name: temporary files not cleaned" test -e keep.tmp.AbC123
    check "$name: no trace file" test ! -e trace.log
}
early_fail "missing script" "cannot open script nope.mt" --status keep --script nope.mt
early_fail "missing script, resuming" "cannot open script nope.mt" --status keep --resume \
    --script nope.mt
early_fail "directory as script" "cannot read script adir: Is a directory" --status keep \
    --script adir
if head -c 1 /proc/self/mem >/dev/null 2>&1; then
    echo "SKIP: unreadable script (/proc/self/mem reads here)" >&2
else
    early_fail "unreadable script" "cannot read script /proc/self/mem" --status keep \
        --script /proc/self/mem
fi
early_fail "bad flag" "unknown option" --status keep --bogus --script keep.mt
early_fail "bad value" "--frames" --status keep --frames 0 --script keep.mt
early_fail "status file as script, same path" "also the status file" --status keep.mt \
    --script keep.mt
early_fail "status file as script, other path" "is the status file" --status ./keep.mt \
    --script keep.mt
early_fail "status file as script, through a link" "is the status file" --status keep.link \
    --script keep
# Standard input is the status file, or a directory.
stdin_fail() { # stdin_fail NAME WANT FILE ARGS...
    local name=$1 want=$2 file=$3
    shift 3
    restore_keep
    MEMTRACK_TRACE=trace.log "$bin" "$@" >out 2>err <"$file"
    echo $? >rc
    check "$name: exits 2" rc_is 2
    check "$name: says why" has err "$want"
    check "$name: status file byte-identical" cmp -s keep keep.before
    check "$name: temporary files not cleaned" test -e keep.tmp.AbC123
}
stdin_fail "status file on standard input" "is the status file" keep --status keep
stdin_fail "status file on standard input, --script -" "is the status file" keep --status keep \
    --script -
stdin_fail "directory on standard input" "cannot read script stdin: Is a directory" adir \
    --status keep
rm -f keep.tmp.AbC123 keep.link

# A refused request is an answer: on standard output, counted apart from
# errors, and it never stops a script, not even under --strict. An error (a
# line that cannot run as written) goes to standard error with FILE:LINE.
cat >refuse.mt <<'MT'
alloc 1 100K
alloc 2 1
seg alloc a 10
free 9
translate 1 999999
alloc 3 1
MT
run --frames 4 --status r1 --script refuse.mt
check "refusals: exit 0" rc_is 0
check "refusals: on standard output" has out "^refused: cannot allocate 102400 B for P1"
check "refusals: their why line too" has out "^  why: free frames: 0-3"
check "refusals: every one" test "$(grep -c '^refused: ' out)" -eq 3
check "refusals: nothing on standard error" test ! -s err
check "refusals: counted apart" has out "^refuse.mt: 6 commands: 3 done, 3 refused, 0 errors$"
run --strict --frames 4 --status r1 --script refuse.mt
check "refusals under --strict: exit 0" rc_is 0
check "refusals under --strict: the script goes on" has out "^refuse.mt: 6 commands: 3 done"
printf 'alloc 1 1\nalloc 1 1x\nalloc 1 100K\nbogus\nalloc 2 1\n' >mixed.mt
run --frames 4 --status r2 --script mixed.mt
check "errors: exit 0 without --strict" rc_is 0
check "errors: on standard error with file:line" has err "^mixed.mt:2: size in bytes"
check "errors: not on standard output" test "$(grep -c 'mixed.mt:[0-9]' out)" -eq 0
check "errors: counted" has out "^mixed.mt: 5 commands: 2 done, 1 refused, 2 errors$"
check "errors: and said on standard error" has err "mixed.mt: 2 lines could not run"
run --strict --frames 4 --status r2 --script mixed.mt
check "errors under --strict: exit 1" rc_is 1
check "errors under --strict: stop at the first" has out \
    "^mixed.mt: 2 commands: 1 done, 0 refused, 1 error$"
check "errors under --strict: said" has err "stopped at the first error"

# The start-up clean-up removes only the temporary files memtrack makes
# (PATH.tmp. and five letters or digits with their check character, a
# regular file of this user, empty or starting as a status file), never the
# user's own files of a similar name.
mkdir cl
for f in "memory_status.tmp.before" "memory_status.tmp.a b-c!" "memory_status.tmp.abc123"; do
    echo "notes" >"cl/$f"
done
echo "memtrack-status 1" >cl/memory_status.tmp.Ab3xYn # left by a killed memtrack
: >cl/memory_status.tmp.00000k                        # killed before it wrote
echo "mine" >cl/target
ln -s target cl/memory_status.tmp.LiNk0a
echo "my notes" >cl/memory_status.tmp.DiR00g # memtrack's name, the user's text
(cd cl && "$bin" --script /dev/null >../out 2>../err)
check "clean-up: memory_status.tmp.before survives" test -e cl/memory_status.tmp.before
check "clean-up: 'memory_status.tmp.a b-c!' survives" test -e "cl/memory_status.tmp.a b-c!"
check "clean-up: a name without the check character survives" test -e cl/memory_status.tmp.abc123
check "clean-up: a symlink survives" test -L cl/memory_status.tmp.LiNk0a
check "clean-up: its target survives" has cl/target "mine"
check "clean-up: a file that is not a status file survives" test -e cl/memory_status.tmp.DiR00g
check "clean-up: the stale temporary files are removed" \
    test ! -e cl/memory_status.tmp.Ab3xYn -a ! -e cl/memory_status.tmp.00000k
check "clean-up: and counted" has err "removed 2 stale temporary files"
if [ "$(id -u)" -eq 0 ]; then
    echo "memtrack-status 1" >cl/memory_status.tmp.Ab3xYn
    chown nobody cl/memory_status.tmp.Ab3xYn
    (cd cl && "$bin" --script /dev/null >../out 2>../err)
    check "clean-up: another user's temporary file survives" test -e cl/memory_status.tmp.Ab3xYn
fi

# A script that cannot be read is not an empty script: a directory is
# refused at start (exit 2, nothing written), and a read error part-way
# through (a terminal hung up: EIO) stops the script with exit 2, without
# running more and without pretending it ended.
mkdir sdir
rm -f memory_status
run --script sdir
check "--script DIR exits 2" rc_is 2
check "--script DIR says why" has err "cannot read script sdir: Is a directory"
check "--script DIR writes no status file" test ! -e memory_status
"$bin" >out 2>err <sdir
echo $? >rc
check "< DIR exits 2" rc_is 2
check "< DIR says why" has err "Is a directory"
check "< DIR writes no status file" test ! -e memory_status
python3 - "$bin" >out 2>err <<'PY'
import os, subprocess, sys, time
master, slave = os.openpty()
p = subprocess.Popen([sys.argv[1], "--script", "-", "--status", "hup"], stdin=slave,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
os.close(slave)
os.write(master, b"alloc 1 100\n")
time.sleep(0.5)
os.close(master)  # the terminal hangs up: the next read fails with EIO
out, err = p.communicate(timeout=20)
sys.stdout.write(out.decode())
sys.stderr.write(err.decode())
open("rc", "w").write("%d\n" % p.returncode)
PY
check "a read error part-way exits 2" rc_is 2
check "a read error part-way is reported" has err "cannot read script stdin to its end"
check "the lines before it ran" has hup "process pid=1"

# What the status path points to. A symlink stays a symlink: the file is
# written beside its target and replaces the target (--resume reads and
# writes the same file); a dangling link makes its target. The file keeps
# its mode (and, for root, its owner). A path that exists and is not a
# regular file (FIFO, directory, device) is refused at start.
mkdir real
run --status real/st --script /dev/null
ln -s real/st ln1
ln -s ln1 ln2
printf 'alloc 1 100\n' >a1.mt
printf 'alloc 2 100\n' >a2.mt
run --status ln2 --script a1.mt
check "symlink: exit 0" rc_is 0
check "symlink: the link stays a link" test -L ln1 -a -L ln2
check "symlink: the target holds the change" has real/st "process pid=1"
check "symlink: no temporary or lock file beside the link" \
    test -z "$(ls | grep -E '^ln[12]\.(tmp|lock)')"
check "symlink: none beside the target" test -z "$(ls real | grep -E '\.(tmp|lock)')"
run --status ln2 --resume --script a2.mt
check "symlink --resume: exit 0" rc_is 0
check "symlink --resume: the link stays a link" test -L ln2
check "symlink --resume: the target continues" has real/st "process pid=2"
check "symlink --resume: and keeps what it read" has real/st "process pid=1"
ln -s real/new dangling
run --status dangling --script a1.mt
check "dangling symlink: exit 0" rc_is 0
check "dangling symlink: the link stays" test -L dangling
check "dangling symlink: its target is made" has real/new "process pid=1"
ln -s nowhere/new dangling2
run --status dangling2 --script a1.mt
check "dangling symlink to a missing directory: exit 2" rc_is 2
check "dangling symlink to a missing directory: says so" has err "points to nowhere/new"
check "dangling symlink to a missing directory: the link stays" test -L dangling2
chmod 600 real/st
run --status real/st --resume --script a2.mt
check "mode 600 kept" test "$(stat -c %a real/st)" = 600
chmod 640 real/st
run --status ln2 --resume --script a2.mt
check "mode 640 kept through a link" test "$(stat -c %a real/st)" = 640
if [ "$(id -u)" -eq 0 ]; then
    chown nobody:nogroup real/st
    run --status real/st --resume --script a2.mt
    check "owner kept (root)" test "$(stat -c %U:%G real/st)" = "nobody:nogroup"
fi
mkfifo fifo
run --status fifo --script a1.mt
check "FIFO: exit 2" rc_is 2
check "FIFO: says why" has err "fifo is a FIFO"
check "FIFO: still a FIFO" test -p fifo
ln -s fifo tofifo
run --status tofifo --script a1.mt
check "link to a FIFO: exit 2" rc_is 2
check "link to a FIFO: still a link" test -L tofifo -a -p fifo
ln -s /dev/null tonull
run --status tonull --script a1.mt
check "link to /dev/null: exit 2" rc_is 2
check "link to /dev/null: says why" has err "is a character device"
check "link to /dev/null: still a link, /dev/null a device" test -L tonull -a -c /dev/null
run --status real --script a1.mt
check "directory: says why" has err "real is a directory"
# The temporary name adds 11 bytes to the file's name: 244 is the most.
long=$(printf 'n%.0s' $(seq 244))
run --status "$long" --script /dev/null
check "a 244-byte name works" rc_is 0
rm -f "$long"
run --status "${long}x" --script /dev/null
check "a 245-byte name exits 2" rc_is 2
check "a 245-byte name is explained" has err "name is 245 bytes long; at most 244"

# --resume continues exactly where a stopped tracker left off, random frames included.
cat >part1.mt <<'MT'
frame-policy random 9
alloc 1 10000
alloc 2 7000
seg alloc code 300
seg alloc heap 500
fit next
free 1
MT
cat >part2.mt <<'MT'
alloc 3 20000
seg free code
seg alloc stack 200
seg alloc more 100
MT
cat part1.mt part2.mt >both.mt
"$bin" --status one --script both.mt >/dev/null 2>&1
"$bin" --status two --script part1.mt >/dev/null 2>&1
"$bin" --status two --resume --script part2.mt >out 2>err
check "--resume exits 0" test $? -eq 0
state one >one.state
state two >two.state
check "--resume gives the same state as one run" cmp -s one.state two.state
check "--resume continues seq" test "$(sed -n 's/^seq //p' two)" -gt "$(sed -n 's/^seq //p' one)"
run --resume --status nothing-here
check "--resume without a file exits 2" rc_is 2
check "--resume without a file says so" has err "cannot resume"
sed 's/^hole .*/hole base=1 size=2/' one >broken
run --resume --status broken
check "--resume from a bad file exits 2" rc_is 2
check "--resume names file:line" has err "broken:[0-9]"
check "--resume from a bad file leaves it alone" has broken "hole base=1 size=2"
run --resume --frames 8 --status one
check "--resume with --frames exits 2" rc_is 2

# A file written during an opt run shows the rest of the run (vm-run,
# vm-future). Resuming from it does not continue that run: the next run
# replaces it (under ASan, a leak of the shown run fails this), and the file
# no longer shows it.
cp "$repo/tests/fuzz/status/vm-opt" vmopt
printf 'alloc 3 4K\n' >vmopt1.mt
run --resume --no-sync --status vmopt --script vmopt1.mt
check "--resume from an opt run: exit 0" rc_is 0
check "--resume from an opt run: the old run is not shown again" \
    sh -c '! grep -q "^vm-run" vmopt'
cp "$repo/tests/fuzz/status/vm-opt" vmopt
printf 'refs 1 0 1 2\n' >vmopt2.mt
run --resume --no-sync --status vmopt --script vmopt2.mt
check "--resume from an opt run, then a run: exit 0" rc_is 0
check "--resume from an opt run, then a run: it is played" has out "refs: 3 of 3 accesses played"

# One writer per status file. A tracker runs in the background, reading its
# script from a FIFO; a second one on the same file (by any name) is refused
# at start with the first one's pid, before it writes or removes anything:
# the status file and the first one's temporary file stay as they were.
mkfifo feed
"$bin" --status lk --script feed >lk.out 2>lk.err &
first=$!
exec 3>feed
echo "alloc 1 100" >&3
for _ in $(seq 100); do grep -q "process pid=1" lk 2>/dev/null && break; sleep 0.05; done
check "lock: the first tracker runs" has lk "process pid=1"
check "lock: its pid is in lk.lock" test "$(cat lk.lock 2>/dev/null)" = "$first"
echo "memtrack-status 1" >lk.tmp.Ab3xYn # its temporary file, as if mid-write
cp lk lk.before
for second in "--status lk --script /dev/null" "--status ./lk --resume --script /dev/null" \
    "--status $tmp/lk"; do
    # shellcheck disable=SC2086
    run $second
    check "lock: '$second' exits 2" rc_is 2
    check "lock: '$second' names the first one's pid" has err "another memtrack (pid $first)"
    check "lock: '$second' leaves the status file alone" cmp -s lk lk.before
    check "lock: '$second' leaves the temporary file alone" test -e lk.tmp.Ab3xYn
    check "lock: '$second' leaves the lock alone" test "$(cat lk.lock)" = "$first"
done
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$bin"; then
    # Another user, who may read the lock file but not write it: the same.
    chmod 755 "$tmp"
    setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" --status lk \
        --script /dev/null >out 2>err </dev/null
    echo $? >rc
    check "lock: another user exits 2" rc_is 2
    check "lock: another user is told the pid" has err "another memtrack (pid $first)"
    check "lock: another user leaves the status file alone" cmp -s lk lk.before
fi
rm -f lk.tmp.Ab3xYn
echo "alloc 2 100" >&3
exec 3>&-
wait "$first"
check "lock: the first tracker ends well (exit 0)" test $? -eq 0
check "lock: the first tracker's changes are all there" has lk "process pid=2"
check "lock: the first tracker said nothing of a clash" test ! -s lk.err
check "lock: its lock file is removed at exit" test ! -e lk.lock
# A killed tracker's lock is free again: the next one starts.
(exec 3>feed; sleep 0.5) &
"$bin" --status lk --resume --script feed >/dev/null 2>&1 &
killed=$!
sleep 0.2
{
    kill -9 "$killed"
    wait
} 2>/dev/null
check "lock: a killed tracker leaves its lock file" test -e lk.lock
run --status lk --resume --script /dev/null
check "lock: the next tracker starts after a kill" rc_is 0
check "lock: and removes the lock file at exit" test ! -e lk.lock

# The final write fails: the directory is removed, or made read-only (as a
# user for whom that matters), after the last change. That loses the final
# state: memtrack says so, without promising a retry, and exits 3, with or
# without --strict.
final_write() { # final_write NAME BREAK FLAGS [setpriv...]: a session in fw/
    local name=$1 break=$2 flags=$3
    shift 3
    rm -rf fw
    mkdir fw
    [ $# -gt 0 ] && chown nobody fw
    {
        echo "alloc 1 100"
        sleep 0.3
        sh -c "$break"
    # shellcheck disable=SC2086
    } | "$@" "$bin" $flags --status fw/ms >out 2>err
    echo $? >rc
    check "$name: exit status 3" rc_is 3
    check "$name: says the final state was not written" has err "final state (seq 2) was not written"
    check "$name: promises no retry" test -z "$(grep "tries again" err)"
}
for flags in "--no-sync" "--strict"; do
    final_write "final write, directory removed, $flags" "rm -rf fw" "$flags"
    if [ "$(id -u)" -ne 0 ]; then
        final_write "final write, read-only directory, $flags" "chmod a-w fw" "$flags"
    elif command -v setpriv >/dev/null 2>&1 && setpriv --reuid=nobody --regid=nogroup \
        --clear-groups test -x "$bin"; then
        chmod 755 "$tmp"
        final_write "final write, read-only directory (as nobody), $flags" "chmod a-w fw" \
            "$flags" setpriv --reuid=nobody --regid=nogroup --clear-groups
    else
        echo "SKIP: final write to a read-only directory (root, and nobody cannot run $bin)" >&2
    fi
done
chmod -R u+w fw

# Small ones. --help and --version take no value; output that cannot be
# written (a full disk: /dev/full) is an error, exit 3, for --help and
# --version too; seq never wraps to 0: a file at 2^64-1 cannot be resumed,
# and one just below it stops there with a warning.
for f in --help --version; do
    run "$f=1"
    check "$f=1 exits 2" rc_is 2
    check "$f=1 says it takes no value" has err "$f takes no value"
    "$bin" "$f" >/dev/full 2>err
    echo $? >rc
    check "$f > /dev/full exits 3" rc_is 3
    check "$f > /dev/full says so" has err "cannot write standard output: No space left"
done
"$bin" --status full.st --script a1.mt >/dev/full 2>err
echo $? >rc
check "a script > /dev/full exits 3" rc_is 3
check "a script > /dev/full says so" has err "cannot write standard output"
check "a script > /dev/full still writes the status file" has full.st "process pid=1"
run --status sq --script /dev/null
sed -i 's/^seq .*/seq 18446744073709551615/' sq
cp sq sq.before
run --status sq --resume --script a1.mt
check "resume at seq 2^64-1 exits 2" rc_is 2
check "resume at seq 2^64-1 says why" has err "seq is 18446744073709551615, the largest"
check "resume at seq 2^64-1 leaves the file alone" cmp -s sq sq.before
sed -i 's/^seq .*/seq 18446744073709551614/' sq
cat a1.mt a2.mt >a12.mt
run --status sq --resume --script a12.mt
check "resume at seq 2^64-2 runs (exit 0)" rc_is 0
check "seq stops at 2^64-1, not 0" has sq "^seq 18446744073709551615$"
check "the changes are written" has sq "process pid=2"
check "the stop is said once" test "$(grep -c "seq is at its largest" err)" = 1

# A write that fails later is reported; the state is kept and written again later.
# failing_write NAME DIR BREAK MEND WANT: a session in which, between two
# changes, the command BREAK makes writes to DIR fail and MEND undoes it. The
# failure must be reported (WANT in the message), the tracker must keep going,
# the change after MEND must write every change, and no temporary file may
# be left in DIR.
failing_write() {
    local name=$1 dir=$2 break=$3 mend=$4 want=$5
    {
        echo "alloc 1 100"
        sleep 0.3
        sh -c "$break"
        echo "alloc 2 100"
        sleep 0.3
        sh -c "$mend"
        echo "alloc 3 100"
    } | "$bin" --status "$dir/ms" >out 2>err
    check "$name: keeps going (exit 0)" test $? -eq 0
    check "$name: the failure is reported" has err "$want"
    check "$name: the next change writes the change that failed" has "$dir/ms" "process pid=2"
    check "$name: and itself" has "$dir/ms" "process pid=3"
    check "$name: no temporary file left" test -z "$(ls "$dir" | grep '\.tmp\.')"
}

mkdir gone
failing_write "directory removed" gone "rm -rf gone" "mkdir gone" "status file was not updated"

# A full disk: a 64 KiB tmpfs, when we may mount one.
if [ "$(id -u)" -eq 0 ] && mkdir full && mount -t tmpfs -o size=64k tmpfs full 2>/dev/null; then
    failing_write "disk full" full "head -c 200000 /dev/zero >full/filler 2>/dev/null" \
        "rm -f full/filler" "No space left on device"
    umount full
else
    echo "SKIP: disk full (needs root to mount a small tmpfs)" >&2
fi

# The heap: off unless --heap or --allocator turns it on (then the status
# file holds it); every bad value of either exits 2 with its reason and
# writes no status file; the heap's commands answer through the transcript.
run --status heap0 --script /dev/null
check "without --heap the status file holds no heap" test -z "$(grep '^heap' heap0)"
run --status heap1 --heap 1K --allocator buddy:min=64 --script /dev/null
check "--heap 1K --allocator buddy:min=64 starts" rc_is 0
check "... with the heap in the status file" has heap1 "^heap kind=buddy bytes=1024"
check "... and the start says so" has heap1 "heap 1024 B, buddy allocator"
run --status heap2 --allocator freelist:fit=best,header=4,align=4 --script /dev/null
check "--allocator alone: a heap of the default size" has heap2 "^heap kind=freelist bytes=65536"
check "... with the settings given" has heap2 "header=4 align=4 fit=best"
run --status heap3 --heap 4K --script /dev/null
check "--heap alone: the free list" has heap3 "^heap kind=freelist bytes=4096"
while IFS='|' read -r bad want; do
    rm -f heapbad
    # shellcheck disable=SC2086
    run --status heapbad $bad --script /dev/null
    check "'$bad' exits 2" rc_is 2
    check "'$bad' says '$want'" grep -qxF -- "memtrack: $want" err
    check "'$bad' writes no status file" test ! -e heapbad
done <<'EOF'
--heap 15|--heap: 15 is too small (at least 16) (see memtrack --help)
--heap 2G|--heap: '2G' is too large (at most 1073741824) (see memtrack --help)
--heap ten|--heap: 'ten' is not a whole number (digits, optionally ending in K, M or G) (see memtrack --help)
--allocator fancy|--allocator: an allocator is freelist, buddy, slab or pool, not 'fancy'
--allocator freelist:|--allocator freelist: no settings after the colon
--allocator freelist:min=16|--allocator: 'min=16' is not a setting of freelist (it takes header=B, align=B, fit=first|best|worst|next, order=address|size-up|size-down|front|back, coalesce=on|off, heap=BYTES)
--allocator buddy:fit=best|--allocator: 'fit=best' is not a setting of buddy (it takes min=B, heap=BYTES)
--allocator slab:header=4|--allocator: 'header=4' is not a setting of slab (it takes slab=B, heap=BYTES)
--allocator pool:min=16|--allocator: 'min=16' is not a setting of pool (it takes heap=BYTES)
--allocator freelist:fit=fastest|--allocator: fit is first, best, worst or next, not 'fastest'
--allocator freelist:order=random|--allocator: order is address, size-up, size-down, front or back, not 'random'
--allocator freelist:coalesce=yes|--allocator: coalesce is on or off, not 'yes'
--allocator freelist:header=x|--allocator: header: 'x' is not a whole number (digits, optionally ending in K, M or G)
--allocator freelist:fit=best,fit=worst|--allocator: fit is given twice
--allocator freelist:heap=1K|--allocator: the heap's size is --heap BYTES, not a setting of the allocator
--allocator freelist:align=3|--allocator freelist with --heap 65536: align must be 0 (none) or a power of two up to the heap, not 3
--resume --heap 1K|--resume takes every setting from the status file; change them after resuming (reset, frame-policy, fit, seg reset, vm on, replace)
--resume --allocator buddy|--resume takes every setting from the status file; change them after resuming (reset, frame-policy, fit, seg reset, vm on, replace)
EOF
for bad in --heap --allocator; do
    run --status heapbad --script /dev/null $bad
    check "'$bad' without a value exits 2" rc_is 2
    check "'$bad' without a value says so" has err "memtrack: $bad needs a value"
done
run --status heapbad --heap 1000 --allocator buddy --script /dev/null
check "buddy on a heap not a power of two exits 2" rc_is 2
check "... says which flags and why" has err "^memtrack: --allocator buddy with --heap 1000: "
check "... writes no status file" test ! -e heapbad
printf 'heap\n' | "$bin" --no-sync --status heapsl --heap 1000 --allocator slab --script - >out 2>err
check "slab on a 1000 B heap: the default slab shrinks to 512 B (a power of two that fits)" \
    has out "^Heap: slab, 1000 B: slabs of 512 B (1 slab page)$"

# The language: malloc turns the heap on and says so; a refusal changes
# nothing; an error names FILE:LINE and stops a --strict script; free NAME
# with the heap off is a bad process id, as before the heap.
printf 'malloc a 10\nheap\n' >h1.mt
run --status heap4 --no-sync --script h1.mt
check "malloc with the heap off turns it on" has out "heap on: the defaults, a freelist allocator"
check "... and the status file holds the block" has heap4 "^heap-block name=a addr=0 span=10"
printf 'allocator freelist heap=64\nmalloc a 60\nheap\nmalloc b 8\nheap\n' >h2.mt
run --status heap5 --no-sync --script h2.mt
check "a malloc with no room is refused" has out "^refused: no room"
sed -n '/^> heap$/,/^> /p' out | grep -v -e '^> ' -e ' commands: ' >h2.views
half=$(($(wc -l <h2.views) / 2))
check "... and changes nothing" test "$(head -n "$half" h2.views)" = "$(tail -n "$half" h2.views)"
check "... counted as refused" has out "5 commands: 4 done, 1 refused, 0 errors"
printf 'allocator buddy min=24\nmalloc a 10\n' >h3.mt
run --status heap6 --no-sync --strict --script h3.mt
check "a bad allocator setting under --strict exits 1" rc_is 1
check "... naming the line" has err "^h3.mt:1: allocator buddy: "
check "... and runs nothing after it" test -z "$(grep '^malloc a' out)"
printf 'free one\n' >h4.mt
run --status heap7 --no-sync --script h4.mt
check "free NAME with the heap off: a bad process id, as before" \
    has err "^h4.mt:1: process id: 'one' is not a whole number"
printf 'malloc a 10\nfree a\nfree 1\n' >h7.mt
run --status heap9 --no-sync --script h7.mt
check "with the heap on, free NAME is the heap's" has out "^free a: "
check "... and free PID still paging's" has out "^refused: there is no process P1"

# --resume brings the heap back: its blocks, its free list and its counters.
printf 'allocator freelist heap=1K order=front coalesce=off\nmalloc a 100\nmalloc b 50\nfree a\n' >h5.mt
run --status heap8 --no-sync --script h5.mt
printf 'heap\nstats\nmalloc c 20\n' >h6.mt
run --status heap8 --no-sync --resume --script h6.mt
check "--resume keeps the heap's blocks" has out "^  b  *0x64  *50 "
check "... its free list in list order" has out "\[ addr:0 sz:100 \]\[ addr:150 sz:874 \]"
check "... and its counters" has out "3 operations (0 refused)"
check "... and goes on from them" has out "^malloc c 20: 20 B at 0x0"

# memtrack quiz (docs/quiz.md). OSTEP's recorded output (tests/data/ostep/quiz)
# is the oracle: ostep_out SCRIPT ARGS prints the run of SCRIPT with ARGS (in
# any order), nothing when it is not there.
ostep_out() {
    python3 -c 'import sys; sys.path.insert(0, sys.argv[1])
from pty_quiz import ostep_output
out = ostep_output(sys.argv[2], sys.argv[3])
sys.stdout.write(out if out is not None else "")' "$repo/tests" "$1" "$2"
}
kinds="translate multilevel segment malloc policy frag compact tlb exam"
run quiz list
check "quiz list exits 0" rc_is 0
for k in $kinds; do
    check "quiz list names $k" has out "^$k  *[A-Za-z]"
done
check "quiz list names the OSTEP scripts" has out "\[paging-linear-translate.py\]$"
run quiz --help
check "quiz --help exits 0" rc_is 0
check "quiz --help shows the usage" has out "^usage: memtrack \[options\] quiz KIND"
check "... and the exit statuses" has out "^Exit status: 0 done; 1 quiz check"
run --help
check "memtrack --help points at the quiz" has out "memtrack \[options\] quiz KIND \[flags\]"
for k in $kinds; do
    run quiz "$k" --help
    check "quiz $k --help exits 0" rc_is 0
    check "quiz $k --help lists its flags" has out "^  -s, --seed"
    check "quiz $k --help lists -c, --answers" has out "^  -c, --answers"
done
# docs/quiz.md names every flag of every kind, and quotes the sheet of
# tests/e2e as it is.
for k in $kinds; do
    run quiz "$k" --help
    for f in $(sed -n '/^Flags of the problem/,/^$/p' out | grep -o -E -- '--[A-Za-z0-9-]+'); do
        check "docs/quiz.md names quiz $k's $f" grep -qF -- "\`$f\`" "$repo/docs/quiz.md"
    done
done
check "docs/quiz.md quotes tests/e2e/quiz-sheet-ann.txt as it is" python3 -c \
    'import sys; sys.exit(open(sys.argv[1]).read() not in open(sys.argv[2]).read())' \
    "$repo/tests/e2e/quiz-sheet-ann.txt" "$repo/docs/quiz.md"
run quiz translate --help
check "quiz translate --help names the script" has out "paging-linear-translate.py's, short"
check "... and its flags' defaults" grep -q -E -- "--pagesize .*default" out

# Bad command lines: exit status 2, a message, no status file.
refusals -p <<'END'
quiz|quiz needs a kind, list or check
quiz bogus|quiz: there is no kind 'bogus' (memtrack quiz list names them)
quiz translate --bogus|quiz translate: unknown option '--bogus' (see memtrack quiz translate --help)
quiz translate -s|quiz translate: --seed needs a value
quiz translate -s 3 7|quiz translate: unexpected argument '7'
quiz translate -s x|quiz translate: --seed: 'x' is not an integer
quiz translate --worksheet -c|quiz translate: --worksheet prints no answers: it goes with neither --answers (-c) nor --ostep
quiz translate --ostep --worksheet|quiz translate: --worksheet prints no answers: it goes with neither --answers (-c) nor --ostep
quiz frag --ostep|quiz frag is memtrack's own: there is no OSTEP script
quiz check|quiz check needs answer sheets
quiz list extra|quiz list: unexpected argument 'extra'
--script x.mt quiz translate|a quiz reads its answers from standard input
--resume quiz translate|a quiz reads its answers from standard input
quiz translate -s 3 --status x|quiz translate: unknown option '--status' (see memtrack quiz translate --help); memtrack's own options, --status too, go before quiz
END

# --answers and its spellings, and the flags' spellings, make the same page;
# none writes a status file.
run quiz translate -s 3 --answers
cp out key3
check "quiz translate -s 3 --answers exits 0" rc_is 0
check "... writes no status file" test ! -e memory_status
check "... shows the key of each question" test "$(grep -c 'the answer is' key3)" = 5
check "... with the explanations" has key3 "PTE 1 = 0x80000005"
for same in "-s 3 -c" "--seed=3 --solve" "-s3 --compute" "--seed 3 --ans" "--se 3 -c"; do
    # shellcheck disable=SC2086
    run quiz translate $same
    check "quiz translate $same is --answers' page" cmp -s out key3
done
run quiz linear -s 3 -c
check "the alias linear is translate" cmp -s out key3
run quiz translate -s 4 -c
check "another seed, another problem" test "$(cat out)" != "$(cat key3)"

# --ostep [-c] prints what the script prints, byte for byte.
for args in "-s 3" "-s 3 -c" "-s 1 -a 32k -P 1k -n 10 -u 75 -c" "-s 3 -v -n 8 -c"; do
    ostep_out paging-linear-translate "$args" >want
    # shellcheck disable=SC2086
    "$bin" quiz translate --ostep $args >out 2>err </dev/null
    check "OSTEP's output of paging-linear-translate.py $args is in the test data" test -s want
    check "quiz translate --ostep $args is OSTEP's output" cmp -s out want
done

# The worksheet: the questions without their keys, and an answer sheet that
# quiz check grades; the right answers are OSTEP's.
run quiz translate -s 3 --worksheet
check "--worksheet exits 0" rc_is 0
check "... shows no key" test -z "$(grep 'the answer is' out)"
check "... numbers the questions" has out "^5\. VA 0x00003fb8"
check "... ends with an answer sheet" has out "^quiz translate --addresses=-1 --seed=3 "
ostep_out paging-linear-translate "-s 3 -c" |
    sed -n 's/.*--> *\(Invalid\|[0-9a-f]*\).*/\1/p' | sed -e 's/Invalid/invalid/' \
    -e 's/^0*\([0-9a-f]\)/0x\1/' >ostep3
check "OSTEP's five answers of seed 3" test "$(wc -l <ostep3)" = 5
sed -n '/^quiz translate/,$p' out >sheet
sed -e 's/^# name: .*/name: Ada/' sheet | awk 'NR == FNR { a[FNR] = $0; next }
    /^[0-9]+:$/ { n++; print $0 " " a[n]; next } { print }' ostep3 - >ada.txt
run quiz check ada.txt
check "a sheet of OSTEP's answers is all right" has out "^ada.txt: Ada: 5 of 5 right$"
check "... and lists nothing else" test "$(wc -l <out)" = 1
check "... exit 0" rc_is 0

# Every kind: the worksheet's answer sheet, blank, grades 0 right; filled in
# with the keys -c prints (in their canonical text), all right.
for k in $kinds; do
    "$bin" quiz "$k" -s 5 -c >key </dev/null 2>err
    "$bin" quiz "$k" -s 5 --worksheet </dev/null 2>err | sed -n "/^quiz $k /,\$p" >blank.txt
    sed -n 's/^   the answer is \(.*\)\.$/\1/p' key >keys
    n=$(wc -l <keys)
    awk 'NR == FNR { a[FNR] = $0; next } /^[0-9]+:$/ { i++; print $0 " " a[i]; next }
        { print }' keys blank.txt >full.txt
    run quiz check blank.txt full.txt
    check "quiz $k: a blank sheet is 0 of $n right" has out "^blank.txt: 0 of $n right$"
    check "quiz $k: the sheet filled with the key is $n of $n right" \
        has out "^full.txt: $n of $n right$"
    check "quiz $k: $n questions" test "$n" -gt 0
done

# quiz check: right, wrong, malformed and missing answers; a bad sheet.
{
    echo "# Bea's quiz, as memtrack quiz translate -s 3 --worksheet printed it"
    echo "memtrack quiz translate -s 3 --worksheet"
    echo "name: Bea"
    echo "1: $(sed -n 1p ostep3)"
    echo "2. 0x 1234"
    echo ""
    echo "3a39"
    echo "?"
} >bea.txt
printf 'quiz translate -s 3\n7: 0x10\n' >cal.txt
printf 'quiz translate -s 3\n%s\n' "$(cat ostep3)" >dan.txt
run quiz check bea.txt cal.txt dan.txt
check "quiz check with a bad sheet exits 1" rc_is 1
check "... grades the others: Bea" has out "^bea.txt: Bea: 1 of 5 right$"
check "... Dan (no name line)" has out "^dan.txt: 5 of 5 right$"
check "... a wrong answer, with its line, the key and why" \
    has out "^bea.txt:5: question 2: wrong: your answer 0x 1234; the answer is fault$"
check "... the explanation, indented" has out "^    PTE 3 = 0x00000000"
check "... a malformed answer, with why" \
    has out "^bea.txt:7: question 3: your answer '3a39' cannot be read ('3a39' has hex digits"
check "... ? is no answer" has out "^bea.txt:8: question 4: no answer; the answer is fault$"
check "... a missing one too" has out "^bea.txt: question 5: no answer; the answer is fault$"
check "... the bad sheet's line and why" has err "^cal.txt:2: an answer 7, but the quiz has 5 questions"
check "... a count of the sheets graded" has out "^2 of 3 sheets graded\.$"
run quiz check dan.txt
check "quiz check with every sheet graded exits 0" rc_is 0
run quiz check missing.txt
check "a sheet that cannot be read exits 1" rc_is 1
check "... and says so" has err "missing.txt: No such file"

# A quiz taken with answers on standard input (no terminal): each answer is
# echoed and graded, a malformed one asked again, the status file (format 8)
# rewritten after each with where each question stands.
printf '%s\n' "$(sed -n 1p ostep3)" "3a39" "0x10" "?" "q" >answers
"$bin" --no-sync --status qs quiz translate -s 3 <answers >out 2>err
echo $? >rc
check "a quiz from standard input exits 0" rc_is 0
check "... echoes the answers" has out "^answer 1> $(sed -n 1p ostep3)$"
check "... asks a malformed one again" has out "^answer 2> 3a39$"
check "... the score" has out "^Score: 1 of 5 right (1 wrong, 1 revealed, 2 unanswered)\.$"
check "... and the key's command" has out "^The answer key: memtrack quiz translate --seed=3 --answers$"
check "... the status file is format 8" has qs "^memtrack-status 8"
check "... with the quiz" has qs "^quiz translate --addresses=-1 --seed=3 "
check "... and where each question stands" \
    test "$(grep -o 'state=[a-z]*' qs | tr '\n' ' ')" = \
    "state=right state=wrong state=shown state=open state=open "
printf 'frames\n' | "$bin" --no-sync --resume --status qs >out 2>err
check "memtrack --resume reads the quiz's status file" test $? -eq 0

# A long answer (a free list of 576 characters, more than the tracker's
# 512-character lines) is taken at the prompt and on a sheet.
"$bin" quiz malloc -s 1 -S 10000 -n 250 -r 100 -P 70 -c >key 2>err
awk '/^[0-9]+\. /{n=$1+0} /the answer is \[/{if(length($0)>m){m=length($0);q=n;a=$0}}
    END{sub(/^ *the answer is /,"",a);sub(/\.$/,"",a);print q;print a}' key >long
qn=$(sed -n 1p long) long=$(sed -n 2p long)
check "a long answer: over 512 characters" test "${#long}" -gt 520
{ echo "quiz malloc -s 1 -S 10000 -n 250 -r 100 -P 70"; echo "$qn: $long"; } >long.txt
run quiz check long.txt
check "... a sheet with it is graded" has out "^long.txt: 1 of 500 right$"
{ awk -v n="$qn" 'BEGIN{for(i=1;i<n;i++)print "?"}'; echo "$long"; echo q; } >long.in
"$bin" --no-sync --status lq quiz malloc -s 1 -S 10000 -n 250 -r 100 -P 70 <long.in >out 2>err
check "... and at the prompt" has out "^Score: 1 of 500 right"
check "... not refused as too long" sh -c "! grep -q 'longer than' out"

# Lab 7's class.sh takes the names a class has: none (the sheet keeps its
# "# name:" line), and & | \ taken as they are.
mkdir lab7 && cp "$repo/labs/7-quizzes/class.sh" lab7/ &&
    printf '3001\n3002 Tom & Jerry\n3003 A|B \\ C\n' >lab7/class.txt
(cd lab7 && PATH="$(dirname "$bin"):$PATH" sh class.sh) >out 2>err
check "lab 7's class.sh: names without sed's escapes, and none" test $? -eq 0
check "... a student without a name keeps the line to fill in" \
    grep -qx "# name: YOUR NAME (remove the '#')" lab7/worksheets/3001.txt
check "... & as it is" grep -qx "name: Tom & Jerry" lab7/worksheets/3002.txt
check "... | and \\ as they are" grep -qxF 'name: A|B \ C' lab7/worksheets/3003.txt
check "... the worksheets' sheets read back" sh -c "for f in lab7/worksheets/*.txt; do
    sed -n '/^quiz translate/,\$p' \$f >\$f.sheet; done; '$bin' quiz check lab7/worksheets/*.sheet"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
