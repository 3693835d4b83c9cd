/* tests/tui/test_pagemap_view.c - the page map shows what the lesson is
 * about: `map` focuses it on a pfn range at a zoom that shows single pages
 * and marks a block, and what the last step or command changed stands out
 * at any zoom (64 pages on the 6 GiB classroom machine too), including a
 * split, stage by stage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/commands.h"
#include "../../app/tui.h"
#include "buddyscope/sim.h"
#include "fixture.h"
#include "testhelp.h"

/* Cells of @color in the pane just rendered into f->c. */
static int cells_of(const struct fixture *f, enum ui_color color)
{
	int n = 0;

	for (int i = 0; i < f->c.w * f->c.h; i++)
		n += f->c.cells[i].color == color;
	return n;
}

TEST(map_focuses_a_range_at_single_pages)
{
	struct fixture f;
	char *text;

	REQUIRE(setup(&f, "tiny", 120, 40) == 0);
	/* the title names the pfns the rows show (10 rows of 64 pages here),
	 * then the range asked for; it named only the range, while the pane
	 * showed more */
	run(&f.ctx, "map pfn 0x1c00 to=0x1dff zoom=0");
	text = pane(&f, PANE_PAGEMAP, 76, 12);
	CHECK(strstr(text, "Page map: 1 page a cell, DMA32 pfns 0x1c00-0x1e7f "
		     "(map 0x1c00-0x1dff)") != NULL);
	CHECK(strstr(text, "\n0x1c00 ") != NULL);	/* the range starts the view */
	CHECK(strstr(text, "\n0x1e40 ") != NULL);	/* and the last row shown */
	free(text);
	/* the whole zone: the smallest zoom that shows it whole; at the end
	 * of the machine the view keeps a full pane, DMA's last rows too */
	run(&f.ctx, "map zone DMA32");
	text = pane(&f, PANE_PAGEMAP, 96, 12);
	CHECK(strstr(text, "Page map: 8 pages a cell, DMA..DMA32 pfns 0xe00-0x1fff "
		     "(map 0x1000-0x1fff)") != NULL);
	CHECK(strstr(text, "\n 0xe00 ") != NULL);
	free(text);
	/* scrolled by hand: the title follows the rows */
	pagemap_scroll(&f.t, -2);
	text = pane(&f, PANE_PAGEMAP, 96, 12);
	CHECK(strstr(text, "Page map: 8 pages a cell, DMA..DMA32 pfns 0xa00-0x1bff "
		     "(map 0x1000-0x1fff)") != NULL);
	free(text);
	/* a range the rows show exactly is named once */
	run(&f.ctx, "map pfn 0x1c00 to=0x1e7f zoom=0");
	text = pane(&f, PANE_PAGEMAP, 76, 12);
	CHECK(strstr(text, "Page map: 1 page a cell, DMA32 pfns 0x1c00-0x1e7f -") != NULL);
	free(text);
	run(&f.ctx, "map all");
	text = pane(&f, PANE_PAGEMAP, 76, 12);
	CHECK(strstr(text, "Page map: 16 pages a cell, pageblock 512 pages") != NULL);
	free(text);
	teardown(&f);
}

TEST(map_marks_the_block_under_discussion)
{
	struct fixture f;
	char *text;

	REQUIRE(setup(&f, "tiny", 120, 40) == 0);
	run(&f.ctx, "map pfn 0x1c00 to=0x1c3f zoom=0");
	run(&f.ctx, "alloc GFP_KERNEL 3");	/* pfn 0x1c00, order 3 */
	changed(&f);
	changed(&f);				/* a second action: nothing new changed */
	run(&f.ctx, "map highlight 0x1c03");	/* the block holding pfn 0x1c03 */
	text = pane(&f, PANE_PAGEMAP, 76, 12);
	CHECK_EQ_L(cells_of(&f, UI_PM_HIGHLIGHT), 8);
	CHECK_EQ_L(cells_of(&f, UI_PM_CHANGED), 0);
	free(text);
	run(&f.ctx, "map highlight 0x1c00 order=5");
	text = pane(&f, PANE_PAGEMAP, 76, 12);
	CHECK_EQ_L(cells_of(&f, UI_PM_HIGHLIGHT), 32);
	free(text);
	teardown(&f);
}

TEST(pagemap_shows_a_split_as_it_happens)
{
	struct fixture f;
	struct strbuf out = STRBUF_INIT;
	char *text;
	int n;

	REQUIRE(setup(&f, "tiny", 120, 40) == 0);
	run(&f.ctx, "map pfn 0x1c00 to=0x1fff zoom=0");
	text = pane(&f, PANE_PAGEMAP, 76, 20);
	free(text);
	run(&f.ctx, "start GFP_KERNEL 3");
	REQUIRE(step_one(&f.ctx, &out) >= 0);	/* the fast path splits the order-10 block */
	changed(&f);
	text = pane(&f, PANE_PAGEMAP, 76, 20);
	/* every page of the old order-10 block changed: 8 taken, the rest now
	 * in blocks of order 3..9 (the upper halves); nothing else did */
	n = cells_of(&f, UI_PM_CHANGED);
	CHECK_EQ_L(n, 1024);
	CHECK(strstr(text, "0x1c00 ") != NULL);
	free(text);
	sb_release(&out);
	teardown(&f);
}

TEST(pagemap_shows_64_pages_in_6_gib)
{
	struct fixture f;
	char *text;

	REQUIRE(setup(&f, "classroom", 120, 40) == 0);
	text = pane(&f, PANE_PAGEMAP, 76, 14);
	CHECK_EQ_L(cells_of(&f, UI_PM_CHANGED), 0);
	free(text);
	run(&f.ctx, "alloc GFP_KERNEL 6");	/* 64 pages */
	changed(&f);
	text = pane(&f, PANE_PAGEMAP, 76, 14);
	CHECK(cells_of(&f, UI_PM_CHANGED) >= 1);
	CHECK(strstr(text, ", changed pfns 0x") != NULL);
	free(text);
	teardown(&f);
}
