vm on
vm address-space 64K
alloc 1 8K rx
alloc 1 4K
alloc 1 100 r
alloc 2 16K rwx
tlb 4 ways=2
access 1 0x10 x
access 1 0x10 w
access 1 0x2004 w
access 1 0x3000 x
access 2 0xffff
access 2 0x10000
refs 1 0x 1x 2w 2x 3
pagetable 1
stats
free 1
free 2
vm address-space off
access 1 0 x
