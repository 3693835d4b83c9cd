/* core/kmsg_report.c - the lines inside an allocation-failure or OOM report
 * of a real kernel log (kmsg.h; kmsg_parse.c finds where a report starts):
 * the CPU line, the per-zone and free-list lines, the task table, the kill
 * line and the meminfo-style counters, as kernels 4.x to 6.x print them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/replay.h"
#include "kmsg_int.h"
#include "realmachine_int.h"

/* the columns of a task row read; a header's later columns are not kept */
#define KP_ROW_COLS	16

static void cpu_line(struct kmsg_report *r, const char *s, const char *end)
{
	const char *p = s + 5, *t;
	long v;

	if (kmsg_num(&p, end, &v))
		r->cpu = (int)v;
	p = kmsg_find(s, end, "PID: ") + 5;	/* kmsg_report_line() found it */
	if (kmsg_num(&p, end, &v))
		r->pid = (int)v;
	/* "Not tainted 6.1.0-56-amd64 #1" or "Tainted: G   W   5.4.0 #1" */
	t = kmsg_find(s, end, "ainted");
	for (p = t; p && p < end; p++)
		if (*p >= '0' && *p <= '9' && p[-1] == ' ') {
			const char *q = p;

			while (q < end && *q != ' ')
				q++;
			if (memchr(p, '.', (size_t)(q - p))) {
				kmsg_set_release(r->release, p, end);
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
		if (!kmsg_num(&p, s + w->len[i], &v) || v < 0)
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
		if (!star || !kmsg_num(&p, star, &count) || p != star || count < 0)
			return tp_err(&k->ps, "free list item '%.*s'; accepted: N*SIZEkB", WORD(w, i));
		p = star + 1;
		if (!kmsg_num(&p, s + w->len[i], &kb) || kb < 4 || (kb & (kb - 1)))
			return tp_err(&k->ps, "free list item '%.*s': the block size is not a power "
				      "of two kB", WORD(w, i));
		if (order < 0 && kb != 4)	/* the first item is one page */
			return tp_err(&k->ps, "free list starts at %ldkB blocks: a kernel with %ld KiB "
				      "pages (arm64, ppc64); buddyscope models 4 KiB pages", kb, kb);
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
	if (!kmsg_num(&p, end, &pid) || p >= end || *p != ']')
		return 0;	/* not a row */
	p++;
	for (c = 1; c <= k->ncols - 1 && c < KP_ROW_COLS; c++) {
		while (p < end && *p == ' ')
			p++;
		if (!kmsg_num(&p, end, &col[c]))
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
	if (!kmsg_num(&p, end, &v) || r->killed_pid)
		return;
	r->killed_pid = (int)v;
	lp = memchr(p, '(', (size_t)(end - p));
	rp = lp ? memchr(lp, ')', (size_t)(end - lp)) : NULL;
	if (lp && rp) {
		size_t n = (size_t)(rp - lp - 1);

		memcpy(r->killed_comm, lp + 1, n < sizeof(r->killed_comm) ? n : sizeof(r->killed_comm) - 1);
		if ((p = kmsg_find(rp, end, "score ")) != NULL) {
			p += 6;
			if (kmsg_num(&p, end, &v))
				r->killed_score = v;
		}
	}
}

/* A node list as %*pbl prints it: "0-1,3"; 0 for "(null)" or one out of range. */
unsigned int kmsg_node_list(const char *p, const char *end)
{
	unsigned int mask = 0;

	while (p < end && *p >= '0' && *p <= '9') {
		long a, b;

		if (!kmsg_num(&p, end, &a))
			return 0;
		b = a;
		if (p < end && *p == '-') {
			p++;
			if (!kmsg_num(&p, end, &b))
				return 0;
		}
		if (a < 0 || b < a || b >= MAX_NUMNODES)
			return 0;
		for (long n = a; n <= b; n++)
			mask |= 1u << n;
		if (p >= end || *p != ',' || p + 1 >= end || p[1] < '0' || p[1] > '9')
			break;
		p++;
	}
	return mask;
}

/* "MEMORY_POLICY,nodemask=1,cpuset=/,mems_allowed=0-1,..." (dump_oom_summary) */
static void constraint_line(struct kmsg_report *r, const char *p, const char *end)
{
	const char *q;

	if (end - p >= 13 && !memcmp(p, "MEMORY_POLICY", 13) &&
	    (q = kmsg_find(p, end, "nodemask=")) != NULL) {
		r->constraint_nodes = kmsg_node_list(q + 9, end);
	} else if (end - p >= 6 && !memcmp(p, "CPUSET", 6) &&
		   (q = kmsg_find(p, end, "mems_allowed=")) != NULL) {
		r->constraint_nodes = kmsg_node_list(q + 13, end);
		r->constraint_cpuset = true;
	} else if (end - p >= 5 && !memcmp(p, "MEMCG", 5)) {
		r->memcg = true;
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
		if (q && kmsg_num(&q, p, &v) && v >= 0) {
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

int kmsg_report_line(struct kp *k, const char *s, const char *end)
{
	struct kmsg_report *r = k->r;
	struct words w;
	struct parser lp = { s, k->ps.line, k->ps.err, k->ps.errlen };
	char *copy;
	const char *p;
	long v;
	int ret = 0;

	r->last_line = k->ps.line;
	/* the call trace, before Mem-Info: did it run in an interrupt? */
	if (!r->nr_nodes && r->kind == KMSG_ALLOC_FAILURE) {
		if (kmsg_find(s, end, "__do_softirq") || kmsg_find(s, end, "handle_softirqs") ||
		    kmsg_find(s, end, "run_ksoftirqd"))
			r->context = KCTX_SOFTIRQ;
		else if (r->context == KCTX_TASK && kmsg_find(s, end, "<IRQ>"))
			r->context = KCTX_HARDIRQ;
	}
	if (end - s > 5 && !memcmp(s, "CPU: ", 5) && kmsg_find(s, end, "PID: ")) {
		cpu_line(r, s, end);
		return 0;
	}
	/* a memory cgroup's OOM: mem_cgroup_print_oom_meminfo(), the kill line,
	 * 4.x's "Task in /a killed as a result of limit of /a" */
	if (kmsg_find(s, end, "Memory cgroup out of memory") ||
	    kmsg_find(s, end, "constraint=CONSTRAINT_MEMCG") ||
	    kmsg_find(s, end, " killed as a result of limit of "))
		r->memcg = true;
	if ((p = kmsg_find(s, end, "oom-kill:constraint=CONSTRAINT_")) != NULL) {
		constraint_line(r, p + 31, end);
		return 0;
	}
	if ((p = kmsg_find(s, end, "Kill process ")) != NULL) {
		kill_line(r, p + 13, end);
		return 0;
	}
	if (end - s > 15 && !memcmp(s, "memory: usage ", 14)) {
		p = s + 14;
		if (kmsg_num(&p, end, &v))
			r->memcg_usage = (unsigned long)v / 4;
		if ((p = kmsg_find(p, end, "limit ")) != NULL) {
			p += 6;
			if (kmsg_num(&p, end, &v))
				r->memcg_limit = (unsigned long)v / 4;
		}
		r->memcg = true;
		return 0;
	}
	if ((p = kmsg_find(s, end, "Killed process ")) != NULL) {
		kill_line(r, p + 15, end);
		return 0;
	}
	if ((p = kmsg_find(s, end, "Free swap  = ")) != NULL) {
		p += 13;
		if (kmsg_num(&p, end, &v))
			r->swap_free = (unsigned long)v / 4;
		return 0;
	}
	if ((p = kmsg_find(s, end, "Total swap = ")) != NULL) {
		p += 13;
		if (kmsg_num(&p, end, &v)) {
			r->swap_total = (unsigned long)v / 4;
			r->swap_known = true;
		}
		return 0;
	}
	if (kmsg_find(s, end, " pages RAM") && kmsg_num(&s, end, &v)) {
		r->pages_ram = (unsigned long)v;
		return 0;
	}
	if (kmsg_find(s, end, " pages reserved") && kmsg_num(&s, end, &v)) {
		r->pages_reserved = (unsigned long)v;
		return 0;
	}
	if (s < end && *s == '[' && kmsg_find(s, end, "uid") && kmsg_find(s, end, "rss")) {
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
			if (!kmsg_num(&p, end, &v))
				return tp_err(&k->ps, "lowmem_reserve[] value is not a number");
			z->lowmem_reserve[z->nr_reserve++] = v;
		}
		return 0;
	}
	if (end - s < 7 || memcmp(s, "Node ", 5)) {
		if (memchr(s, ':', (size_t)(end - s)) && !kmsg_find(s, end, ": "))
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

		zid = kmsg_zone_id(w.s[2], list ? len - 1 : len);
		if (!tp_dec(w.s[1], w.len[1], 4095, &nid)) {
			ret = 0;	/* "Node 0, zone ..." of another kind: not ours */
		} else if (nid >= MAX_NUMNODES) {
			ret = tp_err(&k->ps, "node %lu: buddyscope models nodes 0..%d", nid,
				     MAX_NUMNODES - 1);
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
void kmsg_align_reserves(struct kmsg_report *r)
{
	bool dma = false;

	for (int nid = 0; nid < r->nr_nodes; nid++)
		dma |= r->zones[nid][ZONE_DMA].seen;
	for (int nid = 0; nid < r->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			real_align_zone_arrays(r->zones[nid][zid].lowmem_reserve,
					       &r->zones[nid][zid].nr_reserve, dma);
}

