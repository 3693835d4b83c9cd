/* core/kernel.c - the table of kernel versions (include/buddyscope/kernel.h).
 * One entry per version: its data, and its operations (struct kernel_ops,
 * defined beside the code they point at). The sources each entry was read
 * from are in ../shared/reference/kernel-mm.md section 0.
 */
#include "buddyscope/kernel.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/strbuf.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"
#include "internal.h"

/* ---- v4.5.0 ---- */

static const struct kernel_ops ops_4_5 = {
	.alloc_step = slowpath_step,
	.alloc_pages = slowpath_run,
	.stages = slowpath_stages,
	.nr_stages = NR_ALLOC_STAGES,
	.alloc_call_chain = slowpath_call_chain,
	.alloc_frames = slowpath_frames,
	.setup_per_zone_wmarks = setup_per_zone_wmarks_4_5,
	.kswapd_step = kswapd_step,
	.wakeup_kswapd = wakeup_kswapd_4_5,
	.setup_per_zone_lowmem_reserve = setup_per_zone_lowmem_reserve_4_5,
	.setup_zone_pagesets = setup_zone_pagesets_4_5,
	.show_zoneinfo = procfs_show_zoneinfo_4_5,
	.show_vmstat = procfs_show_vmstat_4_5,
	.free_pages = free_pages_4_5,
	.drain_pages_zone = drain_pages_zone_4_5,
	.compaction_suitable = compaction_suitable_raw_4_5,
	.compact_zone = compact_zone,
	.compact_node = compact_node_4_5,
	.kcompactd_do_zone = kcompactd_do_zone,
	.alloc_flags_text = alloc_flags_text_4_5,
	.alloc_locals = slowpath_locals,
	.alloc_flags_format = alloc_flags_format,
	.direct_reclaim_begin = direct_reclaim_begin_4_5,
	.direct_reclaim_step = direct_reclaim_step_4_5,
};

static const char *const changes_4_5[] = {
	"the seed's kernel: the whole model is read from v4.5.0",
	"watermarks: low = min + tmp/4, high = min + tmp/2 (no watermark_scale_factor)",
	"no kcompactd: balance_pgdat() calls compact_pgdat() after a high-order round; "
	"kswapd clears the compaction skip bits only before its full sleep",
	"no oom_reaper: an OOM victim frees its memory when it exits, TIF_MEMDIE held until then",
	"__GFP_THISNODE without direct reclaim fails at once in the slow path",
	"compaction's free scanner starts at zone_end_pfn (end & ~(pageblock - 1))",
	"reports print GFP masks in hex (mode:0x24000c0); traces as GFP_KERNEL|GFP_NOWARN",
	NULL
};

static const char *const sysctls_4_5[] = {
	"vm.min_free_kbytes", "vm.lowmem_reserve_ratio", "vm.percpu_pagelist_fraction",
	"vm.extfrag_threshold", "vm.dirty_ratio", "vm.dirty_background_ratio",
	"vm.swappiness", "vm.laptop_mode", "vm.panic_on_oom", "vm.oom_kill_allocating_task",
	"vm.oom_dump_tasks", "vm.nr_hugepages", "vm.drop_caches", NULL
};

/* compact_daemon_wake came with kcompactd (4.6), oom_kill in 4.13 */
/* the counters that only 6.1's /proc/vmstat prints */
#define VMSTAT_6_1_ONLY							\
	COMPACTDAEMON_MIGRATE_SCANNED, COMPACTDAEMON_FREE_SCANNED,		\
	ALLOCSTALL_ZONE_DMA, ALLOCSTALL_ZONE_DMA32, ALLOCSTALL_ZONE_NORMAL,	\
	ALLOCSTALL_ZONE_MOVABLE, PGSKIP_DMA, PGSKIP_DMA32, PGSKIP_NORMAL,	\
	PGSKIP_MOVABLE, PGSCAN_ANON, PGSCAN_FILE, PGSTEAL_ANON, PGSTEAL_FILE

static const int vmstat_absent_4_5[] = { COMPACTDAEMON_WAKE, OOM_KILL, VMSTAT_6_1_ONLY, -1 };

/* ---- v4.6.2 ---- */

static const struct kernel_ops ops_4_6 = {
	.alloc_step = slowpath_step,
	.alloc_pages = slowpath_run,
	.stages = slowpath_stages,
	.nr_stages = NR_ALLOC_STAGES,
	.alloc_call_chain = slowpath_call_chain,
	.alloc_frames = slowpath_frames,
	.setup_per_zone_wmarks = setup_per_zone_wmarks_4_6,
	.kswapd_step = kswapd_step,
	.wakeup_kswapd = wakeup_kswapd_4_5,
	.setup_per_zone_lowmem_reserve = setup_per_zone_lowmem_reserve_4_5,
	.setup_zone_pagesets = setup_zone_pagesets_4_5,
	.show_zoneinfo = procfs_show_zoneinfo_4_5,
	.show_vmstat = procfs_show_vmstat_4_5,
	.free_pages = free_pages_4_5,
	.drain_pages_zone = drain_pages_zone_4_5,
	.compaction_suitable = compaction_suitable_raw_4_5,
	.compact_zone = compact_zone,
	.compact_node = compact_node_4_5,
	.kcompactd_do_zone = kcompactd_do_zone,
	.alloc_flags_text = alloc_flags_text_4_5,
	.alloc_locals = slowpath_locals,
	.alloc_flags_format = alloc_flags_format,
	.direct_reclaim_begin = direct_reclaim_begin_4_5,
	.direct_reclaim_step = direct_reclaim_step_4_5,
};

static const char *const changes_4_6[] = {
	"4.6: vm.watermark_scale_factor: low = min + d, high = min + 2d, "
	"d = max(tmp/4, managed * factor / 10000)",
	"4.6: kcompactd, a compaction thread per node, woken by kswapd before it naps "
	"(compact_daemon_wake); balance_pgdat() no longer compacts, and kswapd balances "
	"high orders as order 0 against high + 2^order",
	"4.6: the oom_reaper thread unmaps an OOM victim's anonymous memory at once "
	"and clears its TIF_MEMDIE",
	"4.6: the __GFP_THISNODE early failure is gone from the slow path",
	"4.6: the free scanner starts inside the zone, round_down(zone_end - 1, pageblock)",
	"4.6: reports print mode:%#x(%pGg), traces __GFP_* names",
	"4.6: compact_daemon_wake in /proc/vmstat",
	NULL
};

static const char *const sysctls_4_6[] = {
	"vm.min_free_kbytes", "vm.watermark_scale_factor", "vm.lowmem_reserve_ratio",
	"vm.percpu_pagelist_fraction", "vm.extfrag_threshold", "vm.dirty_ratio",
	"vm.dirty_background_ratio", "vm.swappiness", "vm.laptop_mode", "vm.panic_on_oom",
	"vm.oom_kill_allocating_task", "vm.oom_dump_tasks", "vm.nr_hugepages",
	"vm.drop_caches", NULL
};

static const int vmstat_absent_4_6[] = { OOM_KILL, VMSTAT_6_1_ONLY, -1 };
/* 6.1 prints its own list (procfs_6_1.c); nothing is hidden from it */
static const int vmstat_absent_6_1[] = { -1 };

/* ---- Linux 6.1 (Debian 12's 6.1.0; issue 12) ---- */

static const char *const changes_6_1[] = {
	"5.0: high = low + step and 6.0's promo = high + step (step as 4.6's); "
	"setting the marks resets watermark_boost",
	"5.x: lowmem_reserve_ratio 0 means no protection; one ratio per zone type, "
	"ZONE_DEVICE included",
	"5.14: pcp high = low watermark / CPUs of the node (or managed / "
	"vm.percpu_pagelist_high_fraction), at least 4 batches; batch up to 1 MiB",
	"khugepaged raises min_free_kbytes at boot (THP always): 2 + 9 pageblocks a zone",
	"4.7/4.8/5.x slow path: should_reclaim_retry (16 rounds without progress), "
	"should_compact_retry with compaction priorities, costly orders compact first "
	"and fail early without __GFP_RETRY_MAYFAIL, no OOM kill for costly, "
	"RETRY_MAYFAIL, THISNODE or lowmem requests, __GFP_NOFAIL's cpuset fallback",
	"5.0 fast path: ALLOC_NOFRAGMENT, watermark boosting on fallback (wakes kswapd), "
	"6.1.y's ALLOC_NON_BLOCK/MIN_RESERVE/HIGHATOMIC/OOM reserves",
	"5.14/5.19: per-cpu lists per migratetype and order 0-3 plus THP, batch >> order, "
	"free_factor",
	"GFP masks in 6.1's bits and names (GFP_KERNEL = 0xcc0, __GFP_RETRY_MAYFAIL); "
	"ftrace lines with hex pfns",
	"/proc/zoneinfo, /proc/vmstat and /proc/pagetypeinfo in 6.1's layout and names",
	"the OOM killer's badness, 0..2000 oom_score and 6.1's report layout",
	"4.9/5.18: the oom_reaper takes a victim 2 s after the kill (none that exited "
	"by then), marks its mm MMF_OOM_SKIP and leaves TIF_MEMDIE and oom_score_adj alone",
	"6.1.y stable (CVE-2024-57884): zone_reclaimable_pages() of a zone without "
	"reclaimable LRU pages is its free pages, so should_reclaim_retry() retries "
	"where 6.1.0 gave up",
	"6.1 exit_mmap: an OOM victim's exit takes time on another CPU; it unmaps into "
	"the mmu_gather batch, sets MMF_OOM_SKIP (the OOM killer then passes over it), "
	"and only then frees the batch, one batch a step, to that CPU's per-cpu lists",
	"kswapd reclaims for the order it was woken for (balance_pgdat: zones tested "
	"at that order, order 0 after compact_gap, any zone at high balances the node)",
	"4.16: shrink_slab scans freeable >> priority objects, not in proportion to "
	"the LRU pages scanned",
	"4.11: kswapd_failures: 16 balance_pgdat runs that reclaim nothing make the node "
	"hopeless (kswapd sleeps, wakeups leave it alone) until reclaim frees a page there",
	"4.16: a request that cannot reclaim directly (no __GFP_DIRECT_RECLAIM) on a node "
	"kswapd leaves alone (hopeless or balanced) wakes kcompactd for its order; the "
	"wakeup_kswapd event shows the request's gfp_flags",
	"4.x/5.x compaction: sync priorities migrate sync-light, SYNC_FULL scans the whole "
	"zone for any target block; runs end only at a pageblock boundary, COMPLETE or "
	"PARTIAL_SKIPPED; the free scanner searches the free lists first "
	"(fast_isolate_freepages) and takes targets down to min; the migrate scanner "
	"searches them too (fast_find_migrateblock), takes only the request's "
	"migratetype's blocks when async and gives up an order-aligned block at its "
	"first page it cannot take; compact_memory keeps the skip bits; kcompactd "
	"keeps the skip hints and defers on failure",
	"4.8: the LRU lists belong to the node, one list of each kind for every zone's "
	"pages; reclaim skips the pages of zones above the request's (pgskip_*)",
	"5.9: a new anonymous page (a THP's too) starts on the inactive anon list, and "
	"reclaim's first look at a young one keeps it there, marked referenced",
	"5.9 anon/file balance: get_scan_count weighs each type by its swappiness share "
	"(vm.swappiness 0..200) over its reclaim cost, the pages it sent to IO",
	"6.1 direct reclaim: shrink_node once per node of the zonelist; compaction_ready "
	"stops a costly request once compaction can run; should_continue_reclaim asks "
	"compaction_suitable first; 13 priorities without progress return 0 (no 4.5 "
	"second sweep)",
	"5.9 proactive compaction: every 500 ms of kcompactd's sleep (32 s after a run "
	"that did not lower the score) and when vm.compaction_proactiveness is written, "
	"kcompactd compacts every zone whole while the node's fragmentation score (the "
	"share of free pages outside order-9 blocks) is above the mark, kswapd not "
	"running (its scans count in compact_migrate_scanned and compact_free_scanned "
	"only: 6.3 added them to compact_daemon_*)",
	"5.0/6.1 kswapd: balance_pgdat reclaims the node's lists at once; boost reclaim "
	"takes a zone's watermark_boost back without writeback or swap (priority not "
	"below DEF_PRIORITY - 2), then wakes kcompactd for a pageblock",
	"6.1 with CONFIG_CMA (Debian's is built without; a machine's cma=SIZE turns it "
	"on): movable requests take CMA pages (ALLOC_CMA), from the CMA area first "
	"while it holds over half the zone's free pages; others do not count free "
	"CMA pages against the watermark; the area is pageblock-aligned",
	"NOT YET 6.1's: the reclaim cost has no refault part (no workingset shadow "
	"entries)",
	NULL
};

static const char *const sysctls_6_1[] = {
	"vm.min_free_kbytes", "vm.watermark_scale_factor", "vm.lowmem_reserve_ratio",
	"vm.percpu_pagelist_high_fraction", "vm.watermark_boost_factor",
	"vm.compaction_proactiveness", "vm.extfrag_threshold", "vm.dirty_ratio",
	"vm.dirty_background_ratio", "vm.swappiness", "vm.laptop_mode", "vm.panic_on_oom",
	"vm.oom_kill_allocating_task", "vm.oom_dump_tasks", "vm.nr_hugepages",
	"vm.drop_caches", NULL
};

/* print_func_help_header_irq() of 4.5 and of 6.1 (which added
 * migrate-disable and widened the pid column) */
static const char trace_header_4_5[] =
	"#                              _-----=> irqs-off\n"
	"#                             / _----=> need-resched\n"
	"#                            | / _---=> hardirq/softirq\n"
	"#                            || / _--=> preempt-depth\n"
	"#                            ||| /     delay\n"
	"#           TASK-PID   CPU#  ||||    TIMESTAMP  FUNCTION\n"
	"#              | |       |   ||||       |         |\n";
static const char trace_header_6_1[] =
	"#                                _-----=> irqs-off/BH-disabled\n"
	"#                               / _----=> need-resched\n"
	"#                              | / _---=> hardirq/softirq\n"
	"#                              || / _--=> preempt-depth\n"
	"#                              ||| / _-=> migrate-disable\n"
	"#                              |||| /     delay\n"
	"#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
	"#              | |         |   |||||     |         |\n";

static const struct kernel_desc kernels[NR_KERNEL_VERSIONS] = {
	[KERNEL_4_5] = {
		.id = KERNEL_4_5,
		.name = "4.5",
		.release = "Linux v4.5.0",
		.summary = "the v4.5 allocator, reclaim, compaction and OOM killer",
		.changes = changes_4_5,
		.ops = &ops_4_5,
		.min_free_kbytes_max = 65536,
		.nr_lowmem_reserve_ratio = MAX_NR_ZONES - 1,
		.swappiness_max = 100,
		.lowmem_reserve_ratio = { 256, 256, 32, 32 },	/* Movable's is never used */
		.sysctls = sysctls_4_5,
		.thisnode_fails_early = true,
		/* alloc_zeroed_user_highpage_movable, page_cache_alloc_cold,
		 * PGALLOC_GFP (x86-64) */
		.gfp_anon_fault = GFP_HIGHUSER_MOVABLE | GFP_F_ZERO,
		.gfp_page_cache = GFP_HIGHUSER_MOVABLE | GFP_F_COLD,
		.gfp_page_table = GFP_KERNEL | GFP_F_NOTRACK | GFP_F_REPEAT | GFP_F_ZERO,
		.compact_free_pfn_in_zone = false,
		.kthreads = 0,
		.bg_compaction = BG_COMPACT_KSWAPD,
		.gfp_style = GFP_REPORT_HEX,
		.trace_layout = TRACE_LAYOUT_4_5,
		.trace_header = trace_header_4_5,
		.vmstat_absent = vmstat_absent_4_5,
		.pcp_shape = PCP_PER_MIGRATETYPE,
		.lru_owner = LRU_OWNER_ZONE,
		.oom_score_max = 1000,
		.config_cma = true,
		.cma_align_order = MAX_ORDER - 1,
		.thp_gfp = THP_GFP_4_5,
	},
	[KERNEL_4_6] = {
		.id = KERNEL_4_6,
		.name = "4.6",
		.release = "Linux v4.6.2",
		.summary = "v4.5 plus watermark_scale_factor, kcompactd and the oom_reaper",
		.changes = changes_4_6,
		.ops = &ops_4_6,
		.min_free_kbytes_max = 65536,
		.nr_lowmem_reserve_ratio = MAX_NR_ZONES - 1,
		.swappiness_max = 100,
		.lowmem_reserve_ratio = { 256, 256, 32, 32 },
		.sysctls = sysctls_4_6,
		.thisnode_fails_early = false,
		.gfp_anon_fault = GFP_HIGHUSER_MOVABLE | GFP_F_ZERO,
		.gfp_page_cache = GFP_HIGHUSER_MOVABLE | GFP_F_COLD,
		.gfp_page_table = GFP_KERNEL | GFP_F_NOTRACK | GFP_F_REPEAT | GFP_F_ZERO,
		.compact_free_pfn_in_zone = true,
		.kthreads = KTHREAD_KCOMPACTD | KTHREAD_OOM_REAPER,
		.bg_compaction = BG_COMPACT_KCOMPACTD,
		.gfp_style = GFP_REPORT_PGG,
		.trace_layout = TRACE_LAYOUT_4_5,
		.trace_header = trace_header_4_5,
		.vmstat_absent = vmstat_absent_4_6,
		.pcp_shape = PCP_PER_MIGRATETYPE,
		.lru_owner = LRU_OWNER_ZONE,
		.oom_score_max = 1000,
		.config_cma = true,
		.cma_align_order = MAX_ORDER - 1,
		.thp_gfp = THP_GFP_4_6,
	},
	[KERNEL_6_1] = {
		.id = KERNEL_6_1,
		.name = "6.1",
		.release = "Linux 6.1",
		.summary = "Debian 12's kernel: 6.1's allocator, direct reclaim and OOM killer; kswapd 4.x",
		.changes = changes_6_1,
		.ops = &kernel_ops_6_1,
		.min_free_kbytes_max = 262144,
		.nr_lowmem_reserve_ratio = MAX_NR_ZONES + 1,
		.swappiness_max = 200,	/* 5.8: 200 - swappiness is file's share */
		.lowmem_reserve_ratio = { 256, 256, 32, 0, 0 },
		.sysctls = sysctls_6_1,
		.thisnode_fails_early = false,
		/* vma_alloc_folio (a folio: __GFP_COMP), filemap_alloc_folio,
		 * GFP_PGTABLE_USER, as a real 6.1's OOM reports name them */
		.gfp_anon_fault = GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_ZERO,
		.gfp_page_cache = GFP_HIGHUSER_MOVABLE | GFP_F_COMP,
		.gfp_page_table = GFP_KERNEL_ACCOUNT | GFP_F_ZERO,
		.compact_free_pfn_in_zone = true,
		.compact_migrate_scanner_6_1 = true,
		.kthreads = KTHREAD_KCOMPACTD | KTHREAD_OOM_REAPER,
		.bg_compaction = BG_COMPACT_KCOMPACTD,
		.kcompactd_proactive_timer = true,
		.slab_scan_by_priority = true,
		.oom_reap_sets_skip = true,
		.oom_reaper_delay = 2 * 1000,	/* OOM_REAPER_DELAY, HZ = 1000 */
		.exit_takes_time = true,
		.reclaimable_counts_free = true,
		.gfp_style = GFP_REPORT_PGG_6_1,
		.trace_layout = TRACE_LAYOUT_6_1,
		.trace_header = trace_header_6_1,
		.vmstat_absent = vmstat_absent_6_1,
		.pcp_shape = PCP_PER_ORDER,
		.lru_owner = LRU_OWNER_NODE,
		.oom_score_max = 2000,
		.config_cma = false,	/* Debian's; a machine's cma= turns it on */
		.cma_align_order = pageblock_order,
		.cma_bottom_up_4g = true,
		.pagetypeinfo_cap = 100000,
		.zone_device = true,
		.thp_min_free_kbytes = true,
		.thp_gfp = THP_GFP_4_18,
		.hugetlb_noretry = true,
		.gfp_cold_gone = true,
		.new_anon_inactive = true,
	},
};

const struct kernel_desc *kernel_desc(enum kernel_version v)
{
	return (unsigned int)v < NR_KERNEL_VERSIONS ? &kernels[v] : NULL;
}

const struct kernel_desc *sim_kernel(const struct sim *sim)
{
	return sim->kernel;
}

int kernel_parse(const char *s, enum kernel_version *out, char *err, size_t errlen)
{
	const char *p = s;
	size_t n;

	if (!strncmp(p, "linux-", 6) || !strncmp(p, "Linux-", 6))
		p += 6;
	if (*p == 'v' || *p == 'V')
		p++;
	for (int v = 0; v < NR_KERNEL_VERSIONS; v++) {
		n = strlen(kernels[v].name);
		if (strncmp(p, kernels[v].name, n) || (p[n] && p[n] != '.'))
			continue;
		if (p[n] == '.' && (!p[n + 1] || strspn(p + n + 1, "0123456789") != strlen(p + n + 1)))
			continue;
		if (!kernels[v].ops) {
			snprintf(err, errlen, "kernel %s (%s) is not modelled yet; available: 4.5, 4.6, 6.1",
				 kernels[v].name, kernels[v].release);
			return -EOPNOTSUPP;
		}
		*out = (enum kernel_version)v;
		return 0;
	}
	snprintf(err, errlen, "no kernel '%s'; accepted: 4.5 (the default), 4.6, 6.1", s);
	return -ENOENT;
}

void kernel_list(enum kernel_version running, struct strbuf *out)
{
	sb_puts(out, "kernels (kernel VERSION reboots this machine under one; * = running):\n");
	for (int v = 0; v < NR_KERNEL_VERSIONS; v++) {
		const struct kernel_desc *k = &kernels[v];

		sb_printf(out, "%c %-4s %-13s %s\n", v == (int)running ? '*' : ' ', k->name,
			  k->release, k->summary);
		for (const char *const *c = k->changes; *c; c++)
			sb_printf(out, "         - %s\n", *c);
	}
}

const struct alloc_stage_desc *kernel_stage(const struct kernel_desc *k, int stage)
{
	static const struct alloc_stage_desc unknown = { "?", "?", FLOW_DONE };

	if (!k->ops || stage < 0 || (unsigned int)stage >= k->ops->nr_stages)
		return &unknown;
	return &k->ops->stages[stage];
}

const struct alloc_stage_desc *sim_stage(const struct sim *sim, int stage)
{
	return kernel_stage(sim_kernel(sim), stage);
}

unsigned int sim_nr_stages(const struct sim *sim)
{
	return sim_kernel(sim)->ops->nr_stages;
}

bool kernel_has_vmstat(const struct kernel_desc *k, int item)
{
	for (const int *a = k->vmstat_absent; *a >= 0; a++)
		if (*a == item)
			return false;
	return true;
}

enum gfp_style kernel_gfp_style(const struct kernel_desc *k)
{
	switch (k->gfp_style) {
	case GFP_REPORT_HEX:
		return GFP_STYLE_TRACE45;
	case GFP_REPORT_PGG_6_1:
		return GFP_STYLE_61;
	default:
		return GFP_STYLE_PGG;
	}
}

enum gfp_style kernel_display_gfp_style(const struct kernel_desc *k)
{
	return k && k->gfp_style == GFP_REPORT_PGG_6_1 ? GFP_STYLE_61 : GFP_STYLE_PGG;
}

enum gfp_style sim_gfp_style(const struct sim *sim)
{
	return kernel_display_gfp_style(sim_kernel(sim));
}
