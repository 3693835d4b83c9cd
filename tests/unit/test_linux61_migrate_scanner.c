/* tests/unit/test_linux61_migrate_scanner.c - Linux 6.1's migrate scanner
 * (core/compaction_migrate_6_1.c), one test a rule: fast_find_migrateblock
 * (the hop to a free block, who may hop, the restart after a failed
 * search), suitable_migration_source, skip_on_failure, the rescan of a
 * pageblock, test_and_set_skip and update_cached_migrate. Each test runs
 * isolate_migratepages_6_1() on a zone of 16 pageblocks whose pages are
 * all anonymous LRU pages but for the free runs and the kernel pages
 * (on no LRU list) it lays out. */
#include <string.h>

#include "../../core/compaction_internal.h"
#include "../../core/internal.h"
#include "buddyscope/buddy.h"
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/vmscan.h"
#include "simtest.h"

#define BASE		0x100000UL	/* the one zone: Normal, 8192 pages from 4 GiB */
#define NPAGES		8192UL
#define PB		512UL		/* pageblock_nr_pages */
#define GFP_TAKE_ALL	(GFP_F_MOVABLE | GFP_F_HIGHMEM | GFP_F_NOWARN | GFP_F_MEMALLOC)

enum slot { ANON, FREE, KERNEL };

static struct zone *normal(struct sim *sim)
{
	return &sim->node_data[0]->node_zones[ZONE_NORMAL];
}

/* Under 6.1 with its migrate scanner: every page what @at says of its
 * offset from BASE (all in MOVABLE pageblocks). */
static struct sim *lay(enum slot (*at)(unsigned long off))
{
	static struct kernel_desc k61;
	struct sim *sim = boot_one_zone_kernel(ZONE_NORMAL, BASE, NPAGES, 1, KERNEL_6_1);
	struct task *t;
	unsigned long n = 0;
	int pid;

	if (!sim)
		return NULL;
	k61 = *sim->kernel;
	k61.compact_migrate_scanner_6_1 = true;
	sim->kernel = &k61;
	pid = task_spawn(sim, "scatter", 0, -1, 0);
	t = task_lookup(sim, pid);
	while (alloc_pages(sim, GFP_TAKE_ALL, 0) != PFN_NONE)
		n++;
	if (n != NPAGES) {
		sim_destroy(sim);
		return NULL;
	}
	for (unsigned long pfn = BASE; pfn < BASE + NPAGES; pfn++) {
		switch (at(pfn - BASE)) {
		case FREE:
			free_pages(sim, pfn, 0);
			break;
		case KERNEL:
			break;
		case ANON:
			page_w(&sim->map, pfn)->private = (uint32_t)pid;
			lru_cache_add(sim, pfn, LRU_ACTIVE_ANON);
			mod_zone_page_state(normal(sim), NR_ANON_PAGES, 1);
			t->rss_anon++;
			t->total_vm++;
			break;
		}
	}
	drain_all_pages(sim, NULL);
	return sim;
}

/* A compact_control as 6.1's compact_zone() sets it up, the migrate
 * scanner at the zone start, the free scanner in the last pageblock. */
static void cc_setup(struct compact_control *cc, struct sim *sim, int order, gfp_t gfp,
		     enum migrate_mode mode, bool direct)
{
	cc_init(cc, normal(sim), order, gfp, mode, 0, ZONE_NORMAL, false);
	cc->direct_compaction = direct;
	cc->migratetype = gfpflags_to_migratetype(gfp);
	cc->rescan = false;
	cc->fast_start_pfn = 0;
	cc->migrate_pfn = BASE;
	cc->free_pfn = BASE + NPAGES - PB;
	normal(sim)->compact_cached_migrate_pfn[0] = BASE;
	normal(sim)->compact_cached_migrate_pfn[1] = BASE;
}

static void done(struct sim *sim, struct compact_control *cc)
{
	putback_movable_pages(sim, cc->migratepages, &cc->nr_migratepages);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* block 5 has a free run of 16 pages at offset 32 */
static enum slot hole_in_block5(unsigned long off)
{
	return off >= 5 * PB + 32 && off < 5 * PB + 48 ? FREE : ANON;
}

/*
 * fast_find_migrateblock: an order-9 movable request starting at the zone
 * start searches the MOVABLE free lists of orders 8..3 for a block below
 * half the way to the free scanner (here block 7), finds the order-4 run
 * in block 5, marks block 5 skip and goes there; the scan of block 5 then
 * stops at its first pfn on the bit just set (6.1.x), isolating nothing;
 * the cached start moves one block past its end (update_cached_migrate).
 */
TEST(linux61_migrate_fast_find_hops_to_a_free_block)
{
	struct sim *sim = lay(hole_in_block5);
	struct compact_control cc;

	REQUIRE(sim);
	cc_setup(&cc, sim, 9, GFP_HIGHUSER_MOVABLE, MIGRATE_ASYNC, true);
	CHECK(!pageblock_skip(sim, BASE + 5 * PB));
	CHECK_EQ_L(isolate_migratepages_6_1(sim, &cc), ISOLATE_NONE);
	CHECK_EQ_UL(cc.nr_migratepages, 0);
	CHECK(pageblock_skip(sim, BASE + 5 * PB));
	CHECK(!pageblock_skip(sim, BASE));
	CHECK_EQ_UL(cc.migrate_pfn, BASE + 6 * PB);
	CHECK_EQ_UL(cc.fast_search_fail, 0);
	CHECK_EQ_UL(normal(sim)->compact_cached_migrate_pfn[0], BASE + 7 * PB);
	CHECK_EQ_UL(normal(sim)->compact_cached_migrate_pfn[1], BASE);	/* async only */
	done(sim, &cc);
}

/* No fast search for an order of 3 or less, for a direct request of
 * another migratetype, or with the skip hints ignored: the linear scan
 * takes 32 pages from block 0. */
TEST(linux61_migrate_fast_find_only_for_costly_movable)
{
	struct {
		int order;
		gfp_t gfp;
		bool ignore;
	} c[] = {
		{ 3, GFP_HIGHUSER_MOVABLE, false },
		{ 9, GFP_KERNEL, false },
		{ 9, GFP_HIGHUSER_MOVABLE, true },
	};

	for (unsigned int i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct sim *sim = lay(hole_in_block5);
		struct compact_control cc;

		REQUIRE(sim);
		cc_setup(&cc, sim, c[i].order, c[i].gfp, MIGRATE_SYNC_LIGHT, true);
		cc.ignore_skip_hint = c[i].ignore;
		CHECK_EQ_L(isolate_migratepages_6_1(sim, &cc), ISOLATE_SUCCESS);
		CHECK_EQ_UL(cc.nr_migratepages, COMPACT_CLUSTER_MAX);
		CHECK_EQ_UL(cc.migratepages[0], BASE);
		CHECK(!pageblock_skip(sim, BASE + 5 * PB));
		done(sim, &cc);
	}
}

/* A search that finds nothing (block 5 is marked now) counts a failure
 * and restarts the linear scan, once, at the lowest free block an earlier
 * search found: inside block 5, unaligned, so no skip test stops it. */
TEST(linux61_migrate_failed_search_restarts_at_lowest_found)
{
	struct sim *sim = lay(hole_in_block5);
	struct compact_control cc;

	REQUIRE(sim);
	cc_setup(&cc, sim, 9, GFP_HIGHUSER_MOVABLE, MIGRATE_ASYNC, true);
	CHECK_EQ_L(isolate_migratepages_6_1(sim, &cc), ISOLATE_NONE);
	CHECK_EQ_UL(cc.fast_start_pfn, BASE + 5 * PB + 32);
	CHECK_EQ_L(isolate_migratepages_6_1(sim, &cc), ISOLATE_SUCCESS);
	CHECK_EQ_UL(cc.fast_search_fail, 1);
	CHECK_EQ_UL(cc.fast_start_pfn, ~0UL);
	CHECK_EQ_UL(cc.nr_migratepages, COMPACT_CLUSTER_MAX);
	CHECK_EQ_UL(cc.migratepages[0], BASE + 5 * PB + 48);	/* after the free run */
	done(sim, &cc);
}

/*
 * suitable_migration_source: async direct compaction takes blocks of the
 * request's migratetype only (MOVABLE for a movable request, UNMOVABLE
 * for GFP_KERNEL); a passed-over block moves the cached start past it;
 * sync-light takes any block.
 */
TEST(linux61_migrate_source_by_request_migratetype)
{
	struct {
		gfp_t gfp;
		enum migrate_mode mode;
		unsigned long first;
	} c[] = {
		{ GFP_KERNEL, MIGRATE_ASYNC, BASE },
		{ GFP_HIGHUSER_MOVABLE, MIGRATE_ASYNC, BASE + PB },
		{ GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, BASE },
	};

	for (unsigned int i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct sim *sim = lay(hole_in_block5);
		struct compact_control cc;

		REQUIRE(sim);
		set_pageblock_migratetype(sim, BASE, MIGRATE_UNMOVABLE);
		cc_setup(&cc, sim, 2, c[i].gfp, c[i].mode, true);
		CHECK_EQ_L(isolate_migratepages_6_1(sim, &cc), ISOLATE_SUCCESS);
		CHECK_EQ_UL(cc.migratepages[0], c[i].first);
		if (c[i].first != BASE)	/* block 0 passed over */
			CHECK_EQ_UL(normal(sim)->compact_cached_migrate_pfn[0], BASE + 2 * PB);
		done(sim, &cc);
	}
}

/* a kernel page at offset 3 of block 0 */
static enum slot stuck_at_3(unsigned long off)
{
	return off == 3 ? KERNEL : ANON;
}

/*
 * skip_on_failure: async direct compaction for order 4 gives up the
 * 16-page block holding a page it cannot isolate (putting back the three
 * it took) and takes the next order-aligned block whole, then stops to
 * migrate it. Sync-light passes the page by and takes 32.
 */
TEST(linux61_migrate_async_direct_skips_a_failed_order_block)
{
	struct sim *sim = lay(stuck_at_3);
	struct compact_control cc;

	REQUIRE(sim);
	cc_setup(&cc, sim, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_ASYNC, true);
	CHECK_EQ_L(isolate_migratepages_6_1(sim, &cc), ISOLATE_SUCCESS);
	CHECK_EQ_UL(cc.nr_migratepages, 16);
	CHECK_EQ_UL(cc.migratepages[0], BASE + 16);
	CHECK(sim->map.pages[BASE].flags & PG_lru);	/* put back */
	CHECK_EQ_UL(cc.migrate_pfn, BASE + 32);
	done(sim, &cc);

	sim = lay(stuck_at_3);
	REQUIRE(sim);
	cc_setup(&cc, sim, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, true);
	CHECK_EQ_L(isolate_migratepages_6_1(sim, &cc), ISOLATE_SUCCESS);
	CHECK_EQ_UL(cc.nr_migratepages, COMPACT_CLUSTER_MAX);
	CHECK_EQ_UL(cc.migratepages[0], BASE);
	CHECK_EQ_UL(cc.migrate_pfn, BASE + 33);
	done(sim, &cc);
}

static enum slot all_anon(unsigned long off)
{
	(void)off;
	return ANON;
}

/*
 * A batch is 32 pages (COMPACT_CLUSTER_MAX); the first LRU page at the
 * block's start marks the block skip at once (test_and_set_skip, skip
 * hints obeyed). A rescan (the last batch came from this block) takes the
 * rest of the block in one batch and moves the cached start past it.
 */
TEST(linux61_migrate_batch_rescan_and_test_and_set_skip)
{
	struct sim *sim = lay(all_anon);
	struct compact_control cc;

	REQUIRE(sim);
	cc_setup(&cc, sim, 9, GFP_KERNEL, MIGRATE_SYNC_LIGHT, false);	/* kcompactd */
	CHECK_EQ_L(isolate_migratepages_6_1(sim, &cc), ISOLATE_SUCCESS);
	CHECK_EQ_UL(cc.nr_migratepages, COMPACT_CLUSTER_MAX);
	CHECK(pageblock_skip(sim, BASE));
	CHECK_EQ_UL(normal(sim)->compact_cached_migrate_pfn[1], BASE);
	putback_movable_pages(sim, cc.migratepages, &cc.nr_migratepages);
	/* the next batch, not a rescan: 32 more */
	CHECK_EQ_L(isolate_migratepages_6_1(sim, &cc), ISOLATE_SUCCESS);
	CHECK_EQ_UL(cc.nr_migratepages, COMPACT_CLUSTER_MAX);
	CHECK_EQ_UL(cc.migratepages[0], BASE + 32);
	putback_movable_pages(sim, cc.migratepages, &cc.nr_migratepages);
	/* a rescan: the remaining 448 */
	cc.rescan = true;
	CHECK_EQ_L(isolate_migratepages_6_1(sim, &cc), ISOLATE_SUCCESS);
	CHECK_EQ_UL(cc.nr_migratepages, PB - 64);
	CHECK_EQ_UL(cc.migrate_pfn, BASE + PB);
	CHECK_EQ_UL(normal(sim)->compact_cached_migrate_pfn[0], BASE + 2 * PB);
	CHECK_EQ_UL(normal(sim)->compact_cached_migrate_pfn[1], BASE + 2 * PB);
	done(sim, &cc);

	/* skip hints ignored: no bit */
	sim = lay(all_anon);
	REQUIRE(sim);
	cc_setup(&cc, sim, 9, GFP_KERNEL, MIGRATE_SYNC_LIGHT, false);
	cc.ignore_skip_hint = true;
	CHECK_EQ_L(isolate_migratepages_6_1(sim, &cc), ISOLATE_SUCCESS);
	CHECK(!pageblock_skip(sim, BASE));
	done(sim, &cc);
}
