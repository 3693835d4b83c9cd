#args: --machine tiny
# The slab shrinker on a cache it empties (issue 9: `slab N` was slow):
# asked for more slab pages than the machine has, reclaim's shrinker frees
# the reclaimable ones again and again, and do_shrink_slab scans up to twice
# the freeable count, most of it after the cache is empty. The shrinker
# counts the pages it can free (count_objects), stops once it has seen them
# all, and `check` verifies that count against the pages.
# Under 6.1 the second `slab 5000` ends in the OOM killer: 6.1's
# should_reclaim_retry counts LRU pages as reclaimable, not slab.
slab 3000
slab 2000 unmovable
slab 5000
check
kernel 6.1
slab 3000
slab 5000
check
