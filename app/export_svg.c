/* app/export_svg.c - the page map, the zones and the history as SVG.
 * White page, dark text, the current theme's colours for the things the
 * screen colours (migratetypes, watermark states), a title and a legend in
 * every picture, so that it reads on a slide and on paper. Every number
 * drawn is read from the engine when the picture is made.
 */
#include "export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/samples.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/sim.h"
#include "buddyscope/vmstat.h"

#define FONT	"font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""
#define INK	"#1a1a1a"

static void head(struct strbuf *out, int w, int h, const char *title)
{
	sb_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
		  " viewBox=\"0 0 %d %d\">\n<title>%s</title>\n"
		  "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n"
		  "<text x=\"16\" y=\"28\" " FONT " font-size=\"20\" font-weight=\"bold\" fill=\""
		  INK "\">%s</text>\n", w, h, w, h, title, w, h, title);
}

static void text(struct strbuf *out, int x, int y, int size, const char *anchor, const char *s)
{
	sb_printf(out, "<text x=\"%d\" y=\"%d\" " FONT " font-size=\"%d\" text-anchor=\"%s\""
		  " fill=\"" INK "\">%s</text>\n", x, y, size, anchor, s);
}

static void rect(struct strbuf *out, int x, int y, int w, int h, uint32_t rgb, const char *cls)
{
	sb_printf(out, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
		  " fill=\"#%06x\"/>\n", cls, x, y, w, h, rgb);
}

/* A legend entry: a swatch with a dark outline, then the label. */
static int legend_item(struct strbuf *out, int x, int y, uint32_t rgb, const char *label)
{
	sb_printf(out, "<g class=\"legend\"><rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\""
		  " fill=\"#%06x\" stroke=\"" INK "\" stroke-width=\"0.5\"/>", x, y - 12, rgb);
	sb_printf(out, "<text x=\"%d\" y=\"%d\" " FONT " font-size=\"13\" fill=\"" INK "\">%s"
		  "</text></g>\n", x + 20, y, label);
	return x + 32 + 8 * (int)strlen(label);
}

static const enum ui_color mt_colors[MIGRATE_TYPES] = {
	UI_MT_UNMOVABLE, UI_MT_MOVABLE, UI_MT_RECLAIMABLE, UI_MT_HIGHATOMIC, UI_MT_CMA,
	UI_MT_ISOLATE,
};

/* ---- the page map ---- */

/* What a page is, for the map: free (by its pageblock's migratetype), or
 * one of these. */
enum xk_kind {
	XK_FREE0,				/* + migratetype */
	XK_PCP = XK_FREE0 + MIGRATE_TYPES,	/* on a per-cpu list */
	XK_KERNEL,				/* allocated by the kernel */
	XK_TASK,				/* a task's page */
	XK_SLAB,				/* slab */
	XK_RESERVED,				/* present, not managed */
	XK_HOLE,				/* no memory */
	NR_XK_KINDS
};

static const char *const pm_names[NR_XK_KINDS] = {
	"free Unmovable", "free Movable", "free Reclaimable", "free HighAtomic", "free CMA",
	"free Isolate", "per-cpu list", "kernel", "task", "slab", "reserved", "hole",
};

static uint32_t pm_color(int k, enum tui_theme theme)
{
	if (k < XK_PCP)
		return tui_color_rgb(mt_colors[k - XK_FREE0], theme);
	switch (k) {
	case XK_PCP:
		return tui_color_rgb(UI_STAGE_DONE, theme);
	case XK_KERNEL:
		return 0x505050;
	case XK_TASK:
		return tui_color_rgb(UI_WMARK_LOW, theme);
	case XK_SLAB:
		return tui_color_rgb(UI_BAR_RESERVE, theme);
	case XK_RESERVED:
		return 0xb0b0b0;
	default:
		return 0xe8e8e8;
	}
}

/* The kind of every page of @z, walking blocks from their first page. */
static void classify(const struct sim *sim, const struct zone *z, uint8_t *kind)
{
	unsigned long start = z->zone_start_pfn, end = zone_end_pfn(z);

	for (unsigned long pfn = start; pfn < end; ) {
		const struct page *p = sim_page(sim, pfn);
		unsigned long n = 1;
		int k = XK_KERNEL;

		if (p->flags & PG_nomem) {
			k = XK_HOLE;
		} else if (p->flags & PG_reserved) {
			k = XK_RESERVED;
		} else if (p->flags & PG_buddy) {
			n = 1UL << p->order;
			k = XK_FREE0 + (sim_pageblock_migratetype(sim, pfn) % MIGRATE_TYPES);
		} else if (p->flags & PG_pcp) {
			k = XK_PCP;
		} else if (p->flags & PG_head) {
			n = 1UL << p->order;
			k = (p->flags & PG_slab) ? XK_SLAB : p->private ? XK_TASK : XK_KERNEL;
		}
		for (unsigned long i = 0; i < n && pfn + i < end; i++)
			kind[pfn + i - start] = (uint8_t)k;
		pfn += n;
	}
}

#define PM_COLS		128
#define PM_CELL		7
#define PM_MAX_CELLS	8192	/* per zone */

void export_svg_pagemap(const struct sim *sim, enum tui_theme theme, struct strbuf *out)
{
	unsigned long counts[NR_XK_KINDS] = { 0 }, span = 0;
	unsigned long per_cell = 1;
	int y = 60, height = 80, x;
	char buf[256];

	for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);

			if (z && populated_zone(z) && z->spanned_pages > span)
				span = z->spanned_pages;
		}
	while (span / per_cell > PM_MAX_CELLS)
		per_cell *= 2;
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);
			unsigned long cells;

			if (!z || !populated_zone(z))
				continue;
			cells = (z->spanned_pages + per_cell - 1) / per_cell;
			height += 30 + (int)((cells + PM_COLS - 1) / PM_COLS) * PM_CELL + 10;
		}
	height += 90;
	snprintf(buf, sizeof(buf), "Page map of %s: every page, %lu page%s a cell",
		 sim_machine(sim)->name, per_cell, per_cell == 1 ? "" : "s");
	head(out, 16 + PM_COLS * PM_CELL + 16 > 760 ? 16 + PM_COLS * PM_CELL + 16 : 760, height, buf);
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);
			unsigned long cells;
			uint8_t *kind;

			if (!z || !populated_zone(z) || !(kind = malloc(z->spanned_pages)))
				continue;
			classify(sim, z, kind);
			snprintf(buf, sizeof(buf), "Node %d, zone %s: pfns %#lx-%#lx, %lu free pages",
				 nid, z->name, z->zone_start_pfn, zone_end_pfn(z) - 1,
				 zone_page_state(z, NR_FREE_PAGES));
			text(out, 16, y + 20, 15, "start", buf);
			y += 30;
			sb_printf(out, "<g class=\"zone\" id=\"zone-%d-%s\">\n", nid, z->name);
			cells = (z->spanned_pages + per_cell - 1) / per_cell;
			for (unsigned long c = 0; c < cells; ) {
				unsigned long n[NR_XK_KINDS] = { 0 }, run = 1;
				int best = 0;

				/* the cell's colour: the kind most of its pages have */
				for (unsigned long i = c * per_cell;
				     i < (c + 1) * per_cell && i < z->spanned_pages; i++)
					n[kind[i]]++;
				for (int k = 1; k < NR_XK_KINDS; k++)
					if (n[k] > n[best])
						best = k;
				for (int k = 0; k < NR_XK_KINDS; k++)
					counts[k] += n[k];
				/* cells of one kind in a row become one rectangle */
				while (c + run < cells && (c + run) % PM_COLS) {
					unsigned long m[NR_XK_KINDS] = { 0 };
					int b2 = 0;

					for (unsigned long i = (c + run) * per_cell;
					     i < (c + run + 1) * per_cell && i < z->spanned_pages; i++)
						m[kind[i]]++;
					for (int k = 1; k < NR_XK_KINDS; k++)
						if (m[k] > m[b2])
							b2 = k;
					if (b2 != best)
						break;
					for (int k = 0; k < NR_XK_KINDS; k++)
						counts[k] += m[k];
					run++;
				}
				rect(out, 16 + (int)(c % PM_COLS) * PM_CELL, y + (int)(c / PM_COLS) * PM_CELL,
				     (int)run * PM_CELL, PM_CELL, pm_color(best, theme), "cell");
				c += run;
			}
			sb_puts(out, "</g>\n");
			y += (int)((cells + PM_COLS - 1) / PM_COLS) * PM_CELL + 10;
			free(kind);
		}
	y += 20;
	text(out, 16, y, 14, "start", "Legend (pages):");
	y += 24;
	x = 16;
	for (int k = 0; k < NR_XK_KINDS; k++) {
		if (!counts[k] && k != XK_FREE0 + MIGRATE_MOVABLE)
			continue;
		snprintf(buf, sizeof(buf), "%s %lu", pm_names[k], counts[k]);
		if (x > 16 + PM_COLS * PM_CELL - 170) {
			x = 16;
			y += 22;
		}
		x = legend_item(out, x, y, pm_color(k, theme), buf);
	}
	sb_puts(out, "</svg>\n");
}

/* ---- the zones: free pages against the watermarks, free_area by order ---- */

static enum ui_color wmark_color(const struct zone *z)
{
	unsigned long free = zone_page_state(z, NR_FREE_PAGES);

	if (free >= zone_wmark_pages(z, WMARK_HIGH))
		return UI_WMARK_HIGH;
	if (free >= zone_wmark_pages(z, WMARK_LOW))
		return UI_WMARK_LOW;
	if (free >= zone_wmark_pages(z, WMARK_MIN))
		return UI_WMARK_MIN;
	return UI_WMARK_BELOW;
}

#define ZW	900	/* width of the drawing area */

static void zone_panel(const struct sim *sim, const struct zone *z, int nid,
		       enum tui_theme theme, int y, struct strbuf *out)
{
	unsigned long free = zone_page_state(z, NR_FREE_PAGES);
	unsigned long top = zone_wmark_pages(z, WMARK_HIGH) * 4;	/* the bar's scale */
	unsigned long pages[MAX_ORDER], most = 1;
	char buf[256];

	(void)sim;
	if (top < free)
		top = free;
	if (top < 1)
		top = 1;
	snprintf(buf, sizeof(buf), "Node %d, zone %s: %lu free of %lu managed pages", nid, z->name,
		 free, z->managed_pages);
	text(out, 16, y + 18, 16, "start", buf);
	sb_printf(out, "<g class=\"zone\" id=\"zone-%d-%s\">\n", nid, z->name);
	/* free pages as a bar, the watermarks as lines */
	rect(out, 16, y + 30, ZW, 26, 0xf0f0f0, "scale");
	rect(out, 16, y + 30, (int)((double)free / (double)top * ZW), 26,
	     tui_color_rgb(wmark_color(z), theme), "free");
	for (int w = 0; w < NR_WMARK; w++) {
		static const char *const names[] = { "min", "low", "high" };
		int x = 16 + (int)((double)zone_wmark_pages(z, w) / (double)top * ZW);

		sb_printf(out, "<line class=\"wmark\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\""
			  " stroke=\"" INK "\" stroke-width=\"2\"/>\n", x, y + 26, x, y + 60);
		snprintf(buf, sizeof(buf), "%s %lu", names[w], zone_wmark_pages(z, w));
		/* near the left edge the label starts at the line, so none is cut */
		text(out, x < 60 ? x : x, y + 74 + 14 * w, 12, x < 60 ? "start" : "middle", buf);
	}
	snprintf(buf, sizeof(buf), "bar: 0 .. %lu pages (4 x high, or free)", top);
	text(out, 16 + ZW, y + 24, 11, "end", buf);
	/* free_area: pages per order, by migratetype */
	for (int o = 0; o < MAX_ORDER; o++) {
		pages[o] = z->free_area[o].nr_free << o;
		if (pages[o] > most)
			most = pages[o];
	}
	for (int o = 0; o < MAX_ORDER; o++) {
		int x = 16 + o * (ZW / MAX_ORDER), bw = ZW / MAX_ORDER - 12, base = y + 230, h = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long p = z->free_area[o].nr_free_mt[mt] << o;
			int hh = (int)((double)p / (double)most * 110);

			if (!p)
				continue;
			rect(out, x, base - h - hh, bw, hh, tui_color_rgb(mt_colors[mt], theme), "order");
			h += hh;
		}
		snprintf(buf, sizeof(buf), "order %d", o);
		text(out, x + bw / 2, base + 16, 12, "middle", buf);
		snprintf(buf, sizeof(buf), "%lu", z->free_area[o].nr_free);
		text(out, x + bw / 2, base - h - 4, 12, "middle", buf);
	}
	text(out, 16, y + 262, 11, "start", "free_area: bar height = free pages at that order,"
	     " number = free blocks (buddyinfo), colour = migratetype");
	sb_puts(out, "</g>\n");
}

void export_svg_zones(const struct sim *sim, enum tui_theme theme, struct strbuf *out)
{
	int n = 0, y = 50, x;
	char buf[160];

	for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			n += sim_zone(sim, nid, zid) && populated_zone(sim_zone(sim, nid, zid));
	snprintf(buf, sizeof(buf), "Zones of %s: free pages against the watermarks",
		 sim_machine(sim)->name);
	head(out, ZW + 32, 50 + n * 280 + 80, buf);
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);

			if (!z || !populated_zone(z))
				continue;
			zone_panel(sim, z, nid, theme, y, out);
			y += 280;
		}
	y += 10;
	x = 16;
	x = legend_item(out, x, y, tui_color_rgb(UI_WMARK_HIGH, theme), "free >= high");
	x = legend_item(out, x, y, tui_color_rgb(UI_WMARK_LOW, theme), "low .. high");
	x = legend_item(out, x, y, tui_color_rgb(UI_WMARK_MIN, theme), "min .. low");
	legend_item(out, x, y, tui_color_rgb(UI_WMARK_BELOW, theme), "below min");
	y += 24;
	x = 16;
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		x = legend_item(out, x, y, tui_color_rgb(mt_colors[mt], theme), migratetype_names[mt]);
	sb_puts(out, "</svg>\n");
}

/* ---- the history: free pages against the watermarks, a heat strip ---- */

#define HW	900
#define HH	160	/* the line chart */
#define HS	6	/* a row of the heat strip */

static void polyline(struct strbuf *out, const struct sample *s, unsigned int n, int k,
		     int field, unsigned long top, int y, uint32_t rgb, const char *cls)
{
	uint64_t t0 = s[0].jiffies, t1 = s[n - 1].jiffies > t0 ? s[n - 1].jiffies : t0 + 1;

	sb_printf(out, "<polyline class=\"%s\" fill=\"none\" stroke=\"#%06x\" stroke-width=\"%s\""
		  " points=\"", cls, rgb, field < 0 ? "3" : "1.5");
	for (unsigned int i = 0; i < n; i++) {
		unsigned long v = field < 0 ? s[i].z[k].free : s[i].z[k].wmark[field];
		int x = 60 + (int)((double)(s[i].jiffies - t0) / (double)(t1 - t0) * HW);

		sb_printf(out, "%s%d,%d", i ? " " : "", x, y + HH - (int)((double)v / (double)top * HH));
	}
	sb_puts(out, "\"/>\n");
}

void export_svg_history(const struct sim *sim, enum tui_theme theme, struct strbuf *out)
{
	struct samples_info hi;
	const struct sample *s = sim_samples(sim, &hi);
	int panel = HH + 40 + MAX_ORDER * HS + 50, y = 50, x;
	char buf[200];

	snprintf(buf, sizeof(buf), "History of %s: %u samples, jiffies %llu..%llu (HZ=1000)",
		 sim_machine(sim)->name, hi.n, hi.n ? (unsigned long long)s[0].jiffies : 0ULL,
		 hi.n ? (unsigned long long)s[hi.n - 1].jiffies : 0ULL);
	head(out, HW + 120, 50 + hi.nr_zones * panel + 70, buf);
	for (int k = 0; k < hi.nr_zones && hi.n; k++) {
		unsigned long top;
		uint32_t most;

		samples_scale(s, hi.n, k, &top, &most);
		snprintf(buf, sizeof(buf), "Node %d, zone %s: free pages (thick) against min, low,"
			 " high", hi.nid[k], zone_names[hi.zid[k]]);
		text(out, 16, y + 18, 15, "start", buf);
		sb_printf(out, "<g class=\"zone\" id=\"zone-%d-%s\">\n", hi.nid[k], zone_names[hi.zid[k]]);
		rect(out, 60, y + 30, HW, HH, 0xf6f6f6, "plot");
		snprintf(buf, sizeof(buf), "%lu", top);
		text(out, 56, y + 40, 11, "end", buf);
		text(out, 56, y + 30 + HH, 11, "end", "0");
		polyline(out, s, hi.n, k, WMARK_MIN, top, y + 30, tui_color_rgb(UI_WMARK_BELOW, theme), "wmark");
		polyline(out, s, hi.n, k, WMARK_LOW, top, y + 30, tui_color_rgb(UI_WMARK_MIN, theme), "wmark");
		polyline(out, s, hi.n, k, WMARK_HIGH, top, y + 30, tui_color_rgb(UI_WMARK_HIGH, theme), "wmark");
		polyline(out, s, hi.n, k, -1, top, y + 30, 0x1a1a1a, "free");
		/* the heat strip: one row an order, darker = more free blocks */
		for (int o = 0; o < MAX_ORDER; o++) {
			int ry = y + 30 + HH + 14 + o * HS;

			uint64_t t0 = s[0].jiffies;
			double span = s[hi.n - 1].jiffies > t0 ? (double)(s[hi.n - 1].jiffies - t0) : 1;

			/* each sample holds until the next one, on the chart's time axis */
			for (unsigned int i = 0; i < hi.n; i++) {
				int x0 = 60 + (int)((double)(s[i].jiffies - t0) / span * HW);
				int x1 = i + 1 < hi.n ? 60 + (int)((double)(s[i + 1].jiffies - t0) / span * HW)
						      : 60 + HW;
				int shade = 255 - (int)(230.0 * s[i].z[k].nr_free[o] / most);

				rect(out, x0, ry, x1 - x0 > 0 ? x1 - x0 : 1, HS,
				     (uint32_t)(shade << 16 | shade << 8 | 255), "heat");
			}
		}
		text(out, 56, y + 30 + HH + 14 + HS, 10, "end", "order 0");
		text(out, 56, y + 30 + HH + 14 + MAX_ORDER * HS, 10, "end", "order 10");
		snprintf(buf, sizeof(buf), "heat strip: free blocks per order over time (darkest ="
			 " %u blocks)", most);
		text(out, 60, y + 30 + HH + 14 + MAX_ORDER * HS + 16, 11, "start", buf);
		sb_puts(out, "</g>\n");
		y += panel;
	}
	x = 16;
	x = legend_item(out, x, y + 10, 0x1a1a1a, "free pages");
	x = legend_item(out, x, y + 10, tui_color_rgb(UI_WMARK_BELOW, theme), "min");
	x = legend_item(out, x, y + 10, tui_color_rgb(UI_WMARK_MIN, theme), "low");
	legend_item(out, x, y + 10, tui_color_rgb(UI_WMARK_HIGH, theme), "high");
	sb_puts(out, "</svg>\n");
}
