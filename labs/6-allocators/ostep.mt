# The ten requests of OSTEP's `malloc.py -n 10 -H 0 -s 0` (vm-freespace):
# ptr[i] is block pI. Run it with the fit and the order on the command
# line, for example
#   memtrack --heap 100 --allocator freelist:fit=best,coalesce=off --script ostep.mt
# (malloc.py's heap starts at address 1000; memtrack's at 0.)
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
