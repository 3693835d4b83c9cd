/* core/realmachine.c - what a real machine's files say, checked and
 * completed (realmachine.h): counters by name, the units each kernel used,
 * free lists when a file is missing or two files disagree, and the machine
 * description the simulator boots from.
 */
#include "buddyscope/realmachine.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "realmachine_int.h"

const char *const real_zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };

const char *const real_counter_names[NR_REAL_COUNTERS] = {
#define X(id, name) name,
	REAL_COUNTERS(X)
#undef X
};

void realmachine_init(struct real_machine *rm)
{
	memset(rm, 0, sizeof(*rm));
	for (int i = 0; i < NR_REAL_COUNTERS; i++) {
		rm->c[i] = rm->mi[i] = -1;
		for (int nid = 0; nid < MAX_NUMNODES; nid++) {
			rm->nodes[nid].c[i] = rm->nodes[nid].mi[i] = -1;
			for (int zid = 0; zid < MAX_NR_ZONES; zid++)
				rm->zones[nid][zid].c[i] = -1;
		}
	}
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
				rm->zones[nid][zid].stat[i] = -1;
}

/* vmstat names -> counters. The LRU names are zone counters in 4.0-4.7
 * zoneinfo and node counters (with nr_zone_* in the zones) from 4.8 on. */
static const struct {
	const char	*name;
	int		counter;
	int		zone_only;	/* 1: only in a zone section; -1: never there */
} counter_names[] = {
	{ "nr_zone_inactive_anon", RC_INACTIVE_ANON, 1 },
	{ "nr_zone_active_anon", RC_ACTIVE_ANON, 1 },
	{ "nr_zone_inactive_file", RC_INACTIVE_FILE, 1 },
	{ "nr_zone_active_file", RC_ACTIVE_FILE, 1 },
	{ "nr_zone_unevictable", RC_UNEVICTABLE, 1 },
	{ "nr_inactive_anon", RC_INACTIVE_ANON, 0 },
	{ "nr_active_anon", RC_ACTIVE_ANON, 0 },
	{ "nr_inactive_file", RC_INACTIVE_FILE, 0 },
	{ "nr_active_file", RC_ACTIVE_FILE, 0 },
	{ "nr_unevictable", RC_UNEVICTABLE, 0 },
	{ "nr_mlock", RC_MLOCK, 0 },
	{ "nr_anon_pages", RC_ANON, 0 },
	{ "nr_file_pages", RC_FILE, 0 },
	{ "nr_shmem", RC_SHMEM, 0 },
	{ "nr_mapped", RC_MAPPED, 0 },
	{ "nr_dirty", RC_DIRTY, 0 },
	{ "nr_writeback", RC_WRITEBACK, 0 },
	{ "nr_slab_reclaimable", RC_SLAB_R, 0 },
	{ "nr_slab_unreclaimable", RC_SLAB_U, 0 },
	{ "nr_page_table_pages", RC_PAGETABLE, 0 },
	{ "nr_kernel_stack", RC_KSTACK, 0 },
	{ "nr_anon_transparent_hugepages", RC_ANON_THP, 0 },
	{ "nr_free_pages", RC_FREE, 0 },
};

bool real_set_counter(struct real_machine *rm, long *c, const char *name, int n, long v,
		      bool zone)
{
	(void)rm;
	for (size_t i = 0; i < sizeof(counter_names) / sizeof(counter_names[0]); i++) {
		const char *cn = counter_names[i].name;

		if (strlen(cn) != (size_t)n || memcmp(cn, name, (size_t)n))
			continue;
		if (counter_names[i].zone_only == 1 && !zone)
			return false;
		/* nr_anon_transparent_hugepages counts THPs of HPAGE_PMD_NR pages */
		if (counter_names[i].counter == RC_ANON_THP)
			v *= (long)pageblock_nr_pages;
		/* a 4.8+ zone has both nr_zone_inactive_anon and no nr_inactive_anon;
		 * a 4.5 zone has only nr_inactive_anon: either fills the counter */
		c[counter_names[i].counter] = v;
		return true;
	}
	return false;
}

void real_set_zone_stat(struct real_zone *z, const char *name, int n, long v)
{
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++) {
		const char *sn = zone_stat_name((enum zone_stat_item)i);

		if (sn && strlen(sn) == (size_t)n && !memcmp(sn, name, (size_t)n)) {
			z->stat[i] = v;
			return;
		}
	}
}

/* ---- finishing ---- */

__attribute__((format(printf, 2, 3)))
static void note(struct strbuf *notes, const char *fmt, ...)
{
	va_list ap;

	if (!notes)
		return;
	va_start(ap, fmt);
	sb_vprintf(notes, fmt, ap);
	va_end(ap);
	sb_putc(notes, '\n');
}

/* nr_kernel_stack counted stacks (THREAD_SIZE, 4 pages on x86-64) up to
 * 4.8 and KiB from 4.9 on; the kernel log and meminfo always say kB. */
static long kstack_pages(const struct real_machine *rm, long v)
{
	bool kib = real_version(rm) ? real_version(rm) >= 409 : rm->layout >= REAL_LAYOUT_4_8;

	if (v < 0)
		return v;
	return kib ? v / 4 : v * 4;
}

static void fix_units(struct real_machine *rm)
{
	rm->c[RC_KSTACK] = kstack_pages(rm, rm->c[RC_KSTACK]);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		rm->nodes[nid].c[RC_KSTACK] = kstack_pages(rm, rm->nodes[nid].c[RC_KSTACK]);
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			rm->zones[nid][zid].c[RC_KSTACK] =
				kstack_pages(rm, rm->zones[nid][zid].c[RC_KSTACK]);
	}
}

/* pagetypeinfo's ">100000": the true count is buddyinfo's total less the
 * other types, when buddyinfo is there. */
static void resolve_overflow(struct real_zone *z, int nid, int zid, struct strbuf *notes)
{
	for (int o = 0; o < MAX_ORDER; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long others = 0;

			if (!(z->over_mt[o] & (1u << mt)))
				continue;
			for (int t = 0; t < MIGRATE_TYPES; t++)
				if (t != mt)
					others += z->nr_free_mt[o][t];
			if (z->have_buddy && z->nr_free[o] >= others + z->nr_free_mt[o][mt]) {
				z->nr_free_mt[o][mt] = z->nr_free[o] - others;
			} else {
				note(notes, "node %d zone %s: pagetypeinfo says >%lu %s blocks of order "
				     "%d and no buddyinfo gives the total: took %lu", nid,
				     real_zone_names[zid], z->nr_free_mt[o][mt], migratetype_names[mt], o,
				     z->nr_free_mt[o][mt]);
			}
		}
}

/* Make the free lists per order and type agree with the per-order totals. */
static void resolve_free_lists(struct real_zone *z, int nid, int zid, struct strbuf *notes)
{
	const char *zn = real_zone_names[zid];

	if (z->have_ptfree) {
		resolve_overflow(z, nid, zid, notes);
		for (int o = 0; o < MAX_ORDER; o++) {
			unsigned long sum = 0;
			int big = MIGRATE_MOVABLE;

			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				sum += z->nr_free_mt[o][mt];
				if (z->nr_free_mt[o][mt] > z->nr_free_mt[o][big])
					big = mt;
			}
			if (!z->have_buddy) {
				z->nr_free[o] = sum;
				continue;
			}
			if (sum == z->nr_free[o])
				continue;
			/* taken a moment apart: buddyinfo's totals win, the largest
			 * type takes up the difference */
			note(notes, "node %d zone %s order %d: buddyinfo has %lu blocks, pagetypeinfo "
			     "%lu (read at different moments): took buddyinfo's, the %s list "
			     "absorbs the difference", nid, zn, o, z->nr_free[o], sum,
			     migratetype_names[big]);
			if (sum < z->nr_free[o]) {
				z->nr_free_mt[o][big] += z->nr_free[o] - sum;
			} else {
				unsigned long extra = sum - z->nr_free[o];
				unsigned long first = z->nr_free_mt[o][big] < extra ?
						      z->nr_free_mt[o][big] : extra;

				/* the largest list first, as the note says */
				z->nr_free_mt[o][big] -= first;
				extra -= first;
				for (int mt = 0; mt < MIGRATE_TYPES && extra; mt++) {
					unsigned long take = z->nr_free_mt[o][mt] < extra ?
							     z->nr_free_mt[o][mt] : extra;

					z->nr_free_mt[o][mt] -= take;
					extra -= take;
				}
			}
		}
	} else if (z->have_buddy) {
		for (int o = 0; o < MAX_ORDER; o++) {
			memset(z->nr_free_mt[o], 0, sizeof(z->nr_free_mt[o]));
			z->nr_free_mt[o][MIGRATE_MOVABLE] = z->nr_free[o];
		}
		note(notes, "node %d zone %s: no pagetypeinfo: every free block is on the Movable "
		     "lists", nid, zn);
	} else {
		unsigned long left = z->free > z->managed ? z->managed : z->free;

		/* what boot would leave: the largest aligned blocks */
		for (int o = MAX_ORDER - 1; o >= 0; o--) {
			z->nr_free[o] = left >> o;
			left -= z->nr_free[o] << o;
			memset(z->nr_free_mt[o], 0, sizeof(z->nr_free_mt[o]));
			z->nr_free_mt[o][MIGRATE_MOVABLE] = z->nr_free[o];
		}
		note(notes, "node %d zone %s: no buddyinfo or pagetypeinfo: its %lu free pages are "
		     "laid out in the largest blocks, all Movable", nid, zn, z->free);
	}
}

unsigned long real_zone_buddy_pages(const struct real_zone *z)
{
	unsigned long sum = 0;

	for (int o = 0; o < MAX_ORDER; o++)
		sum += z->nr_free[o] << o;
	return sum;
}

static int finish_zone(struct real_machine *rm, int nid, int zid, struct strbuf *notes,
		       char *err, size_t errlen)
{
	struct real_zone *z = &rm->zones[nid][zid];
	const char *zn = real_zone_names[zid];
	unsigned long free;

	if (z->present > z->spanned || z->managed > z->present)
		return snprintf(err, errlen, "node %d zone %s: spanned %lu, present %lu, managed %lu: "
				"a zone has managed <= present <= spanned", nid, zn, z->spanned,
				z->present, z->managed), -EINVAL;
	if (!z->present) {
		if (z->have_buddy && real_zone_buddy_pages(z))
			return snprintf(err, errlen, "buddyinfo has free pages in node %d zone %s, "
					"which zoneinfo shows empty", nid, zn), -EINVAL;
		return 0;
	}
	resolve_free_lists(z, nid, zid, notes);
	free = real_zone_buddy_pages(z);
	if (free > z->managed)
		return snprintf(err, errlen, "node %d zone %s: %lu free pages in the free lists but "
				"only %lu managed", nid, zn, free, z->managed), -EINVAL;
	if (z->have_free && z->free != free)
		note(notes, "node %d zone %s: %s says %lu pages free, the free lists hold %lu "
		     "(read at different moments): NR_FREE_PAGES follows the lists", nid, zn,
		     rm->have & RF_KLOG ? "the report's zone line" : "zoneinfo", z->free, free);
	if (!z->have_blocks) {
		unsigned long n = (z->start_pfn + z->spanned + pageblock_nr_pages - 1) / pageblock_nr_pages -
				  z->start_pfn / pageblock_nr_pages;

		memset(z->blocks, 0, sizeof(z->blocks));
		z->blocks[MIGRATE_MOVABLE] = n;
		note(notes, "node %d zone %s: no pageblock counts: every pageblock is Movable", nid, zn);
	}
	return 0;
}

static unsigned long node_present(const struct real_machine *rm, int nid)
{
	unsigned long present = 0;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		present += rm->zones[nid][zid].present;
	return present;
}

/*
 * A memoryless node (cpus, or CXL/PMEM not yet onlined) prints its zones
 * empty. The last such nodes are left out: the others keep their ids, and
 * the cpus are shared out among the nodes with memory.
 * SIMPLIFICATION: a cpu-only node's allocations come from its nearest node
 * with memory on the real machine; here its cpus are on those nodes.
 */
static void drop_memoryless_tail(struct real_machine *rm, struct strbuf *notes)
{
	int n = rm->nr_nodes;

	while (n > 1 && !node_present(rm, n - 1))
		n--;
	if (n == rm->nr_nodes)
		return;
	if (n + 1 == rm->nr_nodes)
		note(notes, "node %d: no memory (cpus only): left out; its cpus are counted on the "
		     "nodes with memory", n);
	else
		note(notes, "nodes %d-%d: no memory (cpus only): left out; their cpus are counted "
		     "on the nodes with memory", n, rm->nr_nodes - 1);
	rm->nr_nodes = n;
}

/* Zones outside x86-64's limits (DMA below 16 MiB, DMA32 below 4 GiB,
 * Normal above): another architecture's (arm64's DMA reaches 1 or 4 GiB).
 * They stay where the kernel put them; GFP_DMA still means zone DMA. */
static void note_arch_bounds(const struct real_machine *rm, struct strbuf *notes)
{
	static const unsigned long lim[MAX_NR_ZONES] = { 4096, 1048576, 0, 0 };

	for (int nid = 0; nid < rm->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct real_zone *z = &rm->zones[nid][zid];
			unsigned long end = z->start_pfn + z->spanned;

			if (!z->present)
				continue;
			if ((lim[zid] && end > lim[zid]) ||
			    (zid == ZONE_NORMAL && z->start_pfn < lim[ZONE_DMA32])) {
				note(notes, "node %d zone %s covers pfns %#lx-%#lx, outside x86-64's "
				     "limits for it (another architecture, e.g. arm64): kept where "
				     "the kernel put it", nid, real_zone_names[zid], z->start_pfn,
				     end - 1);
				return;
			}
		}
}

/*
 * MemTotal is totalram_pages() << (PAGE_SHIFT - 10) (meminfo_proc_show):
 * the zones' managed pages in kB, 4 kB a page here. An arm64 or ppc64
 * kernel with 16 or 64 KiB pages shows 16 or 64 kB a page, and its
 * zoneinfo counts pages the model would read as 4 KiB ones: refused.
 * Other ratios are a kernel still handing memory to the buddy allocator
 * (deferred struct page init) or a balloon between the two reads: said.
 */
static int check_page_size(const struct real_machine *rm, struct strbuf *notes, char *err,
			   size_t errlen)
{
	unsigned long managed = 0, x10;

	for (int nid = 0; nid < rm->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			managed += rm->zones[nid][zid].managed;
	if (!rm->memtotal_kb || !managed)
		return 0;
	x10 = rm->memtotal_kb * 10 / managed;	/* kB per page, times 10 */
	if ((x10 >= 150 && x10 <= 170) || (x10 >= 600 && x10 <= 680))
		return snprintf(err, errlen, "meminfo: line %d: MemTotal %lu kB is %lu.%lu kB per "
				"managed page of zoneinfo: a kernel with %d KiB pages (arm64, ppc64); "
				"buddyscope models 4 KiB pages", rm->memtotal_line, rm->memtotal_kb,
				x10 / 10, x10 % 10, x10 < 200 ? 16 : 64), -EINVAL;
	if (x10 < 39 || x10 > 41)
		note(notes, "meminfo: MemTotal %lu kB but zoneinfo's zones manage %lu pages (%lu kB): "
		     "memory still being handed to the buddy allocator, or a balloon: the zones' "
		     "managed pages are kept", rm->memtotal_kb, managed, managed * 4);
	return 0;
}

static void describe(struct real_machine *rm, struct machine_desc *d)
{
	unsigned long managed = 0;
	int cpus = rm->nr_cpus > 0 ? rm->nr_cpus : 1;

	if (cpus > NR_CPUS)
		cpus = NR_CPUS;
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", rm->name[0] ? rm->name : "real");
	d->nr_nodes = rm->nr_nodes;
	d->migratetypes_shown = rm->mt_columns;
	d->real_zone_bounds = true;
	for (int nid = 0; nid < rm->nr_nodes; nid++) {
		d->nodes[nid].nr_cpus = cpus / rm->nr_nodes + (nid < cpus % rm->nr_nodes);
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct real_zone *z = &rm->zones[nid][zid];
			struct zone_desc *zd = &d->nodes[nid].zones[zid];

			if (!z->present)
				continue;
			zd->start_pfn = z->start_pfn;
			zd->spanned = z->spanned;
			zd->present = z->present;
			zd->managed = z->managed;
			managed += z->managed;
		}
	}
	{
		char tmp[256];

		snprintf(tmp, sizeof(tmp), "%s%s%s: %d node%s, %d cpu%s, %lu MiB managed",
			 rm->have & RF_KLOG ? "from a kernel log" : "from /proc",
			 rm->release[0] ? " of " : "", rm->release, rm->nr_nodes,
			 rm->nr_nodes > 1 ? "s" : "", cpus, cpus > 1 ? "s" : "",
			 managed >> (20 - PAGE_SHIFT));
		tmp[sizeof(d->summary) - 1] = '\0';
		memcpy(d->summary, tmp, sizeof(d->summary));
	}
	for (int i = 0; i < d->nr_nodes; i++)
		for (int j = 0; j < d->nr_nodes; j++)
			d->distance[i][j] = i == j ? 10 : 20;
}

int realmachine_finish(struct real_machine *rm, struct machine_desc *desc, struct strbuf *notes,
		       char *err, size_t errlen)
{
	int ret;

	if (!(rm->have & (RF_ZONEINFO | RF_KLOG)))
		return snprintf(err, errlen, "no zoneinfo: the zones come from /proc/zoneinfo"), -EINVAL;
	fix_units(rm);
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct real_zone *z = &rm->zones[nid][zid];

			if (!z->line && (z->have_buddy || z->have_ptfree || z->have_blocks))
				return snprintf(err, errlen, "node %d zone %s has free counts but no "
						"zoneinfo section", nid, real_zone_names[zid]), -EINVAL;
			if (z->line) {
				ret = finish_zone(rm, nid, zid, notes, err, errlen);
				if (ret)
					return ret;
			}
		}
	drop_memoryless_tail(rm, notes);
	for (int nid = 0; nid < rm->nr_nodes; nid++) {
		unsigned long present = 0;

		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			present += rm->zones[nid][zid].present;
		if (!present)
			return snprintf(err, errlen, "node %d has no memory (a node of cpus only) "
					"between nodes that have some; buddyscope keeps the real node "
					"numbers and models no node without zones: it accepts such "
					"nodes only after the last node with memory", nid), -EINVAL;
	}
	ret = check_page_size(rm, notes, err, errlen);
	if (ret)
		return ret;
	if (rm->nr_cpus > NR_CPUS)
		note(notes, "%d cpus: buddyscope models %d; the pcp pages of the others count as "
		     "used", rm->nr_cpus, NR_CPUS);
	/* SIMPLIFICATION: MIGRATE_RESERVE (2.6.24 to 4.3) is not modelled: the
	 * kernels modelled (4.5 on) have no reserve of last resort, and their
	 * highatomic reserve is not it (filled on demand, held back from the
	 * watermarks), so its pageblocks are Movable again (proc_parse.c) */
	if (rm->mt_reserve)
		note(notes, "pagetypeinfo has Reserve (MIGRATE_RESERVE, removed in 4.4): its %lu "
		     "pageblock%s and their free blocks are Movable here, the type boot took them "
		     "from; the kernel simulated keeps no reserve of last resort", rm->reserve_blocks,
		     rm->reserve_blocks == 1 ? "" : "s");
	note_arch_bounds(rm, notes);
	/* SIMPLIFICATION: the model's hugetlb pool has one size, 2 MiB */
	if (rm->hugepage_kb && rm->hugepage_kb != 2048)
		note(notes, "meminfo: hugetlb pages of %lu kB: their memory is held as 2 MiB "
		     "(order 9) pool pages, the only size buddyscope models", rm->hugepage_kb);
	describe(rm, desc);
	ret = machine_validate(desc, err, errlen);
	return ret;
}
