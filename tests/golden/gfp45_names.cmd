# under v4.5 only v4.5's names: 6.1's tag, KASAN and lockdep flags are
# refused, saying which kernel has them
show gfp __GFP_ZEROTAGS
show gfp GFP_KERNEL|__GFP_SKIP_ZERO
show gfp __GFP_SKIP_KASAN_UNPOISON
show gfp __GFP_SKIP_KASAN_POISON
show gfp __GFP_NOLOCKDEP
show gfp 0x800000
check
