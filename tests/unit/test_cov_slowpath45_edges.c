/* tests/unit/test_cov_slowpath45_edges.c - v4.5's allocator where the
 * zonelist or the mask leaves it nothing to do: a DMA32 request on a
 * machine whose only zone is Normal fails at once (narrated and not), and
 * a GFP_NOIO order-2 request on a checkerboard of free pages skips
 * compaction (try_to_compact_pages needs __GFP_FS and __GFP_IO), is not
 * allowed the OOM killer, and retries until buddyscope stops it; GFP_NOFS
 * skips it too, and the narration names only __GFP_FS. */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

TEST(cov45_no_zone_low_enough_fails_at_once)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, 1UL << 20, 8192, 1);
	struct alloc_request req;
	uint64_t from;

	REQUIRE(sim);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_DMA32, 0, &from), PFN_NONE);
	CHECK(narrated(sim, from, "no zone at or below DMA32 in the zonelist: fail at once"));
	CHECK_EQ_UL(req.nr_path, 1);	/* no slow path */
	CHECK_EQ_UL(alloc_pages(sim, GFP_KERNEL | GFP_F_DMA32, 0), PFN_NONE);
	CHECK(alloc_pages(sim, GFP_KERNEL, 0) != PFN_NONE);	/* Normal is there */
	sim_destroy(sim);
}

/* Boot tiny, take every page, give every other one back (no block of
 * order 1 anywhere), then run an order-2 @gfp request narrated: it reaches
 * the compaction stage whatever it may do there. Fails (PFN_NONE) here. */
static struct sim *checkerboard_order2(gfp_t gfp, struct alloc_request *req, uint64_t *from,
				       unsigned long *stalls)
{
	static unsigned long pfns[16384];
	struct sim *sim = boot_preset("tiny");
	unsigned long n = 0;

	if (!sim)
		return NULL;
	current_task(sim)->flags |= PF_MEMALLOC;
	while (n < 16384 &&
	       (pfns[n] = alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0)) != PFN_NONE)
		n++;
	current_task(sim)->flags &= ~PF_MEMALLOC;
	for (unsigned long i = 0; i < n; i += 2)
		free_pages(sim, pfns[i], 0);
	*stalls = sim_vm_event(sim, COMPACTSTALL);
	if (n < 1000 || n >= 16384 || run_narrated(sim, req, gfp | GFP_F_NOWARN, 2, from) != PFN_NONE) {
		sim_destroy(sim);
		return NULL;
	}
	return sim;
}

TEST(cov45_noio_high_order_skips_compaction_and_oom)
{
	struct alloc_request req;
	unsigned long stalls;
	uint64_t from;
	struct sim *sim = checkerboard_order2(GFP_NOIO, &req, &from, &stalls);

	REQUIRE(sim);
	CHECK(narrated(sim, from, "MIGRATE_ASYNC compaction skipped: without __GFP_FS and __GFP_IO "
		       "try_to_compact_pages does nothing"));
	CHECK(narrated(sim, from, "no __GFP_FS: no OOM kill, but did_some_progress = 1 by tradition"));
	CHECK(req.looped_out);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTSTALL), stalls);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* GFP_NOFS has __GFP_IO: the narration names only the flag that is missing */
TEST(cov45_nofs_names_only_the_missing_flag)
{
	struct alloc_request req;
	unsigned long stalls;
	uint64_t from;
	struct sim *sim = checkerboard_order2(GFP_NOFS, &req, &from, &stalls);

	REQUIRE(sim);
	CHECK(narrated(sim, from, "MIGRATE_ASYNC compaction skipped: without __GFP_FS "
		       "try_to_compact_pages does nothing"));
	CHECK(!narrated(sim, from, "__GFP_FS and __GFP_IO"));
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTSTALL), stalls);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
