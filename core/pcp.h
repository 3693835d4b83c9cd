/* core/pcp.h - per-cpu list operations shared inside core/ (see pcp.c). */
#ifndef BUDDYSCOPE_CORE_PCP_H
#define BUDDYSCOPE_CORE_PCP_H

#include <stdbool.h>
#include <stdint.h>
#include "buddyscope/buddy.h"
#include "buddyscope/mmzone.h"
#include "internal.h"

int rmqueue_bulk(struct sim *sim, struct zone *z, int count, uint32_t list, int mt, bool cold);
void free_pcppages_bulk(struct sim *sim, struct zone *z, int count, struct per_cpu_pages *pcp);
void pcp_flush_batch(struct sim *sim, struct zone *z, struct per_cpu_pages *pcp);
/* free_hot_cold_page(@cold = true), out of line (reclaim's batches) */
void free_cold_page(struct sim *sim, struct zone *z, unsigned long pfn, int cpu);
void free_hot_cold_page_saving(struct sim *sim, struct zone *z, unsigned long pfn, bool cold,
			       int cpu, uint32_t nb);

/* The two on every order-0 allocation and free: inline, for the fast path. */

/*
 * Models: free_hot_cold_page().
 * Remember the pageblock's type in the page so the page finds its way back
 * to the right free list later; HIGHATOMIC and CMA pages ride on the MOVABLE
 * list, ISOLATE pages go straight to the buddy. Flush a batch at ->high.
 * Inline and without a call but the last: the list neighbour's chunk is
 * saved first if it must be (free_hot_cold_page_saving, which starts over).
 */
static inline __attribute__((always_inline)) void
free_hot_cold_page(struct sim *sim, struct zone *z, unsigned long pfn, bool cold, int cpu)
{
	struct page *p = page_w_again(&sim->map, pfn);	/* free_pages_prepare wrote it */
	struct per_cpu_pages *pcp = &z->pageset[cpu];
	int mt = pfnblock_migratetype(sim, pfn);
	uint32_t head = pcp->lists[mt < MIGRATE_PCPTYPES ? mt : MIGRATE_MOVABLE];
	const struct list_link *h = &sim->map.heads[head & ~LIST_HEAD_BIT];
	uint32_t nb = cold ? h->prev : h->next;

	if (__builtin_expect(mt != MIGRATE_ISOLATE && !lnk_saved(&sim->map, nb), 0)) {
		free_hot_cold_page_saving(sim, z, pfn, cold, cpu, nb);
		return;
	}
	set_pcppage_migratetype(p, (unsigned int)mt);
	count_vm_events(sim, PGFREE, 1);
	if (mt == MIGRATE_ISOLATE) {
		free_one_page(sim, z, pfn, 0, mt);
		return;
	}
	p->flags |= PG_pcp;
	list_add_page_saved(&sim->map, p, (uint32_t)pfn, head, cold);
	pcp->count++;
	if (pcp->count >= pcp->high)
		pcp_flush_batch(sim, z, pcp);
}

/*
 * The order-0 half of buffered_rmqueue(): refill the list for this
 * migratetype with a batch if it is empty, then take the first page (the
 * last one for __GFP_COLD).
 */
static inline unsigned long pcp_alloc(struct sim *sim, struct zone *z, int cpu, int mt, bool cold)
{
	struct per_cpu_pages *pcp = &z->pageset[cpu];
	uint32_t list = pcp->lists[mt], pfn;

	if (list_empty(&sim->map, list)) {
		pcp->count += rmqueue_bulk(sim, z, pcp->batch, list, mt, cold);
		if (list_empty(&sim->map, list))
			return PFN_NONE;
	}
	list_take_page(&sim->map, list, cold, &pfn)->flags &= (uint16_t)~PG_pcp;
	pcp->count--;
	return pfn;
}


#endif
