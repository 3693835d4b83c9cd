/* tests/tui/test_render.c - the panes rendered off-screen into a canvas and
 * compared with expected text (tests/tui/golden/NAME.txt; regenerate with
 * BUDDYSCOPE_UPDATE_GOLDEN=1 after a deliberate change, and read the diff).
 * Glyphs are the ASCII set, so the files stay plain text.
 * Run from the top of the tree (tests/run.sh and tests/tui/run.sh do).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/commands.h"
#include "../../app/tui.h"
#include "buddyscope/sim.h"
#include "testhelp.h"

#include "fixture.h"

/* ---- the canvas ---- */

TEST(canvas_text_clips_and_decodes_utf8)
{
	struct tui_canvas c = { 0, 0, NULL };
	char *row;

	tui_ascii = false;
	REQUIRE(canvas_resize(&c, 10, 2) == 0);
	CHECK_EQ_L(canvas_text(&c, 8, 0, 10, UI_DEFAULT, "abcdef"), 2);
	CHECK_EQ_L(canvas_text(&c, 0, 1, 3, UI_DEFAULT, "\xe2\x96\x88x\xc2\xb7yz"), 3);
	row = canvas_row_text(&c, 1);
	CHECK_STR(row, "\xe2\x96\x88x\xc2\xb7");
	free(row);
	row = canvas_row_text(&c, 0);
	CHECK_STR(row, "        ab");
	free(row);
	canvas_put(&c, -1, 0, 'x', UI_DEFAULT);	/* off the canvas: ignored */
	canvas_put(&c, 10, 5, 'x', UI_DEFAULT);
	canvas_release(&c);
	tui_ascii = true;
}

/* A character that is not one column wide (an emoji, CJK: two; a combining
 * accent, a zero-width space: none) or a C1 control becomes '?': the rest of
 * the row, pane borders included, stays where it is. */
TEST(canvas_keeps_one_column_a_cell)
{
	struct tui_canvas c = { 0, 0, NULL };
	char *row;

	tui_ascii = false;
	REQUIRE(canvas_resize(&c, 12, 1) == 0);
	/* a, U+1F642, b, e + U+0301, U+4E2D, U+200B, U+009B, box-drawing U+2502 */
	CHECK_EQ_L(canvas_text(&c, 0, 0, 12, UI_DEFAULT, "a\xf0\x9f\x99\x82" "be\xcc\x81"
			       "\xe4\xb8\xad\xe2\x80\x8b\xc2\x9b\xe2\x94\x82"), 9);
	row = canvas_row_text(&c, 0);
	CHECK_STR(row, "a?be????\xe2\x94\x82");
	free(row);
	canvas_release(&c);
	tui_ascii = true;
}

static int nlines;
static void count_line(void *arg, const char *s, size_t len)
{
	(void)arg;
	(void)s;
	CHECK(len <= 10);
	nlines++;
}

TEST(wrap_text_breaks_at_blanks)
{
	nlines = 0;
	CHECK_EQ_L(wrap_text("the quick brown fox jumps over", 10, count_line, NULL), 3);
	CHECK_EQ_L(nlines, 3);
	CHECK_EQ_L(wrap_text("averyveryverylongword", 10, NULL, NULL), 3);
	CHECK_EQ_L(wrap_text("a\n\nb", 10, NULL, NULL), 3);
}

TEST(fmt_count_fits_its_width)
{
	char b[16];

	fmt_count(b, sizeof(b), 1234, 5);
	CHECK_STR(b, "1234");
	fmt_count(b, sizeof(b), 123456, 5);
	CHECK_STR(b, "123k");
	fmt_count(b, sizeof(b), 15722740, 5);
	CHECK_STR(b, "15M");
	/* too wide even with a suffix: never a smaller number ("0k" for 746) */
	fmt_count(b, sizeof(b), 746, 2);
	CHECK_STR(b, "9+");
	fmt_count(b, sizeof(b), 99, 2);
	CHECK_STR(b, "99");
	fmt_count(b, sizeof(b), 1500, 2);
	CHECK_STR(b, "1k");
	fmt_count(b, sizeof(b), 5, 0);
	CHECK_STR(b, "+");
}

TEST(canvas_diff_counts_changed_cells)
{
	struct tui_canvas a = { 0, 0, NULL }, b = { 0, 0, NULL };

	canvas_resize(&a, 5, 5);
	canvas_resize(&b, 5, 5);
	CHECK_EQ_UL(canvas_diff(&a, &b), 0);
	canvas_put(&b, 1, 1, 'x', UI_DEFAULT);
	canvas_put(&b, 2, 1, ' ', UI_BOLD);
	CHECK_EQ_UL(canvas_diff(&a, &b), 2);
	canvas_release(&a);
	canvas_release(&b);
}

/* ---- panes against expected text ---- */

TEST(zones_pane_tiny)
{
	struct fixture f;
	char *text;

	REQUIRE(setup(&f, "tiny", 76, 16) == 0);
	text = pane(&f, PANE_ZONES, 76, 16);
	CHECK(golden("zones_tiny", text));
	free(text);
	teardown(&f);
}

/* An 80-column screen gives the Zones pane 39 columns: every order's
 * column is there (order 10 too), and no number is cut short: the header
 * falls back to the bar's letters (m l h) rather than "low 154" for 1547. */
TEST(zones_pane_classroom_39_columns)
{
	struct fixture f;
	char *text;

	REQUIRE(setup(&f, "classroom", 39, 12) == 0);
	text = pane(&f, PANE_ZONES, 39, 12);
	CHECK(golden("zones_classroom_39", text));
	CHECK(strstr(text, " 9 10\n") != NULL);
	CHECK(strstr(text, "DMA32 765901 m1238 l1547 h1857") != NULL);
	free(text);
	teardown(&f);
}

TEST(zones_free_area_row_changes_after_alloc)
{
	struct fixture f;
	char *before, *after, *b, *a;

	REQUIRE(setup(&f, "tiny", 76, 16) == 0);
	before = pane(&f, PANE_ZONES, 76, 16);
	run(&f.ctx, "alloc GFP_KERNEL 3");
	changed(&f);
	after = pane(&f, PANE_ZONES, 76, 16);
	b = line_after(before, "DMA32    free", "Unmov");
	a = line_after(after, "DMA32    free", "Unmov");
	CHECK(strcmp(a, b) != 0);
	CHECK_STR(b, "Unmov         0     0     0     0     0     0     0     0     0     0     0");
	CHECK_STR(a, "Unmov         0     0     0     1     1     1     1     1     1     1     0");
	CHECK(golden("zones_tiny_after_alloc", after));
	free(a);
	free(b);
	free(before);
	free(after);
	teardown(&f);
}

TEST(zones_bar_crosses_low)
{
	struct fixture f;
	char *text, *hdr;

	REQUIRE(setup(&f, "tiny", 76, 16) == 0);
	/* DMA32 (low 102, min 82): allocate until it is below low; then the
	 * fast path takes from DMA and DMA32 stays between min and low */
	for (int i = 0; i < 1000; i++) {
		const struct zone *z = sim_zone(f.ctx.sim, 0, ZONE_DMA32);

		if (zone_page_state(z, NR_FREE_PAGES) < z->watermark[WMARK_LOW])
			break;
		run(&f.ctx, "alloc GFP_DMA32|__GFP_NOWARN 0 x10");
	}
	changed(&f);
	text = pane(&f, PANE_ZONES, 76, 16);
	hdr = line_after(text, "", "DMA32");
	CHECK(strstr(hdr, "min..low") != NULL);
	if (!strstr(hdr, "min..low"))
		printf("  %s\n", hdr);
	CHECK(golden("zones_tiny_min_low", text));
	free(hdr);
	free(text);
	teardown(&f);
}

/* 6.1 tests every mark with the zone's watermark_boost added (wmark_pages,
 * and zoneinfo prints them so): the header shows the marks the allocator
 * uses, says how much boost is in them, and the state word follows them. */
TEST(zones_header_counts_the_boost)
{
	struct fixture f;
	struct zone *z;
	char *text, *hdr, want[96];
	unsigned long min, low, high;

	REQUIRE(setup(&f, "tiny", 76, 16) == 0);
	run(&f.ctx, "kernel 6.1");
	z = (struct zone *)sim_zone(f.ctx.sim, 0, ZONE_DMA32);
	REQUIRE(z && zone_page_state(z, NR_FREE_PAGES) > z->watermark[WMARK_HIGH]);
	min = z->watermark[WMARK_MIN];
	low = z->watermark[WMARK_LOW];
	high = z->watermark[WMARK_HIGH];
	/* what boost_watermark leaves after a fallback: above the free pages */
	z->watermark_boost = (unsigned long)zone_page_state(z, NR_FREE_PAGES);
	changed(&f);
	text = pane(&f, PANE_ZONES, 76, 16);
	hdr = line_after(text, "", "DMA32");
	snprintf(want, sizeof(want), "min %lu low %lu high %lu boost %lu", min + z->watermark_boost,
		 low + z->watermark_boost, high + z->watermark_boost, z->watermark_boost);
	CHECK(strstr(hdr, want) != NULL);
	CHECK(strstr(hdr, "BELOW MIN") != NULL);
	if (!strstr(hdr, want) || !strstr(hdr, "BELOW MIN"))
		printf("  %s\n  want %s\n", hdr, want);
	free(hdr);
	free(text);
	/* narrower: " bN" once " boost N" has no room; never the boosted marks
	 * beside the state word without the boost said */
	snprintf(want, sizeof(want), " b%lu", z->watermark_boost);
	for (int w = 75, compact = 0; w >= 30; w--) {
		char high_mark[32];
		bool said, marks;

		text = pane(&f, PANE_ZONES, w, 16);
		hdr = line_after(text, "", "DMA32");
		snprintf(high_mark, sizeof(high_mark), "h%lu", high + z->watermark_boost);
		said = strstr(hdr, "boost ") || strstr(hdr, want);
		/* the boosted high mark shown, in either form */
		marks = strstr(hdr, high_mark) || strstr(hdr, high_mark + 1);
		compact += strstr(hdr, want) != NULL && !strstr(hdr, "boost ");
		/* below 35 columns "DMA32 3590 m3763 l3806 h3849" leaves no room
		 * (80x24's Zones pane is 43 wide) */
		CHECK(said || !marks || w < 35);
		if (!said && marks && w >= 35)
			printf("  width %d: %s\n", w, hdr);
		if (w == 30)
			CHECK(compact > 0);
		free(hdr);
		free(text);
	}
	teardown(&f);
}

TEST(flow_pane_moves_with_each_step)
{
	struct fixture f;
	struct strbuf out = STRBUF_INIT;
	char *idle, *s1, *s2;

	REQUIRE(setup(&f, "tiny", 43, 22) == 0);
	idle = pane(&f, PANE_FLOW, 43, 22);
	CHECK(strstr(idle, "No request is being stepped.") != NULL);
	run(&f.ctx, "alloc GFP_KERNEL|__GFP_NOWARN 10 x10");	/* until none is left */
	REQUIRE(step_start(&f.ctx, GFP_KERNEL, 10, 0, -1) == 0);
	REQUIRE(step_one(&f.ctx, &out) == 1);
	changed(&f);
	s1 = pane(&f, PANE_FLOW, 43, 22);
	CHECK(strstr(s1, "> wake kswapd") != NULL);
	CHECK(strstr(s1, "* fast path") != NULL);
	REQUIRE(step_one(&f.ctx, &out) == 1);
	REQUIRE(step_one(&f.ctx, &out) == 1);
	changed(&f);
	s2 = pane(&f, PANE_FLOW, 43, 22);
	CHECK(strstr(s2, "> min watermark") != NULL);
	CHECK(strstr(s2, "* wake kswapd") != NULL);
	CHECK(golden("flow_tiny_min_wmark", s2));
	step_finish(&f.ctx, &out);
	sb_release(&out);
	free(idle);
	free(s1);
	free(s2);
	teardown(&f);
}

/* The flow counts a node once per pass, shows the priority the why-line
 * says (never -1), and marks got_pg for a request that got its page. */
TEST(flow_pane_counts_passes_and_says_the_last_priority)
{
	struct fixture f;
	struct strbuf out = STRBUF_INIT;
	char *s1;

	REQUIRE(setup(&f, "tiny", 60, 24) == 0);
	run(&f.ctx, "task spawn reader");
	run(&f.ctx, "task touch reader file 6000");
	run(&f.ctx, "set min_free_kbytes 12000");
	run(&f.ctx, "break DIRECT_RECLAIM");
	run(&f.ctx, "start GFP_KERNEL|__GFP_NORETRY|__GFP_NOWARN 4");
	run(&f.ctx, "continue");
	REQUIRE(step_one(&f.ctx, &out) == 1);	/* into try_to_free_pages */
	REQUIRE(step_one(&f.ctx, &out) == 1);	/* the pass at priority 12 */
	changed(&f);
	s1 = pane(&f, PANE_FLOW, 60, 24);
	CHECK(strstr(s1, "why  shrink_zones at priority 12") != NULL);
	CHECK(strstr(s1, "priority  12  retries") != NULL);
	CHECK(strstr(s1, " x2") == NULL);	/* one pass through each node */
	run(&f.ctx, "delete all");
	run(&f.ctx, "continue");
	changed(&f);
	free(s1);
	s1 = pane(&f, PANE_FLOW, 60, 24);
	CHECK(strstr(s1, "   nopage     * got_pg") != NULL);
	CHECK(strstr(s1, "priority  -1") == NULL);
	/* (a failed request ends at nopage: tests/tui/run.sh checks it) */
	sb_release(&out);
	free(s1);
	teardown(&f);
}

TEST(pagemap_pane_tiny)
{
	struct fixture f;
	char *text;

	REQUIRE(setup(&f, "tiny", 76, 14) == 0);
	run(&f.ctx, "alloc GFP_KERNEL 3");
	run(&f.ctx, "alloc GFP_KERNEL 0 x3");
	run(&f.ctx, "task spawn hog");
	run(&f.ctx, "task touch hog anon 300");
	changed(&f);
	text = pane(&f, PANE_PAGEMAP, 76, 14);
	CHECK(golden("pagemap_tiny", text));
	free(text);
	/* zoomed in, at a pfn */
	pagemap_zoom(&f.t, &f.ctx, -4);
	CHECK_EQ_L(f.t.pm.zoom, 0);
	pagemap_jump(&f.t, &f.ctx, 0x1c00);
	text = pane(&f, PANE_PAGEMAP, 76, 14);
	CHECK(golden("pagemap_tiny_zoom0", text));
	free(text);
	teardown(&f);
}

TEST(pagemap_classifies_pages)
{
	struct fixture f;
	unsigned long end;

	REQUIRE(setup(&f, "tiny", 76, 14) == 0);
	CHECK_EQ_L(pagemap_classify(f.ctx.sim, 0, &end), PM_HOLE);
	CHECK_EQ_L(pagemap_classify(f.ctx.sim, 0x1c05, &end), PM_FREE);
	CHECK_EQ_UL(end, 0x2000);
	run(&f.ctx, "alloc GFP_KERNEL 3");	/* pfn 0x1c00, see zones_free_area_row... */
	CHECK_EQ_L(pagemap_classify(f.ctx.sim, 0x1c05, &end), PM_ALLOC);
	CHECK_EQ_UL(end, 0x1c08);
	run(&f.ctx, "alloc GFP_KERNEL 0");
	run(&f.ctx, "drain all");
	teardown(&f);
}

TEST(side_pane_threads_counters_tasks)
{
	struct fixture f;
	char *text;

	REQUIRE(setup(&f, "tiny", 43, 18) == 0);
	run(&f.ctx, "task spawn hog adj=500");
	run(&f.ctx, "task touch hog anon 100");
	changed(&f);
	text = pane(&f, PANE_SIDE, 43, 18);
	/* v4.5, the default kernel, has no kcompactd (kernel.h) */
	CHECK(strstr(text, "kswapd0") && !strstr(text, "kcompactd0"));
	CHECK(strstr(text, "pgfault") != NULL);
	CHECK(golden("side_tiny", text));
	free(text);
	/* the tasks have a pane of their own, the likeliest victim first */
	text = pane(&f, PANE_TASKS, 43, 10);
	CHECK(strstr(text, "Tasks (5), by badness") != NULL);
	CHECK(strstr(text, "hog") && strstr(text, "init") && strstr(text, "hog") < strstr(text, "init"));
	CHECK(golden("tasks_tiny", text));
	free(text);
	teardown(&f);
}

/* Linux 6.1: a killed task whose exit is under way (core/exit.c) says EXIT
 * in the Tasks pane, on its own row, not MEMDIE or KILL. */
TEST(tasks_pane_marks_an_exit_under_way_6_1)
{
	struct fixture f;
	char *text;
	const char *row;

	REQUIRE(setup(&f, "tiny", 43, 12) == 0);
	run(&f.ctx, "kernel 6.1");
	run(&f.ctx, "task spawn holder");
	run(&f.ctx, "task touch holder anon 4500");
	run(&f.ctx, "set sim.cpu_slowdown 100");
	run(&f.ctx, "task kill holder");
	run(&f.ctx, "tick 5");
	changed(&f);
	text = pane(&f, PANE_TASKS, 43, 12);
	row = strstr(text, "holder");
	CHECK(row != NULL);
	CHECK(row && strstr(row, "EXIT") && (!strchr(row, '\n') || strstr(row, "EXIT") < strchr(row, '\n')));
	CHECK(!strstr(text, "MEMDIE") && !strstr(text, "KILL"));
	free(text);
	run(&f.ctx, "tick 10");	/* the exit is over: no row, no mark */
	changed(&f);
	text = pane(&f, PANE_TASKS, 43, 12);
	CHECK(!strstr(text, "holder") && !strstr(text, "EXIT"));
	free(text);
	teardown(&f);
}

TEST(log_pane_narrates_and_toggles_ftrace)
{
	struct fixture f;
	char *told, *ftrace;

	REQUIRE(setup(&f, "tiny", 76, 8) == 0);
	tui_log_text(&f.t.log, UI_LOG_CMD, "buddyscope> alloc GFP_KERNEL 3");
	run(&f.ctx, "alloc GFP_KERNEL 3");
	changed(&f);
	told = pane(&f, PANE_LOG, 76, 8);
	CHECK(strstr(told, "got pfn 0x1c00, order 3, DMA32 Unmovable (GFP_USER)") != NULL);
	/* GFP_USER: mm_page_alloc traces alloc_mask, gfp | __GFP_HARDWALL (v4.5) */
	CHECK(golden("log_tiny", told));
	f.t.log.ftrace = true;
	ftrace = pane(&f, PANE_LOG, 76, 8);
	CHECK(strstr(ftrace, "mm_page_alloc: page=") != NULL);
	free(told);
	free(ftrace);
	teardown(&f);
}

/* ---- whole frames ---- */

TEST(frame_tiny_120x40)
{
	struct fixture f;
	char *text;

	REQUIRE(setup(&f, "tiny", 120, 40) == 0);
	text = frame(&f);
	CHECK(golden("frame_tiny_120x40", text));
	free(text);
	teardown(&f);
}

TEST(frame_classroom_200x60)
{
	struct fixture f;
	char *text;

	REQUIRE(setup(&f, "classroom", 200, 60) == 0);
	text = frame(&f);
	CHECK(strstr(text, "Normal") && strstr(text, "Slow path") && strstr(text, "Page map"));
	CHECK(golden("frame_classroom_200x60", text));
	free(text);
	teardown(&f);
}

TEST(frame_too_small_says_what_is_needed)
{
	struct fixture f;
	char *text;

	REQUIRE(setup(&f, "tiny", 60, 20) == 0);
	text = frame(&f);
	CHECK(strstr(text, "needs a terminal of at least 80x24") != NULL);
	CHECK(strstr(text, "this one is 60x20.") != NULL);
	free(text);
	/* narrower: the words wrap, and the sizes are still there whole */
	f.t.cols = 30;
	f.t.rows = 8;
	text = frame(&f);
	CHECK(strstr(text, "at least 80x24;") != NULL);
	CHECK(strstr(text, "30x8.") != NULL);
	free(text);
	f.t.cols = 14;
	f.t.rows = 4;
	text = frame(&f);
	CHECK(strstr(text, "need 80x24,") != NULL);
	CHECK(strstr(text, "have 14x4;") != NULL);
	free(text);
	/* any size down to 1x1, and 0x0, draws without trouble */
	for (int w = 0; w <= 90; w += 3)
		for (int h = 0; h <= 30; h += 2) {
			f.t.cols = w;
			f.t.rows = h;
			tui_render(&f.t, &f.ctx, &f.c);
			CHECK(f.c.w == w && f.c.h == h);
		}
	f.t.cols = f.t.rows = 1;
	tui_render(&f.t, &f.ctx, &f.c);
	teardown(&f);
}

TEST(frame_numa4_and_server64_fit)
{
	static const char *const machines[] = { "numa4", "server64", "movable", "laptop" };

	for (size_t i = 0; i < sizeof(machines) / sizeof(machines[0]); i++) {
		struct fixture f;
		char *text;

		REQUIRE(setup(&f, machines[i], 120, 40) == 0);
		text = frame(&f);
		CHECK(strstr(text, "Page map") != NULL);
		CHECK(strstr(text, "Zones") != NULL);
		free(text);
		f.t.mode = MODE_HELP;
		text = frame(&f);
		CHECK(strstr(text, "COMMANDS") != NULL);
		free(text);
		teardown(&f);
	}
}

TEST(steady_frame_changes_nothing)
{
	struct fixture f;
	struct tui_canvas again = { 0, 0, NULL };

	REQUIRE(setup(&f, "classroom", 120, 40) == 0);
	tui_render(&f.t, &f.ctx, &f.c);
	tui_render(&f.t, &f.ctx, &again);
	CHECK_EQ_UL(canvas_diff(&f.c, &again), 0);
	run(&f.ctx, "alloc GFP_KERNEL 5");
	changed(&f);
	tui_render(&f.t, &f.ctx, &again);
	CHECK(canvas_diff(&f.c, &again) > 0);
	canvas_release(&again);
	teardown(&f);
}

TEST(popup_and_help_bar)
{
	struct fixture f;
	char *text;

	REQUIRE(setup(&f, "tiny", 100, 30) == 0);
	tui_popup_open(&f.t.popup, "show zoneinfo", "line one\nline two\nline three\n");
	CHECK_EQ_UL(f.t.popup.n, 3);
	text = frame(&f);
	CHECK(strstr(text, "show zoneinfo  (lines 1-3 of 3; q closes)") != NULL);
	CHECK(strstr(text, "line two") != NULL);
	free(text);
	/* a line wider than the popup wraps, its rest indented: nothing is cut */
	tui_popup_open(&f.t.popup, "kernel list", "short\n  - one line of many words that "
		       "goes on past the right edge of a popup on a screen of a hundred columns "
		       "and ends here: THE-END\nlast\n");
	text = frame(&f);
	CHECK(strstr(text, "THE-END") != NULL);
	CHECK(strstr(text, "(lines 1-4 of 4; q closes)") != NULL);
	CHECK(strstr(text, "     hundred columns and ends here: THE-END") != NULL);
	free(text);
	tui_popup_close(&f.t.popup);
	f.t.mode = MODE_CMDLINE;
	text = frame(&f);
	CHECK(strstr(text, "Enter run") != NULL);
	free(text);
	teardown(&f);
}

/* ---- compare A B side by side (issue 12) ---- */

TEST(frame_compare_side_by_side_tiny_160x50)
{
	struct fixture f;
	char *text;
	int steps = 0;

	REQUIRE(setup(&f, "tiny", 160, 50) == 0);
	f.ctx.keep_compare = true;
	run(&f.ctx, "compare 4.5 6.1");
	REQUIRE(f.ctx.compare != NULL);
	tui_compare_enter(&f.t, &f.ctx);
	CHECK(f.t.mode == MODE_COMPARE);
	/* both sides step together until the highlighted difference shows */
	while (steps++ < 4)
		tui_compare_key(&f.t, &f.ctx, 's');
	text = frame(&f);
	CHECK(strstr(text, "4.5: Slow path") && strstr(text, "6.1: Slow path"));
	CHECK(strstr(text, "<- the paths part here") != NULL);
	CHECK(golden("frame_compare_tiny_160x50", text));
	free(text);
	tui_compare_key(&f.t, &f.ctx, 'q');
	CHECK(f.t.mode == MODE_KEYS);
	teardown(&f);
}
