# Every fault path: a free frame, a clean victim dropped back to untouched,
# a dirty victim written back to swap, a swap-in, a full swap, and a
# segmentation fault. Two processes share the frames (global replacement).
# args: --vm --frames 2 --page-size 1K --swap 1
alloc 1 3K
alloc 2 1K
access 1 0 w
access 1 1024
access 2 100
access 1 0x0
access 1 2048 w
access 2 0 w
access 1 1024
access 1 3072
access 9 0
stats
frames
pagetable 1
# Paging-only commands in virtual memory.
translate 1 0
frame-policy random
free 2
access 1 1000
vm off
access 1 0
alloc 1 3K
frames
