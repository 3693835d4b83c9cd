/* core/page_alloc_6_1.h - what Linux 6.1's allocator files share inside
 * core/ (mm/internal.h of 6.1). The 4.x code never includes it.
 *
 * alloc_flags have other values in 6.1 than in v4.5 (buddyscope/gfp.h):
 * __GFP_HIGH is ALLOC_MIN_RESERVE and __GFP_KSWAPD_RECLAIM is ALLOC_KSWAPD
 * in 6.1's numbering, so they are spelled here, for 6.1's code only.
 * Debian's 6.1.192 has the ALLOC_HARDER split (ALLOC_NON_BLOCK,
 * ALLOC_MIN_RESERVE, ALLOC_HIGHATOMIC) that 6.3 made and 6.1.y took.
 */
#ifndef BUDDYSCOPE_CORE_PAGE_ALLOC_6_1_H
#define BUDDYSCOPE_CORE_PAGE_ALLOC_6_1_H

#include <stdbool.h>
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/page_alloc.h"
#include "internal.h"

struct sim;
struct alloc_request;
struct alloc_context;

/* mm/internal.h (6.1.y) */
#define ALLOC_OOM		0x08	/* an OOM victim: half of min more */
#define ALLOC_NON_BLOCK		0x10	/* cannot block: a quarter of min more */
#define ALLOC_MIN_RESERVE	0x20	/* __GFP_HIGH: half of min */
/*	ALLOC_CPUSET		0x40	   as in v4.5 (gfp.h) */
/*	ALLOC_CMA		0x80	   as in v4.5 (gfp.h) */
#define ALLOC_NOFRAGMENT	0x100	/* no fallback below pageblock_order */
#define ALLOC_HIGHATOMIC	0x200	/* may use MIGRATE_HIGHATOMIC */
#define ALLOC_KSWAPD		0x800	/* may wake kswapd */
#define ALLOC_RESERVES		(ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)

/* 6.1's __GFP_RETRY_MAYFAIL (4.13) sits where v4.5 had __GFP_REPEAT: the
 * model keeps one bit for both, named per kernel (gfp.c) */
#define GFP_F_RETRY_MAYFAIL	GFP_F_REPEAT

/* order_to_pindex(): the pcp list of @mt at @order (THP: the last). */
static inline int order_to_pindex(int mt, unsigned int order)
{
	return order > PAGE_ALLOC_COSTLY_ORDER ? NR_LOWORDER_PCP_LISTS
					       : (int)(MIGRATE_PCPTYPES * order) + mt;
}

static inline unsigned int pindex_to_order(int pindex)
{
	return pindex >= NR_LOWORDER_PCP_LISTS ? pageblock_order
					       : (unsigned int)(pindex / MIGRATE_PCPTYPES);
}

/* pcp_allowed_order(): orders 0..3 and THP's go through the pcp lists. */
static inline bool pcp_allowed_order(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER || order == pageblock_order;
}

/* ---- page_alloc_6_1.c ---- */
unsigned int gfp_to_alloc_flags_6_1(const struct sim *sim, gfp_t gfp, unsigned int order);

/*
 * Models: alloc_flags_nofragment() (6.1): ALLOC_KSWAPD from the mask, and
 * ALLOC_NOFRAGMENT when the preferred zone is Normal (with DMA32 populated
 * beside it, or a single node): DMA32 is the one other zone worth using to
 * avoid fragmentation.
 */
static inline unsigned int alloc_flags_nofragment(const struct sim *sim, const struct zone *pref,
						  gfp_t gfp)
{
	unsigned int flags = (gfp & GFP_F_KSWAPD_RECLAIM) ? ALLOC_KSWAPD : 0;

	if (!pref || pref->zid != ZONE_NORMAL)
		return flags;
	if (sim->nr_nodes > 1 && !populated_zone(&pref->zone_pgdat->node_zones[ZONE_DMA32]))
		return flags;
	return flags | ALLOC_NOFRAGMENT;
}

/* The first attempt's flags in __alloc_pages() (6.1). */
static inline unsigned int fast_path_alloc_flags_6_1(const struct sim *sim,
						     const struct alloc_request *req)
{
	const struct zone *pref = req->ac.preferred_nid < 0 ? NULL :
		&sim->node_data[req->ac.preferred_nid]->node_zones[req->ac.preferred_zid];
	unsigned int flags = ALLOC_WMARK_LOW;

	if (sim_kdesc(sim)->config_cma && req->ac.migratetype == MIGRATE_MOVABLE)
		flags |= ALLOC_CMA;
	return flags | alloc_flags_nofragment(sim, pref, req->gfp_mask);
}
unsigned int gfp_pfmemalloc_flags_6_1(const struct sim *sim, gfp_t gfp);
bool zone_watermark_ok_6_1(const struct zone *z, unsigned int order, unsigned long mark,
			   int highest_zoneidx, unsigned int alloc_flags, long free_pages);
unsigned long get_page_from_freelist_6_1(struct sim *sim, struct alloc_request *req,
					 gfp_t gfp, unsigned int alloc_flags);
size_t alloc_flags_format_6_1(unsigned int alloc_flags, char *buf, size_t len);
void alloc_flags_text_6_1(const struct sim *sim, gfp_t gfp, unsigned int order, bool fast,
			  char *buf, size_t len);
/* wmark_pages(): a mark plus the zone's boost, as 6.1 reads every mark */
static inline unsigned long wmark_pages_6_1(const struct zone *z, int wmark)
{
	return z->watermark[wmark] + z->watermark_boost;
}

/* ---- buddy_6_1.c ---- */
unsigned long rmqueue_6_1(struct sim *sim, struct zone *z, unsigned int order, int mt,
			  unsigned int alloc_flags);
unsigned long rmqueue_smallest_traced(struct sim *sim, struct zone *z, unsigned int order,
				      int mt);
bool unreserve_highatomic_pageblock_6_1(struct sim *sim, const struct alloc_context *ac,
					bool force);
void reserve_highatomic_pageblock_6_1(struct sim *sim, struct zone *z, unsigned long pfn);

/* ---- pcp_6_1.c ---- */
bool rmqueue_pcplist_refill(struct sim *sim, struct zone *z, struct per_cpu_pages *pcp,
			    unsigned int order, int mt, unsigned int alloc_flags, uint32_t list);

/*
 * Models: rmqueue_pcplist() + __rmqueue_pcplist() (6.1), inline for the
 * fast path. An allocation halves free_factor. An empty list is refilled
 * (pcp_6_1.c). Return: the first block, or PFN_NONE.
 */
static inline unsigned long rmqueue_pcplist(struct sim *sim, struct zone *z, unsigned int order,
					    int mt, unsigned int alloc_flags, int cpu)
{
	struct per_cpu_pages *pcp = &z->pageset[cpu];
	uint32_t list = pcp->lists[order_to_pindex(mt, order)], pfn;

	pcp->free_factor >>= 1;
	if (list_empty(&sim->map, list) &&
	    !rmqueue_pcplist_refill(sim, z, pcp, order, mt, alloc_flags, list))
		return PFN_NONE;
	list_take_page(&sim->map, list, false, &pfn)->flags &= (uint16_t)~PG_pcp;
	pcp->count -= 1 << order;
	return pfn;
}
void free_pages_6_1(struct sim *sim, struct zone *z, unsigned long pfn, unsigned int order,
		    bool cold);
void drain_pages_zone_6_1(struct sim *sim, int cpu, struct zone *z);

#endif
