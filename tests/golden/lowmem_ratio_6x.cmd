#args: --machine tiny --kernel 6.1
# 6.x prints vm.lowmem_reserve_ratio one value a zone type (5 on x86-64);
# the array is taken back as printed, tabs or blanks. A sixth value was
# refused with "accepted 1 to 3 integers ... for DMA DMA32 Normal", which
# 6.1 is not: the error now names 6.1's five zone types.
get vm.lowmem_reserve_ratio
set vm.lowmem_reserve_ratio 256	256	32	0	0
set vm.lowmem_reserve_ratio 128 128 32 0 0
get vm.lowmem_reserve_ratio
set vm.lowmem_reserve_ratio 256 256 32 0 0 0
set vm.lowmem_reserve_ratio x
get vm.lowmem_reserve_ratio
check
