-- tests/lua/exit61.lua: what a script sees of a SIGKILLed task's exit
-- under Linux 6.1 (core/exit.c): bs.find_task's exiting while its memory
-- is unmapped into the mmu_gather batch (the free pages do not move), its
-- badness 0 once the exit dropped its mm, then the task gone and its pages
-- free. The same kill under v4.5 leaves nothing to watch.
local function state(comm)
  local t = bs.find_task(comm)
  if not t then return comm .. ": gone" end
  return string.format("%s: exiting=%s oom_skip=%s rss=%d badness=%d", comm,
    tostring(t.exiting), tostring(t.oom_skip), t.rss, t.badness)
end
for _, k in ipairs({ "6.1", "4.5" }) do
  bs.cmd("kernel " .. k)
  bs.machine "tiny"
  bs.cmd("task spawn holder")
  bs.cmd("task touch holder anon 4500")
  bs.set "sim.cpu_slowdown 100"
  local free0 = bs.vmstat().nr_free_pages
  print(k, state("holder"))
  bs.cmd("task kill holder")
  bs.tick "5"
  print(k, state("holder"), "free pages moved:", bs.vmstat().nr_free_pages - free0)
  bs.tick "10"
  print(k, state("holder"), "free pages moved:", bs.vmstat().nr_free_pages - free0 > 4000)
end
