/* tests/unit/test_cov45_slowpath.c - the v4.5 slow path on a checkerboard
 * of free pages (no block of order 1): a mask with __GFP_FS but without
 * __GFP_IO skips compaction (4.5's try_to_compact_pages needs both) and
 * the narration names the one missing, and as the OOM killer may run
 * for it (out_of_memory() asks for __GFP_FS only) it does not loop the way
 * GFP_NOIO does until buddyscope stops it. */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

static void checkerboard(struct sim *sim)
{
	static unsigned long pfns[16384];
	unsigned long n = 0;

	current_task(sim)->flags |= PF_MEMALLOC;
	while (n < 16384 &&
	       (pfns[n] = alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0)) != PFN_NONE)
		n++;
	current_task(sim)->flags &= ~PF_MEMALLOC;
	REQUIRE(n > 1000 && n < 16384);
	for (unsigned long i = 0; i < n; i += 2)
		CHECK_EQ_L(free_pages(sim, pfns[i], 0), 0);
}

TEST(cov45_slowpath_no_io_names_io_noio_loops)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	unsigned long stalls;
	uint64_t from;

	REQUIRE(sim);
	checkerboard(sim);
	/* GFP_NOIO may not OOM-kill: it loops until buddyscope stops it */
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_NOIO | GFP_F_NOWARN, 2, &from), PFN_NONE);
	CHECK(req.looped_out);
	CHECK_EQ_UL(req.nr_retries, ALLOC_MAX_RETRIES + 1);
	CHECK_EQ_UL(req.path[0], ALLOC_STAGE_FASTPATH);
	stalls = sim_vm_event(sim, COMPACTSTALL);
	CHECK_EQ_UL(run_narrated(sim, &req, (GFP_KERNEL & ~GFP_F_IO) | GFP_F_NOWARN, 2, &from),
		    PFN_NONE);
	CHECK(narrated(sim, from, "MIGRATE_ASYNC compaction skipped: without __GFP_IO "
		       "try_to_compact_pages does nothing"));
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTSTALL), stalls);
	/* the OOM killer may run for it (out_of_memory asks for __GFP_FS
	 * only): no endless loop */
	CHECK(!req.looped_out);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* Quiet requests (alloc_pages()) whose fast path fails: __GFP_ATOMIC with
 * __GFP_DIRECT_RECLAIM warns once and goes on without __GFP_ATOMIC; a
 * __GFP_THISNODE request that may not reclaim fails early (v4.5), without
 * waking kswapd, though the min watermark would have let it through. */
TEST(cov45_slowpath_quiet_atomic_fix_and_thisnode)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, 1UL << 20, 8192, 1);
	struct zone *z;
	unsigned long wakes;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_NORMAL];
	current_task(sim)->flags |= PF_MEMALLOC;
	while (zone_page_state(z, NR_FREE_PAGES) >= z->watermark[WMARK_LOW])
		REQUIRE(alloc_pages(sim, (GFP_KERNEL & ~GFP_F_RECLAIM) | GFP_F_NOWARN, 0) !=
			PFN_NONE);
	current_task(sim)->flags &= ~PF_MEMALLOC;
	REQUIRE(zone_page_state(z, NR_FREE_PAGES) > z->watermark[WMARK_MIN] + 8);
	REQUIRE(z->zone_pgdat->kswapd.state == KTHREAD_SLEEPING);
	wakes = sim_vm_event(sim, PAGEOUTRUN);
	CHECK_EQ_UL(alloc_pages(sim, GFP_NOWAIT | GFP_F_THISNODE | GFP_F_NOWARN, 0), PFN_NONE);
	CHECK_EQ_L(z->zone_pgdat->kswapd.state, KTHREAD_SLEEPING);
	CHECK_EQ_UL(sim_vm_event(sim, PAGEOUTRUN), wakes);
	/* the same without __GFP_THISNODE gets its page at min */
	CHECK(alloc_pages(sim, GFP_NOWAIT | GFP_F_NOWARN, 0) != PFN_NONE);
	{
		struct strbuf sb = STRBUF_INIT;

		sim_dmesg_show(sim, &sb, 0);
		CHECK(strstr(sb_str(&sb), "WARNING") == NULL);
		sb_release(&sb);
	}
	CHECK(alloc_pages(sim, GFP_ATOMIC | GFP_F_DIRECT_RECLAIM | GFP_F_THISNODE, 0) != PFN_NONE);
	CHECK(dmesg_has(sim, "WARNING"));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* A PF_MEMALLOC request (reclaim's own allocations): below min it gets its
 * page from the reserves without a watermark check, and the narration says
 * what the check would have said; with the zone empty, its no-watermark
 * attempt finds no block at all, and it may not recurse into reclaim. */
TEST(cov45_slowpath_memalloc_reserves_narrated)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, 1UL << 20, 8192, 1);
	struct alloc_request req;
	struct zone *z;
	uint64_t from;
	unsigned long pfn;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_NORMAL];
	current_task(sim)->flags |= PF_MEMALLOC;
	while (zone_page_state(z, NR_FREE_PAGES) >= z->watermark[WMARK_MIN] / 2)
		REQUIRE(alloc_pages(sim, (GFP_KERNEL & ~GFP_F_RECLAIM) | GFP_F_NOWARN, 0) !=
			PFN_NONE);
	pfn = run_narrated(sim, &req, GFP_KERNEL, 0, &from);
	CHECK(pfn != PFN_NONE);
	CHECK(narrated(sim, from, "without a watermark check (ALLOC_NO_WATERMARKS; it would say"));
	while (alloc_pages(sim, (GFP_KERNEL & ~GFP_F_RECLAIM) | GFP_F_NOWARN, 0) != PFN_NONE)
		;
	drain_all_pages(sim, NULL);
	while (alloc_pages(sim, (GFP_KERNEL & ~GFP_F_RECLAIM) | GFP_F_NOWARN, 0) != PFN_NONE)
		;
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_NOWARN, 0, &from), PFN_NONE);
	CHECK(narrated(sim, from, "had no block of order 0 left (no watermark check: "
		       "ALLOC_NO_WATERMARKS; it would say"));
	current_task(sim)->flags &= ~PF_MEMALLOC;
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
