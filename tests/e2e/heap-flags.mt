# The heap on from the command line: --heap and --allocator.
# args: --heap 1K --allocator buddy:min=64
heap
malloc a 10
malloc b 100
stats
