-- tests/lua/lesson_fns.lua: the lesson functions outside a lesson (a script
-- run with `source FILE` or as FILE.lua, no lesson{} header): each prints
-- at once instead of waiting for the class, watch() runs its request to the
-- end, and a wrong predict{} gets a one-line error
bs.machine "tiny"
say [[
	The text is dedented
	  (this line keeps two more spaces).]]
pause()
pause "press a key in a lesson; here it just prints"
print(expect(bs.zone{nid = 0, zid = 1}.nr_free_pages > 0, "DMA32 has free pages"))
print(expect(false, "a failed expectation prints and returns false"))
print(predict{question = "Which order does alloc GFP_KERNEL 3 take?",
	choices = { "0", "3", "10" }, answer = 2, explain = "an order-3 request is order 3"})
print(predict{question = "The answer given by its text", choices = { "yes", "no" }, answer = "no"})
print(pcall(predict, {question = "one choice", choices = { "a" }, answer = 1}))
print(pcall(predict, {question = "no such answer", choices = { "a", "b" }, answer = 3}))
print(pcall(predict, {question = "no such text", choices = { "a", "b" }, answer = "c"}))
local r = bs.alloc{gfp = "GFP_KERNEL", order = 3}
print(watch(r))
print(pcall(watch, r))
print(pcall(say))
