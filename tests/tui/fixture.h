/* tests/tui/fixture.h - the render tests' fixture (fixture.c): a machine
 * booted with seed 1, a view of a given size, panes rendered to text.
 */
#ifndef BUDDYSCOPE_TESTS_TUI_FIXTURE_H
#define BUDDYSCOPE_TESTS_TUI_FIXTURE_H

#include "../../app/commands.h"
#include "../../app/tui.h"

struct fixture {
	struct cmd_ctx	ctx;
	struct tui	t;
	struct tui_canvas c;
};

/* Run a command line; print a note if it failed. */
void run(struct cmd_ctx *ctx, const char *line);
char *slurp(const char *path);
/* Compare @text with tests/tui/golden/@name.txt (BUDDYSCOPE_UPDATE_GOLDEN=1
 * writes it). Return: 1 if equal. */
int golden(const char *name, const char *text);
/* Boot @machine, a view of @cols x @rows, ASCII glyphs. Return: 0 or -1. */
int setup(struct fixture *f, const char *machine, int cols, int rows);
void teardown(struct fixture *f);
/* After the sim changed: what the screen's loop does. */
void changed(struct fixture *f);
/* One pane rendered alone into a canvas of its size; its text (free it). */
char *pane(struct fixture *f, enum tui_pane p, int w, int h);
/* The whole frame for the view's size; its text (free it). */
char *frame(struct fixture *f);
/* The line of @text that starts with @prefix after @after. */
char *line_after(const char *text, const char *after, const char *prefix);

#endif
