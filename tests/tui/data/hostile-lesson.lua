-- tests/tui/data/hostile-lesson.lua: a lesson that tries to end the
-- program and to drive itself (tests/tui/run.sh): each is refused with a
-- one-line error and the lesson goes on to its end.
lesson{ title = "Hostile", machine = "tiny", seed = 1 }
local ok, err = pcall(bs.cmd, "quit")
say(err)
ok, err = pcall(bs.cmd, "lesson next")
say(err)
say "still here"
