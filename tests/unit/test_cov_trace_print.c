/* tests/unit/test_cov_trace_print.c - ftrace lines for the fields other
 * tests never print: 6.1's layouts of mm_vmscan_wakeup_kswapd,
 * mm_compaction_try_to_compact_pages and a NULL page, a zone or status
 * value outside the kernel's symbol tables (printed in hex, as
 * __print_symbolic does), oom_score_adj_update written by the task itself,
 * and an event id no table knows. */
#include <string.h>

#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/trace.h"
#include "simtest.h"

static void fmt(const struct trace_event *ev, char *buf, size_t len)
{
	trace_format(ev, buf, len);
}

static struct trace_event event(enum trace_id id, enum kernel_version k)
{
	struct trace_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.id = id;
	ev.kernel = (uint8_t)k;
	ev.stage = -1;
	snprintf(ev.comm, sizeof(ev.comm), "bash");
	ev.pid = 42;
	return ev;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	if (n < t || strcmp(s + n - t, tail)) {
		printf("  '%s' does not end with '%s'\n", s, tail);
		return false;
	}
	return true;
}

TEST(cov_trace_print_61_layouts)
{
	struct trace_event ev;
	char buf[512];

	ev = event(TRACE_mm_vmscan_wakeup_kswapd, KERNEL_6_1);
	ev.order = 3;
	ev.gfp_mask = GFP_KERNEL;
	fmt(&ev, buf, sizeof(buf));
	CHECK(ends_with(buf, "mm_vmscan_wakeup_kswapd: nid=0 order=3 gfp_flags=GFP_KERNEL"));
	CHECK(strstr(buf, "bash-42      [000] ..... ") != NULL);	/* 6.1's wider columns */
	ev = event(TRACE_mm_compaction_try_to_compact_pages, KERNEL_6_1);
	ev.order = 9;
	ev.gfp_mask = GFP_KERNEL;
	ev.arg[0] = 1;
	fmt(&ev, buf, sizeof(buf));
	CHECK(ends_with(buf, ": order=9 gfp_mask=GFP_KERNEL priority=1"));
	/* a failed allocation: NULL page, pfn -1 (kmem.h) */
	ev = event(TRACE_mm_page_alloc, KERNEL_6_1);
	ev.pfn = PFN_NONE;
	ev.order = 2;
	ev.gfp_mask = GFP_KERNEL;
	fmt(&ev, buf, sizeof(buf));
	CHECK(strstr(buf, "mm_page_alloc: page=0000000000000000 pfn=0xffffffffffffffff order=2 ")
	      != NULL);
	/* v4.5 prints the same NULL page as (null), pfn 0 */
	ev.kernel = KERNEL_4_5;
	fmt(&ev, buf, sizeof(buf));
	CHECK(strstr(buf, "mm_page_alloc: page=          (null) pfn=0 order=2 ") != NULL);
}

TEST(cov_trace_print_values_outside_the_tables)
{
	struct trace_event ev;
	char buf[512];

	ev = event(TRACE_mm_compaction_suitable, KERNEL_4_5);
	ev.zid = 9;
	ev.order = 255;		/* -1: compact_memory */
	ev.arg[0] = 42;
	fmt(&ev, buf, sizeof(buf));
	CHECK(ends_with(buf, "mm_compaction_suitable: node=0 zone=0x9      order=-1 ret=0x2a"));
	/* oom_score_adj_update by the task itself: its own pid and comm */
	ev = event(TRACE_oom_score_adj_update, KERNEL_4_5);
	ev.arg[0] = -17;
	fmt(&ev, buf, sizeof(buf));
	CHECK(ends_with(buf, "oom_score_adj_update: pid=42 comm=bash oom_score_adj=-17"));
	/* an id no table knows: its name is unknown_event, its text the message */
	ev = event(NR_TRACE_EVENTS, KERNEL_4_5);
	snprintf(ev.msg, sizeof(ev.msg), "what happened");
	fmt(&ev, buf, sizeof(buf));
	CHECK(ends_with(buf, "unknown_event: what happened"));
}
