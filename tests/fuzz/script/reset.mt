# The same workload with different TOTAL_FRAMES and PAGE_SIZE.
# args: --frames 16 --page-size 4096
alloc 1 10000
alloc 2 3000
alloc 3 6000
stats
reset frames=64 page-size=1K
alloc 1 10000
alloc 2 3000
alloc 3 6000
stats
reset page-size=16K
alloc 1 10000
alloc 2 3000
alloc 3 6000
alloc 4 70000
stats
reset
frames
