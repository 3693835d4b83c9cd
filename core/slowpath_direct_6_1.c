/* core/slowpath_direct_6_1.c - Linux 6.1's slow path where it calls out
 * to the rest of mm: __alloc_pages_direct_compact(),
 * __alloc_pages_direct_reclaim(), should_reclaim_retry(),
 * should_compact_retry(), __alloc_pages_cpuset_fallback() and
 * __alloc_pages_may_oom(). The dispatcher and the other stages are in
 * slowpath_6_1.c.
 */
#include "buddyscope/compaction.h"
#include "buddyscope/oom_kill.h"
#include "compaction_6_1.h"
#include "oom_internal.h"
#include "page_alloc_6_1.h"
#include "slowpath_6_1.h"

/* Models: __alloc_pages_direct_compact() (6.1). Return: got a page. */
bool s61_direct_compact(struct sim *sim, struct alloc_request *req, int prio)
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
		s61_say(sim, req, "%s compaction skipped: %s", compact_priority_name(prio),
		    s61_can_compact(req) ? "no zone has free pages to migrate into (or all are "
		    "deferred)" : "no __GFP_IO, compaction not allowed");
		return false;
	}
	count_vm_events(sim, COMPACTSTALL, 1);
	req->pfn = get_page_from_freelist_6_1(sim, req, req->gfp_mask, req->alloc_flags);
	if (req->pfn == PFN_NONE) {
		count_vm_events(sim, COMPACTFAIL, 1);
		s61_say(sim, req, "%s compaction ran (%s) but the order-%u attempt still failed",
		    compact_priority_name(prio), compact_result_name_6_1(req->compact_result),
		    req->order);
		return false;
	}
	z = page_zone(sim, req->pfn);
	z->compact_blockskip_flush = false;
	compaction_defer_reset(sim, z, (int)req->order, true);
	count_vm_events(sim, COMPACTSUCCESS, 1);
	s61_say(sim, req, "%s compaction (%s) made an order-%u block: took pfn %#lx from %s",
	    compact_priority_name(prio), compact_result_name_6_1(req->compact_result), req->order,
	    req->pfn, z->name);
	return true;
}

/* Where the slow path goes once direct compaction did not give a page. */
void s61_after_direct_compact(struct alloc_request *req)
{
	if (req->gfp_mask & GFP_F_NORETRY)
		s61_enter(req, S61_NORETRY);
	else if (s61_costly(req) && (!s61_can_compact(req) || !(req->gfp_mask & GFP_F_RETRY_MAYFAIL)))
		s61_enter(req, S61_COSTLY_NORETRY);
	else
		s61_enter(req, S61_RECLAIM_RETRY);
}

static void after_direct_reclaim(struct alloc_request *req)
{
	if (req->order)		/* __alloc_pages_direct_compact returns at once for 0 */
		s61_enter(req, S61_DIRECT_COMPACT);
	else
		s61_after_direct_compact(req);
}

/*
 * Models: __alloc_pages_direct_reclaim() (6.1): __perform_reclaim() ->
 * try_to_free_pages(), one priority pass a step; with progress a freelist
 * attempt, and once more after unreserve_highatomic_pageblock(ac, false)
 * and drain_all_pages().
 */
void s61_direct_reclaim(struct sim *sim, struct alloc_request *req)
{
	struct task *cur = current_task(sim);
	unsigned int saved = cur->flags;

	switch (req->phase) {
	case 0:
		direct_reclaim_begin_6_1(sim, &req->sc, req->gfp_mask, (int)req->order);
		req->phase = 1;
		s61_say(sim, req, "direct reclaim: try_to_free_pages wants %lu pages, starting at "
		    "priority %d", req->sc.nr_to_reclaim, req->sc.priority);
		return;
	case 1:
		cur->flags |= PF_MEMALLOC;
		if (direct_reclaim_step_6_1(sim, &req->sc, &req->ac)) {
			cur->flags = saved;
			s61_say(sim, req, "shrink_zones at priority %d: %lu scanned, %lu reclaimed so far",
			    req->sc.pass_priority, req->sc.total_scanned, req->sc.nr_reclaimed);
			return;
		}
		cur->flags = saved;
		/* do_try_to_free_pages (6.1): pages reclaimed, or 1 to let
		 * compaction run, else 0 */
		req->did_some_progress = req->sc.nr_reclaimed ? req->sc.nr_reclaimed :
					 req->sc.compaction_ready ? 1 : 0;
		if (!req->did_some_progress) {
			s61_say(sim, req, "direct reclaim made no progress (%lu scanned)",
			    req->sc.total_scanned);
			after_direct_reclaim(req);
			return;
		}
		if (s61_attempt(sim, req, req->gfp_mask, req->alloc_flags, "after reclaiming")) {
			s61_enter(req, S61_GOT_PG);
			return;
		}
		req->phase = 2;
		return;
	default:
		unreserve_highatomic_pageblock_6_1(sim, &req->ac, false);
		drain_all_pages(sim, NULL);
		if (s61_attempt(sim, req, req->gfp_mask, req->alloc_flags, "after drain_all_pages"))
			s61_enter(req, S61_GOT_PG);
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

void s61_reclaim_retry(struct sim *sim, struct alloc_request *req)
{
	bool unreserved;

	if (should_reclaim_retry(sim, req, &unreserved)) {
		if (unreserved)
			s61_say(sim, req, "no zone can reach its min mark, but a highatomic pageblock "
			    "was released: retry");
		else
			s61_say(sim, req, "no_progress_loops %d <= %d and %s would have %lu available "
			    "(%lu reclaimable) > min %lu: retry", req->no_progress_loops,
			    MAX_RECLAIM_RETRIES, zone_names[req->retry_zid], req->retry_available,
			    req->retry_reclaimable, req->retry_min_wmark);
		s61_goto_retry(sim, req);
		return;
	}
	if (req->no_progress_loops > MAX_RECLAIM_RETRIES)
		s61_say(sim, req, "no_progress_loops %d > MAX_RECLAIM_RETRIES (%d): stop reclaiming",
		    req->no_progress_loops, MAX_RECLAIM_RETRIES);
	else	/* a zone was checked: the walk found one at restart (ALLOC_FLAGS) */
		s61_say(sim, req, "even with all reclaimable pages freed, %s would have only %lu "
		    "(%lu reclaimable) for min %lu: stop reclaiming", zone_names[req->retry_zid],
		    req->retry_available, req->retry_reclaimable, req->retry_min_wmark);
	if (req->did_some_progress && s61_can_compact(req) && req->order)
		s61_enter(req, S61_COMPACT_RETRY);
	else
		s61_enter(req, S61_MAY_OOM);
}

/*
 * Models: should_compact_retry() (6.1). A successful compaction counts a
 * retry (at most 16, 4 for costly orders); "failed" (COMPLETE) or
 * "withdrawn" (deferred, contended, partial skip) raise the priority once
 * more down to its floor (SYNC_LIGHT for costly, SYNC_FULL otherwise);
 * SKIPPED retries while reclaim could make room (compaction_zonelist_suitable).
 */
void s61_compact_retry(struct sim *sim, struct alloc_request *req)
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

		s61_say(sim, req, "compaction was skipped; %s", ok ? "reclaim could make room for "
		    "it: retry" : "even reclaim would not make room: no retry");
		if (ok)
			s61_goto_retry(sim, req);
		else
			s61_enter(req, S61_MAY_OOM);
		return;
	}
	if (s61_costly(req))
		max_retries /= 4;
	if (req->compaction_retries <= max_retries) {
		s61_say(sim, req, "compaction %s, compaction_retries %d <= %d: retry",
		    compact_result_name_6_1(r), req->compaction_retries, max_retries);
		s61_goto_retry(sim, req);
		return;
	}
	why = "out of retries";
check_priority:
	min_prio = s61_costly(req) ? MIN_COMPACT_COSTLY_PRIORITY : MIN_COMPACT_PRIORITY;
	if (req->compact_priority > min_prio) {
		req->compact_priority--;
		req->compaction_retries = 0;
		s61_say(sim, req, "compaction %s (%s): retry at %s", compact_result_name_6_1(r), why,
		    compact_priority_name(req->compact_priority));
		s61_goto_retry(sim, req);
		return;
	}
	s61_say(sim, req, "compaction %s (%s) at %s already: no retry", compact_result_name_6_1(r),
	    why, compact_priority_name(req->compact_priority));
	s61_enter(req, S61_MAY_OOM);
}

/* Models: __alloc_pages_cpuset_fallback() (6.1): with ALLOC_CPUSET, then
 * without. SIMPLIFICATION: no cpusets, so ALLOC_CPUSET changes nothing and
 * the second attempt, over the same zones, could only fail again: one. */
bool s61_cpuset_fallback(struct sim *sim, struct alloc_request *req, unsigned int flags,
			    const char *what)
{
	return s61_attempt(sim, req, req->gfp_mask, flags | ALLOC_CPUSET, what);
}

/*
 * Models: __alloc_pages_may_oom() (6.1). A last attempt at the high mark
 * catches a parallel kill; then the reasons not to kill; then
 * out_of_memory(). A request without __GFP_FS counts as progress without a
 * kill (out_of_memory returns true for it) unless the caller is dying,
 * which out_of_memory takes care of first; __GFP_NOFAIL then gets the
 * reserves either way, and an OOM victim stops looping.
 * 6.1 does not sleep after a kill: the allocator goes round its retry loop
 * again and again while the victim exits on another CPU (exit.c), each
 * round a last attempt at the high mark and out_of_memory(), which waits
 * for the victim until its exit sets MMF_OOM_SKIP. The model's rounds wait
 * for the victim's next exit step (sim_wait_for_exit).
 * SIMPLIFICATION: a round takes no time of its own beyond what its stages
 * charge; where no task is exiting so (v4.5's instant exit, a dying
 * caller) the victim gets a jiffy.
 */
void s61_may_oom(struct sim *sim, struct alloc_request *req)
{
	gfp_t gfp = req->gfp_mask;
	const char *skip = NULL;
	struct oom_control oc = { &req->ac, gfp, (int)req->order, false };
	bool killed, no_fs;

	req->did_some_progress = 0;
	if (s61_attempt(sim, req, (gfp | GFP_F_HARDWALL) & ~GFP_F_DIRECT_RECLAIM,
		    ALLOC_WMARK_HIGH | ALLOC_CPUSET, "last attempt at high")) {
		s61_enter(req, S61_GOT_PG);
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
		s61_say(sim, req, "%s", skip);
		s61_goto_nopage(req);
		return;
	}
	/* out_of_memory() (6.1) takes a dying caller first; only then does
	 * it give up on a request without __GFP_FS, reporting progress */
	no_fs = !(gfp & GFP_F_FS) && !oom_task_will_free_mem_6_1(current_task(sim));
	killed = !no_fs && out_of_memory_6_1(sim, &oc);
	if (no_fs || killed || (gfp & GFP_F_NOFAIL)) {
		req->did_some_progress = 1;
		if (killed)
			req->retry_base = req->nr_retries;
		if (killed && !sim_wait_for_exit(sim))
			sim_sleep(sim, 1);
		if ((gfp & GFP_F_NOFAIL) &&
		    s61_cpuset_fallback(sim, req, ALLOC_NO_WATERMARKS, "__GFP_NOFAIL reserves")) {
			s61_enter(req, S61_GOT_PG);
			return;
		}
	}
	if (current_task(sim)->memdie &&
	    ((req->alloc_flags & ALLOC_OOM) || (gfp & GFP_F_NOMEMALLOC))) {
		s61_enter(req, S61_OOM_VICTIM);
		return;
	}
	if (req->did_some_progress) {
		s61_say(sim, req, no_fs ? "no __GFP_FS: out_of_memory kills nothing but reports "
		    "progress" : killed ? "out_of_memory made progress: no_progress_loops = 0, retry"
		    : "__GFP_NOFAIL: out_of_memory did nothing, but the kernel retries anyway");
		req->no_progress_loops = 0;
		s61_goto_retry(sim, req);
		return;
	}
	s61_say(sim, req, "out_of_memory did not kill anything");
	s61_goto_nopage(req);
}
