# Lab 5, part 1: OSTEP ch. 19's array. Ten 4-byte ints from virtual
# address 100 in an 8-bit address space of 16-byte pages (the space a
# 2-level table of 16-byte pages maps: 4-bit VPN = 2 + 2, 4-bit offset).
#   memtrack --vm --frames 16 --page-size 16 --tlb 16 --page-table 2-level \
#       --status array.st --script array.mt
alloc 1 256
# a[0] .. a[9] at 100, 104, ..., 136: one access each.
access 1 100
access 1 104
access 1 108
access 1 112
access 1 116
access 1 120
access 1 124
access 1 128
access 1 132
access 1 136
stats
# The loop again: the pages of a[] are in the TLB now.
refs 1 6 7 8
stats
pagetable 1
