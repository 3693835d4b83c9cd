/* app/export.c - `export pagemap|zones|history FILE`: pictures for a slide
 * (SVG, export_svg.c) and the history as CSV for people who plot with their
 * own tools.
 *
 * Which files export may write. file_access_check() (fileaccess.h) decides
 * what a command may read; writing is decided here:
 *  - never a device, a FIFO, a socket or a folder: the path must not exist,
 *    or be a regular file (it is replaced). It is opened without following
 *    a last symlink and without blocking, and checked again once open;
 *  - inside a script or a lesson (Lua running), only a relative path with no
 *    ".." in it: the file lands below the folder buddyscope runs in, never
 *    elsewhere on the machine. A person at the command line may name any
 *    path they can write.
 * Errors name the path and the rule; nothing is written on an error.
 */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buddyscope/samples.h"
#include "commands.h"
#include "lua.h"
#include "tui.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

/* The write policy above. Return: 0, or -1 with ctx->err set. */
static int may_write(struct cmd_ctx *ctx, const char *path)
{
	struct stat st;

	if (!*path)
		return cmd_error(ctx, "export: an empty path names no file");
	if (script_running(ctx)) {
		if (path[0] == '/' || !strcmp(path, "..") || !strncmp(path, "../", 3) ||
		    strstr(path, "/../") || ends_with(path, "/.."))
			return cmd_error(ctx, "export: a script may write only below the current "
					 "folder (a relative path without '..'), not '%s'", path);
	}
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return cmd_error(ctx, "export: '%s' is not a regular file (a device, FIFO, socket,"
				 " folder or symlink); export writes only files", path);
	return 0;
}

int export_write_file(struct cmd_ctx *ctx, const char *path, const struct strbuf *text)
{
	struct stat st;
	ssize_t done = 0;
	int fd;

	if (may_write(ctx, path))
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0644);
	if (fd < 0)
		return cmd_error(ctx, "export: cannot write '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return cmd_error(ctx, "export: '%s' is not a regular file", path);
	}
	while ((size_t)done < text->len) {
		ssize_t n = write(fd, text->buf + done, text->len - (size_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;

			close(fd);
			return cmd_error(ctx, "export: writing '%s' failed: %s", path, strerror(e));
		}
		done += n;
	}
	if (close(fd))
		return cmd_error(ctx, "export: writing '%s' failed: %s", path, strerror(errno));
	return 0;
}

int cmd_export(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const char *what = arg_word(args, "what");
	const char *path = arg_get(args, "file")->s;
	enum tui_theme theme = tui_opts.no_color ? TUI_THEME_MONO : tui_opts.theme;
	struct strbuf text = STRBUF_INIT;
	bool csv = ends_with(path, ".csv");
	int rc;

	if (!csv && !ends_with(path, ".svg"))
		return cmd_error(ctx, "export: name a FILE.svg%s, not '%s'",
				 !strcmp(what, "history") ? " or FILE.csv" : "", path);
	if (csv && strcmp(what, "history"))
		return cmd_error(ctx, "export %s: only as FILE.svg (history also as FILE.csv)", what);
	if (!strcmp(what, "pagemap"))
		export_svg_pagemap(ctx->sim, theme, &text);
	else if (!strcmp(what, "zones"))
		export_svg_zones(ctx->sim, theme, &text);
	else if (csv)
		samples_format_csv(ctx->sim, &text);
	else
		export_svg_history(ctx->sim, theme, &text);
	if (text.failed) {
		sb_release(&text);
		return cmd_error(ctx, "export: out of memory");
	}
	rc = export_write_file(ctx, path, &text);
	if (!rc)
		sb_printf(out, "export: wrote %s (%zu bytes): %s%s\n", path, text.len, what,
			  csv ? " as CSV" : " as SVG");
	sb_release(&text);
	return rc;
}
