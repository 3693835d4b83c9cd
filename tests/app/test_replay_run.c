/* tests/app/test_replay_run.c - the exact replay's short paths
 * (core/replay_run.c) are a faster way to the same state, not another
 * model: the real 6.1 trace replayed into its machine by replay_run(), and
 * event by event through the general path alone (replay_exact_event()),
 * must leave every page record, list head and counter byte for byte the
 * same, with the same outcome for every event.
 */
#include <stdlib.h>
#include <string.h>

#include "../../app/commands.h"
#include "../../core/replay_int.h"
#include "buddyscope/sim.h"
#include "testhelp.h"

#define DIR	"proc:tests/data/linux-6.1/trace-before"
#define TRACE	"tests/data/linux-6.1/trace.txt.xz"

struct run {
	struct cmd_ctx	ctx;
	struct replay_event *ev;
	size_t		n;
	unsigned long	count[NR_REPLAY_KINDS][NR_REPLAY_OUTCOMES];
	char		*views;		/* malloc'd */
};

/* Import, read the trace; @general: every event by the general path. */
static int run_trace(struct run *rn, bool general)
{
	static const char *const views[] = {
		"show buddyinfo", "show pagetypeinfo", "show zoneinfo", "show vmstat", "check",
	};
	struct strbuf out = STRBUF_INIT, all = STRBUF_INIT;
	struct replay *r = NULL;
	int rc = -1;

	memset(rn->count, 0, sizeof(rn->count));
	rn->ev = NULL;
	rn->views = NULL;
	if (cmd_ctx_init(&rn->ctx, DIR, 1))
		return -1;
	if (trace_replay_load(&rn->ctx, TRACE, &rn->ev, &rn->n, &out) ||
	    replay_create(rn->ctx.sim, REPLAY_EXACT, rn->n, &r))
		goto out;
	if (general) {
		for (size_t i = 0; i < rn->n; i++)
			rn->count[rn->ev[i].kind][replay_exact_event(rn->ctx.sim, r, &rn->ev[i])]++;
	} else {
		if (replay_prepare(rn->ctx.sim, r, rn->ev, rn->n))
			goto out;
		/* in pieces, as the program runs it between progress reports */
		for (size_t i = 0; i < rn->n; i += 5000)
			replay_run(rn->ctx.sim, r, i, i + 5000, rn->count);
	}
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		sb_reset(&out);
		if (cmd_exec_line(&rn->ctx, views[i], &out))
			sb_printf(&out, "error: %s\n", rn->ctx.err);
		sb_add(&all, out.buf ? out.buf : "", out.len);
	}
	rn->views = all.buf;
	all.buf = NULL;
	rc = 0;
out:
	replay_destroy(r);
	sb_release(&out);
	sb_release(&all);
	return rc;
}

static void run_release(struct run *rn)
{
	free(rn->ev);
	free(rn->views);
	cmd_ctx_release(&rn->ctx);
}

TEST(replay_short_paths_leave_the_general_paths_state)
{
	struct run *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	const struct sim *sa, *sb;
	unsigned long applied = 0;

	REQUIRE(a && b);
	REQUIRE(run_trace(a, false) == 0);
	REQUIRE(run_trace(b, true) == 0);
	sa = a->ctx.sim;
	sb = b->ctx.sim;
	REQUIRE(a->n == b->n && a->n > 100000);
	CHECK(memcmp(a->count, b->count, sizeof(a->count)) == 0);
	for (int k = 0; k < NR_REPLAY_KINDS; k++)
		applied += a->count[k][RO_APPLIED];
	CHECK(applied > 90000);		/* the replay did replay */
	REQUIRE(sa->map.max_pfn == sb->map.max_pfn && sa->map.nr_heads == sb->map.nr_heads);
	CHECK(memcmp(sa->map.pages, sb->map.pages, sa->map.max_pfn * sizeof(struct page)) == 0);
	CHECK(memcmp(sa->map.heads, sb->map.heads, sa->map.nr_heads * sizeof(struct list_link)) == 0);
	CHECK(memcmp(sa->vm_events, sb->vm_events, sizeof(sa->vm_events)) == 0);
	for (int id = 0; id < MAX_NUMNODES * MAX_NR_ZONES; id++) {
		const struct zone *za = sa->zone_by_id[id], *zb = sb->zone_by_id[id];

		REQUIRE(!za == !zb);
		if (!za)
			continue;
		CHECK(memcmp(za->vm_stat, zb->vm_stat, sizeof(za->vm_stat)) == 0);
		CHECK(memcmp(za->free_area, zb->free_area, sizeof(za->free_area)) == 0);
		for (int cpu = 0; cpu < za->nr_cpus; cpu++)
			CHECK(memcmp(&za->pageset[cpu], &zb->pageset[cpu], sizeof(za->pageset[cpu])) == 0);
	}
	CHECK(a->views && b->views && strcmp(a->views, b->views) == 0);
	CHECK(a->views && strstr(a->views, "Node 0, zone") && !strstr(a->views, "error"));
	run_release(a);
	run_release(b);
	free(a);
	free(b);
}
