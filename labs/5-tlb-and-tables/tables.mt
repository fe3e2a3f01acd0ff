# Lab 5, part 2: OSTEP ch. 20's small tables. A 16 KiB address space of
# 64-byte pages with 4-byte entries (the space a 2-level table of 64-byte
# pages maps): 8-bit VPN = 4 + 4, 6-bit offset. The process uses code on
# VPNs 0-1, heap on 4-5 and stack on 254-255, as in the chapter's figure.
#   memtrack --vm --frames 32 --page-size 64 --page-table 2-level \
#       --status tables.st --script tables.mt
alloc 1 16K
refs 1 0 1 4 5 254 255
# OSTEP's address 0x3F80: PD index 1111 = 15, PT index 1110 = 14.
access 1 0x3F80
pagetable 1
frames
stats
# The same six pages at three page sizes and three shapes, each on a
# fresh memory of 32 x 64 B = 2 KiB.
compare tables 0,0x40,0x100,0x140,0x3f80,0x3fc0 page-sizes=16,64,256 shapes=linear,2-level,3-level
