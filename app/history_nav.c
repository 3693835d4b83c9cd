/* app/history_nav.c - moving along the line of entries (history.c draws
 * it): `back` and `forward` N entries, naming the commands they cross, and
 * the marks lessons set and go to.
 */
#include "history.h"

#include <stdio.h>
#include <string.h>
#include "buddyscope/sim.h"
#include "buddyscope/snapshot.h"
#include "commands.h"
#include "history_int.h"

/* ---- back, forward, marks ---- */

static void describe(const struct hist_entry *e, struct strbuf *out)
{
	if (e->line)
		sb_puts(out, e->line);
	else if (e->flags & HIST_REPLAY)
		sb_puts(out, "?");
	else
		sb_puts(out, "(changes made outside a command: a lesson or the screen)");
}

/* One line per entry crossed, the nearest first; at most 8. */
static void list_crossed(const struct history *h, size_t from, size_t to, const char *verb,
			 struct strbuf *out)
{
	size_t lo = from < to ? from : to, hi = from < to ? to : from, shown = 0;

	for (size_t k = 0; k < hi - lo; k++) {
		size_t i = from < to ? lo + 1 + k : hi - k;

		if (shown++ == 8) {
			sb_printf(out, "... and %zu more\n", hi - lo - 8);
			break;
		}
		sb_printf(out, "%s: ", verb);
		describe(&h->e[i], out);
		sb_putc(out, '\n');
	}
}

int history_back(struct cmd_ctx *ctx, unsigned long n, struct strbuf *out)
{
	struct history *h = ctx->hist;
	size_t from;

	if (!h)
		return cmd_error(ctx, "back: there is no history");
	history_catch_up(ctx);
	from = h->cur;
	if (n > from) {
		const char *why = h->lost ? " (the history was restarted: out of host memory)" :
			h->forgotten ? " (older ones were forgotten to keep time travel's memory "
				       "under its limit)" : "";

		if (!from)
			return cmd_error(ctx, "back: nothing to undo%s", why);
		return cmd_error(ctx, "back: only %zu entr%s to undo, not %lu%s", from,
				 from == 1 ? "y" : "ies", n, why);
	}
	if (history_move_to(ctx, from - n, "back"))
		return -1;
	list_crossed(h, from, h->cur, "undone", out);
	return 0;
}

int history_forward(struct cmd_ctx *ctx, unsigned long n, struct strbuf *out)
{
	struct history *h = ctx->hist;
	size_t from, ahead;

	if (!h)
		return cmd_error(ctx, "forward: there is no history");
	history_catch_up(ctx);
	from = h->cur;
	ahead = h->n - 1 - from;
	if (!ahead)
		return cmd_error(ctx, "forward: nothing to redo (forward redoes what back undid, "
				 "until something new is done)");
	if (n > ahead)
		return cmd_error(ctx, "forward: only %zu entr%s to redo, not %lu", ahead,
				 ahead == 1 ? "y" : "ies", n);
	if (history_move_to(ctx, from + n, "forward"))
		return -1;
	list_crossed(h, from, h->cur, "redone", out);
	return 0;
}

int history_mark(struct cmd_ctx *ctx, uint64_t *mark)
{
	struct history *h = ctx->hist;

	if (!h)
		return cmd_error(ctx, "mark: there is no history");
	history_catch_up(ctx);
	cur_entry(h)->flags |= HIST_PINNED | HIST_MARK;
	*mark = cur_entry(h)->serial;
	return 0;
}

int history_goto(struct cmd_ctx *ctx, uint64_t mark)
{
	struct history *h = ctx->hist;

	if (!h)
		return cmd_error(ctx, "there is no history");
	history_catch_up(ctx);
	for (size_t i = 0; i < h->n; i++)
		if (h->e[i].serial == mark)
			return history_move_to(ctx, i, "go back");
	return cmd_error(ctx, "that point is no longer in the history (forgotten to keep time "
			 "travel's memory under its limit, or undone and replaced)");
}

void history_forget_ahead(struct cmd_ctx *ctx)
{
	struct history *h = ctx->hist;

	if (!h)
		return;
	history_drop_future(h);
	history_release_unused(ctx);
}
