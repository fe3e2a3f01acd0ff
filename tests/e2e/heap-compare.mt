# compare heap plays one workload under every allocator side by side and
# changes nothing.
compare heap heap-work.txt
compare heap heap-work.txt heap=1000
compare heap heap-work.txt heap=4K
allocator freelist fit=best header=8
malloc keep 10
compare heap heap-work.txt
heap
# Errors: no such file, a bad line (FILE:LINE), a bad heap size.
compare heap nosuch.txt
compare heap heap-bad.txt
compare heap heap-work.txt heap=8
compare heap heap-work.txt size=100
