/* core/realmachine_shown.c - what a real machine's files give that no page
 * placement decides: its vm sysctls, and the watermarks, protection, pcp
 * sizes and counters exactly as zoneinfo showed them (realmachine_apply.c
 * calls both once the zones are laid out).
 *
 * A real machine's watermarks often differ from what its sysctls give today:
 * the kernel computed them early in boot, before managed pages changed, and
 * recomputes only when a sysctl is written (and protection when
 * vm.lowmem_reserve_ratio is read, too). So they are taken as shown and
 * recomputed only when the user does that (sysctl.c: sim_sysctl_set,
 * sim_sysctl_read).
 */
#include "buddyscope/realmachine.h"

#include <stdio.h>
#include <string.h>

#include "buddyscope/sim.h"
#include "internal.h"
#include "realmachine_apply.h"

static bool sim_knows_sysctl(const char *name)
{
	const char *s;

	for (size_t i = 0; (s = sim_sysctl_name_at(i)) != NULL; i++)
		if (!strcmp(s + 3, name))
			return true;
	return false;
}

/* The first @n words of an array sysctl's value: a 6.x machine prints a
 * ratio per zone type, Device included; the version booted has fewer. */
static void first_words(const char *value, int n, char *out, size_t size)
{
	size_t len = 0;

	for (const char *p = value; *p && n > 0; n--) {
		const char *w;

		while (*p == ' ' || *p == '\t')
			p++;
		for (w = p; *p && *p != ' ' && *p != '\t'; p++)
			;
		if (w == p)
			break;
		/* the word, a blank before it unless it is the first, and the NUL */
		if (len + (len > 0) + (size_t)(p - w) + 1 > size)
			break;
		if (len)
			out[len++] = ' ';
		memcpy(out + len, w, (size_t)(p - w));
		len += (size_t)(p - w);
	}
	out[len] = '\0';
}

void real_apply_sysctls(struct sim *sim, const struct real_machine *rm)
{
	char saved[sizeof(sim->errmsg)], value[sizeof(rm->sysctls[0].value)];

	memcpy(saved, sim->errmsg, sizeof(saved));
	for (int i = 0; i < rm->nr_sysctls; i++) {
		const struct real_sysctl *s = &rm->sysctls[i];

		/* the pool is what meminfo says it is; drop_caches is a command */
		if (!sim_knows_sysctl(s->name) || !strcmp(s->name, "nr_hugepages") ||
		    !strcmp(s->name, "drop_caches"))
			continue;
		if (!strcmp(s->name, "lowmem_reserve_ratio"))
			first_words(s->value, sim_kernel(sim)->nr_lowmem_reserve_ratio, value,
				    sizeof(value));
		else
			snprintf(value, sizeof(value), "%s", s->value);
		sim_sysctl_set(sim, s->name, value);
	}
	memcpy(sim->errmsg, saved, sizeof(saved));	/* realmachine_compare says what differs */
}

/* Counters that no page placement decides: taken from the file. */
static const enum zone_stat_item copied_stats[] = {
	NUMA_HIT, NUMA_MISS, NUMA_FOREIGN, NUMA_INTERLEAVE_HIT, NUMA_LOCAL, NUMA_OTHER,
	NR_DIRTIED, NR_WRITTEN, NR_VMSCAN_WRITE, NR_VMSCAN_IMMEDIATE, WORKINGSET_REFAULT,
	WORKINGSET_ACTIVATE, WORKINGSET_NODERECLAIM,
};

void real_apply_as_shown(struct sim *sim, const struct real_machine *rm)
{
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &sim->node_data[nid]->node_zones[zid];
			const struct real_zone *rz = &rm->zones[nid][zid];

			if (!z->present_pages)
				continue;
			if (rz->have_wmark)
				for (int w = 0; w < NR_WMARK; w++)
					z->watermark[w] = rz->wmark[w];
			/* 6.x prints one value per zone type, Device included */
			for (int j = 0; j < rz->nr_protection && j < MAX_NR_ZONES; j++)
				z->lowmem_reserve[j] = rz->protection[j];
			for (int cpu = 0; cpu < z->nr_cpus && cpu < rz->nr_pcp; cpu++)
				if (rz->pcp[cpu].high > 0 && rz->pcp[cpu].batch > 0) {
					z->pageset[cpu].high = rz->pcp[cpu].high;
					z->pageset[cpu].batch = rz->pcp[cpu].batch;
				}
			z->vm_stat[NR_ALLOC_BATCH] =
				(long)(z->watermark[WMARK_HIGH] - z->watermark[WMARK_LOW]);
			for (size_t i = 0; i < sizeof(copied_stats) / sizeof(copied_stats[0]); i++)
				if (rz->stat[copied_stats[i]] >= 0)
					z->vm_stat[copied_stats[i]] = rz->stat[copied_stats[i]];
		}
	calculate_totalreserve_pages(sim);
	if (rm->have_events)
		memcpy(sim->vm_events, rm->vm_events, sizeof(sim->vm_events));
	if (rm->swap_total)
		sim->swap_pages = rm->swap_total;
}
