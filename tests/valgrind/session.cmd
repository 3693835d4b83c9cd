# tests/valgrind/session.cmd: a bit of everything, for memcheck
alloc GFP_KERNEL 3 x4
task spawn hog
task touch hog anon 3000
task touch hog file 2000
tick 50
compact
start GFP_KERNEL 2
step 3
where
next
trace on
alloc GFP_ATOMIC 0 x20
trace show
lua local r = bs.alloc{order = 1} r:run() return r.pfn ~= nil
lua error("a failed script is rolled back")
lua return ("a=1 b=2"):gsub("(%w+)=(%w+)", "%2=%1")
free all
reset
machine numa2
show buddyinfo
check
