#args: --machine tiny
# swap, slab, tick, threads and compact, and their bad input (compact.cmd
# shows compaction at work)
swap
swap 64M
swap 100
swap 0
swap 1G
swap
slab 10
slab 5 unmovable
threads
tick
tick 50
threads
check
# bad input
swap abc
swap 12X
swap 3K
swap 5000G
swap 1M 2M
slab
slab 0
slab 1000001
slab 5 movable
tick 0
tick 1000001
tick x
threads now
compact all
check
show costs
