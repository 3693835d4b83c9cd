/* app/cmd_step.c - the debugger commands over one allocation request:
 * start, step, next, continue, break, delete, where. The stepping itself
 * lives in step.c, which the TUI and Lua share.
 */
#include "commands.h"

#include <stdio.h>
#include <string.h>
#include "buddyscope/mmzone.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"

static int pid_arg(const struct cmd_args *args)
{
	const struct cmd_arg *a = arg_get(args, "task");

	return a ? (int)a->u : 0;
}

static int cpu_arg(const struct cmd_args *args)
{
	const struct cmd_arg *a = arg_get(args, "cpu");

	return a ? (int)a->u : -1;
}

int cmd_start(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	unsigned int order = (unsigned int)arg_get(args, "order")->u;

	if (step_start(ctx, arg_get(args, "gfp")->gfp, order, pid_arg(args), cpu_arg(args))) {
		char msg[CMD_ERR_MAX];

		snprintf(msg, sizeof(msg), "%s", ctx->err);
		return cmd_error(ctx, "start: %s", msg);
	}
	sb_puts(out, "request: ");
	step_describe(ctx, out);
	sb_puts(out, "; `step` to run the first stage\n");
	if (order >= MAX_ORDER)
		sb_printf(out, "note: orders >= %d exist only to show the kernel's WARN branch "
			  "(ORDER_CHECK); alloc refuses them\n", MAX_ORDER);
	return 0;
}

int cmd_step(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "n");
	unsigned long n = a ? a->u : 1;

	if (step_need_request(ctx, "step"))
		return -1;
	for (unsigned long i = 0; i < n; i++) {
		if (cmd_interrupted) {
			sb_printf(out, "interrupted after %lu of %lu stages\n", i, n);
			break;
		}
		if (step_one(ctx, out) <= 0)
			break;
	}
	return 0;
}

int cmd_next(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "n");
	unsigned long n = a ? a->u : 1;

	if (step_need_request(ctx, "next"))
		return -1;
	for (unsigned long i = 0; i < n && ctx->step.active; i++) {
		if (cmd_interrupted) {
			sb_printf(out, "interrupted after %lu of %lu\n", i, n);
			break;
		}
		/* a breakpoint ends `next N` early, as in gdb */
		if (step_next(ctx, out) == 2)
			break;
	}
	return 0;
}

int cmd_finish(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	(void)args;
	if (step_need_request(ctx, "finish"))
		return -1;
	return step_finish(ctx, out) < 0 ? -1 : 0;
}

int cmd_continue(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	(void)args;
	if (step_need_request(ctx, "continue"))
		return -1;
	return step_continue(ctx, out) < 0 ? -1 : 0;
}

static void list_breakpoints(const struct cmd_ctx *ctx, struct strbuf *out)
{
	const struct stepper *st = &ctx->step;

	if (!st->nr_bp) {
		sb_puts(out, "no breakpoints (break STAGE or break EVENT sets one)\n");
		return;
	}
	sb_puts(out, "breakpoints:\n");
	for (int i = 0; i < st->nr_bp; i++) {
		sb_printf(out, "  %d  ", i + 1);
		breakpoint_describe(ctx->sim, &ctx->step.bp[i], out);
		sb_putc(out, '\n');
	}
}

int cmd_break(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "location");
	struct stepper *st = &ctx->step;
	struct breakpoint bp;
	char msg[CMD_ERR_MAX];

	if (!a) {
		list_breakpoints(ctx, out);
		return 0;
	}
	if (breakpoint_parse(ctx, a->s, &bp)) {
		snprintf(msg, sizeof(msg), "%s", ctx->err);
		return cmd_error(ctx, "break: %s", msg);
	}
	for (int i = 0; i < st->nr_bp; i++) {
		if (st->bp[i].kind == bp.kind && st->bp[i].id == bp.id) {
			struct strbuf sb = STRBUF_INIT;

			breakpoint_describe(ctx->sim, &bp, &sb);
			cmd_error(ctx, "break: breakpoint %d is already on %s", i + 1, sb_str(&sb));
			sb_release(&sb);
			return -1;
		}
	}
	if (st->nr_bp == STEP_MAX_BREAKPOINTS)
		return cmd_error(ctx, "break: %d breakpoints already, the most there can be; "
				 "delete one first", STEP_MAX_BREAKPOINTS);
	st->bp[st->nr_bp++] = bp;
	sb_printf(out, "breakpoint %d: ", st->nr_bp);
	breakpoint_describe(ctx->sim, &bp, out);
	sb_puts(out, bp.kind == BP_STAGE ? " (continue stops before it runs)\n"
					 : " (continue stops after the stage that emits it)\n");
	return 0;
}

int cmd_delete(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "n");
	struct stepper *st = &ctx->step;
	unsigned long i;

	if (!a || a->word) {	/* all */
		sb_printf(out, "deleted %d breakpoint%s\n", st->nr_bp, st->nr_bp == 1 ? "" : "s");
		st->nr_bp = 0;
		return 0;
	}
	i = a->u;
	if (i < 1 || i > (unsigned long)st->nr_bp) {
		if (!st->nr_bp)
			return cmd_error(ctx, "delete: no breakpoint %lu; there are none", i);
		return cmd_error(ctx, "delete: no breakpoint %lu; breakpoints are 1..%d (break "
				 "lists them)", i, st->nr_bp);
	}
	sb_printf(out, "deleted breakpoint %lu: ", i);
	breakpoint_describe(ctx->sim, &st->bp[i - 1], out);
	sb_putc(out, '\n');
	memmove(&st->bp[i - 1], &st->bp[i], ((size_t)st->nr_bp - i) * sizeof(st->bp[0]));
	st->nr_bp--;
	return 0;
}

int cmd_where(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	(void)args;
	if (step_need_request(ctx, "where"))
		return -1;
	step_where(ctx, out);
	return 0;
}

int cmd_info(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const char *what = arg_word(args, "what");

	if (!strcmp(what, "breakpoints")) {
		list_breakpoints(ctx, out);
		return 0;
	}
	if (step_need_request(ctx, !strcmp(what, "locals") ? "info locals" : "info frame"))
		return -1;
	if (!strcmp(what, "locals"))
		step_info_locals(ctx, out);
	else
		step_select_frame(ctx, 0, out);
	return 0;
}

static int frame_cmd(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out,
		     const char *name, int dir)
{
	const struct cmd_arg *a = arg_get(args, "n");
	char msg[CMD_ERR_MAX];

	if (step_need_request(ctx, name))
		return -1;
	if (step_select_frame(ctx, dir * (int)(a ? a->u : 1), out)) {
		snprintf(msg, sizeof(msg), "%s", ctx->err);
		return cmd_error(ctx, "%s: %s", name, msg);
	}
	return 0;
}

int cmd_up(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	return frame_cmd(ctx, args, out, "up", 1);
}

int cmd_down(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	return frame_cmd(ctx, args, out, "down", -1);
}
