-- lessons/05-per-cpu-lists.lua
lesson{
	title = "Per-CPU page lists",
	goals = {
		"compute a zone's pcp batch and high (zone_batchsize)",
		"see order-0 requests refill a CPU's list batch pages at a time",
		"see frees pile up on the list until high, then go back batch at a time",
	},
	machine = "classroom", seed = 1,
}

say [[
	Order-0 pages are asked for and freed far more often than any other
	order, and zone->lock is shared by every CPU. So each CPU keeps a small
	private list of free order-0 pages per zone (per_cpu_pages: count, high,
	batch, one list per migratetype). Pages on it are not in free_area and
	not counted in NR_FREE_PAGES.
]]

local function rounddown_pow2(x)
	local p = 1
	while p * 2 <= x do p = p * 2 end
	return p
end
local function zone_batchsize(managed)
	local batch = managed // 1024
	if batch * 4096 > 512 * 1024 then batch = (512 * 1024) // 4096 end
	batch = batch // 4
	if batch < 1 then batch = 1 end
	return rounddown_pow2(batch + batch // 2) - 1
end

local z = bs.zone("Normal")
local batch = zone_batchsize(z.managed_pages)
say([[
	zone_batchsize(): managed / 1024, capped so a batch is at most 512 KiB
	(128 pages), divided by 4, then rounddown_pow_of_two(b + b/2) - 1:
	  Normal: %d / 1024 = %d -> 128 -> 32 -> rounddown_pow_of_two(48) - 1 = %d
	and high = 6 * batch = %d.
]], z.managed_pages, z.managed_pages // 1024, batch, 6 * batch)
expect(z.pageset[0].batch == batch and z.pageset[0].high == 6 * batch,
	"Normal pcp: batch %d, high %d", batch, 6 * batch)
local dma = bs.zone("DMA")
local b = zone_batchsize(dma.managed_pages)
say([[
	The 16 MiB DMA zone: %d / 1024 = %d, / 4 = 0 -> 1, rounddown(1) - 1 = %d,
	stored as batch 1 with high 0: a freed DMA page goes straight back to
	the buddy lists.
]], dma.managed_pages, dma.managed_pages // 1024, b)
expect(b == 0 and dma.pageset[0].batch == 1 and dma.pageset[0].high == 0, "DMA pcp: batch 1, high 0")
pause()

predict{
	question = "CPU 0's Normal list is empty. One order-0 page is allocated on CPU 0. How many pages are left on the list?",
	choices = { "0", "1", tostring(batch - 1), tostring(batch) },
	answer = 3,
	explain = ([[
		An empty list is refilled by rmqueue_bulk() with `batch` pages under
		one zone->lock: %d pages come off the buddy lists, one is handed out.]]):format(batch),
}
local before = bs.zone("Normal").nr_free_pages
local held = {}
local r = bs.alloc{ gfp = "GFP_HIGHUSER_MOVABLE", order = 0, cpu = 0 }
r:run()
held[1] = r
local now = bs.zone("Normal")
expect(now.pageset[0].count == batch - 1, "CPU 0's list holds %d pages", batch - 1)
expect(now.nr_free_pages == before - batch, "NR_FREE_PAGES dropped by the whole batch (%d)", batch)
pause()

say [[
	Allocate 199 more: every time the list runs dry it is refilled with
	another batch. Then free all 200: each free puts the page on the list;
	when count reaches high, free_pcppages_bulk() gives batch pages (the
	oldest, from the tail) back to the buddy lists.
]]
for i = 2, 200 do
	held[i] = bs.alloc{ gfp = "GFP_HIGHUSER_MOVABLE", order = 0, cpu = 0 }
	held[i]:run()
end
local count = 0
for i = 1, 200 do
	if count == 0 then count = batch end
	count = count - 1
end
expect_eq(bs.zone("Normal").pageset[0].count, count, "list count after 200 allocations")
local high = 6 * batch
for i = 1, 200 do
	count = count + 1
	if count >= high then count = count - batch end
end
predict{
	question = "After the 200 frees, how many pages sit on CPU 0's Normal list?",
	choices = { "0", tostring(count), tostring(high), "200" },
	answer = 2,
	explain = ("The list grows to high (%d), drops by batch (%d), grows again: it ends at %d."):format(high, batch, count),
}
for i = 1, 200 do held[i]:free() end
expect_eq(bs.zone("Normal").pageset[0].count, count, "list count after 200 frees")
say(bs.cmd "drain")
expect(bs.zone("Normal").pageset[0].count == 0 and bs.zone("Normal").nr_free_pages == before,
	"after drain_local_pages() the list is empty and NR_FREE_PAGES is back to %d", before)
say [[
	drain_all_pages() does this on every CPU; direct reclaim calls it when
	reclaim made progress but the retry still failed, because free pages
	hiding on other CPUs' lists cannot merge in the buddy lists.
]]
