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
#include "lua_pattern.h"

#include <ctype.h>
#include <string.h>
#include <lualib.h>

void pat_charge(struct matcher *m)
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


/* Greedy: as many as match, then give back one at a time. */
static const char *greedy(struct matcher *m, const char *s, const char *p, const char *ep)
{
	ptrdiff_t n = 0;

	while (item_matches(m, s + n, p, ep)) {
		pat_step(m);
		n++;
	}
	for (; n >= 0; n--) {
		const char *r = pat_match(m, s + n, ep + 1);

		if (r)
			return r;
		pat_step(m);
	}
	return NULL;
}

/* Lazy: as few as will do, one more at a time. */
static const char *lazy(struct matcher *m, const char *s, const char *p, const char *ep)
{
	for (;;) {
		const char *r = pat_match(m, s, ep + 1);

		if (r)
			return r;
		if (!item_matches(m, s, p, ep))
			return NULL;
		pat_step(m);
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
	r = pat_match(m, s, p);
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
	r = pat_match(m, s, p);
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
		pat_step(m);
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
const char *pat_match(struct matcher *m, const char *s, const char *p)
{
	const char *r = NULL, *ep;

	if (++m->depth > PAT_MAXDEPTH)
		luaL_error(m->L, "pattern too complex");
	pat_step(m);
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
			r = pat_match(m, s + 1, ep + 1);
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
