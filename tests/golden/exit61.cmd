#args: --kernel 6.1 --machine tiny --seed 1
# Linux 6.1: a SIGKILLed task's exit takes time on the other CPU
# (core/exit.c). At 100 times the cost table's CPU time, unmapping its
# 4500 pages takes about 10 ms: its memory goes into the mmu_gather batch,
# not back to the allocator (free pages do not move), the OOM killer scores
# it 0 (its mm is gone), MMF_OOM_SKIP comes once all is unmapped, and only
# then is the batch freed, a step a batch (microseconds: the last tick sees
# the task gone and its pages free). `task kill` is no OOM kill: no
# TIF_MEMDIE, and the report says so.
task spawn holder
task touch holder anon 4500
set sim.cpu_slowdown 100
task kill holder
task list
tick 5
task list
tick 5
task list
tick 1
task list
