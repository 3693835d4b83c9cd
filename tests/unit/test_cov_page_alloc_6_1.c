/* tests/unit/test_cov_page_alloc_6_1.c - 6.1's get_page_from_freelist on
 * two nodes: ALLOC_NOFRAGMENT is dropped before the first remote zone
 * (the zonelist walk restarts without it), and zone_statistics counts the
 * remote page as a miss and foreign; and __gfp_pfmemalloc_flags's answers. */
#include <string.h>

#include "../../core/internal.h"
#include "../../core/page_alloc_6_1.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "simtest.h"

TEST(cov61_nofragment_dropped_before_a_remote_node)
{
	struct sim *sim = boot_two_nodes_kernel(KERNEL_6_1);
	struct alloc_request req;
	struct zone *n0, *pref;
	unsigned long pfn;
	long miss, foreign, other;

	REQUIRE(sim);
	REQUIRE(fill_node_and_run_there(sim, 1) == 0);
	n0 = &sim->node_data[0]->node_zones[ZONE_DMA32];
	pref = &sim->node_data[1]->node_zones[ZONE_NORMAL];
	miss = n0->vm_stat[NUMA_MISS];
	foreign = pref->vm_stat[NUMA_FOREIGN];
	other = n0->vm_stat[NUMA_OTHER];
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL, 0) == 0);
	req.narrate = true;
	/* the first attempt's flags ask for ALLOC_NOFRAGMENT (Normal preferred,
	 * DMA32 beside it) */
	CHECK(fast_path_alloc_flags_6_1(sim, &req) & ALLOC_NOFRAGMENT);
	pfn = alloc_run(sim, &req);
	REQUIRE(pfn != PFN_NONE);
	CHECK(page_zone(sim, pfn) == n0);
	CHECK_EQ_L(n0->vm_stat[NUMA_MISS], miss + 1);
	CHECK_EQ_L(pref->vm_stat[NUMA_FOREIGN], foreign + 1);
	CHECK_EQ_L(n0->vm_stat[NUMA_OTHER], other + 1);
	/* the walk that took it ran without ALLOC_NOFRAGMENT: its verdicts
	 * start again at node 1 and end at node 0 */
	CHECK(req.nr_verdicts >= 2);
	CHECK_EQ_L(req.verdicts[req.nr_verdicts - 1].nid, 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* __gfp_pfmemalloc_flags (6.1): __GFP_NOMEMALLOC wins, then
 * __GFP_MEMALLOC and PF_MEMALLOC give no watermarks, an OOM victim ALLOC_OOM. */
TEST(cov61_pfmemalloc_flags)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct task *cur;

	REQUIRE(sim);
	cur = current_task(sim);
	CHECK_EQ_UL(gfp_pfmemalloc_flags_6_1(sim, GFP_KERNEL), 0);
	CHECK_EQ_UL(gfp_pfmemalloc_flags_6_1(sim, GFP_KERNEL | GFP_F_MEMALLOC), ALLOC_NO_WATERMARKS);
	CHECK_EQ_UL(gfp_pfmemalloc_flags_6_1(sim, GFP_KERNEL | GFP_F_MEMALLOC | GFP_F_NOMEMALLOC),
		    0);
	cur->flags |= PF_MEMALLOC;
	CHECK_EQ_UL(gfp_pfmemalloc_flags_6_1(sim, GFP_KERNEL), ALLOC_NO_WATERMARKS);
	cur->flags &= ~PF_MEMALLOC;
	cur->memdie = true;
	CHECK_EQ_UL(gfp_pfmemalloc_flags_6_1(sim, GFP_KERNEL), ALLOC_OOM);
	CHECK_EQ_UL(gfp_pfmemalloc_flags_6_1(sim, GFP_KERNEL | GFP_F_NOMEMALLOC), 0);
	cur->memdie = false;
	sim_destroy(sim);
}
