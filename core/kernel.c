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
	.stages = slowpath_stages,
	.nr_stages = NR_ALLOC_STAGES,
	.alloc_call_chain = slowpath_call_chain,
	.setup_per_zone_wmarks = setup_per_zone_wmarks_4_5,
	.kswapd_step = kswapd_step,
	.setup_per_zone_lowmem_reserve = setup_per_zone_lowmem_reserve_4_5,
	.setup_zone_pagesets = setup_zone_pagesets_4_5,
	.show_zoneinfo = procfs_show_zoneinfo_4_5,
	.show_vmstat = procfs_show_vmstat_4_5,
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
	"vm.oom_dump_tasks", NULL
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
	.stages = slowpath_stages,
	.nr_stages = NR_ALLOC_STAGES,
	.alloc_call_chain = slowpath_call_chain,
	.setup_per_zone_wmarks = setup_per_zone_wmarks_4_6,
	.kswapd_step = kswapd_step,
	.setup_per_zone_lowmem_reserve = setup_per_zone_lowmem_reserve_4_5,
	.setup_zone_pagesets = setup_zone_pagesets_4_5,
	.show_zoneinfo = procfs_show_zoneinfo_4_5,
	.show_vmstat = procfs_show_vmstat_4_5,
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
	"vm.oom_kill_allocating_task", "vm.oom_dump_tasks", NULL
};

static const int vmstat_absent_4_6[] = { OOM_KILL, VMSTAT_6_1_ONLY, -1 };
/* 6.1 prints its own list (procfs_6_1.c); nothing is hidden from it */
static const int vmstat_absent_6_1[] = { -1 };

/* ---- Linux 6.1 (Debian 12's 6.1.0; issue 12) ---- */

/*
 * What is 6.1's own so far: the boot formulas (watermarks with promo and
 * boost, lowmem_reserve with ratio 0, pcp high from the low watermark and
 * batch up to 1 MiB, THP's min_free_kbytes) and the /proc views. The
 * allocation path below still points at the v4.6 code: the changes[] text
 * says so, and `kernel list` prints it.
 */
static const struct kernel_ops ops_6_1 = {
	.alloc_step = slowpath_step,
	.stages = slowpath_stages,
	.nr_stages = NR_ALLOC_STAGES,
	.alloc_call_chain = slowpath_call_chain,
	.setup_per_zone_wmarks = setup_per_zone_wmarks_6_1,
	.kswapd_step = kswapd_step,
	.setup_per_zone_lowmem_reserve = setup_per_zone_lowmem_reserve_6_1,
	.setup_zone_pagesets = setup_zone_pagesets_6_1,
	.show_zoneinfo = procfs_show_zoneinfo_6_1,
	.show_vmstat = procfs_show_vmstat_6_1,
};

static const char *const changes_6_1[] = {
	"5.0: high = low + step and 6.0's promo = high + step (step as 4.6's); "
	"setting the marks resets watermark_boost",
	"5.x: lowmem_reserve_ratio 0 means no protection; one ratio per zone type, "
	"ZONE_DEVICE included",
	"5.14: pcp high = low watermark / CPUs of the node (or managed / "
	"vm.percpu_pagelist_high_fraction), at least 4 batches; batch up to 1 MiB",
	"khugepaged raises min_free_kbytes at boot (THP always): 2 + 9 pageblocks a zone",
	"/proc/zoneinfo, /proc/vmstat and /proc/pagetypeinfo in 6.1's layout and names",
	"NOT YET 6.1's: the allocation path (fast path, slow path, pcp per order, "
	"reclaim, compaction, OOM) runs v4.6's code until issue 12's next steps land",
	NULL
};

static const char *const sysctls_6_1[] = {
	"vm.min_free_kbytes", "vm.watermark_scale_factor", "vm.lowmem_reserve_ratio",
	"vm.percpu_pagelist_high_fraction", "vm.watermark_boost_factor",
	"vm.compaction_proactiveness", "vm.extfrag_threshold", "vm.dirty_ratio",
	"vm.dirty_background_ratio", "vm.swappiness", "vm.laptop_mode", "vm.panic_on_oom",
	"vm.oom_kill_allocating_task", "vm.oom_dump_tasks", NULL
};

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
		.lowmem_reserve_ratio = { 256, 256, 32, 32 },	/* Movable's is never used */
		.sysctls = sysctls_4_5,
		.thisnode_fails_early = true,
		.compact_free_pfn_in_zone = false,
		.kthreads = 0,
		.bg_compaction = BG_COMPACT_KSWAPD,
		.gfp_style = GFP_REPORT_HEX,
		.vmstat_absent = vmstat_absent_4_5,
		.pcp_shape = PCP_PER_MIGRATETYPE,
		.lru_owner = LRU_OWNER_ZONE,
		.oom_score_max = 1000,
		.config_cma = true,
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
		.lowmem_reserve_ratio = { 256, 256, 32, 32 },
		.sysctls = sysctls_4_6,
		.thisnode_fails_early = false,
		.compact_free_pfn_in_zone = true,
		.kthreads = KTHREAD_KCOMPACTD | KTHREAD_OOM_REAPER,
		.bg_compaction = BG_COMPACT_KCOMPACTD,
		.gfp_style = GFP_REPORT_PGG,
		.vmstat_absent = vmstat_absent_4_6,
		.pcp_shape = PCP_PER_MIGRATETYPE,
		.lru_owner = LRU_OWNER_ZONE,
		.oom_score_max = 1000,
		.config_cma = true,
	},
	[KERNEL_6_1] = {
		.id = KERNEL_6_1,
		.name = "6.1",
		.release = "Linux 6.1",
		.summary = "Debian 12's kernel: boot formulas and /proc views (partial, issue 12)",
		.changes = changes_6_1,
		.ops = &ops_6_1,
		.min_free_kbytes_max = 262144,
		.nr_lowmem_reserve_ratio = MAX_NR_ZONES + 1,
		.lowmem_reserve_ratio = { 256, 256, 32, 0, 0 },
		.sysctls = sysctls_6_1,
		.thisnode_fails_early = false,
		.compact_free_pfn_in_zone = true,
		.kthreads = KTHREAD_KCOMPACTD | KTHREAD_OOM_REAPER,
		.bg_compaction = BG_COMPACT_KCOMPACTD,
		.gfp_style = GFP_REPORT_PGG,
		.vmstat_absent = vmstat_absent_6_1,
		.pcp_shape = PCP_PER_ORDER,
		.lru_owner = LRU_OWNER_NODE,
		.oom_score_max = 2000,
		.config_cma = false,
		.zone_device = true,
		.thp_min_free_kbytes = true,
	},
};

const struct kernel_desc *kernel_desc(enum kernel_version v)
{
	return (unsigned int)v < NR_KERNEL_VERSIONS ? &kernels[v] : NULL;
}

const struct kernel_desc *sim_kernel(const struct sim *sim)
{
	return &kernels[sim->cfg.kernel];
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
