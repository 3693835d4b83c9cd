/* app/tui_flow.c - the Slow path pane: the request being stepped as a flow
 * of the v4.5 __alloc_pages_nodemask()/__alloc_pages_slowpath() steps,
 *
 *   fast path > wake kswapd > min watermark > reserves > compaction >
 *   reclaim > retry > OOM > nopage | got_pg
 *
 * with the stage that runs next highlighted (and marked ">" so that it reads
 * without colour), the nodes already passed ticked with how often, the
 * kernel's locals (alloc_flags, order, progress, priority, migration mode)
 * and the engine's one sentence about the last step (req->why).
 *
 * The engine has more stages than the flow has nodes (sanity checks, the
 * THP test, the sync upgrade); the running kernel's stage table maps each
 * onto the node it belongs to, and the exact stage name is printed below.
 */
#include "tui.h"

#include <stdio.h>
#include <string.h>
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"

enum flow_node {
	FN_FAST, FN_KSWAPD, FN_MIN, FN_RESERVES, FN_COMPACT, FN_RECLAIM, FN_RETRY, FN_OOM,
	FN_NOPAGE, FN_GOT_PG, NR_FLOW_NODES
};

static const struct {
	const char	*name;
	const char	*what;
} flow_nodes[NR_FLOW_NODES] = {
	[FN_FAST]	= { "fast path", "freelist at low" },
	[FN_KSWAPD]	= { "wake kswapd", "wake_all_kswapds" },
	[FN_MIN]	= { "min watermark", "freelist at min" },
	[FN_RESERVES]	= { "reserves", "no watermarks" },
	[FN_COMPACT]	= { "compaction", "direct compact" },
	[FN_RECLAIM]	= { "reclaim", "direct reclaim" },
	[FN_RETRY]	= { "retry", "progress? retry" },
	[FN_OOM]	= { "OOM", "out_of_memory" },
	[FN_NOPAGE]	= { "nopage", "" },
	[FN_GOT_PG]	= { "got_pg", "" },
};

/* The node of @stage: the kernel's stage table says where it belongs
 * (kernel.h: struct alloc_stage_desc.flow); DONE rests on got_pg. */
static enum flow_node stage_node(const struct sim *sim, int stage)
{
	enum alloc_flow f = sim_stage(sim, stage)->flow;

	_Static_assert((int)FN_FAST == (int)FLOW_FAST && (int)FN_OOM == (int)FLOW_OOM &&
		       (int)FN_NOPAGE == (int)FLOW_NOPAGE && (int)FN_GOT_PG == (int)FLOW_GOT_PG,
		       "flow nodes follow enum alloc_flow");
	return f >= FLOW_GOT_PG ? FN_GOT_PG : (enum flow_node)f;
}

int tui_flow_height(void)
{
	return 1 + (NR_FLOW_NODES - 1) + 8 + 5;
}

struct wrap_ctx {
	struct tui_canvas *c;
	struct tui_rect	r;
	int		row, col, max_row;
	enum ui_color	color;
};

static void wrap_line(void *arg, const char *s, size_t len)
{
	struct wrap_ctx *w = arg;

	if (w->row < w->max_row)
		rect_printf(w->c, w->r, w->row, w->col, w->color, "%.*s", (int)len, s);
	w->row++;
}

static void draw_node(struct tui_canvas *c, struct tui_rect r, int row, int col, enum flow_node n,
		      unsigned int visits, bool current, bool finished, bool ok)
{
	enum ui_color color = UI_STAGE;
	uint32_t mark = ' ';
	int x = col;

	if (visits)
		color = UI_STAGE_DONE, mark = glyph(G_DONE);
	if (finished && (n == FN_GOT_PG || n == FN_NOPAGE) && visits)
		color = ok ? UI_STAGE_OK : UI_STAGE_FAIL;
	if (current)
		color = UI_STAGE_CURRENT, mark = glyph(G_CURRENT);
	if (row >= r.h || col >= r.w)
		return;
	canvas_put(c, r.x + x, r.y + row, mark, current ? UI_STAGE_CURRENT : color);
	x += 2;
	x += rect_printf(c, r, row, x, color, "%s", flow_nodes[n].name);
	if (visits > 1)
		x += rect_printf(c, r, row, x, UI_DIM, " x%u", visits);
	if (n < FN_NOPAGE && x < 20 && r.w > 34)
		rect_printf(c, r, row, 20, current ? UI_VALUE : UI_DIM, "%s", flow_nodes[n].what);
}

void tui_draw_flow(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		   const struct tui *t)
{
	const struct alloc_request *req = &ctx->step.req;
	unsigned int visits[NR_FLOW_NODES] = { 0 };
	bool finished, ok;
	enum flow_node cur;
	char buf[256], title[320];
	struct wrap_ctx w;
	int row = 1;

	if (!tui_have_request(ctx)) {
		canvas_title(c, r, "Slow path", t->focus == PANE_FLOW);
		rect_printf(c, r, 1, 1, UI_DIM, "No request is being stepped.");
		w = (struct wrap_ctx){ c, r, 3, 1, r.h, UI_DIM };
		wrap_text("Start one from the command line (':' then e.g. 'start GFP_KERNEL 3'), "
			  "then s steps one stage, n runs the next stage, F finishes the request, c "
			  "animates. 'alloc' runs a "
			  "request at once; its pages show in the other panes.", r.w - 2, wrap_line, &w);
		return;
	}
	gfp_format(req->gfp_mask, sim_gfp_style(ctx->sim), buf, sizeof(buf));
	snprintf(title, sizeof(title), "Slow path: %s order %u%s", buf, req->order,
		 ctx->step.active ? "" : " (done)");
	canvas_title(c, r, title, t->focus == PANE_FLOW);

	/* a node counts once per pass: stages in a row that map onto one node
	 * (ALLOC_FLAGS and MIN_WMARK, DIRECT_COMPACT and SYNC_LIGHT) are one visit */
	for (unsigned int i = 0, prev = NR_FLOW_NODES; i < req->nr_path && i < sizeof(req->path);
	     i++) {
		enum flow_node n = stage_node(ctx->sim, req->path[i]);

		if (n != prev)
			visits[n]++;
		prev = n;
	}
	finished = !ctx->step.active || req->done;
	ok = req->pfn != PFN_NONE;
	cur = stage_node(ctx->sim, req->stage);

	for (int n = FN_FAST; n <= FN_OOM; n++)
		draw_node(c, r, row++, 1, (enum flow_node)n, visits[n], !finished && (int)cur == n,
			  finished, ok);
	draw_node(c, r, row, 1, FN_NOPAGE, visits[FN_NOPAGE], !finished && cur == FN_NOPAGE,
		  finished, ok);
	draw_node(c, r, row++, 14, FN_GOT_PG, visits[FN_GOT_PG], !finished && cur == FN_GOT_PG,
		  finished, ok);

	/* the locals */
	row++;
	rect_printf(c, r, row, 1, UI_LABEL, "stage");
	if (finished && ok)
		rect_printf(c, r, row++, 11, UI_STAGE_OK, "done: got pfn %#lx", req->pfn);
	else if (finished)
		rect_printf(c, r, row++, 11, UI_STAGE_FAIL, "done: no page%s",
			    req->looped_out ? " (loop stopped)" : "");
	else if (12 + strlen(alloc_stage_name(ctx->sim, req->stage)) + 3 +
		 strlen(alloc_stage_function(ctx->sim, req->stage)) <= (size_t)r.w)
		rect_printf(c, r, row++, 11, UI_VALUE, "%s (%s)", alloc_stage_name(ctx->sim, req->stage),
			    alloc_stage_function(ctx->sim, req->stage));
	else	/* too narrow for the kernel function too */
		rect_printf(c, r, row++, 11, UI_VALUE, "%s", alloc_stage_name(ctx->sim, req->stage));
	sim_alloc_flags_format(ctx->sim, req->alloc_flags, buf, sizeof(buf));
	rect_printf(c, r, row, 1, UI_LABEL, "flags");
	w = (struct wrap_ctx){ c, r, row, 11, row + 2, UI_VALUE };
	for (char *p = buf; (p = strchr(p, '|')); p++)
		*p = ' ';	/* so that the flags wrap between names */
	wrap_text(req->alloc_flags || req->nr_path ? buf : "-", r.w - 12, wrap_line, &w);
	row = w.row < row + 2 ? w.row : row + 2;
	rect_printf(c, r, row, 1, UI_LABEL, "order");
	rect_printf(c, r, row++, 11, UI_VALUE, "%u  progress %lu  reclaimed %lu", req->order,
		    req->did_some_progress, req->pages_reclaimed);
	/* the priority of the last shrink_zones pass, as the why-line says it */
	rect_printf(c, r, row, 1, UI_LABEL, "priority");
	if (req->sc.last_pass_priority >= 0)
		rect_printf(c, r, row++, 11, UI_VALUE, "%d  retries %u", req->sc.last_pass_priority,
			    req->nr_retries);
	else
		rect_printf(c, r, row++, 11, UI_VALUE, "-  retries %u", req->nr_retries);
	rect_printf(c, r, row, 1, UI_LABEL, "migration");
	rect_printf(c, r, row++, 11, UI_VALUE, "%s", migrate_mode_name(req->migration_mode));

	/* the engine's sentence about the last step */
	row++;
	w = (struct wrap_ctx){ c, r, row, 6, r.h, UI_VALUE };
	rect_printf(c, r, row, 1, UI_LABEL, "why");
	wrap_text(req->why[0] ? req->why : "(not started)", r.w - 7, wrap_line, &w);
}
