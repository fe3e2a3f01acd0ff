# The buddy allocator: power-of-two blocks, split down keeping the low
# half, merged with the buddy on free.
allocator buddy heap=1K min=32
malloc a 100
malloc b 30
malloc c 64
heap
free b
heap
free a
free c
heap
malloc d 1000
malloc e 1
stats
# Refusals and errors.
malloc f 32
malloc g 2000
allocator buddy heap=1000
allocator buddy min=24
allocator buddy min=2K heap=1K
allocator buddy fit=best
heap
