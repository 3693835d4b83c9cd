/* app/tui_layout.c - where the panes go for a terminal size, and the whole
 * frame drawn into a canvas.
 *
 *   +-- Zones ------------------------+-- Slow path ---------+
 *   | free_area, watermark bars       | flow, locals, why    |
 *   +-- Page map ---------------------+-- Threads -----------+
 *   |                                 | kswapd, counters     |
 *   +-- Log --------------------------+-- Tasks -------------+
 *   |                                 | by badness           |
 *   +---------------------------------+----------------------+
 *    help bar
 *    buddyscope> command line
 *
 * While a lesson runs its narration gets a layout of its own (layout_lesson:
 * a wide column, or the top of a narrower screen), and `f` gives the focused
 * pane the whole screen. Columns of panes are stacked by priority: a pane
 * that does not get its minimum height is left out (Tab skips it).
 *
 * The zones pane shows every migratetype row of every zone when that leaves
 * the page map and the log a useful height; otherwise only the selected
 * zone (arrows in the zones pane) shows its split. Below TUI_MIN_COLS x
 * TUI_MIN_ROWS the frame is a message saying what size is needed.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/machine.h"
#include "buddyscope/sim.h"
#include "lesson.h"

#define MIN_PAGEMAP	6
#define MIN_LOG		5

void tui_init(struct tui *t, int cols, int rows)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->rows = rows;
	t->cell_w = 1;
	t->speed = 3;
	t->focus = PANE_PAGEMAP;
	t->pm.cursor = PFN_NONE;
	snprintf(t->prompt, sizeof(t->prompt), "buddyscope> ");
	tui_log_init(&t->log);
}

void tui_release(struct tui *t)
{
	tui_log_release(&t->log);
	tui_side_release(&t->side);
	tui_popup_close(&t->popup);
	free(t->pm.cache);
	free(t->pm.prev);
	free(t->pm.changed);
	t->pm.cache = t->pm.prev = NULL;
	t->pm.changed = NULL;
}

void tui_sync(struct tui *t, const struct cmd_ctx *ctx)
{
	if (t->sim_seen != ctx->sim) {	/* a new machine: fit the page map again */
		t->sim_seen = ctx->sim;
		t->pm.zoom_set = false;
		t->pm.top = 0;
		t->pm.cursor = PFN_NONE;
		t->pm.focused = false;
		t->zone_sel = 0;
		tui_log_pump(&t->log, ctx->sim, false);
	}
	pagemap_note_events(&t->pm, ctx->sim);
	tui_side_sample(&t->side, ctx->sim, t->gen);
	tui_quiz_sync(t, ctx);
}

struct size_msg {
	struct tui_canvas *c;
	int		cols, y;
};

static void size_msg_line(void *arg, const char *s, size_t len)
{
	struct size_msg *m = arg;
	char line[256];
	int x;

	while (len && *s == ' ') {
		s++;
		len--;
	}
	snprintf(line, sizeof(line), "%.*s", (int)len, s);
	x = (m->cols - utf8_width(line)) / 2;
	canvas_text(m->c, x < 0 ? 0 : x, m->y++, m->cols, UI_SIZE_MSG, line);
}

/* Three lines as on an ordinary screen; on a narrow one each wraps at its
 * blanks, so "at least 80x24" is never cut off the right edge, and on a tiny
 * one just the two sizes and the way out. */
static void draw_size_message(struct tui_canvas *c, const struct tui *t)
{
	char lines[3][96];
	struct size_msg m = { c, t->cols, 0 };
	int w = t->cols > 0 ? t->cols : 1, nr = 3, rows = 0;

	snprintf(lines[0], sizeof(lines[0]), "buddyscope needs a terminal of at least %dx%d;",
		 TUI_MIN_COLS, TUI_MIN_ROWS);
	snprintf(lines[1], sizeof(lines[1]), "this one is %dx%d.", t->cols, t->rows);
	snprintf(lines[2], sizeof(lines[2]), "Enlarge it, or press q to quit.");
	for (int i = 0; i < nr; i++)
		rows += wrap_text(lines[i], w, NULL, NULL);
	if (rows > t->rows) {
		snprintf(lines[0], sizeof(lines[0]), "need %dx%d, have %dx%d; q quits",
			 TUI_MIN_COLS, TUI_MIN_ROWS, t->cols, t->rows);
		nr = 1;
		rows = wrap_text(lines[0], w, NULL, NULL);
	}
	m.y = (t->rows - rows) / 2;
	if (m.y < 0)
		m.y = 0;
	for (int i = 0; i < nr; i++)
		wrap_text(lines[i], w, size_msg_line, &m);
}

static void draw_cmdline(struct tui_canvas *c, struct tui_rect r, struct tui *t)
{
	int col = 0, len, off = 0, pw;

	canvas_fill(c, r, ' ', UI_CMDLINE);
	t->cmdline_y = r.y;
	t->cmdline_x = -1;
	if (t->mode == MODE_PROMPT_PFN || t->mode == MODE_ANSWER) {
		const char *in = t->mode == MODE_ANSWER ? t->quiz.input : t->pfn_input;
		int w = utf8_width(in), room;

		col = canvas_text(c, r.x, r.y, r.w, UI_KEY, t->mode == MODE_ANSWER ? "your answer: "
				  : "jump to pfn: ");
		room = r.w - col - 1;
		while (w > room && *in) {	/* a long answer: its end in view */
			in++;
			while (((unsigned char)*in & 0xc0) == 0x80)
				in++;
			w--;
		}
		col += canvas_text(c, r.x + col, r.y, r.w - col, UI_CMDLINE, in);
		t->cmdline_x = r.x + col;
		return;
	}
	if (t->mode != MODE_CMDLINE) {
		col = canvas_text(c, r.x, r.y, r.w, UI_DIM, t->prompt);
		canvas_text(c, r.x + col, r.y, r.w - col, UI_DIM,
			    "press : or Enter to type a command, ? for help");
		return;
	}
	pw = canvas_text(c, r.x, r.y, r.w, UI_KEY, t->prompt);
	len = (int)strlen(t->line);
	/* keep the cursor in view: scroll the line left when it is long */
	if (t->point > r.w - pw - 2)
		off = t->point - (r.w - pw - 2);
	if (off > len)
		off = len;
	canvas_text(c, r.x + pw, r.y, r.w - pw, UI_CMDLINE, t->line + off);
	t->cmdline_x = r.x + pw + utf8_width(t->line + off) - utf8_width(t->line + t->point);
	if (t->cmdline_x >= r.x + r.w)
		t->cmdline_x = r.x + r.w - 1;
}

static void place(struct tui *t, enum tui_pane p, int x, int y, int w, int h)
{
	t->rect[p] = (struct tui_rect){ x, y, w, h > 0 ? h : 0 };
	t->pane_shown[p] = w > 0 && h > 0;
}

/* ---- a column of panes ---- */

struct slot {
	enum tui_pane	pane;
	int		min, want;	/* rows: below min the pane is left out */
	bool		flex;		/* takes the rows the others leave */
	int		h;
};

/* Stack @n slots in a column: each (in the array's order, which is also
 * their priority, after the focused pane's) gets its min while that fits,
 * then rows up to its want; what is left goes to the flex slot (or the
 * last one shown). */
static void stack(struct tui *t, int x, int y, int w, int h, struct slot *s, int n)
{
	int left = h, last = -1, flex = -1;

	/* the focused pane first (Tab can bring a pane that did not fit) */
	for (int i = 0; i < n; i++) {
		s[i].h = 0;
		if (s[i].pane == t->focus && s[i].min <= left) {
			s[i].min = s[i].min > 4 ? s[i].min : 4;
			s[i].h = s[i].min;
			left -= s[i].min;
		}
	}
	for (int i = 0; i < n; i++) {
		if (s[i].h) {
			last = i > last ? i : last;
			flex = s[i].flex ? i : flex;
			continue;
		}
		if (s[i].min > 0 && s[i].min <= left) {
			s[i].h = s[i].min;
			left -= s[i].min;
			last = i;
			if (s[i].flex)
				flex = i;
		}
	}
	for (int i = 0; i < n && left > 0; i++) {
		int more = s[i].h && s[i].want > s[i].h ? s[i].want - s[i].h : 0;

		if (more > left)
			more = left;
		s[i].h += more;
		left -= more;
	}
	if (left > 0 && (flex >= 0 || last >= 0))
		s[flex >= 0 ? flex : last].h += left;
	for (int i = 0; i < n; i++) {
		if (!s[i].h)
			continue;
		place(t, s[i].pane, x, y, w, s[i].h);
		y += s[i].h;
	}
}

static void vline(struct tui_canvas *c, int x, int y, int h)
{
	for (int i = 0; i < h; i++)
		canvas_put(c, x, y + i, glyph(G_VLINE), UI_BORDER);
}

/* The screen without a lesson: zones, page map and log on the left; slow
 * path, threads and tasks on the right. Return: the zones pane is full. */
static bool layout_main(struct tui *t, const struct cmd_ctx *ctx, struct tui_canvas *c, int body)
{
	int right, left, zh, full, rest, log_h, flow_h;
	bool zones_full = true;

	/* columns: the right one gets about a third, 40..80 wide */
	right = t->cols * 36 / 100;
	if (right < 40)
		right = 40;
	if (right > 80)
		right = 80;
	left = t->cols - right - 1;

	/* left column: zones, page map, log */
	full = tui_zones_height(ctx, true);
	zh = full;
	if (full + MIN_PAGEMAP + MIN_LOG > body) {
		zones_full = false;
		zh = tui_zones_height(ctx, false) + 4;	/* one zone's split */
		if (zh + MIN_PAGEMAP + MIN_LOG > body)
			zh = body - MIN_PAGEMAP - MIN_LOG;
	}
	rest = body - zh;
	log_h = rest / 3;
	if (log_h < MIN_LOG)
		log_h = MIN_LOG;
	if (log_h > 16)
		log_h = 16;
	place(t, PANE_ZONES, 0, 0, left, zh);
	place(t, PANE_PAGEMAP, 0, zh, left, rest - log_h);
	place(t, PANE_LOG, 0, body - log_h, left, log_h);

	/* right column: slow path, threads and counters, tasks */
	flow_h = tui_flow_height();
	if (flow_h > body * 62 / 100)
		flow_h = body * 62 / 100;
	{
		struct slot col[] = {
			{ PANE_FLOW, flow_h, flow_h, false, 0 },
			{ PANE_SIDE, 4, 9, false, 0 },
			{ PANE_TASKS, 4, tui_tasks_height(ctx), true, 0 },
		};

		stack(t, left + 1, 0, right, body, col, 3);
	}
	vline(c, left, 0, body);
	return zones_full;
}

/*
 * While a lesson runs: its narration wide enough for a /proc/buddyinfo row
 * and a kernel log line. On a wide screen (150 columns or more) it is a
 * column of its own, with the tasks and the log below it, beside the
 * simulation's panes; otherwise it spans the top, as tall as its step needs
 * (at most 60% of the screen, 40% while a request is being stepped), and
 * the panes share the rest.
 */
static bool layout_lesson(struct tui *t, const struct cmd_ctx *ctx, struct tui_canvas *c,
			  int body)
{
	bool request = tui_have_request(ctx);
	bool watching = lesson_watching(ctx->lesson);
	int zc = tui_zones_height(ctx, false), zf = tui_zones_height(ctx, true);
	int flow_h = tui_flow_height();

	if (t->cols >= 150) {
		int rw = 78, lw = t->cols - rw - 1;
		struct slot lcol[] = {
			{ PANE_LESSON, 10, tui_lesson_height(ctx, lw), true, 0 },
			{ PANE_TASKS, 4, tui_tasks_height(ctx), false, 0 },
			{ PANE_LOG, MIN_LOG, 12, false, 0 },
		};
		struct slot rcol[] = {
			{ PANE_FLOW, request ? 12 : 0, flow_h, false, 0 },
			{ PANE_ZONES, zc, zf <= body * 45 / 100 ? zf : zc, false, 0 },
			{ PANE_PAGEMAP, 6, 6, true, 0 },
			{ PANE_SIDE, 4, 6, false, 0 },
		};

		if (lcol[1].want > body / 4)
			lcol[1].want = body / 4;
		stack(t, 0, 0, lw, body, lcol, 3);
		stack(t, lw + 1, 0, rw, body, rcol, 4);
		vline(c, lw, 0, body);
		return t->rect[PANE_ZONES].h >= zf;
	}
	{
		int cap = body * (watching ? 40 : 60) / 100;
		int lh = tui_lesson_height(ctx, t->cols), bottom, right = t->cols * 45 / 100;
		int left = t->cols - right - 1;
		struct slot lcol[] = {
			{ PANE_ZONES, zc, zf, false, 0 },
			{ PANE_PAGEMAP, 5, 5, true, 0 },
			{ PANE_LOG, body >= 40 ? MIN_LOG : 0, 8, false, 0 },
		};
		bool map_first = ctx->map.focus || ctx->map.mark;
		struct slot rcol[] = {
			{ PANE_FLOW, request ? 6 : 0, flow_h, true, 0 },
			{ PANE_TASKS, 4, tui_tasks_height(ctx), false, 0 },
			{ PANE_SIDE, 4, 6, true, 0 },
		};

		if (lh > cap)
			lh = cap;
		if (lh < 7)
			lh = 7;
		bottom = body - lh;
		if (request && lesson_page(ctx->lesson)->wait != LESSON_WAIT_REQUEST) {
			/* the request of a step gone by: the tasks first */
			struct slot f = rcol[0];

			rcol[0] = rcol[1];
			rcol[1] = f;
			rcol[1].min = bottom >= 24 ? 6 : 0;	/* Tab or f still show it */
		}
		place(t, PANE_LESSON, 0, 0, t->cols, lh);
		if (lcol[0].want > bottom * 55 / 100)
			lcol[0].want = lcol[0].min;
		if (map_first) {	/* the lesson talks about pages: the map first */
			struct slot z = lcol[0];

			lcol[0] = lcol[1];
			lcol[1] = z;
		}
		stack(t, 0, lh, left, bottom, lcol, 3);
		stack(t, left + 1, lh, right, bottom, rcol, 3);
		vline(c, left, lh, bottom);
		return t->rect[PANE_ZONES].h >= zf;
	}
}

/*
 * While a quiz runs: the problem across the top, as tall as it needs (at
 * most 55% of the screen, or more to show the whole question or verdict
 * when the zones still fit below; it scrolls), and below it the problem's
 * machine:
 * the zones with their free_area and the page map on the left, the log,
 * the tasks and the threads on the right. On a wide screen (150 columns or
 * more) the problem is a column of its own.
 */
static bool layout_quiz(struct tui *t, const struct cmd_ctx *ctx, struct tui_canvas *c, int body)
{
	int zc = tui_zones_height(ctx, false), zf = tui_zones_height(ctx, true);
	int wide = t->cols >= 150, qw = wide ? t->cols - 79 : t->cols;
	int key, qh = tui_quiz_height(ctx, qw, &key), right = t->cols * 40 / 100, left, y = 0;
	int h = body, cap = body * 55 / 100;
	struct slot lcol[] = {
		{ PANE_ZONES, zc, zf, false, 0 },
		{ PANE_PAGEMAP, 5, 5, true, 0 },
	};
	struct slot rcol[] = {
		{ PANE_LOG, MIN_LOG, 10, true, 0 },
		{ PANE_TASKS, 4, tui_tasks_height(ctx), false, 0 },
		{ PANE_SIDE, 4, 6, false, 0 },
	};

	if (wide) {	/* the problem on the left, the machine on the right */
		place(t, PANE_QUIZ, 0, 0, qw, body);
		vline(c, qw, 0, body);
		stack(t, qw + 1, 0, 78, body, (struct slot[]){ lcol[0], lcol[1], rcol[0] }, 3);
		return t->rect[PANE_ZONES].h >= zf;
	}
	if (key > cap)		/* the question whole, if the zones fit below */
		cap = key < body - zc ? key : body - zc > cap ? body - zc : cap;
	if (qh > cap)
		qh = cap;
	if (qh < 8)
		qh = 8;
	place(t, PANE_QUIZ, 0, 0, t->cols, qh);
	y = qh;
	h = body - qh;
	left = t->cols - right - 1;
	stack(t, 0, y, left, h, lcol, 2);
	stack(t, left + 1, y, right, h, rcol, 3);
	vline(c, left, y, h);
	return t->rect[PANE_ZONES].h >= zf;
}

void tui_draw_pane(struct tui_canvas *c, enum tui_pane p, const struct cmd_ctx *ctx,
		   struct tui *t, bool zones_full)
{
	struct tui_rect r = t->rect[p];

	switch (p) {
	case PANE_ZONES:
		tui_draw_zones(c, r, ctx, t, zones_full);
		break;
	case PANE_FLOW:
		tui_draw_flow(c, r, ctx, t);
		break;
	case PANE_PAGEMAP:
		if (t->charts)	/* `h`: the charts where the page map is */
			tui_draw_charts(c, r, ctx, t);
		else
			tui_draw_pagemap(c, r, ctx, t);
		break;
	case PANE_SIDE:
		tui_draw_side(c, r, ctx, t);
		break;
	case PANE_TASKS:
		tui_draw_tasks(c, r, ctx, t);
		break;
	case PANE_LOG:
		tui_draw_log(c, r, t);
		break;
	case PANE_LESSON:
		if (ctx->lesson)
			tui_draw_lesson(c, r, ctx, t);
		break;
	case PANE_QUIZ:
		tui_draw_quiz(c, r, ctx, t);
		break;
	default:
		break;
	}
}

void tui_render(struct tui *t, const struct cmd_ctx *ctx, struct tui_canvas *c)
{
	bool zones_full = true;
	int body;

	if (canvas_resize(c, t->cols, t->rows))
		return;
	canvas_clear(c);
	memset(t->pane_shown, 0, sizeof(t->pane_shown));
	t->too_small = t->cols < TUI_MIN_COLS || t->rows < TUI_MIN_ROWS;
	if (t->too_small) {
		t->cmdline_x = -1;
		draw_size_message(c, t);
		return;
	}
	body = t->rows - 2;
	if (t->mode == MODE_HELP) {
		tui_draw_help(c, (struct tui_rect){ 0, 0, t->cols, body + 1 }, t);
		tui_draw_helpbar(c, (struct tui_rect){ 0, t->rows - 1, t->cols, 1 }, t);
		t->cmdline_x = -1;
		return;
	}
	if (t->mode == MODE_COMPARE && ctx->compare) {	/* `compare`: side by side */
		tui_draw_compare(c, (struct tui_rect){ 0, 0, t->cols, body }, ctx, t);
		tui_draw_helpbar(c, (struct tui_rect){ 0, body, t->cols, 1 }, t);
		draw_cmdline(c, (struct tui_rect){ 0, body + 1, t->cols, 1 }, t);
		return;
	}
	t->lesson.open = ctx->lesson != NULL;
	if ((t->focus == PANE_LESSON && !ctx->lesson) || (t->focus == PANE_QUIZ && !ctx->quiz))
		t->focus = PANE_PAGEMAP;
	if (t->full) {		/* `f`: one pane, the whole screen */
		memset(t->rect, 0, sizeof(t->rect));
		place(t, t->focus, 0, 0, t->cols, body);
		zones_full = true;
	} else if (ctx->quiz) {
		zones_full = layout_quiz(t, ctx, c, body);
	} else if (ctx->lesson) {
		zones_full = layout_lesson(t, ctx, c, body);
	} else {
		zones_full = layout_main(t, ctx, c, body);
	}
	for (int p = 0; p < NR_PANES; p++)
		if (t->pane_shown[p])
			tui_draw_pane(c, (enum tui_pane)p, ctx, t, zones_full);
	tui_draw_helpbar(c, (struct tui_rect){ 0, body, t->cols, 1 }, t);
	draw_cmdline(c, (struct tui_rect){ 0, body + 1, t->cols, 1 }, t);
	if (t->legend)
		tui_draw_legend(c, (struct tui_rect){ 2, 1, t->cols - 4, body - 1 }, t);
	if (t->popup.open) {
		struct tui_rect pr = { 3, 1, t->cols - 6, body - 1 };

		tui_popup_fit(&t->popup, pr.w - 2);
		tui_draw_popup(c, pr, t);
	}
}
