/* app/tui_zones.c - the Zones pane: for every populated zone, a header with
 * free pages against min/low/high, a watermark bar, and the free_area table
 * by order (0-10) with its per-migratetype split, as /proc/pagetypeinfo
 * shows it.
 *
 * The bar is drawn to a scale of twice (high + lowmem_reserve[class zone]),
 * so the interesting part (the marks) is always wide; free pages above the
 * scale fill the bar and end it in ">>". Letters mark the watermarks (m, l,
 * h) and "+" the low mark plus the reserve that the class zone of the
 * current request must clear too (mm/page_alloc.c __zone_watermark_ok:
 * free <= min + lowmem_reserve[classzone_idx] fails). So the bar reads
 * without colour, and the state word (above high, low..high, min..low,
 * BELOW MIN; "+res" when the class zone's reserve counts) and the bar's
 * colour say which marks the zone clears for the class zone in view: a
 * zone whose reserve makes it unusable is not drawn "above high".
 */
#include "tui.h"

#include <stdio.h>
#include <string.h>
#include "buddyscope/sim.h"

/* Short labels keep the table inside 80 columns; shorter ones, with
 * "free" for nr_free, inside a pane of 40 (an 80-column screen). */
static const char *const mt_short[MIGRATE_TYPES] = {
	"Unmov", "Movable", "Reclaim", "HighAtom", "CMA", "Isolate"
};
static const char *const mt_tiny[MIGRATE_TYPES] = {
	"Unmov", "Movab", "Recl", "HiAt", "CMA", "Isol"
};

#define LABEL_W	9
#define LABEL_W_NARROW	6

bool tui_have_request(const struct cmd_ctx *ctx)
{
	return ctx->step.active || ctx->step.req.nr_path > 0;
}

int tui_class_zone(const struct cmd_ctx *ctx)
{
	int zid;

	if (tui_have_request(ctx))
		return ctx->step.req.ac.classzone_idx;
	for (zid = ZONE_NORMAL; zid > 0; zid--) {
		const struct zone *z = sim_zone(ctx->sim, 0, zid);

		if (z && populated_zone(z))
			break;
	}
	return zid;
}

/* Migratetypes with a row: the three pcp types and HighAtomic always,
 * CMA and Isolate only when the zone has free blocks of them. */
static bool mt_shown(const struct zone *z, int mt)
{
	if (mt <= MIGRATE_HIGHATOMIC)
		return true;
	for (int o = 0; o < MAX_ORDER; o++)
		if (z->free_area[o].nr_free_mt[mt])
			return true;
	return false;
}

static int zone_lines(const struct zone *z, bool split)
{
	int n = 3;	/* header, bar, nr_free */

	if (split)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			n += mt_shown(z, mt);
	return n;
}

/* Calls @fn for every populated zone in node, zone order. */
#define for_each_shown_zone(sim, nid, zid, z)					\
	for (nid = 0; nid < sim_nr_nodes(sim); nid++)				\
		for (zid = 0; zid < MAX_NR_ZONES; zid++)			\
			if ((z = sim_zone(sim, nid, zid)) && populated_zone(z))

int tui_zones_height(const struct cmd_ctx *ctx, bool full)
{
	const struct zone *z;
	int nid, zid, n = 2;	/* title, order header */

	for_each_shown_zone(ctx->sim, nid, zid, z)
		n += zone_lines(z, full);
	return n;
}

enum zone_state { ZS_HIGH, ZS_LOW, ZS_MIN, ZS_BELOW };

/* Which marks the zone clears for the class zone in view: the kernel's test
 * is free > mark + lowmem_reserve[classzone] (__zone_watermark_ok), so a
 * zone with plenty free can still be unusable to a higher class zone. */
static enum zone_state zone_state(const struct zone *z, long free, long reserve)
{
	if (free > (long)zone_wmark_pages(z, WMARK_HIGH) + reserve)
		return ZS_HIGH;
	if (free > (long)zone_wmark_pages(z, WMARK_LOW) + reserve)
		return ZS_LOW;
	if (free > (long)zone_wmark_pages(z, WMARK_MIN) + reserve)
		return ZS_MIN;
	return ZS_BELOW;
}

static const char *const state_word[] = { "above high", "low..high", "min..low", "BELOW MIN" };
/* the same with the reserve counted: "BELOW MIN+res" */
static const char *const state_word_res[] = { "above high+res", "low..high+res",
	"min..low+res", "BELOW MIN+res" };
static const enum ui_color state_color[] = {
	UI_WMARK_HIGH, UI_WMARK_LOW, UI_WMARK_MIN, UI_WMARK_BELOW
};

/* The header's values, and the widest of its forms that fits @w columns:
 * 2: as wide as the table ("DMA32    free 765901   min 1238 low 1547 ...");
 * 1: the same without padding; 0: the bar's letters ("m1238 l1547 h1857").
 * Never a number cut short. */
static int header_form(const char *name, long free, const struct zone *z, int w)
{
	char buf[160];

	for (int form = 2; form > 0; form--) {
		int n = snprintf(buf, sizeof(buf), form == 2 ? "%-8s free %-8ld min %lu low %lu high %lu" :
				 "%s free %ld min %lu low %lu high %lu", name, free,
				 zone_wmark_pages(z, WMARK_MIN), zone_wmark_pages(z, WMARK_LOW),
				 zone_wmark_pages(z, WMARK_HIGH));

		/* a boosted zone's marks need their boost beside them (" bN") */
		if (z->watermark_boost)
			n += snprintf(NULL, 0, " b%lu", z->watermark_boost);
		if (z->watermark_boost ? n < w : n <= w)	/* as draw_header tests */
			return form;
	}
	return 0;
}

static void draw_header(struct tui_canvas *c, struct tui_rect r, int row, const struct zone *z,
			bool numa, long reserve, bool selected)
{
	long free = (long)zone_page_state(z, NR_FREE_PAGES);
	enum zone_state st = zone_state(z, free, reserve);
	const char *word = reserve > 0 ? state_word_res[st] : state_word[st];
	static const char *const wm_label[3][3] = {
		{ "m", "l", "h" }, { "min ", "low ", "high " }, { "min ", "low ", "high " },
	};
	char name[24];
	int col = 0, sw = (int)strlen(word), form;

	if (numa)
		snprintf(name, sizeof(name), "%d:%s", zone_to_nid(z), z->name);
	else
		snprintf(name, sizeof(name), "%s", z->name);
	form = header_form(name, free, z, r.w);
	col += rect_printf(c, r, row, col, selected ? UI_TITLE_FOCUS : UI_BOLD,
			   form == 2 ? "%-8s" : "%s", name);
	col += rect_printf(c, r, row, col, UI_LABEL, form ? " free " : " ");
	col += rect_printf(c, r, row, col, state_color[st], form == 2 ? "%-8ld " : "%ld ", free);
	for (int w = WMARK_MIN; w <= WMARK_HIGH; w++) {
		col += rect_printf(c, r, row, col, UI_LABEL, "%s", wm_label[form][w]);
		col += rect_printf(c, r, row, col, UI_VALUE, w < WMARK_HIGH ? "%lu " : "%lu",
				   zone_wmark_pages(z, w));
	}
	/* 6.1: the marks above include a boost (boost_watermark); say how much,
	 * as " boost N" or, short of room, " bN" (the letters' form). The boost
	 * goes before the state word: the free count's colour says the state,
	 * and nothing else on the screen says the boost */
	if (z->watermark_boost) {
		int digits = snprintf(NULL, 0, "%lu", z->watermark_boost);
		bool full = form && col + 8 + digits + sw < r.w;

		if (full || col + 2 + digits < r.w) {	/* " bN" */
			col += rect_printf(c, r, row, col, UI_LABEL, full ? " boost " : " b");
			col += rect_printf(c, r, row, col, UI_VALUE, "%lu", z->watermark_boost);
		}
	}
	if (reserve > 0 && col + 14 + sw < r.w) {
		col += rect_printf(c, r, row, col, UI_LABEL, " +res ");
		col += rect_printf(c, r, row, col, UI_BAR_RESERVE, "%ld", reserve);
	}
	if (r.w - sw - 1 > col)
		rect_printf(c, r, row, r.w - sw, state_color[st], "%s", word);
}

/* Column of value @v on a bar of @bw cells for 0..@scale. */
static int bar_pos(long v, long scale, int bw)
{
	long pos = v * bw / (scale > 0 ? scale : 1);

	return pos >= bw ? bw - 1 : (int)pos;
}

static void draw_bar(struct tui_canvas *c, struct tui_rect r, int row, const struct zone *z,
		     long reserve)
{
	long free = (long)zone_page_state(z, NR_FREE_PAGES);
	long high = (long)zone_wmark_pages(z, WMARK_HIGH);
	long scale = 2 * (high + reserve);
	enum ui_color fill = state_color[zone_state(z, free, reserve)];
	int bw = r.w - 4, x0 = r.x + 2, y = r.y + row;
	static const char marks[] = "mlh";

	if (bw < 4 || row >= r.h)
		return;
	if (scale < 8)
		scale = 8;
	canvas_put(c, x0 - 1, y, glyph(G_BAR_L), UI_BORDER);
	for (int i = 0; i < bw; i++) {
		/* a cell is full when free reaches its middle */
		bool full = 2 * free * bw >= (long)(2 * i + 1) * scale || free >= scale;

		canvas_put(c, x0 + i, y, full ? glyph(G_FULL) : glyph(G_SHADE),
			   full ? fill : UI_BAR_EMPTY);
	}
	if (reserve > 0)
		canvas_put(c, x0 + bar_pos((long)zone_wmark_pages(z, WMARK_LOW) + reserve, scale, bw), y,
			   '+', UI_BAR_RESERVE);
	for (int w = WMARK_MIN; w <= WMARK_HIGH; w++)
		canvas_put(c, x0 + bar_pos((long)zone_wmark_pages(z, w), scale, bw), y,
			   (uint32_t)marks[w], UI_BAR_TICK);
	if (free > scale)
		canvas_put(c, x0 + bw - 1, y, glyph(G_MORE), fill);
	canvas_put(c, x0 + bw, y, glyph(G_BAR_R), UI_BORDER);
}

static void draw_counts(struct tui_canvas *c, struct tui_rect r, int row, int lw, int cw,
			const char *label, enum ui_color lcolor, const unsigned long *v)
{
	char num[16];

	rect_printf(c, r, row, 0, lcolor, "%-*s", lw, label);
	for (int o = 0; o < MAX_ORDER; o++) {
		fmt_count(num, sizeof(num), v[o], cw - 1);
		rect_printf(c, r, row, lw + o * cw, v[o] ? UI_VALUE : UI_DIM, "%*s", cw, num);
	}
}

void tui_draw_zones(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		    const struct tui *t, bool full)
{
	const struct sim *sim = ctx->sim;
	int cz = tui_class_zone(ctx), nid, zid, row = 2, idx = 0;
	/* every order's column on screen: narrower labels before a cut table */
	int lw = r.w - LABEL_W >= 3 * MAX_ORDER ? LABEL_W : LABEL_W_NARROW;
	int cw = (r.w - lw) / MAX_ORDER;
	bool numa = sim_nr_nodes(sim) > 1;
	const struct zone *z;
	char title[160];

	if (cw > 7)
		cw = 7;
	if (cw < 3)
		cw = 3;
	/* compact: the selected zone's split only if every zone still fits */
	if (!full && r.h < tui_zones_height(ctx, false) + MIGRATE_TYPES)
		idx = -MAX_NUMNODES * MAX_NR_ZONES;
	/* the screen's title line: the kernel and the machine come first */
	snprintf(title, sizeof(title), "%s, %s - Zones: free_area, watermarks (class zone %s)",
		 sim_kernel(sim)->release, sim_machine(sim)->name, zone_names[cz]);
	canvas_title(c, r, title, t->focus == PANE_ZONES);
	rect_printf(c, r, 1, 0, UI_LABEL, "%-*s", lw, "order");
	for (int o = 0; o < MAX_ORDER; o++)
		rect_printf(c, r, 1, lw + o * cw, UI_LABEL, "%*d", cw, o);

	for_each_shown_zone(sim, nid, zid, z) {
		bool split = full || idx == t->zone_sel;
		long reserve = cz >= 0 && cz < MAX_NR_ZONES ? z->lowmem_reserve[cz] : 0;
		unsigned long v[MAX_ORDER];

		draw_header(c, r, row++, z, numa, reserve, !full && idx == t->zone_sel);
		draw_bar(c, r, row++, z, reserve);
		for (int o = 0; o < MAX_ORDER; o++)
			v[o] = z->free_area[o].nr_free;
		draw_counts(c, r, row++, lw, cw, lw < LABEL_W ? "free" : "nr_free", UI_LABEL, v);
		for (int mt = 0; split && mt < MIGRATE_TYPES; mt++) {
			if (!mt_shown(z, mt))
				continue;
			for (int o = 0; o < MAX_ORDER; o++)
				v[o] = z->free_area[o].nr_free_mt[mt];
			draw_counts(c, r, row++, lw, cw, lw < LABEL_W ? mt_tiny[mt] : mt_short[mt],
				    mt_color(mt), v);
		}
		idx++;
	}
}
