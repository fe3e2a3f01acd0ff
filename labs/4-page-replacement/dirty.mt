# Lab 4, part 4: writes make pages dirty; evicting a dirty page writes it
# back to swap. "0w" is a write to page 0, "0" a read. Run it with 2 frames
# and a swap of 1 slot, then of 2 slots:
#   memtrack --vm --frames 2 --swap 1 --status dirty1.st --script dirty.mt
#   memtrack --vm --frames 2 --swap 2 --status dirty2.st --script dirty.mt
# P1 gets pages 0-3 (16 KiB of 4 KiB pages).
alloc 1 16K
refs 1 0w 1 2 0 3w 1 0 2
stats
pagetable 1
frames
