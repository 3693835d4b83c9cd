-- tests/tui/data/huge-seed-lesson.lua: seed 2^64 has no integer form; the
-- error must name the field (it said "bad argument #-1") (tests/tui/cli.sh)
lesson{ title = "huge seed", goals = {"x"}, machine = "tiny", seed = 2^64 }
say "never shown"
