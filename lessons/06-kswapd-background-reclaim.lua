-- lessons/06-kswapd-background-reclaim.lua
lesson{
	title = "kswapd and background reclaim",
	goals = {
		"see an allocation below the low watermark wake kswapd",
		"see kswapd's balance_pgdat() reclaim until every zone is above high",
		"read kswapd's work in /proc/vmstat: pageoutrun, pgscan_kswapd, pgsteal_kswapd",
	},
	machine = "tiny", seed = 1,
}
local wl = require "workloads"

say [[
	kswapd is one kernel thread per node. It sleeps until an allocation
	finds every zone of its zonelist at or below the low watermark; the
	slow path then calls wake_all_kswapds() and goes on. kswapd reclaims in
	the background until the zones are balanced again: free above the high
	watermark. Its target is high, not low, so that it does not wake again
	at the very next allocation.

	A task reads files: page-cache pages, on the inactive file LRU list,
	which reclaim can drop (they are clean copies of the disk).
]]
local managed = bs.machine().managed_pages
wl.reader("reader", 7420)
local lines, balanced = {}, true
for _, z in ipairs(bs.zones()) do
	lines[#lines + 1] = ("%-6s free %4d   min %3d  low %3d  high %3d   file LRU %d"):format(z.name,
		z.nr_free_pages, z.watermark.min, z.watermark.low, z.watermark.high,
		z.vm_stat.nr_inactive_file + z.vm_stat.nr_active_file)
	if not bs.watermark_ok(z, 0, "high", z.zid) then balanced = false end
end
say(table.concat(lines, "\n"))
expect(not balanced, "after reading 7420 pages the node is not balanced: a zone is at or below high")
local k = bs.node(0).kswapd
expect(k.state == "running", "kswapd0 was woken (state %s)", k.state)
pause()

say [[
	No simulated time has passed yet, so kswapd has not run: the reader's
	last page faults found the zones below min too and reclaimed for
	themselves (direct reclaim, the next lesson). Now let 100 ms pass.
]]
local v0 = bs.vmstat()
predict{
	question = "kswapd runs balance_pgdat() for order 0. When does it stop reclaiming?",
	choices = {
		"when every zone is above its low watermark",
		"when every zone is above its high watermark",
		"when it has freed SWAP_CLUSTER_MAX (32) pages",
		"when the page cache is empty",
	},
	answer = 2,
	explain = [[
		pgdat_balanced() at order 0 wants zone_balanced() for every zone up to
		the classzone: zone_watermark_ok_safe(zone, 0, high). Each zone it
		shrinks gets nr_to_reclaim = max(32, high) per pass.]],
}
wl.wait(100)
say(bs.cmd "threads")
local v = bs.vmstat()
local ok = true
lines = {}
for _, z in ipairs(bs.zones()) do
	lines[#lines + 1] = ("%-6s free %4d   high %3d"):format(z.name, z.nr_free_pages, z.watermark.high)
	if not bs.watermark_ok(z, 0, "high", z.zid) then ok = false end
end
say(table.concat(lines, "\n"))
expect(ok, "every zone passes the high watermark check")
local stolen = v.pgsteal_kswapd_dma + v.pgsteal_kswapd_dma32 - v0.pgsteal_kswapd_dma - v0.pgsteal_kswapd_dma32
local scanned = v.pgscan_kswapd_dma + v.pgscan_kswapd_dma32 - v0.pgscan_kswapd_dma - v0.pgscan_kswapd_dma32
say("/proc/vmstat: pageoutrun %d, pgscan_kswapd %d, pgsteal_kswapd %d", v.pageoutrun, scanned, stolen)
expect(v.pageoutrun >= 1 and stolen > 0 and scanned >= stolen,
	"kswapd ran balance_pgdat (pageoutrun %d) and reclaimed %d of %d scanned pages", v.pageoutrun, stolen, scanned)
expect(bs.node(0).kswapd.state ~= "running", "kswapd went back to sleep (%s)", bs.node(0).kswapd.state)
pause()

say [[
	kswapd first naps for HZ/10 (100 ms) and then, if the zones are still
	balanced, sleeps until the next wakeup. The page cache shrank by the
	pages it reclaimed; the reader's mapping of them is gone, the data is
	still on disk and would be read again on the next access.
]]
wl.wait(200)
expect(bs.node(0).kswapd.state == "sleeping", "after the nap kswapd sleeps in its wait queue")
