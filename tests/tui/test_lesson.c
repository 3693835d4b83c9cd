/* tests/tui/test_lesson.c - lessons on the screen, off-screen: the narration
 * layout (reflowed prose, kept and narrowed tables), the lesson pane's step
 * counter, a lesson's request in the Slow path pane through the stepper,
 * and going back a step with the simulation as it was there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/commands.h"
#include "../../app/history.h"
#include "../../app/lesson.h"
#include "../../app/tui.h"
#include "buddyscope/sim.h"
#include "fixture.h"
#include "testhelp.h"

#define MINI	"tests/tui/data/mini-lesson.lua"

struct laid {
	char	lines[64][160];
	bool	pre[64];
	int	n;
};

static void keep(void *arg, const char *s, size_t len, bool pre)
{
	struct laid *l = arg;

	if (l->n < 64) {
		snprintf(l->lines[l->n], sizeof(l->lines[0]), "%.*s", (int)len, s);
		l->pre[l->n] = pre;
	}
	l->n++;
}

TEST(lesson_text_reflows_prose_once)
{
	struct laid l = { .n = 0 };

	/* two source lines of one paragraph become one line at 78 columns */
	lesson_text_layout("Every zone has three watermarks,\ncomputed at boot.", 78, keep, &l);
	CHECK_EQ_L(l.n, 1);
	CHECK_STR(l.lines[0], "Every zone has three watermarks, computed at boot.");
	/* and wrap at blanks, once, when narrow */
	l.n = 0;
	lesson_text_layout("Every zone has three watermarks,\ncomputed at boot.", 20, keep, &l);
	CHECK_EQ_L(l.n, 3);
	CHECK_STR(l.lines[1], "watermarks, computed");
	/* a line ending in ':' ends its paragraph; indented lines are kept */
	l.n = 0;
	lesson_text_layout("shared out:\n  min = tmp;  low = min + d\nthe end", 78, keep, &l);
	CHECK_EQ_L(l.n, 3);
	CHECK(l.pre[1] && !strcmp(l.lines[1], "  min = tmp;  low = min + d"));
}

TEST(lesson_text_narrows_a_wide_table)
{
	const char *bi =
		"Node 0, zone      DMA      1      2      1      2      1      1      1      2      2      2      2\n"
		"Node 0, zone    DMA32      0      1      1      0      0      0      0      0      0      1      3";
	struct laid l = { .n = 0 };

	/* 101 columns into 78: blank columns come out, so every number stays
	 * under its column: the two lines end their words at the same places */
	lesson_text_layout(bi, 78, keep, &l);
	CHECK_EQ_L(l.n, 2);
	CHECK((long)strlen(l.lines[0]) <= 78 && strlen(l.lines[0]) == strlen(l.lines[1]));
	for (size_t i = 0; l.n == 2 && l.lines[0][i] && l.lines[1][i]; i++) {
		bool end0 = l.lines[0][i] != ' ' && (l.lines[0][i + 1] == ' ' || !l.lines[0][i + 1]);
		bool end1 = l.lines[1][i] != ' ' && (l.lines[1][i + 1] == ' ' || !l.lines[1][i + 1]);

		if (i > 14)	/* after "Node 0, zone", the columns */
			CHECK(end0 == end1);
	}
	CHECK_STR(l.lines[1], "Node 0, zone    DMA32    0    1    1    0    0    0    0    0    0     1     3");
	/* wide enough: kept exactly */
	l.n = 0;
	lesson_text_layout(bi, 120, keep, &l);
	CHECK(!strncmp(l.lines[0], bi, strlen(l.lines[0])) && bi[strlen(l.lines[0])] == '\n');
	/* a kept line that cannot narrow wraps at a blank, the rest indented
	 * two more than it; only a word wider than the pane is cut */
	l.n = 0;
	lesson_text_layout("  hog invoked oom-killer: gfp_mask=0x24201ca(GFP_HIGHUSER_MOVABLE)", 40,
			   keep, &l);
	CHECK_EQ_L(l.n, 3);
	if (l.n == 3) {
		CHECK_STR(l.lines[0], "  hog invoked oom-killer:");
		CHECK(!strncmp(l.lines[1], "    gfp_mask=0x24201ca(", 23));
	}
	/* a lesson's goal: "retries" stays whole (it came out "retrie" / "s") */
	l.n = 0;
	lesson_text_layout("  - see 4.5's 'retry while reclaim makes progress' become 6.1's counted "
			   "retries", 78, keep, &l);
	CHECK_EQ_L(l.n, 2);
	if (l.n == 2)
		CHECK_STR(l.lines[1], "    retries");
}

static int open_mini(struct fixture *f, int cols, int rows)
{
	if (setup(f, "tiny", cols, rows))
		return -1;
	if (lesson_open(&f->ctx, MINI, &f->ctx.lesson)) {
		printf("  %s\n", f->ctx.err);
		return -1;
	}
	changed(f);
	return 0;
}

TEST(lesson_pane_counts_steps_and_keeps_tables_whole)
{
	struct fixture f;
	char *text;

	REQUIRE(open_mini(&f, 80, 24) == 0);
	text = pane(&f, PANE_LESSON, 80, 20);
	CHECK(strstr(text, "Lesson: Mini - step 1 of 4") != NULL);
	CHECK(strstr(text, " A paragraph of prose, written on two lines in the source, that the pane "
		     "joins\n") != NULL);
	CHECK(strstr(text, " Node 0, zone    DMA32    0    1    1    0    0    0    0    0    0    1     3\n")
	      != NULL);
	CHECK(strstr(text, "+ a check that passed") != NULL);
	CHECK(strstr(text, "Space: go on   b: back") != NULL);
	CHECK(golden("lesson_step1_80", text));
	free(text);
	teardown(&f);
}

TEST(lesson_request_is_stepped_in_the_slow_path_pane)
{
	struct fixture f;
	struct strbuf out = STRBUF_INIT;
	char *text;

	REQUIRE(open_mini(&f, 80, 24) == 0);
	REQUIRE(lesson_next(f.ctx.lesson, -1, NULL) == 0);	/* the prediction */
	text = pane(&f, PANE_LESSON, 80, 20);
	CHECK(strstr(text, "step 2 of 4") && strstr(text, "  1) DMA") && strstr(text, "  2) DMA32"));
	CHECK(strstr(text, "1-9: the class's answer") != NULL);
	free(text);
	REQUIRE(lesson_next(f.ctx.lesson, 1, NULL) == 0);	/* the class says DMA32 */
	changed(&f);
	CHECK(lesson_watching(f.ctx.lesson));
	CHECK(f.ctx.step.active);
	text = pane(&f, PANE_LESSON, 80, 20);
	CHECK(strstr(text, "> 2) DMA32   (the class's answer)") != NULL);
	CHECK(strstr(text, "answer: 2) DMA32") != NULL);
	CHECK(strstr(text, "> Step the request: GFP_KERNEL order 3 as bash (1000) on cpu 0") != NULL);
	CHECK(strstr(text, "s/Space: one stage") != NULL);
	free(text);
	/* the Slow path pane shows it, stage by stage, as `start` would */
	text = pane(&f, PANE_FLOW, 43, 24);
	CHECK(strstr(text, "Slow path: GFP_KERNEL order 3 -") != NULL);
	CHECK(strstr(text, "> fast path") != NULL);
	free(text);
	CHECK(step_one(&f.ctx, &out) >= 0);	/* the fast path takes pfn 0x1c00 */
	changed(&f);
	text = pane(&f, PANE_FLOW, 43, 24);
	CHECK(strstr(text, "* fast path") != NULL);
	free(text);
	for (int i = 0; i < 20 && f.ctx.step.active; i++)
		step_one(&f.ctx, &out);
	changed(&f);
	text = pane(&f, PANE_FLOW, 43, 24);
	CHECK(strstr(text, "(done)") && strstr(text, "got pfn 0x1c00"));
	free(text);
	CHECK(!lesson_watching(f.ctx.lesson));
	/* going on hands the request back to the lesson */
	REQUIRE(lesson_next(f.ctx.lesson, -1, NULL) == 0);
	text = pane(&f, PANE_LESSON, 80, 20);
	CHECK(strstr(text, "+ watch(r) hands the result back: pfn 0x1c00") != NULL);
	CHECK(strstr(text, "step 4 of 4") != NULL);
	free(text);
	sb_release(&out);
	teardown(&f);
}

TEST(lesson_back_restores_the_simulation)
{
	struct fixture f;
	unsigned long free0;
	char *text;

	REQUIRE(open_mini(&f, 80, 24) == 0);
	free0 = sim_zone(f.ctx.sim, 0, 1)->vm_stat[NR_FREE_PAGES];
	REQUIRE(lesson_next(f.ctx.lesson, -1, NULL) == 0);
	REQUIRE(lesson_next(f.ctx.lesson, 1, NULL) == 0);
	REQUIRE(lesson_next(f.ctx.lesson, -1, NULL) == 0);	/* ran the request */
	CHECK_EQ_UL(sim_zone(f.ctx.sim, 0, 1)->vm_stat[NR_FREE_PAGES], free0 - 8);
	/* back to step 3: the request not run yet, waiting in the stepper */
	REQUIRE(lesson_goto(f.ctx.lesson, 3) == 0);
	changed(&f);
	CHECK_EQ_UL(sim_zone(f.ctx.sim, 0, 1)->vm_stat[NR_FREE_PAGES], free0);
	CHECK(f.ctx.step.active && f.ctx.step.req.nr_path == 0);
	text = pane(&f, PANE_LESSON, 80, 20);
	CHECK(strstr(text, "step 3 of 4") && strstr(text, "(the class's answer)"));
	free(text);
	/* back to step 2: no request in the stepper */
	REQUIRE(lesson_goto(f.ctx.lesson, 2) == 0);
	CHECK(!f.ctx.step.active && !tui_have_request(&f.ctx));
	teardown(&f);
}

TEST(lesson_back_returns_to_a_time_travel_mark)
{
	struct fixture f;
	struct history_stats st0, st;
	unsigned long free0;

	REQUIRE(open_mini(&f, 80, 24) == 0);
	history_stats(&f.ctx, &st0);
	free0 = sim_zone(f.ctx.sim, 0, 1)->vm_stat[NR_FREE_PAGES];
	for (int i = 0; i < 3; i++) {
		REQUIRE(lesson_next(f.ctx.lesson, -1, NULL) == 0);
		REQUIRE(lesson_next(f.ctx.lesson, 1, NULL) == 0);
		REQUIRE(lesson_next(f.ctx.lesson, -1, NULL) == 0);
		CHECK_EQ_UL(sim_zone(f.ctx.sim, 0, 1)->vm_stat[NR_FREE_PAGES], free0 - 8);
		REQUIRE(lesson_restart(f.ctx.lesson) == 0);
		CHECK_EQ_UL(sim_zone(f.ctx.sim, 0, 1)->vm_stat[NR_FREE_PAGES], free0);
	}
	/* going back restored the marked start: no machine was booted again */
	history_stats(&f.ctx, &st);
	CHECK_EQ_UL(st.machines, st0.machines);
	teardown(&f);
}
