/* app/lua_sandbox.c - one sandboxed Lua 5.4 state (after Redis script_lua.c
 * and lua.c): the allowed libraries, a capped allocator, an instruction
 * budget, Ctrl-C, the traceback handler, and the prelude that locks the
 * globals, makes bs read-only and delivers events to bs.on handlers.
 */
#include "lua_priv.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <lualib.h>
#include "buddyscope/sim.h"
#include "commands.h"

/* ---- the allocator: a cap on the Lua heap (Redis caps its scripts too) ---- */

static void *lb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct script *S = ud;
	size_t old = ptr ? osize : 0;
	void *p;

	if (nsize == 0) {
		free(ptr);
		S->mem_used -= old;
		return NULL;
	}
	if (nsize > old && S->mem_used - old + nsize > S->mem_limit)
		return NULL;	/* Lua collects, tries again, then raises LUA_ERRMEM */
	p = realloc(ptr, nsize);
	if (p)
		S->mem_used = S->mem_used - old + nsize;
	/* building values is work the count hook does not see (a bs function
	 * fills a table of 100 fields in C from one call): each allocation is
	 * charged as instructions, which the next hook call compares */
	if (p && nsize > old)
		S->instr += SCRIPT_ALLOC_CHARGE + (nsize - old) / 64;
	return p;
}

/* ---- runaway code: instruction budget and Ctrl-C ---- */

static void lb_hook(lua_State *L, lua_Debug *ar)
{
	struct script *S = script_of(L);
	lua_Debug deep;

	(void)ar;
	/* the walk costs up to SCRIPT_DEPTH_MAX steps, so only a heap past half
	 * the cap pays it: a recursion gets there long before the cap */
	if (S->mem_used > S->mem_limit / 2 && lua_getstack(L, SCRIPT_DEPTH_MAX, &deep)) {
		S->stop = STOP_STACK;
		script_raise_stop(L);
	}
	script_charge(L, SCRIPT_HOOK_EVERY);
}

void script_hook_on(struct script *S)
{
	lua_sethook(S->L, lb_hook, LUA_MASKCOUNT, SCRIPT_HOOK_EVERY);
}

static struct script *volatile running;
static struct sigaction old_sigint;

static void on_sigint(int sig)
{
	(void)sig;
	if (running)
		running->interrupt = 1;	/* the count hook raises the error */
	cmd_interrupted = 1;		/* and long commands stop early */
}

void script_run_begin(struct script *S)
{
	if (S->depth++ == 0) {
		struct sigaction sa;

		S->instr = 0;
		S->work = 0;
		S->work_mark = cmd_work;
		S->out_bytes = 0;
		S->stop = STOP_NONE;
		S->interrupt = 0;
		running = S;
		/* collectgarbage("stop") in an earlier run does not carry over */
		lua_gc(S->L, LUA_GCRESTART);
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_sigint;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, &old_sigint);
	}
}

bool script_busy(void)
{
	return running != NULL;
}

const char *script_running_dir(void)
{
	return running ? running->dir : NULL;
}

void script_set_file(struct script *S, const char *path)
{
	char *slash;

	S->dir[0] = '\0';
	if (!path || !realpath(path, S->dir)) {
		S->dir[0] = '\0';
		return;
	}
	slash = strrchr(S->dir, '/');
	if (slash == S->dir)
		slash[1] = '\0';	/* a file in / */
	else if (slash)
		*slash = '\0';
}

void script_run_end(struct script *S)
{
	if (--S->depth == 0) {
		sigaction(SIGINT, &old_sigint, NULL);
		running = NULL;
		if (S->stop != STOP_NONE)
			lua_gc(S->L, LUA_GCCOLLECT);	/* drop what a bomb left */
		S->stop = STOP_NONE;
		S->interrupt = 0;
	}
}

/* ---- errors (lua.c: msghandler, docall) ---- */

/*
 * An error raised by the prelude's own functions (the guards of _G and bs)
 * may carry the prelude's position ("prelude:12: ..."); point it at the
 * user's code instead: the first frame of @T that is neither C nor the
 * prelude. Replaces the string on top.
 */
static void fix_where(lua_State *L, lua_State *T, int level)
{
	const char *msg = lua_tostring(L, -1), *p;
	lua_Debug ar;

	if (!msg || strncmp(msg, "prelude:", 8))
		return;
	p = msg + 8 + strspn(msg + 8, "0123456789");
	if (p[0] != ':' || p[1] != ' ')
		return;
	for (; lua_getstack(T, level, &ar); level++) {
		lua_getinfo(T, "Sl", &ar);
		if (ar.currentline > 0 && strcmp(ar.source, "=prelude")) {
			lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline, p + 2);
			lua_remove(L, -2);
			return;
		}
	}
	lua_pushstring(L, p + 2);
	lua_remove(L, -2);
}

static int msghandler(lua_State *L)
{
	const char *msg;

	lua_settop(L, 1);
	if (lua_type(L, 1) == LUA_TSTRING)
		fix_where(L, L, 1);
	else if (lua_type(L, 1) == LUA_TNUMBER)	/* error(0/0): "nan", not libc's "-nan" */
		lb_tolstring(L, 1, NULL);
	msg = lua_tostring(L, -1);

	if (msg == NULL) {
		if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
			return 1;
		msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}

int script_pcall(struct script *S, int nargs, int nres)
{
	lua_State *L = S->L;
	int base = lua_gettop(L) - nargs, status;

	lua_pushcfunction(L, msghandler);
	lua_insert(L, base);
	status = lua_pcall(L, nargs, nres, base);
	lua_remove(L, base);
	return status;
}

/*
 * Is the first line of @msg Lua's own "stack overflow" or "C stack overflow"
 * (after a "chunk:line: " position)? Return the position's length, or -1.
 */
static int stack_overflow_at(const char *msg)
{
	size_t n = strcspn(msg, "\n");
	static const char *const tails[] = { "C stack overflow", "stack overflow" };

	for (int i = 0; i < 2; i++) {
		size_t t = strlen(tails[i]);

		if (n >= t && !strncmp(msg + n - t, tails[i], t) &&
		    (n == t || !strncmp(msg + n - t - 2, ": ", 2)))
			return (int)(n - t);
	}
	return -1;
}

void script_error_text(struct script *S, lua_State *co, int status, struct strbuf *out)
{
	lua_State *L = S->L;
	const char *msg = lua_tostring(L, -1);
	int at = msg && S->stop == STOP_NONE ? stack_overflow_at(msg) : -1;

	if (S->stop == STOP_STACK) {
		sb_puts(out, msg ? msg : "script stopped: stack overflow");
		if (strchr(sb_str(out), '\n'))		/* its traceback: no news */
			out->buf[out->len = (size_t)(strchr(out->buf, '\n') - out->buf)] = '\0';
	} else if (at >= 0) {
		/* the C stack (a C function such as string.gsub calling back into
		 * Lua, or the parser) or Lua's own stack limit: one line, as the
		 * heap-filling recursion above, not 20 lines of the same frame */
		sb_printf(out, "%.*sstack overflow: calls nested deeper than Lua allows (a function "
			  "that calls itself without end?)", at, msg);
	} else if (S->stop == STOP_MEMORY || status == LUA_ERRMEM) {
		sb_printf(out, "script stopped: it needed more than the %lu MiB a script may use "
			  "(a memory bomb?)", (unsigned long)(S->mem_limit >> 20));
	} else if (S->stop == STOP_OUTPUT) {
		sb_printf(out, "script stopped: it made more than the %u MiB of output a script may "
			  "make (printing in an endless loop?)", SCRIPT_OUTPUT_MAX >> 20);
	} else if (co) {
		/* a dead coroutine keeps its stack: trace it as msghandler would */
		if (lua_type(L, -1) == LUA_TNUMBER) {
			lb_tolstring(L, -1, NULL);
			lua_remove(L, -2);
			msg = lua_tostring(L, -1);
		}
		if (msg) {
			fix_where(L, co, 0);
			msg = lua_tostring(L, -1);
		}
		luaL_traceback(L, co, msg ? msg : "(error object is not a string)", 0);
		sb_puts(out, lua_tostring(L, -1));
		lua_pop(L, 1);
	} else {
		sb_puts(out, msg ? msg : "(error object is not a string)");
	}
	lua_pop(L, 1);
}

/* ---- replaced base functions ---- */

/* math.random and math.randomseed: the sim's PRNG, so runs repeat exactly */
static int lb_random(lua_State *L)
{
	struct sim *sim = lb_sim(L);
	lua_Integer lo, hi;

	switch (lua_gettop(L)) {
	case 0:
		lua_pushnumber(L, (lua_Number)(sim_random(sim) >> 11) * 0x1.0p-53);
		return 1;
	case 1:
		lo = 1;
		hi = luaL_checkinteger(L, 1);
		if (hi == 0) {
			lua_pushinteger(L, (lua_Integer)sim_random(sim));
			return 1;
		}
		break;
	case 2:
		lo = luaL_checkinteger(L, 1);
		hi = luaL_checkinteger(L, 2);
		break;
	default:
		return luaL_error(L, "wrong number of arguments");
	}
	luaL_argcheck(L, lo <= hi, lua_gettop(L), "interval is empty");
	lua_pushinteger(L, (lua_Integer)((uint64_t)lo +
				       sim_random_below(sim, (uint64_t)hi - (uint64_t)lo + 1)));
	return 1;
}

static int lb_randomseed(lua_State *L)
{
	struct script *S = script_of(L);
	lua_Integer n = luaL_checkinteger(L, 1);

	sim_seed_set(lb_sim(L), (uint64_t)n);
	S->ctx->seed = (uint64_t)n;
	return 0;
}

/* require "NAME": scripts/NAME.lua from the data directory, run once */
static int lb_require(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	char path[PATH_MAX];
	int status;

	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-'))
			return luaL_error(L, "require: bad module name '%s' (letters, digits, _ and - "
					  "only; modules are files in scripts/)", name);
	lua_getfield(L, LUA_REGISTRYINDEX, "bs.loaded");
	lua_getfield(L, -1, name);
	if (!lua_isnil(L, -1))
		return 1;
	lua_pop(L, 1);
	snprintf(path, sizeof(path), "%s/scripts/%s.lua", script_datadir(), name);
	status = script_loadfile(L, path);
	if (status == LUA_ERRFILE)
		return luaL_error(L, "require: no module '%s' (looked for %s)", name, path);
	if (status != LUA_OK)
		return lua_error(L);
	lua_pushstring(L, name);
	lua_call(L, 1, 1);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_pushboolean(L, 1);
	}
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, name);
	return 1;
}

int script_loadfile(lua_State *L, const char *path)
{
	return luaL_loadfilex(L, path, "t");
}

static const luaL_Reg libs[] = {
	{ LUA_GNAME, luaopen_base },
	{ LUA_TABLIBNAME, luaopen_table },
	{ LUA_STRLIBNAME, luaopen_string },
	{ LUA_MATHLIBNAME, luaopen_math },
	{ LUA_UTF8LIBNAME, luaopen_utf8 },
	{ LUA_COLIBNAME, luaopen_coroutine },
	{ NULL, NULL },
};

static int setup(lua_State *L)
{
	for (const luaL_Reg *lib = libs; lib->func; lib++) {
		luaL_requiref(L, lib->name, lib->func, 1);
		lua_pop(L, 1);
	}
	lua_pushglobaltable(L);
	/* no file access, no bytecode */
	lua_pushnil(L);
	lua_setfield(L, -2, "dofile");
	lua_pushnil(L);
	lua_setfield(L, -2, "loadfile");
	lua_getfield(L, -1, "load");
	lua_setfield(L, LUA_REGISTRYINDEX, "bs.load");
	lua_getfield(L, -1, "string");
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	lua_pop(L, 1);
	lua_getfield(L, -1, "math");
	lua_pushcfunction(L, lb_random);
	lua_setfield(L, -2, "random");
	lua_pushcfunction(L, lb_randomseed);
	lua_setfield(L, -2, "randomseed");
	lua_pop(L, 1);
	lua_pushcfunction(L, lb_require);
	lua_setfield(L, -2, "require");
	lua_pop(L, 1);
	lb_open_guards(L);
	lb_open_patterns(L);
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "bs.loaded");
	return 0;
}

/* load() calls the original through the registry, not a global */
static int lb_load_entry(lua_State *L)
{
	int n = lua_gettop(L);

	lua_getfield(L, LUA_REGISTRYINDEX, "bs.load");
	lua_insert(L, 1);
	if (n < 3)
		lua_settop(L, 4);
	lua_pushliteral(L, "t");
	lua_replace(L, 4);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

struct script *script_create(struct cmd_ctx *ctx, struct lesson *lesson)
{
	struct script *S = calloc(1, sizeof(*S));
	lua_State *L;

	if (!S) {
		cmd_error(ctx, "out of memory");
		return NULL;
	}
	S->ctx = ctx;
	S->lesson = lesson;
	S->mem_limit = SCRIPT_MEM_LIMIT;
	S->budget = SCRIPT_INSTR_BUDGET;
	S->work_budget = SCRIPT_WORK_BUDGET;
	S->out = &S->outbuf;
	S->ev_cursor = trace_next_seq(ctx->sim);
	L = S->L = lua_newstate(lb_alloc, S);
	if (!L) {
		free(S);
		cmd_error(ctx, "out of memory");
		return NULL;
	}
	*(struct script **)lua_getextraspace(L) = S;
	script_hook_on(S);
	lua_pushcfunction(L, setup);
	if (script_pcall(S, 0, 0) != LUA_OK)
		goto fail;
	lua_pushglobaltable(L);
	lua_pushcfunction(L, lb_load_entry);
	lua_setfield(L, -2, "load");
	lua_pop(L, 1);
	/* the raw pieces the prelude assembles */
	if (luaL_loadbuffer(L, lb_prelude, lb_prelude_len, "=prelude") != LUA_OK)
		goto fail;
	lua_pushglobaltable(L);
	lua_newtable(L);		/* raw */
	lb_open_bs(L);			/* raw.bs, raw.cmd, raw.request, raw.event_name */
	lb_open_lesson(L);		/* raw.lesson */
	lua_pushcfunction(L, lb_events);
	lua_pushboolean(L, 0);
	lua_pushcclosure(L, lb_events, 1);	/* ev_skip: same, with upvalue false */
	lua_pushcfunction(L, lb_closest);
	lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
	if (script_pcall(S, 6, 0) != LUA_OK)
		goto fail;
	lua_gc(L, LUA_GCCOLLECT);
	return S;
fail:
	cmd_error(ctx, "lua: cannot set up the sandbox: %s", lua_tostring(L, -1));
	lua_close(L);
	free(S);
	return NULL;
}

void script_destroy(struct script *S)
{
	if (!S)
		return;
	lua_close(S->L);
	sb_release(&S->outbuf);
	free(S);
}

