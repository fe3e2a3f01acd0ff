vm on
reset page-size=64
vm page-table 2-level
alloc 1 16K
tlb 4 ways=2
access 1 0x3f80
access 1 0x40 w
refs 1 0 1 4 5 254 255 64w 128
pagetable 1
frames
stats
compare tables 0x3f80,0,0x1000 page-sizes=16,64,256 shapes=linear,2-level,3-level
free 1
vm page-table linear entry=8
alloc 2 1K
access 2 0x10
vm page-table 4-level
vm page-table off
