/* include/buddyscope/page_alloc.h - allocation requests and freeing.
 * Models mm/page_alloc.c __alloc_pages_nodemask(), get_page_from_freelist(),
 * __free_pages() (v4.5).
 *
 * An allocation is a request object that holds the kernel's locals and a
 * stage named after the kernel's steps. alloc_step() runs one stage and emits
 * one event; alloc_run() loops. A failed allocation is a result (pfn ==
 * PFN_NONE), not an error.
 */
#ifndef BUDDYSCOPE_PAGE_ALLOC_H
#define BUDDYSCOPE_PAGE_ALLOC_H

#include <stdbool.h>
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/strbuf.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/watermark.h"

struct sim;

/* The v4.5 fast path and slow path labels and calls, listed once: the stage
 * table of v4.5 and v4.6 (core/slowpath.c; kernel.h says how another
 * version brings its own). X(id, kernel function, flow node on the screen) */
#define ALLOC_STAGES(X)							\
	X(FASTPATH,	"get_page_from_freelist", FLOW_FAST)	/* ALLOC_WMARK_LOW */ \
	X(ORDER_CHECK,	"__alloc_pages_slowpath", FLOW_KSWAPD)	/* order >= MAX_ORDER */ \
	X(ATOMIC_FIX,	"__alloc_pages_slowpath", FLOW_KSWAPD)	/* ATOMIC + DIRECT_RECLAIM */ \
	X(THISNODE,	"__alloc_pages_slowpath", FLOW_KSWAPD)	/* 4.5 early fail */	\
	X(WAKE_KSWAPD,	"wake_all_kswapds", FLOW_KSWAPD)				\
	X(ALLOC_FLAGS,	"gfp_to_alloc_flags", FLOW_MIN)					\
	X(MIN_WMARK,	"get_page_from_freelist", FLOW_MIN)	/* ALLOC_WMARK_MIN */	\
	X(NO_WMARKS,	"get_page_from_freelist", FLOW_RESERVES) /* ALLOC_NO_WATERMARKS */ \
	X(CAN_RECLAIM,	"__alloc_pages_slowpath", FLOW_RESERVES) /* !can_direct_reclaim */ \
	X(PF_MEMALLOC,	"__alloc_pages_slowpath", FLOW_RESERVES) /* reclaim recursion */ \
	X(TIF_MEMDIE,	"__alloc_pages_slowpath", FLOW_RESERVES) /* OOM victim bail-out */ \
	X(DIRECT_COMPACT, "__alloc_pages_direct_compact", FLOW_COMPACT)			\
	X(THP_CHECK,	"__alloc_pages_slowpath", FLOW_COMPACT)	/* deferred/contended */ \
	X(SYNC_LIGHT,	"__alloc_pages_slowpath", FLOW_COMPACT)	/* migration_mode */	\
	X(DIRECT_RECLAIM, "__alloc_pages_direct_reclaim", FLOW_RECLAIM)			\
	X(NORETRY,	"__alloc_pages_slowpath", FLOW_RETRY)	/* __GFP_NORETRY */	\
	X(SHOULD_RETRY,	"__alloc_pages_slowpath", FLOW_RETRY)	/* progress retry */	\
	X(MAY_OOM,	"__alloc_pages_may_oom", FLOW_OOM)				\
	X(NORETRY_COMPACT, "__alloc_pages_direct_compact", FLOW_COMPACT)		\
	X(NOPAGE,	"warn_alloc_failed", FLOW_NOPAGE)				\
	X(GOT_PG,	"__alloc_pages_nodemask", FLOW_GOT_PG)				\
	X(DONE,		"__alloc_pages_nodemask", FLOW_DONE)

enum alloc_stage {
#define X(id, fn, flow) ALLOC_STAGE_##id,
	ALLOC_STAGES(X)
#undef X
	NR_ALLOC_STAGES
};

/* The stage table entry of @stage under the machine's kernel (kernel.h):
 * "WAKE_KSWAPD" and "wake_all_kswapds"; "?" for a stage it does not have. */
const char *alloc_stage_name(const struct sim *sim, int stage);
const char *alloc_stage_function(const struct sim *sim, int stage);

/* Models: struct alloc_context (mm/internal.h, v4.5) */
struct alloc_context {
	int		zonelist_nid;	/* node whose zonelist is walked */
	int		zonelist_idx;	/* ZONELIST_FALLBACK or _NOFALLBACK */
	int		preferred_nid;	/* preferred_zone, as ids */
	int		preferred_zid;
	int		classzone_idx;
	int		migratetype;
	int		high_zoneidx;
	bool		spread_dirty_pages;
};

/* Why get_page_from_freelist passed over a zone, or took from it. */
enum zone_verdict_kind {
	ZV_TAKEN,		/* buffered_rmqueue gave a page */
	ZV_WMARK_FAIL,		/* zone_watermark_ok said no */
	ZV_EMPTY,		/* passed the check, but buffered_rmqueue found nothing */
	ZV_FAIR_DEPLETED,	/* ALLOC_FAIR: zone's batch used up */
	ZV_FAIR_REMOTE,		/* ALLOC_FAIR: stopped at the first remote zone */
};

struct zone_verdict {
	uint8_t		nid, zid;
	uint8_t		kind;		/* enum zone_verdict_kind */
	uint8_t		wmark;		/* WMARK_MIN/LOW/HIGH checked */
	struct wmark_terms wm;		/* the check's numbers, as it ran (before
					 * buffered_rmqueue took the page) */
	int		failed_order;	/* free test passed but no block: the order; else -1 */
};

struct alloc_request {
	/* ---- the caller's request ---- */
	gfp_t		gfp_mask;
	unsigned int	order;
	int		cpu;		/* which CPU runs it (pcp lists, local node) */
	bool		narrate;	/* fill ->why and emit bs_alloc_stage events */
	/* ---- the kernel's locals ---- */
	gfp_t		alloc_mask;	/* __alloc_pages_nodemask's, as mm_page_alloc traces it */
	unsigned int	alloc_flags;
	struct alloc_context ac;
	bool		can_direct_reclaim;
	unsigned long	did_some_progress;
	unsigned long	pages_reclaimed;
	int		migration_mode;
	bool		deferred_compaction;
	int		contended_compaction;
	bool		drained;
	unsigned int	nr_retries;	/* passes through `retry` */
	/* nr_retries when out_of_memory() last made progress (6.1: it killed,
	 * or waits for a victim's exit); ALLOC_MAX_RETRIES bounds the passes
	 * since then */
	unsigned int	retry_base;
	struct scan_control sc;		/* direct reclaim in progress (try_to_free_pages) */
	int		phase;		/* sub-step inside a stage (reclaim, OOM) */
	bool		looped_out;	/* stopped a loop the kernel would not leave */
	/* ---- Linux 6.1's locals (core/slowpath_6_1.c; 4.x ignores them) ---- */
	int		no_progress_loops;	/* should_reclaim_retry's count */
	int		compact_priority;	/* enum compact_priority (compaction_6_1.h) */
	int		compact_result;		/* the last direct compaction's result */
	int		compaction_retries;	/* should_compact_retry's count */
	unsigned int	reserve_flags;		/* __gfp_pfmemalloc_flags() at retry */
	/* the numbers the last retry decision used, for narration */
	unsigned long	retry_reclaimable;	/* should_reclaim_retry: of the zone that
						 * passed, or the last one checked */
	unsigned long	retry_available;
	unsigned long	retry_min_wmark;
	int		retry_zid;		/* that zone; -1 if none was checked */
	/* ---- progress ---- */
	int		stage;		/* the stage alloc_step() runs next: an index
					 * into the kernel's stage table (kernel.h);
					 * enum alloc_stage under v4.5 and v4.6 */
	bool		done;		/* the request has ended (stage flow FLOW_DONE) */
	bool		quiet;		/* nobody reads ->verdicts and ->path: skip them */
	uint8_t		path[512];	/* stages run so far (first 512) */
	unsigned int	nr_path;	/* stages entered and left (all, not just 512) */
	unsigned long	nr_steps;	/* alloc_step() calls: a stage may take several */
	unsigned long	pfn;		/* result: PFN_NONE until GOT_PG with a page */
	struct zone_verdict verdicts[MAX_ZONES_PER_ZONELIST];	/* last freelist walk */
	unsigned int	nr_verdicts;
	char		why[TRACE_MSG_LEN];	/* one sentence on the last stage */
};

/**
 * alloc_request_init - set up a request on the current CPU.
 * Return: 0, or -EINVAL (order > MAX_ORDER-1, bad zone modifiers, both
 * MOVABLE and RECLAIMABLE) with sim_errmsg() set; the sim is unchanged.
 */
int alloc_request_init(struct sim *sim, struct alloc_request *req, gfp_t gfp, unsigned int order);
/* The same with the kernel's own contract: any order below 32 is accepted and
 * order >= MAX_ORDER fails in the slow path (ORDER_CHECK), as the kernel's
 * WARN_ON_ONCE does. For tests and lessons that show that branch. */
int alloc_request_init_any_order(struct sim *sim, struct alloc_request *req, gfp_t gfp,
				 unsigned int order);
/* Walk node @nid's zonelist instead of the CPU's node's (alloc_pages_node():
 * a hugetlb pool page for that node). Return: 0, or -EINVAL for no such node. */
int alloc_request_set_node(struct sim *sim, struct alloc_request *req, int nid);

/* Zero the slow path's locals (alloc_request_init does; a kernel's
 * alloc_run that skipped them calls it when the fast path misses). */
void alloc_request_init_slowpath(struct alloc_request *req);

/* Run one stage with the machine's kernel (sim_kernel()->ops->alloc_step).
 * Return: 1 while stages remain, 0 once the request is done. */
int alloc_step(struct sim *sim, struct alloc_request *req);
/* Run to the end. Return: the pfn, or PFN_NONE. */
unsigned long alloc_run(struct sim *sim, struct alloc_request *req);

/**
 * alloc_pages - the engine API: init + run. Return: first pfn of the
 * 2^order block, or PFN_NONE (a failed allocation, or bad input with
 * sim_errmsg() set).
 */
unsigned long alloc_pages(struct sim *sim, gfp_t gfp, unsigned int order);

/**
 * free_pages - give back an allocated block (__free_pages): order 0 goes to
 * the current CPU's pcp list, larger orders to the buddy lists.
 * @order: the block's order, or -1 to use the order it was allocated with.
 * Return: 0; -EINVAL if @pfn is not the first page of an allocated block of
 * that order (a double free, an interior pfn, a free page, a hole), with a
 * message naming what is there instead. Nothing changes on error.
 */
int free_pages(struct sim *sim, unsigned long pfn, int order);

/* Free every block allocated by `alloc` (the kernel's, not the tasks' or
 * slab pages). Return: the number of blocks freed. */
unsigned long free_all_pages(struct sim *sim);

/* Models: drain_local_pages(zone) on @cpu, zone NULL = all zones. A @cpu the
 * machine does not have is refused: nothing happens. */
void drain_local_pages(struct sim *sim, int cpu, const struct zone *zone);
/* Models: drain_all_pages(zone); zone NULL = all zones. */
void drain_all_pages(struct sim *sim, const struct zone *zone);

/* gfpflags_to_migratetype() as this machine sees it: UNMOVABLE for every
 * request once mobility grouping is off. */
int gfp_migratetype(const struct sim *sim, gfp_t gfp);

/* The first attempt's flags in __alloc_pages_nodemask() (v4.5):
 * ALLOC_WMARK_LOW | ALLOC_CPUSET | ALLOC_FAIR, plus ALLOC_CMA for movable. */
static inline unsigned int fast_path_alloc_flags(int migratetype)
{
	return ALLOC_WMARK_LOW | ALLOC_CPUSET | ALLOC_FAIR |
	       (migratetype == MIGRATE_MOVABLE ? ALLOC_CMA : 0);
}
/* @alloc_flags in the names of the machine's kernel (kernel.h). */
size_t sim_alloc_flags_format(const struct sim *sim, unsigned int alloc_flags, char *buf,
			      size_t len);
/* Models: gfp_to_alloc_flags() (v4.5) for the current task context. */
unsigned int gfp_to_alloc_flags(const struct sim *sim, gfp_t gfp);

/* Bound on passes through `retry`: the kernel may loop for ever (__GFP_NOFAIL,
 * __GFP_REPEAT without progress); buddyscope stops and says so. Under 6.1
 * the bound counts from out_of_memory()'s last progress (retry_base): each
 * out_of_memory() that waits for an exiting victim comes after up to
 * MAX_RECLAIM_RETRIES + 1 passes, and the victim's exit takes a step a
 * call, so a request can wait out a whole exit that way. */
#define ALLOC_MAX_RETRIES	64

/* The kernel call chain at the request's current stage, outermost first:
 * "__alloc_pages_nodemask > __alloc_pages_slowpath > ...", ending with what
 * the next step calls. */
void alloc_call_chain(const struct sim *sim, const struct alloc_request *req,
		      struct strbuf *out);
/* The frames the kernel is in between two steps (a debugger's backtrace),
 * outermost first: up to @max names into @fn. Return: how many there are
 * (0 once the request is done). */
int alloc_frames(const struct sim *sim, const struct alloc_request *req, const char **fn,
		 int max);

/* "min", "low", "high" */
extern const char *const wmark_names[NR_WMARK];
/* Write a verdict's watermark test as the check ran it (wmark_terms_format),
 * plus the block test when that was what failed. Return: as snprintf. */
int zone_verdict_format(const struct zone_verdict *v, unsigned int order, char *buf, size_t len);

/* Append a plain-text explanation of the request's last freelist walk:
 * one line per zone, naming the watermark check and its numbers. */
void alloc_explain(const struct sim *sim, const struct alloc_request *req, struct strbuf *out);

#endif
