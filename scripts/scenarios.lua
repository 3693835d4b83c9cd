-- scripts/scenarios.lua - put the machine into a known state for a lesson or
-- an experiment. Load it with: local sc = require "scenarios"
--
--   sc.fill_zone("DMA32", 102)   allocate from DMA32 until it has 102 free pages
--   sc.take_blocks("DMA32", 1)   take every free block of order >= 1
--   sc.release(held)             free what fill_zone/take_blocks took
--   sc.free_pages("DMA32")       NR_FREE_PAGES of a zone
--   sc.buddy_of(pfn, order)      the buddy's pfn: pfn ~ (1 << order)
--   sc.free_area_pages(zone)     sum of nr_free[o] * 2^o over the orders
--   sc.watermarks(managed, ...)  the kernel's formulas, for checking the engine
local M = {}

function M.free_pages(zone)
	return bs.zone(zone).nr_free_pages
end

function M.buddy_of(pfn, order)
	return pfn ~ (1 << order)
end

function M.free_area_pages(zone)
	local z, pages = bs.zone(zone), 0
	for o = 0, bs.MAX_ORDER - 1 do
		pages = pages + z.free_area[o].nr_free * (1 << o)
	end
	return pages
end

-- The GFP mask that reaches @zone first and ignores the watermarks
-- (__GFP_MEMALLOC, as a reclaimer would), never sleeps and wakes no kswapd:
-- so a lesson can set a zone's free count exactly. Movable, so it steals no
-- pageblocks.
local modifier = { DMA = "__GFP_DMA", DMA32 = "__GFP_DMA32", Normal = "0", Movable = "__GFP_HIGHMEM" }
function M.filler_gfp(zone)
	local name = bs.zone(zone).name
	return modifier[name] .. "|__GFP_MOVABLE|__GFP_MEMALLOC|__GFP_NOWARN"
end

-- Allocate blocks in @zone from the largest order down to @min_order while
-- more(z, order) says so, keeping only blocks that landed in that zone.
local function take_while(zone, min_order, held, more)
	held = held or {}
	local z = bs.zone(zone)
	local gfp = M.filler_gfp(zone)
	local cpu = bs.node(z.nid).cpus[1]	-- run on the zone's node
	for order = bs.MAX_ORDER - 1, min_order, -1 do
		while more(z, order) do
			local r = bs.alloc{ gfp = gfp, order = order, cpu = cpu }
			local pfn = r:run()
			if not pfn then break end
			local p = bs.page(pfn)
			if p.nid ~= z.nid or p.zid ~= z.zid then
				r:free()
				break
			end
			held[#held + 1] = { pfn = pfn, order = order }
		end
	end
	return held
end

-- Allocate from @zone, largest blocks first, until it has exactly @target
-- free pages (or nothing more can be taken there). Returns the list of
-- {pfn=, order=} held, for M.release.
function M.fill_zone(zone, target, held)
	return take_while(zone, 0, held, function(z, order)
		return bs.zone(z).nr_free_pages - (1 << order) >= target
	end)
end

-- Take every free block of order >= @min_order in @zone (to leave only
-- small fragments). Returns the list held, for M.release.
function M.take_blocks(zone, min_order, held)
	return take_while(zone, min_order, held, function(z, order)
		return bs.zone(z).free_area[order].nr_free > 0
	end)
end

function M.release(held)
	for i = #held, 1, -1 do
		bs.free{ held[i].pfn, held[i].order }
	end
end

-- min_free_kbytes, watermarks and lowmem_reserve as mm/page_alloc.c computes
-- them under the running kernel (init_per_zone_wmark_min,
-- __setup_per_zone_wmarks: v4.5's tmp/4 and tmp/2 steps, or v4.6's
-- watermark_scale_factor; setup_per_zone_lowmem_reserve). @zones: the
-- populated zones (bs.zones()). Returns min_free_kbytes and a table by zone
-- name of {min, low, high, lowmem_reserve = {[zid] = pages}}.
function M.kernel_watermarks(zones, min_free_kbytes, scale_factor, ratio)
	local lowmem = 0
	for _, z in ipairs(zones) do lowmem = lowmem + z.managed_pages end
	if not min_free_kbytes then
		-- nr_free_buffer_pages() before any watermark exists: all managed pages
		min_free_kbytes = bs.int_sqrt(lowmem * 4 * 16)
		if min_free_kbytes < 128 then min_free_kbytes = 128 end
		if min_free_kbytes > 65536 then min_free_kbytes = 65536 end
	end
	-- v4.5 has no watermark_scale_factor: low = min + tmp/4, high = min + tmp/2
	local v45 = bs.machine().kernel == "4.5"
	scale_factor = scale_factor or 10
	ratio = ratio or { [0] = 256, 256, 32 }
	local pages_min = min_free_kbytes >> 2
	local out = {}
	for _, z in ipairs(zones) do
		local tmp = pages_min * z.managed_pages // lowmem
		local d = math.max(tmp >> 2, z.managed_pages * scale_factor // 10000)
		local w = { min = tmp, low = tmp + d, high = tmp + 2 * d, lowmem_reserve = {} }
		if v45 then w.low, w.high = tmp + (tmp >> 2), tmp + (tmp >> 1) end
		for hi = 0, 3 do
			local sum = 0
			for _, u in ipairs(zones) do
				if u.nid == z.nid and u.zid > z.zid and u.zid <= hi then sum = sum + u.managed_pages end
			end
			w.lowmem_reserve[hi] = hi > z.zid and sum // math.max(ratio[z.zid] or 1, 1) or 0
		end
		out[z.name] = w
	end
	return min_free_kbytes, out
end

-- The fragmentation index of mm/vmstat.c for @zone and @order, from its
-- free_area (0..1000, or -1000 when a suitable block exists).
function M.fragmentation_index(zone, order)
	local z = bs.zone(zone)
	local free, total, suitable = 0, 0, 0
	for o = 0, bs.MAX_ORDER - 1 do
		local n = z.free_area[o].nr_free
		total = total + n
		free = free + n * (1 << o)
		if o >= order then suitable = suitable + n * (1 << (o - order)) end
	end
	if total == 0 then return 0 end
	if suitable > 0 then return -1000 end
	return 1000 - (1000 + free * 1000 // (1 << order)) // total
end

return M
