/* app/explain_frag.c - `explain extfrag|unusable ZONE ORDER`.
 * Works one value of /sys/kernel/debug/extfrag/{extfrag_index,unusable_index}
 * out on paper: the zone's nr_free per order, the three sums of
 * fill_contig_page_info() and the formula of __fragmentation_index() or
 * unusable_free_index() with these numbers. The numbers come from core
 * (core/vmstat.c); this file only lays them out, and checks that the
 * result it prints is the one core computed.
 */
#include "explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/mmzone.h"
#include "buddyscope/sim.h"
#include "buddyscope/vmstat.h"

/* ZONE ORDER, with ZONE as "Normal", "0:Normal" or "node 0 Normal". */
static int parse_zone_order(struct cmd_ctx *ctx, const char *kind, const struct tokens *t,
			    int *nid, int *zid, unsigned int *order)
{
	const char *nid_text = NULL, *name, *order_text;
	char buf[32], err[256];
	unsigned long o;
	int i = 0;

	if (t->n >= 1 && !strcmp(t->v[0], "node") && t->n >= 2) {
		nid_text = t->v[1];
		i = 2;
	}
	if (t->n != i + 2)
		return cmd_error(ctx, "explain %s: give ZONE ORDER, e.g. explain %s Normal 4",
				 kind, kind);
	name = t->v[i];
	order_text = t->v[i + 1];
	if (!nid_text && strchr(name, ':')) {
		size_t n = (size_t)(strchr(name, ':') - name);

		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, name, n);
		buf[n] = '\0';
		nid_text = buf;
		name = strchr(name, ':') + 1;
	}
	if (zone_lookup(ctx->sim, nid_text, name, nid, zid, err, sizeof(err)))
		return cmd_error(ctx, "explain %s: %s", kind, err);
	if (!populated_zone(sim_zone(ctx->sim, *nid, *zid)))
		return cmd_error(ctx, "explain %s: zone %d:%s has no pages; debugfs lists only populated zones",
				 kind, *nid, zone_names[*zid]);
	if (parse_ulong(order_text, &o) || o >= MAX_ORDER)
		return cmd_error(ctx, "explain %s: bad ORDER '%s'; give 0..%d", kind, order_text,
				 MAX_ORDER - 1);
	*order = (unsigned int)o;
	return 0;
}

/* " = N" after the terms of a sum, or " 0" when it had none. */
static void end_sum(struct strbuf *out, int no_terms, unsigned long total)
{
	if (no_terms)
		sb_puts(out, " 0\n");
	else
		sb_printf(out, " = %lu\n", total);
}

/* The sums of fill_contig_page_info(), each with its terms. */
static void explain_sums(const struct zone *z, unsigned int order,
			 const struct contig_page_info *info, struct strbuf *out)
{
	int first;

	sb_puts(out, "  order        ");
	for (int o = 0; o < MAX_ORDER; o++)
		sb_printf(out, " %5d", o);
	sb_puts(out, "\n  nr_free      ");
	for (int o = 0; o < MAX_ORDER; o++)
		sb_printf(out, " %5lu", z->free_area[o].nr_free);
	sb_printf(out, "\n  fill_contig_page_info(zone, %u):\n", order);
	sb_puts(out, "    free_pages           = sum nr_free[o] << o =");
	first = 1;
	for (int o = 0; o < MAX_ORDER; o++) {
		if (!z->free_area[o].nr_free)
			continue;
		sb_printf(out, "%s%lu*%lu", first ? " " : " + ", z->free_area[o].nr_free, 1UL << o);
		first = 0;
	}
	end_sum(out, first, info->free_pages);
	sb_printf(out, "    free_blocks_total    = sum nr_free[o] = %lu\n", info->free_blocks_total);
	sb_printf(out, "    free_blocks_suitable = sum nr_free[o] << (o - %u), o >= %u =", order, order);
	first = 1;
	for (unsigned int o = order; o < MAX_ORDER; o++) {
		if (!z->free_area[o].nr_free)
			continue;
		sb_printf(out, "%s%lu*%lu", first ? " " : " + ", z->free_area[o].nr_free,
			  1UL << (o - order));
		first = 0;
	}
	end_sum(out, first, info->free_blocks_suitable);
}

static void explain_extfrag(const struct sim *sim, unsigned int order,
			    const struct contig_page_info *info, int index, struct strbuf *out)
{
	struct strbuf thr = STRBUF_INIT;

	sb_printf(out, "  __fragmentation_index(%u):\n", order);
	if (!info->free_blocks_total) {
		sb_puts(out, "    no free block at all: 0 (the failure is lack of memory)\n");
	} else if (info->free_blocks_suitable) {
		sb_printf(out, "    %lu free block(s) of order >= %u can serve it: -1000 (no failure to"
			  " explain)\n", info->free_blocks_suitable, order);
	} else {
		unsigned long scaled = info->free_pages * 1000 / (1UL << order);
		unsigned long q = (1000 + scaled) / info->free_blocks_total;

		sb_puts(out, "    1000 - (1000 + free_pages * 1000 / 2^order) / free_blocks_total\n");
		sb_printf(out, "    = 1000 - (1000 + %lu * 1000 / %lu) / %lu\n", info->free_pages,
			  1UL << order, info->free_blocks_total);
		sb_printf(out, "    = 1000 - (1000 + %lu) / %lu = 1000 - %lu = %d\n", scaled,
			  info->free_blocks_total, q, index);
	}
	sb_printf(out, "  extfrag_index prints %d.%03d for order %u.\n", index / 1000, index % 1000,
		  order);
	sb_puts(out, "  Near 1000 a failure at this order is fragmentation (compaction helps); near\n"
		     "  0 it is lack of memory (reclaim helps); -1000 means no failure.\n");
	if (!sim_sysctl_get(sim, "vm.extfrag_threshold", &thr) && index >= 0) {
		long threshold = strtol(sb_str(&thr), NULL, 10);

		sb_printf(out, "  __compaction_suitable(), past its watermark checks, compacts only"
			  " when the index\n  is above vm.extfrag_threshold: %d %s %ld, so"
			  " compaction would %s.\n", index,
			  index > threshold ? ">" : "<=", threshold,
			  index > threshold ? "go ahead" : "be skipped (reclaim is the cure)");
	}
	sb_release(&thr);
}

static void explain_unusable(unsigned int order, const struct contig_page_info *info, int index,
			     struct strbuf *out)
{
	sb_printf(out, "  unusable_free_index(%u):\n", order);
	if (!info->free_pages) {
		sb_puts(out, "    no free page: 1000 (all free memory counts as unusable)\n");
	} else {
		unsigned long usable = info->free_blocks_suitable << order;

		sb_puts(out, "    (free_pages - (free_blocks_suitable << order)) * 1000 / free_pages\n");
		sb_printf(out, "    = (%lu - %lu * %lu) * 1000 / %lu = %lu * 1000 / %lu = %d\n",
			  info->free_pages, info->free_blocks_suitable, 1UL << order,
			  info->free_pages, info->free_pages - usable, info->free_pages, index);
	}
	sb_printf(out, "  unusable_index prints %d.%03d for order %u: that share of the free pages"
		  " sits in\n  blocks smaller than 2^%u pages.\n", index / 1000, index % 1000, order,
		  order);
}

int explain_frag_cmd(struct cmd_ctx *ctx, const char *kind, const struct tokens *t,
		     struct strbuf *out)
{
	bool unusable = !strcmp(kind, "unusable");
	struct contig_page_info info;
	const struct zone *z;
	unsigned int order = 0;
	int nid = 0, zid = 0, index;

	if (parse_zone_order(ctx, kind, t, &nid, &zid, &order))
		return -1;
	z = sim_zone(ctx->sim, nid, zid);
	fill_contig_page_info(z, order, &info);
	index = unusable ? unusable_free_index(order, &info) : fragmentation_index_info(order, &info);
	sb_printf(out, "%s of Node %d, zone %s at order %u (/sys/kernel/debug/extfrag/%s)\n",
		  unusable ? "unusable free space index" : "fragmentation index", nid, z->name,
		  order, unusable ? "unusable_index" : "extfrag_index");
	explain_sums(z, order, &info, out);
	if (unusable)
		explain_unusable(order, &info, index, out);
	else
		explain_extfrag(ctx->sim, order, &info, index, out);
	if (out->failed)
		return cmd_error(ctx, "explain: out of memory");
	return 0;
}
