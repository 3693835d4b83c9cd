#args: --machine tiny
# every kind of bad input gets one error line, and the sim stays as it was
alloc GFP_KERNEL 3
show buddyinfo
aloc GFP_KERNEL 3
frobnicate
alloc
alloc GFP_KERNEL
alloc GFP_KERNEL 11
alloc GFP_KERNEL -1
alloc GFP_KERNEL 99999999999999999999999
alloc GFP_KERNEL 0x
alloc GFP_KERNEL 3 4
alloc GFP_KERNEL 3 x0
alloc GFP_KERNEL 3 x1000001
alloc GFP_KERNEL 3 x2 extra
alloc GFP_FOO 3
alloc GFP_KERNEL|__GFP_BOGUS 3
alloc __GFP_MOVABLE|__GFP_RECLAIMABLE 0
alloc 3
free
free foo
free 0x99999
free 0
free 0x1c00 11
free all 3
show
show foo
show zon DMA
show zone Normal
show zone 7:DMA
show zone node 0
show page
show page 0x99999999999999999999
show page 0
set
get foo
seed
seed -1
cpu 2
cpu x
drain 9
trace maybe
help nosuch
machine nosuch
machine foo:bar
machine file:
machine file:data/nonexistent.machine
machine file:data/bad.machine
machine zoneinfo:data/script.txt
"unterminated
show buddyinfo
check
