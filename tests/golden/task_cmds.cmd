#args: --machine tiny
# tasks own anonymous and page-cache pages; every page comes through the
# allocator as that task
task
task spawn web adj=-500
task spawn db cpu=1 parent=web
task touch web anon 300
task touch web file 200
task touch db dirty 100
task access web anon 50
task access web file 500
task unmap web anon 100
task free web file 50
task adj db 300
task current db
alloc GFP_KERNEL 0
task current bash
task list
task exit db
task list
check
# bad input: one error line each, nothing changes
task frob
task spawn
task spawn 9lives
task spawn web
task spawn averyveryverylongname
task spawn x adj=1001
task spawn x adj=-2000
task spawn x adj=abc
task spawn x cpu=2
task spawn x parent=nobody
task spawn x color=red
task spawn x y
task touch
task touch web
task touch web anon
task touch nobody anon 10
task touch 4242 anon 10
task touch kswapd0 anon 10
task touch web swap 10
task touch web anon 0
task touch web anon 1000001
task touch web anon many
task touch web anon 10 20
task access web dirty 10
task unmap web anon 0
task exit init
task exit kswapd0
task exit
task adj web
task adj web 1001
task adj kthreadd 0
task current nobody
task current web db
task list all
task list
check
