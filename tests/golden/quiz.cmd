#args: --machine tiny
# a problem and its solution from the command table, then a scored session
quiz topics
quiz pose topic=merge seed=4
quiz solve topic=merge seed=4
quiz solve topic=extfrag seed=9 n=2
alloc GFP_KERNEL 5
show buddyinfo
quiz topic=gfp seed=2 count=2
show buddyinfo
quiz show
answer dma32 unmovable
answer again
quiz next
answer Normal, Movable
show buddyinfo
quiz next
show buddyinfo
answer too late
quiz topic=nosuch
quiz stop
quiz pose count=99
lua return bs.quiz{action="solve", topic="allocflags", seed=3}
