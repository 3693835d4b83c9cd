#args: --kernel 6.1 --machine tiny --cma 14M
# cma=14M under 6.1 (CONFIG_CMA on): the top 3584 pages of DMA32 are CMA,
# over half its free pages, so a movable request takes a CMA page first
# (__rmqueue's balance rule); GFP_KERNEL may not count them against
# DMA32's watermark and goes on to DMA.
machine
alloc GFP_HIGHUSER_MOVABLE 0
alloc GFP_KERNEL 0
show pagetypeinfo
# bad sizes leave the running machine as it was
machine tiny cma=100G
machine tiny cma=0
machine tiny cma=12Q
machine cma=4M
# a real machine's CMA area is what its files say: cma= is refused
machine proc:../data/linux61/oom/oom/00_boot cma=64M
# v4.5 aligns CMA to 4 MiB: 4096 pages do not fit in DMA32's 3590
machine tiny kernel=4.5 cma=14M
check
