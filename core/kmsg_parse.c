/* core/kmsg_parse.c - reading allocation-failure and OOM reports out of a
 * real kernel log (kmsg.h). The lines, as kernels 4.x to 6.x print them:
 *
 *   COMM: page allocation failure: order:N, mode:0x24201ca            4.5
 *   COMM: page allocation failure: order:N, mode:0x..(GFP_..)[, nodemask=..]  4.6+
 *   COMM invoked oom-killer: gfp_mask=0x..[(GFP_..)], order=N, oom_score_adj=N
 *   CPU: 1 PID: 187 Comm: memhog Not tainted 6.1.0-56-amd64 #1
 *   Node 0 DMA32 free:44160kB [boost:0kB] min:44340kB low:55424kB high:66508kB ...
 *   lowmem_reserve[]: 0 943 943 943 943
 *   Node 0 DMA32: 2*4kB (UE) 1*8kB (E) ... 9*4096kB (M) = 44160kB
 *   Free swap  = 0kB / Total swap = 0kB / 262008 pages RAM / 16645 pages reserved
 *   [ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents oom_score_adj name  4.x
 *   [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name 4.15+
 *   Out of memory: Kill process 129 (memhog) score 713 or sacrifice child         4.x
 *   Out of memory: Killed process 129 (memhog) total-vm:50140kB, ...              5.x+
 *
 * with the prefixes logs put in front: "<4>", a syslog date and "kernel:",
 * a "[    8.945616]" timestamp, a "[ T187]" caller id.
 */
#include "buddyscope/kmsg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/replay.h"
#include "realmachine_int.h"
#include "textparse.h"

struct kp {
	struct parser	ps;
	struct kmsg_log	*log;
	struct kmsg_report *r;		/* the report being read, or NULL */
	struct kmsg_zone *last_zone;	/* for its lowmem_reserve[] line */
	enum { IN_NONE, IN_ZONE_RANGES, IN_NODE_RANGES } boot_block;
	int		col_rss, col_pt, col_pmd, col_swap, col_adj, col_vm, col_uid, col_tgid;
	int		ncols;
};

/* the columns of a task row read; a header's later columns are not kept */
#define KP_ROW_COLS	16

static const char *const zone_word[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };

/* zid of @s[0..n), -1 unknown, -2 HighMem, MAX_NR_ZONES Device */
static int zone_id(const char *s, int n)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if ((size_t)n == strlen(zone_word[zid]) && !memcmp(s, zone_word[zid], (size_t)n))
			return zid;
	if (n == 7 && !memcmp(s, "HighMem", 7))
		return -2;
	if (n == 6 && !memcmp(s, "Device", 6))
		return MAX_NR_ZONES;
	return -1;
}

/* The line without the log's prefixes. */
static const char *strip(const char *s, const char *end)
{
	const char *k;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (end - s > 2 && s[0] == '<' && s[1] >= '0' && s[1] <= '9') {	/* <4> */
		const char *gt = memchr(s, '>', (size_t)(end - s));

		if (gt && gt - s < 6)
			s = gt + 1;
	}
	k = s;
	for (const char *p = s; p + 8 < end && p < s + 64; p++)	/* syslog: "... kernel: " */
		if (!memcmp(p, " kernel: ", 9)) {
			k = p + 9;
			break;
		}
	s = k;
	for (int i = 0; i < 2; i++) {	/* "[    8.945616]", then a caller id "[ T187]" */
		const char *rb, *q;
		bool ok;

		while (s < end && *s == ' ')
			s++;
		if (s >= end || *s != '[' || !(rb = memchr(s, ']', (size_t)(end - s))) || rb - s > 24)
			break;
		for (q = s + 1; q < rb && *q == ' '; q++)
			;
		if (i == 0) {	/* seconds.micros: digits and one dot */
			int dots = 0;

			ok = q < rb;
			for (; ok && q < rb; q++) {
				dots += *q == '.';
				ok = (*q >= '0' && *q <= '9') || *q == '.';
			}
			ok = ok && dots == 1;
		} else {	/* T<pid> or C<cpu> */
			ok = q < rb && (*q == 'T' || *q == 'C');
			for (q++; ok && q < rb; q++)
				ok = *q >= '0' && *q <= '9';
		}
		if (!ok)
			break;
		s = rb + 1;
	}
	if (s < end && *s == ' ')
		s++;
	return s;
}

static const char *find(const char *s, const char *end, const char *what)
{
	size_t n = strlen(what);

	for (const char *p = s; p + n <= end; p++)
		if (!memcmp(p, what, n))
			return p;
	return NULL;
}

/* A decimal number at *p; advances past it. */
static bool num(const char **p, const char *end, long *out)
{
	const char *s = *p;
	bool neg = s < end && *s == '-';
	unsigned long v = 0;

	if (neg)
		s++;
	if (s >= end || *s < '0' || *s > '9')
		return false;
	while (s < end && *s >= '0' && *s <= '9' && v < 100000000000000UL)
		v = v * 10 + (unsigned long)(*s++ - '0');
	*p = s;
	*out = neg ? -(long)v : (long)v;
	return true;
}

static void set_release(char *dst, const char *s, const char *end)
{
	size_t n = 0;

	while (s + n < end && s[n] != ' ' && n < 64)
		n++;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static int kver_of(const char *release)
{
	int major = 0, minor = 0;

	if (sscanf(release, "%d.%d", &major, &minor) != 2 || major < 2 || major > 99)
		return 0;
	return major * 100 + minor;
}

/* ---- the boot messages ---- */

static unsigned long mem_hex(const char *s, const char *end)
{
	unsigned long v = 0;

	if (end - s > 2 && s[0] == '0' && s[1] == 'x')
		s += 2;
	for (; s < end; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
			*s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;

		if (d < 0 || v >> 60)
			break;
		v = v * 16 + (unsigned long)d;
	}
	return v;
}

/* "[mem 0x0000000000001000-0x0000000000ffffff]": pfns, end exclusive */
static bool mem_range(const char *s, const char *end, unsigned long *lo, unsigned long *hi)
{
	const char *m = find(s, end, "[mem "), *dash, *rb;

	if (!m)
		return false;
	m += 5;
	dash = memchr(m, '-', (size_t)(end - m));
	rb = dash ? memchr(dash, ']', (size_t)(end - dash)) : NULL;
	if (!dash || !rb)
		return false;
	*lo = (mem_hex(m, dash) + PAGE_SIZE - 1) >> PAGE_SHIFT;
	*hi = (mem_hex(dash + 1, rb) + 1) >> PAGE_SHIFT;
	return *hi > *lo && *lo < MAX_PFN_LIMIT;
}

static void boot_line(struct kp *k, const char *s, const char *end)
{
	struct kmsg_boot *b = &k->log->boot;
	const char *p;
	long v;

	if ((p = find(s, end, "Linux version ")) && p == s)
		set_release(b->release, p + 14, end);
	if (find(s, end, "Zone ranges:")) {
		k->boot_block = IN_ZONE_RANGES;
		return;
	}
	if (find(s, end, "Early memory node ranges")) {
		k->boot_block = IN_NODE_RANGES;
		return;
	}
	if (k->boot_block == IN_ZONE_RANGES) {
		const char *w = s;
		int zid;

		while (w < end && *w == ' ')
			w++;
		p = w;
		while (p < end && *p != ' ')
			p++;
		zid = zone_id(w, (int)(p - w));
		if (zid >= 0 && zid < MAX_NR_ZONES) {
			unsigned long lo, hi;

			if (mem_range(p, end, &lo, &hi)) {
				b->zone_start[zid] = lo;
				b->zone_end[zid] = hi;
				b->zone_known[zid] = true;
			}
			return;
		}
		if (zid == MAX_NR_ZONES)
			return;
		k->boot_block = IN_NONE;
	}
	if (k->boot_block == IN_NODE_RANGES) {
		const char *w = s;
		unsigned long lo, hi;

		/* "  node   0: [mem ...]" lines only: the "Initmem setup node 0
		 * [mem ...]" after them spans the node, holes included */
		while (w < end && *w == ' ')
			w++;
		p = find(s, end, "node ");
		if (p == w && mem_range(p, end, &lo, &hi) && b->nr_ranges < REAL_MAX_RANGES) {
			const char *q = p + 5;

			while (q < end && *q == ' ')
				q++;
			if (num(&q, end, &v) && v >= 0 && v < MAX_NUMNODES) {
				b->ranges[b->nr_ranges].start = lo;
				b->ranges[b->nr_ranges].end = hi;
				b->ranges[b->nr_ranges].kind = (uint8_t)(IOMEM_RAM | (v << 4));
				b->nr_ranges++;
			}
			return;
		}
		k->boot_block = IN_NONE;
	}
	if ((p = find(s, end, "Allowing ")) && find(s, end, " CPUs")) {
		p += 9;
		if (num(&p, end, &v) && v > 0 && v < 100000)
			b->nr_cpus = (int)v;
	}
	if ((p = find(s, end, "Brought up ")) && (p = find(p, end, "node, ")) != NULL) {
		p += 6;
		if (num(&p, end, &v) && v > 0 && v < 100000 && !b->nr_cpus)
			b->nr_cpus = (int)v;
	}
	if ((p = find(s, end, "Brought up ")) && (p = find(p, end, "nodes, ")) != NULL) {
		p += 7;
		if (num(&p, end, &v) && v > 0 && v < 100000 && !b->nr_cpus)
			b->nr_cpus = (int)v;
	}
}

/* ---- a report's first line ---- */

static int start_report(struct kp *k, enum kmsg_kind kind, const char *s, const char *end,
			const char *mark)
{
	struct kmsg_log *log = k->log;
	struct kmsg_report *r;
	const char *p, *g, *ge;
	size_t n = (size_t)(mark - s);
	long v;

	if (log->nr_kept == KMSG_MAX_REPORTS) {	/* keep the last ones */
		free(log->reports[0]);
		memmove(&log->reports[0], &log->reports[1],
			(KMSG_MAX_REPORTS - 1) * sizeof(log->reports[0]));
		log->nr_kept--;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	log->reports[log->nr_kept++] = r;
	log->nr_reports++;
	k->r = r;
	k->last_zone = NULL;
	k->ncols = 0;
	r->kind = kind;
	r->first_line = r->last_line = k->ps.line;
	r->cpu = -1;
	r->killed_score = -1;
	memcpy(r->comm, s, n < sizeof(r->comm) ? n : sizeof(r->comm) - 1);
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			for (int l = 0; l < NR_LRU_LISTS; l++)
				r->zones[nid][zid].lru[l] = -1;
			r->zones[nid][zid].mlocked = -1;
		}
		for (int c = 0; c < NR_REAL_COUNTERS; c++)
			r->node_mem[nid][c] = -1;
	}
	for (int c = 0; c < NR_REAL_COUNTERS; c++)
		r->mem[c] = -1;
	if (kind == KMSG_OOM) {
		g = find(mark, end, "gfp_mask=");
		p = g ? find(g, end, ", order=") : NULL;
		if (!g || !p)
			return tp_err(&k->ps, "oom-killer line without gfp_mask= and order=; accepted: "
				      "COMM invoked oom-killer: gfp_mask=MASK, order=N, "
				      "oom_score_adj=N");
		g += 9;
		ge = p;
		p += 8;
		if (!num(&p, end, &v) || v < -1 || v >= MAX_ORDER)
			return tp_err(&k->ps, "bad order in the oom-killer line");
		r->order = v < 0 ? 0 : (int)v;	/* -1: sysrq */
		if ((p = find(p, end, "oom_score_adj=")) != NULL) {
			p += 14;
			if (num(&p, end, &v))
				r->oom_score_adj = (int)v;
		}
	} else {
		p = find(mark, end, "order:");
		if (!p)
			return tp_err(&k->ps, "allocation failure without order:N");
		p += 6;
		if (!num(&p, end, &v) || v < 0 || v >= 32)
			return tp_err(&k->ps, "bad order in the allocation failure line");
		r->order = (int)v;
		g = find(p, end, "mode:");
		if (!g)
			return tp_err(&k->ps, "allocation failure without mode:MASK");
		g += 5;
		/* to the first ',' outside the parentheses */
		for (ge = g; ge < end && *ge != ',' && *ge != ' '; ge++)
			if (*ge == '(') {
				const char *rp = memchr(ge, ')', (size_t)(end - ge));

				if (rp)
					ge = rp;
			}
	}
	if ((size_t)(ge - g) >= sizeof(r->gfp_text))
		return tp_err(&k->ps, "GFP mask too long");
	memcpy(r->gfp_text, g, (size_t)(ge - g));
	r->gfp_text[ge - g] = '\0';
	return 0;
}

/* ---- the lines inside a report ---- */

static void cpu_line(struct kmsg_report *r, const char *s, const char *end)
{
	const char *p = s + 5, *t;
	long v;

	if (num(&p, end, &v))
		r->cpu = (int)v;
	p = find(s, end, "PID: ") + 5;	/* report_line() found it */
	if (num(&p, end, &v))
		r->pid = (int)v;
	/* "Not tainted 6.1.0-56-amd64 #1" or "Tainted: G   W   5.4.0 #1" */
	t = find(s, end, "ainted");
	for (p = t; p && p < end; p++)
		if (*p >= '0' && *p <= '9' && p[-1] == ' ') {
			const char *q = p;

			while (q < end && *q != ' ')
				q++;
			if (memchr(p, '.', (size_t)(q - p))) {
				set_release(r->release, p, end);
				break;
			}
			p = q;
		}
}

/* "key:12345kB" tokens of a zone line */
static int zone_kv(struct kp *k, struct kmsg_zone *z, const struct words *w)
{
	static const struct { const char *key; int lru; } lrus[] = {
		{ "inactive_anon", LRU_INACTIVE_ANON }, { "active_anon", LRU_ACTIVE_ANON },
		{ "inactive_file", LRU_INACTIVE_FILE }, { "active_file", LRU_ACTIVE_FILE },
		{ "unevictable", LRU_UNEVICTABLE },
	};

	for (int i = 3; i < w->n && i < TP_MAX_WORDS; i++) {
		const char *s = w->s[i], *colon = memchr(s, ':', (size_t)w->len[i]), *p;
		size_t kl;
		long v;

		if (!colon)
			continue;
		kl = (size_t)(colon - s);
		p = colon + 1;
		if (!num(&p, s + w->len[i], &v) || v < 0)
			continue;	/* "all_unreclaimable?" and the like */
		if (s + w->len[i] - p == 2 && (!memcmp(p, "kB", 2) || !memcmp(p, "KB", 2)))
			v /= 4;
		else if (p != s + w->len[i])
			return tp_err(&k->ps, "zone field '%.*s' is not a size; accepted: NAME:NkB",
				      WORD(w, i));
#define IS(lit) (kl == strlen(lit) && !memcmp(s, lit, kl))
		if (IS("free"))
			z->free = (unsigned long)v;
		else if (IS("min"))
			z->min = (unsigned long)v;
		else if (IS("low"))
			z->low = (unsigned long)v;
		else if (IS("high"))
			z->high = (unsigned long)v;
		else if (IS("boost"))
			z->boost = (unsigned long)v;
		else if (IS("present"))
			z->present = (unsigned long)v;
		else if (IS("managed"))
			z->managed = (unsigned long)v;
		else if (IS("reserved_highatomic"))
			z->reserved_highatomic = (unsigned long)v;
		else if (IS("free_cma"))
			z->free_cma = (unsigned long)v;
		else if (IS("free_pcp"))
			z->free_pcp = (unsigned long)v;
		else if (IS("local_pcp"))
			z->local_pcp = (unsigned long)v;
		else if (IS("mlocked"))
			z->mlocked = v;
		else
			for (size_t l = 0; l < sizeof(lrus) / sizeof(lrus[0]); l++)
				if (IS(lrus[l].key))
					z->lru[lrus[l].lru] = v;
#undef IS
	}
	return 0;
}

static int zone_line(struct kp *k, int nid, int zid, const struct words *w)
{
	struct kmsg_zone *z = &k->r->zones[nid][zid];
	int ret;

	z->seen = true;
	ret = zone_kv(k, z, w);
	if (ret)
		return ret;
	k->last_zone = z;
	if (nid + 1 > k->r->nr_nodes)
		k->r->nr_nodes = nid + 1;
	return 0;
}

/* "Node 0 DMA32: 2*4kB (UE) 1*8kB (E) ... = 44160kB" */
static int free_line(struct kp *k, int nid, int zid, const struct words *w)
{
	static const char letters[] = "UMEHCI";
	struct kmsg_zone *z = &k->r->zones[nid][zid];
	int order = -1;

	for (int i = 3; i < w->n && i < TP_MAX_WORDS; i++) {
		const char *s = w->s[i], *star = memchr(s, '*', (size_t)w->len[i]), *p = s;
		long count, kb;

		if (w->s[i][0] == '=')
			break;
		if (s[0] == '(' && order >= 0) {	/* the types at that order */
			for (int c = 1; c < w->len[i] - 1; c++) {
				const char *l = memchr(letters, s[c], sizeof(letters) - 1);

				if (l)
					z->types[order] |= (uint8_t)(1u << (l - letters));
				else if (s[c] == 'R')	/* MIGRATE_RESERVE, before 4.4: a last
							 * resort any request reached; Movable
							 * here, as in pagetypeinfo (proc_parse.c) */
					z->types[order] |= 1u << MIGRATE_MOVABLE;
			}
			continue;
		}
		if (!star || !num(&p, star, &count) || p != star || count < 0)
			return tp_err(&k->ps, "free list item '%.*s'; accepted: N*SIZEkB", WORD(w, i));
		p = star + 1;
		if (!num(&p, s + w->len[i], &kb) || kb < 4 || (kb & (kb - 1)))
			return tp_err(&k->ps, "free list item '%.*s': the block size is not a power "
				      "of two kB", WORD(w, i));
		for (order = 0; (4L << order) < kb; order++)
			;
		if (order >= MAX_ORDER)
			return tp_err(&k->ps, "free list order %d; buddyscope models MAX_ORDER %d",
				      order, MAX_ORDER);
		z->nr_free[order] = (unsigned long)count;
	}
	z->have_list = true;
	return 0;
}

/* The table's header names its columns: 4.x nr_ptes nr_pmds, 4.15+ pgtables_bytes. */
static void task_header(struct kp *k, const struct words *w)
{
	k->ncols = 0;
	k->col_uid = k->col_tgid = k->col_vm = k->col_rss = k->col_pt = k->col_pmd = -1;
	k->col_swap = k->col_adj = -1;
	for (int i = 0, c = 0; i < w->n && i < TP_MAX_WORDS; i++) {
		if (w->s[i][0] == '[' || w->s[i][0] == ']' || tp_word_is(w, i, "pid") ||
		    tp_word_is(w, i, "pid]"))
			continue;
		c++;
		if (c >= KP_ROW_COLS)	/* past what task_row() reads */
			;
		else if (tp_word_is(w, i, "uid"))
			k->col_uid = c;
		else if (tp_word_is(w, i, "tgid"))
			k->col_tgid = c;
		else if (tp_word_is(w, i, "total_vm"))
			k->col_vm = c;
		else if (tp_word_is(w, i, "rss"))
			k->col_rss = c;
		else if (tp_word_is(w, i, "nr_ptes") || tp_word_is(w, i, "pgtables_bytes"))
			k->col_pt = c;
		else if (tp_word_is(w, i, "nr_pmds"))
			k->col_pmd = c;
		else if (tp_word_is(w, i, "swapents"))
			k->col_swap = c;
		else if (tp_word_is(w, i, "oom_score_adj"))
			k->col_adj = c;
		k->ncols = c;
	}
	k->r->pgtables_bytes = false;
	for (int i = 0; i < w->n && i < TP_MAX_WORDS; i++)
		if (tp_word_is(w, i, "pgtables_bytes"))
			k->r->pgtables_bytes = true;
}

/* "[    127]     0   127    24823    24699   233472        0          -500 memhog" */
static int task_row(struct kp *k, const char *s, const char *end)
{
	struct kmsg_report *r = k->r;
	struct real_task *t;
	const char *p = s + 1;
	long col[KP_ROW_COLS] = { 0 };
	long pid;
	int c;

	while (p < end && *p == ' ')
		p++;
	if (!num(&p, end, &pid) || p >= end || *p != ']')
		return 0;	/* not a row */
	p++;
	for (c = 1; c <= k->ncols - 1 && c < KP_ROW_COLS; c++) {
		while (p < end && *p == ' ')
			p++;
		if (!num(&p, end, &col[c]))
			return tp_err(&k->ps, "task row: column %d is not a number", c + 1);
	}
	while (p < end && *p == ' ')
		p++;
	if (r->nr_tasks == KMSG_MAX_TASKS)
		return 0;
	t = &r->tasks[r->nr_tasks++];
	memset(t, 0, sizeof(*t));
	t->pid = (int)pid;
	t->uid = k->col_uid > 0 ? (int)col[k->col_uid] : 0;
	t->tgid = k->col_tgid > 0 ? (int)col[k->col_tgid] : (int)pid;
	t->total_vm = k->col_vm > 0 ? (unsigned long)col[k->col_vm] : 0;
	t->rss = k->col_rss > 0 ? (unsigned long)col[k->col_rss] : 0;
	t->pgtables = k->col_pt > 0 ? (unsigned long)col[k->col_pt] : 0;
	if (r->pgtables_bytes)
		t->pgtables /= PAGE_SIZE;
	if (k->col_pmd > 0)
		t->pgtables += (unsigned long)col[k->col_pmd];
	t->swapents = k->col_swap > 0 ? (unsigned long)col[k->col_swap] : 0;
	t->oom_score_adj = k->col_adj > 0 ? (int)col[k->col_adj] : 0;
	{
		size_t n = (size_t)(end - p);

		while (n && (p[n - 1] == ' ' || p[n - 1] == '\r'))
			n--;
		memcpy(t->comm, p, n < sizeof(t->comm) ? n : sizeof(t->comm) - 1);
	}
	return 0;
}

/* "Out of memory: Kill process 129 (memhog) score 713 or sacrifice child" (4.x),
 * "Out of memory: Killed process 129 (memhog) total-vm:..." (5.x+) */
static void kill_line(struct kmsg_report *r, const char *p, const char *end)
{
	const char *lp, *rp;
	long v;

	while (p < end && *p == ' ')
		p++;
	if (!num(&p, end, &v) || r->killed_pid)
		return;
	r->killed_pid = (int)v;
	lp = memchr(p, '(', (size_t)(end - p));
	rp = lp ? memchr(lp, ')', (size_t)(end - lp)) : NULL;
	if (lp && rp) {
		size_t n = (size_t)(rp - lp - 1);

		memcpy(r->killed_comm, lp + 1, n < sizeof(r->killed_comm) ? n : sizeof(r->killed_comm) - 1);
		if ((p = find(rp, end, "score ")) != NULL) {
			p += 6;
			if (num(&p, end, &v))
				r->killed_score = v;
		}
	}
}

/* "slab_reclaimable:6405" (Mem-Info, pages) or "pagetables:1644kB" (a
 * node line): the counters an import divides used pages by. */
static void counters_kv(long *c, const char *s, const char *end)
{
	static const struct { const char *key; int rc; } keys[] = {
		{ "active_anon", RC_ACTIVE_ANON }, { "inactive_anon", RC_INACTIVE_ANON },
		{ "active_file", RC_ACTIVE_FILE }, { "inactive_file", RC_INACTIVE_FILE },
		{ "unevictable", RC_UNEVICTABLE }, { "dirty", RC_DIRTY },
		{ "writeback", RC_WRITEBACK }, { "slab_reclaimable", RC_SLAB_R },
		{ "slab_unreclaimable", RC_SLAB_U }, { "mapped", RC_MAPPED }, { "shmem", RC_SHMEM },
		{ "pagetables", RC_PAGETABLE }, { "kernel_stack", RC_KSTACK },
		{ "free", RC_FREE }, { "free_pcp", RC_FREE_PCP },
	};

	for (const char *p = s; p < end;) {
		const char *w = p, *colon, *q;
		long v;

		while (p < end && *p != ' ')
			p++;
		colon = memchr(w, ':', (size_t)(p - w));
		q = colon ? colon + 1 : NULL;
		if (q && num(&q, p, &v) && v >= 0) {
			/* kB to pages, but kernel_stack in kB (realmachine_finish) */
			if (p - q == 2 && !memcmp(q, "kB", 2) &&
			    !((size_t)(colon - w) == 12 && !memcmp(w, "kernel_stack", 12)))
				v /= 4;
			for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
				if ((size_t)(colon - w) == strlen(keys[i].key) &&
				    !memcmp(w, keys[i].key, (size_t)(colon - w)))
					c[keys[i].rc] = v;
		}
		while (p < end && *p == ' ')
			p++;
	}
}

static int report_line(struct kp *k, const char *s, const char *end)
{
	struct kmsg_report *r = k->r;
	struct words w;
	struct parser lp = { s, k->ps.line, k->ps.err, k->ps.errlen };
	char *copy;
	const char *p;
	long v;
	int ret = 0;

	r->last_line = k->ps.line;
	if (end - s > 5 && !memcmp(s, "CPU: ", 5) && find(s, end, "PID: ")) {
		cpu_line(r, s, end);
		return 0;
	}
	if ((p = find(s, end, "Kill process ")) != NULL) {
		kill_line(r, p + 13, end);
		return 0;
	}
	if ((p = find(s, end, "Killed process ")) != NULL) {
		kill_line(r, p + 15, end);
		return 0;
	}
	if ((p = find(s, end, "Free swap  = ")) != NULL) {
		p += 13;
		if (num(&p, end, &v))
			r->swap_free = (unsigned long)v / 4;
		return 0;
	}
	if ((p = find(s, end, "Total swap = ")) != NULL) {
		p += 13;
		if (num(&p, end, &v))
			r->swap_total = (unsigned long)v / 4;
		return 0;
	}
	if (find(s, end, " pages RAM") && num(&s, end, &v)) {
		r->pages_ram = (unsigned long)v;
		return 0;
	}
	if (find(s, end, " pages reserved") && num(&s, end, &v)) {
		r->pages_reserved = (unsigned long)v;
		return 0;
	}
	if (s < end && *s == '[' && find(s, end, "uid") && find(s, end, "rss")) {
		copy = strndup(s, (size_t)(end - s));
		if (!copy)
			return -ENOMEM;
		lp.next = copy;
		lp.line = k->ps.line - 1;
		tp_next_words(&lp, false, &w);	/* a line of text: it has words */
		task_header(k, &w);
		free(copy);
		return 0;
	}
	if (s < end && *s == '[' && k->ncols)
		return task_row(k, s, end);
	if (end - s > 16 && !memcmp(s, "lowmem_reserve[]:", 17)) {
		struct kmsg_zone *z = k->last_zone;

		p = s + 17;
		if (!z)
			return 0;
		z->nr_reserve = 0;
		while (p < end && z->nr_reserve < MAX_NR_ZONES + 1) {
			while (p < end && *p == ' ')
				p++;
			if (p >= end)
				break;
			if (!num(&p, end, &v))
				return tp_err(&k->ps, "lowmem_reserve[] value is not a number");
			z->lowmem_reserve[z->nr_reserve++] = v;
		}
		return 0;
	}
	if (end - s < 7 || memcmp(s, "Node ", 5)) {
		if (memchr(s, ':', (size_t)(end - s)) && !find(s, end, ": "))
			counters_kv(r->mem, s, end);	/* Mem-Info's "key:N key:N" lines */
		return 0;
	}
	copy = strndup(s, (size_t)(end - s));
	if (!copy)
		return -ENOMEM;
	lp.next = copy;
	lp.line = k->ps.line - 1;
	tp_next_words(&lp, false, &w);	/* "Node ...": it has words */
	if (w.n >= 3) {
		unsigned long nid;
		int len = w.len[2], zid;
		bool list = len > 1 && w.s[2][len - 1] == ':';

		zid = zone_id(w.s[2], list ? len - 1 : len);
		if (!tp_dec(w.s[1], w.len[1], MAX_NUMNODES - 1, &nid)) {
			ret = 0;	/* "Node 0, zone ..." of another kind: not ours */
		} else if (zid == -2) {
			ret = tp_err(&k->ps, "zone HighMem exists only in 32-bit kernels; buddyscope "
				     "models x86-64");
		} else if (zid >= 0 && zid < MAX_NR_ZONES && list) {
			ret = free_line(k, (int)nid, zid, &w);
		} else if (zid >= 0 && zid < MAX_NR_ZONES && tp_word_starts(&w, 3, "free:")) {
			ret = zone_line(k, (int)nid, zid, &w);
		} else if (zid < 0 && memchr(w.s[2], ':', (size_t)w.len[2])) {
			/* the node line: "... all_unreclaimable? yes" */
			counters_kv(r->node_mem[nid], w.s[2], w.end);
			for (int i = 3; i < w.n && i < TP_MAX_WORDS; i++)
				if (tp_word_is(&w, i - 1, "all_unreclaimable?") && tp_word_is(&w, i, "yes"))
					r->all_unreclaimable[nid] = true;
		}
	}
	free(copy);
	return ret;
}

/* lowmem_reserve[] lines as our zone ids index them (a kernel without DMA
 * printed them from DMA32 on) */
static void align_reserves(struct kmsg_report *r)
{
	bool dma = false;

	for (int nid = 0; nid < r->nr_nodes; nid++)
		dma |= r->zones[nid][ZONE_DMA].seen;
	for (int nid = 0; nid < r->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			real_align_zone_arrays(r->zones[nid][zid].lowmem_reserve,
					       &r->zones[nid][zid].nr_reserve, dma);
}

int kmsg_parse(const char *text, struct kmsg_log *log, char *err, size_t errlen)
{
	struct kp k;
	const char *line = text ? text : "";
	int ret = 0;

	memset(log, 0, sizeof(*log));
	memset(&k, 0, sizeof(k));
	k.log = log;
	tp_init(&k.ps, text, err, errlen);
	while (*line && !ret) {
		const char *nl = strchr(line, '\n'), *end = nl ? nl : line + strlen(line);
		const char *s, *mark;

		k.ps.line++;
		while (end > line && end[-1] == '\r')
			end--;
		s = strip(line, end);
		if ((mark = find(s, end, " invoked oom-killer: ")) != NULL)
			ret = start_report(&k, KMSG_OOM, s, end, mark);
		else if ((mark = find(s, end, ": page allocation failure: ")) != NULL)
			ret = start_report(&k, KMSG_ALLOC_FAILURE, s, end, mark);
		else if (k.r)
			ret = report_line(&k, s, end);
		if (!ret)
			boot_line(&k, s, end);
		line = nl ? nl + 1 : end;
	}
	if (ret) {
		kmsg_release(log);
		return ret;
	}
	/* each report's mask, as its kernel printed it */
	for (int i = 0; i < log->nr_kept; i++) {
		struct kmsg_report *r = log->reports[i];
		char msg[256];

		if (!r->release[0])
			snprintf(r->release, sizeof(r->release), "%s", log->boot.release);
		r->kver = kver_of(r->release);
		align_reserves(r);
		if (gfp_parse_kernel(r->gfp_text, r->kver, &r->gfp, msg, sizeof(msg))) {
			snprintf(err, errlen, "line %d: %s", r->first_line, msg);
			kmsg_release(log);
			return -EINVAL;
		}
	}
	return 0;
}

void kmsg_release(struct kmsg_log *log)
{
	for (int i = 0; i < log->nr_kept; i++)
		free(log->reports[i]);
	log->nr_kept = 0;
}
