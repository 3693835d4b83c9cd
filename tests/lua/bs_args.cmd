#args: --machine tiny
# tests/lua/bs_args.cmd: bs.COMMAND{...} takes numbers, strings, booleans
# and the typed API's zone and task tables; anything else is a one-line error
lua bs.task{"spawn", "db"}
lua return bs.compact{"defer", bs.zone("DMA32"), 3}
lua return bs.start{"GFP_KERNEL", 2, task = bs.find_task("db"), cpu = 1}
lua return bs.cmd("where")
lua return bs.slab{3, "unmovable"}
lua return bs.slab{2.5}
lua return bs.thp{enabled = "never"}
lua return bs.thp{enabled = true}
lua return bs.show{bogus = 1}
lua return bs.show{[setmetatable({}, {__tostring = function() return "weird" end})] = 1}
lua return bs.show(42)
lua return bs.show{topic = print}
check
