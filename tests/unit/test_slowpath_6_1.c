/* tests/unit/test_slowpath_6_1.c - Linux 6.1's allocator rules, one test a
 * rule: flags, watermark arithmetic, ALLOC_NOFRAGMENT, per-order pcp
 * lists, boosting, and the slow path's retry rules (NORETRY,
 * RETRY_MAYFAIL, costly orders, THP, NOFAIL, THISNODE, OOM refused for
 * order > 3, should_reclaim_retry's 16 rounds). */
#include <errno.h>
#include <stdlib.h>

#include "../../core/internal.h"
#include "../../core/page_alloc_6_1.h"
#include "buddyscope/buddy.h"
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/task.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

static struct sim *boot61(const char *preset)
{
	return boot_preset_kernel(preset, KERNEL_6_1);
}

static unsigned long run(struct sim *sim, struct alloc_request *req, gfp_t gfp, unsigned int order)
{
	if (alloc_request_init_any_order(sim, req, gfp, order))
		return PFN_NONE;
	req->narrate = true;
	return alloc_run(sim, req);
}

/* How often the request passed the stage named @name (6.1's table). */
static unsigned int times(const struct alloc_request *req, const char *name)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < req->nr_path; i++)
		n += !strcmp(kernel_stage(kernel_desc(KERNEL_6_1), req->path[i])->name, name);
	return n;
}

static bool took(const struct alloc_request *req, const char *name)
{
	bool t = times(req, name) > 0;

	return t;
}

static void print_path(const struct alloc_request *req)
{
	for (unsigned int i = 0; i < req->nr_path; i++)
		printf("%s%s", i ? " " : "  path: ",
		       kernel_stage(kernel_desc(KERNEL_6_1), req->path[i])->name);
	printf("\n");
}

/* Pin kernel pages until @gfp fails (NORETRY keeps the OOM killer out). */
static unsigned long exhaust(struct sim *sim, gfp_t gfp)
{
	unsigned long n = 0;

	while (alloc_pages(sim, gfp | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		n++;
	return n;
}

static bool check_ok(const struct sim *sim)
{
	struct strbuf sb = STRBUF_INIT;
	int n = sim_check(sim, &sb);

	if (n)
		printf("%s", sb_str(&sb));
	sb_release(&sb);
	return n == 0;
}

/* gfp_to_alloc_flags (6.1.y): the ALLOC_HARDER split. */
TEST(linux61_gfp_to_alloc_flags)
{
	struct sim *sim = boot61("tiny");

	REQUIRE(sim);
	CHECK_EQ_UL(gfp_to_alloc_flags_6_1(sim, GFP_KERNEL, 0),
		    ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_KSWAPD);
	/* GFP_ATOMIC: __GFP_HIGH, cannot block, cpusets ignored */
	CHECK_EQ_UL(gfp_to_alloc_flags_6_1(sim, GFP_ATOMIC, 0),
		    ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE | ALLOC_KSWAPD | ALLOC_NON_BLOCK);
	/* GFP_NOWAIT order 1: non-blocking, may use the highatomic reserve */
	CHECK_EQ_UL(gfp_to_alloc_flags_6_1(sim, GFP_NOWAIT, 1),
		    ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_KSWAPD | ALLOC_NON_BLOCK |
		    ALLOC_HIGHATOMIC);
	CHECK_EQ_UL(gfp_to_alloc_flags_6_1(sim, GFP_NOWAIT | GFP_F_NOMEMALLOC, 1),
		    ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_KSWAPD);
	/* no CONFIG_CMA in Debian's 6.1: movable requests get no ALLOC_CMA */
	CHECK(!(gfp_to_alloc_flags_6_1(sim, GFP_HIGHUSER_MOVABLE, 0) & ALLOC_CMA));
	sim_destroy(sim);
}

/* __zone_watermark_ok (6.1.y): the reserves each kind of caller may use. */
TEST(linux61_watermark_arithmetic)
{
	struct sim *sim = boot61("tiny");
	struct zone *z;
	long mark;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	mark = (long)z->watermark[WMARK_MIN];
	/* plain: free must exceed min (+ lowmem_reserve of DMA32 = 0) */
	CHECK(zone_watermark_ok_6_1(z, 0, (unsigned long)mark, ZONE_DMA32, 0, mark + 1));
	CHECK(!zone_watermark_ok_6_1(z, 0, (unsigned long)mark, ZONE_DMA32, 0, mark));
	/* __GFP_HIGH: half; GFP_ATOMIC: a quarter of that more; OOM: half again */
	CHECK(zone_watermark_ok_6_1(z, 0, (unsigned long)mark, ZONE_DMA32, ALLOC_MIN_RESERVE,
				    mark - mark / 2 + 1));
	CHECK(!zone_watermark_ok_6_1(z, 0, (unsigned long)mark, ZONE_DMA32, ALLOC_MIN_RESERVE,
				     mark - mark / 2));
	{
		long m = mark - mark / 2;

		m -= m / 4;
		CHECK(zone_watermark_ok_6_1(z, 0, (unsigned long)mark, ZONE_DMA32,
					    ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, m + 1));
		CHECK(!zone_watermark_ok_6_1(z, 0, (unsigned long)mark, ZONE_DMA32,
					     ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK, m));
	}
	/* a non-blocking caller without __GFP_HIGH gets no deeper (GFP_NOWAIT) */
	CHECK(!zone_watermark_ok_6_1(z, 0, (unsigned long)mark, ZONE_DMA32, ALLOC_NON_BLOCK, mark));
	CHECK(zone_watermark_ok_6_1(z, 0, (unsigned long)mark, ZONE_DMA32, ALLOC_OOM,
				    mark - mark / 2 + 1));
	/* the DMA zone is protected from requests that could use DMA32 */
	z = &sim->node_data[0]->node_zones[ZONE_DMA];
	CHECK(z->lowmem_reserve[ZONE_DMA32] > 0);
	CHECK(!zone_watermark_ok_6_1(z, 0, z->watermark[WMARK_MIN], ZONE_DMA32, 0,
				     (long)z->watermark[WMARK_MIN] + z->lowmem_reserve[ZONE_DMA32]));
	CHECK(zone_watermark_ok_6_1(z, 0, z->watermark[WMARK_MIN], ZONE_DMA, 0,
				    (long)z->watermark[WMARK_MIN] + 1));
	sim_destroy(sim);
}

/* ALLOC_NOFRAGMENT: a Normal-preferring request's first attempt. */
TEST(linux61_fast_path_nofragment_when_normal_is_preferred)
{
	struct sim *sim = boot61("classroom");
	struct alloc_request req;

	REQUIRE(sim);
	CHECK(run(sim, &req, GFP_KERNEL, 0) != PFN_NONE);
	CHECK(took(&req, "FASTPATH"));
	CHECK_EQ_UL(req.alloc_flags, ALLOC_WMARK_LOW | ALLOC_KSWAPD | ALLOC_NOFRAGMENT);
	/* DMA32 as the highest zone: no ALLOC_NOFRAGMENT */
	CHECK(run(sim, &req, GFP_DMA32 | GFP_KERNEL, 0) != PFN_NONE);
	CHECK_EQ_UL(req.alloc_flags, ALLOC_WMARK_LOW | ALLOC_KSWAPD);
	CHECK(check_ok(sim));
	sim_destroy(sim);
}

/* Orders 1..3 and THP go through per-order pcp lists; count is in pages. */
TEST(linux61_pcp_lists_per_order)
{
	struct sim *sim = boot61("classroom");
	const struct zone *z;
	const struct per_cpu_pages *pcp;
	unsigned long pfn, free_before;
	int batch;

	REQUIRE(sim);
	z = sim_zone(sim, 0, ZONE_NORMAL);
	pcp = &z->pageset[sim_cpu(sim)];
	batch = pcp->batch;
	free_before = zone_page_state(z, NR_FREE_PAGES);
	pfn = alloc_pages(sim, GFP_KERNEL, 2);
	REQUIRE(pfn != PFN_NONE);
	/* the order-2 unmovable list was refilled with batch >> 2 blocks */
	CHECK_EQ_UL(sim_list_pfns(sim, pcp->lists[order_to_pindex(MIGRATE_UNMOVABLE, 2)], NULL, 0),
		    (unsigned long)(batch >> 2) - 1);
	CHECK_EQ_L(pcp->count, ((batch >> 2) - 1) * 4);
	CHECK_EQ_UL(free_before - zone_page_state(z, NR_FREE_PAGES), (unsigned long)(batch >> 2) * 4);
	/* freeing it puts it back on that list, not in the buddy */
	CHECK(free_pages(sim, pfn, 2) == 0);
	CHECK_EQ_L(pcp->count, (batch >> 2) * 4);
	CHECK(sim_page(sim, pfn)->flags & PG_pcp);
	{
		struct block_info bi;

		CHECK(sim_block_of(sim, pfn + 3, &bi) == 0);
		CHECK(bi.state == BLOCK_PCP && bi.head == pfn && bi.order == 2);
	}
	/* order 4 is not a pcp order: straight from the buddy lists */
	pfn = alloc_pages(sim, GFP_KERNEL, 4);
	CHECK(pfn != PFN_NONE);
	CHECK(free_pages(sim, pfn, 4) == 0);
	CHECK(sim_page(sim, pfn)->flags & PG_buddy);
	drain_all_pages(sim, NULL);
	CHECK_EQ_L(pcp->count, 0);
	CHECK(check_ok(sim));
	sim_destroy(sim);
}

/* A fallback below pageblock_order boosts the watermark by a pageblock and
 * flags the zone; the allocation wakes kswapd and clears the flag. */
TEST(linux61_fallback_boosts_the_watermark)
{
	struct sim *sim = boot61("tiny");
	const struct zone *z;
	unsigned long n = 0;

	static unsigned long pfns[8192];

	REQUIRE(sim);
	z = sim_zone(sim, 0, ZONE_DMA32);
	CHECK_EQ_UL(z->watermark_boost, 0);
	/* a checkerboard of movable pages: half the memory free, in order-0
	 * holes only, so a reclaimable request must take a small movable block */
	while (n < 8192 && (pfns[n] = alloc_pages(sim, GFP_HIGHUSER_MOVABLE | GFP_F_NORETRY |
						  GFP_F_NOWARN, 0)) != PFN_NONE)
		n++;
	CHECK(n > 3000);
	for (unsigned long i = 0; i < n; i += 2)
		CHECK(free_pages(sim, pfns[i], 0) == 0);
	drain_all_pages(sim, NULL);
	CHECK(alloc_pages(sim, GFP_KERNEL | GFP_F_RECLAIMABLE, 0) != PFN_NONE);
	CHECK_EQ_UL(z->watermark_boost, pageblock_nr_pages);
	CHECK(!(z->flags & (1UL << ZONE_BOOSTED_WATERMARK)));	/* rmqueue woke kswapd */
	CHECK(sim_node(sim, 0)->kswapd.state != KTHREAD_SLEEPING ||
	      sim_vm_event(sim, PAGEOUTRUN) > 0);
	/* the boost raises every mark zoneinfo prints */
	{
		struct strbuf sb = STRBUF_INIT;
		char want[64];

		procfs_show_zoneinfo(sim, &sb);
		snprintf(want, sizeof(want), "boost    %lu\n        min      %lu", z->watermark_boost,
			 z->watermark[WMARK_MIN] + z->watermark_boost);
		CHECK(strstr(sb_str(&sb), want) != NULL);
		sb_release(&sb);
	}
	CHECK(check_ok(sim));
	sim_destroy(sim);
}

/* GFP_ATOMIC below min fails without reclaim; GFP_KERNEL would reclaim. */
TEST(linux61_atomic_cannot_reclaim)
{
	struct sim *sim = boot61("tiny");
	struct alloc_request req;

	REQUIRE(sim);
	CHECK(exhaust(sim, GFP_KERNEL) > 1000);
	CHECK(exhaust(sim, GFP_ATOMIC) > 0);	/* ATOMIC dips below min */
	CHECK_EQ_UL(run(sim, &req, GFP_ATOMIC, 0), PFN_NONE);
	if (!took(&req, "CAN_RECLAIM"))
		print_path(&req);
	CHECK(took(&req, "WAKE_KSWAPD") && took(&req, "RETRY_FREELIST"));
	CHECK(took(&req, "CAN_RECLAIM") && took(&req, "NOPAGE"));
	CHECK(!took(&req, "DIRECT_RECLAIM"));
	CHECK(req.alloc_flags & ALLOC_NON_BLOCK);
	sim_destroy(sim);
}

/* __GFP_NORETRY: one round of reclaim and compaction, never the OOM killer. */
TEST(linux61_noretry_fails_after_one_round)
{
	struct sim *sim = boot61("tiny");
	struct alloc_request req;

	REQUIRE(sim);
	exhaust(sim, GFP_KERNEL);
	CHECK_EQ_UL(run(sim, &req, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0), PFN_NONE);
	CHECK_EQ_UL(times(&req, "DIRECT_RECLAIM") > 0, 1);
	CHECK(took(&req, "NORETRY"));
	CHECK(!took(&req, "RECLAIM_RETRY") && !took(&req, "MAY_OOM"));
	sim_destroy(sim);
}

/* should_reclaim_retry: without progress, at most 16 rounds; then OOM. Here
 * the OOM killer is refused (__GFP_RETRY_MAYFAIL): the request fails. */
TEST(linux61_retry_mayfail_stops_after_16_rounds_without_oom)
{
	struct sim *sim = boot61("tiny");
	struct alloc_request req;

	REQUIRE(sim);
	exhaust(sim, GFP_KERNEL);
	CHECK_EQ_UL(run(sim, &req, GFP_KERNEL | GFP_F_RETRY_MAYFAIL | GFP_F_NOWARN, 0), PFN_NONE);
	if (!took(&req, "MAY_OOM"))
		print_path(&req);
	CHECK(took(&req, "MAY_OOM"));
	CHECK(strstr(req.why, "") != NULL);
	/* the last reclaim-retry decision saw 17 rounds without progress, or no
	 * zone that could reach min with every reclaimable page freed */
	CHECK(req.no_progress_loops > MAX_RECLAIM_RETRIES ||
	      req.retry_available <= req.retry_min_wmark);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	CHECK(took(&req, "NOPAGE"));
	sim_destroy(sim);
}

/* Costly orders: compaction first (async), no retry without
 * __GFP_RETRY_MAYFAIL, and the OOM killer never helps them. */
TEST(linux61_costly_order_fails_without_retry_or_oom)
{
	struct sim *sim = boot61("tiny");
	struct alloc_request req;

	REQUIRE(sim);
	exhaust(sim, GFP_KERNEL);
	CHECK_EQ_UL(run(sim, &req, GFP_KERNEL | GFP_F_NOWARN, 4), PFN_NONE);
	if (!took(&req, "COSTLY_NORETRY"))
		print_path(&req);
	CHECK(took(&req, "COSTLY_COMPACT"));
	CHECK(took(&req, "COSTLY_NORETRY"));
	CHECK(!took(&req, "RECLAIM_RETRY") && !took(&req, "MAY_OOM"));
	/* with __GFP_RETRY_MAYFAIL it retries, and still never kills */
	CHECK_EQ_UL(run(sim, &req, GFP_KERNEL | GFP_F_RETRY_MAYFAIL | GFP_F_NOWARN, 4), PFN_NONE);
	CHECK(took(&req, "RECLAIM_RETRY"));
	CHECK(!took(&req, "COSTLY_NORETRY"));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	sim_destroy(sim);
}

/* THP: GFP_TRANSHUGE_LIGHT (defrag=madvise, no madvise) never reclaims;
 * a costly __GFP_NORETRY whose compaction was deferred fails at once. */
TEST(linux61_thp_rules)
{
	struct sim *sim = boot61("tiny");
	struct alloc_request req;
	gfp_t light = (GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_NOMEMALLOC | GFP_F_NOWARN) &
		      ~GFP_F_RECLAIM;

	REQUIRE(sim);
	exhaust(sim, GFP_KERNEL);
	CHECK_EQ_UL(run(sim, &req, light, 9), PFN_NONE);
	CHECK(took(&req, "CAN_RECLAIM") && !took(&req, "DIRECT_RECLAIM"));
	CHECK(!took(&req, "WAKE_KSWAPD"));
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		for (int k = 0; k < COMPACT_MAX_DEFER_SHIFT; k++)
			defer_compaction(sim, &sim->node_data[0]->node_zones[zid], 9);
	CHECK_EQ_UL(run(sim, &req, light | GFP_F_DIRECT_RECLAIM | GFP_F_NORETRY, 9), PFN_NONE);
	if (!took(&req, "THP_NORETRY"))
		print_path(&req);
	CHECK(took(&req, "COSTLY_COMPACT") && took(&req, "THP_NORETRY"));
	CHECK(!took(&req, "DIRECT_RECLAIM"));
	sim_destroy(sim);
}

/* __GFP_THISNODE: no early failure in 6.1, but no OOM kill either. */
TEST(linux61_thisnode_reclaims_but_does_not_kill)
{
	struct sim *sim = boot61("tiny");
	struct alloc_request req;

	REQUIRE(sim);
	exhaust(sim, GFP_KERNEL);
	CHECK_EQ_UL(run(sim, &req, GFP_KERNEL | GFP_F_THISNODE | GFP_F_NOWARN, 0), PFN_NONE);
	CHECK(took(&req, "DIRECT_RECLAIM"));
	CHECK(took(&req, "MAY_OOM"));
	CHECK(strstr(req.why, "") != NULL);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	sim_destroy(sim);
}

/* __GFP_NOFAIL: when the slow path would fail, the NOFAIL stage retries at
 * ALLOC_MIN_RESERVE (half of min) and gets a page from below min. */
TEST(linux61_nofail_dips_into_min_reserve)
{
	struct sim *sim = boot61("tiny");
	struct alloc_request req;

	REQUIRE(sim);
	exhaust(sim, GFP_KERNEL);
	/* __GFP_RETRY_MAYFAIL keeps the OOM killer out: nopage, then NOFAIL */
	CHECK(run(sim, &req, GFP_KERNEL | GFP_F_RETRY_MAYFAIL | GFP_F_NOFAIL, 0) != PFN_NONE);
	if (!took(&req, "NOFAIL"))
		print_path(&req);
	CHECK(took(&req, "NOFAIL"));
	CHECK(!took(&req, "NOPAGE"));
	CHECK(check_ok(sim));
	sim_destroy(sim);
}

/* GFP_NOFS | __GFP_NOFAIL: out_of_memory reports progress without a kill,
 * so the kernel loops for ever; buddyscope stops it and says so. */
TEST(linux61_nofail_nofs_loops_bounded)
{
	struct sim *sim = boot61("tiny");
	struct alloc_request req;

	REQUIRE(sim);
	exhaust(sim, GFP_KERNEL);
	exhaust(sim, GFP_ATOMIC | GFP_F_MEMALLOC);
	CHECK_EQ_UL(run(sim, &req, GFP_NOFS | GFP_F_NOFAIL, 0), PFN_NONE);
	CHECK(req.looped_out);
	CHECK(times(&req, "MAY_OOM") > 10);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	sim_destroy(sim);
}

/* order >= MAX_ORDER: NULL with no report and no trace. */
TEST(linux61_order_too_large)
{
	struct sim *sim = boot61("tiny");
	struct alloc_request req;

	REQUIRE(sim);
	CHECK_EQ_UL(run(sim, &req, GFP_KERNEL, MAX_ORDER), PFN_NONE);
	CHECK_EQ_UL(req.nr_path, 1);
	CHECK(strstr(req.why, "MAX_ORDER") != NULL);
	sim_destroy(sim);
}

/* The OOM killer: a GFP_KERNEL request with nothing left to reclaim kills,
 * and the retry after the kill succeeds. */
TEST(linux61_oom_kills_and_retries)
{
	struct sim *sim = boot61("tiny");
	struct alloc_request req;
	unsigned long pfn = PFN_NONE;
	int hog;

	REQUIRE(sim);
	hog = task_spawn(sim, "hog", 0, -1, 0);
	task_touch(sim, hog, TASK_ANON, 3000);
	for (int i = 0; i < 5000 && !sim_vm_event(sim, OOM_KILL); i++)
		pfn = run(sim, &req, GFP_KERNEL, 0);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 1);
	if (!took(&req, "MAY_OOM"))
		print_path(&req);
	CHECK(took(&req, "RECLAIM_RETRY") && took(&req, "MAY_OOM"));
	CHECK(pfn != PFN_NONE);
	sim_tick(sim, 5);
	CHECK(task_find(sim, hog) == NULL);
	CHECK(check_ok(sim));
	sim_destroy(sim);
}

/*
 * 6.1's kswapd reclaims for the order it was woken for: balance_pgdat()
 * tests the zones at that order (pgdat_balanced with zone_watermark_ok_safe
 * at high), kswapd_shrink_node() drops to order 0 once compact_gap(order)
 * pages are reclaimed. 4.6 (the kcompactd era) tests order 0 only and
 * leaves a node with plenty of order-0 free memory alone.
 * The machine: page cache to reclaim, then every other free page of
 * every zone pinned (free memory above high, but no block above order 0),
 * then a wakeup for order 9.
 */
static unsigned long kswapd_stolen(const struct sim *sim)
{
	unsigned long n = 0;

	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		if (!strncmp(vm_event_name((enum vm_event_item)i), "pgsteal_kswapd", 14))
			n += sim_vm_event(sim, i);
	return n;
}

static unsigned long kswapd_for_order9(enum kernel_version k)
{
	struct sim *sim = boot_preset_kernel("tiny", k);
	struct zone *z = NULL;
	unsigned long *held, n = 0, before;
	int pid = task_spawn(sim, "reader", 0, -1, 0);

	task_touch(sim, pid, TASK_FILE_READ, 3000);
	held = malloc(sizeof(*held) * 200000);
	/* pinned without reclaim (no __GFP_RECLAIM: the cache stays, kswapd
	 * sleeps), DMA too: 6.1 calls the node balanced when any zone up to
	 * the highest meets high at the order, and an untouched DMA has
	 * order-9 blocks (4.6 tests order 0 only) */
	for (unsigned long pfn; n < 200000 && (pfn = alloc_pages(sim, GFP_F_DMA | GFP_F_NOWARN, 0)) !=
				PFN_NONE;)
		held[n++] = pfn;
	for (unsigned long pfn; n < 200000 && (pfn = alloc_pages(sim, GFP_F_NOWARN, 0)) != PFN_NONE;)
		held[n++] = pfn;
	for (unsigned long i = 0; i < n; i += 2)
		free_pages(sim, held[i], 0);
	drain_all_pages(sim, NULL);
	for (int i = MAX_NR_ZONES - 1; i >= 0; i--)
		if (populated_zone(&sim->node_data[0]->node_zones[i])) {
			z = &sim->node_data[0]->node_zones[i];
			break;
		}
	before = kswapd_stolen(sim);
	wakeup_kswapd(sim, z, 9, z->zid);
	sim_tick(sim, 50);
	before = kswapd_stolen(sim) - before;
	free(held);
	sim_destroy(sim);
	return before;
}

TEST(linux61_kswapd_reclaims_for_its_order)
{
	unsigned long r61 = kswapd_for_order9(KERNEL_6_1);
	unsigned long r46 = kswapd_for_order9(KERNEL_4_6);

	printf("  kswapd woken for order 9: 6.1 reclaimed %lu, 4.6 %lu\n", r61, r46);
	/* 6.1 reclaims for order 9 until a zone meets high at order 9 (here
	 * the cache read before the pins frees a block of its own) or, after
	 * compact_gap(9), settles for order 0 (linux61_kswapd_order_drops_
	 * after_compact_gap): either way not the whole cache */
	CHECK(r61 > 0);
	CHECK(r61 < 3000);
	CHECK_EQ_UL(r46, 0);
}
