/* tests/unit/test_cov_buddy_6_1.c - Linux 6.1's highatomic reserve: a
 * non-blocking high-order allocation (ALLOC_HIGHATOMIC) that succeeds
 * below the low mark keeps its pageblock for such requests, up to 1% of the
 * zone plus a pageblock (reserve_highatomic_pageblock); before the OOM
 * killer the slow path gives the reserve back (should_reclaim_retry ->
 * unreserve_highatomic_pageblock(ac, true)). */
#include <string.h>

#include "../../core/internal.h"
#include "../../core/page_alloc_6_1.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/trace.h"
#include "simtest.h"

TEST(cov61_highatomic_reserve_and_release)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct zone *z;
	struct alloc_request req;
	unsigned long pfn, max_managed, before;
	uint64_t from;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	max_managed = z->managed_pages / 100 + pageblock_nr_pages;	/* 35 + 512 */
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		;
	REQUIRE(zone_page_state(z, NR_FREE_PAGES) < z->watermark[WMARK_LOW]);
	CHECK_EQ_UL(z->nr_reserved_highatomic, 0);
	/* GFP_ATOMIC order 1 below the low mark: served at min, its block reserved */
	pfn = alloc_pages(sim, GFP_ATOMIC, 1);
	REQUIRE(pfn != PFN_NONE && page_zone(sim, pfn) == z);
	CHECK_EQ_UL(z->nr_reserved_highatomic, pageblock_nr_pages);
	CHECK_EQ_L(pfnblock_migratetype(sim, pfn), MIGRATE_HIGHATOMIC);
	/* 512 < 547: one more pageblock may go; then the zone is at its cap */
	pfn = alloc_pages(sim, GFP_ATOMIC, 1);
	REQUIRE(pfn != PFN_NONE);
	CHECK_EQ_UL(z->nr_reserved_highatomic, 2 * pageblock_nr_pages);
	CHECK(z->nr_reserved_highatomic >= max_managed);
	before = z->nr_reserved_highatomic;
	reserve_highatomic_pageblock_6_1(sim, z, z->zone_start_pfn + 3 * pageblock_nr_pages);
	CHECK_EQ_UL(z->nr_reserved_highatomic, before);
	CHECK(pfnblock_migratetype(sim, z->zone_start_pfn + 3 * pageblock_nr_pages) !=
	      MIGRATE_HIGHATOMIC);
	CHECK(invariants_hold(sim));
	/* GFP_KERNEL that cannot reclaim anything: before OOM the reserve goes */
	from = trace_next_seq(sim);
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_RETRY_MAYFAIL | GFP_F_NOWARN,
				   0) == 0);
	req.narrate = true;
	alloc_run(sim, &req);
	CHECK(narrated(sim, from, "a highatomic pageblock was released: retry"));
	CHECK(z->nr_reserved_highatomic < before);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
