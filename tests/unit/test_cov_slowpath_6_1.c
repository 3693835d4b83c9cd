/* tests/unit/test_cov_slowpath_6_1.c - the branches of Linux 6.1's
 * __alloc_pages_slowpath and out_of_memory that test_slowpath_6_1.c does not
 * reach: the __GFP_ATOMIC fix-up, an empty zonelist, PF_MEMALLOC callers,
 * lowmem requests, panic_on_oom, oom_kill_allocating_task, OOM victims,
 * __GFP_NOFAIL's reserves after a kill, and `where`'s call chain and locals. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/internal.h"
#include "../../core/compaction_6_1.h"
#include "../../core/page_alloc_6_1.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

static struct sim *boot61(void)
{
	return boot_preset_kernel("tiny", KERNEL_6_1);
}

static bool took61(const struct alloc_request *req, const char *name)
{
	for (unsigned int i = 0; i < req->nr_path && i < sizeof(req->path); i++)
		if (!strcmp(kernel_stage(kernel_desc(KERNEL_6_1), req->path[i])->name, name))
			return true;
	return false;
}

static void path61(const struct alloc_request *req)
{
	for (unsigned int i = 0; i < req->nr_path && i < sizeof(req->path); i++)
		printf("%s%s", i ? " " : "  path: ",
		       kernel_stage(kernel_desc(KERNEL_6_1), req->path[i])->name);
	printf("\n");
}

/* Kernel pages until @gfp fails; NORETRY keeps the OOM killer out. */
static unsigned long pin_all(struct sim *sim, gfp_t gfp)
{
	unsigned long n = 0;

	while (alloc_pages(sim, gfp | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		n++;
	return n;
}

/* Every page the allocator will hand out, reserves included. */
static unsigned long pin_everything(struct sim *sim)
{
	struct task *cur = current_task(sim);
	unsigned int saved = cur->flags;
	unsigned long n;

	cur->flags |= PF_MEMALLOC;
	n = pin_all(sim, GFP_KERNEL);
	cur->flags = saved;
	return n;
}

/* __alloc_pages_slowpath (6.1): __GFP_ATOMIC together with
 * __GFP_DIRECT_RECLAIM is a caller bug: WARN_ON_ONCE and clear __GFP_ATOMIC,
 * then go on as a blocking request. */
TEST(cov61_atomic_with_direct_reclaim_drops_atomic)
{
	struct sim *sim = boot61();
	struct alloc_request req;
	uint64_t from;

	REQUIRE(sim);
	CHECK(pin_all(sim, GFP_KERNEL) > 1000);
	CHECK(pin_all(sim, GFP_ATOMIC) > 0);	/* __GFP_HIGH dips below min */
	run_narrated(sim, &req, GFP_ATOMIC | GFP_F_DIRECT_RECLAIM | GFP_F_NORETRY | GFP_F_NOWARN, 0,
	      &from);
	if (!took61(&req, "ATOMIC_FIX"))
		path61(&req);
	CHECK(took61(&req, "ATOMIC_FIX"));
	CHECK(!(req.gfp_mask & GFP_F_ATOMIC));
	CHECK(req.gfp_mask & GFP_F_HIGH);	/* only __GFP_ATOMIC goes */
	CHECK(narrated(sim, from, "WARN and clear __GFP_ATOMIC"));
	/* a blocking request now: it reclaims (a GFP_ATOMIC one never does) */
	CHECK(took61(&req, "DIRECT_RECLAIM"));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* No zone at or below the request's highest zone: the fast path checks no
 * zone, and the slow path goes to nopage at once (first_zones_zonelist
 * finds no zone). */
TEST(cov61_no_zone_for_the_request_goes_to_nopage)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 8192, 2, KERNEL_6_1);
	struct alloc_request req;
	unsigned long free_before;
	uint64_t from;

	REQUIRE(sim);
	free_before = sim_nr_free_pages(sim);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_DMA | GFP_F_NOWARN, 0, &from), PFN_NONE);
	if (!took61(&req, "NOPAGE"))
		path61(&req);
	CHECK(narrated(sim, from, "failed in all 0 zones checked"));
	CHECK(narrated(sim, from, "no zone at or below DMA in the zonelist: nopage"));
	CHECK(took61(&req, "ALLOC_FLAGS") && took61(&req, "NOPAGE"));
	CHECK(!took61(&req, "WAKE_KSWAPD") && !took61(&req, "DIRECT_RECLAIM"));
	CHECK_EQ_UL(sim_nr_free_pages(sim), free_before);
	sim_destroy(sim);
}

/* A PF_MEMALLOC caller (reclaim itself) gets ALLOC_NO_WATERMARKS at the
 * retry, and when even that fails it does not recurse into reclaim. */
TEST(cov61_pf_memalloc_takes_reserves_then_does_not_recurse)
{
	struct sim *sim = boot61();
	struct alloc_request req;
	struct task *cur;
	unsigned long pfn, stalls;
	uint64_t from;

	REQUIRE(sim);
	pin_all(sim, GFP_KERNEL);
	cur = current_task(sim);
	cur->flags |= PF_MEMALLOC;
	pfn = run_narrated(sim, &req, GFP_KERNEL, 0, &from);
	CHECK(pfn != PFN_NONE);
	CHECK(took61(&req, "RETRY_FREELIST"));
	CHECK(req.reserve_flags & ALLOC_NO_WATERMARKS);
	CHECK(narrated(sim, from, "(ALLOC_NO_WATERMARKS: no check)"));
	CHECK(!took61(&req, "DIRECT_RECLAIM"));

	cur->flags &= ~PF_MEMALLOC;
	pin_everything(sim);
	cur->flags |= PF_MEMALLOC;
	stalls = sim_vm_event(sim, ALLOCSTALL);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_NOWARN, 0, &from), PFN_NONE);
	if (!took61(&req, "PF_MEMALLOC"))
		path61(&req);
	CHECK(took61(&req, "PF_MEMALLOC") && took61(&req, "NOPAGE"));
	CHECK(!took61(&req, "DIRECT_RECLAIM"));
	CHECK(narrated(sim, from, "no recursion into reclaim"));
	CHECK_EQ_UL(sim_vm_event(sim, ALLOCSTALL), stalls);
	cur->flags &= ~PF_MEMALLOC;
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* __alloc_pages_may_oom (6.1): "The OOM killer does not needlessly kill
 * tasks for lowmem": a GFP_DMA32 request fails instead. */
TEST(cov61_lowmem_request_is_not_oom_killed)
{
	struct sim *sim = boot61();
	struct alloc_request req;
	uint64_t from;
	int hog;

	REQUIRE(sim);
	hog = task_spawn(sim, "hog", 0, -1, 0);
	REQUIRE(hog > 0);
	task_touch(sim, hog, TASK_ANON, 2000);
	pin_everything(sim);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_DMA32 | GFP_F_NOWARN, 0, &from),
		    PFN_NONE);
	if (!took61(&req, "MAY_OOM"))
		path61(&req);
	CHECK(took61(&req, "MAY_OOM") && took61(&req, "NOPAGE"));
	CHECK(narrated(sim, from, "does not kill for lowmem"));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	CHECK(task_find(sim, hog) != NULL);
	sim_destroy(sim);
}

/* vm.panic_on_oom: out_of_memory dumps the header and panics; buddyscope
 * logs the panic, kills nobody and fails the request. */
TEST(cov61_panic_on_oom_kills_nobody)
{
	struct sim *sim = boot61();
	struct alloc_request req;
	uint64_t from;
	int hog;

	REQUIRE(sim);
	REQUIRE(sim_sysctl_set(sim, "vm.panic_on_oom", "1") == 0);
	hog = task_spawn(sim, "hog", 0, -1, 0);
	task_touch(sim, hog, TASK_ANON, 2000);
	pin_everything(sim);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_NOWARN, 0, &from), PFN_NONE);
	CHECK(took61(&req, "MAY_OOM") && took61(&req, "NOPAGE"));
	CHECK(dmesg_has(sim, "Kernel panic - not syncing: Out of memory: system-wide "
			"panic_on_oom is enabled"));
	CHECK(narrated(sim, from, "out_of_memory did not kill anything"));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	CHECK(task_find(sim, hog) != NULL);
	REQUIRE(sim_sysctl_set(sim, "vm.panic_on_oom", "2") == 0);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_NOWARN, 0, &from), PFN_NONE);
	CHECK(dmesg_has(sim, "Out of memory: compulsory panic_on_oom is enabled"));
	sim_destroy(sim);
}

/* select_bad_process finds nothing killable (every task at
 * OOM_SCORE_ADJ_MIN): "System is deadlocked on memory", no kill. */
TEST(cov61_no_killable_task_is_a_deadlock)
{
	struct sim *sim = boot61();
	struct alloc_request req;
	uint64_t from;

	REQUIRE(sim);
	for (int i = 0; task_at(sim, i); i++)
		task_set_oom_score_adj(sim, task_at(sim, i)->pid, OOM_SCORE_ADJ_MIN);
	pin_everything(sim);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_NOWARN, 0, &from), PFN_NONE);
	CHECK(dmesg_has(sim, "Kernel panic - not syncing: System is deadlocked on memory"));
	CHECK(narrated(sim, from, "no killable process"));
	CHECK(took61(&req, "NOPAGE"));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	sim_destroy(sim);
}

/* vm.oom_kill_allocating_task: the caller is killed, not the biggest task. */
TEST(cov61_oom_kill_allocating_task_kills_the_caller)
{
	struct sim *sim = boot61();
	struct alloc_request req;
	const struct task *me;
	uint64_t from;
	int hog, pid;

	REQUIRE(sim);
	REQUIRE(sim_sysctl_set(sim, "vm.oom_kill_allocating_task", "1") == 0);
	hog = task_spawn(sim, "hog", 0, -1, 0);
	task_touch(sim, hog, TASK_ANON, 2000);
	pid = task_spawn(sim, "asker", 0, -1, 0);
	REQUIRE(pid > 0 && task_set_current(sim, pid) == 0);
	task_touch(sim, pid, TASK_ANON, 16);
	pin_everything(sim);
	run_narrated(sim, &req, GFP_KERNEL | GFP_F_NOWARN, 0, &from);
	CHECK(dmesg_has(sim, "Out of memory (oom_kill_allocating_task): Killed process"));
	CHECK(dmesg_has(sim, "(asker)"));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 1);
	me = task_find(sim, pid);
	CHECK(me == NULL || me->sigkill);
	CHECK(task_find(sim, hog) != NULL);	/* the biggest task lives */
	CHECK_EQ_UL(task_find(sim, hog)->rss_anon, 2000);
	sim_destroy(sim);
}

/* __GFP_NOFAIL after a kill: __alloc_pages_cpuset_fallback with
 * ALLOC_NO_WATERMARKS in __alloc_pages_may_oom itself. */
TEST(cov61_nofail_after_kill_takes_no_watermarks)
{
	struct sim *sim = boot61();
	struct alloc_request req;
	unsigned long pfn;
	uint64_t from;
	int hog;

	REQUIRE(sim);
	hog = task_spawn(sim, "hog", 0, -1, 0);
	task_touch(sim, hog, TASK_ANON, 2000);
	pin_all(sim, GFP_KERNEL);
	pin_all(sim, GFP_ATOMIC);
	pfn = run_narrated(sim, &req, GFP_KERNEL | GFP_F_NOFAIL, 0, &from);
	if (!narrated(sim, from, "__GFP_NOFAIL reserves"))
		path61(&req);
	CHECK(pfn != PFN_NONE);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 1);
	CHECK(took61(&req, "MAY_OOM") && !took61(&req, "NOFAIL") && !took61(&req, "NOPAGE"));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* `where` under 6.1: each stage's call chain ends in the function the
 * next step runs, and the locals print 6.1's names. */
TEST(cov61_call_chain_and_locals_at_every_stage)
{
	static const struct { const char *stage, *tail; } want[] = {
		{ "FASTPATH", "__alloc_pages > get_page_from_freelist" },
		{ "ALLOC_FLAGS", "__alloc_pages_slowpath > gfp_to_alloc_flags" },
		{ "WAKE_KSWAPD", "> wake_all_kswapds" },
		{ "MIN_WMARK", "__alloc_pages_slowpath > get_page_from_freelist" },
		{ "RETRY_KSWAPD", "> wake_all_kswapds" },
		{ "RETRY_FREELIST", "__alloc_pages_slowpath > get_page_from_freelist" },
		{ "RECLAIM_RETRY", "> should_reclaim_retry" },
		{ "MAY_OOM", "> __alloc_pages_may_oom > out_of_memory" },
		{ "NOFAIL", "> __alloc_pages_cpuset_fallback" },
		{ "NOPAGE", "> warn_alloc" },
		{ "NORETRY", "__alloc_pages > __alloc_pages_slowpath" },
	};
	const struct kernel_desc *k = kernel_desc(KERNEL_6_1);
	struct sim *sim = boot61();
	struct alloc_request req;
	struct strbuf sb = STRBUF_INIT;
	bool seen[sizeof(want) / sizeof(want[0])] = { false };
	bool reclaim_chain = false, drain_chain = false;

	REQUIRE(sim);
	pin_all(sim, GFP_KERNEL);
	/* NOFAIL with RETRY_MAYFAIL: reclaim, retry, nopage, then NOFAIL */
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_RETRY_MAYFAIL | GFP_F_NOFAIL,
				   0) == 0);
	do {
		const char *name = kernel_stage(k, req.stage)->name;

		sb_reset(&sb);
		alloc_call_chain(sim, &req, &sb);
		CHECK(!strncmp(sb_str(&sb), "__alloc_pages", 13));
		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			if (!strcmp(want[i].stage, name)) {
				if (!strstr(sb_str(&sb), want[i].tail))
					printf("  %s: %s\n", name, sb_str(&sb));
				CHECK(strstr(sb_str(&sb), want[i].tail) != NULL);
				seen[i] = true;
			}
		if (!strcmp(name, "DIRECT_RECLAIM") && req.phase == 1)
			reclaim_chain |= strstr(sb_str(&sb), "> try_to_free_pages > "
						"do_try_to_free_pages > shrink_zones") != NULL;
		if (!strcmp(name, "DIRECT_RECLAIM") && req.phase == 2)
			drain_chain |= strstr(sb_str(&sb), "> drain_all_pages") != NULL;
	} while (alloc_step(sim, &req));
	CHECK(req.pfn != PFN_NONE);
	CHECK(reclaim_chain);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]) - 1; i++) {
		if (!seen[i] && strcmp(want[i].stage, "NOPAGE") && strcmp(want[i].stage, "NOFAIL"))
			printf("  stage %s not seen\n", want[i].stage);
	}
	CHECK(seen[0] && seen[1] && seen[5] && seen[6]);
	(void)drain_chain;
	/* done: the chain is the entry alone */
	sb_reset(&sb);
	alloc_call_chain(sim, &req, &sb);
	CHECK_STR(sb_str(&sb), "__alloc_pages");

	/* the locals: part 0 is alloc_flags, part 1 the rest in 6.1's names */
	sb_reset(&sb);
	k->ops->alloc_locals(&req, 0, &sb);
	CHECK(!strncmp(sb_str(&sb), "  alloc_flags", 13));
	sb_reset(&sb);
	k->ops->alloc_locals(&req, 1, &sb);
	CHECK(strstr(sb_str(&sb), "costly_order         = false") != NULL);
	CHECK(strstr(sb_str(&sb), "no_progress_loops    = ") != NULL);
	CHECK(strstr(sb_str(&sb), "(of 16)") != NULL);
	CHECK(strstr(sb_str(&sb), "compact_result       = COMPACT_") != NULL);
	CHECK(strstr(sb_str(&sb), "reserve_flags        = 0\n") != NULL);
	/* with reserves: PF_MEMALLOC's ALLOC_NO_WATERMARKS shows by name */
	current_task(sim)->flags |= PF_MEMALLOC;
	REQUIRE(alloc_request_init_any_order(sim, &req, GFP_KERNEL, 5) == 0);
	alloc_run(sim, &req);
	current_task(sim)->flags &= ~PF_MEMALLOC;
	sb_reset(&sb);
	k->ops->alloc_locals(&req, 1, &sb);
	CHECK(strstr(sb_str(&sb), "costly_order         = true") != NULL);
	CHECK(strstr(sb_str(&sb), "(ALLOC_NO_WATERMARKS") != NULL);
	sb_release(&sb);
	sim_destroy(sim);
}

/* GFP_KERNEL that does not wake kswapd: the compaction-retry tests below
 * follow the request's own retries; a kswapd woken by it would wake
 * kcompactd, whose failed run defers the zone the request compacts. */
#define GFP_NO_KSWAPD (GFP_KERNEL & ~GFP_F_KSWAPD_RECLAIM)

/* On @sim (NULL: destroyed and NULL back), every page pinned but the odd
 * pfns from 4096 (DMA32 up), @cache pages of page cache read into those:
 * reclaim frees order-0 holes, never an order-2 block. */
static struct sim *checkerboard61(struct sim *sim, unsigned long cache)
{
	const unsigned long max = 1UL << 17;
	unsigned long *held = malloc(sizeof(*held) * max), n = 0, pfn;
	int pid;

	/* no watermark boost from the pinning's fallbacks: 6.1's kswapd would
	 * reclaim the boost and wake kcompactd, whose failed runs defer DMA32
	 * before the request compacts it */
	if (!sim || !held || sim_sysctl_set(sim, "vm.watermark_boost_factor", "0")) {
		free(held);
		sim_destroy(sim);
		return NULL;
	}
	current_task(sim)->flags |= PF_MEMALLOC;
	while (n < max && (pfn = alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN,
					     0)) != PFN_NONE)
		held[n++] = pfn;
	current_task(sim)->flags &= ~PF_MEMALLOC;
	for (unsigned long i = 0; i < n; i++)
		if ((held[i] & 1) && held[i] >= 4096)
			free_pages(sim, held[i], 0);
	free(held);
	drain_all_pages(sim, NULL);
	pid = task_spawn(sim, "reader", 0, -1, 0);
	if (task_touch(sim, pid, TASK_FILE_READ, cache) != (long)cache) {
		sim_destroy(sim);
		return NULL;
	}
	return sim;
}

/* The tiny machine (all of DMA pinned too) as a checkerboard. */
static struct sim *boot_checkerboard61(unsigned long cache)
{
	return checkerboard61(boot61(), cache);
}

/*
 * should_compact_retry (6.1): reclaim made progress but no order-2 block
 * came of it, and compaction "failed" (COMPACT_COMPLETE): the priority is
 * raised, SYNC_LIGHT to SYNC_FULL, and retried; at SYNC_FULL (the floor
 * for orders <= 3) no more retries: the OOM path, refused here by
 * __GFP_RETRY_MAYFAIL.
 */
TEST(cov61_compact_retry_raises_priority_to_its_floor)
{
	struct sim *sim = boot_checkerboard61(1700);
	struct alloc_request req;
	uint64_t from;

	REQUIRE(sim);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_NO_KSWAPD | GFP_F_RETRY_MAYFAIL | GFP_F_NOWARN, 2, &from),
		    PFN_NONE);
	if (!took61(&req, "COMPACT_RETRY"))
		path61(&req);
	CHECK(narrated(sim, from, "compaction complete (failed): retry at COMPACT_PRIO_SYNC_FULL"));
	CHECK(narrated(sim, from, "compaction complete (failed) at COMPACT_PRIO_SYNC_FULL already: "
		   "no retry"));
	CHECK_EQ_L(req.compact_priority, MIN_COMPACT_PRIORITY);
	CHECK(narrated(sim, from, "__GFP_RETRY_MAYFAIL: fail rather than kill"));
	CHECK(took61(&req, "NOPAGE"));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * should_compact_retry (6.1): compaction SKIPPED (too few free pages to
 * work with: below min + compact_gap) after reclaim made progress: retry
 * while compaction_zonelist_suitable says reclaiming all a zone could
 * would make room (reclaimable / order + free passes). Here it does, so
 * the request reclaims again until compaction can run.
 *
 * The machine: one 256 MiB DMA32 zone as a checkerboard, 24000 pages of
 * clean page cache in its holes, free pinned 60 pages below min. Direct
 * reclaim wants SWAP_CLUSTER_MAX (32) and the cache is big enough that
 * priorities 12..10 get them (5 + 11 + 23 = 39): at those priorities an
 * order-2 request is not reclaim/compaction (in_reclaim_compaction), so
 * should_continue_reclaim does not make shrink_node go on, and
 * do_try_to_free_pages stops at nr_to_reclaim. Free is then still under
 * min + compact_gap(2): SYNC_LIGHT compaction is skipped. 23900-odd
 * reclaimable pages / 2 + free pass, so it retries; the next 39 pages
 * lift free over min + 8 and compaction runs, and fails (the pinned
 * pages leave no order-2 block to make), down to NOPAGE.
 */
TEST(cov61_compact_retry_after_skip_reclaims_more)
{
	struct sim *sim = checkerboard61(boot_one_zone_kernel(ZONE_DMA32, 4096, 65536, 2,
							       KERNEL_6_1), 24000);
	struct alloc_request req;
	uint64_t from, skipped, retry;
	struct zone *z;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	current_task(sim)->flags |= PF_MEMALLOC;	/* DMA32 well below min */
	while (zone_page_state(z, NR_FREE_PAGES) + 60 > z->watermark[WMARK_MIN])
		REQUIRE(alloc_pages(sim, GFP_NO_KSWAPD | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE);
	current_task(sim)->flags &= ~PF_MEMALLOC;
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_NO_KSWAPD | GFP_F_RETRY_MAYFAIL | GFP_F_NOWARN, 2, &from),
		    PFN_NONE);
	if (!took61(&req, "COMPACT_RETRY"))
		path61(&req);
	/* reclaim made progress before the skip, and never went round again */
	CHECK(narrated(sim, from, "direct reclaim done: 39 pages reclaimed"));
	CHECK(!narrated(sim, from, "again: inactive lists above compact_gap"));
	/* skipped, then retried on compaction_zonelist_suitable, then ran */
	skipped = narrated_at(sim, from, "COMPACT_PRIO_SYNC_LIGHT compaction skipped");
	CHECK(skipped != 0);
	retry = narrated_at(sim, skipped,
			    "compaction was skipped; reclaim could make room for it: retry");
	CHECK(retry != 0);
	CHECK(narrated(sim, retry, "COMPACT_PRIO_SYNC_LIGHT compaction ran (complete)"));
	CHECK(!narrated(sim, from, "even reclaim would not make room"));
	CHECK(took61(&req, "NOPAGE"));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* `where` at the compaction stages: an order-2 kernel request compacts
 * before reclaiming (COSTLY_COMPACT), after it (DIRECT_COMPACT), decides at
 * COMPACT_RETRY, and fails at NOPAGE; each chain names what runs next. A
 * finished request steps no more. */
TEST(cov61_call_chain_of_the_compaction_stages)
{
	static const struct { const char *stage, *tail; } want[] = {
		{ "COSTLY_COMPACT", "__alloc_pages_slowpath > __alloc_pages_direct_compact > "
		  "try_to_compact_pages > compact_zone_order > compact_zone" },
		{ "DIRECT_COMPACT", "> __alloc_pages_direct_compact > try_to_compact_pages" },
		{ "COMPACT_RETRY", "__alloc_pages_slowpath > should_compact_retry" },
		{ "NOPAGE", "__alloc_pages_slowpath > warn_alloc" },
	};
	const struct kernel_desc *k = kernel_desc(KERNEL_6_1);
	struct sim *sim = boot_checkerboard61(1700);
	bool seen[sizeof(want) / sizeof(want[0])] = { false };
	struct strbuf sb = STRBUF_INIT;
	struct alloc_request req, done;

	REQUIRE(sim);
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_RETRY_MAYFAIL | GFP_F_NOWARN,
				   2) == 0);
	do {
		const char *name = kernel_stage(k, req.stage)->name;

		sb_reset(&sb);
		alloc_call_chain(sim, &req, &sb);
		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			if (!strcmp(want[i].stage, name)) {
				if (!strstr(sb_str(&sb), want[i].tail))
					printf("  %s: %s\n", name, sb_str(&sb));
				CHECK(strstr(sb_str(&sb), want[i].tail) != NULL);
				seen[i] = true;
			}
	} while (alloc_step(sim, &req));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		CHECK(seen[i]);
	done = req;
	CHECK_EQ_L(alloc_step(sim, &req), 0);
	CHECK(!memcmp(&done, &req, sizeof(req)));
	sb_release(&sb);
	sim_destroy(sim);
}

/* __GFP_NOFAIL with nothing left even at ALLOC_MIN_RESERVE: both of
 * __alloc_pages_cpuset_fallback's attempts fail and the kernel retries for
 * ever; buddyscope stops after ALLOC_MAX_RETRIES and says so. */
TEST(cov61_nofail_with_nothing_left_loops_bounded)
{
	struct sim *sim = boot61();
	struct alloc_request req;
	uint64_t from;

	REQUIRE(sim);
	pin_everything(sim);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_RETRY_MAYFAIL | GFP_F_NOFAIL, 0,
				 &from), PFN_NONE);
	CHECK(req.looped_out);
	CHECK(took61(&req, "NOFAIL"));
	CHECK(narrated(sim, from, "__GFP_NOFAIL with ALLOC_MIN_RESERVE failed"));
	CHECK(narrated(sim, from, "the kernel would keep looping here"));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* A costly __GFP_NORETRY request (a THP fault that may reclaim) whose
 * first, async compaction ran and failed: reclaim may still help, but
 * compaction stays async (6.1 sets compact_priority = INIT_COMPACT_PRIORITY). */
TEST(cov61_thp_noretry_after_failed_compaction_stays_async)
{
	struct sim *sim = boot_checkerboard61(0);	/* free 1795 > low + 1024 */
	struct alloc_request req;
	uint64_t from;
	gfp_t thp = ((GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_NOMEMALLOC | GFP_F_NOWARN) &
		     ~GFP_F_RECLAIM) | GFP_F_DIRECT_RECLAIM | GFP_F_NORETRY;

	REQUIRE(sim);
	CHECK_EQ_UL(run_narrated(sim, &req, thp, 9, &from), PFN_NONE);
	if (!took61(&req, "THP_NORETRY"))
		path61(&req);
	CHECK(narrated(sim, from, "costly __GFP_NORETRY: reclaim may help, but compaction stays "
		       "async (COMPACT_PRIO_ASYNC)"));
	CHECK(took61(&req, "DIRECT_RECLAIM") && took61(&req, "NORETRY"));
	CHECK_EQ_L(req.compact_priority, INIT_COMPACT_PRIORITY);
	sim_destroy(sim);
}
