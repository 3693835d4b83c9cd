# Real machines of other shapes than the shared 6.1 guest, written by hand
# in the kernels' own layouts (tests/data/proc/): every import reproduces
# its buddyinfo and pagetypeinfo, and says what it read and what it guessed.
#
# two nodes under 6.5 (a 3 GiB hole in DMA32; pagetypeinfo per node, as the
# kernel prints it), sysctls as `sysctl vm` prints them (vm.name = value)
machine proc:../data/proc/numa2-6.5
show buddyinfo
show pagetypeinfo
get vm.lowmem_reserve_ratio
check
# 4.5's layout (zone LRU counters, "scanned"), two nodes, the sysctls as a
# sys/vm/ folder, no `kernel` file: zoneinfo's layout picks the version
machine proc:../data/proc/2node-4.5-sysvm
show buddyinfo
show pagetypeinfo
get vm.min_free_kbytes
# before 4.4: pagetypeinfo's Reserve type (MIGRATE_RESERVE), read as Movable (said)
machine proc:../data/proc/2node-4.3-reserve
show pagetypeinfo
# 4.14's layout (per-node stats, protection after the zone counters)
machine proc:../data/proc/4.14-nokernel
show buddyinfo
# compressed copies: zoneinfo.gz and pagetypeinfo.xz
machine proc:../data/proc/6.1-gz
show buddyinfo
# cut-off and bad files: one line naming file and line; the machine stays
machine proc:data/proc-cutbuddy
machine proc:data/proc-cutpt
machine proc:data/proc-badsysctl
show buddyinfo
# traces: trace-cmd's report (cpus out of time order across lines, 4.x
# decimal and 6.x hex pfns), an xz file without .xz, and bad ones
machine tiny
trace replay data/trace-cmd-report.txt
trace replay data/trace-xz-noext simulate
trace replay data/trace-cut.txt.xz
trace replay data/trace-noevents.txt
show buddyinfo
# kernel logs: gzip-compressed; cut inside its task table
explain data/klog-oom.txt.gz 1
explain data/klog-cut.txt
