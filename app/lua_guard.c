/* app/lua_guard.c - what keeps a hostile script inside its budgets and its
 * own state (lua_sandbox.c has the state, the hook and the allocator).
 *
 * The budgets hold because every way to run code or make bytes is charged:
 *   - VM instructions: the count hook (lua_sandbox.c). A coroutine starts its
 *     own hook count, so each one is charged a whole hook period when it is
 *     made: a tree of short coroutines cannot run below the hook's radar.
 *   - pattern matching runs in C (lua_pattern.c): each step is charged.
 *   - print(), the value a `lua` command shows and what say(), expect(),
 *     predict() and watch() print outside a lesson: their bytes count
 *     against the output budget (SCRIPT_OUTPUT_MAX) and against the memory
 *     cap, as the Lua heap does. The text a command returns (bs.cmd, bs.*)
 *     is output only once printed or shown: until then it is a string on
 *     the Lua heap (the memory cap) whose making was charged as
 *     instructions, so a script may read the state as often as it likes.
 * A stop (budget, memory, Ctrl-C) cannot be swallowed: pcall, xpcall,
 * coroutine.resume, coroutine.close re-raise it, and an xpcall message
 * handler never runs for it (the hook raised the error, so the handler would
 * run with hooks off, where an endless loop could never be stopped).
 *
 * And no script code runs after its command ended: setmetatable refuses
 * __gc (a finalizer runs whenever the collector gets to it, possibly after
 * a failed command was rolled back), the string metatable is locked. A
 * failed command puts the session back as it found it: the globals, the
 * require cache and the bs.on handlers (script_session_save/restore).
 */
#include "lua_priv.h"

#include <math.h>
#include <string.h>
#include <lualib.h>
#include "commands.h"

/* ---- stops ---- */

/* "chunk:line: " of the innermost Lua function of @L, in @buf ("" if none) */
static const char *where(lua_State *L, char *buf, size_t size)
{
	lua_Debug here;

	buf[0] = '\0';
	for (int level = 0; lua_getstack(L, level, &here); level++)
		if (lua_getinfo(L, "Sl", &here) && here.currentline > 0) {
			snprintf(buf, size, "%s:%d: ", here.short_src, here.currentline);
			break;
		}
	return buf;
}

int script_raise_stop(lua_State *L)
{
	struct script *S = script_of(L);
	lua_Debug deep;
	char msg[200];

	/* a recursion that ran out of budget before it filled the heap */
	if (S->stop == STOP_BUDGET && lua_getstack(L, SCRIPT_DEPTH_MAX, &deep))
		S->stop = STOP_STACK;

	switch (S->stop) {
	case STOP_INTERRUPT:
		lua_pushliteral(L, "script interrupted (Ctrl-C)");
		break;
	case STOP_MEMORY:
		lua_pushfstring(L, "script stopped: it needed more than the %d MiB a script may use "
				"(a memory bomb?)", (int)(S->mem_limit >> 20));
		break;
	case STOP_OUTPUT:
		lua_pushfstring(L, "script stopped: it made more than the %d MiB of output a script "
				"may make (printing in an endless loop?)", (int)(SCRIPT_OUTPUT_MAX >> 20));
		break;
	case STOP_STACK:
		lua_pushfstring(L, "%sscript stopped: stack overflow: its calls nested more than %d "
				"deep (a function that calls itself without end?)",
				where(L, msg, sizeof(msg)), SCRIPT_DEPTH_MAX);
		break;
	case STOP_WORK:
		lua_pushfstring(L, "script stopped: its commands did more than the %d million page "
				"operations of engine work a script may start (an endless loop of "
				"commands?)", (int)(S->work_budget / 1000000));
		break;
	default:
		lua_pushfstring(L, "%sscript stopped: it ran %I million Lua instructions without "
				"finishing (an endless loop?)", where(L, msg, sizeof(msg)),
				(lua_Integer)(S->budget / 1000000));
		break;
	}
	return lua_error(L);
}

int script_charge(lua_State *L, unsigned long long instr)
{
	struct script *S = script_of(L);

	S->instr += instr;
	S->work += cmd_work - S->work_mark;	/* commands run from anywhere */
	S->work_mark = cmd_work;
	if (S->interrupt)
		S->stop = STOP_INTERRUPT;
	else if (S->instr > S->budget)
		S->stop = STOP_BUDGET;
	else if (S->work > S->work_budget)
		S->stop = STOP_WORK;
	if (S->stop != STOP_NONE)
		return script_raise_stop(L);
	return 0;
}

int script_charge_work(lua_State *L, unsigned long long ops)
{
	script_of(L)->work += ops < SCRIPT_MAX_CHARGE ? ops : SCRIPT_MAX_CHARGE;
	return script_charge(L, 0);
}

int script_charge_bytes(lua_State *L, size_t n)
{
	struct script *S = script_of(L);

	S->out_bytes += n < SCRIPT_MAX_CHARGE ? n : SCRIPT_MAX_CHARGE;
	if (S->out_bytes > SCRIPT_OUTPUT_MAX) {
		S->stop = STOP_OUTPUT;
		return script_raise_stop(L);
	}
	if (S->mem_used + S->out_bytes > S->mem_limit) {
		S->stop = STOP_MEMORY;
		return script_raise_stop(L);
	}
	return 0;
}

/* ---- pcall and xpcall may not swallow a stop ---- */

static int finishpcall(lua_State *L, int status, lua_KContext extra)
{
	struct script *S = script_of(L);

	if (status == LUA_ERRMEM)
		S->stop = STOP_MEMORY;
	if (S->stop != STOP_NONE)
		return lua_error(L);
	if (status != LUA_OK && status != LUA_YIELD) {
		lua_pushboolean(L, 0);
		lua_pushvalue(L, -2);
		return 2;
	}
	return lua_gettop(L) - (int)extra;
}

static int lb_pcall(lua_State *L)
{
	int status;

	luaL_checkany(L, 1);
	lua_pushboolean(L, 1);
	lua_insert(L, 1);
	status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finishpcall);
	return finishpcall(L, status, 0);
}

/* The user's message handler, called only for errors that are not stops. */
static int guarded_handler(lua_State *L)
{
	if (script_of(L)->stop != STOP_NONE)
		return 1;		/* the stop's message, as it is */
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

static int lb_xpcall(lua_State *L)
{
	int n = lua_gettop(L), status;

	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, guarded_handler, 1);
	lua_replace(L, 2);
	lua_pushboolean(L, 1);
	lua_pushvalue(L, 1);
	lua_rotate(L, 3, 2);
	status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finishpcall);
	return finishpcall(L, status, 2);
}

/* ---- coroutines: charged when made, stops re-raised ---- */

/* Call the original (upvalue 1) with every argument; return all results. */
static int call_original(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

static int lb_co_create(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	script_charge(L, SCRIPT_HOOK_EVERY);
	return call_original(L);
}

static int lb_co_resume(lua_State *L)
{
	luaL_argexpected(L, lua_type(L, 1) == LUA_TTHREAD, 1, "coroutine");
	int n = call_original(L);

	if (script_of(L)->stop != STOP_NONE)
		return script_raise_stop(L);
	return n;
}

/* The function coroutine.wrap made (upvalue 1), called: a stop comes out
 * as the stop, not with a position prepended at every level of wrapping. */
static int wrapped_call(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	if (lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0) != LUA_OK) {
		if (script_of(L)->stop != STOP_NONE)
			return script_raise_stop(L);
		return lua_error(L);
	}
	return lua_gettop(L);
}

static int lb_co_wrap(lua_State *L)
{
	lb_co_create(L);
	lua_pushcclosure(L, wrapped_call, 1);
	return 1;
}

/* Replace field @name of the table on top with @fn, the original its upvalue. */
static void wrap_field(lua_State *L, const char *name, lua_CFunction fn)
{
	lua_getfield(L, -1, name);
	lua_pushcclosure(L, fn, 1);
	lua_setfield(L, -2, name);
}

/* ---- print: to the state's sink, its bytes charged ---- */

const char *lb_nonfinite_text(double v)
{
	if (isnan(v))
		return "nan";
	if (isinf(v))
		return v < 0 ? "-inf" : "inf";
	return NULL;
}

const char *lb_tolstring(lua_State *L, int idx, size_t *len)
{
	if (lua_type(L, idx) == LUA_TNUMBER && !lua_isinteger(L, idx)) {
		const char *t = lb_nonfinite_text((double)lua_tonumber(L, idx));

		if (t) {
			lua_pushstring(L, t);
			return lua_tolstring(L, -1, len);
		}
	}
	return luaL_tolstring(L, idx, len);
}

/* tostring: Lua's, with lb_tolstring's spelling of nan and inf */
static int lb_tostring_fn(lua_State *L)
{
	luaL_checkany(L, 1);
	lb_tolstring(L, 1, NULL);
	return 1;
}

static int lb_print(lua_State *L)
{
	struct script *S = script_of(L);
	int n = lua_gettop(L);

	for (int i = 1; i <= n; i++) {
		size_t len;
		const char *s = lb_tolstring(L, i, &len);

		script_charge_bytes(L, len + 1);
		if (i > 1)
			sb_putc(S->out, '\t');
		sb_add(S->out, s, len);
		lua_pop(L, 1);
	}
	script_charge_bytes(L, 1);
	sb_putc(S->out, '\n');
	return 0;
}

/* ---- library loops that run in C, outside the count hook ---- */

/*
 * A few library functions loop in C as often as their arguments say, with
 * no VM instruction the hook could count and no byte the memory cap could
 * see: string.rep of an empty string (math.maxinteger copies of nothing),
 * table.move over a huge index range, table.insert and table.remove under
 * a __len that claims a huge length. Each is charged one instruction per
 * element it moves before it starts, so the budget stops it at once.
 */
static unsigned long long clamp_count(lua_Integer from, lua_Integer to)
{
	unsigned long long n = (unsigned long long)to - (unsigned long long)from;

	return to < from ? 0 : n > SCRIPT_MAX_CHARGE ? SCRIPT_MAX_CHARGE : n;
}

static int lb_str_rep(lua_State *L)
{
	size_t len, seplen;

	luaL_checklstring(L, 1, &len);
	luaL_checkinteger(L, 2);
	luaL_optlstring(L, 3, "", &seplen);
	if (len + seplen == 0) {	/* any number of copies of nothing */
		lua_pushliteral(L, "");
		return 1;
	}
	return call_original(L);	/* the result's bytes meet the memory cap */
}

static int lb_tab_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3);

	if (e >= f)
		script_charge(L, clamp_count(f, e) + 1);
	return call_original(L);
}

/* table.insert(list, [pos,] value), charged for the elements it shifts */
static int lb_tab_insert(lua_State *L)
{
	int nargs = lua_gettop(L);
	lua_Integer n, pos;

	luaL_checktype(L, 1, LUA_TTABLE);
	if (nargs != 2 && nargs != 3)
		return luaL_error(L, "wrong number of arguments to 'insert'");
	n = luaL_len(L, 1);
	if (n == LUA_MAXINTEGER)
		return luaL_error(L, "table.insert: the list is full");
	pos = n + 1;
	if (nargs == 3) {
		pos = luaL_checkinteger(L, 2);
		luaL_argcheck(L, pos >= 1 && pos <= n + 1, 2, "position out of bounds");
		script_charge(L, clamp_count(pos, n + 1));
		for (lua_Integer i = n; i >= pos; i--) {	/* t[i + 1] = t[i] */
			lua_geti(L, 1, i);
			lua_seti(L, 1, i + 1);
		}
	}
	lua_pushvalue(L, nargs);
	lua_seti(L, 1, pos);
	return 0;
}

/* table.remove(list [, pos]), charged for the elements it shifts */
static int lb_tab_remove(lua_State *L)
{
	lua_Integer n, pos;

	luaL_checktype(L, 1, LUA_TTABLE);
	n = luaL_len(L, 1);
	pos = luaL_optinteger(L, 2, n);
	if (pos != n)
		luaL_argcheck(L, pos >= 1 && (pos <= n || pos - 1 == n), 2,
			      "position out of bounds");
	script_charge(L, clamp_count(pos, n));
	lua_geti(L, 1, pos);			/* what it returns */
	for (lua_Integer i = pos; i < n; i++) {	/* t[i] = t[i + 1] */
		lua_geti(L, 1, i + 1);
		lua_seti(L, 1, i);
	}
	lua_pushnil(L);
	lua_seti(L, 1, pos < n ? n : pos);
	return 1;
}

static void open_loop_guards(lua_State *L)
{
	lua_getglobal(L, LUA_STRLIBNAME);
	wrap_field(L, "rep", lb_str_rep);
	lua_pop(L, 1);
	lua_getglobal(L, LUA_TABLIBNAME);
	wrap_field(L, "move", lb_tab_move);
	lua_pushcfunction(L, lb_tab_insert);
	lua_setfield(L, -2, "insert");
	lua_pushcfunction(L, lb_tab_remove);
	lua_setfield(L, -2, "remove");
	lua_pop(L, 1);
}

/* ---- setmetatable: no finalizers ---- */

/* setmetatable(t, mt) as the manual says it works, but refusing a __gc */
static int lb_setmetatable(lua_State *L)
{
	int t = lua_type(L, 2);

	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
	lua_settop(L, 2);
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return luaL_error(L, "cannot change a protected metatable");
	lua_pushliteral(L, "__gc");
	if (t == LUA_TTABLE && lua_rawget(L, 2) != LUA_TNIL)
		return luaL_error(L, "setmetatable: __gc finalizers cannot be used in scripts "
				  "(they run whenever the collector gets to them, even after the "
				  "command ended)");
	lua_settop(L, 2);
	lua_setmetatable(L, 1);
	return 1;
}

void lb_open_guards(lua_State *L)
{
	static const luaL_Reg base[] = {
		{ "print", lb_print }, { "pcall", lb_pcall }, { "xpcall", lb_xpcall },
		{ "tostring", lb_tostring_fn }, { NULL, NULL },
	};

	lua_pushglobaltable(L);
	luaL_setfuncs(L, base, 0);
	lua_pushcfunction(L, lb_setmetatable);
	lua_setfield(L, -2, "setmetatable");
	lua_getfield(L, -1, LUA_COLIBNAME);
	wrap_field(L, "create", lb_co_create);
	wrap_field(L, "wrap", lb_co_wrap);
	wrap_field(L, "resume", lb_co_resume);
	wrap_field(L, "close", lb_co_resume);
	lua_pop(L, 2);
	open_loop_guards(L);
	/* getmetatable("") gives this text, not the table every string shares */
	lua_pushliteral(L, "");
	if (lua_getmetatable(L, -1)) {
		lua_pushliteral(L, "the string metatable is locked");
		lua_setfield(L, -2, "__metatable");
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* ---- the session before a command, for a failed one ---- */

#define SESSION_KEY	"bs.session"

/* Push a shallow copy of the table at @idx (raw: no metamethods). */
static void shallow_copy(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	lua_newtable(L);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -4);
	}
}

/* Make the table at @dst hold exactly the fields of the table at @src. */
static void shallow_restore(lua_State *L, int dst, int src)
{
	dst = lua_absindex(L, dst);
	src = lua_absindex(L, src);
	lua_pushnil(L);
	while (lua_next(L, dst)) {
		lua_pop(L, 1);
		lua_pushvalue(L, -1);
		if (lua_rawget(L, src) == LUA_TNIL) {
			lua_pushvalue(L, -2);
			lua_pushnil(L);
			lua_rawset(L, dst);	/* clearing a field while traversing is allowed */
		}
		lua_pop(L, 1);
	}
	lua_pushnil(L);
	while (lua_next(L, src)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, dst);
	}
}

static int save(lua_State *L)
{
	lua_createtable(L, 3, 0);
	lua_pushglobaltable(L);
	shallow_copy(L, -1);
	lua_rawseti(L, -3, 1);
	lua_pop(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "bs.loaded");
	shallow_copy(L, -1);
	lua_rawseti(L, -3, 2);
	lua_pop(L, 1);
	if (lua_getfield(L, LUA_REGISTRYINDEX, "bs.handlers.get") == LUA_TFUNCTION)
		lua_call(L, 0, 1);
	lua_rawseti(L, -2, 3);
	lua_setfield(L, LUA_REGISTRYINDEX, SESSION_KEY);
	return 0;
}

static int restore(lua_State *L)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, SESSION_KEY) != LUA_TTABLE)
		return 0;
	lua_pushglobaltable(L);
	lua_rawgeti(L, 1, 1);
	shallow_restore(L, -2, -1);
	lua_settop(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "bs.loaded");
	lua_rawgeti(L, 1, 2);
	shallow_restore(L, -2, -1);
	lua_settop(L, 1);
	if (lua_getfield(L, LUA_REGISTRYINDEX, "bs.handlers.set") == LUA_TFUNCTION) {
		lua_rawgeti(L, 1, 3);
		lua_call(L, 1, 0);
	}
	return 0;
}

/* Run our own @fn with the hook off and no memory cap: it is bounded, and
 * it must work even when the script was stopped for its budget or memory. */
static void run_trusted(struct script *S, lua_CFunction fn)
{
	lua_State *L = S->L;
	size_t limit = S->mem_limit;

	lua_sethook(L, NULL, 0, 0);
	S->mem_limit = (size_t)-1;
	lua_pushcfunction(L, fn);
	if (lua_pcall(L, 0, 0, 0) != LUA_OK)
		lua_pop(L, 1);
	S->mem_limit = limit;
	script_hook_on(S);
}

#define FAILED_OUTPUT_KEPT	4096	/* bytes of a failed run's output shown */

void script_session_save(struct script *S)
{
	S->out_mark = S->out->len;
	run_trusted(S, save);
}

/* A failed run keeps the start of what it printed (enough to debug it), not
 * the megabytes of a runaway print loop. */
static void cut_output(struct script *S)
{
	struct strbuf *out = S->out;
	size_t cut = S->out_mark + FAILED_OUTPUT_KEPT;

	if (out->len <= cut + 64 || !out->buf)
		return;
	{
		size_t dropped = out->len - cut;

		out->len = cut;
		out->buf[cut] = '\0';
		sb_printf(out, "\n[%zu more bytes of output not shown]\n", dropped);
	}
}

void script_session_restore(struct script *S)
{
	cut_output(S);
	run_trusted(S, restore);
}
