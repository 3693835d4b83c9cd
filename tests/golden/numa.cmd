#args: --machine numa2
# requests start from the zonelist of the current cpu's node
machine
show buddyinfo
cpu 4
alloc GFP_KERNEL 3
alloc GFP_KERNEL|__GFP_THISNODE 0
show page 0x43fc09
cpu 0
alloc GFP_KERNEL 3
# Normal alone means node 0's; 1:Normal and "node 1 Normal" name node 1
show zone 1:Normal
show zone DMA32
drain 4
show zone node 1 Normal
show zone 1:DMA
check
