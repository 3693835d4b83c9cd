/* tests/unit/narration.c - read the comparisons a narration states
 * (narration.h). Shared by the unit tests and tests/narration/check.c.
 */
#include "narration.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tok_kind { T_NUM, T_WORD, T_ADD, T_SUB, T_SHL, T_EQ, T_OP, T_DELIM, T_FOR };

struct tok {
	enum tok_kind	kind;
	char		text[32];	/* cut to fit; numbers are short */
	long		value;		/* T_NUM */
	size_t		at;		/* byte offset in the line */
};

#define MAX_TOKS	256

static bool is_delim(char c)
{
	return strchr("()[],;:", c) != NULL && c != '\0';
}

static bool parse_number(const char *s, long *v)
{
	char *end;

	if (!*s)
		return false;
	if (s[0] == '-' && !isdigit((unsigned char)s[1]))
		return false;
	if (!isdigit((unsigned char)s[s[0] == '-']))
		return false;
	*v = strtol(s, &end, 0);
	return *end == '\0';
}

static int tokenize_line(const char *line, struct tok *t, int max)
{
	int n = 0;
	const char *p = line;

	while (*p && n < max) {
		const char *start;
		size_t len;

		if (isspace((unsigned char)*p)) {
			p++;
			continue;
		}
		start = p;
		if (is_delim(*p))
			p++;
		else
			while (*p && !isspace((unsigned char)*p) && !is_delim(*p))
				p++;
		len = (size_t)(p - start);
		t[n].at = (size_t)(start - line);
		snprintf(t[n].text, sizeof(t[n].text), "%.*s", (int)len, start);
		if (len == 1 && is_delim(*start))
			t[n].kind = T_DELIM;
		else if (!strcmp(t[n].text, "+"))
			t[n].kind = T_ADD;
		else if (!strcmp(t[n].text, "-"))
			t[n].kind = T_SUB;
		else if (!strcmp(t[n].text, "<<"))
			t[n].kind = T_SHL;
		else if (!strcmp(t[n].text, "="))
			t[n].kind = T_EQ;
		else if (!strcmp(t[n].text, "<") || !strcmp(t[n].text, "<=") ||
			 !strcmp(t[n].text, ">") || !strcmp(t[n].text, ">=") ||
			 !strcmp(t[n].text, "==") || !strcmp(t[n].text, "!="))
			t[n].kind = T_OP;
		else if (!strcmp(t[n].text, "for"))
			t[n].kind = T_FOR;
		else if (len < sizeof(t[n].text) && parse_number(t[n].text, &t[n].value))
			t[n].kind = T_NUM;
		else
			t[n].kind = T_WORD;
		n++;
	}
	return n;
}

/* term := [NAME] NUM [for LABEL...]. Return: the index after it, or -1. */
static int parse_term(const struct tok *t, int i, int n, struct narr_side *s, long *v)
{
	const char *name = "";

	if (i < n && t[i].kind == T_WORD && i + 1 < n && t[i + 1].kind == T_NUM) {
		name = t[i].text;
		i++;
	}
	if (i >= n || t[i].kind != T_NUM)
		return -1;
	*v = t[i].value;
	if (s->nr_terms < NARR_MAX_TERMS) {
		snprintf(s->terms[s->nr_terms].name, sizeof(s->terms[0].name), "%s", name);
		s->terms[s->nr_terms].value = *v;
		s->nr_terms++;
	}
	i++;
	if (i < n && t[i].kind == T_FOR)	/* a label runs to the next operator */
		while (i < n && t[i].kind != T_ADD && t[i].kind != T_SUB && t[i].kind != T_EQ &&
		       t[i].kind != T_OP && t[i].kind != T_DELIM)
			i++;
	return i;
}

/* shift := term (<< term)* */
static int parse_shift(const struct tok *t, int i, int n, struct narr_side *s, long *v)
{
	long r;

	if ((i = parse_term(t, i, n, s, v)) < 0)
		return -1;
	while (i < n && t[i].kind == T_SHL) {
		int j = parse_term(t, i + 1, n, s, &r);

		if (j < 0 || r < 0 || r > 62)
			break;
		*v <<= r;
		i = j;
	}
	return i;
}

/* expr := shift ((+|-) shift | = NUM)*. Return: the index after it, or -1. */
static int parse_expr(const struct tok *t, int i, int n, struct narr_side *s)
{
	long v, r;

	memset(s, 0, sizeof(*s));
	s->stated_ok = true;
	if ((i = parse_shift(t, i, n, s, &v)) < 0)
		return -1;
	for (;;) {
		int j;

		if (i < n && (t[i].kind == T_ADD || t[i].kind == T_SUB) &&
		    (j = parse_shift(t, i + 1, n, s, &r)) >= 0) {
			v = t[i].kind == T_ADD ? v + r : v - r;
			i = j;
		} else if (i + 1 < n && t[i].kind == T_EQ && t[i + 1].kind == T_NUM) {
			if (t[i + 1].value != v)
				s->stated_ok = false;
			v = t[i + 1].value;
			i += 2;
		} else {
			break;
		}
	}
	s->value = v;
	return i;
}

static bool compare(long a, const char *op, long b)
{
	if (!strcmp(op, "<"))
		return a < b;
	if (!strcmp(op, "<="))
		return a <= b;
	if (!strcmp(op, ">"))
		return a > b;
	if (!strcmp(op, ">="))
		return a >= b;
	if (!strcmp(op, "=="))
		return a == b;
	return a != b;
}

int narration_comparisons(const char *line, struct narr_cmp *out, int max)
{
	struct tok t[MAX_TOKS];
	int n = tokenize_line(line, t, MAX_TOKS), found = 0, clause = 0;

	for (int k = 0; k < n; k++) {
		struct narr_cmp c;
		int s, end = -1;

		if (t[k].kind == T_DELIM) {
			clause = k + 1;
			continue;
		}
		if (t[k].kind != T_OP)
			continue;
		memset(&c, 0, sizeof(c));
		snprintf(c.op, sizeof(c.op), "%s", t[k].text);
		c.at = t[k].at;
		/* the left side: the longest run before the operator that is a whole expr */
		for (s = clause; s < k; s++)
			if (parse_expr(t, s, k, &c.lhs) == k)
				break;
		if (s < k)
			end = parse_expr(t, k + 1, n, &c.rhs);
		clause = k + 1;
		if (s >= k || end < 0)
			continue;	/* prose: a side without numbers */
		if (end + 1 < n && !strcmp(t[end].text, "is") && !strcmp(t[end + 1].text, "false"))
			c.negated = true;
		c.holds = compare(c.lhs.value, c.op, c.rhs.value) != c.negated &&
			  c.lhs.stated_ok && c.rhs.stated_ok;
		if (found < max)
			out[found] = c;
		found++;
	}
	return found;
}

long narr_term(const struct narr_side *side, const char *name, long dflt)
{
	for (int i = 0; i < side->nr_terms; i++)
		if (!strcmp(side->terms[i].name, name))
			return side->terms[i].value;
	return dflt;
}

int narration_check_text(const char *text, int *checked, char *why, size_t len)
{
	int bad = 0;
	char line[4096];

	*checked = 0;
	if (len)
		why[0] = '\0';
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		struct narr_cmp c[16];
		int k;

		snprintf(line, sizeof(line), "%.*s", (int)n, text);
		k = narration_comparisons(line, c, 16);
		*checked += k;
		for (int i = 0; i < k && i < 16; i++) {
			if (c[i].holds)
				continue;
			if (!bad++ && len)
				snprintf(why, len, "%ld %s %ld does not hold%s: %s", c[i].lhs.value,
					 c[i].op, c[i].rhs.value,
					 c[i].lhs.stated_ok && c[i].rhs.stated_ok ? "" :
					 " (a stated \"= N\" is wrong)", line);
		}
		text += n + (nl ? 1 : 0);
	}
	return bad;
}
