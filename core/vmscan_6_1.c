/* core/vmscan_6_1.c - reclaim of Linux 6.1 by node: shrink_node and direct
 * reclaim.
 * Models mm/vmscan.c (6.1): prepare_scan_count, get_scan_count, shrink_list,
 * shrink_lruvec, in_reclaim_compaction, should_continue_reclaim,
 * shrink_node, compaction_ready, shrink_zones, do_try_to_free_pages,
 * try_to_free_pages, zone_reclaimable_pages. The node's list scanners are
 * in vmscan_lru_6_1.c; kswapd is in kswapd.c (owner of that part: 6.1's
 * balance_pgdat calls shrink_node_6_1() below).
 *
 * What 6.1 does differently from the 4.5 code in vmscan.c:
 *   - reclaim works on a node: shrink_zones() calls shrink_node() once per
 *     node of the zonelist, and shrink_node() scans the node's lists with
 *     sc->reclaim_idx = gfp_zone(gfp) (pages of higher zones are skipped);
 *   - compaction_ready() (4.18): stop for a costly order once compaction
 *     could run (compaction_suitable() CONTINUE) and the zone has high +
 *     compact_gap(order) free, or at once when it says SUCCESS;
 *   - should_continue_reclaim() (5.3/5.6): stop once the last round freed
 *     nothing, or compaction could go ahead in an eligible zone; otherwise
 *     go on while the inactive lists hold more than compact_gap(order);
 *   - do_try_to_free_pages(): no zone_reclaimable() and no flusher wakeup;
 *     returns 0 (the OOM condition) once the 13 priorities reclaimed
 *     nothing, after one more sweep with forced deactivation if active
 *     lists were left alone (skipped_deactivate, 5.9);
 *   - zone_reclaimable_pages() counts the zone's LRU pages only: isolated
 *     pages are counted per node since 4.8 (vmscan.c, by kernel.h's
 *     lru_owner).
 *
 *   - get_scan_count()'s SCAN_FRACT (5.9) weighs anon against file by
 *     the node's reclaim cost (anon_cost/file_cost, which lru_note_cost()
 *     in vmscan_lru_6_1.c feeds with the pages each type sent to IO), not
 *     by 4.x's rotation history; swappiness goes up to 200.
 *
 * SIMPLIFICATION: no memcgs, cpusets, vmpressure, PSI or pfmemalloc
 * throttling; no refault (workingset) tracking, so may_deactivate follows
 * inactive_is_low() alone, and the cost has no refault part (6.1's
 * workingset_refault() -> lru_note_cost_folio() adds a refaulting
 * workingset page to its type's cost).
 */
#include "buddyscope/vmscan.h"

#include <stdio.h>

#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/page_alloc.h"
#include "internal.h"
#include "page_alloc_6_1.h"
#include "vmscan_internal.h"

/* compact_gap(order): what reclaim frees before compaction can run */
static unsigned long compact_gap(int order)
{
	return 2UL << order;
}

/* ---- how much to scan ---- */

/*
 * Models: prepare_scan_count() (6.1), global reclaim.
 * may_deactivate: age an active list only while its inactive list is low
 * (or always, once forced). cache_trim_mode: enough inactive file at this
 * priority, and the file lists are not short of inactive pages: reclaim
 * file only. file_is_tiny: the node's file pages and free pages together
 * are under the sum of its zones' high marks while anon is plentiful:
 * reclaim anon only (the "cache trap").
 */
void prepare_scan_count_6_1(struct pglist_data *pgdat, struct scan_control *sc)
{
	unsigned long free = 0, total_high_wmark = 0, file;

	if (sc->force_deactivate) {
		sc->may_deactivate = DEACTIVATE_ANON | DEACTIVATE_FILE;
	} else {
		sc->may_deactivate = 0;
		if (inactive_is_low(pgdat, LRU_INACTIVE_ANON))
			sc->may_deactivate |= DEACTIVATE_ANON;
		if (inactive_is_low(pgdat, LRU_INACTIVE_FILE))
			sc->may_deactivate |= DEACTIVATE_FILE;
	}
	file = node_page_state(pgdat, NR_INACTIVE_FILE);
	sc->cache_trim_mode = (file >> sc->priority) && !(sc->may_deactivate & DEACTIVATE_FILE);
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &pgdat->node_zones[i];

		free += zone_page_state(z, NR_FREE_PAGES);
		if (z->managed_pages)
			total_high_wmark += wmark_pages_6_1(z, WMARK_HIGH);
	}
	file = node_page_state(pgdat, NR_ACTIVE_FILE) + node_page_state(pgdat, NR_INACTIVE_FILE);
	sc->file_is_tiny = file + free <= total_high_wmark &&
			   !(sc->may_deactivate & DEACTIVATE_ANON) &&
			   (node_page_state(pgdat, NR_INACTIVE_ANON) >> sc->priority);
}

/*
 * Models: get_scan_count() (6.1), global reclaim.
 * The balance, in 6.1's order: file only without swap (or may_swap off);
 * by size at priority 0 (unless swappiness is 0); anon only when the file
 * cache is tiny; file only in cache-trim mode; otherwise SCAN_FRACT, by
 * the node's reclaim cost (5.9): each type's share is its priority
 * (anon: swappiness, file: 200 - swappiness, vm.swappiness 0..200) times
 * (total cost + 1) / (own cost + 1), where each own cost is the sum of
 * both plus its own again and the total is the two own costs, so that a
 * type's share shrinks as its cost grows but never to nothing. E.g.
 * swappiness 60, anon_cost 900, file_cost 100: own 1900 and 1100, total
 * 3000, anon 60 * 3001 / 1901 = 94, file 140 * 3001 / 1101 = 381.
 * Each list then gets lruvec_lru_size(lru, reclaim_idx) >> priority
 * pages (the zones above reclaim_idx do not count), e.g. 80000 inactive
 * file pages at priority 10 give 78, and under SCAN_FRACT that times its
 * type's share over the sum of the shares, rounded down (6.1 rounds up
 * only for an offline memcg's lists).
 * prepare_scan_count() reads the costs into sc->anon_cost/file_cost at
 * the start of shrink_node(); nothing changes them before shrink_lruvec()
 * calls this, so this reads the node's directly.
 * SIMPLIFICATION: no memcgs, so no memory.low/min protection
 * (mem_cgroup_protection() scales nothing), no cgroup-only swappiness-0
 * rule and no offline-memcg minimum.
 */
enum scan_balance get_scan_count_6_1(struct sim *sim, struct pglist_data *pgdat,
				     const struct scan_control *sc, unsigned long nr[NR_LRU_LISTS])
{
	unsigned long fraction[2] = { 0, 0 }, denominator = 1;
	unsigned long swappiness = (unsigned long)sim->vm.swappiness;
	enum scan_balance balance;

	if (!sc->may_swap || !nr_swap_pages(sim)) {
		balance = SCAN_FILE;	/* can_reclaim_anon_pages(): no swap space */
	} else if (!sc->priority && swappiness) {
		balance = SCAN_EQUAL;
	} else if (sc->file_is_tiny) {
		balance = SCAN_ANON;
	} else if (sc->cache_trim_mode) {
		balance = SCAN_FILE;
	} else {
		unsigned long total = pgdat->anon_cost + pgdat->file_cost;
		unsigned long anon_cost = total + pgdat->anon_cost;
		unsigned long file_cost = total + pgdat->file_cost;

		total = anon_cost + file_cost;
		fraction[0] = swappiness * (total + 1) / (anon_cost + 1);
		fraction[1] = (200 - swappiness) * (total + 1) / (file_cost + 1);
		denominator = fraction[0] + fraction[1];
		balance = SCAN_FRACT;
	}
	for (int lru = LRU_INACTIVE_ANON; lru <= LRU_ACTIVE_FILE; lru++) {
		int file = is_file_lru((enum lru_list)lru);
		unsigned long scan = lruvec_lru_size(pgdat, (enum lru_list)lru, sc->reclaim_idx) >>
				     sc->priority;

		if (balance == SCAN_FRACT)
			scan = denominator ? scan * fraction[file] / denominator : 0;
		else if ((balance == SCAN_FILE && !file) || (balance == SCAN_ANON && file))
			scan = 0;
		nr[lru] = scan;
	}
	nr[LRU_UNEVICTABLE] = 0;
	return balance;
}

/* Models: shrink_list() (6.1): an active list is aged only while
 * may_deactivate allows it (else skipped_deactivate notes it). */
static unsigned long shrink_list(struct sim *sim, enum lru_list lru, unsigned long nr_to_scan,
				 void *where, struct scan_control *sc)
{
	struct pglist_data *pgdat = where;

	if (is_active_lru(lru)) {
		if (sc->may_deactivate & (1u << is_file_lru(lru)))
			shrink_active_list_6_1(sim, nr_to_scan, pgdat, sc, lru);
		else
			sc->skipped_deactivate = true;
		return 0;
	}
	return shrink_inactive_list_6_1(sim, nr_to_scan, pgdat, sc, lru);
}

/*
 * Models: shrink_lruvec() (6.1): the node's lists by get_scan_count's
 * targets (the proportional loop is 4.5's, shrink_lru_targets()), then
 * age the active anon list if swap makes anon reclaimable and its
 * inactive list is low.
 */
static void shrink_lruvec_6_1(struct sim *sim, struct pglist_data *pgdat, struct scan_control *sc)
{
	unsigned long nr[NR_LRU_LISTS];

	get_scan_count_6_1(sim, pgdat, sc, nr);
	sc->nr_reclaimed += shrink_lru_targets(sim, nr, sc,
					       !sc->kswapd && sc->priority == DEF_PRIORITY,
					       shrink_list, pgdat);
	/* can_age_anon_pages(): swap exists */
	if (sim->swap_pages && inactive_is_low(pgdat, LRU_INACTIVE_ANON))
		shrink_active_list_6_1(sim, SWAP_CLUSTER_MAX, pgdat, sc, LRU_ACTIVE_ANON);
}

/* ---- one node ---- */

/* The LRU pages reclaim may take from (4.x's lru_pages for shrink_slab). */
static unsigned long eligible_lru_pages(const struct pglist_data *pgdat,
					const struct scan_control *sc)
{
	unsigned long nr = 0;

	for (int lru = LRU_INACTIVE_ANON; lru <= LRU_ACTIVE_FILE; lru++)
		nr += lruvec_lru_size(pgdat, (enum lru_list)lru, sc->reclaim_idx);
	return nr;
}

/*
 * Models: should_continue_reclaim() (6.1), for reclaim/compaction only
 * (in_reclaim_compaction: order > 0, and costly or priority below 10).
 * Stop when the last round freed nothing (5.6 dropped __GFP_RETRY_MAYFAIL's
 * full-scan rule), or when compaction could go ahead (or the allocation
 * succeed) in a zone up to reclaim_idx; else go on while the node's
 * inactive lists (anon only with swap) hold more than compact_gap(order).
 * @why gets the reason for the narration.
 */
static bool should_continue_reclaim_6_1(struct sim *sim, struct pglist_data *pgdat,
					unsigned long nr_reclaimed, const struct scan_control *sc,
					const char **why)
{
	unsigned long inactive;

	*why = "not reclaim/compaction";
	if (!sc->order || (sc->order <= PAGE_ALLOC_COSTLY_ORDER && sc->priority >= DEF_PRIORITY - 2))
		return false;
	*why = "the round freed nothing";
	if (!nr_reclaimed)
		return false;
	for (int i = 0; i <= sc->reclaim_idx && i < MAX_NR_ZONES; i++) {
		const struct zone *z = &pgdat->node_zones[i];

		if (!z->managed_pages)
			continue;
		switch (compaction_suitable(sim, z, sc->order, 0, sc->reclaim_idx)) {
		case COMPACT_PARTIAL:	/* 6.1's COMPACT_SUCCESS */
		case COMPACT_CONTINUE:
			*why = "compaction can go ahead";
			return false;
		default:
			break;
		}
	}
	inactive = node_page_state(pgdat, NR_INACTIVE_FILE);
	if (nr_swap_pages(sim))
		inactive += node_page_state(pgdat, NR_INACTIVE_ANON);
	*why = inactive > compact_gap(sc->order) ? "inactive lists above compact_gap" :
		"inactive lists at most compact_gap";
	return inactive > compact_gap(sc->order);
}

/*
 * Models: shrink_node() (6.1), global reclaim, without MGLRU (off on
 * Debian): the node's LRU lists up to sc->reclaim_idx, then its slab (at
 * sc->priority, 4.16's rule), the slab pages counted as reclaimed; again
 * while should_continue_reclaim() says so. A round that freed anything
 * makes the node hopeful again (kswapd_failures = 0).
 * Return: it reclaimed something.
 */
bool shrink_node_6_1(struct sim *sim, struct pglist_data *pgdat, struct scan_control *sc)
{
	bool reclaimable = false, more;
	unsigned long nr_reclaimed, nr_scanned;
	const char *why = "";
	int rounds = 0;

	do {
		rounds++;
		nr_reclaimed = sc->nr_reclaimed;
		nr_scanned = sc->nr_scanned;
		prepare_scan_count_6_1(pgdat, sc);
		shrink_lruvec_6_1(sim, pgdat, sc);
		sc->nr_reclaimed += shrink_slab(sim, pgdat->node_id, sc->nr_scanned - nr_scanned,
						eligible_lru_pages(pgdat, sc), sc->priority);
		if (sc->nr_reclaimed - nr_reclaimed)
			reclaimable = true;
		more = should_continue_reclaim_6_1(sim, pgdat, sc->nr_reclaimed - nr_reclaimed, sc,
						   &why);
		if (more && rounds >= MAX_ZONE_ROUNDS) {
			more = false;
			why = "the model's bound on rounds (MAX_ZONE_ROUNDS)";
		}
		if (sc->order && !sc->kswapd && sc->nr_reclaimed - nr_reclaimed)
			reclaim_narrate(sim, "shrink_node %d, round %d: %lu reclaimed; %s: %s",
					pgdat->node_id, rounds, sc->nr_reclaimed - nr_reclaimed,
					more ? "again" : "done", why);
	} while (more);
	if (reclaimable)
		pgdat->kswapd_failures = 0;
	return reclaimable;
}

/* ---- direct reclaim ---- */

/*
 * Models: compaction_ready() (6.1): for a costly order, SUCCESS (the
 * allocation would succeed) means do not reclaim; SKIPPED means reclaim;
 * CONTINUE means reclaim only until the zone has high + compact_gap(order)
 * free at order 0, e.g. high 1408 + 2 << 9 = 2432 pages for a THP.
 */
static bool compaction_ready_6_1(struct sim *sim, struct zone *z, const struct scan_control *sc)
{
	int suitable = compaction_suitable(sim, z, sc->order, 0, sc->reclaim_idx);

	if (suitable == COMPACT_PARTIAL)
		return true;
	if (suitable == COMPACT_SKIPPED)
		return false;
	return zone_watermark_ok_6_1(z, 0, wmark_pages_6_1(z, WMARK_HIGH) + compact_gap(sc->order),
				     sc->reclaim_idx, 0, z->vm_stat[NR_FREE_PAGES]);
}

/*
 * Models: shrink_zones() (6.1). The zonelist up to reclaim_idx: a costly
 * request leaves a zone ready for compaction alone (sc->compaction_ready);
 * every other zone's node is shrunk, once per node. @why gets "node 0
 * 64/31, DMA32 ready for compaction" for the narration.
 */
static void shrink_zones_6_1(struct sim *sim, struct scan_control *sc,
			     const struct alloc_context *ac, char *why, size_t len)
{
	const struct zoneref *zr =
		sim->node_data[ac->zonelist_nid]->node_zonelists[ac->zonelist_idx]._zonerefs;
	const struct pglist_data *last_pgdat = NULL;
	size_t used = 0;

	why[0] = '\0';
	for (; zr->zone; zr++) {
		struct zone *z = zr->zone;
		unsigned long scanned = sc->nr_scanned, reclaimed = sc->nr_reclaimed;
		int n;

		if (zr->zone_idx > sc->reclaim_idx || !z->managed_pages)
			continue;
		if (sc->order > PAGE_ALLOC_COSTLY_ORDER && compaction_ready_6_1(sim, z, sc)) {
			sc->compaction_ready = true;
			n = snprintf(why + used, len - used, "%s%s ready for compaction",
				     used ? ", " : "", z->name);
			used += n > 0 && (size_t)n < len - used ? (size_t)n : 0;
			continue;
		}
		if (z->zone_pgdat == last_pgdat)
			continue;
		last_pgdat = z->zone_pgdat;
		shrink_node_6_1(sim, z->zone_pgdat, sc);
		n = snprintf(why + used, len - used, "%snode %d %lu/%lu", used ? ", " : "",
			     z->zone_pgdat->node_id, sc->nr_scanned - scanned,
			     sc->nr_reclaimed - reclaimed);
		used += n > 0 && (size_t)n < len - used ? (size_t)n : 0;
	}
}

/* Models: try_to_free_pages() (6.1) set-up and do_try_to_free_pages()'s
 * retry: label: allocstall counted by reclaim_idx = gfp_zone(gfp). */
void direct_reclaim_begin_6_1(struct sim *sim, struct scan_control *sc, gfp_t gfp, int order)
{
	direct_reclaim_init(sim, sc, gfp, order);
}

/* do_try_to_free_pages() (6.1) after its priority loop. Return: 1 for the
 * sweep with forced deactivation, 0 when done. */
static int direct_reclaim_epilogue_6_1(struct sim *sim, struct scan_control *sc)
{
	sc->pass_priority = -1;
	if (sc->nr_reclaimed) {
		sc->result = sc->nr_reclaimed;
	} else if (sc->compaction_ready) {
		sc->result = 1;		/* aborted reclaim to try compaction: don't OOM */
	} else if (sc->skipped_deactivate) {
		/* the inactive:active estimates left active pages alone: once
		 * more, deactivating by force (goto retry) */
		sc->force_deactivate = true;
		sc->skipped_deactivate = false;
		direct_reclaim_again(sim, sc);
		reclaim_narrate(sim, "direct reclaim: nothing reclaimed in %lu scanned and active "
				"lists were left alone; again from priority %d, deactivating by force",
				sc->total_scanned, DEF_PRIORITY);
		return 1;
	} else {
		sc->result = 0;
	}
	direct_reclaim_end(sim, sc, "13 priorities reclaimed nothing");
	return 0;
}

/* Models: one pass of do_try_to_free_pages()'s priority loop (6.1), or its
 * epilogue. */
int direct_reclaim_step_6_1(struct sim *sim, struct scan_control *sc, const struct alloc_context *ac)
{
	int prio = sc->priority;
	unsigned long reclaimed = sc->nr_reclaimed;
	char why[120];

	if (sc->done)
		return 0;
	if (sc->loop_done)
		return direct_reclaim_epilogue_6_1(sim, sc);
	sc->pass_priority = prio;
	sc->last_pass_priority = prio;
	sc->nr_scanned = 0;
	shrink_zones_6_1(sim, sc, ac, why, sizeof(why));
	sc->total_scanned += sc->nr_scanned;
	if (sc->nr_reclaimed >= sc->nr_to_reclaim || sc->compaction_ready)
		sc->loop_done = true;
	else if (prio < DEF_PRIORITY - 2)
		sc->may_writepage = true;
	direct_reclaim_pass_end(sim, sc, prio, reclaimed, why);
	return 1;
}
