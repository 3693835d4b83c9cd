#args: --kernel 6.1 --machine tiny
# under 6.1 every word names 6.1's flag or field: a real-time task's
# requests get ALLOC_MIN_RESERVE (4.5: ALLOC_HARDER), the kthreads' zone
# is highest_zoneidx (5.8 renamed classzone_idx), and a retry: wake of
# kswapd says so (tests/golden/kernel_cmds.cmd has the 4.5 words)
task rt bash
task rt bash off
threads
alloc GFP_KERNEL|__GFP_NORETRY|__GFP_NOWARN 0 x8000
start GFP_NOWAIT 1
next
next
next
next
next
