# Segmentation: each fit policy on the same holes, tie-breaking, next-fit
# wrap-around, coalescing on every side, external fragmentation, compaction.
# args: --seg-memory 1000
seg alloc a 100
seg alloc b 200
seg alloc c 100
seg alloc d 300
seg alloc e 150
# A sixth segment is refused.
seg alloc f 10
# Holes now: 100-299 (200 B), 400-699 (300 B), 850-999 (150 B).
seg free b
seg free d
seg table
# The same request under each policy lands in a different hole.
fit first
seg alloc f 150
seg free f
fit best
seg alloc f 150
seg free f
fit worst
seg alloc f 150
seg free f
# Ties go to the lowest address: make two holes of 200 B.
seg alloc x 100
seg table
fit best
seg alloc t 160
seg free t
fit worst
seg alloc t 10
seg free t
# Next fit continues where the last placement ended and wraps around.
seg reset memory=1000
fit next
seg alloc p 300
seg alloc q 300
seg alloc r 300
seg free p
seg alloc s 50
seg alloc t 200
seg table
# Coalescing: with the hole below, above, both, neither.
seg free q
seg free s
seg free r
seg alloc u 100
seg alloc v 100
seg free u
seg table
# External fragmentation: 700 B free, but no hole of 650 B.
seg alloc big 650
stats
compact
seg alloc big 650
seg table
seg translate big 0
seg translate big 649
seg translate big 650
seg translate 4 1
seg translate nosuch 1
