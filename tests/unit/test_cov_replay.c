/* tests/unit/test_cov_replay.c - alloc_pages_at (`alloc GFP ORDER at=PFN`)
 * refuses what a trace cannot have done, saying what is there instead, and
 * changes nothing: an order out of range, a pfn past memory, a block that
 * leaves its zone, one not wholly free. */
#include <errno.h>
#include <string.h>

#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/replay.h"
#include "simtest.h"

TEST(cov_replay_alloc_at_refusals)
{
	/* one zone, DMA32 4096..5095: its last order-4 block leaves the zone */
	struct sim *sim = boot_one_zone(ZONE_DMA32, 4096, 1000, 2);
	unsigned long free_before, pfn;
	char want[160];

	REQUIRE(sim);
	free_before = sim_nr_free_pages(sim);
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, MAX_ORDER, 4096), PFN_NONE);
	CHECK_STR(sim_errmsg(sim), "order 11 out of range (0..10)");
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 0, sim_max_pfn(sim) + 5), PFN_NONE);
	snprintf(want, sizeof(want), "pfn %#lx is outside memory (a hole or past pfn %#lx)",
		 sim_max_pfn(sim) + 5, sim_max_pfn(sim) - 1);
	CHECK_STR(sim_errmsg(sim), want);
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 4, 5088), PFN_NONE);
	CHECK_STR(sim_errmsg(sim), "pfn 0x13e0 order 4 reaches past its zone");
	/* an allocated page inside the block */
	pfn = alloc_pages_at(sim, GFP_KERNEL, 0, 4097);
	REQUIRE(pfn == 4097);
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 1, 4096), PFN_NONE);
	CHECK_STR(sim_errmsg(sim), "pfn 0x1001 is not free: it is in the allocated order-0 block "
		  "at 0x1001");
	CHECK_EQ_UL(sim_nr_free_pages(sim), free_before - 1);
	CHECK_EQ_L(free_pages(sim, 4097, 0), 0);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free_before);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
