/* core/procfs_6_1.c - /proc/zoneinfo and /proc/vmstat as Linux 6.1 prints
 * them.
 * Models mm/vmstat.c (6.1): zoneinfo_show_print(), vmstat_start() and
 * vmstat_text[], for Debian 12's configuration (x86-64, ZONE_DMA,
 * ZONE_DMA32, ZONE_DEVICE, NUMA, SMP, COMPACTION, MIGRATION, HUGETLB_PAGE,
 * TRANSPARENT_HUGEPAGE, MEMORY_BALLOON, BALLOON_COMPACTION, NUMA_BALANCING,
 * SWAP, KSM, ZSWAP, X86 direct-map counters; no CMA, no HIGHMEM,
 * no DEBUG_TLBFLUSH). Checked line by line against a real 6.1.0-56 guest.
 *
 * 6.1 keeps most counters per node (the LRU sizes, slab, file and anon
 * pages: "per-node stats") and a few per zone. The model keeps them per
 * zone; a node's value is the sum over its zones, which is what the node
 * counter holds in 6.1 (each page is on exactly one zone of one node).
 * Counters of things the model never does (workingset shadow entries,
 * shmem THPs, page pinning, memory tiering, NUMA balancing, balloons, KSM,
 * zswap, direct-map splits) print 0, which is what they count here.
 */
#include <stdbool.h>
#include <stddef.h>

#include "buddyscope/kernel.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/procfs.h"
#include "buddyscope/sim.h"
#include "buddyscope/strbuf.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"

/* Where a 6.1 counter's value comes from in the model. */
enum src6 {
	S_ZONE,		/* a zone item of the model (enum zone_stat_item) */
	S_WRITE_PENDING, /* NR_ZONE_WRITE_PENDING: dirty + writeback */
	S_KSTACK_KB,	/* NR_KERNEL_STACK: the model counts 16 KiB stacks, 4.9+ prints KiB */
	S_EVENT,	/* a vm event (enum vm_event_item) */
	S_EVENT_HALF,	/* pgpgin/pgpgout: sectors counted, KiB printed */
	S_EVENT_ZONES,	/* the sum of a per-zone event's four zone types */
	S_ZERO,		/* something the model never does */
};

struct item6 {
	const char	*name;
	enum src6	src;
	int		item;	/* zone item, or event (the first zone's for S_EVENT_ZONES) */
};

/* enum zone_stat_item (6.1): what each zone keeps itself */
static const struct item6 zone_items[] = {
	{ "nr_free_pages", S_ZONE, NR_FREE_PAGES },
	{ "nr_zone_inactive_anon", S_ZONE, NR_INACTIVE_ANON },
	{ "nr_zone_active_anon", S_ZONE, NR_ACTIVE_ANON },
	{ "nr_zone_inactive_file", S_ZONE, NR_INACTIVE_FILE },
	{ "nr_zone_active_file", S_ZONE, NR_ACTIVE_FILE },
	{ "nr_zone_unevictable", S_ZONE, NR_UNEVICTABLE },
	{ "nr_zone_write_pending", S_WRITE_PENDING, 0 },
	{ "nr_mlock", S_ZONE, NR_MLOCK },
	{ "nr_bounce", S_ZONE, NR_BOUNCE },
	{ "nr_zspages", S_ZERO, 0 },
	{ "nr_free_cma", S_ZONE, NR_FREE_CMA_PAGES },
};

/* enum numa_stat_item (6.1): per-zone NUMA event counters */
static const struct item6 numa_items[] = {
	{ "numa_hit", S_ZONE, NUMA_HIT },
	{ "numa_miss", S_ZONE, NUMA_MISS },
	{ "numa_foreign", S_ZONE, NUMA_FOREIGN },
	{ "numa_interleave", S_ZONE, NUMA_INTERLEAVE_HIT },
	{ "numa_local", S_ZONE, NUMA_LOCAL },
	{ "numa_other", S_ZONE, NUMA_OTHER },
};

/* enum node_stat_item (6.1): the node's counters, summed from its zones */
static const struct item6 node_items[] = {
	{ "nr_inactive_anon", S_ZONE, NR_INACTIVE_ANON },
	{ "nr_active_anon", S_ZONE, NR_ACTIVE_ANON },
	{ "nr_inactive_file", S_ZONE, NR_INACTIVE_FILE },
	{ "nr_active_file", S_ZONE, NR_ACTIVE_FILE },
	{ "nr_unevictable", S_ZONE, NR_UNEVICTABLE },
	{ "nr_slab_reclaimable", S_ZONE, NR_SLAB_RECLAIMABLE },
	{ "nr_slab_unreclaimable", S_ZONE, NR_SLAB_UNRECLAIMABLE },
	{ "nr_isolated_anon", S_ZONE, NR_ISOLATED_ANON },
	{ "nr_isolated_file", S_ZONE, NR_ISOLATED_FILE },
	{ "workingset_nodes", S_ZERO, 0 },
	{ "workingset_refault_anon", S_ZERO, 0 },
	{ "workingset_refault_file", S_ZONE, WORKINGSET_REFAULT },
	{ "workingset_activate_anon", S_ZERO, 0 },
	{ "workingset_activate_file", S_ZONE, WORKINGSET_ACTIVATE },
	{ "workingset_restore_anon", S_ZERO, 0 },
	{ "workingset_restore_file", S_ZERO, 0 },
	{ "workingset_nodereclaim", S_ZONE, WORKINGSET_NODERECLAIM },
	{ "nr_anon_pages", S_ZONE, NR_ANON_PAGES },
	{ "nr_mapped", S_ZONE, NR_FILE_MAPPED },
	{ "nr_file_pages", S_ZONE, NR_FILE_PAGES },
	{ "nr_dirty", S_ZONE, NR_FILE_DIRTY },
	{ "nr_writeback", S_ZONE, NR_WRITEBACK },
	{ "nr_writeback_temp", S_ZONE, NR_WRITEBACK_TEMP },
	{ "nr_shmem", S_ZONE, NR_SHMEM },
	{ "nr_shmem_hugepages", S_ZERO, 0 },
	{ "nr_shmem_pmdmapped", S_ZERO, 0 },
	{ "nr_file_hugepages", S_ZERO, 0 },
	{ "nr_file_pmdmapped", S_ZERO, 0 },
	{ "nr_anon_transparent_hugepages", S_ZONE, NR_ANON_TRANSPARENT_HUGEPAGES },
	{ "nr_vmscan_write", S_ZONE, NR_VMSCAN_WRITE },
	{ "nr_vmscan_immediate_reclaim", S_ZONE, NR_VMSCAN_IMMEDIATE },
	{ "nr_dirtied", S_ZONE, NR_DIRTIED },
	{ "nr_written", S_ZONE, NR_WRITTEN },
	{ "nr_throttled_written", S_ZERO, 0 },
	{ "nr_kernel_misc_reclaimable", S_ZERO, 0 },
	{ "nr_foll_pin_acquired", S_ZERO, 0 },
	{ "nr_foll_pin_released", S_ZERO, 0 },
	{ "nr_kernel_stack", S_KSTACK_KB, NR_KERNEL_STACK },
	{ "nr_page_table_pages", S_ZONE, NR_PAGETABLE },
	{ "nr_sec_page_table_pages", S_ZERO, 0 },
	{ "nr_swapcached", S_ZERO, 0 },
	{ "pgpromote_success", S_ZERO, 0 },
	{ "pgpromote_candidate", S_ZERO, 0 },
};

#define EVZ(name, base)	{ name "_dma", S_EVENT, base##_DMA },			\
			{ name "_dma32", S_EVENT, base##_DMA32 },			\
			{ name "_normal", S_EVENT, base##_NORMAL },		\
			{ name "_movable", S_EVENT, base##_MOVABLE },		\
			{ name "_device", S_ZERO, 0 }

/* enum vm_event_item (6.1), in vmstat_text[] order after the two dirty
 * thresholds; "nr_unstable" is the legacy line 6.1 still prints last */
static const struct item6 event_items[] = {
	{ "pgpgin", S_EVENT_HALF, PGPGIN },
	{ "pgpgout", S_EVENT_HALF, PGPGOUT },
	{ "pswpin", S_EVENT, PSWPIN },
	{ "pswpout", S_EVENT, PSWPOUT },
	EVZ("pgalloc", PGALLOC),
	EVZ("allocstall", ALLOCSTALL_ZONE),
	EVZ("pgskip", PGSKIP),
	{ "pgfree", S_EVENT, PGFREE },
	{ "pgactivate", S_EVENT, PGACTIVATE },
	{ "pgdeactivate", S_EVENT, PGDEACTIVATE },
	{ "pglazyfree", S_ZERO, 0 },
	{ "pgfault", S_EVENT, PGFAULT },
	{ "pgmajfault", S_EVENT, PGMAJFAULT },
	{ "pglazyfreed", S_EVENT, PGLAZYFREED },
	{ "pgrefill", S_EVENT_ZONES, PGREFILL_DMA },
	{ "pgreuse", S_ZERO, 0 },
	{ "pgsteal_kswapd", S_EVENT_ZONES, PGSTEAL_KSWAPD_DMA },
	{ "pgsteal_direct", S_EVENT_ZONES, PGSTEAL_DIRECT_DMA },
	{ "pgdemote_kswapd", S_ZERO, 0 },
	{ "pgdemote_direct", S_ZERO, 0 },
	{ "pgscan_kswapd", S_EVENT_ZONES, PGSCAN_KSWAPD_DMA },
	{ "pgscan_direct", S_EVENT_ZONES, PGSCAN_DIRECT_DMA },
	{ "pgscan_direct_throttle", S_EVENT, PGSCAN_DIRECT_THROTTLE },
	{ "pgscan_anon", S_EVENT, PGSCAN_ANON },
	{ "pgscan_file", S_EVENT, PGSCAN_FILE },
	{ "pgsteal_anon", S_EVENT, PGSTEAL_ANON },
	{ "pgsteal_file", S_EVENT, PGSTEAL_FILE },
	{ "zone_reclaim_failed", S_EVENT, ZONE_RECLAIM_FAILED },
	{ "pginodesteal", S_EVENT, PGINODESTEAL },
	{ "slabs_scanned", S_EVENT, SLABS_SCANNED },
	{ "kswapd_inodesteal", S_EVENT, KSWAPD_INODESTEAL },
	{ "kswapd_low_wmark_hit_quickly", S_EVENT, KSWAPD_LOW_WMARK_HIT_QUICKLY },
	{ "kswapd_high_wmark_hit_quickly", S_EVENT, KSWAPD_HIGH_WMARK_HIT_QUICKLY },
	{ "pageoutrun", S_EVENT, PAGEOUTRUN },
	{ "pgrotated", S_EVENT, PGROTATED },
	{ "drop_pagecache", S_EVENT, DROP_PAGECACHE },
	{ "drop_slab", S_EVENT, DROP_SLAB },
	{ "oom_kill", S_EVENT, OOM_KILL },
	{ "numa_pte_updates", S_ZERO, 0 },
	{ "numa_huge_pte_updates", S_ZERO, 0 },
	{ "numa_hint_faults", S_ZERO, 0 },
	{ "numa_hint_faults_local", S_ZERO, 0 },
	{ "numa_pages_migrated", S_ZERO, 0 },
	{ "pgmigrate_success", S_EVENT, PGMIGRATE_SUCCESS },
	{ "pgmigrate_fail", S_EVENT, PGMIGRATE_FAIL },
	{ "thp_migration_success", S_ZERO, 0 },
	{ "thp_migration_fail", S_ZERO, 0 },
	{ "thp_migration_split", S_ZERO, 0 },
	{ "compact_migrate_scanned", S_EVENT, COMPACTMIGRATE_SCANNED },
	{ "compact_free_scanned", S_EVENT, COMPACTFREE_SCANNED },
	{ "compact_isolated", S_EVENT, COMPACTISOLATED },
	{ "compact_stall", S_EVENT, COMPACTSTALL },
	{ "compact_fail", S_EVENT, COMPACTFAIL },
	{ "compact_success", S_EVENT, COMPACTSUCCESS },
	{ "compact_daemon_wake", S_EVENT, COMPACTDAEMON_WAKE },
	{ "compact_daemon_migrate_scanned", S_EVENT, COMPACTDAEMON_MIGRATE_SCANNED },
	{ "compact_daemon_free_scanned", S_EVENT, COMPACTDAEMON_FREE_SCANNED },
	{ "htlb_buddy_alloc_success", S_EVENT, HTLB_BUDDY_PGALLOC },
	{ "htlb_buddy_alloc_fail", S_EVENT, HTLB_BUDDY_PGALLOC_FAIL },
	{ "unevictable_pgs_culled", S_EVENT, UNEVICTABLE_PGCULLED },
	{ "unevictable_pgs_scanned", S_EVENT, UNEVICTABLE_PGSCANNED },
	{ "unevictable_pgs_rescued", S_EVENT, UNEVICTABLE_PGRESCUED },
	{ "unevictable_pgs_mlocked", S_EVENT, UNEVICTABLE_PGMLOCKED },
	{ "unevictable_pgs_munlocked", S_EVENT, UNEVICTABLE_PGMUNLOCKED },
	{ "unevictable_pgs_cleared", S_EVENT, UNEVICTABLE_PGCLEARED },
	{ "unevictable_pgs_stranded", S_EVENT, UNEVICTABLE_PGSTRANDED },
	{ "thp_fault_alloc", S_EVENT, THP_FAULT_ALLOC },
	{ "thp_fault_fallback", S_EVENT, THP_FAULT_FALLBACK },
	{ "thp_fault_fallback_charge", S_ZERO, 0 },
	{ "thp_collapse_alloc", S_EVENT, THP_COLLAPSE_ALLOC },
	{ "thp_collapse_alloc_failed", S_EVENT, THP_COLLAPSE_ALLOC_FAILED },
	{ "thp_file_alloc", S_ZERO, 0 },
	{ "thp_file_fallback", S_ZERO, 0 },
	{ "thp_file_fallback_charge", S_ZERO, 0 },
	{ "thp_file_mapped", S_ZERO, 0 },
	{ "thp_split_page", S_EVENT, THP_SPLIT_PAGE },
	{ "thp_split_page_failed", S_EVENT, THP_SPLIT_PAGE_FAILED },
	{ "thp_deferred_split_page", S_ZERO, 0 },
	{ "thp_split_pmd", S_EVENT, THP_SPLIT_PMD },
	{ "thp_scan_exceed_none_pte", S_ZERO, 0 },
	{ "thp_scan_exceed_swap_pte", S_ZERO, 0 },
	{ "thp_scan_exceed_share_pte", S_ZERO, 0 },
	{ "thp_split_pud", S_ZERO, 0 },
	{ "thp_zero_page_alloc", S_EVENT, THP_ZERO_PAGE_ALLOC },
	{ "thp_zero_page_alloc_failed", S_EVENT, THP_ZERO_PAGE_ALLOC_FAILED },
	{ "thp_swpout", S_ZERO, 0 },
	{ "thp_swpout_fallback", S_ZERO, 0 },
	{ "balloon_inflate", S_ZERO, 0 },
	{ "balloon_deflate", S_ZERO, 0 },
	{ "balloon_migrate", S_ZERO, 0 },
	{ "swap_ra", S_ZERO, 0 },
	{ "swap_ra_hit", S_ZERO, 0 },
	{ "ksm_swpin_copy", S_ZERO, 0 },
	{ "cow_ksm", S_ZERO, 0 },
	{ "zswpin", S_ZERO, 0 },
	{ "zswpout", S_ZERO, 0 },
	{ "direct_map_level2_splits", S_ZERO, 0 },
	{ "direct_map_level3_splits", S_ZERO, 0 },
	{ "nr_unstable", S_ZERO, 0 },
};

#define N(a)	(sizeof(a) / sizeof((a)[0]))

/* One zone's value of a zone, NUMA or node item (clamped at 0 as the
 * kernel's readers clamp a negative per-cpu drift). */
static long zone_value(const struct zone *z, const struct item6 *it)
{
	switch (it->src) {
	case S_ZONE:
		return z->vm_stat[it->item];
	case S_WRITE_PENDING:
		return z->vm_stat[NR_FILE_DIRTY] + z->vm_stat[NR_WRITEBACK];
	case S_KSTACK_KB:	/* THREAD_SIZE, 16 KiB on x86-64 */
		return z->vm_stat[NR_KERNEL_STACK] * THREAD_SIZE_KB;
	default:
		return 0;
	}
}

static unsigned long clamp0(long x)
{
	return x < 0 ? 0 : (unsigned long)x;
}

/* A node item: the sum over the node's zones. */
static unsigned long node_value(const struct sim *sim, int nid, const struct item6 *it)
{
	long x = 0;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		x += zone_value(sim_zone(sim, nid, zid), it);
	return clamp0(x);
}

static unsigned long global_value(const struct sim *sim, const struct item6 *it)
{
	long x = 0;

	for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			x += zone_value(sim_zone(sim, nid, zid), it);
	return clamp0(x);
}

static unsigned long event_value(const struct sim *sim, const struct item6 *it)
{
	unsigned long v = 0;

	switch (it->src) {
	case S_EVENT:
		return sim_vm_event(sim, it->item);
	case S_EVENT_HALF:
		return sim_vm_event(sim, it->item) / 2;
	case S_EVENT_ZONES:
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			v += sim_vm_event(sim, it->item + zid);
		return v;
	default:
		return 0;
	}
}

/* ---- /proc/zoneinfo ---- */

/* is_zone_first_populated() */
static bool first_populated(const struct sim *sim, int nid, int zid)
{
	for (int i = 0; i < zid; i++)
		if (populated_zone(sim_zone(sim, nid, i)))
			return false;
	return populated_zone(sim_zone(sim, nid, zid));
}

/* The node's kswapd gave up (kswapd_failures >= MAX_RECLAIM_RETRIES). */
static unsigned int node_unreclaimable(const struct sim *sim, int nid)
{
	return sim_node(sim, nid)->kswapd_failures >= 16;
}

/* An empty zone type the machine has no struct zone for (ZONE_DEVICE). */
static void zoneinfo_show_empty(struct strbuf *out, int nid, const char *name, int nr_reserve)
{
	sb_printf(out, "Node %d, zone %8s", nid, name);
	sb_puts(out, "\n  pages free     0"
		     "\n        boost    0"
		     "\n        min      0"
		     "\n        low      0"
		     "\n        high     0"
		     "\n        spanned  0"
		     "\n        present  0"
		     "\n        managed  0"
		     "\n        cma      0"
		     "\n        protection: (0");
	for (int i = 1; i < nr_reserve; i++)
		sb_puts(out, ", 0");
	sb_puts(out, ")\n");
}

/*
 * Models: zoneinfo_show_print() (6.1). Every zone type is printed, empty
 * ones with their watermark block only; the first populated zone of a node
 * carries the node's counters. protection: has an entry per zone type,
 * ZONE_DEVICE's (always 0 here: nothing above it) included.
 */
static void zoneinfo_show_print(const struct sim *sim, struct strbuf *out, int nid, int zid,
				int nr_reserve)
{
	const struct zone *z = sim_zone(sim, nid, zid);
	int nr_cpus = sim_nr_cpus(sim);

	sb_printf(out, "Node %d, zone %8s", nid, zone_names[zid]);
	if (first_populated(sim, nid, zid)) {
		sb_puts(out, "\n  per-node stats");
		for (size_t i = 0; i < N(node_items); i++)
			sb_printf(out, "\n      %-12s %lu", node_items[i].name,
				  node_value(sim, nid, &node_items[i]));
	}
	sb_printf(out,
		  "\n  pages free     %lu"
		  "\n        boost    %lu"
		  "\n        min      %lu"
		  "\n        low      %lu"
		  "\n        high     %lu"
		  "\n        spanned  %lu"
		  "\n        present  %lu"
		  "\n        managed  %lu"
		  "\n        cma      %lu",
		  zone_page_state(z, NR_FREE_PAGES), z->watermark_boost,
		  z->watermark[WMARK_MIN] + z->watermark_boost,
		  z->watermark[WMARK_LOW] + z->watermark_boost,
		  z->watermark[WMARK_HIGH] + z->watermark_boost,
		  z->spanned_pages, z->present_pages, z->managed_pages, z->cma_pages);
	sb_printf(out, "\n        protection: (%ld", z->lowmem_reserve[0]);
	for (int i = 1; i < nr_reserve; i++)
		/* ZONE_DEVICE is empty: its entry repeats the topmost zone's */
		sb_printf(out, ", %ld", z->lowmem_reserve[i < MAX_NR_ZONES ? i : MAX_NR_ZONES - 1]);
	sb_putc(out, ')');
	if (!populated_zone(z)) {
		sb_putc(out, '\n');
		return;
	}
	for (size_t i = 0; i < N(zone_items); i++)
		sb_printf(out, "\n      %-12s %lu", zone_items[i].name,
			  clamp0(zone_value(z, &zone_items[i])));
	for (size_t i = 0; i < N(numa_items); i++)
		sb_printf(out, "\n      %-12s %lu", numa_items[i].name,
			  clamp0(zone_value(z, &numa_items[i])));
	sb_puts(out, "\n  pagesets");
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
		sb_printf(out, "\n  vm stats threshold: %d", procfs_stat_threshold(z, nr_cpus));
	}
	sb_printf(out,
		  "\n  node_unreclaimable:  %u"
		  "\n  start_pfn:           %lu",
		  node_unreclaimable(sim, nid), z->zone_start_pfn);
	sb_putc(out, '\n');
}

void procfs_show_zoneinfo_6_1(const struct sim *sim, struct strbuf *out)
{
	bool device = sim_kernel(sim)->zone_device;
	int nr_reserve = MAX_NR_ZONES + device;

	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			zoneinfo_show_print(sim, out, nid, zid, nr_reserve);
		if (device)
			zoneinfo_show_empty(out, nid, "Device", nr_reserve);
	}
}

/* ---- /proc/vmstat ---- */

/* Models: vmstat_start() + vmstat_show() (6.1): zone items, NUMA events,
 * node items, the dirty thresholds, then the events. */
void procfs_show_vmstat_6_1(const struct sim *sim, struct strbuf *out)
{
	unsigned long bg, dirty;

	for (size_t i = 0; i < N(zone_items); i++)
		sb_printf(out, "%s %lu\n", zone_items[i].name, global_value(sim, &zone_items[i]));
	for (size_t i = 0; i < N(numa_items); i++)
		sb_printf(out, "%s %lu\n", numa_items[i].name, global_value(sim, &numa_items[i]));
	for (size_t i = 0; i < N(node_items); i++)
		sb_printf(out, "%s %lu\n", node_items[i].name, global_value(sim, &node_items[i]));
	procfs_global_dirty_limits(sim, &bg, &dirty);
	sb_printf(out, "nr_dirty_threshold %lu\n", dirty);
	sb_printf(out, "nr_dirty_background_threshold %lu\n", bg);
	for (size_t i = 0; i < N(event_items); i++)
		sb_printf(out, "%s %lu\n", event_items[i].name, event_value(sim, &event_items[i]));
}
