/* tests/unit/test_cov_pcp_6_1.c - 6.1's free_unref_page_commit: once a
 * cpu's pcp lists are being flushed by frees (free_factor > 0), freeing a
 * high-order page (1..3) drains the whole pcp (free_high: nr_pcp_high 0,
 * nr_pcp_free = count), since such pages stored there fragment memory. */
#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "simtest.h"

TEST(cov61_free_high_drains_the_pcp)
{
	/* 256 MiB in one zone: pcp batch and high worth the name */
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 65536, 2, KERNEL_6_1);
	static unsigned long held[4096];
	struct per_cpu_pages *pcp;
	unsigned long big;
	int n = 0;

	REQUIRE(sim);
	pcp = &sim->node_data[0]->node_zones[ZONE_DMA32].pageset[sim_cpu(sim)];
	REQUIRE(pcp->high > 0 && pcp->high + 64 < 4096);
	big = alloc_pages(sim, GFP_KERNEL, 2);
	REQUIRE(big != PFN_NONE);
	while (n < pcp->high + 64) {
		held[n] = alloc_pages(sim, GFP_KERNEL, 0);
		REQUIRE(held[n] != PFN_NONE);
		n++;
	}
	for (int i = 0; i < n; i++)
		CHECK_EQ_L(free_pages(sim, held[i], 0), 0);
	CHECK(pcp->free_factor > 0);	/* frees without allocations flushed */
	CHECK(pcp->count > 0);
	CHECK_EQ_L(free_pages(sim, big, 2), 0);
	CHECK_EQ_L(pcp->count, 0);		/* all of it went back */
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
