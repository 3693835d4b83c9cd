/* core/oom_kill.c - STUB until the OOM killer lands (being written). */
#include "buddyscope/oom_kill.h"

#include "internal.h"

unsigned long oom_totalpages(const struct sim *sim)
{
	unsigned long total = sim->swap_pages;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			total += sim->node_data[nid]->node_zones[zid].managed_pages;
	return total;
}

unsigned long oom_badness(const struct sim *sim, const struct task *t, unsigned long totalpages)
{
	(void)sim; (void)totalpages;
	return t->rss_anon + t->rss_file + t->swapents + t->nr_ptes;
}

unsigned long oom_score(const struct sim *sim, const struct task *t)
{
	unsigned long total = oom_totalpages(sim);

	return total ? oom_badness(sim, t, total) * 1000 / total : 0;
}

bool out_of_memory(struct sim *sim, struct oom_control *oc)
{
	(void)sim; (void)oc;
	return false;
}

void oom_reaper_step(struct sim *sim)
{
	sim->nr_reap = 0;
}
