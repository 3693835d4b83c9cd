#args: --kernel 6.1 --machine zoneinfo:../data/linux61/boot/zoneinfo
# Linux 6.1 on the zone layout of a real Debian 12 guest (1 GiB, 2 cpus):
# khugepaged's min_free_kbytes, 6.1's watermarks, pcp high and batch
kernel
get vm.min_free_kbytes
get vm.lowmem_reserve_ratio
get vm.watermark_boost_factor
get vm.percpu_pagelist_fraction
show zoneinfo
show pagetypeinfo
# the pcp high follows the low watermark; a ratio of 0 means no protection
set vm.watermark_scale_factor 200
set vm.lowmem_reserve_ratio 0 0 0 0 0
show zoneinfo
set vm.percpu_pagelist_high_fraction 7
set vm.percpu_pagelist_high_fraction 16
alloc GFP_KERNEL 0
show vmstat
