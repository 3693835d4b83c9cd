/* core/compaction_scan_6_1.c - compaction's free scanner as Linux 6.1 runs
 * it. Models mm/compaction.c (6.1): isolate_freepages,
 * fast_isolate_freepages, fast_isolate_around, move_freelist_head,
 * next_search_order, freelist_scan_limit, isolate_freepages_block,
 * suitable_migration_target, update_pageblock_skip, compaction_alloc; and
 * mm/page_alloc.c __isolate_free_page (6.1).
 *
 * What 6.1's free scanner does differently from v4.5's (compaction_scan.c):
 *   fast search   for a request (order > 0) it first searches the MOVABLE
 *                 free lists of the orders below the request's, from their
 *                 tails, for a block in the top quarter of the space left
 *                 between the scanners (else the top half): it takes that
 *                 block as a target whatever the skip bits say, then scans
 *                 its pageblock around it; a search that finds nothing at
 *                 the start of a run moves the linear walk down to the
 *                 highest block it saw, if in the top half (else, for
 *                 direct compaction, to the bottom of the top half);
 *   linear walk   async scans every 32nd pfn, doubling the stride over
 *                 blocks that yield nothing; a block that fails to give a
 *                 page stops the walk; any pageblock is a target at the
 *                 highest priority (ignore_block_suitable); a fully
 *                 scanned block gets its skip bit even when the hints are
 *                 ignored;
 *   targets       taken while the zone stays above min + the block
 *                 (v4.5: low), with ALLOC_CMA.
 * The migrate scanner beside it is 6.1's (compaction_migrate_6_1.c).
 * SIMPLIFICATION: no lock contention and no need_resched(), as v4.5's.
 */
#include "buddyscope/buddy.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/watermark.h"
#include "compaction_internal.h"
#include "internal.h"

/* block_end_pfn(pfn, order): the end of the 2^order block holding pfn */
static unsigned long block_end_pfn(unsigned long pfn, int order)
{
	unsigned long size = 1UL << (order > 0 ? order : 0);

	return (pfn + size) & ~(size - 1);
}

static bool isolation_suitable_6_1(const struct sim *sim, const struct compact_control *cc,
				   unsigned long pfn)
{
	return cc->ignore_skip_hint || !pageblock_skip(sim, pfn);
}

static void set_pageblock_skip(struct sim *sim, unsigned long pfn)
{
	*pageblock_flags_w(&sim->map, pfn) |= PB_migrate_skip;
}

/* Models: update_pageblock_skip() (6.1): the free scanner scanned the
 * whole block: mark it, and the cached free start comes down to it. */
static void update_pageblock_skip_6_1(struct sim *sim, struct compact_control *cc,
				      unsigned long block_pfn)
{
	set_pageblock_skip(sim, block_pfn);
	if (block_pfn < cc->zone->compact_cached_free_pfn)
		cc->zone->compact_cached_free_pfn = block_pfn;
}

/* ---- the free scanner ---- */

/*
 * Models: isolate_freepages_block() (6.1, not strict): every @stride-th pfn
 * from *start_pfn; a block __isolate_free_page() refuses ends the scan.
 */
static unsigned long isolate_free_block_6_1(struct sim *sim, struct compact_control *cc,
					    unsigned long *start_pfn, unsigned long end_pfn,
					    unsigned int stride)
{
	struct zone *z = cc->zone;
	unsigned long blockpfn = *start_pfn, nr_scanned = 0, total = 0;

	for (; blockpfn < end_pfn; blockpfn += stride) {
		const struct page *p = &sim->map.pages[blockpfn];
		unsigned long isolated;

		if (!(blockpfn % SWAP_CLUSTER_MAX) && compact_fatal_signal(sim)) {
			cc->contended = COMPACT_CONTENDED_SCHED;
			break;
		}
		nr_scanned++;
		if ((p->flags & PG_head) && !(p->flags & PG_buddy) && p->order > 0) {
			blockpfn += (1UL << p->order) - 1;
			continue;
		}
		if (!(p->flags & PG_buddy))
			continue;
		isolated = split_free_page(sim, z, blockpfn, z->watermark[WMARK_MIN], ALLOC_CMA);
		if (!isolated)
			break;
		total += isolated;
		if (compact_add_targets(cc, blockpfn, isolated)) {
			blockpfn += isolated;
			break;
		}
		blockpfn += isolated - 1;
	}
	if (blockpfn > end_pfn)
		blockpfn = end_pfn;
	trace_isolate(sim, z, TRACE_mm_compaction_isolate_freepages, *start_pfn, blockpfn,
		      nr_scanned, total);
	*start_pfn = blockpfn;
	cc->free_scanned += nr_scanned;
	count_vm_events(sim, COMPACTFREE_SCANNED, nr_scanned);
	count_vm_events(sim, COMPACTISOLATED, total);
	return total;
}

/* ---- fast_isolate_freepages ---- */

/* Models: freelist_scan_limit(): 33, halved with each failed search. */
unsigned int freelist_scan_limit(const struct compact_control *cc)
{
	unsigned int shift = cc->fast_search_fail < 31 ? cc->fast_search_fail : 31;

	return (COMPACT_CLUSTER_MAX >> shift) + 1;
}

/* Models: move_freelist_head(): the blocks before @id go to the list's
 * tail, so the next search from the tail meets the unsearched ones first.
 * Nothing moves when @id is the last (or the first). */
static void move_freelist_head(struct memmap *m, uint32_t head, uint32_t id)
{
	uint32_t first = lnk(m, head)->next, last = lnk(m, head)->prev, before;

	if (id == last || id == first)
		return;
	before = lnk(m, id)->prev;
	lnk_w(m, head)->next = id;
	lnk_w(m, id)->prev = head;
	lnk_w(m, last)->next = first;
	lnk_w(m, first)->prev = last;
	lnk_w(m, before)->next = head;
	lnk_w(m, head)->prev = before;
}

/* Models: next_search_order(): orders round-robin below cc->order; -1 once
 * the search is back where it began (which moves its next start down). */
static int next_search_order(struct compact_control *cc, int order)
{
	if (--order < 0)
		order = cc->order - 1;
	if (order == cc->search_order) {
		if (--cc->search_order < 0)
			cc->search_order = cc->order - 1;
		return -1;
	}
	return order;
}

static unsigned long isolate_free_block_6_1(struct sim *sim, struct compact_control *cc,
					    unsigned long *start_pfn, unsigned long end_pfn,
					    unsigned int stride);

/* Models: fast_isolate_around(): scan the pageblock of the block found at
 * @pfn (@nr_isolated pages taken there) for more targets; a block that
 * does not give enough gets its skip bit. Not for async direct compaction. */
static void fast_isolate_around(struct sim *sim, struct compact_control *cc, unsigned long pfn,
				unsigned long nr_isolated)
{
	struct zone *z = cc->zone;
	unsigned long start = pfn & ~(pageblock_nr_pages - 1), end = start + pageblock_nr_pages;

	if (cc->nr_freepages >= cc->nr_migratepages)
		return;
	if (cc->direct_compaction && cc->mode == MIGRATE_ASYNC)
		return;
	if (start < z->zone_start_pfn)
		start = z->zone_start_pfn;
	if (end > zone_end_pfn(z))
		end = zone_end_pfn(z);
	if (!pageblock_in_zone(sim, z, start, end))
		return;
	if (start != pfn) {
		unsigned long s = start;

		isolate_free_block_6_1(sim, cc, &s, pfn, 1);
		if (cc->nr_freepages >= cc->nr_migratepages)
			return;
	}
	start = pfn + nr_isolated;
	if (start < end)
		isolate_free_block_6_1(sim, cc, &start, end, 1);
	if (cc->nr_freepages < cc->nr_migratepages)
		set_pageblock_skip(sim, pfn & ~(pageblock_nr_pages - 1));
}

/*
 * Models: fast_isolate_freepages() (6.1). Return: where the linear free
 * scan should start: cc->free_pfn, which the first search of a run that
 * finds nothing moves down - to the highest block it saw with free pages
 * if that lies in the top half of the space between the scanners, else
 * (direct compaction only) to the bottom of that half. E.g. free_pfn
 * 0x3fe00, migrate_pfn 0x1a366: min_pfn 0x2d000, and a highest of
 * 0x19000 sends the walk to 0x2d000, not down to the migrate scanner.
 */
static unsigned long fast_isolate_freepages(struct sim *sim, struct compact_control *cc)
{
	struct zone *z = cc->zone;
	unsigned int limit = freelist_scan_limit(cc) >> 1, nr_scanned = 0;
	unsigned long low_pfn, min_pfn, highest = 0, nr_isolated = 0, distance;
	unsigned long page = PFN_NONE;
	bool scan_start = false;

	if (cc->order <= 0)
		return cc->free_pfn;
	if (!limit)
		limit = 1;
	if (cc->free_pfn >= z->compact_init_free_pfn) {
		limit = pageblock_nr_pages >> 1;
		scan_start = true;
	}
	/* the top quarter of the space between the scanners, else the top half */
	distance = cc->free_pfn - cc->migrate_pfn;
	low_pfn = (cc->free_pfn - (distance >> 2)) & ~(pageblock_nr_pages - 1);
	min_pfn = (cc->free_pfn - (distance >> 1)) & ~(pageblock_nr_pages - 1);
	if (min_pfn > low_pfn)
		low_pfn = min_pfn;
	if (cc->search_order > cc->order - 1)
		cc->search_order = cc->order - 1;
	for (int order = cc->search_order; page == PFN_NONE && order >= 0;
	     order = next_search_order(cc, order)) {
		struct free_area *area = &z->free_area[order];
		uint32_t head = area->free_list[MIGRATE_MOVABLE], id, stop = head;
		unsigned int order_scanned = 0;
		unsigned long high_pfn = 0;

		if (!area->nr_free)
			continue;
		for (id = lnk(&sim->map, head)->prev; id != head; id = lnk(&sim->map, id)->prev) {
			order_scanned++;
			nr_scanned++;
			if (id >= highest) {
				highest = id & ~(pageblock_nr_pages - 1);
				if (highest < z->zone_start_pfn)
					highest = z->zone_start_pfn;
			}
			if (id >= low_pfn) {
				cc->fast_search_fail = 0;
				cc->search_order = order;
				page = id;
				break;
			}
			if (id >= min_pfn && id > high_pfn) {
				high_pfn = id;
				limit >>= 1;	/* a candidate: shorten the search */
			}
			if (order_scanned >= limit)
				break;
		}
		stop = id;
		if (page == PFN_NONE && high_pfn)
			stop = page = high_pfn;
		if (stop != head)
			move_freelist_head(&sim->map, head, (uint32_t)stop);
		if (page != PFN_NONE) {
			unsigned long got = split_free_page(sim, z, page, z->watermark[WMARK_MIN],
							    ALLOC_CMA);

			if (got) {
				nr_isolated = got;
				(void)compact_add_targets(cc, page, got);
				count_vm_events(sim, COMPACTISOLATED, got);
			} else {
				order = cc->search_order + 1;	/* abort the search */
				page = PFN_NONE;
			}
		}
		if (order_scanned >= limit)
			limit = limit >> 1 ? limit >> 1 : 1;
	}
	if (page == PFN_NONE) {
		cc->fast_search_fail++;
		/* 5.19 ("mm: compaction: make sure highest is above the
		 * min_pfn"): a highest block below the lower mark is not
		 * taken (the scanners would meet at once); direct compaction
		 * then starts its walk at that mark */
		if (scan_start) {
			if (highest && highest >= min_pfn) {
				page = highest;
				cc->free_pfn = highest;
			} else if (cc->direct_compaction && min_pfn < sim->map.max_pfn) {
				if (pageblock_in_zone(sim, z, min_pfn, min_pfn + pageblock_nr_pages))
					page = min_pfn;
				cc->free_pfn = min_pfn;
			}
		}
	}
	if (highest && highest >= z->compact_cached_free_pfn)
		z->compact_cached_free_pfn = highest - pageblock_nr_pages;
	cc->free_scanned += nr_scanned;
	count_vm_events(sim, COMPACTFREE_SCANNED, nr_scanned);
	if (page == PFN_NONE)
		return cc->free_pfn;
	fast_isolate_around(sim, cc, page, nr_isolated);
	return page;
}

/* Models: suitable_migration_target() (6.1). */
static bool suitable_migration_target(const struct sim *sim, const struct compact_control *cc,
				      unsigned long pfn)
{
	const struct page *p = &sim->map.pages[pfn];

	if ((p->flags & PG_buddy) && p->order >= pageblock_order)
		return false;
	if (cc->ignore_block_suitable)
		return true;
	return migrate_async_suitable(get_pfnblock_migratetype(sim, pfn));
}

/* Models: isolate_freepages() (6.1): fast_isolate_freepages() first, the
 * linear walk down from cc->free_pfn if it took nothing. */
static void isolate_freepages_6_1(struct sim *sim, struct compact_control *cc)
{
	struct zone *z = cc->zone;
	unsigned long isolate_start = cc->free_pfn;
	unsigned long block_start = cc->free_pfn & ~(pageblock_nr_pages - 1);
	unsigned long block_end = block_start + pageblock_nr_pages;
	unsigned long low_pfn = block_end_pfn(cc->migrate_pfn, pageblock_order);
	unsigned int stride = cc->mode == MIGRATE_ASYNC ? COMPACT_CLUSTER_MAX : 1;

	isolate_start = fast_isolate_freepages(sim, cc);
	if (cc->nr_freepages)
		return;
	isolate_start = cc->free_pfn;
	block_start = cc->free_pfn & ~(pageblock_nr_pages - 1);
	block_end = block_start + pageblock_nr_pages;
	if (block_end > zone_end_pfn(z))
		block_end = zone_end_pfn(z);
	for (; block_start >= low_pfn;
	     block_end = block_start, block_start -= pageblock_nr_pages, isolate_start = block_start) {
		unsigned long nr_isolated;

		if (!pageblock_in_zone(sim, z, block_start, block_end))
			continue;
		if (!suitable_migration_target(sim, cc, block_start))
			continue;
		if (!isolation_suitable_6_1(sim, cc, block_start))
			continue;
		nr_isolated = isolate_free_block_6_1(sim, cc, &isolate_start, block_end, stride);
		if (isolate_start == block_end)
			update_pageblock_skip_6_1(sim, cc, block_start);
		if (cc->nr_freepages >= cc->nr_migratepages) {
			if (isolate_start >= block_end)
				isolate_start = block_start - pageblock_nr_pages;
			break;
		} else if (isolate_start < block_end) {
			break;	/* isolation failed early: do not go on */
		}
		if (nr_isolated) {
			stride = 1;
			continue;
		}
		stride = stride << 1 < COMPACT_CLUSTER_MAX ? stride << 1 : COMPACT_CLUSTER_MAX;
	}
	cc->free_pfn = isolate_start;
}

/* Models: compaction_alloc() (6.1): the head of cc->freepages, refilled by
 * 6.1's free scanner when empty. */
unsigned long compaction_alloc_6_1(struct sim *sim, unsigned long pfn, void *private)
{
	(void)pfn;
	return compaction_alloc_from(sim, private, isolate_freepages_6_1);
}
