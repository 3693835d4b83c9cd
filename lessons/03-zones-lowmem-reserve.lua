-- lessons/03-zones-lowmem-reserve.lua
lesson{
	title = "Zones, zonelists and lowmem_reserve",
	goals = {
		"see the zones of a 6 GiB x86-64 machine and their pfn ranges",
		"see the zonelist a request walks: Normal, then DMA32, then DMA",
		"compute lowmem_reserve from lowmem_reserve_ratio and watch it protect DMA",
	},
	machine = "classroom", seed = 1,
}
local sc = require "scenarios"

say [[
	Physical memory is split into zones by what devices can address:
	DMA below 16 MiB (pfn 4096), DMA32 below 4 GiB (pfn 1048576), Normal
	above. This machine has 6 GiB, with the PCI hole between 3 and 4 GiB:
]]
say(bs.machine "classroom" and bs.cmd "machine")
local zones = bs.zones()
expect(#zones == 3 and zones[1].name == "DMA" and zones[2].name == "DMA32" and zones[3].name == "Normal",
	"three populated zones: DMA, DMA32, Normal")
expect(zones[2].zone_start_pfn == 4096 and zones[3].zone_start_pfn == 1048576,
	"DMA32 starts at pfn 4096 (16 MiB), Normal at pfn 1048576 (4 GiB)")
pause()

local names = {}
for i, z in ipairs(bs.node(0).zonelist) do names[i] = z.name end
say([[
	build_zonelists() lists a node's zones from the highest down, so every
	request walks them in this order, starting at the highest zone its GFP
	flags allow (gfp_zone):  %s
]], table.concat(names, " > "))
expect(table.concat(names, " ") == "Normal DMA32 DMA", "node 0's zonelist is Normal > DMA32 > DMA")

predict{
	question = "A driver asks for GFP_DMA32 (a device that only addresses 32 bits). Which zone serves it?",
	choices = { "Normal", "DMA32", "DMA" },
	answer = "DMA32",
	explain = [[
		gfp_zone(__GFP_DMA32) is ZONE_DMA32: the walk starts there and may only
		fall back to DMA, never up to Normal.]],
}
local where = {}
for _, gfp in ipairs{ "GFP_KERNEL", "GFP_DMA32", "GFP_DMA" } do
	local r = bs.alloc{ gfp = gfp, order = 0 }
	r:run()
	where[gfp] = bs.page(r.pfn).zone
	say("%-10s -> pfn %#x in %s", gfp, r.pfn, where[gfp])
	r:free()
end
expect(where.GFP_KERNEL == "Normal" and where.GFP_DMA32 == "DMA32" and where.GFP_DMA == "DMA",
	"GFP_KERNEL -> Normal, GFP_DMA32 -> DMA32, GFP_DMA -> DMA")
pause()

local ratio = bs.sysctl("lowmem_reserve_ratio")
say([[
	A GFP_KERNEL request may fall back to DMA32 and DMA when Normal is full.
	But DMA and DMA32 are the only memory some devices can use, so a lower
	zone keeps a reserve against requests that could have used a higher
	zone: lowmem_reserve. For a lower zone L and a higher zone H,
	    L.lowmem_reserve[H] = (managed pages of the zones above L, up to H)
	                          / lowmem_reserve_ratio[L]
	with vm.lowmem_reserve_ratio = %s.
]], table.concat(ratio, " "))
local dma, dma32, normal = zones[1], zones[2], zones[3]
local want = {
	dma_dma32 = dma32.managed_pages // ratio[1],
	dma_normal = (dma32.managed_pages + normal.managed_pages) // ratio[1],
	dma32_normal = normal.managed_pages // ratio[2],
}
say([[
	DMA[DMA32]   = %d / %d = %d
	DMA[Normal]  = (%d + %d) / %d = %d
	DMA32[Normal] = %d / %d = %d
]], dma32.managed_pages, ratio[1], want.dma_dma32, dma32.managed_pages, normal.managed_pages,
	ratio[1], want.dma_normal, normal.managed_pages, ratio[2], want.dma32_normal)
expect(dma.lowmem_reserve.DMA32 == want.dma_dma32 and dma.lowmem_reserve.Normal == want.dma_normal and
       dma32.lowmem_reserve.Normal == want.dma32_normal and normal.lowmem_reserve.Normal == 0,
	"lowmem_reserve (protection in /proc/zoneinfo) is DMA (0, %d, %d), DMA32 (0, 0, %d)",
	want.dma_dma32, want.dma_normal, want.dma32_normal)
pause()

predict{
	question = ([[
		DMA has %d free pages and a low watermark of %d. A GFP_KERNEL request
		(classzone Normal) falls back to DMA. Does DMA pass the check
		free > low + lowmem_reserve[Normal]?]]):format(dma.nr_free_pages, dma.watermark.low),
	choices = { "yes", "no" },
	answer = (dma.nr_free_pages > dma.watermark.low + want.dma_normal) and 1 or 2,
	explain = ([[
		%d > %d + %d is false: for Normal-class requests DMA is out of reach,
		while a GFP_DMA request (classzone DMA, reserve 0) passes easily.]]):format(
		dma.nr_free_pages, dma.watermark.low, want.dma_normal),
}
expect(not bs.watermark_ok("DMA", 0, "low", 2), "__zone_watermark_ok(DMA, classzone Normal) fails")
expect(bs.watermark_ok("DMA", 0, "low", 0), "__zone_watermark_ok(DMA, classzone DMA) passes")

say [[
	The reserve follows the sysctl: a ratio of 32 for DMA instead of 256
	makes the reserve 8 times larger (setup_per_zone_lowmem_reserve runs
	again on every write).
]]
bs.sysctl("lowmem_reserve_ratio", { 32, 256, 32 })
expect_eq(bs.zone("DMA").lowmem_reserve.Normal, (dma32.managed_pages + normal.managed_pages) // 32,
	"DMA lowmem_reserve[Normal] with ratio 32")
bs.sysctl("lowmem_reserve_ratio", ratio)
