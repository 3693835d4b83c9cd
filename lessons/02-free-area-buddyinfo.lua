-- lessons/02-free-area-buddyinfo.lua
lesson{
	title = "free_area and /proc/buddyinfo",
	goals = {
		"read /proc/buddyinfo: free blocks per order, per zone",
		"see that nr_free counts blocks, not pages, summed over migratetypes",
		"check NR_FREE_PAGES = sum of nr_free[o] * 2^o",
	},
	machine = "tiny", seed = 1,
}
local sc = require "scenarios"

say [[
	Each zone has free_area[MAX_ORDER]: for every order a list per
	migratetype (free_list[MIGRATE_UNMOVABLE], [MOVABLE], ...) and nr_free,
	the number of free blocks of that order on all those lists together.
	/proc/buddyinfo prints nr_free, one column per order 0..10:
]]
say(bs.show "buddyinfo")
say [[
	Read a column as "blocks of 2^order pages". The DMA32 line ends in 3:
	three free blocks of 1024 pages (4 MiB each). /proc/pagetypeinfo splits
	the same counts by migratetype:
]]
say(bs.show "pagetypeinfo")
pause()

local ok = true
for _, z in ipairs(bs.zones()) do
	for o = 0, 10 do
		local sum = 0
		for mt = 0, 5 do sum = sum + z.free_area[o].free_list[bs.migratetypes[mt]] end
		if sum ~= z.free_area[o].nr_free then ok = false end
	end
end
expect(ok, "in every zone and order, nr_free = the sum over the migratetype lists")

for _, z in ipairs(bs.zones()) do
	expect(sc.free_area_pages(z) == z.nr_free_pages,
		"%s: NR_FREE_PAGES %d = sum of nr_free[o] * 2^o", z.name, z.nr_free_pages)
end
pause()

local before = bs.zone("DMA32")
predict{
	question = [[
		A user page fault asks for one page (GFP_HIGHUSER_MOVABLE, order 0).
		DMA32 has no free order-0 Movable block but one of order 1.
		How does the DMA32 line of buddyinfo change?]],
	choices = {
		"order 0: -1",
		"order 0: +1, order 1: -1",
		"order 10: -1, orders 0..9: +1 each",
		"nothing: order-0 pages come from the per-cpu list",
	},
	answer = 2,
	explain = [[
		The order-1 block is split: the page keeps the lower half, the upper
		half goes on the order-0 list. (The per-cpu list was empty, so it
		was refilled from the buddy lists first: the same split.)]],
}
local r = bs.alloc{ gfp = "GFP_HIGHUSER_MOVABLE", order = 0 }
r:run()
say(bs.show "buddyinfo")
local after = bs.zone("DMA32")
expect(after.free_area[0].nr_free == before.free_area[0].nr_free + 1 and
       after.free_area[1].nr_free == before.free_area[1].nr_free - 1,
       "DMA32 order 0: %d -> %d, order 1: %d -> %d", before.free_area[0].nr_free,
       after.free_area[0].nr_free, before.free_area[1].nr_free, after.free_area[1].nr_free)
expect(after.nr_free_pages == before.nr_free_pages - 1, "NR_FREE_PAGES went down by one page")
expect(sc.buddy_of(r.pfn, 0) == r.pfn + 1 and bs.block(r.pfn + 1).state == "free",
	"the page's buddy %#x is the free order-0 block", r.pfn + 1)

say [[
	Free it again: the buddy is free and of order 0, so the two merge back
	into the order-1 block and buddyinfo is as before.
]]
r:free()
local back = bs.zone("DMA32")
expect(back.free_area[0].nr_free == before.free_area[0].nr_free and
       back.free_area[1].nr_free == before.free_area[1].nr_free, "buddyinfo is back to the start")
