/* core/show_mem.c - the memory report of an OOM kill and of an allocation
 * failure (v4.5): show_mem() of lib/show_mem.c with show_free_areas() of
 * mm/page_alloc.c, and warn_alloc_failed(). The OOM killer's own lines
 * (dump_header, dump_tasks) are in oom_kill.c.
 */
#include <stdio.h>
#include <string.h>

#include "buddyscope/oom_kill.h"
#include "buddyscope/vmscan.h"
#include "internal.h"
#include "oom_internal.h"

unsigned long oom_global_page_state(const struct sim *sim, enum zone_stat_item item)
{
	unsigned long sum = 0;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			sum += zone_page_state(&sim->node_data[nid]->node_zones[zid], item);
	return sum;
}

unsigned long zone_pcp_count(const struct zone *z)
{
	unsigned long n = 0;

	for (int cpu = 0; cpu < z->nr_cpus; cpu++)
		n += (unsigned long)z->pageset[cpu].count;
	return n;
}

/* "Node 0 Normal: 3*4kB (UM) 0*8kB 1*16kB (M) ... = 28kB": nr_free per order,
 * then the letters of the migratetypes whose list at that order is not empty. */
void show_free_list_line(struct sim *sim, struct zone *z)
{
	static const char letters[MIGRATE_TYPES] = {
		[MIGRATE_UNMOVABLE] = 'U', [MIGRATE_MOVABLE] = 'M',
		[MIGRATE_RECLAIMABLE] = 'E', [MIGRATE_HIGHATOMIC] = 'H',
		[MIGRATE_CMA] = 'C', [MIGRATE_ISOLATE] = 'I',
	};
	char line[DMESG_LINE_LEN];
	unsigned long total = 0;
	size_t len;

	len = (size_t)snprintf(line, sizeof(line), "Node %d %s: ", z->zone_pgdat->node_id,
			       z->name);
	for (unsigned int order = 0; order < MAX_ORDER && len < sizeof(line); order++) {
		const struct free_area *area = &z->free_area[order];
		char types[MIGRATE_TYPES + 1];
		size_t nt = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (!list_empty(&sim->map, area->free_list[mt]))
				types[nt++] = letters[mt];
		types[nt] = '\0';
		total += area->nr_free << order;
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%lu*%lukB ",
					area->nr_free, K(1UL) << order);
		if (area->nr_free && len < sizeof(line))
			len += (size_t)snprintf(line + len, sizeof(line) - len, "(%s) ", types);
	}
	if (len < sizeof(line))
		snprintf(line + len, sizeof(line) - len, "= %lukB", K(total));
	printk(sim, "%s", line);
}

/* "lowmem_reserve[]: 0 3019 3659 3659" */
static void show_lowmem_reserve(struct sim *sim, const struct zone *z)
{
	char line[DMESG_LINE_LEN];
	size_t len = (size_t)snprintf(line, sizeof(line), "lowmem_reserve[]:");

	for (int i = 0; i < MAX_NR_ZONES && len < sizeof(line); i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len, " %ld",
					z->lowmem_reserve[i]);
	printk(sim, "%s", line);
}

/* Models: show_mem() (lib/show_mem.c) around show_free_areas() (v4.5).
 * SIMPLIFICATION: the per-zone line stops after inactive_file (the kernel's
 * goes on with unevictable, present, managed, mlocked, dirty, ... and would
 * not fit a log line here); no hugetlb or swap-cache statistics lines. */
void show_mem(struct sim *sim)
{
	unsigned long free_pcp = 0, ram = 0, reserved = 0;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			free_pcp += zone_pcp_count(&sim->node_data[nid]->node_zones[zid]);
	printk(sim, "Mem-Info:");
	printk(sim, "active_anon:%lu inactive_anon:%lu isolated_anon:%lu",
	       oom_global_page_state(sim, NR_ACTIVE_ANON), oom_global_page_state(sim, NR_INACTIVE_ANON),
	       oom_global_page_state(sim, NR_ISOLATED_ANON));
	printk(sim, " active_file:%lu inactive_file:%lu isolated_file:%lu",
	       oom_global_page_state(sim, NR_ACTIVE_FILE), oom_global_page_state(sim, NR_INACTIVE_FILE),
	       oom_global_page_state(sim, NR_ISOLATED_FILE));
	printk(sim, " unevictable:%lu dirty:%lu writeback:%lu unstable:%lu",
	       oom_global_page_state(sim, NR_UNEVICTABLE), oom_global_page_state(sim, NR_FILE_DIRTY),
	       oom_global_page_state(sim, NR_WRITEBACK), oom_global_page_state(sim, NR_UNSTABLE_NFS));
	printk(sim, " slab_reclaimable:%lu slab_unreclaimable:%lu",
	       oom_global_page_state(sim, NR_SLAB_RECLAIMABLE),
	       oom_global_page_state(sim, NR_SLAB_UNRECLAIMABLE));
	printk(sim, " mapped:%lu shmem:%lu pagetables:%lu bounce:%lu",
	       oom_global_page_state(sim, NR_FILE_MAPPED), oom_global_page_state(sim, NR_SHMEM),
	       oom_global_page_state(sim, NR_PAGETABLE), oom_global_page_state(sim, NR_BOUNCE));
	printk(sim, " free:%lu free_pcp:%lu free_cma:%lu", oom_global_page_state(sim, NR_FREE_PAGES),
	       free_pcp, oom_global_page_state(sim, NR_FREE_CMA_PAGES));
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &sim->node_data[nid]->node_zones[zid];

			if (!populated_zone(z))
				continue;
			printk(sim, "Node %d %s free:%lukB min:%lukB low:%lukB high:%lukB "
			       "active_anon:%lukB inactive_anon:%lukB active_file:%lukB "
			       "inactive_file:%lukB", nid, z->name,
			       K(zone_page_state(z, NR_FREE_PAGES)), K(z->watermark[WMARK_MIN]),
			       K(z->watermark[WMARK_LOW]), K(z->watermark[WMARK_HIGH]),
			       K(zone_page_state(z, NR_ACTIVE_ANON)),
			       K(zone_page_state(z, NR_INACTIVE_ANON)),
			       K(zone_page_state(z, NR_ACTIVE_FILE)),
			       K(zone_page_state(z, NR_INACTIVE_FILE)));
			show_lowmem_reserve(sim, z);
			ram += z->present_pages;
			reserved += z->present_pages - z->managed_pages;
		}
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &sim->node_data[nid]->node_zones[zid];

			if (populated_zone(z))
				show_free_list_line(sim, z);
		}
	printk(sim, "%lu total pagecache pages", oom_global_page_state(sim, NR_FILE_PAGES));
	printk(sim, "Free swap  = %ldkB", (long)K(sim->swap_pages - sim->swap_in_use));
	printk(sim, "Total swap = %lukB", K(sim->swap_pages));
	printk(sim, "%lu pages RAM", ram);
	printk(sim, "%lu pages HighMem/MovableOnly", 0UL);	/* no HIGHMEM on x86-64 */
	printk(sim, "%lu pages reserved", reserved);
}

/* A gfp mask as the kernel's reports print it: "0x24000c0" (v4.5's
 * "0x%x"), or "0x24000c0(GFP_KERNEL)" (v4.6's "%#x(%pGg)"; %pGg prints
 * nothing for 0, where gfp_format says "none"). */
const char *report_gfp(const struct sim *sim, gfp_t gfp, char *buf, size_t len)
{
	char names[128] = "";

	enum gfp_style style = kernel_gfp_style(sim_kernel(sim));

	if (style == GFP_STYLE_TRACE45) {
		snprintf(buf, len, "0x%x", gfp);
		return buf;
	}
	if (gfp)
		gfp_format(gfp, style, names, sizeof(names));
	snprintf(buf, len, "%#x(%s)", gfp_value(gfp, style), names);
	return buf;
}

/* Models: warn_alloc_failed() (v4.5; v4.6 adds the decoded flags) as the
 * slow path calls it at nopage.
 * SIMPLIFICATION: no ratelimit (10 reports per 5 s) and no stack dump. */
void warn_alloc_failed(struct sim *sim, gfp_t gfp, unsigned int order)
{
	char mode[160];

	if (gfp & GFP_F_NOWARN)
		return;
	printk(sim, "%s: page allocation failure: order:%u, mode:%s", current_task(sim)->comm,
	       order, report_gfp(sim, gfp, mode, sizeof(mode)));
	show_mem(sim);
}
