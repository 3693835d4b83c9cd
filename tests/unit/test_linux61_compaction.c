/* tests/unit/test_linux61_compaction.c - Linux 6.1's compaction, one test a
 * rule (core/compaction_6_1.c, core/compaction_scan_6_1.c): the migration
 * mode and scan range of each compaction priority, __compact_finished's
 * COMPLETE / PARTIAL_SKIPPED and its success test, the free scanner's min
 * watermark and fast_isolate_freepages (where a search that finds nothing
 * sends the walk), compact_memory leaving the skip
 * bits alone, and kcompactd's deferral. */
#include <string.h>

#include "../../core/compaction_6_1.h"
#include "../../core/compaction_internal.h"
#include "../../core/internal.h"
#include "buddyscope/buddy.h"
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

#define BASE		0x100000UL	/* the one zone: Normal, 8192 pages from 4 GiB */
#define NPAGES		8192UL
#define GFP_TAKE_ALL	(GFP_F_MOVABLE | GFP_F_HIGHMEM | GFP_F_NOWARN | GFP_F_MEMALLOC)

static struct zone *normal(struct sim *sim)
{
	return &sim->node_data[0]->node_zones[ZONE_NORMAL];
}

/*
 * Under @kernel: every page allocated, then in the lower half every odd pfn
 * freed and every even one an anon page of one task (with @stuck, a kernel
 * page instead, on no LRU list); the upper half anon with free runs of 8
 * pages, one run in 2 (with @stuck, one in 16). Orders above 3 can only
 * come from compaction; with @stuck, no pageblock can be emptied.
 */
static struct sim *layout(enum kernel_version kernel, bool stuck)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_NORMAL, BASE, NPAGES, 1, kernel);
	unsigned long every = stuck ? 16 : 2, n = 0;
	struct task *t;
	int pid;

	if (!sim)
		return NULL;
	pid = task_spawn(sim, "scatter", 0, -1, 0);
	t = task_lookup(sim, pid);
	while (alloc_pages(sim, GFP_TAKE_ALL, 0) != PFN_NONE)
		n++;
	if (n != NPAGES) {
		sim_destroy(sim);
		return NULL;
	}
	for (unsigned long pfn = BASE; pfn < BASE + NPAGES; pfn++) {
		bool lower = pfn < BASE + NPAGES / 2;

		if (lower ? (pfn & 1) : ((pfn >> 3) % every == 1)) {
			free_pages(sim, pfn, 0);
			continue;
		}
		if (lower && stuck)
			continue;	/* a kernel page */
		page_w(&sim->map, pfn)->private = (uint32_t)pid;
		lru_cache_add(sim, pfn, LRU_ACTIVE_ANON);
		mod_zone_page_state(normal(sim), NR_ANON_PAGES, 1);
		t->rss_anon++;
		t->total_vm++;
	}
	drain_all_pages(sim, NULL);
	return sim;
}

static struct sim *half_checkerboard(enum kernel_version kernel)
{
	return layout(kernel, false);
}

/* The alloc_context of a movable request of @order. */
static struct alloc_context movable_ac(struct sim *sim, unsigned int order)
{
	struct alloc_request req;

	alloc_request_init_any_order(sim, &req, GFP_HIGHUSER_MOVABLE, order);
	return req.ac;
}

/*
 * compact_zone_order (6.1): async at COMPACT_PRIO_ASYNC, sync-light at
 * both sync priorities (MIGRATE_SYNC is compact_memory's only); at
 * SYNC_FULL the run starts at the zone's ends whatever the cached
 * scanner positions say.
 */
TEST(linux61_compaction_priority_sets_mode_and_range)
{
	struct sim *sim = half_checkerboard(KERNEL_6_1);
	struct alloc_context ac;
	struct zone *z;
	uint64_t from;

	REQUIRE(sim);
	z = normal(sim);
	ac = movable_ac(sim, 4);
	from = trace_next_seq(sim);
	try_to_compact_pages_6_1(sim, GFP_HIGHUSER_MOVABLE, 4, ALLOC_WMARK_MIN, &ac,
				 COMPACT_PRIO_ASYNC);
	CHECK(narrated(sim, from, "compact_zone Normal order 4 async:"));
	/* the cached migrate scanner half way up: SYNC_LIGHT resumes there,
	 * SYNC_FULL starts from the zone's first pfn */
	z->compact_cached_migrate_pfn[0] = z->compact_cached_migrate_pfn[1] = BASE + NPAGES / 2;
	z->compact_defer_shift = 0;
	from = trace_next_seq(sim);
	try_to_compact_pages_6_1(sim, GFP_HIGHUSER_MOVABLE, 4, ALLOC_WMARK_MIN, &ac,
				 COMPACT_PRIO_SYNC_LIGHT);
	CHECK(narrated(sim, from, "compact_zone Normal order 4 sync_light:"));
	CHECK(!narrated(sim, from, "compact_zone Normal order 4 sync:"));
	z->compact_cached_migrate_pfn[0] = z->compact_cached_migrate_pfn[1] = BASE + NPAGES / 2;
	from = trace_next_seq(sim);
	try_to_compact_pages_6_1(sim, GFP_HIGHUSER_MOVABLE, 4, ALLOC_WMARK_MIN, &ac,
				 COMPACT_PRIO_SYNC_FULL);
	CHECK(narrated(sim, from, "compact_zone Normal order 4 sync_light:"));
	CHECK(!narrated(sim, from, "compact_zone Normal order 4 sync:"));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * __compact_finished (6.1): scanners that met end a run COMPLETE when it
 * began at the zone's ends (whole_zone), PARTIAL_SKIPPED when it resumed
 * from cached positions; and a free block of the order ends a run SUCCESS
 * with no watermark test.
 */
TEST(linux61_compact_finished_complete_partial_skipped_success)
{
	struct sim *sim = layout(KERNEL_6_1, true);
	struct compact_control cc;
	struct zone *z;
	uint64_t from;

	REQUIRE(sim);
	z = normal(sim);
	/* no pageblock can be emptied: the scanners meet */
	cc_init(&cc, z, 9, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, 0, ZONE_NORMAL, true);
	cc.whole_zone = true;
	from = trace_next_seq(sim);
	compact_zone_6_1(sim, z, &cc);
	CHECK(narrated(sim, from, "(met), complete"));
	/* resumed half way up: the same meeting is only PARTIAL_SKIPPED */
	cc_init(&cc, z, 9, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, 0, ZONE_NORMAL, true);
	z->compact_cached_migrate_pfn[1] = BASE + NPAGES / 2;
	from = trace_next_seq(sim);
	compact_zone_6_1(sim, z, &cc);
	CHECK(narrated(sim, from, "(met), partial_skipped"));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);

	/* order 7 where the lower half can empty into the upper half's holes:
	 * the run ends SUCCESS, at a pageblock boundary of the migrate scanner
	 * (6.1 finishes the pageblock it is in) */
	sim = half_checkerboard(KERNEL_6_1);
	REQUIRE(sim);
	z = normal(sim);
	CHECK_EQ_UL(z->free_area[7].nr_free + z->free_area[8].nr_free +
		    z->free_area[9].nr_free + z->free_area[10].nr_free, 0);
	cc_init(&cc, z, 7, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, 0, ZONE_NORMAL, true);
	cc.whole_zone = true;
	from = trace_next_seq(sim);
	compact_zone_6_1(sim, z, &cc);
	CHECK(narrated(sim, from, ", success"));
	CHECK_EQ_UL(cc.migrate_pfn & (pageblock_nr_pages - 1), 0);
	CHECK_EQ_UL(cc.nr_migrated, pageblock_nr_pages / 2);	/* one whole block */
	CHECK(z->free_area[9].nr_free + z->free_area[10].nr_free > 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * __isolate_free_page (6.1): a migration target may be taken while the zone
 * stays above min + the block (v4.5: low + the block). With free pages
 * between the two, 6.1's free scanner finds a target, v4.5's none.
 */
TEST(linux61_free_scanner_takes_targets_down_to_min)
{
	struct sim *sim = half_checkerboard(KERNEL_6_1);
	struct compact_control cc;
	unsigned long got[2];
	struct zone *z;

	REQUIRE(sim);
	z = normal(sim);
	z->watermark[WMARK_LOW] = (unsigned long)zone_page_state(z, NR_FREE_PAGES) - 1;
	z->watermark[WMARK_MIN] = z->watermark[WMARK_LOW] / 2;
	for (int i = 0; i < 2; i++) {
		cc_init(&cc, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, 0, ZONE_NORMAL, true);
		cc.migrate_pfn = BASE;
		cc.free_pfn = (BASE + NPAGES - 1) & ~(pageblock_nr_pages - 1);
		cc.nr_migratepages = 1;
		got[i] = i ? compaction_alloc_6_1(sim, BASE, &cc) : compaction_alloc(sim, BASE, &cc);
		if (got[i] != PFN_NONE)
			compaction_free(sim, got[i], &cc);
		release_freepages(sim, &cc);
		drain_all_pages(sim, NULL);
	}
	CHECK_EQ_UL(got[0], PFN_NONE);
	CHECK(got[1] != PFN_NONE);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * fast_isolate_freepages (6.1): the free scanner of an order-4 request
 * takes a free block near the top of the scan space straight off the
 * MOVABLE free list, even in a pageblock whose skip bit is set, where the
 * linear walk would not look.
 */
TEST(linux61_fast_isolate_freepages_ignores_skip_bits)
{
	struct sim *sim = half_checkerboard(KERNEL_6_1);
	struct compact_control cc;
	struct zone *z;
	unsigned long got;

	REQUIRE(sim);
	z = normal(sim);
	/* every pageblock marked skip */
	for (unsigned long pfn = BASE; pfn < BASE + NPAGES; pfn += pageblock_nr_pages)
		*pageblock_flags_w(&sim->map, pfn) |= PB_migrate_skip;
	cc_init(&cc, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, 0, ZONE_NORMAL, false);
	cc.direct_compaction = true;
	cc.migrate_pfn = BASE;
	cc.free_pfn = (BASE + NPAGES - 1) & ~(pageblock_nr_pages - 1);
	cc.nr_migratepages = 1;		/* one page to find a target for */
	got = compaction_alloc_6_1(sim, BASE, &cc);
	CHECK(got != PFN_NONE);
	/* in the top half of [migrate_pfn, free_pfn] (the top quarter when
	 * the search meets one there first), in a block marked skip */
	CHECK(got >= ((cc.free_pfn + BASE) / 2 & ~(pageblock_nr_pages - 1)));
	CHECK(sim->map.pageblock_flags[got >> pageblock_order] & PB_migrate_skip);
	CHECK_EQ_UL(cc.fast_search_fail, 0);
	cc.nr_migratepages = 0;
	compaction_free(sim, got, &cc);
	release_freepages(sim, &cc);
	drain_all_pages(sim, NULL);
	/* v4.5's linear walk finds nothing there: every block is skipped */
	cc_init(&cc, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, 0, ZONE_NORMAL, false);
	cc.migrate_pfn = BASE;
	cc.free_pfn = (BASE + NPAGES - 1) & ~(pageblock_nr_pages - 1);
	cc.nr_migratepages = 1;
	CHECK_EQ_UL(compaction_alloc(sim, BASE, &cc), PFN_NONE);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * fast_isolate_freepages (6.1, since 5.19's "make sure highest is above the
 * min_pfn"): when the first search of a run finds no free block in the top
 * half of the space between the scanners, the linear walk starts at the
 * highest block it saw only if that block is in the top half; else direct
 * compaction starts it at the bottom of the top half. Here the search sees
 * only the free pages of blocks 1 and 2 (freed first: the tail of the
 * order-0 list, 512 pages past its 256-entry limit) and not those of block
 * 5 (freed last): the walk must start at block 7 and take block 5's pages,
 * where the 5.1 rule (walk from the highest seen) took block 2's.
 */
TEST(linux61_fast_isolate_freepages_highest_below_min_is_not_taken)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_NORMAL, BASE, NPAGES, 1, KERNEL_6_1);
	unsigned long blk = pageblock_nr_pages, min_pfn, got, n = 0;
	struct compact_control cc;
	struct zone *z;

	REQUIRE(sim);
	z = normal(sim);
	while (alloc_pages(sim, GFP_TAKE_ALL, 0) != PFN_NONE)
		n++;
	REQUIRE(n == NPAGES);
	/* every odd pfn of blocks 1 and 2, then every even one of block 5
	 * (the walk reaches it at stride 2, after block 6 gave nothing):
	 * order-0 holes */
	for (unsigned long pfn = BASE + blk + 1; pfn < BASE + 3 * blk; pfn += 2)
		free_pages(sim, pfn, 0);
	drain_all_pages(sim, NULL);
	for (unsigned long pfn = BASE + 5 * blk; pfn < BASE + 6 * blk; pfn += 2)
		free_pages(sim, pfn, 0);
	drain_all_pages(sim, NULL);
	cc_init(&cc, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, 0, ZONE_NORMAL, false);
	cc.direct_compaction = true;
	cc.migrate_pfn = BASE;
	cc.free_pfn = BASE + NPAGES - blk;		/* the top block: a run's start */
	z->compact_init_free_pfn = cc.free_pfn;
	min_pfn = (cc.free_pfn - ((cc.free_pfn - cc.migrate_pfn) >> 1)) & ~(blk - 1);
	REQUIRE(min_pfn == BASE + 7 * blk);
	cc.nr_migratepages = 1;
	got = compaction_alloc_6_1(sim, BASE, &cc);
	CHECK(got != PFN_NONE);
	/* from block 5, below min_pfn and above the highest block seen */
	CHECK(got >= BASE + 5 * blk && got < BASE + 6 * blk);
	CHECK(cc.free_pfn < min_pfn && cc.free_pfn >= BASE + 5 * blk);
	CHECK(cc.fast_search_fail > 0);
	cc.nr_migratepages = 0;
	if (got != PFN_NONE)
		compaction_free(sim, got, &cc);
	release_freepages(sim, &cc);
	drain_all_pages(sim, NULL);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * compact_memory (6.1's compact_node): skip hints are ignored but not
 * cleared first (v4.5 clears them), and the free scanner marks every
 * pageblock it scanned whole.
 */
TEST(linux61_compact_memory_leaves_skip_bits)
{
	enum kernel_version k[2] = { KERNEL_4_5, KERNEL_6_1 };
	unsigned long marked[2];

	for (int i = 0; i < 2; i++) {
		struct sim *sim = half_checkerboard(k[i]);

		REQUIRE(sim);
		/* the first pageblock marked before */
		*pageblock_flags_w(&sim->map, BASE) |= PB_migrate_skip;
		compact_nodes(sim);
		marked[i] = 0;
		for (unsigned long pfn = BASE; pfn < BASE + NPAGES; pfn += pageblock_nr_pages)
			marked[i] += !!(sim->map.pageblock_flags[pfn >> pageblock_order] &
					PB_migrate_skip);
		CHECK(sim_vm_event(sim, PGMIGRATE_SUCCESS) > 0);
		CHECK(invariants_hold(sim));
		if (i)
			CHECK(sim->map.pageblock_flags[BASE >> pageblock_order] & PB_migrate_skip);
		sim_destroy(sim);
	}
	printf("  pageblocks marked skip after compact_memory: v4.5 %lu, 6.1 %lu\n", marked[0],
	       marked[1]);
	CHECK(marked[1] > marked[0]);
}

/*
 * kcompactd_do_work (6.1): a run that cannot make the order defers the zone
 * (and drains its per-cpu lists); v4.6's kcompactd deferred only when the
 * low watermark at the order was not met either.
 */
TEST(linux61_kcompactd_defers_a_zone_it_could_not_compact)
{
	struct sim *sim = layout(KERNEL_6_1, true);
	struct kcompactd_ctl k;
	struct zone *z;

	REQUIRE(sim);
	z = normal(sim);
	memset(&k, 0, sizeof(k));
	k.order = 9;
	k.work_classzone = ZONE_NORMAL;
	CHECK_EQ_L(z->compact_defer_shift, 0);
	CHECK(kcompactd_do_zone_6_1(sim, z, &k));
	CHECK_EQ_L(z->compact_defer_shift, 1);
	/* deferred now: the next wakeup passes the zone by */
	CHECK(!kcompactd_do_zone_6_1(sim, z, &k));
	CHECK(sim_vm_event(sim, COMPACTDAEMON_MIGRATE_SCANNED) > 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
