# Page tables in frames (docs/translation.md, "Page tables in frames"):
# OSTEP ch. 20's 16 KiB address space of 64-byte pages with 4-byte entries,
# the default space a 2-level table of 64-byte pages takes: an 8-bit VPN
# split 4 + 4 (page directory, page table) and a 6-bit offset. 8 frames.
# args: --vm --frames 8 --page-size 64 --page-table 2-level
alloc 1 16K
# OSTEP's 0x3F80: PD[15] -> the page table of VPNs 0xf0-0xff, PT[14] -> the
# data page. The directory and that table page come with the first touch.
access 1 0x3F80
access 1 0x3FC0
access 1 0
access 1 0x40
access 1 0x100 w
frames
# Memory is full (3 table pages, 5 data pages): a new table page evicts a
# data page like a fault does (fifo: the earliest loaded), and so does its
# data page.
access 1 0x1000
pagetable 1
stats
# Exhaustion: table frames are pinned; each new range of 16 pages takes one
# more, until no frame is left that is not a table frame for the table page
# and the data page both.
refs 1 80 96 112 128 144
access 1 0x2400
frames
stats
# The layer's words refused: shapes, entry sizes, while a process exists.
vm page-table 3-level
vm page-table 2-level entry=6
vm page-table 2-level entry=4 entry=8
vm page-table bogus
vm page-table off entry=4
vm page-table linear
# Release frees the table frames with the data frames.
free 1
frames
# A linear table is allocated whole with the process: 256 entries x 4 B =
# 1 KiB = 16 pages, more than 8 frames: refused. With 32 frames it fits.
vm page-table linear
alloc 1 64
reset frames=32
alloc 1 64
access 1 0x10
stats
free 1
# 3 levels do not fit an 8-bit VPN of 4-bit levels; a TLB in front of a
# 2-level table: a hit reads no entry, a miss walks 2 levels (EAT counts 3
# memory accesses).
vm page-table 3-level
vm page-table 2-level entry=4
tlb 4
alloc 1 1K
refs 1 0 0 1 15 1
access 1 0x3c4
stats
# compare tables: the same addresses at three page sizes x three shapes,
# each on a fresh memory of 32 x 64 B; impossible shapes say why per cell.
compare tables 0x3F80,0x3FC0,0,0x40,0x100,0x1000 page-sizes=16,64,256 shapes=linear,2-level,3-level
compare tables 0,0x40,0x3fc0 space=1M page-sizes=4K shapes=2-level
compare tables 0 shapes=4-level
compare tables 0 page-sizes=100
compare tables 0 shapes=linear,linear
compare tables 0 entry=5
compare tables page-sizes=64
# Off again (no processes), and with VM off the layer's words are refused.
# With address spaces off, vm page-table turns them on at the shape's
# default size, which follows the page size: 16-byte pages, 256 B (OSTEP
# ch. 19's 8-bit addresses).
free 1
vm page-table off
vm page-table off
vm off
vm page-table 2-level
vm on
vm address-space off
vm page-table 2-level
reset page-size=16
stats
