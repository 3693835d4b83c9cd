/* tests/tui/fixture.c - what the off-screen render tests share: a machine
 * and a view, one pane or the whole frame rendered to text, and the
 * comparison with tests/tui/golden/NAME.txt (fixture.h).
 */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void run(struct cmd_ctx *ctx, const char *line)
{
	struct strbuf out = STRBUF_INIT;

	if (cmd_exec_line(ctx, line, &out))
		printf("  command '%s' failed: %s\n", line, ctx->err);
	sb_release(&out);
}

char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&sb, buf, n);
	fclose(f);
	return sb_detach(&sb);
}

/* Compare @text with tests/tui/golden/@name.txt. Return: 1 if equal. */
int golden(const char *name, const char *text)
{
	char path[256], *want;
	const char *upd = getenv("BUDDYSCOPE_UPDATE_GOLDEN");
	int line = 1, ok;

	snprintf(path, sizeof(path), "tests/tui/golden/%s.txt", name);
	if (upd && *upd == '1') {
		FILE *f = fopen(path, "w");

		if (f) {
			fputs(text, f);
			fclose(f);
		}
		return 1;
	}
	want = slurp(path);
	if (!want) {
		printf("  no %s (BUDDYSCOPE_UPDATE_GOLDEN=1 writes it)\n", path);
		return 0;
	}
	ok = !strcmp(want, text);
	for (size_t i = 0; !ok && want[i] && text[i]; i++) {
		if (want[i] != text[i]) {
			const char *w = want + i, *g = text + i;

			while (w > want && w[-1] != '\n')
				w--, g--;
			printf("  %s: line %d differs\n  want: %.*s\n  got:  %.*s\n", path, line,
			       (int)strcspn(w, "\n"), w, (int)strcspn(g, "\n"), g);
			break;
		}
		line += want[i] == '\n';
	}
	if (!ok && strlen(want) != strlen(text))
		printf("  %s: %zu bytes expected, %zu rendered\n", path, strlen(want), strlen(text));
	free(want);
	return ok;
}

int setup(struct fixture *f, const char *machine, int cols, int rows)
{
	memset(f, 0, sizeof(*f));
	tui_ascii = true;
	if (cmd_ctx_init(&f->ctx, machine, 1))
		return -1;
	tui_init(&f->t, cols, rows);
	tui_sync(&f->t, &f->ctx);
	canvas_resize(&f->c, cols, rows);
	return 0;
}

void teardown(struct fixture *f)
{
	canvas_release(&f->c);
	tui_release(&f->t);
	cmd_ctx_release(&f->ctx);
}

void changed(struct fixture *f)
{
	f->t.gen++;
	tui_sync(&f->t, &f->ctx);
	tui_log_pump(&f->t.log, f->ctx.sim, true);
}

/* Render one pane into a fresh canvas of its own size; return its text. */
char *pane(struct fixture *f, enum tui_pane p, int w, int h)
{
	struct tui_rect r = { 0, 0, w, h };
	struct strbuf sb = STRBUF_INIT;

	canvas_resize(&f->c, w, h);
	canvas_clear(&f->c);
	f->t.rect[p] = r;
	tui_draw_pane(&f->c, p, &f->ctx, &f->t, true);
	canvas_dump(&f->c, r, &sb);
	return sb_detach(&sb);
}

char *frame(struct fixture *f)
{
	struct strbuf sb = STRBUF_INIT;

	tui_render(&f->t, &f->ctx, &f->c);
	canvas_dump(&f->c, (struct tui_rect){ 0, 0, f->c.w, f->c.h }, &sb);
	return sb_detach(&sb);
}

/* The line of @text that starts with @prefix after the @nth occurrence of @after. */
char *line_after(const char *text, const char *after, const char *prefix)
{
	const char *p = strstr(text, after);

	for (p = p ? p : text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, prefix, strlen(prefix)))
			return strndup(p, strcspn(p, "\n"));
	return strdup("");
}

