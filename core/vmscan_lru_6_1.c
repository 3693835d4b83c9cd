/* core/vmscan_lru_6_1.c - scanning the LRU lists of a node (Linux 6.1).
 * Models mm/vmscan.c (6.1): isolate_lru_folios (isolate_lru_pages before
 * 6.0) with update_lru_sizes, too_many_isolated, shrink_inactive_list,
 * shrink_active_list, inactive_is_low.
 *
 * Since 4.8 the LRU lists belong to the node (pgdat->lruvec): one list per
 * kind holds the pages of every zone of the node, in the order they were
 * added. A reclaim for a low zone (sc->reclaim_idx: a GFP_DMA32 request on
 * a machine with Normal) still scans the node's lists from the tail, and
 * steps over the pages of higher zones:
 *
 *      head                                              tail
 *   [ N  D  N  N  D  N ]  isolate -->  D: taken (counts as scanned)
 *                                      N (zone > reclaim_idx): skipped, not
 *                                        counted; put back at the head after
 *                                        the batch (PGSKIP_<zone> counts them)
 *
 * Each zone keeps its own share of each list's size (NR_ZONE_INACTIVE_ANON
 * ... in /proc/zoneinfo: vm_stat[NR_INACTIVE_ANON] of the zone here); the
 * node's counters (nr_inactive_anon ... in the per-node block) are their
 * sums. The page-by-page verdicts are the 4.x shrink_page_list's
 * (vmscan_lru.c), each page counted in its own zone.
 *
 * SIMPLIFICATION: the 4.x verdicts stand in for 6.1's shrink_folio_list
 * (which activates a dirty file page that direct reclaim cannot write, where
 * 4.x keeps it inactive); 6.1's PGDAT_WRITEBACK/PGDAT_DIRTY/LRUVEC_CONGESTED
 * node flags are kept as the ZONE_* bits on every zone of the node.
 */
#include "buddyscope/vmscan.h"

#include "buddyscope/costs.h"
#include "buddyscope/watermark.h"
#include "internal.h"
#include "vmscan_internal.h"

/* isolate_mode_t (6.1): only ISOLATE_UNMAPPED is left for reclaim */
#define ISOLATE_UNMAPPED	0x2

/* node_page_state(): the node's counter, the sum of its zones' */
unsigned long node_page_state(const struct pglist_data *pgdat, enum zone_stat_item item)
{
	unsigned long nr = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		nr += zone_page_state(&pgdat->node_zones[i], item);
	return nr;
}

/* Models: lruvec_lru_size(lruvec, lru, zone_idx): the pages of @lru in the
 * zones up to @zone_idx. */
unsigned long lruvec_lru_size(const struct pglist_data *pgdat, enum lru_list lru, int zone_idx)
{
	unsigned long nr = 0;

	/* @zone_idx is a reclaim_idx: at most MAX_NR_ZONES - 1 */
	for (int i = 0; i <= zone_idx; i++)
		nr += zone_page_state(&pgdat->node_zones[i], (enum zone_stat_item)(NR_LRU_BASE + lru));
	return nr;
}

/*
 * Models: inactive_is_low() (6.1): the same rule for anon and file since
 * 4.10, by the node's list sizes: inactive * ratio < active, where ratio =
 * int_sqrt(10 * GB of the two lists) or 1 below a GB; e.g. 3 GB of file
 * pages give ratio 5, so the inactive list is "low" under a sixth.
 */
bool inactive_is_low(const struct pglist_data *pgdat, enum lru_list inactive_lru)
{
	unsigned long inactive = node_page_state(pgdat, (enum zone_stat_item)(NR_LRU_BASE + inactive_lru));
	unsigned long active = node_page_state(pgdat, (enum zone_stat_item)(NR_LRU_BASE + inactive_lru + 1));
	unsigned long gb = (inactive + active) >> (30 - PAGE_SHIFT);
	unsigned long ratio = gb ? int_sqrt(10 * gb) : 1;

	return inactive * ratio < active;
}

/* Set a 6.1 node flag (PGDAT_* / LRUVEC_CONGESTED) on every zone of @pgdat. */
void set_node_flag(struct pglist_data *pgdat, enum zone_flags bit)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		pgdat->node_zones[i].flags |= 1UL << bit;
}

/*
 * Models: isolate_lru_folios() (6.1).
 * Walk @lru of the node from the tail until @nr_to_scan eligible pages were
 * looked at. A page of a zone above sc->reclaim_idx is skipped: it is not
 * counted in the scan (or a node full of them would end reclaim at once
 * and OOM early), only in *nr_scanned (total_scan), and goes back to the
 * head of the list after the batch, in the order met. A mapped page under
 * !may_unmap is rotated to the head and counted. The others are taken;
 * each zone's list size loses what was taken from it (update_lru_sizes).
 */
static unsigned long isolate_lru_folios(struct sim *sim, unsigned long nr_to_scan,
					struct pglist_data *pgdat, struct batch *dst,
					unsigned long *nr_scanned, const struct scan_control *sc,
					enum lru_list lru)
{
	struct memmap *m = &sim->map;
	uint32_t head = pgdat->lru[lru], skipped_head = pgdat->lru_skipped;
	unsigned long nr_skipped[MAX_NR_ZONES] = { 0 }, nr_zone_taken[MAX_NR_ZONES] = { 0 };
	unsigned long scan = 0, total_scan = 0, skipped = 0;
	struct trace_event *ev;

	dst->nr = 0;
	if (nr_to_scan > SWAP_CLUSTER_MAX)
		nr_to_scan = SWAP_CLUSTER_MAX;
	while (scan < nr_to_scan && !list_empty(m, head)) {
		uint32_t pfn = lnk(m, head)->prev;
		struct page *p = page_w(m, pfn);
		int zid = page_zone(sim, pfn)->zid;

		total_scan++;
		list_del(m, pfn);
		if (zid > sc->reclaim_idx) {
			nr_skipped[zid]++;
			list_add(m, pfn, skipped_head);
			continue;
		}
		scan++;
		if (!sc->may_unmap && page_mapped(p)) {
			list_add(m, pfn, head);
			continue;
		}
		p->flags &= (uint16_t)~PG_lru;
		p->flags |= PG_isolated;
		nr_zone_taken[zid]++;
		dst->pfn[dst->nr++] = pfn;
	}
	/* list_splice(&folios_skipped, src): back at the head, as met */
	while (!list_empty(m, skipped_head)) {
		uint32_t pfn = lnk(m, skipped_head)->prev;

		list_del(m, pfn);
		list_add(m, pfn, head);
	}
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		if (nr_skipped[zid])
			count_vm_events(sim, (enum vm_event_item)(PGSKIP_DMA + zid), nr_skipped[zid]);
		skipped += nr_skipped[zid];
		mod_zone_page_state(&pgdat->node_zones[zid], (enum zone_stat_item)(NR_LRU_BASE + lru),
				    -(long)nr_zone_taken[zid]);
	}
	*nr_scanned = total_scan;
	sim_charge(sim, COST_RECLAIM_PAGE, total_scan);
	ev = trace_emit(sim, TRACE_mm_vmscan_lru_isolate);
	ev->nid = (uint8_t)pgdat->node_id;
	ev->zid = (uint8_t)sc->reclaim_idx;	/* classzone= */
	ev->order = (uint8_t)sc->order;
	ev->migratetype = sc->may_unmap ? 0 : ISOLATE_UNMAPPED;
	ev->arg[0] = (long)nr_to_scan;
	ev->arg[1] = (long)total_scan;
	ev->arg[2] = (long)dst->nr;
	ev->arg[3] = lru;		/* 6.1 prints lru=, 4.x file= */
	ev->pfn = skipped;		/* nr_skipped= (trace_print.c) */
	return dst->nr;
}

/* Models: too_many_isolated() (6.1): the node's isolated and inactive
 * pages; kswapd never waits, direct reclaimers past an eighth (IO+FS). */
static bool too_many_isolated(const struct pglist_data *pgdat, bool file,
			      const struct scan_control *sc)
{
	unsigned long inactive, isolated;

	if (sc->kswapd)
		return false;
	inactive = node_page_state(pgdat, file ? NR_INACTIVE_FILE : NR_INACTIVE_ANON);
	isolated = node_page_state(pgdat, file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON);
	if ((sc->gfp_mask & (GFP_F_IO | GFP_F_FS)) == (GFP_F_IO | GFP_F_FS))
		inactive >>= 3;
	return isolated > inactive;
}

/* NR_ISOLATED_* of each page's zone (6.1 counts them per node: the node's
 * counter is the sum). */
static void mod_isolated(struct sim *sim, const struct batch *l, bool file, long sign)
{
	for (unsigned int i = 0; i < l->nr; i++) {
		struct zone *z = page_zone(sim, l->pfn[i]);

		mod_zone_page_state(z, file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON, sign);
	}
}

/*
 * Models: lru_note_cost() (6.1, mm/swap.c), for the node's lruvec (no
 * memcg parents to walk). The cost of reclaiming a type is the IO it
 * takes: shrink_inactive_list() notes the pages it sent to pageout()
 * (stat.nr_pageout: swap writes for anon, file writes for file).
 * 6.1 notes neither rotations nor activations (6.4 added those). Once the
 * two costs together pass a quarter of the node's LRU pages (all four
 * lists), both halve, so the balance follows recent reclaim.
 */
void lru_note_cost_6_1(struct pglist_data *pgdat, bool file, unsigned long nr_pages)
{
	unsigned long lrusize = 0;

	if (file)
		pgdat->file_cost += nr_pages;
	else
		pgdat->anon_cost += nr_pages;
	for (int lru = LRU_INACTIVE_ANON; lru <= LRU_ACTIVE_FILE; lru++)
		lrusize += node_page_state(pgdat, (enum zone_stat_item)(NR_LRU_BASE + lru));
	if (pgdat->anon_cost + pgdat->file_cost > lrusize / 4) {
		pgdat->anon_cost /= 2;
		pgdat->file_cost /= 2;
	}
}

/* pageout() successes so far in the node's zones (NR_VMSCAN_WRITE) */
static unsigned long node_pageouts(const struct pglist_data *pgdat)
{
	return node_page_state(pgdat, NR_VMSCAN_WRITE);
}

/*
 * Models: shrink_inactive_list() (6.1).
 * A batch off the node's inactive list, judged page by page; survivors go
 * back (move_folios_to_lru), what went is counted as PGSTEAL. What the
 * batch saw feeds the node flags shrink_node() reads (sc->nr in 6.1).
 * Too many pages isolated by other reclaimers: wait once (HZ/50), then
 * scan nothing if there are still too many, or return SWAP_CLUSTER_MAX
 * for a task with SIGKILL pending (it is about to free its memory).
 * SIMPLIFICATION: the wait is a plain sleep (reclaim_wait), not a wait
 * queue that the isolating reclaimer wakes early; the later throttles are
 * the 4.x congestion wait.
 */
unsigned long shrink_inactive_list_6_1(struct sim *sim, unsigned long nr_to_scan,
				       struct pglist_data *pgdat, struct scan_control *sc,
				       enum lru_list lru)
{
	bool file = is_file_lru(lru);
	struct zone *z = &pgdat->node_zones[sc->reclaim_idx];
	unsigned long nr_scanned, nr_taken, nr_reclaimed, nr_pageout;
	struct batch_stat st = { 0 };
	struct trace_event *ev;
	struct batch l, taken;

	/* one reclaim_throttle(VMSCAN_THROTTLE_ISOLATED) at most: still too
	 * many afterwards ("stalled"), the batch is given up */
	if (too_many_isolated(pgdat, file, sc)) {
		reclaim_wait(sim, sc, z, HZ / 50);
		if (current_task(sim)->sigkill)
			return SWAP_CLUSTER_MAX;
		if (too_many_isolated(pgdat, file, sc))
			return 0;
	}
	nr_taken = isolate_lru_folios(sim, nr_to_scan, pgdat, &l, &nr_scanned, sc, lru);
	mod_isolated(sim, &l, file, 1);
	taken = l;
	/* 6.1 counts pgscan_kswapd/direct per node: the view sums the slots */
	count_vm_events(sim, (enum vm_event_item)((sc->kswapd ? PGSCAN_KSWAPD_DMA : PGSCAN_DIRECT_DMA)
						  + sc->reclaim_idx), nr_scanned);
	count_vm_events(sim, file ? PGSCAN_FILE : PGSCAN_ANON, nr_scanned);
	if (nr_taken == 0)
		return 0;

	nr_pageout = node_pageouts(pgdat);
	nr_reclaimed = shrink_page_list(sim, &l, sc, &st);
	nr_pageout = node_pageouts(pgdat) - nr_pageout;	/* stat.nr_pageout */
	count_vm_events(sim, (enum vm_event_item)((sc->kswapd ? PGSTEAL_KSWAPD_DMA : PGSTEAL_DIRECT_DMA)
						  + sc->reclaim_idx), nr_reclaimed);
	count_vm_events(sim, file ? PGSTEAL_FILE : PGSTEAL_ANON, nr_reclaimed);
	for (unsigned int i = 0; i < l.nr; i++)
		putback_page(sim, l.pfn[i]);
	mod_isolated(sim, &taken, file, -1);
	lru_note_cost_6_1(pgdat, file, nr_pageout);

	/* shrink_node() (6.1) reads sc->nr: kept as node flags here */
	if (sc->kswapd && st.nr_writeback && st.nr_writeback == nr_taken)
		set_node_flag(pgdat, ZONE_WRITEBACK);
	if (sc->kswapd && file && st.nr_unqueued_dirty == nr_taken)
		set_node_flag(pgdat, ZONE_DIRTY);
	if (sc->kswapd && st.nr_dirty && st.nr_dirty == st.nr_congested)
		set_node_flag(pgdat, ZONE_CONGESTED);
	if (st.nr_immediate)
		reclaim_wait(sim, sc, z, RECLAIM_WAIT_JIFFIES);

	ev = trace_emit(sim, TRACE_mm_vmscan_lru_shrink_inactive);
	ev->nid = (uint8_t)pgdat->node_id;
	ev->zid = (uint8_t)sc->reclaim_idx;
	ev->arg[0] = (long)nr_scanned;
	ev->arg[1] = (long)nr_reclaimed;
	ev->arg[2] = sc->priority;
	ev->arg[3] = file;
	return nr_reclaimed;
}

/*
 * Models: shrink_active_list() (6.1).
 * A batch off the node's active list to the head of the inactive one;
 * a page a PTE referenced (6.1's nr_rotated, which feeds no cost until
 * 6.4) is deactivated all the same (only executable file pages would
 * stay, and there are none); its young bit is cleared.
 */
void shrink_active_list_6_1(struct sim *sim, unsigned long nr_to_scan, struct pglist_data *pgdat,
			    struct scan_control *sc, enum lru_list lru)
{
	bool file = is_file_lru(lru);
	unsigned long nr_scanned, nr_deactivate = 0;
	struct batch l;

	isolate_lru_folios(sim, nr_to_scan, pgdat, &l, &nr_scanned, sc, lru);
	mod_isolated(sim, &l, file, 1);
	/* 6.1: pgrefill is one counter (the view sums the zone slots) */
	count_vm_events(sim, (enum vm_event_item)(PGREFILL_DMA + sc->reclaim_idx), nr_scanned);
	for (unsigned int i = 0; i < l.nr; i++) {
		struct page *p = page_w(&sim->map, l.pfn[i]);

		if (!(p->flags & PG_unevictable)) {
			page_referenced(p);	/* clears the young bit */
			p->flags &= (uint16_t)~PG_active;
			nr_deactivate++;
		}
		putback_page(sim, l.pfn[i]);
	}
	mod_isolated(sim, &l, file, -1);
	count_vm_events(sim, PGDEACTIVATE, nr_deactivate);
}
