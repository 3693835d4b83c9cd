#args: --machine tiny
# The quiz session's refusals (no quiz running, a quiz already running, an
# unanswered question), drop_caches 4 and 3, compact show with an
# argument, mlock of more pages than are left unlocked, and task kill.
quiz show
quiz next
quiz topic=nope
quiz topic=merge seed=3 count=2
quiz topic=merge seed=3 count=2
quiz next
quiz stop
set vm.drop_caches 4
set vm.drop_caches 3
compact show extra
task spawn locker
task touch locker anon 100
task mlock locker 50
task mlock locker 500
task mlock nobody 5
task kill locker
task kill locker
task kill nobody
task list
