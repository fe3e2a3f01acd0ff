# Translation the textbook way: validity per page, the address split into
# page bits and offset bits, answers in hex when asked in hex; segments add.
alloc 1 10000
alloc 2 300
translate 1 5000
translate 1 0x1388
# 10000 and 12287 lie in the unused end of page 2: valid, internal fragmentation.
translate 1 10000
translate 1 0x2fff
# Page 3 is past the last page: invalid.
translate 1 12288
translate 1 0x3000
seg alloc code 1200
seg alloc stack 2000
seg translate stack 100
seg translate 1 0x64
seg translate stack 0x7d0
