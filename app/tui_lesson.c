/* app/tui_lesson.c - the Lesson pane: the step on show (lesson_page() of
 * the lesson open in ctx), from its first line: narration, checks, the
 * prediction with numbered choices, the reveal, the request to step; and at
 * the bottom the keys that move the lesson. The pane title says "step N of
 * M". The keys run `lesson` rows (tui_main.c); nothing here changes state
 * but the pane's scroll.
 *
 * Narration is laid out once for the pane's width (lesson_text_layout):
 * prose is reflowed, preformatted lines (formulas, /proc tables, the OOM
 * report) are kept whole, their column gaps narrowed when too wide.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- text layout ---- */

static bool is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* A line kept as it is: indented, with a run of blanks inside (columns),
 * or a "=== title ===" line. */
static bool is_pre(const char *s, size_t n)
{
	size_t i = 0;

	if (n && (s[0] == ' ' || s[0] == '\t'))
		return true;
	if (n >= 3 && !strncmp(s, "===", 3))
		return true;
	for (; i + 1 < n; i++)
		if ((s[i] == ' ' || s[i] == '\t') && (s[i + 1] == ' ' || s[i + 1] == '\t'))
			return true;
	return false;
}

/* "Machine: ...", "Kernel: ...": a label line starts a paragraph of its own. */
static bool is_label(const char *s, size_t n)
{
	size_t i = 0;

	if (!n || s[0] < 'A' || s[0] > 'Z')
		return false;
	while (i < n && i < 16 && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z')))
		i++;
	return i + 1 < n && s[i] == ':' && s[i + 1] == ' ';
}

typedef void layout_fn(void *arg, const char *s, size_t len, bool pre);

/* A kept line too wide even narrowed: wrapped at a blank where it has one
 * (a word or a number is never cut: "retrie" / "s"), the rest indented two
 * more than the line. */
static int emit_pre(const char *s, size_t n, int width, layout_fn *fn, void *arg)
{
	int lines = 0, w = width, lead = 0;
	char buf[1024];

	while ((size_t)lead < n && s[lead] == ' ')
		lead++;
	if (lead + 2 > width / 2)
		lead = width / 2 > 2 ? width / 2 - 2 : 0;
	while (n) {
		size_t take = 0, cut, next;
		int cols = 0;

		while (take < n && cols < w) {
			take++;
			while (take < n && ((unsigned char)s[take] & 0xc0) == 0x80)
				take++;
			cols++;
		}
		cut = next = take;
		if (take < n && s[take] != ' ') {	/* mid-word: back to the last blank */
			size_t b = take;

			while (b > (lines ? 0 : (size_t)lead) && s[b - 1] != ' ')
				b--;
			if (b > (lines ? 0 : (size_t)lead) + 1) {
				cut = b - 1;
				next = b;
			}
		}
		while (cut > 0 && s[cut - 1] == ' ' && next < n)	/* no blanks at the end */
			cut--;
		while (next < n && s[next] == ' ')			/* nor at the start */
			next++;
		if (lines == 0) {
			fn(arg, s, cut, true);
		} else {
			snprintf(buf, sizeof(buf), "%*s%.*s", lead + 2, "", (int)cut, s);
			fn(arg, buf, strlen(buf), true);
		}
		lines++;
		s += next;
		n -= next;
		w = width > lead + 4 ? width - lead - 2 : width;
	}
	return lines;
}

#define BLOCK_MAX_LINES	256
#define BLOCK_MAX_COLS	1024

/* The code points of a kept line, one a column. */
struct row {
	const char	*at[BLOCK_MAX_COLS + 1];	/* where column i starts; at[n] its end */
	int		n;
	const char	*end;		/* the line's end (past at[n] if it is longer) */
};

static void split_row(const char *s, size_t len, struct row *r)
{
	const char *e = s + len;

	r->n = 0;
	r->end = e;
	while (s < e && r->n < BLOCK_MAX_COLS) {
		r->at[r->n++] = s++;
		while (s < e && ((unsigned char)*s & 0xc0) == 0x80)
			s++;
	}
	r->at[r->n] = s;
}

/*
 * Consecutive kept lines [s, e) (a table, /proc output): when the widest is
 * wider than @width, narrow the block by removing whole columns that are
 * blank in every line, never the last blank between two words and never
 * the block's indent, widest gap first. Every column stays aligned with the
 * lines above and below, as a column of numbers must. What still does not
 * fit wraps (emit_pre).
 */
static int emit_block(const char *s, const char *e, int width, layout_fn *fn, void *arg)
{
	static struct row rows[BLOCK_MAX_LINES];
	static bool blank[BLOCK_MAX_COLS], drop[BLOCK_MAX_COLS];
	int nr = 0, widest = 0, indent = BLOCK_MAX_COLS, lines = 0;
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	for (p = s; p < e && nr < BLOCK_MAX_LINES; nr++) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(e - p);
		int lead = 0;

		split_row(p, n, &rows[nr]);
		widest = rows[nr].n > widest ? rows[nr].n : widest;
		while (lead < rows[nr].n && *rows[nr].at[lead] == ' ')
			lead++;
		indent = lead < indent ? lead : indent;
		p += n + (nl ? 1 : 0);
	}
	for (int c = 0; c < widest; c++) {
		blank[c] = c >= indent;
		drop[c] = false;
		for (int i = 0; i < nr && blank[c]; i++)
			blank[c] = c >= rows[i].n || *rows[i].at[c] == ' ';
	}
	/* drop a blank column from the widest gap until the widest line fits */
	for (int excess = widest - width; excess > 0; excess--) {
		int best = -1, best_len = 1;

		for (int c = indent; c < widest;) {
			int len = 0, kept = 0;

			while (c + len < widest && blank[c + len]) {
				kept += !drop[c + len];
				len++;
			}
			if (len && c + len < widest && kept > best_len) {
				best = c;
				best_len = kept;
			}
			c += len ? len : 1;
		}
		if (best < 0)
			break;
		while (drop[best])
			best++;
		drop[best] = true;
	}
	for (int i = 0; i < nr; i++) {
		sb_reset(&sb);
		for (int c = 0; c < rows[i].n; c++)
			if (!drop[c])
				sb_add(&sb, rows[i].at[c], (size_t)(rows[i].at[c + 1] - rows[i].at[c]));
		/* the rest of a line longer than BLOCK_MAX_COLS, as it is */
		sb_add(&sb, rows[i].at[rows[i].n], (size_t)(rows[i].end - rows[i].at[rows[i].n]));
		lines += emit_pre(sb_str(&sb), sb.len, width, fn, arg);
	}
	sb_release(&sb);
	if (p < e)	/* more than BLOCK_MAX_LINES: the rest is a block of its own */
		lines += emit_block(p, e, width, fn, arg);
	return lines;
}

struct para_ctx {
	layout_fn	*fn;
	void		*arg;
};

static void para_line(void *arg, const char *s, size_t len)
{
	struct para_ctx *pc = arg;

	pc->fn(pc->arg, s, len, false);
}

int lesson_text_layout(const char *text, int width, layout_fn *fn, void *arg)
{
	struct strbuf para = STRBUF_INIT;
	struct para_ctx pc = { fn, arg };
	const char *p = text;
	int lines = 0;

	if (width < 8)
		width = 8;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (is_blank(p, n)) {
			fn(arg, "", 0, false);
			lines++;
		} else if (is_pre(p, n)) {
			const char *e = p;

			/* the block: this line and the kept lines after it */
			for (;;) {
				const char *enl = strchr(e, '\n');
				size_t en = enl ? (size_t)(enl - e) : strlen(e);

				if (e != p && (is_blank(e, en) || !is_pre(e, en)))
					break;
				e += en;
				if (!enl)
					break;
				e++;
			}
			if (e > p && e[-1] == '\n')
				e--;
			lines += emit_block(p, e, width, fn, arg);
			p = *e ? e + 1 : e;
			continue;
		} else {	/* a paragraph: prose lines up to a blank, kept line or ':' */
			sb_reset(&para);
			for (;;) {
				sb_add(&para, p, n);
				p += n + (nl ? 1 : 0);
				if (!nl || para.buf[para.len - 1] == ':')
					break;
				nl = strchr(p, '\n');
				n = nl ? (size_t)(nl - p) : strlen(p);
				if (!*p || is_blank(p, n) || is_pre(p, n) || is_label(p, n))
					break;
				sb_putc(&para, ' ');
			}
			lines += wrap_text(sb_str(&para), width, para_line, &pc);
			continue;
		}
		p += n + (nl ? 1 : 0);
	}
	sb_release(&para);
	return lines;
}

/* ---- the pane ---- */

struct lrender {
	struct tui_canvas *c;		/* NULL: count lines only */
	struct tui_rect	r;
	int		line;		/* lines emitted */
	int		first;		/* the first line shown (scroll) */
	int		rows;		/* text rows in the pane */
	enum ui_color	color;		/* of the text being laid out */
	int		indent;
};

static void put(struct lrender *lr, enum ui_color color, int indent, const char *s, size_t len)
{
	int row = lr->line - lr->first;

	if (lr->c && row >= 0 && row < lr->rows)
		rect_printf(lr->c, lr->r, 1 + row, 1 + indent, color, "%.*s", (int)len, s);
	lr->line++;
}

static void put_layout(void *arg, const char *s, size_t len, bool pre)
{
	struct lrender *lr = arg;

	put(lr, pre && lr->color == UI_LESSON ? UI_VALUE : lr->color, lr->indent, s, len);
}

static void text(struct lrender *lr, enum ui_color color, int indent, const char *s)
{
	lr->color = color;
	lr->indent = indent;
	lesson_text_layout(s, lr->r.w - 2 - indent, put_layout, lr);
}

static void blank(struct lrender *lr)
{
	put(lr, UI_DEFAULT, 0, "", 0);
}

/* @next: the kind of the prompt after @p, or -1 at the end of the step. */
static void prompt(struct lrender *lr, const struct cmd_ctx *ctx, const struct lesson_prompt *p,
		   int next)
{
	bool last = next < 0;
	char buf[600];

	switch (p->kind) {
	case LESSON_SAY:
		text(lr, UI_LESSON, 0, p->text);
		blank(lr);
		break;
	case LESSON_PAUSE:
		if (p->text[0]) {
			text(lr, UI_LESSON, 0, p->text);
			blank(lr);
		}
		break;
	case LESSON_EXPECT:
		snprintf(buf, sizeof(buf), "%s %s", glyph_str(p->failed ? G_CROSS : G_CHECK), p->text);
		text(lr, p->failed ? UI_LESSON_WRONG : UI_LESSON_RIGHT, 0, buf);
		if (next != LESSON_EXPECT)
			blank(lr);
		break;
	case LESSON_PREDICT:
		text(lr, UI_LESSON_PROMPT, 0, p->text);
		for (int i = 0; i < p->nr_choices; i++) {
			bool chosen = p->reply == i;

			snprintf(buf, sizeof(buf), "%s %d) %s%s", chosen ? glyph_str(G_CURRENT) : " ",
				 i + 1, p->choices[i], chosen ? "   (the class's answer)" : "");
			text(lr, chosen ? UI_BOLD : UI_LESSON_PROMPT, 1, buf);
		}
		blank(lr);
		break;
	case LESSON_REVEAL: {
		const char *nl = strchr(p->text, '\n');

		/* "answer: 2) no" on a line of its own, then the explanation */
		snprintf(buf, sizeof(buf), "%.*s", nl ? (int)(nl - p->text) : (int)strlen(p->text),
			 p->text);
		text(lr, p->failed ? UI_LESSON_WRONG : UI_LESSON_RIGHT, 0, buf);
		if (nl)
			text(lr, UI_LESSON, 0, nl + 1);
		if (p->failed)
			text(lr, UI_LESSON_WRONG, 0, "(the class said otherwise)");
		blank(lr);
		break;
	}
	case LESSON_WATCH:
		snprintf(buf, sizeof(buf), "%s Step the request: %s", glyph_str(G_CURRENT), p->text);
		text(lr, UI_LESSON_PROMPT, 0, buf);
		if (last && lesson_watching(ctx->lesson))
			text(lr, UI_LESSON, 2, "It waits in the Slow path pane: s or Space runs one "
			     "stage, F runs it to its end, c animates it.");
		else if (last)
			text(lr, UI_LESSON, 2, "The request has run to its end (Slow path pane). "
			     "Space goes on.");
		blank(lr);
		break;
	case LESSON_DONE:
		if (p->text[0])
			text(lr, UI_LESSON, 0, p->text);
		text(lr, UI_DIM, 0, "(end of the lesson: r starts it again, b goes back a step)");
		break;
	case LESSON_ERROR:
		text(lr, UI_LOG_ERR, 0, p->text);
		break;
	}
}

static int render(struct lrender *lr, const struct cmd_ctx *ctx)
{
	const struct lesson_page *pg = lesson_page(ctx->lesson);

	for (int i = 0; i < pg->nr; i++)
		prompt(lr, ctx, &pg->v[i], i + 1 < pg->nr ? (int)pg->v[i + 1].kind : -1);
	return lr->line;
}

int tui_lesson_height(const struct cmd_ctx *ctx, int width)
{
	struct lrender lr = { NULL, { 0, 0, width, 0 }, 0, 0, 0, UI_LESSON, 0 };

	if (!ctx->lesson)
		return 0;
	return render(&lr, ctx) + 2;	/* the title and the keys */
}

static const char *hint(const struct cmd_ctx *ctx, const struct lesson_page *pg)
{
	switch (pg->wait) {
	case LESSON_WAIT_KEY:
		return "Space: go on   b: back   r: restart   f: full screen";
	case LESSON_WAIT_ANSWER:
		return "1-9: the class's answer   b: back   r: restart";
	case LESSON_WAIT_REQUEST:
		if (lesson_watching(ctx->lesson))
			return "s/Space: one stage   F: to the end   c: animate   b: back";
		return "Space: go on   b: back   r: restart";
	default:
		return "r: restart   b: back";
	}
}

void tui_draw_lesson(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		     struct tui *t)
{
	struct tui_lesson *tl = &t->lesson;
	const struct lesson_page *pg;
	struct lrender lr;
	char title[200];
	int total, rows = r.h - 2;

	if (!ctx->lesson || r.h < 2)
		return;
	pg = lesson_page(ctx->lesson);
	lr = (struct lrender){ NULL, r, 0, 0, rows, UI_LESSON, 0 };
	total = render(&lr, ctx);
	if (tl->serial != pg->serial) {
		/* a new step from its top; but a request to step from its end,
		 * so that what to press stays in view */
		tl->serial = pg->serial;
		tl->scroll = pg->wait == LESSON_WAIT_REQUEST && total > rows ? total - rows : 0;
	}
	snprintf(title, sizeof(title), "Lesson: %s %s step %d of %d", lesson_title(ctx->lesson),
		 glyph_str(G_HLINE), pg->step, pg->nr_steps);
	canvas_title(c, r, title, t->focus == PANE_LESSON);
	while (total > 0 && tl->scroll + rows > total + 1 && tl->scroll > 0)
		tl->scroll--;
	if (tl->scroll > total - 1)
		tl->scroll = total > 0 ? total - 1 : 0;
	tl->lines = total;
	lr = (struct lrender){ c, r, 0, tl->scroll, rows, UI_LESSON, 0 };
	render(&lr, ctx);
	rect_printf(c, r, r.h - 1, 1, UI_KEY, "%s", hint(ctx, pg));
	if (tl->scroll + rows < total)
		rect_printf(c, r, r.h - 1, r.w - 16, UI_LOG_NOTE, "%s PgDn: more", glyph_str(G_MORE));
	else if (tl->scroll > 0)
		rect_printf(c, r, r.h - 1, r.w - 16, UI_LOG_NOTE, "PgUp: above   ");
}
