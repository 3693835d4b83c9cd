/* tests/unit/test_cov_trace_edges.c - the ftrace reader at the edges of
 * a kmem event line: what makes a line an event (a cpu column, a timestamp,
 * an event name) and what is skipped; each field out of range gets its
 * one-line error; pages that say "none" in every spelling; lost-event notes
 * that do not count. */
#include <stdint.h>
#include <string.h>

#include "buddyscope/gfp.h"
#include "buddyscope/replay.h"
#include "simtest.h"

#define P "  a-1 [000] ..... 1.5: "

static int parse(struct replay_parser *rp, const char *line, struct replay_event *ev, char *err)
{
	err[0] = '\0';
	return replay_parse_line(rp, line, strlen(line), ev, err, 256);
}

/* Lines that are not events: skipped (0), nothing counted. */
TEST(cov_trace_edges_skipped_lines)
{
	static const char *const skip[] = {
		"",
		" \t ",
		"\t# tracer: nop\r\n",
		"CPU:1 no note",
		"CPU:1 [LOST x EVENTS]",
		"CPU:1 [LOS",
		"CPU:1 [LOST",
		"  a-1 [12 1.5: mm_page_free: pfn=1 order=0",	/* no cpu column */
		"  a-1 [abc] no timestamp: mm_page_free: pfn=1 order=0",
		"  a-1 [abc] 1.5: sched_switch: prev=a",	/* not a kmem event */
		"  a-1 [abc] 1.5: no event name",
		"  a-1 [000] no colon here",
		"  a-1 [000] 123456789012345.5: mm_page_free: pfn=1 order=0",	/* seconds */
		"  a-1 [000] 1.1234567890: mm_page_free: pfn=1 order=0",	/* 10 digits */
		"  a-1 [000] 1.: mm_page_free: pfn=1 order=0",
		"  a-1 [000] 1.5x: mm_page_free: pfn=1 order=0",
		"  a-1 [000] x.5: mm_page_free: pfn=1 order=0",
		"  a-1 [000] 1.5: mm_page_free pfn=1 order=0",	/* no ':' after the name */
	};
	struct replay_parser rp = { 0 };
	struct replay_event ev;
	char err[256];

	for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++) {
		int ret = parse(&rp, skip[i], &ev, err);

		if (ret)
			printf("  line %zu: %d %s\n", i, ret, err);
		CHECK_EQ_L(ret, 0);
	}
	CHECK_EQ_UL(rp.lines, sizeof(skip) / sizeof(skip[0]));
	CHECK_EQ_UL(rp.events, 0);
	CHECK_EQ_UL(rp.lost, 0);
	CHECK_EQ_UL(rp.other, 0);
	/* an event name we do not read is counted as other */
	CHECK_EQ_L(parse(&rp, P "mm_page_alloc_x: pfn=1", &ev, err), 0);
	CHECK_EQ_UL(rp.other, 1);
	/* a timestamp without a dot is a clock count (trace_clock counter,
	 * x86-tsc), kept as is: read as seconds, 4312059000 overflowed */
	CHECK_EQ_L(parse(&rp, "  a-1 [007] 12: mm_page_free:  pfn=5 order=1\n", &ev, err), 1);
	CHECK_EQ_UL(ev.ts_ns, 12ULL);
	CHECK_EQ_L(parse(&rp, "  a-1 [007] 4312059000123: mm_page_free:  pfn=5 order=1\n", &ev,
			 err), 1);
	CHECK_EQ_UL(ev.ts_ns, 4312059000123ULL);
	CHECK_EQ_UL(ev.cpu, 7);
	CHECK_EQ_UL(ev.pfn, 5);
	CHECK_EQ_UL(ev.order, 1);
}

/* Lines that are kmem events but wrong: an error naming the line. */
TEST(cov_trace_edges_errors)
{
	static const struct { const char *line, *err; } bad[] = {
		{ "  a-1 [70000] 1.5: mm_page_free: pfn=1 order=0", "line 1: cpu [N] out of range; accepted: 0..65535" },
		{ "  a-1 [999999999999999] 1.5: mm_page_free: pfn=1 order=0",
		  "line 1: cpu [N] out of range; accepted: 0..65535" },
		/* a cpu column that is no number is said so, not "out of range",
		 * and not skipped as if the line were a banner */
		{ "  a-1 [abc] 1.5: mm_page_free: pfn=1 order=0",
		  "line 1: cpu [abc] is not a number; accepted: 0..65535" },
		{ "  a-1 [12x] 1.5: mm_page_free: pfn=1 order=0",
		  "line 1: cpu [12x] is not a number; accepted: 0..65535" },
		{ "  a-1 [-1] d..1 1.5: mm_page_alloc: pfn=1 order=0",
		  "line 1: cpu [-1] is not a number; accepted: 0..65535" },
		{ "  a 1 [] 1.5: kmem:mm_page_free: pfn=1 order=0",
		  "line 1: cpu [] is not a number; accepted: 0..65535" },
		{ P "mm_page_free: pfn=0x order=0",
		  "line 1: no pfn=N field; accepted: the kmem event formats of 4.x to 6.x" },
		{ P "mm_page_free: pfn=0x1g order=0",
		  "line 1: no pfn=N field; accepted: the kmem event formats of 4.x to 6.x" },
		{ P "mm_page_free: pfn=0x12345678901234567 order=0",
		  "line 1: no pfn=N field; accepted: the kmem event formats of 4.x to 6.x" },
		{ P "mm_page_free: pfn=0x80000000 order=0", "line 1: pfn beyond 2^31 (8 TiB)" },
		{ P "mm_page_free: pfn=1 order=-1", "line 1: order out of range; accepted: 0..10" },
		{ P "mm_page_free: pfn=1 order=-x", "line 1: no order=N field" },
		{ P "mm_page_free: pfn=1", "line 1: no order=N field" },
		{ P "mm_page_pcpu_drain: pfn=1 order=0",
		  "line 1: no migratetype=N field" },
		{ P "mm_page_alloc_zone_locked: pfn=1 order=0 migratetype=1",
		  "line 1: no percpu_refill=N field" },
		{ P "mm_page_pcpu_drain: pfn=1 order=0 migratetype=6",
		  "line 1: migratetype out of range; accepted: 0..5" },
		{ P "mm_page_pcpu_drain: pfn=1 order=0 migratetype=-2",
		  "line 1: migratetype out of range; accepted: 0..5" },
		{ P "mm_page_alloc: pfn=1 order=0 migratetype=1",
		  "line 1: mm_page_alloc without gfp_flags=" },
		{ P "mm_page_alloc_extfrag: pfn=1 alloc_order=0 fallback_order=11 "
		  "alloc_migratetype=0 fallback_migratetype=1 change_ownership=1",
		  "line 1: mm_page_alloc_extfrag without its alloc_order, fallback_order, "
		  "alloc_migratetype, fallback_migratetype and change_ownership fields" },
		{ P "mm_page_alloc_extfrag: pfn=1 alloc_order=0 fallback_order=-1 "
		  "alloc_migratetype=0 fallback_migratetype=1 change_ownership=1",
		  "line 1: mm_page_alloc_extfrag without its alloc_order, fallback_order, "
		  "alloc_migratetype, fallback_migratetype and change_ownership fields" },
		{ P "mm_page_alloc_extfrag: pfn=1 alloc_order=0 fallback_order=1 "
		  "alloc_migratetype=0 fallback_migratetype=6 change_ownership=1",
		  "line 1: mm_page_alloc_extfrag without its alloc_order, fallback_order, "
		  "alloc_migratetype, fallback_migratetype and change_ownership fields" },
		{ P "mm_page_alloc_extfrag: pfn=1 alloc_order=0 fallback_order=1 "
		  "alloc_migratetype=0 fallback_migratetype=-1 change_ownership=1",
		  "line 1: mm_page_alloc_extfrag without its alloc_order, fallback_order, "
		  "alloc_migratetype, fallback_migratetype and change_ownership fields" },
		{ P "mm_page_alloc_extfrag: pfn=1 alloc_order=0 fallback_order=1 "
		  "alloc_migratetype=0 fallback_migratetype=1",
		  "line 1: mm_page_alloc_extfrag without its alloc_order, fallback_order, "
		  "alloc_migratetype, fallback_migratetype and change_ownership fields" },
		{ P "mm_page_alloc_extfrag: pfn=1 alloc_order=0 fallback_order=1 "
		  "fallback_migratetype=1 change_ownership=1",
		  "line 1: mm_page_alloc_extfrag without its alloc_order, fallback_order, "
		  "alloc_migratetype, fallback_migratetype and change_ownership fields" },
		{ P "mm_page_alloc_extfrag: pfn=1 alloc_order=0 alloc_migratetype=0 "
		  "fallback_migratetype=1 change_ownership=1",
		  "line 1: mm_page_alloc_extfrag without its alloc_order, fallback_order, "
		  "alloc_migratetype, fallback_migratetype and change_ownership fields" },
		{ P "mm_page_alloc_extfrag: pfn=1 fallback_order=1 alloc_migratetype=0 "
		  "fallback_migratetype=1 change_ownership=1",
		  "line 1: mm_page_alloc_extfrag without its alloc_order, fallback_order, "
		  "alloc_migratetype, fallback_migratetype and change_ownership fields" },
	};
	struct replay_event ev;
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct replay_parser rp = { 0 };

		CHECK_EQ_L(parse(&rp, bad[i].line, &ev, err), -EINVAL);
		if (strcmp(err, bad[i].err))
			printf("  case %zu: %s\n", i, err);
		CHECK_STR(err, bad[i].err);
		CHECK_EQ_UL(rp.events, 0);
	}
	/* a mask longer than any kernel prints */
	{
		struct replay_parser rp = { 0 };
		char line[512];

		snprintf(line, sizeof(line), P "mm_page_alloc: pfn=1 order=0 migratetype=0 "
			 "gfp_flags=GFP_KERNEL%0300d", 0);
		CHECK_EQ_L(parse(&rp, line, &ev, err), -EINVAL);
		CHECK_STR(err, "line 1: gfp_flags too long");
	}
}

/* The spellings of "no page" and the values that read specially. */
TEST(cov_trace_edges_fields)
{
	static const struct { const char *page; bool none; } pages[] = {
		{ "(null)", true }, { "(nil)", true }, { "0x0000", true }, { "0000", true },
		{ "0", true }, { "00ff", false }, { "0x0001", false }, { "", false },
	};
	struct replay_parser rp = { 0 };
	struct replay_event ev;
	char err[256], line[256];

	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		snprintf(line, sizeof(line), P "mm_page_alloc: page=%s pfn=0x10 order=0 "
			 "migratetype=-1 gfp_flags=GFP_KERNEL", pages[i].page);
		REQUIRE(parse(&rp, line, &ev, err) == 1);
		if ((ev.pfn == REPLAY_NO_PFN) != pages[i].none)
			printf("  page=%s\n", pages[i].page);
		CHECK_EQ_UL(ev.pfn, pages[i].none ? REPLAY_NO_PFN : 0x10);
		CHECK_EQ_UL(ev.mt, MIGRATE_UNMOVABLE);	/* -1 (unknown) reads as Unmovable */
	}
	/* "xorder=" is not "order=": keys start a word */
	CHECK_EQ_L(parse(&rp, P "mm_page_free: pfn=1 xorder=3 order=2", &ev, err), 1);
	CHECK_EQ_UL(ev.order, 2);
	/* a line number past 2^32 sticks at the largest */
	rp.lines = (unsigned long)UINT32_MAX + 5;
	CHECK_EQ_L(parse(&rp, P "mm_page_free: pfn=1 order=0", &ev, err), 1);
	CHECK_EQ_UL(ev.line, UINT32_MAX);
	/* a note of lost events adds up */
	rp.lost = 0;
	CHECK_EQ_L(parse(&rp, "CPU:0 [LOST 7 EVENTS]", &ev, err), 0);
	CHECK_EQ_L(parse(&rp, "CPU:3 [LOST 5 EVENTS]\r\n", &ev, err), 0);
	CHECK_EQ_UL(rp.lost, 12);
}

/* Sorting keeps the file's order among equal timestamps. */
TEST(cov_trace_edges_sort_ties)
{
	struct replay_event ev[5];

	memset(ev, 0, sizeof(ev));
	ev[0].ts_ns = 5; ev[0].line = 1;
	ev[1].ts_ns = 3; ev[1].line = 4;
	ev[2].ts_ns = 3; ev[2].line = 2;
	ev[3].ts_ns = 5; ev[3].line = 0;
	ev[4].ts_ns = 1; ev[4].line = 9;
	CHECK_EQ_L(replay_sort(ev, 5), 0);
	CHECK_EQ_UL(ev[0].line, 9);
	CHECK_EQ_UL(ev[1].line, 2);
	CHECK_EQ_UL(ev[2].line, 4);
	CHECK_EQ_UL(ev[3].line, 0);
	CHECK_EQ_UL(ev[4].line, 1);
}
