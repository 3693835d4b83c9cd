#args: --kernel 6.1 --machine tiny
# Linux 6.1's slow path on a machine whose memory is pinned by the kernel:
# 6.1's flags, the stages named after 6.1's code, the retry rules
show gfp GFP_KERNEL|__GFP_RETRY_MAYFAIL
alloc GFP_KERNEL|__GFP_NORETRY|__GFP_NOWARN 0 x8000
start GFP_KERNEL|__GFP_RETRY_MAYFAIL 0
step
step
step
where
continue
# costly: compaction first, then no retry without __GFP_RETRY_MAYFAIL
start GFP_KERNEL|__GFP_NOWARN 4
continue
# GFP_ATOMIC may dip below min (ALLOC_MIN_RESERVE + ALLOC_NON_BLOCK)
alloc GFP_ATOMIC 0
dmesg 8
trace on
alloc GFP_ATOMIC|__GFP_NOWARN 0 x3
trace show
check
