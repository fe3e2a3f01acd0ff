# Address spaces and protection in virtual-memory mode (docs/translation.md,
# "Address spaces and protection"): 64 KiB spaces of 4 KiB pages (4-bit VPN,
# 12-bit offset). P1's code is r-x, its data rw-, a read-only page r--.
# args: --vm --frames 4 --page-size 4K --address-space 64K
alloc 1 8K rx
alloc 1 4K
alloc 1 100 r
alloc 1 10 rwx
# Each kind against each protection: allowed, or a protection fault.
access 1 0x10 x
access 1 0x10
access 1 0x10 w
access 1 0x2004 w
access 1 0x2004 x
access 1 0x3000
access 1 0x3000 w
access 1 0x3000 x
# The limits: the last byte of the space, the first past it, a page inside
# the space that P1 does not have (a segmentation fault), an alloc too big.
alloc 2 64K
access 2 0xffff
access 2 0x10000
access 1 0x4000
alloc 1 60K
alloc 1 52K rwx
pagetable 1
# refs take x; a trace's lackey I lines are instruction fetches.
refs 1 0x 1x 2w 2x 3
trace vm-prot.trace 1
stats
# Refusals: the layer changes only with no processes; bad protections.
vm address-space 1M
alloc 3 1K rwq
alloc 3 1K rr
access 1 0 e
free 1
free 2
vm address-space 4K
vm address-space 3M
vm address-space 2M
alloc 1 4K r
access 1 0x1fffff
access 1 0x200000 x
access 1 0 x
free 1
vm address-space off
alloc 2 4K rx
access 2 0 x
# On again: the file's version 5 records (vm-space, vm-prot, vm-prot-faults).
vm address-space 64K
alloc 1 8K rx
alloc 1 4K
alloc 2 4K r
access 1 0 x
access 1 0 w
access 1 0x1000 x
access 1 0x2000 w
access 2 0 w
