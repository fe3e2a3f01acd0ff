# The random frame policy is reproducible from its seed.
# args: --frames 16 --page-size 256 --frame-policy random --seed 42
alloc 1 1000
alloc 2 700
frames
free 1
alloc 3 2000
frames
# Switching the policy back and forth; a new seed restarts the generator.
frame-policy first
alloc 4 256
frame-policy random 42
pagetable 3
stats
