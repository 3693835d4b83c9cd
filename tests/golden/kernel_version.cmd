#args: --machine tiny
# the version: chosen at boot, v4.5 by default
kernel
kernel list
# v4.5: low = min + tmp/4, high = min + tmp/2; no watermark_scale_factor
show zone DMA32
get watermark_scale_factor
set watermark_scale_factor 100
start GFP_KERNEL 0
break WAKE_KSWAPD
# reboot under v4.6: the request is abandoned, the breakpoint kept by name
kernel 4.6
kernel
break
show zone DMA32
set watermark_scale_factor 100
show zone DMA32
kernel 4.6
kernel 6.1
kernel 4.7
# a new machine keeps the running kernel unless kernel= says otherwise
machine tiny
kernel
machine tiny kernel=4.5
kernel
machine kernel=4.6
machine tiny kernel=2.6
