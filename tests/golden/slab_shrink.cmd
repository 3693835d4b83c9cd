#args: --machine tiny
# The slab shrinker on a cache it empties (issue 9: `slab N` was slow):
# asked for more slab pages than the machine has, reclaim's shrinker frees
# the reclaimable ones again and again, and do_shrink_slab scans up to twice
# the freeable count, most of it after the cache is empty. The shrinker
# counts the pages it can free (count_objects), stops once it has seen them
# all, and `check` verifies that count against the pages.
# Under 6.1 the second `slab 5000` gets its pages without the OOM killer:
# should_reclaim_retry counts a zone without reclaimable LRU pages by its
# free pages (6.1.y's zone_reclaimable_pages), so direct reclaim goes on
# and its shrinker frees reclaimable slab again. (6.1.0 counted the LRU
# pages only, and killed.)
slab 3000
slab 2000 unmovable
slab 5000
check
kernel 6.1
slab 3000
slab 5000
check
