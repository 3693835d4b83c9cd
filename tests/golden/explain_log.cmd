# A real 6.1 kernel log with three OOM kills: each report explained (the
# last without N), its victim chosen by 6.1's oom_badness, and the machine
# loaded as the report shows it.
explain ../data/linux-6.1/oom-dmesg.txt 1
explain ../data/linux-6.1/oom-dmesg.txt 2
explain ../data/linux-6.1/oom-dmesg.txt
task list
# the same request again, after making memory scarcer still
set vm.min_free_kbytes 90000
retry
# allocation failures written by hand, one per reason a zone refuses
explain ../data/klog/alloc-failures-6.1.txt 1
explain ../data/klog/alloc-failures-6.1.txt 2
explain ../data/klog/alloc-failures-6.1.txt 3
explain ../data/klog/alloc-failures-6.1.txt 4
explain ../data/klog/alloc-failures-6.1.txt 5
explain ../data/klog/alloc-failures-6.1.txt 6
explain ../data/klog/alloc-failures-6.1.txt 7
# a 4.5 log: hex masks, the nr_ptes/nr_pmds table, the 0..1000 score
explain ../data/klog/oom-and-failure-4.5.txt 1
explain ../data/klog/oom-and-failure-4.5.txt 2
check
# bad input: one line, the machine stays
explain ../data/linux-6.1/oom-dmesg.txt 4
explain ../data/linux-6.1/oom-dmesg.txt 0
explain ../data/linux-6.1/oom-dmesg.txt two
explain data/klog-empty.txt
explain data/klog-badgfp.txt
explain data/klog-badzone.txt
explain data/nonexistent.txt
machine
