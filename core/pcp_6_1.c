/* core/pcp_6_1.c - Linux 6.1's per-cpu lists: one per migratetype and order
 * 0..3, and one for THP.
 * Models mm/page_alloc.c (6.1.y): rmqueue_pcplist and __rmqueue_pcplist
 * (page_alloc_6_1.h, inline), free_the_page, free_unref_page, free_unref_page_commit,
 * nr_pcp_free, nr_pcp_high, free_pcppages_bulk, drain_pages_zone.
 *
 * pcp->count counts pages (a list entry of order 3 counts 8). Refills scale
 * the batch down by the order (at least 2 entries); frees flush when count
 * reaches high, a batch that doubles with each flush without an allocation
 * in between (free_factor, up to 2^5 batches), and while kswapd reclaims
 * the node only 4 batches may stay. A block on a pcp list is not free to the
 * buddy allocator: NR_FREE_PAGES does not count it.
 */
#include "buddyscope/buddy.h"
#include "buddyscope/page_alloc.h"
#include "buddy_fast.h"
#include "internal.h"
#include "page_alloc_6_1.h"

#define PCP_BATCH_SCALE_MAX	5	/* CONFIG_PCP_BATCH_SCALE_MAX (6.1.y default) */

/* rmqueue_bulk(): buddy_6_1.c, beside the __rmqueue() it inlines. */

/* __rmqueue_pcplist()'s refill of the empty list @list (rmqueue_pcplist
 * in page_alloc_6_1.h): batch >> order blocks, at least 2 (a batch of 1
 * stays 1). Return: whether the list has a block now. */
bool rmqueue_pcplist_refill(struct sim *sim, struct zone *z, struct per_cpu_pages *pcp,
			    unsigned int order, int mt, unsigned int alloc_flags, uint32_t list)
{
	int batch = pcp->batch;

	if (batch > 1) {
		batch >>= order;
		if (batch < 2)
			batch = 2;
	}
	pcp->count += rmqueue_bulk_6_1(sim, z, order, batch, list, mt, alloc_flags) << order;
	return !list_empty(&sim->map, list);
}

/*
 * Models: free_pcppages_bulk() (6.1): give back @count pages, round-robin
 * over the lists starting with @pindex, each time as many of one list's
 * coldest blocks (its tail) as the count allows.
 */
static void free_pcppages_bulk_6_1(struct sim *sim, struct zone *z, int count,
				   struct per_cpu_pages *pcp, int pindex)
{
	int min_pindex = 0, max_pindex = NR_PCP_LISTS - 1;

	/* @count <= pcp->count: nr_pcp_free() and drain_pages_zone() say so */
	pindex--;
	while (count > 0) {
		uint32_t list;
		unsigned int order;

		for (;;) {
			if (++pindex > max_pindex)
				pindex = min_pindex;
			list = pcp->lists[pindex];
			if (!list_empty(&sim->map, list))
				break;
			if (pindex == max_pindex)
				max_pindex--;
			if (pindex == min_pindex)
				min_pindex++;
		}
		order = pindex_to_order(pindex);
		do {
			uint32_t pfn = lnk(&sim->map, list)->prev;
			struct page *p = page_w(&sim->map, pfn);
			int mt = (int)get_pcppage_migratetype(p);

			list_del(&sim->map, pfn);
			p->flags &= (uint16_t)~PG_pcp;
			count -= 1 << order;
			pcp->count -= 1 << order;
			free_one_page_inline(sim, z, pfn, order, mt);
			trace_page(sim, TRACE_mm_page_pcpu_drain, z, pfn, order, mt);
		} while (count > 0 && !list_empty(&sim->map, list));
	}
}

/* Models: nr_pcp_free() (6.1.y): how many pages one flush gives back. */
static int nr_pcp_free(struct per_cpu_pages *pcp, int high, int batch, bool free_high)
{
	int max_nr_free;

	if (free_high)
		return pcp->count;
	if (high < batch)
		return 1;
	max_nr_free = high - batch;
	batch <<= pcp->free_factor;
	if (batch < max_nr_free && pcp->free_factor < PCP_BATCH_SCALE_MAX)
		pcp->free_factor++;
	/* clamp(batch, min_nr_free = batch, max_nr_free): batch << free_factor
	 * is at least batch already */
	if (batch > max_nr_free)
		batch = max_nr_free;
	return batch;
}

/* Models: nr_pcp_high() (6.1): while kswapd reclaims, keep 4 batches at most. */
static int nr_pcp_high(const struct per_cpu_pages *pcp, const struct zone *z, bool free_high)
{
	if (!pcp->high || free_high)
		return 0;
	if (!(z->flags & (1UL << ZONE_RECLAIM_ACTIVE)))
		return pcp->high;
	return pcp->batch << 2 < pcp->high ? pcp->batch << 2 : pcp->high;
}

static void free_pages_6_1_saving(struct sim *sim, struct zone *z, unsigned long pfn,
				  unsigned int order, uint32_t nb);

/*
 * Models: free_the_page() -> free_unref_page() + free_unref_page_commit()
 * (6.1), or __free_pages_ok() for orders the pcp lists do not take.
 * HIGHATOMIC and CMA blocks ride the movable list; ISOLATE goes straight
 * to the buddy. A freed high-order (1..3) block while freeing in a row
 * (free_factor) flushes everything: such blocks fragment if kept.
 * SIMPLIFICATION: 6.1 has no hot/cold freeing; @cold is ignored.
 */
void free_pages_6_1(struct sim *sim, struct zone *z, unsigned long pfn, unsigned int order,
		    bool cold)
{
	struct per_cpu_pages *pcp = &z->pageset[sim->cur_cpu];
	int mt = pfnblock_migratetype(sim, pfn), pindex, high;
	uint32_t head, nb;
	struct page *p;
	bool free_high;

	(void)cold;
	if (!pcp_allowed_order(order)) {
		count_vm_events(sim, PGFREE, 1UL << order);
		free_one_page(sim, z, pfn, order, mt);
		return;
	}
	/* HIGHATOMIC and CMA ride the movable list */
	pindex = order_to_pindex(mt < MIGRATE_PCPTYPES ? mt : MIGRATE_MOVABLE, order);
	head = pcp->lists[pindex];
	nb = sim->map.heads[head & ~LIST_HEAD_BIT].next;
	if (__builtin_expect(mt != MIGRATE_ISOLATE && !lnk_saved(&sim->map, nb), 0)) {
		free_pages_6_1_saving(sim, z, pfn, order, nb);
		return;
	}
	p = page_w_again(&sim->map, pfn);	/* free_pages_prepare wrote it */
	set_pcppage_migratetype(p, (unsigned int)mt);
	if (mt == MIGRATE_ISOLATE) {
		free_one_page(sim, z, pfn, order, mt);
		return;
	}
	count_vm_events(sim, PGFREE, 1UL << order);
	p->flags |= PG_pcp;
	p->order = (uint8_t)order;
	list_add_page_saved(&sim->map, p, (uint32_t)pfn, head, false);
	pcp->count += 1 << order;
	free_high = pcp->free_factor && order && order <= PAGE_ALLOC_COSTLY_ORDER;
	high = nr_pcp_high(pcp, z, free_high);
	if (pcp->count >= high)
		free_pcppages_bulk_6_1(sim, z, nr_pcp_free(pcp, high, pcp->batch, free_high), pcp,
				       pindex);
}

/* free_pages_6_1() when the list neighbour @nb's chunk is not saved yet:
 * save it (page_w), then the free from the start, nothing done before
 * (out of line: the common free calls nothing but its last call). */
static __attribute__((noinline)) void free_pages_6_1_saving(struct sim *sim, struct zone *z,
							     unsigned long pfn, unsigned int order,
							     uint32_t nb)
{
	page_w(&sim->map, nb);
	free_pages_6_1(sim, z, pfn, order, false);
}

/* Models: drain_pages_zone() (6.1.y): everything, batch << 5 pages at a time. */
void drain_pages_zone_6_1(struct sim *sim, int cpu, struct zone *z)
{
	struct per_cpu_pages *pcp = &z->pageset[cpu];

	while (pcp->count) {
		int to_drain = pcp->batch << PCP_BATCH_SCALE_MAX;

		if (to_drain > pcp->count)
			to_drain = pcp->count;
		free_pcppages_bulk_6_1(sim, z, to_drain, pcp, 0);
	}
}
