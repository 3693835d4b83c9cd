-- lessons/12-thp-costly-orders.lua
lesson{
	title = "Transparent huge pages and costly orders",
	goals = {
		"decode GFP_TRANSHUGE and see what it leaves out",
		"see an order-9 THP request get its block from async compaction",
		"see it give up quietly when compaction cannot help: no kswapd, no OOM",
	},
	machine = "tiny", seed = 1,
}
local wl = require "workloads"
local sc = require "scenarios"

local thp = bs.gfp("GFP_TRANSHUGE")
say([[
	A transparent huge page is 2 MiB: order 9, one whole pageblock. Orders
	above PAGE_ALLOC_COSTLY_ORDER (%d) are "costly": the allocator will not
	fight hard for them, because a huge page is only an optimisation -- the
	fault can fall back to 512 small pages. The THP fault path asks with
	  GFP_TRANSHUGE = %#x = (GFP_HIGHUSER_MOVABLE | __GFP_COMP |
	      __GFP_NOMEMALLOC | __GFP_NORETRY | __GFP_NOWARN) & ~__GFP_KSWAPD_RECLAIM
	so it may compact and reclaim directly, but never wakes kswapd, never
	retries, never warns and never touches the reserves.
]], bs.PAGE_ALLOC_COSTLY_ORDER, thp.mask)
expect(thp.mask == 0x4352ca and thp.is_thp and thp.zone == "Movable" and thp.migratetype == "Movable",
	"GFP_TRANSHUGE is 0x4352ca, movable, and is_thp_gfp_mask() says so")
pause()

say [[
	Fragment the memory as in lesson 8, and take every free block of order
	9 and 10, so that no 2 MiB block is free.
]]
wl.fragment(3000)
for _, z in ipairs(bs.zones()) do sc.take_blocks(z, 9) end
say(bs.show "buddyinfo")

local function run(gfp, order)
	local r = bs.alloc{ gfp = gfp, order = order }
	local steps = {}
	while true do
		local stage = r.stage
		local more, why = r:step()
		if stage ~= "DIRECT_RECLAIM" or not more then
			steps[#steps + 1] = ("%-15s %s"):format(stage, why)
		end
		if not more then break end
	end
	say(table.concat(steps, "\n"))
	return r, table.concat(r.path, " ")
end

predict{
	question = "An order-9 GFP_TRANSHUGE request fails the fast path. What runs first in the slow path?",
	choices = { "wake_all_kswapds()", "direct compaction, asynchronous", "direct reclaim", "the OOM killer" },
	answer = 2,
	explain = [[
		No __GFP_KSWAPD_RECLAIM, so no kswapd. After the min-watermark retry,
		__alloc_pages_direct_compact() runs with MIGRATE_ASYNC. For a THP
		request (and not khugepaged) the slow path never upgrades to
		MIGRATE_SYNC_LIGHT: a page fault should not wait on page locks.]],
}
local r = bs.alloc{ gfp = "GFP_TRANSHUGE", order = 9 }
watch(r)
local p = table.concat(r.path, " ")
expect(r.ok and p:find("DIRECT_COMPACT") and not p:find("WAKE_KSWAPD"),
	"the THP request got pfn %#x from direct compaction, without waking kswapd", r.pfn or 0)
expect(r.migration_mode == "MIGRATE_ASYNC", "migration_mode stayed MIGRATE_ASYNC")
pause()

say [[
	Each huge page eats 512 of the free pages compaction needs as migration
	targets. Ask again until compaction says no:
]]
local last, lp
for i = 1, 4 do
	last, lp = run("GFP_TRANSHUGE", 9)
	if not last.ok then break end
end
expect(not last.ok and lp:find("NORETRY NORETRY_COMPACT NOPAGE") and not lp:find("MAY_OOM"),
	"the last THP request failed after one reclaim round: __GFP_NORETRY, no OOM killer")
expect(not lp:find("WAKE_KSWAPD") and bs.node(0).kswapd.state == "sleeping", "kswapd was never woken")
local lines, none_made = {}, true
for _, z in ipairs(bs.zones()) do
	local need = z.watermark.low + (2 << 9) + z.lowmem_reserve[1]
	local verdict = bs.compaction_suitable(z, 9, 0, 1)
	lines[#lines + 1] = ("%-6s free %4d %s low %d + 2 << 9 + lowmem_reserve %d = %d: %s"):format(
		z.name, z.nr_free_pages, z.nr_free_pages > need and ">" or "<=", z.watermark.low,
		z.lowmem_reserve[1], need, verdict)
	if z.free_area[9].nr_free + z.free_area[10].nr_free > 0 then none_made = false end
end
say([[
	compaction_suitable() wants free pages to copy into, low + 2 << order
	of them (an order-0 check), before it lets compaction run:
	%s
	Where it was suitable, compaction ran to the end of the zone
	(COMPACT_COMPLETE) without making a 2 MiB block: the unmovable pages
	the workload scattered pin the pageblocks. Asynchronous compaction does
	not even defer (only sync compaction calls defer_compaction()), so the
	next fault will try again. Reclaim had nothing to free either. The
	fault now falls back to small pages -- which the fragmented memory
	still has plenty of:
]], table.concat(lines, "\n"))
expect(none_made, "no zone has a free block of order 9 or 10: compaction could not make one")
local small = bs.alloc{ gfp = "GFP_HIGHUSER_MOVABLE", order = 0 }
small:run()
expect(small.ok, "an order-0 GFP_HIGHUSER_MOVABLE page is still there")
say [[
	Costly orders without __GFP_NORETRY (and without __GFP_REPEAT) end the
	same way after reclaim: __alloc_pages_may_oom() refuses to kill for
	order > 3, since killing a task rarely frees a contiguous 2^order block.
]]
local big = bs.alloc{ gfp = "GFP_KERNEL|__GFP_NOWARN", order = 9 }
big:run()
local bp = table.concat(big.path, " ")
expect(not big.ok and bp:find("MAY_OOM NORETRY_COMPACT NOPAGE") and
	not bs.dmesg():find("Killed process"),
	"GFP_KERNEL order 9 failed through MAY_OOM without an OOM kill")
