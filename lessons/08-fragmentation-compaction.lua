-- lessons/08-fragmentation-compaction.lua
lesson{
	title = "Fragmentation and compaction for high-order requests",
	goals = {
		"see plenty of free memory and still no free order-4 block",
		"compute the fragmentation index and decide: reclaim or compact?",
		"see direct compaction move pages and build the block",
	},
	machine = "tiny", seed = 1,
}
local wl = require "workloads"
local sc = require "scenarios"

say [[
	Two tasks fault in pages in turn, so neighbouring pages belong to
	different tasks. Then one of them exits: its pages come back as single
	pages whose buddies are still in use, and cannot merge. (We also take
	away the few larger blocks left over, to make the point clearly.)
]]
wl.fragment(3000)
for _, z in ipairs(bs.zones()) do sc.take_blocks(z, 1) end
say(bs.show "buddyinfo")
local z = bs.zone("DMA32")
expect(z.nr_free_pages > 500 and z.free_area[0].nr_free == z.nr_free_pages,
	"DMA32 has %d free pages, every one of them a lone order-0 block", z.nr_free_pages)
local lone = bs.free_list(z, 0, "Movable")[1]
bs.map(("pfn %#x zoom=0"):format(lone))
bs.map(("highlight %#x"):format(lone))
say([[
	The page map now shows one pageblock of DMA32 page by page: the free
	pages (%s) sit alone between pages in use; the one at %#x is marked.
	Its buddy %#x is in use, so it cannot merge.
]], "\xc2\xb7 or .", lone, lone ~ 1)
expect(bs.block(lone ~ 1).state ~= "free", "the buddy of %#x, %#x, is not free", lone, lone ~ 1)
pause()

local free, total = z.nr_free_pages, z.free_area[0].nr_free
local fi = sc.fragmentation_index(z, 4)
say([[
	Would an order-4 request (16 pages) fail for lack of memory, or because
	memory is fragmented? mm/vmstat.c's fragmentation_index() answers with a
	number from 0 (lack of memory) to 1000 (fragmentation):
	  fi = 1000 - (1000 + free_pages * 1000 / 2^order) / free_blocks
	     = 1000 - (1000 + %d * 1000 / 16) / %d = %d
	Compaction is only tried when fi > vm.extfrag_threshold (500); at or
	below, reclaim is the better cure.
]], free, total, fi)
expect(bs.fragmentation_index(z, 4) == fi, "fragmentation_index(DMA32, 4) = %d", fi)
expect(bs.compaction_suitable(z, 4) == "continue", "compaction_suitable(DMA32, 4) says continue")
pause()

predict{
	question = "A GFP_KERNEL order-4 request arrives. How does it get its 16 pages?",
	choices = {
		"the fast path finds them",
		"direct reclaim frees 16 pages",
		"direct compaction moves pages out of the way",
		"it fails: there is no order-4 block",
	},
	answer = 3,
	explain = [[
		The watermark check passes on free pages but fails its free-list part:
		no block of order >= 4. In the slow path __alloc_pages_direct_compact()
		runs first (MIGRATE_ASYNC): the migrate scanner walks up from the
		bottom of the zone isolating movable pages, the free scanner walks
		down from the top isolating free pages, and migrate_pages() copies one
		into the other, until an order-4 block is free.]],
}
local v0 = bs.vmstat()
local r = bs.alloc{ gfp = "GFP_KERNEL", order = 4 }
watch(r)
local v = bs.vmstat()
expect(r.ok and table.concat(r.path, " "):find("DIRECT_COMPACT") and r.pfn % 16 == 0,
	"the request got an aligned order-4 block at %#x after direct compaction", r.pfn or 0)
expect(v.compact_stall == v0.compact_stall + 1 and v.compact_success == v0.compact_success + 1,
	"compact_stall and compact_success counted one each")
expect(v.pgmigrate_success > v0.pgmigrate_success,
	"pages were migrated: pgmigrate_success %d", v.pgmigrate_success - v0.pgmigrate_success)
say(bs.show "buddyinfo")
say [[
	Compaction only moves what can move: pages on the LRU (anonymous and
	page cache). Kernel allocations (slab, page tables) are unmovable; a
	pageblock they sit in cannot be emptied. The next lesson shows how the
	allocator keeps them together.
]]
