/* tests/unit/test_buddy.c - split, merge, fallback, steal, highatomic, pcp. */
#include <errno.h>
#include "../../core/internal.h"
#include "../../core/pcp.h"
#include "buddyscope/buddy.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/watermark.h"
#include "simtest.h"

static struct zone *zone_of(struct sim *sim, int nid, int zid)
{
	return &sim->node_data[nid]->node_zones[zid];
}

/* Blocks on the free lists per order, as /proc/buddyinfo counts them. */
static unsigned long nr_free(const struct zone *z, int o)
{
	return z->free_area[o].nr_free;
}

TEST(boot_frees_managed_pages_in_largest_aligned_blocks)
{
	/* 1024 pages at pfn 4096: exactly one order-10 block */
	struct sim *sim = boot_one_zone(ZONE_DMA32, 4096, 1024, 1);
	struct zone *z;

	REQUIRE(sim);
	z = zone_of(sim, 0, ZONE_DMA32);
	CHECK_EQ_UL(nr_free(z, 10), 1);
	for (int o = 0; o < 10; o++)
		CHECK_EQ_UL(nr_free(z, o), 0);
	CHECK_EQ_L(z->vm_stat[NR_FREE_PAGES], 1024);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);

	/* pfn 1..4096 (DMA-like start at 1): 1 + 2 + 4 + ... + 1024*3 */
	sim = boot_one_zone(ZONE_DMA, 1, 4095, 1);
	REQUIRE(sim);
	z = zone_of(sim, 0, ZONE_DMA);
	for (int o = 0; o < 10; o++)
		CHECK_EQ_UL(nr_free(z, o), 1);
	CHECK_EQ_UL(nr_free(z, 10), 3);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(textbook_split_and_merge_below_pcp)
{
	struct sim *sim = boot_one_zone(ZONE_DMA32, 4096, 1024, 1);
	struct zone *z;
	unsigned long pfn;

	REQUIRE(sim);
	z = zone_of(sim, 0, ZONE_DMA32);
	pfn = rmqueue_smallest(sim, z, 0, MIGRATE_MOVABLE);
	CHECK_EQ_UL(pfn, 4096);		/* expand keeps the lowest page */
	mod_zone_page_state(z, NR_FREE_PAGES, -1);
	for (int o = 0; o < 10; o++) {
		CHECK_EQ_UL(nr_free(z, o), 1);
		/* the order-o half is the upper half of the order-(o+1) block */
		CHECK(sim->map.pages[4096 + (1UL << o)].flags & PG_buddy);
		CHECK_EQ_UL(sim->map.pages[4096 + (1UL << o)].order, (unsigned long)o);
	}
	CHECK_EQ_UL(nr_free(z, 10), 0);
	page_w(&sim->map, pfn)->flags |= PG_head;	/* what prep_new_page would do */
	page_w(&sim->map, pfn)->order = 0;
	CHECK(invariants_hold(sim));

	page_w(&sim->map, pfn)->flags &= (uint16_t)~PG_head;
	CHECK_EQ_UL(free_one_page(sim, z, pfn, 0, MIGRATE_MOVABLE), 10);
	CHECK_EQ_UL(nr_free(z, 10), 1);
	for (int o = 0; o < 10; o++)
		CHECK_EQ_UL(nr_free(z, o), 0);
	CHECK_EQ_L(z->vm_stat[NR_FREE_PAGES], 1024);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(expand_example_from_the_reference)
{
	/* order-0 request from an order-3 block at 0x1000 frees 0x1004 (o2),
	 * 0x1002 (o1), 0x1001 (o0) and returns 0x1000 */
	struct sim *sim = boot_one_zone(ZONE_DMA32, 0x1000, 8, 1);
	struct zone *z;

	REQUIRE(sim);
	z = zone_of(sim, 0, ZONE_DMA32);
	CHECK_EQ_UL(nr_free(z, 3), 1);
	CHECK_EQ_UL(rmqueue_smallest(sim, z, 0, MIGRATE_MOVABLE), 0x1000);
	CHECK(page_is_buddy_order(&sim->map, 0x1004, 2));
	CHECK(page_is_buddy_order(&sim->map, 0x1002, 1));
	CHECK(page_is_buddy_order(&sim->map, 0x1001, 0));
	sim_destroy(sim);
}

TEST(merge_stops_at_a_busy_buddy_and_places_at_tail_when_next_buddy_free)
{
	struct sim *sim = boot_one_zone(ZONE_DMA32, 4096, 1024, 1);
	struct zone *z;
	unsigned long a, b;

	REQUIRE(sim);
	z = zone_of(sim, 0, ZONE_DMA32);
	a = rmqueue_smallest(sim, z, 0, MIGRATE_MOVABLE);	/* 4096 */
	b = rmqueue_smallest(sim, z, 0, MIGRATE_MOVABLE);	/* 4097 */
	CHECK_EQ_UL(a, 4096);
	CHECK_EQ_UL(b, 4097);
	/* free 4097: its buddy 4096 is busy, so it stays order 0. The order-1
	 * buddy of the combined block (4098) is free at order 1: tail. */
	CHECK_EQ_UL(free_one_page(sim, z, b, 0, MIGRATE_MOVABLE), 0);
	CHECK_EQ_UL(lnk(&sim->map, z->free_area[0].free_list[MIGRATE_MOVABLE])->prev, 4097);
	CHECK_EQ_UL(free_one_page(sim, z, a, 0, MIGRATE_MOVABLE), 10);
	sim_destroy(sim);
}

TEST(order0_alloc_goes_through_pcp_and_takes_a_batch)
{
	struct sim *sim = boot_preset("classroom");
	struct zone *z;
	long before;
	unsigned long pfn;
	int batch;

	REQUIRE(sim);
	z = zone_of(sim, 0, ZONE_NORMAL);
	batch = z->pageset[0].batch;
	CHECK_EQ_L(batch, 31);
	CHECK_EQ_L(z->pageset[0].high, 186);
	before = z->vm_stat[NR_FREE_PAGES];
	pfn = alloc_pages(sim, GFP_KERNEL, 0);
	REQUIRE(pfn != PFN_NONE);
	CHECK(zone_spans_pfn(z, pfn));
	CHECK_EQ_L(z->pageset[0].count, batch - 1);
	CHECK_EQ_L(z->vm_stat[NR_FREE_PAGES], before - batch);
	/* the batch came from one split block: the rest are in ascending order */
	{
		uint32_t head = z->pageset[0].lists[MIGRATE_UNMOVABLE];
		unsigned long expect = pfn + 1;
		int n = 0;

		for (uint32_t id = lnk(&sim->map, head)->next; id != head;
		     id = lnk(&sim->map, id)->next, n++)
			CHECK_EQ_UL(id, expect++);
		CHECK_EQ_L(n, batch - 1);
	}
	/* the next allocation comes from the list, not the buddy */
	before = z->vm_stat[NR_FREE_PAGES];
	CHECK_EQ_UL(alloc_pages(sim, GFP_KERNEL, 0), pfn + 1);
	CHECK_EQ_L(z->vm_stat[NR_FREE_PAGES], before);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(pcp_high_flushes_a_batch_and_drain_empties)
{
	struct sim *sim = boot_preset("classroom");
	struct zone *z;
	unsigned long pfns[400];
	int high, batch;

	REQUIRE(sim);
	z = zone_of(sim, 0, ZONE_NORMAL);
	high = z->pageset[0].high;
	batch = z->pageset[0].batch;
	for (int i = 0; i < 400; i++)
		pfns[i] = alloc_pages(sim, GFP_KERNEL, 0);
	drain_local_pages(sim, 0, NULL);
	CHECK_EQ_L(z->pageset[0].count, 0);
	for (int i = 0; i < high - 1; i++)
		CHECK(free_pages(sim, pfns[i], 0) == 0);
	CHECK_EQ_L(z->pageset[0].count, high - 1);
	/* one more reaches high: free_pcppages_bulk gives back one batch */
	CHECK(free_pages(sim, pfns[high - 1], 0) == 0);
	CHECK_EQ_L(z->pageset[0].count, high - batch);
	CHECK(invariants_hold(sim));
	/* freeing on another cpu fills that cpu's list */
	CHECK(sim_set_cpu(sim, 2) == 0);
	CHECK(free_pages(sim, pfns[high], 0) == 0);
	CHECK_EQ_L(z->pageset[2].count, 1);
	drain_all_pages(sim, NULL);
	CHECK_EQ_L(z->pageset[0].count, 0);
	CHECK_EQ_L(z->pageset[2].count, 0);
	CHECK(invariants_hold(sim));
	for (int i = high + 1; i < 400; i++)
		CHECK(free_pages(sim, pfns[i], 0) == 0);
	drain_all_pages(sim, NULL);
	CHECK_EQ_L(z->vm_stat[NR_FREE_PAGES], (long)z->managed_pages);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(dma_zone_pcp_has_high_zero_so_frees_go_straight_back)
{
	struct sim *sim = boot_preset("classroom");
	struct zone *z;
	unsigned long pfn;
	long before;

	REQUIRE(sim);
	z = zone_of(sim, 0, ZONE_DMA);
	CHECK_EQ_L(z->pageset[0].high, 0);
	CHECK_EQ_L(z->pageset[0].batch, 1);
	pfn = alloc_pages(sim, GFP_DMA, 0);
	REQUIRE(pfn != PFN_NONE);
	CHECK(zone_spans_pfn(z, pfn));
	before = z->vm_stat[NR_FREE_PAGES];
	CHECK(free_pages(sim, pfn, 0) == 0);
	CHECK_EQ_L(z->pageset[0].count, 0);
	CHECK_EQ_L(z->vm_stat[NR_FREE_PAGES], before + 1);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(unmovable_request_steals_a_whole_movable_block)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, 1UL << 20, 4096, 1);
	struct zone *z;
	unsigned long pfn;
	struct trace_event ev[64];
	uint64_t cur;
	size_t n;
	int found = 0;

	REQUIRE(sim);
	z = zone_of(sim, 0, ZONE_NORMAL);
	CHECK(!sim->page_group_by_mobility_disabled);
	cur = trace_next_seq(sim);
	pfn = rmqueue(sim, z, 0, MIGRATE_UNMOVABLE);
	REQUIRE(pfn != PFN_NONE);
	/* the largest movable block (order 10, 2 pageblocks) changes owner */
	CHECK_EQ_L(get_pfnblock_migratetype(sim, pfn), MIGRATE_UNMOVABLE);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, pfn + 512), MIGRATE_UNMOVABLE);
	/* boot added blocks at the list head in ascending order, so the
	 * highest block is taken first, as on a real machine */
	CHECK_EQ_UL(pfn, (1UL << 20) + 3072);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, pfn - 1024), MIGRATE_MOVABLE);
	for (int o = 0; o < 10; o++)
		CHECK_EQ_UL(z->free_area[o].nr_free_mt[MIGRATE_UNMOVABLE], 1);
	n = trace_read(sim, &cur, ev, 64, NULL);
	for (size_t i = 0; i < n; i++)
		if (ev[i].id == TRACE_mm_page_alloc_extfrag) {
			found++;
			CHECK_EQ_L(ev[i].arg[0], 10);			/* fallback_order */
			CHECK_EQ_L(ev[i].arg[1], MIGRATE_MOVABLE);	/* fallback_migratetype */
			CHECK_EQ_L(ev[i].arg[2], 1);			/* change_ownership */
		}
	CHECK_EQ_L(found, 1);
	sim_destroy(sim);
}

TEST(movable_request_does_not_steal_small_blocks)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, 1UL << 20, 1024, 1);
	struct zone *z;
	unsigned long pfn;

	REQUIRE(sim);
	z = zone_of(sim, 0, ZONE_NORMAL);
	/* relabel everything unmovable and split into small blocks */
	set_pageblock_migratetype(sim, 1UL << 20, MIGRATE_UNMOVABLE);
	set_pageblock_migratetype(sim, (1UL << 20) + 512, MIGRATE_UNMOVABLE);
	move_freepages_block(sim, z, 1UL << 20, MIGRATE_UNMOVABLE);
	/* take order 3 chunks until only blocks below order 4 remain unmovable */
	pfn = rmqueue_smallest(sim, z, 10, MIGRATE_UNMOVABLE);
	CHECK_EQ_UL(pfn, 1UL << 20);
	free_one_page(sim, z, pfn + 8, 3, MIGRATE_UNMOVABLE);	/* one order-3 free block */
	pfn = rmqueue(sim, z, 0, MIGRATE_MOVABLE);
	CHECK_EQ_UL(pfn, (1UL << 20) + 8);
	/* order 3 < pageblock_order/2: no steal, the pageblock stays unmovable,
	 * but expand() put the leftovers on the movable lists */
	CHECK_EQ_L(get_pfnblock_migratetype(sim, pfn), MIGRATE_UNMOVABLE);
	CHECK_EQ_UL(z->free_area[2].nr_free_mt[MIGRATE_MOVABLE], 1);
	CHECK_EQ_UL(z->free_area[1].nr_free_mt[MIGRATE_MOVABLE], 1);
	CHECK_EQ_UL(z->free_area[0].nr_free_mt[MIGRATE_MOVABLE], 1);
	sim_destroy(sim);
}

/* A 4096-page zone (mobility grouping on) with every page allocated. */
static struct sim *boot_full_zone(unsigned long base, struct zone **zp)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, base, 4096, 1);
	struct zone *z;

	if (!sim)
		return NULL;
	z = zone_of(sim, 0, ZONE_NORMAL);
	for (int i = 0; i < 4; i++)
		rmqueue_smallest(sim, z, 10, MIGRATE_MOVABLE);
	mod_zone_page_state(z, NR_FREE_PAGES, -4096);
	*zp = z;
	return sim;
}

TEST(steal_claims_pageblock_only_when_half_is_free)
{
	unsigned long base = 1UL << 20, pfn;
	struct zone *z;
	struct sim *sim = boot_full_zone(base, &z);

	REQUIRE(sim);
	CHECK(!sim->page_group_by_mobility_disabled);
	free_one_page(sim, z, base + 256, 8, MIGRATE_MOVABLE);
	free_one_page(sim, z, base + 8, 3, MIGRATE_MOVABLE);
	/* unmovable order-0 request: largest fallback is the order-8 block;
	 * moving the pageblock's free pages moves 264 >= 256: claimed */
	pfn = rmqueue(sim, z, 0, MIGRATE_UNMOVABLE);
	CHECK_EQ_UL(pfn, base + 256);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, base), MIGRATE_UNMOVABLE);
	/* the moved order-3 block plus expand's order-3 leftover */
	CHECK_EQ_UL(z->free_area[3].nr_free_mt[MIGRATE_UNMOVABLE], 2);
	sim_destroy(sim);

	/* only 16 pages of a pageblock free: the steal moves them, the
	 * pageblock stays movable (a "mixed" block) */
	sim = boot_full_zone(base, &z);
	REQUIRE(sim);
	free_one_page(sim, z, base + 512 + 16, 4, MIGRATE_MOVABLE);
	pfn = rmqueue(sim, z, 4, MIGRATE_UNMOVABLE);
	CHECK_EQ_UL(pfn, base + 512 + 16);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, base + 512), MIGRATE_MOVABLE);
	sim_destroy(sim);
}

TEST(mobility_grouping_off_on_small_machines)
{
	/* 1024 pages < pageblock_nr_pages * MIGRATE_TYPES = 3072 */
	struct sim *sim = boot_one_zone(ZONE_NORMAL, 1UL << 20, 1024, 1);
	struct alloc_request req;

	REQUIRE(sim);
	CHECK(sim->page_group_by_mobility_disabled);
	REQUIRE(alloc_request_init(sim, &req, GFP_HIGHUSER_MOVABLE, 0) == 0);
	CHECK_EQ_L(req.ac.migratetype, MIGRATE_UNMOVABLE);
	/* set_pageblock_migratetype turns pcp types into UNMOVABLE */
	set_pageblock_migratetype(sim, 1UL << 20, MIGRATE_MOVABLE);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, 1UL << 20), MIGRATE_UNMOVABLE);
	sim_destroy(sim);
}

TEST(highatomic_reserve_and_unreserve)
{
	struct sim *sim = boot_preset("classroom");
	struct zone *z;
	unsigned long a, limit;

	REQUIRE(sim);
	z = zone_of(sim, 0, ZONE_NORMAL);
	/* what get_page_from_freelist does after an order-2 ALLOC_HARDER success */
	a = rmqueue(sim, z, 2, MIGRATE_UNMOVABLE);
	REQUIRE(a != PFN_NONE);
	mod_zone_page_state(z, NR_FREE_PAGES, -4);
	reserve_highatomic_pageblock(sim, z, a);
	CHECK_EQ_UL(z->nr_reserved_highatomic, 512);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, a), MIGRATE_HIGHATOMIC);
	/* its free pages moved to the HIGHATOMIC lists */
	CHECK(z->free_area[2].nr_free_mt[MIGRATE_HIGHATOMIC] == 1);
	CHECK(z->free_area[8].nr_free_mt[MIGRATE_HIGHATOMIC] == 1);
	/* a second reserve of the same pageblock changes nothing */
	reserve_highatomic_pageblock(sim, z, a + 4);
	CHECK_EQ_UL(z->nr_reserved_highatomic, 512);
	/* the reserve is never a fallback for ordinary requests */
	{
		bool can_steal;

		for (int o = 0; o < MAX_ORDER; o++)
			CHECK(find_suitable_fallback(sim, z, (unsigned)o, MIGRATE_UNMOVABLE, false,
						     &can_steal) != MIGRATE_HIGHATOMIC);
	}
	/* one pageblock is always kept */
	CHECK(!unreserve_highatomic_pageblock(sim, z, MIGRATE_MOVABLE));
	reserve_highatomic_pageblock(sim, z, z->zone_start_pfn + 4096);
	CHECK_EQ_UL(z->nr_reserved_highatomic, 1024);
	CHECK(unreserve_highatomic_pageblock(sim, z, MIGRATE_MOVABLE));
	CHECK_EQ_UL(z->nr_reserved_highatomic, 512);
	/* the limit is 1% of the zone plus a pageblock */
	limit = z->managed_pages / 100 + pageblock_nr_pages;
	for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn += 512)
		reserve_highatomic_pageblock(sim, z, pfn);
	CHECK(z->nr_reserved_highatomic >= limit);
	CHECK(z->nr_reserved_highatomic < limit + 512);
	page_w(&sim->map, a)->flags |= PG_head;
	page_w(&sim->map, a)->order = 2;
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(free_errors_leave_the_sim_unchanged)
{
	struct sim *sim = boot_preset("tiny");
	unsigned long pfn;
	unsigned long before;

	REQUIRE(sim);
	pfn = alloc_pages(sim, GFP_KERNEL, 3);
	REQUIRE(pfn != PFN_NONE);
	before = sim_nr_free_pages(sim);
	CHECK(free_pages(sim, pfn + 1, -1) == -EINVAL);
	CHECK(strstr(sim_errmsg(sim), "inside the order-3 block") != NULL);
	CHECK(free_pages(sim, pfn, 2) == -EINVAL);
	CHECK(strstr(sim_errmsg(sim), "allocated with order 3") != NULL);
	CHECK(free_pages(sim, 0, -1) == -EINVAL);	/* pfn 0 is never memory */
	CHECK(free_pages(sim, 1UL << 40, -1) == -EINVAL);
	CHECK(free_pages(sim, pfn + 8, -1) == -EINVAL);	/* free or another block */
	CHECK_EQ_UL(sim_nr_free_pages(sim), before);
	CHECK(free_pages(sim, pfn, 3) == 0);
	CHECK(free_pages(sim, pfn, 3) == -EINVAL);
	CHECK(strstr(sim_errmsg(sim), "double free") != NULL);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(sim_check_catches_corruption)
{
	struct sim *sim = boot_preset("tiny");
	struct strbuf sb = STRBUF_INIT;
	struct zone *z;

	REQUIRE(sim);
	z = zone_of(sim, 0, ZONE_DMA32);
	z->vm_stat[NR_FREE_PAGES] += 1;
	CHECK(sim_check(sim, &sb) > 0);
	CHECK(strstr(sb_str(&sb), "NR_FREE_PAGES") != NULL);
	z->vm_stat[NR_FREE_PAGES] -= 1;
	sb_reset(&sb);
	z->free_area[10].nr_free_mt[MIGRATE_MOVABLE]++;
	CHECK(sim_check(sim, &sb) > 0);
	z->free_area[10].nr_free_mt[MIGRATE_MOVABLE]--;
	CHECK_EQ_L(sim_check(sim, NULL), 0);
	sb_release(&sb);
	sim_destroy(sim);
}

TEST(clone_is_deep_and_equal)
{
	struct sim *sim = boot_preset("tiny"), *copy = NULL;

	REQUIRE(sim);
	alloc_pages(sim, GFP_KERNEL, 0);
	alloc_pages(sim, GFP_HIGHUSER_MOVABLE, 5);
	REQUIRE(sim_clone(sim, &copy) == 0);
	CHECK(invariants_hold(copy));
	CHECK_EQ_UL(sim_nr_free_pages(copy), sim_nr_free_pages(sim));
	/* changing the copy leaves the original alone */
	alloc_pages(copy, GFP_KERNEL, 4);
	CHECK(sim_nr_free_pages(copy) != sim_nr_free_pages(sim));
	CHECK(invariants_hold(sim));
	CHECK(invariants_hold(copy));
	CHECK(sim_reset(copy) == 0);
	CHECK(invariants_hold(copy));
	sim_destroy(copy);
	sim_destroy(sim);
}
