#args: --machine tiny
get
get min_free_kbytes
show zone DMA32
# min_free_kbytes 1024: pages_min 256, DMA32 min = 256*3590/7567 = 121
# v4.5: low = 121 + 121/4 = 151, high = 121 + 121/2 = 181
set vm.min_free_kbytes 1024
show zone DMA32
# v4.5 has no watermark_scale_factor
set watermark_scale_factor 1000
set lowmem_reserve_ratio 128 128 32
show zone DMA
get
set min_free_kbytes abc
set vm.nosuch 1
set min_free_kbytes
get nosuch
get vm.min_free_kbytes
check
# v4.6 watermark_scale_factor: low = min + max(tmp/4, managed*f/10000)
# DMA32 with the default min_free_kbytes: min 82, d = max(20, 3590*1000/10000 = 359)
kernel 4.6
set watermark_scale_factor 1000
show zone DMA32
set watermark_scale_factor 0
set watermark_scale_factor 1001
get watermark_scale_factor
check
get sim.cpu_slowdown
set sim.cpu_slowdown 2.5
get sim.cpu_slowdown
set sim.cpu_slowdown 0.5
get sim.cpu_slowdown
get sim.wakeup_us
set sim.wakeup_us 3600.5
get sim.wakeup_us
set sim.wakeup_us 1000001
set sim.wakeup_us fast
get sim.wakeup_us
set sim.wakeup_us default
get sim.wakeup_us
set sim.wakeup_u 3
