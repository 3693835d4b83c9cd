#args: --machine tiny
alloc GFP_KERNEL 0
quit
alloc GFP_KERNEL 0
