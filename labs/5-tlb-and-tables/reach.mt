# Lab 5, part 3: TLB reach and table memory.
#   memtrack --vm --frames 64 --page-size 64 --tlb 4 --page-table 2-level \
#       --status reach.st --script reach.mt
# A loop reads a 1 KiB array every 32 bytes, twice (64 reads), in a 4 KiB
# address space; the same reads at four page sizes, a TLB of 4 entries.
compare tables 0,32,64,96,128,160,192,224,256,288,320,352,384,416,448,480,512,544,576,608,640,672,704,736,768,800,832,864,896,928,960,992,0,32,64,96,128,160,192,224,256,288,320,352,384,416,448,480,512,544,576,608,640,672,704,736,768,800,832,864,896,928,960,992 space=4K page-sizes=16,64,256,1K shapes=linear,2-level,4-level
# A sparse process in a 32-bit space (x86-32's): code at 0x400000, heap at
# 0x601000, stack at 0xbffff000; 8 MiB of memory. Which shapes fit which
# page sizes, and what does each table cost?
compare tables 0x400000,0x601000,0x602000,0xbffff000 space=4G memory=8M page-sizes=1K,4K,16K shapes=linear,2-level,3-level
