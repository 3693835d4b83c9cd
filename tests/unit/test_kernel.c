/* tests/unit/test_kernel.c - the kernel version table (kernel.h) and each
 * difference between v4.5 and v4.6, checked both ways. */
#include <errno.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/trace.h"
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
	CHECK(strstr(err, "accepted: 4.5 (the default), 4.6") != NULL);
	CHECK(kernel_parse("4.55", &v, err, sizeof(err)) == -ENOENT);
	CHECK(kernel_parse("4.6.x", &v, err, sizeof(err)) == -ENOENT);
	CHECK(kernel_parse("", &v, err, sizeof(err)) == -ENOENT);
	/* 6.1 is in the table but cannot boot until issue 12 fills it */
	CHECK(kernel_parse("6.1", &v, err, sizeof(err)) == -EOPNOTSUPP);
	CHECK(strstr(err, "not modelled yet") != NULL);
	CHECK(v == KERNEL_4_5);		/* untouched on error */
	CHECK(kernel_desc(KERNEL_6_1) && !kernel_desc(KERNEL_6_1)->ops);
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
		      k->ops->setup_per_zone_wmarks && k->ops->kswapd_step);
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
	/* a version without ops never boots */
	memset(&cfg, 0, sizeof(cfg));
	CHECK(machine_preset("tiny", &cfg.machine) == 0);
	cfg.kernel = KERNEL_6_1;
	CHECK(sim_create(&cfg, &bad, err, sizeof(err)) == -EINVAL && !bad);
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

static bool dmesg_has(const struct sim *sim, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	bool found;

	sim_dmesg_show(sim, &sb, 0);
	found = strstr(sb_str(&sb), text) != NULL;
	if (!found)
		printf("dmesg lacks '%s'\n", text);
	sb_release(&sb);
	return found;
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
