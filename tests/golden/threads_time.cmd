#args: --machine tiny
# tick reports a kernel thread that ran even when it ends the tick in the
# state it began it; threads says what kswapd is doing right after a wakeup;
# each thread's trace events carry the jiffy it ran in; the task that
# commands run as falls back to its parent when it exits.
task spawn reader
task touch reader file 7000
set min_free_kbytes 8000
threads
alloc GFP_ATOMIC 0
threads
trace on
tick 3
trace show
threads
tick 400
threads
task spawn big
task current big
task touch big anon 8000
task current
