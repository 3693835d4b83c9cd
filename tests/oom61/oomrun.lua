-- tests/oom61/oomrun.lua - the oom_1G_smp2 workload (src/guest/oom.sh of
-- the capture's description), expressed with what the simulator has;
-- run.sh fills in the @...@ values from the capture:
--   * the machine boots from the real /proc snapshot taken before the
--     holders (oom/00_boot), THP as that machine had it (6.1: always);
--   * @KMEM@ pages of kernel memory (GFP_KERNEL, never freed): what the
--     real run took beside the workload by the time the holders were
--     ready (run.sh reads it from the two snapshots);
--   * when the capture read page cache first (OOM_PC_MB=@PC_MIB@ on the
--     kernel command line), a task reads @PC_MIB@ MiB of a block device
--     (`task touch dd bdev`: GFP_USER page cache nobody maps) and exits;
--     the cache stays, as the real script keeps the device open;
--   * the holders (oom/holders: name, oom_score_adj, MiB; their step from
--     oom/holder_NAME.log) fault their memory in steps, one step each in
--     turn (the real three ran at once, sleeping 0 between steps);
--   * then the grower (oom_score_adj 0, its step from grower.log) faults
--     a step every @PACE@ ms (the real grower's median period between two
--     steps in grower.log, the 20 ms sleep plus its faults under TCG)
--     until it is killed; then a second passes (`sleep 1`) and the
--     holders alive are listed, as oom/survivors lists them.
-- Each step is a new mmap of STEP MiB: 6.1 does not align an anonymous
-- mmap to 2 MiB, so its first and last partial 2 MiB take order-0 pages
-- and the STEP/2 - 1 aligned ones between a THP each (with THP `always`;
-- the real 01_holders_ready's thp_fault_alloc, 133, is this count for
-- 96 + 160 + 48 MiB in 16 MiB steps: 42 + 70 + 21). SIMPLIFICATION: the
-- model cannot place a mapping, so the two partial ends are 1 MiB each.
local holders = { @HOLDERS@ }
local grower, gstep, pace, pc_mib = "@GROWER@", @GSTEP@, @PACE@, @PC_MIB@

local function alive(name)
  local t = bs.find_task(name)
  return t ~= nil and not t.sigkill
end

-- one mmap of mib MiB touched page by page; false once the task is killed
local function mmap_touch(name, mib)
  local pages = mib * 256
  local ends = pages >= 1024 and 256 or pages // 2
  for _, n in ipairs{ ends, pages - 2 * ends, ends } do
    if not alive(name) then return false end
    if n > 0 then bs.task("touch " .. name .. " anon " .. n) end
  end
  return alive(name)
end

-- the capture's snapshot read its sysctls after zoneinfo (common.sh's
-- snap: `cat /proc/sys/vm/lowmem_reserve_ratio` among them); that read ran
-- setup_per_zone_lowmem_reserve(), so the real reports' lowmem_reserve[]
-- is from the final managed pages, not the boot zoneinfo's
bs.sysctl("lowmem_reserve_ratio")

-- the kernel memory the real run took beside the workload (run.sh):
-- ftrace's ring buffers, set up before anything else, and slab
if @KMEM@ > 0 then bs.cmd("alloc GFP_KERNEL 0 x@KMEM@") end

if pc_mib > 0 then
  bs.task("spawn dd")
  bs.task("touch dd bdev " .. pc_mib * 256)
  bs.task("exit dd")
end

for _, h in ipairs(holders) do bs.task("spawn " .. h.name .. " adj=" .. h.adj) end
local left = true
while left do
  left = false
  for _, h in ipairs(holders) do
    h.done = h.done or 0
    if h.done < h.mib and alive(h.name) then
      local mib = math.min(h.step, h.mib - h.done)
      mmap_touch(h.name, mib)
      h.done = h.done + mib
      left = true
    end
  end
end
for _, h in ipairs(holders) do
  local t = bs.find_task(h.name)
  if t then
    print(string.format("model holder %s rss=%d oom_score=%d oom_score_adj=%d",
      h.name, t.rss, t.oom_score, t.oom_score_adj))
  end
end

bs.task("spawn " .. grower .. " adj=0")
local mib = 0
while alive(grower) do
  local j0 = bs.machine().jiffies
  if mmap_touch(grower, gstep) then mib = mib + gstep end
  if not alive(grower) then break end
  local spent = bs.machine().jiffies - j0
  bs.tick(tostring(math.max(1, pace - spent)))
end
print(string.format("model grower touched=%dMB (whole steps) jiffies=%d", mib, bs.machine().jiffies))
bs.tick("1000")	-- sleep 1
for _, h in ipairs(holders) do
  print(string.format("model survivor %s %s", h.name, bs.find_task(h.name) and "alive" or "dead"))
end
local v = bs.vmstat()
print(string.format("model vmstat oom_kill=%d thp_fault_alloc=%d thp_fault_fallback=%d pgsteal_kswapd=%d pgsteal_direct=%d",
  v.oom_kill or 0, v.thp_fault_alloc or 0, v.thp_fault_fallback or 0,
  v.pgsteal_kswapd or 0, v.pgsteal_direct or 0))
