/* tests/unit/test_cov_kthreads.c - kswapd and kcompactd refuse requests
 * for nodes, orders and class zones that do not exist (nothing changes,
 * not even the trace), and a kcompactd woken with no work goes back to
 * sleep (kcompactd_work_requested() is false). */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/compaction.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmscan.h"
#include "simtest.h"

TEST(cov_kthreads_refuse_what_does_not_exist)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_4_6);
	struct pglist_data before;
	struct zone *z;
	uint64_t seq;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	memcpy(&before, sim->node_data[0], sizeof(before));
	seq = trace_next_seq(sim);
	wakeup_kswapd(sim, z, MAX_ORDER, ZONE_DMA32);
	wakeup_kswapd(sim, z, -1, ZONE_DMA32);
	wakeup_kswapd(sim, z, 0, MAX_NR_ZONES);
	wakeup_kswapd(sim, z, 0, -1);
	wakeup_kswapd(sim, &sim->node_data[0]->node_zones[ZONE_NORMAL], 0, ZONE_NORMAL);	/* empty */
	kswapd_step(sim, 1);
	kswapd_step(sim, -1);
	wakeup_kcompactd(sim, 1, 3, ZONE_DMA32);
	wakeup_kcompactd(sim, 0, MAX_ORDER, ZONE_DMA32);
	wakeup_kcompactd(sim, 0, 3, MAX_NR_ZONES);
	wakeup_kcompactd(sim, 0, 3, -1);
	kcompactd_step(sim, 1);
	kcompactd_step(sim, -1);
	CHECK(trace_next_seq(sim) == seq);
	CHECK(!memcmp(&before.kswapd, &sim->node_data[0]->kswapd, sizeof(before.kswapd)));
	CHECK(!memcmp(&before.kcompactd, &sim->node_data[0]->kcompactd, sizeof(before.kcompactd)));
	/* a running kcompactd with no order requested goes back to sleep */
	sim->node_data[0]->kcompactd.state = KTHREAD_RUNNING;
	sim->node_data[0]->kcompactd.max_order = 0;
	kcompactd_step(sim, 0);
	CHECK(sim->node_data[0]->kcompactd.state == KTHREAD_SLEEPING);
	CHECK(!sim->node_data[0]->kcompactd.working);
	sim_destroy(sim);
}
