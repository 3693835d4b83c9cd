-- tests/lua/api.lua: every binding of the bs module, on the tiny machine.
-- Prints what each returns; tests/lua/api.out is the expected transcript.
local show = bs.inspect
bs.machine "tiny"

-- commands: one closure per row of the command table, plus bs.cmd(line)
local n = 0
for name, fn in pairs(bs.cmd) do n = n + 1 end
local help = bs.help()
local rows = 0
for line in help:gmatch("[^\n]+") do
	if line:match("^  %a") then rows = rows + 1 end
end
print("bs.cmd has one function per command of `help`:", n == rows and n > 20)
print(bs.cmd("seed"))
print(bs.seed{n = 1})
print(bs.show "buddyinfo")
print(bs.show{topic = "gfp GFP_ATOMIC"} == bs.cmd("show gfp GFP_ATOMIC"))
print(bs.cmd.alloc{gfp = "GFP_KERNEL", order = 2})
print(bs.free{0x1c00})
print(pcall(bs.cmd, "alloc GFP_KERNEL 11"))
print(pcall(bs.alloc, {order = 11}))

-- machine, nodes, zones
local m = bs.machine()
print("machine", m.name, m.nr_nodes, m.nr_cpus, m.max_pfn, m.managed_pages, m.nr_free_pages)
local node = bs.node(0)
local zl = {}
for i, z in ipairs(node.zonelist) do zl[i] = z.name end
print("node 0 zonelist", table.concat(zl, " > "), "kswapd", node.kswapd.state)
for _, z in ipairs(bs.zones()) do
	local sum, pages = 0, 0
	for o = 0, bs.MAX_ORDER - 1 do
		sum = sum + z.free_area[o].nr_free
		pages = pages + z.free_area[o].nr_free * 2 ^ o
	end
	print(z.name, "managed", z.managed_pages, "free", z.nr_free_pages, "= sum", math.tointeger(pages),
	      "watermark", show(z.watermark), "lowmem_reserve", show(z.lowmem_reserve))
	print("", "pageset[0]", show(z.pageset[0]), "blocks", sum)
end
local dma32 = bs.zone("DMA32")
print("same zone by name, nid:name and table:", bs.zone("0:DMA32").zid, bs.zone(dma32).name, bs.zone(0, 1).name)
print("free_list DMA32 order 10 Movable", show(bs.free_list("DMA32", 10, "Movable")))

-- pages and pageblocks
print("page 0x1000", show(bs.page(0x1000)))
print("page 0x1c00", show(bs.page(0x1c00)))
print("block 0x1c05", show(bs.block(0x1c05)))
print("pageblock 0x1c00", bs.pageblock(0x1c00))

-- tasks, vmstat, sysctls, gfp
for _, t in ipairs(bs.tasks()) do
	print("task", t.pid, t.comm, t.oom_score_adj, t.kthread, t.rss, t.badness)
end
print("find_task bash", bs.find_task("bash").pid, bs.find_task(1).comm, bs.find_task(4242))
local v = bs.vmstat()
print("vmstat", v.nr_free_pages, v.pgalloc_dma32, v.allocstall)
print("sysctl", bs.sysctl("min_free_kbytes"), show(bs.sysctl("vm.lowmem_reserve_ratio")))
print("set", bs.sysctl("min_free_kbytes", 1024), bs.zone("DMA32").watermark.min)
print("set back", bs.sysctl("min_free_kbytes", 695), bs.zone("DMA32").watermark.min)
print("sysctls", bs.sysctls().watermark_scale_factor, bs.sysctls().extfrag_threshold)
print("gfp", show(bs.gfp("GFP_ATOMIC")))
print("gfp", show(bs.gfp("GFP_TRANSHUGE")))
print("alloc_flags", bs.alloc_flags(0x70), bs.int_sqrt(484288))
print("watermark_ok", bs.watermark_ok("DMA32", 0, "low"), bs.watermark_ok("DMA32", 0, 4000))
print("fragmentation_index", bs.fragmentation_index("DMA32", 10), bs.compaction_suitable("DMA32", 3))

-- requests: step, run, fields, free
local r = bs.alloc{gfp = "GFP_KERNEL", order = 3, task = "bash"}
print(r, r.stage, r.done)
local more, why = r:step()
print("step", more, r.stage, why)
print("run", r:run(), r.ok, r.done, table.concat(r.path, " > "))
print("locals", show(r.locals))
print("verdicts", show(r.verdicts))
print("call_chain", r.call_chain)
r:free()
print("freed", show(bs.block(r.pfn)))
print(pcall(r.free, r))
print(pcall(function() return r.nosuch end))
local any = bs.alloc{gfp = "GFP_KERNEL|__GFP_NOWARN", order = 11, any_order = true}
print("order 11", any:run(), table.concat(any.path, " > "))

-- events
local seen = {}
local id = bs.on("kmem", function(ev) seen[#seen + 1] = ev.name .. " order " .. ev.order end)
local stages = 0
bs.on("stage", function(ev) stages = stages + 1 end)
bs.alloc{gfp = "GFP_HIGHUSER_MOVABLE", order = 1}:run()
print("events", table.concat(seen, ", "), "stages", stages)
bs.off(id)
seen = {}
bs.alloc{gfp = "GFP_HIGHUSER_MOVABLE", order = 1}:run()
print("after off", #seen)
print(pcall(bs.on, "mm_no_such_event", print))
bs.off()

-- a request outlives a machine switch, but cannot run on the new one
local old = bs.alloc{order = 0}
bs.machine "tiny"
print(pcall(old.run, old))
print(bs.check())
