/* core/slowpath.c - an allocation request as a steppable state machine.
 * Models mm/page_alloc.c __alloc_pages_nodemask() and
 * __alloc_pages_slowpath() (v4.5.0), with __alloc_pages_direct_compact(),
 * __alloc_pages_direct_reclaim() and __alloc_pages_may_oom().
 *
 * Each alloc_step() runs one stage: one thing the kernel does, named after
 * its step or label, and emits one bs_alloc_stage event that says what
 * happened and why, with the numbers. A check whose condition does not hold
 * costs no step: the transition goes straight to the next stage that acts.
 *
 *   FASTPATH -> [ORDER_CHECK] [ATOMIC_FIX] [THISNODE]
 *   retry: WAKE_KSWAPD -> ALLOC_FLAGS -> MIN_WMARK -> [NO_WMARKS]
 *          [CAN_RECLAIM] [PF_MEMALLOC] [TIF_MEMDIE] -> DIRECT_COMPACT
 *          [THP_CHECK] [SYNC_LIGHT] -> DIRECT_RECLAIM (a step per priority)
 *          [NORETRY] -> SHOULD_RETRY -> retry | MAY_OOM -> retry
 *   noretry: NORETRY_COMPACT;  nopage: NOPAGE;  got_pg: GOT_PG -> DONE
 *
 * This is the slow path of v4.5 and of v4.6 (kernel.h: both kernel_ops point
 * at slowpath_step). The one difference v4.6 made here, the end of the
 * THISNODE early failure, is the table's data (thisnode_fails_early).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/buddy.h"
#include "buddyscope/compaction.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/vmscan.h"
#include "slowpath_int.h"
#include "pcp.h"
#include "vmscan_internal.h"


void slowpath_narrate(struct sim *sim, struct alloc_request *req, const char *fmt, ...)
{
	struct trace_event *ev;
	va_list ap;

	if (req->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(req->why, sizeof(req->why), fmt, ap);
	va_end(ap);
	if (!req->narrate)
		return;
	ev = trace_emit(sim, TRACE_bs_alloc_stage);
	ev->stage = (int)req->stage;
	ev->order = (uint8_t)req->order;
	ev->gfp_mask = req->gfp_mask;
	ev->pfn = req->pfn;
	memcpy(ev->msg, req->why, sizeof(ev->msg));
}

/* The request returns to its caller: trace_mm_page_alloc() at the end of
 * __alloc_pages_nodemask, with the page or NULL, and the request is done. */
static inline void finish(struct sim *sim, struct alloc_request *req)
{
	alloc_finish(sim, req, ALLOC_STAGE_DONE, req->quiet);
}

void slowpath_narrate_walk(struct sim *sim, struct alloc_request *req, const char *what)
{
	const struct zone_verdict *v = NULL;
	char check[TRACE_MSG_LEN];

	for (unsigned int i = 0; i < req->nr_verdicts; i++)
		if (req->verdicts[i].kind == ZV_TAKEN || req->verdicts[i].kind == ZV_WMARK_FAIL ||
		    req->verdicts[i].kind == ZV_EMPTY)
			v = &req->verdicts[i];
	if (v)
		zone_verdict_format(v, req->order, check, sizeof(check));
	if (req->pfn != PFN_NONE && v && v->wm.ok)
		slowpath_narrate(sim, req, "%s: took pfn %#lx from node %d %s (%s)", what, req->pfn, v->nid,
			zone_names[v->zid], check);
	else if (req->pfn != PFN_NONE && v)	/* taken and empty ones: unchecked */
		slowpath_narrate(sim, req, "%s: took pfn %#lx from node %d %s without a watermark check "
			"(ALLOC_NO_WATERMARKS; it would say %s)", what, req->pfn, v->nid,
			zone_names[v->zid], check);
	else if (req->pfn != PFN_NONE)
		slowpath_narrate(sim, req, "%s: took pfn %#lx", what, req->pfn);
	else if (v && v->kind == ZV_EMPTY && v->wm.ok)
		slowpath_narrate(sim, req, "%s failed: node %d %s passed its check but had no block of "
			"order %u left (%s)", what, v->nid, zone_names[v->zid], req->order, check);
	else if (v && v->kind == ZV_EMPTY)
		slowpath_narrate(sim, req, "%s failed: node %d %s had no block of order %u left (no "
			"watermark check: ALLOC_NO_WATERMARKS; it would say %s)", what, v->nid,
			zone_names[v->zid], req->order, check);
	else if (v)
		slowpath_narrate(sim, req, "%s failed: last zone node %d %s has %s", what, v->nid,
			zone_names[v->zid], check);
	else
		slowpath_narrate(sim, req, "%s failed in all %u zones checked", what, req->nr_verdicts);
}

/* ---- the stages ---- */

/* The retry label, entered the first time from the top of the slow path. */
static void enter_retry(struct alloc_request *req)
{
	slowpath_enter(req, (req->gfp_mask & GFP_F_KSWAPD_RECLAIM) ? ALLOC_STAGE_WAKE_KSWAPD
							 : ALLOC_STAGE_ALLOC_FLAGS);
}

void slowpath_goto_retry(struct sim *sim, struct alloc_request *req)
{
	if (++req->nr_retries > ALLOC_MAX_RETRIES) {
		req->looped_out = true;
		slowpath_narrate(sim, req, "retry %u: the kernel would keep looping here; buddyscope stops "
			"the request (ALLOC_MAX_RETRIES %d)", req->nr_retries, ALLOC_MAX_RETRIES);
		slowpath_enter(req, ALLOC_STAGE_NOPAGE);
		return;
	}
	enter_retry(req);
}

/* Why wakeup_kswapd() left a node's kswapd as it was: it was running already,
 * or the zone it was asked about was balanced (zone_balanced at the order,
 * the high watermark, classzone 0), with the numbers of that check. */
static int kswapd_not_woken(const struct sim *sim, const struct zone *z, int order, char *buf,
			    size_t len)
{
	const struct kswapd_ctl *k = &z->zone_pgdat->kswapd;
	struct wmark_terms t;
	int n;

	if (k->state == KTHREAD_RUNNING)
		return snprintf(buf, len, "kswapd%d is already running", z->zone_pgdat->node_id);
	zone_watermark_terms(z, (unsigned int)order, z->watermark[WMARK_HIGH], 0, 0,
			     z->vm_stat[NR_FREE_PAGES], &t);
	n = snprintf(buf, len, "%s is balanced: ", z->name);
	if (n > 0 && (size_t)n < len)
		n += wmark_terms_format(&t, (unsigned int)order, "high", buf + n, len - (size_t)n);
	(void)sim;
	return n;
}

/* Models: wake_all_kswapds(): every zone of the zonelist up to high_zoneidx,
 * with the preferred zone's index as classzone. */
static void stage_wake_kswapd(struct sim *sim, struct alloc_request *req)
{
	const struct zoneref *zr =
		sim->node_data[req->ac.zonelist_nid]->node_zonelists[req->ac.zonelist_idx]._zonerefs;
	unsigned int woken = 0;
	char why[TRACE_MSG_LEN] = "";
	size_t used = 0;

	for (; zr->zone; zr++) {
		const struct pglist_data *pgdat = zr->zone->zone_pgdat;
		enum kthread_state before = pgdat->kswapd.state;

		if (zr->zone_idx > req->ac.high_zoneidx)
			continue;
		/* the reason a zone did not wake its kswapd, read before the call */
		if (req->narrate && before != KTHREAD_RUNNING && used < sizeof(why) / 2) {
			char one[TRACE_MSG_LEN];

			kswapd_not_woken(sim, zr->zone, (int)req->order, one, sizeof(one));
			wakeup_kswapd(sim, zr->zone, (int)req->order, req->ac.preferred_zid);
			if (pgdat->kswapd.state != KTHREAD_RUNNING) {
				int n = snprintf(why + used, sizeof(why) - used, "%s%s",
						 used ? "; " : "", one);

				used += n > 0 ? (size_t)n : 0;
			}
		} else {
			wakeup_kswapd(sim, zr->zone, (int)req->order, req->ac.preferred_zid);
		}
		woken += before != KTHREAD_RUNNING && pgdat->kswapd.state == KTHREAD_RUNNING;
	}
	if (woken)
		slowpath_narrate(sim, req, "every zone failed the low watermark: woke kswapd (order %u, "
			"classzone %s)", req->order, zone_names[req->ac.preferred_zid]);
	else if (!used)
		slowpath_narrate(sim, req, "kswapd asked for order %u, classzone %s: it is already running",
			req->order, zone_names[req->ac.preferred_zid]);
	else
		slowpath_narrate(sim, req, "kswapd not woken for order %u: %s", req->order, why);
	slowpath_enter(req, ALLOC_STAGE_ALLOC_FLAGS);
}

static void stage_alloc_flags(struct sim *sim, struct alloc_request *req)
{
	char buf[128];

	req->alloc_flags = gfp_to_alloc_flags(sim, req->gfp_mask);
	alloc_flags_format(req->alloc_flags, buf, sizeof(buf));
	slowpath_narrate(sim, req, "alloc_flags = %s", buf);
	slowpath_enter(req, ALLOC_STAGE_MIN_WMARK);
}

/* Where the slow path goes after compaction: the THP exits, the sync
 * upgrade, then reclaim. */
static enum alloc_stage after_compact(struct sim *sim, const struct alloc_request *req)
{
	const struct task *cur = &sim->tasks[sim->cur_task];
	bool thp = is_thp_gfp_mask(req->gfp_mask);

	if (thp && (req->deferred_compaction ||
		    req->contended_compaction == COMPACT_CONTENDED_LOCK ||
		    (req->contended_compaction == COMPACT_CONTENDED_SCHED &&
		     !(cur->flags & PF_KTHREAD))))
		return ALLOC_STAGE_THP_CHECK;
	if ((!thp || (cur->flags & PF_KTHREAD)) && req->migration_mode != MIGRATE_SYNC_LIGHT)
		return ALLOC_STAGE_SYNC_LIGHT;
	return ALLOC_STAGE_DIRECT_RECLAIM;
}

/* What comes after the no-watermark attempt: the bail-outs, or compaction. */
static enum alloc_stage after_reserves(struct sim *sim, const struct alloc_request *req)
{
	const struct task *cur = &sim->tasks[sim->cur_task];

	if (!req->can_direct_reclaim)
		return ALLOC_STAGE_CAN_RECLAIM;
	if (cur->flags & PF_MEMALLOC)
		return ALLOC_STAGE_PF_MEMALLOC;
	if (cur->memdie && !(req->gfp_mask & GFP_F_NOFAIL))
		return ALLOC_STAGE_TIF_MEMDIE;
	/* __alloc_pages_direct_compact returns at once for order 0 */
	return req->order ? ALLOC_STAGE_DIRECT_COMPACT : after_compact(sim, req);
}

/* ---- the dispatcher ---- */

/* v4.5 only (the test went in v4.6): with CONFIG_NUMA=y, as distro kernels
 * have it, a __GFP_THISNODE request that cannot reclaim fails before it
 * wakes kswapd. */
static bool thisnode_fails_early(const struct sim *sim, const struct alloc_request *req)
{
	return sim_kdesc(sim)->thisnode_fails_early && (req->gfp_mask & GFP_F_THISNODE) &&
	       !gfpflags_allow_blocking(req->gfp_mask);
}

/* The first attempt; with @inl, get_page_from_freelist() inline, for
 * slowpath_run, which is on every alloc_pages() and whose requests are
 * quiet. */
static inline __attribute__((always_inline)) void stage_fastpath(struct sim *sim,
								  struct alloc_request *req,
								  bool inl)
{
	/* __alloc_pages_nodemask: the first attempt at the low watermark */
	req->alloc_flags = fast_path_alloc_flags(req->ac.migratetype);
	if (req->ac.preferred_nid < 0) {
		/* goto out: no slow path and no mm_page_alloc trace */
		slowpath_narrate(sim, req, "no zone at or below %s in the zonelist: fail at once",
			zone_names[req->ac.high_zoneidx]);
		slowpath_enter(req, ALLOC_STAGE_DONE);
		return;
	}
	/* the first attempt is made with alloc_mask = gfp_mask | __GFP_HARDWALL */
	req->alloc_mask = req->gfp_mask | GFP_F_HARDWALL;
	if (inl) {
		req->pfn = get_page_from_freelist_inline(sim, req, req->alloc_flags, true);
		if (req->narrate)
			slowpath_narrate_walk(sim, req, "fast path at the low watermark");
	} else {
		slowpath_try_freelist(sim, req, req->alloc_flags, "fast path at the low watermark");
	}
	if (req->pfn != PFN_NONE) {
		alloc_enter(req, ALLOC_STAGE_GOT_PG, ALLOC_STAGE_DONE, inl || req->quiet);
		return;
	}
	/* __alloc_pages_slowpath(alloc_mask = memalloc_noio_flags(gfp_mask)):
	 * no PF_MEMALLOC_NOIO here, so the caller's mask, as traced at the end */
	req->alloc_mask = req->gfp_mask;
	req->ac.spread_dirty_pages = false;
	if (req->order >= MAX_ORDER)
		slowpath_enter(req, ALLOC_STAGE_ORDER_CHECK);
	else if ((req->gfp_mask & (GFP_F_ATOMIC | GFP_F_DIRECT_RECLAIM)) ==
		 (GFP_F_ATOMIC | GFP_F_DIRECT_RECLAIM))
		slowpath_enter(req, ALLOC_STAGE_ATOMIC_FIX);
	else if (thisnode_fails_early(sim, req))
		slowpath_enter(req, ALLOC_STAGE_THISNODE);
	else
		enter_retry(req);
}

/* case GOT_PG: trace_mm_page_alloc() at the end of __alloc_pages_nodemask */
/* The first stage of a request alloc_pages() runs, with the walk inline. */
static void first_attempt(struct sim *sim, struct alloc_request *req)
{
	stage_fastpath(sim, req, true);
}

/*
 * Models: __alloc_pages_nodemask() (v4.5): the first attempt, and
 * __alloc_pages_slowpath() only when it fails. Stage for stage what
 * slowpath_step() until DONE does (the same stages, events and scheduler
 * points), without dispatching when the fast path gets the page.
 */
unsigned long slowpath_run(struct sim *sim, gfp_t gfp, unsigned int order)
{
	return alloc_pages_run(sim, gfp, order, first_attempt, ALLOC_STAGE_GOT_PG, ALLOC_STAGE_DONE);
}

int slowpath_step(struct sim *sim, struct alloc_request *req)
{
	int save = sim->cur_cpu;
	const struct task *cur;

	if (req->stage == ALLOC_STAGE_DONE)
		return 0;
	sim->cur_cpu = req->cpu;
	cur = &sim->tasks[sim->cur_task];
	switch (req->stage) {
	case ALLOC_STAGE_FASTPATH:
		stage_fastpath(sim, req, false);
		break;
	case ALLOC_STAGE_ORDER_CHECK: {
		/* WARN_ON_ONCE(!(gfp_mask & __GFP_NOWARN)); return NULL; */
		bool once = !(sim->warned_once & (1u << WARN_ORDER_TOO_BIG));

		if (!warn_on_once(sim, WARN_ORDER_TOO_BIG, !(req->gfp_mask & GFP_F_NOWARN)))
			slowpath_narrate(sim, req, "order %u >= MAX_ORDER %d: return NULL; __GFP_NOWARN: no "
				"WARN", req->order, MAX_ORDER);
		else
			slowpath_narrate(sim, req, "order %u >= MAX_ORDER %d: return NULL; %s", req->order,
				MAX_ORDER, once ? "WARN_ON_ONCE prints a WARNING in the kernel log" :
				"WARN_ON_ONCE warned once already this boot");
		/* straight back to __alloc_pages_nodemask: no nopage, no failure report */
		finish(sim, req);
		break;
	}
	case ALLOC_STAGE_ATOMIC_FIX: {
		bool once = !(sim->warned_once & (1u << WARN_ATOMIC_RECLAIM));

		warn_on_once(sim, WARN_ATOMIC_RECLAIM, true);
		req->gfp_mask &= ~GFP_F_ATOMIC;
		slowpath_narrate(sim, req, "__GFP_ATOMIC with __GFP_DIRECT_RECLAIM makes no sense: clear "
			"__GFP_ATOMIC; %s", once ? "WARN_ON_ONCE prints a WARNING in the kernel log" :
			"WARN_ON_ONCE warned once already this boot");
		/* still __GFP_DIRECT_RECLAIM: never a THISNODE early failure */
		enter_retry(req);
		break;
	}
	case ALLOC_STAGE_THISNODE:
		slowpath_narrate(sim, req, "__GFP_THISNODE without direct reclaim: fail early (v4.5), no "
			"kswapd, no reserves");
		slowpath_enter(req, ALLOC_STAGE_NOPAGE);
		break;
	case ALLOC_STAGE_WAKE_KSWAPD:
		stage_wake_kswapd(sim, req);
		break;
	case ALLOC_STAGE_ALLOC_FLAGS:
		stage_alloc_flags(sim, req);
		break;
	case ALLOC_STAGE_MIN_WMARK:
		if (slowpath_try_freelist(sim, req, req->alloc_flags & ~(unsigned int)ALLOC_NO_WATERMARKS,
				 "retry at the min watermark"))
			slowpath_enter(req, ALLOC_STAGE_GOT_PG);
		else
			slowpath_enter(req, (req->alloc_flags & ALLOC_NO_WATERMARKS) ? ALLOC_STAGE_NO_WMARKS
									    : after_reserves(sim, req));
		break;
	case ALLOC_STAGE_NO_WMARKS: {
		/* ignore mempolicy: the local node's zonelist */
		int nid = sim->cpu_to_node[req->cpu];

		req->ac.zonelist_nid = nid;
		if (slowpath_try_freelist(sim, req, ALLOC_NO_WATERMARKS, "ALLOC_NO_WATERMARKS (reserves)"))
			slowpath_enter(req, ALLOC_STAGE_GOT_PG);
		else
			slowpath_enter(req, after_reserves(sim, req));
		break;
	}
	case ALLOC_STAGE_CAN_RECLAIM:
		slowpath_narrate(sim, req, "the caller cannot sleep (no __GFP_DIRECT_RECLAIM): no compaction, "
			"no reclaim, fail%s", (req->gfp_mask & GFP_F_NOFAIL) ? " (WARN: __GFP_NOFAIL)" : "");
		slowpath_enter(req, ALLOC_STAGE_NOPAGE);
		break;
	case ALLOC_STAGE_PF_MEMALLOC:
		if (req->gfp_mask & GFP_F_NOFAIL) {
			slowpath_narrate(sim, req, "%s is itself reclaiming (PF_MEMALLOC): WARN, __GFP_NOFAIL "
				"retries", cur->comm);
			slowpath_goto_retry(sim, req);
		} else {
			slowpath_narrate(sim, req, "%s is itself reclaiming (PF_MEMALLOC): no recursion into "
				"reclaim, fail", cur->comm);
			slowpath_enter(req, ALLOC_STAGE_NOPAGE);
		}
		break;
	case ALLOC_STAGE_TIF_MEMDIE:
		slowpath_narrate(sim, req, "%s is an OOM victim (TIF_MEMDIE) and the reserves did not "
			"suffice: fail rather than loop", cur->comm);
		slowpath_enter(req, ALLOC_STAGE_NOPAGE);
		break;
	case ALLOC_STAGE_DIRECT_COMPACT:
		if (slowpath_direct_compact(sim, req))
			slowpath_enter(req, ALLOC_STAGE_GOT_PG);
		else
			slowpath_enter(req, after_compact(sim, req));
		break;
	case ALLOC_STAGE_THP_CHECK:
		slowpath_narrate(sim, req, "transparent hugepage request: compaction was %s, fail fast "
			"rather than reclaim", req->deferred_compaction ? "deferred" : "contended");
		slowpath_enter(req, ALLOC_STAGE_NOPAGE);
		break;
	case ALLOC_STAGE_SYNC_LIGHT:
		req->migration_mode = MIGRATE_SYNC_LIGHT;
		slowpath_narrate(sim, req, "migration_mode = MIGRATE_SYNC_LIGHT for later compaction");
		slowpath_enter(req, ALLOC_STAGE_DIRECT_RECLAIM);
		break;
	case ALLOC_STAGE_DIRECT_RECLAIM:
		slowpath_direct_reclaim(sim, req);
		break;
	case ALLOC_STAGE_NORETRY:
		slowpath_narrate(sim, req, "__GFP_NORETRY: no retry and no OOM killer; one more compaction");
		slowpath_enter(req, ALLOC_STAGE_NORETRY_COMPACT);
		break;
	case ALLOC_STAGE_SHOULD_RETRY:
		slowpath_should_retry(sim, req);
		break;
	case ALLOC_STAGE_MAY_OOM:
		slowpath_may_oom(sim, req);
		break;
	case ALLOC_STAGE_NORETRY_COMPACT:
		if (req->order && slowpath_direct_compact(sim, req)) {
			slowpath_enter(req, ALLOC_STAGE_GOT_PG);
		} else {
			if (!req->order)
				slowpath_narrate(sim, req, "noretry: order 0, nothing to compact");
			slowpath_enter(req, ALLOC_STAGE_NOPAGE);
		}
		break;
	case ALLOC_STAGE_NOPAGE:
		req->pfn = PFN_NONE;
		if (req->looped_out)
			/* the kernel is still in its retry loop: it never gets here */
			slowpath_narrate(sim, req, "buddyscope ends the request here; the kernel would still be "
				"looping through retry, so it prints no failure report");
		else if (req->gfp_mask & GFP_F_NOWARN)
			slowpath_narrate(sim, req, "allocation failed; __GFP_NOWARN: no report");
		else
			slowpath_narrate(sim, req, "%s: page allocation failure: order:%u, mode:%#x", cur->comm,
				req->order, req->gfp_mask);
		if (req->looped_out) {
			/* SIMPLIFICATION: the kernel never returns from this request, so
			 * there is no mm_page_alloc event either: the request just ends */
			slowpath_enter(req, ALLOC_STAGE_DONE);
			break;
		}
		warn_alloc_failed(sim, req->gfp_mask, req->order);
		/* nopage falls through got_pg: return NULL */
		finish(sim, req);
		break;
	case ALLOC_STAGE_GOT_PG:
		finish(sim, req);
		break;
	case ALLOC_STAGE_DONE:
	case NR_ALLOC_STAGES:
		break;
	}
	sim->cur_cpu = save;
	sim_schedule(sim);
	return req->stage != ALLOC_STAGE_DONE;
}

const struct alloc_stage_desc slowpath_stages[NR_ALLOC_STAGES] = {
#define X(id, fn, flow) { #id, fn, flow },
	ALLOC_STAGES(X)
#undef X
};
