# The free list, exact to OSTEP's malloc.py: the workload of
# `malloc.py -n 10 -H 0 -p BEST -s 0` (a heap of 100 B, no header, best
# fit, address-sorted, no coalescing), then the other fits, orders,
# coalescing, headers and alignment, and every refusal and error.
allocator freelist heap=100 fit=best coalesce=off
malloc p0 3
free p0
malloc p1 5
free p1
malloc p2 8
free p2
malloc p3 8
free p3
malloc p4 2
malloc p5 7
heap
stats
# The same under worst fit and first fit.
allocator freelist heap=100 fit=worst coalesce=off
malloc p0 3
free p0
malloc p1 5
free p1
malloc p2 8
heap
allocator freelist heap=100 fit=first coalesce=off
malloc p0 3
free p0
malloc p1 5
free p1
malloc p2 8
heap
# next fit starts after the entry the last search took.
allocator freelist heap=100 fit=next
malloc a 10
malloc b 10
malloc c 10
free a
free c
malloc d 5
malloc e 5
heap
# Headers and alignment: a 10-byte request with a 4-byte header, aligned to 8.
allocator freelist heap=64 header=4 align=8
malloc a 10
malloc b 1
free a
heap
# Orders: freed blocks go to the front, and coalescing merges only list neighbours.
allocator freelist heap=100 order=front
malloc a 10
malloc b 10
malloc c 10
free a
free b
heap
allocator freelist heap=100 order=size-down coalesce=off
malloc a 10
malloc b 20
free a
free b
heap
# Refusals: no room, a name in use, no such block; nothing changes.
allocator freelist heap=64
malloc big 65
malloc a 60
malloc a 1
malloc b 8
free nosuch
heap
stats
# Errors: bad names, sizes, kinds and settings.
malloc 9lives 10
malloc a 0
malloc toolongname_over15 4
allocator fancy
allocator freelist min=16
allocator freelist fit=fastest
allocator freelist order=random
allocator freelist coalesce=maybe
allocator freelist align=3
allocator freelist header=64 heap=64
allocator freelist heap=8
allocator freelist heap=2G
allocator freelist fit=best fit=worst
allocator freelist header
heap
