/* app/export.c - `export pagemap|zones|history FILE`: pictures for a slide
 * (SVG, export_svg.c) and the history as CSV for people who plot with their
 * own tools.
 *
 * Which files export may write is file_write_open()'s rule (fileaccess.h):
 * a regular file, never through a symlink, and from a script or a lesson
 * only below the current folder. Errors name the path and the rule; nothing
 * is written on an error.
 */
#include "export.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "buddyscope/samples.h"
#include "commands.h"
#include "fileaccess.h"
#include "tui.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

int export_write_file(struct cmd_ctx *ctx, const char *path, const struct strbuf *text)
{
	char err[CMD_ERR_MAX];
	ssize_t done = 0;
	int fd = file_write_open(ctx, path, err, sizeof(err));

	if (fd < 0)
		return cmd_error(ctx, "export: %s", err);
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
