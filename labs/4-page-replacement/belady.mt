# Lab 4, part 3: Belady's string, played under FIFO, then every frame count
# from 1 to 6 under four policies. Run it with 3 and with 4 frames:
#   memtrack --vm --frames 3 --status bel3.st --script belady.mt
#   memtrack --vm --frames 4 --status bel4.st --script belady.mt
# P1 gets pages 0-5 (24 KiB of 4 KiB pages).
alloc 1 24K
refs 1 1 2 3 4 1 2 5 1 2 3 4 5
compare 1,2,3,4,1,2,5,1,2,3,4,5 frames=1-6 policies=fifo,lru,opt,clock
