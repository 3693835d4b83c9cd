# A real 6.1 machine's /proc before a 5.4 s trace of its page allocator,
# the trace replayed exactly (every page where the kernel put it), and the
# result beside the machine's buddyinfo taken after the trace.
machine proc:../data/linux-6.1/trace-before
trace replay ../data/linux-6.1/trace.txt.xz exact after=../data/linux-6.1/trace-after
check
# the same requests served by the simulator's own allocator
machine proc:../data/linux-6.1/trace-before
trace replay ../data/linux-6.1/trace.txt.xz simulate after=../data/linux-6.1/trace-after
check
# plain and .gz files; a preset machine is replayed as it is
machine tiny
trace replay data/trace-head.txt
trace replay data/trace-head.txt.gz simulate
# bad input: one line naming file and line; the machine stays
trace replay data/trace-badgfp.txt
trace replay data/trace-noorder.txt
trace replay data/trace-bad.txt.xz
trace replay data/nonexistent.txt
trace replay
trace replay data/trace-head.txt sideways
trace on data/trace-head.txt
# the request form of an exact replay
alloc GFP_KERNEL 3 at=0x1c08
alloc GFP_KERNEL 0 at=0x1c0b
alloc GFP_KERNEL 0 at=0x1000
show buddyinfo
check
