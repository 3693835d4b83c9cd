/* tests/unit/test_cma.c - a CMA area (cma=SIZE: machine file "cma", --cma,
 * `machine SPEC cma=`) under 6.1 (as built with CONFIG_CMA=y) and v4.5:
 * where boot puts it, which requests take its pages (6.1's __rmqueue
 * balance rule, __rmqueue_cma_fallback, no fallback stealing a CMA block),
 * the watermark's CMA term, the /proc files, and refusing bad sizes. */
#include <errno.h>

#include "../../core/compaction_internal.h"
#include "../../core/internal.h"
#include "../../core/page_alloc_6_1.h"
#include "buddyscope/buddy.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "simtest.h"

#define CMA_ZONE_START	4096UL
#define CMA_ZONE_PAGES	65536UL		/* 256 MiB of DMA32 */

/* One DMA32 zone of @pages pages at pfn 4096, one cpu, a CMA area of @cma
 * pages (0: none), under @k. */
static struct sim *boot_cma(unsigned long pages, unsigned long cma, enum kernel_version k)
{
	struct machine_desc m;

	memset(&m, 0, sizeof(m));
	snprintf(m.name, sizeof(m.name), "cmatest");
	m.nr_nodes = 1;
	m.nodes[0].nr_cpus = 1;
	m.nodes[0].zones[ZONE_DMA32] = (struct zone_desc){ CMA_ZONE_START, pages, pages, pages };
	m.distance[0][0] = 10;
	m.cma_pages = cma;
	return boot_desc_kernel(&m, 1, k);
}

static bool in_cma(const struct sim *sim, unsigned long pfn)
{
	return get_pfnblock_migratetype(sim, pfn) == MIGRATE_CMA;
}

static unsigned long cma_blocks(const struct sim *sim, const struct zone *z)
{
	unsigned long n = 0;

	for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn += pageblock_nr_pages)
		n += in_cma(sim, pfn);
	return n;
}

/* free CMA pages on the buddy lists, order by order */
static unsigned long cma_on_lists(const struct zone *z)
{
	unsigned long n = 0;

	for (int o = 0; o < MAX_ORDER; o++)
		n += (unsigned long)z->free_area[o].nr_free_mt[MIGRATE_CMA] << o;
	return n;
}

TEST(cma_boot_reserves_the_top_of_the_zone)
{
	/* 7500 pages: 6.1 rounds up to a pageblock (7680), v4.5 to 4 MiB (8192) */
	static const struct { enum kernel_version k; unsigned long want; } c[] = {
		{ KERNEL_6_1, 7680 }, { KERNEL_4_5, 8192 },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct sim *sim = boot_cma(CMA_ZONE_PAGES, 7500, c[i].k);
		const struct zone *z;
		unsigned long end = CMA_ZONE_START + CMA_ZONE_PAGES;

		REQUIRE(sim);
		z = sim_zone(sim, 0, ZONE_DMA32);
		CHECK_EQ_L(z->cma_pages, c[i].want);
		CHECK_EQ_L(zone_page_state(z, NR_FREE_CMA_PAGES), c[i].want);
		CHECK_EQ_L(cma_on_lists(z), c[i].want);
		CHECK_EQ_L(cma_blocks(sim, z), c[i].want / pageblock_nr_pages);
		CHECK(in_cma(sim, end - 1) && in_cma(sim, end - c[i].want));
		CHECK(!in_cma(sim, end - c[i].want - 1));
		CHECK_EQ_L(z->managed_pages, CMA_ZONE_PAGES);	/* still managed */
		CHECK(invariants_hold(sim));
		sim_destroy(sim);
	}
}

/* Models check: 6.1's __rmqueue takes from the CMA lists first only while
 * free CMA pages are over half the zone's free pages. */
TEST(cma61_rmqueue_balances_movable_between_areas)
{
	struct sim *small = boot_cma(CMA_ZONE_PAGES, 8192, KERNEL_6_1);	/* 1/8 */
	struct sim *big = boot_cma(CMA_ZONE_PAGES, 49152, KERNEL_6_1);	/* 3/4 */
	unsigned long pfn;

	REQUIRE(small && big);
	pfn = alloc_pages(small, GFP_HIGHUSER_MOVABLE, 0);
	REQUIRE(pfn != PFN_NONE);
	CHECK(!in_cma(small, pfn));
	pfn = alloc_pages(big, GFP_HIGHUSER_MOVABLE, 0);
	REQUIRE(pfn != PFN_NONE);
	CHECK(in_cma(big, pfn));
	/* the pcp batch came from the CMA lists too: no longer free CMA */
	CHECK(zone_page_state(sim_zone(big, 0, ZONE_DMA32), NR_FREE_CMA_PAGES) < 49152);
	CHECK_EQ_L(zone_page_state(sim_zone(big, 0, ZONE_DMA32), NR_FREE_CMA_PAGES),
		   cma_on_lists(sim_zone(big, 0, ZONE_DMA32)));
	/* an unmovable request never: no ALLOC_CMA */
	for (int i = 0; i < 64; i++) {
		pfn = alloc_pages(big, GFP_KERNEL, (unsigned int)(i % 4));
		REQUIRE(pfn != PFN_NONE);
		CHECK(!in_cma(big, pfn));
	}
	CHECK(invariants_hold(small) && invariants_hold(big));
	sim_destroy(small);
	sim_destroy(big);
}

/* v4.5 has no balance rule: a movable request takes its own list first,
 * the CMA lists only when it is empty. */
TEST(cma45_movable_takes_its_own_list_first)
{
	struct sim *sim = boot_cma(CMA_ZONE_PAGES, 49152, KERNEL_4_5);
	unsigned long pfn;

	REQUIRE(sim);
	pfn = alloc_pages(sim, GFP_HIGHUSER_MOVABLE, 0);
	REQUIRE(pfn != PFN_NONE);
	CHECK(!in_cma(sim, pfn));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* Unmovable requests exhaust the non-CMA half of a small zone: none takes
 * a CMA page, no CMA pageblock changes type (fallbacks[] has no CMA), the
 * free CMA pages stay; then a movable request is served from CMA. */
TEST(cma61_fallback_never_steals_a_cma_block)
{
	static const enum kernel_version ks[] = { KERNEL_6_1, KERNEL_4_5 };

	for (size_t k = 0; k < sizeof(ks) / sizeof(ks[0]); k++) {
		struct sim *sim = boot_cma(8192, 4096, ks[k]);
		const struct zone *z;
		unsigned long pfn, blocks;
		int n = 0;

		REQUIRE(sim);
		z = sim_zone(sim, 0, ZONE_DMA32);
		blocks = cma_blocks(sim, z);
		CHECK_EQ_L(blocks, 4096 / pageblock_nr_pages);
		while ((pfn = alloc_pages(sim, GFP_NOWAIT, 0)) != PFN_NONE && n < 8192) {
			CHECK(!in_cma(sim, pfn));
			n++;
		}
		CHECK(n > 2048);	/* most of the non-CMA half went */
		CHECK(pfn == PFN_NONE);
		CHECK_EQ_L(cma_blocks(sim, z), blocks);
		CHECK_EQ_L(zone_page_state(z, NR_FREE_CMA_PAGES), 4096);
		pfn = alloc_pages(sim, GFP_NOWAIT | GFP_F_MOVABLE, 0);
		REQUIRE(pfn != PFN_NONE);
		CHECK(in_cma(sim, pfn));
		CHECK(invariants_hold(sim));
		sim_destroy(sim);
	}
}

/* Models check: __zone_watermark_ok() (6.1) does not count free CMA
 * pages for a caller without ALLOC_CMA. */
TEST(cma61_watermark_without_alloc_cma_subtracts_free_cma)
{
	struct sim *sim = boot_cma(CMA_ZONE_PAGES, 8192, KERNEL_6_1);
	struct sim *off = boot_cma(CMA_ZONE_PAGES, 0, KERNEL_6_1);
	const struct zone *z;
	long free_pages;
	unsigned long mark;

	REQUIRE(sim && off);
	z = sim_zone(sim, 0, ZONE_DMA32);
	free_pages = (long)zone_page_state(z, NR_FREE_PAGES);
	mark = (unsigned long)free_pages - 4096;	/* above free - 8192 CMA */
	CHECK(!zone_watermark_ok_6_1(z, 0, mark, ZONE_DMA32, 0, free_pages));
	CHECK(zone_watermark_ok_6_1(z, 0, mark, ZONE_DMA32, ALLOC_CMA, free_pages));
	/* the same mark on the machine without CMA: nothing to subtract */
	z = sim_zone(off, 0, ZONE_DMA32);
	CHECK(zone_watermark_ok_6_1(z, 0, mark, ZONE_DMA32, 0, free_pages));
	/* a movable request's flags carry ALLOC_CMA only with the area */
	CHECK(gfp_to_alloc_flags_6_1(sim, GFP_HIGHUSER_MOVABLE, 0) & ALLOC_CMA);
	CHECK(!(gfp_to_alloc_flags_6_1(sim, GFP_KERNEL, 0) & ALLOC_CMA));
	CHECK(!(gfp_to_alloc_flags_6_1(off, GFP_HIGHUSER_MOVABLE, 0) & ALLOC_CMA));
	sim_destroy(sim);
	sim_destroy(off);
}

TEST(cma61_proc_files_show_the_area_only_when_on)
{
	struct sim *on = boot_cma(CMA_ZONE_PAGES, 8192, KERNEL_6_1);
	struct sim *off = boot_cma(CMA_ZONE_PAGES, 0, KERNEL_6_1);
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	REQUIRE(on && off);
	procfs_show_zoneinfo(on, &a);
	procfs_show_vmstat(on, &a);
	procfs_show_pagetypeinfo(on, &a);
	CHECK(strstr(a.buf, "\n        cma      8192\n") != NULL);
	CHECK(strstr(a.buf, "\nnr_free_cma 8192\n") != NULL);
	CHECK(strstr(a.buf, "type          CMA") != NULL);
	CHECK(strstr(a.buf, "Reclaimable   HighAtomic          CMA") != NULL);
	procfs_show_zoneinfo(off, &b);
	procfs_show_vmstat(off, &b);
	procfs_show_pagetypeinfo(off, &b);
	CHECK(strstr(b.buf, "\n        cma      8192\n") == NULL);
	CHECK(strstr(b.buf, "\n        cma      0\n") != NULL);
	CHECK(strstr(b.buf, "\nnr_free_cma 0\n") != NULL);
	CHECK(strstr(b.buf, "CMA") == NULL);
	sb_release(&a);
	sb_release(&b);
	sim_destroy(on);
	sim_destroy(off);
}

TEST(cma_bad_sizes_are_refused)
{
	static const char *const bad[] = { "0", "abc", "3K", "64M x", "", "-4M" };
	struct machine_desc m;
	struct sim_config cfg;
	struct sim *sim = NULL;
	unsigned long pages = 99;
	char err[256], text[512];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		CHECK(machine_parse_cma(bad[i], &pages, err, sizeof(err)) == -EINVAL);
		CHECK(err[0] && !strchr(err, '\n') && strncmp(err, "line ", 5));
	}
	CHECK_EQ_L(machine_parse_cma("64M", &pages, err, sizeof(err)), 0);
	CHECK_EQ_L(pages, 16384);
	CHECK_EQ_L(machine_parse_cma("300", &pages, err, sizeof(err)), 0);
	CHECK_EQ_L(pages, 300);
	/* the machine file: "cma SIZE", once, not 0; machine_format writes it */
	CHECK(machine_parse("node 0 cpus 1\nzone 0 DMA32 start 16M spanned 256M\ncma 0\n", &m,
			    err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "line 3: cma size 0") != NULL);
	CHECK(machine_parse("node 0 cpus 1\nzone 0 DMA32 start 16M spanned 256M\ncma 8M\ncma 8M\n",
			    &m, err, sizeof(err)) == -EINVAL);
	REQUIRE(machine_parse("node 0 cpus 1\nzone 0 DMA32 start 16M spanned 256M\ncma 8M\n", &m,
			      err, sizeof(err)) == 0);
	CHECK_EQ_L(m.cma_pages, 2048);
	machine_format(&m, text, sizeof(text));
	CHECK(strstr(text, "\ncma 2048\n") != NULL);
	/* bigger than any zone: no boot, a one-line reason */
	m.cma_pages = 65536 + 512;
	memset(&cfg, 0, sizeof(cfg));
	cfg.machine = m;
	cfg.kernel = KERNEL_6_1;
	CHECK(sim_create(&cfg, &sim, err, sizeof(err)) == -EINVAL);
	CHECK(sim == NULL);
	CHECK(strstr(err, "fits in no zone") != NULL && !strchr(err, '\n'));
	/* the whole zone fits under 6.1 (pageblock-aligned) */
	cfg.machine.cma_pages = 65536;
	CHECK_EQ_L(sim_create(&cfg, &sim, err, sizeof(err)), 0);
	sim_destroy(sim);
}

/* 6.1 aligns an area to one pageblock: one of an odd number of pageblocks
 * starts in the middle of an order-10 pair, and its first CMA pageblock
 * must not sit in one order-10 block with the pageblock below it. */
TEST(cma61_area_never_merges_with_the_pageblock_below)
{
	struct sim *sim = boot_cma(CMA_ZONE_PAGES, 7680, KERNEL_6_1);
	unsigned long start = CMA_ZONE_START + CMA_ZONE_PAGES - 7680;	/* pageblock 121 */
	unsigned long pair = start & ~((1UL << (MAX_ORDER - 1)) - 1);
	static unsigned long held[2048];
	unsigned long pfn;
	const struct page *p;
	int n = 0;

	REQUIRE(sim);
	REQUIRE(pair != start && !in_cma(sim, pair));
	p = &sim->map.pages[pair];
	CHECK(!((p->flags & PG_buddy) && p->order == MAX_ORDER - 1));
	/* take and give back movable pages across the zone: still unmerged */
	while (n < 2048 && (pfn = alloc_pages(sim, GFP_HIGHUSER_MOVABLE, 3)) != PFN_NONE)
		held[n++] = pfn;
	for (int i = 0; i < n; i++)
		CHECK_EQ_L(free_pages(sim, held[i], 3), 0);
	p = &sim->map.pages[pair];
	CHECK(!((p->flags & PG_buddy) && p->order == MAX_ORDER - 1));
	CHECK_EQ_L(zone_page_state(sim_zone(sim, 0, ZONE_DMA32), NR_FREE_CMA_PAGES),
		   cma_on_lists(sim_zone(sim, 0, ZONE_DMA32)));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* Compaction: CMA pageblocks are movable targets and sources, and a free
 * CMA block ends a movable request's compaction (__compact_finished). */
TEST(cma61_compaction_treats_cma_blocks_as_movable)
{
	struct sim *sim = boot_cma(8192, 8192, KERNEL_6_1);	/* all CMA */
	const struct zone *z;

	REQUIRE(sim);
	z = sim_zone(sim, 0, ZONE_DMA32);
	CHECK_EQ_L(cma_blocks(sim, z), 16);
	CHECK(migrate_async_suitable(MIGRATE_CMA));
	CHECK(compact_free_block_for(sim, z, MAX_ORDER - 1, MIGRATE_MOVABLE));
	CHECK(!compact_free_block_for(sim, z, MAX_ORDER - 1, MIGRATE_UNMOVABLE));
	/* only movable requests get pages here */
	CHECK(alloc_pages(sim, GFP_NOWAIT, 0) == PFN_NONE);
	CHECK(alloc_pages(sim, GFP_NOWAIT | GFP_F_MOVABLE, 0) != PFN_NONE);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* Where boot puts the area (machine_cma_area): 6.1 (5.11's
 * cma_declare_contiguous_nid) bottom-up from 4 GiB when memory ends at
 * least the area's size above it, else, as v4.5 always, top-down from the
 * end of memory; each aligned, each inside one zone's managed pages. */
TEST(cma_area_placement_follows_memblock)
{
	const unsigned long four_g = 1UL << (32 - PAGE_SHIFT);
	struct machine_desc m;
	unsigned long start, pages, lo;
	int nid, zid;

	REQUIRE(machine_preset("classroom", &m) == 0);
	m.cma_pages = 16384;	/* 64 MiB */
	lo = m.nodes[0].zones[ZONE_NORMAL].start_pfn + m.nodes[0].zones[ZONE_NORMAL].present -
	     m.nodes[0].zones[ZONE_NORMAL].managed;
	/* 6.1: the lowest pageblock at or above 4 GiB in Normal's managed pages */
	REQUIRE(machine_cma_area(&m, pageblock_order, true, &nid, &zid, &start, &pages) == 0);
	CHECK_EQ_L(zid, ZONE_NORMAL);
	CHECK_EQ_L((long)start, (long)((lo + pageblock_nr_pages - 1) & ~(pageblock_nr_pages - 1)));
	CHECK(start >= four_g && start - four_g < m.nodes[0].zones[ZONE_NORMAL].present);
	CHECK_EQ_L((long)pages, 16384);
	/* v4.5: top-down, the top of memory, aligned to 4 MiB */
	REQUIRE(machine_cma_area(&m, MAX_ORDER - 1, false, &nid, &zid, &start, &pages) == 0);
	CHECK_EQ_L(zid, ZONE_NORMAL);
	CHECK_EQ_L((long)(start + pages), (long)((m.nodes[0].zones[ZONE_NORMAL].start_pfn +
						 m.nodes[0].zones[ZONE_NORMAL].present) &
						~((1UL << (MAX_ORDER - 1)) - 1)));
	/* memory that ends below 4 GiB + the size: top-down under 6.1 too */
	REQUIRE(machine_preset("tiny", &m) == 0);
	m.cma_pages = 1024;
	REQUIRE(machine_cma_area(&m, pageblock_order, true, &nid, &zid, &start, &pages) == 0);
	CHECK_EQ_L(zid, ZONE_DMA32);
	CHECK_EQ_L((long)(start + pages), (long)(m.nodes[0].zones[ZONE_DMA32].start_pfn +
						 m.nodes[0].zones[ZONE_DMA32].present));
	/* 8 pageblocks: more than DMA32's managed pages hold, and DMA's */
	m.cma_pages = 8 * pageblock_nr_pages;
	CHECK_EQ_L(machine_cma_area(&m, pageblock_order, true, &nid, &zid, &start, &pages),
		   -ENOSPC);
}
