#args: --machine tiny
# every bad input to the stepping commands gets one error line and changes
# nothing; the request in progress stays where it was
step
next
finish
continue
where
bt
info locals
info
info nosuch
up
down
start
start GFP_KERNEL
start GFP_KERNEL 32
start GFP_BOGUS 0
start __GFP_MOVABLE|__GFP_RECLAIMABLE 0
start GFP_KERNEL 0 task=nosuch
start GFP_KERNEL 0 task=bsah
start GFP_KERNEL 0 task=1abc
start GFP_KERNEL 0 task=4242
start GFP_KERNEL 0 task=
start GFP_KERNEL 0 cpu=2
start GFP_KERNEL 0 cpu=x
start GFP_KERNEL 0 cpu=0 cpu=1
start GFP_KERNEL 0 tsk=bash
start GFP_KERNEL 0 extra
start GFP_KERNEL 0
start GFP_KERNEL 1
step 0
step 100001
step x
where
break NOSUCH
break direct_reclam
break mm_vmscan_kswapd_wak
break FASTPATH extra
break fastpath
break FASTPATH
break kmem:mm_page_alloc
break
delete 0
delete 3
delete x
delete 1 2
delete 1
break
delete all
delete 1
alloc GFP_KERNEL 0 task=nosuch
alloc GFP_KERNEL 0 task=kswapd0 task=bash
alloc GFP_KERNEL 0 x2 cpu=7
show buddyinfo
up 0
up 65
down
down x
finish extra
finish
check
# the request's task exits between two steps
task spawn quitter
start GFP_KERNEL 0 task=quitter
task exit quitter
step
where
