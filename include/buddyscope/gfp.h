/* include/buddyscope/gfp.h - GFP flags, their names, and what they select.
 * Models include/linux/gfp.h, include/trace/events/gfpflags.h (v4.5),
 * include/trace/events/mmflags.h (v4.6, the %pGg spelling), mm/internal.h.
 */
#ifndef BUDDYSCOPE_GFP_H
#define BUDDYSCOPE_GFP_H

#include <errno.h>
#include <stddef.h>
#include <stdbool.h>
#include "buddyscope/mmzone.h"

typedef unsigned int gfp_t;

/* Raw bits (v4.5 values). Printed and parsed as __GFP_DMA, ... */
#define GFP_F_DMA		0x01u
#define GFP_F_HIGHMEM		0x02u
#define GFP_F_DMA32		0x04u
#define GFP_F_MOVABLE		0x08u
#define GFP_F_RECLAIMABLE	0x10u
#define GFP_F_HIGH		0x20u
#define GFP_F_IO		0x40u
#define GFP_F_FS		0x80u
#define GFP_F_COLD		0x100u
#define GFP_F_NOWARN		0x200u
#define GFP_F_REPEAT		0x400u
#define GFP_F_NOFAIL		0x800u
#define GFP_F_NORETRY		0x1000u
#define GFP_F_MEMALLOC		0x2000u
#define GFP_F_COMP		0x4000u
#define GFP_F_ZERO		0x8000u
#define GFP_F_NOMEMALLOC	0x10000u
#define GFP_F_HARDWALL		0x20000u
#define GFP_F_THISNODE		0x40000u
#define GFP_F_ATOMIC		0x80000u
#define GFP_F_ACCOUNT		0x100000u
#define GFP_F_NOTRACK		0x200000u
#define GFP_F_DIRECT_RECLAIM	0x400000u
#define GFP_F_OTHER_NODE	0x800000u
#define GFP_F_WRITE		0x1000000u
#define GFP_F_KSWAPD_RECLAIM	0x2000000u
#define GFP_BITS_SHIFT		26
#define GFP_BITS_MASK		((1u << GFP_BITS_SHIFT) - 1)

#define GFP_F_RECLAIM		(GFP_F_DIRECT_RECLAIM | GFP_F_KSWAPD_RECLAIM)
#define GFP_ZONEMASK		(GFP_F_DMA | GFP_F_HIGHMEM | GFP_F_DMA32 | GFP_F_MOVABLE)
#define GFP_MOVABLE_MASK	(GFP_F_RECLAIMABLE | GFP_F_MOVABLE)
#define GFP_MOVABLE_SHIFT	3

/* Composites, spelled as the kernel spells them. */
#define GFP_ATOMIC		(GFP_F_HIGH | GFP_F_ATOMIC | GFP_F_KSWAPD_RECLAIM)
#define GFP_KERNEL		(GFP_F_RECLAIM | GFP_F_IO | GFP_F_FS)
#define GFP_KERNEL_ACCOUNT	(GFP_KERNEL | GFP_F_ACCOUNT)
#define GFP_NOWAIT		(GFP_F_KSWAPD_RECLAIM)
#define GFP_NOIO		(GFP_F_RECLAIM)
#define GFP_NOFS		(GFP_F_RECLAIM | GFP_F_IO)
#define GFP_TEMPORARY		(GFP_F_RECLAIM | GFP_F_IO | GFP_F_FS | GFP_F_RECLAIMABLE)
#define GFP_USER		(GFP_F_RECLAIM | GFP_F_IO | GFP_F_FS | GFP_F_HARDWALL)
#define GFP_DMA			(GFP_F_DMA)
#define GFP_DMA32		(GFP_F_DMA32)
#define GFP_HIGHUSER		(GFP_USER | GFP_F_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE	(GFP_HIGHUSER | GFP_F_MOVABLE)
#define GFP_TRANSHUGE		((GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_NOMEMALLOC | \
				  GFP_F_NORETRY | GFP_F_NOWARN) & ~GFP_F_KSWAPD_RECLAIM)
/* v4.8+ (read from later kernels' traces and logs): THP without reclaim;
 * 4.8's GFP_TRANSHUGE is this plus __GFP_DIRECT_RECLAIM */
#define GFP_TRANSHUGE_LIGHT	((GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_NOMEMALLOC | \
				  GFP_F_NOWARN) & ~GFP_F_RECLAIM)

/* alloc_flags (mm/internal.h, v4.5) */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_HARDER		0x10
#define ALLOC_HIGH		0x20
#define ALLOC_CPUSET		0x40
#define ALLOC_CMA		0x80
#define ALLOC_FAIR		0x100

enum gfp_style {
	GFP_STYLE_PGG,		/* v4.6 %pGg and mmflags.h: GFP_KERNEL|__GFP_NORETRY, 0 -> "none" */
	GFP_STYLE_TRACE45,	/* v4.5 gfpflags.h: GFP_KERNEL|GFP_NORETRY, 0 -> "GFP_NOWAIT" */
	GFP_STYLE_61,		/* 6.1 %pGg: 6.1's names over 6.1's numbering (gfp_6_1.c) */
};

/* ---- Linux 6.1's numbering and names (core/gfp_6_1.c) ---- */
/* The value 6.1 gives @mask (GFP_KERNEL -> 0xcc0). */
unsigned int gfp_to_6_1(gfp_t mask);
/* The model's mask for 6.1's value @v. Return: 0, or -1 with *unknown set
 * to the bits 6.1 does not define (*out holds the rest). */
int gfp_from_6_1(unsigned int v, gfp_t *out, unsigned int *unknown);
/* The model's bits that 6.1 does not have (__GFP_COLD, _NOTRACK, _OTHER_NODE). */
gfp_t gfp_absent_in_6_1(gfp_t mask);
size_t gfp_format_6_1(gfp_t mask, char *buf, size_t len);
/* %pGg of a value in 6.1's numbering, bits the model lacks included. */
size_t gfp_format_6_1_value(unsigned int v, char *buf, size_t len);
const char *gfp_name_at_6_1(size_t i);
const char *gfp_bit_name_6_1(gfp_t bit);
int gfp_lookup_6_1(const char *tok, size_t len, gfp_t *out, const char **why);
/* The same, and 6.1's value of the name in *@v61. */
int gfp_lookup_6_1_value(const char *tok, size_t len, gfp_t *out, unsigned int *v61,
			 const char **why);
/* 6.1's __GFP_ZEROTAGS (arm64 memory tags): a 6.1 bit with no model bit */
#define GFP61_ZEROTAGS		0x800000u
/* 6.1's __GFP_BITS_SHIFT: 27 + IS_ENABLED(CONFIG_LOCKDEP), lockdep off */
#define GFP61_BITS_SHIFT	27
#define GFP61_BITS_MASK		((1u << GFP61_BITS_SHIFT) - 1)
/* The 6.1 flags the model has no bit for (__GFP_ZEROTAGS, the KASAN and
 * lockdep flags) have notes, numbered from 0: the bits of the notes that a
 * token names, by name or (for __GFP_ZEROTAGS) by its 6.1 value @v61. */
unsigned int gfp_note_bits_6_1(const char *tok, size_t len, unsigned int v61);
/* Note @i: the flag's value in the kernel modelled and why, its full name
 * in *@name; NULL past the last. */
const char *gfp_note_at_6_1(size_t i, const char **name);
/* gfp_parse_style(GFP_STYLE_61), and in *@v61 6.1's value of the whole
 * text, with the bits the model has no bit for (__GFP_ZEROTAGS), and in
 * *@notes (may be NULL) the bits of the notes its tokens name. */
int gfp_parse_6_1(const char *text, gfp_t *out, unsigned int *v61, unsigned int *notes,
		  char *err, size_t errlen);
/* gfp_parse_style for a request's mask (alloc, start, bs.alloc): a 6.1
 * flag the model has no bit for is refused, not dropped unseen from what
 * the request then prints. */
int gfp_parse_request(const char *text, enum gfp_style style, gfp_t *out, char *err,
		      size_t errlen);
/* The number a kernel printing in @style shows for @mask ("mode:%#x"). */
static inline unsigned int gfp_value(gfp_t mask, enum gfp_style style)
{
	return style == GFP_STYLE_61 ? gfp_to_6_1(mask) : mask;
}

/* gfp_parse() in @style's names and numbering (GFP_STYLE_61: 6.1's). */
int gfp_parse_style(const char *text, enum gfp_style style, gfp_t *out, char *err,
		    size_t errlen);

/**
 * gfp_parse - parse "GFP_KERNEL|__GFP_NORETRY|0x200" into a mask.
 * Accepts composite names, __GFP_* bit names (also without the leading
 * underscores), hex or decimal numbers, joined by '|' or '+', with optional
 * spaces. Case-sensitive, as in the kernel. "GFP_ATOMIC" is the composite
 * (v4.5 traces also print the lone __GFP_ATOMIC bit that way); "none" (what
 * v4.6 prints for 0) is 0, so gfp_format(GFP_STYLE_PGG) output always parses
 * back to the same mask.
 * Return: 0, or -EINVAL with a one-line reason in @err (naming the bad token
 * and what is accepted).
 */
int gfp_parse(const char *text, gfp_t *out, char *err, size_t errlen);

/**
 * gfp_format - print @mask as the kernel does (composites first, then bits,
 * then any unknown remainder in hex). Always NUL-terminates @buf.
 * Return: the length that the full text needs, as snprintf.
 */
size_t gfp_format(gfp_t mask, enum gfp_style style, char *buf, size_t len);

/* One name of the table, for completion and help. Return NULL past the end. */
const char *gfp_name_at(size_t i);

/* gfp_zone - highest zone the mask may use (GFP_ZONE_TABLE). Return: a
 * zone_type, or -EINVAL for a bad zone-modifier combination (where the
 * kernel would VM_BUG_ON). gfpflags_to_migratetype: (gfp & (RECLAIMABLE|
 * MOVABLE)) >> 3; -EINVAL if both. Inline: every allocation asks. */
/*
 * Models: include/linux/gfp.h gfp_zone() and GFP_ZONE_TABLE (v4.5, x86-64).
 * The four zone modifiers index a 16-entry table; the kernel packs it into
 * one integer of ZONES_SHIFT-bit fields and marks the bad entries in
 * GFP_ZONE_BAD, which only CONFIG_DEBUG_VM checks. Without CONFIG_HIGHMEM
 * __GFP_HIGHMEM means ZONE_NORMAL, and __GFP_MOVABLE only reaches
 * ZONE_MOVABLE together with __GFP_HIGHMEM (as GFP_HIGHUSER_MOVABLE has it).
 * We return -EINVAL where the kernel would VM_BUG_ON.
 */
static inline int gfp_zone(gfp_t flags)
{
	static const signed char zone_table[16] = {
		[0]						= ZONE_NORMAL,
		[GFP_F_DMA]					= ZONE_DMA,
		[GFP_F_HIGHMEM]					= ZONE_NORMAL,
		[GFP_F_DMA32]					= ZONE_DMA32,
		[GFP_F_MOVABLE]					= ZONE_NORMAL,
		[GFP_F_MOVABLE | GFP_F_DMA]			= ZONE_DMA,
		[GFP_F_MOVABLE | GFP_F_HIGHMEM]			= ZONE_MOVABLE,
		[GFP_F_MOVABLE | GFP_F_DMA32]			= ZONE_DMA32,
		[GFP_F_DMA | GFP_F_HIGHMEM]			= -1,
		[GFP_F_DMA | GFP_F_DMA32]			= -1,
		[GFP_F_DMA32 | GFP_F_HIGHMEM]			= -1,
		[GFP_F_DMA | GFP_F_DMA32 | GFP_F_HIGHMEM]	= -1,
		[GFP_F_MOVABLE | GFP_F_HIGHMEM | GFP_F_DMA]	= -1,
		[GFP_F_MOVABLE | GFP_F_DMA32 | GFP_F_DMA]	= -1,
		[GFP_F_MOVABLE | GFP_F_DMA32 | GFP_F_HIGHMEM]	= -1,
		[GFP_ZONEMASK]					= -1,
	};
	int z = zone_table[flags & GFP_ZONEMASK];

	return z < 0 ? -EINVAL : z;
}

/*
 * Models: include/linux/gfp.h gfpflags_to_migratetype() (v4.5).
 * __GFP_MOVABLE (0x08) and __GFP_RECLAIMABLE (0x10) shifted down by 3 are
 * MIGRATE_MOVABLE (1) and MIGRATE_RECLAIMABLE (2); neither is UNMOVABLE (0).
 * SIMPLIFICATION: mobility grouping is always on (the kernel returns
 * MIGRATE_UNMOVABLE for everything when page_group_by_mobility_disabled).
 */
static inline int gfpflags_to_migratetype(gfp_t gfp)
{
	if ((gfp & GFP_MOVABLE_MASK) == GFP_MOVABLE_MASK)
		return -EINVAL;
	return (int)((gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

/* Models: include/linux/gfp.h gfpflags_allow_blocking() */
static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return (gfp & GFP_F_DIRECT_RECLAIM) != 0;
}

/* is_thp_gfp_mask (mm/page_alloc.c v4.5) */
static inline bool is_thp_gfp_mask(gfp_t gfp)
{
	return (gfp & (GFP_TRANSHUGE | GFP_F_KSWAPD_RECLAIM)) == GFP_TRANSHUGE;
}

/* Print alloc_flags as "ALLOC_WMARK_MIN|ALLOC_HARDER|...". */
size_t alloc_flags_format(unsigned int alloc_flags, char *buf, size_t len);

#endif
