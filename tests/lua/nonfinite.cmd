# NaN and inf from Lua: bs.cmd(0/0) ran "-nan" as a command (libc's
# spelling: "-nan" on x86, "nan" elsewhere). A number is no command line;
# print, tostring, bs.inspect, a chunk's results, error objects and
# command arguments spell a non-finite number "nan", "inf" or "-inf"
lua bs.cmd(0/0)
lua bs.cmd(1/0)
lua bs.cmd(42)
lua bs.cmd()
lua print(0/0, -(0/0), 1/0, -1/0, 1.5, 3)
lua return 0/0, -(0/0), {x = 0/0, y = -1/0}
lua print(tostring(0/0), bs.inspect({a = 1/0, b = 0/0}))
lua error(0/0)
lua coroutine.wrap(function() error(-(0/0)) end)()
lua bs.show{topic = 0/0}
lua return bs.alloc{gfp = "GFP_KERNEL", order = 0/0}
lua return "still here"
check
