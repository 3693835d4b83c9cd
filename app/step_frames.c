/* app/step_frames.c - the request as a debugger shows a program: its frames
 * (where/bt, up, down), the locals of the selected frame (info locals), and
 * the runs that respect them: next (the next stage at this level, stepping
 * over the inside of reclaim) and finish (until the selected frame returns).
 *
 * The frames are where the kernel is between two steps (alloc_frames()):
 *
 *   #0  do_try_to_free_pages     <- between two passes of reclaim
 *   #1  try_to_free_pages
 *   #2  __perform_reclaim
 *   #3  __alloc_pages_direct_reclaim
 *   #4  __alloc_pages_slowpath   <- between two stages
 *   #5  __alloc_pages_nodemask   <- before the fast path, and at the return
 */
#include "step.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"
#include "commands.h"

#define MAX_FRAMES	16

static const char *yes_no(bool b)
{
	return b ? "true" : "false";
}

/* The allocator's entry: __alloc_pages_nodemask (4.x), __alloc_pages (6.1) */
static bool is_outer_frame(const char *name)
{
	return !strcmp(name, "__alloc_pages_nodemask") || !strcmp(name, "__alloc_pages");
}

/* One frame's line: "#3  __alloc_pages_direct_reclaim (did_some_progress=0)". */
static void frame_line(const struct sim *sim, const struct stepper *st, int f,
		       const char *const *fn, int nf, struct strbuf *out)
{
	const struct alloc_request *req = &st->req;
	const char *name = fn[nf - 1 - f];
	enum gfp_style style = sim_gfp_style(sim);
	char gfp[256];

	sb_printf(out, "%s#%-2d %s", f == st->frame ? ">" : " ", f, name);
	gfp_format(st->gfp, style, gfp, sizeof(gfp));
	if (is_outer_frame(name))
		sb_printf(out, " (gfp_mask=%#x %s, order=%u)", gfp_value(st->gfp, style), gfp,
			  req->order);
	gfp_format(req->gfp_mask, style, gfp, sizeof(gfp));
	if (!strcmp(name, "__alloc_pages_slowpath"))
		sb_printf(out, " (gfp_mask=%#x %s, order=%u) %s %s", gfp_value(req->gfp_mask, style),
			  gfp,
			  req->order, f ? "in" : "before", alloc_stage_name(sim, req->stage));
	else if (!strcmp(name, "try_to_free_pages"))
		sb_printf(out, " (order=%u, gfp_mask=%s)", req->order, gfp);
	else if (!strcmp(name, "do_try_to_free_pages"))
		sb_printf(out, " (sc->priority=%d, sc->nr_reclaimed=%lu of %lu)", req->sc.priority,
			  req->sc.nr_reclaimed, req->sc.nr_to_reclaim);
	sb_putc(out, '\n');
}

/* What the next step calls, from alloc_call_chain() past the frames. */
static void next_call(const struct sim *sim, const struct alloc_request *req, int nf,
		      struct strbuf *out)
{
	struct strbuf chain = STRBUF_INIT;
	const char *p;
	int skip = nf;

	alloc_call_chain(sim, req, &chain);
	for (p = sb_str(&chain); skip > 0 && p; skip--)
		if ((p = strstr(p, " > ")))
			p += 3;
	sb_printf(out, "next: %s", alloc_stage_name(sim, req->stage));
	if (p && *p)
		sb_printf(out, " calls %s", p);
	sb_putc(out, '\n');
	sb_release(&chain);
}

static void where_path(const struct sim *sim, const struct alloc_request *req,
		       struct strbuf *out)
{
	unsigned int shown = req->nr_path < 512 ? req->nr_path : 512;

	sb_puts(out, "path so far:");
	if (!shown)
		sb_puts(out, " (none yet)");
	for (unsigned int i = 0; i < shown; i++)
		sb_printf(out, "%s %s", i ? " >" : "",
			  alloc_stage_name(sim, req->path[i]));
	if (req->nr_path > shown)
		sb_printf(out, " ... (%u stages)", req->nr_path);
	sb_putc(out, '\n');
}

static void where_task(const struct cmd_ctx *ctx, const struct alloc_request *req,
		       struct strbuf *out)
{
	const struct task *t = task_find(ctx->sim, ctx->step.pid);
	struct strbuf fl = STRBUF_INIT;

	if (!t) {
		sb_printf(out, "task: pid %d has exited\n", ctx->step.pid);
		return;
	}
	if (t->flags & PF_MEMALLOC)
		sb_puts(&fl, "|PF_MEMALLOC");
	if (t->flags & PF_KSWAPD)
		sb_puts(&fl, "|PF_KSWAPD");
	if (t->flags & PF_KTHREAD)
		sb_puts(&fl, "|PF_KTHREAD");
	if (t->flags & PF_EXITING)
		sb_puts(&fl, "|PF_EXITING");
	if (t->memdie)
		sb_puts(&fl, "|TIF_MEMDIE");
	if (t->sigkill)
		sb_puts(&fl, "|SIGKILL pending");
	sb_printf(out, "task: %s pid %d, flags %#x (%s), oom_score_adj %d; cpu %d, node %d\n",
		  t->comm, t->pid, t->flags, fl.len ? sb_str(&fl) + 1 : "none", t->oom_score_adj,
		  req->cpu, sim_cpu_to_node(ctx->sim, req->cpu));
	sb_release(&fl);
}

void step_where(const struct cmd_ctx *ctx, struct strbuf *out)
{
	const struct stepper *st = &ctx->step;
	const char *fn[MAX_FRAMES];
	int nf;

	if (!st->active) {
		sb_puts(out, "no request in progress; start one with `start GFP ORDER`\n");
		return;
	}
	nf = alloc_frames(ctx->sim, &st->req, fn, MAX_FRAMES);
	sb_puts(out, "request: ");
	step_describe(ctx, out);
	sb_putc(out, '\n');
	for (int f = 0; f < nf && f < MAX_FRAMES; f++)
		frame_line(ctx->sim, st, f, fn, nf, out);
	next_call(ctx->sim, &st->req, nf, out);
	where_path(ctx->sim, &st->req, out);
	where_task(ctx, &st->req, out);
}

/* ---- info locals ---- */

static void local_line(struct strbuf *out, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void local_line(struct strbuf *out, const char *name, const char *fmt, ...)
{
	va_list ap;

	sb_printf(out, "  %-21s= ", name);
	va_start(ap, fmt);
	sb_vprintf(out, fmt, ap);
	va_end(ap);
	sb_putc(out, '\n');
}

static const char *zname(int zid, char *buf, size_t len)
{
	return step_upper(zid >= 0 && zid < MAX_NR_ZONES ? zone_names[zid] : "?", buf, len);
}

/* The two arguments every allocator frame has: gfp_mask and order. */
static void locals_request(const struct sim *sim, const struct alloc_request *req,
			   struct strbuf *out)
{
	enum gfp_style style = sim_gfp_style(sim);
	char buf[256];

	gfp_format(req->gfp_mask, style, buf, sizeof(buf));
	local_line(out, "gfp_mask", "%#x (%s)", gfp_value(req->gfp_mask, style), buf);
	local_line(out, "order", "%u", req->order);
}

/* __alloc_pages_nodemask(): the request and its alloc_context. */
static void locals_nodemask(const struct sim *sim, const struct alloc_request *req,
			    struct strbuf *out)
{
	enum gfp_style style = sim_gfp_style(sim);
	char buf[256];

	locals_request(sim, req, out);
	gfp_format(req->alloc_mask, style, buf, sizeof(buf));
	local_line(out, "alloc_mask", "%#x (%s)", gfp_value(req->alloc_mask, style), buf);
	local_line(out, "ac.zonelist", "node %d %s", req->ac.zonelist_nid,
		   req->ac.zonelist_idx ? "ZONELIST_NOFALLBACK" : "ZONELIST_FALLBACK");
	local_line(out, "ac.high_zoneidx", "%d (ZONE_%s)", req->ac.high_zoneidx,
		   zname(req->ac.high_zoneidx, buf, sizeof(buf)));
	if (req->ac.preferred_nid >= 0)
		local_line(out, "ac.preferred_zone", "node %d %s", req->ac.preferred_nid,
			   zone_names[req->ac.preferred_zid]);
	else
		local_line(out, "ac.preferred_zone", "NULL (no usable zone)");
	local_line(out, "ac.classzone_idx", "%d (ZONE_%s)", req->ac.classzone_idx,
		   zname(req->ac.classzone_idx, buf, sizeof(buf)));
	local_line(out, "ac.migratetype", "%d (MIGRATE_%s)", req->ac.migratetype,
		   step_upper(req->ac.migratetype >= 0 && req->ac.migratetype < MIGRATE_TYPES ?
			      migratetype_names[req->ac.migratetype] : "?", buf, sizeof(buf)));
	if (req->pfn != PFN_NONE)
		local_line(out, "page", "pfn %#lx", req->pfn);
	else
		local_line(out, "page", "NULL");
}

/* __alloc_pages_slowpath(): the locals, as the running kernel has them. */
static void locals_slowpath(const struct sim *sim, const struct alloc_request *req,
			    struct strbuf *out)
{
	locals_request(sim, req, out);
	sim_kernel(sim)->ops->alloc_locals(req, 0, out);
	local_line(out, "can_direct_reclaim", "%s", yes_no(req->can_direct_reclaim));
	sim_kernel(sim)->ops->alloc_locals(req, 1, out);
	if (req->retry_base)
		sb_printf(out, "  (buddyscope's count: %u passes through retry, %u since "
			  "out_of_memory last made progress; it stops at %d of those)\n",
			  req->nr_retries, req->nr_retries - req->retry_base, ALLOC_MAX_RETRIES);
	else
		sb_printf(out, "  (buddyscope's count: %u passes through retry; it stops at %d)\n",
			  req->nr_retries, ALLOC_MAX_RETRIES);
}

/* try_to_free_pages(): its scan_control; do_try_to_free_pages(): the loop. */
static void locals_reclaim(const struct alloc_request *req, const char *fn, struct strbuf *out)
{
	const struct scan_control *sc = &req->sc;

	if (!strcmp(fn, "__alloc_pages_direct_reclaim")) {
		local_line(out, "drained", "%s", yes_no(req->drained));
		local_line(out, "*did_some_progress", "%lu", req->did_some_progress);
	} else if (!strcmp(fn, "try_to_free_pages")) {
		local_line(out, "sc.nr_to_reclaim", "%lu", sc->nr_to_reclaim);
		local_line(out, "sc.order", "%d", sc->order);
		local_line(out, "sc.priority", "%d", sc->priority);
		local_line(out, "sc.may_writepage", "%s", yes_no(sc->may_writepage));
		local_line(out, "sc.may_unmap", "%s", yes_no(sc->may_unmap));
		local_line(out, "sc.may_swap", "%s", yes_no(sc->may_swap));
		local_line(out, "sc.nr_reclaimed", "%lu", sc->nr_reclaimed);
	} else if (!strcmp(fn, "do_try_to_free_pages")) {
		local_line(out, "sc->priority", "%d", sc->priority);
		local_line(out, "sc->nr_scanned", "%lu", sc->nr_scanned);
		local_line(out, "sc->nr_reclaimed", "%lu", sc->nr_reclaimed);
		local_line(out, "total_scanned", "%lu", sc->total_scanned);
		local_line(out, "zones_reclaimable", "%s", yes_no(sc->zones_reclaimable));
	} else {
		sb_puts(out, "  no locals the simulator keeps\n");
	}
}

void step_info_locals(const struct cmd_ctx *ctx, struct strbuf *out)
{
	const struct stepper *st = &ctx->step;
	const char *fn[MAX_FRAMES];
	int nf;
	const char *name;

	if (!st->active) {
		sb_puts(out, "no request in progress; start one with `start GFP ORDER`\n");
		return;
	}
	nf = alloc_frames(ctx->sim, &st->req, fn, MAX_FRAMES);
	frame_line(ctx->sim, st, st->frame, fn, nf, out);
	name = fn[nf - 1 - st->frame];
	if (is_outer_frame(name))
		locals_nodemask(ctx->sim, &st->req, out);
	else if (!strcmp(name, "__alloc_pages_slowpath"))
		locals_slowpath(ctx->sim, &st->req, out);
	else
		locals_reclaim(&st->req, name, out);
}

int step_select_frame(struct cmd_ctx *ctx, int delta, struct strbuf *out)
{
	struct stepper *st = &ctx->step;
	const char *fn[MAX_FRAMES];
	int nf, f;

	if (step_need_request(ctx, NULL))
		return -1;
	nf = alloc_frames(ctx->sim, &st->req, fn, MAX_FRAMES);
	f = st->frame + delta;
	if (f >= nf) {
		if (st->frame == nf - 1)
			return cmd_error(ctx, "initial frame selected; you cannot go up "
					 "(#%d %s is the outermost)", nf - 1, fn[0]);
		f = nf - 1;
	}
	if (f < 0) {
		if (st->frame == 0)
			return cmd_error(ctx, "bottom (innermost) frame selected; you cannot go "
					 "down");
		f = 0;
	}
	st->frame = f;
	frame_line(ctx->sim, st, f, fn, nf, out);
	return 0;
}

/* ---- next and finish ---- */

int step_next(struct cmd_ctx *ctx, struct strbuf *out)
{
	struct stepper *st = &ctx->step;
	const char *fn[MAX_FRAMES];
	struct step_until u = { .depth = STEP_UNTIL_STAGE };

	if (step_need_request(ctx, NULL))
		return -1;
	/* inside a stage's call (reclaim's loop): the next line there, one step */
	if (alloc_frames(ctx->sim, &st->req, fn, MAX_FRAMES) > 2)
		u.max_steps = 1;
	u.nr_path = st->req.nr_path;
	return step_run(ctx, out, &u);
}

int step_finish(struct cmd_ctx *ctx, struct strbuf *out)
{
	struct stepper *st = &ctx->step;
	const char *fn[MAX_FRAMES];
	struct step_until u = { .depth = STEP_UNTIL_END };
	int nf, depth, rc;

	if (step_need_request(ctx, NULL))
		return -1;
	nf = alloc_frames(ctx->sim, &st->req, fn, MAX_FRAMES);
	depth = nf - 1 - st->frame;
	sb_printf(out, "Run till exit from #%d %s\n", st->frame, fn[depth]);
	if (depth > 0) {
		u.depth = depth;
		u.fn = fn[depth];
		u.nr_path = st->req.nr_path;
	}
	rc = step_run(ctx, out, &u);
	if (rc > 0 && st->active)
		next_call(ctx->sim, &st->req, alloc_frames(ctx->sim, &st->req, fn, MAX_FRAMES), out);
	return rc;
}
