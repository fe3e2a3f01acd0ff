# Lab 1: paging basics. Run: memtrack --script paging.mt
# 16 frames of 4096 bytes (memtrack's defaults), first-free frame policy.
alloc 1 10000
alloc 2 5000
alloc 3 300
pagetable 1
translate 1 0
translate 1 5000
translate 1 0x1388
translate 1 9999
translate 1 10000
translate 1 12287
translate 1 12288
free 2
alloc 4 12000
frames
pagetable 4
translate 4 9000
stats
