#args: --machine tiny
# up to 8 requests print one line each; more print a summary
alloc GFP_KERNEL 2 x8
alloc GFP_ATOMIC|__GFP_NOWARN 0 x100
show buddyinfo
# order 10: the two DMA32 blocks left, then DMA's two, then nothing
alloc GFP_KERNEL 10 x10
alloc GFP_KERNEL 10
check
