# realloc: in place when the block's span holds the new size or the free
# space right after it does, else a new block and the old one freed;
# refused, the block stays.
allocator freelist heap=256 align=8
malloc a 10
realloc a 16
realloc a 40
malloc b 16
realloc a 60
heap
realloc a 400
realloc nosuch 10
heap
allocator buddy heap=256 min=16
malloc a 20
realloc a 30
realloc a 100
heap
allocator pool heap=1K
pool 16 8
pool 64 4
malloc a 10
realloc a 40
heap
realloc a 0
