/* app/step.c - one allocation request run stage by stage, as a debugger runs
 * a program line by line (step.h). The request is the engine's struct
 * alloc_request with narrate = true; this file runs it as the task that
 * asked, reads back what each stage said (its bs_alloc_stage events and the
 * other events it caused), and keeps the breakpoints.
 *
 * Every stage runs as the request's task on the request's cpu: current is
 * switched for the stage and the user's task and cpu are put back after it,
 * so that commands typed between two steps run as usual.
 */
#include "step.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "commands.h"
#include "history.h"

#define STEP_MAX_RUN		100000	/* stages `next`/`continue` run at most */
#define STEP_SHOW_EVENTS	6	/* other tracepoints printed after a stage */
#define STEP_SHOW_NOTES		12	/* narrations of other code (OOM, kswapd) */
#define RUN_KEEP		12	/* `next`: stages shown at each end of a long run */

int step_need_request(struct cmd_ctx *ctx, const char *cmd)
{
	if (ctx->step.active)
		return 0;
	return cmd_error(ctx, "%s%sno request in progress; start one with `start GFP ORDER`",
			 cmd ? cmd : "", cmd ? ": " : "");
}

const char *step_upper(const char *s, char *buf, size_t len)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++)
		buf[i] = (char)toupper((unsigned char)s[i]);
	buf[i] = '\0';
	return buf;
}

/* ---- running as the request's task ---- */

int run_as_begin(struct cmd_ctx *ctx, int pid, int cpu, struct run_as *save)
{
	struct sim *sim = ctx->sim;

	save->pid = task_current(sim)->pid;
	save->cpu = sim_cpu(sim);
	if (pid && !task_find(sim, pid))
		return cmd_error(ctx, "no task with pid %d (see `task list`)", pid);
	if (cpu >= sim_nr_cpus(sim))
		return cmd_error(ctx, "cpu %d does not exist (this machine has cpus 0..%d)", cpu,
				 sim_nr_cpus(sim) - 1);
	if (pid)
		task_set_current(sim, pid);	/* current = the task, on its cpu */
	if (cpu >= 0)
		sim_set_cpu(sim, cpu);
	return 0;
}

void run_as_end(struct cmd_ctx *ctx, const struct run_as *save)
{
	struct sim *sim = ctx->sim;

	if (task_current(sim)->pid != save->pid && task_find(sim, save->pid))
		task_set_current(sim, save->pid);
	sim_set_cpu(sim, save->cpu);
}

/* ---- breakpoints ---- */

int breakpoint_parse(struct cmd_ctx *ctx, const char *s, struct breakpoint *bp)
{
	const char *words[MAX_ALLOC_STAGES + NR_TRACE_EVENTS];
	const struct sim *sim = ctx->sim;
	struct strbuf sb = STRBUF_INIT;
	const char *near;
	size_t n = 0, nstages = 0;
	int id;

	/* DONE is where a finished request rests: no step enters it */
	for (unsigned int i = 0; i < sim_nr_stages(sim); i++) {
		if (sim_stage(sim, (int)i)->flow == FLOW_DONE)
			continue;
		if (!strcasecmp(s, alloc_stage_name(sim, (int)i))) {
			bp->kind = BP_STAGE;
			bp->id = (int)i;
			return 0;
		}
	}
	if ((id = trace_event_parse(s)) >= 0) {
		bp->kind = BP_EVENT;
		bp->id = id;
		return 0;
	}
	for (unsigned int i = 0; i < sim_nr_stages(sim) && n < MAX_ALLOC_STAGES; i++) {
		if (sim_stage(sim, (int)i)->flow == FLOW_DONE)
			continue;
		words[n++] = alloc_stage_name(sim, (int)i);
		sb_printf(&sb, "%s%s", nstages++ ? " " : "", alloc_stage_name(sim, (int)i));
	}
	for (int i = 0; i < NR_TRACE_EVENTS; i++)
		words[n++] = trace_event_name((enum trace_id)i);
	{
		char up[64];

		near = closest_word(step_upper(s, up, sizeof(up)), words, nstages);
		if (!near)
			near = closest_word(s, words + nstages, NR_TRACE_EVENTS);
	}
	if (near)
		cmd_error(ctx, "no stage or event '%s'; did you mean '%s'? (`help break` lists "
			  "them)", s, near);
	else
		cmd_error(ctx, "no stage or event '%s'; stages: %s; or a trace event as `trace "
			  "show` names it (mm_vmscan_kswapd_wake, mm_compaction_begin, ...)", s,
			  sb_str(&sb));
	sb_release(&sb);
	return -1;
}

void breakpoint_describe(const struct sim *sim, const struct breakpoint *bp, struct strbuf *out)
{
	if (bp->kind == BP_STAGE)
		sb_printf(out, "stage %s", alloc_stage_name(sim, bp->id));
	else
		sb_printf(out, "event %s", trace_event_name((enum trace_id)bp->id));
}

/* ---- starting ---- */

/* "GFP_KERNEL order 3 as hog (1001) on cpu 0" */
void step_describe(const struct cmd_ctx *ctx, struct strbuf *out)
{
	const struct stepper *st = &ctx->step;
	const struct task *t = task_find(ctx->sim, st->pid);
	char gfp[256];

	gfp_format(st->req.gfp_mask, sim_gfp_style(ctx->sim), gfp, sizeof(gfp));
	sb_printf(out, "%s order %u as %s (%d) on cpu %d", gfp, st->req.order,
		  t ? t->comm : "an exited task", st->pid, st->req.cpu);
}

int step_start(struct cmd_ctx *ctx, gfp_t gfp, unsigned int order, int pid, int cpu)
{
	struct stepper *st = &ctx->step;
	struct run_as save;
	int rc;

	if (st->active)
		return cmd_error(ctx, "a request is in progress; `continue` runs it to its end");
	if (run_as_begin(ctx, pid, cpu, &save))
		return -1;
	if (order >= MAX_ORDER)
		rc = alloc_request_init_any_order(ctx->sim, &st->req, gfp, order);
	else
		rc = alloc_request_init(ctx->sim, &st->req, gfp, order);
	st->pid = task_current(ctx->sim)->pid;
	run_as_end(ctx, &save);
	if (rc)
		return cmd_error(ctx, "%s", sim_errmsg(ctx->sim));
	st->req.narrate = true;
	st->seq = trace_next_seq(ctx->sim);
	st->frame = 0;
	st->gfp = gfp;
	st->active = true;
	st->serial++;
	return 0;
}

int step_adopt(struct cmd_ctx *ctx, const struct alloc_request *req, int pid)
{
	struct stepper *st = &ctx->step;

	if (req->done)
		return cmd_error(ctx, "the request has already run to its end");
	st->req = *req;
	st->req.narrate = true;
	st->pid = pid ? pid : task_current(ctx->sim)->pid;
	st->seq = trace_next_seq(ctx->sim);
	st->frame = 0;
	/* the caller's mask: the slow path may have changed gfp_mask
	 * (ATOMIC_FIX), and it keeps the caller's in alloc_mask */
	st->gfp = req->nr_path <= 1 ? req->gfp_mask : req->alloc_mask;
	st->active = true;
	st->serial++;
	return 0;
}

void step_abandon(struct cmd_ctx *ctx)
{
	ctx->step.active = false;
}

/* ---- one stage ---- */

/* Tracepoints worth a line after a stage; the page-level ones are not. */
static bool interesting(enum trace_id id)
{
	switch (id) {
	case TRACE_mm_page_alloc_extfrag:
	case TRACE_mm_vmscan_kswapd_sleep:
	case TRACE_mm_vmscan_kswapd_wake:
	case TRACE_mm_vmscan_direct_reclaim_begin:
	case TRACE_mm_vmscan_direct_reclaim_end:
	case TRACE_mm_compaction_begin:
	case TRACE_mm_compaction_end:
	case TRACE_mm_compaction_deferred:
	case TRACE_mm_compaction_defer_compaction:
	case TRACE_mm_compaction_defer_reset:
	case TRACE_oom_score_adj_update:
		return true;
	default:
		return false;
	}
}

/* "kswapd0-40: mm_vmscan_kswapd_wake: nid=0 order=0": the ftrace line
 * without its column padding, cpu, flags and timestamp. */
static void event_line(const struct trace_event *ev, struct strbuf *out)
{
	char line[512];
	const char *name = trace_event_name(ev->id), *p;

	trace_format(ev, line, sizeof(line));
	p = name ? strstr(line, name) : NULL;
	sb_printf(out, "  %s-%d: %s\n", ev->comm, ev->pid, p ? p : line);
}

/* What a step said and did, read back from the events it emitted. */
struct step_report {
	struct strbuf	stage;		/* "[STAGE] ..." lines */
	struct strbuf	notes;		/* everything else, indented */
	uint64_t	ids;		/* bit per enum trace_id seen */
	unsigned int	nr_notes, nr_events, more;
};

static void read_events(struct cmd_ctx *ctx, uint64_t from, int ran, struct step_report *r)
{
	const char *name = alloc_stage_name(ctx->sim, ran);
	struct trace_event buf[32];
	uint64_t cursor = from, lost = 0;
	size_t n;

	while ((n = trace_read(ctx->sim, &cursor, buf, 32, &lost)) > 0) {
		for (size_t i = 0; i < n; i++) {
			const struct trace_event *ev = &buf[i];

			if ((int)ev->id < 64)
				r->ids |= 1ULL << ev->id;
			if (ev->id == TRACE_bs_alloc_stage && ev->stage == (int)ran &&
			    ev->pid == ctx->step.pid) {
				if (!r->stage.len)
					sb_printf(&r->stage, "[%s] %s\n", name, ev->msg);
				else
					sb_printf(&r->stage, "%*s%s\n", (int)strlen(name) + 3, "",
						  ev->msg);
			} else if (ev->id == TRACE_bs_alloc_stage) {
				if (r->nr_notes++ < STEP_SHOW_NOTES)
					sb_printf(&r->notes, "  %s: %s\n", ev->comm, ev->msg);
				else
					r->more++;
			} else if (interesting(ev->id)) {
				if (r->nr_events++ < STEP_SHOW_EVENTS)
					event_line(ev, &r->notes);
				else
					r->more++;
			}
		}
	}
	if (lost)
		sb_printf(&r->notes, "  (%" PRIu64 " events fell out of the trace ring)\n", lost);
}

/* "got pfn 0x1234 (node 0 Normal) after 7 steps": steps as `step` counts
 * them, the same unit as a long run's "... N steps not shown". */
static void outcome(const struct cmd_ctx *ctx, struct strbuf *out)
{
	const struct alloc_request *req = &ctx->step.req;
	const struct zone *z = req->pfn != PFN_NONE ? sim_pfn_zone(ctx->sim, req->pfn) : NULL;
	unsigned long n = req->nr_steps;

	if (z)
		sb_printf(out, "got pfn %#lx (node %d %s) after %lu step%s\n", req->pfn,
			  zone_to_nid(z), z->name, n, n == 1 ? "" : "s");
	else if (req->pfn != PFN_NONE)
		sb_printf(out, "got pfn %#lx after %lu step%s\n", req->pfn, n, n == 1 ? "" : "s");
	else if (req->looped_out)
		sb_printf(out, "stopped after %lu steps: buddyscope ended a retry loop the kernel "
			  "would not leave; the kernel would still be looping\n", n);
	else
		sb_printf(out, "failed after %lu step%s\n", n, n == 1 ? "" : "s");
}

/* Run one stage as the request's task and say what happened. *ids gets a bit
 * per trace event the stage emitted. Return: 1 while stages remain, 0 once
 * the request is over (the stepper is then inactive). */
static int run_stage(struct cmd_ctx *ctx, struct strbuf *out, uint64_t *ids)
{
	struct stepper *st = &ctx->step;
	struct sim *sim = ctx->sim;
	int ran = st->req.stage;
	enum alloc_flow flow = sim_stage(sim, ran)->flow;
	struct step_report r = { STRBUF_INIT, STRBUF_INIT, 0, 0, 0, 0 };
	uint64_t log = sim_dmesg_seq(sim);
	struct run_as save;
	int more;

	if (!task_find(sim, st->pid) || run_as_begin(ctx, st->pid, st->req.cpu, &save)) {
		ctx->err[0] = '\0';
		sb_printf(out, "[%s] the request's task (pid %d) has exited meanwhile (OOM-killed, "
			  "or task exit): the request ends without an answer\n",
			  alloc_stage_name(sim, ran), st->pid);
		st->active = false;
		history_stage(ctx);
		return 0;
	}
	st->seq = trace_next_seq(sim);
	st->frame = 0;		/* a step selects the innermost frame again */
	more = alloc_step(sim, &st->req);
	run_as_end(ctx, &save);
	read_events(ctx, st->seq, ran, &r);
	*ids = r.ids;
	if (r.stage.len)
		sb_puts(out, sb_str(&r.stage));
	else if (flow == FLOW_GOT_PG && st->req.pfn != PFN_NONE)
		sb_printf(out, "[%s] return pfn %#lx to the caller (trace: mm_page_alloc)\n",
			  alloc_stage_name(sim, ran), st->req.pfn);
	else if (flow == FLOW_GOT_PG)
		sb_printf(out, "[%s] return NULL to the caller (trace: mm_page_alloc "
			  "page=(null))\n", alloc_stage_name(sim, ran));
	else
		sb_printf(out, "[%s] %s\n", alloc_stage_name(sim, ran),
			  st->req.why[0] ? st->req.why : "(nothing to say)");
	sb_puts(out, sb_str(&r.notes));
	if (r.more)
		sb_printf(out, "  ... and %u more events (`trace on` records them all)\n", r.more);
	if (sim_dmesg_seq(sim) > log) {
		uint64_t n = sim_dmesg_seq(sim) - log;

		sb_printf(out, "  (%" PRIu64 " new line%s in the kernel log: dmesg %" PRIu64
			  " shows them)\n", n, n == 1 ? "" : "s", n);
	}
	sb_release(&r.stage);
	sb_release(&r.notes);
	if (!more) {
		outcome(ctx, out);
		st->active = false;
	}
	history_stage(ctx);	/* each stage is an entry of the history */
	return more;
}

int step_one(struct cmd_ctx *ctx, struct strbuf *out)
{
	uint64_t ids;

	if (step_need_request(ctx, NULL))
		return -1;
	return run_stage(ctx, out, &ids);
}

/* The breakpoint that the last step (which ran stage @ran) hit, or -1. A
 * stage breakpoint hits when the request enters the stage, not again
 * between the steps of a stage that takes several (direct reclaim). */
static int bp_hit(const struct stepper *st, int ran, uint64_t ids)
{
	for (int i = 0; i < st->nr_bp; i++) {
		const struct breakpoint *bp = &st->bp[i];

		if (bp->kind == BP_STAGE && st->active && (int)st->req.stage == bp->id &&
		    st->req.stage != ran)
			return i;
		if (bp->kind == BP_EVENT && bp->id < 64 && (ids & (1ULL << bp->id)))
			return i;
	}
	return -1;
}

/* Whether @u says the run should stop here (the request is still active). */
static bool until_reached(const struct sim *sim, const struct stepper *st,
			  const struct step_until *u, unsigned long n)
{
	const char *fn[16];
	int nf;

	if (u->max_steps && n >= u->max_steps)
		return true;
	if (u->depth == STEP_UNTIL_END)
		return false;
	if (st->req.nr_path != u->nr_path && (u->depth == STEP_UNTIL_STAGE || u->depth >= 2))
		return true;	/* the stage (and every call it made) is over */
	if (u->depth < 0)
		return false;
	nf = alloc_frames(sim, &st->req, fn, 16);
	return nf <= u->depth || strcmp(fn[u->depth], u->fn) != 0;
}

/*
 * Run steps until the request ends, a breakpoint hits, or @u says stop. A
 * long run shows its first and last RUN_KEEP steps and counts the ones
 * between. Return: 2 a breakpoint hit, 1 stopped early (@u, Ctrl-C), 0 the
 * request is done, -1 no request.
 */
int step_run(struct cmd_ctx *ctx, struct strbuf *out, const struct step_until *u)
{
	struct stepper *st = &ctx->step;
	struct strbuf tail[RUN_KEEP];
	unsigned long n = 0, skipped = 0;
	int more = 1, hit = -1, rc = 0;
	bool reached = false;

	if (step_need_request(ctx, NULL))
		return -1;
	for (int i = 0; i < RUN_KEEP; i++)
		sb_init(&tail[i]);
	while (more) {
		int ran = st->req.stage;
		uint64_t ids = 0;
		struct strbuf *chunk;

		if (n < RUN_KEEP) {
			chunk = out;
		} else {
			chunk = &tail[(n - RUN_KEEP) % RUN_KEEP];
			skipped += chunk->len > 0;
			sb_reset(chunk);
		}
		more = run_stage(ctx, chunk, &ids);
		n++;
		if (more && !u->past_breakpoints && (hit = bp_hit(st, ran, ids)) >= 0)
			break;
		if (more && (reached = until_reached(ctx->sim, st, u, n)))
			break;
		if (more && (cmd_interrupted || n >= STEP_MAX_RUN))
			break;
	}
	if (skipped)
		sb_printf(out, "  ... %lu steps not shown ...\n", skipped);
	for (unsigned long i = 0; n > RUN_KEEP && i < RUN_KEEP; i++)
		sb_puts(out, sb_str(&tail[(n - RUN_KEEP + i) % RUN_KEEP]));
	for (int i = 0; i < RUN_KEEP; i++)
		sb_release(&tail[i]);
	if (hit >= 0) {
		sb_printf(out, "breakpoint %d, ", hit + 1);
		breakpoint_describe(ctx->sim, &st->bp[hit], out);
		if (st->bp[hit].kind == BP_STAGE)
			sb_puts(out, " runs next (`info locals` shows the locals)\n");
		else
			sb_puts(out, " was emitted by the step above\n");
		rc = 2;
	} else if (reached) {
		rc = 1;
	} else if (more) {
		sb_printf(out, "stopped after %lu steps; the request is still in progress\n", n);
		rc = 1;
	}
	return rc;
}

int step_to_end(struct cmd_ctx *ctx, struct strbuf *out)
{
	const struct step_until to_end = { .depth = STEP_UNTIL_END, .past_breakpoints = true };

	return step_run(ctx, out, &to_end) < 0 ? -1 : 0;
}

int step_continue(struct cmd_ctx *ctx, struct strbuf *out)
{
	const struct step_until to_end = { .depth = STEP_UNTIL_END };

	return step_run(ctx, out, &to_end);
}
