# Malformed lines are reported with file:line and change nothing.
alloc 1 1000
bogus command
alloc
alloc 1
alloc 1 2 3
alloc x 100
alloc -1 100
alloc 0 100
alloc 1 -5
alloc 1 0
alloc 99999999999999999999999 1
alloc 1 99999999999999999999999
alloc 2147483648 1
translate 1 zz
free one
seg
seg bogus
seg alloc 1abc 10
seg alloc has.dot 10
seg alloc abcdefghijklmnop 10
seg alloc ok 0
seg alloc ok 70000
seg alloc ok 10
seg alloc ok 10
seg free 7
seg free nosuch
fit fastest
frame-policy sometimes
frame-policy first 5
reset frames=0
reset frames=10 frames=12
reset page-size=1000
reset speed=3
seg reset memory=8
sleep forever
sleep 61
sleep 0.05
# A line longer than 512 characters, and one with a control character:
echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
alloc 1 5
frames
seg table
echo done: only P1 and segment 'ok' exist
alloc 1 100   # comment after a command
