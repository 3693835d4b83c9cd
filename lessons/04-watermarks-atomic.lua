-- lessons/04-watermarks-atomic.lua
lesson{
	title = "Watermarks, GFP_ATOMIC and GFP_KERNEL",
	goals = {
		"compute min_free_kbytes and the min/low/high watermarks",
		"see the fast path fail at low and the slow path succeed at min",
		"see why GFP_ATOMIC gets pages GFP_KERNEL may not touch",
	},
	machine = "tiny", seed = 1,
}
local sc = require "scenarios"

local zones = bs.zones()
local managed = 0
for _, z in ipairs(zones) do managed = managed + z.managed_pages end
local mfk, w = sc.kernel_watermarks(zones)
say([[
	Every zone has three watermarks, computed at boot from min_free_kbytes:
	  min_free_kbytes = int_sqrt(lowmem_kbytes * 16)
	                  = int_sqrt(%d pages * 4 KiB * 16) = %d
	  pages_min = %d / 4 = %d, shared out by managed pages:
	  tmp  = pages_min * zone managed / %d
	  min  = tmp;  low = min + tmp / 4;  high = min + tmp / 2
	(v4.6 added vm.watermark_scale_factor: low = min + d, high = min + 2d,
	with d = max(tmp / 4, managed * watermark_scale_factor / 10000).)
]], managed, mfk, mfk, mfk >> 2, managed)
expect_eq(bs.sysctl("min_free_kbytes"), mfk, "vm.min_free_kbytes")
for _, z in ipairs(zones) do
	local k = w[z.name]
	expect(z.watermark.min == k.min and z.watermark.low == k.low and z.watermark.high == k.high,
		"%s: min %d, low %d, high %d", z.name, k.min, k.low, k.high)
end
pause()

say [[
	To watch the checks we empty DMA and bring DMA32 down to exactly its
	low watermark, with requests that ignore the watermarks
	(__GFP_MEMALLOC, as reclaim itself does).
]]
local held = sc.fill_zone("DMA", 0)
local dma32 = bs.zone("DMA32")
local low, min = dma32.watermark.low, dma32.watermark.min
sc.fill_zone("DMA32", low, held)
expect(sc.free_pages("DMA32") == low, "DMA32 has %d free pages, its low watermark", low)

predict{
	question = "GFP_KERNEL, order 0. DMA32 has exactly `low` free pages. Does the fast path get a page?",
	choices = { "yes", "no" },
	answer = "no",
	explain = [[
		__zone_watermark_ok fails when free <= mark + lowmem_reserve: the fast
		path needs strictly more than low. The slow path then wakes kswapd and
		retries at the min watermark, which passes.]],
}
local r = bs.alloc{ gfp = "GFP_KERNEL", order = 0 }
watch(r)
say("path: %s\n  %s", table.concat(r.path, " > "), r.why)
local path = table.concat(r.path, " ")
expect(r.ok and path:find("WAKE_KSWAPD") and path:find("MIN_WMARK"),
	"the slow path woke kswapd and got the page at the min watermark")
expect(bs.node(0).kswapd.state == "running", "kswapd was woken (it runs when time passes)")
pause()

local target = (min + min // 2) // 2 + 1
sc.fill_zone("DMA32", target, held)
say([[
	Now DMA32 is below min: %d free pages, min is %d. A GFP_KERNEL request
	may only take pages above min; below it, it must reclaim (there is
	nothing to reclaim on this idle machine) and, with __GFP_NORETRY, gives
	up after one round.
]], sc.free_pages("DMA32"), min)
local k = bs.alloc{ gfp = "GFP_KERNEL|__GFP_NORETRY|__GFP_NOWARN", order = 0 }
k:run()
say("GFP_KERNEL|__GFP_NORETRY: %s\npath: %s", k.ok and "got a page" or "no page", table.concat(k.path, " > "))
expect(not k.ok, "GFP_KERNEL fails below min")

local m = min - min // 2
local atomic_min = m - m // 4
say([[
	GFP_ATOMIC is __GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM. In the slow
	path gfp_to_alloc_flags() turns __GFP_HIGH into ALLOC_HIGH (min -= min/2)
	and __GFP_ATOMIC into ALLOC_HARDER (min -= min/4 of what is left):
	  %d - %d = %d,  %d - %d = %d
]], min, min // 2, m, m, m // 4, atomic_min)
predict{
	question = ("DMA32 has %d free pages. Does GFP_ATOMIC get a page?"):format(sc.free_pages("DMA32")),
	choices = { "yes", "no" },
	answer = sc.free_pages("DMA32") > atomic_min and 1 or 2,
	explain = ("It needs free > %d: interrupt handlers can dig into the reserve that GFP_KERNEL must leave."):format(atomic_min),
}
local a = bs.alloc{ gfp = "GFP_ATOMIC", order = 0 }
watch(a)
say("GFP_ATOMIC: %s, alloc_flags %s\n  %s", a.ok and "got a page" or "no page", a.alloc_flags_text, a.why)
expect(a.ok and a.alloc_flags & bs.ALLOC_HARDER ~= 0 and a.alloc_flags & bs.ALLOC_HIGH ~= 0,
	"GFP_ATOMIC succeeds below min with ALLOC_HIGH|ALLOC_HARDER")

sc.fill_zone("DMA32", atomic_min, held)
local b = bs.alloc{ gfp = "GFP_ATOMIC|__GFP_NOWARN", order = 0 }
b:run()
say("At %d free pages, GFP_ATOMIC: %s (path %s).", atomic_min, b.ok and "got a page" or "no page",
	table.concat(b.path, " > "))
expect(not b.ok and table.concat(b.path, " "):find("CAN_RECLAIM"),
	"at free = %d GFP_ATOMIC fails too, and cannot sleep to reclaim", atomic_min)
say [[
	Even atomic requests stop there: the rest of min is for the reclaimers
	themselves (PF_MEMALLOC, ALLOC_NO_WATERMARKS) so that they can free memory.
]]
