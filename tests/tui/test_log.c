/* tests/tui/test_log.c - the Log pane keeps what matters in view: events
 * of one kind in a row are one line with a count (a task faulting in 7000
 * pages is one line, not 7000), and OOM kills, failed allocations and the
 * kernel log's warnings stand out, in colour and with a "!".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/commands.h"
#include "../../app/tui.h"
#include "buddyscope/sim.h"
#include "fixture.h"
#include "testhelp.h"

/* Rows of the pane just rendered that start with @prefix and have @color. */
static int rows_like(const struct fixture *f, const char *text, const char *needle,
		     enum ui_color color)
{
	int n = 0, y = 0;

	for (const char *p = text; *p; y++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		if (strstr(line, needle) && f->c.cells[(size_t)y * (size_t)f->c.w].color == color)
			n++;
		p += len + (nl ? 1 : 0);
	}
	return n;
}

TEST(log_groups_repeats_and_the_oom_kill_stands_out)
{
	struct fixture f;
	char *text;
	unsigned int count = 0;

	REQUIRE(setup(&f, "tiny", 120, 40) == 0);
	run(&f.ctx, "task spawn hog");
	changed(&f);
	run(&f.ctx, "task touch hog anon 8000");	/* more than RAM, no swap: an OOM kill */
	tui_log_pump(&f.t.log, f.ctx.sim, false);
	changed(&f);
	/* the faults are lines with counts in the hundreds, and the whole touch
	 * a few hundred lines, not thousands */
	for (size_t i = 0; i < f.t.log.count; i++) {
		const struct log_entry *e = &f.t.log.v[(f.t.log.head + i) % TUI_LOG_MAX];

		if (e->kind == LOG_EVENT && e->ev.id == TRACE_mm_page_alloc && e->ev.pid == 1001 &&
		    e->count > count)
			count = e->count;
	}
	CHECK(count >= 100);
	CHECK(f.t.log.count < 300);	/* for some 14000 events (the ring keeps the newest) */
	text = pane(&f, PANE_LOG, 100, 30);
	CHECK(strstr(text, "x bash-1000 freed pfn ") && strstr(text, "(the first: pfn 0x"));
	/* the OOM killer's decision and the kernel log's report are in view,
	 * marked and in the error colour */
	CHECK(rows_like(&f, text, "! out_of_memory: ", UI_LOG_ERR) >= 1);
	CHECK(rows_like(&f, text, "! dmesg: ", UI_LOG_ERR) >= 2);
	CHECK(strstr(text, "hog invoked oom-killer") != NULL);
	CHECK(strstr(text, "Kill process 1001 (hog)") != NULL);
	free(text);
	teardown(&f);
}

TEST(log_marks_a_failed_allocation)
{
	struct fixture f;
	char *text;

	REQUIRE(setup(&f, "tiny", 120, 40) == 0);
	run(&f.ctx, "alloc GFP_KERNEL|__GFP_NORETRY 10 x10");
	tui_log_pump(&f.t.log, f.ctx.sim, false);
	changed(&f);
	text = pane(&f, PANE_LOG, 100, 12);
	CHECK(rows_like(&f, text, "allocation failed: NULL page", UI_LOG_ERR) >= 1);
	CHECK(rows_like(&f, text, "! dmesg: ", UI_LOG_WARN) >= 1);
	CHECK(strstr(text, "page allocation failure: order:10") != NULL);
	free(text);
	teardown(&f);
}
