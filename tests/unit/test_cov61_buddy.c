/* tests/unit/test_cov61_buddy.c - Linux 6.1's fallbacks (buddy_6_1.c):
 * __rmqueue_fallback's find_smallest for a movable request that may not
 * steal, can_steal_fallback, steal_suitable_fallback claiming a pageblock,
 * boost_watermark and its three ways out (factor 0, a zone under four
 * pageblocks, a boost cap of 0), ZONE_BOOSTED_WATERMARK waking kswapd only
 * for a request that may wake it, and the percpu_refill field of
 * mm_page_alloc_zone_locked. */
#include <string.h>

#include "../../core/internal.h"
#include "../../core/page_alloc_6_1.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "simtest.h"

static struct zone *dma32_of(struct sim *sim)
{
	return &sim->node_data[0]->node_zones[ZONE_DMA32];
}

static unsigned long blocks_of_type(const struct zone *z, int mt)
{
	unsigned long n = 0;

	for (int o = 0; o < MAX_ORDER; o++)
		n += z->free_area[o].nr_free_mt[mt];
	return n;
}

/* Events of @id since @from. */
static unsigned long count_of(const struct sim *sim, uint64_t from, enum trace_id id)
{
	struct trace_event ev[64];
	unsigned long n = 0;
	uint64_t lost;
	size_t got;

	while ((got = trace_read(sim, &from, ev, 64, &lost)))
		for (size_t i = 0; i < got; i++)
			n += ev[i].id == id;
	return n;
}

/* rmqueue_buddy() of the zone, as rmqueue() calls it, and the page made
 * an allocated block. */
static unsigned long take(struct sim *sim, unsigned int order, int mt, unsigned int flags)
{
	unsigned long pfn = rmqueue_buddy_6_1(sim, dma32_of(sim), order, mt, flags);

	if (pfn != PFN_NONE)
		prep_new_page(sim, pfn, order);
	return pfn;
}

/*
 * A GFP_KERNEL page: its fallback claims a movable pageblock pair (an
 * order-10 block) for unmovable pages. The pair's other pageblock is taken
 * whole, and so is every movable free block (largest first: nothing
 * splits), so that the unmovable free blocks left are one each of orders
 * 0..8, in one pageblock that also holds the kernel page; the pcp lists
 * are empty. Return: 0, or -1.
 */
static int leave_only_unmovable(struct sim *sim)
{
	struct zone *z = dma32_of(sim);

	if (alloc_pages(sim, GFP_KERNEL, 0) == PFN_NONE)
		return -1;
	drain_all_pages(sim, NULL);
	if (take(sim, pageblock_order, MIGRATE_UNMOVABLE, ALLOC_WMARK_MIN) == PFN_NONE)
		return -1;
	for (int o = MAX_ORDER - 1; o >= 0; o--)
		while (z->free_area[o].nr_free_mt[MIGRATE_MOVABLE])
			if (take(sim, (unsigned int)o, MIGRATE_MOVABLE, ALLOC_WMARK_MIN) == PFN_NONE)
				return -1;
	for (int o = 0; o < MAX_ORDER; o++)
		if (z->free_area[o].nr_free_mt[MIGRATE_UNMOVABLE] != (o < (int)pageblock_order) ||
		    z->free_area[o].nr_free_mt[MIGRATE_RECLAIMABLE])
			return -1;
	return 0;
}

/* Then only unmovable blocks of orders 1..3 (under pageblock_order / 2):
 * no fallback from them may steal. Return: 0, or -1. */
static int leave_small_unmovable(struct sim *sim)
{
	if (leave_only_unmovable(sim))
		return -1;
	for (unsigned int o = 4; o < pageblock_order; o++)
		if (take(sim, o, MIGRATE_UNMOVABLE, ALLOC_WMARK_MIN) == PFN_NONE)
			return -1;
	return take(sim, 0, MIGRATE_UNMOVABLE, ALLOC_WMARK_MIN) == PFN_NONE ? -1 : 0;
}

/* The last mm_page_alloc_extfrag since @from into *@ev. Return: found. */
static bool last_extfrag(const struct sim *sim, uint64_t from, struct trace_event *out)
{
	struct trace_event ev[64];
	uint64_t lost;
	size_t got;
	bool found = false;

	while ((got = trace_read(sim, &from, ev, 64, &lost)))
		for (size_t i = 0; i < got; i++)
			if (ev[i].id == TRACE_mm_page_alloc_extfrag) {
				*out = ev[i];
				found = true;
			}
	return found;
}

/*
 * A movable order-0 request with no movable block left and unmovable
 * blocks of orders 1..3: can_steal_fallback is false at order 3 (below
 * pageblock_order / 2) for a movable request, so __rmqueue_fallback goes
 * to find_smallest and takes the order-1 block, not the order-3 one; only
 * that block moves, the pageblock stays unmovable. A fallback below
 * pageblock_order boosts the watermark by a pageblock and, for a request
 * that may wake kswapd (ALLOC_KSWAPD), flags the zone; rmqueue() clears
 * the flag on the way out of the next allocation and wakes kswapd.
 */
TEST(cov61_movable_fallback_takes_the_smallest_block)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, KERNEL_6_1);
	struct zone *z;
	struct trace_event ev;
	unsigned long pfn, boost;
	uint64_t from;

	REQUIRE(sim);
	z = dma32_of(sim);
	REQUIRE(leave_small_unmovable(sim) == 0);
	boost = z->watermark_boost;
	z->flags &= ~(1UL << ZONE_BOOSTED_WATERMARK);
	from = trace_next_seq(sim);
	pfn = take(sim, 0, MIGRATE_MOVABLE, ALLOC_WMARK_MIN | ALLOC_KSWAPD);
	REQUIRE(pfn != PFN_NONE);
	REQUIRE(last_extfrag(sim, from, &ev));
	CHECK_EQ_L(ev.arg[0], 1);			/* fallback_order: the smallest */
	CHECK_EQ_L(ev.arg[1], MIGRATE_UNMOVABLE);	/* fallback_migratetype */
	CHECK_EQ_L(ev.arg[2], 0);			/* change_ownership */
	CHECK_EQ_L(ev.migratetype, MIGRATE_MOVABLE);
	CHECK_EQ_L(pfnblock_migratetype(sim, pfn), MIGRATE_UNMOVABLE);
	CHECK_EQ_UL(blocks_of_type(z, MIGRATE_MOVABLE), 1);	/* the order-1 block's buddy */
	CHECK_EQ_UL(z->free_area[3].nr_free_mt[MIGRATE_UNMOVABLE], 1);
	CHECK_EQ_UL(z->watermark_boost, boost + pageblock_nr_pages);
	CHECK(z->flags & (1UL << ZONE_BOOSTED_WATERMARK));
	/* the next allocation's rmqueue() clears it and wakes kswapd (a
	 * request that would not wake kswapd itself, from the reserves) */
	from = trace_next_seq(sim);
	current_task(sim)->flags |= PF_MEMALLOC;
	pfn = alloc_pages(sim, GFP_F_NOWARN, 0);
	current_task(sim)->flags &= ~PF_MEMALLOC;
	REQUIRE(pfn != PFN_NONE);
	CHECK(!(z->flags & (1UL << ZONE_BOOSTED_WATERMARK)));
	CHECK(count_of(sim, from, TRACE_mm_vmscan_wakeup_kswapd) >= 1);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * The same request with an order-8 unmovable block free: at order 8
 * can_steal_fallback is true (>= pageblock_order / 2), so the largest block
 * goes, with every free page of its pageblock (511 >= 256: the pageblock
 * turns movable). Without ALLOC_KSWAPD the watermark is boosted all the
 * same, but the zone is not flagged.
 */
TEST(cov61_movable_fallback_steals_a_pageblock)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, KERNEL_6_1);
	struct zone *z;
	struct trace_event ev;
	unsigned long pfn, boost;
	uint64_t from;

	REQUIRE(sim);
	z = dma32_of(sim);
	REQUIRE(leave_only_unmovable(sim) == 0);
	boost = z->watermark_boost;
	z->flags &= ~(1UL << ZONE_BOOSTED_WATERMARK);
	from = trace_next_seq(sim);
	pfn = take(sim, 0, MIGRATE_MOVABLE, ALLOC_WMARK_MIN);
	REQUIRE(pfn != PFN_NONE);
	REQUIRE(last_extfrag(sim, from, &ev));
	CHECK_EQ_L(ev.arg[0], 8);
	CHECK_EQ_L(ev.arg[2], 1);
	CHECK_EQ_L(pfnblock_migratetype(sim, pfn), MIGRATE_MOVABLE);
	CHECK_EQ_UL(blocks_of_type(z, MIGRATE_UNMOVABLE), 0);
	CHECK_EQ_UL(z->watermark_boost, boost + pageblock_nr_pages);
	CHECK(!(z->flags & (1UL << ZONE_BOOSTED_WATERMARK)));
	/* an unmovable request now falls back into that movable pageblock: its
	 * in-use pages that are not on an LRU (the kernel page, and ours) count
	 * as alike, 510 free + 2 >= 256: it is claimed back */
	from = trace_next_seq(sim);
	pfn = take(sim, 0, MIGRATE_UNMOVABLE, ALLOC_WMARK_MIN);
	REQUIRE(pfn != PFN_NONE);
	REQUIRE(last_extfrag(sim, from, &ev));
	CHECK_EQ_L(ev.arg[1], MIGRATE_MOVABLE);
	CHECK_EQ_L(ev.arg[2], 1);
	CHECK_EQ_L(pfnblock_migratetype(sim, pfn), MIGRATE_UNMOVABLE);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* A reclaimable request may steal from any block (can_steal_fallback):
 * with unmovable blocks of orders 1..3 left, it takes the largest with the
 * pageblock's other free pages (14), too few to claim the pageblock
 * (alike: none, the old owner is not movable). Under ALLOC_NOFRAGMENT
 * (a request that could use a Normal zone) no block below pageblock_order
 * may be taken at all: the request fails here. */
TEST(cov61_small_fallbacks_reclaimable_and_nofragment)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, KERNEL_6_1);
	struct trace_event ev;
	struct zone *z;
	unsigned long pfn;
	uint64_t from;

	REQUIRE(sim);
	z = dma32_of(sim);
	REQUIRE(leave_small_unmovable(sim) == 0);
	from = trace_next_seq(sim);
	CHECK_EQ_UL(take(sim, 0, MIGRATE_MOVABLE, ALLOC_WMARK_MIN | ALLOC_NOFRAGMENT), PFN_NONE);
	CHECK(!last_extfrag(sim, from, &ev));
	CHECK_EQ_UL(blocks_of_type(z, MIGRATE_UNMOVABLE), 3);
	pfn = take(sim, 0, MIGRATE_RECLAIMABLE, ALLOC_WMARK_MIN);
	REQUIRE(pfn != PFN_NONE);
	REQUIRE(last_extfrag(sim, from, &ev));
	CHECK_EQ_L(ev.arg[0], 3);
	CHECK_EQ_L(ev.arg[1], MIGRATE_UNMOVABLE);
	CHECK_EQ_L(ev.arg[2], 0);
	CHECK_EQ_L(pfnblock_migratetype(sim, pfn), MIGRATE_UNMOVABLE);
	CHECK_EQ_UL(blocks_of_type(z, MIGRATE_UNMOVABLE), 0);
	CHECK_EQ_UL(blocks_of_type(z, MIGRATE_RECLAIMABLE), 3);	/* orders 0, 2, 3 */
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* A reclaimable request may always steal (can_steal_fallback): its first
 * page claims a whole movable pageblock pair for __GFP_RECLAIMABLE. */
TEST(cov61_reclaimable_request_claims_a_block)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, KERNEL_6_1);
	struct trace_event ev;
	unsigned long pfn;
	uint64_t from;

	REQUIRE(sim);
	from = trace_next_seq(sim);
	pfn = alloc_pages(sim, GFP_KERNEL | GFP_F_RECLAIMABLE, 0);
	REQUIRE(pfn != PFN_NONE);
	REQUIRE(last_extfrag(sim, from, &ev));
	CHECK_EQ_L(ev.migratetype, MIGRATE_RECLAIMABLE);
	CHECK_EQ_L(ev.arg[1], MIGRATE_MOVABLE);
	CHECK_EQ_L(ev.arg[2], 1);
	CHECK_EQ_L(pfnblock_migratetype(sim, pfn), MIGRATE_RECLAIMABLE);
	CHECK(blocks_of_type(dma32_of(sim), MIGRATE_RECLAIMABLE) > 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* The boost change of a movable order-0 fallback (leave_small_unmovable),
 * after taking what the last one left on the movable lists. */
static long boost_after_fallback(struct sim *sim)
{
	struct zone *z = dma32_of(sim);
	unsigned long before;

	while (blocks_of_type(z, MIGRATE_MOVABLE))
		if (take(sim, 0, MIGRATE_MOVABLE, ALLOC_WMARK_MIN) == PFN_NONE)
			return -1;
	before = z->watermark_boost;
	if (take(sim, 0, MIGRATE_MOVABLE, ALLOC_WMARK_MIN | ALLOC_KSWAPD) == PFN_NONE)
		return -1;
	return (long)z->watermark_boost - (long)before;
}

/* boost_watermark (6.1) boosts nothing when vm.watermark_boost_factor is
 * 0, when the factor's share of the high mark is 0 pages, or when the
 * zone is under four pageblocks. */
TEST(cov61_boost_watermark_ways_out)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, KERNEL_6_1);
	struct zone *z;

	REQUIRE(sim);
	REQUIRE(leave_small_unmovable(sim) == 0);
	z = dma32_of(sim);
	REQUIRE(sim_sysctl_set(sim, "vm.watermark_boost_factor", "0") == 0);
	CHECK_EQ_L(boost_after_fallback(sim), 0);
	/* factor 1: high * 1 / 10000 = 0 pages for this zone */
	REQUIRE(z->watermark[WMARK_HIGH] < 10000);
	REQUIRE(sim_sysctl_set(sim, "vm.watermark_boost_factor", "1") == 0);
	CHECK_EQ_L(boost_after_fallback(sim), 0);
	CHECK(!(z->flags & (1UL << ZONE_BOOSTED_WATERMARK)));
	/* factor 15000 again: a pageblock */
	REQUIRE(sim_sysctl_set(sim, "vm.watermark_boost_factor", "15000") == 0);
	CHECK_EQ_L(boost_after_fallback(sim), (long)pageblock_nr_pages);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* A zone of 2000 pages: under four pageblocks, no boost; and under
 * pageblock_nr_pages * MIGRATE_TYPES pages in all, grouping by mobility is
 * off: a movable request may steal (the largest block, with its
 * pageblock's free pages), and set_pageblock_migratetype() keeps every
 * pcp type's pageblock unmovable. */
TEST(cov61_small_zone_no_boost_mobility_off)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 2000, 1, KERNEL_6_1);
	struct trace_event ev;
	unsigned long pfn;
	uint64_t from;

	REQUIRE(sim);
	CHECK(sim->page_group_by_mobility_disabled);
	REQUIRE(leave_only_unmovable(sim) == 0);
	from = trace_next_seq(sim);
	pfn = take(sim, 0, MIGRATE_MOVABLE, ALLOC_WMARK_MIN | ALLOC_KSWAPD);
	REQUIRE(pfn != PFN_NONE);
	CHECK_EQ_UL(dma32_of(sim)->watermark_boost, 0);
	REQUIRE(last_extfrag(sim, from, &ev));
	CHECK_EQ_L(ev.arg[0], 8);		/* may steal: the largest block */
	CHECK_EQ_L(ev.arg[2], 0);		/* the pageblock stays unmovable */
	CHECK_EQ_L(pfnblock_migratetype(sim, pfn), MIGRATE_UNMOVABLE);
	CHECK_EQ_UL(blocks_of_type(dma32_of(sim), MIGRATE_UNMOVABLE), 0);
	CHECK_EQ_UL(blocks_of_type(dma32_of(sim), MIGRATE_MOVABLE), 8);	/* orders 1..8 */
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* The first event of @id since @from into *@out. Return: found. */
static bool first_event(const struct sim *sim, uint64_t from, enum trace_id id,
			struct trace_event *out)
{
	struct trace_event ev[64];
	uint64_t lost;
	size_t got;

	while ((got = trace_read(sim, &from, ev, 64, &lost)))
		for (size_t i = 0; i < got; i++)
			if (ev[i].id == id) {
				*out = ev[i];
				return true;
			}
	return false;
}

/* mm_page_alloc_zone_locked's percpu_refill (6.1): 1 for a block taken
 * under the zone lock to refill a pcp list (orders 0..3 of the pcp
 * types), 0 for one that goes straight to the caller (order 4 here, or a
 * highatomic block). */
TEST(cov61_zone_locked_event_says_percpu_refill)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct trace_event ev;
	uint64_t from;

	REQUIRE(sim);
	from = trace_next_seq(sim);
	REQUIRE(alloc_pages(sim, GFP_KERNEL, 0) != PFN_NONE);
	REQUIRE(first_event(sim, from, TRACE_mm_page_alloc_zone_locked, &ev));
	CHECK_EQ_L(ev.arg[0], 1);
	CHECK_EQ_L(ev.order, 0);
	from = trace_next_seq(sim);
	REQUIRE(alloc_pages(sim, GFP_KERNEL, 4) != PFN_NONE);
	REQUIRE(first_event(sim, from, TRACE_mm_page_alloc_zone_locked, &ev));
	CHECK_EQ_L(ev.arg[0], 0);
	CHECK_EQ_L(ev.order, 4);
	sim_destroy(sim);
}

/*
 * The highatomic reserve (6.1.y rmqueue_buddy, reserve_ and
 * unreserve_highatomic_pageblock): a GFP_ATOMIC order-4 request
 * (ALLOC_HIGHATOMIC) takes from the reserve first; a pageblock already
 * highatomic is not reserved twice; with every other free page gone, a
 * non-blocking order-0 request gets the reserve as a last resort.
 * unreserve without force keeps the last reserved pageblock, and passes
 * over zones above the request's highest zone.
 */
TEST(cov61_highatomic_reserve_served_and_released)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct alloc_request req;
	struct task *cur;
	struct zone *z;
	unsigned long pfn, reserved;
	uint64_t from;

	REQUIRE(sim);
	z = dma32_of(sim);
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		;
	/* two non-blocking order-1 successes below the low mark: two blocks */
	REQUIRE(alloc_pages(sim, GFP_ATOMIC, 1) != PFN_NONE);
	REQUIRE(alloc_pages(sim, GFP_ATOMIC, 1) != PFN_NONE);
	REQUIRE(z->nr_reserved_highatomic == 2 * pageblock_nr_pages);
	/* order 4 (no pcp list): from the reserve first */
	pfn = alloc_pages(sim, GFP_ATOMIC, 4);
	REQUIRE(pfn != PFN_NONE);
	CHECK_EQ_L(pfnblock_migratetype(sim, pfn), MIGRATE_HIGHATOMIC);
	/* already highatomic: no second reservation (and under the cap) */
	z->nr_reserved_highatomic -= pageblock_nr_pages;
	reserved = z->nr_reserved_highatomic;
	reserve_highatomic_pageblock_6_1(sim, z, pfn);
	CHECK_EQ_UL(z->nr_reserved_highatomic, reserved);
	z->nr_reserved_highatomic += pageblock_nr_pages;

	/* every page but the reserve taken (PF_MEMALLOC ignores watermarks
	 * but has no right to the reserve) */
	cur = current_task(sim);
	cur->flags |= PF_MEMALLOC;
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		;
	cur->flags &= ~PF_MEMALLOC;
	REQUIRE(zone_page_state(z, NR_FREE_PAGES) > 0);
	/* (with nobody reading events: the same page, the events unfilled) */
	trace_set_enabled(sim, false);
	from = trace_next_seq(sim);
	pfn = alloc_pages(sim, GFP_ATOMIC | GFP_F_NOWARN, 0);
	CHECK(trace_next_seq(sim) > from);
	trace_set_enabled(sim, true);
	REQUIRE(pfn != PFN_NONE);
	CHECK_EQ_L(pfnblock_migratetype(sim, pfn), MIGRATE_HIGHATOMIC);
	CHECK_EQ_UL(count_of(sim, from, TRACE_mm_page_alloc_zone_locked), 0);
	/* a GFP_DMA request's zones stop below DMA32: nothing released */
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_DMA, 0) == 0);
	unreserve_highatomic_pageblock_6_1(sim, &req.ac, true);
	CHECK_EQ_UL(z->nr_reserved_highatomic, 2 * pageblock_nr_pages);
	/* without force: one of the two goes to the request's type ... */
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL, 0) == 0);
	CHECK(unreserve_highatomic_pageblock_6_1(sim, &req.ac, false));
	CHECK_EQ_UL(z->nr_reserved_highatomic, pageblock_nr_pages);
	/* ... and the last one stays */
	CHECK(!unreserve_highatomic_pageblock_6_1(sim, &req.ac, false));
	CHECK_EQ_UL(z->nr_reserved_highatomic, pageblock_nr_pages);

	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
