/* app/explain_frag.c - `explain extfrag|unusable ZONE ORDER`. */
#include "explain.h"

int explain_frag_cmd(struct cmd_ctx *ctx, const char *kind, const struct tokens *t,
		     struct strbuf *out)
{
	(void)t;
	(void)out;
	return cmd_error(ctx, "explain %s: not built yet", kind);
}
