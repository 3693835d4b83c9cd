/* app/lua_bind.c - the bs module: one C closure per row of the command
 * table (as linit.c loops over its libraries), bs.cmd("line") and
 * bs.inspect. The event stream for bs.on is in lua_event.c, the `lua` and
 * `source` commands in lua_run.c.
 *
 * bs.NAME{arg=value, ...} reads the row's argument spec by name (or by
 * position: bs.free{0x1000, 0}), parses each value with the same code the
 * command line uses (cmd_parse_arg), checks the required ones
 * (cmd_args_check) and runs the handler (cmd_exec). It returns the text the
 * command printed, or raises a Lua error with the command's one-line message.
 * bs.NAME "text" is the same as bs.cmd("NAME text"). Where the typed API
 * has a function of the same name (bs.alloc, bs.machine), the command stays
 * reachable as bs.cmd.NAME.
 */
#include "lua_priv.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"
#include "buddyscope/trace.h"
#include "commands.h"

struct sim *lb_sim(lua_State *L)
{
	struct script *S = script_of(L);

	/* every bs function that reads or runs the engine comes here: its C
	 * work (a walk over the zones, a /proc file made and parsed) is
	 * charged, so a loop of such calls cannot hide under the budget */
	S->instr += SCRIPT_CALL_CHARGE;
	return S->ctx->sim;
}

/* Raise a Lua error located at the first frame of the user's code (not the
 * prelude's wrappers, not C). */
static int lb_raise(lua_State *L, const char *msg)
{
	lua_Debug ar;

	for (int level = 1; lua_getstack(L, level, &ar); level++) {
		lua_getinfo(L, "Sl", &ar);
		if (ar.currentline > 0 && strcmp(ar.source, "=prelude")) {
			lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline, msg);
			return lua_error(L);
		}
	}
	lua_pushstring(L, msg);
	return lua_error(L);
}

int lb_error(lua_State *L, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return luaL_error(L, "%s", buf);
}

const char *lb_check_text(lua_State *L, int idx)
{
	size_t len;
	const char *s = luaL_checklstring(L, idx, &len);

	if (strlen(s) != len)
		luaL_argerror(L, idx, "a NUL byte in the string");
	return s;
}

lua_Integer lb_check_int(lua_State *L, int idx, lua_Integer lo, lua_Integer hi, const char *what)
{
	int isint;
	lua_Integer v = lua_tointegerx(L, idx, &isint);

	if (!isint)
		return lb_error(L, "%s must be an integer, not %s", what,
				lua_type(L, idx) == LUA_TNUMBER ? "a fraction or a huge number" :
				luaL_typename(L, idx));
	if (v < lo || v > hi)
		return lb_error(L, "%s %lld out of range (%lld..%lld)", what, (long long)v,
				(long long)lo, (long long)hi);
	return v;
}

lua_Integer lb_opt_int(lua_State *L, int idx, lua_Integer def, lua_Integer lo, lua_Integer hi,
		       const char *what)
{
	return lua_isnoneornil(L, idx) ? def : lb_check_int(L, idx, lo, hi, what);
}

/* ---- events reach bs.on handlers after every call that changes the sim ---- */

static int done_k(lua_State *L, int status, lua_KContext nres)
{
	(void)L;
	(void)status;
	return (int)nres;
}

int lb_done(lua_State *L, int nres)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, "bs.pump") != LUA_TFUNCTION) {
		lua_pop(L, 1);
		return nres;
	}
	lua_callk(L, 0, 0, nres, done_k);
	return nres;
}

/* raw.keep(name, value): registry["bs." .. name] = value, for the prelude */
static int lb_keep(lua_State *L)
{
	luaL_checkstring(L, 1);
	lua_settop(L, 2);
	lua_pushfstring(L, "bs.%s", lua_tostring(L, 1));
	lua_insert(L, 2);
	lua_settable(L, LUA_REGISTRYINDEX);
	return 0;
}

static int lb_set_pump(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TFUNCTION);
	lua_settop(L, 1);
	lua_setfield(L, LUA_REGISTRYINDEX, "bs.pump");
	return 0;
}

/* ---- command closures ---- */

/* The text of a Lua value for cmd_parse_arg(). */
static const char *arg_text(lua_State *L, int idx, enum arg_type type, char *buf, size_t len)
{
	idx = lua_absindex(L, idx);	/* fields are pushed below */
	switch (lua_type(L, idx)) {
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			snprintf(buf, len, "%s%lld", type == ARG_REPEAT ? "x" : "",
				 (long long)lua_tointeger(L, idx));
		else if (lb_nonfinite_text((double)lua_tonumber(L, idx)))
			snprintf(buf, len, "%s", lb_nonfinite_text((double)lua_tonumber(L, idx)));
		else
			snprintf(buf, len, "%.17g", lua_tonumber(L, idx));
		return buf;
	case LUA_TSTRING:
		return lua_tostring(L, idx);
	case LUA_TBOOLEAN:
		return lua_toboolean(L, idx) ? "on" : "off";
	case LUA_TTABLE:	/* a zone or task table from the typed API */
		if (lua_getfield(L, idx, "zid") == LUA_TNUMBER) {
			int zid = (int)lua_tointeger(L, -1);

			lua_getfield(L, idx, "nid");
			snprintf(buf, len, "%d:%s", (int)lua_tointeger(L, -1),
				 zid >= 0 && zid < MAX_NR_ZONES ? zone_names[zid] : "?");
			lua_pop(L, 2);
			return buf;
		}
		lua_pop(L, 1);
		if (lua_getfield(L, idx, "pid") == LUA_TNUMBER) {
			snprintf(buf, len, "%lld", (long long)lua_tointeger(L, -1));
			lua_pop(L, 1);
			return buf;
		}
		lua_pop(L, 1);
		return NULL;
	default:
		return NULL;
	}
}

static void names_of(enum cmd_id id, struct strbuf *sb)
{
	const struct cmd_spec *spec = cmd_spec(id);

	for (int i = 0; i < spec->nargs; i++)
		sb_printf(sb, "%s%s", i ? ", " : "", spec->args[i].name);
	if (!spec->nargs)
		sb_puts(sb, "none");
}

/* Parse the fields of the table at @t into @args. Return: 0, or -1 with
 * ctx->err (or a message pushed by arg_error). */
static int table_args(lua_State *L, int t, enum cmd_id id, struct cmd_args *args)
{
	struct cmd_ctx *ctx = script_of(L)->ctx;
	const struct cmd_spec *spec = cmd_spec(id);
	char buf[64];

	cmd_args_init(id, args);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		int i = -1;

		if (lua_type(L, -2) == LUA_TSTRING) {
			const char *k = lua_tostring(L, -2);

			for (int j = 0; j < spec->nargs; j++)
				if (!strcmp(spec->args[j].name, k))
					i = j;
		} else if (lua_isinteger(L, -2)) {
			lua_Integer k = lua_tointeger(L, -2);

			if (k >= 1 && k <= spec->nargs)
				i = (int)k - 1;
		}
		if (i < 0) {
			struct strbuf sb = STRBUF_INIT;
			const char *name;

			/* __tostring may raise: before anything is allocated */
			lua_pushvalue(L, -2);
			name = lb_tolstring(L, -1, NULL);	/* both stay until the pop below */
			names_of(id, &sb);
			cmd_error(ctx, "bs.%s: no argument '%s' (arguments: %s)", cmd_table[id].name,
				  name, sb_str(&sb));
			sb_release(&sb);
			lua_pop(L, 4);
			return -1;
		}
		const char *text = arg_text(L, -1, spec->args[i].type, buf, sizeof(buf));
		size_t tlen = 0;

		if (lua_type(L, -1) == LUA_TSTRING && (lua_tolstring(L, -1, &tlen), strlen(text) != tlen)) {
			cmd_error(ctx, "bs.%s: argument '%s' has a NUL byte", cmd_table[id].name,
				  spec->args[i].name);
			lua_pop(L, 2);
			return -1;
		}
		if (!text) {
			cmd_error(ctx, "bs.%s: argument '%s' cannot be a %s", cmd_table[id].name,
				  spec->args[i].name, luaL_typename(L, -1));
			lua_pop(L, 2);
			return -1;
		}
		if (cmd_parse_arg(ctx, id, spec->args[i].name, text, args)) {
			lua_pop(L, 2);
			return -1;
		}
		lua_pop(L, 1);
	}
	return cmd_args_check(ctx, id, args);
}

/* Run @id (or the line @line when id < 0); push its output. */
static int run_command(lua_State *L, int id, const char *line)
{
	struct script *S = script_of(L);
	struct cmd_ctx *ctx = S->ctx;
	struct strbuf out = STRBUF_INIT;
	struct cmd_args *args = NULL;
	int rc;

	script_charge_work(L, 0);	/* Ctrl-C before it starts */
	if (id < 0) {
		rc = cmd_exec_line(ctx, line, &out);
	} else {
		/* a userdata, not malloc: table_args may raise a Lua error and
		 * longjmp past us, and the collector frees it then */
		args = lua_newuserdatauv(L, sizeof(*args), 0);
		rc = table_args(L, 1, (enum cmd_id)id, args);
		if (!rc)
			rc = cmd_exec(ctx, (enum cmd_id)id, args, &out);
		lua_pop(L, 1);
	}
	if (rc) {
		char msg[CMD_ERR_MAX];

		sb_release(&out);
		snprintf(msg, sizeof(msg), "%s", ctx->err);
		script_charge_work(L, 0);	/* a stop wins over the command's error */
		return lb_raise(L, msg);
	}
	lua_pushlstring(L, sb_str(&out), out.len);
	script_of(L)->instr += out.len;	/* making the text was work too */
	sb_release(&out);
	script_charge_work(L, 0);	/* may raise: nothing of ours is left to free */
	return lb_done(L, 1);
}

/* The command line at @idx: a string with no NUL byte in it (C would see
 * the line end there and run what comes before it). */
static const char *check_line(lua_State *L, int idx, const char *what)
{
	size_t len;
	const char *line;

	if (lua_type(L, idx) != LUA_TSTRING) {	/* a number is no command: bs.cmd(0/0) */
		lua_pushfstring(L, "%s: expected a command line (a string), got %s%s", what,
				lua_isnone(L, idx) ? "" : "a ",
				lua_isnone(L, idx) ? "nothing" : luaL_typename(L, idx));
		lb_raise(L, lua_tostring(L, -1));
	}
	line = lua_tolstring(L, idx, &len);

	if (strlen(line) != len) {
		lua_pushfstring(L, "%s: the command has a NUL byte", what);
		lb_raise(L, lua_tostring(L, -1));
	}
	return line;
}

static int lb_command(lua_State *L)
{
	int id = (int)lua_tointeger(L, lua_upvalueindex(1));

	if (lua_type(L, 1) == LUA_TSTRING) {	/* bs.show "buddyinfo" */
		lua_pushfstring(L, "bs.%s", cmd_table[id].name);
		check_line(L, 1, lua_tostring(L, -1));
		lua_pushfstring(L, "%s %s", cmd_table[id].name, lua_tostring(L, 1));
		return run_command(L, -1, lua_tostring(L, -1));
	}
	if (lua_isnoneornil(L, 1)) {
		lua_settop(L, 0);
		lua_newtable(L);
	}
	if (!lua_istable(L, 1)) {
		struct strbuf sb = STRBUF_INIT;

		names_of((enum cmd_id)id, &sb);
		lua_pushfstring(L, "bs.%s: expected a table of arguments (%s) or a string, got a %s",
				cmd_table[id].name, sb_str(&sb), luaL_typename(L, 1));
		sb_release(&sb);
		return lb_raise(L, lua_tostring(L, -1));
	}
	return run_command(L, id, NULL);
}

static int lb_cmdline(lua_State *L)
{
	return run_command(L, -1, check_line(L, 1, "bs.cmdline"));
}

/* bs.cmd("line"): the __call of the bs.cmd table */
static int lb_cmdcall(lua_State *L)
{
	return run_command(L, -1, check_line(L, 2, "bs.cmd"));
}

/* ---- bs.inspect: a value as text (tables with sorted keys: pairs() order
 * changes from run to run, Lua seeds its string hash) ---- */

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The keys of the table at @t that are not in its array part 1..@n, as sort
 * keys (strings as they are, integers "\x01%020lld", others "\x02" and their
 * tostring) in a new table on top: sort key -> key. Everything lives on the
 * Lua stack, so an error from a __tostring leaks nothing. Return: how many. */
static size_t sort_keys(lua_State *L, int t, lua_Integer n)
{
	size_t nk = 0;

	lua_newtable(L);
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1 && lua_tointeger(L, -1) <= n)
			continue;
		if (lua_type(L, -1) == LUA_TSTRING) {
			lua_pushvalue(L, -1);
		} else if (lua_isinteger(L, -1)) {
			char b[32];

			snprintf(b, sizeof(b), "\x01%020lld", (long long)lua_tointeger(L, -1));
			lua_pushstring(L, b);
		} else {
			lua_pushliteral(L, "\x02");
			lb_tolstring(L, -2, NULL);
			lua_concat(L, 2);
		}
		lua_pushvalue(L, -2);
		lua_rawset(L, -4);
		nk++;
	}
	return nk;
}

void lb_repr(lua_State *L, int idx, struct strbuf *out, int depth, bool top)
{
	idx = lua_absindex(L, idx);
	switch (lua_type(L, idx)) {
	case LUA_TSTRING:
		script_charge_bytes(L, lua_rawlen(L, idx) + 2);
		if (top)
			sb_puts(out, lua_tostring(L, idx));
		else
			sb_printf(out, "\"%s\"", lua_tostring(L, idx));
		return;
	case LUA_TNUMBER:
		if (lua_isinteger(L, idx))
			sb_printf(out, "%lld", (long long)lua_tointeger(L, idx));
		else if (lb_nonfinite_text((double)lua_tonumber(L, idx)))
			sb_puts(out, lb_nonfinite_text((double)lua_tonumber(L, idx)));
		else
			sb_printf(out, "%.14g", lua_tonumber(L, idx));
		return;
	case LUA_TTABLE:
		break;
	default:
		lb_tolstring(L, idx, NULL);
		script_charge_bytes(L, lua_rawlen(L, -1));
		sb_puts(out, lua_tostring(L, -1));
		lua_pop(L, 1);
		return;
	}
	script_charge_bytes(L, 64);	/* braces, keys, commas: a bound */
	if (depth >= 3) {
		sb_puts(out, "{...}");
		return;
	}
	luaL_checkstack(L, 8, "inspect: tables nested too deep");
	lua_Integer n = (lua_Integer)lua_rawlen(L, idx), shown = 0;
	size_t nk = 0;
	const char **keys;
	int map;

	sb_putc(out, '{');
	for (lua_Integer i = 1; i <= n && shown < 64; i++, shown++) {
		if (i > 1)
			sb_puts(out, ", ");
		lua_rawgeti(L, idx, i);
		lb_repr(L, -1, out, depth + 1, false);
		lua_pop(L, 1);
	}
	nk = sort_keys(L, idx, n);
	map = lua_gettop(L);
	keys = lua_newuserdatauv(L, (nk ? nk : 1) * sizeof(*keys), 0);
	nk = 0;
	lua_pushnil(L);
	while (lua_next(L, map)) {
		lua_pop(L, 1);
		keys[nk++] = lua_tostring(L, -1);	/* anchored as a key of map */
	}
	if (nk)
		qsort(keys, nk, sizeof(*keys), key_cmp);
	for (size_t i = 0; i < nk && shown < 64; i++, shown++) {
		if (shown || n)
			sb_puts(out, ", ");
		script_charge_bytes(L, strlen(keys[i]) + 8);
		if (keys[i][0] == '\x01') {
			sb_printf(out, "[%lld] = ", strtoll(keys[i] + 1, NULL, 10));
		} else if (keys[i][0] == '\x02') {
			sb_printf(out, "[%s] = ?", keys[i] + 1);
			continue;
		} else {
			sb_printf(out, "%s = ", keys[i]);
		}
		lua_getfield(L, map, keys[i]);
		lua_rawget(L, idx);
		lb_repr(L, -1, out, depth + 1, false);
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
	if (shown >= 64)
		sb_puts(out, ", ...");
	sb_putc(out, '}');
}

static int lb_inspect(lua_State *L)
{
	struct strbuf sb = STRBUF_INIT;

	luaL_checkany(L, 1);
	lb_repr(L, 1, &sb, 0, false);
	lua_pushlstring(L, sb_str(&sb), sb.len);
	sb_release(&sb);
	return 1;
}

/* ---- the module ---- */

void lb_setint(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

void lb_setstr(lua_State *L, const char *k, const char *v)
{
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

void lb_setbool(lua_State *L, const char *k, int v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

/* With `raw` on top: raw.bs, raw.cmd, raw.request, raw.event_name. */
void lb_open_bs(lua_State *L)
{
	int raw = lua_gettop(L), bs;

	lua_newtable(L);
	bs = lua_gettop(L);
	lua_createtable(L, 0, NR_CMDS);
	for (int i = 0; i < NR_CMDS; i++) {
		/* two closures, so that tracebacks name each by its table */
		lua_pushinteger(L, i);
		lua_pushcclosure(L, lb_command, 1);
		lua_setfield(L, -2, cmd_table[i].name);		/* raw.cmd.NAME */
		lua_pushinteger(L, i);
		lua_pushcclosure(L, lb_command, 1);
		lua_setfield(L, bs, cmd_table[i].name);		/* bs.NAME */
	}
	lua_setfield(L, raw, "cmd");
	lua_pushcfunction(L, lb_cmdline);
	lua_setfield(L, bs, "cmdline");
	lua_pushcfunction(L, lb_inspect);
	lua_setfield(L, bs, "inspect");
	lb_open_api(L, bs);		/* may replace bs.machine */
	lb_open_request(L, bs);		/* replaces bs.alloc */
	lua_getfield(L, LUA_REGISTRYINDEX, "bs.request.methods");
	lua_setfield(L, raw, "request");
	lua_setfield(L, raw, "bs");
	lua_pushcfunction(L, lb_event_name);
	lua_setfield(L, raw, "event_name");
	lua_pushcfunction(L, lb_set_pump);
	lua_setfield(L, raw, "set_pump");
	lua_pushcfunction(L, lb_keep);
	lua_setfield(L, raw, "keep");
	lua_pushcfunction(L, lb_cmdcall);
	lua_setfield(L, raw, "cmdcall");
}

