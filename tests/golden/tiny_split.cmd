#args: --machine tiny
# an order-3 GFP_KERNEL request steals an order-10 Movable block of DMA32
# (the fallback takes the largest block), relabels both pageblocks Unmovable
# and splits it down: expand() keeps the low half each time
alloc GFP_KERNEL 3
show buddyinfo
# order 0 goes through the pcp list (batch 1 on a zone this small)
alloc GFP_KERNEL 0 x3
show buddyinfo
show zone DMA32
show page 0x1c00
show page 0x1c03
show page 0x1c09
show page 0x1c0b
show page 0x1c0c
check
