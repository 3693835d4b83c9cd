/* tests/unit/test_cov45_watermark.c - v4.5 watermark rules the other tests
 * leave alone: a lowmem_reserve_ratio of 0 is taken as 1 (the whole of
 * the higher zones is reserved, setup_per_zone_lowmem_reserve); the order
 * check counts CMA blocks only for an ALLOC_CMA request, and takes free
 * CMA pages out of the count for the others (__zone_watermark_ok). */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/buddy.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/watermark.h"
#include "simtest.h"

TEST(cov45_lowmem_reserve_ratio_zero_is_one)
{
	struct sim *sim = boot_preset("classroom");
	struct strbuf sb = STRBUF_INIT;
	const struct zone *dma, *dma32, *normal;

	REQUIRE(sim);
	dma = sim_zone(sim, 0, ZONE_DMA);
	dma32 = sim_zone(sim, 0, ZONE_DMA32);
	normal = sim_zone(sim, 0, ZONE_NORMAL);
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.lowmem_reserve_ratio", "0 256 32"), 0);
	CHECK_EQ_L(dma->lowmem_reserve[ZONE_DMA32], (long)dma32->managed_pages);
	CHECK_EQ_L(dma->lowmem_reserve[ZONE_NORMAL],
		   (long)(dma32->managed_pages + normal->managed_pages));
	CHECK_EQ_L(sim_sysctl_get(sim, "lowmem_reserve_ratio", &sb), 0);
	CHECK_STR(sb_str(&sb), "1\t256\t32");	/* the kernel writes the 1 back */
	sb_release(&sb);
	sim_destroy(sim);
}

TEST(cov45_watermark_order_check_and_cma)
{
	struct sim *sim = boot_one_zone(ZONE_DMA32, 4096, 4096, 1);
	struct zone *z;
	unsigned long moved = 0;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	CHECK(zone_watermark_ok(z, 10, z->watermark[WMARK_LOW], ZONE_DMA32, 0));
	/* every free block of the zone becomes CMA (4 of order 10) */
	for (unsigned long pb = 4096; pb < 8192; pb += pageblock_nr_pages)
		set_pageblock_migratetype(sim, pb, MIGRATE_CMA);
	for (unsigned long pb = 4096; pb < 8192; pb += 1024)
		moved += move_freepages_block(sim, z, pb, MIGRATE_CMA);
	REQUIRE(moved == 4096);
	mod_zone_page_state(z, NR_FREE_CMA_PAGES, (long)moved);
	/* with ALLOC_CMA the blocks count; without, neither they nor their pages */
	CHECK(zone_watermark_ok(z, 10, z->watermark[WMARK_LOW], ZONE_DMA32, ALLOC_CMA));
	CHECK(!zone_watermark_ok(z, 10, z->watermark[WMARK_LOW], ZONE_DMA32, 0));
	CHECK(!zone_watermark_ok(z, 0, z->watermark[WMARK_LOW], ZONE_DMA32, 0));
	sim_destroy(sim);
}

/* A zone whose free memory is all CMA: a movable request takes it
 * (ALLOC_CMA, __rmqueue_cma_fallback) and NR_FREE_CMA_PAGES follows; an
 * unmovable one may not (no ALLOC_CMA, and CMA is nobody's fallback). */
TEST(cov45_cma_only_zone_serves_movable_only)
{
	struct sim *sim = boot_one_zone(ZONE_DMA32, 4096, 4096, 1);
	struct zone *z;
	unsigned long moved = 0, pfn;
	long cma0;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	for (unsigned long pb = 4096; pb < 8192; pb += pageblock_nr_pages)
		set_pageblock_migratetype(sim, pb, MIGRATE_CMA);
	for (unsigned long pb = 4096; pb < 8192; pb += 1024)
		moved += move_freepages_block(sim, z, pb, MIGRATE_CMA);
	REQUIRE(moved == 4096);
	mod_zone_page_state(z, NR_FREE_CMA_PAGES, (long)moved);
	cma0 = zone_page_state(z, NR_FREE_CMA_PAGES);
	pfn = alloc_pages(sim, GFP_HIGHUSER_MOVABLE, 2);
	REQUIRE(pfn != PFN_NONE);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, pfn), MIGRATE_CMA);
	CHECK_EQ_L(zone_page_state(z, NR_FREE_CMA_PAGES), cma0 - 4);
	CHECK_EQ_UL(alloc_pages(sim, GFP_NOWAIT | GFP_F_NOWARN, 2), PFN_NONE);
	CHECK_EQ_L(zone_page_state(z, NR_FREE_CMA_PAGES), cma0 - 4);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
