/* app/cmdparse.c - tokens, numbers, and the argument spec language
 * (described in commands.h): parsing specs, usage placeholders, and how many
 * words a value spans. Parsing arguments by a spec is in cmdargs.c.
 */
#include "commands.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "buddyscope/machine.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/sim.h"

/* ---- tokens ---- */

int tokenize(const char *line, struct tokens *t, bool lenient, char *err, size_t errlen)
{
	size_t len = strlen(line);
	char *w = t->buf;
	const char *p = line;

	t->n = 0;
	if (len > CMD_LINE_MAX) {
		if (!lenient) {
			snprintf(err, errlen, "line too long (%zu bytes; at most %d)", len, CMD_LINE_MAX);
			return -1;
		}
		len = CMD_LINE_MAX;
	}
	while ((size_t)(p - line) < len) {
		while ((size_t)(p - line) < len && isspace((unsigned char)*p))
			p++;
		if ((size_t)(p - line) >= len || *p == '#')
			break;
		if (t->n == CMD_MAX_TOKENS) {
			if (lenient)
				break;
			snprintf(err, errlen, "too many words on one line (at most %d)", CMD_MAX_TOKENS);
			return -1;
		}
		t->v[t->n++] = w;
		while ((size_t)(p - line) < len && !isspace((unsigned char)*p)) {
			if (*p == '"' || *p == '\'') {
				char q = *p++;
				while ((size_t)(p - line) < len && *p != q)
					*w++ = *p++;
				if ((size_t)(p - line) >= len) {
					if (lenient)
						break;
					snprintf(err, errlen, "unterminated %c quote", q);
					return -1;
				}
				p++;	/* closing quote */
			} else {
				*w++ = *p++;
			}
		}
		*w++ = '\0';
	}
	return 0;
}

/* ---- numbers ---- */

int parse_ulong(const char *s, unsigned long *out)
{
	int base = 10;
	const char *d = s;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		d = s + 2;
	}
	if (!*d || !(base == 16 ? isxdigit((unsigned char)*d) : isdigit((unsigned char)*d)))
		return -1;
	errno = 0;
	*out = strtoul(d, &end, base);
	if (*end)
		return -1;
	if (errno == ERANGE)
		return -2;
	return 0;
}

/* ---- the spec language ---- */

static const struct {
	const char	*name;
	enum arg_type	type;
	const char	*metavar;	/* NULL: the argument's name in capitals */
} arg_types[] = {
	{ "u",		ARG_U,		NULL },
	{ "gfp",	ARG_GFP,	"GFP" },
	{ "gfpmask",	ARG_GFP_MASK,	"GFP" },
	{ "pfn",	ARG_PFN,	"PFN" },
	{ "zone",	ARG_ZONE,	"ZONE" },
	{ "cpu",	ARG_CPU,	"CPU" },
	{ "xN",		ARG_REPEAT,	"xN" },
	{ "sysctl",	ARG_SYSCTL,	"vm.NAME" },
	{ "machine",	ARG_MACHINE,	"PRESET|file:PATH|zoneinfo:PATH|proc:DIR" },
	{ "cmd",	ARG_CMD,	"COMMAND" },
	{ "rest",	ARG_REST,	NULL },
	{ "task",	ARG_TASK,	"NAME|PID" },
	{ "word",	ARG_WORD,	NULL },
	{ "stage",	ARG_STAGE,	"STAGE|EVENT" },
};
#define NR_ARG_TYPES (sizeof(arg_types) / sizeof(arg_types[0]))

static int type_by_name(const char *s, size_t n)
{
	for (size_t i = 0; i < NR_ARG_TYPES; i++)
		if (strlen(arg_types[i].name) == n && !strncmp(arg_types[i].name, s, n))
			return (int)arg_types[i].type;
	return -1;
}

const char *arg_type_metavar(enum arg_type type)
{
	for (size_t i = 0; i < NR_ARG_TYPES; i++)
		if (arg_types[i].type == type)
			return arg_types[i].metavar;
	return NULL;
}

static int spec_choices(const char *s, size_t n, struct arg_spec *a, char *err, size_t errlen)
{
	const char *end = s + n;

	a->type = ARG_CHOICE;
	while (s < end) {
		const char *bar = memchr(s, '|', (size_t)(end - s));
		size_t len = bar ? (size_t)(bar - s) : (size_t)(end - s);
		const char *eq = memchr(s, '=', len);
		struct arg_choice *c = &a->choices[a->nchoices];
		int t;

		if (a->nchoices == CMD_MAX_CHOICES || len == 0 || len >= sizeof(c->word))
			goto bad;
		c->value = ARG_NONE;
		if (s[0] == '<' && s[len - 1] == '>') {
			if ((t = type_by_name(s + 1, len - 2)) < 0)
				goto bad;
			c->word[0] = '\0';
			c->value = (enum arg_type)t;
		} else if (eq) {
			if ((t = type_by_name(eq + 1, len - (size_t)(eq - s) - 1)) < 0)
				goto bad;
			memcpy(c->word, s, (size_t)(eq - s));
			c->word[eq - s] = '\0';
			c->value = (enum arg_type)t;
		} else {
			memcpy(c->word, s, len);
			c->word[len] = '\0';
		}
		a->nchoices++;
		s += len + (bar ? 1 : 0);
	}
	return 0;
bad:
	snprintf(err, errlen, "bad choice list in '%s' of the spec", a->name);
	return -1;
}

int spec_parse(const char *spec, struct cmd_spec *out, char *err, size_t errlen)
{
	const char *p = spec;

	memset(out, 0, sizeof(*out));
	for (;;) {
		struct arg_spec *a;
		const char *colon, *tend;
		size_t len;
		int t;

		while (*p == ' ')
			p++;
		if (!*p)
			return 0;
		if (out->nargs == CMD_MAX_ARGS) {
			snprintf(err, errlen, "more than %d arguments in spec", CMD_MAX_ARGS);
			return -1;
		}
		a = &out->args[out->nargs++];
		len = strcspn(p, " ");
		if (*p == '[') {
			if (len < 3 || p[len - 1] != ']')
				goto bad;
			a->optional = true;
			p++;
			len -= 2;
		}
		colon = memchr(p, ':', len);
		if (!colon && a->optional) {	/* [name=T]: a keyword argument */
			const char *eq = memchr(p, '=', len);

			if (!eq || eq == p || (size_t)(eq - p) >= sizeof(a->name) ||
			    (t = type_by_name(eq + 1, len - (size_t)(eq - p) - 1)) < 0 ||
			    t == ARG_REST)
				goto bad;
			memcpy(a->name, p, (size_t)(eq - p));
			a->type = (enum arg_type)t;
			a->keyword = true;
			p += len + 1;
			continue;
		}
		if (!colon || colon == p || (size_t)(colon - p) >= sizeof(a->name))
			goto bad;
		memcpy(a->name, p, (size_t)(colon - p));
		tend = p + len;
		colon++;
		if (memchr(colon, '|', (size_t)(tend - colon))) {
			if (spec_choices(colon, (size_t)(tend - colon), a, err, errlen))
				return -1;
		} else {
			const char *paren = memchr(colon, '(', (size_t)(tend - colon));
			size_t tlen = paren ? (size_t)(paren - colon) : (size_t)(tend - colon);

			if ((t = type_by_name(colon, tlen)) < 0)
				goto bad;
			a->type = (enum arg_type)t;
			if (paren) {
				if (a->type != ARG_U || sscanf(paren, "(%lu..%lu)", &a->lo, &a->hi) != 2)
					goto bad;
				a->ranged = true;
			}
		}
		if (a->type == ARG_REST && out->nargs == 0)
			goto bad;
		p += len + (a->optional ? 1 : 0);
	}
bad:
	snprintf(err, errlen, "bad item %d in spec '%s'", out->nargs, spec);
	return -1;
}

void arg_metavar(const struct arg_spec *a, struct strbuf *out)
{
	const char *m;

	if (a->optional)
		sb_putc(out, '[');
	if (a->keyword)
		sb_printf(out, "%s=", a->name);
	if (a->type == ARG_CHOICE) {
		for (int i = 0; i < a->nchoices; i++) {
			const struct arg_choice *c = &a->choices[i];

			if (i)
				sb_putc(out, '|');
			if (c->word[0])
				sb_puts(out, c->word);
			if (c->value != ARG_NONE) {
				if (c->word[0])
					sb_putc(out, ' ');
				m = arg_type_metavar(c->value);
				if (m) {
					sb_puts(out, m);
				} else {
					for (const char *s = a->name; *s; s++)
						sb_putc(out, (char)toupper((unsigned char)*s));
				}
			}
		}
	} else if ((m = arg_type_metavar(a->type))) {
		sb_puts(out, m);
	} else {
		for (const char *s = a->name; *s; s++)
			sb_putc(out, (char)toupper((unsigned char)*s));
		if (a->type == ARG_REST)
			sb_puts(out, "...");
	}
	if (a->optional)
		sb_putc(out, ']');
}

/* ---- values ---- */

static bool joins(const char *tok, bool at_end)
{
	size_t n = strlen(tok);

	if (at_end)
		return n && (tok[n - 1] == '|' || tok[n - 1] == '+');
	return tok[0] == '|' || tok[0] == '+';
}

int arg_span(enum arg_type type, char *const *tok, int n)
{
	int k = 1;

	if (n <= 0)
		return 1;
	switch (type) {
	case ARG_GFP:
	case ARG_GFP_MASK:
		while (k < n && (joins(tok[k - 1], true) || joins(tok[k], false)))
			k++;
		return k;
	case ARG_ZONE:
		return strcasecmp(tok[0], "node") == 0 ? (n < 3 ? n : 3) : 1;
	case ARG_REST:
		return n;
	default:
		return 1;
	}
}
