# Under --strict a refused request is an answer and the script goes on; the
# first error (a line that cannot run as written) stops it with exit status 1.
# args: --strict
# exit: 1
alloc 1 100
alloc 1 999999999
echo a refusal does not stop the script
alloc 1 1x
echo never printed
