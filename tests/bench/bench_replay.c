/* tests/bench/bench_replay.c - `make bench`: a real machine's ftrace log
 * (tests/data/linux-6.1/trace.txt.xz, taken on a Debian 12 guest) replayed
 * exactly into that machine's imported state, in events per second, beside
 * two plain userspace buddy allocators replaying the same events in the same
 * run. Both are written for this bench; no code of any other allocator is in
 * them. Neither has pageblocks, per-cpu lists, counters or page owners.
 *
 * The tree-labelled buddy (issue 11's reference kind): a perfect binary tree
 * over the arena, each node labelled with the largest free slot below it, as
 * spaskalev/buddy_alloc's README describes its design (from that description
 * only). Allocation descends from the root into the more heavily used child
 * that still fits, marks the node used and updates the labels towards the
 * root; free finds the smallest used block holding the address, marks it
 * free and updates the labels the same way. One byte per label (the
 * reference packs its labels into a bitset, which costs more per read), and
 * the update stops at the first label that does not change: a fast version
 * of that design, so the ratio against it is not flattered.
 *
 * The free-list textbook buddy (Knuth, TAOCP vol. 1, 2.5, algorithms R and
 * S: a free list per order, a tag and an order per block, split on the way
 * down, merge with the buddy on the way up): the kernel's own algorithm
 * with nothing else to do, printed beside it so that nobody reads the tree's
 * ratio as the fastest plain buddy's.
 *
 * Both replay the same alloc and free events in the same order, each
 * allocation at the trace's order wherever it fits, each free of a block it
 * handed out (frees of blocks allocated before the trace are passed over, as
 * the simulator's exact replay passes over what it cannot place). Only the
 * replay loops are timed, in the thread's CPU time, each the best of five
 * rounds that run all three: reading and sorting the trace is shared work,
 * and so is putting the events in the form each loop reads (8 bytes an
 * event for all three: replay_prepare() for the simulator, which also looks
 * up each pfn's zone; pfn, kind and order for the plain ones). The
 * simulator's decoding is timed too and printed with the replay. The ratios
 * are of times over the same trace (events per second with the same event
 * count), not of rates over different counts; beside them, the same ratios
 * in instructions per event counted by callgrind.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND
#define CALLGRIND_TOGGLE_COLLECT	do { } while (0)
#endif

#include "../../app/commands.h"
#include "buddyscope/replay.h"
#include "buddyscope/sim.h"

#define UB_ORDERS	11
#define UB_NONE		UINT32_MAX

/* ---- the textbook buddy allocator ---- */

struct tb {
	uint32_t	npages;			/* a power of two */
	uint32_t	head[UB_ORDERS];	/* free list heads */
	uint32_t	*next, *prev;		/* free list links, by block */
	uint8_t		*kval;			/* block order (valid on block heads) */
	uint8_t		*tag;			/* 1: free block head */
};

static void tb_push(struct tb *b, uint32_t blk, unsigned int k)
{
	b->next[blk] = b->head[k];
	b->prev[blk] = UB_NONE;
	if (b->head[k] != UB_NONE)
		b->prev[b->head[k]] = blk;
	b->head[k] = blk;
	b->kval[blk] = (uint8_t)k;
	b->tag[blk] = 1;
}

static void tb_unlink(struct tb *b, uint32_t blk, unsigned int k)
{
	if (b->prev[blk] != UB_NONE)
		b->next[b->prev[blk]] = b->next[blk];
	else
		b->head[k] = b->next[blk];
	if (b->next[blk] != UB_NONE)
		b->prev[b->next[blk]] = b->prev[blk];
	b->tag[blk] = 0;
}

static int tb_init(struct tb *b, uint32_t npages)
{
	memset(b, 0, sizeof(*b));
	b->npages = npages;
	b->next = malloc(npages * sizeof(*b->next));
	b->prev = malloc(npages * sizeof(*b->prev));
	b->kval = malloc(npages);
	b->tag = malloc(npages);
	if (!b->next || !b->prev || !b->kval || !b->tag)
		return -1;
	/* touch everything now: no page faults inside the timed loop */
	memset(b->next, 0xff, npages * sizeof(*b->next));
	memset(b->prev, 0xff, npages * sizeof(*b->prev));
	memset(b->kval, 0, npages);
	memset(b->tag, 0, npages);
	for (unsigned int k = 0; k < UB_ORDERS; k++)
		b->head[k] = UB_NONE;
	for (uint32_t blk = 0; blk < npages; blk += 1u << (UB_ORDERS - 1))
		tb_push(b, blk, UB_ORDERS - 1);
	return 0;
}

static void tb_release(struct tb *b)
{
	free(b->next);
	free(b->prev);
	free(b->kval);
	free(b->tag);
}

/* Algorithm R: the smallest free block of order >= k, split down to k. */
static uint32_t tb_alloc(struct tb *b, unsigned int k)
{
	unsigned int j = k;
	uint32_t blk;

	while (j < UB_ORDERS && b->head[j] == UB_NONE)
		j++;
	if (j == UB_ORDERS)
		return UB_NONE;
	blk = b->head[j];
	tb_unlink(b, blk, j);
	while (j > k) {
		j--;
		tb_push(b, blk + (1u << j), j);	/* the upper half stays free */
	}
	b->kval[blk] = (uint8_t)k;
	return blk;
}

/* Algorithm S: merge with the buddy while it is a free block of the same order. */
static void tb_free(struct tb *b, uint32_t blk)
{
	unsigned int k = b->kval[blk];

	while (k < UB_ORDERS - 1) {
		uint32_t buddy = blk ^ (1u << k);

		if (buddy >= b->npages || !b->tag[buddy] || b->kval[buddy] != k)
			break;
		tb_unlink(b, buddy, k);
		if (buddy < blk)
			blk = buddy;
		k++;
	}
	tb_push(b, blk, k);
}

/* ---- the tree-labelled buddy allocator ---- */

struct tl {
	unsigned int	height;		/* the arena is 2^height pages */
	uint8_t		*label;		/* [2^(height+1)], node 1 the root: 0 nothing free
					 * below, else 1 + the order of the largest free slot */
};

static int tl_init(struct tl *t, uint32_t npages)
{
	t->height = 0;
	while ((1u << t->height) < npages)
		t->height++;
	t->label = malloc((size_t)2 << t->height);
	if (!t->label)
		return -1;
	t->label[0] = 0;
	/* every node fully free: depth d holds slots of order height - d */
	for (unsigned int d = 0; d <= t->height; d++)
		memset(t->label + ((size_t)1 << d), (int)(t->height - d + 1), (size_t)1 << d);
	return 0;
}

/* The labels from @i's parent up to the root, after @i's changed; stops at
 * the first that stays the same (everything above it does too). */
static void tl_update(struct tl *t, uint32_t i, unsigned int full)
{
	while (i > 1) {
		uint8_t l = t->label[i], r = t->label[i ^ 1], v;

		i >>= 1;
		full++;
		v = l == full - 1 && r == full - 1 ? (uint8_t)full : l > r ? l : r;
		if (t->label[i] == v)
			return;
		t->label[i] = v;
	}
}

/* The block of order @k: first page, or UB_NONE. */
static uint32_t tl_alloc(struct tl *t, unsigned int k)
{
	unsigned int need = k + 1, depth = t->height - k;
	uint32_t i = 1;

	if (t->label[1] < need)
		return UB_NONE;
	for (unsigned int d = 0; d < depth; d++) {
		uint8_t l = t->label[2 * i], r = t->label[2 * i + 1];

		/* the more heavily used child (smaller label) that still fits */
		i = 2 * i + (l < need || (r >= need && r < l));
	}
	t->label[i] = 0;
	tl_update(t, i, k + 1);
	return (i - (1u << depth)) << k;
}

static void tl_free(struct tl *t, uint32_t blk)
{
	uint32_t i = (1u << t->height) + blk;
	unsigned int full = 1;

	/* the smallest used block holding @blk: below a used node every label
	 * is still full, so it is the first 0 on the way up */
	while (t->label[i]) {
		i >>= 1;
		full++;
	}
	t->label[i] = (uint8_t)full;
	tl_update(t, i, full);
}

/* ---- the replays ---- */

/* The thread's CPU time, not the wall clock: on a machine shared with
 * other work a replay that is preempted is not counted as slower, and a
 * short loop is not favoured over a long one for fitting between two
 * preemptions. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum userbuddy { TEXTBOOK, TREE };

/* What the plain allocators read of an event: 8 bytes, as the replay's
 * decoded events (replay_prepare()) are, made before their timed loops. */
struct ub_event {
	uint32_t	pfn;
	uint8_t		kind;
	uint8_t		order;
};

static struct ub_event *ub_events(const struct replay_event *ev, size_t n)
{
	struct ub_event *u = malloc((n ? n : 1) * sizeof(*u));

	for (size_t i = 0; u && i < n; i++)
		u[i] = (struct ub_event){ ev[i].pfn, ev[i].kind, ev[i].order };
	return u;
}

/* A plain allocator over the same events: seconds, and how many it applied.
 * Inlined for each allocator (@which is a constant at each call), so the
 * loop calls neither through a pointer. */
static inline __attribute__((always_inline)) double
baseline(enum userbuddy which, const struct ub_event *ev, size_t n, unsigned long max_pfn,
	 unsigned long *applied)
{
	uint32_t npages = 1u << (UB_ORDERS - 1), *where;
	struct tb b = { 0 };
	struct tl tree = { 0, NULL };
	double t = -1;

	while (npages < max_pfn)
		npages <<= 1;
	where = malloc((size_t)npages * sizeof(*where));
	if (!where || (which == TEXTBOOK ? tb_init(&b, npages) : tl_init(&tree, npages)))
		goto out;
	memset(where, 0xff, (size_t)npages * sizeof(*where));
	*applied = 0;
	t = now();
	CALLGRIND_TOGGLE_COLLECT;
	for (size_t i = 0; i < n; i++) {
		const struct ub_event *e = &ev[i];

		if (e->pfn >= npages)
			continue;
		if (e->kind == RK_ALLOC) {
			uint32_t blk = which == TEXTBOOK ? tb_alloc(&b, e->order) :
				       tl_alloc(&tree, e->order);

			if (blk != UB_NONE) {
				where[e->pfn] = blk;
				(*applied)++;
			}
		} else if ((e->kind == RK_FREE || e->kind == RK_FREE_BATCHED) &&
			   where[e->pfn] != UB_NONE) {
			if (which == TEXTBOOK)
				tb_free(&b, where[e->pfn]);
			else
				tl_free(&tree, where[e->pfn]);
			where[e->pfn] = UB_NONE;
			(*applied)++;
		}
	}
	CALLGRIND_TOGGLE_COLLECT;
	t = now() - t;
out:
	tb_release(&b);
	free(tree.label);
	free(where);
	return t;
}

/* One exact replay of the trace into the import: seconds (or < 0), and in
 * *@prep replay_prepare()'s (decoding the events for the loop). With
 * @load_only, the events and max_pfn only (0 seconds). */
static double sim_replay(struct replay_event **ev, size_t *n, unsigned long *applied,
			 unsigned long *max_pfn, double *whole, double *prep, bool load_only,
			 char *why, size_t whylen)
{
	static unsigned long count[NR_REPLAY_KINDS][NR_REPLAY_OUTCOMES];
	static const char *const dir = "proc:tests/data/linux-6.1/trace-before";
	static const char *const file = "tests/data/linux-6.1/trace.txt.xz";
	struct strbuf out = STRBUF_INIT;
	struct replay *r = NULL;
	struct cmd_ctx ctx;
	double t = -1, t0 = now();

	if (cmd_ctx_init(&ctx, dir, 1)) {
		snprintf(why, whylen, "%s", ctx.err);
		return -1;
	}
	free(*ev);
	*ev = NULL;
	if (trace_replay_load(&ctx, file, ev, n, &out) ||
	    replay_create(ctx.sim, REPLAY_EXACT, *n, &r)) {
		snprintf(why, whylen, "%s", ctx.err[0] ? ctx.err : "out of memory");
		goto out;
	}
	*applied = 0;
	*max_pfn = sim_max_pfn(ctx.sim);
	t = 0;
	if (load_only)
		goto out;
	memset(count, 0, sizeof(count));
	t = now();
	if (replay_prepare(ctx.sim, r, *ev, *n)) {
		snprintf(why, whylen, "out of memory");
		t = -1;
		goto out;
	}
	*prep = now() - t;
	t = now();
	CALLGRIND_TOGGLE_COLLECT;
	replay_run(ctx.sim, r, 0, *n, count);
	CALLGRIND_TOGGLE_COLLECT;
	t = now() - t;
	*whole = now() - t0;
	for (int k = 0; k < NR_REPLAY_KINDS; k++)
		*applied += count[k][RO_APPLIED];
out:
	replay_destroy(r);
	sb_release(&out);
	cmd_ctx_release(&ctx);
	return t;
}

void bench_replay(const char *self);
int bench_replay_ir_child(const char *mode);

/* Under callgrind (collection off at start): one replay of @mode, exact,
 * tree or textbook; the loops toggle collection on around themselves. */
int bench_replay_ir_child(const char *mode)
{
	struct replay_event *ev = NULL;
	unsigned long applied = 0, max_pfn = 0;
	double whole, prep;
	char why[CMD_ERR_MAX];
	size_t n = 0;
	int ret = 0;

	struct ub_event *ub = NULL;

	if (sim_replay(&ev, &n, &applied, &max_pfn, &whole, &prep, strcmp(mode, "exact") != 0,
		       why, sizeof(why)) < 0)
		ret = 1;
	else if (strcmp(mode, "exact") && !(ub = ub_events(ev, n)))
		ret = 1;
	else if (!strcmp(mode, "tree"))
		ret = baseline(TREE, ub, n, max_pfn, &applied) < 0;
	else if (!strcmp(mode, "textbook"))
		ret = baseline(TEXTBOOK, ub, n, max_pfn, &applied) < 0;
	else if (strcmp(mode, "exact"))
		ret = 1;
	free(ub);
	free(ev);
	return ret;
}

/* Instructions per trace event of @mode counted by callgrind, or -1. The
 * exact replay's count includes the setup's own (outside the toggles: 0). */
static double ir_per_event(const char *self, const char *mode, size_t n)
{
	char out[] = "/tmp/buddyscope-cgr-XXXXXX", cmd[512], line[256];
	double ir = -1;
	int fd = mkstemp(out);
	FILE *f;

	if (fd < 0 || !n)
		return -1;
	close(fd);
	snprintf(cmd, sizeof(cmd), "valgrind --tool=callgrind --collect-atstart=no "
		 "--callgrind-out-file=%s %s --ir-replay %s >/dev/null 2>&1", out, self, mode);
	if (system(cmd) == 0 && (f = fopen(out, "r"))) {
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "summary:", 8) || !strncmp(line, "totals:", 7))
				ir = strtod(strchr(line, ':') + 1, NULL) / (double)n;
		fclose(f);
	}
	unlink(out);
	return ir;
}

void bench_replay(const char *self)
{
	struct replay_event *ev = NULL;
	unsigned long applied = 0, tb_applied = 0, tl_applied = 0, events = 0, max_pfn = 0;
	double t_sim = 1e9, t_tb = 1e9, t_tl = 1e9, t_whole = 1e9, t_prep = 1e9;
	double ir_sim = -1, ir_tl = -1, ir_tb = -1;
	struct ub_event *ub = NULL;
	char why[CMD_ERR_MAX] = "";
	size_t n = 0;

	/* the best of a few rounds each, the three replays one after the other
	 * in every round, so that a busy machine slows them alike */
	for (int i = 0; i < 5; i++) {
		double whole = 1e9, prep = 1e9,
		       t = sim_replay(&ev, &n, &applied, &max_pfn, &whole, &prep, false, why,
				      sizeof(why));

		if (t < 0) {
			printf("%-44s skipped: %s\n", "trace replay (exact)", why);
			free(ev);
			return;
		}
		if (t < t_sim)
			t_sim = t;
		if (whole < t_whole)
			t_whole = whole;
		if (prep < t_prep)
			t_prep = prep;
		if (!ub && !(ub = ub_events(ev, n))) {
			printf("%-44s skipped: out of memory\n", "trace replay (exact)");
			free(ev);
			return;
		}
		t = baseline(TREE, ub, n, max_pfn, &tl_applied);
		if (t > 0 && t < t_tl)
			t_tl = t;
		t = baseline(TEXTBOOK, ub, n, max_pfn, &tb_applied);
		if (t > 0 && t < t_tb)
			t_tb = t;
	}
	for (size_t i = 0; i < n; i++)
		events += ev[i].kind == RK_ALLOC || ev[i].kind == RK_FREE ||
			  ev[i].kind == RK_FREE_BATCHED;
#ifdef HAVE_CALLGRIND
	/* the same comparison in instructions, which a busy machine does not
	 * change: each loop alone under callgrind, between collection toggles */
	if (system("valgrind --version >/dev/null 2>&1") == 0) {
		ir_sim = ir_per_event(self, "exact", n);
		ir_tl = ir_per_event(self, "tree", n);
		ir_tb = ir_per_event(self, "textbook", n);
	}
#else
	(void)self;
#endif
	printf("trace replay: %zu events (%lu alloc/free) of tests/data/linux-6.1/trace.txt.xz; "
	       "applied: exact %lu, tree-labelled buddy %lu, textbook buddy %lu\n", n, events,
	       applied, tl_applied, tb_applied);
	/* every rate below is the trace's n events over that replay's CPU time,
	 * so each ratio is the ratio of the times over the same trace */
	printf("%-44s %14.2f %-10s\n", "exact replay into the imported machine",
	       (double)n / t_sim / 1e6, "M events/s");
	printf("%-44s %14.2f %-10s\n", "the same, with decoding the events for it",
	       (double)n / (t_sim + t_prep) / 1e6, "M events/s");
	printf("%-44s %14.2f %-10s\n", "the same, with import, unxz, parse and sort",
	       (double)n / t_whole / 1e6, "M events/s");
	printf("%-44s %14.2f %-10s\n", "tree-labelled buddy, same events", (double)n / t_tl / 1e6,
	       "M events/s");
	printf("%-44s %14.2f %-10s\n", "free-list textbook buddy, same events",
	       (double)n / t_tb / 1e6, "M events/s");
	if (ir_sim > 0 && ir_tl > 0 && ir_tb > 0) {
		printf("%-44s %14.2f %-10s\n", "exact replay, callgrind", ir_sim, "instr/event");
		printf("%-44s %14.2f %-10s\n", "tree-labelled buddy, callgrind", ir_tl,
		       "instr/event");
		printf("%-44s %14.2f %-10s\n", "free-list textbook buddy, callgrind", ir_tb,
		       "instr/event");
	} else {
		printf("instruction counts of the replay: callgrind did not run\n");
	}
	/* issue 11's target: the replay at least 3 times as fast as a plain
	 * userspace buddy of spaskalev/buddy_alloc's kind over the same events,
	 * in CPU time and, beside it, in instructions */
	printf("%-44s %14.2f %-10s target %-14s %s\n", "replay speed / tree-labelled buddy's",
	       t_tl / t_sim, "x", ">= 3", t_tl / t_sim >= 3 ? "ok" : "MISSED");
	if (ir_sim > 0 && ir_tl > 0)
		printf("%-44s %14.2f %-10s target %-14s %s\n",
		       "tree-labelled buddy's instr / replay's", ir_tl / ir_sim, "x", ">= 3",
		       ir_tl / ir_sim >= 3 ? "ok" : "MISSED");
	/* no target: the kernel's own algorithm with nothing else to do, beside
	 * it so the first ratio is not read as against the fastest plain buddy */
	printf("%-44s %14.2f %-10s (no target: the kernel's free lists alone)\n",
	       "replay speed / free-list textbook buddy's", t_tb / t_sim, "x");
	if (ir_sim > 0 && ir_tb > 0)
		printf("%-44s %14.2f %-10s (no target)\n", "textbook buddy's instr / replay's",
		       ir_tb / ir_sim, "x");
	free(ub);
	free(ev);
}
