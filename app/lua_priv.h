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
enum script_stop { STOP_NONE, STOP_BUDGET, STOP_MEMORY, STOP_INTERRUPT, STOP_WORK, STOP_OUTPUT,
		   STOP_STACK };

struct script {
	lua_State	*L;		/* owned; lua_close() in script_destroy */
	struct cmd_ctx	*ctx;		/* borrowed: the sim is always ctx->sim */
	size_t		mem_used;	/* bytes the Lua heap holds now */
	size_t		mem_limit;	/* allocations past this fail */
	unsigned long long instr;	/* VM instructions in this run, and what else
					 * it is charged (coroutines, pattern steps) */
	unsigned long long budget;	/* ... allowed */
	unsigned long long work;	/* engine work its commands and requests did in
					 * this run, in page operations (commands.h) */
	unsigned long long work_budget;	/* ... allowed */
	unsigned long long work_mark;	/* cmd_work when last charged */
	enum script_stop stop;		/* set by the hook or the allocator */
	volatile int	interrupt;	/* set by SIGINT while a run is on */
	int		depth;		/* runs in progress (nested: `lua` inside Lua) */
	uint64_t	ev_cursor;	/* next trace event for bs.on handlers */
	size_t		out_bytes;	/* bytes of output in this run (print, shown
					 * values, say() outside a lesson): at most
					 * SCRIPT_OUTPUT_MAX, and they count
					 * against mem_limit too */
	struct strbuf	*out;		/* where print() goes; never NULL */
	size_t		out_mark;	/* out->len when the session was saved */
	struct strbuf	outbuf;		/* the default sink */
	struct lesson	*lesson;	/* the lesson this state runs, or NULL */
	char		dir[4096];	/* the folder of the file it runs ("": code
					 * typed with `lua`), for file_access_check */
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
/* Begin/end a run: reset the budget, arm SIGINT. A run may not begin while
 * another state's run is on (script_busy): Ctrl-C reaches one run at a time. */
void script_run_begin(struct script *S);
void script_run_end(struct script *S);
bool script_busy(void);
/* The file S runs is @path (NULL: code typed with `lua`): remember its folder. */
void script_set_file(struct script *S, const char *path);
/* Instructions between two count-hook calls; (re)arm the hook. */
#define SCRIPT_HOOK_EVERY	1000
/* Calls a script may nest once its heap is past half the cap: an endless
 * recursion fills the heap with Lua stack, and is told as a stack overflow
 * rather than as a memory bomb (lessons nest a few dozen calls). */
#define SCRIPT_DEPTH_MAX	10000
/* Bytes of output one run may make: a printing loop stops here, long
 * before the memory cap (the longest lesson prints about 8 KiB). */
#define SCRIPT_OUTPUT_MAX	(4u << 20)
/* Instructions one allocation is charged (plus one per 64 bytes). */
#define SCRIPT_ALLOC_CHARGE	16
/* Instructions charged each time a bs function asks for the sim (lb_sim). */
#define SCRIPT_CALL_CHARGE	500
/* The most one charge adds (a count past any budget, far from overflow). */
#define SCRIPT_MAX_CHARGE	(1ULL << 40)
void script_hook_on(struct script *S);

/* ---- lua_guard.c ---- */
/* Replace print, pcall, xpcall, setmetatable and the coroutine functions
 * with the guarded ones; lock the string metatable. */
void lb_open_guards(lua_State *L);
/* luaL_tolstring, but a float that is not finite has one spelling on every
 * libc: "nan" (never "-nan"), "inf", "-inf". print, tostring, bs.inspect,
 * a chunk's results and error messages show numbers through it. */
const char *lb_tolstring(lua_State *L, int idx, size_t *len);
/* The same spelling for a number: NULL if @v is finite. */
const char *lb_nonfinite_text(double v);
/* Charge @instr instructions (or @n bytes of output) to the run; past the
 * budget (or the memory cap), or after Ctrl-C, raise the stop. */
int script_charge(lua_State *L, unsigned long long instr);
int script_charge_bytes(lua_State *L, size_t n);
/* Charge the engine work of the commands run since the last charge, and
 * @ops more page operations (a request stepped by hand); past the work
 * budget, or after Ctrl-C, raise the stop. Every bs function that runs the
 * engine calls it before it returns. */
int script_charge_work(lua_State *L, unsigned long long ops);
/* Raise the error for S->stop (the budget's names where it stopped). */
int script_raise_stop(lua_State *L);
/* Before a command: remember the globals, the require cache and the bs.on
 * handlers; after a failed one: put them back. No script code runs. */
void script_session_save(struct script *S);
void script_session_restore(struct script *S);

/* ---- lua_pattern.c ---- */
/* Replace string.find, match, gmatch and gsub (and the string methods) with
 * the step-counted matcher. */
void lb_open_patterns(lua_State *L);
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
/* The integer argument @idx, refused with "WHAT N out of range (LO..HI)"
 * (or "WHAT must be an integer") unless LO <= N <= HI. lb_opt_int: @def when
 * the argument is absent or nil. Every integer a bs function takes goes
 * through these, so no value is cut to fit a C type unseen. */
/* luaL_checkstring that raises on a NUL byte in the string (C would read
 * only what comes before it: "DMA32\0junk" would pass for "DMA32"). */
const char *lb_check_text(lua_State *L, int idx);
lua_Integer lb_check_int(lua_State *L, int idx, lua_Integer lo, lua_Integer hi, const char *what);
lua_Integer lb_opt_int(lua_State *L, int idx, lua_Integer def, lua_Integer lo, lua_Integer hi,
		       const char *what);
/* Return @nres results from a C function of bs after the bs.on handlers
 * have seen the events it caused (they may yield: lua_callk). */
int lb_done(lua_State *L, int nres);
/* Register the bs module (commands, typed API) in the state's globals. */
void lb_open_bs(lua_State *L);
/* ---- lua_event.c ---- */
/* Deliver new trace events to bs.on handlers (called by the prelude). */
int lb_events(lua_State *L);
/* raw.event_name(name): the key bs.on files a handler under, or nil, message */
int lb_event_name(lua_State *L);
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
 * `machine` command, so never keep it across calls that run commands).
 * Each call is charged SCRIPT_CALL_CHARGE instructions. */
struct sim *lb_sim(lua_State *L);

#endif
