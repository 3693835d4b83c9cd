#args: --machine tiny
alloc GFP_KERNEL 3
alloc GFP_KERNEL 3
# the buddy 0x1c08 is still allocated: no merge
free 0x1c00
show buddyinfo
# now both halves are free: merge all the way up to order 10
free 0x1c08 3
show buddyinfo
# order 0: to the pcp list, which is full at once (high 0 here) and drains
alloc GFP_KERNEL 0
free 0x1c00
# errors: nothing changes
free 0x1c00
free 0x1c01
alloc GFP_KERNEL 2
free 0x1c00 1
free 0x1c01
free 0x1000
free 0x2000
show buddyinfo
free all
show buddyinfo
check
