# Lab 2: the same requests under each fit policy. Run it once per policy:
#   memtrack --fit first --status first.st --script fits.mt
#   (then best, worst and next) and compare:  memview first.st best.st worst.st next.st
seg alloc code 12000
seg alloc heap 8000
seg alloc stack 16000
seg alloc data 6000
seg free heap
seg free data
seg alloc buf 5000
seg table
seg alloc big 26000
stats
