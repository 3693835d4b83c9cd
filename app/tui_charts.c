/* app/tui_charts.c - the charts pane (`h` swaps it with the page map): the
 * engine's history (history.h) drawn big enough for the back of a room.
 * For each zone that fits: its free pages over simulated time as columns
 * of full blocks, coloured by the watermark band they were in, with the
 * min, low and high lines drawn across; under it a heat strip of free
 * blocks per order (one row an order, denser glyph = more blocks). One
 * column a sample, the newest on the right.
 */
#include "tui.h"

#include <stdio.h>
#include "buddyscope/samples.h"
#include "buddyscope/sim.h"
#include "commands.h"

static enum ui_color band(const struct sample_zone *z)
{
	if (z->free >= z->wmark[WMARK_HIGH])
		return UI_WMARK_HIGH;
	if (z->free >= z->wmark[WMARK_LOW])
		return UI_WMARK_LOW;
	if (z->free >= z->wmark[WMARK_MIN])
		return UI_WMARK_MIN;
	return UI_WMARK_BELOW;
}

/* Row (from the chart's top) of @v on a scale of @top over @h rows. */
static int row_of(unsigned long v, unsigned long top, int h)
{
	int r = h - 1 - (int)((double)v / (double)top * (h - 1) + 0.5);

	return r < 0 ? 0 : r >= h ? h - 1 : r;
}

/* Zone @k's chart in @r; with @strip, the heat strip under it (MAX_ORDER + 1
 * rows more). */
static void zone_chart(struct tui_canvas *c, struct tui_rect r, const struct sample *s,
		       unsigned int first, unsigned int n, int k, const struct samples_info *hi,
		       bool strip)
{
	/* few samples: each gets a wider column, up to 6 cells */
	int colw = n ? (r.w - 8) / (int)n : 1;
	static const uint32_t heat[] = { ' ', 0x2591, 0x2592, 0x2593, 0x2588 };	/* ░▒▓█ */
	int ch = r.h - (strip ? MAX_ORDER + 2 : 1), x0 = r.x + 7;
	unsigned long top;
	uint32_t most;
	const struct sample *last = &s[first + n - 1];

	samples_scale(s + first, n, k, &top, &most);
	canvas_printf(c, r.x, r.y, r.w, UI_LABEL, "%s: free %u  min %u low %u high %u  (jiffy %llu)",
		      zone_names[hi->zid[k]], last->z[k].free, last->z[k].wmark[WMARK_MIN],
		      last->z[k].wmark[WMARK_LOW], last->z[k].wmark[WMARK_HIGH],
		      (unsigned long long)last->jiffies);
	canvas_printf(c, r.x, r.y + 1, 6, UI_DIM, "%6lu", top);
	canvas_text(c, r.x, r.y + ch, 6, UI_DIM, "     0");
	colw = colw < 1 ? 1 : colw > 6 ? 6 : colw;
	for (unsigned int i = 0; i < n * (unsigned int)colw; i++) {
		const struct sample_zone *z = &s[first + i / (unsigned int)colw].z[k];
		int x = x0 + (int)i, fr = row_of(z->free, top, ch);

		for (int y = 0; y < ch; y++) {
			uint32_t g = ' ';
			enum ui_color col = UI_DEFAULT;

			if (y >= fr) {
				g = 0x2588;
				col = band(z);
			}
			if (y == row_of(z->wmark[WMARK_HIGH], top, ch) && y < fr) {
				g = 0x2500;
				col = UI_WMARK_HIGH;
			} else if (y == row_of(z->wmark[WMARK_LOW], top, ch) && y < fr) {
				g = 0x2500;
				col = UI_WMARK_LOW;
			} else if (y == row_of(z->wmark[WMARK_MIN], top, ch) && y < fr) {
				g = 0x2500;
				col = UI_WMARK_BELOW;
			}
			canvas_put(c, x, r.y + 1 + y, g, col);
		}
		for (int o = 0; strip && o < MAX_ORDER; o++) {
			uint32_t v = z->nr_free[o];
			int lvl = v ? 1 + (int)(3.0 * v / most + 0.5) : 0;

			canvas_put(c, x, r.y + 1 + ch + 1 + o, heat[lvl > 4 ? 4 : lvl], UI_VALUE);
		}
	}
	if (!strip)
		return;
	canvas_text(c, r.x, r.y + 1 + ch + 1, 6, UI_DIM, "o0");
	canvas_text(c, r.x, r.y + 1 + ch + MAX_ORDER, 6, UI_DIM, "o10");
}

void tui_draw_charts(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		     struct tui *t)
{
	struct samples_info hi;
	const struct sample *s = sim_samples(ctx->sim, &hi);
	struct tui_rect in = { r.x + 1, r.y + 1, r.w - 2, r.h - 2 };
	int per = 6 + MAX_ORDER + 2, shown;
	bool heat = true;
	unsigned int n, first;
	char title[128];

	if (in.h < per) {	/* the free pages only; f (full pane) has room for more */
		heat = false;
		per = 6;
	}
	if (heat)
		snprintf(title, sizeof(title), "Charts: free pages and free blocks per order over"
			 " time, %u samples every %lu jiffies (h: page map)", hi.n, hi.period);
	else
		snprintf(title, sizeof(title), "Charts: free pages over time (f: full pane adds"
			 " free blocks per order)");
	canvas_title(c, r, title, t->focus == PANE_PAGEMAP);
	if (!hi.n) {
		rect_wrap(c, in, 0, 0, UI_DIM, "no samples yet: they are taken as jiffies pass "
			  "(tick)");
		return;
	}
	if (in.w < 20 || in.h < per) {
		rect_wrap(c, in, 0, 0, UI_DIM, "this pane is too small for charts: f gives it "
			  "the whole screen (or enlarge the window)");
		return;
	}
	n = hi.n < (unsigned int)(in.w - 8) ? hi.n : (unsigned int)(in.w - 8);
	first = hi.n - n;
	shown = in.h / per;
	if (shown > hi.nr_zones)
		shown = hi.nr_zones;
	/* the zones with the most pages, from the highest: where requests go first */
	for (int i = 0; i < shown; i++) {
		int k = hi.nr_zones - 1 - i;
		struct tui_rect zr = { in.x, in.y + i * (in.h / shown), in.w, in.h / shown };

		zone_chart(c, zr, s, first, n, k, &hi, heat);
	}
}
