#args: --machine tiny
# a quiz is a side trip in time travel: back and forward are refused while
# it runs; after it the user's own entries are all there to undo, and
# forward cannot step into a quiz machine
alloc GFP_KERNEL 3
alloc GFP_KERNEL 4
quiz topic=merge seed=2 count=3
back
forward
answer x
quiz next
answer y
quiz next
answer z
quiz next
show buddyinfo
forward
back
show buddyinfo
back
show buddyinfo
forward 2
show buddyinfo
back 3
