# Paging with the first frame policy: allocation, growth, freeing,
# translation at every boundary, and refusals that change nothing.
# args: --frames 8 --page-size 1024
alloc 1 2500
alloc 2 1024
alloc 3 1
frames
pagetable 1
# Growing uses the slack in the last page first (2500 -> 3072 fits in 3 pages).
alloc 1 572
alloc 1 1
pagetable 1
# Translation: 0, last byte asked for, unused end of the last page (valid per page), past it.
translate 1 0
translate 1 3072
translate 1 3073
translate 1 4095
translate 1 4096
translate 1 0xC00
translate 2 1023
translate 2 1024
translate 2 5000
translate 9 0
# Frees leave gaps that the first policy fills from the lowest frame.
free 2
alloc 4 3000
frames
# Not enough frames: refused, nothing changes.
alloc 5 4096
alloc 1 100000
frames
free 7
stats
