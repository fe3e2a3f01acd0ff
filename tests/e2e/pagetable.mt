# pagetable: one row per page up to 24 pages (a screenful), and past that,
# pages in consecutive frames share a row.
# args: --frames 64 --page-size 16
alloc 1 384
pagetable 1
alloc 2 16
alloc 1 1
pagetable 1
