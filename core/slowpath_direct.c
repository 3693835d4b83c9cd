/* core/slowpath_direct.c - the v4.5/v4.6 slow path's stages that call out
 * to the rest of mm: __alloc_pages_direct_compact(),
 * __alloc_pages_direct_reclaim(), __alloc_pages_may_oom() and the
 * should-retry test of __alloc_pages_slowpath(). The dispatcher and the
 * other stages are in slowpath.c.
 */
#include <stdio.h>

#include "buddyscope/buddy.h"
#include "buddyscope/compaction.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/vmscan.h"
#include "slowpath_int.h"
#include "pcp.h"
#include "vmscan_internal.h"

/* Models: __alloc_pages_direct_compact(). Return: true if it gave a page. */
bool slowpath_direct_compact(struct sim *sim, struct alloc_request *req)
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
		slowpath_narrate(sim, req, "%s compaction deferred for order %u after recent failures",
			migrate_mode_name(req->migration_mode), req->order);
		return false;
	}
	if (rc == COMPACT_SKIPPED) {
		bool no_fs = !(req->gfp_mask & GFP_F_FS), no_io = !(req->gfp_mask & GFP_F_IO);

		if (no_fs || no_io)	/* try_to_compact_pages needs both */
			slowpath_narrate(sim, req, "%s compaction skipped: without %s "
				"try_to_compact_pages does nothing",
				migrate_mode_name(req->migration_mode),
				no_fs && no_io ? "__GFP_FS and __GFP_IO" : no_fs ? "__GFP_FS" : "__GFP_IO");
		else
			slowpath_narrate(sim, req, "%s compaction skipped: compaction_suitable said "
				"COMPACT_SKIPPED in every zone it tried (each compact_zone line says "
				"why)", migrate_mode_name(req->migration_mode));
		return false;
	}
	count_vm_events(sim, COMPACTSTALL, 1);
	req->pfn = get_page_from_freelist(sim, req, req->alloc_flags & ~(unsigned int)ALLOC_NO_WATERMARKS);
	if (req->pfn == PFN_NONE) {
		count_vm_events(sim, COMPACTFAIL, 1);
		slowpath_narrate(sim, req, "%s compaction ran (%s) but the order-%u attempt still failed",
			migrate_mode_name(req->migration_mode), compact_result_name(rc), req->order);
		return false;
	}
	z = page_zone(sim, req->pfn);
	z->compact_blockskip_flush = false;
	compaction_defer_reset(sim, z, (int)req->order, true);
	count_vm_events(sim, COMPACTSUCCESS, 1);
	slowpath_narrate(sim, req, "%s compaction (%s) made an order-%u block: took pfn %#lx from %s",
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
void slowpath_direct_reclaim(struct sim *sim, struct alloc_request *req)
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
		slowpath_narrate(sim, req, "direct reclaim: try_to_free_pages wants %lu pages, starting at "
			"priority %d", req->sc.nr_to_reclaim, req->sc.priority);
		return;
	case 1:
		cur->flags |= PF_MEMALLOC;
		if (direct_reclaim_step(sim, &req->sc, &req->ac)) {
			cur->flags = saved;
			if (req->sc.pass_priority < 0)	/* the epilogue chose a second sweep */
				slowpath_narrate(sim, req, "nothing reclaimed in %lu scanned: a second sweep from "
					"priority %d (may_thrash)", req->sc.total_scanned,
					req->sc.priority);
			else
				slowpath_narrate(sim, req, "shrink_zones at priority %d: %lu scanned, %lu "
					"reclaimed so far", req->sc.pass_priority,
					req->sc.total_scanned, req->sc.nr_reclaimed);
			return;
		}
		cur->flags = saved;
		req->did_some_progress = req->sc.result;
		if (!req->did_some_progress) {
			slowpath_narrate(sim, req, "direct reclaim made no progress (%lu scanned): nothing left "
				"to reclaim", req->sc.total_scanned);
			slowpath_enter(req, (req->gfp_mask & GFP_F_NORETRY) ? ALLOC_STAGE_NORETRY
								   : ALLOC_STAGE_SHOULD_RETRY);
			return;
		}
		if (slowpath_try_freelist(sim, req, flags, "after reclaiming")) {
			slowpath_enter(req, ALLOC_STAGE_GOT_PG);
			return;
		}
		if (req->drained) {
			slowpath_enter(req, (req->gfp_mask & GFP_F_NORETRY) ? ALLOC_STAGE_NORETRY
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
		if (slowpath_try_freelist(sim, req, flags, "after drain_all_pages")) {
			slowpath_enter(req, ALLOC_STAGE_GOT_PG);
			return;
		}
		slowpath_enter(req, (req->gfp_mask & GFP_F_NORETRY) ? ALLOC_STAGE_NORETRY
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
void slowpath_may_oom(struct sim *sim, struct alloc_request *req)
{
	gfp_t gfp = req->gfp_mask;
	const char *skip = NULL;
	bool killed;
	struct oom_control oc = { &req->ac, gfp, (int)req->order, false };

	req->did_some_progress = 0;
	if (slowpath_try_freelist(sim, req, ALLOC_WMARK_HIGH | ALLOC_CPUSET, "last attempt at high")) {
		slowpath_enter(req, ALLOC_STAGE_GOT_PG);
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
		slowpath_narrate(sim, req, "%s", skip);
		if (req->did_some_progress)
			slowpath_goto_retry(sim, req);
		else
			slowpath_enter(req, ALLOC_STAGE_NORETRY_COMPACT);
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
		    (slowpath_try_freelist(sim, req, ALLOC_NO_WATERMARKS | ALLOC_CPUSET, "__GFP_NOFAIL reserves") ||
		     slowpath_try_freelist(sim, req, ALLOC_NO_WATERMARKS, "__GFP_NOFAIL reserves"))) {
			slowpath_enter(req, ALLOC_STAGE_GOT_PG);
			return;
		}
		slowpath_narrate(sim, req, killed ? "out_of_memory made progress: retry" :
			"__GFP_NOFAIL: out_of_memory did nothing, but the kernel retries anyway");
		slowpath_goto_retry(sim, req);
		return;
	}
	slowpath_narrate(sim, req, "out_of_memory did not kill anything");
	slowpath_enter(req, ALLOC_STAGE_NORETRY_COMPACT);
}

/*
 * Models: the should-retry test of __alloc_pages_slowpath (v4.5):
 *   pages_reclaimed += did_some_progress;
 *   if ((did_some_progress && order <= PAGE_ALLOC_COSTLY_ORDER) ||
 *       (__GFP_REPEAT && pages_reclaimed < 1 << order))  retry
 *   else  __alloc_pages_may_oom
 * The narration names the rule that decided, with its numbers.
 */
void slowpath_should_retry(struct sim *sim, struct alloc_request *req)
{
	bool repeat = req->gfp_mask & GFP_F_REPEAT;
	unsigned long want = 1UL << req->order;
	struct zone *pz = slowpath_preferred(sim, req);
	const char *wait = wait_iff_congested_would_sleep(sim, pz) ? "; first waits (up to "
			   "HZ/50) for the congested disk" : "";

	req->pages_reclaimed += req->did_some_progress;
	if (req->did_some_progress && req->order <= PAGE_ALLOC_COSTLY_ORDER) {
		slowpath_narrate(sim, req, "did_some_progress %lu, and order %u <= PAGE_ALLOC_COSTLY_ORDER "
			"%d: retry%s", req->did_some_progress, req->order, PAGE_ALLOC_COSTLY_ORDER,
			wait);
	} else if (repeat && req->pages_reclaimed < want) {
		slowpath_narrate(sim, req, "__GFP_REPEAT: pages_reclaimed %lu < %lu pages of order %u: "
			"retry%s", req->pages_reclaimed, want, req->order, wait);
	} else {
		if (repeat)
			slowpath_narrate(sim, req, "__GFP_REPEAT, but pages_reclaimed %lu >= %lu pages of order "
				"%u: no retry, try the OOM killer", req->pages_reclaimed, want,
				req->order);
		else if (req->did_some_progress)
			slowpath_narrate(sim, req, "order %u > PAGE_ALLOC_COSTLY_ORDER %d and no __GFP_REPEAT: "
				"no retry despite progress %lu; try the OOM killer", req->order,
				PAGE_ALLOC_COSTLY_ORDER, req->did_some_progress);
		else
			slowpath_narrate(sim, req, "did_some_progress 0%s: no retry, try the OOM killer",
				req->order > PAGE_ALLOC_COSTLY_ORDER ? " and no __GFP_REPEAT" : "");
		slowpath_enter(req, ALLOC_STAGE_MAY_OOM);
		return;
	}
	wait_iff_congested(sim, pz, HZ / 50);
	slowpath_goto_retry(sim, req);
}
