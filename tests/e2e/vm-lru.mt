# Virtual memory, LRU: the classic string with 3 frames faults 12 times.
# (paging-policy.py -a 7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1 -p LRU -C 3 -c).
# args: --vm --frames 3 --replace lru
alloc 1 40K
refs 1 7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1
