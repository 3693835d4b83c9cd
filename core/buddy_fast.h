/* core/buddy_fast.h - the buddy lists' inline parts, for buddy.c and the
 * hot paths of every version (buddy_6_1.c's __rmqueue, pcp_6_1.c's
 * free_pcppages_bulk): adding and taking free blocks, expand(),
 * __rmqueue_smallest() and __free_one_page().
 * Models mm/page_alloc.c (v4.5; 6.1 did not change what the model sees):
 * __rmqueue_smallest, expand, page_is_buddy, __free_one_page, free_one_page.
 */
#ifndef BUDDYSCOPE_CORE_BUDDY_FAST_H
#define BUDDYSCOPE_CORE_BUDDY_FAST_H

#include "buddyscope/buddy.h"
#include "buddyscope/mmzone.h"
#include "internal.h"

/* 5.x/6.1 (migratetype_is_mergeable): a CMA pageblock never merges with
 * another type's above pageblock_order. Does that keep a block of
 * migratetype @mt, order @order, from its buddy at @buddy_pfn? v4.5 has no
 * such test; its CMA areas are MAX_ORDER-aligned, so none is needed there
 * (machine_cma_area). free_one_page_inline merges by it, check.c checks by
 * it. SIMPLIFICATION: 6.1's same test for HIGHATOMIC and ISOLATE blocks is
 * not modelled (it was not before CMA either). */
static inline bool cma_keeps_apart(const struct sim *sim, const struct zone *z, unsigned int order,
				   int mt, unsigned long buddy_pfn)
{
	return order >= pageblock_order && z->cma_pages &&
	       (mt == MIGRATE_CMA) != (get_pfnblock_migratetype(sim, buddy_pfn) == MIGRATE_CMA);
}

static inline __attribute__((always_inline)) void
area_add(struct sim *sim, struct zone *z, unsigned long pfn, unsigned int order, int mt, bool tail)
{
	struct memmap *m = &sim->map;
	struct page *p = page_w(m, pfn);
	struct free_area *area = &z->free_area[order];

	p->flags |= PG_buddy;
	p->order = (uint8_t)order;
	set_pcppage_migratetype(p, (unsigned int)mt);
	list_add_page(m, p, (uint32_t)pfn, area->free_list[mt], tail);
	area->nr_free++;
	area->nr_free_mt[mt]++;
}

/* list_del + rmv_page_order + nr_free-- */
static inline __attribute__((always_inline)) void
area_del(struct sim *sim, struct zone *z, unsigned long pfn)
{
	struct page *p = page_w(&sim->map, pfn);
	struct free_area *area = &z->free_area[p->order];

	list_del_page(&sim->map, p);
	area->nr_free--;
	area->nr_free_mt[get_pcppage_migratetype(p)]--;
	p->flags &= (uint16_t)~PG_buddy;
}

static inline uint32_t list_first(struct sim *sim, uint32_t head)
{
	return sim->map.heads[head & ~LIST_HEAD_BIT].next;
}

/*
 * Models: mm/page_alloc.c expand().
 * Give back the upper halves of a 2^high block while keeping the lowest
 * 2^low pages: each half goes to the head of the @mt list of its order.
 */
static inline __attribute__((always_inline)) void
expand(struct sim *sim, struct zone *z, unsigned long pfn, unsigned int low,
		   unsigned int high, int mt)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		area_add(sim, z, pfn + size, high, mt, false);
	}
}

/*
 * Models: mm/page_alloc.c __rmqueue_smallest().
 * Take the smallest free block of order >= @order and split it down, so
 * small requests eat small blocks and big ones stay whole.
 */
static inline __attribute__((always_inline)) unsigned long
rmqueue_smallest_inline(struct sim *sim, struct zone *z, unsigned int order, int mt)
{
	if (mt < 0 || mt >= MIGRATE_TYPES)
		return PFN_NONE;	/* refused: no such type */
	for (unsigned int cur = order; cur < MAX_ORDER; cur++) {
		uint32_t head = z->free_area[cur].free_list[mt];
		unsigned long pfn;

		pfn = list_first(sim, head);
		if (pfn == head)	/* list_empty() */
			continue;
		area_del(sim, z, pfn);
		if (cur > order)
			expand(sim, z, pfn, order, cur, mt);
		set_pcppage_migratetype(page_w_again(&sim->map, pfn), (unsigned int)mt);
		return pfn;
	}
	return PFN_NONE;
}

/* Models: page_is_buddy(): a free block of exactly @order in the same zone */
static inline bool page_is_buddy(const struct sim *sim, const struct zone *z, unsigned long buddy,
			  unsigned int order)
{
	const struct page *b;

	if (buddy >= sim->map.max_pfn)
		return false;
	b = &sim->map.pages[buddy];
	return (b->flags & PG_buddy) && b->order == order && page_zone_id(b) == z->id;
}

/*
 * Models: __free_one_page() (v4.5.0) and free_one_page().
 * Merge with the buddy (pfn ^ (1 << order)) while it is free at the same
 * order, then place the block: at the tail of its list if the next larger
 * buddy is free too (it will likely merge soon, so don't hand it out), else
 * at the head.
 */
static inline __attribute__((always_inline)) unsigned int
free_one_page_inline(struct sim *sim, struct zone *z, unsigned long pfn, unsigned int order, int mt)
{
	unsigned int max_order = MAX_ORDER;
	unsigned long idx_mask, page_idx, buddy_idx = 0, base;

	z->vm_stat[NR_PAGES_SCANNED] = 0;
	/* free_one_page(): an isolated block may have been un-isolated since */
	if (mt == MIGRATE_ISOLATE)
		mt = get_pfnblock_migratetype(sim, pfn);
	if (mt == MIGRATE_ISOLATE) {
		/* never merge across pageblocks of an isolated range */
		max_order = pageblock_order + 1 < MAX_ORDER ? pageblock_order + 1 : MAX_ORDER;
	} else {
		mod_zone_page_state(z, NR_FREE_PAGES, 1L << order);
		if (mt == MIGRATE_CMA)
			mod_zone_page_state(z, NR_FREE_CMA_PAGES, 1L << order);
	}
	idx_mask = (1UL << max_order) - 1;
	base = pfn & ~idx_mask;
	page_idx = pfn & idx_mask;
	while (order < max_order - 1) {
		buddy_idx = page_idx ^ (1UL << order);
		if (!page_is_buddy(sim, z, base + buddy_idx, order))
			break;
		if (cma_keeps_apart(sim, z, order, mt, base + buddy_idx))
			break;
		area_del(sim, z, base + buddy_idx);
		page_idx &= buddy_idx;
		order++;
	}
	pfn = base + page_idx;
	if (order < MAX_ORDER - 2) {
		unsigned long combined = buddy_idx & page_idx;
		unsigned long higher_buddy = combined ^ (1UL << (order + 1));

		if (page_is_buddy(sim, z, base + higher_buddy, order + 1)) {
			area_add(sim, z, pfn, order, mt, true);
			return order;
		}
	}
	area_add(sim, z, pfn, order, mt, false);
	return order;
}

#endif
