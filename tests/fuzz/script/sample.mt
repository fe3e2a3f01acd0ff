# The scenario behind memory_status.sample (make sample): paging and
# segmentation together. Keep it short; docs/status-format.md quotes it.
alloc 1 10000
alloc 2 5000
alloc 3 300
free 2
alloc 4 9000
seg alloc code 1200
seg alloc heap 300
seg alloc stack 2000
seg free heap
fit best
seg alloc data 200
