/* tests/unit/reclaim_test.h - what test_vmscan.c and test_kswapd.c share:
 * a small machine, page-cache fillers, LRU list checks, trace counting. */
#ifndef RECLAIM_TEST_H
#define RECLAIM_TEST_H

#include <string.h>

#include "../../core/internal.h"
#include "../../core/vmscan_internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmscan.h"
#include "simtest.h"

/* 64 MiB in one DMA32 zone: watermarks min 256, low 320, high 384 */
static inline struct sim *boot_small(void)
{
	return boot_one_zone(ZONE_DMA32, 4096, 16384, 2);
}

static inline struct zone *zone0(struct sim *sim, int zid)
{
	return &sim->node_data[0]->node_zones[zid];
}

/* Every LRU list of every zone: links, flags and zone right, lengths equal
 * to the NR_*_ANON/FILE/UNEVICTABLE counters, nothing left isolated. */
static inline int lru_ok(struct sim *sim)
{
	struct memmap *m = &sim->map;
	int bad = 0;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &sim->node_data[nid]->node_zones[zid];

			if (!populated_zone(z))
				continue;
			for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
				uint32_t head = z->lru[lru], prev = head;
				unsigned long n = 0;

				for (uint32_t id = lnk(m, head)->next; id != head; id = lnk(m, id)->next) {
					const struct page *p = &m->pages[id];

					if (lnk(m, id)->prev != prev || !(p->flags & PG_lru) ||
					    (p->flags & PG_isolated) || page_zone_id(p) != z->id ||
					    page_lru(p) != (enum lru_list)lru || n++ > m->max_pfn) {
						printf("%s lru %d: bad page %#x flags %#x\n", z->name, lru,
						       id, p->flags);
						return 0;
					}
					prev = id;
				}
				if ((long)n != z->vm_stat[NR_LRU_BASE + lru]) {
					printf("%s lru %d holds %lu pages, counter %ld\n", z->name, lru, n,
					       z->vm_stat[NR_LRU_BASE + lru]);
					bad++;
				}
			}
			if (z->vm_stat[NR_ISOLATED_ANON] || z->vm_stat[NR_ISOLATED_FILE])
				bad++;
		}
	return bad == 0;
}

static inline bool all_ok(struct sim *sim)
{
	return lru_ok(sim) && invariants_hold(sim);
}

/* Put @pfn in the page cache, unmapped (a file read and closed). */
static inline void add_cache_page(struct sim *sim, unsigned long pfn, bool dirty)
{
	struct zone *z = page_zone(sim, pfn);

	lru_cache_add(sim, pfn, LRU_INACTIVE_FILE);
	mod_zone_page_state(z, NR_FILE_PAGES, 1);
	if (dirty) {
		page_w(&sim->map, pfn)->flags |= PG_dirty;
		mod_zone_page_state(z, NR_FILE_DIRTY, 1);
		mod_zone_page_state(z, NR_DIRTIED, 1);
	}
}

/* Page cache until @z has at most @target free pages. The filler runs as
 * PF_MEMALLOC without reclaim flags, so it may dig below min and never
 * wakes kswapd or reclaims. Return: pages added. */
static inline unsigned long fill_cache(struct sim *sim, struct zone *z, unsigned long target, bool dirty)
{
	struct task *cur = current_task(sim);
	unsigned int saved = cur->flags;
	unsigned long n = 0;

	cur->flags |= PF_MEMALLOC;
	while (zone_page_state(z, NR_FREE_PAGES) > target) {
		unsigned long pfn = alloc_pages(sim, (GFP_HIGHUSER_MOVABLE | GFP_F_COLD) & ~GFP_F_RECLAIM, 0);

		if (pfn == PFN_NONE)
			break;
		add_cache_page(sim, pfn, dirty);
		n++;
	}
	cur->flags = saved;
	return n;
}

/* Kernel pages, on no list, until @z has at most @target free pages. */
static inline void pin_pages(struct sim *sim, struct zone *z, unsigned long target)
{
	struct task *cur = current_task(sim);
	unsigned int saved = cur->flags;

	cur->flags |= PF_MEMALLOC;
	while (zone_page_state(z, NR_FREE_PAGES) > target)
		if (alloc_pages(sim, GFP_KERNEL & ~GFP_F_RECLAIM, 0) == PFN_NONE)
			break;
	cur->flags = saved;
}

static inline void kernel_ac(struct sim *sim, struct alloc_context *ac)
{
	struct alloc_request req;

	alloc_request_init(sim, &req, GFP_KERNEL, 0);
	*ac = req.ac;
}

/* How many events of @id since @from; the last one in *last if asked. */
static inline unsigned long count_events(const struct sim *sim, uint64_t from, enum trace_id id,
				  struct trace_event *last)
{
	struct trace_event ev[64];
	unsigned long n = 0;
	uint64_t lost;
	size_t got;

	while ((got = trace_read(sim, &from, ev, 64, &lost)))
		for (size_t i = 0; i < got; i++)
			if (ev[i].id == id) {
				n++;
				if (last)
					*last = ev[i];
			}
	return n;
}

static inline unsigned long ev(const struct sim *sim, enum vm_event_item i)
{
	return sim_vm_event(sim, i);
}

/* shrink_node()'s scan_control over DMA32 and below, may unmap, swap and
 * write: a direct reclaimer with @gfp, or kswapd, at @priority */
static inline struct scan_control reclaim_sc(bool kswapd, gfp_t gfp, int priority)
{
	struct scan_control sc;

	memset(&sc, 0, sizeof(sc));
	sc.gfp_mask = gfp;
	sc.priority = priority;
	sc.may_unmap = true;
	sc.may_swap = true;
	sc.may_writepage = true;
	sc.kswapd = kswapd;
	sc.reclaim_idx = ZONE_DMA32;
	sc.nr_to_reclaim = SWAP_CLUSTER_MAX;
	return sc;
}

#endif
