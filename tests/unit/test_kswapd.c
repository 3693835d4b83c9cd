/* tests/unit/test_kswapd.c - kswapd (mm/vmscan.c, v4.5), the flushers and
 * writeback (mm/page-writeback.c): waking, balancing round by round, the
 * HZ/10 nap, the full sleep, dirty pages written and reclaimed. */
#include "reclaim_test.h"

static int tick_until_asleep(struct sim *sim, int max)
{
	int j = 0;

	while (j < max && sim->node_data[0]->kswapd.state != KTHREAD_SLEEPING) {
		sim_tick(sim, 1);
		j++;
	}
	return j;
}

TEST(kswapd_balances_the_node_then_naps_and_sleeps)
{
	struct sim *sim = boot_small();
	struct kswapd_ctl *k;
	struct zone *z;
	uint64_t seq;
	unsigned long j0;
	int j;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	k = &sim->node_data[0]->kswapd;
	fill_cache(sim, z, z->watermark[WMARK_MIN] - 10, false);
	seq = trace_next_seq(sim);
	j0 = sim_jiffies(sim);
	wakeup_kswapd(sim, z, 0, ZONE_DMA32);
	CHECK_EQ_L(k->state, KTHREAD_RUNNING);
	CHECK_EQ_UL(count_events(sim, seq, TRACE_mm_vmscan_wakeup_kswapd, NULL), 1);
	/* on its own CPU, its rounds cost what they scan (900 ns a page): it
	 * brings free above high within the jiffy, then naps HZ/10 */
	sim_tick(sim, 1);
	CHECK_EQ_L(k->state, KTHREAD_NAPPING);
	CHECK(k->cpu_ns > 0 && k->cpu_ns < NSEC_PER_JIFFY);
	CHECK(zone_page_state(z, NR_FREE_PAGES) > z->watermark[WMARK_HIGH]);
	CHECK_EQ_UL(ev(sim, PAGEOUTRUN), 1);
	CHECK(ev(sim, PGSTEAL_KSWAPD_DMA32) > 0);
	CHECK(ev(sim, PGSCAN_KSWAPD_DMA32) >= ev(sim, PGSTEAL_KSWAPD_DMA32));
	CHECK_EQ_UL(ev(sim, PGSTEAL_DIRECT_DMA32), 0);
	CHECK(narrated(sim, seq, "kswapd0 priority 12:"));
	CHECK(narrated(sim, seq, "napping HZ/10"));
	CHECK_EQ_UL(k->wake_at, j0 + 100);
	for (j = 0; j < 200 && k->state == KTHREAD_NAPPING; j++)
		sim_tick(sim, 1);
	CHECK_EQ_L(j, 99);	/* the nap ends at jiffy j0 + 100 */
	CHECK_EQ_L(k->state, KTHREAD_SLEEPING);
	CHECK_EQ_UL(count_events(sim, seq, TRACE_mm_vmscan_kswapd_wake, NULL), 1);
	CHECK_EQ_UL(count_events(sim, seq, TRACE_mm_vmscan_kswapd_sleep, NULL), 1);
	CHECK_EQ_UL(ev(sim, KSWAPD_LOW_WMARK_HIT_QUICKLY) + ev(sim, KSWAPD_HIGH_WMARK_HIT_QUICKLY), 0);
	/* balanced and asleep, it costs nothing */
	sim_tick(sim, 1000);
	CHECK_EQ_UL(ev(sim, PAGEOUTRUN), 1);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(kswapd_does_not_wake_for_a_balanced_zone)
{
	struct sim *sim = boot_small();
	struct kswapd_ctl *k;
	struct zone *z;
	uint64_t seq;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	k = &sim->node_data[0]->kswapd;
	seq = trace_next_seq(sim);
	wakeup_kswapd(sim, z, 0, ZONE_DMA32);
	CHECK_EQ_L(k->state, KTHREAD_SLEEPING);
	CHECK_EQ_UL(count_events(sim, seq, TRACE_mm_vmscan_wakeup_kswapd, NULL), 0);
	sim_tick(sim, 100);
	CHECK_EQ_UL(ev(sim, PAGEOUTRUN), 0);
	/* free above high is balanced; at high it is not */
	fill_cache(sim, z, z->watermark[WMARK_HIGH] + 1, false);
	CHECK(zone_balanced(sim, z, 0, true, 0, ZONE_DMA32));
	fill_cache(sim, z, z->watermark[WMARK_HIGH], false);
	CHECK(!zone_balanced(sim, z, 0, true, 0, ZONE_DMA32));
	/* an awake kswapd only learns the larger order */
	wakeup_kswapd(sim, z, 0, ZONE_DMA32);
	CHECK_EQ_L(k->state, KTHREAD_RUNNING);
	wakeup_kswapd(sim, z, 3, ZONE_DMA);
	CHECK_EQ_L(k->max_order, 3);
	CHECK_EQ_L(k->classzone_idx, ZONE_DMA);
	CHECK_EQ_UL(count_events(sim, seq, TRACE_mm_vmscan_wakeup_kswapd, NULL), 1);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(kswapd_woken_during_its_nap_counts_low_wmark_hit_quickly)
{
	struct sim *sim = boot_small();
	struct kswapd_ctl *k;
	struct zone *z;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	k = &sim->node_data[0]->kswapd;
	fill_cache(sim, z, z->watermark[WMARK_MIN], false);
	wakeup_kswapd(sim, z, 0, ZONE_DMA32);
	for (int j = 0; j < 50 && k->state == KTHREAD_RUNNING; j++)
		sim_tick(sim, 1);
	REQUIRE(k->state == KTHREAD_NAPPING);
	sim_tick(sim, 10);
	/* memory runs low again in the middle of the nap */
	fill_cache(sim, z, z->watermark[WMARK_LOW], false);
	wakeup_kswapd(sim, z, 0, ZONE_DMA32);
	CHECK_EQ_L(k->state, KTHREAD_RUNNING);
	CHECK(tick_until_asleep(sim, 1000) < 1000);
	CHECK_EQ_UL(ev(sim, KSWAPD_LOW_WMARK_HIT_QUICKLY), 1);
	CHECK_EQ_UL(ev(sim, PAGEOUTRUN), 2);
	CHECK(zone_page_state(z, NR_FREE_PAGES) > z->watermark[WMARK_HIGH]);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(kswapd_dirty_pages_are_written_back_then_reclaimed)
{
	struct sim *sim = boot_small();
	struct alloc_context ac;
	struct kswapd_ctl *k;
	struct zone *z;
	unsigned long dirty;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	k = &sim->node_data[0]->kswapd;
	dirty = fill_cache(sim, z, z->watermark[WMARK_MIN] - 10, true);
	CHECK_EQ_UL(zone_page_state(z, NR_FILE_DIRTY), dirty);
	/* a direct reclaimer can only mark them and ask the flushers */
	kernel_ac(sim, &ac);
	CHECK_EQ_UL(try_to_free_pages(sim, &ac, GFP_KERNEL, 0), 1);
	CHECK(zone_page_state(z, NR_VMSCAN_IMMEDIATE) > 0);
	CHECK(sim->nr_dirty_to_flush > 0);
	CHECK_EQ_UL(zone_page_state(z, NR_WRITTEN), 0);
	/* kswapd and the flushers: pages written, rotated to the tail, freed */
	wakeup_kswapd(sim, z, 0, ZONE_DMA32);
	CHECK(tick_until_asleep(sim, 5000) < 5000);
	CHECK(zone_page_state(z, NR_FREE_PAGES) > z->watermark[WMARK_HIGH]);
	CHECK(zone_page_state(z, NR_WRITTEN) > 0);
	CHECK(ev(sim, PGROTATED) > 0);
	CHECK(ev(sim, PGSTEAL_KSWAPD_DMA32) > 0);
	CHECK(zone_page_state(z, NR_FILE_DIRTY) < dirty);
	CHECK_EQ_UL(zone_page_state(z, NR_FILE_PAGES), dirty - ev(sim, PGSTEAL_KSWAPD_DMA32) -
		    ev(sim, PGSTEAL_DIRECT_DMA32));
	/* in the end the disk is idle and every dirty page was written */
	sim_tick(sim, 2000);
	CHECK_EQ_UL(sim->nr_dirty_to_flush, 0);
	CHECK_EQ_UL(k->wb_count, 0);
	CHECK_EQ_UL(zone_page_state(z, NR_WRITEBACK), 0);
	CHECK_EQ_UL(zone_page_state(z, NR_FILE_DIRTY), 0);
	CHECK_EQ_UL(zone_page_state(z, NR_WRITTEN), dirty);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(kswapd_background_writeback_starts_above_dirty_background_ratio)
{
	struct sim *sim = boot_small();
	struct zone *z;
	unsigned long dirty;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	/* 3000 dirty of ~16000 dirtyable pages: above 10 %, below 20 % */
	dirty = fill_cache(sim, z, zone_page_state(z, NR_FREE_PAGES) - 3000, true);
	CHECK_EQ_UL(sim->nr_dirty_to_flush, 0);
	balance_dirty_pages_ratelimited(sim);
	CHECK(sim->nr_dirty_to_flush > 0);
	sim_tick(sim, 1000);
	/* written down to the background limit, not further */
	CHECK(zone_page_state(z, NR_FILE_DIRTY) < dirty);
	CHECK(zone_page_state(z, NR_FILE_DIRTY) > 1000);
	CHECK_EQ_UL(sim->nr_dirty_to_flush, 0);
	CHECK_EQ_UL(zone_page_state(z, NR_WRITTEN), dirty - zone_page_state(z, NR_FILE_DIRTY));
	CHECK(all_ok(sim));
	sim_destroy(sim);
}
