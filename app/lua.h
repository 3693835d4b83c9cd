/* app/lua.h - Lua 5.4 in buddyscope: the session state behind `lua CODE`
 * and `source FILE`, running script files, and finding lessons/ and scripts/.
 *
 * Every script runs in a sandbox (lua_sandbox.c): only the base, table,
 * string, math, utf8 and coroutine libraries; no dofile, loadfile or binary
 * chunks; unknown globals are errors; an instruction budget and a memory cap
 * stop runaway code; math.random draws from the simulation's seeded PRNG.
 * A script that fails leaves the simulation as it was before it started
 * (the sim is cloned first and put back). The bs module is in lua_bind.c,
 * lessons in lua_lesson.c (app/lesson.h).
 */
#ifndef BUDDYSCOPE_APP_LUA_H
#define BUDDYSCOPE_APP_LUA_H

#include <stdbool.h>
#include <stdio.h>
#include "buddyscope/strbuf.h"

struct cmd_ctx;
struct script;

/* Limits of one run (a `lua` command, a `source`, or one lesson prompt). */
#define SCRIPT_INSTR_BUDGET	100000000ULL	/* Lua VM instructions */
#define SCRIPT_MEM_LIMIT	(64UL << 20)	/* bytes the Lua heap may hold */
#define SCRIPT_WORK_BUDGET	100000000ULL	/* page operations its commands do (commands.h) */

/* Free the session state of @ctx (ctx->lua), if any. */
void script_session_release(struct cmd_ctx *ctx);

/*
 * The command line's hook for commands whose argument is raw text:
 * "lua CODE", ":lua CODE" and "source FILE" keep their quotes, blanks and
 * '#' (the tokenizer would eat them). Return: true if @line was one of them
 * (then *rc is the command's result, as cmd_exec_line's), false otherwise.
 */
bool script_exec_raw(struct cmd_ctx *ctx, const char *line, struct strbuf *out, int *rc);

/*
 * Run the Lua file @path in the session state, as `source` does: print()
 * output and a failing script's traceback go to @out.
 * Return: 0, or -1 with ctx->err set (the sim is rolled back).
 */
int script_source(struct cmd_ctx *ctx, const char *path, struct strbuf *out);

/*
 * The folder of the script or lesson whose run is on now ("" for code typed
 * with `lua`), or NULL when no Lua runs: then the command comes from a
 * person. fileaccess.c decides with it what a command may open.
 */
const char *script_running_dir(void);

/* Does @path start with a lesson{...} header (after blank and comment lines)? */
bool script_is_lesson(const char *path);

/*
 * Run a lesson without a screen (lua_lesson_cmd.c), through the `lesson`
 * command: its steps as plain text on @out. @interactive: at the end of a
 * step read a line from stdin: Enter goes on (at a request to step: runs
 * it to its end; s runs one stage), a number answers a prediction, b goes
 * back a step, r restarts, q quits, anything else runs as a command.
 * Otherwise every prediction is answered right and says "(the class
 * answers ...)". Return: 0 if the lesson ended with every expect() passing,
 * 1 if an expect failed, the lesson raised an error or could not be opened.
 */
int script_run_lesson(struct cmd_ctx *ctx, const char *path, FILE *out, bool interactive);

/* Print every lesson in the lessons directory with its title. Return: 0, or 1. */
int script_list_lessons(FILE *out);
/* The same lines ("  NAME.lua  TITLE") into @out; @open_each: open every
 * lesson (slow: it runs them) to say which cannot load, else read the
 * titles from the headers. Return: 0, or -1 and @err. */
int script_lessons_text(struct strbuf *out, bool open_each, char *err, size_t errlen);

/*
 * Where lessons/ and scripts/ are: $BUDDYSCOPE_DATADIR, else beside the
 * executable (build/buddyscope -> ./, bin/buddyscope ->
 * ../share/buddyscope), else the current directory. Never NULL.
 */
const char *script_datadir(void);
/* @path if it exists, else lessons/@path under script_datadir() if that
 * exists, else @path. Returns a static buffer. */
const char *script_find_lesson(const char *path);

/* Is Lua code running now (a `lua`, `source`, a lesson, bs.cmd)? */
bool script_running(const struct cmd_ctx *ctx);

#endif
