/* core/compaction_migrate_6_1.c - compaction's migrate scanner as Linux 6.1
 * runs it. Models mm/compaction.c (6.1.x stable, as Debian 12 ships it):
 * fast_find_migrateblock, move_freelist_tail, update_fast_start_pfn,
 * reinit_migrate_pfn, isolate_migratepages, suitable_migration_source,
 * pageblock_skip_persistent, isolate_migratepages_block,
 * test_and_set_skip, update_cached_migrate and too_many_isolated.
 *
 * What 6.1's migrate scanner does differently from v4.5's
 * (compaction_scan.c isolate_migratepages):
 *   fast search   a costly request (order > 3) whose scan starts at a
 *                 pageblock boundary first searches the MOVABLE free lists
 *                 of orders order-1 down to 3, from their heads, for a free
 *                 block below a mark (half the distance to the free
 *                 scanner at the zone start, an eighth later on) whose
 *                 pageblock is not marked skip: it marks that pageblock
 *                 skip and starts there. 6.1.x has the revert of "fix set
 *                 skip in fast_find_migrateblock", so the scan of that
 *                 block then stops at its first pfn (the skip bit it just
 *                 set): the scanner hops there and on, isolating nothing
 *                 (what the real traces show: runs that end far below
 *                 where they began). A failed search restarts the linear
 *                 scan at the lowest free block an earlier search found;
 *   sources       async direct compaction takes the blocks of the
 *                 request's migratetype only (MOVABLE or CMA for a
 *                 movable request); a pageblock that is one huge page is
 *                 never a source; a block passed over moves the cached
 *                 start past it;
 *   isolation     a block is marked skip when its first page is an LRU
 *                 page (test_and_set_skip: other compactors keep off);
 *                 free blocks are stepped over by their order, compound
 *                 pages by theirs; async direct compaction gives up an
 *                 order-aligned block at its first page that cannot be
 *                 isolated (skip_on_failure) and puts back what it took
 *                 there; isolation stops at 32 pages unless the block is
 *                 being rescanned (cc->rescan: the last batch came from
 *                 it), then it takes the rest of the block; a block
 *                 finished with nothing isolated (or rescanned) is marked
 *                 skip and the cached start moves past it
 *                 (update_cached_migrate: pageblock_end_pfn of the end,
 *                 one block further when the end is aligned, as 6.1 does);
 *                 only sync (not sync-light) migration takes pages under
 *                 writeback; GFP_NOFS requests take anonymous pages only.
 * SIMPLIFICATION: no lock contention, no need_resched(), no non-LRU
 * movable pages (zsmalloc, balloon), no check for pinned anonymous pages;
 * sync compaction with too many pages isolated goes on instead of
 * sleeping in congestion_wait() (as v4.5's).
 */
#include <errno.h>

#include "buddyscope/buddy.h"
#include "buddyscope/vmscan.h"
#include "compaction_internal.h"
#include "internal.h"

#define FAST_START_NONE		(~0UL)	/* cc->fast_start_pfn: used up */

static unsigned long pb_start(unsigned long pfn)
{
	return pfn & ~(pageblock_nr_pages - 1);
}

/* pageblock_end_pfn(): ALIGN(pfn + 1, pageblock): the next boundary above
 * @pfn, one block further when @pfn is a boundary itself */
static unsigned long pb_end(unsigned long pfn)
{
	return pb_start(pfn + pageblock_nr_pages);
}

static void set_skip(struct sim *sim, unsigned long pfn)
{
	*pageblock_flags_w(&sim->map, pfn) |= PB_migrate_skip;
}

/* Models: update_cached_migrate() (6.1). */
static void update_cached_migrate(struct compact_control *cc, unsigned long pfn)
{
	struct zone *z = cc->zone;

	pfn = pb_end(pfn);
	if (pfn > z->compact_cached_migrate_pfn[0])
		z->compact_cached_migrate_pfn[0] = pfn;
	if (cc->mode != MIGRATE_ASYNC && pfn > z->compact_cached_migrate_pfn[1])
		z->compact_cached_migrate_pfn[1] = pfn;
}

/* ---- fast_find_migrateblock ---- */

/* Models: move_freelist_tail(): the blocks up to and including @id go to
 * the list's tail, so a search from the head meets the others first. */
static void move_freelist_tail(struct memmap *m, uint32_t head, uint32_t id)
{
	uint32_t first = lnk(m, head)->next, last = lnk(m, head)->prev, after;

	if (id == first || id == last)
		return;
	after = lnk(m, id)->next;
	lnk_w(m, head)->next = after;
	lnk_w(m, after)->prev = head;
	lnk_w(m, last)->next = first;
	lnk_w(m, first)->prev = last;
	lnk_w(m, id)->next = head;
	lnk_w(m, head)->prev = id;
}

/* Models: update_fast_start_pfn(): the lowest free block a search found. */
static void update_fast_start_pfn(struct compact_control *cc, unsigned long pfn)
{
	if (cc->fast_start_pfn == FAST_START_NONE)
		return;
	if (!cc->fast_start_pfn || pfn < cc->fast_start_pfn)
		cc->fast_start_pfn = pfn;
}

/* Models: reinit_migrate_pfn(): after a failed search, once, the linear
 * scan restarts at that lowest free block. */
static unsigned long reinit_migrate_pfn(struct compact_control *cc)
{
	if (!cc->fast_start_pfn || cc->fast_start_pfn == FAST_START_NONE)
		return cc->migrate_pfn;
	cc->migrate_pfn = cc->fast_start_pfn;
	cc->fast_start_pfn = FAST_START_NONE;
	return cc->migrate_pfn;
}

/*
 * Models: fast_find_migrateblock() (6.1.x). Return: where the migrate
 * scanner looks next. E.g. migrate_pfn 0x1b600, free_pfn 0x3fe00: the mark
 * is pageblock_start(0x1b600 + (0x24800 >> 1 >> 2)) = 0x1fe00, and an
 * order-5 free block at 0x8430 sends the scanner to 0x8400.
 */
static unsigned long fast_find_migrateblock(struct sim *sim, struct compact_control *cc)
{
	struct zone *z = cc->zone;
	unsigned int limit = freelist_scan_limit(cc), nr_scanned = 0;
	unsigned long pfn = cc->migrate_pfn, distance, high_pfn;
	bool found = false;

	if (cc->ignore_skip_hint)
		return pfn;
	if (pfn != z->zone_start_pfn && pfn != pb_start(pfn))
		return pfn;	/* a scan resumed inside a block */
	if (cc->order <= PAGE_ALLOC_COSTLY_ORDER)
		return pfn;
	if (cc->direct_compaction && cc->migratetype != MIGRATE_MOVABLE)
		return pfn;
	distance = (cc->free_pfn - cc->migrate_pfn) >> 1;
	if (cc->migrate_pfn != z->zone_start_pfn)
		distance >>= 2;
	high_pfn = pb_start(cc->migrate_pfn + distance);

	for (int order = cc->order - 1;
	     order >= PAGE_ALLOC_COSTLY_ORDER && !found && nr_scanned < limit; order--) {
		struct free_area *area = &z->free_area[order];
		uint32_t head = area->free_list[MIGRATE_MOVABLE], id;

		if (!area->nr_free)
			continue;
		for (id = lnk(&sim->map, head)->next; id != head; id = lnk(&sim->map, id)->next) {
			if (nr_scanned++ >= limit) {
				move_freelist_tail(&sim->map, head, id);
				break;
			}
			if (id >= high_pfn || pageblock_skip(sim, id))
				continue;
			move_freelist_tail(&sim->map, head, id);
			update_fast_start_pfn(cc, id);
			pfn = pb_start(id);
			cc->fast_search_fail = 0;
			found = true;
			set_skip(sim, id);
			break;
		}
	}
	cc->migrate_scanned += nr_scanned;
	count_vm_events(sim, COMPACTMIGRATE_SCANNED, nr_scanned);
	if (!found) {
		cc->fast_search_fail++;
		pfn = reinit_migrate_pfn(cc);
	}
	return pfn;
}

/* ---- isolate_migratepages_block ---- */

/* Models: too_many_isolated() (6.1, by node): reclaim and compaction
 * together hold more than half of the node's LRU pages off their lists. */
static bool too_many_isolated(const struct pglist_data *pgdat)
{
	unsigned long lru = 0, isolated = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &pgdat->node_zones[i];

		lru += zone_page_state(z, NR_INACTIVE_FILE) + zone_page_state(z, NR_INACTIVE_ANON) +
		       zone_page_state(z, NR_ACTIVE_FILE) + zone_page_state(z, NR_ACTIVE_ANON);
		isolated += zone_page_state(z, NR_ISOLATED_FILE) +
			    zone_page_state(z, NR_ISOLATED_ANON);
	}
	return isolated > lru / 2;
}

/* The LRU page at @p may be isolated for @cc (6.1's checks in
 * isolate_migratepages_block with isolate_mode ISOLATE_UNEVICTABLE, and
 * ISOLATE_ASYNC_MIGRATE unless MIGRATE_SYNC). Dirty pages pass: the page
 * cache and anonymous memory migrate without blocking. */
static bool lru_isolatable_6_1(const struct compact_control *cc, const struct page *p)
{
	if (!(p->flags & PG_lru))
		return false;
	if (!(cc->gfp_mask & GFP_F_FS) && !(p->flags & PG_swapbacked))
		return false;	/* GFP_NOFS: anonymous pages only */
	if (cc->mode != MIGRATE_SYNC && (p->flags & PG_writeback))
		return false;
	return true;
}

/* Models: test_and_set_skip() (6.1): when the first page taken sits at
 * the block's start, mark the block (unless the hints are ignored).
 * Return: it was marked already. */
static bool test_and_set_skip(struct sim *sim, const struct compact_control *cc,
			      unsigned long pfn)
{
	bool skip;

	if (cc->ignore_skip_hint || pfn != pb_start(pfn))
		return false;
	skip = pageblock_skip(sim, pfn);
	if (!skip)
		set_skip(sim, pfn);
	return skip;
}

static void isolate_one(struct sim *sim, struct compact_control *cc, unsigned long pfn)
{
	const struct page *p = &sim->map.pages[pfn];

	del_page_from_lru(sim, pfn);
	page_w(&sim->map, pfn)->flags |= PG_isolated;
	mod_zone_page_state(cc->zone, (p->flags & PG_swapbacked) ? NR_ISOLATED_ANON :
			    NR_ISOLATED_FILE, 1);
	cc->migratepages[cc->nr_migratepages++] = pfn;
}

/*
 * Models: isolate_migratepages_block() (6.1) on [low_pfn, end_pfn) of one
 * pageblock. cc->migrate_pfn is where it stopped. Return: 0, -EAGAIN (too
 * many isolated) or -EINTR (a fatal signal).
 * SIMPLIFICATION: every allocated block of order > 0 counts as compound.
 */
static int isolate_migratepages_block_6_1(struct sim *sim, struct compact_control *cc,
					  unsigned long low_pfn, unsigned long end_pfn)
{
	struct zone *z = cc->zone;
	unsigned long start_pfn = low_pfn, nr_scanned = 0, nr_isolated = 0;
	unsigned long valid_pfn = PFN_NONE, next_skip_pfn = 0, size = 1UL << (cc->order > 0 ? cc->order : 0);
	bool skip_on_failure = false, skip_updated = false;
	int ret = 0;

	cc->migrate_pfn = low_pfn;
	if (too_many_isolated(z->zone_pgdat) && (cc->nr_migratepages || cc->mode == MIGRATE_ASYNC))
		return -EAGAIN;
	if (cc->direct_compaction && cc->mode == MIGRATE_ASYNC) {
		skip_on_failure = true;
		next_skip_pfn = (low_pfn + size) & ~(size - 1);
	}
	for (; low_pfn < end_pfn; low_pfn++) {
		const struct page *p = &sim->map.pages[low_pfn];

		if (skip_on_failure && low_pfn >= next_skip_pfn) {
			if (nr_isolated)
				break;	/* a whole order-aligned block: migrate it */
			next_skip_pfn = (low_pfn + size) & ~(size - 1);
		}
		if (!(low_pfn % SWAP_CLUSTER_MAX) && compact_fatal_signal(sim)) {
			cc->contended = COMPACT_CONTENDED_SCHED;
			ret = -EINTR;
			goto fatal_pending;
		}
		nr_scanned++;
		if (valid_pfn == PFN_NONE && low_pfn == pb_start(low_pfn)) {
			if (!cc->ignore_skip_hint && pageblock_skip(sim, low_pfn)) {
				low_pfn = end_pfn;
				goto isolate_abort;
			}
			valid_pfn = low_pfn;
		}
		if (p->flags & PG_buddy) {
			if (p->order > 0 && p->order < MAX_ORDER)
				low_pfn += (1UL << p->order) - 1;
			continue;
		}
		if ((p->flags & PG_head) && p->order > 0 && !(p->flags & PG_nomem)) {
			if (p->order < MAX_ORDER)
				low_pfn += (1UL << p->order) - 1;
			goto isolate_fail;
		}
		if ((p->flags & PG_nomem) || !lru_isolatable_6_1(cc, p))
			goto isolate_fail;
		if (!skip_updated) {	/* the lru_lock taken for the first time */
			skip_updated = true;
			if (test_and_set_skip(sim, cc, low_pfn))
				goto isolate_abort;
		}
		isolate_one(sim, cc, low_pfn);
		nr_isolated++;
		if (cc->nr_migratepages >= COMPACT_CLUSTER_MAX && !cc->rescan) {
			low_pfn++;
			break;
		}
		continue;
isolate_fail:
		if (!skip_on_failure)
			continue;
		/* async direct: this order-aligned block cannot be freed whole */
		if (nr_isolated) {
			putback_movable_pages(sim, cc->migratepages, &cc->nr_migratepages);
			nr_isolated = 0;
		}
		if (low_pfn < next_skip_pfn) {
			low_pfn = next_skip_pfn - 1;
			next_skip_pfn += size;
		}
	}
	if (low_pfn > end_pfn)
		low_pfn = end_pfn;
isolate_abort:
	if (low_pfn == end_pfn && (!nr_isolated || cc->rescan)) {
		if (valid_pfn != PFN_NONE && !skip_updated)
			set_skip(sim, valid_pfn);
		update_cached_migrate(cc, low_pfn);
	}
	trace_isolate(sim, z, TRACE_mm_compaction_isolate_migratepages, start_pfn, low_pfn,
		      nr_scanned, nr_isolated);
fatal_pending:
	cc->migrate_scanned += nr_scanned;
	count_vm_events(sim, COMPACTMIGRATE_SCANNED, nr_scanned);
	count_vm_events(sim, COMPACTISOLATED, nr_isolated);
	cc->migrate_pfn = low_pfn;
	return ret;
}

/* ---- isolate_migratepages ---- */

/* Models: pageblock_skip_persistent(): the block is one huge page. */
static bool pageblock_skip_persistent(const struct sim *sim, unsigned long pfn)
{
	const struct page *p = &sim->map.pages[pfn];

	return (p->flags & PG_head) && !(p->flags & PG_buddy) && p->order >= pageblock_order;
}

/* Models: suitable_migration_source() (6.1). */
static bool suitable_migration_source(const struct sim *sim, const struct compact_control *cc,
				      unsigned long pfn)
{
	int mt;

	if (pageblock_skip_persistent(sim, pfn))
		return false;
	if (cc->mode != MIGRATE_ASYNC || !cc->direct_compaction)
		return true;
	mt = get_pfnblock_migratetype(sim, pfn);
	if (cc->migratetype == MIGRATE_MOVABLE)
		return migrate_async_suitable(mt);
	return mt == cc->migratetype;
}

/*
 * Models: isolate_migratepages() (6.1): from where fast_find_migrateblock()
 * says, the first pageblock below the free scanner worth scanning; one
 * block a call, whether it yields pages or not.
 */
enum isolate_migrate isolate_migratepages_6_1(struct sim *sim, struct compact_control *cc)
{
	struct zone *z = cc->zone;
	unsigned long low_pfn = fast_find_migrateblock(sim, cc);
	unsigned long block_start = pb_start(low_pfn), block_end = pb_end(low_pfn);
	/* the block the search marked skip is scanned all the same here */
	bool fast_find_block = low_pfn != cc->migrate_pfn && !cc->fast_search_fail;

	if (block_start < z->zone_start_pfn)
		block_start = z->zone_start_pfn;
	for (; block_end <= cc->free_pfn;
	     fast_find_block = false, cc->migrate_pfn = low_pfn = block_end,
	     block_start = block_end, block_end += pageblock_nr_pages) {
		if (!pageblock_in_zone(sim, z, block_start, block_end))
			continue;
		if (low_pfn == pb_start(low_pfn) && !fast_find_block && !cc->ignore_skip_hint &&
		    pageblock_skip(sim, block_start))
			continue;
		if (!suitable_migration_source(sim, cc, block_start)) {
			update_cached_migrate(cc, block_end);
			continue;
		}
		if (isolate_migratepages_block_6_1(sim, cc, low_pfn, block_end))
			return ISOLATE_ABORT;
		break;
	}
	return cc->nr_migratepages ? ISOLATE_SUCCESS : ISOLATE_NONE;
}
