/* core/slowpath_6_1.h - what the two halves of Linux 6.1's slow path
 * share: slowpath_6_1.c (the request's stages, the fast path, `where`)
 * and slowpath_6_1_retry.c (direct reclaim and compaction, the retry
 * rules, the OOM path). Private to them. */
#ifndef BUDDYSCOPE_CORE_SLOWPATH_6_1_H
#define BUDDYSCOPE_CORE_SLOWPATH_6_1_H

#include <stdbool.h>
#include "buddyscope/page_alloc.h"
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

static inline void enter(struct alloc_request *req, enum alloc_stage_6_1 next)
{
	alloc_enter(req, next, S61_DONE, req->quiet);
}

static inline bool costly(const struct alloc_request *req)
{
	return req->order > PAGE_ALLOC_COSTLY_ORDER;
}

/* gfp_compaction_allowed() (6.1.y): compaction needs __GFP_IO */
static inline bool can_compact(const struct alloc_request *req)
{
	return (req->gfp_mask & GFP_F_IO) != 0;
}

/* ---- slowpath_6_1.c ---- */
/* A narration line of the request's stage (nothing unless narrated). */
__attribute__((format(printf, 3, 4)))
void slowpath61_say(struct sim *sim, struct alloc_request *req, const char *fmt, ...);
/* One freelist walk, narrated. Return: got a page (req->pfn). */
bool slowpath61_attempt(struct sim *sim, struct alloc_request *req, gfp_t gfp, unsigned int flags,
			const char *what);
/* The labels nopage: and retry: */
void slowpath61_goto_nopage(struct alloc_request *req);
void slowpath61_goto_retry(struct sim *sim, struct alloc_request *req);

/* ---- slowpath_6_1_retry.c ---- */
bool slowpath61_direct_compact(struct sim *sim, struct alloc_request *req, int prio);
void slowpath61_after_direct_compact(struct alloc_request *req);
void slowpath61_stage_direct_reclaim(struct sim *sim, struct alloc_request *req);
void slowpath61_stage_reclaim_retry(struct sim *sim, struct alloc_request *req);
void slowpath61_stage_compact_retry(struct sim *sim, struct alloc_request *req);
bool slowpath61_cpuset_fallback(struct sim *sim, struct alloc_request *req, unsigned int flags,
				const char *what);
void slowpath61_stage_may_oom(struct sim *sim, struct alloc_request *req);

#endif
