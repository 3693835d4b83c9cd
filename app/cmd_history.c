/* app/cmd_history.c - `back` and `forward`: time travel on the command line
 * (the mechanism is history.c). */
#include "commands.h"

#include "history.h"

static unsigned long count_arg(const struct cmd_args *args)
{
	const struct cmd_arg *a = arg_get(args, "n");

	return a ? a->u : 1;
}

/* A quiz holds its own place in the history (its machines, then a mark to
 * return to); moving under it would leave it asking about another machine. */
static int no_quiz(struct cmd_ctx *ctx, const char *cmd)
{
	if (ctx->quiz)
		return cmd_error(ctx, "%s: not while a quiz runs (quiz stop ends it and brings "
				 "your machine back)", cmd);
	return 0;
}

int cmd_back(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	if (no_quiz(ctx, "back"))
		return -1;
	return history_back(ctx, count_arg(args), out);
}

int cmd_forward(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	if (no_quiz(ctx, "forward"))
		return -1;
	return history_forward(ctx, count_arg(args), out);
}
