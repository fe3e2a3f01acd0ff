# The slab caches for workload.mt (the ones compare heap uses: objects of
# 16, 32, ..., 512 bytes on 4 KiB slabs).
cache size-16 16
cache size-32 32
cache size-64 64
cache size-128 128
cache size-256 256
cache size-512 512
