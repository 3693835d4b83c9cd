#args: --machine tiny
# map: what the screen's page map shows (the screen reads it; batch says it)
map
map zone DMA32
map zone DMA32 from=0x1000 to=0x10ff zoom=0
map pfn 0x1c05
map pfn 0x1c00 to=0x1c3f
map highlight 0x1c05
alloc GFP_KERNEL 3
map highlight 0x1c05
map highlight 0x1c00 order=5
map all
# errors: each says what is accepted
map zoom=3
map zone DMA from=0x1000
map zone DMA32 to=0x2000
map zone Normal
map pfn 0x1c00 to=0x1bff
map pfn 0x1c00 from=0x1c00
map pfn 0x1f00 to=0x2100
map zone DMA32 zoom=25
map highlight 0x1c00 order=11
map highlight 0x1c00 zoom=2
map zone DMA32 order=2
map everything
