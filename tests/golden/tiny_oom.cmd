#args: --machine tiny
# a task that touches more anonymous memory than the machine has, with no
# swap: reclaim finds nothing to evict and the OOM killer picks the biggest
# task (by oom_badness) - here the toucher itself
task spawn hog
task spawn bystander adj=-100
task touch bystander anon 200
task list
task touch hog anon 8000
dmesg
task list
threads
tick 5
check
