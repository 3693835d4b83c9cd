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
 * with the prefixes logs put in front: "<4>", a syslog or journal date and
 * "kernel:", `dmesg -x`'s "kern  :warn  : ", a "[    8.945616]" timestamp
 * (or dmesg -T's "[Thu Dec  3 07:44:16 2026]", dmesg --time-format iso's
 * "2026-12-03T07:44:16,123456+00:00"), a "[ T187]" caller id.
 */
#include "buddyscope/kmsg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/replay.h"
#include "realmachine_int.h"
#include "textparse.h"
#include "kmsg_int.h"



static const char *const zone_word[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };

/* zid of @s[0..n), -1 unknown, -2 HighMem, MAX_NR_ZONES Device */
int kmsg_zone_id(const char *s, int n)
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

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* What `dmesg -x` and `dmesg --time-format iso` put first: "kern  :warn  : "
 * and "2026-12-03T07:44:16,123456+00:00 ". */
static const char *decode_prefix(const char *s, const char *end)
{
	const char *p = s;

	if (end - s > 10 && s[0] >= '0' && s[0] <= '9' && s[4] == '-' && s[7] == '-' &&
	    s[10] == 'T') {
		while (p < end && *p != ' ')
			p++;
		return p < end ? p + 1 : s;
	}
	for (int field = 0; field < 2; field++) {	/* facility, then level */
		const char *w = p;

		while (p < end && *p >= 'a' && *p <= 'z')
			p++;
		if (p == w || p - w > 8)
			return s;
		while (p < end && *p == ' ')
			p++;
		if (p >= end || *p != ':')
			return s;
		p++;
	}
	return p < end && *p == ' ' ? p + 1 : s;
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
	} else if (s < end && s[0] >= '0' && s[0] <= '9') {
		/* /dev/kmsg: "PRIO,SEQ,USECS,FLAGS[,...];text" */
		const char *semi = memchr(s, ';', (size_t)(end - s) < 64 ? (size_t)(end - s) : 64);
		int commas = 0;
		bool ok = semi != NULL;

		for (const char *p = s; ok && p < semi; p++) {
			commas += *p == ',';
			/* then FLAGS ('-', '+', 'c') and 5.x's ",caller=T123" */
			ok = commas >= 3 ? *p > ' ' && *p <= '~' :
			     (*p >= '0' && *p <= '9') || *p == ',';
		}
		if (ok && commas >= 3)
			s = semi + 1;
	}
	k = s;
	for (const char *p = s; p + 8 < end && p < s + 64; p++)	/* syslog: "... kernel: " */
		if (!memcmp(p, " kernel: ", 9)) {
			k = p + 9;
			break;
		}
	s = decode_prefix(k, end);
	for (int i = 0; i < 2; i++) {	/* "[    8.945616]", then a caller id "[ T187]" */
		const char *rb, *q;
		bool ok;

		while (s < end && *s == ' ')
			s++;
		/* at most 24 characters, 32 for dmesg -T's */
		if (s >= end || *s != '[' || !(rb = memchr(s, ']', (size_t)(end - s))) || rb - s > 32)
			break;
		for (q = s + 1; q < rb && *q == ' '; q++)
			;
		if (i == 0 && rb - q > 8 && is_alpha(q[0]) && q[3] == ' ' && is_alpha(q[4])) {
			/* dmesg -T: "[Thu Dec  3 07:44:16 2026]" */
			int colons = 0;

			ok = true;
			for (q += 4; ok && q < rb; q++) {
				colons += *q == ':';
				ok = is_alpha(*q) || (*q >= '0' && *q <= '9') || *q == ' ' || *q == ':';
			}
			ok = ok && colons == 2;
		} else if (i == 0) {	/* seconds.micros: digits and one dot */
			int dots = 0;

			ok = q < rb && rb - s <= 24;
			for (; ok && q < rb; q++) {
				dots += *q == '.';
				ok = (*q >= '0' && *q <= '9') || *q == '.';
			}
			ok = ok && dots == 1;
		} else {	/* T<pid> or C<cpu> */
			ok = q < rb && rb - s <= 24 && (*q == 'T' || *q == 'C');
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

const char *kmsg_find(const char *s, const char *end, const char *what)
{
	size_t n = strlen(what);

	for (const char *p = s; p + n <= end; p++)
		if (!memcmp(p, what, n))
			return p;
	return NULL;
}

/* A decimal number at *p; advances past it. */
bool kmsg_num(const char **p, const char *end, long *out)
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

void kmsg_set_release(char *dst, const char *s, const char *end)
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
	const char *m = kmsg_find(s, end, "[mem "), *dash, *rb;

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

	if ((p = kmsg_find(s, end, "Linux version ")) && p == s)
		kmsg_set_release(b->release, p + 14, end);
	if (kmsg_find(s, end, "Zone ranges:")) {
		k->boot_block = IN_ZONE_RANGES;
		return;
	}
	if (kmsg_find(s, end, "Early memory node ranges")) {
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
		zid = kmsg_zone_id(w, (int)(p - w));
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
		p = kmsg_find(s, end, "node ");
		if (p == w && mem_range(p, end, &lo, &hi) && b->nr_ranges < REAL_MAX_RANGES) {
			const char *q = p + 5;

			while (q < end && *q == ' ')
				q++;
			if (kmsg_num(&q, end, &v) && v >= 0 && v < MAX_NUMNODES) {
				b->ranges[b->nr_ranges].start = lo;
				b->ranges[b->nr_ranges].end = hi;
				b->ranges[b->nr_ranges].kind = (uint8_t)(IOMEM_RAM | (v << 4));
				b->nr_ranges++;
			}
			return;
		}
		k->boot_block = IN_NONE;
	}
	if ((p = kmsg_find(s, end, "Allowing ")) && kmsg_find(s, end, " CPUs")) {
		p += 9;
		if (kmsg_num(&p, end, &v) && v > 0 && v < 100000)
			b->nr_cpus = (int)v;
	}
	if ((p = kmsg_find(s, end, "Brought up ")) && (p = kmsg_find(p, end, "node, ")) != NULL) {
		p += 6;
		if (kmsg_num(&p, end, &v) && v > 0 && v < 100000 && !b->nr_cpus)
			b->nr_cpus = (int)v;
	}
	if ((p = kmsg_find(s, end, "Brought up ")) && (p = kmsg_find(p, end, "nodes, ")) != NULL) {
		p += 7;
		if (kmsg_num(&p, end, &v) && v > 0 && v < 100000 && !b->nr_cpus)
			b->nr_cpus = (int)v;
	}
}

/* ---- a report's first line ---- */

/* The end of a GFP mask at @g: the first ',' or blank outside its
 * parentheses ("0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), nodemask=..."). */
static const char *gfp_end(const char *g, const char *end)
{
	const char *ge;

	for (ge = g; ge < end && *ge != ',' && *ge != ' '; ge++)
		if (*ge == '(') {
			const char *rp = memchr(ge, ')', (size_t)(end - ge));

			if (rp)
				ge = rp;
		}
	return ge;
}

/* A number of bytes after @what in [s, end); false without it. */
static bool bytes_after(const char *s, const char *end, const char *what, unsigned long *out)
{
	const char *p = kmsg_find(s, end, what);
	long v;

	if (!p)
		return false;
	p += strlen(what);
	if (!kmsg_num(&p, end, &v) || v < 0)
		return false;
	*out = (unsigned long)v;
	return true;
}

/*
 * The message of a vmalloc failure's warn_alloc() (mm/vmalloc.c), @s at
 * "vmalloc"; *@rest is where the mask's "mode:" is looked for. 5.13+:
 *   vmalloc error: size %lu, page order %u, failed to allocate pages
 *   vmalloc error: size %lu, failed to allocate pages              (6.4+)
 *   vmalloc error: size %lu, failed to allocate(d) page array size %lu
 *   vmalloc error: size %lu, failed to map pages
 *   vmalloc error: size %lu, vm_struct allocation failed
 *   vmalloc error: size %lu, exceeds total pages
 * 4.x-5.12:
 *   vmalloc: allocation failure, allocated %ld of %ld bytes
 *   vmalloc: allocation failure: %lu bytes
 */
static int vmalloc_line(struct kmsg_report *r, const char *s, const char *end, const char **rest)
{
	const char *m = kmsg_find(s, end, ", mode:");
	unsigned long v;

	if (!m)
		m = end;
	*rest = m;
	r->order = 0;
	if (kmsg_find(s, m, "vmalloc error: size ")) {
		if (!bytes_after(s, m, "size ", &r->vm_size))
			return -1;
		if (bytes_after(s, m, "page order ", &v)) {
			if (v >= MAX_ORDER)
				return -1;
			r->order = (int)v;
			r->vmalloc = VM_PAGES;
		} else if (bytes_after(s, m, "page array size ", &r->vm_wanted)) {
			r->vmalloc = VM_ARRAY;
		} else if (kmsg_find(s, m, "failed to map pages")) {
			r->vmalloc = VM_MAP;
		} else if (kmsg_find(s, m, "failed to allocate pages")) {
			r->vmalloc = VM_PAGES;
		} else if (kmsg_find(s, m, "exceeds total pages")) {
			r->vmalloc = VM_TOO_BIG;
		} else {
			r->vmalloc = VM_AREA;	/* vm_struct allocation failed, or new words */
		}
		return 0;
	}
	if (bytes_after(s, m, "allocated ", &r->vm_size)) {
		r->vmalloc = VM_PAGES;
		return bytes_after(s, m, " of ", &r->vm_wanted) ? 0 : -1;
	}
	if (bytes_after(s, m, "allocation failure: ", &r->vm_size)) {
		r->vmalloc = VM_AREA;
		return 0;
	}
	return -1;
}

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
		/* 4.9-5.x print ", nodemask=0-1," between the mask and order= */
		g = kmsg_find(mark, end, "gfp_mask=");
		ge = g ? gfp_end(g + 9, end) : NULL;
		p = g ? kmsg_find(ge, end, ", order=") : NULL;
		if (!g || !p)
			return tp_err(&k->ps, "oom-killer line without gfp_mask= and order=; accepted: "
				      "COMM invoked oom-killer: gfp_mask=MASK, order=N, "
				      "oom_score_adj=N");
		g += 9;
		p += 8;
		if (!kmsg_num(&p, end, &v) || v < -1 || v >= MAX_ORDER)
			return tp_err(&k->ps, "bad order in the oom-killer line");
		r->order = v < 0 ? 0 : (int)v;	/* -1: sysrq */
		if ((p = kmsg_find(p, end, "oom_score_adj=")) != NULL) {
			p += 14;
			if (kmsg_num(&p, end, &v))
				r->oom_score_adj = (int)v;
		}
	} else {
		if (!memcmp(mark, ": vmalloc", 9)) {
			if (vmalloc_line(r, mark + 2, end, &p))
				return tp_err(&k->ps, "vmalloc failure line not understood; accepted: "
					      "the messages of mm/vmalloc.c 4.x to 6.x");
		} else {
			p = kmsg_find(mark, end, "order:");
			if (!p)
				return tp_err(&k->ps, "allocation failure without order:N");
			p += 6;
			if (!kmsg_num(&p, end, &v) || v < 0 || v >= 32)
				return tp_err(&k->ps, "bad order in the allocation failure line");
			if (v >= MAX_ORDER)
				return tp_err(&k->ps, "order %ld: beyond the largest buddyscope models "
					      "(%d); an x86-64 kernel refuses it before any watermark "
					      "check", v, MAX_ORDER - 1);
			r->order = (int)v;
		}
		g = kmsg_find(p, end, "mode:");
		if (!g)
			return tp_err(&k->ps, "allocation failure without mode:MASK");
		g += 5;
		ge = gfp_end(g, end);
	}
	if ((p = kmsg_find(ge, end, "nodemask=")) != NULL)	/* 4.9+: a memory policy's */
		r->nodemask = kmsg_node_list(p + 9, end);
	if ((size_t)(ge - g) >= sizeof(r->gfp_text))
		return tp_err(&k->ps, "GFP mask too long");
	memcpy(r->gfp_text, g, (size_t)(ge - g));
	r->gfp_text[ge - g] = '\0';
	return 0;
}

/*
 * Another message that prints show_mem() after a report: 4.9-4.14's
 * "page allocation stalls for Nms", SysRq
 * m, or any second Mem-Info once the report has its zone lines. Its zone
 * and free-list lines are not the report's.
 */
static bool ends_report(const struct kmsg_report *r, const char *s, const char *end)
{
	return kmsg_find(s, end, "page allocation stalls for ") ||
	       kmsg_find(s, end, "Show Memory") ||
	       (r->nr_nodes && end - s >= 9 && !memcmp(s, "Mem-Info:", 9));
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
		const char *next = nl ? nl + 1 : end, *s, *mark;

		k.ps.line++;
		while (end > line && end[-1] == '\r')
			end--;
		s = strip(line, end);
		if ((mark = kmsg_find(s, end, " invoked oom-killer: ")) != NULL)
			ret = start_report(&k, KMSG_OOM, s, end, mark);
		else if ((mark = kmsg_find(s, end, ": page allocation failure: ")) != NULL ||
			 (((mark = kmsg_find(s, end, ": vmalloc error: ")) != NULL ||
			   (mark = kmsg_find(s, end, ": vmalloc: allocation failure")) != NULL) &&
			  kmsg_find(mark, end, ", mode:")))	/* 4.9+ warn_alloc() */
			ret = start_report(&k, KMSG_ALLOC_FAILURE, s, end, mark);
		else if (k.r && ends_report(k.r, s, end))
			k.r = NULL;
		else if (k.r)
			ret = kmsg_report_line(&k, s, end);
		if (!ret)
			boot_line(&k, s, end);
		line = next;	/* past a last line's '\r' too (it never ended) */
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
		kmsg_align_reserves(r);
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
