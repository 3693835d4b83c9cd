-- lessons/07-direct-reclaim-lru.lua
lesson{
	title = "Direct reclaim and the LRU lists",
	goals = {
		"see the two-touch rule: a file page read twice goes to the active list",
		"step a GFP_KERNEL request through direct reclaim",
		"see reclaim take inactive file pages and leave active and anonymous ones",
	},
	machine = "tiny", seed = 1,
}
local wl = require "workloads"
local sc = require "scenarios"

local function lru()
	local t = { inactive_file = 0, active_file = 0, inactive_anon = 0, active_anon = 0 }
	for _, z in ipairs(bs.zones()) do
		for k in pairs(t) do t[k] = t[k] + z.vm_stat["nr_" .. k] end
	end
	return t
end

say [[
	Reclaim picks its victims from five LRU lists per zone: inactive and
	active anonymous, inactive and active file, unevictable. New page-cache
	pages start on the inactive file list; mark_page_accessed() sets
	PG_referenced on the first access and moves the page to the active list
	on the second. Reclaim scans inactive lists from the tail (the oldest).
]]
wl.reader("reader", 3000, { mapped = true })
bs.task "access reader file 500"
local once = lru()
bs.task "access reader file 500"
local twice = lru()
say("after one access:  inactive_file %d, active_file %d", once.inactive_file, once.active_file)
say("after two accesses: inactive_file %d, active_file %d", twice.inactive_file, twice.active_file)
expect(once.active_file == 0 and twice.active_file == 500 and twice.inactive_file == 2500,
	"the first access only marks the pages referenced; the second activates 500 of them")
pause()

say [[
	A second task takes anonymous memory. This machine has no swap, so
	anonymous pages cannot be reclaimed at all (get_scan_count scans file
	pages only). Then we bring every zone just below its min watermark.
]]
wl.hog("hog", 3500)
for _, z in ipairs(bs.zones()) do sc.fill_zone(z, z.watermark.min - 2) end
local before = lru()
local v0 = bs.vmstat()
predict{
	question = "A GFP_KERNEL page is needed now. Where does direct reclaim find pages to free?",
	choices = { "the active file list", "the tail of the inactive file list", "the anonymous pages", "nowhere: the OOM killer runs" },
	answer = 2,
	explain = [[
		shrink_inactive_list() isolates pages from the tail of the inactive
		file list; the active file list is only aged when it is larger than
		the inactive one (inactive_list_is_low), and without swap anonymous
		pages are not scanned.]],
}
local r = bs.alloc{ gfp = "GFP_KERNEL", order = 0, task = "hog" }
watch(r)
say [[
	Look at the priorities: try_to_free_pages() scans lru_size >> priority
	pages per list, priority 12 down to 0, and stops once it has 32. The
	reader's pages are mapped and were accessed, so page_check_references()
	gives each one a second chance: it clears the young bit of the PTE, sets
	PG_referenced and keeps the page. Only when reclaim meets it again,
	unused since, is it reclaimed -- at priority 0 here.
]]
local after = lru()
local v = bs.vmstat()
local stolen = v.pgsteal_direct_dma + v.pgsteal_direct_dma32 - v0.pgsteal_direct_dma - v0.pgsteal_direct_dma32
local path = table.concat(r.path, " ")
expect(r.ok and path:find("DIRECT_RECLAIM"), "the request got its page after direct reclaim")
expect(v.allocstall == v0.allocstall + 1, "allocstall counted one stall")
expect(stolen > 0 and r.did_some_progress == stolen,
	"did_some_progress = %d pages reclaimed (pgsteal_direct)", stolen)
expect(before.inactive_file - after.inactive_file == stolen,
	"they all came off the inactive file list (%d -> %d)", before.inactive_file, after.inactive_file)
expect(after.active_file == before.active_file and after.active_anon == before.active_anon,
	"active file pages (%d) and anonymous pages (%d) were left alone", after.active_file, after.active_anon)
