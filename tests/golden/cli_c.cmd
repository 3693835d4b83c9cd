#args: --machine tiny -c 'alloc GFP_KERNEL 3; show buddyinfo; bogus; check'
# with -c, stdin is not read
show zoneinfo
