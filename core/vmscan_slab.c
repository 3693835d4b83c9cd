/*
 * core/vmscan_slab.c - the slab shrinker of reclaim: shrink_slab() and
 * drop_slab() of mm/vmscan.c, with v4.5's and 6.1's do_shrink_slab()
 * arithmetic (the kernel table's slab_scan_by_priority chooses).
 */
#include "buddyscope/vmscan.h"

#include "buddyscope/costs.h"
#include "buddyscope/kernel.h"
#include "buddyscope/page_alloc.h"
#include "internal.h"
#include "vmscan_internal.h"

#define SHRINK_BATCH		128	/* do_shrink_slab's batch_size */
#define DEFAULT_SEEKS		2

/* ---- slab ---- */

/*
 * A reclaimable slab page is one allocated with __GFP_RECLAIMABLE, which the
 * page keeps as its cached migratetype (kmem caches with
 * SLAB_RECLAIM_ACCOUNT). The node counts them (the shrinker's
 * count_objects()), so that a scan knows when it has seen them all: the
 * counter is kept by whoever sets or clears PG_slab, through these two.
 */
static bool slab_page_scannable(const struct page *p)
{
	return (p->flags & (PG_slab | PG_head)) == (PG_slab | PG_head) &&
	       get_pcppage_migratetype(p) == MIGRATE_RECLAIMABLE;
}

/* @pfn has just become a slab page (PG_slab set, migratetype cached). */
void slab_page_added(struct sim *sim, unsigned long pfn)
{
	if (slab_page_scannable(&sim->map.pages[pfn]))
		page_zone(sim, pfn)->zone_pgdat->kswapd.nr_slab_scannable++;
}

/* @pfn, a slab page, is about to be freed (before PG_slab is cleared). */
void slab_page_removed(struct sim *sim, unsigned long pfn)
{
	if (slab_page_scannable(&sim->map.pages[pfn]))
		page_zone(sim, pfn)->zone_pgdat->kswapd.nr_slab_scannable--;
}

/*
 * The one shrinker's scan_objects(): free up to @nr reclaimable slab pages
 * of node @nid (an object is a page here). Slab pages are on no list, so a
 * cursor walks the node's pfns, at most once round per call. The walk
 * stops as soon as it has found every scannable page of the node (or
 * returns at once when there are none): a full round would have found no
 * more and brought the cursor back to where it started, so the cursor goes
 * back there and the result is the same, at the cost of what is found
 * rather than of the node's size (do_shrink_slab asks for up to twice the
 * freeable count, most of it after the cache is empty).
 */
static unsigned long slab_scan_objects(struct sim *sim, int nid, unsigned long nr)
{
	struct pglist_data *pgdat = sim->node_data[nid];
	unsigned long start = pgdat->node_start_pfn, end = start + pgdat->node_spanned_pages;
	unsigned long pfn = pgdat->kswapd.slab_cursor, freed = 0, first;
	unsigned long left = pgdat->kswapd.nr_slab_scannable;

	if (pfn < start || pfn >= end)
		pfn = start;
	first = pfn;
	for (unsigned long looked = 0; looked < end - start && freed < nr && left; looked++) {
		const struct page *p = &sim->map.pages[pfn];

		if (slab_page_scannable(p)) {
			mod_zone_page_state(page_zone(sim, pfn), NR_SLAB_RECLAIMABLE, -1);
			slab_page_removed(sim, pfn);
			free_page_frame(sim, pfn, false);
			sim_charge(sim, COST_RECLAIM_PAGE, 1);
			freed++;
			left--;
		}
		if (++pfn == end)
			pfn = start;
	}
	pgdat->kswapd.slab_cursor = freed < nr ? first : pfn;
	return freed;
}

/* Scan @total_scan objects in batches, as do_shrink_slab's loop does (all
 * of them at once when fewer than a batch are freeable). Return: freed;
 * *@scanned gets the objects scanned. */
static unsigned long shrink_slab_batches(struct sim *sim, int nid, unsigned long total_scan,
					 unsigned long freeable, unsigned long *scanned)
{
	unsigned long freed = 0;

	*scanned = 0;
	while (total_scan >= SHRINK_BATCH || total_scan >= freeable) {
		unsigned long n = total_scan < SHRINK_BATCH ? total_scan : SHRINK_BATCH;

		if (!n)
			break;
		freed += slab_scan_objects(sim, nid, n);
		count_vm_events(sim, SLABS_SCANNED, n);
		total_scan -= n;
		*scanned += n;
	}
	return freed;
}

/*
 * Models: shrink_slab() -> do_shrink_slab() (v4.5) for one NUMA-aware
 * shrinker whose objects are the node's reclaimable slab pages. Slab is
 * scanned in proportion to the LRU: e.g. 64 LRU pages scanned out of
 * 10000 eligible, 1000 slab pages: delta = 4 * 64 / 2 * 1000 / 10001 = 12,
 * added to what earlier calls deferred; work goes in batches of 128 (or all
 * of it when fewer than that are freeable). Return: pages freed.
 */
static unsigned long shrink_slab_4_5(struct sim *sim, int nid, unsigned long freeable,
				     unsigned long nr_scanned, unsigned long nr_eligible)
{
	struct pglist_data *pgdat = sim->node_data[nid];
	unsigned long delta, total_scan, freed, scanned;

	if (!nr_scanned)
		nr_scanned = SWAP_CLUSTER_MAX;
	total_scan = pgdat->kswapd.shrinker_nr_deferred;
	pgdat->kswapd.shrinker_nr_deferred = 0;
	delta = 4 * nr_scanned / DEFAULT_SEEKS;
	delta = delta * freeable / (nr_eligible + 1);
	total_scan += delta;
	/* light pressure: don't let a big deferred count empty the cache */
	if (delta < freeable / 4 && total_scan > freeable / 2)
		total_scan = freeable / 2;
	if (total_scan > freeable * 2)
		total_scan = freeable * 2;
	freed = shrink_slab_batches(sim, nid, total_scan, freeable, &scanned);
	pgdat->kswapd.shrinker_nr_deferred += total_scan - scanned;
	return freed;
}

/*
 * Models: shrink_slab() -> do_shrink_slab() (4.16 to 6.1): the scan is
 * sized by the reclaim priority alone, delta = (freeable >> priority) * 4 /
 * seeks, plus the deferred work >> priority, at most 2 * freeable; what
 * is not scanned of nr + delta stays deferred (at most 2 * freeable).
 * E.g. kswapd at priority 12 over 6751 slab pages: delta = 1 * 4 / 2 = 2,
 * below a batch of 128: nothing is scanned (a real 6.1 under page-cache
 * pressure leaves slabs_scanned at 0). Return: pages freed.
 */
static unsigned long shrink_slab_6_1(struct sim *sim, int nid, unsigned long freeable,
				     int priority)
{
	struct pglist_data *pgdat = sim->node_data[nid];
	unsigned long nr = pgdat->kswapd.shrinker_nr_deferred, delta, total_scan, freed;
	unsigned long scanned;

	if (priority < 0)
		priority = 0;
	pgdat->kswapd.shrinker_nr_deferred = 0;
	delta = (freeable >> priority) * 4 / DEFAULT_SEEKS;
	total_scan = (nr >> priority) + delta;
	if (total_scan > 2 * freeable)
		total_scan = 2 * freeable;
	freed = shrink_slab_batches(sim, nid, total_scan, freeable, &scanned);
	nr = nr + delta > scanned ? nr + delta - scanned : 0;
	pgdat->kswapd.shrinker_nr_deferred = nr < 2 * freeable ? nr : 2 * freeable;
	return freed;
}

/* The slab shrinker of node @nid after an LRU pass that scanned
 * @nr_scanned of @nr_eligible pages at @priority, as the kernel sizes it. */
unsigned long shrink_slab(struct sim *sim, int nid, unsigned long nr_scanned,
			  unsigned long nr_eligible, int priority)
{
	struct pglist_data *pgdat = sim->node_data[nid];
	unsigned long freeable = 0;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		freeable += zone_page_state(&pgdat->node_zones[zid], NR_SLAB_RECLAIMABLE);
	if (!freeable)
		return 0;
	if (sim_kernel(sim)->slab_scan_by_priority)
		return shrink_slab_6_1(sim, nid, freeable, priority);
	return shrink_slab_4_5(sim, nid, freeable, nr_scanned, nr_eligible);
}

/* Models: drop_slab() -> drop_slab_node(): v4.5 shrinks with 1000 of 1000
 * pages scanned until a round frees 10 or fewer; 6.1 at priority 0 until
 * the freed count, halved once more each round, is 1 or less. A Ctrl-C
 * (sim_interrupted()) ends the rounds, as 6.1's fatal_signal_pending()
 * check does; SIMPLIFICATION: v4.5 has no such check, and stops here too. */
unsigned long drop_slab(struct sim *sim)
{
	bool by_priority = sim_kernel(sim)->slab_scan_by_priority;
	unsigned long total = 0;

	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		unsigned long freed;
		int shift = 0;

		do {
			freed = shrink_slab(sim, nid, 1000, 1000, 0);
			total += freed;
		} while ((by_priority ? (freed >> shift++) > 1 : freed > 10) && !sim_interrupted());
	}
	return total;
}
