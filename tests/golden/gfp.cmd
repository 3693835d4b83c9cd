show gfp GFP_KERNEL
show gfp GFP_ATOMIC|__GFP_NOWARN
show gfp GFP_NOFS
show gfp GFP_DMA32
show gfp GFP_HIGHUSER_MOVABLE
show gfp 0x24201ca
show gfp GFP_TRANSHUGE
show gfp GFP_KERNEL | __GFP_NORETRY
show gfp GFP_TEMPORARY
show gfp 0
# a bad zone-modifier combination is shown, but alloc refuses it
show gfp __GFP_DMA|__GFP_DMA32
alloc __GFP_DMA|__GFP_DMA32 0
show gfp GFP_FOO
show gfp 0x8000000
show gfp
