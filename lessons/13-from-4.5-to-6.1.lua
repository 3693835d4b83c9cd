-- lessons/13-from-4.5-to-6.1.lua
lesson{
	title = "From 4.5 to 6.1: what changed in the slow path",
	goals = {
		"see 4.5's 'retry while reclaim makes progress' become 6.1's counted retries",
		"see costly orders compact first and give up early in 6.1",
		"see __GFP_RETRY_MAYFAIL retry but never call the OOM killer",
		"compare one workload under both kernels with `compare`",
	},
	machine = "tiny", seed = 1, kernel = "4.5",
}

-- pin memory with kernel pages until a GFP_KERNEL request would fail
local function pin()
	local ok = pcall(bs.cmd, "alloc GFP_KERNEL|__GFP_NORETRY|__GFP_NOWARN 0 x8000")
	return ok
end

local function count(path, name)
	local n = 0
	for _, s in ipairs(path) do
		if s == name then n = n + 1 end
	end
	return n
end

local function has(path, name)
	return count(path, name) > 0
end

say [[
	The allocator's slow path was rewritten between 4.5 (2016) and 6.1
	(Debian 12). In 4.5 an order <= 3 request retries for as long as
	direct reclaim reports any progress, and "progress" includes "some zone
	is still reclaimable". 4.7 replaced that with counted retries:
	should_reclaim_retry() gives up after MAX_RECLAIM_RETRIES (16) rounds
	without progress, and only retries while some zone would pass its min
	watermark if every reclaimable page were freed. 4.8 added compaction
	priorities, 4.13 __GFP_RETRY_MAYFAIL. This machine runs 4.5 first.
]]
pause()

-- ---- a costly request on a full machine, under 4.5 ----
pin()
local r = bs.alloc{ gfp = "GFP_KERNEL|__GFP_NOWARN", order = 4 }
r:run()
local p45 = r.path
local reclaims45 = count(p45, "DIRECT_RECLAIM")
expect(not r.ok, "4.5: the order-4 request fails on the full machine")
expect(has(p45, "SHOULD_RETRY") and has(p45, "NORETRY_COMPACT"),
	"4.5: it asks SHOULD_RETRY, then compacts once more before failing")
say("4.5 took %d stages: %s", #p45, table.concat(p45, " > "))
say("It entered direct reclaim %d time(s). Order 4 is costly (> PAGE_ALLOC_COSTLY_ORDER), "
	.. "so 4.5 does not retry it without __GFP_REPEAT; it asks the OOM killer, which does "
	.. "not help costly orders, and compacts once more.", reclaims45)
pause()

-- ---- the same under 6.1 ----
bs.cmd("kernel 6.1")
say [[
	Now the same machine and seed under 6.1. The slow path's stages carry
	6.1's names: COSTLY_COMPACT is the compaction 6.1 tries *before*
	reclaiming for costly orders (async, INIT_COMPACT_PRIORITY), and
	COSTLY_NORETRY is "do not retry costly high order allocations unless
	they are __GFP_RETRY_MAYFAIL".
]]
pin()
predict{
	question = "Under 6.1, what does the order-4 GFP_KERNEL request do after one round of reclaim and compaction?",
	choices = { "retries until 16 rounds made no progress", "gives up: costly, no __GFP_RETRY_MAYFAIL",
		"calls the OOM killer" },
	answer = 2,
	explain = "costly orders without __GFP_RETRY_MAYFAIL go to nopage right after direct compaction",
}
r = bs.alloc{ gfp = "GFP_KERNEL|__GFP_NOWARN", order = 4 }
r:run()
local p61 = r.path
expect(not r.ok, "6.1: it fails too")
expect(has(p61, "COSTLY_COMPACT") and has(p61, "COSTLY_NORETRY"),
	"6.1: compaction first, then COSTLY_NORETRY")
expect(not has(p61, "MAY_OOM") and not has(p61, "RECLAIM_RETRY"),
	"6.1: no retry decision and no OOM path at all")
say("6.1 took %d stages: %s", #p61, table.concat(p61, " > "))
pause()

-- ---- __GFP_RETRY_MAYFAIL at order 0 ----
say [[
	__GFP_RETRY_MAYFAIL (4.13) asks the allocator to try hard, retries
	included, but to fail rather than OOM-kill. 6.1 counts the rounds in
	no_progress_loops and asks should_reclaim_retry() each time.
]]
r = bs.alloc{ gfp = "GFP_KERNEL|__GFP_RETRY_MAYFAIL|__GFP_NOWARN", order = 0 }
r:run()
local kills = bs.vmstat().oom_kill
expect(not r.ok, "the order-0 __GFP_RETRY_MAYFAIL request fails")
expect(has(r.path, "RECLAIM_RETRY") and has(r.path, "MAY_OOM"),
	"it reached should_reclaim_retry and then __alloc_pages_may_oom")
expect_eq(kills, 0, "but the OOM killer killed nobody (oom_kill)")
expect_eq(r.no_progress_loops, 17,
	"should_reclaim_retry stopped once no_progress_loops passed MAX_RECLAIM_RETRIES (16)")
-- what its estimate saw in each of the 16 rounds before: nothing changed
-- meanwhile (nothing was reclaimed), so the zones show it now
local passed = {}
for _, name in ipairs{ "DMA32", "DMA" } do
	local z = bs.zone(name)
	local avail = z.nr_free_pages + z.reclaimable_pages
	local floor = z.watermark.min + z.watermark_boost + (z.lowmem_reserve.Normal or 0)
	say("%s: %d free + %d reclaimable = %d available, against min %d + boost %d + "
		.. "lowmem_reserve %d = %d: %s", name, z.nr_free_pages, z.reclaimable_pages, avail,
		z.watermark.min, z.watermark_boost, z.lowmem_reserve.Normal or 0, floor,
		avail > floor and "above: retry" or "not above")
	if avail > floor then passed[#passed + 1] = name end
end
expect(#passed > 0, "some zone's estimate was above its floor, so each round retried (%s)",
	table.concat(passed, ", "))
say [[
	Nothing here is reclaimable: the kernel pinned it all. Yet the rounds
	went on to 16, and the count ended them, not the estimate. Later 6.1.y
	kernels (the fix for CVE-2024-57884; Debian's 6.1.192 of the real
	captures has it) count a zone without a reclaimable LRU page by its
	free pages, so should_reclaim_retry()'s free + reclaimable holds them
	twice. 6.1.0 would have stopped at the first round.
]]
pause()

-- ---- one workload, both kernels ----
say [[
	`compare 4.5 6.1` boots this machine twice, once under each kernel,
	runs the same commands on both and reports, request by request, the
	first stage where the two paths part, and the counters that differ at
	the end. Without a file it runs a built-in tour of the slow path:
]]
local text = bs.cmd("compare 4.5 6.1")
-- indented, the report is kept line by line (prose would be reflowed)
say("%s", (text:gsub("[^\n]+", "  %0")))
expect(text:find("oom_kill", 1, true) ~= nil, "compare reports the OOM kills of both kernels")
expect(text:find("took different paths", 1, true) ~= nil,
	"and the requests whose paths part")
say [[
	Read it as a kernel engineer would: 4.5 keeps retrying order-0 requests
	while anything is reclaimable and so kills later and more; 6.1 gives up
	reclaim sooner and lets the OOM killer (0..2000 oom_score, a report with
	an oom-kill: summary) decide. Run your own workload with
	compare 4.5 6.1 FILE, where FILE holds commands, a .lua script or an
	ftrace capture.
]]
