vm on
alloc 1 64K
alloc 2 16K
tlb 4 ways=2
refs 1 0 1 0 2 3 1
access 2 0x10 w
tlb
tlb 8 asid=on
refs 2 0 1 2
access 1 0
latency tlb=2 memory=50
stats
free 2
tlb flush
replace lru
tlb off
