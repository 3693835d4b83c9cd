-- lessons/09-migratetypes-fallback.lua
lesson{
	title = "Migratetypes and anti-fragmentation: fallback and stealing",
	goals = {
		"see every pageblock start out Movable",
		"see an unmovable request steal a whole block (largest first)",
		"read the mm_page_alloc_extfrag event and /proc/pagetypeinfo",
	},
	machine = "tiny", seed = 1,
}

local function blocks()
	local t = {}
	for pfn = 0x1000, 0x1fff, bs.pageblock_nr_pages do t[#t + 1] = bs.pageblock(pfn):sub(1, 1) end
	return table.concat(t)
end

say [[
	Memory is grouped in pageblocks of 2^pageblock_order = 512 pages, each
	labelled with a migratetype: Unmovable (kernel data), Reclaimable (slab
	caches that can be shrunk), Movable (user pages and page cache).
	Requests take from the free lists of their own type, so unmovable
	allocations stay together and cannot pin down every pageblock.
	At boot every pageblock is Movable. DMA32's 8 pageblocks:
]]
local start = blocks()
say("  %s   (U = Unmovable, M = Movable, R = Reclaimable)", start)
expect(start == "MMMMMMMM", "all of DMA32's pageblocks are Movable")
pause()

local events = {}
bs.on("mm_page_alloc_extfrag", function(ev) events[#events + 1] = ev end)
local z = bs.zone("DMA32")
say([[
	DMA32's Unmovable free lists are empty. A GFP_KERNEL request
	(migratetype Unmovable) therefore falls back: __rmqueue_fallback() tries
	the types in fallbacks[MIGRATE_UNMOVABLE] = { Reclaimable, Movable }
	and, unlike the normal path, scans from the largest order down. Free
	Movable blocks of order 10 here: %d.
]], z.free_area[10].free_list.Movable)
predict{
	question = "From which free block does this order-0 unmovable page come?",
	choices = {
		"the smallest free Movable block (order 1)",
		"the largest free Movable block (order 10)",
		"a block in the DMA zone, which has Unmovable free blocks",
	},
	answer = 2,
	explain = [[
		Largest first: stealing a big block takes whole pageblocks for the new
		type, instead of scattering unmovable pages into many Movable blocks.
		An order-10 block covers two pageblocks; both are relabelled
		Unmovable (change_pageblock_range), and the rest of the block stays
		free on the Unmovable lists for the next unmovable requests.]],
}
local r = bs.alloc{ gfp = "GFP_KERNEL", order = 0 }
r:run()
local ev = events[1]
say("%s\n  DMA32 pageblocks now: %s", ev and ev.text or "(no extfrag event)", blocks())
expect(ev and ev.fallback_order == 10 and ev.fallback_migratetype == 1 and ev.migratetype == 0,
	"extfrag: alloc_migratetype 0 (Unmovable), fallback_order 10, fallback_migratetype 1 (Movable)")
expect(ev and ev.change_ownership == 1, "change_ownership=1: the pageblocks now belong to Unmovable")
expect(blocks() == "MMMMMMUU", "the two pageblocks of the stolen block are Unmovable")
pause()

say [[
	The next unmovable requests find those leftovers on the Unmovable lists
	and need no fallback at all:
]]
local before = #events
local r2 = bs.alloc{ gfp = "GFP_KERNEL", order = 0 }
r2:run()
expect(#events == before and bs.pageblock(r2.pfn) == "Unmovable",
	"the second GFP_KERNEL page (%#x) came from an Unmovable block without an extfrag event", r2.pfn)

say [[
	A reclaimable request (GFP_TEMPORARY: __GFP_RECLAIMABLE) has its own
	fallback order { Unmovable, Movable } -- and again the largest block
	wins, even though the Unmovable lists now have order-9 blocks:
]]
local r3 = bs.alloc{ gfp = "GFP_TEMPORARY", order = 0 }
r3:run()
local e3 = events[#events]
expect(#events == before + 1 and e3.fallback_order == 10 and e3.fallback_migratetype == 1 and e3.migratetype == 2,
	"GFP_TEMPORARY stole another order-10 Movable block")
say("  DMA32 pageblocks now: %s", blocks())
say(bs.show "pagetypeinfo")
expect(blocks() == "MMMMRRUU", "two Reclaimable, two Unmovable, four Movable pageblocks")
say [[
	A Movable request is more careful (can_steal_fallback): it steals --
	moves the pageblock's free pages to its own lists, and claims the
	pageblock if that moved at least half of it -- only when the free block
	it found is of order >= pageblock_order / 2 = 4. A smaller one it just
	takes, leaving the pageblock's type alone, so user pages do not grab
	kernel pageblocks for a few pages.
]]
