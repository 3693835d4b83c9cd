# Real machines of more shapes, written by hand in the kernels' own print
# formats (tests/data/proc, tests/data/klog): each import reproduces what its
# files give, or says in one line what differs ("node N zone Z: ..."); none
# differs here.
#
# 6.1: two nodes, no DMA zone (CONFIG_ZONE_DMA=n: the protection arrays start
# at DMA32, so DMA32's protection reads (0, 0, 1520, 1520) in our zone order),
# a Movable zone on node 1, pcp lines for 4 cpus, shmem mapped beyond the
# file LRU (nr_mapped 900 on node 0 with 500 page-cache pages), 3 anonymous
# THPs, and 24 pageblocks in DMA32's hole that 6.1's pagetypeinfo leaves out
# (2 MiB subsections without memory inside a 128 MiB section that has some)
machine proc:../data/proc/6.1-nodma-movable
show zone DMA32
show pagetypeinfo
show vmstat
# 5.4 layout (boost, protection before the counters, no cma line), only
# zoneinfo, the sysctls and the release: the missing files are said, the
# free pages laid out in the largest blocks (said)
machine proc:../data/proc/5.4-zoneinfo-only
show buddyinfo
# 4.9 layout (node_scanned, protection after the counters,
# node_inactive_ratio) with a CMA column in pagetypeinfo
machine proc:../data/proc/4.9-cma
show pagetypeinfo
# a 6.1 kernel log without a DMA zone: lowmem_reserve[] starts at DMA32, so
# DMA32 keeps 903 pages from a GFP_KERNEL request (its Normal entry), not 1200
explain ../data/klog/nodma-6.1.txt
