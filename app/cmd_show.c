/* app/cmd_show.c - `show`: the /proc files, one zone, one page, GFP flags.
 * The /proc views come from core/procfs.c in the kernel's layout; the zone,
 * page and gfp views are buddyscope's own, named after kernel fields.
 */
#include "commands.h"

#include <stdio.h>
#include <string.h>
#include "buddyscope/costs.h"
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/sim.h"
#include "buddyscope/workload.h"

/* ---- show zone ---- */

static void show_zone(const struct sim *sim, int nid, int zid, struct strbuf *out)
{
	const struct zone *z = sim_zone(sim, nid, zid);
	const char *wm = "  %-12s";

	sb_printf(out, "Node %d, zone %8s\n", nid, z->name);
	sb_printf(out, wm, "pfns");
	if (z->spanned_pages)
		sb_printf(out, "%#lx-%#lx\n", z->zone_start_pfn, zone_end_pfn(z) - 1);
	else
		sb_puts(out, "none\n");
	sb_printf(out, wm, "pages");
	sb_printf(out, "spanned %lu  present %lu  managed %lu\n", z->spanned_pages,
		  z->present_pages, z->managed_pages);
	sb_printf(out, wm, "free");
	sb_printf(out, "%lu (NR_FREE_PAGES)\n", zone_page_state(z, NR_FREE_PAGES));
	sb_printf(out, wm, "watermarks");
	sb_printf(out, "min %lu  low %lu  high %lu", zone_wmark_pages(z, WMARK_MIN),
		  zone_wmark_pages(z, WMARK_LOW), zone_wmark_pages(z, WMARK_HIGH));
	if (z->watermark_boost)		/* 6.1: wmark_pages() adds it to each */
		sb_printf(out, "  (boost %lu included)", z->watermark_boost);
	sb_putc(out, '\n');
	sb_printf(out, wm, "protection");
	sb_putc(out, '(');
	for (int i = 0; i < MAX_NR_ZONES; i++)
		sb_printf(out, "%s%ld", i ? ", " : "", z->lowmem_reserve[i]);
	sb_puts(out, ")  lowmem_reserve[] for requests of class");
	for (int i = 0; i < MAX_NR_ZONES; i++)
		sb_printf(out, " %s", zone_names[i]);
	sb_putc(out, '\n');
	sb_printf(out, wm, "highatomic");
	sb_printf(out, "%lu pages reserved (nr_reserved_highatomic)\n", z->nr_reserved_highatomic);

	sb_printf(out, "  %-12s", "free_area");
	for (int o = 0; o < MAX_ORDER; o++)
		sb_printf(out, " %6d", o);
	sb_puts(out, "   (blocks per order)\n");
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		sb_printf(out, "  %-12s", migratetype_names[mt]);
		for (int o = 0; o < MAX_ORDER; o++)
			sb_printf(out, " %6lu", z->free_area[o].nr_free_mt[mt]);
		sb_putc(out, '\n');
	}
	sb_printf(out, "  %-12s", "nr_free");
	for (int o = 0; o < MAX_ORDER; o++)
		sb_printf(out, " %6lu", z->free_area[o].nr_free);
	sb_putc(out, '\n');

	if (!z->pageset || z->nr_cpus <= 0 || !populated_zone(z))
		return;
	sb_printf(out, "  %-12s%5s %6s %6s %6s", "pcp", "cpu", "count", "high", "batch");
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
		sb_printf(out, " %11s", migratetype_names[mt]);
	sb_putc(out, '\n');
	for (int c = 0; c < z->nr_cpus; c++) {
		const struct per_cpu_pages *pcp = &z->pageset[c];

		sb_printf(out, "  %-12s%5d %6d %6d %6d", "", c, pcp->count, pcp->high, pcp->batch);
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
			long n = (long)sim_list_pfns(sim, pcp->lists[mt], NULL, 0);

			if (n < 0)
				sb_printf(out, " %11s", "?");
			else
				sb_printf(out, " %11ld", n);
		}
		sb_putc(out, '\n');
	}
}

/* ---- show page ---- */

/* %pGp-style names of page->flags, tied to the enum so they cannot drift. */
static const struct {
	unsigned int	bit;
	const char	*name;
} pageflag_names[] = {
	{ PG_buddy, "buddy" }, { PG_pcp, "pcp" }, { PG_head, "head" },
	{ PG_reserved, "reserved" }, { PG_nomem, "nomem" }, { PG_lru, "lru" },
	{ PG_active, "active" }, { PG_referenced, "referenced" }, { PG_dirty, "dirty" },
	{ PG_writeback, "writeback" }, { PG_swapbacked, "swapbacked" },
	{ PG_unevictable, "unevictable" }, { PG_young, "young" },
	{ PG_isolated, "isolated" }, { PG_reclaim, "reclaim" }, { PG_slab, "slab" },
};

static void show_page(const struct sim *sim, unsigned long pfn, struct strbuf *out)
{
	const struct page *p = sim_page(sim, pfn);
	const struct zone *z = sim_pfn_zone(sim, pfn);
	unsigned long pb = pfn & ~(pageblock_nr_pages - 1);
	unsigned int mt = sim_pageblock_migratetype(sim, pfn);
	struct block_info bi;
	int first = 1;

	sb_printf(out, "pfn %#lx: ", pfn);
	if (sim_block_of(sim, pfn, &bi)) {
		sb_printf(out, "%s\n", sim_errmsg(sim));
	} else {
		static const char *const what[] = {
			[BLOCK_NOMEM] = "a hole, no memory behind it",
			[BLOCK_RESERVED] = "reserved (present but not managed)",
			[BLOCK_FREE] = "free",
			[BLOCK_PCP] = "free, on a per-cpu list",
			[BLOCK_ALLOCATED] = "allocated",
		};
		unsigned long end = bi.head + (1UL << bi.order) - 1;

		sb_puts(out, what[bi.state]);
		if ((bi.state == BLOCK_FREE || bi.state == BLOCK_ALLOCATED) && bi.order == 0)
			sb_puts(out, ", a single page (order 0)");
		else if (bi.state == BLOCK_FREE || bi.state == BLOCK_ALLOCATED)
			sb_printf(out, ", %s the order-%u block %#lx-%#lx",
				  bi.head == pfn ? "head of" : "inside", bi.order, bi.head, end);
		if (bi.state == BLOCK_PCP)
			sb_printf(out, " (cpu %d, %s list)", bi.cpu,
				  get_pcppage_migratetype(p) < MIGRATE_PCPTYPES
				  ? migratetype_names[get_pcppage_migratetype(p)] : "?");
		sb_putc(out, '\n');
	}
	if (z)
		sb_printf(out, "  %-12snode %d %s\n", "zone", zone_to_nid(z), z->name);
	sb_printf(out, "  %-12s%#lx-%#lx %s\n", "pageblock", pb, pb + pageblock_nr_pages - 1,
		  mt < MIGRATE_TYPES ? migratetype_names[mt] : "?");
	sb_printf(out, "  %-12s0x%x(", "flags", p->flags);
	for (size_t i = 0; i < sizeof(pageflag_names) / sizeof(pageflag_names[0]); i++) {
		if (p->flags & pageflag_names[i].bit) {
			sb_printf(out, "%s%s", first ? "" : "|", pageflag_names[i].name);
			first = 0;
		}
	}
	sb_puts(out, ")\n");
	if (p->flags & (PG_buddy | PG_head))
		sb_printf(out, "  %-12s%u\n", "order", p->order);
	if (page_special_owner(sim, pfn))
		sb_printf(out, "  %-12s%s\n", "owner", page_special_owner(sim, pfn));
	else if ((p->flags & PG_head) && p->private)
		sb_printf(out, "  %-12spid %u\n", "owner", p->private);
}

/* ---- show gfp ---- */

/* Under 6.1: a line for each flag 6.1 defines and the model has no bit
 * for that the mask named (@notes: gfp_parse_6_1's). */
static void show_gfp_unmodelled(unsigned int notes, struct strbuf *out)
{
	const char *name, *note;

	for (size_t i = 0; (note = gfp_note_at_6_1(i, &name)); i++)
		if (notes & (1u << i))
			sb_printf(out, "  %-13s%s = %s\n", "not modelled", name, note);
}

static void show_gfp(const struct sim *sim, gfp_t gfp, const char *text, struct strbuf *out)
{
	char buf[512];
	gfp_t known = 0, g;
	const char *bit_names[32] = { NULL };
	int zone = gfp_zone(gfp), mt = gfpflags_to_migratetype(gfp), first = 1;
	const char *f = "  %-13s";
	enum gfp_style style = sim_gfp_style(sim);
	unsigned int v61, notes = 0, extra = 0;	/* 6.1 bits the model has none for */

	if (style == GFP_STYLE_61 && text &&
	    !gfp_parse_6_1(text, &g, &v61, &notes, buf, sizeof(buf)) && g == gfp)
		extra = v61 & ~gfp_to_6_1(gfp);
	else
		notes = 0;
	if (extra)
		gfp_format_6_1_value(gfp_to_6_1(gfp) | extra, buf, sizeof(buf));
	else
		gfp_format(gfp, style, buf, sizeof(buf));
	sb_printf(out, "gfp %#x: %s\n", gfp_value(gfp, style) | extra, buf);
	if (style == GFP_STYLE_61) {
		sb_printf(out, f, "6.1 %pGg");
		sb_printf(out, "%s\n", buf);
	} else {
		gfp_format(gfp, GFP_STYLE_PGG, buf, sizeof(buf));
		sb_printf(out, f, "v4.6 %pGg");
		sb_printf(out, "%s\n", buf);
		gfp_format(gfp, GFP_STYLE_TRACE45, buf, sizeof(buf));
		sb_printf(out, f, "v4.5 trace");
		sb_printf(out, "%s\n", buf);
	}
	sb_printf(out, f, "bits");
	for (size_t i = 0; gfp_name_at(i); i++) {
		const char *name = gfp_name_at(i);
		gfp_t bit;
		char err[128];

		if (strncmp(name, "__GFP_", 6) || gfp_parse(name, &bit, err, sizeof(err)) ||
		    !bit || (bit & (bit - 1)) || (known & bit))
			continue;
		known |= bit;
		bit_names[__builtin_ctz(bit)] = name;
	}
	for (int b = 0; b < 32; b++) {
		if (!(gfp & (1u << b)))
			continue;
		if (style == GFP_STYLE_61 && gfp_bit_name_6_1(1u << b))
			sb_printf(out, "%s%s", first ? "" : "|", gfp_bit_name_6_1(1u << b));
		else if (style == GFP_STYLE_61)
			sb_printf(out, "%s(%#x: not in 6.1)", first ? "" : "|", 1u << b);
		else if (bit_names[b])
			sb_printf(out, "%s%s", first ? "" : "|", bit_names[b]);
		else
			sb_printf(out, "%s%#x", first ? "" : "|", 1u << b);
		first = 0;
	}
	for (int b = 0; b < 32; b++)
		if (extra & (1u << b)) {
			gfp_format_6_1_value(1u << b, buf, sizeof(buf));
			sb_printf(out, "%s%s", first ? "" : "|", buf);
			first = 0;
		}
	sb_printf(out, "%s\n", first ? "none" : "");
	show_gfp_unmodelled(notes, out);

	sb_printf(out, f, "gfp_zone");
	if (zone < 0)
		sb_puts(out, "invalid zone modifiers (GFP_ZONE_BAD: the kernel would BUG)\n");
	else
		sb_printf(out, "%s (the highest zone it may use)\n", zone_names[zone]);
	sb_printf(out, f, "migratetype");
	if (mt < 0)
		sb_puts(out, "invalid: both __GFP_MOVABLE and __GFP_RECLAIMABLE\n");
	else
		sb_printf(out, "%s%s\n", migratetype_names[mt],
			  sim_mobility_grouping_disabled(sim) && mt
			  ? " (used as Unmovable: mobility grouping is off)" : "");
	sb_printf(out, f, "reclaim");
	sb_printf(out, "%s, %s\n",
		  gfpflags_allow_blocking(gfp) ? "may sleep in direct reclaim/compaction"
					       : "never sleeps",
		  (gfp & GFP_F_KSWAPD_RECLAIM) ? "wakes kswapd" : "does not wake kswapd");
	if (is_thp_gfp_mask(gfp)) {
		sb_printf(out, f, "thp");
		sb_puts(out, "is_thp_gfp_mask: deferred or contended compaction gives up\n");
	}

	sim_kernel(sim)->ops->alloc_flags_text(sim, gfp, 0, true, buf, sizeof(buf));
	sb_printf(out, f, "fast path");
	sb_printf(out, "%s\n", buf);
	sim_kernel(sim)->ops->alloc_flags_text(sim, gfp, 0, false, buf, sizeof(buf));
	sb_printf(out, f, "slow path");
	sb_printf(out, "%s (gfp_to_alloc_flags)\n", buf);
}

/* `show costs`: the table at this machine's speed, sim.wakeup_us's
 * WAKEUP where it is set */
static void show_costs(const struct sim *sim, struct strbuf *out)
{
	bool set;
	uint64_t wakeup = sim_wakeup_ns(sim, &set);

	costs_show(out, sim_cpu_slowdown(sim), set ? &wakeup : NULL);
}

int cmd_show(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "topic");
	const char *w = a->word;

	if (!strcmp(w, "buddyinfo"))
		procfs_show_buddyinfo(ctx->sim, out);
	else if (!strcmp(w, "pagetypeinfo"))
		procfs_show_pagetypeinfo(ctx->sim, out);
	else if (!strcmp(w, "zoneinfo"))
		procfs_show_zoneinfo(ctx->sim, out);
	else if (!strcmp(w, "vmstat"))
		procfs_show_vmstat(ctx->sim, out);
	else if (!strcmp(w, "extfrag"))
		procfs_show_extfrag(ctx->sim, out);
	else if (!strcmp(w, "unusable"))
		procfs_show_unusable(ctx->sim, out);
	else if (!strcmp(w, "zone"))
		show_zone(ctx->sim, a->nid, a->zid, out);
	else if (!strcmp(w, "page"))
		show_page(ctx->sim, a->u, out);
	else if (!strcmp(w, "gfp"))
		show_gfp(ctx->sim, a->gfp, a->s, out);
	else if (!strcmp(w, "costs"))
		show_costs(ctx->sim, out);
	else
		return cmd_error(ctx, "show: nothing called '%s'", w);
	if (out->failed)
		return cmd_error(ctx, "show: out of memory");
	return 0;
}
