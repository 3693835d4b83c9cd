-- tests/tui/data/neg-seed-lesson.lua: seed -1 must be refused, not read
-- as 18446744073709551615 (tests/tui/run.sh)
lesson{ title = "Negative seed", machine = "tiny", seed = -1 }
say "never shown"
