# README lab: the same four processes under different TOTAL_FRAMES and PAGE_SIZE.
# Run it with different settings and compare the frames and the fragmentation:
#   build/memtrack --frames 16 --page-size 4096  --script docs/lab-pages.mt
#   build/memtrack --frames 64 --page-size 1024  --script docs/lab-pages.mt
#   build/memtrack --frames 4  --page-size 16384 --script docs/lab-pages.mt
alloc 1 10000
alloc 2 3000
alloc 3 6000
alloc 4 20000
frames
stats
