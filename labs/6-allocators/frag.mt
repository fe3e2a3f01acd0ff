# OSTEP's `malloc.py -A +10,+10,+10,-0,-2`: three chunks of 10 bytes, then
# the first and the third freed.
malloc p0 10
malloc p1 10
malloc p2 10
free p0
free p2
heap
