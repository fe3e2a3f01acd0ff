# Lab 4, part 5: OSTEP's random and clock policies, with OSTEP's seed.
#   memtrack --vm --frames 3 --status ostep.st --script ostep.mt
# makes the same choices as
#   paging-policy.py -a 7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1 -C 3 -s 5 -p RAND -c
#   paging-policy.py -a 7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1 -C 3 -s 5 -p CLOCK -b 2 -c
alloc 1 32K
replace random 5
refs 1 7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1
reset
replace ostep-clock 2 5
alloc 1 32K
refs 1 7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1
