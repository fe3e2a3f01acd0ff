# Lab 6's workload on a 16 KiB heap: a program's requests, small records
# and larger buffers, freed in another order than they came. Only malloc,
# free and realloc lines, so `compare heap workload.mt` plays it too.
malloc rec1 24
malloc buf1 800
malloc rec2 24
malloc buf2 800
malloc rec3 24
malloc log 2000
free buf1
free buf2
malloc rec4 40
malloc big 4000
free rec1
free rec3
malloc msg 100
realloc log 3600
malloc huge 8000
