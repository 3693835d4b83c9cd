/* core/machine_parse.c - reading machine files and /proc/zoneinfo.
 * The format of both is documented at the top of core/machine.c; this file
 * holds the two parsers and the word/number reader they share.
 */
#include "buddyscope/machine.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine_int.h"
#include "textparse.h"

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
	int ret = machine_check(m, msg, sizeof(msg), &nid, &zid);

	if (!ret)
		return 0;
	if (nid >= 0 && nid < MAX_NUMNODES) {
		if (zid >= 0 && zone_line[nid][zid])
			line = zone_line[nid][zid];
		else if (node_line[nid])
			line = node_line[nid];
	}
	return machine_seterr(err, errlen, ret, "line %d: %s", line, msg);
}

/* ---- machine files ---- */

#define MACHINE_MAX_WORDS	16

struct mfile {
	struct parser	ps;
	struct machine_desc *m;
	int		node_line[MAX_NUMNODES];
	int		zone_line[MAX_NUMNODES][MAX_NR_ZONES];
	bool		have_name, have_summary, have_mfk, have_wsf, have_cma;
	bool		dist_set[MAX_NUMNODES][MAX_NUMNODES];
};

bool machine_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

static int mf_name(struct mfile *mf, const struct words *w)
{
	if (mf->have_name)
		return tp_err(&mf->ps, "second 'name' line; give the name once");
	if (w->n != 2)
		return tp_err(&mf->ps, "'name' takes one word; accepted: name NAME");
	if (w->len[1] >= (int)sizeof(mf->m->name))
		return tp_err(&mf->ps, "name '%.*s' is too long; accepted: 1..%zu characters",
			    WORD(w, 1), sizeof(mf->m->name) - 1);
	for (int k = 0; k < w->len[1]; k++)
		if (!machine_name_char(w->s[1][k]))
			return tp_err(&mf->ps, "name '%.*s' has a '%c'; accepted: A-Z a-z 0-9 . _ -",
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
		return tp_err(&mf->ps, "second 'summary' line; give the summary once");
	if (w->n < 2)
		return tp_err(&mf->ps, "'summary' needs text; accepted: summary TEXT");
	n = (size_t)(w->end - s);
	if (n >= sizeof(mf->m->summary))
		return tp_err(&mf->ps, "summary is %zu characters long; accepted: at most %zu", n,
			    sizeof(mf->m->summary) - 1);
	memcpy(mf->m->summary, s, n);
	mf->m->summary[n] = '\0';
	mf->have_summary = true;
	return 0;
}

static int mf_nid(struct mfile *mf, const struct words *w, int i, int *nid)
{
	unsigned long v;
	int ret = tp_parse_num(&mf->ps, w, i, "node", false, MAX_NUMNODES - 1, &v);

	if (ret)
		return ret;
	if ((int)v >= mf->m->nr_nodes)
		return tp_err(&mf->ps, "node %lu is not declared; put 'node %lu cpus N' before it "
			    "is used", v, v);
	*nid = (int)v;
	return 0;
}

static int mf_node(struct mfile *mf, const struct words *w)
{
	struct machine_desc *m = mf->m;
	unsigned long nid, cpus;
	int ret;

	if (w->n != 4 || !tp_word_is(w, 2, "cpus"))
		return tp_err(&mf->ps, "bad node line; accepted: node NID cpus N");
	ret = tp_parse_num(&mf->ps, w, 1, "node", false, MAX_NUMNODES - 1, &nid);
	if (!ret)
		ret = tp_parse_num(&mf->ps, w, 3, "cpus", false, NR_CPUS, &cpus);
	if (ret)
		return ret;
	if ((int)nid < m->nr_nodes)
		return tp_err(&mf->ps, "node %lu declared twice; declare each node once", nid);
	if ((int)nid > m->nr_nodes)
		return tp_err(&mf->ps, "node %lu declared before node %d; declare nodes 0, 1, 2, ... "
			    "in order", nid, m->nr_nodes);
	m->nodes[nid].nr_cpus = (int)cpus;
	m->nr_nodes++;
	mf->node_line[nid] = mf->ps.line;
	return 0;
}

static int zone_by_name(const struct words *w, int i)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (tp_word_is_ci(w, i, machine_zone_names[zid]))
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
		return tp_err(&mf->ps, "bad zone line; accepted: zone NID NAME start PFN spanned N "
			    "[present N] [managed N]");
	ret = mf_nid(mf, w, 1, &nid);
	if (ret)
		return ret;
	zid = zone_by_name(w, 2);
	if (zid < 0)
		return tp_err(&mf->ps, "zone '%.*s' %s; accepted: DMA, DMA32, Normal, Movable",
			    WORD(w, 2), tp_word_is_ci(w, 2, "HighMem") ?
			    "exists only in 32-bit kernels" : "is unknown");
	if (mf->zone_line[nid][zid])
		return tp_err(&mf->ps, "node %d zone %s described twice (first on line %d); describe "
			    "each zone once", nid, machine_zone_names[zid], mf->zone_line[nid][zid]);
	for (int i = 3; i < w->n; i += 2) {
		int f;

		for (f = 0; f < 4 && !tp_word_is(w, i, field[f]); f++)
			;
		if (f == 4)
			return tp_err(&mf->ps, "unknown zone field '%.*s'; accepted: start, spanned, "
				    "present, managed", WORD(w, i));
		if (have[f])
			return tp_err(&mf->ps, "'%s' given twice; give each field once", field[f]);
		if (i + 1 >= w->n)
			return tp_err(&mf->ps, "'%s' needs a value; accepted: %s N", field[f], field[f]);
		ret = tp_parse_num(&mf->ps, w, i + 1, field[f], true, MAX_PFN_LIMIT, &val[f]);
		if (ret)
			return ret;
		have[f] = true;
	}
	if (!have[1])
		return tp_err(&mf->ps, "zone has no 'spanned'; accepted: zone NID NAME start PFN "
			    "spanned N [present N] [managed N]");
	if (val[1] && !have[0])
		return tp_err(&mf->ps, "zone has no 'start'; give its first pfn as start PFN");
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
		return tp_err(&mf->ps, "bad distance line; accepted: distance NID NID D");
	ret = mf_nid(mf, w, 1, &a);
	if (!ret)
		ret = mf_nid(mf, w, 2, &b);
	if (!ret)
		ret = tp_parse_num(&mf->ps, w, 3, "distance", false, ULONG_MAX, &d);
	if (ret)
		return ret;
	if (a == b)
		return tp_err(&mf->ps, "distance from node %d to itself is always 10; give "
			    "distances between two nodes", a);
	if (d <= LOCAL_DISTANCE || d > MAX_DISTANCE)	/* one range, as the README says */
		return tp_err(&mf->ps, "distance %lu out of range; accepted: %d..%d", d,
			      LOCAL_DISTANCE + 1, MAX_DISTANCE);
	if (mf->dist_set[a][b])
		return tp_err(&mf->ps, "distance between nodes %d and %d given twice; give it once",
			    a, b);
	mf->m->distance[a][b] = mf->m->distance[b][a] = (unsigned char)d;
	mf->dist_set[a][b] = mf->dist_set[b][a] = true;
	return 0;
}

static int mf_sysctl(struct mfile *mf, const struct words *w)
{
	bool mfk = tp_word_is(w, 1, "vm.min_free_kbytes");
	bool wsf = tp_word_is(w, 1, "vm.watermark_scale_factor");
	unsigned long v;
	int ret;

	if (w->n != 3 || !(mfk || wsf))
		return tp_err(&mf->ps, "bad sysctl line; accepted: sysctl vm.min_free_kbytes N, "
			    "sysctl vm.watermark_scale_factor N");
	if ((mfk && mf->have_mfk) || (wsf && mf->have_wsf))
		return tp_err(&mf->ps, "second '%.*s' line; set it once", WORD(w, 1));
	ret = tp_parse_num(&mf->ps, w, 2, mfk ? "vm.min_free_kbytes" : "vm.watermark_scale_factor",
			false, mfk ? MAX_MIN_FREE_KBYTES : MAX_WSF, &v);
	if (ret)
		return ret;
	if (!v)
		return tp_err(&mf->ps, "%.*s 0 is not accepted; accepted: 1..%lu (leave the line out "
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

/* The size of a CMA area: a size with a K/M/G/T suffix that comes to
 * whole pages, or a number of pages; 1 page .. MAX_PFN_LIMIT. */
static int cma_size(struct parser *ps, const struct words *w, int i, unsigned long *pages)
{
	int ret = tp_parse_num(ps, w, i, "cma size", true, MAX_PFN_LIMIT, pages);
	char *zero;

	/* the numbers' range starts at 0; a CMA area's at 1 page */
	if (ret && ps->err && (zero = strstr(ps->err, "accepted: 0..")) != NULL)
		zero[10] = '1';
	if (ret)
		return ret;
	if (!*pages)
		return tp_err(ps, "cma size 0 is not accepted; give a size such as 64M (leave it out "
			      "for no CMA area)");
	return 0;
}

/* cma SIZE: the boot parameter cma= (machine_cma_area() places it) */
static int mf_cma(struct mfile *mf, const struct words *w)
{
	if (w->n != 2)
		return tp_err(&mf->ps, "bad cma line; accepted: cma SIZE (such as 64M, or a number "
			      "of pages)");
	if (mf->have_cma)
		return tp_err(&mf->ps, "second 'cma' line; set it once");
	mf->have_cma = true;
	return cma_size(&mf->ps, w, 1, &mf->m->cma_pages);
}

int machine_parse_cma(const char *s, unsigned long *pages, char *err, size_t errlen)
{
	char buf[128];
	struct parser ps;
	struct words w;
	int ret;

	tp_init(&ps, s ? s : "", buf, sizeof(buf));
	if (!tp_next_words(&ps, false, &w) || w.n != 1 || strchr(s, '\n')) {
		snprintf(err, errlen, "cma size '%s' is not one word; accepted: a size such as 64M, "
			 "or a number of pages", s ? s : "");
		return -EINVAL;
	}
	ret = cma_size(&ps, &w, 0, pages);
	if (ret)	/* the message without its "line 1: " */
		snprintf(err, errlen, "%s", strncmp(buf, "line 1: ", 8) ? buf : buf + 8);
	return ret;
}

int machine_parse_named(const char *text, struct machine_desc *out, char *err,
			size_t errlen, const char *default_name)
{
	static const struct {
		const char *kw;
		int (*fn)(struct mfile *, const struct words *);
	} kws[] = {
		{ "name", mf_name }, { "summary", mf_summary }, { "node", mf_node },
		{ "zone", mf_zone }, { "distance", mf_distance }, { "sysctl", mf_sysctl },
		{ "cma", mf_cma },
	};
	struct mfile mf;
	struct machine_desc m;
	struct words w;
	int ret;

	memset(&mf, 0, sizeof(mf));
	memset(&m, 0, sizeof(m));
	mf.m = &m;
	mf.ps = (struct parser){ text ? text : "", 0, err, errlen };
	while (tp_next_words(&mf.ps, true, &w)) {
		size_t k;

		if (!w.n)
			continue;
		if (w.n > MACHINE_MAX_WORDS && !tp_word_is(&w, 0, "summary"))
			return tp_err(&mf.ps, "too many words; a statement has at most %d",
				      MACHINE_MAX_WORDS);
		for (k = 0; k < sizeof(kws) / sizeof(kws[0]) && !tp_word_is(&w, 0, kws[k].kw); k++)
			;
		if (k == sizeof(kws) / sizeof(kws[0]))
			return tp_err(&mf.ps, "unknown keyword '%.*s'; accepted: name, summary, node, "
				    "zone, distance, sysctl, cma", WORD(&w, 0));
		ret = kws[k].fn(&mf, &w);
		if (ret)
			return ret;
	}
	if (!mf.ps.line)
		mf.ps.line = 1;
	if (!m.nr_nodes)
		return tp_err(&mf.ps, "no 'node' line; a machine needs 'node 0 cpus N' and zones");
	if (!mf.have_name)
		snprintf(m.name, sizeof(m.name), "%s", default_name);
	machine_default_distances(&m);
	ret = check_at(&m, mf.node_line, mf.zone_line, mf.ps.line, err, errlen);
	if (!ret)
		*out = m;
	return ret;
}

int machine_parse(const char *text, struct machine_desc *out, char *err, size_t errlen)
{
	return machine_parse_named(text, out, err, errlen, "custom");
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
		return machine_seterr(zi->ps.err, zi->ps.errlen, -EINVAL, "line %d: node %d zone %s ends "
			      "without a '%s' line; a zone lists spanned, present, managed and "
			      "start_pfn (file truncated?)", s->line, zi->nid, machine_zone_names[zi->zid],
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

	if (w->n != 4 || !tp_word_is(w, 2, "zone") || w->len[1] < 2 || w->s[1][w->len[1] - 1] != ',')
		return tp_err(&zi->ps, "bad zone header; accepted: Node N, zone NAME");
	ret = zi_end_section(zi);
	if (ret)
		return ret;
	zi->started = true;
	{
		struct words nw = { .n = 1, .s = { w->s[1] }, .len = { w->len[1] - 1 } };

		ret = tp_parse_num(&zi->ps, &nw, 0, "node", false, MAX_NUMNODES - 1, &nid);
		if (ret)
			return ret;
	}
	if (!zi->node_line[nid])
		zi->node_line[nid] = zi->ps.line;
	if (tp_word_is(w, 3, "Device"))
		return 0;		/* ZONE_DEVICE memory is never in the buddy allocator */
	if (tp_word_is_ci(w, 3, "HighMem"))
		return tp_err(&zi->ps, "zone HighMem exists only in 32-bit kernels; buddyscope models "
			    "x86-64 (DMA, DMA32, Normal, Movable)");
	zid = zone_by_name(w, 3);
	if (zid < 0)
		return tp_err(&zi->ps, "unknown zone '%.*s'; accepted: DMA, DMA32, Normal, Movable, "
			    "Device", WORD(w, 3));
	if (zi->sec[nid][zid].line)
		return tp_err(&zi->ps, "node %lu zone %s appears twice (first on line %d); a "
			    "zoneinfo lists each zone once", nid, machine_zone_names[zid], zi->sec[nid][zid].line);
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

	if (tp_word_is(w, 0, "Node"))
		return zi_header(zi, w);
	if (!zi->started)
		return tp_err(&zi->ps, "'%.*s' before the first zone header; accepted: the text of "
			    "/proc/zoneinfo, which starts with 'Node 0, zone NAME'", WORD(w, 0));
	if (tp_word_is(w, 0, "cpu:")) {
		if (w->n != 2)
			return tp_err(&zi->ps, "bad pageset line; accepted: cpu: N");
		ret = tp_parse_num(&zi->ps, w, 1, "cpu", false, NR_CPUS - 1, &v);
		if (ret)
			return ret;
		if ((long)v > zi->max_cpu)
			zi->max_cpu = (long)v;
		return 0;
	}
	for (int k = 0; s && k < ZI_NR; k++) {
		if (!tp_word_is(w, 0, zi_key[k]))
			continue;
		if (w->n != 2)
			return tp_err(&zi->ps, "bad '%s' line; accepted: %s N", zi_key[k], zi_key[k]);
		if (s->have[k])
			return tp_err(&zi->ps, "second '%s' line in node %d zone %s; a zone lists it "
				    "once", zi_key[k], zi->nid, machine_zone_names[zi->zid]);
		ret = tp_parse_num(&zi->ps, w, 1, zi_key[k], false, MAX_PFN_LIMIT, &s->val[k]);
		if (ret)
			return ret;
		s->have[k] = true;
	}
	return 0;
}

int machine_parse_zoneinfo_named(const char *text, struct machine_desc *out, char *err,
				  size_t errlen, const char *name)
{
	struct zoneinfo *zi;
	struct machine_desc m;
	struct words w;
	unsigned long present = 0;
	int ret = 0, cpus;

	zi = calloc(1, sizeof(*zi));
	if (!zi)
		return machine_seterr(err, errlen, -ENOMEM, "out of memory reading zoneinfo");
	memset(&m, 0, sizeof(m));
	zi->m = &m;
	zi->ps = (struct parser){ text ? text : "", 0, err, errlen };
	zi->zid = -1;
	zi->max_cpu = -1;
	while (!ret && tp_next_words(&zi->ps, false, &w))
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
		ret = tp_err(&zi->ps, "no 'Node N, zone NAME' header; accepted: the text of "
			   "/proc/zoneinfo");
		goto out;
	}
	for (int nid = 0; nid < m.nr_nodes; nid++)
		if (!zi->node_line[nid]) {
			ret = tp_err(&zi->ps, "node %d has no zones but node %d has; accepted: nodes "
				   "numbered 0, 1, 2, ...", nid, m.nr_nodes - 1);
			goto out;
		}
	if (zi->max_cpu < 0) {
		ret = tp_err(&zi->ps, "no 'cpu: N' line; the pagesets of /proc/zoneinfo list "
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
	machine_default_distances(&m);
	ret = check_at(&m, zi->node_line, zi->zone_line, zi->ps.line, err, errlen);
	if (!ret)
		*out = m;
out:
	free(zi);
	return ret;
}

int machine_parse_zoneinfo(const char *text, struct machine_desc *out, char *err, size_t errlen)
{
	return machine_parse_zoneinfo_named(text, out, err, errlen, "zoneinfo");
}

