# The TLB in virtual-memory mode (docs/translation.md). OSTEP ch. 19's
# array: ten 4-byte ints from virtual address 100, 16-byte pages (a[0..2] on
# page 6, a[3..6] on 7, a[7..9] on 8): miss, hit, hit, miss, hit, hit, hit,
# miss, hit, hit = 70 % (spatial locality), and a second pass hits every
# time (temporal locality).
# args: --vm --frames 8 --page-size 16 --tlb 16
alloc 1 256
tlb
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
refs 1 6 7 8
stats
latency tlb=1 memory=100
# A direct-mapped TLB: pages 0 and 2 share set 0 and evict each other.
tlb 2 ways=1
refs 1 0 2 0 1 1
tlb
# Without ASIDs a switch of process flushes the TLB; with them both stay.
alloc 2 64
refs 2 0 1
access 1 0
tlb 4 ways=2 asid=on
access 1 0
access 2 0
access 1 0
tlb
# A page evicted from its frame loses its entry: 8 frames, 9 pages.
refs 1 0 1 2 3 4 5 6 7 8 0
free 2
tlb
tlb flush
access 1 0
replace lru
stats
# Refusals: a shape that does not divide, latencies out of range, off twice.
tlb 6 ways=4
latency tlb=1 memory=0
tlb off
tlb off
latency tlb=2 memory=50
access 1 0
# reset keeps the TLB's shape, empty; a trace replays through the same path.
tlb 8 asid=off
reset
tlb
alloc 1 8K
alloc 2 8K
trace vm-pid.trace
# vm off drops the TLB with the memory; vm on makes it again, empty.
vm off
tlb 4
tlb
tlb flush
vm on
alloc 1 8K
alloc 2 8K
trace vm-pid.trace
stats
