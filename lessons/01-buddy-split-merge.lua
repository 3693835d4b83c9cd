-- lessons/01-buddy-split-merge.lua
lesson{
	title = "Buddy split and merge",
	goals = {
		"see __rmqueue_smallest() take the smallest free block that fits",
		"see expand() hand back the upper halves, one per order",
		"see __free_one_page() merge a block with its buddy, pfn ^ (1 << order)",
	},
	machine = "tiny", seed = 1,
}
local sc = require "scenarios"

say [[
	The buddy allocator keeps free memory in blocks of 2^order pages,
	order 0 to 10 (MAX_ORDER is 11). A block of order o always starts at a
	pfn that is a multiple of 2^o, and its "buddy" is the block of the same
	size next to it: buddy_pfn = pfn ^ (1 << o).

	This machine ("tiny") has two zones, DMA and DMA32. We look at DMA32 and
	at its Movable free lists, because a GFP_HIGHUSER_MOVABLE request (a
	page for a user process) takes from those.
]]

local z = bs.zone("DMA32")
local counts = {}
for o = 0, 10 do counts[o] = z.free_area[o].free_list.Movable end
say("Free Movable blocks in DMA32, by order 0..10:\n  %s", table.concat(counts, " ", 0, 10))

local smallest
for o = 3, 10 do
	if counts[o] > 0 then smallest = o break end
end
local head = bs.free_list("DMA32", smallest, "Movable")[1]
say([[
	We ask for order 3 (8 pages). There is no free Movable block of order 3
	to 8, so __rmqueue_smallest() walks up the orders and stops at the first
	non-empty list: order %d. The first block on that list starts at pfn %#x.
]], smallest, head)
expect_eq(smallest, 9, "smallest Movable order >= 3 in DMA32")
bs.map(("pfn %#x to=%#x"):format(head, head + 511))
bs.map(("highlight %#x"):format(head))
say("The page map shows that block, %#x-%#x, marked.", head, head + 511)
pause()

local n = predict{
	question = ("An order-3 request is cut out of the order-9 block at %#x. Which pfn does it get?"):format(head),
	choices = {
		("%#x, the start of the block"):format(head),
		("%#x, the middle of the block"):format(head + 256),
		("%#x, the last 8 pages"):format(head + 512 - 8),
	},
	answer = 1,
	explain = [[
		expand() keeps the lowest part and frees the upper half at every step:
		512 -> 256 + 256, 256 -> 128 + 128, ... down to 8 + 8.]],
}

local r = bs.alloc{ gfp = "GFP_HIGHUSER_MOVABLE", order = 3 }
watch(r)
bs.map(("highlight %#x order=3"):format(head))
say("The request took pfn %#x (path: %s); the map marks its 8 pages.", r.pfn,
	table.concat(r.path, " > "))
expect(r.pfn == head, "the request got pfn %#x, the lowest part of the block", head)

say [[
	expand() put one free block back at each order from 8 down to 3: the
	upper halves. Their pfns are head + 256, + 128, + 64, + 32, + 16, + 8.
]]
local halves = {}
for o = 8, 3, -1 do
	local pfn = head + (1 << o)
	local b = bs.block(pfn)
	if b.state == "free" and b.head == pfn and b.order == o then
		halves[#halves + 1] = ("%#x/%d"):format(pfn, o)
	end
end
expect(#halves == 6, "free upper halves (pfn/order): %s", table.concat(halves, " "))
local after, now = bs.zone("DMA32"), {}
for o = 0, 10 do now[o] = after.free_area[o].free_list.Movable end
say("Free Movable blocks in DMA32 now:\n  %s", table.concat(now, " ", 0, 10))
local same = true
for o = 0, 10 do
	local want = counts[o] + ((o >= 3 and o <= 8) and 1 or 0) - (o == 9 and 1 or 0)
	if now[o] ~= want then same = false end
end
expect(same, "orders 3..8 gained one block each, order 9 lost one")
pause()

say([[
	Now the page goes back. __free_one_page() looks at the buddy of the freed
	block: for our 8 pages at %#x that is %#x ^ 8 = %#x, free and of order 3,
	so the two merge into 16 pages at %#x. The merge repeats one order up
	as long as the buddy is free and of the same order.
]], head, head, sc.buddy_of(head, 3), head)
predict{
	question = "After the free, what is the order of the free block that starts at " .. ("%#x?"):format(head),
	choices = { "3", "8", "9", "10" },
	answer = "9",
	explain = ([[
		Every upper half is still free, so the block merges back to order 9.
		It stops there: its order-9 buddy %#x is not a free order-9 block
		(if it were, the two would already have been one order-10 block).]]):format(sc.buddy_of(head, 9)),
}
r:free()
local b = bs.block(head)
expect(b.state == "free" and b.order == 9, "pfn %#x is a free order-9 block again", head)
local restored = true
for o = 0, 10 do
	if bs.zone("DMA32").free_area[o].free_list.Movable ~= counts[o] then restored = false end
end
expect(restored, "every Movable free list count is back to what it was")
say "The free lists are exactly as they were: split and merge undo each other."
pause()

-- practice: a problem generated from a seed and solved by the engine (the
-- same as `buddyscope quiz --topic merge --seed 4`); change the seed for
-- another one
say [[
	Practice. buddyscope makes problems of this kind from a seed
	(buddyscope quiz --topic merge --seed N, or the quiz command on the
	screen, which scores the answers). Here is one; work it out before you
	go on.
]]
local function quiz(action)
	return (bs.quiz{action = action, topic = "merge", seed = 4}):gsub("\n+$", "")
end
say("%s", quiz("pose"))
pause()
say("%s", quiz("solve"))
