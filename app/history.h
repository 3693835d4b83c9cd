/* app/history.h - time travel for the program: `back`, `forward`, the
 * rollback of a failed command, and marks for lessons (DESIGN.md, "Time
 * travel").
 *
 * The history is a line of entries, one per state-changing command (while a
 * request is being stepped, one per stage), each with a checkpoint of the
 * simulation after it (buddyscope/snapshot.h). A command that changed nothing
 * (show, where, help, dmesg, ...) is not an entry: after each command the
 * state is compared with the last checkpoint. Going back restores a
 * checkpoint; where older checkpoints were thinned to save memory, it
 * restores the nearest older one and replays the commands in between with
 * their output dropped (the engine is deterministic). `forward` redoes what
 * `back` undid, until something new is done.
 *
 * What moves with the simulation: everything in the sim, the stepper
 * (ctx->step, so `where` prints what it printed then) and the seed for the
 * next boot (ctx->seed). App state that must move with it too is registered
 * in history_adopt() (history.c). What does not: the Lua session (globals
 * set by `lua` and `source`), the screen's layout, readline's history.
 * Commands whose effect is not a function of the state and their text (Lua,
 * anything that reads a file, a new machine, an interrupted command) are
 * never replayed: their checkpoints are pinned.
 *
 * Machines: `machine`, `reset` and every command that boots a new sim must
 * install it with cmd_ctx_switch_sim() (commands.h), never sim_destroy() the
 * old one: the history keeps it, so `back` can return to it.
 *
 * Memory: the checkpoints and the machines kept for `back` stay under
 * history_budget(): twice the running machine's page records, at least
 * HISTORY_MIN_BUDGET (tiny machines: the trace rings alone are 8 MiB). Past it, old checkpoints are merged, then the oldest
 * entries (and machines) are forgotten.
 */
#ifndef BUDDYSCOPE_APP_HISTORY_H
#define BUDDYSCOPE_APP_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buddyscope/strbuf.h"

struct cmd_ctx;
struct sim;
struct history;

#define HISTORY_MIN_BUDGET	(16UL << 20)
#define HISTORY_RECENT		32	/* the newest entries always keep their checkpoint */

/* ---- for commands.c ---- */
/* Start the history at the state of ctx->sim (its boot). Return: 0 or -1
 * with ctx->err (out of memory). */
int history_create(struct cmd_ctx *ctx);
/* Free the history and every machine it holds, ctx->sim included. */
void history_destroy(struct cmd_ctx *ctx);
/* ctx->sim is a new machine (cmd_ctx_switch_sim): take it in. The one it
 * replaced is kept while an entry refers to it. */
void history_adopt(struct cmd_ctx *ctx, struct sim *sim);
/* @sim leaves the history: its checkpoints go, the history no longer frees
 * it (cmd_ctx_detach_sim). */
void history_detach(struct cmd_ctx *ctx, struct sim *sim);

/*
 * Around anything that may change the simulation as a whole: a command
 * (cmd_exec), a script (run_chunk). Nested scopes are part of the
 * outermost one. history_scope_end() with @failed puts back the state as it
 * was at history_scope_begin(); otherwise, for the outermost scope, a change
 * becomes an entry named @line (copied at begin; NULL: not replayable by
 * text).
 */
struct history_scope {
	bool		outer;		/* the outermost scope */
};
void history_scope_begin(struct cmd_ctx *ctx, struct history_scope *sc, const char *line);
/* Return: 0, or -1 if a rollback was needed and could not be done (the
 * state is then what the failed code left). */
int history_scope_end(struct cmd_ctx *ctx, struct history_scope *sc, bool failed);
/* The command running now cannot be replayed from its text (it read a file,
 * ran Lua, or was interrupted). */
void history_taint(const struct cmd_ctx *ctx);
/* Whether the history is replaying commands (their output is dropped). */
bool history_replaying(const struct cmd_ctx *ctx);

/* A stage of the stepped request ran: it is an entry of its own ("step"),
 * when run directly by the command the user typed or by a key. */
void history_stage(struct cmd_ctx *ctx);
/* Code outside a command (a key on the screen) changed the state by doing
 * what @line does: record it as that command. */
void history_note(struct cmd_ctx *ctx, const char *line);

/* ---- back and forward (cmd_history.c) ---- */
/* Undo the last @n entries / redo @n undone ones; a line per entry crossed
 * goes to @out. Return: 0, or -1 with ctx->err ("back: only 3 ..."). */
int history_back(struct cmd_ctx *ctx, unsigned long n, struct strbuf *out);
int history_forward(struct cmd_ctx *ctx, unsigned long n, struct strbuf *out);

/* ---- marks, for lessons ---- */
/**
 * history_mark - name the current state so that history_goto() can return
 * to it: the state becomes an entry if it is not one yet, and its
 * checkpoint is pinned: never thinned, and never forgotten for memory (the
 * history stops forgetting old entries at the oldest mark, so memory can
 * pass the budget by what marks hold). Marks stay valid across back and
 * forward; a new command after going back forgets the marks ahead of it.
 * Return: 0 and *mark, or -1 with ctx->err.
 */
int history_mark(struct cmd_ctx *ctx, uint64_t *mark);
/**
 * history_goto - make the simulation (and the stepper and seed) exactly what
 * it was at @mark, backwards or forwards. The Lua state is not touched: a
 * lesson that goes back must restore its own. Return: 0, or -1 with ctx->err
 * (the mark was forgotten).
 */
int history_goto(struct cmd_ctx *ctx, uint64_t mark);
/*
 * history_forget_ahead - forget the entries ahead of the current one (what
 * `forward` would redo) and the machines only they held. A quiz's side
 * trip (its problems' machines) ends without a trace: after going back to
 * its mark, nothing of it is left to redo.
 */
void history_forget_ahead(struct cmd_ctx *ctx);

/* ---- looking (bench, tests) ---- */
struct history_stats {
	size_t		entries;	/* in the history, undone ones included */
	size_t		current;	/* index of the current one */
	size_t		checkpoints;	/* entries that keep one */
	size_t		machines;	/* sims held, the running one included */
	size_t		bytes;		/* memory time travel adds */
	size_t		budget;
	size_t		last_rollback;	/* bytes the last rollback of a failed
					 * command put back (chunks, small state) */
};
void history_stats(const struct cmd_ctx *ctx, struct history_stats *st);

#endif
