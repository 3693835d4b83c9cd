/* tests/unit/test_cov_slowpath.c - the branches of v4.5's
 * __alloc_pages_slowpath and __alloc_pages_may_oom that test_slowpath.c does
 * not reach: the reasons not to kill (lowmem, __GFP_THISNODE), panic_on_oom,
 * a PF_MEMALLOC caller with __GFP_NOFAIL, and `where`'s frames and call
 * chain at each stage of a request that reclaims, compacts and fails. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

static bool took45(const struct alloc_request *req, enum alloc_stage s)
{
	for (unsigned int i = 0; i < req->nr_path && i < sizeof(req->path); i++)
		if (req->path[i] == s)
			return true;
	return false;
}

/* A hog to kill, then every page the allocator hands out, reserves too. */
static struct sim *boot_full45(int *hog)
{
	struct sim *sim = boot_preset("tiny");
	struct task *cur;
	unsigned int saved;

	if (!sim)
		return NULL;
	*hog = task_spawn(sim, "hog", 0, -1, 0);
	task_touch(sim, *hog, TASK_ANON, 2000);
	cur = current_task(sim);
	saved = cur->flags;
	cur->flags |= PF_MEMALLOC;
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		;
	cur->flags = saved;
	return sim;
}

/* __alloc_pages_may_oom (v4.5): no kill for a lowmem request, nor for
 * __GFP_THISNODE; the request goes on to the last compaction and fails. */
TEST(cov45_oom_killer_refuses_lowmem_and_thisnode)
{
	static const struct { gfp_t gfp; const char *why; } cases[] = {
		{ GFP_KERNEL | GFP_F_DMA32, "the OOM killer does not kill for lowmem (DMA/DMA32)" },
		{ GFP_KERNEL | GFP_F_THISNODE, "__GFP_THISNODE: killing may not free memory" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct alloc_request req;
		uint64_t from;
		int hog;
		struct sim *sim = boot_full45(&hog);

		REQUIRE(sim);
		CHECK_EQ_UL(run_narrated(sim, &req, cases[i].gfp | GFP_F_NOWARN, 0, &from), PFN_NONE);
		CHECK(narrated(sim, from, cases[i].why));
		CHECK(took45(&req, ALLOC_STAGE_MAY_OOM) && took45(&req, ALLOC_STAGE_NORETRY_COMPACT));
		CHECK(took45(&req, ALLOC_STAGE_NOPAGE));
		CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
		CHECK(task_find(sim, hog) != NULL);
		sim_destroy(sim);
	}
}

/* vm.panic_on_oom (v4.5 check_panic_on_oom): the panic is logged, nothing
 * is killed, and the request fails after its last compaction. */
TEST(cov45_panic_on_oom_kills_nobody)
{
	struct alloc_request req;
	uint64_t from;
	int hog;
	struct sim *sim = boot_full45(&hog);

	REQUIRE(sim);
	REQUIRE(sim_sysctl_set(sim, "vm.panic_on_oom", "1") == 0);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_NOWARN, 0, &from), PFN_NONE);
	CHECK(dmesg_has(sim, "Kernel panic - not syncing: Out of memory: system-wide "
			"panic_on_oom is enabled"));
	CHECK(narrated(sim, from, "out_of_memory did not kill anything"));
	CHECK(took45(&req, ALLOC_STAGE_NORETRY_COMPACT) && took45(&req, ALLOC_STAGE_NOPAGE));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	CHECK(task_find(sim, hog) != NULL);
	sim_destroy(sim);
}

/* v4.5: "__GFP_NOFAIL request from this context is rather bizarre":
 * WARN_ON_ONCE and goto retry, for ever; buddyscope stops the loop. */
TEST(cov45_pf_memalloc_nofail_retries)
{
	struct alloc_request req;
	uint64_t from;
	int hog;
	struct sim *sim = boot_full45(&hog);
	unsigned long stalls;

	REQUIRE(sim);
	stalls = sim_vm_event(sim, ALLOCSTALL);
	current_task(sim)->flags |= PF_MEMALLOC;
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_NOFAIL, 0, &from), PFN_NONE);
	current_task(sim)->flags &= ~PF_MEMALLOC;
	CHECK(narrated(sim, from, "is itself reclaiming (PF_MEMALLOC): WARN, __GFP_NOFAIL retries"));
	CHECK(req.looped_out);
	CHECK(took45(&req, ALLOC_STAGE_PF_MEMALLOC));
	CHECK(!took45(&req, ALLOC_STAGE_DIRECT_RECLAIM));
	CHECK_EQ_UL(sim_vm_event(sim, ALLOCSTALL), stalls);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	sim_destroy(sim);
}

/* `where` under v4.5, step by step through an order-2 request that
 * reclaims, compacts and fails: the frames, and the chain that ends in
 * what the next step calls. */
TEST(cov45_frames_and_call_chain_at_each_stage)
{
	static const struct { enum alloc_stage stage; const char *chain; } want[] = {
		{ ALLOC_STAGE_FASTPATH, "__alloc_pages_nodemask > get_page_from_freelist" },
		{ ALLOC_STAGE_WAKE_KSWAPD, "__alloc_pages_slowpath > wake_all_kswapds" },
		{ ALLOC_STAGE_ALLOC_FLAGS, "__alloc_pages_slowpath > gfp_to_alloc_flags" },
		{ ALLOC_STAGE_MIN_WMARK, "__alloc_pages_slowpath > get_page_from_freelist" },
		{ ALLOC_STAGE_DIRECT_COMPACT, "__alloc_pages_slowpath > __alloc_pages_direct_compact "
		  "> try_to_compact_pages > compact_zone_order > compact_zone" },
		{ ALLOC_STAGE_MAY_OOM, "__alloc_pages_slowpath > __alloc_pages_may_oom > "
		  "out_of_memory" },
		{ ALLOC_STAGE_NOPAGE, "__alloc_pages_slowpath > warn_alloc_failed" },
	};
	bool seen[sizeof(want) / sizeof(want[0])] = { false };
	bool reclaim_frames = false, drain = false;
	struct strbuf sb = STRBUF_INIT;
	struct alloc_request req;
	const char *fn[8];
	int hog, n;
	struct sim *sim = boot_full45(&hog);

	REQUIRE(sim);
	REQUIRE(sim_sysctl_set(sim, "vm.panic_on_oom", "1") == 0);	/* fail, do not kill */
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_NOWARN, 2) == 0);
	do {
		sb_reset(&sb);
		alloc_call_chain(sim, &req, &sb);
		n = alloc_frames(sim, &req, fn, 8);
		REQUIRE(n >= 1);
		CHECK_STR(fn[0], "__alloc_pages_nodemask");
		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			if (req.stage == (int)want[i].stage) {
				if (!strstr(sb_str(&sb), want[i].chain))
					printf("  stage %d: %s\n", req.stage, sb_str(&sb));
				CHECK(strstr(sb_str(&sb), want[i].chain) != NULL);
				seen[i] = true;
			}
		if (req.stage == ALLOC_STAGE_DIRECT_RECLAIM && req.phase == 1) {
			reclaim_frames |= n == 6 && !strcmp(fn[5], "do_try_to_free_pages");
			CHECK(strstr(sb_str(&sb), "do_try_to_free_pages > shrink_zones") != NULL);
		}
		if (req.stage == ALLOC_STAGE_DIRECT_RECLAIM && req.phase == 2) {
			drain = true;
			CHECK(n == 3 && !strcmp(fn[2], "__alloc_pages_direct_reclaim"));
			CHECK(strstr(sb_str(&sb), "> __alloc_pages_direct_reclaim > drain_all_pages"));
		}
	} while (alloc_step(sim, &req));
	CHECK_EQ_UL(req.pfn, PFN_NONE);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (!seen[i])
			printf("  stage %d never seen\n", want[i].stage);
		CHECK(seen[i]);
	}
	CHECK(reclaim_frames);
	(void)drain;
	/* done: no frames; the chain is the entry */
	CHECK_EQ_L(alloc_frames(sim, &req, fn, 8), 0);
	sb_reset(&sb);
	alloc_call_chain(sim, &req, &sb);
	CHECK_STR(sb_str(&sb), "__alloc_pages_nodemask");
	sb_release(&sb);
	sim_destroy(sim);
}
