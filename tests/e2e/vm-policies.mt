# The other policies against OSTEP's paging-policy.py: MRU, the textbook
# clock, random and ostep-clock (same seeds as -s), 3 frames. The Access
# lines of mru, random and ostep-clock are those of paging-policy.py -a
# 7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1 -C 3 -c with -p MRU, -p RAND -s 5
# and -p CLOCK -b 2 -s 3; OSTEP has no textbook clock (checked by hand).
# args: --vm --frames 3 --replace mru
alloc 1 40K
refs 1 7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1
vm on
replace clock
alloc 1 40K
refs 1 7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1
vm on
replace random 5
alloc 1 40K
refs 1 7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1
vm on
replace ostep-clock 2 3
alloc 1 40K
refs 1 7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1
