/* app/history.c - the line of entries behind `back` and `forward`, the
 * rollback of failed commands, and lesson marks (history.h).
 *
 *   e[0] boot    e[1] alloc   e[2] step   e[3] step   e[4] lua ...
 *   [ckpt pin]   (thinned)    [ckpt]      [ckpt]      [ckpt pin]
 *                                          ^ cur: the live state; e[4] is
 *                                            undone (forward redoes it)
 *
 * Invariant: e[cur] keeps a checkpoint, and it is the current checkpoint of
 * its machine's snapshot (ctx->sim == e[cur].sim). So a failed command is
 * rolled back by going to that checkpoint, and a command changed the state
 * iff snapshot_changed() says so. An entry without a checkpoint (thinned)
 * is reached from the nearest older one that has one by replaying the
 * commands between; those are always replayable, because an entry that is
 * not (Lua, a file read, a new machine, an interrupted command, a mark)
 * is pinned and keeps its checkpoint.
 */
#include "history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/sim.h"
#include "buddyscope/snapshot.h"
#include "commands.h"
#include "history_int.h"

/* ---- machines ---- */

static bool held(const struct history *h, const struct sim *sim)
{
	for (size_t i = 0; i < h->nr_sims; i++)
		if (h->sims[i] == sim)
			return true;
	return false;
}

/* The app state that moves with the simulation, registered with every
 * machine: the stepper and the seed for the next boot. */
static int adopt(struct cmd_ctx *ctx, struct sim *sim)
{
	struct history *h = ctx->hist;

	if (held(h, sim))
		return 0;
	if (h->nr_sims == h->cap_sims) {
		size_t cap = h->cap_sims ? h->cap_sims * 2 : 4;
		struct sim **v = realloc(h->sims, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		h->sims = v;
		h->cap_sims = cap;
	}
	if (snapshot_keep_whole(sim, "stepper", &ctx->step, sizeof(ctx->step)) ||
	    snapshot_keep_whole(sim, "seed", &ctx->seed, sizeof(ctx->seed)))
		return -ENOMEM;
	h->sims[h->nr_sims++] = sim;
	return 0;
}

/* @sim leaves this history (a new owner takes it): no checkpoints, and
 * none of this context's state registered with it. */
static void detach(struct cmd_ctx *ctx, struct sim *sim)
{
	struct history *h = ctx->hist;

	for (size_t i = 0; i < h->nr_sims; i++)
		if (h->sims[i] == sim)
			h->sims[i] = h->sims[--h->nr_sims];
	snapshot_clear(sim);
	snapshot_unregister(sim, &ctx->step);
	snapshot_unregister(sim, &ctx->seed);
}

/* Destroy the machines no entry refers to (and that are not running). */
void history_release_unused(struct cmd_ctx *ctx)
{
	struct history *h = ctx->hist;

	for (size_t i = 0; i < h->nr_sims;) {
		struct sim *sim = h->sims[i];
		bool used = sim == ctx->sim;

		for (size_t k = 0; k < h->n && !used; k++)
			used = h->e[k].sim == sim;
		if (used) {
			i++;
			continue;
		}
		sim_destroy(sim);
		h->sims[i] = h->sims[--h->nr_sims];
	}
}

static size_t page_records(const struct sim *sim)
{
	return sim_max_pfn(sim) * sizeof(struct page);
}

static size_t budget(const struct cmd_ctx *ctx)
{
	size_t b = 2 * page_records(ctx->sim);

	return b > HISTORY_MIN_BUDGET ? b : HISTORY_MIN_BUDGET;
}

/* Memory time travel adds: every snapshot, and the machines kept only for
 * going back to them. */
static size_t bytes_held(const struct cmd_ctx *ctx)
{
	const struct history *h = ctx->hist;
	size_t sum = sizeof(*h) + h->cap * sizeof(*h->e);

	for (size_t i = 0; i < h->nr_sims; i++) {
		struct snapshot_stats st;

		snapshot_stats(h->sims[i], &st);
		sum += st.bytes;
		if (h->sims[i] != ctx->sim)
			sum += st.tracked_size + st.small_size;
	}
	return sum;
}

/* ---- entries ---- */

static void entry_free(struct hist_entry *e)
{
	free(e->line);
	e->line = NULL;
}

/* Start again from the live state (after the snapshot ran out of memory). */
static void restart(struct cmd_ctx *ctx)
{
	struct history *h = ctx->hist;
	uint64_t id;

	for (size_t i = 0; i < h->n; i++)
		entry_free(&h->e[i]);
	h->n = 0;
	for (size_t i = 0; i < h->nr_sims; i++)
		snapshot_clear(h->sims[i]);
	history_release_unused(ctx);
	h->lost = true;
	if (snapshot_take(ctx->sim, &id))
		id = NO_POINT;
	h->e[0] = (struct hist_entry){ .serial = h->next_serial++, .sim = ctx->sim, .point = id,
				       .flags = HIST_PINNED };
	h->n = 1;
	h->cur = 0;
}

/* Forget the undone entries: something new was done. */
void history_drop_future(struct history *h)
{
	while (h->n > h->cur + 1)
		entry_free(&h->e[--h->n]);
}

static bool keep_by_age(uint64_t serial, uint64_t newest)
{
	uint64_t age = newest - serial, step = 1;

	if (age < HISTORY_RECENT)
		return true;
	while (step * 2 * (HISTORY_RECENT / 2) <= age)	/* ages 32..63: every 2nd, ... */
		step *= 2;
	return serial % step == 0;
}

/* May e[i] lose its checkpoint? Not the first of its machine (replays
 * start there), not a pinned one, not the current one. */
static bool droppable(const struct history *h, size_t i)
{
	return i > 0 && i != h->cur && h->e[i].point != NO_POINT &&
	       !(h->e[i].flags & HIST_PINNED) && h->e[i - 1].sim == h->e[i].sim;
}

static void drop_point(struct hist_entry *e)
{
	if (e->point != NO_POINT && !snapshot_drop(e->sim, e->point))
		e->point = NO_POINT;
}

/* Forget e[0], and the entries after it that only a replay from it reached.
 * Return: false if e[0] is a mark (marks stay, whatever they hold). */
static bool forget_oldest(struct cmd_ctx *ctx)
{
	struct history *h = ctx->hist;
	size_t k = 1;

	if (h->e[0].flags & HIST_MARK)
		return false;
	while (k < h->cur && h->e[k].point == NO_POINT)
		k++;
	for (size_t i = 0; i < k; i++) {
		drop_point(&h->e[i]);
		entry_free(&h->e[i]);
	}
	memmove(h->e, h->e + k, (h->n - k) * sizeof(*h->e));
	h->n -= k;
	h->cur -= k;
	h->forgotten += k;
	history_release_unused(ctx);
	return true;
}

/*
 * Thin the checkpoints behind the current entry: the newest HISTORY_RECENT
 * keep theirs, older ones fewer and fewer (16 per doubling of age), pinned
 * ones always. Then, past the memory budget, merge the oldest unpinned ones
 * (undone entries' too), then, with @may_forget, forget the oldest entries
 * (not while moving: callers hold indices).
 */
static void thin(struct cmd_ctx *ctx, bool may_forget)
{
	struct history *h = ctx->hist;
	uint64_t newest = cur_entry(h)->serial;
	size_t limit = budget(ctx);

	for (size_t i = 0; i < h->cur; i++)
		if (droppable(h, i) && !keep_by_age(h->e[i].serial, newest))
			drop_point(&h->e[i]);
	for (size_t i = 0; i < h->n && bytes_held(ctx) > limit; i++)
		if (droppable(h, i))
			drop_point(&h->e[i]);
	while (may_forget && h->cur > 0 && bytes_held(ctx) > limit && forget_oldest(ctx))
		;
}

/* Append an entry for the live state, after the current one. */
static void record(struct cmd_ctx *ctx, const char *line, unsigned int flags)
{
	struct history *h = ctx->hist;
	struct hist_entry e = { .serial = h->next_serial, .sim = ctx->sim, .flags = flags };

	if (!(flags & HIST_REPLAY))
		e.flags |= HIST_PINNED;
	history_drop_future(h);
	if (h->n == h->cap) {
		size_t cap = h->cap * 2;
		struct hist_entry *v = realloc(h->e, cap * sizeof(*v));

		if (!v) {
			restart(ctx);
			return;
		}
		h->e = v;
		h->cap = cap;
	}
	if (line) {		/* as typed, without the newline */
		size_t len = strlen(line);

		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
			       line[len - 1] == ' ' || line[len - 1] == '\t'))
			len--;
		e.line = strndup(line, len);
	}
	if ((line && !e.line) || adopt(ctx, ctx->sim) || snapshot_take(ctx->sim, &e.point)) {
		free(e.line);
		restart(ctx);
		return;
	}
	h->next_serial++;
	h->e[h->n] = e;
	h->cur = h->n++;
	history_release_unused(ctx);
	thin(ctx, true);
}

/* Changes made outside any command (a lesson's script, the screen) become
 * an entry of their own before the next command runs. */
void history_catch_up(struct cmd_ctx *ctx)
{
	struct history *h = ctx->hist;

	trace_log_pump(ctx);
	if (ctx->sim != cur_entry(h)->sim || snapshot_changed(ctx->sim))
		record(ctx, NULL, 0);
}

/* ---- moving ---- */

/* Run e[a+1..t]'s lines again, output dropped. Return: 0, or -1 with
 * ctx->err when one failed or was interrupted (the state is then e[a]). */
static int replay(struct cmd_ctx *ctx, size_t a, size_t t, const char *what)
{
	struct history *h = ctx->hist;
	struct strbuf out = STRBUF_INIT;
	int rc = 0;

	h->replaying = true;
	for (size_t i = a + 1; i <= t && !rc; i++) {
		sb_reset(&out);
		if (cmd_exec_line(ctx, h->e[i].line, &out) || cmd_interrupted) {
			char msg[CMD_ERR_MAX];

			snprintf(msg, sizeof(msg), "%s", cmd_interrupted ? "interrupted" : ctx->err);
			cmd_error(ctx, "%s: replaying '%s' failed (%s); stopped at the state before "
				  "it", what, h->e[i].line, msg);
			rc = -1;
		}
	}
	h->replaying = false;
	sb_release(&out);
	if (rc)
		snapshot_goto(ctx->sim, h->e[a].point);
	return rc;
}

/* Make the live state e[t]'s: restore its checkpoint, or the nearest older
 * one and replay. Return: 0, or -1 with ctx->err. */
int history_move_to(struct cmd_ctx *ctx, size_t t, const char *what)
{
	struct history *h = ctx->hist;
	struct hist_entry *e = &h->e[t];
	size_t a = t;
	uint64_t id;

	while (h->e[a].point == NO_POINT)
		a--;		/* e[0] of each machine is pinned: this stops */
	ctx->sim = e->sim;
	if (snapshot_goto(e->sim, h->e[a].point)) {
		cmd_error(ctx, "%s: the checkpoints were lost (out of host memory); the history "
			  "starts again here", what);
		restart(ctx);
		return -1;
	}
	h->cur = a;
	if (a == t) {
		thin(ctx, false);
		return 0;
	}
	if (replay(ctx, a, t, what))
		return -1;
	if (snapshot_insert(e->sim, &id)) {
		snapshot_goto(e->sim, h->e[a].point);
		return cmd_error(ctx, "%s: out of host memory", what);
	}
	e->point = id;
	h->cur = t;
	thin(ctx, false);
	return 0;
}

/* ---- scopes: commands and scripts ---- */

void history_scope_begin(struct cmd_ctx *ctx, struct history_scope *sc, const char *line)
{
	struct history *h = ctx->hist;

	sc->outer = false;
	if (!h)
		return;
	sc->outer = h->depth++ == 0;
	if (!sc->outer || h->replaying)
		return;
	history_catch_up(ctx);
	h->tainted = false;
	free(h->line);		/* a copy: the caller's buffer may be its output */
	h->line = line ? strdup(line) : NULL;
}

/* Put the state of e[cur] back after a failure. */
static int rollback(struct cmd_ctx *ctx)
{
	struct history *h = ctx->hist;
	struct hist_entry *e = cur_entry(h);

	struct snapshot_stats st;

	if (ctx->sim == e->sim && !snapshot_changed(e->sim))
		return 0;
	snapshot_stats(e->sim, &st);
	h->last_rollback = st.open_chunks * SNAP_CHUNK_SIZE + st.small_size;
	ctx->sim = e->sim;
	if (snapshot_goto(e->sim, e->point)) {
		restart(ctx);
		return -1;
	}
	history_release_unused(ctx);
	return 0;
}

int history_scope_end(struct cmd_ctx *ctx, struct history_scope *sc, bool failed)
{
	struct history *h = ctx->hist;
	const char *line;

	if (!h)
		return 0;
	h->depth--;
	if (h->replaying)
		return 0;
	trace_log_pump(ctx);
	if (!sc->outer)		/* part of a bigger whole: it decides */
		return 0;
	if (failed)
		return rollback(ctx);
	line = h->line;
	if (cmd_interrupted)
		h->tainted = true;
	if (ctx->sim != cur_entry(h)->sim)
		record(ctx, line, 0);		/* a new machine */
	else if (snapshot_changed(ctx->sim))
		record(ctx, line, line && !h->tainted ? HIST_REPLAY : 0);
	else
		history_release_unused(ctx);
	return 0;
}

void history_taint(const struct cmd_ctx *ctx)
{
	if (ctx->hist)
		ctx->hist->tainted = true;
}

bool history_replaying(const struct cmd_ctx *ctx)
{
	return ctx->hist && ctx->hist->replaying;
}

void history_stage(struct cmd_ctx *ctx)
{
	struct history *h = ctx->hist;

	if (!h || h->replaying || h->depth > 1)
		return;
	trace_log_pump(ctx);
	if (snapshot_changed(ctx->sim))
		record(ctx, "step", HIST_REPLAY);
}

void history_note(struct cmd_ctx *ctx, const char *line)
{
	struct history *h = ctx->hist;

	if (!h || h->replaying || h->depth)
		return;
	trace_log_pump(ctx);
	if (snapshot_changed(ctx->sim))
		record(ctx, line, HIST_REPLAY);
}

/* ---- life ---- */

int history_create(struct cmd_ctx *ctx)
{
	struct history *h = calloc(1, sizeof(*h));

	if (!h || !(h->e = malloc(64 * sizeof(*h->e)))) {
		free(h);
		return cmd_error(ctx, "out of memory");
	}
	h->cap = 64;
	ctx->hist = h;
	if (adopt(ctx, ctx->sim) || snapshot_take(ctx->sim, &h->e[0].point)) {
		free(h->sims);
		free(h->e);
		free(h);
		ctx->hist = NULL;
		return cmd_error(ctx, "out of memory");
	}
	h->e[0].serial = h->next_serial++;
	h->e[0].line = NULL;
	h->e[0].sim = ctx->sim;
	h->e[0].flags = HIST_PINNED;
	h->n = 1;
	return 0;
}

void history_destroy(struct cmd_ctx *ctx)
{
	struct history *h = ctx->hist;

	if (!h)
		return;
	/* ctx->sim set to NULL by hand: the caller took the running machine */
	if (!ctx->sim && held(h, cur_entry(h)->sim))
		detach(ctx, cur_entry(h)->sim);
	for (size_t i = 0; i < h->n; i++)
		entry_free(&h->e[i]);
	for (size_t i = 0; i < h->nr_sims; i++)
		if (h->sims[i] != ctx->sim)
			sim_destroy(h->sims[i]);
	free(h->line);
	free(h->sims);
	free(h->e);
	free(h);
	ctx->hist = NULL;
}

void history_adopt(struct cmd_ctx *ctx, struct sim *sim)
{
	if (!ctx->hist)
		return;
	if (adopt(ctx, sim))
		restart(ctx);
	/* a machine booted and replaced inside one scope (a script's loop of
	 * `reset`) is in no entry: nothing can go back to it, so it goes now,
	 * not when the scope ends (issue 9: 3000 resets took 17 GiB) */
	history_release_unused(ctx);
}

void history_detach(struct cmd_ctx *ctx, struct sim *sim)
{
	if (ctx->hist)
		detach(ctx, sim);
}

void history_stats(const struct cmd_ctx *ctx, struct history_stats *st)
{
	const struct history *h = ctx->hist;

	memset(st, 0, sizeof(*st));
	if (!h)
		return;
	st->entries = h->n;
	st->current = h->cur;
	for (size_t i = 0; i < h->n; i++)
		st->checkpoints += h->e[i].point != NO_POINT;
	st->machines = h->nr_sims;
	st->bytes = bytes_held(ctx);
	st->budget = budget(ctx);
	st->last_rollback = h->last_rollback;
}
