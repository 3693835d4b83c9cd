/* tests/bench/bench_replay.c - `make bench`: a real machine's ftrace log
 * (tests/data/linux-6.1/trace.txt.xz, taken on a Debian 12 guest) replayed
 * exactly into that machine's imported state, in events per second, beside
 * a plain userspace buddy allocator replaying the same events in the same
 * run.
 *
 * The baseline is our own small textbook binary buddy allocator (Knuth,
 * TAOCP vol. 1, 2.5, algorithms R and S: a free list per order, a tag and an
 * order per block, split on the way down, merge with the buddy on the way
 * up), written for this bench; no code of any other allocator is in it. It
 * replays the same alloc and free events in the same order, each allocation
 * at the trace's order wherever it fits, each free of a block it handed out
 * (frees of blocks allocated before the trace are passed over, as the
 * simulator's exact replay passes over what it cannot place). Only the
 * replay loops are timed: reading and sorting the trace is shared work.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../app/commands.h"
#include "buddyscope/replay.h"
#include "buddyscope/sim.h"

#define TB_ORDERS	11
#define TB_NONE		UINT32_MAX

/* ---- the textbook buddy allocator ---- */

struct tb {
	uint32_t	npages;			/* a power of two */
	uint32_t	head[TB_ORDERS];	/* free list heads */
	uint32_t	*next, *prev;		/* free list links, by block */
	uint8_t		*kval;			/* block order (valid on block heads) */
	uint8_t		*tag;			/* 1: free block head */
};

static void tb_push(struct tb *b, uint32_t blk, unsigned int k)
{
	b->next[blk] = b->head[k];
	b->prev[blk] = TB_NONE;
	if (b->head[k] != TB_NONE)
		b->prev[b->head[k]] = blk;
	b->head[k] = blk;
	b->kval[blk] = (uint8_t)k;
	b->tag[blk] = 1;
}

static void tb_unlink(struct tb *b, uint32_t blk, unsigned int k)
{
	if (b->prev[blk] != TB_NONE)
		b->next[b->prev[blk]] = b->next[blk];
	else
		b->head[k] = b->next[blk];
	if (b->next[blk] != TB_NONE)
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
	for (unsigned int k = 0; k < TB_ORDERS; k++)
		b->head[k] = TB_NONE;
	for (uint32_t blk = 0; blk < npages; blk += 1u << (TB_ORDERS - 1))
		tb_push(b, blk, TB_ORDERS - 1);
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

	while (j < TB_ORDERS && b->head[j] == TB_NONE)
		j++;
	if (j == TB_ORDERS)
		return TB_NONE;
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

	while (k < TB_ORDERS - 1) {
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

/* ---- the two replays ---- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The textbook allocator over the same events: seconds, and how many it
 * applied. */
static double baseline(const struct replay_event *ev, size_t n, unsigned long max_pfn,
		       unsigned long *applied)
{
	uint32_t npages = 1u << (TB_ORDERS - 1), *where;
	struct tb b;
	double t;

	while (npages < max_pfn)
		npages <<= 1;
	where = malloc((size_t)npages * sizeof(*where));
	if (!where || tb_init(&b, npages)) {
		free(where);
		return -1;
	}
	memset(where, 0xff, (size_t)npages * sizeof(*where));
	*applied = 0;
	t = now();
	for (size_t i = 0; i < n; i++) {
		const struct replay_event *e = &ev[i];

		if (e->pfn >= npages)
			continue;
		if (e->kind == RK_ALLOC) {
			uint32_t blk = tb_alloc(&b, e->order);

			if (blk != TB_NONE) {
				where[e->pfn] = blk;
				(*applied)++;
			}
		} else if ((e->kind == RK_FREE || e->kind == RK_FREE_BATCHED) &&
			   where[e->pfn] != TB_NONE) {
			tb_free(&b, where[e->pfn]);
			where[e->pfn] = TB_NONE;
			(*applied)++;
		}
	}
	t = now() - t;
	tb_release(&b);
	free(where);
	return t;
}

/* One exact replay of the trace into the import: seconds (or < 0). */
static double sim_replay(struct replay_event **ev, size_t *n, unsigned long *applied,
			 unsigned long *max_pfn, double *whole, char *why, size_t whylen)
{
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
	t = now();
	for (size_t i = 0; i < *n; i++)
		*applied += replay_event(ctx.sim, r, &(*ev)[i]) == RO_APPLIED;
	t = now() - t;
	*whole = now() - t0;
out:
	replay_destroy(r);
	sb_release(&out);
	cmd_ctx_release(&ctx);
	return t;
}

void bench_replay(void);

void bench_replay(void)
{
	struct replay_event *ev = NULL;
	unsigned long applied = 0, tb_applied = 0, events = 0, max_pfn = 0;
	double t_sim = 1e9, t_tb = 1e9, t_whole = 1e9, sim_rate, tb_rate;
	char why[CMD_ERR_MAX] = "";
	size_t n = 0;

	/* the best of a few runs each: the machine may be busy */
	for (int i = 0; i < 3; i++) {
		double whole = 1e9, t = sim_replay(&ev, &n, &applied, &max_pfn, &whole, why,
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
	}
	for (int i = 0; i < 5; i++) {
		double t = baseline(ev, n, max_pfn, &tb_applied);

		if (t > 0 && t < t_tb)
			t_tb = t;
	}
	for (size_t i = 0; i < n; i++)
		events += ev[i].kind == RK_ALLOC || ev[i].kind == RK_FREE ||
			  ev[i].kind == RK_FREE_BATCHED;
	sim_rate = (double)n / t_sim;
	tb_rate = (double)events / t_tb;
	printf("trace replay: %zu events (%lu alloc/free) of tests/data/linux-6.1/trace.txt.xz; "
	       "exact applied %lu, the textbook buddy %lu\n", n, events, applied, tb_applied);
	printf("%-44s %14.2f %-10s\n", "exact replay into the imported machine", sim_rate / 1e6,
	       "M events/s");
	printf("%-44s %14.2f %-10s\n", "the same, with import, unxz, parse and sort",
	       (double)n / t_whole / 1e6, "M events/s");
	printf("%-44s %14.2f %-10s\n", "textbook buddy (our own code), same events",
	       tb_rate / 1e6, "M events/s");
	/* issue 11's target, read as written: the replay at least 3 times the
	 * textbook allocator's speed. The second line is the same ratio the
	 * other way round: how many times slower the model's bookkeeping is
	 * (pcp lists, pageblocks, counters, LRU owners, checkpoints) */
	printf("%-44s %14.2f %-10s target %-14s %s\n", "replay speed / textbook buddy speed",
	       sim_rate / tb_rate, "x", ">= 3", sim_rate / tb_rate >= 3 ? "ok" : "MISSED");
	printf("%-44s %14.2f %-10s\n", "textbook buddy speed / replay speed", tb_rate / sim_rate,
	       "x");
	free(ev);
}
