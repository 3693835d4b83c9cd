/* core/slowpath_where.c - what the debugger words (`where`, `bt`) show of a
 * v4.5 request between two steps: the slow path's locals, the kernel frames
 * the request is in, and the calls its next step makes. core/slowpath.c runs
 * the request; this file only reads it. alloc_frames_of() is shared with
 * 6.1's views (core/slowpath_6_1.c).
 */
#include <stdio.h>
#include <string.h>

#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "internal.h"

/* `where`'s lines for v4.5's locals (kernel.h alloc_locals). */
void slowpath_locals(const struct alloc_request *req, int part, struct strbuf *out)
{
	static const char *const contended[] = { "COMPACT_CONTENDED_NONE",
		"COMPACT_CONTENDED_SCHED", "COMPACT_CONTENDED_LOCK" };
	char buf[256];

	alloc_flags_format(req->alloc_flags, buf, sizeof(buf));
	if (part == 0) {
		sb_printf(out, "  %-21s= %#x (%s)\n", "alloc_flags", req->alloc_flags, buf);
		return;
	}
	sb_printf(out, "  %-21s= %lu\n", "did_some_progress", req->did_some_progress);
	sb_printf(out, "  %-21s= %lu\n", "pages_reclaimed", req->pages_reclaimed);
	sb_printf(out, "  %-21s= %s\n", "migration_mode", migrate_mode_name(req->migration_mode));
	sb_printf(out, "  %-21s= %s\n", "deferred_compaction",
		  req->deferred_compaction ? "true" : "false");
	sb_printf(out, "  %-21s= %s\n", "contended_compaction",
		  req->contended_compaction >= 0 && req->contended_compaction <= 2 ?
		  contended[req->contended_compaction] : "?");
	sb_printf(out, "  %-21s= %s\n", "drained", req->drained ? "true" : "false");
}

/*
 * Where the kernel is between two steps, outermost first: before a stage
 * runs, in __alloc_pages_slowpath (or the allocator's entry, for the fast
 * path and the return) at the call of the stage's function; between two
 * passes of direct reclaim, inside do_try_to_free_pages()'s priority loop;
 * before the drain, back in __alloc_pages_direct_reclaim(). @where names
 * the version's entry and stage numbers (v4.5 and 6.1 share the shape).
 */
int alloc_frames_of(const struct alloc_request *req, const struct frame_stages *where,
		    const char **fn, int max)
{
	static const char *const reclaim[] = { "__alloc_pages_direct_reclaim",
		"__perform_reclaim", "try_to_free_pages", "do_try_to_free_pages" };
	int n = 0;

#define PUSH(f) do { if (n < max) fn[n] = (f); n++; } while (0)
	if (req->stage == where->done)
		return 0;
	PUSH(where->entry);
	if (req->stage == where->fastpath || req->stage == where->got_pg)
		return n;
	PUSH("__alloc_pages_slowpath");
	if (req->stage == where->direct_reclaim && req->phase == 1)
		for (size_t i = 0; i < sizeof(reclaim) / sizeof(reclaim[0]); i++)
			PUSH(reclaim[i]);
	else if (req->stage == where->direct_reclaim && req->phase > 1)
		PUSH(reclaim[0]);
#undef PUSH
	return n;
}

int slowpath_frames(const struct alloc_request *req, const char **fn, int max)
{
	static const struct frame_stages v45 = { "__alloc_pages_nodemask", ALLOC_STAGE_DONE,
		ALLOC_STAGE_FASTPATH, ALLOC_STAGE_GOT_PG, ALLOC_STAGE_DIRECT_RECLAIM };

	return alloc_frames_of(req, &v45, fn, max);
}

/* The calls the next step makes from the innermost frame, outermost first. */
static int next_calls(const struct alloc_request *req, const char **fn)
{
	static const char *const compact[] = { "__alloc_pages_direct_compact",
		"try_to_compact_pages", "compact_zone_order", "compact_zone" };
	static const char *const oom[] = { "__alloc_pages_may_oom", "out_of_memory" };

	switch (req->stage) {
	case ALLOC_STAGE_FASTPATH:
	case ALLOC_STAGE_MIN_WMARK:
	case ALLOC_STAGE_NO_WMARKS:
		fn[0] = "get_page_from_freelist";
		return 1;
	case ALLOC_STAGE_DIRECT_RECLAIM:
		fn[0] = req->phase == 1 ? "shrink_zones" : req->phase == 0 ?
			"__alloc_pages_direct_reclaim" : "drain_all_pages";
		return 1;
	case ALLOC_STAGE_DIRECT_COMPACT:
	case ALLOC_STAGE_NORETRY_COMPACT:
		memcpy(fn, compact, sizeof(compact));
		return 4;
	case ALLOC_STAGE_MAY_OOM:
		memcpy(fn, oom, sizeof(oom));
		return 2;
	case ALLOC_STAGE_WAKE_KSWAPD:
		fn[0] = "wake_all_kswapds";
		return 1;
	case ALLOC_STAGE_ALLOC_FLAGS:
		fn[0] = "gfp_to_alloc_flags";
		return 1;
	case ALLOC_STAGE_NOPAGE:
		fn[0] = "warn_alloc_failed";
		return 1;
	default:
		return 0;
	}
}

/* The kernel functions active at each stage, outermost first: the frames
 * and what the next step calls from the innermost one. */
void slowpath_call_chain(const struct alloc_request *req, struct strbuf *out)
{
	const char *fn[16];
	int n = slowpath_frames(req, fn, 8);

	if (!n) {
		sb_puts(out, "__alloc_pages_nodemask");
		return;
	}
	n += next_calls(req, fn + n);
	for (int i = 0; i < n; i++)
		sb_printf(out, "%s%s", i ? " > " : "", fn[i]);
}
