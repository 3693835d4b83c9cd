/* core/proc_parse.c - reading a real machine's /proc/zoneinfo, buddyinfo
 * (realmachine.h; buddyinfo and pagetypeinfo are in proc_parse_buddy.c).
 * The layouts are those mm/vmstat.c prints in kernels 4.x to 6.x:
 *
 *   zoneinfo_show_print()   4.0-4.7: zone LRU counters, "scanned", the
 *                           protection line after the counters, the
 *                           "all_unreclaimable"/"inactive_ratio" tail;
 *                           4.8+: a "per-node stats" block in a node's first
 *                           zone, nr_zone_* counters, "node_unreclaimable";
 *                           4.12+: protection before the counters,
 *                           unpopulated zones printed up to their protection
 *                           line only; 5.0+: "boost"; 5.x/6.x: "cma";
 *                           6.7+: pagesets "high_min"/"high_max"; later
 *                           6.x: "promo" after high.
 *   frag_show_print()       "Node 0, zone   Normal" + one count per order.
 *   pagetypeinfo_show()     free blocks per migratetype and order (5.5+
 *                           prints ">100000" once a list is that long),
 *                           then "Number of blocks type", and with
 *                           CONFIG_PAGE_OWNER "Number of mixed blocks".
 *
 * Lines the model has no use for are read and skipped as long as they have
 * the shape the kernel prints ("name value", "name: value"); anything else
 * is an error naming the line.
 */
#include "buddyscope/realmachine.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "realmachine_int.h"
#include "textparse.h"

/* zid of zone name word @i: 0..3, ZID_DEVICE, -2 for HighMem, -1 unknown */
int real_zone_word(const struct words *w, int i)
{
	static const char *const names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };
	int n = i < w->n ? w->len[i] : 0;

	if (n && w->s[i][n - 1] == ',')	/* "DMA," in pagetypeinfo */
		n--;
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if ((size_t)n == strlen(names[zid]) && !memcmp(w->s[i], names[zid], (size_t)n))
			return zid;
	if (n == 6 && !memcmp(w->s[i], "Device", 6))
		return ZID_DEVICE;
	if (n == 7 && !memcmp(w->s[i], "HighMem", 7))
		return -2;
	return -1;
}

int real_zone_error(struct parser *ps, const struct words *w, int i, int zid)
{
	if (zid == -2)
		return tp_err(ps, "zone HighMem exists only in 32-bit kernels; buddyscope models "
			      "x86-64 (DMA, DMA32, Normal, Movable)");
	return tp_err(ps, "unknown zone '%.*s'; accepted: DMA, DMA32, Normal, Movable, Device",
		      WORD(w, i));
}

/* "0," or "0" as a node id */
int real_node_word(struct parser *ps, const struct words *w, int i, int *nid)
{
	unsigned long v;
	int n = i < w->n ? w->len[i] : 0;

	if (n && w->s[i][n - 1] == ',')
		n--;
	if (!tp_dec(w->s[i], n, 1000, &v)) {
		if (tp_dec_fail(w->s[i], n) == TP_DEC_TOO_LARGE)
			return tp_err(ps, "node %.*s: buddyscope models nodes 0..%d", n, w->s[i],
				      MAX_NUMNODES - 1);
		return tp_err(ps, "node '%.*s' is not a number; accepted: Node N, zone NAME",
			      WORD(w, i));
	}
	if (v >= MAX_NUMNODES)
		return tp_err(ps, "node %lu: buddyscope models nodes 0..%d", v, MAX_NUMNODES - 1);
	*nid = (int)v;
	return 0;
}

/* A counter value: decimal, at most 20 digits. A value above LONG_MAX is a
 * per-cpu drift below zero printed unsigned: it reads as 0. */
int real_value_word(struct parser *ps, const struct words *w, int i, long *out)
{
	unsigned long v;

	if (i >= w->n || i >= TP_MAX_WORDS || !tp_dec(w->s[i], w->len[i], (unsigned long)-1, &v)) {
		if (i < w->n && i < TP_MAX_WORDS && w->len[i] == 20 && w->s[i][0] == '1') {
			*out = 0;	/* 18446744073709551615-ish: negative drift */
			return 0;
		}
		return tp_err(ps, "'%.*s' is not a count; accepted: a number without sign",
			      WORD(w, i < w->n ? i : 0));
	}
	*out = v > (unsigned long)LONG_MAX ? 0 : (long)v;
	return 0;
}

/* ---- /proc/zoneinfo ---- */

/*
 * A kernel built without CONFIG_ZONE_DMA has DMA32 as its zone 0, so its
 * protection arrays (zoneinfo) and lowmem_reserve[] lines (a kernel log)
 * start one place later than ours, which always keep DMA at 0: move them up.
 * A kernel with the zone prints it (x86-64 always has memory below 16 MiB).
 */
void real_align_zone_arrays(long *v, int *n, bool have_dma)
{
	if (have_dma || *n <= 0)
		return;
	if (*n > MAX_NR_ZONES)
		*n = MAX_NR_ZONES;
	memmove(v + 1, v, (size_t)*n * sizeof(*v));
	v[0] = 0;
	(*n)++;
}

enum zi_section { ZI_NONE, ZI_NODE, ZI_ZONE, ZI_PCP };

struct zi_state {
	struct parser	ps;
	struct real_machine *rm;
	int		nid, zid;	/* zid -1: no zone or a Device zone */
	enum zi_section	sect;
	int		cpu;		/* last "cpu: N"; -1 none */
	bool		saw_pernode, saw_boost, saw_cma, saw_scanned;
	bool		protection_first;	/* protection before nr_free_pages */
	bool		saw_stats;
};

static struct real_zone *zi_zone(struct zi_state *zs)
{
	return zs->zid >= 0 ? &zs->rm->zones[zs->nid][zs->zid] : NULL;
}

static int zi_header(struct zi_state *zs, const struct words *w)
{
	int nid, zid, ret;

	if (w->n != 4 || !tp_word_is(w, 2, "zone") || w->len[1] < 2 ||
	    w->s[1][w->len[1] - 1] != ',')
		return tp_err(&zs->ps, "bad zone header; accepted: Node N, zone NAME");
	ret = real_node_word(&zs->ps, w, 1, &nid);
	if (ret)
		return ret;
	zid = real_zone_word(w, 3);
	if (zid < 0)
		return real_zone_error(&zs->ps, w, 3, zid);
	zs->nid = nid;
	zs->sect = ZI_ZONE;
	zs->cpu = -1;
	if (nid >= zs->rm->nr_nodes)
		zs->rm->nr_nodes = nid + 1;
	if (zid == ZID_DEVICE) {	/* ZONE_DEVICE memory never reaches the buddy lists */
		zs->zid = -1;
		return 0;
	}
	if (zs->rm->zones[nid][zid].line)
		return tp_err(&zs->ps, "node %d zone %.*s appears twice (first on line %d); a zoneinfo "
			      "lists each zone once", nid, WORD(w, 3), zs->rm->zones[nid][zid].line);
	zs->zid = zid;
	zs->rm->zones[nid][zid].line = zs->ps.line;
	return 0;
}

/* "protection: (0, 933, 933, 933, 933)" */
static int zi_protection(struct zi_state *zs, const struct words *w, struct real_zone *z)
{
	z->nr_protection = 0;
	for (int i = 1; i < w->n && i < TP_MAX_WORDS; i++) {
		const char *s = w->s[i];
		int n = w->len[i];
		unsigned long v;

		if (n && s[0] == '(') {
			s++;
			n--;
		}
		while (n && (s[n - 1] == ',' || s[n - 1] == ')'))
			n--;
		if (!tp_dec(s, n, (unsigned long)LONG_MAX, &v))
			return tp_err(&zs->ps, "bad protection value '%.*s'; accepted: protection: "
				      "(N, N, ...)", WORD(w, i));
		if (z->nr_protection == MAX_NR_ZONES + 1)
			return tp_err(&zs->ps, "protection lists more than %d zones", MAX_NR_ZONES + 1);
		z->protection[z->nr_protection++] = (long)v;
	}
	if (!z->nr_protection)
		return tp_err(&zs->ps, "protection line without values; accepted: protection: (N, ...)");
	if (!zs->saw_stats)
		zs->protection_first = true;
	return 0;
}

/* The zone's own lines: free, watermarks, sizes. Return: 1 if @w was one. */
static int zi_zone_line(struct zi_state *zs, const struct words *w, struct real_zone *z)
{
	static const char *const keys[] = { "min", "low", "high", "boost", "spanned", "present",
					    "managed", "cma", "scanned", "node_scanned" };
	unsigned long v;
	size_t k;

	if (tp_word_is(w, 0, "pages") && tp_word_is(w, 1, "free")) {
		if (w->n != 3 || !tp_dec(w->s[2], w->len[2], (unsigned long)LONG_MAX, &v))
			return tp_err(&zs->ps, "bad 'pages free' line; accepted: pages free N");
		zs->sect = ZI_ZONE;
		if (z) {
			z->free = v;
			z->have_free = true;
		}
		return 1;
	}
	if (zs->sect != ZI_ZONE || w->n != 2)
		return 0;
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]) && !tp_word_is(w, 0, keys[k]); k++)
		;
	if (k == sizeof(keys) / sizeof(keys[0]))
		return 0;
	if (!tp_dec(w->s[1], w->len[1], (unsigned long)LONG_MAX, &v))
		return tp_err(&zs->ps, "'%s' value '%.*s' %s", keys[k], WORD(w, 1),
			      tp_dec_why(w->s[1], w->len[1]));
	if (k == 3)
		zs->saw_boost = true;
	if (k == 7)
		zs->saw_cma = true;
	if (k >= 8)
		zs->saw_scanned = true;
	if (!z)
		return 1;
	switch (k) {
	case 0: case 1: case 2:
		z->wmark[k] = v;
		z->have_wmark = true;
		break;
	case 3: z->boost = v; break;
	case 4: z->spanned = v; z->have_span = true; break;
	case 5: z->present = v; break;
	case 6: z->managed = v; break;
	case 7: z->cma = v; break;
	default: break;
	}
	return 1;
}

static int zi_pcp_line(struct zi_state *zs, const struct words *w, struct real_zone *z)
{
	unsigned long v;
	int k;

	if (tp_word_is(w, 0, "cpu:")) {
		if (w->n != 2 || !tp_dec(w->s[1], w->len[1], 100000, &v))
			return tp_err(&zs->ps, "bad pageset line; accepted: cpu: N");
		zs->cpu = (int)v;
		if ((int)v + 1 > zs->rm->nr_cpus)
			zs->rm->nr_cpus = (int)v + 1;
		if (z && (int)v < REAL_MAX_CPUS && (int)v + 1 > z->nr_pcp)
			z->nr_pcp = (int)v + 1;
		return 1;
	}
	if (tp_word_is(w, 0, "count:"))
		k = 0;
	else if (tp_word_is(w, 0, "high:"))
		k = 1;
	else if (tp_word_is(w, 0, "batch:"))
		k = 2;
	else
		return 0;
	if (zs->cpu < 0 || w->n != 2 || !tp_dec(w->s[1], w->len[1], 1UL << 31, &v))
		return tp_err(&zs->ps, "bad pageset line '%.*s'; accepted: count: N, high: N, batch: "
			      "N after cpu: N", WORD(w, 0));
	if (z && zs->cpu < REAL_MAX_CPUS) {
		int *f = k == 0 ? &z->pcp[zs->cpu].count : k == 1 ? &z->pcp[zs->cpu].high :
			 &z->pcp[zs->cpu].batch;

		*f = (int)v;
	}
	return 1;
}

/* "name value" counters of the zone or of the node's "per-node stats". */
static int zi_stat_line(struct zi_state *zs, const struct words *w)
{
	long v;
	int ret;

	if (w->n != 2 || !real_stat_name_ok(w->s[0], w->len[0]))
		return tp_err(&zs->ps, "'%.*s' is not a zoneinfo line; accepted: the text of "
			      "/proc/zoneinfo", WORD(w, 0));
	ret = real_value_word(&zs->ps, w, 1, &v);
	if (ret)
		return ret;
	if (zs->sect == ZI_NODE) {
		real_set_counter(zs->rm, zs->rm->nodes[zs->nid].c, w->s[0], w->len[0], v, false);
		return 0;
	}
	if (!zi_zone(zs))
		return 0;
	if (tp_word_is(w, 0, "nr_free_pages"))
		zs->saw_stats = true;
	real_set_counter(zs->rm, zi_zone(zs)->c, w->s[0], w->len[0], v, true);
	real_set_zone_stat(zi_zone(zs), w->s[0], w->len[0], v);
	return 0;
}

static int zi_line(struct zi_state *zs, const struct words *w)
{
	struct real_zone *z = zi_zone(zs);
	int ret;

	if (tp_word_is(w, 0, "Node"))
		return zi_header(zs, w);
	if (zs->nid < 0)
		return tp_err(&zs->ps, "'%.*s' before the first zone header; accepted: the text of "
			      "/proc/zoneinfo, which starts with 'Node 0, zone NAME'", WORD(w, 0));
	if (tp_word_is(w, 0, "per-node") && tp_word_is(w, 1, "stats")) {
		zs->sect = ZI_NODE;
		zs->saw_pernode = true;
		return 0;
	}
	ret = zi_zone_line(zs, w, z);
	if (ret)
		return ret < 0 ? ret : 0;
	if (tp_word_is(w, 0, "protection:"))
		return z ? zi_protection(zs, w, z) : 0;
	if (tp_word_is(w, 0, "pagesets")) {
		zs->sect = ZI_PCP;
		return 0;
	}
	ret = zi_pcp_line(zs, w, z);
	if (ret)
		return ret < 0 ? ret : 0;
	if (tp_word_is(w, 0, "vm") && tp_word_is(w, 1, "stats"))
		return 0;	/* "vm stats threshold: N" */
	if (tp_word_is(w, 0, "start_pfn:")) {
		unsigned long v;

		if (w->n != 2 || !tp_dec(w->s[1], w->len[1], MAX_PFN_LIMIT, &v))
			return tp_err(&zs->ps, "bad start_pfn line; accepted: start_pfn: PFN below "
				      "2^31");
		if (z) {
			z->start_pfn = v;
			z->have_start = true;
		}
		return 0;
	}
	if (w->n == 2 && w->len[0] > 1 && w->s[0][w->len[0] - 1] == ':')
		return 0;	/* all_unreclaimable:, node_unreclaimable:, inactive_ratio:, ... */
	return zi_stat_line(zs, w);
}

int real_parse_zoneinfo(struct real_machine *rm, const char *text, char *err, size_t errlen)
{
	struct zi_state zs;
	struct words w;
	int ret = 0, last;

	memset(&zs, 0, sizeof(zs));
	zs.rm = rm;
	zs.nid = -1;
	zs.zid = -1;
	zs.cpu = -1;
	tp_init(&zs.ps, text, err, errlen);
	while (!ret && tp_next_words(&zs.ps, false, &w))
		if (w.n)
			ret = zi_line(&zs, &w);
	if (ret)
		return ret;
	if (zs.nid < 0) {
		zs.ps.line = zs.ps.line ? zs.ps.line : 1;
		return tp_err(&zs.ps, "no 'Node N, zone NAME' header; accepted: the text of "
			      "/proc/zoneinfo");
	}
	last = zs.ps.line;
	for (int nid = 0; nid < rm->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct real_zone *z = &rm->zones[nid][zid];

			if (!z->line)
				continue;
			zs.ps.line = last;
			/* the zone the file ended in: name the last line */
			if (nid != zs.nid || zid != zs.zid)
				zs.ps.line = z->line;
			if (!z->have_span || !z->have_free) {
				return tp_err(&zs.ps, "node %d zone %s ends without its 'pages free' "
					      "and 'spanned' lines (file truncated?)", nid,
					      real_zone_names[zid]);
			}
			if (z->present && !z->have_start) {
				return tp_err(&zs.ps, "node %d zone %s has present pages but no "
					      "'start_pfn:' line (file truncated?)", nid,
					      real_zone_names[zid]);
			}
		}
	for (int nid = 0; nid < rm->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			real_align_zone_arrays(rm->zones[nid][zid].protection,
					       &rm->zones[nid][zid].nr_protection,
					       real_have_zone(rm, ZONE_DMA));
	if (zs.saw_cma || zs.protection_first)
		rm->layout = REAL_LAYOUT_6_0;
	else if (zs.saw_boost)
		rm->layout = REAL_LAYOUT_5_0;
	else if (zs.saw_pernode)
		rm->layout = REAL_LAYOUT_4_8;
	else
		rm->layout = REAL_LAYOUT_4_0;
	rm->have |= RF_ZONEINFO;
	return 0;
}
