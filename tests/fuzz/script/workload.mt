# Lab 3: the same four processes under different TOTAL_FRAMES and PAGE_SIZE.
# Run it with each setting of the worksheet, for example:
#   memtrack --frames 16 --page-size 4096 --script workload.mt
alloc 1 10000
alloc 2 3000
alloc 3 6000
alloc 4 20000
frames
stats
