# README picture: the same requests under each fit policy (make pictures).
#   for f in first best worst next; do
#       build/memtrack --no-sync --fit $f --status /tmp/$f --script docs/compare-fits.mt
#   done
#   build/memview --once --screenshot docs/images/compare-fits.png --size 1280x900 \
#       /tmp/first /tmp/best /tmp/worst /tmp/next
alloc 1 10000
alloc 2 6000
alloc 3 20000
free 2
seg alloc code 12000
seg alloc heap 8000
seg alloc stack 16000
seg alloc data 6000
seg free heap
seg free data
seg alloc buf 5000
