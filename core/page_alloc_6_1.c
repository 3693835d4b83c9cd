/* core/page_alloc_6_1.c - Linux 6.1's fast path: flags, watermark checks,
 * the zonelist walk and taking a page from a zone.
 * Models mm/page_alloc.c (6.1.y): gfp_to_alloc_flags,
 * __gfp_pfmemalloc_flags, alloc_flags_nofragment, __zone_watermark_ok,
 * __zone_watermark_unusable_free, zone_watermark_fast,
 * get_page_from_freelist, rmqueue (rmqueue_buddy: buddy_6_1.c), prep_new_page,
 * zone_statistics.
 *
 * What changed since 4.5, as a reader of this file sees it:
 *  - every watermark is read with the zone's boost added (wmark_pages);
 *  - the first attempt forbids fragmenting fallbacks while the request
 *    could be served from Normal and DMA32 of the local node
 *    (ALLOC_NOFRAGMENT), and drops that rule before giving up;
 *  - there is no fair zone policy (ALLOC_FAIR went in 4.8);
 *  - orders 0..3 and THP come from per-order pcp lists;
 *  - the highatomic reserve serves ALLOC_HIGHATOMIC first, and any
 *    non-blocking or OOM request once everything else failed;
 *  - a zone whose watermark a fallback boosted wakes kswapd on the way out.
 */
#include <stdio.h>
#include <string.h>

#include "buddyscope/buddy.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/vmscan.h"
#include "internal.h"
#include "page_alloc_6_1.h"

/* ---- flags ---- */

/*
 * Models: gfp_to_alloc_flags() (6.1.y). From the min watermark; __GFP_HIGH
 * is ALLOC_MIN_RESERVE and __GFP_KSWAPD_RECLAIM ALLOC_KSWAPD. A caller that
 * cannot block may go a quarter deeper (ALLOC_NON_BLOCK) and, for order > 0,
 * into the highatomic reserve; a non-blocking __GFP_HIGH caller (GFP_ATOMIC)
 * also ignores cpusets. A blocking request of a real-time task (`task rt`;
 * always in task context here) gets ALLOC_MIN_RESERVE.
 * Ends with gfp_to_alloc_flags_cma() (ALLOC_CMA: only with a CMA area).
 */
unsigned int gfp_to_alloc_flags_6_1(const struct sim *sim, gfp_t gfp, unsigned int order)
{
	unsigned int flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	if (gfp & GFP_F_HIGH)
		flags |= ALLOC_MIN_RESERVE;
	if (gfp & GFP_F_KSWAPD_RECLAIM)
		flags |= ALLOC_KSWAPD;
	if (!(gfp & GFP_F_DIRECT_RECLAIM)) {
		if (!(gfp & GFP_F_NOMEMALLOC)) {
			flags |= ALLOC_NON_BLOCK;
			if (order > 0)
				flags |= ALLOC_HIGHATOMIC;
		}
		if (flags & ALLOC_MIN_RESERVE)
			flags &= ~(unsigned int)ALLOC_CPUSET;
	} else if (sim->tasks[sim->cur_task].rt) {	/* rt_task(current) && in_task() */
		flags |= ALLOC_MIN_RESERVE;
	}
	return alloc_flags_cma_6_1(sim, gfp, flags);
}

/*
 * Models: __gfp_pfmemalloc_flags() (6.1): __GFP_MEMALLOC and reclaimers
 * (PF_MEMALLOC) ignore watermarks; an OOM victim gets ALLOC_OOM, a deeper
 * dip that still keeps a quarter of min.
 */
unsigned int gfp_pfmemalloc_flags_6_1(const struct sim *sim, gfp_t gfp)
{
	const struct task *cur = &sim->tasks[sim->cur_task];

	if (gfp & GFP_F_NOMEMALLOC)
		return 0;
	if (gfp & GFP_F_MEMALLOC)
		return ALLOC_NO_WATERMARKS;
	if (cur->flags & PF_MEMALLOC)
		return ALLOC_NO_WATERMARKS;
	if (cur->memdie)
		return ALLOC_OOM;
	return 0;
}

/* alloc_flags_nofragment() and the first attempt's flags: inline, in
 * page_alloc_6_1.h. */

/* 6.1's alloc_flags of a request (kernel.h alloc_flags_text): the first
 * attempt's (with ALLOC_NOFRAGMENT when this cpu's node would prefer its
 * Normal zone) or gfp_to_alloc_flags()'s. */
void alloc_flags_text_6_1(const struct sim *sim, gfp_t gfp, unsigned int order, bool fast,
			  char *buf, size_t len)
{
	unsigned int flags;

	if (fast) {
		const struct zoneref *zr =
			sim->node_data[sim->cpu_to_node[sim->cur_cpu]]->node_zonelists[0]._zonerefs;
		int high = gfp_zone(gfp);

		while (zr->zone && zr->zone_idx > high)
			zr++;
		flags = alloc_flags_cma_6_1(sim, gfp, ALLOC_WMARK_LOW) |
			alloc_flags_nofragment(sim, zr->zone, gfp);
	} else {
		flags = gfp_to_alloc_flags_6_1(sim, gfp, order);
	}
	alloc_flags_format_6_1(flags, buf, len);
}

size_t alloc_flags_format_6_1(unsigned int f, char *buf, size_t len)
{
	static const struct { unsigned int bit; const char *name; } names[] = {
		{ ALLOC_NO_WATERMARKS, "ALLOC_NO_WATERMARKS" }, { ALLOC_OOM, "ALLOC_OOM" },
		{ ALLOC_NON_BLOCK, "ALLOC_NON_BLOCK" }, { ALLOC_MIN_RESERVE, "ALLOC_MIN_RESERVE" },
		{ ALLOC_CPUSET, "ALLOC_CPUSET" }, { ALLOC_CMA, "ALLOC_CMA" },
		{ ALLOC_NOFRAGMENT, "ALLOC_NOFRAGMENT" }, { ALLOC_HIGHATOMIC, "ALLOC_HIGHATOMIC" },
		{ ALLOC_KSWAPD, "ALLOC_KSWAPD" },
	};
	static const char *const wm[] = { "ALLOC_WMARK_MIN", "ALLOC_WMARK_LOW", "ALLOC_WMARK_HIGH" };
	size_t n;

	n = (size_t)snprintf(buf, len, "%s", (f & ALLOC_NO_WATERMARKS) ? "" :
			     wm[f & ALLOC_WMARK_MASK]);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (f & names[i].bit)
			n += (size_t)snprintf(buf + (n < len ? n : len), n < len ? len - n : 0,
					      "%s%s", n ? "|" : "", names[i].name);
	return n;
}

/* ---- watermarks ---- */

/* Models: __zone_watermark_ok() (6.1.y): page_alloc_6_1.h. */
bool zone_watermark_ok_6_1(const struct zone *z, unsigned int order, unsigned long mark,
			   int highest_zoneidx, unsigned int alloc_flags, long free_pages)
{
	return zone_watermark_ok_6_1_inline(z, order, mark, highest_zoneidx, alloc_flags,
					    free_pages);
}

/* ---- taking a page ---- */

/* rmqueue_buddy(): buddy_6_1.c, beside the __rmqueue() it inlines. */

struct zone_verdict *alloc_verdict_add_6_1(struct alloc_request *req, const struct zone *z,
					    int kind, unsigned int flags, unsigned long mark)
{
	struct zone_verdict *v;
	struct wmark_terms *t;
	long min = (long)mark, half = 0;

	/* a quiet request never gets here (add_verdict) */
	if (req->nr_verdicts >= MAX_ZONES_PER_ZONELIST)
		return NULL;
	v = &req->verdicts[req->nr_verdicts++];
	/* __zone_watermark_ok()'s reductions of min, as the check makes them */
	if (flags & ALLOC_RESERVES) {
		if (flags & ALLOC_MIN_RESERVE) {
			half = min / 2;
			min -= half;
			if (flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (flags & ALLOC_OOM)
			min -= min / 2;
	}
	*v = (struct zone_verdict){
		.nid = (uint8_t)z->zone_pgdat->node_id,
		.zid = z->zid,
		.kind = (uint8_t)kind,
		.wmark = (uint8_t)(flags & ALLOC_WMARK_MASK),
		.failed_order = -1,
	};
	t = &v->wm;
	t->free = z->vm_stat[NR_FREE_PAGES];
	t->order_cut = (1L << req->order) - 1;
	t->highatomic = (flags & ALLOC_RESERVES) ? 0 : (long)z->nr_reserved_highatomic;
	t->cma = (flags & ALLOC_CMA) ? 0 : z->vm_stat[NR_FREE_CMA_PAGES];	/* 0 without CMA */
	t->mark = (long)mark;
	t->high_cut = half;
	t->high_label = "ALLOC_MIN_RESERVE";
	t->harder_cut = (long)mark - half - min;
	/* ALLOC_OOM comes alone: the reserve flags replace the others (6.1) */
	t->harder_label = (flags & ALLOC_OOM) ? "ALLOC_OOM" : "ALLOC_NON_BLOCK";
	t->reserve = z->lowmem_reserve[req->ac.high_zoneidx];
	t->free_ok = t->free - unusable_free(z, req->order, flags) > min + t->reserve;
	t->ok = kind == ZV_TAKEN || kind == ZV_EMPTY;
	if (kind == ZV_WMARK_FAIL && req->order && t->free_ok)
		v->failed_order = (int)req->order;
	return v;
}

/* Models: get_page_from_freelist() (6.1): page_alloc_6_1.h. */
unsigned long get_page_from_freelist_6_1(struct sim *sim, struct alloc_request *req, gfp_t gfp,
					 unsigned int flags)
{
	return get_page_from_freelist_6_1_inline(sim, req, gfp, flags, req->quiet);
}
