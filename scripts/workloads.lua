-- scripts/workloads.lua - tasks that put the allocator under pressure, for
-- lessons and experiments. Load with: local wl = require "workloads"
-- Every workload goes through the command table (bs.task, bs.tick, ...), so
-- each page a task touches takes the whole allocation path: it can wake
-- kswapd, reclaim, compact or call the OOM killer. Randomness comes from
-- math.random, the simulation's seeded PRNG: the same seed, the same run.
local M = {}

-- Spawn a task: M.spawn("hog", {adj = 500, cpu = 1}) -> pid
function M.spawn(name, opt)
	local line = "spawn " .. name
	if opt and opt.adj then line = line .. " adj=" .. opt.adj end
	if opt and opt.cpu then line = line .. " cpu=" .. opt.cpu end
	if opt and opt.parent then line = line .. " parent=" .. opt.parent end
	bs.task(line)
	return bs.find_task(name).pid
end

-- A memory hog: a task that faults in @pages anonymous pages.
function M.hog(name, pages, opt)
	local pid = M.spawn(name, opt)
	if pages > 0 then bs.task(("touch %s anon %d"):format(name, pages)) end
	return pid
end

-- A page-cache reader: reads @pages of files (inactive file LRU); with
-- opt.reread = N it reads the first N pages again, which promotes them to
-- the active list (mark_page_accessed: the second touch activates).
function M.reader(name, pages, opt)
	local pid = M.spawn(name, opt)
	bs.task(("touch %s %s %d"):format(name, opt and opt.dirty and "dirty" or
		opt and opt.mapped and "file" or "read", pages))
	if opt and opt.reread then
		bs.task(("access %s file %d"):format(name, opt.reread))
	end
	return pid
end

-- The fragmenter: two tasks fault pages in turn, so neighbouring pages
-- belong to different tasks; then the second exits. Its pages come back as
-- single free pages whose buddies are still in use: plenty of free memory,
-- few free high-order blocks. The survivor's pages are movable (anonymous,
-- on the LRU), so compaction can move them. Returns the survivor's pid.
function M.fragment(pages, names)
	names = names or { "keep", "gone" }
	local a = M.spawn(names[1])
	M.spawn(names[2])
	for i = 1, pages do
		bs.task(("touch %s anon 1"):format(names[i % 2 == 1 and 1 or 2]))
	end
	bs.task("exit " .. names[2])
	return a
end

-- Mixed-migratetype churn: @rounds of random kernel (unmovable),
-- reclaimable-slab-like and user (movable) allocations of small orders, and
-- random frees. Unmovable and reclaimable requests steal pageblocks from
-- the movable ones (__rmqueue_fallback). Returns the blocks still held.
local kinds = { "GFP_KERNEL", "GFP_TEMPORARY", "GFP_HIGHUSER_MOVABLE" }
function M.churn(rounds, opt)
	local held = {}
	local max_order = opt and opt.max_order or 3
	for _ = 1, rounds do
		if #held > 0 and math.random(3) == 1 then
			local i = math.random(#held)
			held[i]:free()
			held[i] = held[#held]
			held[#held] = nil
		else
			local r = bs.alloc{ gfp = kinds[math.random(3)] .. "|__GFP_NOWARN|__GFP_NORETRY",
				order = math.random(0, max_order) }
			if r:run() then held[#held + 1] = r end
		end
	end
	return held
end

-- Let @jiffies pass in steps of @step (default 10): kswapd, kcompactd, the
-- flushers and the oom_reaper run meanwhile.
function M.wait(jiffies, step)
	step = step or 10
	while jiffies > 0 do
		local j = math.min(step, jiffies)
		bs.tick{ jiffies = j }
		jiffies = jiffies - j
	end
end

return M
