# The pools for workload.mt (the ones compare heap uses: blocks of 16, 64,
# 256 and 1024 bytes, a quarter of the 16 KiB heap each).
pool 16 256
pool 64 64
pool 256 16
pool 1K 4
