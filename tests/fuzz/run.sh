#!/usr/bin/env bash
# run.sh: runs each libFuzzer target for SECONDS and reports executions and
# crashes. Usage: tests/fuzz/run.sh FUZZ_BUILD_DIR SECONDS
# A crash leaves its input as FUZZ_BUILD_DIR/crash-*; copy it into the
# target's corpus under tests/fuzz/ as a regression file, then fix the bug.
# Ends with "N passed, N failed" (one check per target).
set -u
b=$1
secs=${2:-60}
passed=0
failed=0
for t in status script; do
    work=$b/corpus-$t
    mkdir -p "$work"
    "$b/fuzz_$t" -max_total_time="$secs" -close_fd_mask=1 -max_len=4096 -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$b/" \
        "$work" "tests/fuzz/$t" >"$b/fuzz_$t.log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$b/fuzz_$t.log" | tail -n 1)
    crashes=$(grep -c -E '^==[0-9]+==ERROR|^SUMMARY: |deadly signal|ALARM: working' \
        "$b/fuzz_$t.log")
    echo "fuzz_$t: ${runs:-0} executions in $secs s, corpus $(ls "$work" | wc -l) inputs," \
         "exit $rc, crashes $crashes"
    if [ "$rc" -eq 0 ] && [ "$crashes" -eq 0 ] && [ "${runs:-0}" -gt 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: fuzz_$t (see $b/fuzz_$t.log)" >&2
        grep -E -A 20 '^==[0-9]+==ERROR|deadly signal' "$b/fuzz_$t.log" | head -n 40 >&2
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
