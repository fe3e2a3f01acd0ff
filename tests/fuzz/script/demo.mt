# memtrack demo: paging and segmentation in a few steps (make demo).
# memview shows each step; the pauses give a class time to look. Each step
# starts with an `echo ==` line and ends with a `sleep` (memtrack-demo draws
# one picture per step when there is no display).
echo == Paging: 16 frames of 4096 B. Processes arrive. ==
alloc 1 10000
alloc 2 6000
alloc 3 12000
sleep 2
echo == P2 leaves; its frames are free again. P4 arrives and reuses them. ==
free 2
alloc 4 9000
sleep 2
echo == Translating a logical address of P4 to a physical one. ==
translate 4 5000
sleep 2
echo == Segmentation: five segments in 20000 bytes. ==
seg reset memory=20000
seg alloc code 4000
seg alloc heap 3000
seg alloc data 5000
seg alloc stack 3000
seg alloc buf 2500
sleep 2
echo == Two segments leave: 8500 B are free, but in three holes of at most 3000 B. ==
seg free heap
seg free stack
sleep 2
echo == A 5000-byte segment does not fit: external fragmentation. ==
seg alloc big 5000
stats
sleep 3
echo == Compaction slides the segments down and joins the holes. ==
compact
seg alloc big 5000
sleep 2
echo == Larger pages: the same processes waste more in their last pages. ==
reset page-size=16K
alloc 1 10000
alloc 3 12000
alloc 4 9000
stats
sleep 3
echo == End of the demo. ==
