/* tests/unit/test_linux61.c - Linux 6.1 against a real 6.1 kernel.
 * The fixtures in tests/data/linux61/ are verbatim files of a Debian 12
 * guest (6.1.0-56, 1 GiB, 2 CPUs): its boot snapshot and the zoneinfo after
 * each step of a sysctl sweep. Tests run from the repository root. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/kernel.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/procfs.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "oomsig.h"
#include "simtest.h"

#define DATA "tests/data/linux61/"

/* The real machine's zone layout under 6.1. */
static struct sim *boot_real(void)
{
	struct machine_desc m;
	char err[256];

	if (machine_load("zoneinfo:" DATA "boot/zoneinfo", &m, err, sizeof(err))) {
		printf("%s\n", err);
		return NULL;
	}
	return boot_desc_kernel(&m, 1, KERNEL_6_1);
}

/* The value of "name value" in a sysctl_vm file (the rest of the line). */
static int sysctl_value(const char *text, const char *name, char *out, size_t len)
{
	size_t n = strlen(name);

	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, name, n) && p[n] == ' ') {
			const char *e = strchr(p, '\n');
			size_t l = e ? (size_t)(e - p - n - 1) : strlen(p + n + 1);

			if (l >= len)
				return -1;
			memcpy(out, p + n + 1, l);
			out[l] = '\0';
			for (char *t = out; *t; t++)
				if (*t == '\t')
					*t = ' ';
			return 0;
		}
	}
	return -1;
}

/* Keep the lines whose first word is one of the watermark, protection and
 * pcp size labels, joined with newlines. */
static void keep_wmark_lines(const char *text, struct strbuf *out)
{
	static const char *const keys[] = { "min", "low", "high", "boost", "protection:",
					    "high:", "batch:", NULL };

	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		const char *w = p;
		size_t len = e ? (size_t)(e - p) : strlen(p);

		while (*w == ' ')
			w++;
		for (int k = 0; keys[k]; k++) {
			size_t kl = strlen(keys[k]);

			if (!strncmp(w, keys[k], kl) && w[kl] == ' ') {
				sb_printf(out, "%.*s\n", (int)len, p);
				break;
			}
		}
		p = e ? e + 1 : p + len;
	}
}

/* The shape of each line: every number becomes '#' and every run of blanks
 * one blank (column widths follow the numbers). */
static void line_labels(const char *text, struct strbuf *out)
{
	char prev = 0;

	for (const char *p = text; *p; p++) {
		char c = *p >= '0' && *p <= '9' ? '#' : *p == '\t' ? ' ' : *p;

		if ((c == '#' || c == ' ') && c == prev)
			continue;
		sb_putc(out, c);
		prev = c;
	}
}

static const char *const sweep[] = {
	"01_mf45056_wsf10", "02_mf45056_wsf1", "03_mf45056_wsf100", "04_mf45056_wsf500",
	"05_mf45056_wsf1000", "06_mf1024_wsf10", "07_mf4096_wsf10", "08_mf8192_wsf10",
	"09_mf16384_wsf10", "10_mf65536_wsf10", "11_mf8192_wsf200", "12_mf32768_wsf50",
	"13_mf8192_wsf10_lrr128-128-16-1-1", "14_mf8192_wsf10_lrr32-32-8-1-1",
	"15_mf45056_wsf10_lrr256-256-32-0-0",
};

/*
 * Every step of the real sweep: set the same sysctls on the modelled 6.1
 * machine and compare min, low, high, boost, protection, pcp high and batch
 * of every zone with the real zoneinfo, line for line.
 */
TEST(linux61_sysctl_sweep_matches_real_zoneinfo)
{
	for (size_t i = 0; i < sizeof(sweep) / sizeof(sweep[0]); i++) {
		char path[256], mf[32], wsf[32], lrr[64];
		struct strbuf got = STRBUF_INIT, want = STRBUF_INIT, zi = STRBUF_INIT;
		char *real, *vm;
		struct sim *sim = boot_real();

		REQUIRE(sim);
		snprintf(path, sizeof(path), DATA "sysctl/%s/sysctl_vm", sweep[i]);
		vm = test_slurp(path);
		snprintf(path, sizeof(path), DATA "sysctl/%s/zoneinfo", sweep[i]);
		real = test_slurp(path);
		REQUIRE(vm && real);
		REQUIRE(sysctl_value(vm, "min_free_kbytes", mf, sizeof(mf)) == 0);
		REQUIRE(sysctl_value(vm, "watermark_scale_factor", wsf, sizeof(wsf)) == 0);
		REQUIRE(sysctl_value(vm, "lowmem_reserve_ratio", lrr, sizeof(lrr)) == 0);
		CHECK(sim_sysctl_set(sim, "vm.watermark_scale_factor", wsf) == 0);
		CHECK(sim_sysctl_set(sim, "vm.lowmem_reserve_ratio", lrr) == 0);
		CHECK(sim_sysctl_set(sim, "vm.min_free_kbytes", mf) == 0);
		procfs_show_zoneinfo(sim, &zi);
		keep_wmark_lines(sb_str(&zi), &got);
		keep_wmark_lines(real, &want);
		CHECK(want.len > 100);
		if (strcmp(sb_str(&got), sb_str(&want)))
			printf("sweep %s:\n--- model\n%s--- real\n%s", sweep[i], sb_str(&got),
			       sb_str(&want));
		CHECK_STR(sb_str(&got), sb_str(&want));
		sb_release(&got);
		sb_release(&want);
		sb_release(&zi);
		free(vm);
		free(real);
		sim_destroy(sim);
	}
}

/* The boot snapshot: min_free_kbytes is khugepaged's 45056 (not the
 * sqrt formula's ~3960), and the sysctls read as the real ones. */
TEST(linux61_boot_sysctls_match_real)
{
	struct sim *sim = boot_real();
	char *vm = test_slurp(DATA "boot/sysctl_vm");
	struct strbuf sb = STRBUF_INIT;
	char want[64];

	REQUIRE(sim && vm);
	static const char *const names[] = { "min_free_kbytes", "watermark_scale_factor",
		"lowmem_reserve_ratio", "watermark_boost_factor", "extfrag_threshold", NULL };
	for (int i = 0; names[i]; i++) {
		char full[64];

		REQUIRE(sysctl_value(vm, names[i], want, sizeof(want)) == 0);
		snprintf(full, sizeof(full), "vm.%s", names[i]);
		sb_reset(&sb);
		CHECK(sim_sysctl_get(sim, full, &sb) == 0);
		for (char *t = sb.buf; t && *t; t++)
			if (*t == '\t')
				*t = ' ';
		CHECK_STR(sb_str(&sb), want);
	}
	sb_reset(&sb);
	CHECK(sim_sysctl_get(sim, "vm.percpu_pagelist_high_fraction", &sb) == 0);
	CHECK_STR(sb_str(&sb), "0");
	/* 4.x's knob is gone in 6.1, with the version that has it named */
	CHECK(sim_sysctl_get(sim, "vm.percpu_pagelist_fraction", &sb) == -ENOENT);
	CHECK(sim_sysctl_set(sim, "vm.percpu_pagelist_high_fraction", "7") == -EINVAL);
	CHECK(sim_sysctl_set(sim, "vm.compaction_proactiveness", "101") == -EINVAL);
	sb_release(&sb);
	free(vm);
	sim_destroy(sim);
}

/* percpu_pagelist_high_fraction: high = managed / fraction / node CPUs,
 * at least 4 batches; batch does not change. */
TEST(linux61_pcp_high_fraction)
{
	struct sim *sim = boot_real();
	const struct zone *dma32;

	REQUIRE(sim);
	dma32 = sim_zone(sim, 0, ZONE_DMA32);
	CHECK(sim_sysctl_set(sim, "vm.percpu_pagelist_high_fraction", "8") == 0);
	CHECK_EQ_L(dma32->pageset[0].high, 241523 / 8 / 2);
	CHECK_EQ_L(dma32->pageset[1].batch, 63);
	CHECK_EQ_L(sim_zone(sim, 0, ZONE_DMA)->pageset[0].high, 3840 / 8 / 2);
	CHECK(sim_sysctl_set(sim, "vm.percpu_pagelist_high_fraction", "0") == 0);
	CHECK_EQ_L(dma32->pageset[0].high, (long)dma32->watermark[WMARK_LOW] / 2);
	/* the marks and high move together (setup_per_zone_wmarks) */
	CHECK(sim_sysctl_set(sim, "vm.watermark_scale_factor", "1000") == 0);
	CHECK_EQ_L(dma32->pageset[0].high, (long)dma32->watermark[WMARK_LOW] / 2);
	CHECK_EQ_UL(dma32->watermark_promo - dma32->watermark[WMARK_HIGH],
		    dma32->watermark[WMARK_HIGH] - dma32->watermark[WMARK_LOW]);
	sim_destroy(sim);
}

/*
 * The /proc views have the real files' lines, names and order: the same
 * labels line for line (numbers differ: the guest's pages are in use).
 */
TEST(linux61_proc_views_have_real_lines)
{
	static const struct {
		const char *file;
		void (*show)(const struct sim *, struct strbuf *);
	} views[] = {
		{ "zoneinfo", procfs_show_zoneinfo },
		{ "vmstat", procfs_show_vmstat },
		{ "pagetypeinfo", procfs_show_pagetypeinfo },
		{ "buddyinfo", procfs_show_buddyinfo },
	};
	struct sim *sim = boot_real();

	REQUIRE(sim);
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		struct strbuf out = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
		char path[128], *real;

		snprintf(path, sizeof(path), DATA "boot/%s", views[i].file);
		real = test_slurp(path);
		REQUIRE(real);
		views[i].show(sim, &out);
		line_labels(sb_str(&out), &a);
		line_labels(real, &b);
		if (strcmp(sb_str(&a), sb_str(&b)))
			printf("%s differs:\n--- model\n%s--- real\n%s", views[i].file, sb_str(&a),
			       sb_str(&b));
		CHECK_STR(sb_str(&a), sb_str(&b));
		sb_release(&out);
		sb_release(&a);
		sb_release(&b);
		free(real);
	}
	sim_destroy(sim);
}

/* v4.5 on the same machine keeps its own layout and formulas. */
TEST(linux61_leaves_4_5_alone)
{
	struct machine_desc m;
	char err[256];
	struct sim *s45;
	struct strbuf sb = STRBUF_INIT;

	REQUIRE(machine_load("zoneinfo:" DATA "boot/zoneinfo", &m, err, sizeof(err)) == 0);
	s45 = boot_desc_kernel(&m, 1, KERNEL_4_5);
	REQUIRE(s45);
	procfs_show_zoneinfo(s45, &sb);
	CHECK(strstr(sb_str(&sb), "per-node stats") == NULL);
	CHECK(strstr(sb_str(&sb), "\n        scanned  ") != NULL);
	sb_reset(&sb);
	CHECK(sim_sysctl_get(s45, "vm.lowmem_reserve_ratio", &sb) == 0);
	CHECK_STR(sb_str(&sb), "256\t256\t32");
	sb_release(&sb);
	sim_destroy(s45);
}

/* ---- the OOM killer against a real 6.1 OOM ---- */

TEST(linux61_oom_report_has_the_real_line_kinds_and_fields)
{
	char *real = test_slurp(DATA "oom-dmesg.txt");
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct strbuf log = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	int holder, hog;

	REQUIRE(real && sim);
	holder = task_spawn(sim, "memhog", -500, -1, 0);
	task_touch(sim, holder, TASK_ANON, 700);
	hog = task_spawn(sim, "grower", 0, -1, 0);
	task_touch(sim, hog, TASK_ANON, 8000);
	CHECK(sim_vm_event(sim, OOM_KILL) >= 1);
	sim_dmesg_show(sim, &log, 0);
	/* the line kinds (oomsig.h: the victim's comm normalised, memhog
	 * there, grower here; the GFP masks compared) */
	oom_report_sigs(sb_str(&log), 0, &a);
	oom_report_sigs(real, 0, &b);
	if (strcmp(sb_str(&a), sb_str(&b)))
		printf("--- model\n%s--- real\n%s", sb_str(&a), sb_str(&b));
	CHECK(b.len > 500);
	CHECK_STR(sb_str(&a), sb_str(&b));
	free(real);
	sb_release(&log);
	sb_release(&a);
	sb_release(&b);
	sim_destroy(sim);
}

/* /proc/PID/oom_score on 6.1's 0..2000 scale. */
TEST(linux61_oom_score_scale)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	int a, b, c;
	unsigned long total;

	REQUIRE(sim);
	total = oom_totalpages(sim);
	a = task_spawn(sim, "a", 1000, -1, 0);
	b = task_spawn(sim, "b", -1000, -1, 0);
	c = task_spawn(sim, "c", 0, -1, 0);
	task_touch(sim, c, TASK_ANON, 1000);
	/* no pages at +1000: (1000 + 1000 * (total/1000) * 1000 / total) * 2 / 3 */
	CHECK_EQ_UL(oom_score(sim, task_find(sim, a)),
		    (1000 + (long)(1000 * (total / 1000)) * 1000 / (long)total) * 2 / 3);
	CHECK_EQ_UL(oom_score(sim, task_find(sim, b)), 0);
	CHECK(oom_score(sim, task_find(sim, c)) > 666 && oom_score(sim, task_find(sim, c)) < 2000);
	CHECK(oom_score(sim, task_find(sim, a)) <= 2000);
	sim_destroy(sim);
}
