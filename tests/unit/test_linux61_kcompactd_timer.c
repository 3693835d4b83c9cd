/* tests/unit/test_linux61_kcompactd_timer.c - kcompactd's periodic
 * proactive check as Linux 6.1 has it (core/kcompactd_6_1.c
 * kcompactd_arm_timer, core/kcompactd.c, core/sched.c), one test a rule,
 * all on the simulated clock: every 500 ms of kcompactd's sleep; 64 times
 * that after a run that did not lower the score; never beside a running
 * kswapd; none with compaction_proactiveness 0; none before 6.1; and a
 * kcompactd_do_work() puts the wait back to 500 ms. */
#include <string.h>

#include "../../core/compaction_6_1.h"
#include "../../core/internal.h"
#include "buddyscope/buddy.h"
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

#define BASE		0x100000UL	/* the one zone: Normal, 8192 pages from 4 GiB */
#define NPAGES		8192UL
#define GFP_TAKE_ALL	(GFP_F_MOVABLE | GFP_F_HIGHMEM | GFP_F_NOWARN | GFP_F_MEMALLOC)
#define MS		1000000ULL	/* ns */

static struct zone *normal(struct sim *sim)
{
	return &sim->node_data[0]->node_zones[ZONE_NORMAL];
}

/* Under @kernel: every page allocated, every other run of 8 pages freed;
 * the rest anonymous pages of one task (@movable) or pages off any LRU
 * list, which compaction cannot move. Node score 99 either way. Then
 * kcompactd goes to sleep now, its wait armed afresh. */
static struct sim *checkerboard(enum kernel_version kernel, bool movable)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_NORMAL, BASE, NPAGES, 1, kernel);
	struct kcompactd_ctl *k;
	struct task *t;
	unsigned long n = 0;
	int pid;

	if (!sim)
		return NULL;
	pid = task_spawn(sim, "scatter", 0, -1, 0);
	t = task_lookup(sim, pid);
	while (alloc_pages(sim, GFP_TAKE_ALL, 0) != PFN_NONE)
		n++;
	if (n != NPAGES) {
		sim_destroy(sim);
		return NULL;
	}
	for (unsigned long pfn = BASE; pfn < BASE + NPAGES; pfn++) {
		if ((pfn >> 3) & 1) {
			free_pages(sim, pfn, 0);
			continue;
		}
		if (!movable)
			continue;
		page_w(&sim->map, pfn)->private = (uint32_t)pid;
		lru_cache_add(sim, pfn, LRU_ACTIVE_ANON);
		mod_zone_page_state(normal(sim), NR_ANON_PAGES, 1);
		t->rss_anon++;
		t->total_vm++;
	}
	drain_all_pages(sim, NULL);
	k = &sim->node_data[0]->kcompactd;
	k->state = KTHREAD_SLEEPING;
	k->clock_ns = sim->clock_ns;
	kcompactd_arm_timer(sim, sim->node_data[0], false);
	return sim;
}

/* Tick until the machine's clock is at @ns (whole jiffies). */
static void tick_to(struct sim *sim, uint64_t ns)
{
	if (ns > sim->clock_ns)
		sim_tick(sim, (unsigned long)((ns - sim->clock_ns + NSEC_PER_JIFFY - 1) /
					      NSEC_PER_JIFFY));
}

/*
 * HPAGE_FRAG_CHECK_INTERVAL_MSEC: 500 ms after kcompactd went to sleep its
 * wait times out and it compacts the fragmented node (score 99 > 90) with
 * kswapd asleep; not a jiffy before. The run lowered the score, so the
 * next check is 500 ms later again.
 */
TEST(linux61_kcompactd_checks_every_500ms)
{
	struct sim *sim = checkerboard(KERNEL_6_1, true);
	struct kcompactd_ctl *k;
	uint64_t t0, due;

	REQUIRE(sim);
	k = &sim->node_data[0]->kcompactd;
	t0 = sim->clock_ns;
	due = k->timer_ns;
	CHECK_EQ_UL(due - t0, 500 * MS);
	CHECK(fragmentation_score_node(sim->node_data[0]) > 90);
	tick_to(sim, due - NSEC_PER_JIFFY);
	CHECK_EQ_UL(k->proactive_runs, 0);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTMIGRATE_SCANNED), 0);
	tick_to(sim, due);
	CHECK_EQ_UL(k->proactive_runs, 1);
	CHECK(sim_vm_event(sim, COMPACTMIGRATE_SCANNED) > 0);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTDAEMON_MIGRATE_SCANNED), 0);	/* 6.1 */
	CHECK(fragmentation_score_zone(normal(sim)) <= 80);
	CHECK(k->state == KTHREAD_SLEEPING);
	/* progress: the default wait again, from when the run ended */
	printf("  checked at %llu ms, next at %llu ms\n",
	       (unsigned long long)((due - t0) / MS), (unsigned long long)((k->timer_ns - t0) / MS));
	CHECK(k->timer_ns >= due + 500 * MS && k->timer_ns < due + 600 * MS);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * A proactive run that did not lower the node's score (nothing movable)
 * waits default_timeout << COMPACT_MAX_DEFER_SHIFT, 32 s, for the next
 * check; a kcompactd_do_work() meanwhile puts the wait back to 500 ms.
 */
TEST(linux61_kcompactd_check_deferred_after_no_progress)
{
	struct sim *sim = checkerboard(KERNEL_6_1, false);
	struct kcompactd_ctl *k;
	uint64_t due;

	REQUIRE(sim);
	k = &sim->node_data[0]->kcompactd;
	due = k->timer_ns;
	tick_to(sim, due);
	CHECK_EQ_UL(k->proactive_runs, 1);
	CHECK(fragmentation_score_node(sim->node_data[0]) > 90);	/* no progress */
	CHECK(k->timer_ns >= due + 32000 * MS && k->timer_ns < due + 32100 * MS);
	tick_to(sim, due + 31000 * MS);
	CHECK_EQ_UL(k->proactive_runs, 1);
	tick_to(sim, k->timer_ns);
	CHECK_EQ_UL(k->proactive_runs, 2);
	/* woken for an order-9 request: after the work, 500 ms again */
	k->max_order = 9;
	k->classzone_idx = ZONE_NORMAL;
	k->state = KTHREAD_RUNNING;
	kthread_wake_clock(sim, &k->clock_ns);
	sim_tick(sim, 1);
	CHECK(k->state == KTHREAD_SLEEPING);
	CHECK(k->timer_ns >= k->clock_ns && k->timer_ns <= k->clock_ns + 500 * MS);
	CHECK(k->timer_ns >= sim->clock_ns + 400 * MS);
	sim_destroy(sim);
}

/* should_proactive_compact_node at the timeout: kswapd running, no run;
 * the next check is 500 ms later (no deferral: nothing ran). */
TEST(linux61_kcompactd_timeout_leaves_node_to_running_kswapd)
{
	struct sim *sim = checkerboard(KERNEL_6_1, true);
	struct pglist_data *pgdat;
	uint64_t due;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	pgdat->kswapd.state = KTHREAD_RUNNING;
	pgdat->kswapd.stall_until = ~0UL;	/* busy, and stays so */
	due = pgdat->kcompactd.timer_ns;
	tick_to(sim, due);
	CHECK_EQ_UL(pgdat->kcompactd.proactive_runs, 0);
	CHECK(pgdat->kcompactd.timer_ns >= due + 500 * MS &&
	      pgdat->kcompactd.timer_ns < due + 600 * MS);
	/* kswapd asleep at the next timeout: the run */
	pgdat->kswapd.state = KTHREAD_SLEEPING;
	tick_to(sim, pgdat->kcompactd.timer_ns);
	CHECK_EQ_UL(pgdat->kcompactd.proactive_runs, 1);
	sim_destroy(sim);
}

/* compaction_proactiveness 0: the pending wait still times out once (and
 * finds nothing to do), then kcompactd waits for a wakeup only; writing
 * 20 triggers the check and arms the timeout again. */
TEST(linux61_kcompactd_no_timeout_without_proactiveness)
{
	struct sim *sim = checkerboard(KERNEL_6_1, true);
	struct kcompactd_ctl *k;

	REQUIRE(sim);
	k = &sim->node_data[0]->kcompactd;
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.compaction_proactiveness", "0"), 0);
	CHECK(k->timer_ns != 0);
	tick_to(sim, k->timer_ns);
	CHECK_EQ_UL(k->timer_ns, 0);
	sim_tick(sim, 5000);
	CHECK_EQ_UL(k->proactive_runs, 0);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTMIGRATE_SCANNED), 0);
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.compaction_proactiveness", "20"), 0);
	sim_tick(sim, 10);
	CHECK_EQ_UL(k->proactive_runs, 1);
	CHECK(k->timer_ns > sim->clock_ns);
	sim_destroy(sim);
}

/* 4.5 and 4.6 have no proactive compaction: no timeout, and a kcompactd
 * step while it sleeps does not compact. */
TEST(linux61_kcompactd_timeout_is_6_1_only)
{
	enum kernel_version v[] = { KERNEL_4_5, KERNEL_4_6 };

	for (int i = 0; i < 2; i++) {
		struct sim *sim = checkerboard(v[i], true);
		struct kcompactd_ctl *k;

		REQUIRE(sim);
		k = &sim->node_data[0]->kcompactd;
		CHECK_EQ_UL(k->timer_ns, 0);
		sim_tick(sim, 2000);
		kcompactd_step(sim, 0);
		CHECK_EQ_UL(k->proactive_runs, 0);
		CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_SUCCESS), 0);
		CHECK(k->state == KTHREAD_SLEEPING);
		sim_destroy(sim);
	}
}
