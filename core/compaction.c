/* core/compaction.c - memory compaction: when, where and how far.
 * Models mm/compaction.c (v4.5): compaction_suitable, the deferral
 * functions, compact_finished, compact_zone, compact_zone_order,
 * try_to_compact_pages, compact_node (compact_nodes and
 * reset_isolation_suitable are in compaction_scan.c); and
 * fragmentation_index() from mm/vmstat.c. The scanners are in
 * compaction_scan.c, the page moves in migrate.c, kcompactd in kcompactd.c.
 *
 * Reclaim makes free pages; compaction makes them contiguous. It is worth
 * running only when the zone has enough free memory in the wrong shape:
 *
 *   compaction_suitable(order):
 *     low watermark met at order      -> PARTIAL   (nothing to do)
 *     order-0 below low + 2 << order  -> SKIPPED   (too little memory: reclaim)
 *     0 <= fragindex <= 500           -> SKIPPED   (lack of memory, not shape)
 *     otherwise                       -> CONTINUE  (run the two scanners)
 *
 * compact_zone() then runs the scanners until they meet (COMPLETE) or the
 * zone has a free block of the order on a list the request may use
 * (PARTIAL). Direct compaction that completed without success defers the
 * zone: after k such failures the next 2^k - 1 attempts skip it.
 */
#include "buddyscope/compaction.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "buddyscope/buddy.h"
#include "buddyscope/task.h"
#include "buddyscope/watermark.h"
#include "compaction_internal.h"
#include "internal.h"

const char *compact_result_name(int r)
{
	static const char *const names[] = { "deferred", "skipped", "continue", "partial",
		"complete", "no_suitable_page", "not_suitable_zone", "contended" };
	return r >= 0 && r <= COMPACT_CONTENDED ? names[r] : "?";
}

const char *migrate_mode_name(int mode)
{
	static const char *const names[] = { "MIGRATE_ASYNC", "MIGRATE_SYNC_LIGHT", "MIGRATE_SYNC" };
	return mode >= 0 && mode <= MIGRATE_SYNC ? names[mode] : "?";
}

static const char *mode_word(enum migrate_mode mode)
{
	return mode == MIGRATE_ASYNC ? "async" : mode == MIGRATE_SYNC_LIGHT ? "sync_light" : "sync";
}

static bool current_is_kswapd(const struct sim *sim)
{
	return sim->tasks[sim->cur_task].flags & PF_KSWAPD;
}

/* A compaction tracepoint about @z. Tracing changes only the ring and the
 * clock, so callers that hold a const sim (compaction_suitable, asked from
 * zone_balanced) may emit too: the sim itself is never a const object. */
static struct trace_event *ztrace(const struct sim *sim, enum trace_id id, const struct zone *z,
				  int order)
{
	struct trace_event *ev = trace_emit((struct sim *)sim, id);

	ev->nid = (uint8_t)z->zone_pgdat->node_id;
	ev->zid = z->zid;
	ev->order = (uint8_t)order;	/* order -1 is stored as 255 */
	return ev;
}

/* ---- fragmentation index (mm/vmstat.c) ---- */

/* Models: fragmentation_index() (v4.5): fill_contig_page_info() then
 * __fragmentation_index(), both in core/vmstat.c. */
int fragmentation_index(const struct zone *z, unsigned int order)
{
	struct contig_page_info info;

	if (order >= MAX_ORDER)
		return 0;
	fill_contig_page_info(z, order, &info);
	return fragmentation_index_info(order, &info);
}

/* ---- compaction_suitable ---- */

/* What compaction_suitable() decided on, for compact_zone's narration. */
struct suitable_why {
	struct wmark_terms t;		/* the watermark check that decided */
	int		fi;		/* fragmentation index, if it came to that */
	bool		has_terms;	/* v4.5's check kept them (another version's
					 * compaction_suitable is asked without) */
};

/* Models: __compaction_suitable() (v4.5), without the trace. With @why, the
 * numbers of the check that decided are kept. */
static int suitable_raw(const struct sim *sim, const struct zone *z, int order,
			unsigned int alloc_flags, int classzone_idx, struct suitable_why *why)
{
	unsigned long mark = z->watermark[WMARK_LOW];
	long free = z->vm_stat[NR_FREE_PAGES];
	int fi;

	SIM_BUG_ON(order < -1 || order >= MAX_ORDER);
	if (order == -1)
		return COMPACT_CONTINUE;
	if (why ? zone_watermark_terms(z, (unsigned int)order, mark, classzone_idx, alloc_flags,
				       free, &why->t)
		: zone_watermark_ok(z, (unsigned int)order, mark, classzone_idx, alloc_flags))
		return COMPACT_PARTIAL;
	/* source and copy coexist while a page migrates: need 2x free */
	mark += 2UL << order;
	if (why ? !zone_watermark_terms(z, 0, mark, classzone_idx, alloc_flags, free, &why->t)
		: !zone_watermark_ok(z, 0, mark, classzone_idx, alloc_flags)) {
		if (why) {
			why->t.mark_extra = 2L << order;
			why->t.extra_label = "2 << order";
		}
		return COMPACT_SKIPPED;
	}
	fi = fragmentation_index(z, (unsigned int)order);
	if (why)
		why->fi = fi;
	if (fi >= 0 && fi <= sim->vm.extfrag_threshold)
		return COMPACT_NOT_SUITABLE_ZONE;
	return COMPACT_CONTINUE;
}

/* Models: __compaction_suitable() (v4.5), without the trace (kernel.h's
 * compaction_suitable op for 4.5 and 4.6). */
int compaction_suitable_raw_4_5(const struct sim *sim, const struct zone *z, int order,
				unsigned int alloc_flags, int classzone_idx)
{
	return suitable_raw(sim, z, order, alloc_flags, classzone_idx, NULL);
}

/* Models: compaction_suitable(): NOT_SUITABLE_ZONE is traced, then
 * reported as SKIPPED. */
static int suitable(const struct sim *sim, const struct zone *z, int order,
		    unsigned int alloc_flags, int classzone_idx, struct suitable_why *why)
{
	int ret;

	if (!why) {
		ret = sim_kernel(sim)->ops->compaction_suitable(sim, z, order, alloc_flags,
								classzone_idx);
	} else if (sim_kernel(sim)->ops->compaction_suitable == compaction_suitable_raw_4_5) {
		/* the narration's numbers: v4.5's check run with its terms kept */
		ret = suitable_raw(sim, z, order, alloc_flags, classzone_idx, why);
		why->has_terms = true;
	} else {
		ret = sim_kernel(sim)->ops->compaction_suitable(sim, z, order, alloc_flags,
								classzone_idx);
		why->has_terms = false;
	}
	ztrace(sim, TRACE_mm_compaction_suitable, z, order)->arg[0] = ret;
	return ret;
}

int compaction_suitable(const struct sim *sim, const struct zone *z, int order,
			unsigned int alloc_flags, int classzone_idx)
{
	int ret;

	if (order < -1 || order >= MAX_ORDER || classzone_idx < 0 || classzone_idx >= MAX_NR_ZONES)
		return COMPACT_SKIPPED;	/* refused: no such order or class zone */
	ret = suitable(sim, z, order, alloc_flags, classzone_idx, NULL);
	return ret == COMPACT_NOT_SUITABLE_ZONE ? COMPACT_SKIPPED : ret;
}

/* ---- deferral ---- */

static void trace_defer(struct sim *sim, enum trace_id id, const struct zone *z, int order)
{
	struct trace_event *ev = ztrace(sim, id, z, order);

	ev->arg[0] = z->compact_order_failed;
	ev->arg[1] = z->compact_considered;
	ev->arg[2] = z->compact_defer_shift;
}

/* Models: defer_compaction(): skip the next 2^shift - 1 attempts, the
 * shift growing by one per failure up to 6 (63 skips). */
void defer_compaction(struct sim *sim, struct zone *z, int order)
{
	z->compact_considered = 0;
	z->compact_defer_shift++;
	if (order < z->compact_order_failed)
		z->compact_order_failed = order;
	if (z->compact_defer_shift > COMPACT_MAX_DEFER_SHIFT)
		z->compact_defer_shift = COMPACT_MAX_DEFER_SHIFT;
	trace_defer(sim, TRACE_mm_compaction_defer_compaction, z, order);
}

/* Models: compaction_deferred(). Orders below the lowest that failed are
 * never deferred; each other attempt counts one consideration. */
bool compaction_deferred(struct sim *sim, struct zone *z, int order)
{
	unsigned long limit = 1UL << z->compact_defer_shift;

	if (order < z->compact_order_failed)
		return false;
	if (++z->compact_considered > limit)
		z->compact_considered = (unsigned int)limit;
	if (z->compact_considered >= limit)
		return false;
	trace_defer(sim, TRACE_mm_compaction_deferred, z, order);
	return true;
}

/* Models: compaction_defer_reset(): after success (or its likelihood),
 * orders up to @order are no longer considered failing. */
void compaction_defer_reset(struct sim *sim, struct zone *z, int order, bool alloc_success)
{
	if (alloc_success) {
		z->compact_considered = 0;
		z->compact_defer_shift = 0;
	}
	if (order >= z->compact_order_failed)
		z->compact_order_failed = order + 1;
	trace_defer(sim, TRACE_mm_compaction_defer_reset, z, order);
}

/* Models: compaction_restarting(): the deferral ran its longest course. */
bool compaction_restarting(const struct zone *z, int order)
{
	if (order < z->compact_order_failed)
		return false;
	return z->compact_defer_shift == COMPACT_MAX_DEFER_SHIFT &&
	       z->compact_considered >= 1UL << z->compact_defer_shift;
}

/* ---- compact_zone ---- */

bool compact_free_block_for(const struct sim *sim, const struct zone *z, int order, int mt)
{
	for (unsigned int o = (unsigned int)order; o < MAX_ORDER; o++) {
		const struct free_area *area = &z->free_area[o];
		bool can_steal;

		if (area->nr_free_mt[mt])
			return true;
		if (mt == MIGRATE_MOVABLE && area->nr_free_mt[MIGRATE_CMA])
			return true;
		if (find_suitable_fallback(sim, z, o, mt, true, &can_steal) != -1)
			return true;
	}
	return false;
}

/* Models: __compact_finished() (v4.5). */
static int compact_finished_raw(struct sim *sim, struct zone *z, struct compact_control *cc,
				int migratetype)
{
	if (cc->contended || compact_fatal_signal(sim))
		return COMPACT_CONTENDED;
	if (compact_scanners_met(cc)) {
		/* the next run starts anew; kswapd clears the skip bits on sleep */
		reset_cached_positions(sim, z);
		if (!current_is_kswapd(sim))
			z->compact_blockskip_flush = true;
		return COMPACT_COMPLETE;
	}
	if (cc->order == -1)
		return COMPACT_CONTINUE;
	if (!zone_watermark_ok(z, (unsigned int)cc->order, z->watermark[WMARK_LOW],
			       cc->classzone_idx, cc->alloc_flags))
		return COMPACT_CONTINUE;
	return compact_free_block_for(sim, z, cc->order, migratetype) ? COMPACT_PARTIAL :
	       COMPACT_NO_SUITABLE_PAGE;
}

static int compact_finished(struct sim *sim, struct zone *z, struct compact_control *cc,
			    int migratetype)
{
	int ret = compact_finished_raw(sim, z, cc, migratetype);

	ztrace(sim, TRACE_mm_compaction_finished, z, cc->order)->arg[0] = ret;
	return ret == COMPACT_NO_SUITABLE_PAGE ? COMPACT_CONTINUE : ret;
}

static void trace_range(struct sim *sim, enum trace_id id, const struct zone *z,
			const struct compact_control *cc, int status)
{
	struct trace_event *ev = ztrace(sim, id, z, status);

	ev->arg[0] = (long)z->zone_start_pfn;
	ev->arg[1] = (long)cc->migrate_pfn;
	ev->arg[2] = (long)cc->free_pfn;
	ev->arg[3] = (long)zone_end_pfn(z);
	ev->migratetype = (uint8_t)cc->mode;
}

/* One narration event per compact_zone() run: what it did, in numbers. */
__attribute__((format(printf, 3, 4)))
static void narrate(struct sim *sim, const struct zone *z, const char *fmt, ...)
{
	struct trace_event *ev = ztrace(sim, TRACE_bs_alloc_stage, z, 0);
	va_list ap;

	ev->stage = -1;
	va_start(ap, fmt);
	vsnprintf(ev->msg, sizeof(ev->msg), fmt, ap);
	va_end(ap);
}

/* Why compact_zone() did not run, with the numbers compaction_suitable used. */
static void narrate_not_run(struct sim *sim, const struct zone *z, const struct compact_control *cc,
			    int ret, const struct suitable_why *why)
{
	char check[TRACE_MSG_LEN];

	if (!why->has_terms) {
		narrate(sim, z, "compact_zone %s order %d %s: %s (compaction_suitable)", z->name,
			cc->order, mode_word(cc->mode), ret == COMPACT_PARTIAL ?
			"not run, the low watermark is met" : "skipped");
		return;
	}
	if (ret == COMPACT_NOT_SUITABLE_ZONE) {
		narrate(sim, z, "compact_zone %s order %d %s: skipped, fragindex %d <= "
			"extfrag_threshold %d (lack of memory, not fragmentation)", z->name,
			cc->order, mode_word(cc->mode), why->fi, sim->vm.extfrag_threshold);
		return;
	}
	wmark_terms_format(&why->t, ret == COMPACT_PARTIAL ? (unsigned int)cc->order : 0, "low",
			   check, sizeof(check));
	if (ret == COMPACT_PARTIAL)
		narrate(sim, z, "compact_zone %s order %d %s: not run, the low watermark is met "
			"at order %d: %s", z->name, cc->order, mode_word(cc->mode), cc->order, check);
	else
		narrate(sim, z, "compact_zone %s order %d %s: skipped, too few free pages to "
			"migrate into: %s", z->name, cc->order, mode_word(cc->mode), check);
}

/*
 * Models: compact_zone() (v4.5).
 * Resume the scanners where the last run left them (per zone; the async and
 * sync migrate scanners apart), then loop: isolate up to 32 movable pages,
 * migrate them to free pages the free scanner isolates, and once the migrate
 * scanner has left the order-aligned block it emptied, drain this cpu's pcp
 * lists so the freed pages merge and compact_finished() can see the result.
 * Unused targets are freed at the end and the cached free scanner position
 * moves back up to them.
 */
int compact_zone(struct sim *sim, struct zone *z, struct compact_control *cc)
{
	unsigned long start_pfn = z->zone_start_pfn, end_pfn = zone_end_pfn(z);
	int mt = sim->page_group_by_mobility_disabled ? MIGRATE_UNMOVABLE :
		 gfpflags_to_migratetype(cc->gfp_mask);
	bool sync = cc->mode != MIGRATE_ASYNC;
	int ret;

	SIM_BUG_ON(cc->order < -1 || cc->order >= MAX_ORDER || !populated_zone(z));
	if (mt < 0)
		mt = MIGRATE_UNMOVABLE;
	ret = compact_zone_suitable(sim, z, cc);
	if (ret != COMPACT_CONTINUE)
		return ret;
	if (compaction_restarting(z, cc->order) && !current_is_kswapd(sim))
		reset_isolation_suitable_zone(sim, z);
	cc->migrate_pfn = z->compact_cached_migrate_pfn[sync];
	cc->free_pfn = compact_free_pfn_start(sim, z, z->compact_cached_free_pfn);
	z->compact_cached_free_pfn = cc->free_pfn;
	/* v4.5 lets migrate_pfn == end_pfn pass too; it never happens here,
	 * the cached migrate pfn being a pageblock inside the zone */
	if (cc->migrate_pfn < start_pfn || cc->migrate_pfn >= end_pfn) {
		cc->migrate_pfn = start_pfn;
		z->compact_cached_migrate_pfn[0] = z->compact_cached_migrate_pfn[1] = start_pfn;
	}
	cc->last_migrated_pfn = 0;
	compact_zone_begin_trace(sim, z, cc);

	while ((ret = compact_finished(sim, z, cc, mt)) == COMPACT_CONTINUE) {
		int err;

		switch (isolate_migratepages(sim, cc)) {
		case ISOLATE_ABORT:
			ret = COMPACT_CONTENDED;
			putback_movable_pages(sim, cc->migratepages, &cc->nr_migratepages);
			goto out;
		case ISOLATE_NONE:
			goto check_drain;	/* nothing isolated; maybe something to flush */
		case ISOLATE_SUCCESS:
			break;
		}
		/* cc->nr_migratepages stays the batch size while migrate_pages
		 * runs: the free scanner isolates that many targets */
		err = compact_migrate_batch(sim, cc, compaction_alloc);
		/* out of targets before the scanners met: give up */
		if (err == -ENOMEM && !compact_scanners_met(cc)) {
			ret = COMPACT_CONTENDED;
			goto out;
		}
check_drain:
		if (cc->order > 0 && cc->last_migrated_pfn) {
			unsigned long block = cc->migrate_pfn & ~((1UL << cc->order) - 1);

			if (cc->last_migrated_pfn < block) {
				/* lru_add_drain_cpu() has nothing to do: no pagevecs */
				drain_local_pages(sim, sim->cur_cpu, z);
				cc->last_migrated_pfn = 0;
			}
		}
	}
out:
	if (cc->nr_freepages) {
		unsigned long free_pfn = release_freepages(sim, cc) & ~(pageblock_nr_pages - 1);

		/* only back up: compact_finished may have reset it to the zone end */
		if (free_pfn > z->compact_cached_free_pfn)
			z->compact_cached_free_pfn = free_pfn;
	}
	compact_zone_end(sim, z, cc, ret, compact_result_name(ret));
	return ret == COMPACT_CONTENDED ? COMPACT_PARTIAL : ret;
}

/* compaction_suitable() as compact_zone() asks it, narrated when it says
 * no. Return: CONTINUE, or what compact_zone() returns (PARTIAL, SKIPPED). */
int compact_zone_suitable(struct sim *sim, struct zone *z, const struct compact_control *cc)
{
	struct suitable_why why;
	int ret = suitable(sim, z, cc->order, cc->alloc_flags, cc->classzone_idx, &why);

	if (ret == COMPACT_PARTIAL || ret == COMPACT_SKIPPED || ret == COMPACT_NOT_SUITABLE_ZONE) {
		narrate_not_run(sim, z, cc, ret, &why);
		return ret == COMPACT_NOT_SUITABLE_ZONE ? COMPACT_SKIPPED : ret;
	}
	return COMPACT_CONTINUE;
}

void compact_zone_begin_trace(struct sim *sim, const struct zone *z, const struct compact_control *cc)
{
	trace_range(sim, TRACE_mm_compaction_begin, z, cc, 0);
}

/* compact_zone()'s end: the trace event (@ret) and one narration line
 * with the run's numbers and its result, named @result. */
void compact_zone_end(struct sim *sim, const struct zone *z, const struct compact_control *cc,
		      int ret, const char *result)
{
	trace_range(sim, TRACE_mm_compaction_end, z, cc, ret);
	narrate(sim, z, "compact_zone %s order %d %s: migrated %lu (%lu failed), scanned %lu/%lu "
		"pfns, migrate_pfn %#lx free_pfn %#lx%s, %s", z->name, cc->order, mode_word(cc->mode),
		cc->nr_migrated, cc->nr_migrate_failed, cc->migrate_scanned, cc->free_scanned,
		cc->migrate_pfn, cc->free_pfn, ret == COMPACT_COMPLETE ? " (met)" : "", result);
}

void cc_init(struct compact_control *cc, struct zone *z, int order, gfp_t gfp,
	     enum migrate_mode mode, unsigned int alloc_flags, int classzone_idx,
	     bool ignore_skip_hint)
{
	cc->nr_freepages = cc->nr_migratepages = 0;
	cc->free_pfn = cc->migrate_pfn = cc->last_migrated_pfn = 0;
	cc->mode = mode;
	cc->ignore_skip_hint = ignore_skip_hint;
	cc->order = order;
	cc->gfp_mask = gfp;
	cc->alloc_flags = alloc_flags;
	cc->classzone_idx = classzone_idx;
	cc->zone = z;
	cc->contended = COMPACT_CONTENDED_NONE;
	cc->whole_zone = cc->ignore_block_suitable = cc->direct_compaction = false;
	cc->proactive_compaction = false;
	cc->search_order = order;
	cc->fast_search_fail = 0;
	cc->nr_migrated = cc->nr_migrate_failed = 0;
	cc->migrate_scanned = cc->free_scanned = 0;
}

/* Models: compact_zone_order(). */
int compact_zone_order(struct sim *sim, struct zone *z, int order, gfp_t gfp,
		       enum migrate_mode mode, int *contended, unsigned int alloc_flags,
		       int classzone_idx)
{
	struct compact_control cc;
	int ret;

	cc_init(&cc, z, order, gfp, mode, alloc_flags, classzone_idx, false);
	ret = compact_zone(sim, z, &cc);
	SIM_BUG_ON(cc.nr_freepages || cc.nr_migratepages);
	*contended = cc.contended;
	return ret;
}

/*
 * Models: try_to_compact_pages() (v4.5).
 * Compact each zone of the request's zonelist that is not deferred, and
 * stop at the first one that then meets the low watermark at @order. A
 * sync run that went the whole zone without that defers the zone.
 */
int try_to_compact_pages(struct sim *sim, gfp_t gfp, unsigned int order, unsigned int alloc_flags,
			 const struct alloc_context *ac, enum migrate_mode mode, int *contended)
{
	const struct zoneref *zr;
	int rc = COMPACT_DEFERRED, all_zones_contended = COMPACT_CONTENDED_LOCK;
	struct trace_event *ev;

	*contended = COMPACT_CONTENDED_NONE;
	SIM_BUG_ON(order >= MAX_ORDER);
	/* no preferred zone: get_page_from_freelist never ran, nothing to do */
	if (!order || !(gfp & GFP_F_FS) || !(gfp & GFP_F_IO) || ac->classzone_idx < 0)
		return COMPACT_SKIPPED;
	ev = trace_emit(sim, TRACE_mm_compaction_try_to_compact_pages);
	ev->order = (uint8_t)order;
	ev->gfp_mask = gfp;
	ev->arg[0] = mode;
	zr = sim->node_data[ac->zonelist_nid]->node_zonelists[ac->zonelist_idx]._zonerefs;
	for (; zr->zone; zr++) {
		struct zone *z = zr->zone;
		int status, zone_contended;

		if (zr->zone_idx > ac->high_zoneidx)
			continue;
		if (compaction_deferred(sim, z, (int)order))
			continue;
		status = compact_zone_order(sim, z, (int)order, gfp, mode, &zone_contended,
					    alloc_flags, ac->classzone_idx);
		if (status > rc)
			rc = status;
		all_zones_contended &= zone_contended;
		if (zone_watermark_ok(z, order, z->watermark[WMARK_LOW], ac->classzone_idx,
				      alloc_flags)) {
			/* likely, not certain: the caller resets with true on success */
			compaction_defer_reset(sim, z, (int)order, false);
			if (zone_contended == COMPACT_CONTENDED_SCHED)
				*contended = COMPACT_CONTENDED_SCHED;
			all_zones_contended = 0;
			break;
		}
		if (mode != MIGRATE_ASYNC && status == COMPACT_COMPLETE)
			defer_compaction(sim, z, (int)order);
		if (zone_contended == COMPACT_CONTENDED_SCHED || compact_fatal_signal(sim)) {
			*contended = COMPACT_CONTENDED_SCHED;
			all_zones_contended = 0;
			break;
		}
	}
	if (rc > COMPACT_SKIPPED && all_zones_contended)
		*contended = COMPACT_CONTENDED_LOCK;
	return rc;
}

/* ---- /proc/sys/vm/compact_memory ---- */

/* compact_node()'s walk: every populated zone of node @nid by @run, from
 * its ends (whole_zone), order -1, MIGRATE_SYNC, skip hints ignored, and
 * with @clear_skip cleared first. */
void compact_node_zones(struct sim *sim, int nid, gfp_t gfp, bool clear_skip,
			int (*run)(struct sim *, struct zone *, struct compact_control *))
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *z = &sim->node_data[nid]->node_zones[zid];
		struct compact_control cc;

		if (!populated_zone(z))
			continue;
		cc_init(&cc, z, -1, gfp, MIGRATE_SYNC, 0, 0, true);
		cc.whole_zone = true;
		if (clear_skip)
			reset_isolation_suitable_zone(sim, z);
		run(sim, z, &cc);
		SIM_BUG_ON(cc.nr_freepages || cc.nr_migratepages);
	}
}

/* Models: compact_node() via __compact_pgdat() (v4.5): every zone from
 * its ends, skip hints cleared and ignored, full sync migration. */
void compact_node_4_5(struct sim *sim, int nid)
{
	compact_node_zones(sim, nid, 0, true, compact_zone);
}

/*
 * Models: compact_pgdat() -> __compact_pgdat() (v4.5), kswapd's background
 * compaction: MIGRATE_ASYNC, skip hints honoured, every populated zone
 * that is not deferred; afterwards a zone that meets the low watermark at
 * @order is taken off deferral ("likely" success).
 */
void compact_pgdat(struct sim *sim, int nid, int order)
{
	if (order <= 0)
		return;
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *z = &sim->node_data[nid]->node_zones[zid];
		struct compact_control cc;

		if (!populated_zone(z))
			continue;
		if (!compaction_deferred(sim, z, order)) {
			cc_init(&cc, z, order, 0, MIGRATE_ASYNC, 0, 0, false);
			compact_zone(sim, z, &cc);
			SIM_BUG_ON(cc.nr_freepages || cc.nr_migratepages);
		}
		if (zone_watermark_ok(z, (unsigned int)order, z->watermark[WMARK_LOW], 0, 0))
			compaction_defer_reset(sim, z, order, false);
	}
}
