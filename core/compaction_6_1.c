/* core/compaction_6_1.c - direct compaction as Linux 6.1 asks for it.
 * Models mm/compaction.c (6.1): compaction_suitable, __compaction_suitable,
 * try_to_compact_pages, compact_zone_order, compaction_zonelist_suitable,
 * and the compact_priority levels of include/linux/compaction.h.
 *
 * and compact_zone, __compact_finished, compact_node, kcompactd_do_work
 * (6.1). The free scanner is 6.1's (compaction_scan_6_1.c), the migrate
 * scanner too (compaction_migrate_6_1.c; kernel_desc.compact_migrate_scanner_6_1
 * can put v4.5's back); migration and deferral are shared (migrate.c,
 * compaction.c). What 6.1 decides differently from v4.5:
 *   priority  ASYNC (INIT_COMPACT_PRIORITY: async migration, skip hints
 *             kept, the request's migratetype's blocks only) ->
 *             SYNC_LIGHT (the default, and the floor for costly orders:
 *             sync-light migration, every block a source) -> SYNC_FULL
 *             (the floor for the rest: still sync-light migration, but
 *             the whole zone from its ends, skip hints and deferral
 *             ignored, and any pageblock a migration target);
 *   suitable  an order-0 check at min (low for costly orders) plus
 *             2 << order to migrate into; the fragmentation index only
 *             vetoes costly orders;
 *   finished  no watermark test: a free block of the order on the
 *             request's list (or one it may steal) ends the run, but only
 *             at a pageblock boundary of the migrate scanner; scanners
 *             that met end it COMPLETE if the run started at the zone's
 *             ends, else PARTIAL_SKIPPED;
 *   compact_memory  no skip bits cleared first (they are ignored, and the
 *             scanners set them as they go: a later direct compaction
 *             passes those blocks by).
 */
#include "buddyscope/compaction.h"
#include "buddyscope/page_alloc.h"

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

/* ---- compact_zone ---- */

/* 6.1's result in the 4.x names the shared callers and traces read:
 * SUCCESS is PARTIAL, PARTIAL_SKIPPED is COMPLETE (both end a run that
 * found nothing; both defer a sync one), CONTENDED is CONTENDED. */
static int result_4_x(int r)
{
	switch (r) {
	case COMPACT6_SKIPPED:		return COMPACT_SKIPPED;
	case COMPACT6_DEFERRED:		return COMPACT_DEFERRED;
	case COMPACT6_CONTINUE:		return COMPACT_CONTINUE;
	case COMPACT6_NO_SUITABLE_PAGE:	return COMPACT_NO_SUITABLE_PAGE;
	case COMPACT6_NOT_SUITABLE_ZONE: return COMPACT_NOT_SUITABLE_ZONE;
	case COMPACT6_SUCCESS:		return COMPACT_PARTIAL;
	case COMPACT6_CONTENDED:	return COMPACT_CONTENDED;
	default:			return COMPACT_COMPLETE;	/* COMPLETE, PARTIAL_SKIPPED */
	}
}

/* Models: __compact_finished() (6.1), for a request of migratetype @mt. */
static int compact_finished_raw_6_1(struct sim *sim, struct zone *z, struct compact_control *cc,
				    int mt)
{
	int ret = COMPACT6_NO_SUITABLE_PAGE;

	if (compact_scanners_met(cc)) {
		reset_cached_positions(sim, z);
		/* kswapd clears the skip bits before it sleeps, if an
		 * allocation's compaction went through the zone */
		if (cc->direct_compaction)
			z->compact_blockskip_flush = true;
		return cc->whole_zone ? COMPACT6_COMPLETE : COMPACT6_PARTIAL_SKIPPED;
	}
	/* proactive: on while the zone's score is above the low mark, and
	 * never beside a running kswapd */
	if (cc->proactive_compaction) {
		if (kswapd_is_running(z->zone_pgdat))
			return COMPACT6_PARTIAL_SKIPPED;
		return fragmentation_score_zone(z) > fragmentation_score_wmark(sim, true) ?
		       COMPACT6_CONTINUE : COMPACT6_SUCCESS;
	}
	if (cc->order == -1)
		return COMPACT6_CONTINUE;
	/* always finish a pageblock: fewer fallbacks later */
	if (cc->migrate_pfn & (pageblock_nr_pages - 1))
		return COMPACT6_CONTINUE;
	/* a free block of the order on the request's list, or one it may
	 * steal (a non-movable stealer would first finish its pageblock, which
	 * it has: the migrate scanner is at a block boundary here) */
	if (compact_free_block_for(sim, z, cc->order, mt))
		return COMPACT6_SUCCESS;
	if (cc->contended || compact_fatal_signal(sim))
		ret = COMPACT6_CONTENDED;
	return ret;
}

/* Models: compact_finished() (6.1): traced, NO_SUITABLE_PAGE goes on. */
static int compact_finished_6_1(struct sim *sim, struct zone *z, struct compact_control *cc,
				int mt)
{
	int ret = compact_finished_raw_6_1(sim, z, cc, mt);
	struct trace_event *ev = trace_emit(sim, TRACE_mm_compaction_finished);

	ev->nid = (uint8_t)z->zone_pgdat->node_id;
	ev->zid = z->zid;
	ev->order = (uint8_t)(cc->order < 0 ? 0 : cc->order);
	ev->arg[0] = result_4_x(ret);
	return ret == COMPACT6_NO_SUITABLE_PAGE ? COMPACT6_CONTINUE : ret;
}

/* Models: compact_zone()'s start (6.1): the whole zone from its ends, or
 * where the last runs left the scanners (the async and sync migrate
 * scanners apart). SIMPLIFICATION: compact_init_migrate_pfn, where 6.1's
 * skip-bit reset found the first source block, is the zone start here. */
static void compact_zone_start_6_1(struct zone *z, struct compact_control *cc)
{
	unsigned long start_pfn = z->zone_start_pfn, end_pfn = zone_end_pfn(z);
	bool sync = cc->mode != MIGRATE_ASYNC;

	if (cc->whole_zone) {
		cc->migrate_pfn = start_pfn;
		cc->free_pfn = (end_pfn - 1) & ~(pageblock_nr_pages - 1);
		return;
	}
	cc->migrate_pfn = z->compact_cached_migrate_pfn[sync];
	cc->free_pfn = z->compact_cached_free_pfn;
	if (cc->free_pfn < start_pfn || cc->free_pfn >= end_pfn) {
		cc->free_pfn = (end_pfn - 1) & ~(pageblock_nr_pages - 1);
		z->compact_cached_free_pfn = cc->free_pfn;
	}
	if (cc->migrate_pfn < start_pfn || cc->migrate_pfn >= end_pfn) {
		cc->migrate_pfn = start_pfn;
		z->compact_cached_migrate_pfn[0] = z->compact_cached_migrate_pfn[1] = start_pfn;
	}
	if (cc->migrate_pfn <= start_pfn)
		cc->whole_zone = true;
}

/*
 * Models: compact_zone() (6.1). Return: enum compact_result_6_1.
 * As v4.5's loop (isolate up to 32, migrate, drain the pcp lists once the
 * migrate scanner left the order-aligned block it emptied), plus: async
 * direct compaction that failed to move a page gives up the rest of its
 * order-aligned block; while async runs find nothing to isolate, the sync
 * cached start follows the async one; a second batch from one pageblock
 * is a rescan (cc->rescan: 6.1's migrate scanner then takes the rest of
 * the block). The targets come from 6.1's free scanner
 * (compaction_alloc_6_1); the sources from 6.1's migrate scanner
 * (isolate_migratepages_6_1), or v4.5's where
 * kernel_desc.compact_migrate_scanner_6_1 is false.
 * SIMPLIFICATION: no capture_control (the caller's next attempt takes the
 * page from the free lists); skip bits cleared on restart are all of the
 * zone's (6.1 samples each block for a free or LRU page first).
 */
static int compact_zone_6_1_raw(struct sim *sim, struct zone *z, struct compact_control *cc)
{
	int mt = gfpflags_to_migratetype(cc->gfp_mask);
	unsigned long last_migrated_pfn = 0;
	bool update_cached;
	int ret;

	SIM_BUG_ON(cc->order < -1 || cc->order >= MAX_ORDER || !populated_zone(z));
	if (mt < 0)
		mt = MIGRATE_UNMOVABLE;
	ret = compact_zone_suitable(sim, z, cc);
	if (ret != COMPACT_CONTINUE)
		return ret == COMPACT_PARTIAL ? COMPACT6_SUCCESS : COMPACT6_SKIPPED;
	if (compaction_restarting(z, cc->order) && z->compact_blockskip_flush)
		reset_isolation_suitable_zone(sim, z);
	cc->migratetype = mt;
	cc->rescan = false;
	cc->fast_start_pfn = 0;
	compact_zone_start_6_1(z, cc);
	update_cached = cc->mode == MIGRATE_ASYNC &&
		z->compact_cached_migrate_pfn[0] == z->compact_cached_migrate_pfn[1];
	compact_zone_begin_trace(sim, z, cc);

	while ((ret = compact_finished_6_1(sim, z, cc, mt)) == COMPACT6_CONTINUE) {
		unsigned long iteration_start_pfn = cc->migrate_pfn;
		int err;

		/* a second batch from the same pageblock takes the rest of it,
		 * and the block is marked skip when done */
		cc->rescan = (last_migrated_pfn & ~(pageblock_nr_pages - 1)) ==
			     (iteration_start_pfn & ~(pageblock_nr_pages - 1));
		switch (sim_kernel(sim)->compact_migrate_scanner_6_1 ?
			isolate_migratepages_6_1(sim, cc) : isolate_migratepages(sim, cc)) {
		case ISOLATE_ABORT:
			ret = COMPACT6_CONTENDED;
			putback_movable_pages(sim, cc->migratepages, &cc->nr_migratepages);
			goto out;
		case ISOLATE_NONE:
			if (update_cached)
				z->compact_cached_migrate_pfn[1] = z->compact_cached_migrate_pfn[0];
			goto check_drain;
		case ISOLATE_SUCCESS:
			update_cached = false;
			last_migrated_pfn = iteration_start_pfn;
			break;
		}
		err = compact_migrate_batch(sim, cc, compaction_alloc_6_1);
		if (err) {
			if (err == -ENOMEM && !compact_scanners_met(cc)) {
				ret = COMPACT6_CONTENDED;
				goto out;
			}
			/* async direct: skip the rest of the order-aligned block */
			if (cc->direct_compaction && cc->mode == MIGRATE_ASYNC) {
				unsigned long size = 1UL << cc->order;

				cc->migrate_pfn = (cc->migrate_pfn - 1 + size) & ~(size - 1);
				last_migrated_pfn = 0;
			}
		}
check_drain:
		if (cc->order > 0 && last_migrated_pfn &&
		    last_migrated_pfn < (cc->migrate_pfn & ~((1UL << cc->order) - 1))) {
			/* lru_add_drain_cpu_zone(): this cpu's pcp lists of the zone */
			drain_local_pages(sim, sim->cur_cpu, z);
			last_migrated_pfn = 0;
		}
	}
out:
	if (cc->nr_freepages) {
		unsigned long free_pfn = release_freepages(sim, cc) & ~(pageblock_nr_pages - 1);

		if (free_pfn > z->compact_cached_free_pfn)
			z->compact_cached_free_pfn = free_pfn;
	}
	compact_zone_end(sim, z, cc, result_4_x(ret), compact_result_name_6_1(ret));
	return ret;
}

/* compact_zone() for the shared callers (kernel.h's compact_zone op):
 * 6.1's run, its result in 4.x names (contention as v4.5: PARTIAL). */
int compact_zone_6_1(struct sim *sim, struct zone *z, struct compact_control *cc)
{
	int ret = result_4_x(compact_zone_6_1_raw(sim, z, cc));

	return ret == COMPACT_CONTENDED ? COMPACT_PARTIAL : ret;
}

/*
 * Models: one zone of kcompactd_do_work() (6.1): sync-light, the skip hints
 * kept (4.6 ignored them), gfp_mask GFP_KERNEL. SUCCESS takes the zone off
 * deferral ("likely"); a run that found nothing (COMPLETE or
 * PARTIAL_SKIPPED) drains the per-cpu lists of the zone, so stranded pages
 * may merge, and defers it. Return: true if compact_zone() ran.
 */
bool kcompactd_do_zone_6_1(struct sim *sim, struct zone *z, const struct kcompactd_ctl *k)
{
	struct compact_control cc;
	int status;

	if (!populated_zone(z) || compaction_deferred(sim, z, k->order))
		return false;
	if (compaction_suitable(sim, z, k->order, 0, z->zid) != COMPACT_CONTINUE)
		return false;
	cc_init(&cc, z, k->order, GFP_KERNEL, MIGRATE_SYNC_LIGHT, 0, k->work_classzone, false);
	status = compact_zone_6_1_raw(sim, z, &cc);
	SIM_BUG_ON(cc.nr_freepages || cc.nr_migratepages);
	if (status == COMPACT6_SUCCESS) {
		compaction_defer_reset(sim, z, k->order, false);
	} else if (status == COMPACT6_PARTIAL_SKIPPED || status == COMPACT6_COMPLETE) {
		drain_all_pages(sim, z);
		defer_compaction(sim, z, k->order);
	}
	count_vm_events(sim, COMPACTDAEMON_MIGRATE_SCANNED, cc.migrate_scanned);
	count_vm_events(sim, COMPACTDAEMON_FREE_SCANNED, cc.free_scanned);
	return true;
}

/* Models: one zone of proactive_compact_node() (6.1): order -1, sync-light,
 * the whole zone, skip hints ignored, finished by the fragmentation score
 * (__compact_finished). Its scans count in compact_migrate_scanned and
 * compact_free_scanned only, as every compact_zone()'s do: 6.1's
 * proactive_compact_node() does not add them to kcompactd's
 * compact_daemon_*_scanned (6.3 does, "mm: compaction: count the migration
 * scanned pages events for proactive compaction"). A real 6.1 run shows it:
 * in the run cut to tests/data/linux61/frag-shapes/chunk4-run1, ftrace saw
 * kcompactd compact order -1 three times before compact_memory (the first
 * run scanned DMA32 from 0x1000 to 0x11600) while its vmstat's
 * compact_daemon_migrate_scanned stayed at the 692 of its three order-9
 * wakeups. */
void proactive_compact_zone(struct sim *sim, struct zone *z)
{
	struct compact_control cc;

	cc_init(&cc, z, -1, GFP_KERNEL, MIGRATE_SYNC_LIGHT, 0, 0, true);
	cc.whole_zone = true;
	cc.proactive_compaction = true;
	compact_zone_6_1_raw(sim, z, &cc);
}

/* Models: compact_node() (6.1), /proc/sys/vm/compact_memory on node @nid:
 * every zone whole, MIGRATE_SYNC, skip hints ignored (not cleared). */
void compact_node_6_1(struct sim *sim, int nid)
{
	compact_node_zones(sim, nid, GFP_KERNEL, false, compact_zone_6_1);
}

/*
 * Models: try_to_compact_pages() + compact_zone_order() (6.1). Only with
 * __GFP_IO (gfp_compaction_allowed). Each zone of the request: deferred
 * zones are passed over unless at the highest priority; the result is the
 * highest of the zones'. SUCCESS stops the walk and clears the "failed"
 * order; a sync run that ends COMPLETE or PARTIAL_SKIPPED defers the zone.
 * compact_zone_order's migration mode is async at COMPACT_PRIO_ASYNC and
 * sync-light at both sync priorities.
 */
int try_to_compact_pages_6_1(struct sim *sim, gfp_t gfp, unsigned int order,
			     unsigned int alloc_flags, const struct alloc_context *ac, int prio)
{
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
		cc_init(&cc, z, (int)order, gfp,
			prio == COMPACT_PRIO_ASYNC ? MIGRATE_ASYNC : MIGRATE_SYNC_LIGHT, alloc_flags,
			ac->high_zoneidx, prio == MIN_COMPACT_PRIORITY);
		cc.direct_compaction = true;
		cc.whole_zone = cc.ignore_block_suitable = prio == MIN_COMPACT_PRIORITY;
		status = compact_zone_6_1_raw(sim, z, &cc);
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
