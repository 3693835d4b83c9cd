/* tests/unit/test_narration.c - every narrated comparison holds, and says the
 * numbers the kernel's check used at that point (STYLE.md §14).
 *
 * A mixed workload (page cache and anonymous tasks, direct reclaim, kswapd,
 * compaction, the OOM killer, atomic requests, the WARN branches, a loop the
 * tool cuts off) runs with every request stepped and narrated. After each
 * step every narration event of the step is read: each comparison in it must
 * hold (tests/unit/narration.h), and where the test can know the engine's
 * value at that point - the free count a freelist walk started from, the
 * watermark, lowmem_reserve[classzone], did_some_progress, pages_reclaimed,
 * kswapd's high mark - the printed operand must equal it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "narration.h"
#include "simtest.h"

/* ---- the reader itself ---- */

static bool holds(const char *line)
{
	struct narr_cmp c[4];

	return narration_comparisons(line, c, 4) == 1 && c[0].holds;
}

TEST(narration_reader_evaluates_both_sides)
{
	struct narr_cmp c[4];

	CHECK(holds("took pfn 0x1c00 from node 0 DMA32 (free 3590 - 7 for order 3 = 3583 > low "
		    "102 + lowmem_reserve 0)"));
	CHECK(!holds("[NO_WMARKS] took pfn 0x1 (free 69 > min 82 + lowmem_reserve 0)"));
	CHECK(!holds("took pfn (free 102 > low 102 + lowmem_reserve 0)"));
	/* a stated "= N" must be right */
	CHECK(!holds("free 3590 - 7 for order 3 = 3584 > low 102 + lowmem_reserve 0"));
	CHECK(holds("free 62 > min 82 - 41 for ALLOC_HIGH - 10 for ALLOC_HARDER = 31 + "
		    "lowmem_reserve 0"));
	CHECK(!holds("free 31 > min 82 - 41 for ALLOC_HIGH - 10 for ALLOC_HARDER = 31 + "
		     "lowmem_reserve 0"));
	CHECK(holds("DMA32  free  821 <= low 102 + 2 << 9 + lowmem_reserve 0 = 1126"));
	CHECK(holds("3977 > 9 + 5961 is false: DMA is out of reach"));
	CHECK(!holds("3977 > 9 + 5961: DMA is out of reach"));
	CHECK(holds("__GFP_REPEAT: pages_reclaimed 5 < 16 pages of order 4: retry"));
	/* prose, no numbers on a side: not a comparison */
	CHECK_EQ_L(narration_comparisons("no free block of order >= 9 (node 0 DMA)", c, 4), 0);
	CHECK_EQ_L(narration_comparisons("path: FASTPATH > WAKE_KSWAPD > GOT_PG", c, 4), 0);
	CHECK_EQ_L(narration_comparisons("It needs free > 31: interrupt handlers", c, 4), 0);
	/* the terms are there to compare with the engine */
	REQUIRE(narration_comparisons("has free 1887 <= low 2627 + lowmem_reserve 14", c, 4) == 1);
	CHECK_EQ_L(narr_term(&c[0].lhs, "free", -1), 1887);
	CHECK_EQ_L(narr_term(&c[0].rhs, "low", -1), 2627);
	CHECK_EQ_L(narr_term(&c[0].rhs, "lowmem_reserve", -1), 14);
	CHECK_EQ_L(c[0].rhs.value, 2641);
}

/* ---- the engine's narration ---- */

struct narr_run {
	struct sim	*sim;
	uint64_t	cursor;		/* next trace event to read */
	int		checked;	/* comparisons that held */
	int		matched;	/* operands compared with the engine */
	long		free_before[MAX_NUMNODES][MAX_NR_ZONES];
};

static const struct zone *named_zone(const struct sim *sim, const char *msg)
{
	const char *p = strstr(msg, "node ");
	char name[16];
	int nid;

	if (!p || sscanf(p, "node %d %15s", &nid, name) != 2 || nid < 0 || nid >= sim->nr_nodes)
		return NULL;
	name[strcspn(name, ",:()")] = '\0';
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (!strcmp(zone_names[zid], name))
			return &sim->node_data[nid]->node_zones[zid];
	return NULL;
}

static long mark_of(const struct zone *z, const struct narr_side *s)
{
	static const char *const names[] = { "min", "low", "high" };

	for (int w = 0; w < NR_WMARK; w++)
		if (narr_term(s, names[w], -1) >= 0)
			return narr_term(s, names[w], -1) == (long)z->watermark[w];
	return -1;
}

/* A freelist walk's narration: the watermark and the reserve the check
 * used, and (when the walk came first in its step) the free count. */
static void check_walk(struct narr_run *r, const struct alloc_request *req,
		       enum alloc_stage ran, const char *msg, const struct narr_cmp *c)
{
	const struct zone *z = named_zone(r->sim, msg);
	long free = narr_term(&c->lhs, "free", -1);
	bool first = ran == ALLOC_STAGE_FASTPATH || ran == ALLOC_STAGE_MIN_WMARK ||
		     ran == ALLOC_STAGE_NO_WMARKS || strstr(msg, "last attempt at high");

	if (!z || free < 0)
		return;
	CHECK(mark_of(z, &c->rhs) == 1);
	CHECK_EQ_L(narr_term(&c->rhs, "lowmem_reserve", -1),
		   z->lowmem_reserve[req->ac.classzone_idx]);
	if (first)
		CHECK_EQ_L(free, r->free_before[z->zone_pgdat->node_id][z->zid]);
	r->matched++;
}

/* kswapd's round: the zone it found unbalanced, against high, classzone 0. */
static void check_kswapd(struct narr_run *r, const char *msg, const struct narr_cmp *c)
{
	const char *is = strstr(msg, " is not balanced (");
	char name[16];

	if (!is || sscanf(strstr(msg, ": ") ? strstr(msg, ": ") + 2 : msg, "%15s", name) != 1)
		return;
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		const struct zone *z = &r->sim->node_data[0]->node_zones[zid];

		if (strcmp(zone_names[zid], name))
			continue;
		CHECK_EQ_L(narr_term(&c->rhs, "high", -1), (long)z->watermark[WMARK_HIGH]);
		CHECK_EQ_L(narr_term(&c->rhs, "lowmem_reserve", -1), z->lowmem_reserve[0]);
		r->matched++;
	}
}

/* Every narration event since the last read: each comparison holds; the
 * request's own ones are compared with the engine. */
static void check_events(struct narr_run *r, const struct alloc_request *req, int ran)
{
	struct trace_event buf[64];
	uint64_t lost = 0;
	size_t n;

	while ((n = trace_read(r->sim, &r->cursor, buf, 64, &lost)) > 0) {
		for (size_t i = 0; i < n; i++) {
			const struct trace_event *ev = &buf[i];
			struct narr_cmp c[8];
			int k;

			if (ev->id != TRACE_bs_alloc_stage)
				continue;
			/* a message cut at TRACE_MSG_LEN would hide its right side */
			CHECK(strlen(ev->msg) < TRACE_MSG_LEN - 1);
			k = narration_comparisons(ev->msg, c, 8);
			for (int j = 0; j < k && j < 8; j++) {
				if (!c[j].holds)
					printf("  does not hold: %s: %s\n", ev->comm, ev->msg);
				CHECK(c[j].holds);
				r->checked += c[j].holds;
				if (req && ev->stage == ran && ev->stage >= 0)
					check_walk(r, req, (enum alloc_stage)ran, ev->msg, &c[j]);
				if (ev->stage < 0 && strstr(ev->comm, "kswapd"))
					check_kswapd(r, ev->msg, &c[j]);
			}
			if (req && ev->stage == ALLOC_STAGE_SHOULD_RETRY && ran == ev->stage) {
				if (strstr(ev->msg, "did_some_progress ") && k)
					CHECK_EQ_L(narr_term(&c[0].lhs, "did_some_progress", -1),
						   (long)req->did_some_progress);
				if (strstr(ev->msg, "pages_reclaimed ") && k) {
					CHECK_EQ_L(narr_term(&c[0].lhs, "pages_reclaimed", -1),
						   (long)req->pages_reclaimed);
					r->matched++;
				}
			}
		}
	}
	CHECK_EQ_UL(lost, 0);
}

/* Step a narrated request to its end, checking after every step. */
static unsigned long step_request(struct narr_run *r, gfp_t gfp, unsigned int order,
				  struct alloc_request *req)
{
	if (alloc_request_init_any_order(r->sim, req, gfp, order))
		return PFN_NONE;
	req->narrate = true;
	for (;;) {
		int ran = (int)req->stage, more;

		for (int nid = 0; nid < r->sim->nr_nodes; nid++)
			for (int zid = 0; zid < MAX_NR_ZONES; zid++)
				r->free_before[nid][zid] =
					r->sim->node_data[nid]->node_zones[zid].vm_stat[NR_FREE_PAGES];
		more = alloc_step(r->sim, req);
		check_events(r, req, ran);
		if (!more)
			return req->pfn;
	}
}

static void tick(struct narr_run *r, unsigned long j)
{
	sim_tick(r->sim, j);
	check_events(r, NULL, -1);
}

TEST(narration_holds_through_a_mixed_workload)
{
	struct narr_run r = { .sim = boot_preset("tiny") };
	struct alloc_request req;
	int cache, hog, pid;
	unsigned long pfn, held[64];
	int nheld = 0;

	REQUIRE(r.sim);
	r.cursor = trace_next_seq(r.sim);
	/* a quiet machine: fast path, high orders, atomic */
	CHECK(step_request(&r, GFP_KERNEL, 3, &req) != PFN_NONE);
	CHECK(step_request(&r, GFP_ATOMIC, 3, &req) != PFN_NONE);
	CHECK(step_request(&r, GFP_KERNEL, 0, &req) != PFN_NONE);
	/* the WARN branches */
	CHECK_EQ_UL(step_request(&r, GFP_KERNEL, MAX_ORDER, &req), PFN_NONE);
	/* page cache fills the machine; reclaim and kswapd have work */
	cache = task_spawn(r.sim, "reader", 0, -1, 0);
	REQUIRE(cache > 0);
	task_touch(r.sim, cache, TASK_FILE, 6200);
	check_events(&r, NULL, -1);
	REQUIRE(sim_sysctl_set(r.sim, "vm.min_free_kbytes", "4000") == 0);
	for (int i = 0; i < 40; i++)
		step_request(&r, GFP_KERNEL, 0, &req);
	CHECK(step_request(&r, GFP_KERNEL | GFP_F_ATOMIC, 0, &req) != PFN_NONE);
	step_request(&r, GFP_ATOMIC, 0, &req);
	step_request(&r, GFP_NOWAIT, 2, &req);
	tick(&r, 30);
	/* fragment what is left so that order 4 needs compaction */
	for (int i = 0; i < 64 && (pfn = alloc_pages(r.sim, GFP_KERNEL | GFP_F_NOWARN, 4)) !=
	     PFN_NONE; i++)
		held[nheld++] = pfn;
	for (int i = 0; i < nheld; i += 2)
		free_pages(r.sim, held[i], 4);
	check_events(&r, NULL, -1);
	for (int i = 0; i < 6; i++)
		step_request(&r, GFP_KERNEL, 4, &req);
	step_request(&r, GFP_KERNEL | GFP_F_REPEAT | GFP_F_NOWARN, 5, &req);
	step_request(&r, GFP_TRANSHUGE, 9, &req);
	tick(&r, 200);
	/* anonymous memory and no swap: the OOM killer */
	hog = task_spawn(r.sim, "hog", 0, -1, 0);
	REQUIRE(hog > 0);
	task_touch(r.sim, hog, TASK_ANON, 3000);
	check_events(&r, NULL, -1);
	pid = task_current(r.sim)->pid;
	task_set_current(r.sim, hog);
	for (int i = 0; i < 3000 && task_find(r.sim, hog); i++) {
		if (step_request(&r, GFP_HIGHUSER_MOVABLE, 0, &req) == PFN_NONE)
			break;
	}
	task_set_current(r.sim, pid);
	tick(&r, 300);
	CHECK(sim_vm_event(r.sim, OOM_KILL) >= 1);
	/* a loop the kernel would not leave: the tool cuts it off */
	while (alloc_pages(r.sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		;
	check_events(&r, NULL, -1);
	CHECK_EQ_UL(step_request(&r, GFP_KERNEL | GFP_F_REPEAT | GFP_F_NOWARN, 10, &req),
		    PFN_NONE);
	CHECK(req.looped_out);
	printf("  %d comparisons held, %d operands matched the engine\n", r.checked, r.matched);
	CHECK(r.checked > 200);
	CHECK(r.matched > 100);
	CHECK(invariants_hold(r.sim));
	sim_destroy(r.sim);
}
