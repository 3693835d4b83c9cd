/* tests/unit/test_linux61_reclaim.c - Linux 6.1's reclaim rules around
 * kswapd, one test a rule: kswapd_failures (4.11: a hopeless node is left
 * to direct reclaim) and vm.extfrag_threshold as 6.1's
 * compaction_suitable uses it (costly orders only; kcompactd not woken). */
#include <stdlib.h>

#include "../../core/internal.h"
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/strbuf.h"
#include "buddyscope/task.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"
#include "buddyscope/workload.h"
#include "reclaim_test.h"
#include "simtest.h"

/* 64 MiB, all of it DMA32, two cpus, no swap, under @k */
static struct sim *boot_dma32(enum kernel_version k)
{
	return boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 2, k);
}

static struct zone *dma32(struct sim *sim)
{
	return &sim->node_data[0]->node_zones[ZONE_DMA32];
}

/* Anonymous memory down to between min and low: kswapd has nothing it may
 * reclaim (no swap), and nobody is OOM-killed. */
static int fill_anon(struct sim *sim)
{
	struct zone *z = dma32(sim);
	int pid = task_spawn(sim, "hog", 0, -1, 0);

	CHECK_EQ_L(thp_set(sim, "never", NULL), 0);
	while (zone_page_state(z, NR_FREE_PAGES) > (z->watermark[WMARK_MIN] + z->watermark[WMARK_LOW]) / 2)
		if (task_touch(sim, pid, TASK_ANON, 8) <= 0)
			break;
	return pid;
}

/*
 * 6.1: kswapd keeps trying a node where nothing can be reclaimed only
 * MAX_RECLAIM_RETRIES times (balance_pgdat runs that reclaimed nothing at
 * any priority); then the node is hopeless: kswapd sleeps, wakeup_kswapd
 * leaves it alone, /proc/zoneinfo says node_unreclaimable 1. Reclaim that
 * frees a page there (here: direct reclaim of page cache) makes it hopeful.
 */
TEST(linux61_kswapd_gives_up_on_a_hopeless_node)
{
	struct sim *sim = boot_dma32(KERNEL_6_1);
	struct pglist_data *pgdat = sim->node_data[0];
	struct alloc_context ac;
	struct strbuf zi;
	uint64_t seq;
	int i;

	fill_anon(sim);
	wakeup_kswapd(sim, dma32(sim), 0, ZONE_DMA32);
	for (i = 0; i < 3000 && pgdat->kswapd.state != KTHREAD_SLEEPING; i++)
		sim_tick(sim, 10);
	printf("  kswapd: %lu balance_pgdat runs, kswapd_failures %d, asleep after %d ms\n",
	       pgdat->kswapd.runs, pgdat->kswapd_failures, i * 10);
	CHECK_EQ_L(pgdat->kswapd_failures, MAX_RECLAIM_RETRIES);
	CHECK_EQ_UL(pgdat->kswapd.runs, MAX_RECLAIM_RETRIES);
	CHECK(pgdat->kswapd.state == KTHREAD_SLEEPING);
	sb_init(&zi);
	procfs_show_zoneinfo(sim, &zi);
	CHECK(strstr(sb_str(&zi), "node_unreclaimable:  1") != NULL);
	sb_release(&zi);

	/* below low, but hopeless: no wakeup */
	seq = trace_next_seq(sim);
	wakeup_kswapd(sim, dma32(sim), 0, ZONE_DMA32);
	CHECK_EQ_UL(count_events(sim, seq, TRACE_mm_vmscan_wakeup_kswapd, NULL), 0);
	CHECK(pgdat->kswapd.state == KTHREAD_SLEEPING);

	/* page cache appears (the hog frees room for it), direct reclaim
	 * frees some of it: hopeful again, and kswapd wakes */
	task_unmap(sim, task_find_comm(sim, "hog")->pid, TASK_ANON, 256);
	task_touch(sim, task_spawn(sim, "reader", 0, -1, 0), TASK_FILE_READ, 200);
	kernel_ac(sim, &ac);
	CHECK(try_to_free_pages(sim, &ac, GFP_KERNEL, 0) > 0);
	CHECK_EQ_L(pgdat->kswapd_failures, 0);
	seq = trace_next_seq(sim);
	wakeup_kswapd(sim, dma32(sim), 0, ZONE_DMA32);
	CHECK_EQ_UL(count_events(sim, seq, TRACE_mm_vmscan_wakeup_kswapd, NULL), 1);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);

	/* 4.6 has no such count: zone_reclaimable() lets its kswapd sleep */
	sim = boot_dma32(KERNEL_4_6);
	fill_anon(sim);
	wakeup_kswapd(sim, dma32(sim), 0, ZONE_DMA32);
	for (i = 0; i < 3000 && sim->node_data[0]->kswapd.state != KTHREAD_SLEEPING; i++)
		sim_tick(sim, 10);
	CHECK_EQ_L(sim->node_data[0]->kswapd_failures, 0);
	sim_destroy(sim);
}

/* Holes of 16 pages between unmovable kernel pages, in unmovable
 * pageblocks, then the blocks of pageblock_order that are left taken
 * (order 9, __GFP_NORETRY: no OOM kill): no free block of order 9 is
 * left, blocks of order 4 are. */
static void fragment_unmovable(struct sim *sim)
{
	struct zone *z = dma32(sim);
	unsigned long n = 0, *pfn = calloc(z->managed_pages, sizeof(*pfn));

	while (zone_page_state(z, NR_FREE_PAGES) > z->watermark[WMARK_HIGH] + 256 &&
	       (pfn[n] = alloc_pages(sim, GFP_KERNEL | GFP_F_NOWARN, 0)) != PFN_NONE)
		n++;
	for (unsigned long i = 0; i < n; i++)
		if ((i / 16) % 2)
			free_pages(sim, pfn[i], 0);
	drain_all_pages(sim, NULL);
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, pageblock_order) !=
	       PFN_NONE)
		;
	free(pfn);
	sim_tick(sim, 1);
}

/* 6.1's compaction_suitable: the fragmentation index vetoes only costly
 * orders, at or below vm.extfrag_threshold (memory is short, not
 * fragmented); kcompactd is then not woken. */
TEST(linux61_extfrag_threshold_vetoes_costly_orders)
{
	struct sim *sim = boot_dma32(KERNEL_6_1);
	struct zone *z = dma32(sim);
	int fi9, fi3;

	fragment_unmovable(sim);
	fi9 = fragmentation_index(z, 9);
	fi3 = fragmentation_index(z, 3);
	printf("  fragmentation index: order 9 %d, order 3 %d\n", fi9, fi3);
	CHECK(fi9 > 500 && fi3 == -1000);	/* no order-9 block; order-3 ones there are */
	CHECK_EQ_L(compaction_suitable(sim, z, 9, 0, ZONE_DMA32), COMPACT_CONTINUE);
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.extfrag_threshold", "1000"), 0);
	CHECK_EQ_L(compaction_suitable(sim, z, 9, 0, ZONE_DMA32), COMPACT_SKIPPED);
	/* order 2 is not costly: the index is not asked */
	CHECK(compaction_suitable(sim, z, 2, 0, ZONE_DMA32) != COMPACT_SKIPPED);
	wakeup_kcompactd(sim, 0, 9, ZONE_DMA32);
	CHECK(sim->node_data[0]->kcompactd.state == KTHREAD_SLEEPING);
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.extfrag_threshold", "500"), 0);
	wakeup_kcompactd(sim, 0, 9, ZONE_DMA32);
	CHECK(sim->node_data[0]->kcompactd.state == KTHREAD_RUNNING);
	sim_destroy(sim);
}

/* The last wakeup_kswapd event of @sim since @seq, formatted as ftrace
 * prints it (into @buf); false if there is none. */
static bool wakeup_line(struct sim *sim, uint64_t seq, char *buf, size_t len)
{
	struct trace_event ev;

	if (!count_events(sim, seq, TRACE_mm_vmscan_wakeup_kswapd, &ev))
		return false;
	trace_format(&ev, buf, len);
	return true;
}

/*
 * 6.1's wakeup_kswapd: the event names the request's GFP flags
 * (gfp_flags=GFP_KERNEL), and a node kswapd cannot help (hopeless, here:
 * kswapd_failures at MAX_RECLAIM_RETRIES) is left to kcompactd when the
 * request may not reclaim by itself (no __GFP_DIRECT_RECLAIM, 4.16) and
 * compaction could run (the zone is fragmented at order 9, not short).
 */
TEST(linux61_wakeup_kswapd_gfp_and_kcompactd)
{
	struct sim *sim = boot_dma32(KERNEL_6_1);
	struct pglist_data *pgdat = sim->node_data[0];
	char line[256] = "";
	uint64_t seq;

	fragment_unmovable(sim);
	/* the function under test is the wakeup: both threads on their wait
	 * queues, the node hopeful */
	pgdat->kswapd.state = pgdat->kcompactd.state = KTHREAD_SLEEPING;
	pgdat->kswapd_failures = 0;
	CHECK_EQ_L(compaction_suitable(sim, dma32(sim), 9, 0, ZONE_DMA32), COMPACT_CONTINUE);
	seq = trace_next_seq(sim);
	wakeup_kswapd_gfp(sim, dma32(sim), GFP_KERNEL, 9, ZONE_DMA32);
	CHECK(wakeup_line(sim, seq, line, sizeof(line)));
	printf("  %s\n", line);
	CHECK(strstr(line, "order=9 gfp_flags=GFP_KERNEL") != NULL);
	CHECK(pgdat->kswapd.state == KTHREAD_RUNNING);

	/* hopeless: a request that may reclaim leaves both threads alone */
	pgdat->kswapd.state = KTHREAD_SLEEPING;
	pgdat->kswapd_failures = MAX_RECLAIM_RETRIES;
	seq = trace_next_seq(sim);
	wakeup_kswapd_gfp(sim, dma32(sim), GFP_KERNEL, 9, ZONE_DMA32);
	CHECK(!wakeup_line(sim, seq, line, sizeof(line)));
	CHECK(pgdat->kcompactd.state == KTHREAD_SLEEPING);
	/* one that may not (GFP_NOWAIT) wakes kcompactd for its order */
	wakeup_kswapd_gfp(sim, dma32(sim), GFP_NOWAIT, 9, ZONE_DMA32);
	CHECK(!wakeup_line(sim, seq, line, sizeof(line)));
	CHECK(pgdat->kswapd.state == KTHREAD_SLEEPING);
	CHECK(pgdat->kcompactd.state == KTHREAD_RUNNING);
	CHECK_EQ_L(pgdat->kcompactd.max_order, 9);
	sim_destroy(sim);
}
