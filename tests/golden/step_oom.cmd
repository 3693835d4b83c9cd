#args: --machine tiny
# step a request through the whole slow path: no watermark holds, reclaim
# finds nothing to evict (anonymous memory, no swap), the OOM killer kills
# hog, and the retry succeeds
task spawn hog
task touch hog anon 4000
set min_free_kbytes 16000
break DIRECT_RECLAIM
break mm_vmscan_direct_reclaim_end
break MAY_OOM
break
start GFP_KERNEL 0
continue
where
step
step
where
continue
continue
where
continue
task list
threads
tick 200
threads
check
