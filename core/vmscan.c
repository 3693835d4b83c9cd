/* core/vmscan.c - how much to scan, and direct reclaim.
 * Models mm/vmscan.c (v4.5): get_scan_count, shrink_lruvec, shrink_list,
 * should_continue_reclaim, shrink_zone, shrink_slab/do_shrink_slab,
 * zone_reclaimable_pages, zone_reclaimable, compaction_ready, shrink_zones,
 * do_try_to_free_pages, try_to_free_pages. The list scanners live in
 * vmscan_lru.c, kswapd in kswapd.c, the flushers in page_writeback.c.
 *
 * SIMPLIFICATION: no memcgs (global reclaim only), no cpusets, no
 * throttle_direct_reclaim (pfmemalloc throttling), no vmpressure.
 */
#include "buddyscope/vmscan.h"

#include <stdarg.h>
#include <stdio.h>

#include "buddyscope/compaction.h"
#include "buddyscope/costs.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/watermark.h"
#include "internal.h"
#include "vmscan_internal.h"

unsigned long nr_swap_pages(const struct sim *sim)
{
	return sim->swap_pages > sim->swap_in_use ? sim->swap_pages - sim->swap_in_use : 0;
}

void reclaim_narrate(struct sim *sim, const char *fmt, ...)
{
	struct trace_event *ev = trace_emit(sim, TRACE_bs_alloc_stage);
	va_list ap;

	ev->stage = -1;
	va_start(ap, fmt);
	vsnprintf(ev->msg, sizeof(ev->msg), fmt, ap);
	va_end(ap);
}

void reclaim_wait(struct sim *sim, const struct scan_control *sc, struct zone *z, unsigned long j)
{
	struct kswapd_ctl *k = &z->zone_pgdat->kswapd;

	if (sc->kswapd) {
		if (k->stall_until < kthread_jiffies(sim) + j)
			k->stall_until = kthread_jiffies(sim) + j;
		return;
	}
	/* sim_sleep runs the kernel threads: never from inside one */
	if (!(current_task(sim)->flags & PF_KTHREAD))
		sim_sleep(sim, j);
}

/* ---- reclaimability ---- */

/* Models: zone_reclaimable_pages(): the file LRU, and the anon LRU while
 * swap has free slots; up to 4.7 isolated pages included (4.8 moved them
 * to the node with the LRU: kernel.h lru_owner). 6.1.y (kernel.h
 * reclaimable_counts_free): a zone with none of those counts its free
 * pages instead. E.g. a real 6.1.192's DMA zone holding 1278 anon pages
 * and no file page, without swap, 1418 free: reclaimable 1418, and
 * should_reclaim_retry's available 2836 (its reclaim_retry_zone event). */
unsigned long zone_reclaimable_pages(const struct sim *sim, const struct zone *z)
{
	bool isolated = sim_kernel(sim)->lru_owner == LRU_OWNER_ZONE;
	unsigned long nr = zone_page_state(z, NR_ACTIVE_FILE) + zone_page_state(z, NR_INACTIVE_FILE);

	if (isolated)
		nr += zone_page_state(z, NR_ISOLATED_FILE);
	if (nr_swap_pages(sim)) {
		nr += zone_page_state(z, NR_ACTIVE_ANON) + zone_page_state(z, NR_INACTIVE_ANON);
		if (isolated)
			nr += zone_page_state(z, NR_ISOLATED_ANON);
	}
	if (!nr && sim_kernel(sim)->reclaimable_counts_free)
		nr = zone_page_state(z, NR_FREE_PAGES);
	return nr;
}

/* Models: zone_reclaimable(): until reclaim has scanned six times the
 * reclaimable pages without a page being freed into the zone. */
bool zone_reclaimable(const struct sim *sim, const struct zone *z)
{
	return zone_page_state(z, NR_PAGES_SCANNED) < zone_reclaimable_pages(sim, z) * 6;
}

/* ---- how much to scan ---- */

/*
 * Models: get_scan_count() (v4.5), global reclaim.
 * Decide how to split the pressure between anon and file, then scan
 * lru_size >> priority of each list (1/4096 at priority 12), e.g. an
 * inactive file list of 100000 pages at priority 10 gives 97 pages.
 * SCAN_FRACT weighs each type by swappiness (anon) or 200 - swappiness
 * (file), times how much of what was scanned was *not* rotated back:
 *   ap = 60 * (scanned_anon + 1) / (rotated_anon + 1), fp likewise with 140.
 */
enum scan_balance get_scan_count(struct sim *sim, struct zone *z, const struct scan_control *sc,
				 unsigned long nr[NR_LRU_LISTS], unsigned long *lru_pages)
{
	unsigned long fraction[2] = { 0, 0 }, denominator = 1;
	bool force_scan = sc->kswapd && !zone_reclaimable(sim, z);
	int swappiness = sim->vm.swappiness;
	enum scan_balance balance;
	bool some_scanned = false;

	if (!sc->may_swap || !nr_swap_pages(sim)) {
		balance = SCAN_FILE;
	} else if (!sc->priority && swappiness) {
		balance = SCAN_EQUAL;		/* near OOM: everything by size */
	} else if (zone_page_state(z, NR_ACTIVE_FILE) + zone_page_state(z, NR_INACTIVE_FILE) +
		   zone_page_state(z, NR_FREE_PAGES) <= z->watermark[WMARK_HIGH]) {
		balance = SCAN_ANON;		/* the page cache is almost gone */
	} else if (!inactive_list_is_low(sim, z, LRU_INACTIVE_FILE) &&
		   zone_page_state(z, NR_INACTIVE_FILE) >> sc->priority) {
		balance = SCAN_FILE;		/* enough inactive cache: leave anon alone */
	} else {
		unsigned long anon = zone_page_state(z, NR_ACTIVE_ANON) + zone_page_state(z, NR_INACTIVE_ANON);
		unsigned long file = zone_page_state(z, NR_ACTIVE_FILE) + zone_page_state(z, NR_INACTIVE_FILE);
		unsigned long anon_prio = (unsigned long)swappiness, file_prio = 200 - anon_prio;

		/* age the history: recent events count more than old ones */
		if (z->recent_scanned[0] > anon / 4) {
			z->recent_scanned[0] /= 2;
			z->recent_rotated[0] /= 2;
		}
		if (z->recent_scanned[1] > file / 4) {
			z->recent_scanned[1] /= 2;
			z->recent_rotated[1] /= 2;
		}
		fraction[0] = anon_prio * (z->recent_scanned[0] + 1) / (z->recent_rotated[0] + 1);
		fraction[1] = file_prio * (z->recent_scanned[1] + 1) / (z->recent_rotated[1] + 1);
		denominator = fraction[0] + fraction[1] + 1;
		balance = SCAN_FRACT;
	}
	/* a second pass, for kswapd on an unreclaimable zone, scans at least
	 * SWAP_CLUSTER_MAX of each list when the first gave nothing */
	for (int pass = 0; !some_scanned && pass < 2; pass++) {
		*lru_pages = 0;
		for (int lru = LRU_INACTIVE_ANON; lru <= LRU_ACTIVE_FILE; lru++) {
			int file = is_file_lru((enum lru_list)lru);
			unsigned long size = zone_page_state(z, (enum zone_stat_item)(NR_LRU_BASE + lru));
			unsigned long scan = size >> sc->priority;

			if (!scan && pass && force_scan)
				scan = size < SWAP_CLUSTER_MAX ? size : SWAP_CLUSTER_MAX;
			if (balance == SCAN_FRACT) {
				scan = scan * fraction[file] / denominator;
			} else if ((balance == SCAN_FILE && !file) || (balance == SCAN_ANON && file)) {
				size = 0;
				scan = 0;
			}
			*lru_pages += size;
			nr[lru] = scan;
			some_scanned |= scan != 0;
		}
	}
	nr[LRU_UNEVICTABLE] = 0;
	return balance;
}

/* Models: shrink_list(): an active list is only aged while its inactive
 * list is too small; only inactive lists give pages back. */
static unsigned long shrink_list(struct sim *sim, enum lru_list lru, unsigned long nr_to_scan,
				 struct zone *z, struct scan_control *sc)
{
	if (is_active_lru(lru)) {
		if (inactive_list_is_low(sim, z, lru))
			shrink_active_list(sim, nr_to_scan, z, sc, lru);
		return 0;
	}
	return shrink_inactive_list(sim, nr_to_scan, z, sc, lru);
}

/*
 * The proportional loop of shrink_lruvec() (v4.5 to 6.1): work through the
 * targets @nr in rounds of SWAP_CLUSTER_MAX per list, each batch through
 * @shrink. Once nr_to_reclaim is met, stop the type with less left to scan
 * and trim the other so that both end at the same fraction of their
 * targets (so the anon/file balance of get_scan_count holds). With
 * @proportional from the start (direct reclaim at DEF_PRIORITY) the whole
 * batch is done. Return: pages reclaimed.
 */
unsigned long shrink_lru_targets(struct sim *sim, unsigned long nr[NR_LRU_LISTS],
				 struct scan_control *sc, bool proportional,
				 shrink_list_fn shrink, void *where)
{
	unsigned long targets[NR_LRU_LISTS], nr_reclaimed = 0;

	for (int i = 0; i < NR_LRU_LISTS; i++)
		targets[i] = nr[i];
	while (nr[LRU_INACTIVE_ANON] || nr[LRU_ACTIVE_FILE] || nr[LRU_INACTIVE_FILE]) {
		unsigned long nr_anon, nr_file, percentage, scanned, target;
		int lru;

		for (lru = LRU_INACTIVE_ANON; lru <= LRU_ACTIVE_FILE; lru++) {
			unsigned long n = nr[lru] < SWAP_CLUSTER_MAX ? nr[lru] : SWAP_CLUSTER_MAX;

			if (!n)
				continue;
			nr[lru] -= n;
			nr_reclaimed += shrink(sim, (enum lru_list)lru, n, where, sc);
		}
		if (nr_reclaimed < sc->nr_to_reclaim || proportional)
			continue;
		nr_file = nr[LRU_INACTIVE_FILE] + nr[LRU_ACTIVE_FILE];
		nr_anon = nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON];
		if (!nr_file || !nr_anon)
			break;
		if (nr_file > nr_anon) {
			target = targets[LRU_INACTIVE_ANON] + targets[LRU_ACTIVE_ANON] + 1;
			lru = LRU_INACTIVE_ANON;
			percentage = nr_anon * 100 / target;
		} else {
			target = targets[LRU_INACTIVE_FILE] + targets[LRU_ACTIVE_FILE] + 1;
			lru = LRU_INACTIVE_FILE;
			percentage = nr_file * 100 / target;
		}
		nr[lru] = nr[lru + 1] = 0;	/* stop the smaller type */
		lru = lru == LRU_INACTIVE_FILE ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
		for (int i = lru; i <= lru + 1; i++) {
			scanned = targets[i] - nr[i];
			nr[i] = targets[i] * (100 - percentage) / 100;
			nr[i] -= nr[i] < scanned ? nr[i] : scanned;
		}
		proportional = true;
	}
	return nr_reclaimed;
}

static unsigned long shrink_zone_list(struct sim *sim, enum lru_list lru, unsigned long nr_to_scan,
				      void *where, struct scan_control *sc)
{
	return shrink_list(sim, lru, nr_to_scan, where, sc);
}

/* Models: shrink_lruvec() (v4.5; shrink_zone_memcg in v4.6): the zone's
 * lists by get_scan_count's targets, then, even if nothing needed
 * reclaiming, age the active anon list. */
static void shrink_lruvec(struct sim *sim, struct zone *z, struct scan_control *sc,
			  unsigned long *lru_pages)
{
	unsigned long nr[NR_LRU_LISTS];

	get_scan_count(sim, z, sc, nr, lru_pages);
	sc->nr_reclaimed += shrink_lru_targets(sim, nr, sc,
					       !sc->kswapd && sc->priority == DEF_PRIORITY,
					       shrink_zone_list, z);
	if (inactive_anon_is_low(sim, z))
		shrink_active_list(sim, SWAP_CLUSTER_MAX, z, sc, LRU_ACTIVE_ANON);
}

/* ---- one zone ---- */

/* Models: should_continue_reclaim() (v4.5): only for reclaim/compaction
 * (order > 0 and costly or priority < 10): go on until 2 << order pages are
 * free for compaction, or compaction says it can run. */
static bool should_continue_reclaim(struct sim *sim, struct zone *z, unsigned long nr_reclaimed,
				    unsigned long nr_scanned, const struct scan_control *sc)
{
	unsigned long pages_for_compaction, inactive;

	if (!sc->order || (sc->order <= PAGE_ALLOC_COSTLY_ORDER && sc->priority >= DEF_PRIORITY - 2))
		return false;
	if (sc->gfp_mask & GFP_F_REPEAT) {
		if (!nr_reclaimed && !nr_scanned)
			return false;
	} else if (!nr_reclaimed) {
		return false;
	}
	pages_for_compaction = 2UL << sc->order;
	inactive = zone_page_state(z, NR_INACTIVE_FILE);
	if (nr_swap_pages(sim))
		inactive += zone_page_state(z, NR_INACTIVE_ANON);
	if (sc->nr_reclaimed < pages_for_compaction && inactive > pages_for_compaction)
		return true;
	switch (compaction_suitable(sim, z, sc->order, 0, 0)) {
	case COMPACT_PARTIAL:
	case COMPACT_CONTINUE:
		return false;
	default:
		return true;
	}
}

/*
 * Models: shrink_zone() (v4.5), global reclaim.
 * The LRU lists, then (for the classzone) the slab in proportion, with the
 * slab pages freed credited as reclaim_state->reclaimed_slab.
 * Return: true if this call reclaimed anything.
 */
bool shrink_zone(struct sim *sim, struct zone *z, struct scan_control *sc, bool is_classzone)
{
	bool reclaimable = false;
	int rounds = 0;
	unsigned long nr_reclaimed, nr_scanned;

	do {
		unsigned long lru_pages = 0;

		nr_reclaimed = sc->nr_reclaimed;
		nr_scanned = sc->nr_scanned;
		shrink_lruvec(sim, z, sc, &lru_pages);
		if (is_classzone)
			sc->nr_reclaimed += shrink_slab(sim, z->zone_pgdat->node_id,
							sc->nr_scanned - nr_scanned, lru_pages,
							sc->priority);
		if (sc->nr_reclaimed - nr_reclaimed)
			reclaimable = true;
	} while (++rounds < MAX_ZONE_ROUNDS &&
		 should_continue_reclaim(sim, z, sc->nr_reclaimed - nr_reclaimed,
					 sc->nr_scanned - nr_scanned, sc));
	return reclaimable;
}

/* ---- direct reclaim ---- */

/* Models: compaction_ready(): a costly request stops reclaiming a zone that
 * has enough free for compaction: high + gap + 2 << order, order 0. */
static bool compaction_ready(struct sim *sim, struct zone *z, int order)
{
	unsigned long gap = (z->managed_pages + KSWAPD_ZONE_BALANCE_GAP_RATIO - 1) /
			    KSWAPD_ZONE_BALANCE_GAP_RATIO;
	bool ok;

	if (gap > z->watermark[WMARK_LOW])
		gap = z->watermark[WMARK_LOW];
	ok = zone_watermark_ok(z, 0, z->watermark[WMARK_HIGH] + gap + (2UL << order), 0, 0);
	if (compaction_deferred(sim, z, order))
		return ok;
	if (compaction_suitable(sim, z, order, 0, 0) == COMPACT_SKIPPED)
		return false;
	return ok;
}

/*
 * Models: shrink_zones() (v4.5). Every zone of the request's zonelist up to
 * gfp_zone(); after the first pass, zones already scanned six times over are
 * left to kswapd. Return: whether any zone is still reclaimable. @why gets
 * "Normal 64/31 DMA32 0/0" (scanned/reclaimed per zone) for the narration.
 */
static bool shrink_zones(struct sim *sim, struct scan_control *sc, const struct alloc_context *ac,
			 char *why, size_t len)
{
	const struct zoneref *zr =
		sim->node_data[ac->zonelist_nid]->node_zonelists[ac->zonelist_idx]._zonerefs;
	int requested_highidx = gfp_zone(sc->gfp_mask);
	bool reclaimable = false;
	size_t used = 0;

	why[0] = '\0';
	for (; zr->zone; zr++) {
		struct zone *z = zr->zone;
		unsigned long scanned = sc->nr_scanned, reclaimed = sc->nr_reclaimed;
		int classzone_idx = requested_highidx;
		const char *skip = NULL;

		if (zr->zone_idx > requested_highidx || !populated_zone(z))
			continue;
		while (classzone_idx > 0 && !populated_zone(&z->zone_pgdat->node_zones[classzone_idx]))
			classzone_idx--;
		if (sc->priority != DEF_PRIORITY && !zone_reclaimable(sim, z)) {
			skip = "unreclaimable";		/* let kswapd poll it */
		} else if (sc->order > PAGE_ALLOC_COSTLY_ORDER && compaction_ready(sim, z, sc->order)) {
			sc->compaction_ready = true;
			skip = "ready for compaction";
		} else {
			if (shrink_zone(sim, z, sc, zr->zone_idx == classzone_idx))
				reclaimable = true;
			if (!reclaimable && zone_reclaimable(sim, z))
				reclaimable = true;
		}
		if (used < len) {
			int n = skip ? snprintf(why + used, len - used, "%s%s %s", used ? ", " : "",
						z->name, skip)
				     : snprintf(why + used, len - used, "%s%s %lu/%lu", used ? ", " : "",
						z->name, sc->nr_scanned - scanned,
						sc->nr_reclaimed - reclaimed);
			used += n > 0 ? (size_t)n : 0;
		}
	}
	return reclaimable;
}

/* ---- direct reclaim: the parts every version shares ---- */

/* do_try_to_free_pages()'s retry: label: a stall, counted (4.8+ by the
 * highest zone, gfp_zone()). */
static void direct_reclaim_stall(struct sim *sim, const struct scan_control *sc)
{
	count_vm_events(sim, ALLOCSTALL, 1);
	count_vm_events(sim, (enum vm_event_item)(ALLOCSTALL_ZONE_DMA + gfp_zone(sc->gfp_mask)), 1);
}

void direct_reclaim_init(struct sim *sim, struct scan_control *sc, gfp_t gfp, int order)
{
	struct trace_event *ev;

	*sc = (struct scan_control){
		.nr_to_reclaim = SWAP_CLUSTER_MAX,
		.gfp_mask = gfp,
		.order = order,
		.priority = DEF_PRIORITY,
		.reclaim_idx = gfp_zone(gfp),
		.may_writepage = !sim->vm.laptop_mode,
		.may_unmap = true,
		.may_swap = true,
		.pass_priority = DEF_PRIORITY,
		.last_pass_priority = -1,
	};
	ev = trace_emit(sim, TRACE_mm_vmscan_direct_reclaim_begin);
	ev->order = (uint8_t)order;
	ev->gfp_mask = gfp;
	ev->arg[0] = sc->may_writepage;
	direct_reclaim_stall(sim, sc);
	/* SIMPLIFICATION: background writeback starts when reclaim notices it
	 * is due, rather than when the pages are dirtied */
	wb_check_background(sim);
}

void direct_reclaim_again(struct sim *sim, struct scan_control *sc)
{
	sc->priority = DEF_PRIORITY;
	sc->loop_done = false;
	direct_reclaim_stall(sim, sc);
}

void direct_reclaim_end(struct sim *sim, struct scan_control *sc, const char *why_none)
{
	struct trace_event *ev;

	sc->done = true;
	ev = trace_emit(sim, TRACE_mm_vmscan_direct_reclaim_end);
	ev->arg[0] = (long)sc->result;
	if (sc->nr_reclaimed)
		reclaim_narrate(sim, "direct reclaim done: %lu pages reclaimed, %lu scanned",
				sc->nr_reclaimed, sc->total_scanned);
	else
		reclaim_narrate(sim, "direct reclaim done: nothing reclaimed; returns %lu (%s)",
				sc->result, sc->compaction_ready ? "compaction is ready" : why_none);
}

void direct_reclaim_pass_end(struct sim *sim, struct scan_control *sc, int prio,
			     unsigned long reclaimed, const char *why)
{
	reclaim_narrate(sim, "direct reclaim priority %d: scanned %lu, reclaimed %lu [%s]; "
			"%lu of %lu wanted", prio, sc->nr_scanned, sc->nr_reclaimed - reclaimed,
			why[0] ? why : "no zone", sc->nr_reclaimed, sc->nr_to_reclaim);
	/* the do-while's --priority (also after a break, which nothing reads) */
	if (--sc->priority < 0)
		sc->loop_done = true;
}

/* ---- direct reclaim of v4.5 ---- */

/* Models: try_to_free_pages() set-up (v4.5). */
void direct_reclaim_begin_4_5(struct sim *sim, struct scan_control *sc, gfp_t gfp, int order)
{
	direct_reclaim_init(sim, sc, gfp, order);
}

/* do_try_to_free_pages() after its priority loop. Return: 1 for a second
 * sweep (may_thrash), 0 when done. */
static int direct_reclaim_epilogue(struct sim *sim, struct scan_control *sc)
{
	sc->pass_priority = -1;
	if (sc->nr_reclaimed) {
		sc->result = sc->nr_reclaimed;
	} else if (sc->compaction_ready) {
		sc->result = 1;		/* don't OOM: let compaction run */
	} else if (!sc->may_thrash) {
		/* untapped memcg reserves? without memcgs, the same sweep again */
		sc->may_thrash = true;
		direct_reclaim_again(sim, sc);
		reclaim_narrate(sim, "direct reclaim: nothing reclaimed in %lu scanned; a second "
				"sweep from priority %d (may_thrash)", sc->total_scanned, DEF_PRIORITY);
		return 1;
	} else {
		sc->result = sc->zones_reclaimable;	/* 0: the OOM condition */
	}
	direct_reclaim_end(sim, sc, sc->result ? "a zone is still reclaimable" :
			   "every zone scanned 6x its reclaimable pages: OOM");
	return 0;
}

/* Models: one pass of do_try_to_free_pages()'s priority loop (v4.5). */
int direct_reclaim_step_4_5(struct sim *sim, struct scan_control *sc, const struct alloc_context *ac)
{
	int prio = sc->priority;
	unsigned long reclaimed = sc->nr_reclaimed;
	char why[120];

	if (sc->done)
		return 0;
	if (sc->loop_done)
		return direct_reclaim_epilogue(sim, sc);
	sc->pass_priority = prio;
	sc->last_pass_priority = prio;
	sc->nr_scanned = 0;
	sc->zones_reclaimable = shrink_zones(sim, sc, ac, why, sizeof(why));
	sc->total_scanned += sc->nr_scanned;
	if (sc->nr_reclaimed >= sc->nr_to_reclaim || sc->compaction_ready) {
		sc->loop_done = true;
	} else {
		if (prio < DEF_PRIORITY - 2)
			sc->may_writepage = true;
		/* scanned half again what we wanted: get the flushers going */
		if (sc->total_scanned > sc->nr_to_reclaim + sc->nr_to_reclaim / 2) {
			wakeup_flusher_threads(sim, sim->vm.laptop_mode ? 0 : sc->total_scanned);
			sc->may_writepage = true;
		}
	}
	direct_reclaim_pass_end(sim, sc, prio, reclaimed, why);
	return 1;
}

void direct_reclaim_begin(struct sim *sim, struct scan_control *sc, gfp_t gfp, int order)
{
	sim_kernel(sim)->ops->direct_reclaim_begin(sim, sc, gfp, order);
}

int direct_reclaim_step(struct sim *sim, struct scan_control *sc, const struct alloc_context *ac)
{
	return sim_kernel(sim)->ops->direct_reclaim_step(sim, sc, ac);
}

unsigned long try_to_free_pages(struct sim *sim, const struct alloc_context *ac, gfp_t gfp, int order)
{
	struct scan_control sc;

	direct_reclaim_begin(sim, &sc, gfp, order);
	while (direct_reclaim_step(sim, &sc, ac))
		;
	return sc.result;
}
