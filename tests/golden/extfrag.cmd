#args: --machine tiny
# /sys/kernel/debug/extfrag after fragmenting DMA32, and one value of each worked out
alloc GFP_KERNEL 0 x300
alloc GFP_KERNEL 2 x20
show buddyinfo
show extfrag
show unusable
explain extfrag DMA32 4
explain unusable 0:DMA32 4
explain extfrag node 0 DMA 10
explain extfrag DMA32 12
explain unusable Normal 3
explain extfrag DMA32
# take order-3 blocks until the DMA zone has no order-10 block left
alloc GFP_KERNEL 3 x400
show buddyinfo
show extfrag
explain extfrag DMA 10
explain unusable DMA 10
