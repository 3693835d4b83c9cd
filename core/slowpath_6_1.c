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
 * pages reclaimed, or 1 if it stopped for compaction, or 0. The stages that
 * call out to compaction, reclaim and the OOM killer, and the retry rules,
 * are in slowpath_direct_6_1.c.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/procfs.h"
#include "compaction_6_1.h"
#include "oom_internal.h"
#include "page_alloc_6_1.h"
#include "slowpath_6_1.h"

static const struct alloc_stage_desc slowpath_stages_6_1[NR_ALLOC_STAGES_6_1] = {
#define X(id, fn, flow) { #id, fn, flow },
	ALLOC_STAGES_6_1(X)
#undef X
};

void s61_say(struct sim *sim, struct alloc_request *req, const char *fmt, ...)
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
	/* a narrated walk records the zone it took from (add_verdict) */
	if (req->pfn != PFN_NONE)
		s61_say(sim, req, "%s: took pfn %#lx from node %d %s (%s)", what, req->pfn, v->nid,
		    zone_names[v->zid], (flags & ALLOC_NO_WATERMARKS) ?
		    "ALLOC_NO_WATERMARKS: no check" : check);
	else if (v && v->kind == ZV_WMARK_FAIL && v->failed_order < 0)
		s61_say(sim, req, "%s failed: last zone node %d %s: %s", what, v->nid,
		    zone_names[v->zid], check);
	else if (v && v->kind == ZV_WMARK_FAIL)
		s61_say(sim, req, "%s failed: enough free pages, but no free block of order >= %u "
		    "(node %d %s)", what, req->order, v->nid, zone_names[v->zid]);
	else
		s61_say(sim, req, "%s failed in all %u zones checked", what, req->nr_verdicts);
}

/* One freelist walk, narrated. */
bool s61_attempt(struct sim *sim, struct alloc_request *req, gfp_t gfp, unsigned int flags,
		    const char *what)
{
	req->pfn = get_page_from_freelist_6_1(sim, req, gfp, flags);
	if (req->narrate)
		attempt_say(sim, req, flags, what);
	return req->pfn != PFN_NONE;
}

/* ---- labels ---- */

void s61_goto_retry(struct sim *sim, struct alloc_request *req)
{
	if (++req->nr_retries - req->retry_base > ALLOC_MAX_RETRIES) {
		req->looped_out = true;
		s61_say(sim, req, "retry %u: the kernel would keep looping here; buddyscope stops the "
		    "request", req->nr_retries);
		s61_enter(req, S61_NOPAGE);
		return;
	}
	s61_enter(req, (req->alloc_flags & ALLOC_KSWAPD) ? S61_RETRY_KSWAPD : S61_RETRY_FREELIST);
}

/* ---- the stages ---- */

/* Models: wake_all_kswapds() (6.1): once per node of the zonelist, with
 * the request's highest zone. The account says, per the kernel's tests in
 * wakeup_kswapd(), why a kswapd was not woken: it was already running, its
 * node was hopeless (kswapd_failures), or its zone was balanced for the
 * order. At retry: (RETRY_KSWAPD) 6.1 wakes them again on every loop, so
 * that kswapd does not go to sleep while the request keeps trying. */
static void wake_all_kswapds(struct sim *sim, struct alloc_request *req)
{
	const struct zoneref *zr =
		sim->node_data[req->ac.zonelist_nid]->node_zonelists[req->ac.zonelist_idx]._zonerefs;
	const struct pglist_data *last = NULL;
	unsigned int woken = 0, running = 0, hopeless = 0, balanced = 0;
	bool again = req->stage == S61_RETRY_KSWAPD;

	for (; zr->zone; zr++) {
		const struct pglist_data *pgdat = zr->zone->zone_pgdat;
		enum kthread_state before = pgdat->kswapd.state;

		if (zr->zone_idx > req->ac.high_zoneidx || !zr->zone->managed_pages ||
		    pgdat == last)
			continue;
		last = pgdat;
		wakeup_kswapd_gfp(sim, zr->zone, req->gfp_mask, (int)req->order,
				  req->ac.high_zoneidx);
		if (before == KTHREAD_RUNNING)
			running++;
		else if (pgdat->kswapd.state == KTHREAD_RUNNING)
			woken++;
		else if (pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES)
			hopeless++;
		else
			balanced++;
	}
	if (woken)
		s61_say(sim, req, "%s kswapd%s (order %u, zones up to %s)",
			again ? "retry: woke" : "woke", again ? " again, as 6.1 does on every loop so "
			"that it stays awake while the request retries" : "", req->order,
			zone_names[req->ac.high_zoneidx]);
	else
		s61_say(sim, req, "%s for order %u, zones up to %s%s: %s",
			again ? "retry: kswapd asked again" : "kswapd asked", req->order,
			zone_names[req->ac.high_zoneidx],
			again ? " (6.1 asks on every loop, so that it stays awake)" : "",
			running ? "it is already running" :
			hopeless ? "not woken, its node is hopeless (kswapd_failures: reclaim failed "
				   "again and again)" :
			balanced ? "not woken, its zone is balanced for the order" :
				   "no node to wake");
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
		s61_enter(req, S61_ATOMIC_FIX);
	else
		s61_enter(req, S61_ALLOC_FLAGS);
}

/* The first attempt of a stepped request, narrated. */
static void stage_fastpath(struct sim *sim, struct alloc_request *req)
{
	if (req->order >= MAX_ORDER) {	/* alloc_pages() checked it */
		/* __alloc_pages: WARN_ON_ONCE_GFP and NULL, before any trace */
		s61_say(sim, req, "order %u >= MAX_ORDER (%d): WARN_ON_ONCE and return NULL, without a "
		    "failure report", req->order, MAX_ORDER);
		s61_enter(req, S61_DONE);
		return;
	}
	/* no cpusets: no __GFP_HARDWALL added (a new request's alloc_mask is
	 * its gfp_mask already) */
	req->alloc_mask = req->gfp_mask;
	req->alloc_flags = fast_path_alloc_flags_6_1(sim, req);
	s61_attempt(sim, req, req->gfp_mask, req->alloc_flags, "fast path at the low watermark");
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
		s61_say(sim, req, "no zone at or below %s in the zonelist: nopage",
		    zone_names[req->ac.high_zoneidx]);
		s61_goto_nopage(req);
		return;
	}
	s61_say(sim, req, "alloc_flags = %s", buf);
	s61_enter(req, (req->alloc_flags & ALLOC_KSWAPD) ? S61_WAKE_KSWAPD : S61_MIN_WMARK);
}

static void stage_min_wmark(struct sim *sim, struct alloc_request *req)
{
	if (s61_attempt(sim, req, req->gfp_mask, req->alloc_flags, "attempt with the slow path's flags")) {
		s61_enter(req, S61_GOT_PG);
		return;
	}
	/* costly orders, and non-movable high orders, compact before reclaiming */
	if (req->can_direct_reclaim && s61_can_compact(req) &&
	    (s61_costly(req) || (req->order > 0 && req->ac.migratetype != MIGRATE_MOVABLE)) &&
	    !gfp_pfmemalloc_flags_6_1(sim, req->gfp_mask))
		s61_enter(req, S61_COSTLY_COMPACT);
	else
		s61_goto_retry(sim, req);
}

static void stage_retry_freelist(struct sim *sim, struct alloc_request *req)
{
	char buf[160];

	req->reserve_flags = gfp_pfmemalloc_flags_6_1(sim, req->gfp_mask);
	if (req->reserve_flags) {
		/* gfp_to_alloc_flags_cma(): ALLOC_CMA only with a CMA area */
		req->alloc_flags = alloc_flags_cma_6_1(sim, req->gfp_mask, req->reserve_flags) |
				   (req->alloc_flags & ALLOC_KSWAPD);
		alloc_flags_format_6_1(req->alloc_flags, buf, sizeof(buf));
		s61_say(sim, req, "reserves: alloc_flags = %s", buf);
		/* the local node's zonelist again, memory policies ignored */
		req->ac.zonelist_nid = sim->cpu_to_node[req->cpu];
	}
	if (s61_attempt(sim, req, req->gfp_mask, req->alloc_flags, "retry")) {
		s61_enter(req, S61_GOT_PG);
		return;
	}
	if (!req->can_direct_reclaim)
		s61_enter(req, S61_CAN_RECLAIM);
	else if (current_task(sim)->flags & PF_MEMALLOC)
		s61_enter(req, S61_PF_MEMALLOC);
	else
		s61_enter(req, S61_DIRECT_RECLAIM);
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
		s61_say(sim, req, "__GFP_ATOMIC with __GFP_DIRECT_RECLAIM makes no sense: WARN and clear "
		    "__GFP_ATOMIC");
		s61_enter(req, S61_ALLOC_FLAGS);
		break;
	case S61_ALLOC_FLAGS:
		stage_alloc_flags(sim, req);
		break;
	case S61_WAKE_KSWAPD:
		wake_all_kswapds(sim, req);
		s61_enter(req, S61_MIN_WMARK);
		break;
	case S61_MIN_WMARK:
		stage_min_wmark(sim, req);
		break;
	case S61_COSTLY_COMPACT:
		if (s61_direct_compact(sim, req, INIT_COMPACT_PRIORITY))
			s61_enter(req, S61_GOT_PG);
		else if (s61_costly(req) && (req->gfp_mask & GFP_F_NORETRY))
			s61_enter(req, S61_THP_NORETRY);
		else
			s61_goto_retry(sim, req);
		break;
	case S61_THP_NORETRY:
		if (req->compact_result == COMPACT6_SKIPPED ||
		    req->compact_result == COMPACT6_DEFERRED) {
			s61_say(sim, req, "costly __GFP_NORETRY (a THP fault): compaction %s, fail rather "
			    "than reclaim", compact_result_name_6_1(req->compact_result));
			s61_goto_nopage(req);
		} else {
			req->compact_priority = INIT_COMPACT_PRIORITY;
			s61_say(sim, req, "costly __GFP_NORETRY: reclaim may help, but compaction stays "
			    "async (%s)", compact_priority_name(req->compact_priority));
			s61_goto_retry(sim, req);
		}
		break;
	case S61_RETRY_KSWAPD:
		wake_all_kswapds(sim, req);
		s61_enter(req, S61_RETRY_FREELIST);
		break;
	case S61_RETRY_FREELIST:
		stage_retry_freelist(sim, req);
		break;
	case S61_CAN_RECLAIM:
		s61_say(sim, req, "the caller cannot sleep (no __GFP_DIRECT_RECLAIM): no reclaim, no "
		    "compaction: nopage");
		s61_goto_nopage(req);
		break;
	case S61_PF_MEMALLOC:
		s61_say(sim, req, "%s is itself reclaiming (PF_MEMALLOC): no recursion into reclaim: "
		    "nopage", current_task(sim)->comm);
		s61_goto_nopage(req);
		break;
	case S61_DIRECT_RECLAIM:
		s61_direct_reclaim(sim, req);
		break;
	case S61_DIRECT_COMPACT:
		if (s61_direct_compact(sim, req, req->compact_priority))
			s61_enter(req, S61_GOT_PG);
		else
			s61_after_direct_compact(req);
		break;
	case S61_NORETRY:
		s61_say(sim, req, "__GFP_NORETRY: no retry, no OOM killer: nopage");
		s61_goto_nopage(req);
		break;
	case S61_COSTLY_NORETRY:
		s61_say(sim, req, "order %u is costly (> %d) and %s: nopage", req->order,
		    PAGE_ALLOC_COSTLY_ORDER, s61_can_compact(req) ? "not __GFP_RETRY_MAYFAIL"
		    : "cannot compact (no __GFP_IO)");
		s61_goto_nopage(req);
		break;
	case S61_RECLAIM_RETRY:
		s61_reclaim_retry(sim, req);
		break;
	case S61_COMPACT_RETRY:
		s61_compact_retry(sim, req);
		break;
	case S61_MAY_OOM:
		s61_may_oom(sim, req);
		break;
	case S61_OOM_VICTIM:
		s61_say(sim, req, "%s is an OOM victim and its reserves did not suffice: nopage rather "
		    "than loop", current_task(sim)->comm);
		s61_goto_nopage(req);
		break;
	case S61_NOFAIL:
		if (s61_cpuset_fallback(sim, req, ALLOC_MIN_RESERVE, "__GFP_NOFAIL with ALLOC_MIN_RESERVE"))
			s61_enter(req, S61_GOT_PG);
		else
			s61_goto_retry(sim, req);
		break;
	case S61_NOPAGE:
		req->pfn = PFN_NONE;
		if (req->gfp_mask & GFP_F_NOWARN)
			s61_say(sim, req, "allocation failed; __GFP_NOWARN: no report");
		else
			s61_say(sim, req, "%s: page allocation failure: order:%u", current_task(sim)->comm,
			    req->order);
		warn_alloc_6_1(sim, req->gfp_mask, req->order);
		s61_enter(req, S61_GOT_PG);
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
	sb_printf(out, "  %-21s= %s\n", "costly_order", s61_costly(req) ? "true" : "false");
	sb_printf(out, "  %-21s= %lu\n", "did_some_progress", req->did_some_progress);
	sb_printf(out, "  %-21s= %d (of %d)\n", "no_progress_loops", req->no_progress_loops,
		  MAX_RECLAIM_RETRIES);
	sb_printf(out, "  %-21s= %s\n", "compact_priority",
		  compact_priority_name(req->compact_priority));
	snprintf(buf, sizeof(buf), "COMPACT_%s", compact_result_name_6_1(req->compact_result));
	for (char *c = buf; *c; c++)
		*c = (char)toupper((unsigned char)*c);
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
 * kswapd is 6.1's (kswapd_6_1.c: balance_pgdat by node, boost reclaim). */
const struct kernel_ops kernel_ops_6_1 = {
	.alloc_step = slowpath_step_6_1,
	.alloc_pages = slowpath_run_6_1,
	.stages = slowpath_stages_6_1,
	.nr_stages = NR_ALLOC_STAGES_6_1,
	.alloc_call_chain = slowpath_call_chain_6_1,
	.alloc_frames = slowpath_frames_6_1,
	.setup_per_zone_wmarks = setup_per_zone_wmarks_6_1,
	.kswapd_step = kswapd_step_6_1,
	.wakeup_kswapd = wakeup_kswapd_6_1,
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
