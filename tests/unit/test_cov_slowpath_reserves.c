/* tests/unit/test_cov_slowpath_reserves.c - v4.5's walks without
 * watermarks (ALLOC_NO_WATERMARKS) say so: a PF_MEMALLOC request below min
 * takes its page with no check, and a __GFP_NOFAIL request that nothing can
 * be killed for finds the reserves empty and retries until buddyscope stops
 * it. Bug fixed: the narration said such a zone "passed its check" (and
 * alloc_explain "passed the min watermark") while showing the check that
 * failed, and a page taken so came "from a zone whose check failed". */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

/* Kernel pages until a GFP_KERNEL request fails without the OOM killer. */
static unsigned long pin_to_min(struct sim *sim)
{
	unsigned long n = 0;

	while (alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		n++;
	return n;
}

TEST(cov45_no_watermarks_narrated_as_unchecked)
{
	struct sim *sim = boot_preset("tiny");
	struct strbuf sb = STRBUF_INIT;
	struct alloc_request req;
	uint64_t from;
	unsigned long pfn;

	REQUIRE(sim);
	CHECK(pin_to_min(sim) > 1000);
	current_task(sim)->flags |= PF_MEMALLOC;
	pfn = run_narrated(sim, &req, GFP_KERNEL, 0, &from);
	current_task(sim)->flags &= ~PF_MEMALLOC;
	CHECK(pfn != PFN_NONE);
	CHECK(narrated(sim, from, "ALLOC_NO_WATERMARKS (reserves): took pfn"));
	CHECK(narrated(sim, from, "without a watermark check (ALLOC_NO_WATERMARKS; it would say free "));
	CHECK(!narrated(sim, from, "whose check failed"));
	alloc_explain(sim, &req, &sb);
	CHECK(strstr(sb_str(&sb), "took the page without a watermark (ALLOC_NO_WATERMARKS)") != NULL);
	sb_release(&sb);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(cov45_nofail_with_nothing_to_kill_retries_on_empty_reserves)
{
	struct sim *sim = boot_preset("tiny");
	struct strbuf sb = STRBUF_INIT;
	struct alloc_request req;
	uint64_t from;

	REQUIRE(sim);
	CHECK(pin_to_min(sim) > 1000);
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_MEMALLOC | GFP_F_NORETRY | GFP_F_NOWARN, 0) !=
	       PFN_NONE)
		;
	for (int i = 0; task_at(sim, i); i++)	/* nothing the OOM killer may take */
		if (!(task_at(sim, i)->flags & PF_KTHREAD))
			REQUIRE(task_set_oom_score_adj(sim, task_at(sim, i)->pid, -1000) == 0);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_NOFAIL, 0, &from), PFN_NONE);
	CHECK(req.looped_out);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	CHECK(narrated(sim, from, "__GFP_NOFAIL: out_of_memory did nothing, but the kernel retries "
		       "anyway"));
	CHECK(narrated(sim, from, "__GFP_NOFAIL reserves failed: node 0 DMA had no block of order 0 "
		       "left (no watermark check: ALLOC_NO_WATERMARKS; it would say free 0 <= min "));
	CHECK(!narrated(sim, from, "passed its check"));
	alloc_explain(sim, &req, &sb);
	CHECK(strstr(sb_str(&sb), "passed the min watermark") == NULL);
	sb_release(&sb);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
