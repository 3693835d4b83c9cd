#args: --machine tiny
# compact_memory: two tasks fault in anonymous pages in turns; when one
# exits, its pages leave holes between the other's. Compaction moves the
# survivor's movable pages to the top of the zone so that the free pages
# at the bottom merge into bigger blocks
task spawn keep
task spawn leave
task touch keep anon 300
task touch leave anon 300
task touch keep anon 300
task touch leave anon 300
task touch keep anon 300
task touch leave anon 300
task exit leave
show buddyinfo
compact
check
