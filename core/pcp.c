/* core/pcp.c - per-cpu page lists for order-0 pages.
 * Models mm/page_alloc.c (v4.5): rmqueue_bulk, free_hot_cold_page,
 * free_pcppages_bulk, drain_pages_zone, drain_local_pages, drain_all_pages.
 *
 * Only order-0 pages live here. Pages on a pcp list are not free as far
 * as NR_FREE_PAGES and the free lists know; they are back in the buddy only
 * once a flush or a drain returns them.
 */
#include <string.h>

#include "buddyscope/buddy.h"
#include "buddyscope/page_alloc.h"
#include "internal.h"
#include "pcp.h"

/*
 * Models: rmqueue_bulk().
 * Take up to @count pages under one zone->lock for the pcp list @list.
 * Hot refills link each page after the previous one, so a run split from one
 * block sits at the head in ascending pfn order; cold refills go to the tail.
 */
int rmqueue_bulk(struct sim *sim, struct zone *z, int count, uint32_t list, int mt, bool cold)
{
	uint32_t where = list;
	int i;

	for (i = 0; i < count; i++) {
		unsigned long pfn = rmqueue(sim, z, 0, mt);
		struct page *p;

		if (pfn == PFN_NONE)
			break;
		p = page_w(&sim->map, pfn);
		p->flags |= PG_pcp;
		p->order = 0;
		if (!cold)
			list_add(&sim->map, (uint32_t)pfn, where);
		else
			list_add_tail(&sim->map, (uint32_t)pfn, where);
		where = (uint32_t)pfn;
		if (get_pcppage_migratetype(p) == MIGRATE_CMA)
			mod_zone_page_state(z, NR_FREE_CMA_PAGES, -1);
	}
	mod_zone_page_state(z, NR_FREE_PAGES, -i);
	return i;
}

/*
 * Models: free_pcppages_bulk().
 * Return @count pages to the buddy, round-robin over the lists starting
 * with MOVABLE, taking from each list's tail (the coldest pages) a number
 * that grows with each list visited, so that fuller lists give back more.
 */
void free_pcppages_bulk(struct sim *sim, struct zone *z, int count, struct per_cpu_pages *pcp)
{
	int mt = 0, batch_free = 0, to_free = count;

	SIM_BUG_ON(count > pcp->count);
	z->vm_stat[NR_PAGES_SCANNED] = 0;
	while (to_free) {
		uint32_t list;

		do {
			batch_free++;
			if (++mt == MIGRATE_PCPTYPES)
				mt = 0;
			list = pcp->lists[mt];
		} while (list_empty(&sim->map, list));
		/* only one list is non-empty: take everything from it */
		if (batch_free == MIGRATE_PCPTYPES)
			batch_free = to_free;
		do {
			uint32_t pfn = lnk(&sim->map, list)->prev;
			struct page *p = page_w(&sim->map, pfn);
			int cmt = (int)get_pcppage_migratetype(p);
			struct trace_event *ev;

			list_del(&sim->map, pfn);
			p->flags &= (uint16_t)~PG_pcp;
			free_one_page(sim, z, pfn, 0, cmt);
			ev = trace_emit(sim, TRACE_mm_page_pcpu_drain);
			ev->nid = (uint8_t)z->zone_pgdat->node_id;
			ev->zid = z->zid;
			ev->pfn = pfn;
			ev->migratetype = (uint8_t)cmt;
		} while (--to_free && --batch_free && !list_empty(&sim->map, list));
	}
}

/* free_hot_cold_page()'s flush at ->high: a batch back to the buddy (out of
 * line, so that the common free calls nothing). */
void pcp_flush_batch(struct sim *sim, struct zone *z, struct per_cpu_pages *pcp)
{
	int batch = pcp->batch;

	free_pcppages_bulk(sim, z, batch, pcp);
	pcp->count -= batch;
}

void free_cold_page(struct sim *sim, struct zone *z, unsigned long pfn, int cpu)
{
	free_hot_cold_page(sim, z, pfn, true, cpu);
}

/* free_hot_cold_page() when the list neighbour @nb's chunk is not saved yet:
 * save it (page_w), then the free from the start, nothing done before. */
void free_hot_cold_page_saving(struct sim *sim, struct zone *z, unsigned long pfn, bool cold,
			       int cpu, uint32_t nb)
{
	page_w(&sim->map, nb);
	free_hot_cold_page(sim, z, pfn, cold, cpu);
}

/* Models: drain_pages_zone(): everything on one cpu's lists for @z. */
void drain_pages_zone_4_5(struct sim *sim, int cpu, struct zone *z)
{
	struct per_cpu_pages *pcp = &z->pageset[cpu];

	if (pcp->count) {
		free_pcppages_bulk(sim, z, pcp->count, pcp);
		pcp->count = 0;
	}
}

/* Models: drain_local_pages(zone) as run on @cpu; @zone NULL = every zone. */
void drain_local_pages(struct sim *sim, int cpu, const struct zone *zone)
{
	int save = sim->cur_cpu;

	if (cpu < 0 || cpu >= sim->nr_cpus)
		return;		/* refused: no such cpu */
	sim->cur_cpu = cpu;
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &sim->node_data[nid]->node_zones[zid];

			if (populated_zone(z) && (!zone || zone == z))
				sim_kdesc(sim)->ops->drain_pages_zone(sim, cpu, z);
		}
	sim->cur_cpu = save;
}

/* Models: drain_all_pages(zone): every cpu with pages on its lists (the
 * kernel sends them an IPI; we run their drains in cpu order). */
void drain_all_pages(struct sim *sim, const struct zone *zone)
{
	for (int cpu = 0; cpu < sim->nr_cpus; cpu++)
		drain_local_pages(sim, cpu, zone);
}
