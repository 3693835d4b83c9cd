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
local function steal(v, how)
	return v["pgsteal_" .. how .. "_dma"] + v["pgsteal_" .. how .. "_dma32"]
end
local t0, v0 = bs.machine().clock_ns, bs.vmstat()
wl.reader("reader", 7420)
local t1, v1 = bs.machine().clock_ns, bs.vmstat()
local k = bs.node(0).kswapd
local kst, dst = steal(v1, "kswapd") - steal(v0, "kswapd"), steal(v1, "direct") - steal(v0, "direct")
local lines = {}
for _, z in ipairs(bs.zones()) do
	lines[#lines + 1] = ("%-6s free %4d   min %3d  low %3d  high %3d   file LRU %d"):format(z.name,
		z.nr_free_pages, z.watermark.min, z.watermark.low, z.watermark.high,
		z.vm_stat.nr_inactive_file + z.vm_stat.nr_active_file)
end
say(table.concat(lines, "\n"))
say([[
	The reader waited for the disk for every page (show costs: a page read
	takes the disk 7447 ns, the copy 660 ns), so reading took %.1f ms of
	simulated time. Memory ran out at the low watermark long before the
	end; the slow path woke kswapd, which ran on the other CPU while the
	reader read: %d balance_pgdat runs (pageoutrun), %d pages reclaimed
	(pgsteal_kswapd) in %.2f ms of its CPU time, 900 ns a page looked at.
	The reader reclaimed %d pages itself (pgsteal_direct).
]], (t1 - t0) / 1e6, v1.pageoutrun - v0.pageoutrun, kst, k.cpu_ns / 1e6, dst)
expect(v1.pageoutrun > v0.pageoutrun and kst > 0,
	"kswapd was woken and reclaimed %d pages while the reader read", kst)
expect(kst > 4 * dst, "kswapd did most of the reclaim: %d pages against the reader's %d", kst, dst)
pause()

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
wl.wait(10)
say(bs.cmd "threads")
local ok = true
lines = {}
for _, z in ipairs(bs.zones()) do
	lines[#lines + 1] = ("%-6s free %4d   low %3d  high %3d"):format(z.name, z.nr_free_pages,
		z.watermark.low, z.watermark.high)
	if not bs.watermark_ok(z, 0, "low", z.zid) then ok = false end
end
say([[
	%s
	kswapd stopped when every zone was above high; the reader's last pages
	came out of the gap between high and low, which wakes nobody: only a
	zone at or below low does.
]], table.concat(lines, "\n"))
expect(ok, "every zone passes the low watermark check: kswapd kept ahead of the reader")
expect(bs.node(0).kswapd.state ~= "running", "kswapd stopped reclaiming (%s)", bs.node(0).kswapd.state)
pause()

say [[
	kswapd first naps for HZ/10 (100 ms) and then, if the zones are still
	balanced, sleeps until the next wakeup. The page cache shrank by the
	pages it reclaimed; the reader's mapping of them is gone, the data is
	still on disk and would be read again on the next access.
]]
wl.wait(200)
expect(bs.node(0).kswapd.state == "sleeping", "after the nap kswapd sleeps in its wait queue")
