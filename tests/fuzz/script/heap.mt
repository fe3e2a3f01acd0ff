allocator freelist heap=256 fit=best header=4 align=8 order=front coalesce=on
malloc a 10
malloc b 100
free a
realloc b 120
heap
allocator buddy heap=1K min=32
malloc c 100
realloc c 300
free c
allocator slab heap=16K slab=4K
cache obj 24
malloc d 20 obj
malloc e 20
free d
allocator pool heap=4K
pool 16 8
pool 64 4
malloc f 40
realloc f 10
free f
stats
compare heap heap.mt
