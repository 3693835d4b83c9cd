/* app/explain.h - the two halves of `explain` (cmd_explain.c dispatches). */
#ifndef BUDDYSCOPE_APP_EXPLAIN_H
#define BUDDYSCOPE_APP_EXPLAIN_H

#include "commands.h"

/* explain FILE [N]: @path is the log, @t the words after it. */
int explain_log_cmd(struct cmd_ctx *ctx, const char *path, const struct tokens *t,
		    struct strbuf *out);
/* explain extfrag|unusable ZONE ORDER: @kind is "extfrag" or "unusable". */
int explain_frag_cmd(struct cmd_ctx *ctx, const char *kind, const struct tokens *t,
		     struct strbuf *out);

#endif
