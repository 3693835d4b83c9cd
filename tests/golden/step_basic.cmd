#args: --machine tiny
# start sets a request up without running it; where shows the frames
# before the first stage; step runs one stage at a time
start GFP_KERNEL 3
where
step
where
step
# done: no request in progress any more
step
# orders >= MAX_ORDER are accepted by start only, to show ORDER_CHECK
start GFP_KERNEL|__GFP_NOWARN 11
step 5
# another cpu, as another task; finish from __alloc_pages_nodemask runs
# the rest of the request
task spawn worker cpu=1
start GFP_ATOMIC 0 task=worker
finish
start GFP_KERNEL 0 cpu=1 task=1001
where
info locals
finish
# the request is gone after reset
start GFP_KERNEL 0
reset
where
check
