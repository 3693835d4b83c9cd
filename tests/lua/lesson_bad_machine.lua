-- tests/lua/lesson_bad_machine.lua: a lesson header that fails its checks
-- frees what it took (LeakSanitizer watches the asan+ubsan run of it)
lesson{title = "a header with a bad machine", machine = {}}
