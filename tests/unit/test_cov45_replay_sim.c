/* tests/unit/test_cov45_replay_sim.c - the simulate replay (a THP the
 * kernel split, a real pfn allocated twice, a full map, refusals), the
 * start a trace implies (replay_hints), and alloc_pages_at() taking pcp
 * pages and saying what stands in its way (reserved memory, a hole). */
#include <stdlib.h>
#include <string.h>

#include "../../core/internal.h"
#include "../../core/replay_int.h"
#include "buddyscope/replay.h"
#include "simtest.h"

static struct replay_event ev_of(int kind, unsigned long pfn, int order, int flag, int cpu)
{
	struct replay_event e;

	memset(&e, 0, sizeof(e));
	e.kind = (uint8_t)kind;
	e.pfn = (uint32_t)pfn;
	e.order = (uint8_t)order;
	e.flag = (uint8_t)flag;
	e.cpu = (uint16_t)cpu;
	e.gfp = GFP_HIGHUSER_MOVABLE;
	e.mt = MIGRATE_MOVABLE;
	return e;
}

/* simulate: a THP the kernel split and freed page by page is split in the
 * simulator too, and the same subpage goes; a second free of it has
 * nothing left to do. */
TEST(cov45_replay_simulate_follows_a_split_thp)
{
	struct sim *sim = boot_preset("tiny");
	struct replay *r = NULL;
	struct replay_event e;
	struct block_info bi;
	unsigned long free0, head;

	REQUIRE(sim);
	REQUIRE(replay_create(sim, REPLAY_SIMULATE, 8, &r) == 0);
	free0 = sim_nr_free_pages(sim);
	e = ev_of(RK_ALLOC, 0x3000, 9, 0, 0);
	e.gfp = GFP_TRANSHUGE;
	CHECK(replay_event(sim, r, &e) != RO_SIM_FAILED);
	head = PFN_NONE;
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++)
		if (r->owned[pfn])
			head = pfn;
	REQUIRE(head != PFN_NONE);
	CHECK(sim_block_of(sim, head, &bi) == 0 && bi.state == BLOCK_ALLOCATED && bi.order == 9);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0 - 512);
	e = ev_of(RK_FREE, 0x3005, 0, 0, 0);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK(sim_block_of(sim, head + 4, &bi) == 0 && bi.state == BLOCK_ALLOCATED &&
	      bi.order == 0);
	CHECK(sim_block_of(sim, head + 5, &bi) == 0 && bi.state != BLOCK_ALLOCATED);
	CHECK(replay_event(sim, r, &e) == RO_DUPLICATE);
	e = ev_of(RK_FREE, 0x3006, 0, 0, 0);	/* already split: no second split */
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK(sim_block_of(sim, head + 7, &bi) == 0 && bi.state == BLOCK_ALLOCATED &&
	      bi.order == 0);
	CHECK(invariants_hold(sim));
	replay_destroy(r);
	sim_destroy(sim);
}

/* simulate: a real pfn allocated twice with no traced free between moves
 * its mapping to the newer block; an allocation the simulator refuses or
 * cannot even ask is said; a map with no room left still allocates. */
TEST(cov45_replay_simulate_map_edges)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, 1UL << 20, 8192, 1);
	struct replay *r = NULL;
	struct replay_event e;
	unsigned long first = PFN_NONE, second = PFN_NONE, free0;

	REQUIRE(sim);
	REQUIRE(replay_create(sim, REPLAY_SIMULATE, 0, &r) == 0);
	REQUIRE(r->map_size == 64);
	e = ev_of(RK_ALLOC, (1UL << 20) + 100, 2, 0, 0);
	e.gfp = GFP_KERNEL;
	CHECK(replay_event(sim, r, &e) != RO_SIM_FAILED);
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++)
		if (r->owned[pfn])
			first = pfn;
	REQUIRE(first != PFN_NONE);
	CHECK(replay_event(sim, r, &e) != RO_SIM_FAILED);
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++)
		if (r->owned[pfn] && pfn != first)
			second = pfn;
	REQUIRE(second != PFN_NONE);
	CHECK(!r->owned[first]);	/* the older block is no longer the trace's */
	/* no zone at or below DMA32 here: the simulator refuses */
	e = ev_of(RK_ALLOC, (1UL << 20) + 200, 0, 0, 0);
	e.gfp = GFP_KERNEL | GFP_F_DMA32;
	CHECK(replay_event(sim, r, &e) == RO_SIM_FAILED);
	e.order = MAX_ORDER;		/* no request of that order exists */
	e.gfp = GFP_KERNEL;
	CHECK(replay_event(sim, r, &e) == RO_SIM_FAILED);
	/* 64 slots: the 63 more allocations fill them, the last has none */
	for (unsigned long i = 0; i < 64; i++) {
		e = ev_of(RK_ALLOC, (1UL << 20) + 1024 + i, 0, 0, 0);
		e.gfp = GFP_KERNEL;
		CHECK(replay_event(sim, r, &e) != RO_SIM_FAILED);
	}
	/* the one left unmapped: its free finds no mapping, and the page at
	 * its real pfn is the simulator's own or free, so nothing is freed */
	e = ev_of(RK_FREE, (1UL << 20) + 1024 + 63, 0, 0, 0);
	free0 = sim_nr_free_pages(sim);
	CHECK(replay_event(sim, r, &e) == RO_BEFORE_TRACE);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0);
	CHECK(invariants_hold(sim));
	replay_destroy(r);
	sim_destroy(sim);
}

/* The start a trace implies: the first event touching a pfn decides. */
TEST(cov45_replay_hints_first_event_decides)
{
	struct replay_event ev[9];
	uint8_t hint[64];

	ev[0] = ev_of(RK_EXTFRAG, 1, 3, 1, 0);		/* says nothing of the pages */
	ev[1] = ev_of(RK_ALLOC, REPLAY_NO_PFN, 0, 0, 0);	/* failed: no page */
	ev[2] = ev_of(RK_FREE, 62, 2, 0, 0);		/* reaches past max_pfn */
	ev[3] = ev_of(RK_ZONE_LOCKED, 4, 0, 1, 0);	/* was in the buddy lists */
	ev[4] = ev_of(RK_ALLOC, 5, 0, 0, 0);		/* no refill before: was on a pcp list */
	ev[5] = ev_of(RK_ALLOC, 8, 2, 0, 0);		/* a larger block: buddy lists */
	ev[6] = ev_of(RK_PCPU_DRAIN, 12, 0, 0, 0);
	ev[7] = ev_of(RK_FREE_BATCHED, 13, 0, 0, 0);	/* was allocated */
	ev[8] = ev_of(RK_FREE, 4, 1, 0, 0);		/* 4 is already decided */
	memset(hint, 0, sizeof(hint));
	replay_hints(ev, 9, hint, 64);
	CHECK_EQ_UL(hint[1], REPLAY_HINT_NONE);
	CHECK_EQ_UL(hint[62], REPLAY_HINT_NONE);
	CHECK_EQ_UL(hint[63], REPLAY_HINT_NONE);
	CHECK_EQ_UL(hint[4], REPLAY_HINT_BUDDY);
	CHECK_EQ_UL(hint[5], REPLAY_HINT_PCP);	/* before the free of 4..5 */
	for (int p = 8; p < 12; p++)
		CHECK_EQ_UL(hint[p], REPLAY_HINT_BUDDY);
	CHECK_EQ_UL(hint[12], REPLAY_HINT_PCP);
	CHECK_EQ_UL(hint[13], REPLAY_HINT_USED);
	CHECK_EQ_UL(hint[14], REPLAY_HINT_NONE);
	CHECK_STR(replay_outcome_text(RO_APPLIED), "applied");
	CHECK_STR(replay_outcome_text(NR_REPLAY_OUTCOMES), "?");
}

/* alloc_pages_at() says what stands in the way: reserved memory, and
 * memory outside the zones. */
TEST(cov45_alloc_at_says_reserved)
{
	struct sim *sim = boot_preset("tiny");

	REQUIRE(sim);
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 0, 0x1000), PFN_NONE);
	CHECK_STR(sim_errmsg(sim), "pfn 0x1000 is reserved memory, never given to the buddy "
		  "allocator");
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 0, 0), PFN_NONE);
	CHECK_STR(sim_errmsg(sim), "pfn 0 is outside memory (a hole or past pfn 0x1fff)");
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* alloc_pages_at() over a block that runs into a hole says so: a hole is
 * no memory at all, not reserved memory. */
TEST(cov45_alloc_at_block_into_a_hole)
{
	struct sim *sim = boot_preset("tiny");
	struct block_info bi;

	REQUIRE(sim);
	/* DMA's memory ends at 0xf9e; 0xf9f..0xfff is a hole inside its span */
	REQUIRE(sim_block_of(sim, 0xf9e, &bi) == 0 && bi.state == BLOCK_FREE);
	REQUIRE(sim_block_of(sim, 0xf9f, &bi) == 0 && bi.state == BLOCK_NOMEM);
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 1, 0xf9e), PFN_NONE);
	CHECK_STR(sim_errmsg(sim), "pfn 0xf9f is not free: it is a hole (no memory there)");
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* A block the kernel gave out at @pfn in one trace is taken at once by
 * alloc_pages_at() (a block of the pcp lists included, taken off the list
 * that holds it). */
TEST(cov45_alloc_at_takes_pages_off_pcp_lists)
{
	struct sim *sim = boot_preset("classroom");
	struct block_info bi, bj;
	unsigned long pfn, head = PFN_NONE, free0, on_pcp = 0;
	long pcp0 = 0, pcp1 = 0;

	REQUIRE(sim);
	/* an order-0 allocation refills cpu 0's list with a batch */
	pfn = alloc_pages(sim, GFP_KERNEL, 0);
	REQUIRE(pfn != PFN_NONE);
	for (unsigned long p = 0; p + 1 < sim->map.max_pfn && head == PFN_NONE; p += 2)
		if ((sim->map.pages[p].flags & PG_pcp) && sim_block_of(sim, p, &bi) == 0 && sim_block_of(sim, p + 1, &bj) == 0 &&
		    (bi.state == BLOCK_PCP || bj.state == BLOCK_PCP) &&
		    (bi.state == BLOCK_PCP || bi.state == BLOCK_FREE) &&
		    (bj.state == BLOCK_PCP || bj.state == BLOCK_FREE)) {
			head = p;
			on_pcp = (bi.state == BLOCK_PCP) + (bj.state == BLOCK_PCP);
		}
	REQUIRE(head != PFN_NONE);
	for (int cpu = 0; cpu < page_zone(sim, head)->nr_cpus; cpu++)
		pcp0 += page_zone(sim, head)->pageset[cpu].count;
	free0 = sim_nr_free_pages(sim);
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 1, head), head);
	CHECK(sim_block_of(sim, head + 1, &bi) == 0 && bi.state == BLOCK_ALLOCATED &&
	      bi.order == 1 && bi.head == head);
	for (int cpu = 0; cpu < page_zone(sim, head)->nr_cpus; cpu++)
		pcp1 += page_zone(sim, head)->pageset[cpu].count;
	/* the pcp pages came off their lists, the rest off the buddy lists */
	CHECK_EQ_L(pcp1, pcp0 - (long)on_pcp);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0 - (2 - on_pcp));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
