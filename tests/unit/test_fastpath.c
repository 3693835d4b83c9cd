/* tests/unit/test_fastpath.c - the fast path's shortcuts change nothing:
 * alloc_pages() (the state machine entered only on a miss, no record kept)
 * leaves the machine exactly as stepping the same request through every
 * stage does, and turning the event ring off (nobody reads) leaves the
 * simulation exactly as with it on. */
#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "simtest.h"

/* Pages, counters, /proc/vmstat and the kernel log: what the simulation
 * is, the event ring aside. */
static void state(const struct sim *sim, struct strbuf *out)
{
	sb_reset(out);
	sb_add(out, (const char *)sim->map.pages, sim->map.max_pfn * sizeof(struct page));
	procfs_show_vmstat(sim, out);
	procfs_show_buddyinfo(sim, out);
	sim_dmesg_show(sim, out, 0);
	sb_printf(out, "clock %llu\n", (unsigned long long)sim_clock_ns(sim));
}

/* Allocations of every order and GFP, some failing into the slow path (a
 * tight machine), frees, faults. @stepped: through alloc_run() on a full
 * request instead of alloc_pages(). Return: allocations that failed (a
 * failure comes out of the slow path). */
static unsigned long workload(struct sim *sim, bool stepped)
{
	static const gfp_t gfps[] = { GFP_KERNEL, GFP_ATOMIC, GFP_HIGHUSER_MOVABLE,
				      GFP_KERNEL | GFP_F_NOWARN, GFP_NOWAIT };
	unsigned long held[256];
	int nheld = 0, pid = task_spawn(sim, "hog", 0, -1, 0);
	unsigned long failed = 0;

	task_touch(sim, pid, TASK_ANON, 6800);	/* tight: the slow path runs */
	for (int i = 0; i < 3000; i++) {
		uint64_t r = sim_random(sim);
		unsigned int order = (unsigned int)(r >> 8) % 6;
		gfp_t gfp = gfps[(r >> 16) % 5];
		unsigned long pfn;

		if ((r & 3) && nheld < 256) {
			if (stepped) {
				struct alloc_request req;

				if (alloc_request_init(sim, &req, gfp, order))
					continue;
				pfn = alloc_run(sim, &req);
			} else {
				pfn = alloc_pages(sim, gfp, order);
			}
			if (pfn != PFN_NONE)
				held[nheld++] = pfn;
			else
				failed++;
		} else if (nheld) {
			int k = (int)((r >> 24) % (uint64_t)nheld);

			free_pages(sim, held[k], -1);
			held[k] = held[--nheld];
		}
	}
	return failed;
}

TEST(fastpath_alloc_pages_equals_every_stage)
{
	struct sim *a = boot_preset("tiny"), *b = boot_preset("tiny");
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;

	REQUIRE(a && b);
	CHECK(workload(a, false) > 0);		/* the slow path did run */
	workload(b, true);
	state(a, &sa);
	state(b, &sb);
	CHECK(sa.len == sb.len && !memcmp(sa.buf, sb.buf, sa.len));
	CHECK(invariants_hold(a));
	sb_release(&sa);
	sb_release(&sb);
	sim_destroy(a);
	sim_destroy(b);
}

/* The same under 6.1, whose alloc_pages (slowpath_run_6_1) is its own:
 * the same machine, and the same events emitted. */
TEST(fastpath_alloc_pages_equals_every_stage_6_1)
{
	struct sim *a = boot_preset_kernel("tiny", KERNEL_6_1);
	struct sim *b = boot_preset_kernel("tiny", KERNEL_6_1);
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;

	REQUIRE(a && b);
	workload(a, false);
	CHECK(a->vm_events[ALLOCSTALL] > 0);	/* the slow path did run, into reclaim */
	workload(b, true);
	state(a, &sa);
	state(b, &sb);
	CHECK(sa.len == sb.len && !memcmp(sa.buf, sb.buf, sa.len));
	CHECK_EQ_UL(trace_next_seq(a), trace_next_seq(b));
	CHECK(invariants_hold(a));
	sb_release(&sa);
	sb_release(&sb);
	sim_destroy(a);
	sim_destroy(b);
}

/* The workload on two machines alike, events on in @a and off in @b: the
 * same machine after, and the same event sequence. */
static void events_off_same(struct sim *a, struct sim *b)
{
	struct strbuf sa = STRBUF_INIT, sb = STRBUF_INIT;

	trace_set_enabled(b, false);
	CHECK(!trace_enabled(b));
	workload(a, false);
	workload(b, false);
	state(a, &sa);
	state(b, &sb);
	CHECK(sa.len == sb.len && !memcmp(sa.buf, sb.buf, sa.len));
	CHECK_EQ_UL(trace_next_seq(a), trace_next_seq(b));	/* the same events, unwritten */
	sb_release(&sa);
	sb_release(&sb);
}

TEST(fastpath_events_off_change_nothing_else)
{
	struct sim *a = boot_preset("tiny"), *b = boot_preset("tiny");
	struct trace_event ev[8];
	uint64_t cursor, lost = 0, seq;
	size_t n;

	REQUIRE(a && b);
	events_off_same(a, b);
	/* back on: what was emitted meanwhile is reported lost, what comes is read */
	seq = trace_next_seq(b);
	trace_set_enabled(b, true);
	cursor = 0;
	CHECK_EQ_UL(trace_read(b, &cursor, ev, 8, &lost), 0);
	CHECK_EQ_UL(lost, seq);
	alloc_pages(b, GFP_KERNEL, 0);
	n = trace_read(b, &cursor, ev, 8, &lost);
	CHECK(n > 0);
	CHECK(n > 0 && ev[n - 1].id == TRACE_mm_page_alloc);
	sim_destroy(a);
	sim_destroy(b);
}

/* The same under 6.1, whose buddy take, refill and drain fill their events
 * (mm_page_alloc_zone_locked, mm_page_pcpu_drain) only for a reader. */
TEST(fastpath_events_off_change_nothing_else_6_1)
{
	struct sim *a = boot_preset_kernel("tiny", KERNEL_6_1);
	struct sim *b = boot_preset_kernel("tiny", KERNEL_6_1);

	REQUIRE(a && b);
	events_off_same(a, b);
	CHECK(a->vm_events[PGALLOC_NORMAL] + a->vm_events[PGALLOC_DMA32] > 1000);
	sim_destroy(a);
	sim_destroy(b);
}

struct seen {
	unsigned long	n, got, not_done;
	unsigned long	pfn;		/* the last request's */
	unsigned int	order;
};

static void seen_one(void *arg, const struct sim *sim, const struct alloc_request *req)
{
	struct seen *s = arg;

	(void)sim;
	s->n++;
	s->got += req->pfn != PFN_NONE;
	s->not_done += !req->done;
	s->pfn = req->pfn;
	s->order = req->order;
}

/* An observer sees every request alloc_pages() runs, the fast path's
 * successes as much as those that end in the slow path, each once, as it
 * ended. */
static void observer_sees_every_allocation(enum kernel_version k)
{
	struct sim *sim = boot_preset_kernel("tiny", k);
	struct seen s = { 0 };
	unsigned long calls = 0, got = 0, pfn, held[512];
	int nheld = 0, pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "hog", 0, -1, 0);
	task_touch(sim, pid, TASK_ANON, 6800);	/* tight: some fail */
	sim_set_alloc_observer(sim, seen_one, &s);
	for (int i = 0; i < 2000; i++) {
		uint64_t r = sim_random(sim);
		bool atomic = (r >> 16) & 1;	/* high orders that fail at once */
		unsigned int order = (unsigned int)(r >> 8) % (atomic ? MAX_ORDER : 4);
		unsigned long before = s.n;

		if ((r & 3) && nheld < 512) {
			pfn = alloc_pages(sim, atomic ? GFP_ATOMIC | GFP_F_NOWARN : GFP_KERNEL, order);
			calls++;
			got += pfn != PFN_NONE;
			CHECK_EQ_UL(s.n, before + 1);
			CHECK_EQ_UL(s.pfn, pfn);
			CHECK_EQ_UL(s.order, order);
			if (pfn != PFN_NONE)
				held[nheld++] = pfn;
		} else if (nheld) {
			int j = (int)((r >> 24) % (uint64_t)nheld);

			free_pages(sim, held[j], -1);
			held[j] = held[--nheld];
			CHECK_EQ_UL(s.n, before);	/* a free is no request */
		}
	}
	CHECK_EQ_UL(s.n, calls);
	CHECK_EQ_UL(s.got, got);
	CHECK(got > 0 && got < calls);		/* fast-path successes and failures */
	CHECK_EQ_UL(s.not_done, 0);
	sim_set_alloc_observer(sim, NULL, NULL);
	alloc_pages(sim, GFP_KERNEL, 0);
	CHECK_EQ_UL(s.n, calls);		/* stopped */
	sim_destroy(sim);
}

TEST(fastpath_observer_sees_every_allocation)
{
	observer_sees_every_allocation(KERNEL_4_5);
}

TEST(fastpath_observer_sees_every_allocation_6_1)
{
	observer_sees_every_allocation(KERNEL_6_1);
}
