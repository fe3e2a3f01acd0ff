# Captions: echo puts its text into the status file until the next echo
# (an empty echo removes it); other events keep it. A translation record
# stays through an echo and goes at the next event.
echo first caption
alloc 1 10000
translate 1 5000
free 1
echo
echo == Step 2: P1's 0x2710, in the unused end of its last page ==
alloc 1 10000
translate 1 0x2710
echo == the translation stays under this caption ==
