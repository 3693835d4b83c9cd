/* core/page_alloc_6_1.h - what Linux 6.1's allocator files share inside
 * core/ (mm/internal.h of 6.1). The 4.x code never includes it.
 *
 * alloc_flags have other values in 6.1 than in v4.5 (buddyscope/gfp.h):
 * __GFP_HIGH is ALLOC_MIN_RESERVE and __GFP_KSWAPD_RECLAIM is ALLOC_KSWAPD
 * in 6.1's numbering, so they are spelled here, for 6.1's code only.
 * Debian's 6.1.192 has the ALLOC_HARDER split (ALLOC_NON_BLOCK,
 * ALLOC_MIN_RESERVE, ALLOC_HIGHATOMIC) that 6.3 made and 6.1.y took.
 *
 * The modelled 6.1 is built without CONFIG_CMA by default (Debian 12's
 * config, the captures' README: kernel.c config_cma false). A machine with a
 * CMA area (cma=SIZE: machine file "cma", --cma, `machine SPEC cma=`) runs
 * it as built with CONFIG_CMA=y: movable requests get
 * ALLOC_CMA (alloc_flags_cma_6_1), __rmqueue() takes from the CMA lists
 * (buddy_6_1.c), and __zone_watermark_ok() does not count free CMA pages
 * for a caller without ALLOC_CMA. Without an area those steps are there but
 * idle, as compiled away: no request has ALLOC_CMA, no pageblock is
 * MIGRATE_CMA and NR_FREE_CMA_PAGES stays 0.
 */
#ifndef BUDDYSCOPE_CORE_PAGE_ALLOC_6_1_H
#define BUDDYSCOPE_CORE_PAGE_ALLOC_6_1_H

#include <stdbool.h>
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/buddy.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/vmscan.h"
#include "internal.h"
#include "page_alloc_fast.h"

struct sim;
struct alloc_request;
struct alloc_context;

/* mm/internal.h (6.1.y) */
#define ALLOC_OOM		0x08	/* an OOM victim: half of min more */
#define ALLOC_NON_BLOCK		0x10	/* cannot block: a quarter of min more */
#define ALLOC_MIN_RESERVE	0x20	/* __GFP_HIGH: half of min */
/*	ALLOC_CPUSET		0x40	   as in v4.5 (gfp.h) */
/*	ALLOC_CMA		0x80	   v4.5's (gfp.h); never set without CONFIG_CMA */
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
static inline unsigned int alloc_flags_nofragment_at(const struct sim *sim, int nid, int zid,
						     gfp_t gfp)
{
	unsigned int flags = (gfp & GFP_F_KSWAPD_RECLAIM) ? ALLOC_KSWAPD : 0;

	if (nid < 0 || zid != ZONE_NORMAL)
		return flags;
	if (sim->nr_nodes > 1 && !populated_zone(&sim->node_data[nid]->node_zones[ZONE_DMA32]))
		return flags;
	return flags | ALLOC_NOFRAGMENT;
}

/* The same for the preferred zone @pref (NULL: none). */
static inline unsigned int alloc_flags_nofragment(const struct sim *sim, const struct zone *pref,
						  gfp_t gfp)
{
	return pref ? alloc_flags_nofragment_at(sim, pref->zone_pgdat->node_id, pref->zid, gfp)
		    : alloc_flags_nofragment_at(sim, -1, -1, gfp);
}

/* Models: gfp_to_alloc_flags_cma() (6.1): with CONFIG_CMA a movable
 * request may take pages of CMA pageblocks. The 6.1 modelled has
 * CONFIG_CMA exactly when the machine has an area (procfs.c mt_shown), which
 * is what the fast path reads: one load. */
static inline unsigned int alloc_flags_cma_6_1(const struct sim *sim, gfp_t gfp,
					       unsigned int flags)
{
	if (sim->cfg.machine.cma_pages && gfp_migratetype(sim, gfp) == MIGRATE_MOVABLE)
		flags |= ALLOC_CMA;
	return flags;
}

/* The first attempt's flags in __alloc_pages() (6.1): the preferred zone
 * by its node and zone number (no pointer to compute). */
static inline unsigned int fast_path_alloc_flags_6_1(const struct sim *sim,
						     const struct alloc_request *req)
{
	return alloc_flags_cma_6_1(sim, req->gfp_mask, ALLOC_WMARK_LOW) |
	       alloc_flags_nofragment_at(sim, req->ac.preferred_nid, req->ac.preferred_zid,
					 req->gfp_mask);
}
unsigned int gfp_pfmemalloc_flags_6_1(const struct sim *sim, gfp_t gfp);
bool zone_watermark_ok_6_1(const struct zone *z, unsigned int order, unsigned long mark,
			   int highest_zoneidx, unsigned int alloc_flags, long free_pages);
unsigned long get_page_from_freelist_6_1(struct sim *sim, struct alloc_request *req,
					 gfp_t gfp, unsigned int alloc_flags);
size_t alloc_flags_format_6_1(unsigned int alloc_flags, char *buf, size_t len);
void alloc_flags_text_6_1(const struct sim *sim, gfp_t gfp, unsigned int order, bool fast,
			  char *buf, size_t len);
/* wmark_pages(): a mark plus the zone's boost (mmzone.h) */
static inline unsigned long wmark_pages_6_1(const struct zone *z, int wmark)
{
	return zone_wmark_pages(z, wmark);
}

/* ---- buddy_6_1.c ---- */
unsigned long rmqueue_smallest_traced(struct sim *sim, struct zone *z, unsigned int order,
				      int mt);
int rmqueue_bulk_6_1(struct sim *sim, struct zone *z, unsigned int order, int count,
		     uint32_t list, int mt, unsigned int alloc_flags);
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


/* ---- page_alloc_6_1.c: the fast path, inline for slowpath_run_6_1 ---- */
unsigned long rmqueue_buddy_6_1(struct sim *sim, struct zone *z, unsigned int order, int mt,
				unsigned int flags);
struct zone_verdict *alloc_verdict_add_6_1(struct alloc_request *req, const struct zone *z,
					    int kind, unsigned int flags, unsigned long mark);

/* The record of why the walk passed over @z or took from it, with the
 * watermark check's terms; none for a quiet request. */
static inline struct zone_verdict *add_verdict(struct alloc_request *req, const struct zone *z,
					       int kind, unsigned int flags, unsigned long mark,
					       bool quiet)
{
	return quiet ? NULL : alloc_verdict_add_6_1(req, z, kind, flags, mark);
}

/* Models: __zone_watermark_unusable_free() (6.1): the order's tail, the
 * highatomic reserve for a caller without reserve rights, and (CONFIG_CMA)
 * the free CMA pages for a caller without ALLOC_CMA (0 without an area). */
static inline long unusable_free(const struct zone *z, unsigned int order, unsigned int flags)
{
	long n = (1L << order) - 1, cma = z->vm_stat[NR_FREE_CMA_PAGES];	/* 0 without an area */

	if (!(flags & ALLOC_RESERVES))
		n += (long)z->nr_reserved_highatomic;
	if (cma && !(flags & ALLOC_CMA))
		n += cma;
	return n;
}

/*
 * Models: __zone_watermark_ok() (6.1.y). __GFP_HIGH takes half of min, a
 * non-blocking __GFP_HIGH caller a quarter more, an OOM victim half of what
 * is left; fail if free <= min + lowmem_reserve[highest_zoneidx]. For
 * order > 0 a block of that order must be free on a list the caller may
 * use (the highatomic list with ALLOC_HIGHATOMIC or ALLOC_OOM).
 * E.g. GFP_ATOMIC at DMA32's min 11087: 11087 - 5543 = 5544, - 1386 = 4158.
 * Inline for zone_watermark_fast(); zone_watermark_ok_6_1() elsewhere.
 */
static inline __attribute__((always_inline)) bool
zone_watermark_ok_6_1_inline(const struct zone *z, unsigned int order, unsigned long mark,
			     int highest_zoneidx, unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;

	free_pages -= unusable_free(z, order, alloc_flags);
	if (alloc_flags & ALLOC_RESERVES) {
		if (alloc_flags & ALLOC_MIN_RESERVE) {
			min -= min / 2;
			if (alloc_flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
	}
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < MAX_ORDER; o++) {
		const struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		/* any of the MIGRATE_PCPTYPES lists, in one test */
		if (area->nr_free_mt[MIGRATE_UNMOVABLE] | area->nr_free_mt[MIGRATE_MOVABLE] |
		    area->nr_free_mt[MIGRATE_RECLAIMABLE])
			return true;
		/* CONFIG_CMA: a CMA block serves an ALLOC_CMA caller */
		if ((alloc_flags & ALLOC_CMA) && area->nr_free_mt[MIGRATE_CMA])
			return true;
		if ((alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) &&
		    area->nr_free_mt[MIGRATE_HIGHATOMIC])
			return true;
	}
	return false;
}

/*
 * Models: zone_watermark_fast() (6.1): an order-0 shortcut that subtracts
 * the unusable pages once, the full check, and for GFP_ATOMIC order 0 at
 * the min mark a second chance without the boost.
 */
static inline bool zone_watermark_fast(const struct zone *z, unsigned int order, unsigned long mark,
				int highest_zoneidx, unsigned int flags, gfp_t gfp)
{
	long free_pages = z->vm_stat[NR_FREE_PAGES];

	if (!order) {
		long usable = free_pages, reserved = unusable_free(z, 0, flags);

		usable -= usable < reserved ? usable : reserved;
		if (usable > (long)mark + z->lowmem_reserve[highest_zoneidx])
			return true;
	}
	if (zone_watermark_ok_6_1_inline(z, order, mark, highest_zoneidx, flags, free_pages))
		return true;
	if (!order && (gfp & GFP_F_ATOMIC) && z->watermark_boost &&
	    (flags & ALLOC_WMARK_MASK) == WMARK_MIN)
		return zone_watermark_ok_6_1(z, order, z->watermark[WMARK_MIN], highest_zoneidx,
					     flags, free_pages);
	return false;
}

/* Models: zone_statistics() (6.1): local means the running CPU's node. */
static inline void zone_statistics_6_1(struct sim *sim, struct zone *pref, struct zone *z, int cpu)
{
	if (z->zone_pgdat == pref->zone_pgdat) {
		z->vm_stat[NUMA_HIT]++;
	} else {
		z->vm_stat[NUMA_MISS]++;
		pref->vm_stat[NUMA_FOREIGN]++;
	}
	if (z->zone_pgdat->node_id == sim->cpu_to_node[cpu])
		z->vm_stat[NUMA_LOCAL]++;
	else
		z->vm_stat[NUMA_OTHER]++;
}

/*
 * Models: rmqueue() + rmqueue_buddy() (6.1.y). Orders the pcp lists take
 * come from there; others, or an empty refill, from the buddy lists under
 * the zone lock: the highatomic reserve first for ALLOC_HIGHATOMIC, and
 * last for a non-blocking or OOM request. On the way out a zone that a
 * fallback boosted wakes kswapd (order 0, its own zone).
 */
static inline unsigned long rmqueue_zone(struct sim *sim, struct zone *pref, struct zone *z,
				  const struct alloc_request *req, unsigned int flags)
{
	unsigned int order = req->order;
	int mt = req->ac.migratetype;
	unsigned long pfn = PFN_NONE;

	if (pcp_allowed_order(order))
		pfn = rmqueue_pcplist(sim, z, order, mt, flags, req->cpu);
	if (pfn == PFN_NONE)
		pfn = rmqueue_buddy_6_1(sim, z, order, mt, flags);
	if (pfn != PFN_NONE) {
		count_vm_events(sim, (enum vm_event_item)(PGALLOC_DMA + z->zid), 1UL << order);
		zone_statistics_6_1(sim, pref, z, req->cpu);
	}
	if (z->flags & (1UL << ZONE_BOOSTED_WATERMARK)) {
		z->flags &= ~(1UL << ZONE_BOOSTED_WATERMARK);
		wakeup_kswapd(sim, z, 0, z->zid);
	}
	return pfn;
}


/*
 * Models: get_page_from_freelist() (6.1). From the preferred zone down the
 * zonelist to highest_zoneidx: the zone's mark (boost included) decides,
 * ALLOC_NO_WATERMARKS takes regardless. Under ALLOC_NOFRAGMENT a zone on
 * another node restarts the walk without it (locality first), and so does
 * the end of the walk.
 * SIMPLIFICATION: no cpusets, no dirty-node limit (__GFP_WRITE), node
 * reclaim off (zone_reclaim_mode 0, Debian's default), no deferred struct
 * page init to grow into. @quiet is req->quiet (a constant where the caller
 * knows it).
 */
static inline __attribute__((always_inline)) unsigned long
get_page_from_freelist_6_1_inline(struct sim *sim, struct alloc_request *req, gfp_t gfp,
				  unsigned int flags, bool quiet)
{
	struct zone *pref;
	const struct zoneref *zr;

	if (req->ac.preferred_nid < 0)
		return PFN_NONE;
	pref = &sim->node_data[req->ac.preferred_nid]->node_zones[req->ac.preferred_zid];
retry:
	req->nr_verdicts = 0;
	zr = sim->node_data[req->ac.zonelist_nid]->node_zonelists[req->ac.zonelist_idx]._zonerefs;
	for (; zr->zone; zr++) {
		struct zone *z = zr->zone;
		unsigned long mark, pfn;

		if (zr->zone_idx > req->ac.high_zoneidx)
			continue;
		if ((flags & ALLOC_NOFRAGMENT) && sim->nr_nodes > 1 &&
		    z->zone_pgdat != pref->zone_pgdat) {
			flags &= ~(unsigned int)ALLOC_NOFRAGMENT;
			goto retry;
		}
		mark = wmark_pages_6_1(z, (int)(flags & ALLOC_WMARK_MASK));
		if (!(flags & ALLOC_NO_WATERMARKS) &&
		    !zone_watermark_fast(z, req->order, mark, req->ac.high_zoneidx, flags, gfp)) {
			add_verdict(req, z, ZV_WMARK_FAIL, flags, mark, quiet);
			continue;
		}
		pfn = rmqueue_zone(sim, pref, z, req, flags);
		if (pfn == PFN_NONE || req->narrate)
			add_verdict(req, z, pfn == PFN_NONE ? ZV_EMPTY : ZV_TAKEN, flags, mark, quiet);
		if (pfn == PFN_NONE)
			continue;
		prep_new_page(sim, pfn, req->order);	/* page_alloc_fast.h */
		if (flags & ALLOC_HIGHATOMIC)
			reserve_highatomic_pageblock_6_1(sim, z, pfn);
		return pfn;
	}
	if (flags & ALLOC_NOFRAGMENT) {
		flags &= ~(unsigned int)ALLOC_NOFRAGMENT;
		goto retry;
	}
	return PFN_NONE;
}

#endif
