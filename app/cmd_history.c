/* app/cmd_history.c - `back` and `forward`: time travel on the command line
 * (the mechanism is history.c). */
#include "commands.h"

#include "history.h"

static unsigned long count_arg(const struct cmd_args *args)
{
	const struct cmd_arg *a = arg_get(args, "n");

	return a ? a->u : 1;
}

int cmd_back(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	return history_back(ctx, count_arg(args), out);
}

int cmd_forward(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	return history_forward(ctx, count_arg(args), out);
}
