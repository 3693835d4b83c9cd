-- tests/lua/audit.lua: every bs.* function called with hostile arguments
-- (issue 9): wrong types, NaN, huge and negative integers, out-of-range
-- zones, orders, nodes and pfns, a table whose __index raises. Each call
-- either works or fails with a one-line error, and a failed call leaves the
-- machine as it was. Then stale requests (after reset and a machine switch)
-- and event handlers that re-enter the engine. Prints the number of calls
-- and every call that broke a rule (none).
bs.machine "tiny"
local function state()
	return bs.show "zoneinfo" .. bs.cmd "task list" .. bs.cmd "swap"
end
local skip = { quit = true, source = true, lua = true, lesson = true, quiz = true, answer = true,
	export = true, help = true, inspect = true, machine = true }
local nan = 0/0
local evil = setmetatable({}, { __index = function() error("boom from __index") end })
local args = {
	{}, { true }, { nan }, { math.huge }, { -math.huge }, { math.maxinteger },
	{ math.mininteger }, { -1 }, { 2^53 }, { "" }, { ("x"):rep(5000) }, { "\0" }, { {} },
	{ { order = nan } }, { { order = -1 } }, { { order = math.maxinteger } }, { { order = 2^63 } },
	{ { nid = 99 } }, { { nid = -1 } }, { { zone = 99 } }, { { zone = "Nope" } },
	{ { pfn = -1 } }, { { pfn = math.maxinteger } }, { { pfn = nan } }, { { gfp = {} } },
	{ { gfp = ("G"):rep(10000) } }, { print }, { coroutine.create(function() end) }, { evil },
	{ { order = evil } }, { nan, nan, nan }, { -1, -1, -1, -1 },
	{ math.maxinteger, math.maxinteger, math.maxinteger, math.maxinteger },
	{ "Normal", 99 }, { 0, 99 }, { 0, 0, 99 }, { 0, 0, 0, 99 }, { 0, 0, -1 },
	{ "DMA32", 11 }, { "DMA32", 0, -1 }, { 0, 0, 4, 0 }, { 0, 0, 0, -1 },
}
local names = {}
for k, v in pairs(bs) do
	if type(v) == "function" and not skip[k] then names[#names + 1] = k end
end
table.sort(names)
local calls, bad = 0, 0
for _, name in ipairs(names) do
	for i, a in ipairs(args) do
		local s0 = state()
		local ok, err = pcall(bs[name], table.unpack(a, 1, 4))
		calls = calls + 1
		if not ok then
			err = tostring(err)
			if err:find("\n") then
				bad = bad + 1
				print(name .. " args #" .. i .. ": a multi-line error: " .. err)
			end
			if state() ~= s0 then
				bad = bad + 1
				print(name .. " args #" .. i .. ": failed but changed the machine: " .. err)
			end
		end
	end
	bs.off()
	bs.reset()
end
print(calls .. " calls of " .. #names .. " functions, " .. bad .. " broke a rule")

-- try WHAT F ...: one line: what F did, and whether the machine changed
local function try(what, f, ...)
	local s0 = state()
	local ok, err = pcall(f, ...)
	err = ok and "ok" or tostring(err):gsub("^[^:]*:%d+: ", "")
	print(what .. ": " .. err .. (state() ~= s0 and "; the machine changed" or ""))
end
local r = bs.alloc{order = 1}
try("a method on a number", r.step, 5)
try("a method on a table", r.run, {})
try("free before it ran", r.free, r)
r:run()
try("free", r.free, r)
try("free twice", r.free, r)
local r2 = bs.alloc{order = 3}
bs.reset()
try("step after reset", r2.step, r2)
try("a field after reset", function() return r2.stage end)
try("free after reset", r2.free, r2)
print(tostring(r2))
local r3 = bs.alloc{order = 2}
bs.machine "tiny kernel=6.1"
try("run after a switch to 6.1", r3.run, r3)
try("its path after the switch", function() return r3.path end)
-- event handlers: a wrong name or id, and handlers that re-enter the engine
try("bs.on(NaN)", bs.on, nan, print)
try("bs.on with no function", bs.on, "kmem", 5)
try("bs.off with a name", bs.off, "kmem")
try("bs.off with an unknown id", bs.off, 12345)
-- (a handler runs after the call it watches: the page stays allocated, as
-- after any call that worked; the command's rollback undoes it if the error
-- ends the script)
local id = bs.on("mm_page_alloc", function() error("a handler failed") end)
try("a handler that fails", function() return bs.alloc{order = 0}:run() end)
bs.off()
try("bs.off() removed it", function() return bs.alloc{order = 0}:run() end)
bs.on("mm_page_alloc", function() bs.reset() end)
try("a handler that resets the machine", function() return bs.alloc{order = 0}:run() end)
bs.off()
bs.on("mm_page_alloc", function() bs.machine "tiny" end)
try("a handler that switches the machine", function() return bs.alloc{order = 0}:run() end)
bs.off()
local outer = bs.alloc{order = 2}
bs.on("mm_page_alloc", function() outer:step() end)
try("a handler that steps the request that called it", outer.run, outer)
bs.off()
try("lua inside lua", bs.cmd, "lua return 1")
print(bs.check())

-- the fields of a request that ran, and requests made for a task
bs.machine "tiny"
local q = bs.alloc{gfp = "GFP_KERNEL", order = 1}
q:run()
print(tostring(q), q["function"], q.gfp, q.cpu, q.pid, (q.explain:gsub("\n.*", "")))
bs.cmd "task spawn worker"
local w = bs.alloc{order = 0, task = "worker"}
print(tostring(w), w.pid)
try("a task given by a table", function() return bs.alloc{order = 0, task = {pid = 1001}}.pid end)
try("a task given by a pid that is not there", bs.alloc, {order = 0, task = {pid = 99999}})
try("a task given by a name that is not there", bs.alloc, {order = 0, task = "nobody"})
try("a task given by a negative pid", bs.alloc, {order = 0, task = -5})
bs.cmd "task exit worker"
try("run after its task exited", w.run, w)
try("watch after its task exited", watch, w)
