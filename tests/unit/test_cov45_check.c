/* tests/unit/test_cov45_check.c - sim_check() on damage the other check
 * tests leave alone: a free list linked into another list's head or into
 * a loop that never comes back, a pcp page of an order no block has; and
 * on a legal state it must accept: a free block in an isolated pageblock,
 * kept out of NR_FREE_PAGES as set_migratetype_isolate() does. */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/buddy.h"
#include "buddyscope/page_alloc.h"
#include "simtest.h"

static struct zone *dma32(struct sim *sim)
{
	return &sim->node_data[0]->node_zones[ZONE_DMA32];
}

static uint32_t first_free(struct sim *sim, int o, int mt)
{
	return lnk(&sim->map, dma32(sim)->free_area[o].free_list[mt])->next;
}

static bool reports(struct sim *sim, const char *what)
{
	struct strbuf sb = STRBUF_INIT;
	int n = sim_check(sim, &sb);
	bool found = n > 0 && strstr(sb_str(&sb), what) != NULL;

	if (!found)
		printf("  sim_check found %d, wanted '%s' in:\n%s", n, what, sb_str(&sb));
	sb_release(&sb);
	return found;
}

TEST(cov45_check_finds_foreign_head_and_loop)
{
	struct sim *sim = boot_preset("tiny");
	uint32_t id;

	REQUIRE(sim);
	id = first_free(sim, MAX_ORDER - 1, MIGRATE_MOVABLE);
	REQUIRE(!(id & LIST_HEAD_BIT));
	/* into the UNMOVABLE list's head: the walk would never end */
	lnk_w(&sim->map, id)->next = dma32(sim)->free_area[MAX_ORDER - 1].free_list[MIGRATE_UNMOVABLE];
	CHECK(reports(sim, "list corrupt"));
	sim_destroy(sim);

	sim = boot_preset("tiny");
	REQUIRE(sim);
	id = first_free(sim, MAX_ORDER - 1, MIGRATE_MOVABLE);
	lnk_w(&sim->map, id)->next = id;		/* a loop of one */
	CHECK(reports(sim, "has a bad prev link"));
	/* the walk gives up after more links than there are pages */
	CHECK(sim_check(sim, NULL) > (int)sim->map.max_pfn);
	sim_destroy(sim);
}

TEST(cov45_check_pcp_page_of_no_order_and_quiet_count)
{
	struct sim *sim = boot_preset("tiny");
	struct page *p;
	uint32_t id;

	REQUIRE(sim);
	id = (uint32_t)alloc_pages(sim, GFP_KERNEL, 0);
	REQUIRE(id != (uint32_t)PFN_NONE);
	p = page_w(&sim->map, id);
	p->flags = PG_pcp;
	p->order = MAX_ORDER + 4;
	CHECK(reports(sim, "1 pages flagged pcp, 0 on pcp lists"));
	sim_destroy(sim);

	/* many errors, no report wanted: only the count */
	sim = boot_preset("tiny");
	REQUIRE(sim);
	id = first_free(sim, MAX_ORDER - 1, MIGRATE_MOVABLE);
	page_w(&sim->map, id)->flags &= (uint16_t)~PG_buddy;
	CHECK(sim_check(sim, NULL) > 1000);
	sim_destroy(sim);
}

TEST(cov45_check_accepts_an_isolated_free_block)
{
	struct sim *sim = boot_preset("tiny");
	unsigned long moved, free0;
	uint32_t id;

	REQUIRE(sim);
	id = first_free(sim, MAX_ORDER - 1, MIGRATE_MOVABLE);
	REQUIRE(!(id & LIST_HEAD_BIT));
	free0 = zone_page_state(dma32(sim), NR_FREE_PAGES);
	set_pageblock_migratetype(sim, id, MIGRATE_ISOLATE);
	set_pageblock_migratetype(sim, id + pageblock_nr_pages, MIGRATE_ISOLATE);
	moved = move_freepages_block(sim, dma32(sim), id, MIGRATE_ISOLATE);
	CHECK_EQ_UL(moved, 1UL << (MAX_ORDER - 1));	/* the whole order-10 block */
	mod_zone_page_state(dma32(sim), NR_FREE_PAGES, -(long)moved);
	CHECK_EQ_L(sim_check(sim, NULL), 0);
	/* its free pages are not NR_FREE_PAGES; counting them there is damage */
	mod_zone_page_state(dma32(sim), NR_FREE_PAGES, (long)moved);
	CHECK(reports(sim, "pages are on the free lists"));
	CHECK_EQ_UL(zone_page_state(dma32(sim), NR_FREE_PAGES), free0);
	sim_destroy(sim);
}
