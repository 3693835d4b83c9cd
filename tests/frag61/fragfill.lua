-- tests/frag61/fragfill.lua - the frag_1G_smp2_chunk16 workload, expressed
-- with what the simulator has (run.sh fills in the @...@ numbers from the
-- capture's progress.log and hugetlb_results):
--   * the machine boots from the real /proc snapshot taken after the
--     block-device page cache was read (proc:DIR places that cache in
--     Unmovable pageblocks, as GFP_USER puts it);
--   * src/fragfill.c: @ANON_MIB@ MiB of anonymous memory 1 MiB at a time,
--     @PIPES@ single-page pipe buffers after each MiB (pipe_write's
--     alloc_page(GFP_HIGHUSER | __GFP_ACCOUNT): unmovable), then every other
--     run of @CHUNK@ pages freed. Two tasks take turns faulting runs of
--     @CHUNK@ pages and the second exits: the same holes, MADV_DONTNEED-like;
--   * echo N > nr_hugepages as 6.1's set_max_huge_pages() does it on one
--     node: alloc_pool_huge_page() -> alloc_buddy_huge_page() with
--     htlb_alloc_mask (GFP_HIGHUSER_MOVABLE) | __GFP_THISNODE | __GFP_COMP |
--     __GFP_NOWARN | __GFP_RETRY_MAYFAIL, order 9, until the first failure;
--   * echo 1 > compact_memory: the compact command;
--   * then (reported, not checked: README says why) fragfill killed, a
--     second (1000 jiffies, `sleep 1`), the pool released, echo 3 >
--     drop_caches, and the pool grown to @H3@.
-- SIMPLIFICATION: kswapd runs beside the writer on the second cpu; here
-- a growth's huge pages come one every @TICK1@, @TICK2@, @TICK3@ jiffies
-- (of the model's HZ 1000) in the three growths: the real run's own pace,
-- its growth's time over its attempts (run.sh reads them from
-- progress.log and hugetlb_results); kswapd and kcompactd run meanwhile.
local function vm() return bs.vmstat() end
local function report(label, v0, v1, got, want, prefix)
  local function d(k) return (v1[k] or 0) - (v0[k] or 0) end
  print(string.format((prefix or "") .. "model %s got=%d attempted=%d compact_stall=%d compact_success=%d compact_fail=%d pgsteal_kswapd=%d pgsteal_direct=%d",
    label, got, want, d"compact_stall", d"compact_success", d"compact_fail",
    d"pgsteal_kswapd", d"pgsteal_direct"))
end

-- The machine's CPUs run @SLOWDOWN@ times slower than the cost table's
-- host (run.sh measures it from the real run's fragfill: README, frag61).
bs.set("sim.cpu_slowdown @SLOWDOWN@")
-- A woken kernel thread starts this late (run.sh measures it from the real
-- run's trace: its kswapd's wakeups; "default": the cost table's).
bs.set("sim.wakeup_us @WAKEUP@")
local chunk, pipes = @CHUNK@, @PIPES@
local t0 = bs.machine().clock_ns
bs.task("spawn fragA"); bs.task("spawn fragB")
for mib = 1, @ANON_MIB@ do
  for k = 1, 256 // (2 * chunk) do
    bs.task("touch fragA anon " .. chunk); bs.task("touch fragB anon " .. chunk)
  end
  for k = 1, pipes do bs.alloc{ gfp = "GFP_HIGHUSER|__GFP_ACCOUNT", order = 0 }:run() end
  bs.tick("1")
end
bs.task("exit fragB")
local v = vm()
-- busy_ns: the fragfill's simulated time less its @ANON_MIB@ one-jiffy ticks
print(string.format("model fragfill nr_free_pages=%d nr_file_pages=%d nr_anon_pages=%d busy_ns=%d",
  v.nr_free_pages, v.nr_file_pages, v.nr_anon_pages,
  bs.machine().clock_ns - t0 - @ANON_MIB@ * 1000000))
if @FRAGONLY@ == 1 then return end

-- kcompactd's proactive check (6.1: every 500 ms of its sleep) runs as
-- the kernel runs it: the script never writes vm.compaction_proactiveness.
-- @GAP1@ ms of idling after the first growth replay the real run's time
-- before compact_memory (from progress.log and hugetlb_results).
local pool, held = 0, {}
local function nr_hugepages(label, count, tick, prefix, gap)
  local v0 = vm()
  local want, got = count - pool, 0
  for i = 1, want do
    local r = bs.alloc{ gfp = "GFP_HIGHUSER_MOVABLE|__GFP_THISNODE|__GFP_COMP|__GFP_NOWARN|__GFP_RETRY_MAYFAIL", order = 9 }
    r:run()
    if not r.pfn then break end
    held[#held + 1] = r
    got = got + 1
    bs.tick(tostring(tick))
  end
  pool = pool + got
  if gap and gap > 0 then bs.tick(tostring(gap)) end
  -- set_max_huge_pages stops at the first failure: that request counts
  report(label, v0, vm(), got, got < want and got + 1 or got, prefix)
end
nr_hugepages("hugetlb1", @H1@, @TICK1@, nil, @GAP1@)
bs.compact()

-- Shown, in no check: the node's free pageblocks (free blocks of
-- pageblock_order or more, counted in pageblocks) and the pages on its
-- per-cpu lists as the second growth starts. run.sh prints the real free
-- pageblocks beside them (the real /proc has no per-cpu count): where the
-- two part, the second growth's pages got part too (README, frag61).
local function free_pageblocks()
  local blocks, pcp = 0, 0
  for _, z in ipairs(bs.zones()) do
    for o = bs.pageblock_order, bs.MAX_ORDER - 1 do
      blocks = blocks + z.free_area[o].nr_free * (1 << (o - bs.pageblock_order))
    end
    local cpu = 0
    while z.pageset[cpu] do pcp, cpu = pcp + z.pageset[cpu].count, cpu + 1 end
  end
  return blocks, pcp
end
print(string.format("unchecked model after_compact_memory free_pageblocks=%d pcp_pages=%d",
  free_pageblocks()))
nr_hugepages("hugetlb2", @H2@, @TICK2@)

-- phase 6: kill fragfill (sleep 1), release the pool, drop caches; phase
-- 7 (when the capture has it: @H3@ > 0)
if @H3@ > 0 then
  bs.task("exit fragA")
  bs.tick("1000")	-- sleep 1: HZ jiffies
  for _, r in ipairs(held) do r:free() end
  held, pool = {}, 0
  bs.set("vm.drop_caches 3")
  nr_hugepages("hugetlb3", @H3@, @TICK3@, "unchecked ")
end
