#args: --machine tiny
# tests/lua/hostile.cmd: what a hostile lesson tried (issue 9), each one
# stopped with a one-line error and the simulation as it was after it.
lua global("state", function() return bs.show "zoneinfo" .. bs.show "pagetypeinfo" .. bs.cmd "task list" .. bs.cmd "dmesg" end)
lua global("before", state())
# a printed table key whose __tostring raises an error (it aborted)
lua local t = {} t[setmetatable({}, {__tostring = function() error("no text for you") end})] = 1 return t
lua local t = {} t[setmetatable({}, {__tostring = function() while true do end end})] = 1 return t
# math.random over the whole integer range (SIGFPE in the PRNG)
lua local r = math.random(math.mininteger, math.maxinteger) return math.type(r)
lua return math.random(0), math.random(3, 3)
# class zones and other integers out of range: one-line errors, no reads out of bounds
lua bs.watermark_ok("DMA32", 0, "min", 4)
lua bs.watermark_ok("DMA32", 0, "min", -1)
lua bs.compaction_suitable("DMA32", 3, 0, 4)
lua bs.compaction_suitable("DMA32", 3, 0, -1)
lua bs.compaction_suitable("DMA32", 11)
lua bs.watermark_ok("DMA32", 0, -5)
lua bs.zone{nid = 4294967296, zid = 1}
lua bs.alloc{order = 3, cpu = 4294967296}
lua bs.alloc{order = 11}
lua bs.gfp(2^40)
lua bs.free_list("DMA32", 0, 99)
lua return bs.watermark_ok("DMA32", 0, "min", 1), bs.compaction_suitable("DMA32", 3, 0, 1)
# an xpcall message handler that never returns (it ran with hooks off)
lua xpcall(function() while true do end end, function() while true do end end)
lua return xpcall(function() error("plain") end, function(m) return "handled: " .. m end)
# pattern matching that backtracks forever in C
lua return ("a"):rep(40):find(("a*"):rep(20) .. "b")
lua for w in ("a"):rep(5000):gmatch(("a-"):rep(8) .. "b") do end
lua return (("x"):rep(3000)):gsub(("x?"):rep(30) .. "y", "")
# coroutines each start their own hook count: a tree of short ones
lua local function tree(d) if d == 0 then return end for i = 1, 3 do coroutine.wrap(function() tree(d - 1) end)() end end tree(30)
lua local function tree(d) if d == 0 then return end for i = 1, 3 do coroutine.resume(coroutine.create(function() tree(d - 1) end)) end end tree(30)
# library loops that run in C, where the count hook never fires (they hung past Ctrl-C)
lua return #string.rep("", math.maxinteger), #(""):rep(1e15, ""), ("ab"):rep(3, ","), ("x"):rep(-1)
lua return #table.move({}, 1, math.maxinteger - 1, 1)
lua local t = setmetatable({}, {__len = function() return math.maxinteger - 1 end}) table.insert(t, 1, "x")
lua local t = setmetatable({}, {__len = function() return math.maxinteger - 1 end}) return table.remove(t, 1)
lua local t = {1, 2, 3} table.insert(t, 1, 0) table.insert(t, 9) return table.concat(t, ","), table.remove(t, 1), table.remove(t), #t, table.remove({}), table.move({1, 2}, 1, 2, 2)[2]
# engine work started by commands counts too: a loop of commands stops, even under pcall
lua for i = 1, 1e9 do pcall(bs.cmd, "compact") end
# output has a budget of its own (2.45 GB were buffered; then the 64 MiB
# memory cap stopped it): print, the value shown, say() outside a lesson,
# printed command output
lua local s = ("x"):rep(1 << 16) .. "\n" for i = 1, 30000 do print(s) end
lua local s = ("y"):rep(1 << 24) local t = {} for i = 1, 60 do t[i] = s end return t
lua for i = 1, 1e9 do say(("z"):rep(1000)) end
lua for i = 1, 1e9 do print(bs.show "buddyinfo") end
# a finalizer would run after the command: refused
lua setmetatable({}, {__gc = function() bs.cmd("alloc GFP_KERNEL 3") end})
# a to-be-closed variable's __close runs as the error unwinds, inside the
# command: what it does is rolled back too, and an endless one is stopped
lua local x <close> = setmetatable({}, {__close = function() bs.cmd("alloc GFP_KERNEL 3") end}) error("after")
lua state() == before
lua local x <close> = setmetatable({}, {__close = function() while true do end end}) error("after")
lua state() == before
# the shared metatables and libraries are read-only
lua getmetatable("").__index = {}
lua string.format = function() return "pwned" end
lua rawset(math, "pi", 3)
lua table.insert = nil
lua return ("%d pages"):format(3), math.pi > 3
# collectgarbage("stop") does not carry over to the next command
lua collectgarbage("stop") return collectgarbage("isrunning")
lua return collectgarbage("isrunning")
# so far the simulation is as it was
lua state() == before
# a request made before reset or a machine switch fails with a clear error
lua global("old", bs.alloc{order = 1})
reset
lua old:run()
lua old:step()
lua global("old", bs.alloc{order = 1}) old:run()
machine tiny
lua old:free()
lua global("old", nil) return bs.alloc{order = 1}:run() ~= nil
lua global("before", state())
# a failed command leaves globals, require cache and bs.on handlers as before it
lua return bs.on("kmem", function() end)
lua bs.on("*", function() error("a handler left behind") end) global("leftover", 1) error("fail after changing the session")
lua bs.cmd("alloc GFP_KERNEL 0") return bs.on("kmem", function() end)
lua leftover
lua bs.off()
# a script or lesson cannot end the program (a class would lose its screen)
lua bs.cmd("quit")
lua bs.quit{}
lua return "still here"
# a NUL byte in a command line from Lua: refused, not cut there (it ran "seed")
lua return bs.cmd("seed\0 99")
lua return bs.seed("1\0 2")
lua return bs.show{topic = "buddyinfo\0x"}
lua return bs.zone("DMA32\0junk")
lua return "still here"
check
