#args: --machine tiny
# task rt, swap that cannot shrink below what is in use, slab until an
# allocation fails, and `threads` under 4.5 (OOM victims, no oom_reaper) and
# 4.6 (kcompactd, oom_reaper)
task spawn rtjob
task rt rtjob
task list
task rt rtjob off
task rt rtjob maybe
task rt nobody
task rt
swap 16M
task spawn hog
task touch hog anon 9000
swap 1M
swap
slab 100000 unmovable
threads
kernel 4.6
task spawn a
task touch a anon 100000
threads
