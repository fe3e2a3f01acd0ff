# Belady's anomaly: FIFO faults 9 times with 3 frames and 10 with 4.
# args: --vm --frames 3
alloc 1 24K
refs 1 1 2 3 4 1 2 5 1 2 3 4 5
reset frames=4
alloc 1 24K
refs 1 1,2,3,4,1,2,5,1,2,3,4,5
compare 1,2,3,4,1,2,5,1,2,3,4,5 frames=1-5
compare 1 2 3 4 1 2 5 1 2 3 4 5 frames=3-4 policies=fifo,lru,opt
# Eight policies name one twice: refused (and nothing written past the seven).
compare 1 2 3 frames=3-4 policies=fifo,lru,opt,mru,clock,random,ostep-clock,fifo
# A reversed range is refused as such.
compare 1 2 3 frames=5-1
stats
