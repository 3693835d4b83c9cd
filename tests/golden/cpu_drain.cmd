# classroom: Normal's pcp batch is 31, high 186 (zone_batchsize)
cpu
alloc GFP_KERNEL 0
show zone Normal
show page 0x1bfc01
drain
cpu 2
alloc GFP_KERNEL 0
alloc GFP_KERNEL 0
cpu 3
drain 2
alloc GFP_KERNEL 0
drain all
cpu 4
show zone Normal
check
