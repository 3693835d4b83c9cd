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

#define MAX_DMA_PFN	4096UL		/* 16 MiB: arch/x86/include/asm/dma.h */
#define MAX_DMA32_PFN	1048576UL	/* 4 GiB */
#define LOCAL_DISTANCE	10
#define REMOTE_DISTANCE	20
#define MAX_DISTANCE	254		/* 255 means unreachable in a SLIT */
#define MAX_MIN_FREE_KBYTES 2147483647UL /* INT_MAX: the sysctl is an int */
#define MAX_WSF		1000UL		/* vm.watermark_scale_factor limit, v4.6 */
#define GIB		262144UL	/* pages in a GiB */

static const char *const zname[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };

__attribute__((format(printf, 4, 5)))
static int seterr(char *err, size_t errlen, int code, const char *fmt, ...)
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

static void set_default_distances(struct machine_desc *m)
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
		set_default_distances(out);
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
	return seterr(msg, len, -EINVAL, __VA_ARGS__);			\
} while (0)

/* One zone on its own: sizes and the x86-64 pfn limits. */
static int check_zone(const struct zone_desc *z, int nid, int zid, char *msg, size_t len,
		      int *wnid, int *wzid)
{
	const char *zn = zname[zid];

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
				     nid, zname[zid], zs[zid].start_pfn, zname[prev], zend(&zs[prev]));
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
						     zname[zid], n2, zname[z2], b->start_pfn, zend(b) - 1);
				}
		}
	return 0;
}

/*
 * The checks behind machine_validate(). On failure *wnid and *wzid say where:
 * a zone (nid, zid), a node (nid, -1) or the whole machine (-1, -1), so that
 * the parsers can name the line that described it.
 */
static int check(const struct machine_desc *m, char *msg, size_t len, int *wnid, int *wzid)
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
			ret = check_zone(&nd->zones[zid], nid, zid, msg, len, wnid, wzid);
			if (ret)
				return ret;
			present += nd->zones[zid].present;
			managed += nd->zones[zid].managed;
		}
		if (!present)
			FAIL(nid, -1, "node %d has no memory; give it a zone with present pages", nid);
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

	return check(m, err, errlen, &nid, &zid);
}

/*
 * Run check() for a parser: a failure is reported at the line that described
 * the zone or node at fault, @zone_line[nid][zid] (0: unknown) or
 * @node_line[nid], else at @last_line.
 */
static int check_at(const struct machine_desc *m, const int node_line[MAX_NUMNODES],
		    int zone_line[MAX_NUMNODES][MAX_NR_ZONES], int last_line,
		    char *err, size_t errlen)
{
	char msg[256];
	int nid, zid, line = last_line;
	int ret = check(m, msg, sizeof(msg), &nid, &zid);

	if (!ret)
		return 0;
	if (nid >= 0 && nid < MAX_NUMNODES) {
		if (zid >= 0 && zone_line[nid][zid])
			line = zone_line[nid][zid];
		else if (node_line[nid])
			line = node_line[nid];
	}
	return seterr(err, errlen, ret, "line %d: %s", line, msg);
}

/* ---- words and numbers, for both parsers ---- */

#define MAX_WORDS	16

struct words {
	int		n;			/* words on the line, may be > MAX_WORDS */
	const char	*s[MAX_WORDS];
	int		len[MAX_WORDS];
	const char	*end;			/* just after the last word */
};

/* "%.*s" arguments for word i, cut to 40 characters for messages */
#define WORD(w, i)	((w)->len[i] > 40 ? 40 : (w)->len[i]), (w)->s[i]

struct parser {
	const char	*next;			/* start of the next line */
	int		line;			/* current line, from 1 */
	char		*err;
	size_t		errlen;
};

__attribute__((format(printf, 2, 3)))
static int perr(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!ps->err || !ps->errlen)
		return -EINVAL;
	n = snprintf(ps->err, ps->errlen, "line %d: ", ps->line);
	if (n > 0 && (size_t)n < ps->errlen) {
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Split the next line into words (up to '#' if @comments); false at the end. */
static bool next_words(struct parser *ps, bool comments, struct words *w)
{
	const char *p = ps->next;

	if (!*p)
		return false;
	ps->line++;
	w->n = 0;
	while (*p && *p != '\n' && !(comments && *p == '#')) {
		const char *s;

		if (is_blank(*p)) {
			p++;
			continue;
		}
		for (s = p; *p && *p != '\n' && !is_blank(*p) && !(comments && *p == '#'); p++)
			;
		if (w->n < MAX_WORDS) {
			w->s[w->n] = s;
			w->len[w->n] = (int)(p - s);
		}
		w->n++;
		w->end = p;
	}
	while (*p && *p != '\n')
		p++;
	ps->next = *p ? p + 1 : p;
	return true;
}

static bool word_is(const struct words *w, int i, const char *lit)
{
	return i < w->n && (size_t)w->len[i] == strlen(lit) && !memcmp(w->s[i], lit, w->len[i]);
}

static bool word_is_ci(const struct words *w, int i, const char *lit)
{
	if (i >= w->n || (size_t)w->len[i] != strlen(lit))
		return false;
	for (int k = 0; k < w->len[i]; k++) {
		char a = w->s[i][k], b = lit[k];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Parse word @i of @w: decimal or 0x hex, or with @units a decimal size in
 * bytes with a K/M/G/T suffix that must come to whole pages. @what names the
 * value in messages. Values above @max are refused.
 */
static int parse_num(struct parser *ps, const struct words *w, int i, const char *what,
		     bool units, unsigned long max, unsigned long *out)
{
	const char *accepted = units ? "pages, or bytes with K, M, G or T (512M)"
				     : "a number without sign or unit";
	const char *s = w->s[i];
	int n = w->len[i], k = 0, base = 10, shift = 0;
	unsigned long long v = 0;

	if (s[0] == '-' || s[0] == '+')
		return perr(ps, "%s '%.*s' %s; accepted: %s", what, WORD(w, i),
			    s[0] == '-' ? "is negative" : "has a sign", accepted);
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		k = 2;
	}
	for (; k < n; k++) {
		int d = hexval(s[k]);

		if (d < 0 || d >= base)
			break;
		v = v * base + d;
		if (v > (1ULL << 50))
			return perr(ps, "%s '%.*s' is too large; accepted: 0..%lu", what, WORD(w, i),
				    max);
	}
	if (k == 0 || (base == 16 && k == 2))
		return perr(ps, "%s '%.*s' is not a number; accepted: %s", what, WORD(w, i),
			    accepted);
	if (k < n) {
		switch (units && base == 10 && k + 1 == n ? s[k] : 0) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		case 't': case 'T': shift = 40; break;
		default:
			return perr(ps, "%s '%.*s' is not a number; accepted: %s", what, WORD(w, i),
				    accepted);
		}
		if (v > (1ULL << 62) >> shift)
			return perr(ps, "%s '%.*s' is too large; accepted: 0..%lu pages", what,
				    WORD(w, i), max);
		v <<= shift;
		if (v & (PAGE_SIZE - 1))
			return perr(ps, "%s '%.*s' is not a whole number of 4 KiB pages; use a "
				    "multiple of 4K", what, WORD(w, i));
		v >>= PAGE_SHIFT;
	}
	if (v > max)
		return perr(ps, "%s '%.*s' is too large; accepted: 0..%lu%s", what, WORD(w, i), max,
			    units ? " pages" : "");
	*out = (unsigned long)v;
	return 0;
}

/* ---- machine files ---- */

struct mfile {
	struct parser	ps;
	struct machine_desc *m;
	int		node_line[MAX_NUMNODES];
	int		zone_line[MAX_NUMNODES][MAX_NR_ZONES];
	bool		have_name, have_summary, have_mfk, have_wsf;
	bool		dist_set[MAX_NUMNODES][MAX_NUMNODES];
};

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

static int mf_name(struct mfile *mf, const struct words *w)
{
	if (mf->have_name)
		return perr(&mf->ps, "second 'name' line; give the name once");
	if (w->n != 2)
		return perr(&mf->ps, "'name' takes one word; accepted: name NAME");
	if (w->len[1] >= (int)sizeof(mf->m->name))
		return perr(&mf->ps, "name '%.*s' is too long; accepted: 1..%zu characters",
			    WORD(w, 1), sizeof(mf->m->name) - 1);
	for (int k = 0; k < w->len[1]; k++)
		if (!name_char(w->s[1][k]))
			return perr(&mf->ps, "name '%.*s' has a '%c'; accepted: A-Z a-z 0-9 . _ -",
				    WORD(w, 1), w->s[1][k]);
	memcpy(mf->m->name, w->s[1], w->len[1]);
	mf->m->name[w->len[1]] = '\0';
	mf->have_name = true;
	return 0;
}

static int mf_summary(struct mfile *mf, const struct words *w)
{
	const char *s = w->s[1];
	size_t n;

	if (mf->have_summary)
		return perr(&mf->ps, "second 'summary' line; give the summary once");
	if (w->n < 2)
		return perr(&mf->ps, "'summary' needs text; accepted: summary TEXT");
	n = (size_t)(w->end - s);
	if (n >= sizeof(mf->m->summary))
		return perr(&mf->ps, "summary is %zu characters long; accepted: at most %zu", n,
			    sizeof(mf->m->summary) - 1);
	memcpy(mf->m->summary, s, n);
	mf->m->summary[n] = '\0';
	mf->have_summary = true;
	return 0;
}

static int mf_nid(struct mfile *mf, const struct words *w, int i, int *nid)
{
	unsigned long v;
	int ret = parse_num(&mf->ps, w, i, "node", false, MAX_NUMNODES - 1, &v);

	if (ret)
		return ret;
	if ((int)v >= mf->m->nr_nodes)
		return perr(&mf->ps, "node %lu is not declared; put 'node %lu cpus N' before it "
			    "is used", v, v);
	*nid = (int)v;
	return 0;
}

static int mf_node(struct mfile *mf, const struct words *w)
{
	struct machine_desc *m = mf->m;
	unsigned long nid, cpus;
	int ret;

	if (w->n != 4 || !word_is(w, 2, "cpus"))
		return perr(&mf->ps, "bad node line; accepted: node NID cpus N");
	ret = parse_num(&mf->ps, w, 1, "node", false, MAX_NUMNODES - 1, &nid);
	if (!ret)
		ret = parse_num(&mf->ps, w, 3, "cpus", false, NR_CPUS, &cpus);
	if (ret)
		return ret;
	if ((int)nid < m->nr_nodes)
		return perr(&mf->ps, "node %lu declared twice; declare each node once", nid);
	if ((int)nid > m->nr_nodes)
		return perr(&mf->ps, "node %lu declared before node %d; declare nodes 0, 1, 2, ... "
			    "in order", nid, m->nr_nodes);
	m->nodes[nid].nr_cpus = (int)cpus;
	m->nr_nodes++;
	mf->node_line[nid] = mf->ps.line;
	return 0;
}

static int zone_by_name(const struct words *w, int i)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (word_is_ci(w, i, zname[zid]))
			return zid;
	return -1;
}

static int mf_zone(struct mfile *mf, const struct words *w)
{
	static const char *const field[4] = { "start", "spanned", "present", "managed" };
	unsigned long val[4];
	bool have[4] = { false };
	int nid = 0, zid, ret;
	struct zone_desc *z;

	if (w->n < 5 || w->n > 11)
		return perr(&mf->ps, "bad zone line; accepted: zone NID NAME start PFN spanned N "
			    "[present N] [managed N]");
	ret = mf_nid(mf, w, 1, &nid);
	if (ret)
		return ret;
	zid = zone_by_name(w, 2);
	if (zid < 0)
		return perr(&mf->ps, "zone '%.*s' %s; accepted: DMA, DMA32, Normal, Movable",
			    WORD(w, 2), word_is_ci(w, 2, "HighMem") ?
			    "exists only in 32-bit kernels" : "is unknown");
	if (mf->zone_line[nid][zid])
		return perr(&mf->ps, "node %d zone %s described twice (first on line %d); describe "
			    "each zone once", nid, zname[zid], mf->zone_line[nid][zid]);
	for (int i = 3; i < w->n; i += 2) {
		int f;

		for (f = 0; f < 4 && !word_is(w, i, field[f]); f++)
			;
		if (f == 4)
			return perr(&mf->ps, "unknown zone field '%.*s'; accepted: start, spanned, "
				    "present, managed", WORD(w, i));
		if (have[f])
			return perr(&mf->ps, "'%s' given twice; give each field once", field[f]);
		if (i + 1 >= w->n)
			return perr(&mf->ps, "'%s' needs a value; accepted: %s N", field[f], field[f]);
		ret = parse_num(&mf->ps, w, i + 1, field[f], true, MAX_PFN_LIMIT, &val[f]);
		if (ret)
			return ret;
		have[f] = true;
	}
	if (!have[1])
		return perr(&mf->ps, "zone has no 'spanned'; accepted: zone NID NAME start PFN "
			    "spanned N [present N] [managed N]");
	if (val[1] && !have[0])
		return perr(&mf->ps, "zone has no 'start'; give its first pfn as start PFN");
	z = &mf->m->nodes[nid].zones[zid];
	z->start_pfn = val[1] ? val[0] : 0;
	z->spanned = val[1];
	z->present = have[2] ? val[2] : z->spanned;
	z->managed = have[3] ? val[3] : z->present;
	mf->zone_line[nid][zid] = mf->ps.line;
	return 0;
}

static int mf_distance(struct mfile *mf, const struct words *w)
{
	unsigned long d;
	int a = 0, b = 0, ret;

	if (w->n != 4)
		return perr(&mf->ps, "bad distance line; accepted: distance NID NID D");
	ret = mf_nid(mf, w, 1, &a);
	if (!ret)
		ret = mf_nid(mf, w, 2, &b);
	if (!ret)
		ret = parse_num(&mf->ps, w, 3, "distance", false, MAX_DISTANCE, &d);
	if (ret)
		return ret;
	if (a == b)
		return perr(&mf->ps, "distance from node %d to itself is always 10; give "
			    "distances between two nodes", a);
	if (d <= LOCAL_DISTANCE)
		return perr(&mf->ps, "distance %lu is too small; accepted: 11..254", d);
	if (mf->dist_set[a][b])
		return perr(&mf->ps, "distance between nodes %d and %d given twice; give it once",
			    a, b);
	mf->m->distance[a][b] = mf->m->distance[b][a] = (unsigned char)d;
	mf->dist_set[a][b] = mf->dist_set[b][a] = true;
	return 0;
}

static int mf_sysctl(struct mfile *mf, const struct words *w)
{
	bool mfk = word_is(w, 1, "vm.min_free_kbytes");
	bool wsf = word_is(w, 1, "vm.watermark_scale_factor");
	unsigned long v;
	int ret;

	if (w->n != 3 || !(mfk || wsf))
		return perr(&mf->ps, "bad sysctl line; accepted: sysctl vm.min_free_kbytes N, "
			    "sysctl vm.watermark_scale_factor N");
	if ((mfk && mf->have_mfk) || (wsf && mf->have_wsf))
		return perr(&mf->ps, "second '%.*s' line; set it once", WORD(w, 1));
	ret = parse_num(&mf->ps, w, 2, mfk ? "vm.min_free_kbytes" : "vm.watermark_scale_factor",
			false, mfk ? MAX_MIN_FREE_KBYTES : MAX_WSF, &v);
	if (ret)
		return ret;
	if (!v)
		return perr(&mf->ps, "%.*s 0 is not accepted; accepted: 1..%lu (leave the line out "
			    "for the default)", WORD(w, 1), mfk ? MAX_MIN_FREE_KBYTES : MAX_WSF);
	if (mfk) {
		mf->m->min_free_kbytes = v;
		mf->have_mfk = true;
	} else {
		mf->m->watermark_scale_factor = v;
		mf->have_wsf = true;
	}
	return 0;
}

static int parse_machine_file(const char *text, struct machine_desc *out, char *err,
			      size_t errlen, const char *default_name)
{
	static const struct {
		const char *kw;
		int (*fn)(struct mfile *, const struct words *);
	} kws[] = {
		{ "name", mf_name }, { "summary", mf_summary }, { "node", mf_node },
		{ "zone", mf_zone }, { "distance", mf_distance }, { "sysctl", mf_sysctl },
	};
	struct mfile mf;
	struct machine_desc m;
	struct words w;
	int ret;

	memset(&mf, 0, sizeof(mf));
	memset(&m, 0, sizeof(m));
	mf.m = &m;
	mf.ps = (struct parser){ text ? text : "", 0, err, errlen };
	while (next_words(&mf.ps, true, &w)) {
		size_t k;

		if (!w.n)
			continue;
		if (w.n > MAX_WORDS && !word_is(&w, 0, "summary"))
			return perr(&mf.ps, "too many words; a statement has at most %d", MAX_WORDS);
		for (k = 0; k < sizeof(kws) / sizeof(kws[0]) && !word_is(&w, 0, kws[k].kw); k++)
			;
		if (k == sizeof(kws) / sizeof(kws[0]))
			return perr(&mf.ps, "unknown keyword '%.*s'; accepted: name, summary, node, "
				    "zone, distance, sysctl", WORD(&w, 0));
		ret = kws[k].fn(&mf, &w);
		if (ret)
			return ret;
	}
	if (!mf.ps.line)
		mf.ps.line = 1;
	if (!m.nr_nodes)
		return perr(&mf.ps, "no 'node' line; a machine needs 'node 0 cpus N' and zones");
	if (!mf.have_name)
		snprintf(m.name, sizeof(m.name), "%s", default_name);
	set_default_distances(&m);
	ret = check_at(&m, mf.node_line, mf.zone_line, mf.ps.line, err, errlen);
	if (!ret)
		*out = m;
	return ret;
}

int machine_parse(const char *text, struct machine_desc *out, char *err, size_t errlen)
{
	return parse_machine_file(text, out, err, errlen, "custom");
}

/* ---- /proc/zoneinfo ---- */

enum { ZI_SPANNED, ZI_PRESENT, ZI_MANAGED, ZI_START, ZI_NR };
static const char *const zi_key[ZI_NR] = { "spanned", "present", "managed", "start_pfn:" };

struct zsec {
	int		line;			/* header line; 0: not seen */
	unsigned long	val[ZI_NR];
	bool		have[ZI_NR];
};

struct zoneinfo {
	struct parser	ps;
	struct machine_desc *m;
	struct zsec	sec[MAX_NUMNODES][MAX_NR_ZONES];
	int		node_line[MAX_NUMNODES];	/* first header of the node */
	int		zone_line[MAX_NUMNODES][MAX_NR_ZONES];
	int		nid, zid;		/* section being read; zid -1: none or Device */
	bool		started;		/* a header was seen */
	long		max_cpu;		/* -1: no "cpu: N" line yet */
};

/* End the current section: it must have listed what a zone needs. */
static int zi_end_section(struct zoneinfo *zi)
{
	struct zsec *s;
	struct zone_desc *z;
	int missing = -1;

	if (zi->zid < 0)
		return 0;
	s = &zi->sec[zi->nid][zi->zid];
	for (int k = ZI_SPANNED; k <= ZI_MANAGED; k++)
		if (!s->have[k] && missing < 0)
			missing = k;
	if (missing < 0 && s->val[ZI_PRESENT] && !s->have[ZI_START])
		missing = ZI_START;
	if (missing >= 0)
		return seterr(zi->ps.err, zi->ps.errlen, -EINVAL, "line %d: node %d zone %s ends "
			      "without a '%s' line; a zone lists spanned, present, managed and "
			      "start_pfn (file truncated?)", s->line, zi->nid, zname[zi->zid],
			      zi_key[missing]);
	z = &zi->m->nodes[zi->nid].zones[zi->zid];
	if (s->val[ZI_PRESENT]) {
		z->start_pfn = s->val[ZI_START];
		z->spanned = s->val[ZI_SPANNED];
		z->present = s->val[ZI_PRESENT];
		z->managed = s->val[ZI_MANAGED];
	}
	zi->zid = -1;
	return 0;
}

/* "Node 0, zone      DMA" */
static int zi_header(struct zoneinfo *zi, const struct words *w)
{
	unsigned long nid;
	int ret, zid;

	if (w->n != 4 || !word_is(w, 2, "zone") || w->len[1] < 2 || w->s[1][w->len[1] - 1] != ',')
		return perr(&zi->ps, "bad zone header; accepted: Node N, zone NAME");
	ret = zi_end_section(zi);
	if (ret)
		return ret;
	zi->started = true;
	{
		struct words nw = { 1, { w->s[1] }, { w->len[1] - 1 }, NULL };

		ret = parse_num(&zi->ps, &nw, 0, "node", false, MAX_NUMNODES - 1, &nid);
		if (ret)
			return ret;
	}
	if (!zi->node_line[nid])
		zi->node_line[nid] = zi->ps.line;
	if (word_is(w, 3, "Device"))
		return 0;		/* ZONE_DEVICE memory is never in the buddy allocator */
	if (word_is_ci(w, 3, "HighMem"))
		return perr(&zi->ps, "zone HighMem exists only in 32-bit kernels; buddyscope models "
			    "x86-64 (DMA, DMA32, Normal, Movable)");
	zid = zone_by_name(w, 3);
	if (zid < 0)
		return perr(&zi->ps, "unknown zone '%.*s'; accepted: DMA, DMA32, Normal, Movable, "
			    "Device", WORD(w, 3));
	if (zi->sec[nid][zid].line)
		return perr(&zi->ps, "node %lu zone %s appears twice (first on line %d); a "
			    "zoneinfo lists each zone once", nid, zname[zid], zi->sec[nid][zid].line);
	zi->sec[nid][zid].line = zi->zone_line[nid][zid] = zi->ps.line;
	zi->nid = (int)nid;
	zi->zid = zid;
	if ((int)nid >= zi->m->nr_nodes)
		zi->m->nr_nodes = (int)nid + 1;
	return 0;
}

static int zi_line(struct zoneinfo *zi, const struct words *w)
{
	struct zsec *s = zi->zid >= 0 ? &zi->sec[zi->nid][zi->zid] : NULL;
	unsigned long v;
	int ret;

	if (word_is(w, 0, "Node"))
		return zi_header(zi, w);
	if (!zi->started)
		return perr(&zi->ps, "'%.*s' before the first zone header; accepted: the text of "
			    "/proc/zoneinfo, which starts with 'Node 0, zone NAME'", WORD(w, 0));
	if (word_is(w, 0, "cpu:")) {
		if (w->n != 2)
			return perr(&zi->ps, "bad pageset line; accepted: cpu: N");
		ret = parse_num(&zi->ps, w, 1, "cpu", false, NR_CPUS - 1, &v);
		if (ret)
			return ret;
		if ((long)v > zi->max_cpu)
			zi->max_cpu = (long)v;
		return 0;
	}
	for (int k = 0; s && k < ZI_NR; k++) {
		if (!word_is(w, 0, zi_key[k]))
			continue;
		if (w->n != 2)
			return perr(&zi->ps, "bad '%s' line; accepted: %s N", zi_key[k], zi_key[k]);
		if (s->have[k])
			return perr(&zi->ps, "second '%s' line in node %d zone %s; a zone lists it "
				    "once", zi_key[k], zi->nid, zname[zi->zid]);
		ret = parse_num(&zi->ps, w, 1, zi_key[k], false, MAX_PFN_LIMIT, &s->val[k]);
		if (ret)
			return ret;
		s->have[k] = true;
	}
	return 0;
}

static int parse_zoneinfo(const char *text, struct machine_desc *out, char *err, size_t errlen,
			  const char *name)
{
	struct zoneinfo *zi;
	struct machine_desc m;
	struct words w;
	unsigned long present = 0;
	int ret = 0, cpus;

	zi = calloc(1, sizeof(*zi));
	if (!zi)
		return seterr(err, errlen, -ENOMEM, "out of memory reading zoneinfo");
	memset(&m, 0, sizeof(m));
	zi->m = &m;
	zi->ps = (struct parser){ text ? text : "", 0, err, errlen };
	zi->zid = -1;
	zi->max_cpu = -1;
	while (!ret && next_words(&zi->ps, false, &w))
		if (w.n)
			ret = zi_line(zi, &w);
	if (ret)
		goto out;
	ret = zi_end_section(zi);
	if (ret)
		goto out;
	if (!zi->ps.line)
		zi->ps.line = 1;
	if (!zi->started) {
		ret = perr(&zi->ps, "no 'Node N, zone NAME' header; accepted: the text of "
			   "/proc/zoneinfo");
		goto out;
	}
	for (int nid = 0; nid < m.nr_nodes; nid++)
		if (!zi->node_line[nid]) {
			ret = perr(&zi->ps, "node %d has no zones but node %d has; accepted: nodes "
				   "numbered 0, 1, 2, ...", nid, m.nr_nodes - 1);
			goto out;
		}
	if (zi->max_cpu < 0) {
		ret = perr(&zi->ps, "no 'cpu: N' line; the pagesets of /proc/zoneinfo list "
			   "every cpu");
		goto out;
	}
	/* zoneinfo lists every cpu under every zone: share them out evenly */
	cpus = (int)zi->max_cpu + 1;
	for (int nid = 0; nid < m.nr_nodes; nid++) {
		m.nodes[nid].nr_cpus = cpus / m.nr_nodes + (nid < cpus % m.nr_nodes);
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			present += m.nodes[nid].zones[zid].present;
	}
	snprintf(m.name, sizeof(m.name), "%s", name);
	snprintf(m.summary, sizeof(m.summary), "imported zoneinfo: %d node%s, %d cpu%s, %lu MiB "
		 "present", m.nr_nodes, m.nr_nodes > 1 ? "s" : "", cpus, cpus > 1 ? "s" : "",
		 present >> (20 - PAGE_SHIFT));
	set_default_distances(&m);
	ret = check_at(&m, zi->node_line, zi->zone_line, zi->ps.line, err, errlen);
	if (!ret)
		*out = m;
out:
	free(zi);
	return ret;
}

int machine_parse_zoneinfo(const char *text, struct machine_desc *out, char *err, size_t errlen)
{
	return parse_zoneinfo(text, out, err, errlen, "zoneinfo");
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
					   "managed %lu\n", nid, zname[zid], z->start_pfn,
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
		return seterr(err, errlen, -ENOENT, "cannot open '%s': %s", path, strerror(errno));
	for (;;) {
		size_t n;

		if (!buf || len == cap) {
			char *nb;

			if (buf && cap > MACHINE_FILE_MAX) {
				ret = seterr(err, errlen, -EINVAL, "'%s' is larger than 16 MiB; "
					     "accepted: a machine file or a /proc/zoneinfo", path);
				goto out;
			}
			if (buf)
				cap = cap * 2 > MACHINE_FILE_MAX ? MACHINE_FILE_MAX + 1 : cap * 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				ret = seterr(err, errlen, -ENOMEM, "out of memory reading '%s'", path);
				goto out;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n)
			continue;
		if (ferror(f)) {
			ret = seterr(err, errlen, -ENOENT, "cannot read '%s': %s", path,
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
		ret = seterr(err, errlen, -EINVAL, "%s: line %d: NUL byte; accepted: text", path,
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
		name[n++] = name_char(*b) ? *b : '_';
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
		return seterr(err, errlen, -EINVAL, "no machine given; accepted: a preset name, "
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
		return seterr(err, errlen, -ENOENT, "%s file:PATH, zoneinfo:PATH", msg);
	}
	if (!*path)
		return seterr(err, errlen, -EINVAL, "'%s' has no path; accepted: %sPATH", spec,
			      zoneinfo ? "zoneinfo:" : "file:");
	ret = read_text(path, &text, err, errlen);
	if (ret)
		return ret;
	base_name(path, name, sizeof(name));
	if (zoneinfo)
		ret = parse_zoneinfo(text, out, msg, sizeof(msg), name);
	else
		ret = parse_machine_file(text, out, msg, sizeof(msg), name);
	if (ret)
		seterr(err, errlen, ret, "%s: %s", path, msg);
	free(text);
	return ret;
}
