/* app/fileaccess.c - which files a command may open (fileaccess.h).
 * For now every readable path is allowed; the script policy (below the
 * script's own folder and the data folders, no devices) is issue 9's.
 */
#include "fileaccess.h"

#include <stdio.h>
#include "commands.h"
#include "history.h"

int file_access_check(const struct cmd_ctx *ctx, const char *path, enum file_kind kind,
		      char *err, size_t errlen)
{
	(void)kind;
	history_taint(ctx);	/* the file may change: never replayed (history.h) */
	if (!path || !*path) {
		snprintf(err, errlen, "an empty path names no file");
		return -1;
	}
	return 0;
}
