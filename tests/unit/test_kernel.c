/* tests/unit/test_kernel.c - the kernel version table (kernel.h) and each
 * difference between v4.5 and v4.6, checked both ways. */
#include <errno.h>

#include "../../core/internal.h"
#include "../../core/vmscan_internal.h"
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

static bool took(const struct alloc_request *req, int stage)
{
	for (unsigned int i = 0; i < req->nr_path; i++)
		if (req->path[i] == stage)
			return true;
	return false;
}

TEST(kernel_parse_names_and_refusals)
{
	enum kernel_version v = NR_KERNEL_VERSIONS;
	char err[160];

	CHECK(kernel_parse("4.5", &v, err, sizeof(err)) == 0 && v == KERNEL_4_5);
	CHECK(kernel_parse("v4.6", &v, err, sizeof(err)) == 0 && v == KERNEL_4_6);
	CHECK(kernel_parse("linux-4.6.2", &v, err, sizeof(err)) == 0 && v == KERNEL_4_6);
	CHECK(kernel_parse("4.5.0", &v, err, sizeof(err)) == 0 && v == KERNEL_4_5);
	v = KERNEL_4_5;
	CHECK(kernel_parse("4.7", &v, err, sizeof(err)) == -ENOENT);
	CHECK(strstr(err, "accepted: 4.5 (the default), 4.6, 6.1") != NULL);
	CHECK(kernel_parse("4.55", &v, err, sizeof(err)) == -ENOENT);
	CHECK(kernel_parse("4.6.x", &v, err, sizeof(err)) == -ENOENT);
	CHECK(kernel_parse("", &v, err, sizeof(err)) == -ENOENT);
	CHECK(v == KERNEL_4_5);		/* untouched on error */
	/* 6.1 boots (issue 12); "6.1.0" as Debian names it */
	CHECK(kernel_parse("6.1.0", &v, err, sizeof(err)) == 0 && v == KERNEL_6_1);
	CHECK(kernel_desc(KERNEL_6_1) && kernel_desc(KERNEL_6_1)->ops);
	CHECK(kernel_desc(NR_KERNEL_VERSIONS) == NULL);
}

/* Every bootable entry's stage table: stage 0 is the fast path, exactly one
 * stage is DONE, every stage has a name and a kernel function. */
TEST(kernel_stage_tables_are_well_formed)
{
	for (int v = 0; v < NR_KERNEL_VERSIONS; v++) {
		const struct kernel_desc *k = kernel_desc((enum kernel_version)v);
		unsigned int done = 0;

		CHECK(k->id == (enum kernel_version)v);
		CHECK(k->changes && k->changes[0] && k->sysctls && k->vmstat_absent);
		if (!k->ops)
			continue;
		CHECK(k->ops->alloc_step && k->ops->alloc_call_chain &&
		      k->ops->setup_per_zone_wmarks && k->ops->kswapd_step &&
		      k->ops->setup_per_zone_lowmem_reserve && k->ops->setup_zone_pagesets &&
		      k->ops->show_zoneinfo && k->ops->show_vmstat);
		CHECK(k->ops->nr_stages > 2 && k->ops->nr_stages <= MAX_ALLOC_STAGES);
		CHECK_EQ_L(k->ops->stages[0].flow, FLOW_FAST);
		for (unsigned int s = 0; s < k->ops->nr_stages; s++) {
			CHECK(k->ops->stages[s].name && k->ops->stages[s].name[0]);
			CHECK(k->ops->stages[s].function && k->ops->stages[s].function[0]);
			done += k->ops->stages[s].flow == FLOW_DONE;
		}
		CHECK_EQ_UL(done, 1);
		CHECK_STR(kernel_stage(k, -1)->name, "?");
		CHECK_STR(kernel_stage(k, (int)k->ops->nr_stages)->name, "?");
	}
}

TEST(kernel_boots_and_reset_keeps_it)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_4_6);
	struct sim_config cfg;
	struct sim *bad = NULL;
	char err[256];

	REQUIRE(sim);
	CHECK(sim_kernel(sim)->id == KERNEL_4_6);
	CHECK(sim_reset(sim) == 0);
	CHECK(sim_kernel(sim)->id == KERNEL_4_6);
	sim_destroy(sim);
	memset(&cfg, 0, sizeof(cfg));
	CHECK(machine_preset("tiny", &cfg.machine) == 0);
	/* a machine file's watermark_scale_factor needs v4.6 */
	cfg.kernel = KERNEL_4_5;
	cfg.machine.watermark_scale_factor = 100;
	CHECK(sim_create(&cfg, &bad, err, sizeof(err)) == -EINVAL && !bad);
	CHECK(strstr(err, "vm.watermark_scale_factor") && strstr(err, "v4.6"));
	cfg.kernel = KERNEL_4_6;
	CHECK(sim_create(&cfg, &bad, err, sizeof(err)) == 0 && bad);
	if (bad)
		CHECK_EQ_UL(bad->vm.watermark_scale_factor, 100);
	sim_destroy(bad);
}

/* v4.5 has 11 vm sysctls here, v4.6 one more: watermark_scale_factor */
TEST(kernel_sysctls_differ_by_version)
{
	struct sim *s45 = boot_preset_kernel("tiny", KERNEL_4_5);
	struct sim *s46 = boot_preset_kernel("tiny", KERNEL_4_6);
	struct strbuf sb = STRBUF_INIT;

	REQUIRE(s45 && s46);
	CHECK(!sim_sysctl_exists(s45, "vm.watermark_scale_factor"));
	CHECK(sim_sysctl_exists(s46, "vm.watermark_scale_factor"));
	CHECK(sim_sysctl_get(s45, "vm.watermark_scale_factor", &sb) == -ENOENT);
	CHECK(sim_sysctl_get(s46, "vm.watermark_scale_factor", &sb) == 0);
	CHECK_STR(sb_str(&sb), "10");
	/* three lowmem_reserve_ratio entries in both (MAX_NR_ZONES - 1) */
	sb_reset(&sb);
	CHECK(sim_sysctl_get(s45, "vm.lowmem_reserve_ratio", &sb) == 0);
	CHECK_STR(sb_str(&sb), "256\t256\t32");
	CHECK(sim_sysctl_set(s45, "vm.lowmem_reserve_ratio", "1 2 3 4") == -EINVAL);
	CHECK(sim_sysctl_set(s46, "vm.lowmem_reserve_ratio", "1 2 3 4") == -EINVAL);
	sb_release(&sb);
	sim_destroy(s45);
	sim_destroy(s46);
}

/* /proc/vmstat: compact_daemon_wake came with kcompactd (4.6); oom_kill
 * (4.13) is in neither. */
TEST(kernel_vmstat_items_differ_by_version)
{
	struct sim *s45 = boot_preset_kernel("tiny", KERNEL_4_5);
	struct sim *s46 = boot_preset_kernel("tiny", KERNEL_4_6);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	REQUIRE(s45 && s46);
	procfs_show_vmstat(s45, &a);
	procfs_show_vmstat(s46, &b);
	CHECK(strstr(sb_str(&a), "\ncompact_daemon_wake ") == NULL);
	CHECK(strstr(sb_str(&b), "\ncompact_success 0\ncompact_daemon_wake 0\n") != NULL);
	CHECK(strstr(sb_str(&a), "\noom_kill ") == NULL);
	CHECK(strstr(sb_str(&b), "\noom_kill ") == NULL);
	CHECK(!kernel_has_vmstat(sim_kernel(s45), COMPACTDAEMON_WAKE));
	CHECK(kernel_has_vmstat(sim_kernel(s46), COMPACTDAEMON_WAKE));
	CHECK(kernel_has_vmstat(sim_kernel(s45), PGSTEAL_KSWAPD_DMA32));
	sb_release(&a);
	sb_release(&b);
	sim_destroy(s45);
	sim_destroy(s46);
}

static void fill(struct sim *sim)
{
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		;
}

/* v4.5's slow path fails a __GFP_THISNODE request that cannot reclaim
 * before it wakes kswapd; v4.6 removed the test, so the request goes on
 * to wake kswapd and try the min watermark. */
TEST(kernel_thisnode_early_failure_is_v45_only)
{
	struct sim *s45 = boot_preset_kernel("tiny", KERNEL_4_5);
	struct sim *s46 = boot_preset_kernel("tiny", KERNEL_4_6);
	struct alloc_request r45, r46;

	REQUIRE(s45 && s46);
	fill(s45);
	fill(s46);
	REQUIRE(alloc_request_init(s45, &r45, GFP_NOWAIT | GFP_F_THISNODE, 0) == 0);
	REQUIRE(alloc_request_init(s46, &r46, GFP_NOWAIT | GFP_F_THISNODE, 0) == 0);
	alloc_run(s45, &r45);
	alloc_run(s46, &r46);
	CHECK(took(&r45, ALLOC_STAGE_THISNODE) && !took(&r45, ALLOC_STAGE_WAKE_KSWAPD));
	CHECK(!took(&r46, ALLOC_STAGE_THISNODE) && took(&r46, ALLOC_STAGE_WAKE_KSWAPD) &&
	      took(&r46, ALLOC_STAGE_MIN_WMARK));
	CHECK(r45.done && r46.done);
	sim_destroy(s45);
	sim_destroy(s46);
}


/* warn_alloc_failed: "mode:0x%x" in v4.5, "mode:%#x(%pGg)" in v4.6; the
 * trace's gfp_flags: v4.5's gfpflags.h names, v4.6's mmflags.h names. */
TEST(kernel_gfp_in_reports_and_traces)
{
	struct sim *s45 = boot_preset_kernel("tiny", KERNEL_4_5);
	struct sim *s46 = boot_preset_kernel("tiny", KERNEL_4_6);
	struct trace_event ev;
	char line[512];
	uint64_t cur;

	REQUIRE(s45 && s46);
	/* on an idle machine the fast path's mask (with __GFP_HARDWALL: GFP_USER) */
	cur = trace_next_seq(s45);
	alloc_pages(s45, GFP_KERNEL | GFP_F_NOWARN | GFP_F_NORETRY, 0);
	while (trace_read(s45, &cur, &ev, 1, NULL) == 1 && ev.id != TRACE_mm_page_alloc)
		;
	trace_format(&ev, line, sizeof(line));
	CHECK(strstr(line, "gfp_flags=GFP_USER|GFP_NOWARN|GFP_NORETRY") != NULL);
	cur = trace_next_seq(s46);
	alloc_pages(s46, GFP_KERNEL | GFP_F_NOWARN | GFP_F_NORETRY, 0);
	while (trace_read(s46, &cur, &ev, 1, NULL) == 1 && ev.id != TRACE_mm_page_alloc)
		;
	trace_format(&ev, line, sizeof(line));
	CHECK(strstr(line, "gfp_flags=GFP_USER|__GFP_NOWARN|__GFP_NORETRY") != NULL);
	fill(s45);
	fill(s46);
	alloc_pages(s45, GFP_NOWAIT, 0);
	alloc_pages(s46, GFP_NOWAIT, 0);
	CHECK(dmesg_has(s45, "page allocation failure: order:0, mode:0x2000000\n"));
	CHECK(dmesg_has(s46, "page allocation failure: order:0, mode:0x2000000(GFP_NOWAIT)"));
	sim_destroy(s45);
	sim_destroy(s46);
}

/* Where compaction's free scanner starts: v4.5 at zone_end_pfn (and
 * end_pfn & ~(pageblock - 1) when the cached pfn is out of range), v4.6
 * inside the zone at round_down(zone_end - 1, pageblock). The tiny preset's
 * DMA32 ends at 0x2000, so 0x2000 vs 0x1e00, at boot and after a full run. */
TEST(kernel_compaction_free_scanner_start)
{
	static const unsigned long want[2] = { 0x2000, 0x1e00 };

	for (int v = KERNEL_4_5; v <= KERNEL_4_6; v++) {
		struct sim *sim = boot_preset_kernel("tiny", (enum kernel_version)v);
		struct trace_event ev;
		uint64_t cur;
		bool seen = false;

		REQUIRE(sim);
		CHECK_EQ_UL(sim_zone(sim, 0, ZONE_DMA32)->compact_cached_free_pfn, want[v]);
		cur = trace_next_seq(sim);
		compact_nodes(sim);
		while (trace_read(sim, &cur, &ev, 1, NULL) == 1)
			if (ev.id == TRACE_mm_compaction_begin && ev.zid == ZONE_DMA32 && !seen) {
				CHECK_EQ_UL((unsigned long)ev.arg[2], want[v]);	/* free_pfn */
				seen = true;
			}
		CHECK(seen);
		/* the scanners met: reset_cached_positions() */
		CHECK_EQ_UL(sim_zone(sim, 0, ZONE_DMA32)->compact_cached_free_pfn, want[v]);
		CHECK(invariants_hold(sim));
		sim_destroy(sim);
	}
}

/* Background compaction after kswapd reclaimed for a high order: v4.5's
 * balance_pgdat() calls compact_pgdat() itself, when the round reclaimed
 * more than it attempted and its order is still > 0; v4.6 wakes kcompactd
 * before kswapd naps. A 64 MiB zone with min_free_kbytes 128 (min 32, low
 * 40, high 48), all page cache but for order-0 holes, and an order-6
 * wakeup: kswapd reclaims a batch of 64 > 48 attempted, under 2 << 6. */
/* kswapd0's compact_pgdat() calls (its narration), or kcompactd0's
 * compact_zone() runs (mm_compaction_begin) */
static unsigned long compaction_by(struct sim *sim, uint64_t from, const char *comm)
{
	struct trace_event ev;
	unsigned long n = 0;

	while (trace_read(sim, &from, &ev, 1, NULL) == 1) {
		if (strcmp(ev.comm, comm))
			continue;
		if (!strcmp(comm, "kswapd0"))
			n += ev.id == TRACE_bs_alloc_stage && strstr(ev.msg, "compact_pgdat()");
		else
			n += ev.id == TRACE_mm_compaction_begin;
	}
	return n;
}

static struct sim *holes(enum kernel_version v, unsigned long nholes)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 2, v);
	struct zone *z;
	int a, b;

	if (!sim || sim_sysctl_set(sim, "vm.min_free_kbytes", "128"))
		return sim;
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	a = task_spawn(sim, "reader", 0, -1, 0);
	b = task_spawn(sim, "holes", 0, -1, 0);
	task_touch(sim, a, TASK_FILE, z->managed_pages - 2 * nholes - 60);
	for (unsigned long i = 0; i < nholes; i++) {
		task_touch(sim, a, TASK_FILE, 1);
		task_touch(sim, b, TASK_ANON, 1);
	}
	task_exit(sim, b);
	sim_tick(sim, 2000);
	return sim;
}

TEST(kernel_background_compaction_kswapd_or_kcompactd)
{
	/* [kernel][scenario]: compaction runs by kswapd0, by kcompactd0 */
	unsigned long by_kswapd[2][2], by_kcompactd[2][2];

	for (int v = KERNEL_4_5; v <= KERNEL_4_6; v++)
		for (int sc = 0; sc < 2; sc++) {
			/* A: 120 holes, free 187 < low + 2 << 7: kswapd must reclaim;
			 * B: 2000 holes, free far above high but no order-7 block */
			struct sim *sim = holes((enum kernel_version)v, sc ? 2000 : 120);
			struct zone *z;
			uint64_t seq;

			REQUIRE(sim);
			z = &sim->node_data[0]->node_zones[ZONE_DMA32];
			CHECK(!z->free_area[7].nr_free && !z->free_area[8].nr_free);
			seq = trace_next_seq(sim);
			wakeup_kswapd(sim, z, 7, ZONE_DMA32);
			sim_tick(sim, 1000);
			by_kswapd[v][sc] = compaction_by(sim, seq, "kswapd0");
			by_kcompactd[v][sc] = compaction_by(sim, seq, "kcompactd0");
			if (v == KERNEL_4_6 && sc == 1)
				CHECK(sim_vm_event(sim, COMPACTDAEMON_WAKE) >= 1);
			CHECK(invariants_hold(sim));
			sim_destroy(sim);
		}
	/* v4.5: kswapd compacts after reclaiming (A), and nobody compacts a
	 * node it need not reclaim for (B: the case kcompactd was made for) */
	CHECK(by_kswapd[KERNEL_4_5][0] >= 1);
	CHECK_EQ_UL(by_kswapd[KERNEL_4_5][1], 0);
	CHECK_EQ_UL(by_kcompactd[KERNEL_4_5][0] + by_kcompactd[KERNEL_4_5][1], 0);
	/* v4.6: kswapd never compacts; kcompactd does in B */
	CHECK_EQ_UL(by_kswapd[KERNEL_4_6][0] + by_kswapd[KERNEL_4_6][1], 0);
	CHECK(by_kcompactd[KERNEL_4_6][1] >= 1);
}

/* gfp_to_alloc_flags(): a real-time task gets ALLOC_HARDER (both kernels),
 * unless the request is __GFP_ATOMIC, which has its own branch. */
TEST(kernel_rt_task_gets_alloc_harder)
{
	struct sim *sim = boot_preset("tiny");
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "rt", 0, -1, 0);
	REQUIRE(pid > 0 && task_set_current(sim, pid) == 0);
	CHECK(!(gfp_to_alloc_flags(sim, GFP_KERNEL) & ALLOC_HARDER));
	CHECK(task_set_rt(sim, pid, true) == 0);
	CHECK(gfp_to_alloc_flags(sim, GFP_KERNEL) & ALLOC_HARDER);
	CHECK(gfp_to_alloc_flags(sim, GFP_ATOMIC) & ALLOC_HARDER);
	CHECK(!(gfp_to_alloc_flags(sim, GFP_ATOMIC | GFP_F_NOMEMALLOC) & ALLOC_HARDER));
	CHECK(task_set_rt(sim, pid, false) == 0);
	CHECK(!(gfp_to_alloc_flags(sim, GFP_KERNEL) & ALLOC_HARDER));
	CHECK(task_set_rt(sim, 40, true) == -EPERM);	/* kswapd0 */
	CHECK(task_set_rt(sim, 4242, true) == -ESRCH);
	sim_destroy(sim);
}

/* out_of_memory() sleeps its jiffy only after killing the task
 * select_bad_process() chose: not for a dying current, not when the scan
 * aborts for an earlier victim (oc.chose_victim tells the slow path). */
TEST(kernel_oom_sleeps_only_after_a_chosen_kill)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	struct oom_control oc;
	int a, b;

	REQUIRE(sim);
	a = task_spawn(sim, "a", 0, -1, 0);
	b = task_spawn(sim, "b", 0, -1, 0);
	REQUIRE(a > 0 && b > 0);
	REQUIRE(task_touch(sim, a, TASK_ANON, 300) == 300);
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL, 0) == 0);
	oc = (struct oom_control){ &req.ac, GFP_KERNEL, 0, true };
	CHECK(out_of_memory(sim, &oc) && oc.chose_victim);	/* kills a */
	CHECK(task_find(sim, a)->memdie);
	oc.chose_victim = true;
	CHECK(out_of_memory(sim, &oc) && !oc.chose_victim);	/* aborts: a is dying */
	REQUIRE(task_set_current(sim, a) == 0);
	oc.chose_victim = true;
	CHECK(out_of_memory(sim, &oc) && !oc.chose_victim);	/* current is dying */
	sim_destroy(sim);
}

/* wait_iff_congested(): a sleep only when some disk is congested *and* the
 * zone is ZONE_CONGESTED; it ends when the congestion clears. */
TEST(kernel_wait_iff_congested_needs_both)
{
	struct sim *sim = boot_preset("tiny");
	struct zone *z;
	struct kswapd_ctl *k;
	unsigned long j;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	k = &sim->node_data[0]->kswapd;
	z->flags |= 1UL << ZONE_CONGESTED;
	j = sim_jiffies(sim);
	CHECK_EQ_UL(wait_iff_congested(sim, z, HZ / 50), 0);	/* disk idle */
	CHECK_EQ_UL(sim_jiffies(sim), j);
	/* a congested queue: pages under writeback the disk completes in order */
	while (k->wb_count < WB_QUEUE_DEPTH - WB_QUEUE_DEPTH / 8) {
		unsigned long pfn = alloc_pages(sim, GFP_HIGHUSER_MOVABLE, 0);

		REQUIRE(pfn != PFN_NONE);
		lru_cache_add(sim, pfn, LRU_INACTIVE_FILE);
		mod_zone_page_state(page_zone(sim, pfn), NR_FILE_PAGES, 1);
		page_w(&sim->map, pfn)->flags |= PG_dirty;
		mod_zone_page_state(page_zone(sim, pfn), NR_FILE_DIRTY, 1);
		REQUIRE(wb_start_page(sim, pfn));
	}
	CHECK(wb_congested(sim, 0));
	z->flags &= ~(1UL << ZONE_CONGESTED);
	CHECK_EQ_UL(wait_iff_congested(sim, z, HZ / 50), 0);	/* zone not flagged */
	z->flags |= 1UL << ZONE_CONGESTED;
	j = wait_iff_congested(sim, z, HZ / 50);
	CHECK(j >= 1 && j <= HZ / 50);
	CHECK(j == HZ / 50 || !wb_congested(sim, 0));
	sim_destroy(sim);
}
