/* app/lua_priv.h - what the lua_*.c files share: one sandboxed state and
 * the helpers around it. Nothing outside app/lua_*.c includes this file.
 */
#ifndef BUDDYSCOPE_APP_LUA_PRIV_H
#define BUDDYSCOPE_APP_LUA_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lua.h>
#include <lauxlib.h>
#include "buddyscope/strbuf.h"
#include "lua.h"

struct cmd_ctx;
struct sim;
struct lesson;

/* Why a run was stopped from outside the script. */
enum script_stop { STOP_NONE, STOP_BUDGET, STOP_MEMORY, STOP_INTERRUPT };

struct script {
	lua_State	*L;		/* owned; lua_close() in script_destroy */
	struct cmd_ctx	*ctx;		/* borrowed: the sim is always ctx->sim */
	size_t		mem_used;	/* bytes the Lua heap holds now */
	size_t		mem_limit;	/* allocations past this fail */
	unsigned long long instr;	/* VM instructions in this run */
	unsigned long long budget;	/* ... allowed */
	enum script_stop stop;		/* set by the hook or the allocator */
	volatile int	interrupt;	/* set by SIGINT while a run is on */
	int		depth;		/* runs in progress (nested: `lua` inside Lua) */
	uint64_t	ev_cursor;	/* next trace event for bs.on handlers */
	struct strbuf	*out;		/* where print() goes; never NULL */
	struct strbuf	outbuf;		/* the default sink */
	struct lesson	*lesson;	/* the lesson this state runs, or NULL */
};

/* ---- lua_sandbox.c ---- */
/* A new sandboxed state with bs and the lesson functions loaded.
 * Return: NULL on host OOM or a broken prelude (message in ctx->err). */
struct script *script_create(struct cmd_ctx *ctx, struct lesson *lesson);
void script_destroy(struct script *S);
static inline struct script *script_of(lua_State *L)
{
	return *(struct script **)lua_getextraspace(L);
}
/* Begin/end a run: reset the budget, arm SIGINT. */
void script_run_begin(struct script *S);
void script_run_end(struct script *S);
/* lua_pcall with lua.c's traceback handler. On error the message with its
 * traceback is left on the stack (a string). Return: the lua_pcall status. */
int script_pcall(struct script *S, int nargs, int nres);
/* Turn the error on top of @L (from pcall or a dead coroutine @co, or NULL)
 * into the text to show, with the stop reason spelled out; pops it. */
void script_error_text(struct script *S, lua_State *co, int status, struct strbuf *out);
/* Load @path as text only ("@path" chunk name). Return: the luaL_loadfilex status. */
int script_loadfile(lua_State *L, const char *path);

/* ---- lua_bind.c ---- */
/* luaL_error with printf formats (lua_pushfstring knows only a few). */
__attribute__((format(printf, 2, 3)))
int lb_error(lua_State *L, const char *fmt, ...);
/* Return @nres results from a C function of bs after the bs.on handlers
 * have seen the events it caused (they may yield: lua_callk). */
int lb_done(lua_State *L, int nres);
/* Register the bs module (commands, typed API) in the state's globals. */
void lb_open_bs(lua_State *L);
/* Deliver new trace events to bs.on handlers (called by the prelude). */
int lb_events(lua_State *L);
/* Append a Lua value as text (tables with sorted keys; @top: strings bare). */
void lb_repr(lua_State *L, int idx, struct strbuf *out, int depth, bool top);

/* ---- lua_api.c: typed reads of the simulation ---- */
void lb_open_api(lua_State *L, int bs);
/* Resolve a zone argument at @idx ("Normal", "0:DMA32", a zone table, or
 * nid + zid). Raises a Lua error if there is no such zone. */
void lb_check_zone(lua_State *L, int idx, int *nid, int *zid);
/* gfp argument: "GFP_KERNEL|__GFP_NORETRY" or a number. */
unsigned int lb_check_gfp(lua_State *L, int idx);
/* Push a table with one field per key=value... helpers */
void lb_setint(lua_State *L, const char *k, lua_Integer v);
void lb_setstr(lua_State *L, const char *k, const char *v);
void lb_setbool(lua_State *L, const char *k, int v);

/* ---- lua_kstate.c: tasks, vmstat, sysctls, gfp, formulas ---- */
void lb_open_kstate(lua_State *L, int bs);

/* ---- lua_prelude.c ---- */
extern const char lb_prelude[];
extern const size_t lb_prelude_len;
/* closest(word, {names}): the nearest name, for "did you mean" */
int lb_closest(lua_State *L);

/* ---- lua_request.c ---- */
void lb_open_request(lua_State *L, int bs);
/* watch(r): hand the request at @idx to the stepper (ctx->step), as
 * step_adopt() does; *serial identifies it there. Raises a Lua error if it
 * cannot run (over, its machine gone, its task exited). */
int lb_request_adopt(lua_State *L, int idx, uint64_t *serial);
/* Take the request back from the stepper after it ran there (if the stepper
 * still holds request @serial): its stage, locals, pfn. */
void lb_request_reclaim(lua_State *L, int idx, uint64_t serial);
/* Push what r:run() returns: the pfn, or nil. */
void lb_request_push_result(lua_State *L, int idx);

/* ---- lua_lesson.c ---- */
/* Register lesson{}, say, pause, predict, expect, expect_eq. */
void lb_open_lesson(lua_State *L);

/* The simulation the script works on (ctx->sim; it may be replaced by a
 * `machine` command, so never keep it across calls that run commands). */
struct sim *lb_sim(lua_State *L);

#endif
