/* core/buddy_fast.h - the buddy lists' inline parts, for buddy.c and the
 * hot paths of every version (buddy_6_1.c's __rmqueue): adding and taking
 * free blocks, expand() and __rmqueue_smallest().
 * Models mm/page_alloc.c (v4.5; 6.1 did not change what the model sees):
 * __rmqueue_smallest, expand.
 */
#ifndef BUDDYSCOPE_CORE_BUDDY_FAST_H
#define BUDDYSCOPE_CORE_BUDDY_FAST_H

#include "buddyscope/mmzone.h"
#include "internal.h"

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

#endif
