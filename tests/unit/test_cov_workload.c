/* tests/unit/test_cov_workload.c - the hugetlb pool under 6.1: a node
 * whose pool page failed is asked with __GFP_NORETRY for the rest of that
 * vm.nr_hugepages write (alloc_buddy_huge_page's node_alloc_noretry), and
 * tried hard again at the next write (set_max_huge_pages clears the mask
 * each time). Bug fixed: the mask outlived the write. */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/trace.h"
#include "buddyscope/workload.h"
#include "simtest.h"

/* The gfp_mask of the first order-9 mm_page_alloc after @seq; 0 if none. */
static gfp_t first_pool_request(const struct sim *sim, uint64_t seq)
{
	struct trace_event ev[64];
	uint64_t lost;
	size_t got;

	while ((got = trace_read(sim, &seq, ev, 64, &lost)))
		for (size_t i = 0; i < got; i++)
			if (ev[i].id == TRACE_mm_page_alloc && ev[i].order == 9)
				return ev[i].gfp_mask;
	return 0;
}

TEST(cov_workload_hugetlb_noretry_lasts_one_write)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct hugetlb_result res;
	unsigned long fails;
	uint64_t seq;
	gfp_t g;

	REQUIRE(sim);
	/* 32 MiB cannot hold 40 huge pages: the node fails once, and stops */
	seq = trace_next_seq(sim);
	CHECK_EQ_L(hugetlb_set_pool(sim, 40, &res), 0);
	CHECK(res.after < 40);
	CHECK(res.failed >= 1);
	g = first_pool_request(sim, seq);
	CHECK(g & GFP_F_REPEAT);		/* __GFP_RETRY_MAYFAIL: try hard */
	CHECK(!(g & GFP_F_NORETRY));
	fails = sim_vm_event(sim, HTLB_BUDDY_PGALLOC_FAIL);
	CHECK(fails >= 1);
	/* a new write: the node is tried hard again */
	seq = trace_next_seq(sim);
	CHECK_EQ_L(hugetlb_set_pool(sim, 41, &res), 0);
	g = first_pool_request(sim, seq);
	if (!(g & GFP_F_REPEAT))
		printf("  second write asked with %#x\n", g);
	CHECK(g & GFP_F_REPEAT);
	CHECK(!(g & GFP_F_NORETRY));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* Within one write, on two nodes: node 0 fails its pool page (tried hard),
 * node 1 gives one, and the next round asks node 0 with __GFP_NORETRY and
 * without __GFP_RETRY_MAYFAIL ("instead", not "as well"). */
TEST(cov_workload_hugetlb_noretry_replaces_retry_mayfail)
{
	struct sim *sim = boot_two_nodes_kernel(KERNEL_6_1);
	struct trace_event ev[64];
	struct hugetlb_result res;
	bool hard0 = false, soft0 = false;
	uint64_t seq, lost;
	size_t got;

	REQUIRE(sim);
	/* node 0 full of kernel pages: no pool page there */
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_DMA32 | GFP_F_THISNODE | GFP_F_NORETRY |
			   GFP_F_NOWARN, 0) != PFN_NONE)
		;
	seq = trace_next_seq(sim);
	CHECK_EQ_L(hugetlb_set_pool(sim, 8, &res), 0);
	CHECK(res.per_node[1] > 1);
	CHECK_EQ_UL(res.per_node[0], 0);
	while ((got = trace_read(sim, &seq, ev, 64, &lost)))
		for (size_t i = 0; i < got; i++)
			if (ev[i].id == TRACE_mm_page_alloc && ev[i].order == 9 &&
			    ev[i].pfn == PFN_NONE) {
				if (ev[i].gfp_mask & GFP_F_REPEAT)
					hard0 = !(ev[i].gfp_mask & GFP_F_NORETRY);
				else
					soft0 |= (ev[i].gfp_mask & GFP_F_NORETRY) != 0;
			}
	CHECK(hard0);	/* the first failure tried hard */
	CHECK(soft0);	/* later ones: NORETRY alone */
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
