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
#include "internal.h"
#include "pcp.h"
#include "vmscan_internal.h"

static const char *const wmark_names[] = { "min", "low", "high" };


__attribute__((format(printf, 3, 4)))
static void narrate(struct sim *sim, struct alloc_request *req, const char *fmt, ...)
{
	struct trace_event *ev;
	va_list ap;

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

static void enter(struct alloc_request *req, enum alloc_stage next)
{
	if (req->nr_path < sizeof(req->path) / sizeof(req->path[0]))
		req->path[req->nr_path++] = req->stage;
	req->stage = next;
	req->phase = 0;
	req->done = next == ALLOC_STAGE_DONE;	/* kernel.h: the step function says */
}

static struct zone *preferred(struct sim *sim, const struct alloc_request *req)
{
	return &sim->node_data[req->ac.preferred_nid]->node_zones[req->ac.preferred_zid];
}

/* Say how a freelist walk ended: the zone that gave the page, or the
 * closest refusal. Only called when narrating (snprintf is not free). */
static void narrate_walk(struct sim *sim, struct alloc_request *req, const char *what)
{
	const struct zone_verdict *v = NULL;

	for (unsigned int i = 0; i < req->nr_verdicts; i++)
		if (req->verdicts[i].kind == ZV_TAKEN || req->verdicts[i].kind == ZV_WMARK_FAIL ||
		    req->verdicts[i].kind == ZV_EMPTY)
			v = &req->verdicts[i];
	if (req->pfn != PFN_NONE && v)
		narrate(sim, req, "%s: took pfn %#lx from node %d %s (free %ld > %s %ld + "
			"lowmem_reserve %ld)", what, req->pfn, v->nid, zone_names[v->zid], v->free,
			wmark_names[v->wmark], v->min, v->reserve);
	else if (req->pfn != PFN_NONE)
		narrate(sim, req, "%s: took pfn %#lx", what, req->pfn);
	else if (v && v->kind == ZV_WMARK_FAIL && v->failed_order < 0)
		narrate(sim, req, "%s failed: last zone node %d %s has free %ld <= %s %ld + "
			"lowmem_reserve %ld", what, v->nid, zone_names[v->zid],
			v->free - ((1L << req->order) - 1) - v->highatomic, wmark_names[v->wmark],
			v->min, v->reserve);
	else if (v && v->kind == ZV_WMARK_FAIL)
		narrate(sim, req, "%s failed: enough free pages, but no free block of order >= %u "
			"(node %d %s)", what, req->order, v->nid, zone_names[v->zid]);
	else
		narrate(sim, req, "%s failed in all %u zones checked", what, req->nr_verdicts);
}

static bool try_freelist(struct sim *sim, struct alloc_request *req, unsigned int flags,
			 const char *what)
{
	req->pfn = get_page_from_freelist(sim, req, flags);
	if (req->narrate)
		narrate_walk(sim, req, what);
	return req->pfn != PFN_NONE;
}

/* ---- the stages ---- */

/* The retry label, entered the first time from the top of the slow path. */
static void enter_retry(struct alloc_request *req)
{
	enter(req, (req->gfp_mask & GFP_F_KSWAPD_RECLAIM) ? ALLOC_STAGE_WAKE_KSWAPD
							 : ALLOC_STAGE_ALLOC_FLAGS);
}

/* goto retry: with a bound on loops the kernel would not leave. */
static void goto_retry(struct sim *sim, struct alloc_request *req)
{
	if (++req->nr_retries > ALLOC_MAX_RETRIES) {
		req->looped_out = true;
		narrate(sim, req, "retry %u: the kernel would keep looping here; buddyscope stops "
			"the request", req->nr_retries);
		enter(req, ALLOC_STAGE_NOPAGE);
		return;
	}
	enter_retry(req);
}

/* Models: wake_all_kswapds(): every zone of the zonelist up to high_zoneidx,
 * with the preferred zone's index as classzone. */
static void stage_wake_kswapd(struct sim *sim, struct alloc_request *req)
{
	const struct zoneref *zr =
		sim->node_data[req->ac.zonelist_nid]->node_zonelists[req->ac.zonelist_idx]._zonerefs;
	unsigned int woken = 0;

	for (; zr->zone; zr++) {
		const struct pglist_data *pgdat = zr->zone->zone_pgdat;
		enum kthread_state before = pgdat->kswapd.state;

		if (zr->zone_idx > req->ac.high_zoneidx)
			continue;
		wakeup_kswapd(sim, zr->zone, (int)req->order, req->ac.preferred_zid);
		woken += before != KTHREAD_RUNNING && pgdat->kswapd.state == KTHREAD_RUNNING;
	}
	narrate(sim, req, woken ? "every zone failed the low watermark: woke kswapd "
		"(order %u, classzone %s)" : "kswapd asked for order %u, classzone %s (already "
		"awake, or its zones are balanced)", req->order, zone_names[req->ac.preferred_zid]);
	enter(req, ALLOC_STAGE_ALLOC_FLAGS);
}

static void stage_alloc_flags(struct sim *sim, struct alloc_request *req)
{
	char buf[128];

	req->alloc_flags = gfp_to_alloc_flags(sim, req->gfp_mask);
	alloc_flags_format(req->alloc_flags, buf, sizeof(buf));
	narrate(sim, req, "alloc_flags = %s", buf);
	enter(req, ALLOC_STAGE_MIN_WMARK);
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

/* Models: __alloc_pages_direct_compact(). Return: true if it gave a page. */
static bool direct_compact(struct sim *sim, struct alloc_request *req)
{
	struct task *cur = current_task(sim);
	unsigned int saved = cur->flags;
	int rc, contended = COMPACT_CONTENDED_NONE;
	struct zone *z;

	req->pfn = PFN_NONE;
	cur->flags |= PF_MEMALLOC;
	rc = try_to_compact_pages(sim, req->gfp_mask, req->order, req->alloc_flags, &req->ac,
				  (enum migrate_mode)req->migration_mode, &contended);
	cur->flags = saved;
	req->contended_compaction = contended;
	if (rc == COMPACT_DEFERRED) {
		req->deferred_compaction = true;
		narrate(sim, req, "%s compaction deferred for order %u after recent failures",
			migrate_mode_name(req->migration_mode), req->order);
		return false;
	}
	if (rc == COMPACT_SKIPPED) {
		narrate(sim, req, "%s compaction skipped: not enough free pages to migrate into, "
			"or the fragmentation index says reclaim would help more",
			migrate_mode_name(req->migration_mode));
		return false;
	}
	count_vm_events(sim, COMPACTSTALL, 1);
	req->pfn = get_page_from_freelist(sim, req, req->alloc_flags & ~(unsigned int)ALLOC_NO_WATERMARKS);
	if (req->pfn == PFN_NONE) {
		count_vm_events(sim, COMPACTFAIL, 1);
		narrate(sim, req, "%s compaction ran (%s) but the order-%u attempt still failed",
			migrate_mode_name(req->migration_mode), compact_result_name(rc), req->order);
		return false;
	}
	z = page_zone(sim, req->pfn);
	z->compact_blockskip_flush = false;
	compaction_defer_reset(sim, z, (int)req->order, true);
	count_vm_events(sim, COMPACTSUCCESS, 1);
	narrate(sim, req, "%s compaction (%s) made an order-%u block: took pfn %#lx from %s",
		migrate_mode_name(req->migration_mode), compact_result_name(rc), req->order,
		req->pfn, z->name);
	return true;
}

/*
 * Models: __alloc_pages_direct_reclaim() -> __perform_reclaim() ->
 * try_to_free_pages(). Phase 0 starts it; each later step is one priority
 * pass of do_try_to_free_pages(); then the retry, and once the drain of the
 * per-cpu lists with unreserve_highatomic_pageblock().
 */
static void stage_direct_reclaim(struct sim *sim, struct alloc_request *req)
{
	struct task *cur = current_task(sim);
	unsigned int saved = cur->flags;
	const unsigned int flags = req->alloc_flags & ~(unsigned int)ALLOC_NO_WATERMARKS;

	switch (req->phase) {
	case 0:
		/* drained is a local of __alloc_pages_direct_reclaim: once a call */
		req->drained = false;
		direct_reclaim_begin(sim, &req->sc, req->gfp_mask, (int)req->order);
		req->phase = 1;
		narrate(sim, req, "direct reclaim: try_to_free_pages wants %lu pages, starting at "
			"priority %d", req->sc.nr_to_reclaim, req->sc.priority);
		return;
	case 1:
		cur->flags |= PF_MEMALLOC;
		if (direct_reclaim_step(sim, &req->sc, &req->ac)) {
			cur->flags = saved;
			narrate(sim, req, "shrink_zones at priority %d: %lu scanned, %lu reclaimed so far",
				req->sc.pass_priority, req->sc.total_scanned, req->sc.nr_reclaimed);
			return;
		}
		cur->flags = saved;
		req->did_some_progress = req->sc.result;
		if (!req->did_some_progress) {
			narrate(sim, req, "direct reclaim made no progress (%lu scanned): nothing left "
				"to reclaim", req->sc.total_scanned);
			enter(req, (req->gfp_mask & GFP_F_NORETRY) ? ALLOC_STAGE_NORETRY
								   : ALLOC_STAGE_SHOULD_RETRY);
			return;
		}
		if (try_freelist(sim, req, flags, "after reclaiming")) {
			enter(req, ALLOC_STAGE_GOT_PG);
			return;
		}
		if (req->drained) {
			enter(req, (req->gfp_mask & GFP_F_NORETRY) ? ALLOC_STAGE_NORETRY
								   : ALLOC_STAGE_SHOULD_RETRY);
			return;
		}
		req->phase = 2;
		return;
	default: {
		/* the pages may sit on per-cpu lists, or in a highatomic reserve */
		const struct zoneref *zr = sim->node_data[req->ac.zonelist_nid]
					   ->node_zonelists[req->ac.zonelist_idx]._zonerefs;
		bool released = false;

		for (; zr->zone && !released; zr++)
			if (zr->zone_idx <= req->ac.high_zoneidx)
				released = unreserve_highatomic_pageblock(sim, zr->zone,
									  req->ac.migratetype);
		drain_all_pages(sim, NULL);
		req->drained = true;
		if (try_freelist(sim, req, flags, "after drain_all_pages")) {
			enter(req, ALLOC_STAGE_GOT_PG);
			return;
		}
		enter(req, (req->gfp_mask & GFP_F_NORETRY) ? ALLOC_STAGE_NORETRY
							   : ALLOC_STAGE_SHOULD_RETRY);
		return;
	}
	}
}

/*
 * Models: __alloc_pages_may_oom() (v4.5). A last try at the high watermark
 * catches memory a parallel kill freed; then the reasons not to kill; then
 * out_of_memory(), and a victim select_bad_process() chose gets a jiffy to
 * die. SIMPLIFICATION: oom_lock is never contended (one request runs at a
 * time), so the trylock failure's jiffy never happens.
 */
static void stage_may_oom(struct sim *sim, struct alloc_request *req)
{
	gfp_t gfp = req->gfp_mask;
	const char *skip = NULL;
	bool killed;
	struct oom_control oc = { &req->ac, gfp, (int)req->order, false };

	req->did_some_progress = 0;
	if (try_freelist(sim, req, ALLOC_WMARK_HIGH | ALLOC_CPUSET, "last attempt at high")) {
		enter(req, ALLOC_STAGE_GOT_PG);
		return;
	}
	if (!(gfp & GFP_F_NOFAIL)) {
		if (req->order > PAGE_ALLOC_COSTLY_ORDER)
			skip = "the OOM killer does not help orders above PAGE_ALLOC_COSTLY_ORDER";
		else if (req->ac.high_zoneidx < ZONE_NORMAL)
			skip = "the OOM killer does not kill for lowmem (DMA/DMA32) requests";
		else if (!(gfp & GFP_F_FS)) {
			req->did_some_progress = 1;	/* "keep looping as per tradition" */
			skip = "no __GFP_FS: no OOM kill, but did_some_progress = 1 by tradition";
		} else if (gfp & GFP_F_THISNODE)
			skip = "__GFP_THISNODE: killing may not free memory on this node";
	}
	if (skip) {
		narrate(sim, req, "%s", skip);
		if (req->did_some_progress)
			goto_retry(sim, req);
		else
			enter(req, ALLOC_STAGE_NORETRY_COMPACT);
		return;
	}
	killed = out_of_memory(sim, &oc);
	if (killed || (gfp & GFP_F_NOFAIL)) {
		req->did_some_progress = 1;
		/* out_of_memory()'s schedule_timeout_killable(1): only after
		 * killing the task select_bad_process() chose (v4.5) */
		if (oc.chose_victim)
			sim_sleep(sim, 1);
		if ((gfp & GFP_F_NOFAIL) &&
		    (try_freelist(sim, req, ALLOC_NO_WATERMARKS | ALLOC_CPUSET, "__GFP_NOFAIL reserves") ||
		     try_freelist(sim, req, ALLOC_NO_WATERMARKS, "__GFP_NOFAIL reserves"))) {
			enter(req, ALLOC_STAGE_GOT_PG);
			return;
		}
		narrate(sim, req, killed ? "out_of_memory made progress: retry" :
			"__GFP_NOFAIL: out_of_memory did nothing, but the kernel retries anyway");
		goto_retry(sim, req);
		return;
	}
	narrate(sim, req, "out_of_memory did not kill anything");
	enter(req, ALLOC_STAGE_NORETRY_COMPACT);
}

/* ---- the dispatcher ---- */

/* v4.5 only (the test went in v4.6): with CONFIG_NUMA=y, as distro kernels
 * have it, a __GFP_THISNODE request that cannot reclaim fails before it
 * wakes kswapd. */
static bool thisnode_fails_early(const struct sim *sim, const struct alloc_request *req)
{
	return sim_kernel(sim)->thisnode_fails_early && (req->gfp_mask & GFP_F_THISNODE) &&
	       !req->can_direct_reclaim;
}

static void stage_fastpath(struct sim *sim, struct alloc_request *req)
{
	/* __alloc_pages_nodemask: the first attempt at the low watermark */
	req->alloc_flags = fast_path_alloc_flags(req->ac.migratetype);
	if (req->ac.preferred_nid < 0) {
		/* goto out: no slow path and no mm_page_alloc trace */
		narrate(sim, req, "no zone at or below %s in the zonelist: fail at once",
			zone_names[req->ac.high_zoneidx]);
		enter(req, ALLOC_STAGE_DONE);
		return;
	}
	/* the first attempt is made with alloc_mask = gfp_mask | __GFP_HARDWALL */
	req->alloc_mask = req->gfp_mask | GFP_F_HARDWALL;
	if (try_freelist(sim, req, req->alloc_flags, "fast path at the low watermark")) {
		enter(req, ALLOC_STAGE_GOT_PG);
		return;
	}
	/* __alloc_pages_slowpath(alloc_mask = memalloc_noio_flags(gfp_mask)):
	 * no PF_MEMALLOC_NOIO here, so the caller's mask, as traced at the end */
	req->alloc_mask = req->gfp_mask;
	req->ac.spread_dirty_pages = false;
	if (req->order >= MAX_ORDER)
		enter(req, ALLOC_STAGE_ORDER_CHECK);
	else if ((req->gfp_mask & (GFP_F_ATOMIC | GFP_F_DIRECT_RECLAIM)) ==
		 (GFP_F_ATOMIC | GFP_F_DIRECT_RECLAIM))
		enter(req, ALLOC_STAGE_ATOMIC_FIX);
	else if (thisnode_fails_early(sim, req))
		enter(req, ALLOC_STAGE_THISNODE);
	else
		enter_retry(req);
}

int slowpath_step(struct sim *sim, struct alloc_request *req)
{
	int save = sim->cur_cpu;
	const struct task *cur;
	struct trace_event *ev;

	if (req->stage == ALLOC_STAGE_DONE)
		return 0;
	sim->cur_cpu = req->cpu;
	cur = &sim->tasks[sim->cur_task];
	switch (req->stage) {
	case ALLOC_STAGE_FASTPATH:
		stage_fastpath(sim, req);
		break;
	case ALLOC_STAGE_ORDER_CHECK:
		narrate(sim, req, "order %u >= MAX_ORDER (%d): WARN_ON_ONCE and return NULL, "
			"without a failure report", req->order, MAX_ORDER);
		enter(req, ALLOC_STAGE_GOT_PG);
		break;
	case ALLOC_STAGE_ATOMIC_FIX:
		req->gfp_mask &= ~GFP_F_ATOMIC;
		narrate(sim, req, "__GFP_ATOMIC with __GFP_DIRECT_RECLAIM makes no sense: WARN and "
			"clear __GFP_ATOMIC");
		if (thisnode_fails_early(sim, req))
			enter(req, ALLOC_STAGE_THISNODE);
		else
			enter_retry(req);
		break;
	case ALLOC_STAGE_THISNODE:
		narrate(sim, req, "__GFP_THISNODE without direct reclaim: fail early (v4.5), no "
			"kswapd, no reserves");
		enter(req, ALLOC_STAGE_NOPAGE);
		break;
	case ALLOC_STAGE_WAKE_KSWAPD:
		stage_wake_kswapd(sim, req);
		break;
	case ALLOC_STAGE_ALLOC_FLAGS:
		stage_alloc_flags(sim, req);
		break;
	case ALLOC_STAGE_MIN_WMARK:
		if (try_freelist(sim, req, req->alloc_flags & ~(unsigned int)ALLOC_NO_WATERMARKS,
				 "retry at the min watermark"))
			enter(req, ALLOC_STAGE_GOT_PG);
		else
			enter(req, (req->alloc_flags & ALLOC_NO_WATERMARKS) ? ALLOC_STAGE_NO_WMARKS
									    : after_reserves(sim, req));
		break;
	case ALLOC_STAGE_NO_WMARKS: {
		/* ignore mempolicy: the local node's zonelist */
		int nid = sim->cpu_to_node[req->cpu];

		req->ac.zonelist_nid = nid;
		if (try_freelist(sim, req, ALLOC_NO_WATERMARKS, "ALLOC_NO_WATERMARKS (reserves)"))
			enter(req, ALLOC_STAGE_GOT_PG);
		else
			enter(req, after_reserves(sim, req));
		break;
	}
	case ALLOC_STAGE_CAN_RECLAIM:
		narrate(sim, req, "the caller cannot sleep (no __GFP_DIRECT_RECLAIM): no compaction, "
			"no reclaim, fail%s", (req->gfp_mask & GFP_F_NOFAIL) ? " (WARN: __GFP_NOFAIL)" : "");
		enter(req, ALLOC_STAGE_NOPAGE);
		break;
	case ALLOC_STAGE_PF_MEMALLOC:
		if (req->gfp_mask & GFP_F_NOFAIL) {
			narrate(sim, req, "%s is itself reclaiming (PF_MEMALLOC): WARN, __GFP_NOFAIL "
				"retries", cur->comm);
			goto_retry(sim, req);
		} else {
			narrate(sim, req, "%s is itself reclaiming (PF_MEMALLOC): no recursion into "
				"reclaim, fail", cur->comm);
			enter(req, ALLOC_STAGE_NOPAGE);
		}
		break;
	case ALLOC_STAGE_TIF_MEMDIE:
		narrate(sim, req, "%s is an OOM victim (TIF_MEMDIE) and the reserves did not "
			"suffice: fail rather than loop", cur->comm);
		enter(req, ALLOC_STAGE_NOPAGE);
		break;
	case ALLOC_STAGE_DIRECT_COMPACT:
		if (direct_compact(sim, req))
			enter(req, ALLOC_STAGE_GOT_PG);
		else
			enter(req, after_compact(sim, req));
		break;
	case ALLOC_STAGE_THP_CHECK:
		narrate(sim, req, "transparent hugepage request: compaction was %s, fail fast "
			"rather than reclaim", req->deferred_compaction ? "deferred" : "contended");
		enter(req, ALLOC_STAGE_NOPAGE);
		break;
	case ALLOC_STAGE_SYNC_LIGHT:
		req->migration_mode = MIGRATE_SYNC_LIGHT;
		narrate(sim, req, "migration_mode = MIGRATE_SYNC_LIGHT for later compaction");
		enter(req, ALLOC_STAGE_DIRECT_RECLAIM);
		break;
	case ALLOC_STAGE_DIRECT_RECLAIM:
		stage_direct_reclaim(sim, req);
		break;
	case ALLOC_STAGE_NORETRY:
		narrate(sim, req, "__GFP_NORETRY: no retry and no OOM killer; one more compaction");
		enter(req, ALLOC_STAGE_NORETRY_COMPACT);
		break;
	case ALLOC_STAGE_SHOULD_RETRY:
		req->pages_reclaimed += req->did_some_progress;
		if ((req->did_some_progress && req->order <= PAGE_ALLOC_COSTLY_ORDER) ||
		    ((req->gfp_mask & GFP_F_REPEAT) && req->pages_reclaimed < (1UL << req->order))) {
			struct zone *pz = preferred(sim, req);

			narrate(sim, req, "progress %lu, pages_reclaimed %lu, order %u: retry%s",
				req->did_some_progress, req->pages_reclaimed, req->order,
				wait_iff_congested_would_sleep(sim, pz) ? " after waiting (up to "
				"HZ/50) for the congested disk" : "");
			wait_iff_congested(sim, pz, HZ / 50);
			goto_retry(sim, req);
		} else {
			narrate(sim, req, "no retry: progress %lu, order %u%s: try the OOM killer",
				req->did_some_progress, req->order,
				req->order > PAGE_ALLOC_COSTLY_ORDER ? " is costly" : "");
			enter(req, ALLOC_STAGE_MAY_OOM);
		}
		break;
	case ALLOC_STAGE_MAY_OOM:
		stage_may_oom(sim, req);
		break;
	case ALLOC_STAGE_NORETRY_COMPACT:
		if (req->order && direct_compact(sim, req)) {
			enter(req, ALLOC_STAGE_GOT_PG);
		} else {
			if (!req->order)
				narrate(sim, req, "noretry: order 0, nothing to compact");
			enter(req, ALLOC_STAGE_NOPAGE);
		}
		break;
	case ALLOC_STAGE_NOPAGE:
		req->pfn = PFN_NONE;
		if (req->gfp_mask & GFP_F_NOWARN)
			narrate(sim, req, "allocation failed; __GFP_NOWARN: no report");
		else
			narrate(sim, req, "%s: page allocation failure: order:%u, mode:%#x", cur->comm,
				req->order, req->gfp_mask);
		warn_alloc_failed(sim, req->gfp_mask, req->order);
		enter(req, ALLOC_STAGE_GOT_PG);
		break;
	case ALLOC_STAGE_GOT_PG:
		/* trace_mm_page_alloc() at the end of __alloc_pages_nodemask */
		ev = trace_emit(sim, TRACE_mm_page_alloc);
		ev->pfn = req->pfn;
		ev->order = (uint8_t)req->order;
		ev->gfp_mask = req->alloc_mask;
		ev->migratetype = (uint8_t)req->ac.migratetype;
		if (req->pfn != PFN_NONE) {
			const struct zone *z = page_zone(sim, req->pfn);

			ev->nid = (uint8_t)z->zone_pgdat->node_id;
			ev->zid = z->zid;
		}
		enter(req, ALLOC_STAGE_DONE);
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

/* The kernel functions active at each stage, outermost first. */
void slowpath_call_chain(const struct alloc_request *req, struct strbuf *out)
{
	static const char *const reclaim[] = { "__alloc_pages_direct_reclaim", "__perform_reclaim",
		"try_to_free_pages", "do_try_to_free_pages", "shrink_zones", NULL };
	static const char *const compact[] = { "__alloc_pages_direct_compact",
		"try_to_compact_pages", "compact_zone_order", "compact_zone", NULL };
	static const char *const oom[] = { "__alloc_pages_may_oom", "out_of_memory", NULL };
	const char *const *extra = NULL;
	const char *leaf = NULL;

	sb_puts(out, "__alloc_pages_nodemask");
	switch (req->stage) {
	case ALLOC_STAGE_FASTPATH:
		sb_puts(out, " > get_page_from_freelist");
		return;
	case ALLOC_STAGE_GOT_PG:
	case ALLOC_STAGE_DONE:
		return;
	case ALLOC_STAGE_DIRECT_RECLAIM:
		extra = req->phase == 1 ? reclaim : NULL;
		leaf = req->phase == 1 ? NULL : req->phase == 0 ? "__alloc_pages_direct_reclaim"
							       : "drain_all_pages";
		break;
	case ALLOC_STAGE_DIRECT_COMPACT:
	case ALLOC_STAGE_NORETRY_COMPACT:
		extra = compact;
		break;
	case ALLOC_STAGE_MAY_OOM:
		extra = oom;
		break;
	case ALLOC_STAGE_WAKE_KSWAPD:
		leaf = "wake_all_kswapds";
		break;
	case ALLOC_STAGE_ALLOC_FLAGS:
		leaf = "gfp_to_alloc_flags";
		break;
	case ALLOC_STAGE_MIN_WMARK:
	case ALLOC_STAGE_NO_WMARKS:
		leaf = "get_page_from_freelist";
		break;
	case ALLOC_STAGE_NOPAGE:
		leaf = "warn_alloc_failed";
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
