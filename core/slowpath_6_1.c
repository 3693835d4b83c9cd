/* core/slowpath_6_1.c - an allocation request under Linux 6.1, as a
 * steppable state machine.
 * Models mm/page_alloc.c (6.1.y) __alloc_pages() and
 * __alloc_pages_slowpath(), with __alloc_pages_direct_compact(),
 * __alloc_pages_direct_reclaim(), should_reclaim_retry(),
 * should_compact_retry(), __alloc_pages_may_oom() and
 * __alloc_pages_cpuset_fallback().
 *
 * One step per stage, each named after 6.1's code; a check whose condition
 * does not hold costs no step.
 *
 *   FASTPATH -> [ATOMIC_FIX]
 *   restart: ALLOC_FLAGS -> [WAKE_KSWAPD] -> MIN_WMARK
 *            [COSTLY_COMPACT (async) -> [THP_NORETRY]]
 *   retry:   [RETRY_KSWAPD] -> RETRY_FREELIST (reserve flags)
 *            [CAN_RECLAIM] [PF_MEMALLOC] -> DIRECT_RECLAIM (a step per
 *            priority) -> [DIRECT_COMPACT] -> [NORETRY] [COSTLY_NORETRY]
 *            -> RECLAIM_RETRY -> retry | [COMPACT_RETRY] -> retry
 *            -> MAY_OOM -> retry | [OOM_VICTIM]
 *   nopage:  [NOFAIL -> retry] | NOPAGE;  got_pg: GOT_PG -> DONE
 *
 * Where 4.5 retried while reclaim made "progress", 6.1 counts: at most 16
 * rounds without progress (should_reclaim_retry), and each round only while
 * some zone would pass its min mark if all its reclaimable pages were freed;
 * compaction climbs from async to sync priorities before giving up
 * (should_compact_retry); costly orders fail early unless
 * __GFP_RETRY_MAYFAIL; the OOM killer is never called for them, nor for
 * __GFP_RETRY_MAYFAIL or __GFP_THISNODE, nor for lowmem-only requests.
 *
 * Direct reclaim is 6.1's, by node (core/vmscan_6_1.c): its result is
 * pages reclaimed, or 1 if it stopped for compaction, or 0.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/buddy.h"
#include "buddyscope/compaction.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/vmscan.h"
#include "compaction_6_1.h"
#include "internal.h"
#include "oom_internal.h"
#include "page_alloc_6_1.h"
#include "page_alloc_fast.h"

/* X(id, kernel function, flow node on the screen) */
#define ALLOC_STAGES_6_1(X)						\
	X(FASTPATH,	"get_page_from_freelist", FLOW_FAST)			\
	X(ATOMIC_FIX,	"__alloc_pages_slowpath", FLOW_KSWAPD)			\
	X(ALLOC_FLAGS,	"gfp_to_alloc_flags", FLOW_KSWAPD)			\
	X(WAKE_KSWAPD,	"wake_all_kswapds", FLOW_KSWAPD)			\
	X(MIN_WMARK,	"get_page_from_freelist", FLOW_MIN)			\
	X(COSTLY_COMPACT, "__alloc_pages_direct_compact", FLOW_COMPACT)		\
	X(THP_NORETRY,	"__alloc_pages_slowpath", FLOW_COMPACT)			\
	X(RETRY_KSWAPD,	"wake_all_kswapds", FLOW_KSWAPD)			\
	X(RETRY_FREELIST, "get_page_from_freelist", FLOW_RESERVES)		\
	X(CAN_RECLAIM,	"__alloc_pages_slowpath", FLOW_RESERVES)		\
	X(PF_MEMALLOC,	"__alloc_pages_slowpath", FLOW_RESERVES)		\
	X(DIRECT_RECLAIM, "__alloc_pages_direct_reclaim", FLOW_RECLAIM)		\
	X(DIRECT_COMPACT, "__alloc_pages_direct_compact", FLOW_COMPACT)		\
	X(NORETRY,	"__alloc_pages_slowpath", FLOW_RETRY)			\
	X(COSTLY_NORETRY, "__alloc_pages_slowpath", FLOW_RETRY)			\
	X(RECLAIM_RETRY, "should_reclaim_retry", FLOW_RETRY)			\
	X(COMPACT_RETRY, "should_compact_retry", FLOW_RETRY)			\
	X(MAY_OOM,	"__alloc_pages_may_oom", FLOW_OOM)			\
	X(OOM_VICTIM,	"__alloc_pages_slowpath", FLOW_OOM)			\
	X(NOFAIL,	"__alloc_pages_cpuset_fallback", FLOW_NOPAGE)		\
	X(NOPAGE,	"warn_alloc", FLOW_NOPAGE)				\
	X(GOT_PG,	"__alloc_pages", FLOW_GOT_PG)				\
	X(DONE,		"__alloc_pages", FLOW_DONE)

enum alloc_stage_6_1 {
#define X(id, fn, flow) S61_##id,
	ALLOC_STAGES_6_1(X)
#undef X
	NR_ALLOC_STAGES_6_1
};

static const struct alloc_stage_desc slowpath_stages_6_1[NR_ALLOC_STAGES_6_1] = {
#define X(id, fn, flow) { #id, fn, flow },
	ALLOC_STAGES_6_1(X)
#undef X
};

__attribute__((format(printf, 3, 4)))
static void say(struct sim *sim, struct alloc_request *req, const char *fmt, ...)
{
	struct trace_event *ev;
	va_list ap;

	if (!req->narrate)
		return;
	va_start(ap, fmt);
	vsnprintf(req->why, sizeof(req->why), fmt, ap);
	va_end(ap);
	ev = trace_emit(sim, TRACE_bs_alloc_stage);
	ev->stage = req->stage;
	ev->order = (uint8_t)req->order;
	ev->gfp_mask = req->gfp_mask;
	ev->pfn = req->pfn;
	memcpy(ev->msg, req->why, sizeof(ev->msg));
}

static void enter(struct alloc_request *req, enum alloc_stage_6_1 next)
{
	alloc_enter(req, next, S61_DONE, req->quiet);
}

static bool costly(const struct alloc_request *req)
{
	return req->order > PAGE_ALLOC_COSTLY_ORDER;
}

/* gfp_compaction_allowed() (6.1.y): compaction needs __GFP_IO */
static bool can_compact(const struct alloc_request *req)
{
	return (req->gfp_mask & GFP_F_IO) != 0;
}

/* Say how a freelist walk ended, with the numbers the checks used. */
static void attempt_say(struct sim *sim, struct alloc_request *req, unsigned int flags,
			const char *what)
{
	const struct zone_verdict *v = NULL;
	char check[TRACE_MSG_LEN];

	for (unsigned int i = 0; i < req->nr_verdicts; i++)
		v = &req->verdicts[i];
	if (v)
		wmark_terms_format(&v->wm, req->order, wmark_names[v->wmark], check, sizeof(check));
	if (req->pfn != PFN_NONE && v && (flags & ALLOC_NO_WATERMARKS))
		say(sim, req, "%s: took pfn %#lx from node %d %s (ALLOC_NO_WATERMARKS: no check)",
		    what, req->pfn, v->nid, zone_names[v->zid]);
	else if (req->pfn != PFN_NONE && v)
		say(sim, req, "%s: took pfn %#lx from node %d %s (%s)", what, req->pfn, v->nid,
		    zone_names[v->zid], check);
	else if (req->pfn != PFN_NONE)
		say(sim, req, "%s: took pfn %#lx", what, req->pfn);
	else if (v && v->kind == ZV_WMARK_FAIL && v->failed_order < 0)
		say(sim, req, "%s failed: last zone node %d %s: %s", what, v->nid,
		    zone_names[v->zid], check);
	else if (v && v->kind == ZV_WMARK_FAIL)
		say(sim, req, "%s failed: enough free pages, but no free block of order >= %u "
		    "(node %d %s)", what, req->order, v->nid, zone_names[v->zid]);
	else
		say(sim, req, "%s failed in all %u zones checked", what, req->nr_verdicts);
}

/* One freelist walk, narrated. */
static bool attempt(struct sim *sim, struct alloc_request *req, gfp_t gfp, unsigned int flags,
		    const char *what)
{
	req->pfn = get_page_from_freelist_6_1(sim, req, gfp, flags);
	if (req->narrate)
		attempt_say(sim, req, flags, what);
	return req->pfn != PFN_NONE;
}

/* ---- labels ---- */

static void goto_nopage(struct alloc_request *req)
{
	/* nopage: __GFP_NOFAIL loops (only a blocking caller may ask for it) */
	enter(req, (req->gfp_mask & GFP_F_NOFAIL) && req->can_direct_reclaim ? S61_NOFAIL
									       : S61_NOPAGE);
}

static void goto_retry(struct sim *sim, struct alloc_request *req)
{
	if (++req->nr_retries > ALLOC_MAX_RETRIES) {
		req->looped_out = true;
		say(sim, req, "retry %u: the kernel would keep looping here; buddyscope stops the "
		    "request", req->nr_retries);
		enter(req, S61_NOPAGE);
		return;
	}
	enter(req, (req->alloc_flags & ALLOC_KSWAPD) ? S61_RETRY_KSWAPD : S61_RETRY_FREELIST);
}

/* ---- the stages ---- */

/* Models: wake_all_kswapds() (6.1): once per node of the zonelist, with
 * the request's highest zone. */
static void wake_all_kswapds(struct sim *sim, struct alloc_request *req)
{
	const struct zoneref *zr =
		sim->node_data[req->ac.zonelist_nid]->node_zonelists[req->ac.zonelist_idx]._zonerefs;
	const struct pglist_data *last = NULL;
	unsigned int woken = 0;

	for (; zr->zone; zr++) {
		const struct pglist_data *pgdat = zr->zone->zone_pgdat;
		enum kthread_state before = pgdat->kswapd.state;

		if (zr->zone_idx > req->ac.high_zoneidx || !zr->zone->managed_pages ||
		    pgdat == last)
			continue;
		last = pgdat;
		wakeup_kswapd_gfp(sim, zr->zone, req->gfp_mask, (int)req->order,
				  req->ac.high_zoneidx);
		woken += before != KTHREAD_RUNNING && pgdat->kswapd.state == KTHREAD_RUNNING;
	}
	say(sim, req, woken ? "woke kswapd (order %u, highest zone %s)" : "kswapd asked for "
	    "order %u, highest zone %s (already awake, or its node is balanced)", req->order,
	    zone_names[req->ac.high_zoneidx]);
}

/* Models: __alloc_pages_direct_compact() (6.1). Return: got a page. */
static bool direct_compact(struct sim *sim, struct alloc_request *req, int prio)
{
	struct task *cur = current_task(sim);
	unsigned int saved = cur->flags;
	struct zone *z;

	req->pfn = PFN_NONE;
	cur->flags |= PF_MEMALLOC;	/* memalloc_noreclaim_save() */
	req->compact_result = try_to_compact_pages_6_1(sim, req->gfp_mask, req->order,
						       req->alloc_flags, &req->ac, prio);
	cur->flags = saved;
	if (req->compact_result == COMPACT6_SKIPPED) {
		say(sim, req, "%s compaction skipped: %s", compact_priority_name(prio),
		    can_compact(req) ? "no zone has free pages to migrate into (or all are "
		    "deferred)" : "no __GFP_IO, compaction not allowed");
		return false;
	}
	count_vm_events(sim, COMPACTSTALL, 1);
	req->pfn = get_page_from_freelist_6_1(sim, req, req->gfp_mask, req->alloc_flags);
	if (req->pfn == PFN_NONE) {
		count_vm_events(sim, COMPACTFAIL, 1);
		say(sim, req, "%s compaction ran (%s) but the order-%u attempt still failed",
		    compact_priority_name(prio), compact_result_name_6_1(req->compact_result),
		    req->order);
		return false;
	}
	z = page_zone(sim, req->pfn);
	z->compact_blockskip_flush = false;
	compaction_defer_reset(sim, z, (int)req->order, true);
	count_vm_events(sim, COMPACTSUCCESS, 1);
	say(sim, req, "%s compaction (%s) made an order-%u block: took pfn %#lx from %s",
	    compact_priority_name(prio), compact_result_name_6_1(req->compact_result), req->order,
	    req->pfn, z->name);
	return true;
}

/* Where the slow path goes once direct compaction did not give a page. */
static void after_direct_compact(struct alloc_request *req)
{
	if (req->gfp_mask & GFP_F_NORETRY)
		enter(req, S61_NORETRY);
	else if (costly(req) && (!can_compact(req) || !(req->gfp_mask & GFP_F_RETRY_MAYFAIL)))
		enter(req, S61_COSTLY_NORETRY);
	else
		enter(req, S61_RECLAIM_RETRY);
}

static void after_direct_reclaim(struct alloc_request *req)
{
	if (req->order)		/* __alloc_pages_direct_compact returns at once for 0 */
		enter(req, S61_DIRECT_COMPACT);
	else
		after_direct_compact(req);
}

/*
 * Models: __alloc_pages_direct_reclaim() (6.1): __perform_reclaim() ->
 * try_to_free_pages(), one priority pass a step; with progress a freelist
 * attempt, and once more after unreserve_highatomic_pageblock(ac, false)
 * and drain_all_pages().
 */
static void stage_direct_reclaim(struct sim *sim, struct alloc_request *req)
{
	struct task *cur = current_task(sim);
	unsigned int saved = cur->flags;

	switch (req->phase) {
	case 0:
		direct_reclaim_begin_6_1(sim, &req->sc, req->gfp_mask, (int)req->order);
		req->phase = 1;
		say(sim, req, "direct reclaim: try_to_free_pages wants %lu pages, starting at "
		    "priority %d", req->sc.nr_to_reclaim, req->sc.priority);
		return;
	case 1:
		cur->flags |= PF_MEMALLOC;
		if (direct_reclaim_step_6_1(sim, &req->sc, &req->ac)) {
			cur->flags = saved;
			say(sim, req, "shrink_zones at priority %d: %lu scanned, %lu reclaimed so far",
			    req->sc.pass_priority, req->sc.total_scanned, req->sc.nr_reclaimed);
			return;
		}
		cur->flags = saved;
		/* do_try_to_free_pages (6.1): pages reclaimed, or 1 to let
		 * compaction run, else 0 */
		req->did_some_progress = req->sc.nr_reclaimed ? req->sc.nr_reclaimed :
					 req->sc.compaction_ready ? 1 : 0;
		if (!req->did_some_progress) {
			say(sim, req, "direct reclaim made no progress (%lu scanned)",
			    req->sc.total_scanned);
			after_direct_reclaim(req);
			return;
		}
		if (attempt(sim, req, req->gfp_mask, req->alloc_flags, "after reclaiming")) {
			enter(req, S61_GOT_PG);
			return;
		}
		req->phase = 2;
		return;
	default:
		unreserve_highatomic_pageblock_6_1(sim, &req->ac, false);
		drain_all_pages(sim, NULL);
		if (attempt(sim, req, req->gfp_mask, req->alloc_flags, "after drain_all_pages"))
			enter(req, S61_GOT_PG);
		else
			after_direct_reclaim(req);
		return;
	}
}

/*
 * Models: should_reclaim_retry() (6.1). Progress resets the count for
 * orders <= 3; anything else counts a round without progress. Past 16 such
 * rounds, give up. Otherwise retry while some zone would pass its min mark
 * (boost included) at the order with all of its reclaimable pages freed.
 * Before the OOM path, a last resort: unreserve a highatomic pageblock.
 */
static bool should_reclaim_retry(struct sim *sim, struct alloc_request *req, bool *unreserved)
{
	const struct zoneref *zr;

	*unreserved = false;
	if (req->did_some_progress && req->order <= PAGE_ALLOC_COSTLY_ORDER)
		req->no_progress_loops = 0;
	else
		req->no_progress_loops++;
	req->retry_zid = -1;
	if (req->no_progress_loops > MAX_RECLAIM_RETRIES)
		goto out;
	zr = sim->node_data[req->ac.zonelist_nid]->node_zonelists[req->ac.zonelist_idx]._zonerefs;
	for (; zr->zone; zr++) {
		const struct zone *z = zr->zone;

		if (zr->zone_idx > req->ac.high_zoneidx)
			continue;
		req->retry_zid = z->zid;
		req->retry_reclaimable = zone_reclaimable_pages(sim, z);
		req->retry_available = req->retry_reclaimable + zone_page_state(z, NR_FREE_PAGES);
		req->retry_min_wmark = wmark_pages_6_1(z, WMARK_MIN);
		if (zone_watermark_ok_6_1(z, req->order, req->retry_min_wmark, req->ac.high_zoneidx,
					  req->alloc_flags, (long)req->retry_available))
			return true;
	}
out:
	*unreserved = unreserve_highatomic_pageblock_6_1(sim, &req->ac, true);
	return *unreserved;
}

static void stage_reclaim_retry(struct sim *sim, struct alloc_request *req)
{
	bool unreserved;

	if (should_reclaim_retry(sim, req, &unreserved)) {
		if (unreserved)
			say(sim, req, "no zone can reach its min mark, but a highatomic pageblock "
			    "was released: retry");
		else
			say(sim, req, "no_progress_loops %d <= %d and %s would have %lu available "
			    "(%lu reclaimable) > min %lu: retry", req->no_progress_loops,
			    MAX_RECLAIM_RETRIES, zone_names[req->retry_zid], req->retry_available,
			    req->retry_reclaimable, req->retry_min_wmark);
		goto_retry(sim, req);
		return;
	}
	if (req->no_progress_loops > MAX_RECLAIM_RETRIES)
		say(sim, req, "no_progress_loops %d > MAX_RECLAIM_RETRIES (%d): stop reclaiming",
		    req->no_progress_loops, MAX_RECLAIM_RETRIES);
	else if (req->retry_zid >= 0)
		say(sim, req, "even with all reclaimable pages freed, %s would have only %lu "
		    "(%lu reclaimable) for min %lu: stop reclaiming", zone_names[req->retry_zid],
		    req->retry_available, req->retry_reclaimable, req->retry_min_wmark);
	else
		say(sim, req, "no zone to reclaim from: stop reclaiming");
	if (req->did_some_progress && can_compact(req) && req->order)
		enter(req, S61_COMPACT_RETRY);
	else
		enter(req, S61_MAY_OOM);
}

/*
 * Models: should_compact_retry() (6.1). A successful compaction counts a
 * retry (at most 16, 4 for costly orders); "failed" (COMPLETE) or
 * "withdrawn" (deferred, contended, partial skip) raise the priority once
 * more down to its floor (SYNC_LIGHT for costly, SYNC_FULL otherwise);
 * SKIPPED retries while reclaim could make room (compaction_zonelist_suitable).
 */
static void stage_compact_retry(struct sim *sim, struct alloc_request *req)
{
	int max_retries = 16, min_prio, r = req->compact_result;
	const char *why;

	if (compaction_made_progress(r))
		req->compaction_retries++;
	if (compaction_failed(r) || compaction_withdrawn(r)) {
		why = compaction_failed(r) ? "failed" : "withdrawn";
		goto check_priority;
	}
	if (compaction_needs_reclaim(r)) {
		bool ok = compaction_zonelist_suitable(sim, &req->ac, req->order, req->alloc_flags);

		say(sim, req, "compaction was skipped; %s", ok ? "reclaim could make room for "
		    "it: retry" : "even reclaim would not make room: no retry");
		if (ok)
			goto_retry(sim, req);
		else
			enter(req, S61_MAY_OOM);
		return;
	}
	if (costly(req))
		max_retries /= 4;
	if (req->compaction_retries <= max_retries) {
		say(sim, req, "compaction %s, compaction_retries %d <= %d: retry",
		    compact_result_name_6_1(r), req->compaction_retries, max_retries);
		goto_retry(sim, req);
		return;
	}
	why = "out of retries";
check_priority:
	min_prio = costly(req) ? MIN_COMPACT_COSTLY_PRIORITY : MIN_COMPACT_PRIORITY;
	if (req->compact_priority > min_prio) {
		req->compact_priority--;
		req->compaction_retries = 0;
		say(sim, req, "compaction %s (%s): retry at %s", compact_result_name_6_1(r), why,
		    compact_priority_name(req->compact_priority));
		goto_retry(sim, req);
		return;
	}
	say(sim, req, "compaction %s (%s) at %s already: no retry", compact_result_name_6_1(r),
	    why, compact_priority_name(req->compact_priority));
	enter(req, S61_MAY_OOM);
}

/* Models: __alloc_pages_cpuset_fallback() (6.1): with ALLOC_CPUSET, then
 * without (no cpusets here: the same zones twice). */
static bool cpuset_fallback(struct sim *sim, struct alloc_request *req, unsigned int flags,
			    const char *what)
{
	return attempt(sim, req, req->gfp_mask, flags | ALLOC_CPUSET, what) ||
	       attempt(sim, req, req->gfp_mask, flags, what);
}

/*
 * Models: __alloc_pages_may_oom() (6.1). A last attempt at the high mark
 * catches a parallel kill; then the reasons not to kill; then
 * out_of_memory(). A request without __GFP_FS counts as progress without a
 * kill (out_of_memory returns true for it).
 * SIMPLIFICATION: the victim gets a jiffy to exit (6.1's oom_reaper frees
 * its memory concurrently while the allocator retries).
 */
static void stage_may_oom(struct sim *sim, struct alloc_request *req)
{
	gfp_t gfp = req->gfp_mask;
	const char *skip = NULL;
	struct oom_control oc = { &req->ac, gfp, (int)req->order, false };
	bool killed;

	req->did_some_progress = 0;
	if (attempt(sim, req, (gfp | GFP_F_HARDWALL) & ~GFP_F_DIRECT_RECLAIM,
		    ALLOC_WMARK_HIGH | ALLOC_CPUSET, "last attempt at high")) {
		enter(req, S61_GOT_PG);
		return;
	}
	if (req->order > PAGE_ALLOC_COSTLY_ORDER)
		skip = "the OOM killer does not help orders above PAGE_ALLOC_COSTLY_ORDER";
	else if (gfp & GFP_F_RETRY_MAYFAIL)
		skip = "__GFP_RETRY_MAYFAIL: fail rather than kill";
	else if (gfp & GFP_F_THISNODE)
		skip = "__GFP_THISNODE: killing may not free memory on this node";
	else if (req->ac.high_zoneidx < ZONE_NORMAL)
		skip = "the OOM killer does not kill for lowmem (DMA/DMA32) requests";
	if (skip) {
		say(sim, req, "%s", skip);
		goto_nopage(req);
		return;
	}
	if (!(gfp & GFP_F_FS)) {
		req->did_some_progress = 1;
		say(sim, req, "no __GFP_FS: out_of_memory kills nothing but reports progress");
		req->no_progress_loops = 0;
		goto_retry(sim, req);
		return;
	}
	killed = out_of_memory_6_1(sim, &oc);
	if (killed || (gfp & GFP_F_NOFAIL)) {
		req->did_some_progress = 1;
		if (killed)
			sim_sleep(sim, 1);
		if ((gfp & GFP_F_NOFAIL) &&
		    cpuset_fallback(sim, req, ALLOC_NO_WATERMARKS, "__GFP_NOFAIL reserves")) {
			enter(req, S61_GOT_PG);
			return;
		}
	}
	if (current_task(sim)->memdie &&
	    ((req->alloc_flags & ALLOC_OOM) || (gfp & GFP_F_NOMEMALLOC))) {
		enter(req, S61_OOM_VICTIM);
		return;
	}
	if (req->did_some_progress) {
		say(sim, req, killed ? "out_of_memory made progress: no_progress_loops = 0, retry"
		    : "__GFP_NOFAIL: out_of_memory did nothing, but the kernel retries anyway");
		req->no_progress_loops = 0;
		goto_retry(sim, req);
		return;
	}
	say(sim, req, "out_of_memory did not kill anything");
	goto_nopage(req);
}

/* After the first attempt: got_pg, or into the slow path (@quiet: the
 * request's, a constant for alloc_pages()). */
static inline __attribute__((always_inline)) void fastpath_end(struct alloc_request *req,
								bool quiet)
{
	if (req->pfn != PFN_NONE) {
		alloc_enter(req, S61_GOT_PG, S61_DONE, quiet);
		return;
	}
	req->ac.spread_dirty_pages = false;
	if ((req->gfp_mask & (GFP_F_ATOMIC | GFP_F_DIRECT_RECLAIM)) ==
	    (GFP_F_ATOMIC | GFP_F_DIRECT_RECLAIM))
		enter(req, S61_ATOMIC_FIX);
	else
		enter(req, S61_ALLOC_FLAGS);
}

/* The first attempt of a stepped request, narrated. */
static void stage_fastpath(struct sim *sim, struct alloc_request *req)
{
	if (req->order >= MAX_ORDER) {	/* alloc_pages() checked it */
		/* __alloc_pages: WARN_ON_ONCE_GFP and NULL, before any trace */
		say(sim, req, "order %u >= MAX_ORDER (%d): WARN_ON_ONCE and return NULL, without a "
		    "failure report", req->order, MAX_ORDER);
		enter(req, S61_DONE);
		return;
	}
	/* no cpusets: no __GFP_HARDWALL added (a new request's alloc_mask is
	 * its gfp_mask already) */
	req->alloc_mask = req->gfp_mask;
	req->alloc_flags = fast_path_alloc_flags_6_1(sim, req);
	attempt(sim, req, req->gfp_mask, req->alloc_flags, "fast path at the low watermark");
	fastpath_end(req, req->quiet);
}

/* restart: the locals start over and the flags are worked out */
static void stage_alloc_flags(struct sim *sim, struct alloc_request *req)
{
	char buf[160];

	req->compaction_retries = 0;
	req->no_progress_loops = 0;
	req->compact_result = COMPACT6_SKIPPED;
	req->compact_priority = DEF_COMPACT_PRIORITY;
	req->alloc_flags = gfp_to_alloc_flags_6_1(sim, req->gfp_mask, req->order);
	alloc_flags_format_6_1(req->alloc_flags, buf, sizeof(buf));
	if (req->ac.preferred_nid < 0) {
		say(sim, req, "no zone at or below %s in the zonelist: nopage",
		    zone_names[req->ac.high_zoneidx]);
		goto_nopage(req);
		return;
	}
	say(sim, req, "alloc_flags = %s", buf);
	enter(req, (req->alloc_flags & ALLOC_KSWAPD) ? S61_WAKE_KSWAPD : S61_MIN_WMARK);
}

static void stage_min_wmark(struct sim *sim, struct alloc_request *req)
{
	if (attempt(sim, req, req->gfp_mask, req->alloc_flags, "attempt with the slow path's flags")) {
		enter(req, S61_GOT_PG);
		return;
	}
	/* costly orders, and non-movable high orders, compact before reclaiming */
	if (req->can_direct_reclaim && can_compact(req) &&
	    (costly(req) || (req->order > 0 && req->ac.migratetype != MIGRATE_MOVABLE)) &&
	    !gfp_pfmemalloc_flags_6_1(sim, req->gfp_mask))
		enter(req, S61_COSTLY_COMPACT);
	else
		goto_retry(sim, req);
}

static void stage_retry_freelist(struct sim *sim, struct alloc_request *req)
{
	char buf[160];

	req->reserve_flags = gfp_pfmemalloc_flags_6_1(sim, req->gfp_mask);
	if (req->reserve_flags) {
		/* no CONFIG_CMA: no ALLOC_CMA to add (page_alloc_6_1.h) */
		req->alloc_flags = req->reserve_flags | (req->alloc_flags & ALLOC_KSWAPD);
		alloc_flags_format_6_1(req->alloc_flags, buf, sizeof(buf));
		say(sim, req, "reserves: alloc_flags = %s", buf);
		/* the local node's zonelist again, memory policies ignored */
		req->ac.zonelist_nid = sim->cpu_to_node[req->cpu];
	}
	if (attempt(sim, req, req->gfp_mask, req->alloc_flags, "retry")) {
		enter(req, S61_GOT_PG);
		return;
	}
	if (!req->can_direct_reclaim)
		enter(req, S61_CAN_RECLAIM);
	else if (current_task(sim)->flags & PF_MEMALLOC)
		enter(req, S61_PF_MEMALLOC);
	else
		enter(req, S61_DIRECT_RECLAIM);
}

/* got_pg: trace_mm_page_alloc() at the end of __alloc_pages, with the
 * page or NULL, and the request is done. */
static inline void got_pg(struct sim *sim, struct alloc_request *req)
{
	alloc_finish(sim, req, S61_DONE, req->quiet);
}

static int slowpath_step_6_1(struct sim *sim, struct alloc_request *req)
{
	int save = sim->cur_cpu;

	/* alloc_step() never steps a finished request (req->done) */
	sim->cur_cpu = req->cpu;
	switch ((enum alloc_stage_6_1)req->stage) {
	case S61_FASTPATH:
		stage_fastpath(sim, req);
		break;
	case S61_ATOMIC_FIX:
		req->gfp_mask &= ~GFP_F_ATOMIC;
		say(sim, req, "__GFP_ATOMIC with __GFP_DIRECT_RECLAIM makes no sense: WARN and clear "
		    "__GFP_ATOMIC");
		enter(req, S61_ALLOC_FLAGS);
		break;
	case S61_ALLOC_FLAGS:
		stage_alloc_flags(sim, req);
		break;
	case S61_WAKE_KSWAPD:
		wake_all_kswapds(sim, req);
		enter(req, S61_MIN_WMARK);
		break;
	case S61_MIN_WMARK:
		stage_min_wmark(sim, req);
		break;
	case S61_COSTLY_COMPACT:
		if (direct_compact(sim, req, INIT_COMPACT_PRIORITY))
			enter(req, S61_GOT_PG);
		else if (costly(req) && (req->gfp_mask & GFP_F_NORETRY))
			enter(req, S61_THP_NORETRY);
		else
			goto_retry(sim, req);
		break;
	case S61_THP_NORETRY:
		if (req->compact_result == COMPACT6_SKIPPED ||
		    req->compact_result == COMPACT6_DEFERRED) {
			say(sim, req, "costly __GFP_NORETRY (a THP fault): compaction %s, fail rather "
			    "than reclaim", compact_result_name_6_1(req->compact_result));
			goto_nopage(req);
		} else {
			req->compact_priority = INIT_COMPACT_PRIORITY;
			say(sim, req, "costly __GFP_NORETRY: reclaim may help, but compaction stays "
			    "async (%s)", compact_priority_name(req->compact_priority));
			goto_retry(sim, req);
		}
		break;
	case S61_RETRY_KSWAPD:
		wake_all_kswapds(sim, req);
		enter(req, S61_RETRY_FREELIST);
		break;
	case S61_RETRY_FREELIST:
		stage_retry_freelist(sim, req);
		break;
	case S61_CAN_RECLAIM:
		say(sim, req, "the caller cannot sleep (no __GFP_DIRECT_RECLAIM): no reclaim, no "
		    "compaction: nopage");
		goto_nopage(req);
		break;
	case S61_PF_MEMALLOC:
		say(sim, req, "%s is itself reclaiming (PF_MEMALLOC): no recursion into reclaim: "
		    "nopage", current_task(sim)->comm);
		goto_nopage(req);
		break;
	case S61_DIRECT_RECLAIM:
		stage_direct_reclaim(sim, req);
		break;
	case S61_DIRECT_COMPACT:
		if (direct_compact(sim, req, req->compact_priority))
			enter(req, S61_GOT_PG);
		else
			after_direct_compact(req);
		break;
	case S61_NORETRY:
		say(sim, req, "__GFP_NORETRY: no retry, no OOM killer: nopage");
		goto_nopage(req);
		break;
	case S61_COSTLY_NORETRY:
		say(sim, req, "order %u is costly (> %d) and %s: nopage", req->order,
		    PAGE_ALLOC_COSTLY_ORDER, can_compact(req) ? "not __GFP_RETRY_MAYFAIL"
		    : "cannot compact (no __GFP_IO)");
		goto_nopage(req);
		break;
	case S61_RECLAIM_RETRY:
		stage_reclaim_retry(sim, req);
		break;
	case S61_COMPACT_RETRY:
		stage_compact_retry(sim, req);
		break;
	case S61_MAY_OOM:
		stage_may_oom(sim, req);
		break;
	case S61_OOM_VICTIM:
		say(sim, req, "%s is an OOM victim and its reserves did not suffice: nopage rather "
		    "than loop", current_task(sim)->comm);
		goto_nopage(req);
		break;
	case S61_NOFAIL:
		if (cpuset_fallback(sim, req, ALLOC_MIN_RESERVE, "__GFP_NOFAIL with ALLOC_MIN_RESERVE"))
			enter(req, S61_GOT_PG);
		else
			goto_retry(sim, req);
		break;
	case S61_NOPAGE:
		req->pfn = PFN_NONE;
		if (req->gfp_mask & GFP_F_NOWARN)
			say(sim, req, "allocation failed; __GFP_NOWARN: no report");
		else
			say(sim, req, "%s: page allocation failure: order:%u", current_task(sim)->comm,
			    req->order);
		warn_alloc_6_1(sim, req->gfp_mask, req->order);
		enter(req, S61_GOT_PG);
		break;
	case S61_GOT_PG:
	default:	/* S61_DONE is never stepped (alloc_step) */
		got_pg(sim, req);
		break;
	}
	sim->cur_cpu = save;
	sim_schedule(sim);
	return req->stage != S61_DONE;
}

/* The first stage of a request alloc_pages() runs: quiet, nobody
 * narrates, get_page_from_freelist() inline (on every alloc_pages()). */
static void first_attempt(struct sim *sim, struct alloc_request *req)
{
	req->alloc_flags = fast_path_alloc_flags_6_1(sim, req);
	req->pfn = get_page_from_freelist_6_1_inline(sim, req, req->gfp_mask, req->alloc_flags,
						     true);
	fastpath_end(req, true);
}

/*
 * Models: __alloc_pages() (6.1): the first attempt, and
 * __alloc_pages_slowpath() only when it fails. Stage for stage what
 * slowpath_step_6_1() until DONE does (the same stages, events and
 * scheduler points), without dispatching when the fast path gets the page
 * (alloc_pages(): nobody watches the stages).
 */
static unsigned long slowpath_run_6_1(struct sim *sim, gfp_t gfp, unsigned int order)
{
	return alloc_pages_run(sim, gfp, order, first_attempt, S61_GOT_PG, S61_DONE);
}

/* `where`'s lines for 6.1's locals (kernel.h alloc_locals). */
static void slowpath_locals_6_1(const struct alloc_request *req, int part, struct strbuf *out)
{
	char buf[256];

	alloc_flags_format_6_1(req->alloc_flags, buf, sizeof(buf));
	if (part == 0) {
		sb_printf(out, "  %-21s= %#x (%s)\n", "alloc_flags", req->alloc_flags, buf);
		return;
	}
	sb_printf(out, "  %-21s= %s\n", "costly_order", costly(req) ? "true" : "false");
	sb_printf(out, "  %-21s= %lu\n", "did_some_progress", req->did_some_progress);
	sb_printf(out, "  %-21s= %d (of %d)\n", "no_progress_loops", req->no_progress_loops,
		  MAX_RECLAIM_RETRIES);
	sb_printf(out, "  %-21s= %s\n", "compact_priority",
		  compact_priority_name(req->compact_priority));
	snprintf(buf, sizeof(buf), "COMPACT_%s", compact_result_name_6_1(req->compact_result));
	for (char *c = buf; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	sb_printf(out, "  %-21s= %s\n", "compact_result", buf);
	sb_printf(out, "  %-21s= %d\n", "compaction_retries", req->compaction_retries);
	alloc_flags_format_6_1(req->reserve_flags, buf, sizeof(buf));
	sb_printf(out, "  %-21s= %#x%s%s%s\n", "reserve_flags", req->reserve_flags,
		  req->reserve_flags ? " (" : "", req->reserve_flags ? buf : "",
		  req->reserve_flags ? ")" : "");
}

/* Where 6.1 is between two steps (kernel.h alloc_frames): as v4.5, with
 * __alloc_pages as the entry. */
static int slowpath_frames_6_1(const struct alloc_request *req, const char **fn, int max)
{
	static const struct frame_stages v61 = { "__alloc_pages", S61_DONE, S61_FASTPATH,
		S61_GOT_PG, S61_DIRECT_RECLAIM };

	return alloc_frames_of(req, &v61, fn, max);
}

/* The kernel functions active at each stage, outermost first. */
static void slowpath_call_chain_6_1(const struct alloc_request *req, struct strbuf *out)
{
	static const char *const reclaim[] = { "__alloc_pages_direct_reclaim", "__perform_reclaim",
		"try_to_free_pages", "do_try_to_free_pages", "shrink_zones", NULL };
	static const char *const compact[] = { "__alloc_pages_direct_compact",
		"try_to_compact_pages", "compact_zone_order", "compact_zone", NULL };
	static const char *const oom[] = { "__alloc_pages_may_oom", "out_of_memory", NULL };
	const char *const *extra = NULL;
	const char *leaf = NULL;

	sb_puts(out, "__alloc_pages");
	switch ((enum alloc_stage_6_1)req->stage) {
	case S61_FASTPATH:
		sb_puts(out, " > get_page_from_freelist");
		return;
	case S61_GOT_PG:
	case S61_DONE:
		return;
	case S61_DIRECT_RECLAIM:
		extra = req->phase == 1 ? reclaim : NULL;
		leaf = req->phase == 1 ? NULL : req->phase == 0 ? "__alloc_pages_direct_reclaim"
							       : "drain_all_pages";
		break;
	case S61_COSTLY_COMPACT:
	case S61_DIRECT_COMPACT:
		extra = compact;
		break;
	case S61_MAY_OOM:
		extra = oom;
		break;
	case S61_WAKE_KSWAPD:
	case S61_RETRY_KSWAPD:
		leaf = "wake_all_kswapds";
		break;
	case S61_ALLOC_FLAGS:
		leaf = "gfp_to_alloc_flags";
		break;
	case S61_MIN_WMARK:
	case S61_RETRY_FREELIST:
		leaf = "get_page_from_freelist";
		break;
	case S61_RECLAIM_RETRY:
		leaf = "should_reclaim_retry";
		break;
	case S61_COMPACT_RETRY:
		leaf = "should_compact_retry";
		break;
	case S61_NOFAIL:
		leaf = "__alloc_pages_cpuset_fallback";
		break;
	case S61_NOPAGE:
		leaf = "warn_alloc";
		break;
	default:
		break;
	}
	sb_puts(out, " > __alloc_pages_slowpath");
	for (; extra && *extra; extra++)
		sb_printf(out, " > %s", *extra);
	if (leaf)
		sb_printf(out, " > %s", leaf);
}

/* Linux 6.1's operations (kernel.h); core/kernel.c points its entry here.
 * kswapd is still the 4.x one (node-based balance_pgdat comes later). */
const struct kernel_ops kernel_ops_6_1 = {
	.alloc_step = slowpath_step_6_1,
	.alloc_pages = slowpath_run_6_1,
	.stages = slowpath_stages_6_1,
	.nr_stages = NR_ALLOC_STAGES_6_1,
	.alloc_call_chain = slowpath_call_chain_6_1,
	.alloc_frames = slowpath_frames_6_1,
	.setup_per_zone_wmarks = setup_per_zone_wmarks_6_1,
	.kswapd_step = kswapd_step,
	.setup_per_zone_lowmem_reserve = setup_per_zone_lowmem_reserve_6_1,
	.setup_zone_pagesets = setup_zone_pagesets_6_1,
	.show_zoneinfo = procfs_show_zoneinfo_6_1,
	.show_vmstat = procfs_show_vmstat_6_1,
	.free_pages = free_pages_6_1,
	.drain_pages_zone = drain_pages_zone_6_1,
	.compaction_suitable = compaction_suitable_raw_6_1,
	.compact_zone = compact_zone_6_1,
	.compact_node = compact_node_6_1,
	.kcompactd_do_zone = kcompactd_do_zone_6_1,
	.alloc_flags_text = alloc_flags_text_6_1,
	.alloc_locals = slowpath_locals_6_1,
	.alloc_flags_format = alloc_flags_format_6_1,
	.direct_reclaim_begin = direct_reclaim_begin_6_1,
	.direct_reclaim_step = direct_reclaim_step_6_1,
};
