/* tests/unit/test_linux61_kswapd.c - Linux 6.1's kswapd (core/kswapd_6_1.c),
 * one test a rule: boost reclaim (no writeback, no swap, the priority floor
 * DEF_PRIORITY - 2, the boost taken away, kcompactd woken for a pageblock),
 * an unbalanced node reclaiming normally under its boost, pgdat_balanced by
 * the highest zone asked for, the pending highest zone raised by wakeups,
 * ZONE_RECLAIM_ACTIVE while balance_pgdat runs, and the order dropped after
 * compact_gap(order) with kswapd_try_to_sleep at the order reclaimed.
 *
 * The machine runs 6.1 with kswapd_step_6_1 and wakeup_kswapd_6_1 as its
 * kswapd operations (boot61k), whatever kernel_ops_6_1 points at.
 */
#include "../../core/page_alloc_6_1.h"
#include "buddyscope/kernel.h"
#include "buddyscope/vmstat.h"
#include "reclaim_test.h"

static struct kernel_ops ops61k;
static struct kernel_desc k61k;

/* Run @sim with 6.1's kswapd operations. */
static void use_kswapd_6_1(struct sim *sim)
{
	k61k = *kernel_desc(KERNEL_6_1);
	ops61k = *k61k.ops;
	ops61k.kswapd_step = kswapd_step_6_1;
	ops61k.wakeup_kswapd = wakeup_kswapd_6_1;
	k61k.ops = &ops61k;
	sim->kernel = &k61k;
}

/* 64 MiB of DMA32, two cpus, under 6.1 with its kswapd */
static struct sim *boot61k(void)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 2, KERNEL_6_1);

	if (sim)
		use_kswapd_6_1(sim);
	return sim;
}

/* 16 MiB of DMA under 48 MiB of DMA32, under 6.1 with its kswapd */
static struct sim *boot61k_two_zones(void)
{
	struct machine_desc m;
	struct sim *sim;

	memset(&m, 0, sizeof(m));
	snprintf(m.name, sizeof(m.name), "test");
	m.nr_nodes = 1;
	m.nodes[0].nr_cpus = 2;
	m.nodes[0].zones[ZONE_DMA] = (struct zone_desc){ 1, 4095, 4095, 4095 };
	m.nodes[0].zones[ZONE_DMA32] = (struct zone_desc){ 4096, 12288, 12288, 12288 };
	m.distance[0][0] = 10;
	sim = boot_desc_kernel(&m, 1, KERNEL_6_1);
	if (sim)
		use_kswapd_6_1(sim);
	return sim;
}

/* Page cache (every @dirty_every-th page dirty) until @z has @target free. */
static void fill_mixed_cache(struct sim *sim, struct zone *z, unsigned long target, int dirty_every)
{
	struct task *cur = current_task(sim);
	unsigned int saved = cur->flags;
	unsigned long n = 0;

	cur->flags |= PF_MEMALLOC;
	while (zone_page_state(z, NR_FREE_PAGES) > target) {
		unsigned long pfn = alloc_pages(sim, GFP_HIGHUSER_MOVABLE & ~GFP_F_RECLAIM, 0);

		if (pfn == PFN_NONE)
			break;
		add_cache_page(sim, pfn, dirty_every && ++n % (unsigned long)dirty_every == 0);
	}
	cur->flags = saved;
}

/* Kernel pages out of @z alone until it has at most @target free: what
 * the allocator hands out from other zones goes back. */
static void pin_zone(struct sim *sim, struct zone *z, unsigned long target)
{
	static unsigned long other[16384];
	struct task *cur = current_task(sim);
	unsigned int saved = cur->flags;
	size_t n = 0;

	cur->flags |= PF_MEMALLOC;
	while (zone_page_state(z, NR_FREE_PAGES) > target && n < 16384) {
		unsigned long pfn = alloc_pages(sim, GFP_KERNEL & ~GFP_F_RECLAIM, 0);

		if (pfn == PFN_NONE)
			break;
		if (page_zone(sim, pfn) != z)
			other[n++] = pfn;
	}
	cur->flags = saved;
	while (n)
		free_pages(sim, other[--n], 0);
}

/* Step kswapd until its balance_pgdat returns (at most @max steps). */
static int step_until_returned(struct sim *sim, int max)
{
	struct kswapd_ctl *k = &sim->node_data[0]->kswapd;
	int i;

	for (i = 0; i < max; i++) {
		kswapd_step_6_1(sim, 0);
		if (k->resume == KS_LOOP_TOP || k->resume == KS_TRY_SLEEP ||
		    k->state != KTHREAD_RUNNING)
			break;
	}
	return i;
}

/*
 * 5.0's boost reclaim: a fallback boosted DMA32 while the node is balanced
 * even under the boosted marks. wakeup_kswapd wakes kswapd all the same
 * (pgdat_watermark_boosted); balance_pgdat reclaims the boost's worth
 * without writing a dirty page or swapping anon, never below priority
 * DEF_PRIORITY - 2; then the boost is gone and kcompactd is asked for a
 * pageblock.
 */
TEST(linux61_kswapd_boost_reclaim)
{
	struct sim *sim = boot61k();
	struct pglist_data *pgdat;
	struct kswapd_ctl *k;
	unsigned long steal_anon, written, boost = 4 * pageblock_nr_pages;
	int pid, min_prio = DEF_PRIORITY, boost_rounds = 0, i;
	bool writeback = false, swap = false;
	struct zone *z;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	k = &pgdat->kswapd;
	z = zone0(sim, ZONE_DMA32);
	REQUIRE(swap_set_size(sim, 4096) == 0);
	pid = task_spawn(sim, "anon", 0, -1, 0);
	CHECK(task_touch(sim, pid, TASK_ANON, 2048) > 0);
	fill_mixed_cache(sim, z, wmark_pages_6_1(z, WMARK_HIGH) + boost + 2048, 2);
	z->watermark_boost = boost;
	steal_anon = ev(sim, PGSTEAL_ANON);
	written = (unsigned long)z->vm_stat[NR_VMSCAN_WRITE];
	CHECK_EQ_L(k->state, KTHREAD_SLEEPING);
	wakeup_kswapd(sim, z, 0, ZONE_DMA32);
	CHECK_EQ_L(k->state, KTHREAD_RUNNING);	/* balanced, but boosted */
	for (i = 0; i < 2000 && k->state == KTHREAD_RUNNING; i++) {
		kswapd_step_6_1(sim, 0);
		if (k->resume != KS_BALANCE || !k->nr_boost_reclaim)
			continue;
		boost_rounds++;
		writeback |= k->may_writepage;
		swap |= k->may_swap;
		if (k->priority < min_prio)
			min_prio = k->priority;
		if (k->resume == KS_BALANCE && (z->flags & (1UL << ZONE_RECLAIM_ACTIVE)) == 0)
			CHECK(!"ZONE_RECLAIM_ACTIVE is set while balance_pgdat runs");
	}
	printf("  %d boost rounds, lowest priority %d, %lu reclaimed\n", boost_rounds, min_prio,
	       k->nr_reclaimed);
	CHECK(boost_rounds > 3);
	CHECK(k->boosted);
	CHECK(!writeback);
	CHECK(!swap);
	CHECK_EQ_L(min_prio, DEF_PRIORITY - 2);	/* reached, never passed */
	CHECK_EQ_UL(ev(sim, PGSTEAL_ANON), steal_anon);
	CHECK_EQ_UL((unsigned long)z->vm_stat[NR_VMSCAN_WRITE], written);
	CHECK(k->nr_reclaimed >= boost);
	CHECK_EQ_UL(z->watermark_boost, 0);
	CHECK(!(z->flags & (1UL << ZONE_RECLAIM_ACTIVE)));
	CHECK_EQ_L(pgdat->kcompactd.max_order, pageblock_order);
	CHECK_EQ_L(pgdat->kcompactd.classzone_idx, ZONE_DMA32);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

/*
 * Boosting and a round that reclaims nothing (anon only, no swap): the
 * loop ends at once (the kernel's "break"), counts a kswapd failure, and
 * the boost is taken away all the same.
 */
TEST(linux61_kswapd_boost_without_progress_gives_up)
{
	struct sim *sim = boot61k();
	struct pglist_data *pgdat;
	struct kswapd_ctl *k;
	unsigned long rounds;
	struct zone *z;
	int pid;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	k = &pgdat->kswapd;
	z = zone0(sim, ZONE_DMA32);
	pid = task_spawn(sim, "anon", 0, -1, 0);
	CHECK(task_touch(sim, pid, TASK_ANON, 4096) > 0);
	REQUIRE(zone_page_state(z, NR_FREE_PAGES) > wmark_pages_6_1(z, WMARK_HIGH) + 1024);
	z->watermark_boost = pageblock_nr_pages;
	rounds = k->rounds;
	wakeup_kswapd(sim, z, 0, ZONE_DMA32);
	CHECK_EQ_L(k->state, KTHREAD_RUNNING);
	step_until_returned(sim, 50);
	CHECK_EQ_UL(k->rounds - rounds, 1);
	CHECK_EQ_UL(k->nr_reclaimed, 0);
	CHECK_EQ_L(pgdat->kswapd_failures, 1);
	CHECK_EQ_UL(z->watermark_boost, 0);
	sim_destroy(sim);
}

/*
 * A node that is not balanced under its boosted marks forgets the boost
 * and reclaims normally (writeback and swap allowed), from DEF_PRIORITY
 * again; at the end the boost is taken away all the same.
 */
TEST(linux61_kswapd_boost_on_an_unbalanced_node)
{
	struct sim *sim = boot61k();
	struct kswapd_ctl *k;
	struct zone *z;
	uint64_t seq;
	int pid;

	REQUIRE(sim);
	k = &sim->node_data[0]->kswapd;
	z = zone0(sim, ZONE_DMA32);
	REQUIRE(swap_set_size(sim, 4096) == 0);
	pid = task_spawn(sim, "anon", 0, -1, 0);
	CHECK(task_touch(sim, pid, TASK_ANON, 2048) > 0);
	fill_mixed_cache(sim, z, z->watermark[WMARK_HIGH] + 100, 0);
	z->watermark_boost = pageblock_nr_pages;	/* high + boost > free */
	seq = trace_next_seq(sim);
	wakeup_kswapd(sim, z, 0, ZONE_DMA32);
	CHECK_EQ_L(k->state, KTHREAD_RUNNING);
	kswapd_step_6_1(sim, 0);	/* take the request, the first round */
	CHECK(narrated(sim, seq, "not balanced under its boosted marks"));
	CHECK_EQ_UL(k->nr_boost_reclaim, 0);
	CHECK(k->boosted);
	CHECK(k->may_swap);
	CHECK(k->may_writepage);
	step_until_returned(sim, 200);
	CHECK_EQ_UL(z->watermark_boost, 0);
	CHECK(zone_page_state(z, NR_FREE_PAGES) > z->watermark[WMARK_HIGH]);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

/*
 * Without a boost, a balanced run takes nothing away and asks kcompactd
 * for nothing at pageblock_order: only boosted runs do.
 */
TEST(linux61_kswapd_no_boost_no_kcompactd)
{
	struct sim *sim = boot61k();
	struct pglist_data *pgdat;
	struct zone *z;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	z = zone0(sim, ZONE_DMA32);
	fill_mixed_cache(sim, z, z->watermark[WMARK_LOW] - 10, 0);
	wakeup_kswapd(sim, z, 0, ZONE_DMA32);
	CHECK_EQ_L(pgdat->kswapd.state, KTHREAD_RUNNING);
	step_until_returned(sim, 200);
	CHECK(!pgdat->kswapd.boosted);
	CHECK_EQ_L(pgdat->kcompactd.max_order, 0);
	CHECK(zone_page_state(z, NR_FREE_PAGES) > z->watermark[WMARK_HIGH]);
	sim_destroy(sim);
}

/*
 * 6.1's pgdat_balanced: any zone up to the highest zone asked for at its
 * high mark balances the node. DMA is at high, DMA32 below min: asked up to
 * DMA32, the node is balanced and kswapd stays asleep (4.x would reclaim
 * DMA32); the wakeup still records the request.
 */
TEST(linux61_kswapd_balanced_by_highest_zoneidx)
{
	struct sim *sim = boot61k_two_zones();
	struct pglist_data *pgdat;
	struct zone *dma, *dma32;
	uint64_t seq;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	dma = zone0(sim, ZONE_DMA);
	dma32 = zone0(sim, ZONE_DMA32);
	pin_zone(sim, dma32, dma32->watermark[WMARK_MIN] - 10);
	REQUIRE(zone_page_state(dma, NR_FREE_PAGES) > dma->watermark[WMARK_HIGH] + 100);
	seq = trace_next_seq(sim);
	wakeup_kswapd(sim, dma32, 0, ZONE_DMA32);
	CHECK_EQ_L(pgdat->kswapd.state, KTHREAD_SLEEPING);
	CHECK_EQ_UL(count_events(sim, seq, TRACE_mm_vmscan_wakeup_kswapd, NULL), 0);
	CHECK_EQ_L(pgdat->kswapd.classzone_idx, ZONE_DMA32);
	/* DMA below high too: nothing balances the node any more */
	pin_zone(sim, dma, dma->watermark[WMARK_MIN] - 1);
	wakeup_kswapd(sim, dma32, 0, ZONE_DMA32);
	CHECK_EQ_L(pgdat->kswapd.state, KTHREAD_RUNNING);
	CHECK_EQ_UL(count_events(sim, seq, TRACE_mm_vmscan_wakeup_kswapd, NULL), 1);
	sim_destroy(sim);
}

/*
 * wakeup_kswapd (6.1) raises the pending highest zone (4.x kept the
 * lowest classzone) and the pending order; kswapd takes both, resets them
 * ("none pending") and balances up to that zone.
 */
TEST(linux61_kswapd_wakeups_raise_the_highest_zone)
{
	struct sim *sim = boot61k_two_zones();
	struct pglist_data *pgdat;
	struct kswapd_ctl *k;
	struct zone *dma32;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	k = &pgdat->kswapd;
	dma32 = zone0(sim, ZONE_DMA32);
	pin_pages(sim, dma32, dma32->watermark[WMARK_MIN] - 10);
	pin_pages(sim, zone0(sim, ZONE_DMA), zone0(sim, ZONE_DMA)->watermark[WMARK_MIN] - 1);
	k->classzone_idx = MAX_NR_ZONES;	/* none pending */
	wakeup_kswapd(sim, dma32, 0, ZONE_DMA);
	CHECK_EQ_L(k->classzone_idx, ZONE_DMA);
	CHECK_EQ_L(k->state, KTHREAD_RUNNING);
	wakeup_kswapd(sim, dma32, 2, ZONE_DMA32);
	CHECK_EQ_L(k->classzone_idx, ZONE_DMA32);
	CHECK_EQ_L(k->max_order, 2);
	wakeup_kswapd(sim, dma32, 1, ZONE_DMA);
	CHECK_EQ_L(k->classzone_idx, ZONE_DMA32);	/* the higher stays */
	CHECK_EQ_L(k->max_order, 2);
	kswapd_step_6_1(sim, 0);
	CHECK_EQ_L(k->highest_zoneidx, ZONE_DMA32);
	CHECK_EQ_L(k->alloc_order, 2);
	CHECK_EQ_L(k->classzone_idx, MAX_NR_ZONES);
	CHECK_EQ_L(k->max_order, 0);
	sim_destroy(sim);
}

/*
 * kswapd_shrink_node: once compact_gap(order) pages were reclaimed the
 * order drops to 0; balance_pgdat returns 0 < the order asked for, and
 * kswapd goes to kswapd_try_sleep at order 0 without reading the request
 * that came in meanwhile (order 5 stays pending), handing the order it
 * was asked for on to kcompactd before its nap.
 */
TEST(linux61_kswapd_order_drops_after_compact_gap)
{
	struct sim *sim = boot61k();
	struct pglist_data *pgdat;
	struct kswapd_ctl *k;
	struct zone *z;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	k = &pgdat->kswapd;
	z = zone0(sim, ZONE_DMA32);
	fill_mixed_cache(sim, z, z->watermark[WMARK_MIN] - 10, 0);
	wakeup_kswapd(sim, z, 3, ZONE_DMA32);
	CHECK_EQ_L(k->state, KTHREAD_RUNNING);
	kswapd_step_6_1(sim, 0);
	CHECK_EQ_L(k->alloc_order, 3);
	wakeup_kswapd(sim, z, 5, ZONE_DMA32);	/* running: only recorded */
	CHECK_EQ_L(k->max_order, 5);
	step_until_returned(sim, 200);
	printf("  reclaimed %lu for order 3, returned order %d\n", k->nr_reclaimed, k->order);
	CHECK(k->nr_reclaimed >= 2UL << 3);
	CHECK_EQ_L(k->order, 0);
	CHECK_EQ_L(k->reclaim_order, 0);
	CHECK_EQ_L(k->state, KTHREAD_NAPPING);	/* balanced at order 0 */
	CHECK_EQ_L(k->alloc_order, 3);
	CHECK_EQ_L(k->max_order, 5);
	CHECK_EQ_L(pgdat->kcompactd.max_order, 3);
	sim_destroy(sim);
}

/* A wakeup during the nap: kswapd_low_wmark_hit_quickly, and the order it
 * reclaimed for goes back into the request. */
TEST(linux61_kswapd_woken_during_the_nap)
{
	struct sim *sim = boot61k();
	struct kswapd_ctl *k;
	struct zone *z;

	REQUIRE(sim);
	k = &sim->node_data[0]->kswapd;
	z = zone0(sim, ZONE_DMA32);
	fill_mixed_cache(sim, z, z->watermark[WMARK_MIN] - 10, 0);
	wakeup_kswapd(sim, z, 0, ZONE_DMA32);
	step_until_returned(sim, 200);
	CHECK_EQ_L(k->state, KTHREAD_NAPPING);
	k->reclaim_order = 1;	/* as if the run had reclaimed for order 1 */
	pin_pages(sim, z, z->watermark[WMARK_MIN] - 10);
	wakeup_kswapd(sim, z, 0, ZONE_DMA32);
	CHECK_EQ_L(k->state, KTHREAD_RUNNING);
	kswapd_step_6_1(sim, 0);
	CHECK_EQ_UL(ev(sim, KSWAPD_LOW_WMARK_HIT_QUICKLY), 1);
	CHECK_EQ_L(k->alloc_order, 1);	/* folded back, then taken */
	CHECK_EQ_L(k->resume, KS_BALANCE);
	sim_destroy(sim);
}

/*
 * kswapd runs on another CPU of its node than the task that woke it (the
 * real traces: kswapd0 on CPU 1 beside fragfill on CPU 0, on CPU 0 beside
 * the nr_hugepages writer on CPU 1): what it reclaims lands on its own
 * CPU's per-cpu lists, never on the waker's, and the caller's CPU is the
 * same after its step. Woken from CPU 1, it runs on CPU 0. The scheduler
 * (core/sched.c's run_kthread) picks the CPU, so kswapd runs as the clock
 * moves here, not by calling its step.
 */
TEST(linux61_kswapd_runs_beside_its_waker)
{
	struct sim *sim = boot61k();
	struct kswapd_ctl *k;
	struct zone *z;
	unsigned long steal;
	int waker;

	REQUIRE(sim);
	k = &sim->node_data[0]->kswapd;
	z = zone0(sim, ZONE_DMA32);
	for (waker = 0; waker < 2; waker++) {
		int other = 1 - waker;

		fill_mixed_cache(sim, z, z->watermark[WMARK_MIN] - 10, 0);
		drain_pages_zone_6_1(sim, 0, z);
		drain_pages_zone_6_1(sim, 1, z);
		REQUIRE(sim_set_cpu(sim, waker) == 0);
		wakeup_kswapd(sim, z, 0, ZONE_DMA32);
		CHECK_EQ_L(k->state, KTHREAD_RUNNING);
		steal = ev(sim, PGSTEAL_KSWAPD_DMA32);
		for (int i = 0; i < 200 && ev(sim, PGSTEAL_KSWAPD_DMA32) == steal; i++)
			sim_tick(sim, 1);
		printf("  woken from cpu %d: %lu reclaimed, pcp counts cpu0 %d cpu1 %d\n", waker,
		       ev(sim, PGSTEAL_KSWAPD_DMA32) - steal, z->pageset[0].count,
		       z->pageset[1].count);
		CHECK(ev(sim, PGSTEAL_KSWAPD_DMA32) > steal);
		CHECK(z->pageset[other].count > 0);
		CHECK_EQ_L(z->pageset[waker].count, 0);
		CHECK_EQ_L(sim_cpu(sim), waker);
		/* back to sleep for the next round */
		while (k->state != KTHREAD_SLEEPING && sim_jiffies(sim) < 100000)
			sim_tick(sim, 10);
	}
	CHECK(all_ok(sim));
	sim_destroy(sim);
}
