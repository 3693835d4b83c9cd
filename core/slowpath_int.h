/* core/slowpath_int.h - what the v4.5/v4.6 slow path's two files share:
 * slowpath.c (the dispatcher and the stages up to compaction) and
 * slowpath_direct.c (direct compaction, direct reclaim, the OOM path and
 * the retry test).
 */
#ifndef BUDDYSCOPE_SLOWPATH_INT_H
#define BUDDYSCOPE_SLOWPATH_INT_H

#include "buddyscope/page_alloc.h"
#include "internal.h"
#include "page_alloc_fast.h"

/* The stage's one-line account: req->why (which `alloc` shows after a
 * failure) and, for whoever narrates (the stepper, Lua requests, quizzes:
 * req->narrate), a bs_alloc_stage event. A quiet request (alloc_pages():
 * nobody watches it) formats nothing. */
__attribute__((format(printf, 3, 4)))
void slowpath_narrate(struct sim *sim, struct alloc_request *req, const char *fmt, ...);
/* Say how a freelist walk ended: the zone that gave the page, or the
 * closest refusal, with the numbers its watermark check used. Only called
 * when narrating (snprintf is not free). */
void slowpath_narrate_walk(struct sim *sim, struct alloc_request *req, const char *what);
/* goto retry: with a bound on loops the kernel would not leave. */
void slowpath_goto_retry(struct sim *sim, struct alloc_request *req);

static inline void slowpath_enter(struct alloc_request *req, enum alloc_stage next)
{
	alloc_enter(req, next, ALLOC_STAGE_DONE, req->quiet);
}

static inline struct zone *slowpath_preferred(struct sim *sim, const struct alloc_request *req)
{
	return &sim->node_data[req->ac.preferred_nid]->node_zones[req->ac.preferred_zid];
}

static inline bool slowpath_try_freelist(struct sim *sim, struct alloc_request *req, unsigned int flags,
			 const char *what)
{
	req->pfn = get_page_from_freelist(sim, req, flags);
	if (req->narrate)
		slowpath_narrate_walk(sim, req, what);
	return req->pfn != PFN_NONE;
}

/* slowpath_direct.c: the stages that call out to compaction, reclaim and
 * the OOM killer */
bool slowpath_direct_compact(struct sim *sim, struct alloc_request *req);
void slowpath_direct_reclaim(struct sim *sim, struct alloc_request *req);
void slowpath_may_oom(struct sim *sim, struct alloc_request *req);
void slowpath_should_retry(struct sim *sim, struct alloc_request *req);

#endif
