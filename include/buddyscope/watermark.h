/* include/buddyscope/watermark.h - watermarks, lowmem_reserve, pcp sizing.
 * Models mm/page_alloc.c __setup_per_zone_wmarks() (v4.6, with
 * watermark_scale_factor), setup_per_zone_lowmem_reserve(),
 * init_per_zone_wmark_min(), calculate_totalreserve_pages(),
 * zone_batchsize(), __zone_watermark_ok() (v4.5).
 */
#ifndef BUDDYSCOPE_WATERMARK_H
#define BUDDYSCOPE_WATERMARK_H

#include <stdbool.h>
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

/* Models zone_batchsize() (v4.5): e.g. managed 3840 -> 0 (stored as 1), >= 512 MiB -> 31 */
int zone_batchsize(const struct zone *z);

#endif
