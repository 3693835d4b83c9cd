#args: --machine tiny
trace
trace show
trace on
alloc GFP_KERNEL 3
alloc GFP_KERNEL 0
free 0x1c08
free 0x1c00
trace off
# not recorded
alloc GFP_KERNEL 1
trace
trace show
trace clear
trace show
