#!/bin/sh
# memtrack-demo: plays the built-in scenario (demo.mt) in memtrack while
# memview shows it. Without a display it says so and writes one screenshot
# per step instead (memview --once).
#
# usage: memtrack-demo [--bin DIR] [--script FILE] [--shots DIR]
#   --bin DIR     where memtrack and memview are (default: next to this script,
#                 else the PATH)
#   --script FILE the scenario (default: ../share/memtrack/demo/demo.mt next
#                 to this script, else demo/demo.mt)
#   --shots DIR   where screenshots go without a display (default: demo-shots)
here=$(cd "$(dirname "$0")" && pwd)
bin=$here
script=
shots=demo-shots
while [ $# -gt 0 ]; do
    case $1 in
    --bin) bin=$2; shift 2 ;;
    --script) script=$2; shift 2 ;;
    --shots) shots=$2; shift 2 ;;
    *) echo "usage: memtrack-demo [--bin DIR] [--script FILE] [--shots DIR]" >&2; exit 2 ;;
    esac
done
[ -x "$bin/memtrack" ] || bin=$(dirname "$(command -v memtrack)")
if [ -z "$script" ]; then
    for s in "$here/../share/memtrack/demo/demo.mt" "$here/../demo/demo.mt" demo/demo.mt; do
        [ -f "$s" ] && script=$s && break
    done
fi
if [ ! -x "$bin/memtrack" ] || [ ! -x "$bin/memview" ] || [ ! -f "${script:-/nonexistent}" ]; then
    echo "memtrack-demo: cannot find memtrack, memview or demo.mt (try --bin and --script)" >&2
    exit 2
fi

case $shots in /*) ;; *) shots=$PWD/$shots ;; esac
case $script in /*) ;; *) script=$PWD/$script ;; esac
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
status=memory_status

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    "$bin/memview" --status "$status" &
    vpid=$!
    "$bin/memtrack" --no-sync --status "$status" --script "$script"
    echo "The demo is over. Close the memview window (q) to finish."
    wait "$vpid"
    exit 0
fi

# No display: one picture per step. A step ends at each `sleep` line.
echo "No display here, so memview cannot open a window. Writing one screenshot per"
echo "step of the demo to $shots/ instead."
mkdir -p "$shots" || exit 1
steps=$(grep -c '^sleep' "$script")
k=0
while [ "$k" -lt "$steps" ]; do
    k=$((k + 1))
    # The scenario up to the k-th sleep, without the pauses.
    awk -v k="$k" '/^sleep/ { n++; if (n >= k) exit; next } { print }' "$script" \
        >"$work/step.mt"
    rm -f "$status"
    SOURCE_DATE_EPOCH=1795000000 "$bin/memtrack" --no-sync --status "$status" \
        --script "$work/step.mt" >/dev/null 2>&1
    out=$(printf '%s/step-%02d.png' "$shots" "$k")
    "$bin/memview" --once --screenshot "$out" --size 1280x720 "$status" >/dev/null || exit 1
    echo "  $out: $(awk -v k="$k" '/^echo == / { n++; if (n == k) { sub(/^echo == /, ""); sub(/ ==$/, ""); print; exit } }' "$script")"
done
