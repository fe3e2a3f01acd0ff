# Virtual memory, FIFO: the classic string with 3 frames faults 15 times
# (OSTEP: paging-policy.py -a 7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1 -p FIFO -C 3 -c).
# args: --vm --frames 3
alloc 1 40K
refs 1 7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1
stats
frames
pagetable 1
