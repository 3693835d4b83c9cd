#args: --machine tiny
# A mixed workload, stepped so that every stage is narrated, and traced
# around the kernel threads so that kswapd, reclaim, compaction and the OOM
# killer narrate too. tests/narration/run.sh checks every comparison.
start GFP_KERNEL 3
step 10
start GFP_ATOMIC 3
step 10
start GFP_KERNEL 11
step 10
# atomic high-order requests: a highatomic reserve for later checks to count
alloc GFP_ATOMIC 2 x4
task spawn reader
task touch reader file 6200
set min_free_kbytes 4000
alloc GFP_KERNEL 0 x40
start GFP_KERNEL 0
step 2000
start GFP_ATOMIC 1
step 100
alloc GFP_KERNEL 0 x40
start GFP_KERNEL 0
step 2000
start GFP_ATOMIC 1
step 100
alloc GFP_KERNEL 0 x40
start GFP_KERNEL 0
step 2000
start GFP_ATOMIC 1
step 100
alloc GFP_KERNEL 0 x40
start GFP_KERNEL 0
step 2000
start GFP_ATOMIC 1
step 100
alloc GFP_KERNEL 0 x40
start GFP_KERNEL 0
step 2000
start GFP_ATOMIC 1
step 100
alloc GFP_KERNEL 0 x40
start GFP_KERNEL 0
step 2000
start GFP_ATOMIC 1
step 100
alloc GFP_KERNEL 0 x40
start GFP_KERNEL 0
step 2000
start GFP_ATOMIC 1
step 100
alloc GFP_KERNEL 0 x40
start GFP_KERNEL 0
step 2000
start GFP_ATOMIC 1
step 100
alloc GFP_KERNEL 0 x40
start GFP_KERNEL 0
step 2000
start GFP_ATOMIC 1
step 100
alloc GFP_KERNEL 0 x40
start GFP_KERNEL 0
step 2000
start GFP_ATOMIC 1
step 100
alloc GFP_KERNEL 0 x40
start GFP_KERNEL 0
step 2000
start GFP_ATOMIC 1
step 100
alloc GFP_KERNEL 0 x40
start GFP_KERNEL 0
step 2000
start GFP_ATOMIC 1
step 100
start GFP_KERNEL|__GFP_ATOMIC 0
step 2000
start GFP_NOWAIT 2
step 100
trace on
tick 30
trace show
trace clear
trace off
task spawn hog
task touch hog anon 2500
start GFP_KERNEL 4
step 2000
start GFP_KERNEL 4
step 2000
start GFP_TRANSHUGE 9
step 2000
start GFP_KERNEL|__GFP_REPEAT 5
step 2000
trace on
tick 200
trace show
trace clear
trace off
task touch hog anon 6000
start GFP_HIGHUSER_MOVABLE 0 task=reader
step 2000
slab 6000 unmovable
start GFP_KERNEL|__GFP_REPEAT|__GFP_NOWARN 6
step 5000
start GFP_ATOMIC 0
step 100
trace on
tick 300
trace show
dmesg
