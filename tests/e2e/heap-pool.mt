# The pool allocator: fixed-size blocks found in O(1) through a bitmap.
allocator pool heap=4K
pool 16 8
pool 64 4
pool 256 2
malloc a 10
malloc b 16
malloc c 17
malloc d 200
heap
free b
malloc e 1
heap
stats
# The smallest pool full: the next larger one serves.
malloc f 16
malloc g 16
malloc h 16
malloc i 16
malloc j 16
malloc k 16
malloc l 16
heap
# Refusals and errors.
malloc big 257
pool 1K 8
cache obj 16
allocator pool min=16
heap
