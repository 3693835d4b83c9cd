-- tests/tui/data/mini-lesson.lua: a lesson for the render tests (test_lesson.c)
lesson{ title = "Mini", machine = "tiny", seed = 1 }
say [[
	A paragraph of prose, written on two lines in the source, that the pane
	joins and wraps once at its own width.
]]
say(bs.show "buddyinfo")
expect(true, "a check that passed")
pause()
predict{
	question = "Which zone gives GFP_KERNEL its page here?",
	choices = { "DMA", "DMA32" },
	answer = 2,
	explain = "tiny has no Normal zone: DMA32 is the highest.",
}
local r = bs.alloc{ gfp = "GFP_KERNEL", order = 3 }
watch(r)
expect(r.ok and r.pfn == 0x1c00, "watch(r) hands the result back: pfn %#x", r.pfn or 0)
