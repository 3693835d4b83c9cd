/* core/slowpath_6_1.h - what Linux 6.1's slow path shares between its two
 * files: slowpath_6_1.c (the dispatcher, the first attempt, the stages up
 * to reclaim) and slowpath_direct_6_1.c (direct compaction and reclaim, the
 * retry rules, the OOM path).
 */
#ifndef BUDDYSCOPE_SLOWPATH_6_1_H
#define BUDDYSCOPE_SLOWPATH_6_1_H

#include "buddyscope/page_alloc.h"
#include "internal.h"
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

/* The stage's account, for whoever narrates (a bs_alloc_stage event). */
__attribute__((format(printf, 3, 4)))
void s61_say(struct sim *sim, struct alloc_request *req, const char *fmt, ...);
/* One freelist walk, narrated. */
bool s61_attempt(struct sim *sim, struct alloc_request *req, gfp_t gfp, unsigned int flags,
		 const char *what);
/* goto retry: with a bound on loops the kernel would not leave. */
void s61_goto_retry(struct sim *sim, struct alloc_request *req);

static inline void s61_enter(struct alloc_request *req, enum alloc_stage_6_1 next)
{
	alloc_enter(req, next, S61_DONE, req->quiet);
}

static inline bool s61_costly(const struct alloc_request *req)
{
	return req->order > PAGE_ALLOC_COSTLY_ORDER;
}

/* gfp_compaction_allowed() (6.1.y): compaction needs __GFP_IO */
static inline bool s61_can_compact(const struct alloc_request *req)
{
	return (req->gfp_mask & GFP_F_IO) != 0;
}

static inline void s61_goto_nopage(struct alloc_request *req)
{
	/* nopage: __GFP_NOFAIL loops (only a blocking caller may ask for it) */
	s61_enter(req, (req->gfp_mask & GFP_F_NOFAIL) && req->can_direct_reclaim ? S61_NOFAIL
									       : S61_NOPAGE);
}

/* slowpath_direct_6_1.c */
bool s61_direct_compact(struct sim *sim, struct alloc_request *req, int prio);
void s61_after_direct_compact(struct alloc_request *req);
void s61_direct_reclaim(struct sim *sim, struct alloc_request *req);
void s61_reclaim_retry(struct sim *sim, struct alloc_request *req);
void s61_compact_retry(struct sim *sim, struct alloc_request *req);
void s61_may_oom(struct sim *sim, struct alloc_request *req);
bool s61_cpuset_fallback(struct sim *sim, struct alloc_request *req, unsigned int flags,
			 const char *what);

#endif
