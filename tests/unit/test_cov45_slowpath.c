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
