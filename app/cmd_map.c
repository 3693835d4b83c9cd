/* app/cmd_map.c - `map`: what the screen's page map shows. A lesson (or a
 * person) asks for a zone and a pfn range at a zoom that shows single
 * pages, and for the block under discussion to be marked; the screen reads
 * the request (ctx->map) the way it reads the stepper. Without a screen
 * the command says what the map would show.
 */
#include <stdio.h>
#include <string.h>
#include "buddyscope/mmzone.h"
#include "buddyscope/sim.h"
#include "commands.h"

#define MAP_MAX_ZOOM	24

static const char *const block_state[] = { "no memory", "reserved", "free", "on a pcp list",
	"allocated" };

static void describe(const struct cmd_ctx *ctx, struct strbuf *out)
{
	const struct map_view *m = &ctx->map;

	if (!m->focus && !m->mark) {
		sb_puts(out, "page map: the whole machine, at the zoom that fits it\n");
		return;
	}
	if (m->focus) {
		const struct zone *z = sim_pfn_zone(ctx->sim, m->start);

		sb_printf(out, "page map: %s pfns %#lx-%#lx (%lu pages), ", z ? z->name : "?",
			  m->start, m->end - 1, m->end - m->start);
		if (m->zoom < 0)
			sb_puts(out, "at the zoom that fits the range\n");
		else
			sb_printf(out, "%lu page%s a cell\n", 1UL << m->zoom, m->zoom ? "s" : "");
	}
	if (m->mark)
		sb_printf(out, "page map: marks pfns %#lx-%#lx (%lu pages)\n", m->mark_start,
			  m->mark_end - 1, m->mark_end - m->mark_start);
}

/* [from, to] inside the zone of @z; defaults to the whole zone. */
static int zone_range(struct cmd_ctx *ctx, const struct zone *z, const struct cmd_arg *from,
		      const struct cmd_arg *to, unsigned long *s, unsigned long *e)
{
	unsigned long zs = z->zone_start_pfn, ze = zone_end_pfn(z);

	*s = from && from->present ? from->u : zs;
	*e = to && to->present ? to->u + 1 : ze;
	if (*s < zs || *s >= ze)
		return cmd_error(ctx, "map: from=%#lx is not inside %s (pfns %#lx-%#lx)", *s,
				 z->name, zs, ze - 1);
	if (*e > ze || *e <= *s)
		return cmd_error(ctx, "map: to=%#lx is not inside %s from %#lx (up to %#lx)", *e - 1,
				 z->name, *s, ze - 1);
	return 0;
}

int cmd_map(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *what = arg_get(args, "what"), *from = arg_get(args, "from");
	const struct cmd_arg *to = arg_get(args, "to"), *zoom = arg_get(args, "zoom");
	const struct cmd_arg *order = arg_get(args, "order");
	const char *word = arg_word(args, "what");
	struct map_view *m = &ctx->map;
	unsigned long s, e;

	if (!what || !what->present) {
		if ((from && from->present) || (to && to->present) || (zoom && zoom->present) ||
		    (order && order->present))
			return cmd_error(ctx, "map: say what to show first: map zone ZONE, map pfn "
					 "PFN, map highlight PFN or map all");
		describe(ctx, out);
		return 0;
	}
	if (zoom && zoom->present && zoom->u > MAP_MAX_ZOOM)
		return cmd_error(ctx, "map: zoom %lu out of range (0..%d: 2^zoom pages a cell)",
				 zoom->u, MAP_MAX_ZOOM);
	if (order && order->present && order->u >= MAX_ORDER)
		return cmd_error(ctx, "map: order %lu out of range (0..%d)", order->u,
				 MAX_ORDER - 1);
	if (!strcmp(word, "all")) {
		m->focus = m->mark = false;
	} else if (!strcmp(word, "zone") || !strcmp(word, "pfn")) {
		const struct zone *z;

		if (order && order->present)
			return cmd_error(ctx, "map: order= goes with highlight");
		if (word[0] == 'z') {
			z = sim_zone(ctx->sim, what->nid, what->zid);
			if (zone_range(ctx, z, from, to, &s, &e))
				return -1;
		} else {	/* a pfn: its pageblock, or up to to= */
			if (from && from->present)
				return cmd_error(ctx, "map pfn: the pfn is the start; give to= for the end");
			z = sim_pfn_zone(ctx->sim, what->u);
			s = to && to->present ? what->u : what->u & ~(pageblock_nr_pages - 1);
			e = to && to->present ? to->u + 1 : s + pageblock_nr_pages;
			if (to && to->present && e > zone_end_pfn(z))
				return cmd_error(ctx, "map: to=%#lx is not inside %s (up to %#lx)",
						 to->u, z->name, zone_end_pfn(z) - 1);
			if (s < z->zone_start_pfn)
				s = z->zone_start_pfn;
			if (e > zone_end_pfn(z))
				e = zone_end_pfn(z);
			if (e <= s)
				return cmd_error(ctx, "map: to=%#lx is below the first pfn %#lx",
						 to->u, what->u);
		}
		m->focus = true;
		m->start = s;
		m->end = e;
		m->zoom = zoom && zoom->present ? (int)zoom->u : -1;
	} else {	/* highlight */
		struct block_info bi;

		if ((from && from->present) || (to && to->present) || (zoom && zoom->present))
			return cmd_error(ctx, "map highlight: give a pfn and, if you like, order=N");
		if (order && order->present) {
			bi.head = what->u & ~((1UL << order->u) - 1);
			bi.order = (unsigned int)order->u;
		} else if (sim_block_of(ctx->sim, what->u, &bi)) {
			return cmd_error(ctx, "map highlight: pfn %#lx is in no block", what->u);
		}
		m->mark = true;
		m->mark_start = bi.head;
		m->mark_end = bi.head + (1UL << bi.order);
		if (!(order && order->present))
			sb_printf(out, "the block at %#lx: order %u, %s\n", bi.head, bi.order,
				  block_state[bi.state]);
	}
	m->serial++;
	describe(ctx, out);
	return 0;
}

void map_view_reset(struct cmd_ctx *ctx)
{
	ctx->map.focus = ctx->map.mark = false;
	ctx->map.serial++;
}
