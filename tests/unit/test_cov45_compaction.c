/* tests/unit/test_cov45_compaction.c - v4.5 compaction where the mask,
 * the zonelist, the caller or a signal decides: try_to_compact_pages does
 * nothing without __GFP_IO, passes over zones above the mask's highest,
 * stops at a fatal signal with COMPACT_CONTENDED_SCHED; compact_zone resets
 * the skip hints of a restarting zone unless kswapd runs it; the trace
 * names of results and modes out of range read "?". */
#include <string.h>

#include "../../core/internal.h"
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
