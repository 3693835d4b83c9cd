/* tests/unit/test_slowpath.c - every branch of __alloc_pages_slowpath (v4.5),
 * each asserting the path taken and the outcome, with invariants after. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/vmscan.h"
#include "simtest.h"

/* Run a narrated request; return its pfn and leave the request in *req. */
static unsigned long run(struct sim *sim, struct alloc_request *req, gfp_t gfp, unsigned int order)
{
	if (alloc_request_init_any_order(sim, req, gfp, order))
		return PFN_NONE;
	req->narrate = true;
	return alloc_run(sim, req);
}

static bool took(const struct alloc_request *req, enum alloc_stage s)
{
	for (unsigned int i = 0; i < req->nr_path; i++)
		if (req->path[i] == s)
			return true;
	return false;
}

static unsigned int times(const struct alloc_request *req, enum alloc_stage s)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < req->nr_path; i++)
		n += req->path[i] == s;
	return n;
}

static void print_path(const struct alloc_request *req)
{
	for (unsigned int i = 0; i < req->nr_path; i++)
		printf("%s%s", i ? " " : "  path: ",
		       kernel_stage(kernel_desc(KERNEL_4_5), req->path[i])->name);
	printf("\n");
}


/* Pin memory with kernel pages until @gfp fails. __GFP_NORETRY keeps the
 * OOM killer out of it (it would kill bash, the only user task). */
static unsigned long exhaust(struct sim *sim, gfp_t gfp)
{
	unsigned long n = 0;

	while (alloc_pages(sim, gfp | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		n++;
	return n;
}

TEST(slowpath_atomic_below_min_fails_without_reclaim)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	unsigned long stalls;

	REQUIRE(sim);
	CHECK(exhaust(sim, GFP_KERNEL) > 1000);
	CHECK(exhaust(sim, GFP_ATOMIC) > 0);	/* ATOMIC dips below min */
	stalls = sim_vm_event(sim, ALLOCSTALL);
	CHECK_EQ_UL(run(sim, &req, GFP_ATOMIC, 0), PFN_NONE);
	if (!took(&req, ALLOC_STAGE_CAN_RECLAIM))
		print_path(&req);
	CHECK(took(&req, ALLOC_STAGE_WAKE_KSWAPD));
	CHECK(took(&req, ALLOC_STAGE_MIN_WMARK));
	CHECK(took(&req, ALLOC_STAGE_CAN_RECLAIM));
	CHECK(!took(&req, ALLOC_STAGE_DIRECT_RECLAIM));
	CHECK(took(&req, ALLOC_STAGE_NOPAGE));
	CHECK(req.alloc_flags & ALLOC_HARDER);
	CHECK(strstr(req.why, "") != NULL);
	CHECK(dmesg_has(sim, "bash: page allocation failure: order:0, mode:0x2080020"));
	CHECK_EQ_UL(sim_vm_event(sim, ALLOCSTALL), stalls);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(slowpath_nowarn_suppresses_the_report)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;

	REQUIRE(sim);
	uint64_t seq;

	exhaust(sim, GFP_KERNEL);
	exhaust(sim, GFP_ATOMIC);
	seq = sim_dmesg_seq(sim);
	CHECK_EQ_UL(run(sim, &req, GFP_ATOMIC | GFP_F_NOWARN, 0), PFN_NONE);
	CHECK(took(&req, ALLOC_STAGE_NOPAGE));
	CHECK_EQ_UL(sim_dmesg_seq(sim), seq);
	CHECK_EQ_UL(run(sim, &req, GFP_ATOMIC, 0), PFN_NONE);
	CHECK(sim_dmesg_seq(sim) > seq);
	sim_destroy(sim);
}

TEST(slowpath_thisnode_without_reclaim_fails_early)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;

	REQUIRE(sim);
	exhaust(sim, GFP_KERNEL);
	CHECK_EQ_UL(run(sim, &req, GFP_NOWAIT | GFP_F_THISNODE, 0), PFN_NONE);
	CHECK(took(&req, ALLOC_STAGE_THISNODE));
	CHECK(!took(&req, ALLOC_STAGE_WAKE_KSWAPD));
	CHECK(!took(&req, ALLOC_STAGE_MIN_WMARK));
	CHECK(took(&req, ALLOC_STAGE_NOPAGE));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* The dmesg lines since @from, as one string (caller frees). */
static char *log_since(const struct sim *sim, uint64_t from)
{
	struct strbuf sb = STRBUF_INIT;

	sim_dmesg_show(sim, &sb, (unsigned long)(sim_dmesg_seq(sim) - from));
	if (sim_dmesg_seq(sim) == from)
		sb_reset(&sb);
	return sb_detach(&sb);
}

TEST(slowpath_order_at_or_above_max_order_warns_once_and_returns_null)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	char *log;

	REQUIRE(sim);
	/* with __GFP_NOWARN the WARN_ON_ONCE condition is false: no WARNING,
	 * and the once-flag stays unset */
	CHECK_EQ_UL(run(sim, &req, GFP_KERNEL | GFP_F_NOWARN, MAX_ORDER), PFN_NONE);
	CHECK_EQ_UL(sim_dmesg_seq(sim), 0);
	CHECK_EQ_UL(run(sim, &req, GFP_KERNEL, MAX_ORDER), PFN_NONE);
	CHECK(took(&req, ALLOC_STAGE_ORDER_CHECK));
	CHECK(!took(&req, ALLOC_STAGE_NOPAGE));
	CHECK(!took(&req, ALLOC_STAGE_GOT_PG));	/* return NULL straight away */
	CHECK(!took(&req, ALLOC_STAGE_WAKE_KSWAPD));
	CHECK_EQ_UL(sim_dmesg_seq(sim), 5);
	log = log_since(sim, 0);
	CHECK(strstr(log, "------------[ cut here ]------------\n") != NULL);
	CHECK(strstr(log, "WARNING: CPU: 0 PID: 1000 at mm/page_alloc.c __alloc_pages_nodemask()"));
	CHECK(strstr(log, "CPU: 0 PID: 1000 Comm: bash Not tainted 4.5.0 #1\n") != NULL);
	CHECK(strstr(log, "---[ end trace ") != NULL);
	CHECK(!strstr(log, "page allocation failure"));
	free(log);
	/* once per boot */
	CHECK_EQ_UL(run(sim, &req, GFP_KERNEL, MAX_ORDER + 3), PFN_NONE);
	CHECK_EQ_UL(sim_dmesg_seq(sim), 5);
	sim_destroy(sim);
}

TEST(slowpath_atomic_with_direct_reclaim_is_fixed)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	uint64_t seq;
	char *log;

	REQUIRE(sim);
	exhaust(sim, GFP_KERNEL);
	seq = sim_dmesg_seq(sim);
	run(sim, &req, GFP_ATOMIC | GFP_F_DIRECT_RECLAIM, 0);
	CHECK(took(&req, ALLOC_STAGE_ATOMIC_FIX));
	CHECK(!(req.gfp_mask & GFP_F_ATOMIC));
	/* without __GFP_ATOMIC it is a plain blocking request: no ALLOC_HARDER */
	CHECK(!(req.alloc_flags & ALLOC_HARDER));
	/* WARN_ON_ONCE: the WARNING block first, once per boot; the first WARN
	 * of this boot finds the kernel not yet tainted */
	log = log_since(sim, seq);
	CHECK(strncmp(strstr(log, "] ") ? strstr(log, "] ") + 2 : "", "------------[ cut here ]", 24) == 0);
	CHECK(strstr(log, "Comm: bash Not tainted 4.5.0 #1") != NULL);
	free(log);
	seq = sim_dmesg_seq(sim);
	run(sim, &req, GFP_ATOMIC | GFP_F_DIRECT_RECLAIM, 0);
	CHECK(took(&req, ALLOC_STAGE_ATOMIC_FIX));
	log = log_since(sim, seq);
	CHECK(!strstr(log, "cut here"));
	free(log);
	/* a later WARN elsewhere sees the taint */
	seq = sim_dmesg_seq(sim);
	run(sim, &req, GFP_KERNEL, MAX_ORDER);
	log = log_since(sim, seq);
	CHECK(strstr(log, "Comm: bash Tainted: G        W       4.5.0 #1") != NULL);
	free(log);
	sim_destroy(sim);
}

TEST(slowpath_oom_victim_allocates_below_min)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	struct task *t;
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "victim", 0, -1, 0);
	REQUIRE(pid > 0);
	exhaust(sim, GFP_KERNEL);
	t = task_lookup(sim, pid);
	t->memdie = true;
	sim->oom_victims++;
	task_switch(sim, t);
	CHECK(run(sim, &req, GFP_KERNEL, 0) != PFN_NONE);
	CHECK(took(&req, ALLOC_STAGE_MIN_WMARK));
	CHECK(req.alloc_flags & ALLOC_NO_WATERMARKS);
	CHECK(!took(&req, ALLOC_STAGE_DIRECT_RECLAIM));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(slowpath_memalloc_task_does_not_recurse_into_reclaim)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	struct task *t;
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "reclaimer", 0, -1, 0);
	exhaust(sim, GFP_KERNEL);
	exhaust(sim, GFP_ATOMIC | GFP_F_MEMALLOC);	/* empty every reserve */
	t = task_lookup(sim, pid);
	t->flags |= PF_MEMALLOC;
	task_switch(sim, t);
	CHECK_EQ_UL(run(sim, &req, GFP_KERNEL, 0), PFN_NONE);
	CHECK(took(&req, ALLOC_STAGE_NO_WMARKS));
	CHECK(took(&req, ALLOC_STAGE_PF_MEMALLOC));
	CHECK(!took(&req, ALLOC_STAGE_DIRECT_RECLAIM));
	sim_destroy(sim);
}

TEST(slowpath_each_step_emits_one_narration)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	struct trace_event ev[256];
	uint64_t cur;
	unsigned int steps = 0;

	REQUIRE(sim);
	exhaust(sim, GFP_KERNEL);
	exhaust(sim, GFP_ATOMIC);
	REQUIRE(alloc_request_init(sim, &req, GFP_ATOMIC, 0) == 0);
	req.narrate = true;
	for (;;) {
		size_t n, narr = 0;
		enum alloc_stage s = req.stage;
		int more;

		cur = trace_next_seq(sim);
		more = alloc_step(sim, &req);
		n = trace_read(sim, &cur, ev, 256, NULL);
		for (size_t i = 0; i < n; i++)
			narr += ev[i].id == TRACE_bs_alloc_stage && ev[i].stage == (int)s;
		if (s == ALLOC_STAGE_GOT_PG) {
			CHECK(n >= 1 && ev[n - 1].id == TRACE_mm_page_alloc);
		} else {
			CHECK_EQ_UL(narr, 1);
		}
		steps++;
		if (!more)
			break;
	}
	CHECK_EQ_UL(steps, req.nr_path);
	CHECK(!alloc_step(sim, &req));
	sim_destroy(sim);
}

/* ---- with reclaim, compaction and the OOM killer ---- */

TEST(slowpath_clean_page_cache_is_reclaimed_directly)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	int pid, reclaimed = 0;

	REQUIRE(sim);
	pid = task_spawn(sim, "reader", 0, -1, 0);
	REQUIRE(pid > 0);
	/* more clean cache than memory: the reader itself keeps reclaiming */
	CHECK(task_touch(sim, pid, TASK_FILE, 8000) == 8000);
	for (int i = 0; i < 2000 && !reclaimed; i++) {
		if (run(sim, &req, GFP_KERNEL, 0) == PFN_NONE)
			break;
		reclaimed = took(&req, ALLOC_STAGE_DIRECT_RECLAIM);
	}
	CHECK(reclaimed);
	CHECK(req.pfn != PFN_NONE);
	CHECK(sim_vm_event(sim, PGSTEAL_DIRECT_DMA32) + sim_vm_event(sim, PGSTEAL_DIRECT_DMA) > 0);
	CHECK(sim_vm_event(sim, ALLOCSTALL) > 0);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

static struct sim *anon_pressure(int hog_adj, int *hog, int *small)
{
	struct sim *sim = boot_preset("tiny");

	if (!sim)
		return NULL;
	*hog = task_spawn(sim, "hog", hog_adj, -1, 0);
	*small = task_spawn(sim, "small", 0, -1, 0);
	task_touch(sim, *small, TASK_ANON, 600);
	/* the hog fills the rest; with no swap nothing can be reclaimed */
	task_touch(sim, *hog, TASK_ANON, 2400);
	return sim;
}

TEST(slowpath_oom_kills_the_biggest_and_the_retry_succeeds)
{
	int hog, small;
	struct sim *sim = anon_pressure(0, &hog, &small);
	struct alloc_request req;
	unsigned long pfn = 0;

	REQUIRE(sim);
	for (int i = 0; i < 5000 && !sim_vm_event(sim, OOM_KILL); i++)
		pfn = run(sim, &req, GFP_KERNEL, 0);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 1);
	CHECK(took(&req, ALLOC_STAGE_MAY_OOM));
	CHECK(pfn != PFN_NONE);		/* the retry after the kill worked */
	sim_tick(sim, 5);
	CHECK(task_find(sim, hog) == NULL);
	CHECK(task_find(sim, small) != NULL);
	CHECK(dmesg_has(sim, "Out of memory: Kill process"));
	CHECK(dmesg_has(sim, "(hog)"));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(slowpath_oom_never_picks_adj_minus_1000)
{
	int hog, small;
	struct sim *sim = anon_pressure(OOM_SCORE_ADJ_MIN, &hog, &small);
	struct alloc_request req;

	REQUIRE(sim);
	for (int i = 0; i < 5000 && !sim_vm_event(sim, OOM_KILL); i++)
		run(sim, &req, GFP_KERNEL, 0);
	sim_tick(sim, 5);
	CHECK(task_find(sim, hog) != NULL);
	CHECK(task_find(sim, small) == NULL);
	sim_destroy(sim);
}

TEST(slowpath_noretry_never_calls_the_oom_killer)
{
	int hog, small;
	struct sim *sim = anon_pressure(0, &hog, &small);
	struct alloc_request req;
	bool failed = false;

	REQUIRE(sim);
	for (int i = 0; i < 5000 && !failed; i++)
		failed = run(sim, &req, GFP_KERNEL | GFP_F_NORETRY, 0) == PFN_NONE;
	CHECK(failed);
	CHECK(took(&req, ALLOC_STAGE_NORETRY));
	CHECK(!took(&req, ALLOC_STAGE_MAY_OOM));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	CHECK(task_find(sim, hog) != NULL);
	sim_destroy(sim);
}

TEST(slowpath_costly_order_skips_the_oom_killer)
{
	int hog, small;
	struct sim *sim = anon_pressure(0, &hog, &small);
	struct alloc_request req;

	REQUIRE(sim);
	exhaust(sim, GFP_KERNEL | GFP_F_NORETRY);
	CHECK_EQ_UL(run(sim, &req, GFP_KERNEL | GFP_F_NOWARN, 4), PFN_NONE);
	CHECK(took(&req, ALLOC_STAGE_MAY_OOM));
	CHECK(took(&req, ALLOC_STAGE_NORETRY_COMPACT));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	sim_destroy(sim);
}

TEST(slowpath_transhuge_with_deferred_compaction_fails_fast)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;

	REQUIRE(sim);
	exhaust(sim, GFP_KERNEL);
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			for (int k = 0; k < COMPACT_MAX_DEFER_SHIFT; k++)
				defer_compaction(sim, &sim->node_data[nid]->node_zones[zid], 9);
	CHECK_EQ_UL(run(sim, &req, GFP_TRANSHUGE, 9), PFN_NONE);
	if (!took(&req, ALLOC_STAGE_THP_CHECK))
		print_path(&req);
	CHECK(!took(&req, ALLOC_STAGE_WAKE_KSWAPD));	/* GFP_TRANSHUGE drops kswapd */
	CHECK(took(&req, ALLOC_STAGE_DIRECT_COMPACT));
	CHECK(req.deferred_compaction);
	CHECK(took(&req, ALLOC_STAGE_THP_CHECK));
	CHECK(!took(&req, ALLOC_STAGE_DIRECT_RECLAIM));
	sim_destroy(sim);
}

TEST(slowpath_nofail_is_bounded)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	struct trace_event ev[64];
	uint64_t cur;
	size_t n, null_allocs = 0;

	REQUIRE(sim);
	exhaust(sim, GFP_KERNEL);
	exhaust(sim, GFP_ATOMIC | GFP_F_MEMALLOC);
	cur = trace_next_seq(sim);
	/* GFP_NOFS: the OOM killer is never called, progress is claimed anyway */
	CHECK_EQ_UL(run(sim, &req, GFP_NOFS | GFP_F_NOFAIL, 0), PFN_NONE);
	CHECK(req.looped_out);
	/* the kernel never returns from it: no mm_page_alloc page=(null) */
	while ((n = trace_read(sim, &cur, ev, 64, NULL)) > 0)
		for (size_t i = 0; i < n; i++)
			null_allocs += ev[i].id == TRACE_mm_page_alloc && ev[i].pfn == PFN_NONE;
	CHECK_EQ_UL(null_allocs, 0);
	CHECK(strstr(req.why, "the kernel would keep looping") != NULL ||
	      took(&req, ALLOC_STAGE_NOPAGE));
	CHECK(req.nr_retries > ALLOC_MAX_RETRIES);
	sim_destroy(sim);
}

TEST(slowpath_kswapd_wakes_below_low_and_stops_at_high)
{
	struct sim *sim = boot_preset("tiny");
	const struct zone *z;
	int pid;

	REQUIRE(sim);
	z = sim_zone(sim, 0, ZONE_DMA32);
	pid = task_spawn(sim, "reader", 0, -1, 0);
	CHECK_EQ_L(sim->node_data[0]->kswapd.state, KTHREAD_SLEEPING);
	/* page cache down to just below low: the slow path wakes kswapd */
	while (zone_page_state(z, NR_FREE_PAGES) > z->watermark[WMARK_LOW])
		task_touch(sim, pid, TASK_FILE, 16);
	task_touch(sim, pid, TASK_FILE, 64);
	CHECK(sim->node_data[0]->kswapd.state != KTHREAD_SLEEPING ||
	      sim_vm_event(sim, PAGEOUTRUN) > 0);
	sim_tick(sim, 2000);
	CHECK(sim_vm_event(sim, PAGEOUTRUN) > 0);
	CHECK(zone_page_state(z, NR_FREE_PAGES) > z->watermark[WMARK_HIGH]);
	CHECK_EQ_L(sim->node_data[0]->kswapd.state, KTHREAD_SLEEPING);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(slowpath_repeat_retries_a_costly_order_until_enough_reclaimed)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	static unsigned long pfns[8192];
	unsigned long pfn, n = 0;

	REQUIRE(sim);
	/* every page allocated; odd pfns become clean page cache, even ones stay
	 * pinned, so reclaim frees single pages and never an order-5 block */
	while (n < 8192 && (pfn = alloc_pages(sim, GFP_HIGHUSER_MOVABLE | GFP_F_NORETRY |
					      GFP_F_NOWARN, 0)) != PFN_NONE)
		pfns[n++] = pfn;
	/* the reserves and the per-cpu lists too: not one free page left */
	for (int pass = 0; pass < 2; pass++) {
		while (n < 8192 && (pfn = alloc_pages(sim, GFP_ATOMIC | GFP_F_MEMALLOC |
						      GFP_F_NOWARN, 0)) != PFN_NONE)
			pfns[n++] = pfn;
		drain_all_pages(sim, NULL);
	}
	CHECK_EQ_UL(sim_nr_free_pages(sim), 0);
	for (unsigned long i = 0; i < n; i++)
		if (pfns[i] & 1) {
			lru_cache_add(sim, pfns[i], LRU_INACTIVE_FILE);
			mod_zone_page_state(page_zone(sim, pfns[i]), NR_FILE_PAGES, 1);
		}
	/* reclaim for order 6 goes on to 2 << 6 pages (should_continue_reclaim),
	 * more than the 1 << 6 __GFP_REPEAT asks for: one round, then may_oom,
	 * which does not kill for costly orders, then the noretry compaction */
	CHECK_EQ_UL(run(sim, &req, GFP_KERNEL | GFP_F_REPEAT | GFP_F_NOWARN, 6), PFN_NONE);
	CHECK_EQ_UL(times(&req, ALLOC_STAGE_SHOULD_RETRY), 1);
	CHECK_EQ_UL(times(&req, ALLOC_STAGE_MAY_OOM), 1);
	CHECK(req.pages_reclaimed >= 64);
	CHECK(took(&req, ALLOC_STAGE_NORETRY_COMPACT));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);

	/* the rule itself, at the SHOULD_RETRY stage: progress 10 of 64 loops... */
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_REPEAT | GFP_F_NOWARN, 6) == 0);
	req.stage = ALLOC_STAGE_SHOULD_RETRY;
	req.did_some_progress = 10;
	req.pages_reclaimed = 50;
	alloc_step(sim, &req);
	CHECK_EQ_L(req.stage, ALLOC_STAGE_WAKE_KSWAPD);
	CHECK_EQ_UL(req.pages_reclaimed, 60);
	/* ... 60 + 10 >= 64 stops */
	req.stage = ALLOC_STAGE_SHOULD_RETRY;
	alloc_step(sim, &req);
	CHECK_EQ_L(req.stage, ALLOC_STAGE_MAY_OOM);
	/* without __GFP_REPEAT a costly order never loops on progress */
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_NOWARN, 6) == 0);
	req.stage = ALLOC_STAGE_SHOULD_RETRY;
	req.did_some_progress = 10;
	alloc_step(sim, &req);
	CHECK_EQ_L(req.stage, ALLOC_STAGE_MAY_OOM);
	/* and order <= 3 loops on any progress, however small */
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_NOWARN, 3) == 0);
	req.stage = ALLOC_STAGE_SHOULD_RETRY;
	req.did_some_progress = 1;
	alloc_step(sim, &req);
	CHECK_EQ_L(req.stage, ALLOC_STAGE_WAKE_KSWAPD);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
