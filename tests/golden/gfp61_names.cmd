#args: --kernel 6.1
# 6.1's gfp_types.h flags the model has no bit for were "unknown GFP flag",
# though traces and logs read them: each is known with its 6.1 value
show gfp __GFP_ZEROTAGS
show gfp GFP_KERNEL|__GFP_ZEROTAGS
show gfp 0x800cc0
show gfp __GFP_SKIP_ZERO
show gfp GFP_HIGHUSER_MOVABLE|__GFP_SKIP_KASAN_UNPOISON|__GFP_SKIP_KASAN_POISON
show gfp __GFP_NOLOCKDEP
# 6.2's single KASAN flag is not 6.1's
show gfp __GFP_SKIP_KASAN
# bits KASAN or lockdep would use are not defined in this x86-64 6.1
show gfp 0x8000000
# a request cannot carry __GFP_ZEROTAGS (the model has no bit for it: it
# would vanish from what the request prints); the flags that are 0 in this
# 6.1 are 0 in a request too, as the kernel compiles them
alloc GFP_KERNEL|__GFP_ZEROTAGS 0
alloc 0x800cc0 0
start __GFP_ZEROTAGS 0
lua return bs.alloc{gfp = "GFP_KERNEL|__GFP_ZEROTAGS", order = 0}
alloc GFP_KERNEL|__GFP_NOLOCKDEP|__GFP_SKIP_ZERO 0
check
