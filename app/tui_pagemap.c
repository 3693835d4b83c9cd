/* app/tui_pagemap.c - the Page map pane: physical pages by pfn, one cell for
 * 2^zoom pages, zone by zone, with pageblocks visible.
 *
 * A cell's glyph is its dominant state (free, on a pcp list, allocated,
 * slab, on an anon or file LRU list, isolated for migration or reclaim,
 * reserved, hole) and its colour the migratetype of its pageblock, so the
 * map reads without colour (the glyphs) and the mono theme shows the
 * migratetype as an attribute. Pageblocks (512 pages) show as groups
 * separated by a blank when a pageblock is a few cells of one row, or as
 * a bracket in the gutter, with the block's migratetype letter, when a
 * pageblock takes whole rows.
 *
 * Speed, for the 64 GiB preset (16 M pages) at 200x60 in at most 2 ms:
 *  - only the visible rows are classified;
 *  - a cell of up to 32 pages walks its blocks exactly (a free block of
 *    order o is one step for 2^o pages);
 *  - a larger cell is sampled at 8 evenly spaced pfns, each resolved to its
 *    block in one or two reads (the page itself, then the heads its pfn
 *    aligns to, largest order first, so a free order-10 block answers at
 *    once); samples that fall in a block already seen cost nothing;
 *  - the pageblock migratetypes (one byte per 512 pages) give the colour;
 *  - the classified cells are cached and reused until the sim changes
 *    (t->gen) or the view moves, so a steady frame costs no page reads.
 *
 * What the last step or command changed stands out (UI_PM_CHANGED): a cell
 * whose state, migratetype or block size differs from before (an
 * allocation, a split or a merge, a migration), and at any zoom a cell that
 * an allocation or free event of that action touched, so that 64 pages in
 * 6 GiB still show. `map` (ctx->map) focuses the map on a pfn range and
 * marks a block (UI_PM_HIGHLIGHT).
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/sim.h"

#define EXACT_MAX	32	/* cells of up to this many pages are walked exactly */
#define SAMPLES		8	/* pfns sampled in a larger cell */
#define MAX_ZOOM	24

/* When two states cover a cell equally, the rarer, more telling one wins. */
static const int pm_rank[NR_PM_STATES] = {
	[PM_OUTSIDE] = 0, [PM_HOLE] = 1, [PM_RESERVED] = 2, [PM_FREE] = 3, [PM_ALLOC] = 4,
	[PM_ANON] = 5, [PM_FILE] = 6, [PM_SLAB] = 7, [PM_PCP] = 8, [PM_ISOLATED] = 9,
};

static const char mt_letter[MIGRATE_TYPES + 1] = "UMRHCI ";

/* ---- geometry: rows of cells, zone by zone ---- */

struct pm_zone {
	const struct zone *z;
	unsigned long	base;		/* pfn of its first row */
	unsigned long	start, end;	/* the zone's span */
	long		first_row;	/* virtual row of its header */
	long		nrows;		/* rows of cells after the header */
};

struct pm_geom {
	int		zoom;
	int		lw;		/* pfn label width */
	int		x0;		/* first cell column (rect-relative) */
	int		cell_w;
	int		cols;		/* cells per row */
	long		g;		/* cells per pageblock (0: a cell holds pageblocks) */
	bool		sep;		/* a blank between pageblocks */
	unsigned long	rp;		/* pages per row */
	int		rows;		/* visible map rows */
	int		nz;
	struct pm_zone	zones[MAX_NUMNODES * MAX_NR_ZONES];
	long		total;		/* virtual rows */
};

static int cmp_zone(const void *a, const void *b)
{
	const struct pm_zone *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void geom_init(struct pm_geom *g, const struct sim *sim, struct tui_rect r, int zoom,
		      int cell_w)
{
	unsigned long max = sim_max_pfn(sim), align;
	int avail, ncells;

	memset(g, 0, sizeof(*g));
	g->zoom = zoom;
	g->cell_w = cell_w;
	g->lw = 2;
	for (unsigned long m = max > 0 ? max - 1 : 0; m; m >>= 4)
		g->lw++;
	if (g->lw < 3)
		g->lw = 3;
	g->x0 = g->lw + 2;
	avail = r.w - g->x0;
	if (avail < 1)
		avail = 1;
	ncells = avail / cell_w;
	if (ncells < 1)
		ncells = 1;
	g->g = zoom <= pageblock_order ? 1L << (pageblock_order - zoom) : 0;
	if (g->g >= ncells) {			/* a pageblock takes whole rows */
		g->cols = 1;
		while (g->cols * 2 <= ncells)
			g->cols *= 2;
	} else if (g->g >= 4) {			/* groups of g cells and a blank */
		long k = (avail + 1) / (g->g * cell_w + 1);

		g->cols = (int)((k > 0 ? k : 1) * g->g);
		g->sep = true;
	} else {
		long unit = g->g > 0 ? g->g : 1;

		g->cols = (int)(ncells / unit * unit);
		if (g->cols < 1)
			g->cols = 1;
	}
	g->rp = (unsigned long)g->cols << zoom;
	align = (g->rp & (g->rp - 1)) ? (zoom > pageblock_order ? 1UL << zoom : pageblock_nr_pages)
				     : g->rp;
	g->rows = r.h - 2 > 0 ? r.h - 2 : 0;
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);
			struct pm_zone *pz;

			if (!z || !populated_zone(z))
				continue;
			pz = &g->zones[g->nz++];
			pz->z = z;
			pz->start = z->zone_start_pfn;
			pz->end = zone_end_pfn(z);
			pz->base = pz->start / align * align;
			pz->nrows = (long)((pz->end - pz->base + g->rp - 1) / g->rp);
		}
	}
	qsort(g->zones, (size_t)g->nz, sizeof(g->zones[0]), cmp_zone);
	for (int i = 0; i < g->nz; i++) {
		g->zones[i].first_row = g->total;
		g->total += 1 + g->zones[i].nrows;
	}
}

/* The zone and first pfn of virtual row @row; *pfn = PFN_NONE for a header. */
static const struct pm_zone *row_at(const struct pm_geom *g, long row, unsigned long *pfn)
{
	for (int i = 0; i < g->nz; i++) {
		const struct pm_zone *pz = &g->zones[i];

		if (row >= pz->first_row && row <= pz->first_row + pz->nrows) {
			*pfn = row == pz->first_row ? PFN_NONE
				: pz->base + (unsigned long)(row - pz->first_row - 1) * g->rp;
			return pz;
		}
	}
	*pfn = PFN_NONE;
	return NULL;
}

static long row_of(const struct pm_geom *g, unsigned long pfn)
{
	for (int i = 0; i < g->nz; i++) {
		const struct pm_zone *pz = &g->zones[i];

		if (pfn < pz->end || i == g->nz - 1) {
			if (pfn < pz->start)
				return pz->first_row;
			if (pfn >= pz->end)
				pfn = pz->end - 1;
			return pz->first_row + 1 + (long)((pfn - pz->base) / g->rp);
		}
	}
	return 0;
}

static long clamp_top(const struct pm_geom *g, long top)
{
	long max = g->total - g->rows;

	if (top > max)
		top = max;
	return top < 0 ? 0 : top;
}

/* ---- classification ---- */

static struct pm_cell classify_cell(const struct sim *sim, const struct pm_zone *pz,
				    unsigned long s, unsigned long n, unsigned long *work)
{
	unsigned long count[NR_PM_STATES] = { 0 }, e = s + n, end, seen_end = 0;
	enum pm_state st = PM_OUTSIDE, best = PM_OUTSIDE;
	struct pm_cell cell = { PM_OUTSIDE, MIGRATE_TYPES, PM_NO_ORDER };
	unsigned int mtc[MIGRATE_TYPES + 1] = { 0 };
	unsigned long first_end = 0;

	cell.order = PM_NO_ORDER;
	if (s < pz->start)
		s = pz->start;
	if (e > pz->end)
		e = pz->end;
	if (s >= e)
		return cell;
	n = e - s;
	if (n <= EXACT_MAX) {
		for (unsigned long p = s; p < e; p = end) {
			st = pagemap_classify(sim, p, &end);
			if (p == s)
				first_end = end;
			if (end > e)
				end = e;
			count[st] += end - p;
			(*work)++;
		}
	} else {
		for (unsigned long i = 0; i < SAMPLES; i++) {
			unsigned long p = s + (2 * i + 1) * n / (2 * SAMPLES);

			if (p >= seen_end) {
				st = pagemap_classify(sim, p, &seen_end);
				(*work)++;
			}
			count[st]++;
		}
	}
	for (int i = 1; i < NR_PM_STATES; i++)
		if (count[i] > count[best] || (count[i] && count[i] == count[best] &&
						pm_rank[i] > pm_rank[best]))
			best = (enum pm_state)i;
	cell.state = (uint8_t)best;
	/* the size of the block the cell starts in: a split or a merge changes it */
	if (first_end > s) {
		unsigned long len = first_end - s;

		cell.order = 0;
		while (cell.order < 31 && (1UL << (cell.order + 1)) <= len)
			cell.order++;
	}
	if (best == PM_HOLE || best == PM_RESERVED || best == PM_OUTSIDE)
		return cell;
	/* the colour: the pageblock's type, or the commonest of the cell's pageblocks */
	if (n <= pageblock_nr_pages) {
		cell.mt = sim_pageblock_migratetype(sim, s);
	} else {
		unsigned long nb = n / pageblock_nr_pages, step = nb > 16 ? nb / 16 : 1;
		unsigned int top = 0;

		for (unsigned long b = 0; b < nb; b += step) {
			uint8_t mt = sim_pageblock_migratetype(sim, s + b * pageblock_nr_pages);

			mtc[mt < MIGRATE_TYPES ? mt : MIGRATE_TYPES]++;
		}
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (mtc[mt] > top)
				top = mtc[mt], cell.mt = (uint8_t)mt;
	}
	return cell;
}

/* Classify the visible cells into the cache unless it is current. When only
 * the sim changed (same view), the cells that differ from before are marked
 * changed: an allocation, a split or merge (the block's size), a migration. */
static void fill_cache(struct tui_pagemap *pm, const struct pm_geom *g, const struct sim *sim,
		       uint64_t gen)
{
	size_t need = (size_t)g->rows * (size_t)g->cols;
	bool same_view;

	if (pm->cache && pm->cache_gen == gen && pm->cache_sim == sim && pm->cache_top == pm->top &&
	    pm->cache_zoom == g->zoom && pm->cache_cols == g->cols && pm->cache_rows == g->rows)
		return;
	same_view = pm->cache && pm->cache_sim == sim && pm->cache_top == pm->top &&
		    pm->cache_zoom == g->zoom && pm->cache_cols == g->cols &&
		    pm->cache_rows == g->rows;
	if (need > pm->cache_n) {
		struct pm_cell *c = realloc(pm->cache, need * sizeof(*c));
		struct pm_cell *pv = realloc(pm->prev, need * sizeof(*pv));
		uint8_t *ch = realloc(pm->changed, need);

		if (c)
			pm->cache = c;
		if (pv)
			pm->prev = pv;
		if (ch)
			pm->changed = ch;
		if (!c || !pv || !ch)
			return;
		pm->cache_n = need;
		same_view = false;
	}
	if (same_view)
		memcpy(pm->prev, pm->cache, need * sizeof(*pm->prev));
	for (int y = 0; y < g->rows; y++) {
		unsigned long pfn;
		const struct pm_zone *pz = row_at(g, pm->top + y, &pfn);

		for (int x = 0; x < g->cols; x++) {
			size_t i = (size_t)y * (size_t)g->cols + (size_t)x;
			struct pm_cell *cell = &pm->cache[i];
			unsigned long cs = pfn + ((unsigned long)x << g->zoom);

			cell->state = PM_OUTSIDE;
			cell->mt = MIGRATE_TYPES;
			cell->order = PM_NO_ORDER;
			if (pz && pfn != PFN_NONE)
				*cell = classify_cell(sim, pz, cs, 1UL << g->zoom,
						      &pm->cells_classified);
			pm->changed[i] = (same_view && memcmp(cell, &pm->prev[i], sizeof(*cell))) ||
					 (pz && pfn != PFN_NONE &&
					  pagemap_touched(pm, cs, cs + (1UL << g->zoom)));
		}
	}
	pm->cache_gen = gen;
	pm->cache_sim = sim;
	pm->cache_top = pm->top;
	pm->cache_zoom = g->zoom;
	pm->cache_cols = g->cols;
	pm->cache_rows = g->rows;
}

/* ---- drawing ---- */

static void draw_zone_header(struct tui_canvas *c, struct tui_rect r, int row,
			     const struct pm_zone *pz, bool numa)
{
	char name[48];

	if (numa)
		snprintf(name, sizeof(name), "node %d %s", zone_to_nid(pz->z), pz->z->name);
	else
		snprintf(name, sizeof(name), "%s", pz->z->name);
	for (int x = 0; x < r.w; x++)
		canvas_put(c, r.x + x, r.y + row, glyph(G_HLINE), UI_PM_ZONE);
	rect_printf(c, r, row, 2, UI_PM_ZONE, " %s  pfn %#lx-%#lx ", name, pz->start, pz->end - 1);
}

static void draw_row(struct tui_canvas *c, struct tui_rect r, int row, const struct pm_geom *g,
		     const struct pm_cell *cells, const uint8_t *changed, unsigned long pfn,
		     const struct cmd_ctx *ctx, unsigned long cursor)
{
	const struct sim *sim = ctx->sim;
	const struct map_view *m = &ctx->map;
	int y = r.y + row;
	char label[24];

	snprintf(label, sizeof(label), "0x%lx", pfn);
	rect_printf(c, r, row, 0, UI_LABEL, "%*s", g->lw, label);
	if (g->g >= g->cols) {	/* gutter: the pageblock's type at its first row */
		unsigned long off = pfn & (pageblock_nr_pages - 1);
		uint8_t mt = sim_pageblock_migratetype(sim, pfn);

		if (off == 0 && pfn < sim_max_pfn(sim))
			canvas_put(c, r.x + g->lw + 1, y, (uint32_t)mt_letter[mt < MIGRATE_TYPES ? mt
						: MIGRATE_TYPES], mt_color(mt));
		else
			canvas_put(c, r.x + g->lw + 1, y, glyph(G_VLINE), UI_DIM);
	}
	for (int x = 0; x < g->cols; x++) {
		const struct pm_cell *cell = &cells[x];
		int cx = g->x0 + x * g->cell_w + (g->sep ? (int)(x / g->g) : 0);
		unsigned long cs = pfn + ((unsigned long)x << g->zoom);
		enum ui_color color = cell->state == PM_RESERVED ? UI_PM_RESERVED : mt_color(cell->mt);
		uint32_t ch = pm_glyph((enum pm_state)cell->state);

		if (m->mark && m->mark_start < cs + (1UL << g->zoom) && cs < m->mark_end)
			color = UI_PM_HIGHLIGHT;
		if (changed[x])
			color = UI_PM_CHANGED;
		if (cursor != PFN_NONE && cursor >= cs && cursor < cs + (1UL << g->zoom))
			color = UI_PM_CURSOR;
		for (int k = 0; k < g->cell_w && cx + k < r.w; k++)
			canvas_put(c, r.x + cx + k, y, ch, color);
	}
}

/* The glyphs' names under the map: the full ones if they fit, else the
 * first word of each ("anon", "file"), and only whole items (80 columns
 * ended "f f"); then the migratetype letters if they fit too; `l` shows
 * the whole legend. */
static void draw_legend(struct tui_canvas *c, struct tui_rect r, int row)
{
	static const enum pm_state shown[] = { PM_FREE, PM_ALLOC, PM_PCP, PM_ANON, PM_FILE,
		PM_SLAB, PM_ISOLATED, PM_RESERVED };
	int col = 0, full = 0;
	bool brief;

	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
		full += 3 + (int)strlen(pm_state_name(shown[i]));
	brief = full - 1 > r.w;		/* the last needs no blank after it */
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		const char *name = pm_state_name(shown[i]);
		int len = brief ? (int)strcspn(name, " ") : (int)strlen(name);

		if (col + 2 + len > r.w)
			return;
		canvas_put(c, r.x + col, r.y + row, pm_glyph(shown[i]), UI_BOLD);
		col += 1 + rect_printf(c, r, row, col + 1, UI_DIM, " %.*s ", len, name);
	}
	if (col + 1 + MIGRATE_TYPES > r.w)
		return;
	col += rect_printf(c, r, row, col, UI_DIM, " ");
	for (int mt = 0; mt < MIGRATE_TYPES && col < r.w; mt++)
		col += rect_printf(c, r, row, col, mt_color(mt), "%c", mt_letter[mt]);
}

/* A `map` focus (ctx->map) not applied yet: zoom and scroll to its range
 * (at the smallest zoom that shows it whole, unless one was given), or
 * back to the whole machine when it was given up. */
static void apply_focus(struct tui_pagemap *pm, const struct cmd_ctx *ctx, struct tui_rect r,
			int cell_w)
{
	const struct map_view *m = &ctx->map;
	unsigned long pfn;
	struct pm_geom g;
	int z = m->zoom;

	pm->focus_w = r.w;
	pm->focus_h = r.h;
	pm->user_view = false;
	if (m->focus && m->end <= sim_max_pfn(ctx->sim)) {
		/* the range's rows, and the zone's header when the range starts it */
		for (z = z < 0 ? 0 : z; m->zoom < 0 && z < MAX_ZOOM; z++) {
			long first;

			geom_init(&g, ctx->sim, r, z, cell_w);
			first = row_of(&g, m->start);
			if (row_at(&g, first - 1, &pfn) && pfn == PFN_NONE)
				first--;
			if (row_of(&g, m->end - 1) - first + 1 <= g.rows)
				break;
		}
		pm->zoom = z;
		pm->zoom_set = pm->focused = true;
		geom_init(&g, ctx->sim, r, z, cell_w);
		pm->top = row_of(&g, m->start);
		if (row_at(&g, pm->top - 1, &pfn) && pfn == PFN_NONE)
			pm->top--;	/* the zone's header, when the range starts the zone */
		pm->top = clamp_top(&g, pm->top);
	} else if (pm->focused) {
		pm->focused = pm->zoom_set = false;
		pm->top = 0;
	}
}

/* The pfns the pane's rows show, rows @top on: from the first page of a
 * zone in the first row to the last page of a zone in the last row, and
 * the zones of both ends. False when no row shows a page (headers only). */
static bool shown_range(const struct pm_geom *g, long top, unsigned long *lo, unsigned long *hi,
			const struct zone **zlo, const struct zone **zhi)
{
	bool any = false;

	for (long row = top; row < top + g->rows; row++) {
		unsigned long pfn, s, e;
		const struct pm_zone *pz = row_at(g, row, &pfn);

		if (!pz || pfn == PFN_NONE)
			continue;
		s = pfn > pz->start ? pfn : pz->start;
		e = pfn + g->rp < pz->end ? pfn + g->rp : pz->end;
		if (s >= e)
			continue;
		if (!any) {
			*lo = s;
			*zlo = pz->z;
			any = true;
		}
		*hi = e - 1;
		*zhi = pz->z;
	}
	return any;
}

/* A newly marked block out of view: scroll to it. */
static void show_mark(struct tui_pagemap *pm, const struct cmd_ctx *ctx, const struct pm_geom *g)
{
	const struct map_view *m = &ctx->map;
	long row;

	if (!m->mark || m->mark_start >= sim_max_pfn(ctx->sim))
		return;
	row = row_of(g, m->mark_start);
	if (row < pm->top || row >= pm->top + g->rows)
		pm->top = clamp_top(g, row - g->rows / 3);
}

void tui_draw_pagemap(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		      struct tui *t)
{
	bool news = t->pm.map_serial != ctx->map.serial;
	const struct sim *sim = ctx->sim;
	struct tui_pagemap *pm = &t->pm;
	struct pm_geom g;
	char title[160];
	unsigned long lo = 0, hi = 0;
	const struct zone *zlo = NULL, *zhi = NULL;

	if (r.h < 1 || r.w < 1)
		return;
	pm->map_serial = ctx->map.serial;
	/* a focus is fitted to the pane: again when the pane changes size (a
	 * lesson's step has a layout of its own), unless the user moved it, so
	 * the same step shows the same view, going forward or back */
	if (news || (pm->focused && !pm->user_view && (r.w != pm->focus_w || r.h != pm->focus_h)))
		apply_focus(pm, ctx, r, t->cell_w);
	if (!pm->zoom_set) {	/* until the user zooms: fit the machine, at any size */
		pm->zoom = 0;
		for (;;) {
			geom_init(&g, sim, r, pm->zoom, t->cell_w);
			/* fits, or cannot get smaller: a header and a row a zone */
			if (g.total <= g.rows || g.total <= 2L * g.nz || pm->zoom >= MAX_ZOOM)
				break;
			pm->zoom++;
		}
	}
	geom_init(&g, sim, r, pm->zoom, t->cell_w);
	if (news)
		show_mark(pm, ctx, &g);
	pm->top = clamp_top(&g, pm->top);
	if (pm->focused && shown_range(&g, pm->top, &lo, &hi, &zlo, &zhi)) {
		/* what the rows show, which is more than the `map` range when
		 * whole rows hold it, or less when it needs more rows than the
		 * pane has; then the range asked for. The zoom first: in a
		 * narrow pane the title's end is cut. */
		int n = snprintf(title, sizeof(title), "Page map: %lu page%s a cell, %s%s%s pfns "
				 "%#lx-%#lx", 1UL << pm->zoom, pm->zoom ? "s" : "", zlo->name,
				 zlo != zhi ? ".." : "", zlo != zhi ? zhi->name : "", lo, hi);

		if ((lo != ctx->map.start || hi != ctx->map.end - 1) && n > 0 &&
		    (size_t)n < sizeof(title))
			snprintf(title + n, sizeof(title) - (size_t)n, " (map %#lx-%#lx)",
				 ctx->map.start, ctx->map.end - 1);
	} else if (pm->nchg) {	/* where the last action changed pages */
		lo = pm->chg[0][0];
		hi = pm->chg[0][1];
		for (int i = 1; i < pm->nchg; i++) {
			lo = pm->chg[i][0] < lo ? pm->chg[i][0] : lo;
			hi = pm->chg[i][1] > hi ? pm->chg[i][1] : hi;
		}
		snprintf(title, sizeof(title), "Page map: %lu page%s a cell, changed pfns %#lx-%#lx",
			 1UL << pm->zoom, pm->zoom ? "s" : "", lo, hi - 1);
	} else {
		snprintf(title, sizeof(title), "Page map: %lu page%s a cell, pageblock %lu pages",
			 1UL << pm->zoom, pm->zoom ? "s" : "", pageblock_nr_pages);
	}
	canvas_title(c, r, title, t->focus == PANE_PAGEMAP);
	if (r.h < 3)
		return;
	fill_cache(pm, &g, sim, t->gen);
	for (int y = 0; y < g.rows && pm->cache; y++) {
		unsigned long pfn;
		const struct pm_zone *pz = row_at(&g, pm->top + y, &pfn);

		if (!pz)
			continue;
		if (pfn == PFN_NONE)
			draw_zone_header(c, r, 1 + y, pz, sim_nr_nodes(sim) > 1);
		else
			draw_row(c, r, 1 + y, &g, &pm->cache[(size_t)y * (size_t)g.cols],
				 &pm->changed[(size_t)y * (size_t)g.cols], pfn, ctx, pm->cursor);
	}
	draw_legend(c, r, r.h - 1);
}

int pagemap_fit_zoom(const struct sim *sim, long cells)
{
	unsigned long pages = 0;
	int zoom = 0;

	for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);

			if (z && populated_zone(z))
				pages += z->spanned_pages;
		}
	while (zoom < MAX_ZOOM && cells > 0 && (long)(pages >> zoom) > cells)
		zoom++;
	return zoom;
}

void pagemap_jump(struct tui *t, const struct cmd_ctx *ctx, unsigned long pfn)
{
	struct pm_geom g;

	geom_init(&g, ctx->sim, t->rect[PANE_PAGEMAP], t->pm.zoom, t->cell_w);
	t->pm.cursor = pfn;
	t->pm.user_view = true;
	t->pm.top = clamp_top(&g, row_of(&g, pfn) - g.rows / 3);
}

void pagemap_zoom(struct tui *t, const struct cmd_ctx *ctx, int delta)
{
	struct pm_geom g;
	unsigned long anchor = PFN_NONE;
	int zoom = t->pm.zoom + delta;

	if (zoom < 0 || zoom > MAX_ZOOM)
		return;
	/* no further out once one cell holds the whole machine */
	if (delta > 0 && (1UL << t->pm.zoom) >= sim_max_pfn(ctx->sim))
		return;
	geom_init(&g, ctx->sim, t->rect[PANE_PAGEMAP], t->pm.zoom, t->cell_w);
	for (long row = t->pm.top; row < t->pm.top + g.rows && anchor == PFN_NONE; row++)
		row_at(&g, row, &anchor);
	if (t->pm.cursor != PFN_NONE)
		anchor = t->pm.cursor;
	t->pm.zoom = zoom;
	t->pm.zoom_set = t->pm.user_view = true;
	geom_init(&g, ctx->sim, t->rect[PANE_PAGEMAP], zoom, t->cell_w);
	if (anchor != PFN_NONE)
		t->pm.top = clamp_top(&g, row_of(&g, anchor) - (t->pm.cursor != PFN_NONE ? g.rows / 3
									       : 1));
}

void pagemap_scroll(struct tui *t, long rows)
{
	t->pm.top += rows;
	t->pm.user_view = true;
	if (t->pm.top < 0)
		t->pm.top = 0;
	/* the upper bound is applied at the next draw, which knows the geometry */
}
