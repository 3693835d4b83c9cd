/* tests/unit/test_watermark.c - watermarks, lowmem_reserve, pcp sizes and
 * zone_watermark_ok against the numbers of a real 6.18 machine. */
#include <errno.h>

#include "../../core/internal.h"
#include "buddyscope/buddy.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/watermark.h"
#include "simtest.h"

/* The zone layout of a real 6.18 machine, with its min_free_kbytes. Its
 * watermarks are those of the v4.6 formula (watermark_scale_factor 10), so
 * the sample checks the 4.6 table entry, and hand-computed v4.5 values the
 * 4.5 one. */
static struct sim *boot_sample(enum kernel_version kernel)
{
	struct machine_desc m;
	char err[256];
	struct sim *sim;

	if (machine_load("zoneinfo:tests/data/zoneinfo-6.18.txt", &m, err, sizeof(err))) {
		printf("%s\n", err);
		return NULL;
	}
	sim = boot_desc_kernel(&m, 1, kernel);
	if (sim && sim_sysctl_set(sim, "vm.min_free_kbytes", "67584")) {
		sim_destroy(sim);
		return NULL;
	}
	return sim;
}

TEST(int_sqrt_and_default_min_free_kbytes_table)
{
	/* the kernel comment's table: 1 GiB -> 4096, 4 GiB -> 8192, 16 GiB -> 16384 */
	static const struct { unsigned long pages, kb; } t[] = {
		{ 262144, 4096 }, { 1048576, 8192 }, { 4194304, 16384 },
	};
	CHECK_EQ_UL(int_sqrt(0), 0);
	CHECK_EQ_UL(int_sqrt(15), 3);
	CHECK_EQ_UL(int_sqrt(16), 4);
	CHECK_EQ_UL(int_sqrt(16777216), 4096);
	CHECK_EQ_UL(int_sqrt(~0UL), 4294967295UL);
	for (unsigned i = 0; i < 3; i++) {
		struct sim *sim = boot_one_zone(ZONE_NORMAL, 1UL << 20, t[i].pages, 1);
		struct strbuf sb = STRBUF_INIT;

		REQUIRE(sim);
		sim_sysctl_get(sim, "vm.min_free_kbytes", &sb);
		CHECK_EQ_UL(strtoul(sb_str(&sb), NULL, 10), t[i].kb);
		sb_release(&sb);
		sim_destroy(sim);
	}
}

TEST(watermarks_match_the_real_kernel_sample)
{
	struct sim *sim = boot_sample(KERNEL_4_6);
	const struct zone *dma, *dma32, *normal;

	REQUIRE(sim);
	dma = sim_zone(sim, 0, ZONE_DMA);
	dma32 = sim_zone(sim, 0, ZONE_DMA32);
	normal = sim_zone(sim, 0, ZONE_NORMAL);
	CHECK_EQ_UL(dma->managed_pages, 3840);
	CHECK_EQ_UL(dma->watermark[WMARK_MIN], 68);
	CHECK_EQ_UL(dma->watermark[WMARK_LOW], 85);
	CHECK_EQ_UL(dma->watermark[WMARK_HIGH], 102);
	CHECK_EQ_UL(dma32->watermark[WMARK_MIN], 13883);
	CHECK_EQ_UL(dma32->watermark[WMARK_LOW], 17353);
	CHECK_EQ_UL(dma32->watermark[WMARK_HIGH], 20823);
	CHECK_EQ_UL(normal->watermark[WMARK_MIN], 2943);
	CHECK_EQ_UL(normal->watermark[WMARK_LOW], 3678);
	CHECK_EQ_UL(normal->watermark[WMARK_HIGH], 4413);
	/* protection: (0, 3019, 3659, 3659) for DMA, (0, 0, 640, 640) for DMA32 */
	CHECK_EQ_L(dma->lowmem_reserve[ZONE_DMA], 0);
	CHECK_EQ_L(dma->lowmem_reserve[ZONE_DMA32], 3019);
	CHECK_EQ_L(dma->lowmem_reserve[ZONE_NORMAL], 3659);
	CHECK_EQ_L(dma->lowmem_reserve[ZONE_MOVABLE], 3659);
	CHECK_EQ_L(dma32->lowmem_reserve[ZONE_DMA32], 0);
	CHECK_EQ_L(dma32->lowmem_reserve[ZONE_NORMAL], 640);
	CHECK_EQ_L(dma32->lowmem_reserve[ZONE_MOVABLE], 640);
	for (int j = 0; j < MAX_NR_ZONES; j++)
		CHECK_EQ_L(normal->lowmem_reserve[j], 0);
	/* pcp sizes: DMA high 0 batch 1 (as the sample shows), big zones 186/31 */
	CHECK_EQ_L(dma->pageset[0].high, 0);
	CHECK_EQ_L(dma->pageset[0].batch, 1);
	CHECK_EQ_L(dma32->pageset[3].high, 186);
	CHECK_EQ_L(dma32->pageset[3].batch, 31);
	CHECK_EQ_L(normal->pageset[0].batch, 31);
	sim_destroy(sim);
}

/* The same zones under v4.5: low = min + tmp/4, high = min + tmp/2, each
 * rounded down, so high is one page more where tmp/2 is odd (the reference's
 * section 4.2 table): DMA 68 + 17 / 68 + 34; DMA32 13883 + 3470 / 13883 + 6941;
 * Normal 2943 + 735 / 2943 + 1471. The fair batch is high - low. */
TEST(watermarks_v45_formula_on_the_sample)
{
	struct sim *sim = boot_sample(KERNEL_4_5);
	const struct zone *dma, *dma32, *normal;

	REQUIRE(sim);
	dma = sim_zone(sim, 0, ZONE_DMA);
	dma32 = sim_zone(sim, 0, ZONE_DMA32);
	normal = sim_zone(sim, 0, ZONE_NORMAL);
	CHECK_EQ_UL(dma->watermark[WMARK_MIN], 68);
	CHECK_EQ_UL(dma->watermark[WMARK_LOW], 85);
	CHECK_EQ_UL(dma->watermark[WMARK_HIGH], 102);
	CHECK_EQ_UL(dma32->watermark[WMARK_MIN], 13883);
	CHECK_EQ_UL(dma32->watermark[WMARK_LOW], 17353);
	CHECK_EQ_UL(dma32->watermark[WMARK_HIGH], 20824);
	CHECK_EQ_UL(normal->watermark[WMARK_MIN], 2943);
	CHECK_EQ_UL(normal->watermark[WMARK_LOW], 3678);
	CHECK_EQ_UL(normal->watermark[WMARK_HIGH], 4414);
	CHECK_EQ_L(dma32->vm_stat[NR_ALLOC_BATCH], 20824 - 17353);
	CHECK_EQ_L(normal->vm_stat[NR_ALLOC_BATCH], 4414 - 3678);
	/* no watermark_scale_factor in v4.5: an error that names v4.6 */
	CHECK(sim_sysctl_set(sim, "vm.watermark_scale_factor", "100") == -ENOENT);
	CHECK(strstr(sim_errmsg(sim), "does not exist in Linux v4.5.0") != NULL);
	CHECK(strstr(sim_errmsg(sim), "came with v4.6") != NULL);
	CHECK_EQ_UL(dma32->watermark[WMARK_LOW], 17353);	/* nothing changed */
	CHECK(!sim_sysctl_exists(sim, "vm.watermark_scale_factor"));
	CHECK(sim_sysctl_exists(sim, "vm.min_free_kbytes"));
	/* min_free_kbytes moves them by the same formula */
	CHECK(sim_sysctl_set(sim, "vm.min_free_kbytes", "1024") == 0);
	CHECK_EQ_UL(dma32->watermark[WMARK_MIN], 210);	/* 256 * 772915 / 940595 */
	CHECK_EQ_UL(dma32->watermark[WMARK_LOW], 210 + 52);
	CHECK_EQ_UL(dma32->watermark[WMARK_HIGH], 210 + 105);
	sim_destroy(sim);
}

TEST(watermarks_follow_sysctls)
{
	struct sim *sim = boot_sample(KERNEL_4_6);
	const struct zone *dma32;

	REQUIRE(sim);
	dma32 = sim_zone(sim, 0, ZONE_DMA32);
	/* scale factor 100 (1%): d = max(3470, 7729) = 7729 */
	CHECK(sim_sysctl_set(sim, "vm.watermark_scale_factor", "100") == 0);
	CHECK_EQ_UL(dma32->watermark[WMARK_LOW], 13883 + 7729);
	CHECK_EQ_UL(dma32->watermark[WMARK_HIGH], 13883 + 2 * 7729);
	CHECK(sim_sysctl_set(sim, "vm.watermark_scale_factor", "0") == -EINVAL);
	CHECK(sim_sysctl_set(sim, "vm.watermark_scale_factor", "1001") == -EINVAL);
	CHECK_EQ_UL(dma32->watermark[WMARK_LOW], 13883 + 7729);
	CHECK(sim_sysctl_set(sim, "vm.lowmem_reserve_ratio", "128 128 32") == 0);
	CHECK_EQ_L(sim_zone(sim, 0, ZONE_DMA)->lowmem_reserve[ZONE_NORMAL], 936755 / 128);
	CHECK(sim_sysctl_set(sim, "vm.lowmem_reserve_ratio", "1 2 3 4") == -EINVAL);
	CHECK(sim_sysctl_set(sim, "vm.lowmem_reserve_ratio", "abc") == -EINVAL);
	CHECK(sim_sysctl_set(sim, "vm.percpu_pagelist_fraction", "8") == 0);
	CHECK_EQ_L(dma32->pageset[0].high, 772915 / 8);
	CHECK_EQ_L(dma32->pageset[0].batch, 96);
	CHECK(sim_sysctl_set(sim, "vm.percpu_pagelist_fraction", "4") == -EINVAL);
	CHECK(sim_sysctl_set(sim, "vm.percpu_pagelist_fraction", "0") == 0);
	CHECK_EQ_L(dma32->pageset[0].high, 186);
	CHECK(sim_sysctl_set(sim, "vm.nonsense", "1") == -ENOENT);
	CHECK(sim_sysctl_set(sim, "vm.min_free_kbytes", "99999999999999999999") == -EINVAL);
	CHECK(sim_sysctl_set(sim, "vm.min_free_kbytes", "-5") == -EINVAL);
	CHECK(sim_sysctl_set(sim, "min_free_kbytes", "1024") == 0);
	CHECK_EQ_UL(dma32->watermark[WMARK_MIN], (unsigned long)(256ULL * 772915 / 940595));
	sim_destroy(sim);
}

TEST(zone_watermark_ok_exact_rules)
{
	struct sim *sim = boot_sample(KERNEL_4_6);
	const struct zone *dma32;
	unsigned int atomic = gfp_to_alloc_flags(sim, GFP_ATOMIC);
	unsigned int kernel = gfp_to_alloc_flags(sim, GFP_KERNEL);

	REQUIRE(sim);
	dma32 = sim_zone(sim, 0, ZONE_DMA32);
	CHECK_EQ_UL(atomic, ALLOC_WMARK_MIN | ALLOC_HARDER | ALLOC_HIGH);
	CHECK_EQ_UL(kernel, ALLOC_WMARK_MIN | ALLOC_CPUSET);
	/* GFP_ATOMIC in DMA32 for a Normal classzone: min 13883 -> 6942 -> 5207;
	 * needs free > 5207 + 640 */
	CHECK(!zone_watermark_ok_free(dma32, 0, 13883, ZONE_NORMAL, atomic, 5847));
	CHECK(zone_watermark_ok_free(dma32, 0, 13883, ZONE_NORMAL, atomic, 5848));
	/* GFP_KERNEL: min 13883 + 640, the "<=" fails on equality */
	CHECK(!zone_watermark_ok_free(dma32, 0, 13883, ZONE_NORMAL, kernel, 14523));
	CHECK(zone_watermark_ok_free(dma32, 0, 13883, ZONE_NORMAL, kernel, 14524));
	/* classzone DMA32 itself has no reserve */
	CHECK(zone_watermark_ok_free(dma32, 0, 13883, ZONE_DMA32, kernel, 13884));
	/* the order term: 2^order - 1 pages don't count */
	CHECK(!zone_watermark_ok_free(dma32, 3, 13883, ZONE_DMA32, kernel, 13890));
	CHECK(zone_watermark_ok_free(dma32, 3, 13883, ZONE_DMA32, kernel, 13891));
	sim_destroy(sim);
}

TEST(zone_watermark_ok_highatomic_and_order_check)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, 1UL << 20, 4096, 1);
	struct zone *z;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_NORMAL];
	/* move every free block to HIGHATOMIC: only ALLOC_HARDER may see them */
	for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn += 512) {
		set_pageblock_migratetype(sim, pfn, MIGRATE_HIGHATOMIC);
		move_freepages_block(sim, z, pfn, MIGRATE_HIGHATOMIC);
	}
	CHECK(zone_watermark_ok(z, 2, 0, ZONE_NORMAL, ALLOC_HARDER));
	CHECK(!zone_watermark_ok(z, 2, 0, ZONE_NORMAL, 0));
	/* order 0 only checks the count */
	CHECK(zone_watermark_ok(z, 0, 0, ZONE_NORMAL, 0));
	/* the reserve counts against non-harder callers */
	z->nr_reserved_highatomic = 4096;
	CHECK(!zone_watermark_ok(z, 0, 0, ZONE_NORMAL, 0));
	CHECK(zone_watermark_ok(z, 0, 0, ZONE_NORMAL, ALLOC_HARDER));
	z->nr_reserved_highatomic = 0;
	sim_destroy(sim);
}

TEST(fast_path_failure_names_zones_and_checks)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	struct strbuf sb = STRBUF_INIT;
	unsigned long n = 0;

	REQUIRE(sim);
	/* __GFP_NORETRY: no OOM kill of bash, the only user task */
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		n++;
	CHECK(n > 1000);
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_NORETRY, 0) == 0);
	req.narrate = true;
	CHECK_EQ_UL(alloc_run(sim, &req), PFN_NONE);
	alloc_explain(sim, &req, &sb);
	CHECK(strstr(sb_str(&sb), "DMA32") != NULL);
	CHECK(strstr(sb_str(&sb), "zone_watermark_ok failed") != NULL);
	CHECK(strstr(req.why, "page allocation failure: order:0, mode:0x24010c0") != NULL);
	CHECK(invariants_hold(sim));
	sb_release(&sb);
	sim_destroy(sim);
}

TEST(request_init_rejects_bad_input)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;

	REQUIRE(sim);
	CHECK(alloc_request_init(sim, &req, GFP_KERNEL, 11) == -EINVAL);
	CHECK(strstr(sim_errmsg(sim), "order 11 out of range") != NULL);
	CHECK(alloc_request_init(sim, &req, GFP_F_DMA | GFP_F_DMA32, 0) == -EINVAL);
	CHECK(alloc_request_init(sim, &req, GFP_F_MOVABLE | GFP_F_RECLAIMABLE, 0) == -EINVAL);
	CHECK(alloc_request_init(sim, &req, 1u << 27, 0) == -EINVAL);
	CHECK(alloc_request_init(sim, &req, GFP_KERNEL, 10) == 0);
	sim_destroy(sim);
}

/*
 * The v4.5 formula on every preset, against values worked out by hand
 * (outside buddyscope, from the managed pages `machine` prints):
 *   min_free_kbytes = int_sqrt(4 * 16 * sum of managed pages up to Normal)
 *   pages_min = min_free_kbytes / 4; tmp = pages_min * managed / lowmem
 *   min = tmp, low = tmp + tmp/4, high = tmp + tmp/2
 * e.g. laptop: int_sqrt(4 * 16 * 2046122) = 11443; pages_min 2860;
 * Normal: 2860 * 1276252 / 2046122 = 1783, low 1783 + 445 = 2228,
 * high 1783 + 891 = 2674. (Movable counts as lowmem on x86-64.)
 */
TEST(watermarks_v45_every_preset_by_hand)
{
	static const struct {
		const char *preset;
		unsigned long mfk;
		struct { int nid, zid; unsigned long min, low, high; } z[7];
	} want[] = {
		{ "tiny", 695, { { 0, ZONE_DMA, 90, 112, 135 }, { 0, ZONE_DMA32, 82, 102, 123 } } },
		{ "classroom", 9896, { { 0, ZONE_DMA, 6, 7, 9 }, { 0, ZONE_DMA32, 1238, 1547, 1857 },
				       { 0, ZONE_NORMAL, 1229, 1536, 1843 } } },
		{ "laptop", 11443, { { 0, ZONE_DMA, 5, 6, 7 }, { 0, ZONE_DMA32, 1070, 1337, 1605 },
				     { 0, ZONE_NORMAL, 1783, 2228, 2674 } } },
		{ "numa2", 16217, { { 0, ZONE_DMA, 3, 3, 4 }, { 0, ZONE_DMA32, 755, 943, 1132 },
				    { 0, ZONE_NORMAL, 1259, 1573, 1888 },
				    { 1, ZONE_NORMAL, 2035, 2543, 3052 } } },
		{ "numa4", 16216, { { 0, ZONE_DMA, 3, 3, 4 }, { 0, ZONE_DMA32, 755, 943, 1132 },
				    { 0, ZONE_NORMAL, 241, 301, 361 },
				    { 1, ZONE_NORMAL, 1017, 1271, 1525 },
				    { 2, ZONE_NORMAL, 1017, 1271, 1525 },
				    { 3, ZONE_NORMAL, 1017, 1271, 1525 } } },
		{ "movable", 9869, { { 0, ZONE_DMA, 4, 5, 6 }, { 0, ZONE_DMA32, 923, 1153, 1384 },
				     { 0, ZONE_NORMAL, 906, 1132, 1359 },
				     { 0, ZONE_MOVABLE, 632, 790, 948 } } },
		{ "server64", 32488, { { 0, ZONE_DMA, 1, 1, 1 }, { 0, ZONE_DMA32, 377, 471, 565 },
				       { 0, ZONE_NORMAL, 7742, 9677, 11613 } } },
	};

	for (size_t p = 0; p < sizeof(want) / sizeof(want[0]); p++) {
		struct sim *sim = boot_preset_kernel(want[p].preset, KERNEL_4_5);
		struct strbuf sb = STRBUF_INIT;
		int checked = 0;

		REQUIRE(sim);
		sim_sysctl_get(sim, "vm.min_free_kbytes", &sb);
		CHECK_EQ_UL(strtoul(sb_str(&sb), NULL, 10), want[p].mfk);
		sb_release(&sb);
		for (int i = 0; i < 7 && want[p].z[i].high; i++) {
			const struct zone *z = sim_zone(sim, want[p].z[i].nid, want[p].z[i].zid);

			CHECK_EQ_UL(z->watermark[WMARK_MIN], want[p].z[i].min);
			CHECK_EQ_UL(z->watermark[WMARK_LOW], want[p].z[i].low);
			CHECK_EQ_UL(z->watermark[WMARK_HIGH], want[p].z[i].high);
			checked++;
		}
		/* every populated zone of the preset was checked */
		for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
			for (int zid = 0; zid < MAX_NR_ZONES; zid++)
				checked -= populated_zone(sim_zone(sim, nid, zid));
		CHECK_EQ_L(checked, 0);
		sim_destroy(sim);
	}
}
