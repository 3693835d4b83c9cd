/* core/realmachine_compare.c - does the simulated machine show what the real
 * one showed? Every count an import promises to reproduce, compared with
 * what the sim's own /proc views would print (realmachine_compare()).
 */
#include "buddyscope/realmachine.h"

#include <string.h>

#include "buddyscope/procfs.h"
#include "buddyscope/sim.h"
#include "realmachine_int.h"

#define MAX_DIFF_LINES	24

struct cmp {
	struct strbuf	*out;
	int		diffs;
	int		nid;
	const char	*zname;
};

__attribute__((format(printf, 2, 3)))
static void diff(struct cmp *c, const char *fmt, ...)
{
	va_list ap;

	if (c->diffs++ >= MAX_DIFF_LINES)
		return;
	sb_printf(c->out, "  node %d zone %s: ", c->nid, c->zname);
	va_start(ap, fmt);
	sb_vprintf(c->out, fmt, ap);
	va_end(ap);
	sb_putc(c->out, '\n');
}

static void blocks_of(const struct sim *sim, const struct zone *z, unsigned long count[MIGRATE_TYPES])
{
	memset(count, 0, sizeof(unsigned long) * MIGRATE_TYPES);
	for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z); pfn += pageblock_nr_pages)
		if (procfs_pageblock_counted(sim, pfn)) {
			unsigned int mt = sim_pageblock_migratetype(sim, pfn);

			if (mt < MIGRATE_TYPES)
				count[mt]++;
		}
}

static void compare_zone(struct cmp *c, const struct sim *sim, const struct zone *z,
			 const struct real_zone *rz, struct strbuf *same)
{
	static const int lru_rc[NR_LRU_LISTS] = { RC_INACTIVE_ANON, RC_ACTIVE_ANON, RC_INACTIVE_FILE,
						  RC_ACTIVE_FILE, RC_UNEVICTABLE };
	int before = c->diffs, cpus = 0;

	for (int o = 0; o < MAX_ORDER; o++) {
		if (z->free_area[o].nr_free != rz->nr_free[o])
			diff(c, "order %d: %lu free blocks, the files say %lu", o, z->free_area[o].nr_free,
			     rz->nr_free[o]);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (z->free_area[o].nr_free_mt[mt] != rz->nr_free_mt[o][mt])
				diff(c, "order %d %s: %lu free blocks, the files say %lu", o,
				     migratetype_names[mt], z->free_area[o].nr_free_mt[mt],
				     rz->nr_free_mt[o][mt]);
	}
	/* only what the files gave: an approximation the notes said is not theirs */
	if (rz->have_ptfree)
		sb_puts(same, ", free blocks per order and type");
	else if (rz->have_buddy)
		sb_puts(same, ", free blocks per order");
	if (rz->have_blocks) {
		unsigned long count[MIGRATE_TYPES];

		blocks_of(sim, z, count);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			if (count[mt] != rz->blocks[mt])
				diff(c, "%lu %s pageblocks, pagetypeinfo says %lu", count[mt],
				     migratetype_names[mt], rz->blocks[mt]);
		sb_puts(same, ", pageblock types");
	}
	if (rz->have_wmark) {
		for (int w = 0; w < NR_WMARK; w++)
			if (z->watermark[w] != rz->wmark[w])
				diff(c, "watermark %d is %lu, zoneinfo says %lu", w, z->watermark[w],
				     rz->wmark[w]);
		sb_printf(same, ", min/low/high %lu/%lu/%lu", z->watermark[WMARK_MIN],
			  z->watermark[WMARK_LOW], z->watermark[WMARK_HIGH]);
	}
	if (rz->nr_protection) {
		for (int j = 0; j < rz->nr_protection && j < MAX_NR_ZONES; j++)
			if (z->lowmem_reserve[j] != rz->protection[j])
				diff(c, "protection[%d] is %ld, zoneinfo says %ld", j, z->lowmem_reserve[j],
				     rz->protection[j]);
		sb_puts(same, ", protection");
	}
	for (int cpu = 0; cpu < rz->nr_pcp && cpu < z->nr_cpus; cpu++, cpus++)
		if (z->pageset[cpu].count != rz->pcp[cpu].count)
			diff(c, "cpu %d holds %d pcp pages, zoneinfo says %d", cpu, z->pageset[cpu].count,
			     rz->pcp[cpu].count);
	if (cpus)
		sb_printf(same, ", pcp counts of %d cpu%s", cpus, cpus > 1 ? "s" : "");
	if (rz->c[RC_ACTIVE_ANON] >= 0) {
		for (int l = 0; l < NR_LRU_LISTS; l++)
			if (rz->c[lru_rc[l]] >= 0 &&
			    zone_page_state(z, (enum zone_stat_item)(NR_LRU_BASE + l)) !=
			    (unsigned long)rz->c[lru_rc[l]])
				diff(c, "LRU list %d holds %lu pages, zoneinfo says %ld", l,
				     zone_page_state(z, (enum zone_stat_item)(NR_LRU_BASE + l)),
				     rz->c[lru_rc[l]]);
		sb_puts(same, ", LRU sizes");
	}
	if (c->diffs == before && same->len)
		sb_printf(c->out, "  node %d zone %s: as the files say: %s\n", c->nid, c->zname,
			  sb_str(same) + 2);
}

/* Node counters an import sets by count rather than by placing pages
 * (mapped pages, anonymous THPs): said only where they differ. Zones the
 * node counts in its own zoneinfo section (4.x) add up the same. */
static void compare_node(struct cmp *c, const struct sim *sim, const struct real_machine *rm,
			 int nid)
{
	static const struct { int rc; enum zone_stat_item item; unsigned long unit; } nc[] = {
		{ RC_MAPPED, NR_FILE_MAPPED, 1 },
		{ RC_ANON_THP, NR_ANON_TRANSPARENT_HUGEPAGES, pageblock_nr_pages },
	};

	for (size_t i = 0; i < sizeof(nc) / sizeof(nc[0]); i++) {
		long want = real_node_counter(rm, nid, nc[i].rc);
		unsigned long have = 0;

		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);

			if (z && z->present_pages)
				have += zone_page_state(z, nc[i].item) * nc[i].unit;
		}
		if (want >= 0 && have != (unsigned long)want && c->diffs++ < MAX_DIFF_LINES)
			sb_printf(c->out, "  node %d: %s %lu pages, the files say %ld\n", nid,
				  real_counter_names[nc[i].rc], have, want);
	}
}

int realmachine_compare(const struct sim *sim, const struct real_machine *rm, struct strbuf *out)
{
	struct cmp c = { out, 0, 0, NULL };
	struct strbuf same = STRBUF_INIT;

	for (int nid = 0; nid < sim_nr_nodes(sim) && nid < rm->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);

			if (!z || !z->present_pages)
				continue;
			c.nid = nid;
			c.zname = z->name;
			sb_reset(&same);
			compare_zone(&c, sim, z, &rm->zones[nid][zid], &same);
		}
	for (int nid = 0; nid < sim_nr_nodes(sim) && nid < rm->nr_nodes; nid++)
		compare_node(&c, sim, rm, nid);
	if (c.diffs > MAX_DIFF_LINES)
		sb_printf(out, "  ... %d differences in all\n", c.diffs);
	sb_release(&same);
	return c.diffs;
}
