machine
machine list
machine tiny
show buddyinfo
alloc GFP_KERNEL 0
# a machine that does not boot leaves the running one alone
machine file:data/bad.machine
machine nosuch
show buddyinfo
machine file:data/small.machine
show buddyinfo
show zone DMA32
# the zoneinfo of tiny boots the same layout as tiny
machine zoneinfo:data/tiny.zoneinfo
show buddyinfo
reset
check
