#args: --machine tiny
# tests/lua/sandbox.cmd: runaway and hostile scripts are stopped with a
# message, and the simulation is exactly as it was after each.
lua global("state", function() return bs.show "zoneinfo" .. bs.show "pagetypeinfo" .. bs.cmd "task list" .. bs.cmd "dmesg" end)
lua global("before", state())
# an endless loop: the instruction budget stops it
lua local n = 0 while true do n = n + 1 end
lua state() == before
# pcall cannot swallow the stop
lua while true do pcall(function() while true do end end) end
lua state() == before
# a memory bomb: the allocator's cap stops it
lua local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(200) .. i end
lua state() == before
lua local s = "x" while true do s = s .. s end
lua state() == before
# an endless recursion is a stack overflow, told in one line (not as a
# memory bomb, not as 20 lines of the same frame): in Lua, through a C
# function (the C stack), in a coroutine, under pcall
lua local function f() bs.alloc{order = 0}:run() return f() + 1 end f()
lua state() == before
lua local function f(n) return string.gsub("a", "a", function() return f(n + 1) end) end f(1)
lua local co = coroutine.wrap(function() local function f() return f() + 1 end f() end) co()
lua local function f() local ok, e = pcall(f) if not ok then error(e, 0) end end f()
lua state() == before
# a runtime error after the script changed the sim: rolled back
source tests/lua/error.lua
lua state() == before
lua bs.alloc{order = 3}:run() error("after an allocation")
lua state() == before
# the sandbox: no os, io, debug, package, dofile, loadfile, bytecode
lua os.execute("echo hi")
lua io.popen("ls")
lua debug.getinfo(1)
lua package.loadlib("x", "y")
lua dofile("/etc/passwd")
lua loadfile("/etc/passwd")
lua string.dump(print)
lua load("\27Lua\84\0")
lua require("../../etc/passwd")
# globals are guarded, bs is read-only
lua undefined_name + 1
lua typo_global = 3
lua print = nil
lua bs.alloc = nil
lua rawset(bs, "x", 1)
lua setmetatable(_G, nil)
lua getmetatable(bs)
lua global("kept", 42)
lua kept + 1
# math.random is the simulation's seeded PRNG
seed 7
lua global("r1", {math.random(1000), math.random(1000), math.random(1000)})
seed 7
lua local r2 = {math.random(1000), math.random(1000), math.random(1000)} return r1[1] == r2[1] and r1[2] == r2[2] and r1[3] == r2[3]
lua math.random(10, 1)
# bad input to bs functions is a one-line error
lua bs.alloc{gfp = "GFP_KERNAL", order = 3}
lua bs.zone("Nromal")
lua bs.show{topik = "buddyinfo"}
lua bs.free{0x1234}
lua bs.nosuch()
lua lua print(1)
lua bs.cmd("lua print(1)")
lua
lua state() == before
check
