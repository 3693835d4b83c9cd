/* app/step.h - the request being stepped, and breakpoints.
 * Shared by the commands (start/step/next/continue/break/delete/where), the
 * TUI (debugger keys, the slow-path pane) and Lua. The request itself is the
 * engine's struct alloc_request; this adds who asked and where to stop.
 */
#ifndef BUDDYSCOPE_APP_STEP_H
#define BUDDYSCOPE_APP_STEP_H

#include <stdbool.h>
#include <stdint.h>
#include "buddyscope/page_alloc.h"
#include "buddyscope/strbuf.h"

struct cmd_ctx;

#define STEP_MAX_BREAKPOINTS	16

enum bp_kind { BP_STAGE, BP_EVENT };

struct breakpoint {
	enum bp_kind	kind;
	int		id;		/* a stage table index or enum trace_id */
};

struct stepper {
	bool		active;		/* a request is in progress */
	struct alloc_request req;	/* the engine's request, narrate = true */
	int		pid;		/* the task that asked */
	uint64_t	seq;		/* trace seq before the last step */
	uint64_t	serial;		/* bumped by each request begun or adopted */
	struct breakpoint bp[STEP_MAX_BREAKPOINTS];
	int		nr_bp;
};

/* Begin a request as task @pid (0: the current task) on @cpu (-1: the
 * task's cpu). Return: 0, or -1 with ctx->err (bad order/gfp, no task,
 * a request already in progress). Nothing runs yet. */
int step_start(struct cmd_ctx *ctx, gfp_t gfp, unsigned int order, int pid, int cpu);
/* Take over a request made elsewhere (a lesson's watch(r), bs.alloc), to
 * run as task @pid (0: the current task). A request in progress is
 * dropped. Return: 0, or -1 with ctx->err (the request is over). */
int step_adopt(struct cmd_ctx *ctx, const struct alloc_request *req, int pid);
/* Run one stage as the request's task; append its narration line.
 * Return: 1 while stages remain, 0 once the request is done (then the
 * outcome line is appended and the stepper is inactive), -1 on error. */
int step_one(struct cmd_ctx *ctx, struct strbuf *out);
/* Run to the end (`next`). */
int step_finish(struct cmd_ctx *ctx, struct strbuf *out);
/* Run until a breakpoint hits or the request ends (`continue`). Return:
 * 1 stopped at a breakpoint, 0 request done, -1 error. */
int step_continue(struct cmd_ctx *ctx, struct strbuf *out);
/* "GFP_KERNEL order 3 as hog (1001) on cpu 0": the request in progress. */
void step_describe(const struct cmd_ctx *ctx, struct strbuf *out);
/* Stage, kernel call chain and locals (`where`). */
void step_where(const struct cmd_ctx *ctx, struct strbuf *out);
/* Forget the request (reset, machine switch). */
void step_abandon(struct cmd_ctx *ctx);

/* ---- running as another task (start, step, alloc task=) ---- */
/* The user's context, saved while a request runs as another task. */
struct run_as {
	int		pid;		/* the user's current task */
	int		cpu;		/* the user's current cpu */
};
/* Make @pid current (0: keep the current task) and run on @cpu (-1: the
 * task's own cpu; for @pid 0, the current cpu), as task_set_current() and
 * sim_set_cpu() do. Return: 0, or -1 with ctx->err (no such task or cpu);
 * nothing changed then. */
int run_as_begin(struct cmd_ctx *ctx, int pid, int cpu, struct run_as *save);
/* Restore what run_as_begin() saved. If the saved task exited meanwhile
 * (OOM-killed), current stays what the engine made it (init). */
void run_as_end(struct cmd_ctx *ctx, const struct run_as *save);

/* The breakpoint @s names: a stage (any case) or a trace event. Return: 0
 * and *bp, or -1 with ctx->err listing what is accepted. */
int breakpoint_parse(struct cmd_ctx *ctx, const char *s, struct breakpoint *bp);
/* "stage DIRECT_RECLAIM" or "event mm_vmscan_kswapd_wake". */
void breakpoint_describe(const struct sim *sim, const struct breakpoint *bp, struct strbuf *out);

#endif
