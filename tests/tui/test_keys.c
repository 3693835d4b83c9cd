/* tests/tui/test_keys.c - the keys that move things on screen
 * (app/tui_keys.c): focus goes round the panes and skips the closed ones,
 * each pane scrolls its own way and stays in range, a popup's keys stay
 * inside its text, and `g`'s pfn prompt takes hex or decimal, refuses a pfn
 * outside memory with a one-line status, and jumps the page map; the
 * compare view's keys move between the pairs and along their stages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/commands.h"
#include "../../app/compare.h"
#include "../../app/tui.h"
#include "buddyscope/sim.h"
#include "fixture.h"
#include "testhelp.h"

TEST(keys_focus_goes_round_and_skips_closed_panes)
{
	struct fixture f;
	int seen[NR_PANES] = { 0 };

	REQUIRE(setup(&f, "tiny", 120, 40) == 0);
	f.t.focus = PANE_ZONES;
	for (int i = 0; i < 2 * (NR_PANES - 2); i++) {	/* twice round the six open ones */
		tui_focus_next(&f.t, 1);
		seen[f.t.focus]++;
	}
	CHECK(seen[PANE_LESSON] == 0 && seen[PANE_QUIZ] == 0);	/* neither is open */
	CHECK(seen[PANE_ZONES] == 2 && seen[PANE_LOG] == 2 && seen[PANE_TASKS] == 2);
	f.t.focus = PANE_ZONES;
	tui_focus_next(&f.t, -1);				/* backwards, past the two */
	CHECK(f.t.focus == PANE_LOG);
	teardown(&f);
}

TEST(keys_each_pane_scrolls_in_range)
{
	struct fixture f;

	REQUIRE(setup(&f, "tiny", 120, 40) == 0);
	for (int i = 0; i < 30; i++) {
		char line[32];

		snprintf(line, sizeof(line), "line %d", i);
		tui_log_text(&f.t.log, UI_LOG_NOTE, line);
	}
	f.t.focus = PANE_LOG;
	f.t.log.scroll = 0;
	tui_scroll_pane(&f.t, TK_UP);		/* up is older */
	CHECK(f.t.log.scroll == 1);
	tui_scroll_pane(&f.t, TK_HOME);		/* the oldest, not past it */
	CHECK(f.t.log.scroll == (int)f.t.log.count - 1);
	tui_scroll_pane(&f.t, TK_END);		/* back to the newest */
	CHECK(f.t.log.scroll == 0);
	tui_scroll_pane(&f.t, TK_DOWN);
	CHECK(f.t.log.scroll == 0);
	f.t.focus = PANE_ZONES;
	f.t.zone_sel = 0;
	tui_scroll_pane(&f.t, TK_PGDN);		/* one zone at a time */
	CHECK(f.t.zone_sel == 1);
	tui_scroll_pane(&f.t, TK_PGUP);
	tui_scroll_pane(&f.t, TK_UP);
	CHECK(f.t.zone_sel == 0);
	f.t.focus = PANE_TASKS;
	f.t.side_scroll = 0;
	tui_scroll_pane(&f.t, TK_UP);
	CHECK(f.t.side_scroll == 0);
	tui_scroll_pane(&f.t, TK_END);		/* at most 100 rows a key */
	CHECK(f.t.side_scroll == 100);
	f.t.focus = PANE_QUIZ;
	f.t.quiz.scroll = 0;
	tui_scroll_pane(&f.t, TK_HOME);
	CHECK(f.t.quiz.scroll == -1000);
	teardown(&f);
}

TEST(keys_popup_stays_inside_its_text)
{
	struct fixture f;
	struct strbuf sb = STRBUF_INIT;

	REQUIRE(setup(&f, "tiny", 120, 40) == 0);
	for (int i = 0; i < 100; i++)
		sb_printf(&sb, "row %d\n", i);
	tui_popup_open(&f.t.popup, "test", sb_str(&sb));
	sb_release(&sb);
	tui_popup_fit(&f.t.popup, 60);
	REQUIRE(f.t.popup.open && f.t.popup.nrows >= 100);
	tui_popup_key(&f.t, TK_UP);
	CHECK(f.t.popup.top == 0);
	tui_popup_key(&f.t, TK_DOWN);
	tui_popup_key(&f.t, ' ');		/* a page: rows - 4 */
	CHECK(f.t.popup.top == 1 + 36);
	tui_popup_key(&f.t, 'b');
	CHECK(f.t.popup.top == 1);
	tui_popup_key(&f.t, TK_END);		/* the last page shows whole */
	CHECK(f.t.popup.top == (long)f.t.popup.nrows - 36);
	tui_popup_key(&f.t, TK_PGDN);
	CHECK(f.t.popup.top == (long)f.t.popup.nrows - 36);
	tui_popup_key(&f.t, TK_HOME);
	CHECK(f.t.popup.top == 0);
	tui_popup_key(&f.t, 'x');		/* other keys do nothing */
	CHECK(f.t.popup.open && f.t.popup.top == 0);
	tui_popup_key(&f.t, 'q');
	CHECK(!f.t.popup.open);
	teardown(&f);
}

/* Type @s into the pfn prompt, then Enter. */
static void type_pfn(struct fixture *f, const char *s)
{
	f->t.mode = MODE_PROMPT_PFN;
	f->t.pfn_input[0] = '\0';
	for (; *s; s++)
		tui_pfn_key(&f->t, &f->ctx, (unsigned char)*s);
	tui_pfn_key(&f->t, &f->ctx, '\r');
}

TEST(keys_pfn_prompt_jumps_or_says_why_not)
{
	struct fixture f;

	REQUIRE(setup(&f, "tiny", 120, 40) == 0);
	changed(&f);
	free(frame(&f));			/* lay the panes out */
	type_pfn(&f, "0x1c0g0");		/* 'g' is not taken */
	CHECK(f.t.mode == MODE_KEYS);
	CHECK(!strcmp(f.t.status, "pfn 0x1c00"));
	CHECK(f.t.focus == PANE_PAGEMAP && f.t.pm.cursor == 0x1c00);
	type_pfn(&f, "7169");			/* decimal */
	CHECK(f.t.pm.cursor == 7169);
	type_pfn(&f, "0x9999");			/* past the machine */
	CHECK(!strcmp(f.t.status, "no pfn '0x9999': give 0..0x1fff, in hex (0x...) or decimal"));
	CHECK(f.t.status_color == UI_LOG_ERR && f.t.pm.cursor == 7169);
	f.t.mode = MODE_PROMPT_PFN;		/* Backspace, then Esc drops it */
	strcpy(f.t.pfn_input, "12");
	tui_pfn_key(&f.t, &f.ctx, 127);
	CHECK(!strcmp(f.t.pfn_input, "1"));
	tui_pfn_key(&f.t, &f.ctx, 27);
	CHECK(f.t.mode == MODE_KEYS && f.t.pm.cursor == 7169);
	teardown(&f);
}

TEST(keys_compare_view_moves_between_pairs_and_stages)
{
	struct fixture f;
	const struct compare_view *v;
	unsigned long first;
	unsigned int len;

	REQUIRE(setup(&f, "tiny", 160, 50) == 0);
	f.ctx.keep_compare = true;
	run(&f.ctx, "compare 4.5 6.1");
	REQUIRE((v = f.ctx.compare) != NULL && v->nr_pairs > 1 && v->nr_differ > 0);
	tui_compare_enter(&f.t, &f.ctx);
	first = f.t.cmp_pair;			/* it opens at the first pair that parts */
	CHECK(v->pairs[first].part >= 0);
	tui_compare_key(&f.t, &f.ctx, 'e');	/* e: every stage of the pair */
	len = f.t.cmp_stage;
	CHECK(len > 0);
	tui_compare_key(&f.t, &f.ctx, 's');	/* not past the end */
	CHECK(f.t.cmp_stage == len);
	tui_compare_key(&f.t, &f.ctx, TK_LEFT);
	CHECK(f.t.cmp_stage == len - 1);
	tui_compare_key(&f.t, &f.ctx, TK_HOME);
	CHECK(f.t.cmp_stage == 0);
	tui_compare_key(&f.t, &f.ctx, TK_LEFT);	/* not before the start */
	CHECK(f.t.cmp_stage == 0);
	f.t.cmp_pair = 0;
	tui_compare_key(&f.t, &f.ctx, 'p');	/* no pair before the first */
	CHECK(f.t.cmp_pair == 0);
	tui_compare_key(&f.t, &f.ctx, 'n');
	CHECK(f.t.cmp_pair == 1 && f.t.cmp_stage == 0);
	f.t.cmp_pair = v->nr_pairs - 1;
	tui_compare_key(&f.t, &f.ctx, TK_DOWN);	/* nor after the last */
	CHECK(f.t.cmp_pair == v->nr_pairs - 1);
	tui_compare_key(&f.t, &f.ctx, 'd');	/* d: the next pair that parts, round */
	CHECK(v->pairs[f.t.cmp_pair].part >= 0);
	tui_compare_key(&f.t, &f.ctx, 'D');	/* D: the one before */
	CHECK(v->pairs[f.t.cmp_pair].part >= 0);
	tui_compare_key(&f.t, &f.ctx, 'x');	/* other keys: nothing */
	CHECK(f.t.mode == MODE_COMPARE);
	tui_compare_key(&f.t, &f.ctx, 27);
	CHECK(f.t.mode == MODE_KEYS);
	teardown(&f);
}
