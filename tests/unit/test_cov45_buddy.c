/* tests/unit/test_cov45_buddy.c - the buddy helpers at their edges (v4.5
 * mm/page_alloc.c): pageblock types refused past memory or out of range,
 * and folded to UNMOVABLE with mobility grouping off; move_freepages_block
 * at a zone's ragged ends; the highatomic reserve's 1% + one pageblock cap
 * and its one block kept back; a free block looked up next to a zone start
 * that is not aligned; buddy_take_at refusing what no free block holds. */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/buddy.h"
#include "buddyscope/replay.h"
#include "simtest.h"

TEST(cov45_pageblock_type_refusals_and_grouping_off)
{
	struct sim *sim = boot_one_zone(ZONE_DMA32, 4096, 8192, 1);
	struct sim *small = boot_one_zone(ZONE_DMA32, 4096, 2048, 1);

	REQUIRE(sim && small);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, sim_max_pfn(sim)), MIGRATE_TYPES);
	set_pageblock_migratetype(sim, sim_max_pfn(sim), MIGRATE_UNMOVABLE);	/* nothing */
	set_pageblock_migratetype(sim, 4096, -1);
	set_pageblock_migratetype(sim, 4096, MIGRATE_TYPES);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, 4096), MIGRATE_MOVABLE);
	set_pageblock_migratetype(sim, 4096, MIGRATE_RECLAIMABLE);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, 4096), MIGRATE_RECLAIMABLE);
	CHECK(!sim->page_group_by_mobility_disabled);
	/* 2048 pages < pageblock_nr_pages * MIGRATE_TYPES: grouping is off
	 * (build_all_zonelists), every pcp type is UNMOVABLE */
	CHECK(small->page_group_by_mobility_disabled);
	set_pageblock_migratetype(small, 4096, MIGRATE_MOVABLE);
	CHECK_EQ_L(get_pfnblock_migratetype(small, 4096), MIGRATE_UNMOVABLE);
	set_pageblock_migratetype(small, 4096, MIGRATE_HIGHATOMIC);
	CHECK_EQ_L(get_pfnblock_migratetype(small, 4096), MIGRATE_HIGHATOMIC);
	sim_destroy(small);
	sim_destroy(sim);
}

TEST(cov45_fallback_refusals_and_only_stealable)
{
	struct sim *sim = boot_one_zone(ZONE_DMA32, 4096, 8192, 1);
	struct zone *z;
	bool can_steal = true;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	CHECK_EQ_L(find_suitable_fallback(sim, z, MAX_ORDER, MIGRATE_MOVABLE, false, &can_steal),
		   -1);
	CHECK(!can_steal);
	CHECK_EQ_L(find_suitable_fallback(sim, z, 0, -1, false, &can_steal), -1);
	CHECK_EQ_L(find_suitable_fallback(sim, z, 0, MIGRATE_TYPES, false, &can_steal), -1);
	/* an UNMOVABLE order-0 block (its buddy 4097 kept): a movable request
	 * may take it but not steal its pageblock (order < pageblock_order / 2) */
	REQUIRE(alloc_pages_at(sim, GFP_KERNEL, 0, 4096) == 4096);
	REQUIRE(alloc_pages_at(sim, GFP_KERNEL, 0, 4097) == 4097);
	set_pageblock_migratetype(sim, 4096, MIGRATE_UNMOVABLE);
	CHECK_EQ_L(free_pages(sim, 4096, 0), 0);
	drain_all_pages(sim, NULL);
	REQUIRE(z->free_area[0].nr_free_mt[MIGRATE_UNMOVABLE] == 1);
	CHECK_EQ_L(find_suitable_fallback(sim, z, 0, MIGRATE_MOVABLE, true, &can_steal), -1);
	CHECK(!can_steal);
	CHECK_EQ_L(find_suitable_fallback(sim, z, 0, MIGRATE_MOVABLE, false, &can_steal),
		   MIGRATE_UNMOVABLE);
	CHECK(!can_steal);
	/* a reclaimable request steals whatever the order */
	CHECK_EQ_L(find_suitable_fallback(sim, z, 0, MIGRATE_RECLAIMABLE, true, &can_steal),
		   MIGRATE_UNMOVABLE);
	CHECK(can_steal);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* move_freepages_block(): a pageblock that starts before the zone moves
 * from the page on; one that ends after it moves nothing. */
TEST(cov45_move_freepages_block_ragged_zone)
{
	/* DMA32 at 4096 + 100 for 1000 pages: blocks 4096.. start before it,
	 * 5120.. ends after it */
	struct sim *sim = boot_one_zone(ZONE_DMA32, 4196, 1000, 1);
	struct zone *z;
	unsigned long moved;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	CHECK_EQ_UL(move_freepages_block(sim, z, 5130, MIGRATE_UNMOVABLE), 0);
	moved = move_freepages_block(sim, z, 4196, MIGRATE_UNMOVABLE);
	CHECK_EQ_UL(moved, 4608 - 4196);	/* 4196..4607, all free */
	CHECK_EQ_UL(z->free_area[2].nr_free_mt[MIGRATE_UNMOVABLE] > 0, 1);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* reserve_highatomic_pageblock(): at most managed / 100 + one pageblock;
 * a pageblock already HIGHATOMIC is not counted twice.
 * unreserve_highatomic_pageblock(): keeps the last pageblock, and gives
 * one back only where a HIGHATOMIC block is free. */
TEST(cov45_highatomic_reserve_cap)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, 1UL << 20, 8192, 1);
	unsigned long base = 1UL << 20, cap;
	struct zone *z;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_NORMAL];
	cap = z->managed_pages / 100 + pageblock_nr_pages;	/* 81 + 512 */
	CHECK(!unreserve_highatomic_pageblock(sim, z, MIGRATE_MOVABLE));
	reserve_highatomic_pageblock(sim, z, base);
	CHECK_EQ_UL(z->nr_reserved_highatomic, pageblock_nr_pages);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, base), MIGRATE_HIGHATOMIC);
	reserve_highatomic_pageblock(sim, z, base + 5);		/* the same block */
	CHECK_EQ_UL(z->nr_reserved_highatomic, pageblock_nr_pages);
	reserve_highatomic_pageblock(sim, z, base + pageblock_nr_pages);
	CHECK_EQ_UL(z->nr_reserved_highatomic, 2 * pageblock_nr_pages);
	REQUIRE(z->nr_reserved_highatomic >= cap);
	reserve_highatomic_pageblock(sim, z, base + 2 * pageblock_nr_pages);	/* capped */
	CHECK_EQ_UL(z->nr_reserved_highatomic, 2 * pageblock_nr_pages);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, base + 2 * pageblock_nr_pages), MIGRATE_MOVABLE);
	/* no HIGHATOMIC block free: nothing to give back */
	for (unsigned long p = base; p < base + 2 * pageblock_nr_pages; p += 512)
		REQUIRE(alloc_pages_at(sim, GFP_KERNEL, 9, p) == p);
	CHECK(!unreserve_highatomic_pageblock(sim, z, MIGRATE_MOVABLE));
	CHECK_EQ_UL(z->nr_reserved_highatomic, 2 * pageblock_nr_pages);
	CHECK_EQ_L(free_pages(sim, base, 9), 0);
	CHECK(unreserve_highatomic_pageblock(sim, z, MIGRATE_MOVABLE));
	CHECK_EQ_UL(z->nr_reserved_highatomic, pageblock_nr_pages);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, base), MIGRATE_MOVABLE);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(cov45_buddy_block_of_and_take_at_edges)
{
	struct sim *sim = boot_one_zone(ZONE_DMA32, 4097, 1000, 1);
	unsigned int order = 99;
	unsigned long head;
	struct zone *z;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	/* 4097 is an order-0 block (4096 is not the zone's) */
	CHECK_EQ_UL(buddy_block_of(sim, z, 4097, &order), 4097);
	CHECK_EQ_UL(order, 0);
	REQUIRE(alloc_pages_at(sim, GFP_KERNEL, 0, 4097) == 4097);
	CHECK_EQ_UL(buddy_block_of(sim, z, 4097, &order), PFN_NONE);
	head = buddy_block_of(sim, z, 4100, &order);
	REQUIRE(head == 4100 && order == 2);		/* 4100..4103 */
	CHECK_EQ_L(buddy_take_at(sim, z, PFN_NONE, 2, 4100, 0), -1);
	CHECK_EQ_L(buddy_take_at(sim, z, 4100, 2, 4100, 3), -1);	/* larger than the block */
	CHECK_EQ_L(buddy_take_at(sim, z, 4100, 2, 4101, 1), -1);	/* misaligned */
	CHECK_EQ_L(buddy_take_at(sim, z, 4100, 2, 4098, 0), -1);	/* before it */
	CHECK_EQ_L(buddy_take_at(sim, z, 4100, 2, 4104, 0), -1);	/* after it */
	CHECK_EQ_UL(buddy_block_of(sim, z, 4102, &order), 4100);	/* still whole */
	CHECK_EQ_UL(order, 2);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* Neither an isolated nor a CMA pageblock becomes a highatomic reserve. */
TEST(cov45_highatomic_reserve_skips_isolate_and_cma)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, 1UL << 20, 8192, 1);
	unsigned long base = 1UL << 20;
	struct zone *z;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_NORMAL];
	set_pageblock_migratetype(sim, base, MIGRATE_ISOLATE);
	reserve_highatomic_pageblock(sim, z, base);
	CHECK_EQ_UL(z->nr_reserved_highatomic, 0);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, base), MIGRATE_ISOLATE);
	set_pageblock_migratetype(sim, base, MIGRATE_CMA);
	reserve_highatomic_pageblock(sim, z, base);
	CHECK_EQ_UL(z->nr_reserved_highatomic, 0);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, base), MIGRATE_CMA);
	set_pageblock_migratetype(sim, base, MIGRATE_MOVABLE);
	reserve_highatomic_pageblock(sim, z, base);
	CHECK_EQ_UL(z->nr_reserved_highatomic, pageblock_nr_pages);
	sim_destroy(sim);
}
