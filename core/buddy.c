/* core/buddy.c - the buddy free lists of one zone.
 * Models mm/page_alloc.c (v4.5): __rmqueue_smallest, expand, __rmqueue,
 * __rmqueue_fallback, steal_suitable_fallback, move_freepages_block,
 * __free_one_page, reserve/unreserve_highatomic_pageblock.
 *
 * A free block is its first page: PG_buddy, ->order, and the list it sits
 * on in the cached-migratetype bits (so nr_free_mt stays exact when a block
 * is unlinked from wherever it is). Interior pages carry nothing.
 *
 *   order-3 block at pfn 0x1000, take order 0 (expand keeps the low part):
 *   [0x1000 taken][0x1001 o0][0x1002-3 o1][0x1004-7 o2]
 */
#include "buddyscope/buddy.h"

#include "internal.h"
#include "buddy_fast.h"

/* ---- pageblock flags ---- */

int get_pfnblock_migratetype(const struct sim *sim, unsigned long pfn)
{
	if (pfn >= sim->map.max_pfn)
		return MIGRATE_TYPES;	/* refused: no such page */
	return pfnblock_migratetype(sim, pfn);
}

/* Models: set_pageblock_migratetype(). With mobility grouping off every
 * pcp type becomes UNMOVABLE, as in the kernel. */
void set_pageblock_migratetype(struct sim *sim, unsigned long pfn, int mt)
{
	uint8_t *pb;

	if (pfn >= sim->map.max_pfn || mt < 0 || mt >= MIGRATE_TYPES)
		return;		/* refused: no such page or type */
	pb = pageblock_flags_w(&sim->map, pfn);
	if (sim->page_group_by_mobility_disabled && mt < MIGRATE_PCPTYPES)
		mt = MIGRATE_UNMOVABLE;
	*pb = (uint8_t)((*pb & ~PB_migrate_mask) | (unsigned int)mt);
}

/* ---- free_area list helpers (area_add, area_del, expand: buddy_fast.h) ---- */

/* list_move (4.5: the head) or list_move_tail (6.1's move_to_free_list)
 * of the free block at @pfn to @mt's list at its order */
void move_to_free_list(struct sim *sim, struct zone *z, unsigned long pfn, int mt, bool tail)
{
	struct page *p = page_w(&sim->map, pfn);
	struct free_area *area = &z->free_area[p->order];

	list_del(&sim->map, (uint32_t)pfn);
	area->nr_free_mt[get_pcppage_migratetype(p)]--;
	if (tail)
		list_add_tail(&sim->map, (uint32_t)pfn, area->free_list[mt]);
	else
		list_add(&sim->map, (uint32_t)pfn, area->free_list[mt]);
	area->nr_free_mt[mt]++;
	set_pcppage_migratetype(p, (unsigned int)mt);
}

/* Models: __rmqueue_smallest() (buddy_fast.h), for callers outside the hot paths. */
unsigned long rmqueue_smallest(struct sim *sim, struct zone *z, unsigned int order, int mt)
{
	return rmqueue_smallest_inline(sim, z, order, mt);
}

/* fallbacks[] (v4.5): where each type looks when its own lists are empty */
static const int fallbacks[MIGRATE_TYPES][3] = {
	[MIGRATE_UNMOVABLE]	= { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE, MIGRATE_TYPES },
	[MIGRATE_RECLAIMABLE]	= { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE, MIGRATE_TYPES },
	[MIGRATE_MOVABLE]	= { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, MIGRATE_TYPES },
	[MIGRATE_HIGHATOMIC]	= { MIGRATE_TYPES },
	[MIGRATE_CMA]		= { MIGRATE_TYPES },
	[MIGRATE_ISOLATE]	= { MIGRATE_TYPES },
};

/*
 * Models: can_steal_fallback(). A block of at least half a pageblock is
 * worth stealing for anyone; unmovable and reclaimable requests steal
 * always, since their pages pin a block anyway.
 */
static bool can_steal_fallback(const struct sim *sim, unsigned int order, int start_mt)
{
	if (order >= pageblock_order)
		return true;
	return order >= pageblock_order / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE || sim->page_group_by_mobility_disabled;
}

/* Models: find_suitable_fallback(). Return: the type to take from, or -1. */
int find_suitable_fallback(const struct sim *sim, const struct zone *z, unsigned int order,
			   int migratetype, bool only_stealable, bool *can_steal)
{
	const struct free_area *area;

	*can_steal = false;
	if (order >= MAX_ORDER || migratetype < 0 || migratetype >= MIGRATE_TYPES)
		return -1;	/* refused: no such order or fallback list */
	area = &z->free_area[order];
	if (area->nr_free == 0)
		return -1;
	for (int i = 0; fallbacks[migratetype][i] != MIGRATE_TYPES; i++) {
		int fmt = fallbacks[migratetype][i];

		if (area->nr_free_mt[fmt] == 0)
			continue;
		if (can_steal_fallback(sim, order, migratetype))
			*can_steal = true;
		if (!only_stealable || *can_steal)
			return fmt;
	}
	return -1;
}

/*
 * Models: move_freepages_block() + move_freepages().
 * Move every free block inside @pfn's pageblock to @mt's lists. If the
 * pageblock starts before the zone, start at @pfn; if it ends after the zone,
 * move nothing. Return: pages moved.
 */
unsigned long move_freepages_block(struct sim *sim, struct zone *z, unsigned long pfn, int mt)
{
	unsigned long start = pfn & ~(pageblock_nr_pages - 1);
	unsigned long end = start + pageblock_nr_pages - 1;
	unsigned long moved = 0;

	if (!zone_spans_pfn(z, start))
		start = pfn;
	if (!zone_spans_pfn(z, end))
		return 0;
	for (unsigned long p = start; p <= end;) {
		const struct page *page = &sim->map.pages[p];

		if (!(page->flags & PG_buddy)) {
			p++;
			continue;
		}
		move_to_free_list(sim, z, p, mt, false);
		moved += 1UL << page->order;
		p += 1UL << page->order;
	}
	return moved;
}

/*
 * Models: steal_suitable_fallback().
 * A whole pageblock (or more) changes owner outright. A smaller block
 * drags its pageblock's free pages onto our lists, and the pageblock itself
 * changes type only if at least half of it was free ("claim").
 */
static void steal_suitable_fallback(struct sim *sim, struct zone *z, unsigned long pfn,
				    int start_type)
{
	unsigned int cur = sim->map.pages[pfn].order;
	unsigned long pages;

	if (cur >= pageblock_order) {
		/* change_pageblock_range() */
		for (unsigned long n = 1UL << (cur - pageblock_order); n; n--) {
			set_pageblock_migratetype(sim, pfn, start_type);
			pfn += pageblock_nr_pages;
		}
		return;
	}
	pages = move_freepages_block(sim, z, pfn, start_type);
	if (pages >= (1UL << (pageblock_order - 1)) || sim->page_group_by_mobility_disabled)
		set_pageblock_migratetype(sim, pfn, start_type);
}

/*
 * Models: __rmqueue_fallback().
 * Take the largest block of another type, so that one steal brings as much
 * as possible into our type and fragments as few pageblocks as possible.
 */
static __attribute__((noinline)) unsigned long rmqueue_fallback(struct sim *sim, struct zone *z,
								 unsigned int order, int start_mt)
{
	for (int cur = MAX_ORDER - 1; cur >= (int)order; cur--) {
		bool can_steal;
		int fmt = find_suitable_fallback(sim, z, (unsigned int)cur, start_mt, false,
						 &can_steal);
		unsigned long pfn;
		struct trace_event *ev;

		if (fmt == -1)
			continue;
		pfn = list_first(sim, z->free_area[cur].free_list[fmt]);
		if (can_steal)
			steal_suitable_fallback(sim, z, pfn, start_mt);
		area_del(sim, z, pfn);
		expand(sim, z, pfn, order, (unsigned int)cur, start_mt);
		set_pcppage_migratetype(page_w(&sim->map, pfn), (unsigned int)start_mt);

		ev = trace_emit(sim, TRACE_mm_page_alloc_extfrag);
		ev->nid = (uint8_t)z->zone_pgdat->node_id;	/* every zone has its node */
		ev->zid = z->zid;
		ev->pfn = pfn;
		ev->order = (uint8_t)order;
		ev->migratetype = (uint8_t)start_mt;
		ev->arg[0] = cur;
		ev->arg[1] = fmt;
		ev->arg[2] = get_pfnblock_migratetype(sim, pfn) == start_mt;
		return pfn;
	}
	return PFN_NONE;
}

/* Models: __rmqueue(). Own type, then CMA for movable, then steal. */
unsigned long rmqueue(struct sim *sim, struct zone *z, unsigned int order, int mt)
{
	unsigned long pfn = rmqueue_smallest_inline(sim, z, order, mt);
	struct trace_event *ev;

	if (pfn == PFN_NONE) {
		if (mt == MIGRATE_MOVABLE)	/* __rmqueue_cma_fallback */
			pfn = rmqueue_smallest(sim, z, order, MIGRATE_CMA);
		if (pfn == PFN_NONE)
			pfn = rmqueue_fallback(sim, z, order, mt);
	}
	ev = trace_page(sim, TRACE_mm_page_alloc_zone_locked, z, pfn, order, mt);
	if (trace_wanted(sim))
		ev->arg[0] = order == 0;
	return pfn;
}

/* Models: __free_one_page() and free_one_page(): buddy_fast.h. */
unsigned int free_one_page(struct sim *sim, struct zone *z, unsigned long pfn,
			   unsigned int order, int mt)
{
	return free_one_page_inline(sim, z, pfn, order, mt);
}

/*
 * Models: reserve_highatomic_pageblock().
 * After a high-order ALLOC_HARDER allocation, keep its pageblock for
 * further atomic high-order requests, up to 1% of the zone plus a pageblock.
 */
void reserve_highatomic_pageblock(struct sim *sim, struct zone *z, unsigned long pfn)
{
	unsigned long max_managed = z->managed_pages / 100 + pageblock_nr_pages;
	int mt;

	if (z->nr_reserved_highatomic >= max_managed)
		return;
	mt = get_pfnblock_migratetype(sim, pfn);
	if (mt != MIGRATE_HIGHATOMIC && mt != MIGRATE_ISOLATE && mt != MIGRATE_CMA) {
		z->nr_reserved_highatomic += pageblock_nr_pages;
		set_pageblock_migratetype(sim, pfn, MIGRATE_HIGHATOMIC);
		move_freepages_block(sim, z, pfn, MIGRATE_HIGHATOMIC);
	}
}

/*
 * Models: unreserve_highatomic_pageblock() for one zone of the caller's
 * zonelist walk. Always keep one reserved pageblock; release the pageblock
 * of the lowest-order free HIGHATOMIC block to @mt, one pageblock a call.
 */
bool unreserve_highatomic_pageblock(struct sim *sim, struct zone *z, int mt)
{
	if (z->nr_reserved_highatomic <= pageblock_nr_pages)
		return false;
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		struct free_area *area = &z->free_area[o];
		unsigned long pfn;

		if (area->nr_free_mt[MIGRATE_HIGHATOMIC] == 0)
			continue;
		pfn = list_first(sim, area->free_list[MIGRATE_HIGHATOMIC]);
		z->nr_reserved_highatomic -= z->nr_reserved_highatomic < pageblock_nr_pages ?
					     z->nr_reserved_highatomic : pageblock_nr_pages;
		set_pageblock_migratetype(sim, pfn, mt);
		move_freepages_block(sim, z, pfn, mt);
		return true;
	}
	return false;
}

/*
 * The free block that holds @pfn, or PFN_NONE: its head and order. Free
 * blocks are aligned to their size, so the head is @pfn rounded down to
 * some order whose page is PageBuddy of at least that order.
 */
unsigned long buddy_block_of(const struct sim *sim, const struct zone *z, unsigned long pfn,
			     unsigned int *order)
{
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		unsigned long head = pfn & ~((1UL << o) - 1);
		const struct page *p;

		if (head < z->zone_start_pfn)
			break;
		p = &sim->map.pages[head];
		if ((p->flags & PG_buddy) && p->order >= o && page_zone_id(p) == z->id &&
		    head + (1UL << p->order) > pfn) {
			*order = p->order;
			return head;
		}
	}
	return PFN_NONE;
}

/*
 * Models the split in mm/page_alloc.c expand() for a block taken from the
 * middle of a larger one, as take_page_off_buddy() (v5.x) does for one page:
 * the free block @head holding [@pfn, @pfn + 2^@order) (buddy_block_of()'s
 * answer, looked up by the caller) is unlinked and halved down,
 * each half that does not hold the target going back on the same list.
 * Trace replay uses it to take the block a real kernel handed out.
 * Return: the migratetype of the list it came from, or -1 if the range is
 * not inside one free block. NR_FREE_PAGES is not changed (the caller
 * accounts, as for rmqueue_smallest).
 */
int buddy_take_at(struct sim *sim, struct zone *z, unsigned long head, unsigned int cur,
		  unsigned long pfn, unsigned int order)
{
	int mt;

	if (head == PFN_NONE || cur < order || (pfn & ((1UL << order) - 1)) || pfn < head ||
	    pfn + (1UL << order) > head + (1UL << cur))
		return -1;
	mt = (int)get_pcppage_migratetype(&sim->map.pages[head]);
	area_del(sim, z, head);
	while (cur > order) {
		unsigned long half = 1UL << --cur;

		if (pfn < head + half) {
			area_add(sim, z, head + half, cur, mt, false);
		} else {
			area_add(sim, z, head, cur, mt, false);
			head += half;
		}
	}
	set_pcppage_migratetype(page_w(&sim->map, pfn), (unsigned int)mt);
	return mt;
}
