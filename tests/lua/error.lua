-- tests/lua/error.lua: a runtime error three calls deep; the traceback must
-- name this file and each line.
local function inner(z)
	return z.no_such_field.x	-- line 4: index a nil value
end

local function middle()
	bs.alloc{gfp = "GFP_KERNEL", order = 2}:run()	-- changes the sim first
	return inner(bs.zone("DMA32"))
end

middle()
