# Lab 4, parts 1 and 2: the classic reference string with 3 frames.
# Run it once per policy, each with its own status file, for example:
#   memtrack --vm --frames 3 --replace fifo --status fifo.st --script classic.mt
# P1 gets pages 0-7 (32 KiB of 4 KiB pages); none is resident yet.
alloc 1 32K
refs 1 7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1
stats
