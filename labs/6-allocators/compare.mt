# The workload under each allocator, side by side (compare heap changes nothing).
compare heap workload.mt heap=16K
