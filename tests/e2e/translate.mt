# Translation the textbook way: validity per page, the address split into
# page bits and offset bits, answers in hex when asked in hex; segments add.
# Each translation is an event of the status file (a refused one too), and
# a successful one leaves a translate or seg-translate record (version 2).
echo Step 1: translating addresses of P1
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
seg translate 1 0x7d0
seg translate nosuch 0
seg translate 1 0x64
# The caption is sanitized (one line of printable ASCII); the translation stays.
echo Step 2: café is not ASCII, and  two  spaces stay
