# What the heap looks like at the end.
heap
stats
