#!/bin/sh
# run.sh BUILD_DIR: what `make run` starts. memview follows ./memory_status in
# the background when there is a display; memtrack runs in the foreground;
# when memtrack exits, memview is closed.
b=${1:-build}
status=memory_status
vpid=
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    "$b/memview" --status "$status" &
    vpid=$!
    trap 'kill "$vpid" 2>/dev/null' EXIT INT TERM
    echo "memview is following $status in its own window and closes when memtrack exits."
    echo "(To watch from a second terminal instead: $b/memview --status $PWD/$status)"
else
    echo "No display here, so memview was not started. To watch, run this in a terminal"
    echo "that has one:  $b/memview --status $PWD/$status"
fi
"$b/memtrack" --status "$status"
rc=$?
[ -n "$vpid" ] && kill "$vpid" 2>/dev/null
exit $rc
