/* tests/unit/test_cov45_compaction.c - v4.5 compaction where the mask,
 * the zonelist, the caller or a signal decides: try_to_compact_pages does
 * nothing without __GFP_IO, passes over zones above the mask's highest,
 * stops at a fatal signal with COMPACT_CONTENDED_SCHED; compact_zone resets
 * the skip hints of a restarting zone unless kswapd runs it; the trace
 * names of results and modes out of range read "?". */
#include <string.h>

#include "../../core/internal.h"
#include "../../core/compaction_internal.h"
#include "buddyscope/buddy.h"
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "simtest.h"

#define BASE	0x100000UL
#define NPAGES	8192UL
#define GFP_TAKE_ALL	(GFP_F_MOVABLE | GFP_F_HIGHMEM | GFP_F_NOWARN | GFP_F_MEMALLOC)

/* Every page taken, the odd ones given back, the even ones a task's anon
 * pages: 4096 free order-0 pages and nothing larger. */
static struct sim *board(int *pid)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, BASE, NPAGES, 1);
	struct task *t;
	unsigned long pfn;

	if (!sim)
		return NULL;
	*pid = task_spawn(sim, "scatter", 0, -1, 0);
	t = task_lookup(sim, *pid);
	while (alloc_pages(sim, GFP_TAKE_ALL, 0) != PFN_NONE)
		;
	for (pfn = BASE; pfn < BASE + NPAGES; pfn++) {
		if (pfn & 1) {
			free_pages(sim, pfn, 0);
			continue;
		}
		page_w(&sim->map, pfn)->private = (uint32_t)t->pid;
		lru_cache_add(sim, pfn, LRU_ACTIVE_ANON);
		mod_zone_page_state(page_zone(sim, pfn), NR_ANON_PAGES, 1);
		t->rss_anon++;
		t->total_vm++;
	}
	drain_all_pages(sim, NULL);
	return sim;
}

TEST(cov45_compaction_names_out_of_range)
{
	CHECK_STR(compact_result_name(COMPACT_PARTIAL), "partial");
	CHECK_STR(compact_result_name(-1), "?");
	CHECK_STR(compact_result_name(COMPACT_CONTENDED + 1), "?");
	CHECK_STR(migrate_mode_name(MIGRATE_SYNC), "MIGRATE_SYNC");
	CHECK_STR(migrate_mode_name(-1), "?");
	CHECK_STR(migrate_mode_name(MIGRATE_SYNC + 1), "?");
}

TEST(cov45_try_to_compact_pages_mask_zones_and_signal)
{
	int pid, contended = -1;
	struct sim *sim = board(&pid);
	struct alloc_request req;
	uint64_t seq;

	REQUIRE(sim);
	REQUIRE(alloc_request_init(sim, &req, GFP_HIGHUSER_MOVABLE, 4) == 0);
	/* may enter the fs but not start I/O: try_to_compact_pages returns at once */
	seq = trace_next_seq(sim);
	CHECK_EQ_L(try_to_compact_pages(sim, GFP_HIGHUSER_MOVABLE & ~GFP_F_IO, 4, ALLOC_WMARK_MIN,
					&req.ac, MIGRATE_SYNC_LIGHT, &contended), COMPACT_SKIPPED);
	CHECK_EQ_L(contended, COMPACT_CONTENDED_NONE);
	CHECK_EQ_UL(trace_next_seq(sim), seq);		/* not even its tracepoint */
	/* a fatal signal: the first zone's run stops, and so does the walk */
	current_task(sim)->sigkill = true;
	CHECK_EQ_L(try_to_compact_pages(sim, GFP_HIGHUSER_MOVABLE, 4, ALLOC_WMARK_MIN, &req.ac,
					MIGRATE_SYNC_LIGHT, &contended), COMPACT_PARTIAL);
	CHECK_EQ_L(contended, COMPACT_CONTENDED_SCHED);
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_SUCCESS), 0);
	current_task(sim)->sigkill = false;
	/* the same request limited to DMA32 finds no zone to compact here */
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_DMA32, 4) == 0);
	CHECK_EQ_L(req.ac.classzone_idx, -1);
	CHECK_EQ_L(try_to_compact_pages(sim, GFP_KERNEL | GFP_F_DMA32, 4, ALLOC_WMARK_MIN, &req.ac,
					MIGRATE_ASYNC, &contended), COMPACT_SKIPPED);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* A DMA32 request on a machine with Normal above it: the walk passes
 * over Normal (its zonelist starts there) and compacts DMA32 only. */
TEST(cov45_try_to_compact_pages_skips_zones_above_the_mask)
{
	struct sim *sim = boot_preset("classroom");
	struct alloc_request req;
	int contended;
	uint64_t from;
	struct trace_event ev[64];
	size_t got;
	uint64_t lost;
	bool normal = false, dma32 = false;

	REQUIRE(sim);
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_DMA32, 9) == 0);
	REQUIRE(req.ac.zonelist_nid == 0);
	/* the fallback zonelist is used, Normal first, as a GFP_KERNEL one */
	req.ac.high_zoneidx = ZONE_DMA32;
	from = trace_next_seq(sim);
	try_to_compact_pages(sim, GFP_KERNEL | GFP_F_DMA32, 9, ALLOC_WMARK_MIN, &req.ac,
			     MIGRATE_ASYNC, &contended);
	while ((got = trace_read(sim, &from, ev, 64, &lost)))
		for (size_t i = 0; i < got; i++)
			if (ev[i].id == TRACE_mm_compaction_suitable ||
			    ev[i].id == TRACE_mm_compaction_begin) {
				normal |= ev[i].zid == ZONE_NORMAL;
				dma32 |= ev[i].zid == ZONE_DMA32;
			}
	CHECK(!normal);
	CHECK(dma32);
	sim_destroy(sim);
}

/* compact_zone(): a zone at the end of its deferral restarts with its skip
 * hints cleared, but not when kswapd is the one compacting. */
TEST(cov45_compact_restarting_kswapd_keeps_skip_hints)
{
	int pid, contended;
	struct sim *sim = board(&pid);
	struct zone *z;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_NORMAL];
	z->compact_defer_shift = COMPACT_MAX_DEFER_SHIFT;
	z->compact_considered = (1u << COMPACT_MAX_DEFER_SHIFT) - 1;
	CHECK(!compaction_restarting(z, 4));		/* one short of its course */
	z->compact_considered++;
	CHECK(compaction_restarting(z, 4));
	for (unsigned long pfn = BASE; pfn < BASE + NPAGES; pfn += pageblock_nr_pages)
		*pageblock_flags_w(&sim->map, pfn) |= PB_migrate_skip;
	current_task(sim)->flags |= PF_KSWAPD;
	CHECK_EQ_L(compact_zone_order(sim, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT,
				      &contended, ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_COMPLETE);
	current_task(sim)->flags &= ~PF_KSWAPD;
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_SUCCESS), 0);
	CHECK(*pageblock_flags_w(&sim->map, BASE) & PB_migrate_skip);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* compact_zone's free scanner start when the cached pfn is outside the
 * zone: v4.5 takes zone_end_pfn rounded down to a pageblock, v4.6 the
 * pageblock holding the zone's last page (round_down(end_pfn - 1)). */
TEST(cov45_compact_free_pfn_start_by_version)
{
	/* DMA32 at 4096 for 1000 pages: end 5096, pageblocks of 512 */
	struct sim *s45 = boot_one_zone_kernel(ZONE_DMA32, 4096, 1000, 1, KERNEL_4_5);
	struct sim *s46 = boot_one_zone_kernel(ZONE_DMA32, 4096, 1000, 1, KERNEL_4_6);
	const struct zone *z45, *z46;

	REQUIRE(s45 && s46);
	z45 = &s45->node_data[0]->node_zones[ZONE_DMA32];
	z46 = &s46->node_data[0]->node_zones[ZONE_DMA32];
	CHECK_EQ_UL(compact_free_pfn_start(s45, z45, 100), 4608);
	CHECK_EQ_UL(compact_free_pfn_start(s45, z45, 5096), 5096);	/* end_pfn itself passes */
	CHECK_EQ_UL(compact_free_pfn_start(s45, z45, 9000), 4608);
	CHECK_EQ_UL(compact_free_pfn_start(s46, z46, 100), 4608);
	CHECK_EQ_UL(compact_free_pfn_start(s46, z46, 5096), 4608);	/* not in 4.6 */
	CHECK_EQ_UL(compact_free_pfn_start(s46, z46, 4700), 4700);
	/* pageblock_pfn_to_page(): empty, past memory, or across the zone end */
	CHECK(!pageblock_in_zone(s45, z45, 4608, 4608));
	CHECK(!pageblock_in_zone(s45, z45, 4608, sim_max_pfn(s45) + 1));
	CHECK(pageblock_in_zone(s45, z45, 4096, 4608));
	CHECK(migrate_async_suitable(MIGRATE_CMA));
	CHECK(migrate_async_suitable(MIGRATE_MOVABLE));
	CHECK(!migrate_async_suitable(MIGRATE_UNMOVABLE));
	sim_destroy(s45);
	sim_destroy(s46);
}

/* isolate_migratepages_block(): with more than half the LRU isolated an
 * async run aborts at once, migrating nothing. */
TEST(cov45_compact_async_aborts_when_too_many_isolated)
{
	int pid, contended;
	struct sim *sim = board(&pid);
	struct zone *z;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_NORMAL];
	mod_zone_page_state(z, NR_ISOLATED_ANON, 3000);		/* > 4096 / 2 */
	CHECK_EQ_L(compact_zone_order(sim, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_ASYNC, &contended,
				      ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_PARTIAL);
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_SUCCESS), 0);
	mod_zone_page_state(z, NR_ISOLATED_ANON, -3000);
	CHECK_EQ_L(compact_zone_order(sim, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_ASYNC, &contended,
				      ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_PARTIAL);
	CHECK(sim_vm_event(sim, PGMIGRATE_SUCCESS) > 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* split_free_page() (v4.5 __isolate_free_page): a block on the ISOLATE
 * list was never counted free, so no watermark and no counter; a CMA
 * block takes NR_FREE_CMA_PAGES down too; a whole pageblock taken becomes
 * MOVABLE unless it is ISOLATE or CMA. */
TEST(cov45_split_free_page_isolate_and_cma)
{
	struct sim *sim = boot_preset("tiny");
	struct zone *z;
	uint32_t head;
	unsigned long x, y;
	long free0, cma0;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	head = z->free_area[MAX_ORDER - 1].free_list[MIGRATE_MOVABLE];
	x = lnk(&sim->map, head)->next;
	y = lnk(&sim->map, (uint32_t)x)->next;
	REQUIRE(!(x & LIST_HEAD_BIT) && !(y & LIST_HEAD_BIT));
	/* x: a CMA block, its second pageblock UNMOVABLE */
	set_pageblock_migratetype(sim, x, MIGRATE_CMA);
	set_pageblock_migratetype(sim, x + pageblock_nr_pages, MIGRATE_UNMOVABLE);
	move_to_free_list(sim, z, x, MIGRATE_CMA, false);
	mod_zone_page_state(z, NR_FREE_CMA_PAGES, 1024);
	/* y: isolated, out of NR_FREE_PAGES */
	set_pageblock_migratetype(sim, y, MIGRATE_ISOLATE);
	set_pageblock_migratetype(sim, y + pageblock_nr_pages, MIGRATE_ISOLATE);
	move_to_free_list(sim, z, y, MIGRATE_ISOLATE, false);
	mod_zone_page_state(z, NR_FREE_PAGES, -1024);
	free0 = zone_page_state(z, NR_FREE_PAGES);
	cma0 = zone_page_state(z, NR_FREE_CMA_PAGES);
	/* an impossible watermark stops nothing on the ISOLATE list */
	CHECK_EQ_UL(split_free_page(sim, z, y, 1UL << 30, 0), 1024);
	CHECK_EQ_L(zone_page_state(z, NR_FREE_PAGES), free0);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, y), MIGRATE_ISOLATE);
	CHECK_EQ_UL(split_free_page(sim, z, x, 0, 0), 1024);
	CHECK_EQ_L(zone_page_state(z, NR_FREE_PAGES), free0 - 1024);
	CHECK_EQ_L(zone_page_state(z, NR_FREE_CMA_PAGES), cma0 - 1024);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, x), MIGRATE_CMA);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, x + pageblock_nr_pages), MIGRATE_MOVABLE);
	CHECK(sim->map.pages[x + 7].flags & PG_isolated);
	sim_destroy(sim);
}

/* __compact_finished()'s last test (compact_free_block_for): a free block
 * of the request's type at its order or above, a CMA block for a movable
 * request, or a block it may steal; a movable request may take a small
 * unmovable block but not steal its pageblock (order < pageblock_order / 2),
 * so that alone is no suitable page. */
TEST(cov45_compact_free_block_for)
{
	struct sim *sim = boot_one_zone(ZONE_DMA32, 4096, 4096, 1);
	struct zone *z;
	uint32_t id, head;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	CHECK(compact_free_block_for(sim, z, 3, MIGRATE_MOVABLE));
	/* park every free block on the ISOLATE lists */
	for (int o = 0; o < MAX_ORDER; o++) {
		head = z->free_area[o].free_list[MIGRATE_MOVABLE];
		while ((id = lnk(&sim->map, head)->next) != head)
			move_to_free_list(sim, z, id, MIGRATE_ISOLATE, false);
	}
	CHECK(!compact_free_block_for(sim, z, 3, MIGRATE_MOVABLE));
	/* split one order-10 block: its order-3 piece goes to UNMOVABLE */
	id = lnk(&sim->map, z->free_area[MAX_ORDER - 1].free_list[MIGRATE_ISOLATE])->next;
	REQUIRE(!(id & LIST_HEAD_BIT));
	REQUIRE(buddy_take_at(sim, z, id, MAX_ORDER - 1, id, 3) == MIGRATE_ISOLATE);
	move_to_free_list(sim, z, id + 8, MIGRATE_UNMOVABLE, false);
	REQUIRE(z->free_area[3].nr_free_mt[MIGRATE_UNMOVABLE] == 1);
	CHECK(!compact_free_block_for(sim, z, 3, MIGRATE_MOVABLE));
	CHECK(compact_free_block_for(sim, z, 3, MIGRATE_UNMOVABLE));
	CHECK(compact_free_block_for(sim, z, 3, MIGRATE_RECLAIMABLE));	/* steals it */
	CHECK(!compact_free_block_for(sim, z, 4, MIGRATE_UNMOVABLE));
	/* a CMA block serves a movable request, not an unmovable one */
	id = lnk(&sim->map, z->free_area[MAX_ORDER - 1].free_list[MIGRATE_ISOLATE])->next;
	REQUIRE(!(id & LIST_HEAD_BIT));
	move_to_free_list(sim, z, id, MIGRATE_CMA, false);
	CHECK(compact_free_block_for(sim, z, 4, MIGRATE_MOVABLE));
	CHECK(!compact_free_block_for(sim, z, 4, MIGRATE_UNMOVABLE));
	sim_destroy(sim);
}
