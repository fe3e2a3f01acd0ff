# The slab allocator: object caches carved from slab pages.
allocator slab heap=16K slab=4K
cache inode 100
cache dentry 24
malloc i1 100 inode
malloc i2 90 inode
malloc d1 24 dentry
malloc x 20
heap
free i1
free i2
heap
stats
# Refusals and errors.
malloc big 5000
malloc i3 200 inode
malloc i4 10 nosuch
cache inode 50
cache huge 8K
pool 16 4
allocator slab slab=3000
allocator slab slab=32K
allocator slab header=4
heap
