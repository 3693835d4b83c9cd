# An OOM report whose log stops before Mem-Info (dmesg's buffer, a capture
# cut short): there are no zone lines and no swap lines. It said "no zone
# the request may use is in the report", "the zonelist:;", "(the checks
# above)" with no checks above, and "There is no swap" from a swap line it
# never read. Now it says the report is cut and claims nothing it lacks;
# the machine stays as it was.
explain ../data/klog/oom-cut-before-meminfo-6.1.txt
machine
check
