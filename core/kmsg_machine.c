/* core/kmsg_machine.c - a kernel log's report as a real machine to boot
 * (kmsg.h kmsg_to_machine()): the zones with their sizes, free lists,
 * watermarks and lowmem_reserve as the report printed them, the LRU sizes,
 * the tasks of its table.
 */
#include "buddyscope/kmsg.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"

/* The types a free-list line lists at an order share its count. */
static void share_types(struct real_zone *rz, const struct kmsg_zone *z)
{
	for (int o = 0; o < MAX_ORDER; o++) {
		unsigned long n = z->nr_free[o];
		int types[MIGRATE_TYPES], k = 0;

		memset(rz->nr_free_mt[o], 0, sizeof(rz->nr_free_mt[o]));
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (z->types[o] & (1u << mt))
				types[k++] = mt;
		if (!k)
			types[k++] = MIGRATE_MOVABLE;
		for (int i = 0; i < k; i++)
			rz->nr_free_mt[o][types[i]] = n / (unsigned long)k +
						     ((unsigned long)i < n % (unsigned long)k);
		rz->nr_free[o] = n;
	}
	rz->have_buddy = rz->have_ptfree = true;
}

/* Where a zone lies: the log's "Zone ranges", else x86-64's limits. */
static void zone_span(const struct kmsg_report *r, const struct kmsg_boot *boot, int nid, int zid,
		      unsigned long *next, struct real_zone *rz)
{
	static const unsigned long first[MAX_NR_ZONES] = { 1, 4096, 1048576, 0 };
	unsigned long start = *next > first[zid] ? *next : first[zid];

	(void)r;
	if (nid == 0 && boot->zone_known[zid] &&
	    boot->zone_end[zid] - boot->zone_start[zid] >= rz->present)
		start = boot->zone_start[zid];
	rz->start_pfn = start;
	rz->spanned = rz->present;
	if (nid == 0 && boot->zone_known[zid] &&
	    boot->zone_end[zid] - boot->zone_start[zid] >= rz->present)
		rz->spanned = boot->zone_end[zid] - boot->zone_start[zid];
	rz->have_start = rz->have_span = true;
	*next = rz->start_pfn + rz->spanned;
}

int kmsg_to_machine(const struct kmsg_report *r, const struct kmsg_boot *boot,
		    struct real_machine *rm, char *err, size_t errlen)
{
	static const int lru_rc[NR_LRU_LISTS] = { RC_INACTIVE_ANON, RC_ACTIVE_ANON,
						  RC_INACTIVE_FILE, RC_ACTIVE_FILE, RC_UNEVICTABLE };
	unsigned long next = 0;
	bool any = false;

	realmachine_init(rm);
	snprintf(rm->name, sizeof(rm->name), "klog-%d", r->first_line);
	rm->slab_pinned = true;
	if (r->release[0])
		realmachine_set_release(rm, r->release, strlen(r->release));
	rm->nr_nodes = r->nr_nodes;
	rm->nr_cpus = boot->nr_cpus > r->cpu + 1 ? boot->nr_cpus : r->cpu + 1;
	if (rm->nr_cpus < 1)
		rm->nr_cpus = 1;
	rm->swap_total = r->swap_total;
	for (int nid = 0; nid < r->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct kmsg_zone *z = &r->zones[nid][zid];
			struct real_zone *rz = &rm->zones[nid][zid];

			if (!z->seen)
				continue;
			rz->line = r->first_line;
			rz->present = z->present;
			rz->managed = z->managed;
			rz->free = z->free;
			rz->have_free = true;
			if (!z->present)
				continue;
			any = true;
			zone_span(r, boot, nid, zid, &next, rz);
			rz->wmark[WMARK_MIN] = z->min;
			rz->wmark[WMARK_LOW] = z->low;
			rz->wmark[WMARK_HIGH] = z->high;
			rz->have_wmark = true;
			rz->nr_protection = z->nr_reserve;
			memcpy(rz->protection, z->lowmem_reserve, sizeof(rz->protection));
			for (int l = 0; l < NR_LRU_LISTS; l++)
				rz->c[lru_rc[l]] = z->lru[l];
			rz->c[RC_MLOCK] = z->mlocked;
			if (z->have_list)
				share_types(rz, z);
			/* pcp pages: this cpu's (local_pcp), the rest on the others */
			rz->nr_pcp = rm->nr_cpus;
			for (int cpu = 0; cpu < rm->nr_cpus && cpu < REAL_MAX_CPUS; cpu++) {
				unsigned long others = z->free_pcp > z->local_pcp ?
						       z->free_pcp - z->local_pcp : 0;
				int nothers = rm->nr_cpus > 1 ? rm->nr_cpus - 1 : 1;

				rz->pcp[cpu].count = cpu == r->cpu ? (int)z->local_pcp :
						     (int)(others / (unsigned long)nothers);
			}
		}
	if (!any)
		return snprintf(err, errlen, "the report (line %d) has no zone lines%s: nothing to "
				"boot", r->first_line, r->memcg ? " (a memory cgroup's OOM)" : ""),
		       -EINVAL;
	/* show_mem(SHOW_MEM_FILTER_NODES) prints only the nodes the cpuset or
	 * the nodemask allowed: the others' zones are not in the log */
	for (int nid = 0; nid < r->nr_nodes; nid++) {
		bool seen = false;

		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			seen |= r->zones[nid][zid].seen;
		if (!seen)
			return snprintf(err, errlen, "the report prints no zone of node %d: its "
					"show_mem() printed only the nodes the %s allowed, and a "
					"machine cannot be rebuilt without the others", nid,
					r->constraint_cpuset ? "cpuset" : "cpuset or the nodemask"),
			       -EINVAL;
	}
	if (boot->nr_ranges) {
		for (int i = 0; i < boot->nr_ranges && rm->nr_ranges < REAL_MAX_RANGES; i++) {
			rm->ranges[rm->nr_ranges] = boot->ranges[i];
			rm->ranges[rm->nr_ranges++].kind = IOMEM_RAM;
		}
		rm->have |= RF_IOMEM;
	}
	for (int c = 0; c < NR_REAL_COUNTERS; c++) {
		rm->c[c] = r->mem[c];
		for (int nid = 0; nid < r->nr_nodes; nid++)
			rm->nodes[nid].c[c] = r->node_mem[nid][c];
	}
	/* a report says kernel_stack in kB; the counters keep the file's unit,
	 * which before 4.9 counted 16 KiB stacks (realmachine_finish) */
	if (r->kver && r->kver < 409)
		for (int nid = -1; nid < r->nr_nodes; nid++) {
			long *c = nid < 0 ? rm->c : rm->nodes[nid].c;

			if (c[RC_KSTACK] > 0)
				c[RC_KSTACK] /= 4;
		}
	rm->layout = REAL_LAYOUT_4_8;
	rm->nr_tasks = r->nr_tasks;
	memcpy(rm->tasks, r->tasks, (size_t)r->nr_tasks * sizeof(r->tasks[0]));
	rm->have |= RF_KLOG;
	return 0;
}
