-- lessons/10-oom-killer.lua
lesson{
	title = "The OOM killer and oom_score_adj",
	goals = {
		"compute oom_badness() for every task and predict the victim",
		"see oom_score_adj tilt the choice, and -1000 make a task immune",
		"read the OOM report in the kernel log",
	},
	machine = "tiny", seed = 1,
}
local wl = require "workloads"
local sc = require "scenarios"

say [[
	When reclaim can free nothing at all (here: only anonymous memory and
	no swap), an order <= 3 allocation that may use the filesystem ends in
	__alloc_pages_may_oom() and out_of_memory(). It picks the task whose
	death frees the most memory, by oom_badness():
	  points = rss + swap entries + page-table pages
	         + oom_score_adj * (totalpages / 1000)
	with totalpages = RAM + swap. oom_score_adj runs from -1000 (never kill
	this task) to 1000; /proc/PID/oom_score is points * 1000 / totalpages.
	Three tasks take memory:
]]
wl.hog("editor", 2000)
wl.hog("batchjob", 1000, { adj = 500 })
wl.hog("database", 3000, { adj = -1000 })
local total = bs.machine().totalpages
local lines, best, best_points = {}, nil, -1
for _, name in ipairs{ "editor", "batchjob", "database" } do
	local t = bs.find_task(name)
	local points = 0
	if t.oom_score_adj > -1000 then
		points = math.max(t.rss + t.swapents + t.nr_ptes + t.oom_score_adj * (total // 1000), 1)
	end
	lines[#lines + 1] = ("%-9s rss %4d  ptes %d  adj %5d  -> points %4d, oom_score %d"):format(name,
		t.rss, t.nr_ptes, t.oom_score_adj, points, points * 1000 // total)
	expect(t.badness == points and t.oom_score == points * 1000 // total,
		"%s: oom_badness %d, oom_score %d", name, points, points * 1000 // total)
	if points > best_points then best, best_points = name, points end
end
say("totalpages = %d, so each unit of oom_score_adj is worth %d pages:\n%s", total, total // 1000,
	table.concat(lines, "\n"))
pause()

predict{
	question = "Memory runs out and a fourth task needs a page. Which task does the OOM killer kill?",
	choices = { "editor (largest rss of the killable ones)", "batchjob (oom_score_adj 500)",
		"database (largest rss of all)", "the task that is allocating" },
	answer = best == "editor" and 1 or 2,
	explain = [[
		database is immune (-1000). batchjob's 1000 pages count 500 * 7 = 3500
		extra, more than editor's 2000. The allocating task is only chosen if
		it scores highest (or with vm.oom_kill_allocating_task=1).]],
}
local victim = bs.find_task(best).pid
-- kills so far: v4.5 has no oom_kill counter (4.13), so count the log's lines
local function kills()
	local n = 0
	for _ in bs.dmesg():gmatch("Killed process") do n = n + 1 end
	return n
end
local k0 = kills()
bs.task "spawn hog"
for _, z in ipairs(bs.zones()) do sc.fill_zone(z, z.watermark.min // 2) end
local free = {}
for _, z in ipairs(bs.zones()) do free[#free + 1] = ("%s %d (min %d)"):format(z.name, z.nr_free_pages, z.watermark.min) end
say([[
	The kernel's own allocations (here: ones that may ignore the watermarks)
	have taken every zone below its min watermark: %s.
	Now hog faults in one page, GFP_HIGHUSER_MOVABLE. Step it through the
	slow path: the fast path and the min watermark fail, direct reclaim finds
	nothing it may reclaim (anonymous pages, no swap), should_retry gives up,
	and __alloc_pages_may_oom() calls out_of_memory().
]], table.concat(free, ", "))
local r = bs.alloc{ gfp = "GFP_HIGHUSER_MOVABLE", order = 0, task = "hog" }
watch(r)
local path = table.concat(r.path, " ")
say("path: %s", table.concat(r.path, " > "))
expect(r.ok and path:find("DIRECT_RECLAIM") and path:find("MAY_OOM"),
	"hog's page came after direct reclaim failed and the OOM killer ran")
expect(bs.find_task(best) == nil or bs.find_task(best).rss == 0,
	"%s (pid %d) was killed and its memory freed", best, victim)
expect(bs.find_task("database") and bs.find_task("database").rss == 3000, "database (-1000) kept its memory")
expect(kills() == k0 + 1, "exactly one OOM kill (one 'Killed process' line in the log)")
local log = bs.dmesg()
expect(log:find(("Out of memory: Kill process %d %%(%s%%) score %d or sacrifice child"):format(victim, best,
	best_points * 1000 // total)) ~= nil, "the kernel log says: Kill process %d (%s) score %d", victim, best,
	best_points * 1000 // total)
pause()

say [[
	The report in the kernel log (dmesg) has the allocation that failed, the
	memory state (show_mem), the task table the choice was made from
	(oom_dump_tasks), and the kill. In v4.5 the victim frees its memory
	itself as it exits, on its way back to user space; until then it keeps
	TIF_MEMDIE, and any other OOM waits for it. (v4.6 added the oom_reaper,
	a thread that frees a victim's anonymous memory at once: `kernel 4.6`.)
]]
local keep = {}
for line in log:gmatch("[^\n]+") do
	if line:find("invoked oom%-killer") or line:find("%[ *%d+%]") or line:find("Kill") or
	   line:find("oom_reaper") or line:find("pid %]") then
		keep[#keep + 1] = line
	end
end
say(table.concat(keep, "\n"))
