/* tests/unit/test_cov61_slowpath.c - more of Linux 6.1's
 * __alloc_pages_slowpath (slowpath_6_1.c): compaction deferred after a
 * failure ("withdrawn"), compaction without __GFP_IO, direct compaction
 * that succeeds after reclaim, which orders compact before reclaiming,
 * the last attempt at the high mark catching a parallel free, an OOM
 * victim's __GFP_NOMEMALLOC request, __GFP_NOFAIL when out_of_memory does
 * nothing and without direct reclaim, a lowmem request on a machine with
 * Normal, and __GFP_ATOMIC with direct reclaim through alloc_pages(). */
#include <stdlib.h>
#include <string.h>

#include "../../core/internal.h"
#include "../../core/oom_internal.h"
#include "../../core/page_alloc_6_1.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

static bool took(const struct alloc_request *req, const char *name)
{
	for (unsigned int i = 0; i < req->nr_path && i < sizeof(req->path); i++)
		if (!strcmp(kernel_stage(kernel_desc(KERNEL_6_1), req->path[i])->name, name))
			return true;
	return false;
}

static void path(const struct alloc_request *req)
{
	for (unsigned int i = 0; i < req->nr_path && i < sizeof(req->path); i++)
		printf("%s%s", i ? " " : "  path: ",
		       kernel_stage(kernel_desc(KERNEL_6_1), req->path[i])->name);
	printf("\n");
}

/* Every page the allocator hands out without reserve rights, as
 * PF_MEMALLOC (no watermarks). */
static unsigned long pin_everything(struct sim *sim)
{
	struct task *cur = current_task(sim);
	unsigned int saved = cur->flags;
	unsigned long n = 0;

	cur->flags |= PF_MEMALLOC;
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		n++;
	cur->flags = saved;
	return n;
}

/* "tiny" under 6.1 with every other DMA32 page pinned (all of DMA too) and
 * @cache pages of page cache between them (as test_cov_slowpath_6_1.c). */
static struct sim *boot_checkerboard61(unsigned long cache)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	unsigned long *held = malloc(sizeof(*held) * 16384), n = 0, pfn;
	int pid;

	if (!sim || !held) {
		free(held);
		sim_destroy(sim);
		return NULL;
	}
	current_task(sim)->flags |= PF_MEMALLOC;
	while (n < 16384 && (pfn = alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN,
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

/*
 * defer_compaction (6.1): a request whose compaction failed at
 * SYNC_FULL leaves the zone deferred for that order; the next request's
 * async and SYNC_LIGHT compaction are deferred, a "withdrawn" result that
 * should_compact_retry answers by raising the priority.
 */
TEST(cov61_compaction_deferred_after_a_failure_is_withdrawn)
{
	struct sim *sim = boot_checkerboard61(1700);
	struct alloc_request req;
	uint64_t from;

	REQUIRE(sim);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_RETRY_MAYFAIL | GFP_F_NOWARN, 2, &from),
		    PFN_NONE);
	CHECK(narrated(sim, from, "at COMPACT_PRIO_SYNC_FULL already: no retry"));
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_RETRY_MAYFAIL | GFP_F_NOWARN, 2, &from),
		    PFN_NONE);
	if (!narrated(sim, from, "(withdrawn): retry at COMPACT_PRIO_SYNC_FULL"))
		path(&req);
	CHECK(narrated(sim, from, "compaction deferred (withdrawn): retry at COMPACT_PRIO_SYNC_FULL"));
	CHECK(took(&req, "COMPACT_RETRY") && took(&req, "NOPAGE"));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * gfp_compaction_allowed (6.1.y): without __GFP_IO there is no compaction.
 * An order-2 GFP_NOIO request skips it after reclaim and says why; a
 * costly one (order 4) then fails at once, as it cannot compact.
 */
TEST(cov61_no_compaction_without_gfp_io)
{
	struct sim *sim = boot_checkerboard61(1700);
	struct alloc_request req;
	unsigned long stalls;
	uint64_t from;

	REQUIRE(sim);
	stalls = sim_vm_event(sim, COMPACTSTALL);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_NOIO | GFP_F_NORETRY | GFP_F_NOWARN, 2, &from),
		    PFN_NONE);
	CHECK(!took(&req, "COSTLY_COMPACT"));
	CHECK(took(&req, "DIRECT_COMPACT"));
	CHECK(narrated(sim, from, "compaction skipped: no __GFP_IO, compaction not allowed"));
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_NOIO | GFP_F_NOWARN, 4, &from), PFN_NONE);
	if (!took(&req, "COSTLY_NORETRY"))
		path(&req);
	CHECK(narrated(sim, from, "order 4 is costly (> 3) and cannot compact (no __GFP_IO): nopage"));
	CHECK(!took(&req, "MAY_OOM"));
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTSTALL), stalls);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * A movable order-2 request does not compact before reclaiming (only
 * costly or non-movable high orders do); here reclaim finds nothing, and
 * direct compaction, which can move the movable pages that fragment the
 * zone, makes the block.
 */
TEST(cov61_direct_compaction_after_reclaim_succeeds)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	unsigned long *held = malloc(sizeof(*held) * 16384), n = 0, pfn, success;
	struct alloc_request req;
	struct task *cur;
	uint64_t from;

	REQUIRE(sim && held);
	cur = current_task(sim);
	cur->flags |= PF_MEMALLOC;
	while (n < 16384 && (pfn = alloc_pages(sim, (GFP_HIGHUSER_MOVABLE & ~GFP_F_RECLAIM) |
					       GFP_F_NOWARN, 0)) != PFN_NONE) {
		lru_cache_add(sim, pfn, LRU_ACTIVE_ANON);	/* anon, no swap: not reclaimable */
		held[n++] = pfn;
	}
	cur->flags &= ~PF_MEMALLOC;
	REQUIRE(n > 1000);
	for (unsigned long i = 0; i < n; i++)
		if (held[i] & 1) {
			del_page_from_lru(sim, held[i]);
			free_pages(sim, held[i], 0);
		}
	free(held);
	drain_all_pages(sim, NULL);
	success = sim_vm_event(sim, COMPACTSUCCESS);
	pfn = run_narrated(sim, &req, GFP_HIGHUSER_MOVABLE | GFP_F_NOWARN, 2, &from);
	if (!took(&req, "DIRECT_COMPACT"))
		path(&req);
	CHECK(pfn != PFN_NONE);
	CHECK(!took(&req, "COSTLY_COMPACT"));
	CHECK(took(&req, "DIRECT_RECLAIM") && took(&req, "DIRECT_COMPACT"));
	CHECK(narrated(sim, from, "made an order-2 block"));
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTSUCCESS), success + 1);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* The stage index of @name in 6.1's table. */
static int stage_of(const char *name)
{
	const struct kernel_desc *k = kernel_desc(KERNEL_6_1);

	for (int s = 0; kernel_stage(k, s); s++)
		if (!strcmp(kernel_stage(k, s)->name, name))
			return s;
	return -1;
}

/*
 * __alloc_pages_may_oom (6.1): the attempt at the high mark first "catches
 * a parallel kill": memory freed by someone else between the reclaim
 * rounds and the OOM decision is taken, and nobody is killed.
 */
TEST(cov61_may_oom_last_attempt_catches_a_parallel_free)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	static unsigned long held[20000];
	struct alloc_request req;
	unsigned long n = 0, pfn;
	int may_oom = stage_of("MAY_OOM");
	struct task *cur;

	REQUIRE(sim && may_oom >= 0);
	cur = current_task(sim);
	cur->flags |= PF_MEMALLOC;
	while (n < 20000 && (pfn = alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0)) !=
	       PFN_NONE)
		held[n++] = pfn;
	cur->flags &= ~PF_MEMALLOC;
	REQUIRE(n > 2000);
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_NOWARN, 0) == 0);
	req.narrate = true;
	while (req.stage != may_oom && alloc_step(sim, &req))
		;
	REQUIRE(req.stage == may_oom);
	/* another task frees 2000 pages meanwhile */
	for (unsigned long i = 0; i < 2000; i++)
		free_pages(sim, held[n - 1 - i], 0);
	alloc_run(sim, &req);
	CHECK(req.pfn != PFN_NONE);
	CHECK(took(&req, "MAY_OOM") && took(&req, "GOT_PG"));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * An OOM victim (TIF_MEMDIE) asking with __GFP_NOMEMALLOC gets no reserves;
 * out_of_memory waits for it (it is the victim), and the slow path gives
 * up rather than loop ("Avoid allocations with no watermarks from looping
 * endlessly").
 */
TEST(cov61_oom_victim_with_nomemalloc_gives_up)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct alloc_request req;
	uint64_t from;
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "victim", 0, -1, 0);
	REQUIRE(pid > 0 && task_set_current(sim, pid) == 0);
	REQUIRE(task_touch(sim, pid, TASK_ANON, 64) == 64);
	pin_everything(sim);
	mark_oom_victim(sim, current_task(sim));
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_NOMEMALLOC | GFP_F_NOWARN, 0, &from),
		    PFN_NONE);
	if (!took(&req, "OOM_VICTIM"))
		path(&req);
	CHECK(took(&req, "OOM_VICTIM") && took(&req, "NOPAGE"));
	CHECK(narrated(sim, from, "is an OOM victim and its reserves did not suffice"));
	CHECK_EQ_UL(req.reserve_flags, 0);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	sim_destroy(sim);
}

/*
 * __GFP_NOFAIL (6.1): when out_of_memory kills nothing (panic_on_oom:
 * logged, nothing killed) the kernel still counts progress and retries,
 * the reserves included, until buddyscope stops the loop; a __GFP_NOFAIL
 * request that cannot reclaim is not looped at all (WARN, fail).
 */
TEST(cov61_nofail_retries_when_oom_does_nothing)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct alloc_request req;
	uint64_t from;

	REQUIRE(sim);
	REQUIRE(sim_sysctl_set(sim, "vm.panic_on_oom", "1") == 0);
	pin_everything(sim);
	current_task(sim)->flags |= PF_MEMALLOC;	/* the reserves too */
	while (alloc_pages(sim, GFP_ATOMIC | GFP_F_NOWARN, 0) != PFN_NONE)
		;
	current_task(sim)->flags &= ~PF_MEMALLOC;
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_NOFAIL, 0, &from), PFN_NONE);
	CHECK(narrated(sim, from, "__GFP_NOFAIL: out_of_memory did nothing, but the kernel retries "
		       "anyway"));
	CHECK(req.looped_out);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);

	CHECK_EQ_UL(run_narrated(sim, &req, GFP_ATOMIC | GFP_F_NOFAIL | GFP_F_NOWARN, 0, &from),
		    PFN_NONE);
	CHECK(took(&req, "NOPAGE") && !took(&req, "NOFAIL"));
	CHECK(!req.looped_out);
	sim_destroy(sim);
}

/*
 * A GFP_DMA32 request on a node with Normal above DMA32: wake_all_kswapds
 * and should_reclaim_retry pass over the Normal zone (above the request's
 * highest zone); the Normal zone's pages are never touched.
 */
TEST(cov61_lowmem_request_passes_over_normal)
{
	struct sim *sim = boot_two_nodes_kernel(KERNEL_6_1);
	struct alloc_request req;
	struct zone *normal;
	unsigned long normal_free;
	uint64_t from;

	REQUIRE(sim);
	REQUIRE(fill_node_and_run_there(sim, 1) == 0);
	normal = &sim->node_data[1]->node_zones[ZONE_NORMAL];
	/* the DMA32 zones full; Normal keeps its free pages */
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_DMA32 | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		;
	normal_free = zone_page_state(normal, NR_FREE_PAGES);
	REQUIRE(normal_free > 0);
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_KERNEL | GFP_F_DMA32 | GFP_F_RETRY_MAYFAIL |
				 GFP_F_NOWARN, 0, &from), PFN_NONE);
	CHECK(took(&req, "WAKE_KSWAPD") && took(&req, "RECLAIM_RETRY"));
	CHECK(narrated(sim, from, "zones up to DMA32"));
	CHECK(!narrated(sim, from, "Normal would have"));
	CHECK(normal_free <= zone_page_state(normal, NR_FREE_PAGES));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* alloc_pages() with __GFP_ATOMIC and __GFP_DIRECT_RECLAIM: the slow path
 * clears __GFP_ATOMIC and the request may reclaim (an allocstall), which
 * GFP_ATOMIC alone never does. */
TEST(cov61_alloc_pages_clears_atomic_with_direct_reclaim)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	unsigned long stalls;

	REQUIRE(sim);
	pin_everything(sim);
	stalls = sim_vm_event(sim, ALLOCSTALL);
	CHECK_EQ_UL(alloc_pages(sim, GFP_ATOMIC | GFP_F_NOWARN, 0), PFN_NONE);
	CHECK_EQ_UL(sim_vm_event(sim, ALLOCSTALL), stalls);
	alloc_pages(sim, GFP_ATOMIC | GFP_F_DIRECT_RECLAIM | GFP_F_NORETRY | GFP_F_NOWARN, 0);
	CHECK(sim_vm_event(sim, ALLOCSTALL) > stalls);
	sim_destroy(sim);
}

/* "tiny" under 6.1 with DMA32 40 pages under its min mark and 30 clean
 * page-cache pages the only reclaimable memory (kswapd never woken). DMA,
 * without LRU pages, has 20 free: 6.1.y's zone_reclaimable_pages counts
 * them (reclaimable_counts_free), and 20 + 20 is still under its min. */
static struct sim *boot_scarce61(void)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct zone *z, *dma;
	struct task *cur;

	if (!sim)
		return NULL;
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	dma = &sim->node_data[0]->node_zones[ZONE_DMA];
	cur = current_task(sim);
	cur->flags |= PF_MEMALLOC;
	while (zone_page_state(z, NR_FREE_PAGES) + 40 > z->watermark[WMARK_MIN])
		if (alloc_pages(sim, (GFP_KERNEL & ~GFP_F_RECLAIM) | GFP_F_NOWARN, 0) == PFN_NONE)
			break;
	while (zone_page_state(dma, NR_FREE_PAGES) > 20)
		if (alloc_pages(sim, (GFP_KERNEL & ~GFP_F_RECLAIM) | GFP_DMA | GFP_F_NOWARN, 0) ==
		    PFN_NONE)
			break;
	for (int i = 0; i < 30; i++) {
		unsigned long pfn = alloc_pages(sim, (GFP_HIGHUSER_MOVABLE & ~GFP_F_RECLAIM) |
						GFP_F_NOWARN, 0);

		if (pfn == PFN_NONE)
			break;
		lru_cache_add(sim, pfn, LRU_INACTIVE_FILE);
		mod_zone_page_state(page_zone(sim, pfn), NR_FILE_PAGES, 1);
	}
	cur->flags &= ~PF_MEMALLOC;
	return sim;
}

/*
 * After reclaim made progress that did not suffice (should_reclaim_retry:
 * even with everything reclaimable freed, under min), 6.1 retries
 * compaction only for order > 0 with __GFP_IO (should_compact_retry).
 * Order 2: compaction was SKIPPED, and compaction_zonelist_suitable says
 * reclaim could not make room: no retry. Order 0, or order 2 without
 * __GFP_IO: no compaction retry at all. Each goes to the OOM path, which
 * __GFP_RETRY_MAYFAIL refuses.
 */
TEST(cov61_compaction_skipped_and_reclaim_cannot_help)
{
	const gfp_t gfp = (GFP_KERNEL & ~GFP_F_KSWAPD_RECLAIM) | GFP_F_RETRY_MAYFAIL | GFP_F_NOWARN;
	struct sim *sim = boot_scarce61();
	struct alloc_request req;
	uint64_t from;

	REQUIRE(sim);
	CHECK_EQ_UL(run_narrated(sim, &req, gfp, 2, &from), PFN_NONE);
	if (!took(&req, "COMPACT_RETRY"))
		path(&req);
	CHECK(narrated(sim, from, "compaction was skipped; even reclaim would not make room: no "
		       "retry"));
	CHECK(took(&req, "MAY_OOM") && took(&req, "NOPAGE"));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);

	sim = boot_scarce61();
	REQUIRE(sim);
	CHECK_EQ_UL(run_narrated(sim, &req, gfp, 0, &from), PFN_NONE);
	CHECK(took(&req, "DIRECT_RECLAIM"));
	CHECK(narrated(sim, from, "even with all reclaimable pages freed"));
	CHECK(!took(&req, "COMPACT_RETRY"));
	CHECK(took(&req, "MAY_OOM") && took(&req, "NOPAGE"));
	sim_destroy(sim);

	sim = boot_scarce61();
	REQUIRE(sim);
	CHECK_EQ_UL(run_narrated(sim, &req, (gfp & ~GFP_F_FS & ~GFP_F_IO), 2, &from), PFN_NONE);
	CHECK(narrated(sim, from, "even with all reclaimable pages freed"));
	CHECK(!took(&req, "COMPACT_RETRY"));
	CHECK(took(&req, "MAY_OOM") && took(&req, "NOPAGE"));
	sim_destroy(sim);
}

/* `where` at a stage that calls nothing further (CAN_RECLAIM: a GFP_ATOMIC
 * request that failed at the retry): the chain ends in the slow path. */
TEST(cov61_call_chain_at_can_reclaim)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct strbuf sb = STRBUF_INIT;
	struct alloc_request req;
	int can_reclaim = stage_of("CAN_RECLAIM");

	REQUIRE(sim && can_reclaim >= 0);
	pin_everything(sim);
	current_task(sim)->flags |= PF_MEMALLOC;
	while (alloc_pages(sim, GFP_ATOMIC | GFP_F_NOWARN, 0) != PFN_NONE)
		;
	current_task(sim)->flags &= ~PF_MEMALLOC;
	REQUIRE(alloc_request_init(sim, &req, GFP_ATOMIC | GFP_F_NOWARN, 0) == 0);
	while (req.stage != can_reclaim && alloc_step(sim, &req))
		;
	REQUIRE(req.stage == can_reclaim);
	alloc_call_chain(sim, &req, &sb);
	CHECK_STR(sb_str(&sb), "__alloc_pages > __alloc_pages_slowpath");
	sb_release(&sb);
	alloc_run(sim, &req);
	CHECK_EQ_UL(req.pfn, PFN_NONE);
	sim_destroy(sim);
}

/* alloc_flags_nofragment (6.1) with more than one node: a node whose
 * Normal zone has no DMA32 beside it gets no ALLOC_NOFRAGMENT; a GFP_DMA
 * request on a machine without DMA finds no zone at all (no preferred
 * zone: no ALLOC_NOFRAGMENT either). */
TEST(cov61_nofragment_needs_dma32_beside_normal)
{
	struct machine_desc m = two_nodes_desc();
	struct sim *sim;
	char buf[160];
	int cpu1 = -1;

	m.nodes[0].zones[ZONE_NORMAL] = (struct zone_desc){ 1UL << 20, 4096, 4096, 4096 };
	m.nodes[1].zones[ZONE_DMA32] = (struct zone_desc){ 0, 0, 0, 0 };
	m.nodes[1].zones[ZONE_NORMAL] = (struct zone_desc){ (1UL << 20) + 4096, 4096, 4096, 4096 };
	sim = boot_desc_kernel(&m, 1, KERNEL_6_1);
	REQUIRE(sim);
	for (int c = 0; c < sim_nr_cpus(sim); c++)
		if (sim_cpu_to_node(sim, c) == 1)
			cpu1 = c;
	REQUIRE(cpu1 >= 0);
	alloc_flags_text_6_1(sim, GFP_KERNEL, 0, true, buf, sizeof(buf));
	CHECK(strstr(buf, "ALLOC_NOFRAGMENT") != NULL);		/* node 0: DMA32 + Normal */
	REQUIRE(sim_set_cpu(sim, cpu1) == 0);
	alloc_flags_text_6_1(sim, GFP_KERNEL, 0, true, buf, sizeof(buf));
	CHECK_STR(buf, "ALLOC_WMARK_LOW|ALLOC_KSWAPD");	/* node 1: Normal only */
	alloc_flags_text_6_1(sim, GFP_KERNEL | GFP_F_DMA, 0, true, buf, sizeof(buf));
	CHECK_STR(buf, "ALLOC_WMARK_LOW|ALLOC_KSWAPD");
	sim_destroy(sim);
}

/*
 * __alloc_pages_may_oom / out_of_memory (6.1) for a GFP_NOFS request: a
 * caller with SIGKILL pending is taken as the victim first (it gets the
 * reserves: ALLOC_OOM at the retry) even without __GFP_FS; an OOM victim
 * whose ALLOC_OOM retry failed stops instead of looping; a
 * GFP_NOFS|__GFP_NOFAIL request gets the reserves (ALLOC_NO_WATERMARKS)
 * although out_of_memory kills nothing for it.
 */
TEST(cov61_nofs_oom_dying_caller_and_nofail)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct alloc_request req;
	unsigned long held[10];
	struct task *me;
	uint64_t from;
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "dying", 0, -1, 0);
	REQUIRE(pid > 0 && task_set_current(sim, pid) == 0);
	REQUIRE(task_touch(sim, pid, TASK_ANON, 64) == 64);
	for (int i = 0; i < 10; i++)
		REQUIRE((held[i] = alloc_pages(sim, GFP_KERNEL, 0)) != PFN_NONE);
	pin_everything(sim);
	/* a plain GFP_NOFS caller: progress without a kill, and it loops */
	CHECK_EQ_UL(run_narrated(sim, &req, GFP_NOFS | GFP_F_NOWARN, 0, &from), PFN_NONE);
	CHECK(narrated(sim, from, "no __GFP_FS: out_of_memory kills nothing but reports progress"));
	CHECK(req.looped_out);
	/* GFP_NOFS|__GFP_NOFAIL, 10 pages free (under min): the reserves */
	for (int i = 0; i < 10; i++)
		free_pages(sim, held[i], 0);
	drain_all_pages(sim, NULL);
	CHECK(run_narrated(sim, &req, GFP_NOFS | GFP_F_NOFAIL, 0, &from) != PFN_NONE);
	CHECK(narrated(sim, from, "__GFP_NOFAIL reserves: took pfn"));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	/* SIGKILL pending: out_of_memory makes it the victim, its retry dips
	 * into the reserves (ALLOC_OOM) */
	me = current_task(sim);
	me->sigkill = true;
	sim->nr_sigkill++;
	run_narrated(sim, &req, GFP_NOFS | GFP_F_NOWARN, 0, &from);
	CHECK(me->memdie);
	CHECK(narrated(sim, from, "is dying already; it gets the reserves"));
	CHECK(!narrated(sim, from, "no __GFP_FS"));
	CHECK(req.reserve_flags & ALLOC_OOM);
	sim_destroy(sim);
}
