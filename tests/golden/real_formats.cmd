# Machine shapes of issue 11 (tests/data/README.md says what each models):
# the refused ones say why in one line naming the file and line; the
# imported ones note what differs from an x86-64 machine with <= 64 cpus.
# (tests/realfmt/run.sh checks every snapshot's buddyinfo, pagetypeinfo and
# watermarks against its own files.)
#
# 32-bit: HighMem is a zone the model does not have
machine proc:../data/proc-refused/4.19-i686-highmem
# arm64 with 64 KiB pages: 14 orders in buddyinfo ...
machine proc:../data/proc-refused/6.12-arm64-64k
# ... and without buddyinfo, meminfo's kB per managed page tells
machine proc:../data/proc-refused/6.12-arm64-64k-nobuddy
# a memoryless node between nodes with memory (node 1 of 0..2): the real
# node numbers are kept, and the model has no node without zones
machine proc:../data/proc-refused/6.6-memoryless-node1-of-3
# arm64 with 4 KiB pages: DMA reaches 4 GiB, kept where the kernel put it
machine proc:../data/proc/6.12-arm64-4k
show zone DMA
# 96 cpus, all modelled (up to 512 are); a Movable zone on both nodes
machine proc:../data/proc/4.19-movable-96cpu
show zone Movable
# 6.6: a free list above 100000 blocks, printed as 5.5+ print it
machine proc:../data/proc/6.6-numa4
show pagetypeinfo
# a failed allocation in a trace: 4.x pads the NULL page pointer
# ("page=          (null) pfn=0"), 6.1 prints only pfn=0x0: nothing to replay
machine tiny
trace replay ../data/trace/failed-alloc-4.19.txt
trace replay ../data/trace/failed-alloc-6.1.txt
