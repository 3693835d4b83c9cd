#args: --machine tiny
# alloc task=/cpu= run the request as another task on another cpu and put
# current back; the first request's slow path is shown when it took one
task spawn worker cpu=1
alloc GFP_KERNEL 0 task=worker
alloc GFP_KERNEL 0 cpu=1
alloc GFP_KERNEL 2 x3 task=1001 cpu=0
task current
cpu
# below the low watermark: the slow path wakes kswapd and retries at min
set min_free_kbytes 26000
alloc GFP_KERNEL 0 task=worker
alloc GFP_KERNEL 0 x20 task=worker
task current
check
