-- lessons/11-gfp-flag-zoo.lua
lesson{
	title = "The GFP flag zoo: NORETRY, NOFAIL, REPEAT, THISNODE, MEMALLOC",
	goals = {
		"see how each modifier changes the slow path's route",
		"relate the flags to alloc_flags (gfp_to_alloc_flags)",
		"know which requests may fail, loop or kill",
	},
	machine = "tiny", seed = 1,
}
local sc = require "scenarios"

local function route(gfp, order, opt)
	local r = bs.alloc{ gfp = gfp, order = order or 0, cpu = opt and opt.cpu }
	r:run()
	local path = table.concat(r.path, " > ")
	if #r.path > 16 then
		path = table.concat(r.path, " > ", 1, 8) .. (" > ... (%d stages) > "):format(#r.path)
			.. table.concat(r.path, " > ", #r.path - 1)
	end
	say("%s, order %d: %s\n  %s", gfp, order or 0, r.ok and ("pfn %#x"):format(r.pfn) or "failed", path)
	return r, table.concat(r.path, " ")
end

say [[
	Memory is tight: DMA is empty and DMA32 is below its min watermark, and
	there is nothing to reclaim (no page cache, no swap). Every request
	below fails the fast path and the min-watermark retry; what happens next
	depends on its GFP flags.
]]
local held = sc.fill_zone("DMA", 0)
sc.fill_zone("DMA32", bs.zone("DMA32").watermark.min - 12, held)

local _, p = route("GFP_NOWAIT|__GFP_NOWARN")
expect(p:find("CAN_RECLAIM NOPAGE"), "GFP_NOWAIT has no __GFP_DIRECT_RECLAIM: it gives up at once")

local _, p2 = route("GFP_KERNEL|__GFP_NORETRY|__GFP_NOWARN")
expect(p2:find("DIRECT_RECLAIM NORETRY NORETRY_COMPACT NOPAGE") and not p2:find("MAY_OOM"),
	"__GFP_NORETRY: one reclaim round, one compaction try, then fail; never the OOM killer")

local r3, p3 = route("GFP_KERNEL|__GFP_MEMALLOC")
expect(r3.ok and p3:find("NO_WMARKS") and bs.gfp("GFP_KERNEL|__GFP_MEMALLOC").alloc_flags & bs.ALLOC_NO_WATERMARKS ~= 0,
	"__GFP_MEMALLOC: ALLOC_NO_WATERMARKS, it takes from the last reserves")
pause()

predict{
	question = [[
		GFP_KERNEL|__GFP_REPEAT, order 4 (a costly order). Reclaim frees nothing.
		What does the v4.5 slow path do?]],
	choices = { "fail after one round", "OOM-kill a task", "retry while pages_reclaimed < 2^order" },
	answer = 3,
	explain = [[
		should-retry: (did_some_progress && order <= 3) || (__GFP_REPEAT &&
		pages_reclaimed < 1 << order). With no progress the second test stays
		true for ever: v4.5 has no bound. buddyscope stops it after
		ALLOC_MAX_RETRIES passes and says so (looped_out). v4.7 replaced this
		with at most 16 no-progress rounds.]],
}
local r4, p4 = route("GFP_KERNEL|__GFP_REPEAT|__GFP_NOWARN", 4)
expect(not r4.ok and r4.looped_out and r4.nr_retries > 1,
	"__GFP_REPEAT looped %d times through retry until buddyscope stopped it", r4.nr_retries)
local _, p5 = route("GFP_KERNEL|__GFP_NOWARN", 4)
expect(p5:find("MAY_OOM NORETRY_COMPACT NOPAGE"),
	"without __GFP_REPEAT a costly order fails: __alloc_pages_may_oom refuses order > 3")
pause()

say [[
	__GFP_NOFAIL must not fail. When reclaim cannot help, the slow path
	calls the OOM killer even for a task with next to no memory, and then
	takes from the reserves (ALLOC_NO_WATERMARKS in __alloc_pages_may_oom).
	Here the only user task is the shell that asks, and it is killed:
]]
local r6, p6 = route("GFP_KERNEL|__GFP_NOFAIL|__GFP_NOWARN")
expect(r6.ok and p6:find("MAY_OOM"), "__GFP_NOFAIL got its page through the OOM path")
expect(bs.dmesg():find("Out of memory: Kill process 1000 %(bash%)") ~= nil, "the OOM killer chose bash (pid 1000)")
pause()

say [[
	__GFP_THISNODE restricts a request to the zonelist of its own node
	(node_zonelists[ZONELIST_NOFALLBACK]). On a two-node machine, node 1
	has only a Normal zone; we run on CPU 4 (node 1) and bring node 1's
	Normal zone below its low watermark.
]]
bs.machine "numa2"
local n1 = bs.node(1)
local names = {}
for i, z in ipairs(n1.zonelist_nofallback) do names[i] = z.nid .. ":" .. z.name end
expect(table.concat(names, " ") == "1:Normal", "node 1's no-fallback zonelist is just 1:Normal")
sc.fill_zone("1:Normal", bs.zone("1:Normal").watermark.low - 10)
local r7 = route("GFP_KERNEL", 0, { cpu = 4 })
expect(r7.ok and bs.page(r7.pfn).nid == 0, "plain GFP_KERNEL falls back to node 0")
local r8, p8 = route("GFP_NOWAIT|__GFP_THISNODE|__GFP_NOWARN", 0, { cpu = 4 })
expect(not r8.ok and p8:find("THISNODE NOPAGE"),
	"GFP_NOWAIT|__GFP_THISNODE fails at once: v4.5's early THISNODE exit (removed in v4.6)")
local r9 = route("GFP_KERNEL|__GFP_THISNODE", 0, { cpu = 4 })
expect(r9.ok and bs.page(r9.pfn).nid == 1, "GFP_KERNEL|__GFP_THISNODE stays on node 1, at the min watermark")
