/* core/check.c - every engine invariant, checked the slow way.
 * Nothing here models the kernel (it has CONFIG_DEBUG_VM checks in the same
 * spirit: bad_page, VM_BUG_ON_PAGE); it walks every page and every list and
 * reports what disagrees, one line each.
 */
#include <errno.h>
#include <stdlib.h>

#include "buddyscope/buddy.h"
#include "buddyscope/sim.h"
#include "buddy_fast.h"
#include "internal.h"

#define MAX_REPORTED	20

struct checker {
	struct strbuf	*out;
	int		errors;
};

__attribute__((format(printf, 2, 3)))
static void bad(struct checker *c, const char *fmt, ...)
{
	va_list ap;

	if (c->errors++ >= MAX_REPORTED || !c->out)
		return;
	va_start(ap, fmt);
	sb_vprintf(c->out, fmt, ap);
	va_end(ap);
	sb_putc(c->out, '\n');
}

/* Walk one list; check links, membership and count. Return: its length. */
static unsigned long walk_list(struct checker *c, const struct sim *sim, uint32_t head,
			       const struct zone *z, uint16_t want_flag, unsigned int order, int mt,
			       const char *what)
{
	struct memmap *m = (struct memmap *)&sim->map;
	unsigned long n = 0, limit = sim->map.max_pfn + 1;
	uint32_t prev = head;

	for (uint32_t id = lnk(m, head)->next; id != head; id = lnk(m, id)->next) {
		const struct page *p;

		if (id & LIST_HEAD_BIT || id >= sim->map.max_pfn || ++n > limit) {
			bad(c, "%s %s: list corrupt (link %#x)", z->name, what, id);
			return n;
		}
		p = &sim->map.pages[id];
		if (lnk(m, id)->prev != prev)
			bad(c, "%s %s: pfn %#x has a bad prev link", z->name, what, id);
		if (!(p->flags & want_flag))
			bad(c, "%s %s: pfn %#x is on the list without its flag", z->name, what, id);
		if (page_zone_id(p) != z->id)
			bad(c, "%s %s: pfn %#x belongs to another zone", z->name, what, id);
		if (p->order != order)	/* every list has an order (pcp: its pindex's) */
			bad(c, "%s %s: pfn %#x has order %u", z->name, what, id, p->order);
		if (mt >= 0 && (int)get_pcppage_migratetype(p) != mt)
			bad(c, "%s %s: pfn %#x records list type %u", z->name, what, id,
			    get_pcppage_migratetype(p));
		prev = id;
	}
	return n;
}

static void check_zone(struct checker *c, const struct sim *sim, const struct zone *z)
{
	unsigned long free = 0, isolated = 0, pcp = 0, alloc = 0, reserved = 0, hole = 0;
	unsigned long heads[MAX_ORDER] = { 0 };
	unsigned long end = zone_end_pfn(z);

	/* 1. every pfn of the span: blocks aligned, inside the zone, not overlapping */
	for (unsigned long pfn = z->zone_start_pfn; pfn < end;) {
		const struct page *p = &sim->map.pages[pfn];
		unsigned long size;

		if (p->flags & PG_nomem) {
			hole++;
			pfn++;
			continue;
		}
		if (page_zone_id(p) != z->id)
			bad(c, "%s: pfn %#lx has zone id %u", z->name, pfn, page_zone_id(p));
		if (p->flags & PG_reserved) {
			reserved++;
			pfn++;
			continue;
		}
		if (p->flags & PG_pcp) {
			if (p->flags & (PG_buddy | PG_head))
				bad(c, "%s: pfn %#lx is on a pcp list and something else", z->name, pfn);
			size = 1UL << (p->order < MAX_ORDER ? p->order : 0);
			if ((pfn & (size - 1)) || pfn + size > end)
				bad(c, "%s: pcp block at %#lx order %u is misaligned", z->name, pfn,
				    p->order);
			pcp += size;
			pfn += size;
			continue;
		}
		if (!(p->flags & (PG_buddy | PG_head))) {
			bad(c, "%s: pfn %#lx belongs to no block (flags %#x)", z->name, pfn, p->flags);
			pfn++;
			continue;
		}
		size = 1UL << p->order;
		if (p->order >= MAX_ORDER || (pfn & (size - 1)) || pfn + size > end) {
			bad(c, "%s: block at %#lx order %u is misaligned or leaves the zone", z->name,
			    pfn, p->order);
			pfn++;
			continue;
		}
		for (unsigned long i = 1; i < size; i++)
			if (sim->map.pages[pfn + i].flags & (PG_buddy | PG_head | PG_pcp | PG_nomem |
							      PG_reserved))
				bad(c, "%s: block at %#lx order %u overlaps pfn %#lx", z->name, pfn,
				    p->order, pfn + i);
		if (p->flags & PG_buddy) {
			heads[p->order]++;
			if (get_pcppage_migratetype(p) == MIGRATE_ISOLATE)
				isolated += size;
			else
				free += size;
			/* 2. no two free buddies of one order left unmerged */
			if (p->order < MAX_ORDER - 1 && get_pcppage_migratetype(p) != MIGRATE_ISOLATE) {
				unsigned long b = pfn ^ size;

				bool cma_edge = b >= z->zone_start_pfn && b < end &&
					cma_keeps_apart(sim, z, p->order,
							get_pfnblock_migratetype(sim, pfn), b);

				if (b >= z->zone_start_pfn && b < end && page_is_buddy_order(&sim->map, b, p->order) &&
				    get_pcppage_migratetype(&sim->map.pages[b]) != MIGRATE_ISOLATE && !cma_edge)
					bad(c, "%s: free buddies %#lx and %#lx of order %u were not merged",
					    z->name, pfn < b ? pfn : b, pfn < b ? b : pfn, p->order);
			}
		} else {
			alloc += size;
		}
		pfn += size;
	}
	/* 3. conservation */
	if (hole != z->spanned_pages - z->present_pages)
		bad(c, "%s: %lu hole pages, expected spanned - present = %lu", z->name, hole,
		    z->spanned_pages - z->present_pages);
	if (reserved != z->present_pages - z->managed_pages)
		bad(c, "%s: %lu reserved pages, expected present - managed = %lu", z->name, reserved,
		    z->present_pages - z->managed_pages);
	if (free + isolated + pcp + alloc != z->managed_pages)
		bad(c, "%s: free %lu + pcp %lu + allocated %lu != managed %lu", z->name,
		    free + isolated, pcp, alloc, z->managed_pages);
	if ((long)free != z->vm_stat[NR_FREE_PAGES])
		bad(c, "%s: NR_FREE_PAGES %ld but %lu pages are on the free lists", z->name,
		    z->vm_stat[NR_FREE_PAGES], free);
	/* 4. the lists agree with the pages and the counters */
	for (int o = 0; o < MAX_ORDER; o++) {
		const struct free_area *area = &z->free_area[o];
		unsigned long total = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long n = walk_list(c, sim, area->free_list[mt], z, PG_buddy, o, mt,
						    "free list");

			if (n != area->nr_free_mt[mt])
				bad(c, "%s: order %d %s list holds %lu blocks, counter says %lu", z->name,
				    o, migratetype_names[mt], n, area->nr_free_mt[mt]);
			total += n;
		}
		if (total != area->nr_free)
			bad(c, "%s: order %d nr_free %lu but the lists hold %lu", z->name, o,
			    area->nr_free, total);
		if (total != heads[o])
			bad(c, "%s: order %d lists hold %lu blocks but %lu free blocks exist", z->name,
			    o, total, heads[o]);
	}
	{
		unsigned long on_lists = 0;

		for (int cpu = 0; cpu < z->nr_cpus; cpu++) {
			const struct per_cpu_pages *pp = &z->pageset[cpu];
			unsigned long n = 0;

			/* 6.1's pindex: order * MIGRATE_PCPTYPES + mt, the last THP */
			for (int i = 0; i < NR_PCP_LISTS; i++) {
				int o = i < NR_LOWORDER_PCP_LISTS ? i / MIGRATE_PCPTYPES : pageblock_order;

				n += walk_list(c, sim, pp->lists[i], z, PG_pcp, o, -1, "pcp list") << o;
			}
			if ((long)n != pp->count)
				bad(c, "%s: cpu %d pcp count %d but its lists hold %lu", z->name, cpu,
				    pp->count, n);
			on_lists += n;
		}
		if (on_lists != pcp)
			bad(c, "%s: %lu pages flagged pcp, %lu on pcp lists", z->name, pcp, on_lists);
	}
	/* 5. pageblocks */
	if (z->nr_reserved_highatomic % pageblock_nr_pages)
		bad(c, "%s: nr_reserved_highatomic %lu is not whole pageblocks", z->name,
		    z->nr_reserved_highatomic);
	for (unsigned long pfn = z->zone_start_pfn & ~(pageblock_nr_pages - 1); pfn < end;
	     pfn += pageblock_nr_pages)
		if (get_pfnblock_migratetype(sim, pfn) >= MIGRATE_TYPES)
			bad(c, "%s: pageblock at %#lx has type %d", z->name, pfn,
			    get_pfnblock_migratetype(sim, pfn));
}

/* The slab shrinker's count of the pages it can free agrees with them. */
static void check_slab(struct checker *c, const struct sim *sim, const struct pglist_data *pgdat)
{
	unsigned long n = 0, end = pgdat->node_start_pfn + pgdat->node_spanned_pages;

	for (unsigned long pfn = pgdat->node_start_pfn; pfn < end; pfn++) {
		const struct page *p = &sim->map.pages[pfn];

		n += (p->flags & (PG_slab | PG_head)) == (PG_slab | PG_head) &&
		     get_pcppage_migratetype(p) == MIGRATE_RECLAIMABLE;
	}
	if (n != pgdat->kswapd.nr_slab_scannable)
		bad(c, "node %d: %lu reclaimable slab pages, the shrinker counts %lu",
		    pgdat->node_id, n, pgdat->kswapd.nr_slab_scannable);
}

int sim_check(const struct sim *sim, struct strbuf *report)
{
	struct checker c = { report, 0 };

	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &sim->node_data[nid]->node_zones[zid];

			if (z->spanned_pages)
				check_zone(&c, sim, z);
		}
		check_slab(&c, sim, sim->node_data[nid]);
	}
	if (c.errors > MAX_REPORTED && report)
		sb_printf(report, "... and %d more\n", c.errors - MAX_REPORTED);
	return c.errors;
}

int sim_block_of(const struct sim *sim, unsigned long pfn, struct block_info *bi)
{
	const struct page *p;

	if (pfn >= sim->map.max_pfn)
		return -EINVAL;
	p = &sim->map.pages[pfn];
	bi->head = pfn;
	bi->order = 0;
	bi->cpu = -1;
	if (p->flags & PG_nomem) {
		bi->state = BLOCK_NOMEM;
		return 0;
	}
	if (p->flags & PG_reserved) {
		bi->state = BLOCK_RESERVED;
		return 0;
	}
	if (p->flags & PG_pcp) {
		const struct zone *z = sim->zone_by_id[page_zone_id(p)];
		struct memmap *m = (struct memmap *)&sim->map;

		bi->state = BLOCK_PCP;
		bi->order = p->order;
		for (int cpu = 0; cpu < z->nr_cpus && bi->cpu < 0; cpu++)
			for (int i = 0; i < NR_PCP_LISTS && bi->cpu < 0; i++) {
				uint32_t head = z->pageset[cpu].lists[i];

				for (uint32_t id = lnk(m, head)->next; id != head; id = lnk(m, id)->next)
					if (id == pfn) {
						bi->cpu = cpu;
						break;
					}
			}
		return 0;
	}
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		unsigned long h = pfn & ~((1UL << o) - 1);
		const struct page *hp = &sim->map.pages[h];

		if ((hp->flags & PG_pcp) && h + (1UL << hp->order) > pfn)
			return sim_block_of(sim, h, bi);	/* inside a 6.1 pcp block */
		if ((hp->flags & (PG_buddy | PG_head)) && h + (1UL << hp->order) > pfn) {
			bi->head = h;
			bi->order = hp->order;
			bi->state = (hp->flags & PG_buddy) ? BLOCK_FREE : BLOCK_ALLOCATED;
			return 0;
		}
	}
	SIM_BUG_ON(1);
}
