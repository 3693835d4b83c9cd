/* app/explain_log.c - `explain FILE [N]`: a real kernel log, explained. */
#include "explain.h"

int explain_log_cmd(struct cmd_ctx *ctx, const char *path, const struct tokens *t,
		    struct strbuf *out)
{
	(void)t;
	(void)out;
	return cmd_error(ctx, "explain: reading kernel logs ('%s') is not built yet", path);
}
