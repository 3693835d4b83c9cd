/* core/compaction_scan.c - compaction's two scanners.
 * Models mm/compaction.c (v4.5): isolate_migratepages(_block),
 * isolate_freepages(_block), suitable_migration_target, update_pageblock_skip,
 * compaction_alloc/compaction_free, release_freepages, compact_nodes,
 * reset_isolation_suitable; and mm/page_alloc.c
 * split_free_page / __isolate_free_page.
 *
 * The migrate scanner walks up from the zone start taking movable pages off
 * their LRU lists, 32 at a time; the free scanner walks down from the zone
 * end breaking free blocks into order-0 targets. Moving the pages from the
 * bottom to the top leaves the bottom free, where the buddy merges it:
 *
 *   zone start                                               zone end
 *   [A.A.A.A.|A.A.A.A.|........|........|.A.A..A.|AA.A.A..]
 *    migrate_pfn -->                               <-- free_pfn
 *
 * Both work one pageblock at a time and stop where they meet. A pageblock
 * scanned to its end without anything isolated gets its skip bit, so the
 * next run passes it by (unless cc->ignore_skip_hint).
 *
 * SIMPLIFICATION: no lock contention and no need_resched() (one cpu runs
 * compaction to the end); a fatal signal on the current task still aborts.
 */
#include <errno.h>

#include "buddyscope/buddy.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/watermark.h"
#include "compaction_internal.h"
#include "internal.h"

/* sysctl vm.compact_unevictable_allowed: SIMPLIFICATION: fixed at its
 * default, 1 (mlocked pages may move). */
#define COMPACT_UNEVICTABLE_ALLOWED	1

bool compact_fatal_signal(const struct sim *sim)
{
	return sim->tasks[sim->cur_task].sigkill ||
	       (sim->compact_memory && sim->exec_kind == EXEC_TASK && sim_interrupted());
}

/* ---- pageblock skip hints ---- */

bool pageblock_skip(const struct sim *sim, unsigned long pfn)
{
	return sim->map.pageblock_flags[pfn >> pageblock_order] & PB_migrate_skip;
}

/* Models: isolation_suitable(): if isolation recently failed, don't retry. */
static bool isolation_suitable(const struct sim *sim, const struct compact_control *cc,
			       unsigned long pfn)
{
	return cc->ignore_skip_hint || !pageblock_skip(sim, pfn);
}

/* Models: reset_cached_positions(): the scanners start from the zone's two
 * ends; where the free one starts depends on the kernel (kernel.h:
 * compact_free_pfn_in_zone): zone_end_pfn in v4.5, the last pageblock
 * inside the zone in v4.6. */
void reset_cached_positions(const struct sim *sim, struct zone *z)
{
	z->compact_cached_migrate_pfn[0] = z->zone_start_pfn;
	z->compact_cached_migrate_pfn[1] = z->zone_start_pfn;
	z->compact_cached_free_pfn = sim_kernel(sim)->compact_free_pfn_in_zone ?
		(zone_end_pfn(z) - 1) & ~(pageblock_nr_pages - 1) : zone_end_pfn(z);
}

/* Models: compact_zone()'s check of the cached free pfn: v4.5 accepts
 * free_pfn == end_pfn and otherwise starts at end_pfn & ~(pageblock - 1);
 * v4.6 wants it inside the zone and starts at round_down(end_pfn - 1).
 * Return: the pfn to start from. */
unsigned long compact_free_pfn_start(const struct sim *sim, const struct zone *z,
				     unsigned long free_pfn)
{
	unsigned long start_pfn = z->zone_start_pfn, end_pfn = zone_end_pfn(z);

	if (sim_kernel(sim)->compact_free_pfn_in_zone) {
		if (free_pfn < start_pfn || free_pfn >= end_pfn)
			return (end_pfn - 1) & ~(pageblock_nr_pages - 1);
		return free_pfn;
	}
	if (free_pfn < start_pfn || free_pfn > end_pfn)
		return end_pfn & ~(pageblock_nr_pages - 1);
	return free_pfn;
}

/* Models: __reset_isolation_suitable(): every pageblock is worth a look
 * again, and the scanners start from the zone ends. */
void reset_isolation_suitable_zone(struct sim *sim, struct zone *z)
{
	z->compact_blockskip_flush = false;
	for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn += pageblock_nr_pages)
		if (page_zone_id(&sim->map.pages[pfn]) == z->id &&
		    (sim->map.pageblock_flags[pfn >> pageblock_order] & PB_migrate_skip))
			*pageblock_flags_w(&sim->map, pfn) &= (uint8_t)~PB_migrate_skip;
	reset_cached_positions(sim, z);
	z->compact_init_free_pfn = z->compact_cached_free_pfn;	/* 6.1 reads it */
}

/* Models: compact_nodes(). lru_add_drain_all() has nothing to do here.
 * The task writing compact_memory is the one a Ctrl-C reaches: its fatal
 * signal (compact_fatal_signal()) makes every zone's compaction stop at
 * its next check, as compact_unlock_should_abort() and __compact_finished()
 * stop for a killed writer. */
int compact_nodes(struct sim *sim)
{
	sim->compact_memory = true;
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		sim_kernel(sim)->ops->compact_node(sim, nid);
	sim->compact_memory = false;
	return sim_interrupted() ? -EINTR : 0;
}

/* Models: reset_isolation_suitable(pgdat). */
void reset_isolation_suitable(struct sim *sim, int nid)
{
	if (nid < 0 || nid >= sim->nr_nodes)
		return;		/* refused: no such node */
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *z = &sim->node_data[nid]->node_zones[zid];

		if (populated_zone(z) && z->compact_blockskip_flush)
			reset_isolation_suitable_zone(sim, z);
	}
}

/*
 * Models: update_pageblock_skip().
 * Nothing isolated from the block: mark it, and move the cached start of
 * the scanner past it (async and sync migrate scanners keep their own).
 */
static void update_pageblock_skip(struct sim *sim, struct compact_control *cc,
				  unsigned long valid_pfn, unsigned long nr_isolated,
				  bool migrate_scanner)
{
	struct zone *z = cc->zone;

	if (cc->ignore_skip_hint || valid_pfn == PFN_NONE || nr_isolated)
		return;
	*pageblock_flags_w(&sim->map, valid_pfn) |= PB_migrate_skip;
	if (migrate_scanner) {
		if (valid_pfn > z->compact_cached_migrate_pfn[0])
			z->compact_cached_migrate_pfn[0] = valid_pfn;
		if (cc->mode != MIGRATE_ASYNC && valid_pfn > z->compact_cached_migrate_pfn[1])
			z->compact_cached_migrate_pfn[1] = valid_pfn;
	} else if (valid_pfn < z->compact_cached_free_pfn) {
		z->compact_cached_free_pfn = valid_pfn;
	}
}

/* Models: pageblock_pfn_to_page(): the block [start, end) lies wholly in
 * the zone (its first and last pages belong to it). An empty block, as
 * v4.5's free scanner starting at zone_end_pfn meets first, is not. */
bool pageblock_in_zone(const struct sim *sim, const struct zone *z, unsigned long start,
		       unsigned long end)
{
	return start < end && end <= sim->map.max_pfn &&
	       page_zone_id(&sim->map.pages[start]) == z->id &&
	       page_zone_id(&sim->map.pages[end - 1]) == z->id;
}

bool migrate_async_suitable(int mt)
{
	return mt == MIGRATE_CMA || mt == MIGRATE_MOVABLE;
}

/* ---- the migrate scanner ---- */

/* Models: too_many_isolated(): reclaim and compaction together may hold at
 * most half of the zone's LRU pages off their lists. */
static bool too_many_isolated(const struct zone *z)
{
	unsigned long lru = zone_page_state(z, NR_INACTIVE_FILE) +
			    zone_page_state(z, NR_INACTIVE_ANON) +
			    zone_page_state(z, NR_ACTIVE_FILE) + zone_page_state(z, NR_ACTIVE_ANON);
	unsigned long isolated = zone_page_state(z, NR_ISOLATED_FILE) +
				 zone_page_state(z, NR_ISOLATED_ANON);

	return isolated > lru / 2;
}

/*
 * Models: __isolate_lru_page() with compaction's isolate_mode.
 * ISOLATE_UNEVICTABLE (compact_unevictable_allowed) lets mlocked pages go;
 * ISOLATE_ASYNC_MIGRATE refuses what async migration would block on: pages
 * under writeback, and dirty file pages (their ->migratepage may block).
 */
static bool lru_page_isolatable(const struct page *p, enum migrate_mode mode)
{
	if (!(p->flags & PG_lru))
		return false;
	if ((p->flags & PG_unevictable) && !COMPACT_UNEVICTABLE_ALLOWED)
		return false;
	/* ISOLATE_ASYNC_MIGRATE: no writeback pages; dirty pages only if their
	 * mapping migrates without blocking (->migratepage), which the page
	 * cache of ext4/xfs and anonymous memory both have */
	if (mode == MIGRATE_ASYNC && (p->flags & PG_writeback))
		return false;
	return true;
}

/* trace_mm_compaction_isolate_{migrate,free}pages: one line a block scanned */
void trace_isolate(struct sim *sim, const struct zone *z, enum trace_id id,
		   unsigned long start, unsigned long end, unsigned long scanned,
		   unsigned long taken)
{
	struct trace_event *ev = trace_emit(sim, id);

	ev->nid = (uint8_t)z->zone_pgdat->node_id;
	ev->zid = z->zid;
	ev->arg[0] = (long)start;
	ev->arg[1] = (long)end;
	ev->arg[2] = (long)scanned;
	ev->arg[3] = (long)taken;
}

/*
 * Models: isolate_migratepages_block() (v4.5).
 * Take movable pages from [low_pfn, end_pfn) until COMPACT_CLUSTER_MAX are
 * isolated. Free blocks and allocated blocks of order > 0 (compound pages)
 * are stepped over whole; pages off the LRU (page tables, slab, pcp pages,
 * the kernel's own) stay. Return: the first pfn not scanned; *abort when the
 * scan must stop (too many isolated in async mode, or a fatal signal).
 * SIMPLIFICATION: every allocated block of order > 0 counts as compound
 * (the model has no __GFP_COMP); sync mode does not sleep in
 * congestion_wait() when too many pages are isolated, it goes on.
 */
static unsigned long isolate_migratepages_block(struct sim *sim, struct compact_control *cc,
						unsigned long low_pfn, unsigned long end_pfn,
						bool *abort)
{
	struct zone *z = cc->zone;
	unsigned long nr_scanned = 0, nr_isolated = 0, valid_pfn = PFN_NONE, start_pfn = low_pfn;

	*abort = false;
	if (too_many_isolated(z) && cc->mode == MIGRATE_ASYNC) {
		*abort = true;
		return low_pfn;
	}
	for (; low_pfn < end_pfn; low_pfn++) {
		const struct page *p = &sim->map.pages[low_pfn];

		/* compact_unlock_should_abort() every SWAP_CLUSTER_MAX pfns */
		if (!(low_pfn % SWAP_CLUSTER_MAX) && compact_fatal_signal(sim)) {
			cc->contended = COMPACT_CONTENDED_SCHED;
			break;
		}
		if (p->flags & PG_nomem)	/* pfn_valid_within() */
			continue;
		nr_scanned++;
		if (valid_pfn == PFN_NONE)
			valid_pfn = low_pfn;
		if (p->flags & PG_buddy) {
			if (p->order > 0 && p->order < MAX_ORDER)
				low_pfn += (1UL << p->order) - 1;
			continue;
		}
		if ((p->flags & PG_head) && p->order > 0) {
			low_pfn += (1UL << p->order) - 1;
			continue;
		}
		if (!lru_page_isolatable(p, cc->mode))
			continue;
		del_page_from_lru(sim, low_pfn);
		page_w(&sim->map, low_pfn)->flags |= PG_isolated;
		/* acct_isolated() */
		mod_zone_page_state(z, (p->flags & PG_swapbacked) ? NR_ISOLATED_ANON :
				    NR_ISOLATED_FILE, 1);
		cc->migratepages[cc->nr_migratepages++] = low_pfn;
		nr_isolated++;
		if (cc->nr_migratepages == COMPACT_CLUSTER_MAX) {
			low_pfn++;
			break;
		}
	}
	if (low_pfn > end_pfn)	/* a free block may reach past the block end */
		low_pfn = end_pfn;
	if (low_pfn == end_pfn)
		update_pageblock_skip(sim, cc, valid_pfn, nr_isolated, true);
	cc->migrate_scanned += nr_scanned;
	count_vm_events(sim, COMPACTMIGRATE_SCANNED, nr_scanned);
	count_vm_events(sim, COMPACTISOLATED, nr_isolated);
	trace_isolate(sim, z, TRACE_mm_compaction_isolate_migratepages, start_pfn, low_pfn,
		      nr_scanned, nr_isolated);
	return low_pfn;
}

/*
 * Models: isolate_migratepages() (v4.5).
 * From cc->migrate_pfn, find the first pageblock worth scanning below the
 * free scanner and isolate from it: one block per call, whether or not it
 * yields pages. Async compaction only looks at MOVABLE (and CMA) blocks.
 */
enum isolate_migrate isolate_migratepages(struct sim *sim, struct compact_control *cc)
{
	struct zone *z = cc->zone;
	unsigned long low_pfn = cc->migrate_pfn, isolate_start;
	unsigned long block_start = low_pfn & ~(pageblock_nr_pages - 1);
	unsigned long block_end = block_start + pageblock_nr_pages;

	if (block_start < z->zone_start_pfn)
		block_start = z->zone_start_pfn;
	for (; block_end <= cc->free_pfn;
	     low_pfn = block_end, block_start = block_end, block_end += pageblock_nr_pages) {
		bool abort;

		if (!pageblock_in_zone(sim, z, block_start, block_end))
			continue;
		if (!isolation_suitable(sim, cc, block_start))
			continue;
		if (cc->mode == MIGRATE_ASYNC &&
		    !migrate_async_suitable(get_pfnblock_migratetype(sim, block_start)))
			continue;
		isolate_start = low_pfn;
		low_pfn = isolate_migratepages_block(sim, cc, low_pfn, block_end, &abort);
		if (abort || cc->contended)
			return ISOLATE_ABORT;
		/* compact_zone() (v4.5, v4.6) records where migration may have
		 * freed pages not yet flushed to the buddy lists: the pfn this
		 * isolation started from, the lowest page it could have taken */
		if (cc->nr_migratepages && !cc->last_migrated_pfn)
			cc->last_migrated_pfn = isolate_start;
		break;
	}
	cc->migrate_pfn = low_pfn;
	return cc->nr_migratepages ? ISOLATE_SUCCESS : ISOLATE_NONE;
}

/* ---- the free scanner ---- */

/*
 * Models: __isolate_free_page() + split_free_page() (mm/page_alloc.c, v4.5;
 * 6.1's __isolate_free_page + split_map_pages).
 * Take the free block at @pfn off its list as if it were allocated, which
 * the zone must afford: it has to stay above @mark plus the block (an
 * order-0 check at mark + 2^order: v4.5's mark is low, 6.1's min with
 * ALLOC_CMA). Each of its pages becomes an
 * order-0 page of ours, isolated. A block of half a pageblock or more turns
 * its pageblock MOVABLE.
 * The free counters follow the list the block sat on (that is how
 * free_one_page counted it): an ISOLATE list block was never counted free.
 * Return: pages isolated, 0 if the watermark said no.
 */
unsigned long split_free_page(struct sim *sim, struct zone *z, unsigned long pfn,
			      unsigned long mark, unsigned int alloc_flags)
{
	struct page *p = page_w(&sim->map, pfn);
	unsigned int order = p->order;
	int mt = (int)get_pcppage_migratetype(p);
	unsigned long nr = 1UL << order;
	struct free_area *area = &z->free_area[order];

	if (mt != MIGRATE_ISOLATE) {
		if (!zone_watermark_ok(z, 0, mark + nr, 0, alloc_flags))
			return 0;
		mod_zone_page_state(z, NR_FREE_PAGES, -(long)nr);
		if (mt == MIGRATE_CMA)
			mod_zone_page_state(z, NR_FREE_CMA_PAGES, -(long)nr);
	}
	/* list_del + nr_free-- + rmv_page_order, as buddy.c's area_del */
	list_del(&sim->map, (uint32_t)pfn);
	area->nr_free--;
	area->nr_free_mt[mt]--;
	p->flags &= (uint16_t)~PG_buddy;
	if (order >= pageblock_order - 1)
		for (unsigned long b = pfn; b < pfn + nr; b += pageblock_nr_pages) {
			int bmt = get_pfnblock_migratetype(sim, b);

			if (bmt != MIGRATE_ISOLATE && bmt != MIGRATE_CMA)
				set_pageblock_migratetype(sim, b, MIGRATE_MOVABLE);
		}
	/* split_page(): 2^order pages of order 0 */
	for (unsigned long i = 0; i < nr; i++) {
		struct page *q = page_w(&sim->map, pfn + i);

		q->flags = PG_head | PG_isolated;
		q->order = 0;
		q->private = 0;
	}
	return nr;
}

/* list_add() of each page in turn: the last one is the head */
bool compact_add_targets(struct compact_control *cc, unsigned long pfn, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		SIM_BUG_ON(cc->nr_freepages >= COMPACT_FREEPAGES_MAX);
		cc->freepages[cc->nr_freepages++] = pfn + i;
	}
	return cc->nr_migratepages <= cc->nr_freepages;
}

/*
 * Models: isolate_freepages_block() (v4.5, not strict).
 * Split free blocks from *start_pfn up to @end_pfn onto cc->freepages until
 * there are as many targets as pages to migrate; *start_pfn records where
 * it stopped. Allocated compound blocks are stepped over whole.
 */
static unsigned long isolate_freepages_block(struct sim *sim, struct compact_control *cc,
					     unsigned long *start_pfn, unsigned long end_pfn)
{
	unsigned long blockpfn = *start_pfn, nr_scanned = 0, total = 0, valid_pfn = PFN_NONE;
	unsigned long first = *start_pfn;

	for (; blockpfn < end_pfn; blockpfn++) {
		const struct page *p = &sim->map.pages[blockpfn];
		unsigned long isolated;

		if (!(blockpfn % SWAP_CLUSTER_MAX) && compact_fatal_signal(sim)) {
			cc->contended = COMPACT_CONTENDED_SCHED;
			break;
		}
		nr_scanned++;
		if (p->flags & PG_nomem)
			continue;
		if (valid_pfn == PFN_NONE)
			valid_pfn = blockpfn;
		if ((p->flags & PG_head) && p->order > 0) {
			blockpfn += (1UL << p->order) - 1;
			continue;
		}
		if (!(p->flags & PG_buddy))
			continue;
		isolated = split_free_page(sim, cc->zone, blockpfn,
					   cc->zone->watermark[WMARK_LOW], 0);
		if (!isolated)
			continue;
		total += isolated;
		if (compact_add_targets(cc, blockpfn, isolated)) {
			blockpfn += isolated;
			break;
		}
		blockpfn += isolated - 1;
	}
	if (blockpfn > end_pfn)
		blockpfn = end_pfn;
	*start_pfn = blockpfn;
	if (blockpfn == end_pfn)
		update_pageblock_skip(sim, cc, valid_pfn, total, false);
	cc->free_scanned += nr_scanned;
	count_vm_events(sim, COMPACTFREE_SCANNED, nr_scanned);
	count_vm_events(sim, COMPACTISOLATED, total);
	trace_isolate(sim, cc->zone, TRACE_mm_compaction_isolate_freepages, first, blockpfn,
		      nr_scanned, total);
	return total;
}

/*
 * Models: suitable_migration_target(): MOVABLE or CMA pageblocks, but not
 * one that is a whole free block already (breaking it up would undo what
 * compaction is for).
 */
static bool suitable_migration_target(const struct sim *sim, unsigned long pfn)
{
	const struct page *p = &sim->map.pages[pfn];

	if ((p->flags & PG_buddy) && p->order >= pageblock_order)
		return false;
	return migrate_async_suitable(get_pfnblock_migratetype(sim, pfn));
}

/*
 * Models: isolate_freepages() (v4.5).
 * Walk pageblocks down from cc->free_pfn while they lie above the migrate
 * scanner's pageblock, isolating until there is a target for every page to
 * migrate. cc->free_pfn records where to resume: inside the block if it
 * stopped there, else the start of the next block down.
 */
static void isolate_freepages(struct sim *sim, struct compact_control *cc)
{
	struct zone *z = cc->zone;
	unsigned long isolate_start = cc->free_pfn;
	unsigned long block_start = cc->free_pfn & ~(pageblock_nr_pages - 1);
	unsigned long block_end = block_start + pageblock_nr_pages;
	/* pageblock_end_pfn(cc->migrate_pfn) */
	unsigned long low_pfn = (cc->migrate_pfn + pageblock_nr_pages) & ~(pageblock_nr_pages - 1);

	if (block_end > zone_end_pfn(z))
		block_end = zone_end_pfn(z);
	for (; block_start >= low_pfn;
	     block_end = block_start, block_start -= pageblock_nr_pages, isolate_start = block_start) {
		if (!pageblock_in_zone(sim, z, block_start, block_end))
			continue;
		if (!suitable_migration_target(sim, block_start))
			continue;
		if (!isolation_suitable(sim, cc, block_start))
			continue;
		isolate_freepages_block(sim, cc, &isolate_start, block_end);
		if (cc->nr_freepages >= cc->nr_migratepages || cc->contended) {
			if (isolate_start >= block_end)
				isolate_start = block_start - pageblock_nr_pages;
			break;
		}
		SIM_BUG_ON(isolate_start < block_end);
	}
	cc->free_pfn = isolate_start;
}

unsigned long compaction_alloc_from(struct sim *sim, struct compact_control *cc,
				    void (*isolate)(struct sim *, struct compact_control *))
{
	if (!cc->nr_freepages) {
		if (!cc->contended)
			isolate(sim, cc);
		if (!cc->nr_freepages)
			return PFN_NONE;
	}
	return cc->freepages[--cc->nr_freepages];
}

/* Models: compaction_alloc(): the head of cc->freepages, refilled by the
 * free scanner when empty. */
unsigned long compaction_alloc(struct sim *sim, unsigned long pfn, void *private)
{
	(void)pfn;
	return compaction_alloc_from(sim, private, isolate_freepages);
}

int compact_migrate_batch(struct sim *sim, struct compact_control *cc, new_page_t get_new)
{
	unsigned long left = cc->nr_migratepages, migrated;
	struct trace_event *ev;
	int err;

	err = migrate_pages(sim, cc->migratepages, &left, get_new, compaction_free, cc, cc->mode,
			    &migrated);
	ev = trace_emit(sim, TRACE_mm_compaction_migratepages);
	ev->arg[1] = err >= 0 ? err : (long)left;
	ev->arg[0] = (long)cc->nr_migratepages - ev->arg[1];
	cc->nr_migrated += migrated;
	cc->nr_migrate_failed += cc->nr_migratepages - migrated - left;
	cc->nr_migratepages = 0;
	if (err)
		putback_movable_pages(sim, cc->migratepages, &left);
	return err;
}

/* Models: compaction_free(): an unused target goes back to the head. */
void compaction_free(struct sim *sim, unsigned long pfn, void *private)
{
	struct compact_control *cc = private;

	(void)sim;
	SIM_BUG_ON(cc->nr_freepages >= COMPACT_FREEPAGES_MAX);
	cc->freepages[cc->nr_freepages++] = pfn;
}

/* Models: release_freepages(): __free_page() each unused target (hot, to
 * this cpu's pcp list). */
unsigned long release_freepages(struct sim *sim, struct compact_control *cc)
{
	unsigned long high_pfn = 0;

	while (cc->nr_freepages) {
		unsigned long pfn = cc->freepages[--cc->nr_freepages];

		free_page_frame(sim, pfn, false);
		if (pfn > high_pfn)
			high_pfn = pfn;
	}
	return high_pfn;
}
