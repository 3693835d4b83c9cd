/* app/tui_compare.c - `compare A B` on the screen: the two machines side by
 * side, each with its zones (free_area and watermark bars) above its Slow
 * path flow, for one pair of requests at a time (the k-th request the same
 * command ran under each kernel). Both flows step together, one stage a
 * key press; the stage where the pair's paths first part is highlighted on
 * both sides once the stepping reaches it, and the title says which pair
 * is the first that parts.
 *
 *   +-- 4.5: Zones ------------------+-- 6.1: Zones -------------------+
 *   +-- 4.5: Slow path --------------+-- 6.1: Slow path ---------------+
 *   | nodes ticked up to the stage   | nodes ticked up to the stage    |
 *   | the stages so far, by name     | the stages so far, by name      |
 *   +--------------------------------+---------------------------------+
 *
 * SIMPLIFICATION: the zones are each machine as the whole workload left it
 * (compare keeps the end states, not one per request).
 * Keys: n/p next/previous pair, d/D next/previous pair that parts, s or
 * Space one stage on both sides, e the end of both paths, Home back to the
 * first stage, q or Esc back to the normal screen.
 */
#include "tui.h"

#include <stdio.h>
#include <string.h>
#include "buddyscope/sim.h"
#include "compare.h"

static const char *const node_names[NR_ALLOC_FLOWS] = {
	"fast path", "wake kswapd", "min watermark", "reserves", "compaction", "reclaim",
	"retry", "OOM", "nopage", "got_pg", "got_pg",
};

void tui_compare_enter(struct tui *t, const struct cmd_ctx *ctx)
{
	const struct compare_view *v = ctx->compare;

	if (!v)
		return;
	t->mode = MODE_COMPARE;
	t->cmp_pair = 0;
	for (unsigned long i = 0; i < v->nr_pairs; i++)
		if (v->pairs[i].part >= 0) {
			t->cmp_pair = i;	/* open at the first pair that parts */
			break;
		}
	t->cmp_stage = 0;
}

static unsigned int pair_len(const struct compare_view *v, const struct cmp_pair *p)
{
	unsigned int a = v->runs[0].reqs[p->ia].nr_path, b = v->runs[1].reqs[p->ib].nr_path;

	a = a < CMP_PATH ? a : CMP_PATH;
	b = b < CMP_PATH ? b : CMP_PATH;
	return a > b ? a : b;
}

void tui_compare_key(struct tui *t, const struct cmd_ctx *ctx, int k)
{
	const struct compare_view *v = ctx->compare;
	long step = 0;

	if (!v || k == 'q' || k == 27) {
		t->mode = MODE_KEYS;
		return;
	}
	if (!v->nr_pairs)
		return;
	switch (k) {
	case 'n': case TK_DOWN: step = 1; break;
	case 'p': case TK_UP: step = -1; break;
	case 'd': case 'D':
		for (unsigned long i = 1; i <= v->nr_pairs; i++) {
			unsigned long j = k == 'd' ? (t->cmp_pair + i) % v->nr_pairs :
				(t->cmp_pair + v->nr_pairs - i) % v->nr_pairs;

			if (v->pairs[j].part >= 0) {
				t->cmp_pair = j;
				t->cmp_stage = 0;
				break;
			}
		}
		return;
	case 's': case ' ': case TK_RIGHT:
		if (t->cmp_stage < pair_len(v, &v->pairs[t->cmp_pair]))
			t->cmp_stage++;
		return;
	case TK_LEFT:
		if (t->cmp_stage > 0)
			t->cmp_stage--;
		return;
	case 'e': case TK_END:
		t->cmp_stage = pair_len(v, &v->pairs[t->cmp_pair]);
		return;
	case TK_HOME:
		t->cmp_stage = 0;
		return;
	default:
		return;
	}
	if (step < 0 && t->cmp_pair == 0)
		return;
	if (step > 0 && t->cmp_pair + 1 >= v->nr_pairs)
		return;
	t->cmp_pair = (unsigned long)((long)t->cmp_pair + step);
	t->cmp_stage = 0;
}

/* One side's flow: the nodes ticked by the stages up to the cursor, the
 * current one marked, the stage where the pair parts in the failure colour;
 * then the stages so far by name, the latest last. */
static void draw_side_flow(struct tui_canvas *c, struct tui_rect r, const struct compare_view *v,
			   const struct tui *t, int side)
{
	const struct cmp_pair *p = &v->pairs[t->cmp_pair];
	const struct cmp_run *run = &v->runs[side];
	const struct cmp_req *q = &run->reqs[side ? p->ib : p->ia];
	const struct kernel_desc *k = kernel_desc(run->kernel);
	unsigned int len = q->nr_path < CMP_PATH ? q->nr_path : CMP_PATH;
	unsigned int shown = t->cmp_stage < len ? t->cmp_stage : len;
	unsigned int part_at = side ? p->sb : p->sa;
	bool parted = p->part >= 0 && t->cmp_stage > part_at;
	unsigned int visits[NR_ALLOC_FLOWS] = { 0 };
	int cur = -1, part_node = -1, row = 1;
	char gfp[200], title[320];

	gfp_format(q->gfp, kernel_display_gfp_style(k), gfp, sizeof(gfp));
	snprintf(title, sizeof(title), "%s: Slow path: %s order %u", k->name, gfp, q->order);
	canvas_title(c, r, title, false);
	/* a node counts once per pass, as in the Slow path pane: 6.1's
	 * ALLOC_FLAGS then WAKE_KSWAPD is one wake, not "wake kswapd x2" */
	for (unsigned int i = 0, prev = NR_ALLOC_FLOWS; i < shown; i++) {
		unsigned int n = kernel_stage(k, q->path[i])->flow;

		if (n != prev)
			visits[n]++;
		prev = n;
	}
	if (shown)
		cur = kernel_stage(k, q->path[shown - 1])->flow;
	if (parted && part_at < len)
		part_node = kernel_stage(k, q->path[part_at])->flow;
	for (int n = FLOW_FAST; n <= FLOW_GOT_PG; n++) {
		enum ui_color color = visits[n] ? UI_STAGE_DONE : UI_STAGE;
		uint32_t mark = visits[n] ? glyph(G_DONE) : ' ';
		int x;

		if (n == part_node)
			color = UI_STAGE_FAIL;
		if (n == cur)
			color = n == part_node ? UI_STAGE_FAIL : UI_STAGE_CURRENT,
			mark = glyph(G_CURRENT);
		if (row >= r.h - 1)
			break;
		canvas_put(c, r.x + 1, r.y + row, mark, color);
		x = 3 + rect_printf(c, r, row, 3, color, "%s", node_names[n]);
		if (visits[n] > 1)
			x += rect_printf(c, r, row, x, UI_DIM, " x%u", visits[n]);
		if (n == part_node)
			rect_printf(c, r, row, x, UI_STAGE_FAIL, "  <- the paths part here");
		row++;
	}
	row++;
	rect_printf(c, r, row, 1, UI_LABEL, "stage %u of %u%s", shown, len,
		    q->nr_path > CMP_PATH ? " (the first kept)" : "");
	if (shown == len)
		rect_printf(c, r, row, 24, q->ok ? UI_STAGE_OK : UI_STAGE_FAIL, "%s",
			    q->ok ? "got a page" : "no page");
	row++;
	/* the latest stages that fit, newest at the bottom */
	{
		int room = r.h - 1 - row;
		unsigned int first = shown > (unsigned int)(room > 0 ? room : 0) ?
				     shown - (unsigned int)room : 0;

		for (unsigned int i = first; i < shown && row < r.h - 1; i++, row++) {
			const struct alloc_stage_desc *sd = kernel_stage(k, q->path[i]);
			enum ui_color color = i + 1 == shown ? UI_VALUE : UI_DIM;

			if (p->part >= 0 && i == part_at)
				color = UI_STAGE_FAIL;
			rect_printf(c, r, row, 1, color, "%2u %s (%s)", i + 1, sd->name, sd->function);
		}
	}
}

void tui_draw_compare(struct tui_canvas *c, struct tui_rect body, const struct cmd_ctx *ctx,
		      struct tui *t)
{
	const struct compare_view *v = ctx->compare;
	int half = (body.w - 1) / 2, zh, fh;
	unsigned long first_part = 0;
	bool any_part = false;
	char head[400];

	if (!v || !v->nr_pairs) {
		canvas_title(c, body, "compare", true);
		rect_printf(c, body, 2, 2, UI_DIM, "No requests ran under both kernels; q goes back.");
		return;
	}
	for (unsigned long i = 0; i < v->nr_pairs; i++)
		if (v->pairs[i].part >= 0) {
			first_part = i;
			any_part = true;
			break;
		}
	/* the head line: which pair, how many part, where the first does */
	{
		const struct cmp_pair *p = &v->pairs[t->cmp_pair];

		if (!any_part)
			snprintf(head, sizeof(head), " compare %s: pair %lu of %lu; all %lu took the same path",
				 v->what, t->cmp_pair + 1, v->nr_pairs, v->nr_pairs);
		else
			snprintf(head, sizeof(head),
				 " compare %s: pair %lu of %lu, %s; %lu of %lu part, the first is pair %lu",
				 v->what, t->cmp_pair + 1, v->nr_pairs,
				 p->part >= 0 ? "the paths part" : "the same path", v->nr_differ,
				 v->nr_pairs, first_part + 1);
		if ((int)strlen(head) > body.w) {	/* 80 columns: the counts before the names */
			if (!any_part)
				snprintf(head, sizeof(head), " compare: pair %lu of %lu; all took the "
					 "same path", t->cmp_pair + 1, v->nr_pairs);
			else
				snprintf(head, sizeof(head), " compare: pair %lu of %lu, %s (%lu part; "
					 "the first: %lu)", t->cmp_pair + 1, v->nr_pairs,
					 p->part >= 0 ? "the paths part" : "the same path",
					 v->nr_differ, first_part + 1);
		}
		canvas_fill(c, (struct tui_rect){ body.x, body.y, body.w, 1 }, ' ', UI_TITLE_FOCUS);
		canvas_text(c, body.x, body.y, body.w, UI_TITLE_FOCUS, head);
	}
	body.y++;
	body.h--;
	for (int side = 0; side < 2; side++) {
		struct cmd_ctx zctx;
		struct tui_rect zr, fr;
		int x = body.x + side * (half + 1);
		int w = side ? body.w - half - 1 : half;

		memset(&zctx, 0, sizeof(zctx));
		zctx.sim = v->runs[side].ctx.sim;
		zh = tui_zones_height(&zctx, true);
		fh = body.h - zh;
		if (fh < 18) {	/* the flow needs its rows more than the split does */
			zh = tui_zones_height(&zctx, false) + 2;
			if (body.h - zh < 18)
				zh = body.h - 18 > 6 ? body.h - 18 : 6;
			fh = body.h - zh;
		}
		zr = (struct tui_rect){ x, body.y, w, zh };
		fr = (struct tui_rect){ x, body.y + zh, w, fh };
		tui_draw_zones(c, zr, &zctx, t, zh >= tui_zones_height(&zctx, true));
		draw_side_flow(c, fr, v, t, side);
	}
	for (int y = body.y; y < body.y + body.h; y++)
		canvas_put(c, body.x + half, y, glyph(G_VLINE), UI_BORDER);
}
