/* core/compaction_6_1.c - direct compaction as Linux 6.1 asks for it.
 * Models mm/compaction.c (6.1): compaction_suitable, __compaction_suitable,
 * try_to_compact_pages, compact_zone_order, compaction_zonelist_suitable,
 * and the compact_priority levels of include/linux/compaction.h.
 *
 * The scanners, migration and deferral are the shared compaction.c; what
 * 6.1 decides differently is when to run them and how hard:
 *   priority  ASYNC (INIT_COMPACT_PRIORITY) -> SYNC_LIGHT (the default,
 *             and the floor for costly orders) -> SYNC_FULL (the floor for
 *             the rest: skip hints ignored, deferral ignored);
 *   suitable  an order-0 check at min (low for costly orders) plus
 *             2 << order to migrate into; the fragmentation index only
 *             vetoes costly orders.
 */
#include "buddyscope/compaction.h"

#include "compaction_internal.h"
#include "compaction_6_1.h"
#include "internal.h"
#include "page_alloc_6_1.h"

const char *compact_priority_name(int prio)
{
	static const char *const names[] = { "COMPACT_PRIO_SYNC_FULL", "COMPACT_PRIO_SYNC_LIGHT",
					     "COMPACT_PRIO_ASYNC" };

	return prio >= 0 && prio <= COMPACT_PRIO_ASYNC ? names[prio] : "?";
}

const char *compact_result_name_6_1(int r)
{
	static const char *const names[] = { "not_suitable_zone", "skipped", "deferred",
		"no_suitable_page", "continue", "complete", "partial_skipped", "contended",
		"success" };

	return r >= 0 && r <= COMPACT6_SUCCESS ? names[r] : "?";
}

/*
 * Models: __compaction_suitable() (6.1) for @free_pages free.
 * Return (4.x names, which compact_zone() reads): PARTIAL when the
 * request's own mark is met at @order already (6.1: SUCCESS), SKIPPED when
 * there is no room to migrate into, else CONTINUE.
 * E.g. order 9 in DMA32 (low 13858): 13858 + 1024 free pages needed.
 */
static int suitable_free(const struct zone *z, int order, unsigned int alloc_flags,
			 int highest_zoneidx, long free_pages)
{
	unsigned long mark;

	if (order == -1)
		return COMPACT_CONTINUE;
	mark = wmark_pages_6_1(z, (int)(alloc_flags & ALLOC_WMARK_MASK));
	if (zone_watermark_ok_6_1(z, (unsigned int)order, mark, highest_zoneidx, alloc_flags,
				  z->vm_stat[NR_FREE_PAGES]))
		return COMPACT_PARTIAL;
	mark = wmark_pages_6_1(z, order > PAGE_ALLOC_COSTLY_ORDER ? WMARK_LOW : WMARK_MIN);
	mark += 2UL << order;	/* compact_gap() */
	if (!zone_watermark_ok_6_1(z, 0, mark, highest_zoneidx, ALLOC_CMA, free_pages))
		return COMPACT_SKIPPED;
	return COMPACT_CONTINUE;
}

/* Models: compaction_suitable() (6.1), untraced (compaction.c traces):
 * the fragmentation index vetoes only costly orders (NOT_SUITABLE_ZONE). */
int compaction_suitable_raw_6_1(const struct sim *sim, const struct zone *z, int order,
				unsigned int alloc_flags, int highest_zoneidx)
{
	int ret = suitable_free(z, order, alloc_flags, highest_zoneidx,
				z->vm_stat[NR_FREE_PAGES]);

	if (ret == COMPACT_CONTINUE && order > PAGE_ALLOC_COSTLY_ORDER) {
		int fi = fragmentation_index(z, (unsigned int)order);

		if (fi >= 0 && fi <= sim->vm.extfrag_threshold)
			ret = COMPACT_NOT_SUITABLE_ZONE;
	}
	return ret;
}

/* 4.x result of compact_zone() -> 6.1's enum (SUCCESS for 4.x PARTIAL). */
static int result_6_1(int r, int contended)
{
	if (contended != COMPACT_CONTENDED_NONE)
		return COMPACT6_CONTENDED;
	switch (r) {
	case COMPACT_DEFERRED:		return COMPACT6_DEFERRED;
	case COMPACT_SKIPPED:		return COMPACT6_SKIPPED;
	case COMPACT_CONTINUE:		return COMPACT6_CONTINUE;
	case COMPACT_PARTIAL:		return COMPACT6_SUCCESS;
	case COMPACT_COMPLETE:		return COMPACT6_COMPLETE;
	case COMPACT_NO_SUITABLE_PAGE:	return COMPACT6_NO_SUITABLE_PAGE;
	case COMPACT_NOT_SUITABLE_ZONE:	return COMPACT6_NOT_SUITABLE_ZONE;
	default:			return COMPACT6_CONTENDED;
	}
}

/*
 * Models: try_to_compact_pages() + compact_zone_order() (6.1). Only with
 * __GFP_IO (gfp_compaction_allowed). Each zone of the request: deferred
 * zones are passed over unless at the highest priority; the result is the
 * highest of the zones'. SUCCESS stops the walk and clears the "failed"
 * order; a sync run that ends COMPLETE or PARTIAL_SKIPPED defers the zone.
 * SIMPLIFICATION: no capture_control (the page is taken from the free lists
 * by the caller's next attempt); a run that met its scanners is COMPLETE
 * (6.1 says PARTIAL_SKIPPED when it did not start at the zone's ends).
 */
int try_to_compact_pages_6_1(struct sim *sim, gfp_t gfp, unsigned int order,
			     unsigned int alloc_flags, const struct alloc_context *ac, int prio)
{
	static const enum migrate_mode mode_of[] = {
		[COMPACT_PRIO_SYNC_FULL] = MIGRATE_SYNC,
		[COMPACT_PRIO_SYNC_LIGHT] = MIGRATE_SYNC_LIGHT,
		[COMPACT_PRIO_ASYNC] = MIGRATE_ASYNC,
	};
	const struct zoneref *zr;
	int rc = COMPACT6_SKIPPED;
	struct trace_event *ev;

	if (!(gfp & GFP_F_IO) || !order || ac->preferred_nid < 0)
		return rc;
	ev = trace_emit(sim, TRACE_mm_compaction_try_to_compact_pages);
	ev->order = (uint8_t)order;
	ev->gfp_mask = gfp;
	ev->arg[0] = prio;
	zr = sim->node_data[ac->zonelist_nid]->node_zonelists[ac->zonelist_idx]._zonerefs;
	for (; zr->zone; zr++) {
		struct zone *z = zr->zone;
		struct compact_control cc;
		int status;

		if (zr->zone_idx > ac->high_zoneidx || !populated_zone(z))
			continue;
		if (prio > MIN_COMPACT_PRIORITY && compaction_deferred(sim, z, (int)order)) {
			if (rc < COMPACT6_DEFERRED)
				rc = COMPACT6_DEFERRED;
			continue;
		}
		cc_init(&cc, z, (int)order, gfp, mode_of[prio], alloc_flags, ac->high_zoneidx,
			prio == MIN_COMPACT_PRIORITY);
		status = result_6_1(compact_zone(sim, z, &cc), cc.contended);
		SIM_BUG_ON(cc.nr_freepages || cc.nr_migratepages);
		if (status > rc)
			rc = status;
		if (status == COMPACT6_SUCCESS) {
			compaction_defer_reset(sim, z, (int)order, false);
			break;
		}
		if (prio != COMPACT_PRIO_ASYNC &&
		    (status == COMPACT6_COMPLETE || status == COMPACT6_PARTIAL_SKIPPED))
			defer_compaction(sim, z, (int)order);
		if (prio == COMPACT_PRIO_ASYNC && compact_fatal_signal(sim))
			break;
	}
	return rc;
}

/*
 * Models: compaction_zonelist_suitable() (6.1): would compaction have room
 * in some zone if reclaim freed 1/order of what it can reclaim there?
 */
bool compaction_zonelist_suitable(const struct sim *sim, const struct alloc_context *ac,
				  unsigned int order, unsigned int alloc_flags)
{
	const struct zoneref *zr =
		sim->node_data[ac->zonelist_nid]->node_zonelists[ac->zonelist_idx]._zonerefs;

	for (; zr->zone; zr++) {
		const struct zone *z = zr->zone;
		long available;

		if (zr->zone_idx > ac->high_zoneidx)
			continue;
		available = (long)(zone_reclaimable_pages(sim, z) / order) + z->vm_stat[NR_FREE_PAGES];
		if (suitable_free(z, (int)order, alloc_flags, ac->high_zoneidx, available) ==
		    COMPACT_CONTINUE)
			return true;
	}
	return false;
}
