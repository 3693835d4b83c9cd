/* core/vmscan.c - STUB until the reclaim model lands (being written). */
#include "buddyscope/vmscan.h"

#include "internal.h"

void direct_reclaim_begin(struct sim *sim, struct scan_control *sc, gfp_t gfp, int order)
{
	(void)sim;
	*sc = (struct scan_control){ .gfp_mask = gfp, .order = order, .priority = DEF_PRIORITY };
}

int direct_reclaim_step(struct sim *sim, struct scan_control *sc, const struct alloc_context *ac)
{
	(void)sim;
	(void)ac;
	sc->done = true;
	sc->result = 0;
	return 0;
}

unsigned long try_to_free_pages(struct sim *sim, const struct alloc_context *ac, gfp_t gfp, int order)
{
	(void)sim; (void)ac; (void)gfp; (void)order;
	return 0;
}

unsigned long zone_reclaimable_pages(const struct sim *sim, const struct zone *z)
{
	(void)sim;
	return zone_page_state(z, NR_ACTIVE_FILE) + zone_page_state(z, NR_INACTIVE_FILE);
}

bool zone_reclaimable(const struct sim *sim, const struct zone *z)
{
	return zone_page_state(z, NR_PAGES_SCANNED) < zone_reclaimable_pages(sim, z) * 6;
}

void wakeup_kswapd(struct sim *sim, struct zone *z, int order, int classzone_idx)
{
	(void)sim; (void)z; (void)order; (void)classzone_idx;
}

void kswapd_step(struct sim *sim, int nid)
{
	sim->node_data[nid]->kswapd.state = KTHREAD_SLEEPING;
}

bool zone_balanced(const struct sim *sim, const struct zone *z, int order,
		   unsigned long balance_gap, int classzone_idx)
{
	(void)sim; (void)z; (void)order; (void)balance_gap; (void)classzone_idx;
	return true;
}

void writeback_tick(struct sim *sim)
{
	sim->nr_dirty_to_flush = 0;
}
