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
	int		frame;		/* selected frame (up/down): 0 = innermost */
	gfp_t		gfp;		/* the caller's mask: __alloc_pages_nodemask's argument */
};

/* Where step_run() stops, besides breakpoints and the end of the request. */
#define STEP_UNTIL_END		(-1)	/* only there */
#define STEP_UNTIL_STAGE	(-2)	/* when the request leaves the stage it is in */
struct step_until {
	int		depth;		/* STEP_UNTIL_*, or: when frame @depth (0 =
					 * __alloc_pages_nodemask) is no longer @fn, or
					 * for depth >= 2 the stage changed */
	const char	*fn;
	unsigned int	nr_path;	/* req.nr_path when the run began */
	unsigned long	max_steps;	/* stop after this many steps; 0: no limit */
	bool		past_breakpoints;	/* do not stop at them (lessons) */
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
/* Run steps until the request ends, a breakpoint hits, or @u says stop.
 * Return: 2 at a breakpoint, 1 stopped early otherwise, 0 request done, -1
 * error (no request). */
int step_run(struct cmd_ctx *ctx, struct strbuf *out, const struct step_until *u);
/* Run the request to its end, past breakpoints (a lesson's watched
 * request). Return: 0, or -1 with no request. */
int step_to_end(struct cmd_ctx *ctx, struct strbuf *out);
/* Run until a breakpoint hits or the request ends (`continue`). Return:
 * 2 stopped at a breakpoint, 1 interrupted, 0 request done, -1 error. */
int step_continue(struct cmd_ctx *ctx, struct strbuf *out);
/* "GFP_KERNEL order 3 as hog (1001) on cpu 0": the request in progress. */
void step_describe(const struct cmd_ctx *ctx, struct strbuf *out);

/* 0 if a request is in progress; else -1 with ctx->err "@cmd: no request in
 * progress; start one with ..." (@cmd NULL: without the prefix). */
int step_need_request(struct cmd_ctx *ctx, const char *cmd);

/* "DMA32" from "DMA32", "UNMOVABLE" from "Unmovable": the kernel's constants. */
const char *step_upper(const char *s, char *buf, size_t len);

/* ---- step_frames.c: the debugger's view (frames, locals, next, finish) ---- */
/* `next`: between stages, run the whole next stage (over the inside of
 * reclaim or compaction); inside one (reclaim's priority loop), one step. */
int step_next(struct cmd_ctx *ctx, struct strbuf *out);
/* `finish`: run until the selected frame returns; from __alloc_pages_slowpath
 * or __alloc_pages_nodemask that is the end of the request. */
int step_finish(struct cmd_ctx *ctx, struct strbuf *out);
/* `where`/`bt`: the request, its frames innermost first, what runs next,
 * the path so far and the task. */
void step_where(const struct cmd_ctx *ctx, struct strbuf *out);
/* `info locals`: the kernel's locals in the selected frame. */
void step_info_locals(const struct cmd_ctx *ctx, struct strbuf *out);
/* `up N` (@delta > 0, toward the caller) / `down N`: select a frame and
 * print it. Return: 0, or -1 with ctx->err at the outermost/innermost one. */
int step_select_frame(struct cmd_ctx *ctx, int delta, struct strbuf *out);
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
