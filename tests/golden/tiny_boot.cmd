#args: --machine tiny
# the tiny machine right after boot: every managed page is free, in the
# largest aligned blocks; DMA's first pageblock (pfn 0 is not in the zone)
# stays Unmovable, as memmap_init_zone leaves it
machine
show buddyinfo
show pagetypeinfo
show zone DMA
show zone 0:DMA32
show zone node 0 DMA32
check
