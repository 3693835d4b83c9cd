# Kernel logs of more versions and shapes (tests/data/README.md): each
# rebuilds its zones and says zone by zone why the request was refused, and
# for an OOM report which task the OOM killer picks ("the kernel killed ...
# too" when the log's own kill line agrees).
#
# 4.4: raw mode:0x2084020 (GFP_ATOMIC|__GFP_COMP), two nodes, order 4: the
# watermark lowered by ALLOC_HIGH and ALLOC_HARDER; DMA held back by its
# lowmem_reserve for Normal; the rest fragmented
explain ../data/klog/failure-atomic-numa2-4.4.txt
# 4.19 behind syslog prefixes: ", nodemask=(null)," between the mask and
# order=, the pgtables_bytes task table, oom_score_adj 500 outweighing rss
explain ../data/klog/oom-numa2-syslog-4.19.txt
# 5.4 and 5.10 behind journalctl prefixes without timestamps: the kill line
# prints no score; 5.9+ count badness on the 0..2000 scale
explain ../data/klog/oom-journal-5.4.txt
explain ../data/klog/oom-journal-5.10.txt
# 6.6: four nodes, "[ T1234]" caller ids, nodemask in the failure line
explain ../data/klog/failure-order5-numa4-6.6.txt
# the real 6.1 report behind `dmesg -T`, `dmesg -x` and iso timestamps
explain ../data/klog/oom-dmesg-T-6.1.txt
explain ../data/klog/oom-dmesg-x-6.1.txt
explain ../data/klog/oom-dmesg-iso-6.1.txt
# 32-bit: HighMem refused in one line naming file and line
explain ../data/klog/oom-highmem-i686-4.19.txt
