#args: --machine tiny
# back and forward: errors first, with nothing to undo or redo
back
forward
back 0
# the trace recording goes back too
trace on
alloc GFP_KERNEL 2
trace show
back 2
trace show
trace
forward 2
trace show
trace off
# commands that change nothing are not entries: show, where, dmesg, help
task spawn hog
task touch hog anon 4000
show buddyinfo
dmesg
back
show buddyinfo
forward
show buddyinfo
# while a request is stepped, each stage is an entry: back 1 undoes one
# (no watermark holds: the request goes down the slow path)
set min_free_kbytes 16000
start GFP_KERNEL 0
step 3
where
info locals
back
where
info locals
forward 5
forward
where
info locals
# more than there is: say how many there are
back 40
forward 2
# a failed command changes nothing, and is not an entry
lua bs.cmd('alloc GFP_KERNEL 3'); error('late')
show buddyinfo
# a new command after back forgets what was undone
back 2
alloc GFP_ATOMIC 0
forward
# across machines and reset
machine numa2
reset
back 2
machine
forward 2
machine
help back
