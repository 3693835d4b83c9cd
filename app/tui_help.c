/* app/tui_help.c - the help bar (the keys that work now), the help screen
 * (`?` or F1: keys, what the glyphs and zone states mean, and every command
 * from the command table), and the popup that shows long command output.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const int tui_speed_ms[TUI_SPEEDS] = { 1000, 500, 250, 125, 60, 20, 0 };

struct key_help {
	const char	*key;
	const char	*what;
};

/* in the order the help bar drops them from the right: at 80 columns the
 * first seven show, and a newcomer needs ':' and '?' among them */
static const struct key_help keys_main[] = {
	{ "s", "step" }, { "n", "next" }, { "c", "continue" }, { "b/B", "back/fwd" },
	{ ":", "command" }, { "?", "help" }, { "q", "quit" }, { "p", "pause" },
	{ "+/-", "speed" },
	{ "l", "legend" }, { "Tab", "pane" }, { "f", "full" }, { "z/Z", "zoom" },
	{ "g", "pfn" }, { "t", "ftrace" }, { "h", "charts" }, { "arrows", "scroll" },
};

static const struct key_help keys_cmdline[] = {
	{ "Enter", "run" }, { "Tab", "complete" }, { "Up/Down", "history" },
	{ "Esc", "keys" }, { "Ctrl-D", "quit" },
};

static const struct key_help keys_pfn[] = {
	{ "0x..", "pfn in hex or decimal" }, { "Enter", "jump" }, { "Esc", "cancel" },
};

static const struct key_help keys_help[] = {
	{ "arrows/PgUp/PgDn", "scroll" }, { "q/Esc/?", "close" },
};

static const struct key_help keys_compare[] = {
	{ "s/Space", "step both" }, { "n/p", "request" }, { "d/D", "next/prev difference" },
	{ "e", "end" }, { "Home", "start" }, { ":", "command" }, { "q", "back" },
};

static const struct key_help keys_lesson[] = {
	{ "Space", "go on" }, { "1-9", "answer" }, { "b", "back" }, { "r", "restart" },
};

static const struct key_help keys_answer[] = {
	{ "Enter", "check the answer" }, { "Backspace", "erase" }, { "Ctrl-U", "clear" },
	{ "PgUp/PgDn", "scroll the question" }, { "Esc", "keys" },
};

static const struct key_help keys_quiz[] = {
	{ "Enter", "answer, then next" }, { "Space/n", "next question" }, { "a", "answer line" },
	{ "q q", "stop the quiz" }, { "PgUp/PgDn", "scroll the question" },
};

static const struct key_help keys_legend[] = {
	{ "any key", "closes the legend" },
};

/* The keys of @k from column @col, as many as fit; @skip: a key left out
 * (one the keys before it already name). */
static int put_keys(struct tui_canvas *c, struct tui_rect r, int col,
		    const struct key_help *k, size_t n, const char *skip)
{
	for (size_t i = 0; i < n; i++) {
		int need = (int)(strlen(k[i].key) + strlen(k[i].what)) + 2;

		if (skip && !strcmp(k[i].key, skip))
			continue;

		if (col + need > r.w)
			break;
		col += rect_printf(c, r, 0, col, UI_KEY, "%s", k[i].key);
		col += rect_printf(c, r, 0, col, UI_HELPBAR, " %s ", k[i].what);
	}
	return col;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

void tui_draw_helpbar(struct tui_canvas *c, struct tui_rect r, const struct tui *t)
{
	char right[200];
	int rw;

	canvas_fill(c, r, ' ', UI_HELPBAR);
	if (t->status[0])
		snprintf(right, sizeof(right), " %s ", t->status);
	else if (t->animating)
		snprintf(right, sizeof(right), " running, speed %d/%d ", t->speed + 1, TUI_SPEEDS);
	else
		snprintf(right, sizeof(right), " speed %d/%d ", t->speed + 1, TUI_SPEEDS);
	rw = utf8_width(right);
	if (rw > r.w)
		rw = r.w;
	canvas_text(c, r.x + r.w - rw, r.y, rw, t->status[0] ? t->status_color : UI_HELPBAR, right);
	r.w -= rw;		/* the keys get what the status leaves */
	if (t->legend) {
		put_keys(c, r, 0, keys_legend, N(keys_legend), NULL);
	} else if (t->mode == MODE_HELP || t->popup.open) {
		put_keys(c, r, 0, keys_help, N(keys_help), NULL);
	} else if (t->mode == MODE_CMDLINE) {
		put_keys(c, r, 0, keys_cmdline, N(keys_cmdline), NULL);
	} else if (t->mode == MODE_PROMPT_PFN) {
		put_keys(c, r, 0, keys_pfn, N(keys_pfn), NULL);
	} else if (t->mode == MODE_COMPARE) {
		put_keys(c, r, 0, keys_compare, N(keys_compare), NULL);
	} else if (t->mode == MODE_ANSWER) {
		put_keys(c, r, 0, keys_answer, N(keys_answer), NULL);
	} else {
		int col = 0;

		if (t->quiz.open)
			col = put_keys(c, r, col, keys_quiz, N(keys_quiz), NULL);
		else if (t->lesson.open)
			col = put_keys(c, r, col, keys_lesson, N(keys_lesson), NULL);
		put_keys(c, r, col, keys_main, N(keys_main), t->lesson.open ? "b/B" : NULL);
	}
}

/* ---- the help screen ---- */

static const char *const help_keys[] = {
	"buddyscope: the Linux page allocator (v4.5, v4.6, 6.1), one step at a time",
	"",
	"KEYS (when the command line is not focused)",
	"  s        step: run one stage of the request (or one jiffy of kswapd)",
	"  n        next: the next stage at this level, over the inside of reclaim",
	"  F        finish: run until the selected frame returns (up/down select)",
	"  c        continue: animate, one stage a frame, until a breakpoint or the end",
	"  b B      back: undo the last command that changed something (or stage);",
	"           B (forward) redoes it",
	"  p        pause the animation",
	"  + -      faster, slower (the animation)",
	"  Tab      focus the next pane; the arrows, PgUp/PgDn, Home/End scroll it",
	"  f        give the focused pane the whole screen, and back",
	"  l        the legend: what every glyph, colour and mark on the screen means",
	"  z Z      page map: zoom out (more pages a cell), zoom in",
	"  g        page map: jump to a pfn",
	"  t        log: ftrace lines instead of sentences",
	"  h        charts: the history drawn big, in place of the page map",
	"  Ctrl-L   draw the whole screen again",
	"  : / Enter  the command line (readline: history, Tab completion)",
	"  ? F1     this help; q quits",
	"  Lessons: Space/Enter go on (at a request to step: one stage; F runs it to",
	"           its end), 1-9 answer, b back one step (the simulation as it was",
	"           there), r restart",
	"  Quiz (the quiz command): type the answer and press Enter; Enter, Space or",
	"           n the next question; a answers again after Esc; q q stops",
	"",
};

/* One line of the legend or the help: glyph samples in their colours. */
struct legend_item {
	enum ui_color	color;
	const char	*sample;	/* NULL: a glyph from @g or @pm */
	int		g;		/* enum glyph, or -1 */
	int		pm;		/* enum pm_state, or -1 */
	const char	*what;
};

static const struct legend_item legend_pm[] = {
	{ UI_MT_MOVABLE, NULL, -1, PM_FREE, "free (in a free_area list)" },
	{ UI_MT_MOVABLE, NULL, -1, PM_ALLOC, "allocated (kernel, page tables)" },
	{ UI_MT_MOVABLE, NULL, -1, PM_PCP, "on a per-cpu list" },
	{ UI_MT_MOVABLE, NULL, -1, PM_ANON, "anonymous page on an LRU list" },
	{ UI_MT_MOVABLE, NULL, -1, PM_FILE, "page-cache page on an LRU list" },
	{ UI_MT_MOVABLE, NULL, -1, PM_SLAB, "slab" },
	{ UI_MT_MOVABLE, NULL, -1, PM_ISOLATED, "isolated: being migrated or reclaimed" },
	{ UI_PM_RESERVED, NULL, -1, PM_RESERVED, "reserved at boot (not managed)" },
	{ UI_DEFAULT, NULL, -1, PM_HOLE, "(blank) a hole: no memory behind these pfns" },
	{ UI_PM_CHANGED, NULL, -1, PM_ALLOC, "changed by the last step or command" },
	{ UI_PM_HIGHLIGHT, NULL, -1, PM_FREE, "the block the lesson or `map highlight` marks" },
	{ UI_PM_CURSOR, NULL, -1, PM_FREE, "the pfn `g` jumped to" },
};

static const struct legend_item legend_mt[] = {
	{ UI_MT_UNMOVABLE, "U", -1, -1, "Unmovable" },
	{ UI_MT_MOVABLE, "M", -1, -1, "Movable" },
	{ UI_MT_RECLAIMABLE, "R", -1, -1, "Reclaimable" },
	{ UI_MT_HIGHATOMIC, "H", -1, -1, "HighAtomic" },
	{ UI_MT_CMA, "C", -1, -1, "CMA" },
	{ UI_MT_ISOLATE, "I", -1, -1, "Isolate" },
};

static const struct legend_item legend_zones[] = {
	{ UI_BAR_TICK, "m", -1, -1, "the min watermark on the bar" },
	{ UI_BAR_TICK, "l", -1, -1, "the low watermark" },
	{ UI_BAR_TICK, "h", -1, -1, "the high watermark" },
	{ UI_LABEL, "b", -1, -1, "6.1's watermark_boost, already in m, l and h" },
	{ UI_BAR_RESERVE, "+", -1, -1, "low + lowmem_reserve[class zone]: what the request's class "
	  "zone must clear" },
	{ UI_WMARK_HIGH, NULL, G_FULL, -1, "free pages, above high: all is well" },
	{ UI_WMARK_LOW, NULL, G_FULL, -1, "low..high: kswapd keeps going" },
	{ UI_WMARK_MIN, NULL, G_FULL, -1, "min..low: allocations wake kswapd" },
	{ UI_WMARK_BELOW, NULL, G_FULL, -1, "BELOW MIN: only requests that may use the reserves "
	  "(__GFP_HIGH, atomic, real-time, OOM victims, PF_MEMALLOC)" },
	{ UI_BAR_EMPTY, NULL, G_SHADE, -1, "the part of the scale not free" },
	{ UI_WMARK_HIGH, NULL, G_MORE, -1, "more free pages than the scale shows" },
};

static const struct legend_item legend_other[] = {
	{ UI_STAGE_CURRENT, NULL, G_CURRENT, -1, "Slow path: the stage that runs next" },
	{ UI_STAGE_DONE, NULL, G_DONE, -1, "Slow path: passed (x2: twice)" },
	{ UI_LESSON_RIGHT, NULL, G_CHECK, -1, "lesson: a check passed, a right answer" },
	{ UI_LESSON_WRONG, NULL, G_CROSS, -1, "lesson: a check failed, a wrong answer" },
	{ UI_LOG_ERR, "!", -1, -1, "log: OOM kill, allocation failure, error" },
	{ UI_LOG_WARN, "!", -1, -1, "log: a kernel warning" },
	{ UI_CHANGED, "+8", -1, -1, "Threads: a counter the last step changed" },
	{ UI_WMARK_BELOW, "KILL", -1, -1, "Tasks: SIGKILL pending (MEMDIE: may use the reserves)" },
	{ UI_VALUE, "*", -1, -1, "Tasks: the current task" },
};

struct legend_section {
	const char	*title;
	const struct legend_item *v;
	size_t		n;
};

static const struct legend_section legend[] = {
	{ "PAGE MAP: one cell is 2^zoom pages; its glyph is the commonest state, its colour "
	  "the pageblock's migratetype", legend_pm, N(legend_pm) },
	{ "MIGRATETYPES (page map colours; the letter in the gutter when a pageblock takes rows)",
	  legend_mt, N(legend_mt) },
	{ "ZONES: the watermark bar", legend_zones, N(legend_zones) },
	{ "SLOW PATH, LESSON, LOG, THREADS, TASKS", legend_other, N(legend_other) },
};

/* Where the help screen's lines go: the next one is line @line; it is
 * drawn at @row when it is not scrolled off (@skip) and fits (@r.h). */
struct help_pen {
	struct tui_canvas *c;	/* NULL: count the lines only */
	struct tui_rect	r;
	int		row, line, skip;
};

/* The canvas row of the next line, or -1 if it is not drawn. */
static int pen_next(struct help_pen *p)
{
	int at = -1;

	if (p->line++ >= p->skip && p->row < p->r.h)
		at = p->row++;
	return p->c ? at : -1;
}

struct pen_wrap {
	struct help_pen	*p;
	int		col, first;	/* @first: the row of the first line (-1: not drawn) */
	bool		used;
	enum ui_color	color;
};

static void pen_wrap_line(void *arg, const char *s, size_t len)
{
	struct pen_wrap *w = arg;
	int at = pen_next(w->p);

	if (!w->used)
		w->first = at;
	w->used = true;
	if (at >= 0)
		rect_printf(w->p->c, w->p->r, at, w->col, w->color, "%.*s", (int)len, s);
}

/* @text wrapped from column @col to the pen's width; the row of its first
 * line, or -1 if that is not drawn. */
static int pen_wrap(struct help_pen *p, int col, enum ui_color color, const char *text)
{
	struct pen_wrap w = { p, col, -1, false, color };
	int width = p->r.w - col - 1;

	wrap_text(text, width > 10 ? width : 10, pen_wrap_line, &w);
	return w.first;
}

/* The legend on @p's lines: each title, then a row per glyph with what it
 * means (long ones wrapped under it), then a blank line. */
static void legend_layout(struct help_pen *p, enum ui_color text)
{
	for (size_t i = 0; i < N(legend); i++) {
		pen_wrap(p, 1, UI_BOLD, legend[i].title);
		for (size_t k = 0; k < legend[i].n; k++) {
			const struct legend_item *it = &legend[i].v[k];
			int col = 3, sw = it->sample ? utf8_width(it->sample) : 3;
			int at = pen_wrap(p, sw + 3 < 8 ? 8 : sw + 4, text, it->what);

			if (at < 0)
				continue;
			if (it->sample)
				rect_printf(p->c, p->r, at, col, it->color, "%s", it->sample);
			else
				for (int x = 0; x < 3; x++, col++)
					canvas_put(p->c, p->r.x + col, p->r.y + at, it->pm >= 0 ?
						   pm_glyph((enum pm_state)it->pm) :
						   glyph((enum glyph)it->g), it->color);
		}
		pen_next(p);
	}
}

/* Rows the legend takes at @w columns (for scrolling and the popup's size). */
static int legend_rows(int w)
{
	struct help_pen p = { NULL, { 0, 0, w, 1 }, 1, 0, 0 };

	legend_layout(&p, UI_DEFAULT);
	return p.line;
}

int tui_legend_rows(int cols)
{
	return legend_rows(cols - 4);	/* the popup's width: tui_render */
}

void tui_draw_legend(struct tui_canvas *c, struct tui_rect r, const struct tui *t)
{
	int h = legend_rows(r.w) + 1;
	struct help_pen p = { c, r, 1, 0, t->help_scroll };

	if (h < r.h)
		r.h = h;
	p.r = r;
	canvas_fill(c, r, ' ', UI_POPUP);
	canvas_title(c, r, h > r.h ? "Legend: glyphs, colours, marks (arrows scroll; any "
		     "other key closes)" : "Legend: glyphs, colours, marks (any key closes)", true);
	legend_layout(&p, UI_POPUP);
}

struct help_wrap {
	struct help_pen	*p;
	int		col, first;	/* @first: the row of the first line, or -1 */
	bool		used;
};

static void help_wrap_line(void *arg, const char *s, size_t len)
{
	struct help_wrap *w = arg;
	int at = w->used ? pen_next(w->p) : w->first;

	w->used = true;
	if (at >= 0)
		rect_printf(w->p->c, w->p->r, at, w->col, UI_DEFAULT, "%.*s", (int)len, s);
}

/* The help screen: the keys, every command (the synopses as wide as the
 * longest, leaving the summaries 50 columns; a longer synopsis gets a row
 * of its own; a summary wider than its column wraps below), then the
 * legend, as `l` shows it. Return: the lines it has in all. */
static int help_layout(struct tui_canvas *c, struct tui_rect r, int skip)
{
	struct help_pen p = { c, r, 1, 0, skip };
	int at, uw = 0, sw;

	for (size_t i = 0; i < N(help_keys); i++)
		if ((at = pen_next(&p)) >= 0)
			rect_printf(c, r, at, 1, i == 0 ? UI_BOLD : UI_DEFAULT, "%s", help_keys[i]);
	if ((at = pen_next(&p)) >= 0)
		rect_printf(c, r, at, 1, UI_BOLD, "COMMANDS (type 'help NAME' on the command "
			    "line for more)");
	for (int i = 0; i < NR_CMDS; i++) {
		struct strbuf usage = STRBUF_INIT;

		cmd_usage((enum cmd_id)i, &usage);
		if ((int)usage.len > uw)
			uw = (int)usage.len;
		sb_release(&usage);
	}
	if (uw > r.w - 55)
		uw = r.w - 55;
	if (uw < 20)
		uw = 20;
	sw = r.w - (3 + uw + 2) - 1;
	for (int i = 0; i < NR_CMDS; i++) {
		struct strbuf usage = STRBUF_INIT;
		struct help_wrap w = { &p, 3 + uw + 2, -1, false };

		cmd_usage((enum cmd_id)i, &usage);
		if ((int)usage.len > r.w - 4)	/* wider than the screen: it wraps too */
			pen_wrap(&p, 3, UI_KEY, sb_str(&usage));
		else if ((at = pen_next(&p)) >= 0)
			rect_printf(c, r, at, 3, UI_KEY, "%-*s", uw, sb_str(&usage));
		if ((int)usage.len > uw)	/* the summary on the next row */
			at = pen_next(&p);
		w.first = at;
		wrap_text(cmd_table[i].summary, sw > 10 ? sw : 10, help_wrap_line, &w);
		sb_release(&usage);
	}
	pen_next(&p);	/* a blank line before the legend */
	legend_layout(&p, UI_DEFAULT);
	return p.line;
}

void tui_draw_help(struct tui_canvas *c, struct tui_rect r, const struct tui *t)
{
	canvas_fill(c, r, ' ', UI_DEFAULT);
	canvas_title(c, r, "Help", true);
	help_layout(c, r, t->help_scroll);
}

int tui_help_rows(int cols)
{
	return help_layout(NULL, (struct tui_rect){ 0, 0, cols, 1 }, 0);
}

/* ---- popup ---- */

void tui_popup_open(struct tui_popup *p, const char *title, const char *text)
{
	size_t n = 0, cap = 0;
	char **lines = NULL;

	tui_popup_close(p);
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);

		if (n == cap) {
			char **nv = realloc(lines, (cap = cap ? 2 * cap : 64) * sizeof(*lines));

			if (!nv)
				break;
			lines = nv;
		}
		lines[n] = strndup(text, len);
		if (lines[n])
			n++;
		text += len + (nl ? 1 : 0);
	}
	p->lines = lines;
	p->n = n;
	p->top = 0;
	p->open = true;
	snprintf(p->title, sizeof(p->title), "%s", title);
}

void tui_popup_close(struct tui_popup *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->lines[i]);
	free(p->lines);
	free(p->rows);
	p->lines = NULL;
	p->rows = NULL;
	p->n = p->nrows = 0;
	p->width = 0;
	p->open = false;
}

static bool popup_row(struct tui_popup *p, size_t *cap, size_t line, size_t off, size_t len,
		      int indent)
{
	if (p->nrows == *cap) {
		struct tui_popup_row *nv = realloc(p->rows, (*cap = *cap ? 2 * *cap : 64) *
						   sizeof(*nv));

		if (!nv)
			return false;
		p->rows = nv;
	}
	p->rows[p->nrows++] = (struct tui_popup_row){ line, off, len, indent };
	return true;
}

/*
 * Lines wider than the popup wrap at a blank, the rest indented two columns
 * more than the line (a table row's: under its second column), so that
 * nothing is cut at the right edge (a table row too wide for the screen
 * wraps too: its numbers stay readable).
 */
void tui_popup_fit(struct tui_popup *p, int width)
{
	size_t cap = 0;

	if (width < 8)
		width = 8;
	if (p->rows && p->width == width)
		return;
	free(p->rows);
	p->rows = NULL;
	p->nrows = 0;
	p->width = width;
	for (size_t i = 0; i < p->n; i++) {
		const char *line = p->lines[i], *text = line, *next, *end;
		int lead = (int)strspn(line, " "), indent = 0, hang = 0;
		const char *gap = strstr(line + lead, "  ");

		if (lead + 2 > width / 2)
			lead = width / 2 - 2;
		/* a table row ("  seed [N]      print or set the seed"): its
		 * continuations line up under the second column */
		if (gap) {
			int col = (int)(gap - line) + (int)strspn(gap, " ");

			if (line[col] && col <= width / 2)
				hang = col;
		}
		do {
			end = wrap_one(text, width - indent, &next);
			if (!popup_row(p, &cap, i, (size_t)(text - line), (size_t)(end - text),
				       indent))
				return;
			text = next;
			indent = hang ? hang : lead + 2;
		} while (*text);
	}
	if (p->top > (long)p->nrows - 1)
		p->top = p->nrows ? (long)p->nrows - 1 : 0;
}

void tui_draw_popup(struct tui_canvas *c, struct tui_rect r, const struct tui *t)
{
	const struct tui_popup *p = &t->popup;
	long shown = r.h - 1, last;
	char title[256];

	canvas_fill(c, r, ' ', UI_POPUP);
	last = (long)p->nrows < p->top + shown ? (long)p->nrows : p->top + shown;
	snprintf(title, sizeof(title), "%s  (lines %ld-%ld of %zu; q closes)", p->title,
		 p->nrows ? p->top + 1 : 0, last, p->nrows);
	canvas_title(c, r, title, true);
	for (int row = 1; row < r.h; row++) {
		long i = p->top + row - 1;
		const struct tui_popup_row *pr;

		if (i < 0 || i >= (long)p->nrows)
			break;
		pr = &p->rows[i];
		rect_printf(c, r, row, 1 + pr->indent, UI_POPUP, "%.*s", (int)pr->len,
			    p->lines[pr->line] + pr->off);
	}
}

/* ---- the keys, for the man page (app/manpage.c) ---- */

void tui_keys_text(struct strbuf *out)
{
	static const struct {
		const char		*where;
		const struct key_help	*k;
		size_t			n;
	} sets[] = {
#define KEYSET(name, arr) { name, arr, sizeof(arr) / sizeof(arr[0]) }
		KEYSET("on the screen", keys_main), KEYSET("on the command line", keys_cmdline),
		KEYSET("asking for a pfn (g)", keys_pfn), KEYSET("in the help screen", keys_help),
		KEYSET("in a lesson", keys_lesson), KEYSET("in a quiz", keys_quiz),
		KEYSET("on the quiz's answer line", keys_answer),
#undef KEYSET
	};

	for (size_t s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
		sb_printf(out, "%s:", sets[s].where);
		for (size_t i = 0; i < sets[s].n; i++)
			sb_printf(out, "\t%s\t%s\n", sets[s].k[i].key, sets[s].k[i].what);
	}
}
