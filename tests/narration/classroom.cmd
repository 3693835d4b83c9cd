#args: --machine classroom
# The default machine: three zones, so lowmem_reserve matters; DMA is out of
# reach for Normal-class requests.
trace on
set min_free_kbytes 65536
slab 1400000 unmovable
start GFP_KERNEL 0
step 200
start GFP_DMA32 0
step 200
start GFP_ATOMIC 2
step 200
start GFP_KERNEL|__GFP_NORETRY 3
step 2000
tick 50
trace show
