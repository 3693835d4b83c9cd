#args: --machine tiny
get
get min_free_kbytes
show zone DMA32
# min_free_kbytes 1024: pages_min 256, DMA32 min = 256*3590/7567 = 121
set vm.min_free_kbytes 1024
show zone DMA32
# 4.6 watermark_scale_factor: low = min + max(tmp/4, managed*f/10000)
set watermark_scale_factor 1000
show zone DMA32
set lowmem_reserve_ratio 128 128 32
show zone DMA
get
set min_free_kbytes abc
set watermark_scale_factor 0
set watermark_scale_factor 1001
set vm.nosuch 1
set min_free_kbytes
get nosuch
get vm.min_free_kbytes
check
