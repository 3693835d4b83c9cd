#args: --machine tiny --kernel 4.6
kernel
get watermark_scale_factor
