/* core/buddy_6_1.c - the free lists under Linux 6.1: taking, falling back,
 * stealing with watermark boosting, and the highatomic reserve.
 * Models mm/page_alloc.c (6.1.y): rmqueue_buddy, rmqueue_bulk, __rmqueue,
 * __rmqueue_fallback, steal_suitable_fallback, boost_watermark,
 * move_freepages_block, reserve_highatomic_pageblock,
 * unreserve_highatomic_pageblock.
 *
 * Splitting, merging and the free lists themselves are the shared buddy.c
 * (__rmqueue_smallest, expand and __free_one_page did not change in a way
 * the model sees). What 6.1 changed is how a request takes another type's
 * block: it never splits a whole pageblock for a small request while a
 * local zone could serve it without (ALLOC_NOFRAGMENT), a movable request
 * that may not steal takes the smallest foreign block instead of the
 * largest, the pageblock is claimed when free plus "alike" pages reach half
 * of it, and every fallback below pageblock_order raises the zone's
 * watermark boost so that kswapd reclaims and kcompactd compacts.
 */
#include "buddyscope/buddy.h"

#include "buddyscope/page_alloc.h"
#include "buddy_fast.h"
#include "internal.h"
#include "page_alloc_6_1.h"

/* fallbacks[] (6.1): the same three rows as 4.5 */
static const int fallbacks_6_1[MIGRATE_PCPTYPES][2] = {
	[MIGRATE_UNMOVABLE]	= { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE]	= { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE]	= { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

/* Models: __rmqueue_smallest() (6.1), which traces
 * mm_page_alloc_zone_locked itself on success, percpu_refill when the page
 * is bound for a pcp list. The event's fields are filled only for a reader
 * (trace_page: while nobody reads, the sequence moves on and that is all). */
static inline __attribute__((always_inline)) unsigned long
smallest_traced(struct sim *sim, struct zone *z, unsigned int order, int mt)
{
	unsigned long pfn = rmqueue_smallest_inline(sim, z, order, mt);
	struct trace_event *ev;

	if (pfn == PFN_NONE)
		return pfn;
	ev = trace_page(sim, TRACE_mm_page_alloc_zone_locked, z, pfn, order, mt);
	if (trace_wanted(sim))
		ev->arg[0] = pcp_allowed_order(order) && mt < MIGRATE_PCPTYPES;
	return pfn;
}

unsigned long rmqueue_smallest_traced(struct sim *sim, struct zone *z, unsigned int order, int mt)
{
	return smallest_traced(sim, z, order, mt);
}

/*
 * Models: move_freepages_block() + move_freepages() (6.1): every free block
 * of @pfn's pageblock goes to the tail of @mt's list; *num_movable counts
 * the in-use pages that could move (on an LRU). Return: pages moved.
 */
static unsigned long move_freepages_block_6_1(struct sim *sim, struct zone *z, unsigned long pfn,
					      int mt, unsigned long *num_movable)
{
	unsigned long start = pfn & ~(pageblock_nr_pages - 1);
	unsigned long end = start + pageblock_nr_pages - 1, moved = 0;

	if (num_movable)
		*num_movable = 0;
	if (!zone_spans_pfn(z, start))
		start = pfn;
	if (!zone_spans_pfn(z, end))
		return 0;
	for (unsigned long p = start; p <= end;) {
		const struct page *page = &sim->map.pages[p];

		if (!(page->flags & PG_buddy)) {
			if (num_movable && (page->flags & PG_lru))
				(*num_movable)++;
			p++;
			continue;
		}
		unsigned long size = 1UL << page->order;

		move_to_free_list(sim, z, p, mt, true);
		moved += size;
		p += size;
	}
	return moved;
}

/* can_steal_fallback() (6.1, unchanged since 4.5) */
static bool can_steal_fallback_6_1(const struct sim *sim, unsigned int order, int start_mt)
{
	return order >= pageblock_order / 2 || start_mt == MIGRATE_RECLAIMABLE ||
	       start_mt == MIGRATE_UNMOVABLE || sim->page_group_by_mobility_disabled;
}

/* Models: find_suitable_fallback() (6.1). Return: the type, or -1. */
static int find_fallback_6_1(const struct sim *sim, const struct zone *z, unsigned int order,
			     int mt, bool *can_steal)
{
	const struct free_area *area = &z->free_area[order];

	*can_steal = false;
	if (!area->nr_free)
		return -1;
	for (int i = 0; i < 2; i++) {
		int fmt = fallbacks_6_1[mt][i];

		if (!area->nr_free_mt[fmt])
			continue;
		*can_steal = can_steal_fallback_6_1(sim, order, mt);
		return fmt;
	}
	return -1;
}

/*
 * Models: boost_watermark() (6.1). Raise the zone's boost by a pageblock,
 * up to watermark_boost_factor/10000 of the high mark (at least one
 * pageblock), unless the factor is 0 or the zone is under four pageblocks.
 * E.g. DMA32 high 16629, factor 15000: max 24943; each fallback adds 512.
 */
static bool boost_watermark(struct sim *sim, struct zone *z)
{
	unsigned long max_boost;

	if (!sim->vm.watermark_boost_factor)
		return false;
	if (pageblock_nr_pages * 4 > z->managed_pages)
		return false;
	max_boost = mult_frac(z->watermark[WMARK_HIGH],
			      (unsigned long)sim->vm.watermark_boost_factor, 10000);
	if (!max_boost)
		return false;
	if (max_boost < pageblock_nr_pages)
		max_boost = pageblock_nr_pages;
	z->watermark_boost += pageblock_nr_pages;
	if (z->watermark_boost > max_boost)
		z->watermark_boost = max_boost;
	return true;
}

/*
 * Models: steal_suitable_fallback() (6.1). A block of pageblock_order or
 * more changes owner whole. A smaller one boosts the watermark (and, if the
 * request may wake kswapd, flags the zone so rmqueue wakes it); if the
 * request may steal, the pageblock's free pages come along and the
 * pageblock is claimed when free + alike pages >= 256: alike are the
 * movable in-use pages for a movable request, for others the non-movable
 * in-use pages of a movable block (of an unmovable/reclaimable block: none).
 */
static void steal_suitable_fallback_6_1(struct sim *sim, struct zone *z, unsigned long pfn,
					unsigned int alloc_flags, int start_type, bool whole_block)
{
	unsigned int cur = sim->map.pages[pfn].order;
	int old_type = get_pfnblock_migratetype(sim, pfn);
	unsigned long free_pages, movable, alike;

	if (old_type == MIGRATE_HIGHATOMIC)
		goto single_page;
	if (cur >= pageblock_order) {
		for (unsigned long n = 1UL << (cur - pageblock_order), p = pfn; n; n--) {
			set_pageblock_migratetype(sim, p, start_type);
			p += pageblock_nr_pages;
		}
		goto single_page;
	}
	if (boost_watermark(sim, z) && (alloc_flags & ALLOC_KSWAPD))
		z->flags |= 1UL << ZONE_BOOSTED_WATERMARK;
	if (!whole_block)
		goto single_page;
	free_pages = move_freepages_block_6_1(sim, z, pfn, start_type, &movable);
	if (start_type == MIGRATE_MOVABLE)
		alike = movable;
	else if (old_type == MIGRATE_MOVABLE)
		alike = pageblock_nr_pages - (free_pages + movable);
	else
		alike = 0;
	if (!free_pages)
		goto single_page;
	if (free_pages + alike >= (1UL << (pageblock_order - 1)) ||
	    sim->page_group_by_mobility_disabled)
		set_pageblock_migratetype(sim, pfn, start_type);
	return;
single_page:
	move_to_free_list(sim, z, pfn, start_type, true);
}

/*
 * Models: __rmqueue_fallback() (6.1). Largest foreign block first (at
 * least pageblock_order under ALLOC_NOFRAGMENT), except that a movable
 * request that may not steal takes the smallest one. The block moves to
 * the requester's list; the caller takes it from there. Return: found.
 */
static bool rmqueue_fallback_6_1(struct sim *sim, struct zone *z, unsigned int order,
				 int start_mt, unsigned int alloc_flags)
{
	int min_order = (int)order, cur, fmt = -1;
	bool can_steal = false;
	unsigned long pfn;
	struct trace_event *ev;

	if (order < pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = pageblock_order;
	for (cur = MAX_ORDER - 1; cur >= min_order; cur--) {
		fmt = find_fallback_6_1(sim, z, (unsigned int)cur, start_mt, &can_steal);
		if (fmt < 0)
			continue;
		/* can_steal is false only for a movable request (can_steal_fallback):
		 * the kernel's "start_migratetype == MIGRATE_MOVABLE" always holds */
		if (!can_steal && cur > (int)order) {
			/* find_smallest: one is found by order cur at the latest, so
			 * the kernel's VM_BUG_ON(current_order == MAX_ORDER) cannot fire */
			for (cur = (int)order;
			     (fmt = find_fallback_6_1(sim, z, (unsigned int)cur, start_mt,
						      &can_steal)) < 0; cur++)
				;
		}
		break;
	}
	if (fmt < 0)
		return false;
	pfn = lnk(&sim->map, z->free_area[cur].free_list[fmt])->next;
	steal_suitable_fallback_6_1(sim, z, pfn, alloc_flags, start_mt, can_steal);
	ev = trace_page(sim, TRACE_mm_page_alloc_extfrag, z, pfn, order, start_mt);
	ev->arg[0] = cur;
	ev->arg[1] = fmt;
	ev->arg[2] = get_pfnblock_migratetype(sim, pfn) == start_mt;
	return true;
}

/*
 * Models: __rmqueue() (6.1). With CONFIG_CMA and ALLOC_CMA (a movable
 * request on a machine with a CMA area: page_alloc_6_1.h) the CMA lists
 * come first while free CMA pages are over half the zone's free pages
 * ("balance movable allocations between regular and CMA areas"), and
 * again when our own lists are empty (__rmqueue_cma_fallback), before a
 * fallback moves a foreign block to our lists. fallbacks_6_1[] has no
 * CMA column: no request steals a CMA pageblock. Without ALLOC_CMA: our
 * own lists, then the fallback. Inline in rmqueue_buddy() and
 * rmqueue_bulk() below: no call on a buddy take that its own list serves.
 */
static inline __attribute__((always_inline)) unsigned long
rmqueue_inline(struct sim *sim, struct zone *z, unsigned int order, int mt,
	       unsigned int alloc_flags)
{
	unsigned long pfn;

	if ((alloc_flags & ALLOC_CMA) &&
	    z->vm_stat[NR_FREE_CMA_PAGES] > z->vm_stat[NR_FREE_PAGES] / 2) {
		pfn = smallest_traced(sim, z, order, MIGRATE_CMA);
		if (pfn != PFN_NONE)
			return pfn;
	}
	for (;;) {
		pfn = smallest_traced(sim, z, order, mt);
		if (pfn != PFN_NONE)
			return pfn;
		if (alloc_flags & ALLOC_CMA) {
			pfn = smallest_traced(sim, z, order, MIGRATE_CMA);
			if (pfn != PFN_NONE)
				return pfn;
		}
		if (!rmqueue_fallback_6_1(sim, z, order, mt, alloc_flags))
			return PFN_NONE;
	}
}

/*
 * Models: rmqueue_bulk() (6.1): up to @count blocks of @order under one
 * zone->lock, each added at the tail (a split block lands in pfn order).
 * Return: blocks added.
 */
int rmqueue_bulk_6_1(struct sim *sim, struct zone *z, unsigned int order, int count,
			    uint32_t list, int mt, unsigned int alloc_flags)
{
	int i;

	for (i = 0; i < count; i++) {
		unsigned long pfn = rmqueue_inline(sim, z, order, mt, alloc_flags);
		struct page *p;

		if (pfn == PFN_NONE)
			break;
		p = page_w(&sim->map, pfn);
		p->flags |= PG_pcp;
		p->order = (uint8_t)order;
		/* only an ALLOC_CMA request takes CMA pages (rmqueue_inline) */
		if ((alloc_flags & ALLOC_CMA) && get_pcppage_migratetype(p) == MIGRATE_CMA)
			mod_zone_page_state(z, NR_FREE_CMA_PAGES, -(1L << order));
		list_add_tail(&sim->map, (uint32_t)pfn, list);
	}
	mod_zone_page_state(z, NR_FREE_PAGES, -((long)i << order));
	return i;
}

/* Models: rmqueue_buddy() (6.1.y): the buddy half of rmqueue_zone()
 * (page_alloc_6_1.h), under the zone lock: the highatomic reserve first
 * for ALLOC_HIGHATOMIC, and last for a non-blocking or OOM request.
 * Return: the block, or PFN_NONE. */
unsigned long rmqueue_buddy_6_1(struct sim *sim, struct zone *z, unsigned int order, int mt,
				unsigned int flags)
{
	unsigned long pfn = PFN_NONE;

	if (flags & ALLOC_HIGHATOMIC)
		pfn = rmqueue_smallest_traced(sim, z, order, MIGRATE_HIGHATOMIC);
	if (pfn == PFN_NONE) {
		pfn = rmqueue_inline(sim, z, order, mt, flags);
		if (pfn == PFN_NONE && (flags & (ALLOC_OOM | ALLOC_NON_BLOCK)))
			pfn = rmqueue_smallest_traced(sim, z, order, MIGRATE_HIGHATOMIC);
	}
	if (pfn != PFN_NONE) {	/* __mod_zone_freepage_state() */
		mod_zone_page_state(z, NR_FREE_PAGES, -(1L << order));
		if (get_pcppage_migratetype(&sim->map.pages[pfn]) == MIGRATE_CMA)
			mod_zone_page_state(z, NR_FREE_CMA_PAGES, -(1L << order));
	}
	return pfn;
}

/*
 * Models: reserve_highatomic_pageblock() (6.1): after a high-order
 * ALLOC_HIGHATOMIC allocation, keep its pageblock for such requests, up to
 * 1% of the zone plus a pageblock; only a normal (mergeable) pageblock.
 */
void reserve_highatomic_pageblock_6_1(struct sim *sim, struct zone *z, unsigned long pfn)
{
	unsigned long max_managed = z->managed_pages / 100 + pageblock_nr_pages;
	int mt;

	if (z->nr_reserved_highatomic >= max_managed)
		return;
	mt = get_pfnblock_migratetype(sim, pfn);
	if (mt < MIGRATE_PCPTYPES) {
		z->nr_reserved_highatomic += pageblock_nr_pages;
		set_pageblock_migratetype(sim, pfn, MIGRATE_HIGHATOMIC);
		move_freepages_block_6_1(sim, z, pfn, MIGRATE_HIGHATOMIC, NULL);
	}
}

/*
 * Models: unreserve_highatomic_pageblock(ac, force) (6.1). Over the
 * request's zones, keep one reserved pageblock unless @force (the last
 * step before OOM); give the pageblock of the lowest-order free HIGHATOMIC
 * block to the request's migratetype. Return: true if pages moved.
 */
bool unreserve_highatomic_pageblock_6_1(struct sim *sim, const struct alloc_context *ac,
					bool force)
{
	const struct zoneref *zr =
		sim->node_data[ac->zonelist_nid]->node_zonelists[ac->zonelist_idx]._zonerefs;

	for (; zr->zone; zr++) {
		struct zone *z = zr->zone;

		if (zr->zone_idx > ac->high_zoneidx)
			continue;
		if (!force && z->nr_reserved_highatomic <= pageblock_nr_pages)
			continue;
		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			unsigned long pfn;

			if (!z->free_area[o].nr_free_mt[MIGRATE_HIGHATOMIC])
				continue;
			pfn = lnk(&sim->map, z->free_area[o].free_list[MIGRATE_HIGHATOMIC])->next;
			if (get_pfnblock_migratetype(sim, pfn) == MIGRATE_HIGHATOMIC)
				z->nr_reserved_highatomic -= z->nr_reserved_highatomic <
					pageblock_nr_pages ? z->nr_reserved_highatomic : pageblock_nr_pages;
			set_pageblock_migratetype(sim, pfn, ac->migratetype);
			if (move_freepages_block_6_1(sim, z, pfn, ac->migratetype, NULL))
				return true;
		}
	}
	return false;
}
