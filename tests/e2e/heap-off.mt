# With the heap off: free NAME is a bad process id as before the heap,
# the heap view says it is off, and the first malloc turns it on.
heap
free one
cache c 16
pool 16 4
realloc a 10
malloc a 10
heap
free a
stats
