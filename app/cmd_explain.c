/* app/cmd_explain.c - `explain`: one command, two kinds of question.
 * explain FILE [N] reads a real kernel log (explain_log.c); explain
 * extfrag|unusable ZONE ORDER works out a fragmentation index
 * (explain_frag.c). This file only dispatches.
 */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

int cmd_explain(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const char *word = arg_word(args, "what");
	const struct cmd_arg *what = arg_get(args, "what");
	const struct cmd_arg *rest = arg_get(args, "args");
	struct tokens *t = malloc(sizeof(*t));
	int rc;

	if (!t)
		return cmd_error(ctx, "explain: out of memory");
	if (tokenize(rest ? rest->s : "", t, false, ctx->err, sizeof(ctx->err))) {
		free(t);
		return -1;
	}
	if (word)
		rc = explain_frag_cmd(ctx, word, t, out);
	else
		rc = explain_log_cmd(ctx, what->s, t, out);
	free(t);
	return rc;
}
