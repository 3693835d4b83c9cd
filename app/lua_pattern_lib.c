/* app/lua_pattern_lib.c - string.find, match, gmatch and gsub for the
 * sandbox, on the step-counting matcher of lua_pattern.c (which says why
 * they replace Lua's own): the captures as Lua values, the arguments as
 * Lua's string library reads them, and the same results and errors.
 */
#define _GNU_SOURCE		/* memmem */
#include "lua_priv.h"
#include "lua_pattern.h"

#include <ctype.h>
#include <string.h>
#include <lualib.h>

/* ---- captures as Lua values ---- */

static void push_capture(struct matcher *m, int i, const char *s, const char *e)
{
	if (i >= m->ncap) {
		if (i != 0)
			luaL_error(m->L, "invalid capture index %%%d", i + 1);
		lua_pushlstring(m->L, s, (size_t)(e - s));	/* no captures: the match */
		return;
	}
	if (m->cap[i].len == CAP_OPEN)
		luaL_error(m->L, "unfinished capture");
	if (m->cap[i].len == CAP_POSITION)
		lua_pushinteger(m->L, (m->cap[i].at - m->src) + 1);
	else
		lua_pushlstring(m->L, m->cap[i].at, (size_t)m->cap[i].len);
}

/* Push the captures (or the whole match @s..@e when there are none and @s
 * is given). Return: how many. */
static int push_captures(struct matcher *m, const char *s, const char *e)
{
	int n = m->ncap == 0 && s ? 1 : m->ncap;

	luaL_checkstack(m->L, n, "too many captures");
	for (int i = 0; i < n; i++)
		push_capture(m, i, s, e);
	return n;
}

static void matcher_init(struct matcher *m, lua_State *L, const char *s, size_t ls,
			 const char *p, size_t lp)
{
	m->L = L;
	m->src = s;
	m->src_end = s + ls;
	m->pat_end = p + lp;
	m->depth = 0;
	m->ncap = 0;
	m->steps = 0;
	m->lone = 0;
}

/* Lua 5.4's posrelatI: a 1-based start from a possibly negative one. */
static size_t start_of(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 1;
	return len + (size_t)pos + 1;
}

static bool has_specials(const char *p, size_t lp)
{
	for (size_t i = 0; i < lp; i++)
		if (strchr("^$*+?.([%-", p[i]) && p[i])
			return true;
	return false;
}

/* ---- the four functions ---- */

static int find_or_match(lua_State *L, bool find)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = start_of(luaL_optinteger(L, 3, 1), ls) - 1;
	struct matcher m;
	const char *s1;
	bool anchor;

	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
		const char *at = lp == 0 ? s + init : memmem(s + init, ls - init, p, lp);

		if (!at) {
			luaL_pushfail(L);
			return 1;
		}
		lua_pushinteger(L, (at - s) + 1);
		lua_pushinteger(L, (lua_Integer)((at - s) + (ptrdiff_t)lp));
		return 2;
	}
	anchor = lp > 0 && *p == '^';
	if (anchor) {
		p++;
		lp--;
	}
	matcher_init(&m, L, s, ls, p, lp);
	s1 = s + init;
	do {
		const char *e;

		m.ncap = 0;
		m.depth = 0;
		e = pat_match(&m, s1, p);
		if (e) {
			if (!find)
				return push_captures(&m, s1, e);
			lua_pushinteger(L, (s1 - s) + 1);
			lua_pushinteger(L, e - s);
			return push_captures(&m, NULL, NULL) + 2;
		}
	} while (s1++ < m.src_end && !anchor);
	pat_charge(&m);
	luaL_pushfail(L);
	return 1;
}

static int lp_find(lua_State *L)
{
	return find_or_match(L, true);
}

static int lp_match(lua_State *L)
{
	return find_or_match(L, false);
}

/* gmatch's state: where the next search starts and where the last match
 * ended (offsets into the subject, which the iterator keeps alive). */
struct gmatch_state {
	size_t		next;
	ptrdiff_t	last;		/* -1: no match yet */
};

static int gmatch_next(lua_State *L)
{
	size_t ls, lp;
	const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
	const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
	struct gmatch_state *g = lua_touserdata(L, lua_upvalueindex(3));
	struct matcher m;

	if (g->next > ls)
		return 0;
	matcher_init(&m, L, s, ls, p, lp);
	for (const char *src = s + g->next; src <= m.src_end; src++) {
		const char *e;

		m.ncap = 0;
		m.depth = 0;
		e = pat_match(&m, src, p);
		if (e && (e - s) != g->last) {
			g->next = (size_t)(e - s);
			g->last = e - s;
			return push_captures(&m, src, e);
		}
	}
	g->next = ls + 1;
	pat_charge(&m);
	return 0;
}

static int lp_gmatch(lua_State *L)
{
	size_t ls;
	lua_Integer init;
	struct gmatch_state *g;

	luaL_checklstring(L, 1, &ls);
	luaL_checkstring(L, 2);
	init = luaL_optinteger(L, 3, 1);
	lua_settop(L, 2);
	g = lua_newuserdatauv(L, sizeof(*g), 0);
	g->next = start_of(init, ls) - 1;
	if (g->next > ls)
		g->next = ls + 1;	/* nothing left to find */
	g->last = -1;
	lua_pushcclosure(L, gmatch_next, 3);
	return 1;
}

/* Append the replacement string @r with %0..%9 and %% for the match @s..@e. */
static void add_string(struct matcher *m, luaL_Buffer *b, const char *s, const char *e, int ri)
{
	size_t lr;
	const char *r = lua_tolstring(m->L, ri, &lr), *end = r + lr;

	for (; r < end; r++) {
		pat_step(m);
		if (*r != '%') {
			luaL_addchar(b, *r);
			continue;
		}
		r++;
		if (r < end && *r == '%') {
			luaL_addchar(b, '%');
		} else if (r < end && isdigit((unsigned char)*r)) {
			if (*r == '0') {
				luaL_addlstring(b, s, (size_t)(e - s));
			} else {
				push_capture(m, *r - '1', s, e);
				lb_tolstring(m->L, -1, NULL);
				lua_remove(m->L, -2);
				luaL_addvalue(b);
			}
		} else {
			luaL_error(m->L, "invalid use of '%c' in replacement string", '%');
		}
	}
}

/* Append what the match @s..@e becomes: repl (at index 3) applied. */
static void add_value(struct matcher *m, luaL_Buffer *b, const char *s, const char *e, int type)
{
	lua_State *L = m->L;

	if (type == LUA_TFUNCTION) {
		int n;

		lua_pushvalue(L, 3);
		n = push_captures(m, s, e);
		lua_call(L, n, 1);
	} else if (type == LUA_TTABLE) {
		push_capture(m, 0, s, e);
		lua_gettable(L, 3);
	} else {
		add_string(m, b, s, e, 3);
		return;
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));	/* false or nil: keep the match */
	} else if (!lua_isstring(L, -1)) {
		luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
	} else {
		luaL_addvalue(b);
	}
}

static int lp_gsub(lua_State *L)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	const char *src = s, *last = NULL;
	int type = lua_type(L, 3);
	lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1), n = 0;
	struct matcher m;
	luaL_Buffer b;
	bool anchor;

	luaL_argexpected(L, type == LUA_TNUMBER || type == LUA_TSTRING || type == LUA_TFUNCTION ||
			 type == LUA_TTABLE, 3, "string/function/table");
	anchor = lp > 0 && *p == '^';
	if (anchor) {
		p++;
		lp--;
	}
	luaL_buffinit(L, &b);
	matcher_init(&m, L, s, ls, p, lp);
	while (n < max) {
		const char *e;

		m.ncap = 0;
		m.depth = 0;
		e = pat_match(&m, src, p);
		if (e && e != last) {
			n++;
			add_value(&m, &b, src, e, type);
			src = last = e;
		} else if (src < m.src_end) {
			luaL_addchar(&b, *src++);
		} else {
			break;
		}
		if (anchor)
			break;
	}
	pat_charge(&m);
	luaL_addlstring(&b, src, (size_t)(m.src_end - src));
	luaL_pushresult(&b);
	lua_pushinteger(L, n);
	return 2;
}

void lb_open_patterns(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{ "find", lp_find }, { "match", lp_match }, { "gmatch", lp_gmatch },
		{ "gsub", lp_gsub }, { NULL, NULL },
	};

	lua_getglobal(L, LUA_STRLIBNAME);
	luaL_setfuncs(L, fns, 0);
	lua_pop(L, 1);
}
