/* app/lua_pattern.c - string.find, match, gmatch and gsub with a step count.
 *
 * Lua's own matcher runs in C, where neither the instruction budget nor
 * Ctrl-C reaches it: ("a"):rep(40):find(("a*"):rep(20) .. "b") backtracks
 * for hours. These four functions take its place in the sandbox. They match
 * the patterns of the Lua 5.4 manual (§6.4.1: classes, sets, the four
 * quantifiers, anchors, captures and position captures, %1-%9, %b, %f) with
 * the same results and error messages, by plain backtracking, and charge
 * every step (an entry into the matcher, a character tried by a quantifier,
 * a character scanned by %b) to the script as one instruction: past the
 * budget, or after Ctrl-C, the script stops as from any loop.
 *
 * Why replace rather than bound: capping pattern and subject sizes would
 * refuse ordinary lesson code long before it refused every slow pattern
 * (the cost grows as the subject's length to the power of the number of
 * quantifiers); a step count refuses exactly the work that is too much.
 * tests/fuzz/fuzz_pattern.c checks the results against Lua's own functions.
 */
#define _GNU_SOURCE		/* memmem */
#include "lua_priv.h"

#include <ctype.h>
#include <string.h>
#include <lualib.h>

#define PAT_MAXCAPTURES	32	/* LUA_MAXCAPTURES */
#define PAT_MAXDEPTH	200	/* recursion, as Lua's MAXCCALLS for matchdepth */
#define PAT_CHARGE	4096	/* steps between two charges to the script */
#define PAT_LONE_STEPS	1000000UL	/* with no script (tests): steps allowed per call */
#define CAP_OPEN	(-1)	/* capture not closed yet */
#define CAP_POSITION	(-2)	/* () */

struct matcher {
	lua_State	*L;
	const char	*src, *src_end;		/* the subject */
	const char	*pat_end;		/* the pattern ends here */
	int		depth;			/* recursive calls in progress */
	int		ncap;
	unsigned long	steps;			/* not yet charged */
	unsigned long	lone;			/* steps so far, with no script */
	struct {
		const char	*at;
		ptrdiff_t	len;		/* or CAP_OPEN, CAP_POSITION */
	} cap[PAT_MAXCAPTURES];
};

static void charge(struct matcher *m)
{
	struct script *S = script_of(m->L);

	if (S) {
		script_charge(m->L, m->steps);
	} else {
		m->lone += m->steps;
		if (m->lone > PAT_LONE_STEPS)
			luaL_error(m->L, "pattern too complex (more than %d steps)", (int)PAT_LONE_STEPS);
	}
	m->steps = 0;
}

static inline void step(struct matcher *m)
{
	if (++m->steps >= PAT_CHARGE)
		charge(m);
}

/* ---- one pattern item ---- */

/* Does @c belong to class letter @cl (a, d, s, ... ; upper case: not)? */
static bool in_class(int c, int cl)
{
	bool r;

	switch (tolower(cl)) {
	case 'a': r = isalpha(c); break;
	case 'c': r = iscntrl(c); break;
	case 'd': r = isdigit(c); break;
	case 'g': r = isgraph(c); break;
	case 'l': r = islower(c); break;
	case 'p': r = ispunct(c); break;
	case 's': r = isspace(c); break;
	case 'u': r = isupper(c); break;
	case 'w': r = isalnum(c); break;
	case 'x': r = isxdigit(c); break;
	case 'z': r = c == 0; break;	/* NUL: deprecated in the manual, still matched */
	default: return cl == c;	/* %. %% %] ...: the character itself */
	}
	return isupper(cl) ? !r : r;
}

/* Is @c in the set [..] from @p (its '[') to @close (its ']')? */
static bool in_set(int c, const char *p, const char *close)
{
	bool want = true;

	p++;
	if (*p == '^') {
		want = false;
		p++;
	}
	for (; p < close; p++) {
		if (*p == '%' && p + 1 < close) {
			p++;
			if (in_class(c, (unsigned char)*p))
				return want;
		} else if (p + 2 < close && p[1] == '-') {
			if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2])
				return want;
			p += 2;
		} else if ((unsigned char)*p == c) {
			return want;
		}
	}
	return !want;
}

/* Where the single item at @p ends: after "x", "%x" or "[...]". */
static const char *item_end(struct matcher *m, const char *p)
{
	char c = *p++;

	if (c == '%') {
		if (p >= m->pat_end)
			luaL_error(m->L, "malformed pattern (ends with '%%')");
		return p + 1;
	}
	if (c != '[')
		return p;
	if (p < m->pat_end && *p == '^')
		p++;
	/* the first character of a set is never its end: "[]]" is the set of ']' */
	for (;;) {
		if (p >= m->pat_end)
			luaL_error(m->L, "malformed pattern (missing ']')");
		c = *p++;
		if (c == '%' && p < m->pat_end)
			p++;
		if (p < m->pat_end && *p == ']')
			return p + 1;
	}
}

/* Does the subject character at @s match the item @p..@ep? */
static bool item_matches(const struct matcher *m, const char *s, const char *p, const char *ep)
{
	int c;

	if (s >= m->src_end)
		return false;
	c = (unsigned char)*s;
	switch (*p) {
	case '.':
		return true;
	case '%':
		return in_class(c, (unsigned char)p[1]);
	case '[':
		return in_set(c, p, ep - 1);
	default:
		return (unsigned char)*p == c;
	}
}

/* ---- matching ---- */

static const char *match(struct matcher *m, const char *s, const char *p);

/* Greedy: as many as match, then give back one at a time. */
static const char *greedy(struct matcher *m, const char *s, const char *p, const char *ep)
{
	ptrdiff_t n = 0;

	while (item_matches(m, s + n, p, ep)) {
		step(m);
		n++;
	}
	for (; n >= 0; n--) {
		const char *r = match(m, s + n, ep + 1);

		if (r)
			return r;
		step(m);
	}
	return NULL;
}

/* Lazy: as few as will do, one more at a time. */
static const char *lazy(struct matcher *m, const char *s, const char *p, const char *ep)
{
	for (;;) {
		const char *r = match(m, s, ep + 1);

		if (r)
			return r;
		if (!item_matches(m, s, p, ep))
			return NULL;
		step(m);
		s++;
	}
}

static const char *open_capture(struct matcher *m, const char *s, const char *p, ptrdiff_t what)
{
	const char *r;

	if (m->ncap >= PAT_MAXCAPTURES)
		luaL_error(m->L, "too many captures");
	m->cap[m->ncap].at = s;
	m->cap[m->ncap].len = what;
	m->ncap++;
	r = match(m, s, p);
	if (!r)
		m->ncap--;
	return r;
}

static const char *close_capture(struct matcher *m, const char *s, const char *p)
{
	const char *r;
	int i;

	for (i = m->ncap - 1; i >= 0 && m->cap[i].len != CAP_OPEN; i--)
		;
	if (i < 0)
		luaL_error(m->L, "invalid pattern capture");
	m->cap[i].len = s - m->cap[i].at;
	r = match(m, s, p);
	if (!r)
		m->cap[i].len = CAP_OPEN;
	return r;
}

/* %b xy: from an x at @s to its balancing y. */
static const char *balance(struct matcher *m, const char *s, const char *p)
{
	int open = 1;

	if (p + 1 >= m->pat_end)
		luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
	if (s >= m->src_end || *s != p[0])
		return NULL;
	while (++s < m->src_end) {
		step(m);
		if (*s == p[1]) {
			if (--open == 0)
				return s + 1;
		} else if (*s == p[0]) {
			open++;
		}
	}
	return NULL;
}

/* %1..%9: the text of an earlier capture, again. */
static const char *backref(struct matcher *m, const char *s, int digit)
{
	int i = digit - '1';
	size_t len;

	if (i < 0 || i >= m->ncap || m->cap[i].len == CAP_OPEN)
		luaL_error(m->L, "invalid capture index %%%d", i + 1);
	if (m->cap[i].len < 0)
		return NULL;	/* a position capture has no text */
	len = (size_t)m->cap[i].len;
	if ((size_t)(m->src_end - s) >= len && !memcmp(m->cap[i].at, s, len))
		return s + len;
	return NULL;
}

/* Match the pattern from @p at subject position @s: the end of the match, or NULL. */
static const char *match(struct matcher *m, const char *s, const char *p)
{
	const char *r = NULL, *ep;

	if (++m->depth > PAT_MAXDEPTH)
		luaL_error(m->L, "pattern too complex");
	step(m);
	for (;;) {
		if (p >= m->pat_end) {
			r = s;
			break;
		}
		if (*p == '(') {
			if (p + 1 < m->pat_end && p[1] == ')')
				r = open_capture(m, s, p + 2, CAP_POSITION);
			else
				r = open_capture(m, s, p + 1, CAP_OPEN);
			break;
		}
		if (*p == ')') {
			r = close_capture(m, s, p + 1);
			break;
		}
		if (*p == '$' && p + 1 == m->pat_end) {
			r = s == m->src_end ? s : NULL;
			break;
		}
		if (*p == '%' && p + 1 < m->pat_end) {
			if (p[1] == 'b') {
				s = balance(m, s, p + 2);
				if (!s)
					break;
				p += 4;
				continue;
			}
			if (p[1] == 'f') {
				int before, here;

				p += 2;
				if (p >= m->pat_end || *p != '[')
					luaL_error(m->L, "missing '[' after '%%f' in pattern");
				ep = item_end(m, p);
				before = s == m->src ? '\0' : (unsigned char)s[-1];
				here = s < m->src_end ? (unsigned char)*s : '\0';
				if (in_set(before, p, ep - 1) || !in_set(here, p, ep - 1))
					break;
				p = ep;
				continue;
			}
			if (isdigit((unsigned char)p[1])) {
				s = backref(m, s, (unsigned char)p[1]);
				if (!s)
					break;
				p += 2;
				continue;
			}
		}
		ep = item_end(m, p);
		if (!item_matches(m, s, p, ep)) {
			if (ep < m->pat_end && (*ep == '*' || *ep == '?' || *ep == '-')) {
				p = ep + 1;	/* zero of them will do */
				continue;
			}
			break;
		}
		if (ep < m->pat_end && *ep == '?') {
			r = match(m, s + 1, ep + 1);
			if (r)
				break;
			p = ep + 1;
			continue;
		}
		if (ep < m->pat_end && *ep == '+') {
			r = greedy(m, s + 1, p, ep);
			break;
		}
		if (ep < m->pat_end && *ep == '*') {
			r = greedy(m, s, p, ep);
			break;
		}
		if (ep < m->pat_end && *ep == '-') {
			r = lazy(m, s, p, ep);
			break;
		}
		s++;
		p = ep;
	}
	m->depth--;
	return r;
}

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
		e = match(&m, s1, p);
		if (e) {
			if (!find)
				return push_captures(&m, s1, e);
			lua_pushinteger(L, (s1 - s) + 1);
			lua_pushinteger(L, e - s);
			return push_captures(&m, NULL, NULL) + 2;
		}
	} while (s1++ < m.src_end && !anchor);
	charge(&m);
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
		e = match(&m, src, p);
		if (e && (e - s) != g->last) {
			g->next = (size_t)(e - s);
			g->last = e - s;
			return push_captures(&m, src, e);
		}
	}
	g->next = ls + 1;
	charge(&m);
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
		step(m);
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
				luaL_tolstring(m->L, -1, NULL);
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
		e = match(&m, src, p);
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
	charge(&m);
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
