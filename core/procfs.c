/* core/procfs.c - /proc/buddyinfo, pagetypeinfo, zoneinfo and vmstat.
 * Models mm/vmstat.c frag_show_print(), pagetypeinfo_show(),
 * zoneinfo_show_print(), vmstat_start()/vmstat_show() and
 * mm/page-writeback.c global_dirty_limits() (v4.5, x86-64, CONFIG_NUMA,
 * CONFIG_SMP). The layout is the kernel's byte for byte, trailing spaces
 * included, so a real machine's files and ours can be compared with diff.
 *
 * Only the public accessors of sim.h and the fields of mmzone.h are used;
 * nothing here changes the sim.
 */
#include "buddyscope/procfs.h"

#include "buddyscope/vmscan.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/kernel.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/sim.h"
#include "buddyscope/strbuf.h"
#include "buddyscope/vmstat.h"

/* Models: walk_zones_in_node() - populated zones of a node, in zone order. */
static const struct zone *populated(const struct sim *sim, int nid, int zid)
{
	const struct zone *z = sim_zone(sim, nid, zid);

	return z && populated_zone(z) ? z : NULL;
}

static const char *zname(const struct zone *z)
{
	return z->name ? z->name : zone_names[z->zid];
}

/* node_state(nid, N_MEMORY): the node has present pages */
static bool node_has_memory(const struct sim *sim, int nid)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (populated(sim, nid, zid))
			return true;
	return false;
}

/* ---- /proc/buddyinfo ---- */

/* Models: frag_show_print() - free blocks per order, all migratetypes. */
void procfs_show_buddyinfo(const struct sim *sim, struct strbuf *out)
{
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = populated(sim, nid, zid);

			if (!z)
				continue;
			sb_printf(out, "Node %d, zone %8s ", nid, zname(z));
			for (int o = 0; o < MAX_ORDER; o++)
				sb_printf(out, "%6lu ", z->free_area[o].nr_free);
			sb_putc(out, '\n');
		}
	}
}

/* ---- /proc/pagetypeinfo ---- */

/*
 * Models: pfn_valid() for x86-64 SPARSEMEM (SECTION_SIZE_BITS 27): a pfn is
 * valid when its 128 MiB section holds any present memory, so a pageblock
 * in a small hole is still counted and one in a large hole (the PCI hole
 * below 4 GiB) is not.
 * SIMPLIFICATION: a zone's present pages are its first present_pages pfns
 * (machine.h puts the hole at the end of the zone).
 */
#define PFN_SECTION_SHIFT	(27 - PAGE_SHIFT)

static bool section_has_memory(const struct sim *sim, unsigned long section)
{
	unsigned long lo = section << PFN_SECTION_SHIFT;
	unsigned long hi = lo + (1UL << PFN_SECTION_SHIFT);

	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = populated(sim, nid, zid);

			if (z && z->zone_start_pfn < hi &&
			    lo < z->zone_start_pfn + z->present_pages)
				return true;
		}
	}
	return false;
}

/* The machine's kernel has this migratetype (CONFIG_CMA decides for CMA):
 * as a real machine's files showed, else as the kernel version is built
 * (Debian's 6.1 has no CONFIG_CMA unless the machine has a CMA area, with
 * which the model runs it as built with CONFIG_CMA=y; the 4.x model always
 * printed CMA). */
static bool mt_shown(const struct sim *sim, int mt)
{
	unsigned int shown = sim_machine(sim)->migratetypes_shown;

	if (shown)
		return (shown & (1u << mt)) != 0;
	return mt != MIGRATE_CMA || sim_kernel(sim)->config_cma || sim_machine(sim)->cma_pages;
}

/* Models: pagetypeinfo_showfree_print(); 5.5+ stop counting a list at
 * 100000 blocks and print ">100000" (kernel.h pagetypeinfo_cap) */
static void pagetypeinfo_showfree_print(const struct sim *sim, struct strbuf *out, int nid,
					const struct zone *z)
{
	unsigned long cap = sim_kernel(sim)->pagetypeinfo_cap;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		if (!mt_shown(sim, mt))
			continue;
		sb_printf(out, "Node %4d, zone %8s, type %12s ", nid, zname(z),
			  migratetype_names[mt]);
		for (int o = 0; o < MAX_ORDER; o++) {
			unsigned long n = z->free_area[o].nr_free_mt[mt];

			if (cap && n >= cap)
				sb_printf(out, ">%6lu ", cap);
			else
				sb_printf(out, "%6lu ", n);
		}
		sb_putc(out, '\n');
	}
}

bool procfs_pageblock_counted(const struct sim *sim, unsigned long pfn)
{
	return section_has_memory(sim, pfn >> PFN_SECTION_SHIFT) &&
	       !(sim_pageblock_flags(sim, pfn) & PB_nomap);
}

/* Models: pagetypeinfo_showblockcount_print() - pageblocks by their type. */
static void pagetypeinfo_showblockcount_print(const struct sim *sim, struct strbuf *out,
					      int nid, const struct zone *z)
{
	unsigned long count[MIGRATE_TYPES] = { 0 };
	unsigned long section = (unsigned long)-1;
	bool valid = false;

	for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z);
	     pfn += pageblock_nr_pages) {
		unsigned int mt;

		if (pfn >> PFN_SECTION_SHIFT != section) {
			section = pfn >> PFN_SECTION_SHIFT;
			valid = section_has_memory(sim, section);
		}
		if (!valid || (sim_pageblock_flags(sim, pfn) & PB_nomap))
			continue;
		mt = sim_pageblock_migratetype(sim, pfn);
		if (mt < MIGRATE_TYPES)
			count[mt]++;
	}
	sb_printf(out, "Node %d, zone %8s ", nid, zname(z));
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		if (mt_shown(sim, mt))
			sb_printf(out, "%12lu ", count[mt]);
	sb_putc(out, '\n');
}

/*
 * Models: pagetypeinfo_show(), once per node with memory. Free counts are
 * blocks on the buddy lists of each type (pcp pages are not on them).
 * Without CONFIG_PAGE_OWNER the kernel prints no "mixed blocks" table.
 */
void procfs_show_pagetypeinfo(const struct sim *sim, struct strbuf *out)
{
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		if (!node_has_memory(sim, nid))
			continue;
		sb_printf(out, "Page block order: %d\n", pageblock_order);
		sb_printf(out, "Pages per block:  %lu\n", pageblock_nr_pages);
		sb_putc(out, '\n');

		sb_printf(out, "%-43s ", "Free pages count per migrate type at order");
		for (int o = 0; o < MAX_ORDER; o++)
			sb_printf(out, "%6d ", o);
		sb_putc(out, '\n');
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = populated(sim, nid, zid);

			if (z)
				pagetypeinfo_showfree_print(sim, out, nid, z);
		}

		sb_printf(out, "\n%-23s", "Number of blocks type ");
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (mt_shown(sim, mt))
				sb_printf(out, "%12s ", migratetype_names[mt]);
		sb_putc(out, '\n');
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = populated(sim, nid, zid);

			if (z)
				pagetypeinfo_showblockcount_print(sim, out, nid, z);
		}
	}
}

/* ---- /proc/zoneinfo ---- */

/* fls(): position of the highest set bit, 1-based; fls(0) = 0 */
static int fls_ul(unsigned long x)
{
	int r = 0;

	while (x) {
		x >>= 1;
		r++;
	}
	return r;
}

/*
 * Models: calculate_normal_threshold() - the per-cpu counter drift a zone
 * tolerates, growing with log2 of the CPUs and of the zone size in 128 MiB
 * units, at most 125. E.g. 4 CPUs, 3 GiB managed: mem = 24,
 * 2 * fls(4) * (1 + fls(24)) = 2 * 3 * 6 = 36.
 * SIMPLIFICATION: while kswapd runs the kernel switches a node to the
 * smaller calculate_pressure_threshold(); we always show the normal one.
 */
int procfs_stat_threshold(const struct zone *z, int nr_cpus)
{
	unsigned long mem = z->managed_pages >> (27 - PAGE_SHIFT);
	int threshold = 2 * fls_ul((unsigned long)nr_cpus) * (1 + fls_ul(mem));

	return threshold < 125 ? threshold : 125;
}


/* Models: zoneinfo_show_print() (v4.5 layout: populated zones only). */
static void zoneinfo_show_print(const struct sim *sim, struct strbuf *out, int nid,
				const struct zone *z)
{
	int nr_cpus = sim_nr_cpus(sim);
	int threshold = procfs_stat_threshold(z, nr_cpus);

	sb_printf(out, "Node %d, zone %8s", nid, zname(z));
	sb_printf(out,
		  "\n  pages free     %lu"
		  "\n        min      %lu"
		  "\n        low      %lu"
		  "\n        high     %lu"
		  "\n        scanned  %lu"
		  "\n        spanned  %lu"
		  "\n        present  %lu"
		  "\n        managed  %lu",
		  zone_page_state(z, NR_FREE_PAGES),
		  z->watermark[WMARK_MIN], z->watermark[WMARK_LOW], z->watermark[WMARK_HIGH],
		  zone_page_state(z, NR_PAGES_SCANNED),
		  z->spanned_pages, z->present_pages, z->managed_pages);

	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		sb_printf(out, "\n    %-12s %lu", zone_stat_name((enum zone_stat_item)i),
			  zone_page_state(z, (enum zone_stat_item)i));

	sb_printf(out, "\n        protection: (%ld", z->lowmem_reserve[0]);
	for (int i = 1; i < MAX_NR_ZONES; i++)
		sb_printf(out, ", %ld", z->lowmem_reserve[i]);
	sb_puts(out, ")\n  pagesets");

	for (int cpu = 0; cpu < nr_cpus; cpu++) {
		struct per_cpu_pages pcp = { 0 };

		if (z->pageset && cpu < z->nr_cpus)
			pcp = z->pageset[cpu];
		sb_printf(out,
			  "\n    cpu: %i"
			  "\n              count: %i"
			  "\n              high:  %i"
			  "\n              batch: %i",
			  cpu, pcp.count, pcp.high, pcp.batch);
		sb_printf(out, "\n  vm stats threshold: %d", threshold);
	}
	sb_printf(out,
		  "\n  all_unreclaimable: %u"
		  "\n  start_pfn:         %lu"
		  "\n  inactive_ratio:    %u",
		  (unsigned int)!zone_reclaimable(sim, z), z->zone_start_pfn, z->inactive_ratio);
	sb_putc(out, '\n');
}

void procfs_show_zoneinfo_4_5(const struct sim *sim, struct strbuf *out)
{
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = populated(sim, nid, zid);

			if (z)
				zoneinfo_show_print(sim, out, nid, z);
		}
	}
}

/* ---- /proc/vmstat ---- */

/* Models: global_page_state() - the sum over all zones, clamped at 0. */
static unsigned long global_page_state(const struct sim *sim, enum zone_stat_item item)
{
	long x = 0;

	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);

			if (z)
				x += z->vm_stat[item];
		}
	}
	return x < 0 ? 0 : (unsigned long)x;
}

/*
 * A vm.* sysctl as a number, or @def when the sim has no such sysctl. The
 * name table is searched first because sim_sysctl_get() records an error
 * message for an unknown name, and showing a file must not touch the sim.
 */
static unsigned long sysctl_ul(const struct sim *sim, const char *name, unsigned long def)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned long v = def;
	const char *known;
	char *end;
	size_t i;

	for (i = 0; (known = sim_sysctl_name_at(i)) != NULL; i++)
		if (!strcmp(known, name))
			break;
	if (!known)
		return def;
	if (sim_sysctl_get(sim, name, &sb) == 0 && !sb.failed) {
		unsigned long x = strtoul(sb_str(&sb), &end, 10);

		if (end != sb_str(&sb))
			v = x;
	}
	sb_release(&sb);
	return v;
}

/*
 * Models: global_dirty_limits() = global_dirtyable_memory() +
 * domain_dirty_limits() (v4.5, no memcg, not a PF_LESS_THROTTLE/RT task).
 *   dirtyable = (free - min(free, totalreserve_pages)) + file LRU + 1
 *   ratio is kept per PAGE_SIZE: 20% -> 20 * 4096 / 100 = 819, so
 *   thresh = 819 * dirtyable / 4096 (a hair under 20%)
 *   bg_thresh >= thresh is cut to thresh / 2
 */
void procfs_global_dirty_limits(const struct sim *sim, unsigned long *pbackground,
				unsigned long *pdirty)
{
	unsigned long x = global_page_state(sim, NR_FREE_PAGES);
	unsigned long reserve = sim_totalreserve_pages(sim);
	unsigned long ratio = sysctl_ul(sim, "vm.dirty_ratio", 20) * PAGE_SIZE / 100;
	unsigned long bg_ratio = sysctl_ul(sim, "vm.dirty_background_ratio", 10) * PAGE_SIZE / 100;
	unsigned long thresh, bg_thresh;

	x -= x < reserve ? x : reserve;
	x += global_page_state(sim, NR_INACTIVE_FILE);
	x += global_page_state(sim, NR_ACTIVE_FILE);
	x += 1;		/* never 0 */

	/* SIMPLIFICATION: no vm.dirty_bytes or vm.dirty_background_bytes (no
	 * version's sysctl table has them): the ratios decide */
	thresh = ratio * x / PAGE_SIZE;
	bg_thresh = bg_ratio * x / PAGE_SIZE;
	if (bg_thresh >= thresh)
		bg_thresh = thresh / 2;
	*pbackground = bg_thresh;
	*pdirty = thresh;
}

/* Models: vmstat_start() + vmstat_show(): zone items, dirty limits, events,
 * the events this kernel has (kernel.h: vmstat_absent). */
void procfs_show_vmstat_4_5(const struct sim *sim, struct strbuf *out)
{
	unsigned long bg, dirty;

	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		sb_printf(out, "%s %lu\n", zone_stat_name((enum zone_stat_item)i),
			  global_page_state(sim, (enum zone_stat_item)i));

	procfs_global_dirty_limits(sim, &bg, &dirty);
	sb_printf(out, "nr_dirty_threshold %lu\n", dirty);
	sb_printf(out, "nr_dirty_background_threshold %lu\n", bg);

	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++) {
		unsigned long v = sim_vm_event(sim, i);

		if (!kernel_has_vmstat(sim_kernel(sim), i))
			continue;	/* a counter this kernel does not have */
		if (i == PGPGIN || i == PGPGOUT)
			v /= 2;		/* the counters hold sectors; /proc shows KiB */
		sb_printf(out, "%s %lu\n", vm_event_name((enum vm_event_item)i), v);
	}
}

/* The running kernel's layout (kernel.h: show_zoneinfo, show_vmstat). */
void procfs_show_zoneinfo(const struct sim *sim, struct strbuf *out)
{
	sim_kernel(sim)->ops->show_zoneinfo(sim, out);
}

void procfs_show_vmstat(const struct sim *sim, struct strbuf *out)
{
	sim_kernel(sim)->ops->show_vmstat(sim, out);
}

/* ---- /sys/kernel/debug/extfrag ---- */

/* "%d.%03d " as the kernel prints an index in thousandths: 937 -> "0.937 ",
 * -1000 -> "-1.000 " (C division truncates toward zero, as the kernel's). */
static void print_index(struct strbuf *out, int index)
{
	sb_printf(out, "%d.%03d ", index / 1000, index % 1000);
}

/* Models: extfrag_show_print() / unusable_show_print() over
 * walk_zones_in_node() (v4.5): populated zones, node by node. */
static void show_frag_indices(const struct sim *sim, struct strbuf *out, bool unusable)
{
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = populated(sim, nid, zid);
			struct contig_page_info info;

			if (!z)
				continue;
			sb_printf(out, "Node %d, zone %8s ", nid, zname(z));
			for (unsigned int o = 0; o < MAX_ORDER; o++) {
				fill_contig_page_info(z, o, &info);
				print_index(out, unusable ? unusable_free_index(o, &info)
							  : fragmentation_index_info(o, &info));
			}
			sb_putc(out, '\n');
		}
	}
}

void procfs_show_extfrag(const struct sim *sim, struct strbuf *out)
{
	show_frag_indices(sim, out, false);
}

void procfs_show_unusable(const struct sim *sim, struct strbuf *out)
{
	show_frag_indices(sim, out, true);
}
