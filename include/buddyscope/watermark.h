/* include/buddyscope/watermark.h - watermarks, lowmem_reserve, pcp sizing.
 * Models mm/page_alloc.c __setup_per_zone_wmarks() (v4.6, with
 * watermark_scale_factor), setup_per_zone_lowmem_reserve(),
 * init_per_zone_wmark_min(), calculate_totalreserve_pages(),
 * zone_batchsize(), __zone_watermark_ok() (v4.5).
 */
#ifndef BUDDYSCOPE_WATERMARK_H
#define BUDDYSCOPE_WATERMARK_H

#include <stdbool.h>
#include <stddef.h>
#include "buddyscope/mmzone.h"

/* The kernel's integer square root (lib/int_sqrt.c semantics: floor). */
unsigned long int_sqrt(unsigned long x);

/**
 * __zone_watermark_ok, exactly (v4.5): the order term, ALLOC_HIGH halving,
 * ALLOC_HARDER quartering (or subtracting nr_reserved_highatomic without it),
 * "free <= min + lowmem_reserve[classzone]" fails, and the high-order
 * free-list check.
 * @free_pages: NR_FREE_PAGES (or an exact count).
 * An @order >= MAX_ORDER or a @classzone_idx outside 0..MAX_NR_ZONES-1 is
 * refused: false, nothing read out of bounds.
 */
bool zone_watermark_ok_free(const struct zone *z, unsigned int order, unsigned long mark,
			    int classzone_idx, unsigned int alloc_flags, long free_pages);
bool zone_watermark_ok(const struct zone *z, unsigned int order, unsigned long mark,
		       int classzone_idx, unsigned int alloc_flags);

/*
 * The numbers one __zone_watermark_ok() check used, kept when it ran so that
 * a narration says what the kernel compared, not what the zone holds later.
 * left = free - order_cut - highatomic - cma; right = mark - high_cut -
 * harder_cut + reserve; the free test passes when left > right.
 */
struct wmark_terms {
	long		free;		/* free pages it started from (NR_FREE_PAGES) */
	long		order_cut;	/* 2^order - 1 */
	long		highatomic;	/* nr_reserved_highatomic; 0 with ALLOC_HARDER */
	long		cma;		/* NR_FREE_CMA_PAGES; 0 with ALLOC_CMA */
	long		mark;		/* the mark passed in (mark_extra included) */
	long		mark_extra;	/* a part of mark the caller added (e.g. 2 << order) */
	const char	*extra_label;	/* what mark_extra is for; static */
	long		high_cut;	/* min / 2, taken by ALLOC_HIGH */
	long		harder_cut;	/* a further min / 4, taken by ALLOC_HARDER */
	const char	*high_label;	/* static; NULL: "ALLOC_HIGH" (6.1 names its own) */
	const char	*harder_label;	/* static; NULL: "ALLOC_HARDER" */
	long		reserve;	/* lowmem_reserve[classzone_idx] */
	bool		free_ok;	/* left > right */
	bool		ok;		/* the whole check: free_ok and a block of the order */
};

/* The same check as zone_watermark_ok_free(), filling in @t. Return: t->ok. */
bool zone_watermark_terms(const struct zone *z, unsigned int order, unsigned long mark,
			  int classzone_idx, unsigned int alloc_flags, long free_pages,
			  struct wmark_terms *t);
/*
 * Write the free test as the check computed it, with every term that was
 * not 0 and the comparison that held, e.g.
 *   "free 122 - 7 for order 3 = 115 > low 102 + lowmem_reserve 0"
 *   "free 69 <= min 82 - 41 for ALLOC_HIGH = 41 + lowmem_reserve 40"
 * @mark_name: "min", "low", "high". Return: what snprintf returns.
 */
int wmark_terms_format(const struct wmark_terms *t, unsigned int order, const char *mark_name,
		       char *buf, size_t len);

/* Models zone_batchsize() (v4.5): e.g. managed 3840 -> 0 (stored as 1), >= 512 MiB -> 31 */
int zone_batchsize(const struct zone *z);

#endif
