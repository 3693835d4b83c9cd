/* core/trace_parse.c - reading a real ftrace log's kmem events (replay.h).
 *
 * A line of /sys/kernel/tracing/trace (kernel/trace/trace_output.c):
 *
 *            init-1       [001] .....     4.312059: mm_page_alloc: page=... pfn=0x6774 ...
 *   <comm>-<pid> [(<tgid>)] [<cpu>] [<irq flags>] <seconds>: <event>: <fields>
 *
 * The comm may hold blanks and dashes (the pid is after the last dash
 * before the cpu), the irq-info flags are 4 or 5 characters or absent, the
 * tgid column is there with the record-tgid option, `trace-cmd report` and
 * trace_pipe print the same, and `perf script` prints "comm pid [cpu]
 * seconds: kmem:mm_page_alloc: fields". The fields are those of the TP_printk() formats
 * of include/trace/events/kmem.h:
 *
 *   mm_page_alloc              page=%p pfn=%lu order=%d migratetype=%d gfp_flags=%s
 *   mm_page_free               page=%p pfn=%lu order=%d
 *   mm_page_free_batched       page=%p pfn=%lu order=0 [cold=%d before 4.15]
 *   mm_page_alloc_zone_locked  page=%p pfn=%lu order=%u migratetype=%d percpu_refill=%d
 *   mm_page_pcpu_drain         page=%p pfn=%lu order=%d migratetype=%d
 *   mm_page_alloc_extfrag      page=%p pfn=%lu alloc_order=%d fallback_order=%d
 *                              pageblock_order=%d alloc_migratetype=%d
 *                              fallback_migratetype=%d fragmenting=%d change_ownership=%d
 *
 * 5.x/6.x print the pfn as 0x%lx; a failed allocation prints page=(null)
 * (padded to 16 characters by 4.x's %p, or a zero pointer) and pfn=0;
 * 6.1 prints no page= at all, only pfn=0x0.
 */
#include "buddyscope/replay.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/mmzone.h"
#include "strutil.h"

static const char *const kind_names[NR_REPLAY_KINDS] = {
	"mm_page_alloc", "mm_page_free", "mm_page_free_batched", "mm_page_alloc_zone_locked",
	"mm_page_pcpu_drain", "mm_page_alloc_extfrag",
};

static int bad(struct replay_parser *rp, char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "line %lu: %s", rp->lines, what);
	return -EINVAL;
}

static bool digits(const char *s, const char *e, unsigned long *out)
{
	unsigned long v = 0;

	if (s == e)
		return false;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9' || v > 100000000000UL)
			return false;
		v = v * 10 + (unsigned long)(*s - '0');
	}
	*out = v;
	return true;
}

/* "4.312059" or "12345.123456789" (seconds) as nanoseconds */
static bool timestamp(const char *s, const char *e, uint64_t *ns)
{
	const char *dot = memchr(s, '.', (size_t)(e - s));
	unsigned long sec, frac = 0;
	int nd;

	/* trace_clock counter, x86-tsc, ...: a raw count, kept as is.
	 * SIMPLIFICATION: simulate mode reads it as nanoseconds for kswapd's
	 * clock (a tsc count runs time ~3x fast); exact mode uses only its order. */
	if (!dot) {
		uint64_t v = 0;

		if (s == e || e - s > 19)
			return false;
		for (const char *q = s; q < e; q++) {
			if (*q < '0' || *q > '9')
				return false;
			v = v * 10 + (uint64_t)(*q - '0');
		}
		*ns = v;
		return true;
	}
	nd = (int)(e - dot - 1);
	if (!digits(s, dot, &sec) || nd < 1 || nd > 9 || !digits(dot + 1, e, &frac))
		return false;
	for (; nd < 9; nd++)
		frac *= 10;
	*ns = (uint64_t)sec * 1000000000ULL + frac;
	return true;
}

/* The value of "key=" among the fields, NUL-less: [*v, *ve). */
static bool field(const char *f, const char *end, const char *key, const char **v, const char **ve)
{
	size_t kn = strlen(key);

	for (const char *p = f; p + kn < end; p++) {
		if ((p != f && p[-1] != ' ') || memcmp(p, key, kn) || p[kn] != '=')
			continue;
		*v = p + kn + 1;
		for (*ve = *v; *ve < end && **ve != ' '; (*ve)++)
			;
		return true;
	}
	return false;
}

static bool number_field(const char *f, const char *end, const char *key, long *out)
{
	const char *v, *ve;
	unsigned long u;
	bool neg;

	if (!field(f, end, key, &v, &ve))
		return false;
	neg = v < ve && *v == '-';
	if (!digits(v + neg, ve, &u))
		return false;
	*out = neg ? -(long)u : (long)u;
	return true;
}

/* pfn=26484 (4.x) or pfn=0x6774 (5.x/6.x) */
static bool pfn_field(struct replay_parser *rp, const char *f, const char *end, unsigned long *out)
{
	const char *v, *ve;
	unsigned long x = 0;

	if (!field(f, end, "pfn", &v, &ve))
		return false;
	if (ve - v > 2 && v[0] == '0' && v[1] == 'x') {
		if (ve - v > 18)
			return false;
		for (const char *p = v + 2; p < ve; p++) {
			int d = hex_digit(*p);

			if (d < 0)
				return false;
			x = x * 16 + (unsigned long)d;
		}
		rp->hex_pfn = true;
		*out = x;
		return true;
	}
	rp->dec_pfn = true;
	return digits(v, ve, out);
}

/* page=(null), page=0000000000000000 or (nil): no page. 4.x's %p pads a
 * NULL pointer to the pointer's width: "page=          (null)". */
static bool null_page(const char *f, const char *end)
{
	const char *v, *ve;

	if (!field(f, end, "page", &v, &ve))
		return false;
	if (v == ve) {
		while (ve < end && *ve == ' ')
			ve++;
		v = ve;
		while (ve < end && *ve != ' ')
			ve++;
	}
	if (ve - v == 6 && !memcmp(v, "(null)", 6))
		return true;
	if (ve - v == 5 && !memcmp(v, "(nil)", 5))
		return true;
	for (const char *p = v; p < ve; p++)
		if (*p != '0' && !(p == v + 1 && *p == 'x'))
			return false;
	return ve > v;
}

/* Fields of event @kind into @ev. */
static int event_fields(struct replay_parser *rp, int kind, const char *f, const char *end,
			struct replay_event *ev, char *err, size_t errlen)
{
	unsigned long pfn;
	long order = 0, mt = 0, flag = 0;

	if (!pfn_field(rp, f, end, &pfn))
		return bad(rp, err, errlen, "no pfn=N field; accepted: the kmem event formats of "
			   "4.x to 6.x");
	if (kind == RK_EXTFRAG) {
		long fo, fm, co;

		if (!number_field(f, end, "alloc_order", &order) ||
		    !number_field(f, end, "fallback_order", &fo) ||
		    !number_field(f, end, "alloc_migratetype", &mt) ||
		    !number_field(f, end, "fallback_migratetype", &fm) ||
		    !number_field(f, end, "change_ownership", &co) || fo < 0 || fo >= MAX_ORDER ||
		    fm < 0 || fm >= MIGRATE_TYPES)
			return bad(rp, err, errlen, "mm_page_alloc_extfrag without its alloc_order, "
				   "fallback_order, alloc_migratetype, fallback_migratetype and "
				   "change_ownership fields");
		ev->fallback_order = (uint8_t)fo;
		ev->fallback_mt = (uint8_t)fm;
		flag = co;
	} else {
		if (!number_field(f, end, "order", &order))
			return bad(rp, err, errlen, "no order=N field");
		if (kind != RK_FREE && kind != RK_FREE_BATCHED &&
		    !number_field(f, end, "migratetype", &mt) && kind != RK_ALLOC)
			return bad(rp, err, errlen, "no migratetype=N field");
		if (kind == RK_ZONE_LOCKED && !number_field(f, end, "percpu_refill", &flag))
			return bad(rp, err, errlen, "no percpu_refill=N field");
	}
	if (order < 0 || order >= MAX_ORDER)
		return bad(rp, err, errlen, "order out of range; accepted: 0..10");
	if (mt < -1 || mt >= MIGRATE_TYPES)
		return bad(rp, err, errlen, "migratetype out of range; accepted: 0..5");
	if (pfn >= MAX_PFN_LIMIT)
		return bad(rp, err, errlen, "pfn beyond 2^31 (8 TiB)");
	ev->pfn = (uint32_t)pfn;
	ev->order = (uint8_t)order;
	ev->mt = (uint8_t)(mt < 0 ? MIGRATE_UNMOVABLE : mt);
	ev->flag = (uint8_t)(flag != 0);
	if (kind == RK_ALLOC) {
		const char *v, *ve;
		char gfp[256], msg[192];

		/* a failed allocation: page=(null) and pfn=0 (4.x), or only pfn=0x0
		 * (6.x prints no page pointer); pfn 0 is never RAM the buddy
		 * allocator hands out (x86 reserves the first page) */
		if (null_page(f, end) || pfn == 0)
			ev->pfn = REPLAY_NO_PFN;
		if (!field(f, end, "gfp_flags", &v, &ve))
			return bad(rp, err, errlen, "mm_page_alloc without gfp_flags=");
		if ((size_t)(ve - v) >= sizeof(gfp))
			return bad(rp, err, errlen, "gfp_flags too long");
		memcpy(gfp, v, (size_t)(ve - v));
		gfp[ve - v] = '\0';
		if (gfp_parse_kernel(gfp, rp->kver ? rp->kver : rp->hex_pfn ? 600 : 0, &ev->gfp, msg,
				     sizeof(msg)))
			return bad(rp, err, errlen, msg);
	}
	return 0;
}

/* A token of the irq-info flags (kernel/trace/trace_output.c
 * trace_print_lat_fmt()): irqs-off, need-resched, hardirq/softirq,
 * preempt-depth and (5.13+) migrate-disable, each one character. */
static bool lat_flags(const char *s, const char *e)
{
	if (e - s < 4 || e - s > 6)
		return false;
	for (; s < e; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.'))
			return false;
	return true;
}

/*
 * The context of a line printed with the latency-format trace option
 * (trace_output.c lat_print_generic() and lat_print_timestamp(), 4.x to 6.x):
 *
 *       dd-135       1.....   44212us+: mm_page_alloc: pfn=0x724f ...
 *   "%8.8s-%-7d %3d" (%-5d before 4.18), the flags, " %4lldus%c: " with the
 *   microseconds since the buffer started and a delay mark (' ', '+', '!',
 *   '#', '*', '@', '$'); " %4lld: " with a counter clock
 *
 * and `trace-cmd report -l`, which puts seconds ("4.312059:") where the
 * microseconds are. The comm is cut to 8 characters, the cpu has no
 * brackets: it is the digits before the flags. On success *@colon is the
 * colon after the time.
 */
static bool latency_context(const char *p, const char *end, unsigned long *cpu, uint64_t *ts,
			    const char **colon)
{
	for (const char *c = p; c < end; c++) {
		const char *t, *te, *f, *fe, *d;
		unsigned long v;

		if (*c != ':' || c + 1 == end || c[1] != ' ')
			continue;
		/* the time token ends at the colon, or one mark character before */
		te = c;
		if (te > p && strchr(" +!#*@$", te[-1]) && te - 1 > p && te[-2] != ' ')
			te--;
		for (t = te; t > p && t[-1] != ' '; t--)
			;
		if (te - t > 2 && te[-1] == 's' && te[-2] == 'u') {
			if (!digits(t, te - 2, &v))
				return false;
			*ts = (uint64_t)v * 1000;
		} else if (!timestamp(t, te, ts)) {
			return false;
		}
		/* the cpu and flags token before it */
		for (fe = t; fe > p && fe[-1] == ' '; fe--)
			;
		for (f = fe; f > p && f[-1] != ' '; f--)
			;
		for (d = f; d < fe && *d >= '0' && *d <= '9'; d++)
			;
		if (f == p || d == f || !lat_flags(d, fe) || !digits(f, d, cpu) || *cpu > 65535)
			return false;
		*colon = c;
		return true;
	}
	return false;
}

/* After the "[cpu]" column ending at @rb: "<seconds>: " past the optional
 * irq flags. False when the line has none (not an event line). */
static bool stamp_after(const char *rb, const char *end, uint64_t *ts, const char **colon)
{
	const char *p;

	*colon = memchr(rb, ':', (size_t)(end - rb));
	if (!*colon)
		return false;
	for (p = *colon; p > rb && p[-1] != ' '; p--)
		;
	return timestamp(p, *colon, ts);
}

/* The event named after the timestamp's @colon (perf script's "kmem:" cut);
 * *name_end is its ':'. NR_REPLAY_KINDS for another event, -1 for none. */
static int event_kind(const char *colon, const char *end, const char **name_end)
{
	const char *name, *p;
	int kind;

	for (name = colon + 1; name < end && *name == ' '; name++)
		;
	if (end - name > 5 && !memcmp(name, "kmem:", 5))	/* perf script: "kmem:mm_page_alloc:" */
		name += 5;
	p = memchr(name, ':', (size_t)(end - name));
	if (!p)
		return -1;
	*name_end = p;
	for (kind = 0; kind < NR_REPLAY_KINDS; kind++)
		if ((size_t)(p - name) == strlen(kind_names[kind]) &&
		    !memcmp(name, kind_names[kind], (size_t)(p - name)))
			break;
	return kind;
}

/* A kmem event line whose "[...]" cpu column holds no number ("[abc]",
 * "[-1]", "[]"): an error, not a line skipped as a banner would be. */
static bool cpu_not_number(const char *p, const char *end, const char **lb, const char **rb)
{
	const char *colon, *name_end;
	uint64_t ts;
	int kind;

	*lb = memchr(p, '[', (size_t)(end - p));
	if (!*lb)
		return false;
	*rb = memchr(*lb, ']', (size_t)(end - *lb));
	if (!*rb || *rb - *lb > 32 || !stamp_after(*rb, end, &ts, &colon))
		return false;
	kind = event_kind(colon, end, &name_end);
	return kind >= 0 && kind < NR_REPLAY_KINDS;
}

int replay_parse_line(struct replay_parser *rp, const char *line, size_t len,
		      struct replay_event *ev, char *err, size_t errlen)
{
	const char *end = line + len, *lb = NULL, *rb, *p, *colon = NULL;
	unsigned long cpu;
	uint64_t ts;
	int kind;

	rp->lines++;
	while (end > line && (end[-1] == '\r' || end[-1] == '\n'))
		end--;
	for (p = line; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	if (p == end || *p == '#')
		return 0;
	if (end - p > 4 && !memcmp(p, "CPU:", 4)) {	/* "CPU:1 [LOST 123 EVENTS]" */
		const char *l = memchr(p, '[', (size_t)(end - p));
		unsigned long n;

		if (l && end - l > 6 && !memcmp(l, "[LOST ", 6)) {
			const char *q = l + 6, *e = q;

			while (e < end && *e >= '0' && *e <= '9')
				e++;
			if (digits(q, e, &n))
				rp->lost += n;
		}
		return 0;
	}
	/* the cpu: the first "[ddd]" */
	for (const char *q = p; q + 2 < end; q++)
		if (*q == '[' && q[1] >= '0' && q[1] <= '9') {
			const char *e = q + 1;

			while (e < end && *e >= '0' && *e <= '9')
				e++;
			if (e < end && *e == ']') {
				lb = q;
				break;
			}
		}
	if (!lb) {
		if (cpu_not_number(p, end, &lb, &rb)) {
			char what[96];

			snprintf(what, sizeof(what), "cpu [%.*s] is not a number; accepted: "
				 "0..65535", (int)(rb - lb - 1), lb + 1);
			return bad(rp, err, errlen, what);
		}
		/* the latency-format option: no "[cpu]" */
		if (!latency_context(p, end, &cpu, &ts, &colon))
			return 0;	/* not an event line (a banner, a message): skipped */
		rp->latency = true;
	} else {
		rb = memchr(lb, ']', (size_t)(end - lb));
		if (!digits(lb + 1, rb, &cpu) || cpu > 65535)	/* all digits: a number */
			return bad(rp, err, errlen, "cpu [N] out of range; accepted: 0..65535");
		if (!stamp_after(rb, end, &ts, &colon))
			return 0;	/* not the timestamp column: not an event line */
	}
	kind = event_kind(colon, end, &p);
	if (kind < 0)
		return 0;
	if (kind == NR_REPLAY_KINDS) {
		rp->other++;
		return 0;
	}
	memset(ev, 0, sizeof(*ev));
	ev->ts_ns = ts;
	ev->kind = (uint8_t)kind;
	ev->cpu = (uint16_t)cpu;
	ev->line = rp->lines > UINT32_MAX ? UINT32_MAX : (uint32_t)rp->lines;
	if (event_fields(rp, kind, p + 1, end, ev, err, errlen))
		return -EINVAL;
	rp->events++;
	return 1;
}

/* ---- sorting: a stable merge sort on (ts, line) ---- */

static bool before(const struct replay_event *a, const struct replay_event *b)
{
	return a->ts_ns < b->ts_ns || (a->ts_ns == b->ts_ns && a->line < b->line);
}

int replay_sort(struct replay_event *ev, size_t n)
{
	struct replay_event *tmp;
	bool sorted = true;

	for (size_t i = 1; i < n && sorted; i++)
		sorted = !before(&ev[i], &ev[i - 1]);
	if (sorted)
		return 0;	/* the common case: one merged trace file */
	tmp = malloc(n * sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				tmp[k++] = before(&ev[j], &ev[i]) ? ev[j++] : ev[i++];
			while (i < mid)
				tmp[k++] = ev[i++];
			while (j < hi)
				tmp[k++] = ev[j++];
		}
		memcpy(ev, tmp, n * sizeof(*tmp));
	}
	free(tmp);
	return 0;
}
