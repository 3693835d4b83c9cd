#args: --machine tiny
# The gdb words over a request that reclaims: step goes into direct
# reclaim, next steps over it (or, inside, to the next pass), finish runs
# until the selected frame returns, bt/where show the frames, up/down
# select one, info locals shows its locals.
task spawn reader
task touch reader file 6000
set min_free_kbytes 12000
break DIRECT_RECLAIM
start GFP_KERNEL 0
c
bt
info locals
s
where
info locals
n
info locals
up
info locals
up 2
info locals
info frame
down 9
finish
bt
finish
# from __alloc_pages_nodemask, finish runs the rest of the request
delete
up
finish
# next runs a whole stage, reclaim included, between two stages; finish
# from __alloc_pages_slowpath stops before the return, at GOT_PG
set min_free_kbytes 16000
start GFP_KERNEL 0
n 4
n
n
bt
info breakpoints
finish
finish
