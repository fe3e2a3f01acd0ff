# Virtual memory, OPT (Belady's MIN): the classic string with 3 frames
# faults 9 times; a lone access is refused, as OPT needs the future.
# (paging-policy.py -a 7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1 -p OPT -C 3 -c).
# args: --vm --frames 3
alloc 1 40K
replace opt
refs 1 7,0,1,2,0,3,0,4,2,3,0,3,2,1,2,0,1,7,0,1
access 1 0
