/* app/tui_layout.c - where the panes go for a terminal size, and the whole
 * frame drawn into a canvas.
 *
 *   +-- Zones ------------------------+-- Slow path ---------+
 *   | free_area, watermark bars       | flow, locals, why    |
 *   +-- Page map ---------------------+-- Lesson (if any) ---+
 *   |                                 +-- Threads -----------+
 *   +-- Log --------------------------+ kswapd, counters,    |
 *   |                                 | tasks                |
 *   +---------------------------------+----------------------+
 *    help bar
 *    buddyscope> command line
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
	t->lesson.answered = -1;
	snprintf(t->prompt, sizeof(t->prompt), "buddyscope> ");
	tui_log_init(&t->log);
}

void tui_release(struct tui *t)
{
	tui_log_release(&t->log);
	tui_side_release(&t->side);
	tui_lesson_clear(&t->lesson);
	tui_popup_close(&t->popup);
	free(t->pm.cache);
	t->pm.cache = NULL;
}

void tui_sync(struct tui *t, const struct cmd_ctx *ctx)
{
	if (t->sim_seen != ctx->sim) {	/* a new machine: fit the page map again */
		t->sim_seen = ctx->sim;
		t->pm.zoom_set = false;
		t->pm.top = 0;
		t->pm.cursor = PFN_NONE;
		t->zone_sel = 0;
		tui_log_pump(&t->log, ctx->sim, false);
	}
	tui_side_sample(&t->side, ctx->sim, t->gen);
}

static void draw_size_message(struct tui_canvas *c, const struct tui *t)
{
	char lines[3][96];
	int y0;

	snprintf(lines[0], sizeof(lines[0]), "buddyscope needs a terminal of at least %dx%d;",
		 TUI_MIN_COLS, TUI_MIN_ROWS);
	snprintf(lines[1], sizeof(lines[1]), "this one is %dx%d.", t->cols, t->rows);
	snprintf(lines[2], sizeof(lines[2]), "Enlarge it, or press q to quit.");
	y0 = (t->rows - 3) / 2;
	if (y0 < 0)
		y0 = 0;
	for (int i = 0; i < 3; i++) {
		int w = (int)strlen(lines[i]), x = (t->cols - w) / 2;

		canvas_text(c, x < 0 ? 0 : x, y0 + i, t->cols, UI_SIZE_MSG, lines[i]);
	}
}

static void draw_cmdline(struct tui_canvas *c, struct tui_rect r, struct tui *t)
{
	int col = 0, len, off = 0, pw;

	canvas_fill(c, r, ' ', UI_CMDLINE);
	t->cmdline_y = r.y;
	t->cmdline_x = -1;
	if (t->mode == MODE_PROMPT_PFN) {
		col = canvas_text(c, r.x, r.y, r.w, UI_KEY, "jump to pfn: ");
		col += canvas_text(c, r.x + col, r.y, r.w - col, UI_CMDLINE, t->pfn_input);
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

void tui_render(struct tui *t, const struct cmd_ctx *ctx, struct tui_canvas *c)
{
	int body, right, left, zh, full, rest, log_h, flow_h, lesson_h, side_h;
	bool zones_full = true, lesson = t->lesson.lesson != NULL;

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

	/* right column: slow path, lesson, threads */
	flow_h = tui_flow_height();
	if (flow_h > body * (lesson ? 45 : 62) / 100)
		flow_h = body * (lesson ? 45 : 62) / 100;
	lesson_h = lesson ? (body - flow_h) * 70 / 100 : 0;
	side_h = body - flow_h - lesson_h;
	place(t, PANE_FLOW, left + 1, 0, right, flow_h);
	place(t, PANE_LESSON, left + 1, flow_h, right, lesson_h);
	place(t, PANE_SIDE, left + 1, flow_h + lesson_h, right, side_h);

	for (int y = 0; y < body; y++)
		canvas_put(c, left, y, glyph(G_VLINE), UI_BORDER);
	if (t->charts) {
		/* the charts take the zones' and the page map's place, to be big */
		struct tui_rect zr = t->rect[PANE_ZONES], pr = t->rect[PANE_PAGEMAP];
		struct tui_rect cr = { zr.x, zr.y, zr.w, pr.y + pr.h - zr.y };

		tui_draw_charts(c, cr, ctx, t);
	} else {
		tui_draw_zones(c, t->rect[PANE_ZONES], ctx, t, zones_full);
		tui_draw_pagemap(c, t->rect[PANE_PAGEMAP], ctx, t);
	}
	tui_draw_log(c, t->rect[PANE_LOG], t);
	tui_draw_flow(c, t->rect[PANE_FLOW], ctx, t);
	if (lesson)
		tui_draw_lesson(c, t->rect[PANE_LESSON], t);
	tui_draw_side(c, t->rect[PANE_SIDE], ctx, t);
	tui_draw_helpbar(c, (struct tui_rect){ 0, body, t->cols, 1 }, t);
	draw_cmdline(c, (struct tui_rect){ 0, body + 1, t->cols, 1 }, t);
	if (t->popup.open) {
		struct tui_rect pr = { 3, 1, t->cols - 6, body - 1 };

		tui_draw_popup(c, pr, t);
	}
}
