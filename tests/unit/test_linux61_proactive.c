/* tests/unit/test_linux61_proactive.c - kcompactd's proactive compaction as
 * Linux 6.1 has it (core/kcompactd_6_1.c), one test a rule: the
 * fragmentation scores and marks, the sysctl's trigger, the kswapd test,
 * and the run that stops at the low mark. */
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

static struct zone *normal(struct sim *sim)
{
	return &sim->node_data[0]->node_zones[ZONE_NORMAL];
}

/* Under 6.1: every page allocated, then every other run of 8 pages freed
 * and the rest anonymous pages of one task: no free block above order 3,
 * and compaction can move every used page. */
static struct sim *checkerboard(void)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_NORMAL, BASE, NPAGES, 1, KERNEL_6_1);
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
		page_w(&sim->map, pfn)->private = (uint32_t)pid;
		lru_cache_add(sim, pfn, LRU_ACTIVE_ANON);
		mod_zone_page_state(normal(sim), NR_ANON_PAGES, 1);
		t->rss_anon++;
		t->total_vm++;
	}
	drain_all_pages(sim, NULL);
	return sim;
}

/*
 * fragmentation_score_zone: the share of free pages outside free blocks of
 * order 9 or more (extfrag_for_order); the node's weighs each zone by its
 * present pages over the node's + 1; the marks: low = max(100 -
 * proactiveness, 5), high = min(low + 10, 100).
 */
TEST(linux61_fragmentation_scores_and_marks)
{
	struct sim *sim = checkerboard();
	struct zone *z;
	unsigned long free;

	REQUIRE(sim);
	z = normal(sim);
	free = zone_page_state(z, NR_FREE_PAGES);
	CHECK_EQ_UL(fragmentation_score_zone(z), 100);	/* nothing of order 9 */
	/* 8192 * 100 / 8193 */
	CHECK_EQ_UL(fragmentation_score_node(sim->node_data[0]),
		    z->present_pages * 100 / (sim->node_data[0]->node_present_pages + 1));
	/* one free pageblock: (free - 512) * 100 / free */
	for (unsigned long pfn = BASE; pfn < BASE + pageblock_nr_pages; pfn++)
		if (!((pfn >> 3) & 1)) {
			del_page_from_lru(sim, pfn);
			mod_zone_page_state(z, NR_ANON_PAGES, -1);
			page_w(&sim->map, pfn)->private = 0;
			free_pages(sim, pfn, 0);
		}
	drain_all_pages(sim, NULL);
	free = zone_page_state(z, NR_FREE_PAGES);
	printf("  %lu free, one order-9 block: score %u\n", free, fragmentation_score_zone(z));
	CHECK_EQ_UL(fragmentation_score_zone(z), (free - pageblock_nr_pages) * 100 / free);
	CHECK_EQ_UL(fragmentation_score_wmark(sim, true), 80);	/* proactiveness 20 */
	CHECK_EQ_UL(fragmentation_score_wmark(sim, false), 90);
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.compaction_proactiveness", "100"), 0);
	CHECK_EQ_UL(fragmentation_score_wmark(sim, true), 5);
	CHECK_EQ_UL(fragmentation_score_wmark(sim, false), 15);
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.compaction_proactiveness", "0"), 0);
	CHECK_EQ_UL(fragmentation_score_wmark(sim, false), 100);
	/* no free page at all: 0 */
	while (alloc_pages(sim, GFP_TAKE_ALL, 0) != PFN_NONE)
		;
	drain_all_pages(sim, NULL);
	CHECK_EQ_UL(zone_page_state(z, NR_FREE_PAGES), 0);
	CHECK_EQ_UL(fragmentation_score_zone(z), 0);
	sim_destroy(sim);
}

/*
 * Writing vm.compaction_proactiveness triggers kcompactd at once; it
 * compacts the whole zone (order -1) until the zone's score is at most the
 * low mark; a second write finds the node below the high mark and does
 * nothing. 0 triggers nothing.
 */
TEST(linux61_proactiveness_write_triggers_proactive_compaction)
{
	struct sim *sim = checkerboard();
	struct kcompactd_ctl *k;
	unsigned long scanned;

	REQUIRE(sim);
	k = &sim->node_data[0]->kcompactd;
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.compaction_proactiveness", "0"), 0);
	CHECK(!k->proactive_trigger && k->state == KTHREAD_SLEEPING);
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.compaction_proactiveness", "20"), 0);
	CHECK(k->proactive_trigger && k->state == KTHREAD_RUNNING);
	/* set to 0 before kcompactd ran: the trigger finds nothing to do */
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.compaction_proactiveness", "0"), 0);
	sim_tick(sim, 10);
	CHECK(!k->proactive_trigger && k->state == KTHREAD_SLEEPING);
	CHECK_EQ_UL(k->proactive_runs, 0);
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.compaction_proactiveness", "20"), 0);
	/* written again before kcompactd ran: one trigger */
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.compaction_proactiveness", "20"), 0);
	sim_tick(sim, 10);
	scanned = sim_vm_event(sim, COMPACTMIGRATE_SCANNED);
	printf("  after: zone score %u, node score %u, compaction scanned %lu, migrated %lu\n",
	       fragmentation_score_zone(normal(sim)),
	       fragmentation_score_node(sim->node_data[0]), scanned,
	       sim_vm_event(sim, PGMIGRATE_SUCCESS));
	CHECK_EQ_UL(k->proactive_runs, 1);
	CHECK(!k->proactive_trigger && k->state == KTHREAD_SLEEPING);
	CHECK(scanned > 0 && sim_vm_event(sim, PGMIGRATE_SUCCESS) > 0);
	CHECK(fragmentation_score_zone(normal(sim)) <= 80);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTDAEMON_WAKE), 0);	/* not kcompactd_do_work */
	CHECK(invariants_hold(sim));
	/* below the high mark now: nothing to do */
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.compaction_proactiveness", "20"), 0);
	sim_tick(sim, 10);
	CHECK_EQ_UL(k->proactive_runs, 1);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTMIGRATE_SCANNED), scanned);
	sim_destroy(sim);
}

/*
 * proactive_compact_node() (6.1) counts its scans where every compact_zone()
 * does, compact_migrate_scanned and compact_free_scanned, and not in
 * kcompactd's compact_daemon_*_scanned (6.3 adds them there; an order-9
 * kcompactd_do_work() counts there, test_linux61_compaction.c).
 */
TEST(linux61_proactive_scans_are_not_kcompactd_daemon_scans)
{
	struct sim *sim = checkerboard();

	REQUIRE(sim);
	proactive_compact_zone(sim, normal(sim));
	printf("  proactive: migrate scanned %lu, free scanned %lu, migrated %lu\n",
	       sim_vm_event(sim, COMPACTMIGRATE_SCANNED), sim_vm_event(sim, COMPACTFREE_SCANNED),
	       sim_vm_event(sim, PGMIGRATE_SUCCESS));
	CHECK(sim_vm_event(sim, PGMIGRATE_SUCCESS) > 0);
	CHECK(sim_vm_event(sim, COMPACTMIGRATE_SCANNED) > 0);
	CHECK(sim_vm_event(sim, COMPACTFREE_SCANNED) > 0);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTDAEMON_MIGRATE_SCANNED), 0);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTDAEMON_FREE_SCANNED), 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * should_proactive_compact_node: never beside a running kswapd; a pending
 * kcompactd_do_work request is served after the proactive check.
 */
TEST(linux61_proactive_compaction_waits_for_kswapd)
{
	struct sim *sim = checkerboard();
	struct pglist_data *pgdat;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	pgdat->kswapd.state = KTHREAD_RUNNING;
	pgdat->kswapd.stall_until = ~0UL;	/* busy, and stays so */
	CHECK(kswapd_is_running(pgdat));
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.compaction_proactiveness", "20"), 0);
	pgdat->kcompactd.max_order = 9;		/* and a request for order 9 */
	pgdat->kcompactd.classzone_idx = ZONE_NORMAL;
	sim_tick(sim, 10);
	CHECK_EQ_UL(pgdat->kcompactd.proactive_runs, 0);
	CHECK(!pgdat->kcompactd.proactive_trigger);
	CHECK(sim_vm_event(sim, COMPACTDAEMON_WAKE) >= 1);	/* the request, after */
	sim_destroy(sim);
}

/* __compact_finished (6.1): a proactive run gives way to kswapd at once
 * (PARTIAL_SKIPPED before it migrates anything). */
TEST(linux61_proactive_run_gives_way_to_kswapd)
{
	struct sim *sim = checkerboard();

	REQUIRE(sim);
	sim->node_data[0]->kswapd.state = KTHREAD_RUNNING;
	proactive_compact_zone(sim, normal(sim));
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_SUCCESS), 0);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTMIGRATE_SCANNED), 0);
	CHECK_EQ_UL(fragmentation_score_zone(normal(sim)), 100);
	/* kswapd asleep: the same run compacts */
	sim->node_data[0]->kswapd.state = KTHREAD_SLEEPING;
	proactive_compact_zone(sim, normal(sim));
	CHECK(sim_vm_event(sim, PGMIGRATE_SUCCESS) > 0);
	CHECK(fragmentation_score_zone(normal(sim)) <= 80);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
