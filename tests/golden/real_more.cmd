# More real captures of other machines and kernels (tests/data/README.md
# says where each format comes from; all hand-made).
#
# ftrace with the latency-format option: no [cpu] brackets, comm cut to 8
# characters, microseconds since the buffer started; the same events as
# kmem-6.1.txt, so the same result (tests/realfmt/run.sh checks that too)
machine proc:../data/linux-6.1/trace-before
trace replay ../data/trace/kmem-latency-format.txt
# a trace whose last line was cut off mid-event: skipped and said
machine proc:../data/linux-6.1/trace-before
trace replay ../data/trace/cut-last-line-6.1.txt
# GFP_ATOMIC in softirq (5.15, 2 nodes, 64 GiB, Normal on both nodes): the
# comm is the interrupted idle task; SLUB's own lines after the report
explain ../data/klog/failure-atomic-softirq-5.15.txt
# GFP_NOWAIT on 6.6: held to the full min watermark (no __GFP_HIGH)
explain ../data/klog/failure-nowait-6.6.txt
# kmalloc_large: order 3 GFP_ATOMIC|__GFP_COMP (6.1), order 4 GFP_KERNEL (4.19)
explain ../data/klog/failure-kmalloc-order3-atomic-6.1.txt
explain ../data/klog/failure-kmalloc-order4-4.19.txt
# vmalloc: no virtual range, more than RAM, a page request (6.1), 5.4's words
explain ../data/klog/vmalloc-6.1.txt 1
explain ../data/klog/vmalloc-6.1.txt 2
explain ../data/klog/vmalloc-6.1.txt
explain ../data/klog/vmalloc-5.4.txt
# 16 nodes and 256 cpus (6.8 layout, pagesets with high_min/high_max): every
# cpu's pcp count is kept; the zones with memory are numbered first, so the
# 17 of them fit struct page's 5-bit zone id
machine proc:../data/proc/6.8-numa16-256cpu
show buddyinfo
# 32 zones with memory (16 nodes, each Normal and Movable): one too many
machine file:../data/machine-16node-32zones.txt
# an OOM inside a cpuset (mems_allowed=1, 4.19): show_mem printed node 1
# only; the victim weighed against node 1's present pages; the machine is
# not rebuilt (node 0's zones are not in the log), and it says so
explain ../data/klog/oom-cpuset-node1-4.19.txt
# early boot (4.14, deferred struct page init): the zones manage a fraction
# of their present pages, said; the checks are on what they managed
explain ../data/klog/failure-early-boot-deferred-4.14.txt
# 512 cpus (two nodes of 256): every pcp count kept; a trace's events on
# cpus 300-302 (beyond the replay's one-byte fast path) replay all the same
machine proc:../data/proc/6.8-2node-512cpu
trace replay ../data/trace/cpus-300-302-6.8.txt
# the same GFP_NOWAIT report as `cat /dev/kmsg` prints it (PRIO,SEQ,USECS,
# FLAGS,caller=...;text)
explain ../data/klog/failure-nowait-6.6-devkmsg.txt
