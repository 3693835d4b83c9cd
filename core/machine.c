/* core/machine.c - machine descriptions: presets, machine files, /proc/zoneinfo.
 * Models the zone layout arch/x86/mm/init.c zone_sizes_init() gives an
 * x86-64 kernel (v4.5): DMA below 16 MiB, DMA32 below 4 GiB, Normal above,
 * Movable carved from the top when kernelcore=/movablecore= is given.
 *
 * ---- The machine file format ----
 *
 * A machine file describes nodes, zones and cpus, one statement a line.
 * Words are separated by blanks; '#' starts a comment that runs to the end
 * of the line; blank lines are ignored. Keywords are lower case.
 *
 *	# a 6 GiB teaching box
 *	name    mybox
 *	summary 6 GiB, one node, 4 cpus
 *	node 0 cpus 4
 *	zone 0 DMA     start 1    spanned 4095     present 3998    managed 3977
 *	zone 0 DMA32   start 16M  spanned 1044480  present 782336  managed 770000
 *	zone 0 Normal  start 4G   spanned 3G       present 3G      managed 760356
 *	sysctl vm.min_free_kbytes 67584
 *
 * name NAME	1..31 characters out of A-Z a-z 0-9 . _ - (default: the file's
 *		base name without its extension; "custom" for bare text)
 * summary TEXT	the rest of the line, at most 95 characters, shown by
 *		`machine list`
 * node NID cpus N
 *		declares node NID (0..7) with N cpus (0..64). Nodes are
 *		declared in order 0, 1, 2, ..., each once, before their zones.
 *		The machine has 1..64 cpus in all, numbered node by node.
 * zone NID ZONE FIELD VALUE ...
 *		ZONE is DMA, DMA32, Normal or Movable (any case). FIELDs, each
 *		at most once, in any order:
 *		  start    first pfn of the zone (zone_start_pfn)
 *		  spanned  pfns from start to the end, holes included (required)
 *		  present  pages with RAM behind them (default: spanned)
 *		  managed  pages the buddy allocator gets (default: present)
 *		The pages spanned but not present are a hole at the end of the
 *		zone; the pages present but not managed are reserved at its
 *		start. A zone that is left out, or has spanned 0, is empty.
 * distance A B D
 *		node distance in both directions, 11..254 (default: 10 from
 *		a node to itself, 20 to any other node)
 * sysctl vm.min_free_kbytes N		1..2147483647 (default: computed)
 * sysctl vm.watermark_scale_factor N	1..1000 (default: 10)
 * cma SIZE	a CMA area, as the boot parameter cma=SIZE: a size with a suffix
 *		(64M) or a number of pages, rounded up to the kernel's CMA
 *		alignment (v4.5: 4 MiB, 6.1: 2 MiB), placed where the kernel's
 *		memblock search puts it (machine_cma_area). Default: none.
 *
 * Numbers are decimal or 0x hex, without a sign. A zone's values (start
 * included) may instead be sizes in bytes with a K, M, G or T suffix
 * (1K = 1024) that come to whole 4 KiB pages: "start 4G" is pfn 1048576,
 * "present 512M" is 131072 pages.
 *
 * machine_validate() then checks what booting needs: every pfn below 2^31
 * (8 TiB); present <= spanned and managed <= present; the x86-64 limits (DMA
 * ends by pfn 4096, DMA32 lies in pfns 4096..1048575, Normal starts at pfn
 * 1048576 or above, Movable at 4096 or above); a node's zones go up in pfn
 * order without overlapping, and nodes do not share pfns; every node has
 * present pages; there is at least one managed page; distances are
 * symmetric. Every error names its line: "line 5: what was wrong; what is
 * accepted".
 *
 * ---- /proc/zoneinfo import ----
 *
 * machine_parse_zoneinfo() reads the v4.x and the v6.x layout alike: it
 * keeps "Node N, zone NAME" headers, the "spanned", "present", "managed" and
 * "start_pfn:" lines of each zone and the "cpu: N" lines of the pagesets,
 * and ignores every other line. A zone with present 0 is kept empty (6.x
 * prints such zones without start_pfn). Device zones (ZONE_DEVICE, 6.x) are
 * skipped; HighMem is refused, as buddyscope models x86-64. The machine has
 * (largest cpu number + 1) cpus; zoneinfo does not say which node a cpu
 * belongs to, so they are shared out evenly, the first nodes taking one more
 * when they do not divide. Node distances are the default 10/20.
 */
#include "buddyscope/machine.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine_int.h"


const char *const machine_zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };

__attribute__((format(printf, 4, 5)))
int machine_seterr(char *err, size_t errlen, int code, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}

/* ---- presets ---- */

struct preset {
	const char	*name;
	const char	*summary;
	int		nr_nodes;
	int		cpus[MAX_NUMNODES];
	struct zone_desc zones[MAX_NUMNODES][MAX_NR_ZONES];	/* start, spanned, present, managed */
	unsigned char	distance[MAX_NUMNODES][MAX_NUMNODES];	/* all 0: 10 local, 20 remote */
};

/* pfn 0 is never RAM the kernel hands out; the BIOS keeps a few pages more */
#define DMA_ZONE		{ 1, 4095, 3998, 3977 }
/* RAM from 16 MiB to 3 GiB, then the PCI hole up to 4 GiB: spanned > present */
#define DMA32_HOLE(managed)	{ 4096, 1044480, 782302, managed }

/*
 * Managed pages are present pages minus what boot keeps: the kernel image and
 * the swiotlb buffer in DMA32, the mem_map (64 bytes a page: 1/64 of the RAM,
 * 24576 pages for 6 GiB) at the top of each node.
 */
static const struct preset presets[] = {
	{ "tiny", "32 MiB, 1 node, 2 cpus: DMA and DMA32, small enough to see every page",
	  1, { 2 }, { { DMA_ZONE, { 4096, 4096, 4096, 3590 } } }, { { 0 } } },
	{ "classroom", "6 GiB, 1 node, 4 cpus: DMA, DMA32 with the 3-4 GiB hole, Normal (default)",
	  1, { 4 }, { { DMA_ZONE, DMA32_HOLE(765901), { 4 * GIB, 3 * GIB, 3 * GIB, 760356 } } },
	  { { 0 } } },
	{ "laptop", "8 GiB, 1 node, 8 cpus: DMA, DMA32 with the 3-4 GiB hole, Normal",
	  1, { 8 }, { { DMA_ZONE, DMA32_HOLE(765893), { 4 * GIB, 5 * GIB, 5 * GIB, 1276252 } } },
	  { { 0 } } },
	{ "numa2", "16 GiB, 2 nodes of 4 cpus at distance 20: node 1 has only Normal",
	  2, { 4, 4 }, {
		{ DMA_ZONE, DMA32_HOLE(765889), { 4 * GIB, 5 * GIB, 5 * GIB, 1276190 } },
		{ { 0 }, { 0 }, { 9 * GIB, 8 * GIB, 8 * GIB, 2063184 } } },
	  { { 0 } } },
	{ "numa4", "16 GiB, 4 nodes of 4 cpus in a ring: distances 10/16/22",
	  4, { 4, 4, 4, 4 }, {
		{ DMA_ZONE, DMA32_HOLE(765897), { 4 * GIB, 1 * GIB, 1 * GIB, 244860 } },
		{ { 0 }, { 0 }, { 5 * GIB, 4 * GIB, 4 * GIB, 1031492 } },
		{ { 0 }, { 0 }, { 9 * GIB, 4 * GIB, 4 * GIB, 1031501 } },
		{ { 0 }, { 0 }, { 13 * GIB, 4 * GIB, 4 * GIB, 1031497 } } },
	  { { 10, 16, 22, 16 }, { 16, 10, 16, 22 }, { 22, 16, 10, 16 }, { 16, 22, 16, 10 } } },
	{ "movable", "8 GiB, 1 node, 4 cpus, movablecore=2G: a Movable zone above Normal",
	  1, { 4 }, { { DMA_ZONE, DMA32_HOLE(765893), { 4 * GIB, 3 * GIB, 3 * GIB, 752064 },
			{ 7 * GIB, 2 * GIB, 2 * GIB, 2 * GIB } } },
	  { { 0 } } },
	{ "server64", "64 GiB, 1 node, 16 cpus: one big Normal zone for kswapd to balance",
	  1, { 16 }, { { DMA_ZONE, DMA32_HOLE(765836), { 4 * GIB, 61 * GIB, 61 * GIB, 15722740 } } },
	  { { 0 } } },
};

#define NR_PRESETS	(sizeof(presets) / sizeof(presets[0]))

const char *machine_preset_name(size_t i)
{
	return i < NR_PRESETS ? presets[i].name : NULL;
}

void machine_default_distances(struct machine_desc *m)
{
	for (int i = 0; i < m->nr_nodes; i++)
		for (int j = 0; j < m->nr_nodes; j++)
			if (!m->distance[i][j])
				m->distance[i][j] = i == j ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

int machine_preset(const char *name, struct machine_desc *out)
{
	for (size_t i = 0; name && i < NR_PRESETS; i++) {
		const struct preset *p = &presets[i];

		if (strcmp(p->name, name))
			continue;
		memset(out, 0, sizeof(*out));
		snprintf(out->name, sizeof(out->name), "%s", p->name);
		snprintf(out->summary, sizeof(out->summary), "%s", p->summary);
		out->nr_nodes = p->nr_nodes;
		for (int nid = 0; nid < p->nr_nodes; nid++) {
			out->nodes[nid].nr_cpus = p->cpus[nid];
			memcpy(out->nodes[nid].zones, p->zones[nid], sizeof(p->zones[nid]));
			memcpy(out->distance[nid], p->distance[nid], sizeof(p->distance[nid]));
		}
		machine_default_distances(out);
		return 0;
	}
	return -ENOENT;
}

/* ---- validation ---- */

static unsigned long zend(const struct zone_desc *z)
{
	return z->start_pfn + z->spanned;
}

#define FAIL(nid, zid, ...) do {					\
	*wnid = (nid);							\
	*wzid = (zid);							\
	return machine_seterr(msg, len, -EINVAL, __VA_ARGS__);			\
} while (0)

/* One zone on its own: sizes and the x86-64 pfn limits. */
static int check_zone(const struct zone_desc *z, bool any_bounds, int nid, int zid, char *msg,
		      size_t len, int *wnid, int *wzid)
{
	const char *zn = machine_zone_names[zid];

	if (!z->spanned) {
		if (z->present || z->managed)
			FAIL(nid, zid, "node %d zone %s: spanned 0 but present %lu, managed %lu; "
			     "an empty zone has present 0 and managed 0", nid, zn, z->present,
			     z->managed);
		return 0;
	}
	if (z->start_pfn >= MAX_PFN_LIMIT || z->spanned > MAX_PFN_LIMIT - z->start_pfn)
		FAIL(nid, zid, "node %d zone %s: start %lu + spanned %lu goes beyond pfn %lu; "
		     "pfns must stay below 2^31 (8 TiB)", nid, zn, z->start_pfn, z->spanned,
		     MAX_PFN_LIMIT);
	if (z->present > z->spanned)
		FAIL(nid, zid, "node %d zone %s: present %lu > spanned %lu; present must be <= spanned",
		     nid, zn, z->present, z->spanned);
	if (z->managed > z->present)
		FAIL(nid, zid, "node %d zone %s: managed %lu > present %lu; managed must be <= present",
		     nid, zn, z->managed, z->present);
	if (any_bounds)
		return 0;
	if (zid == ZONE_DMA && zend(z) > MAX_DMA_PFN)
		FAIL(nid, zid, "node %d zone DMA ends at pfn %lu; DMA must end by pfn 4096 (16 MiB)",
		     nid, zend(z));
	if (zid == ZONE_DMA32 && (z->start_pfn < MAX_DMA_PFN || zend(z) > MAX_DMA32_PFN))
		FAIL(nid, zid, "node %d zone DMA32 covers pfns %lu..%lu; DMA32 must lie in pfns "
		     "4096..1048575 (16 MiB to 4 GiB)", nid, z->start_pfn, zend(z) - 1);
	if (zid == ZONE_NORMAL && z->start_pfn < MAX_DMA32_PFN)
		FAIL(nid, zid, "node %d zone Normal starts at pfn %lu; Normal starts at pfn 1048576 "
		     "(4 GiB) or above", nid, z->start_pfn);
	if (zid == ZONE_MOVABLE && z->start_pfn < MAX_DMA_PFN)
		FAIL(nid, zid, "node %d zone Movable starts at pfn %lu; Movable starts at pfn 4096 "
		     "(16 MiB) or above", nid, z->start_pfn);
	return 0;
}

/* Zones of a node in order, zones of different nodes apart. */
static int check_layout(const struct machine_desc *m, char *msg, size_t len, int *wnid, int *wzid)
{
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		const struct zone_desc *zs = m->nodes[nid].zones;
		int prev = -1;

		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			if (!zs[zid].spanned)
				continue;
			if (prev >= 0 && zs[zid].start_pfn < zend(&zs[prev]))
				FAIL(nid, zid, "node %d zone %s starts at pfn %lu, before zone %s ends "
				     "(pfn %lu); a node's zones go up in pfn order without overlapping",
				     nid, machine_zone_names[zid], zs[zid].start_pfn, machine_zone_names[prev], zend(&zs[prev]));
			prev = zid;
		}
	}
	for (int nid = 1; nid < m->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone_desc *a = &m->nodes[nid].zones[zid];

			for (int n2 = 0; a->spanned && n2 < nid; n2++)
				for (int z2 = 0; z2 < MAX_NR_ZONES; z2++) {
					const struct zone_desc *b = &m->nodes[n2].zones[z2];

					if (b->spanned && a->start_pfn < zend(b) && b->start_pfn < zend(a))
						FAIL(nid, zid, "node %d zone %s overlaps node %d zone %s "
						     "(pfns %lu..%lu); nodes must not share pfns", nid,
						     machine_zone_names[zid], n2, machine_zone_names[z2], b->start_pfn, zend(b) - 1);
				}
		}
	return 0;
}

/*
 * The checks behind machine_validate(). On failure *wnid and *wzid say where:
 * a zone (nid, zid), a node (nid, -1) or the whole machine (-1, -1), so that
 * the parsers can name the line that described it.
 */
int machine_check(const struct machine_desc *m, char *msg, size_t len, int *wnid, int *wzid)
{
	unsigned long managed = 0;
	int cpus = 0, ret;

	*wnid = *wzid = -1;
	if (m->nr_nodes < 1 || m->nr_nodes > MAX_NUMNODES)
		FAIL(-1, -1, "machine has %d nodes; 1..%d are accepted", m->nr_nodes, MAX_NUMNODES);
	if (!memchr(m->name, 0, sizeof(m->name)) || !memchr(m->summary, 0, sizeof(m->summary)))
		FAIL(-1, -1, "name or summary is not terminated; they hold at most %zu and %zu "
		     "characters", sizeof(m->name) - 1, sizeof(m->summary) - 1);
	if (m->min_free_kbytes > MAX_MIN_FREE_KBYTES)
		FAIL(-1, -1, "vm.min_free_kbytes %lu is too large; accepted: 1..%lu (0: default)",
		     m->min_free_kbytes, MAX_MIN_FREE_KBYTES);
	if (m->watermark_scale_factor > MAX_WSF)
		FAIL(-1, -1, "vm.watermark_scale_factor %lu is too large; accepted: 1..%lu "
		     "(0: default)", m->watermark_scale_factor, MAX_WSF);
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		const struct node_desc *nd = &m->nodes[nid];
		unsigned long present = 0;

		if (nd->nr_cpus < 0 || nd->nr_cpus > NR_CPUS)
			FAIL(nid, -1, "node %d has %d cpus; accepted: 0..%d", nid, nd->nr_cpus, NR_CPUS);
		cpus += nd->nr_cpus;
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			ret = check_zone(&nd->zones[zid], m->real_zone_bounds, nid, zid, msg, len, wnid,
					 wzid);
			if (ret)
				return ret;
			present += nd->zones[zid].present;
			managed += nd->zones[zid].managed;
		}
		if (!present)
			FAIL(nid, -1, "node %d has no memory; give it a zone with present pages", nid);
	}
	{	/* struct page holds a zone id in 5 bits (mmzone.h) */
		int zones = 0;

		for (int nid = 0; nid < m->nr_nodes; nid++)
			for (int zid = 0; zid < MAX_NR_ZONES; zid++)
				zones += m->nodes[nid].zones[zid].present != 0;
		if (zones > ZONE_ID_NONE)
			FAIL(-1, -1, "machine has %d zones with memory; at most %d are accepted "
			     "(a page records its zone in 5 bits)", zones, ZONE_ID_NONE);
	}
	if (cpus < 1 || cpus > NR_CPUS)
		FAIL(-1, -1, "machine has %d cpus; 1..%d are accepted", cpus, NR_CPUS);
	if (!managed)
		FAIL(-1, -1, "no zone has managed pages; the buddy allocator needs at least one");
	ret = check_layout(m, msg, len, wnid, wzid);
	if (ret)
		return ret;
	for (int i = 0; i < m->nr_nodes; i++)
		for (int j = 0; j < m->nr_nodes; j++) {
			unsigned int d = m->distance[i][j];

			if (i == j && d != LOCAL_DISTANCE)
				FAIL(i, -1, "distance from node %d to itself is %u; it must be 10", i, d);
			if (i != j && (d <= LOCAL_DISTANCE || d > MAX_DISTANCE))
				FAIL(i, -1, "distance from node %d to node %d is %u; accepted: 11..254",
				     i, j, d);
			if (d != m->distance[j][i])
				FAIL(i, -1, "distance %d to %d is %u but %d to %d is %u; distances must "
				     "be symmetric", i, j, d, j, i, m->distance[j][i]);
		}
	return 0;
}

#undef FAIL

int machine_validate(const struct machine_desc *m, char *err, size_t errlen)
{
	int nid, zid;

	return machine_check(m, err, errlen, &nid, &zid);
}

/*
 * Models: dma_contiguous_reserve() -> cma_declare_contiguous() (v4.5) /
 * cma_declare_contiguous_nid() (6.1) for the boot parameter cma=SIZE: size
 * and base aligned to CMA's alignment, the area taken from memblock whole.
 * 5.11+ first tries bottom-up from 4 GiB when memory ends at least the
 * area's size above it ("avoid using first 4GB to not interfere with
 * constrained zones like DMA/DMA32"); then, as v4.5 always does, memblock's
 * default top-down search below the end of memory (x86-64 has no highmem,
 * so no low/high split). Its pages stay managed (cma_init_reserved_mem()
 * takes them from memblock, init_cma_reserved_pageblock() gives them back
 * to the zone).
 * SIMPLIFICATION: memblock's free ranges are a zone's managed pages (the
 * pages present but not managed sit at its start); an area never spans
 * two zones (the kernel's could, and cma_activate_area() would then refuse
 * it), and nothing else reserved at boot is in the way.
 */
int machine_cma_area(const struct machine_desc *m, unsigned int align_order, bool bottom_up_4g,
		     int *nid, int *zid, unsigned long *start, unsigned long *pages)
{
	const unsigned long four_g = 1UL << (32 - PAGE_SHIFT), align = 1UL << align_order;
	unsigned long size, end = 0;

	if (!m->cma_pages)
		return -ENOENT;
	size = (m->cma_pages + align - 1) & ~(align - 1);
	for (int n = 0; n < m->nr_nodes; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone_desc *zd = &m->nodes[n].zones[z];

			if (zd->present && zd->start_pfn + zd->present > end)
				end = zd->start_pfn + zd->present;
		}
	/* bottom-up from 4 GiB: the lowest fit, zones in pfn order */
	for (int pass = bottom_up_4g && end >= four_g + size ? 0 : 1; pass < 2; pass++) {
		unsigned long best = 0;
		bool found = false;

		for (int n = 0; n < m->nr_nodes; n++)
			for (int z = 0; z < MAX_NR_ZONES; z++) {
				const struct zone_desc *zd = &m->nodes[n].zones[z];
				unsigned long lo = zd->start_pfn + zd->present - zd->managed;
				unsigned long hi = zd->start_pfn + zd->present, at;

				if (!zd->managed)
					continue;
				if (pass == 0) {	/* the lowest aligned base >= 4 GiB */
					at = ((lo > four_g ? lo : four_g) + align - 1) & ~(align - 1);
					if (at + size > hi || (found && at >= best))
						continue;
				} else {		/* the highest aligned base */
					at = (hi & ~(align - 1)) - size;
					if ((hi & ~(align - 1)) < size || at < lo || (found && at <= best))
						continue;
				}
				found = true;
				best = at;
				*nid = n;
				*zid = z;
			}
		if (found) {
			*start = best;
			*pages = size;
			return 0;
		}
	}
	return -ENOSPC;
}

/* ---- writing a machine file ---- */

struct outbuf {
	char		*buf;
	size_t		size;
	size_t		len;			/* what the whole text needs */
};

__attribute__((format(printf, 2, 3)))
static void out_printf(struct outbuf *o, const char *fmt, ...)
{
	size_t room = o->len < o->size ? o->size - o->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

size_t machine_format(const struct machine_desc *m, char *buf, size_t size)
{
	struct outbuf o = { buf, size, 0 };

	if (buf && size)
		buf[0] = '\0';
	out_printf(&o, "# buddyscope machine file\nname %s\n", m->name);
	if (m->summary[0])
		out_printf(&o, "summary %s\n", m->summary);
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		out_printf(&o, "node %d cpus %d\n", nid, m->nodes[nid].nr_cpus);
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone_desc *z = &m->nodes[nid].zones[zid];

			if (z->spanned)
				out_printf(&o, "zone %d %-7s start %-8lu spanned %-8lu present %-8lu "
					   "managed %lu\n", nid, machine_zone_names[zid], z->start_pfn,
					   z->spanned, z->present, z->managed);
		}
	}
	for (int i = 0; i < m->nr_nodes; i++)
		for (int j = i + 1; j < m->nr_nodes; j++)
			out_printf(&o, "distance %d %d %u\n", i, j, m->distance[i][j]);
	if (m->min_free_kbytes)
		out_printf(&o, "sysctl vm.min_free_kbytes %lu\n", m->min_free_kbytes);
	if (m->watermark_scale_factor)
		out_printf(&o, "sysctl vm.watermark_scale_factor %lu\n", m->watermark_scale_factor);
	if (m->cma_pages)
		out_printf(&o, "cma %lu\n", m->cma_pages);
	return o.len;
}

/* ---- machine_load ---- */

/* Read all of @path into a NUL-terminated malloc'd *text; caller frees. */
static int read_text(const char *path, char **text, char *err, size_t errlen)
{
	size_t len = 0, cap = 65536;
	char *buf = NULL, *nul;
	FILE *f;
	int ret = 0;

	f = fopen(path, "rb");
	if (!f)
		return machine_seterr(err, errlen, -ENOENT, "cannot open '%s': %s", path, strerror(errno));
	for (;;) {
		size_t n;

		if (!buf || len == cap) {
			char *nb;

			if (buf && cap > MACHINE_FILE_MAX) {
				ret = machine_seterr(err, errlen, -EINVAL, "'%s' is larger than 16 MiB; "
					     "accepted: a machine file or a /proc/zoneinfo", path);
				goto out;
			}
			if (buf)
				cap = cap * 2 > MACHINE_FILE_MAX ? MACHINE_FILE_MAX + 1 : cap * 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				ret = machine_seterr(err, errlen, -ENOMEM, "out of memory reading '%s'", path);
				goto out;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n)
			continue;
		if (ferror(f)) {
			ret = machine_seterr(err, errlen, -ENOENT, "cannot read '%s': %s", path,
				     strerror(errno));
			goto out;
		}
		break;
	}
	buf[len] = '\0';
	nul = memchr(buf, '\0', len);
	if (nul) {
		int line = 1;

		for (const char *p = buf; p < nul; p++)
			line += *p == '\n';
		ret = machine_seterr(err, errlen, -EINVAL, "%s: line %d: NUL byte; accepted: text", path,
			     line);
		goto out;
	}
	*text = buf;
	buf = NULL;
out:
	free(buf);
	fclose(f);
	return ret;
}

/* The file's base name without its extension, in name characters. */
static void base_name(const char *path, char *name, size_t size)
{
	const char *b = strrchr(path, '/'), *dot;
	size_t n = 0;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	if (!dot || dot == b)
		dot = b + strlen(b);
	for (; b < dot && n + 1 < size; b++)
		name[n++] = machine_name_char(*b) ? *b : '_';
	name[n] = '\0';
	if (!n)
		snprintf(name, size, "custom");
}

int machine_load(const char *spec, struct machine_desc *out, char *err, size_t errlen)
{
	char name[sizeof(out->name)], msg[512], *text = NULL;
	const char *path;
	bool zoneinfo;
	int ret;

	if (!spec || !*spec)
		return machine_seterr(err, errlen, -EINVAL, "no machine given; accepted: a preset name, "
			      "file:PATH or zoneinfo:PATH");
	if (!strncmp(spec, "file:", 5)) {
		path = spec + 5;
		zoneinfo = false;
	} else if (!strncmp(spec, "zoneinfo:", 9)) {
		path = spec + 9;
		zoneinfo = true;
	} else {
		size_t n = 0;

		if (!machine_preset(spec, out))
			return 0;
		n = (size_t)snprintf(msg, sizeof(msg), "no preset '%.40s'; accepted:", spec);
		for (size_t i = 0; machine_preset_name(i) && n < sizeof(msg); i++)
			n += (size_t)snprintf(msg + n, sizeof(msg) - n, " %s,",
					      machine_preset_name(i));
		return machine_seterr(err, errlen, -ENOENT, "%s file:PATH, zoneinfo:PATH", msg);
	}
	if (!*path)
		return machine_seterr(err, errlen, -EINVAL, "'%s' has no path; accepted: %sPATH", spec,
			      zoneinfo ? "zoneinfo:" : "file:");
	ret = read_text(path, &text, err, errlen);
	if (ret)
		return ret;
	base_name(path, name, sizeof(name));
	if (zoneinfo)
		ret = machine_parse_zoneinfo_named(text, out, msg, sizeof(msg), name);
	else
		ret = machine_parse_named(text, out, msg, sizeof(msg), name);
	if (ret)
		machine_seterr(err, errlen, ret, "%s: %s", path, msg);
	free(text);
	return ret;
}
