# Replaying trace files: one page a line (OSTEP's -f), PID ADDRESS r|w
# lines, and valgrind lackey output (a load that crosses a page boundary
# touches both pages; M is a read, then a write).
# args: --vm --frames 3
alloc 1 24K
trace vm-pages.trace 1
vm on
alloc 1 8K
alloc 2 8K
trace vm-pid.trace
vm on
alloc 1 160G
trace vm-lackey.trace 1
frames
# Errors: a bad line (nothing is played), no PID for a pages file, a PID
# for a PID file, no such file, a directory.
trace vm-bad.trace 1
trace vm-pages.trace
trace vm-pid.trace 1
trace no-such.trace 1
trace . 1
compare @vm-pages.trace frames=3-4 policies=fifo
