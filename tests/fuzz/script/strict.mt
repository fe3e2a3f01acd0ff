# Under --strict the first failing line stops the script with exit status 1.
# args: --strict
# exit: 1
alloc 1 100
alloc 1 999999999
echo never printed
