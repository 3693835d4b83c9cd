/* core/textparse.c - the line and word reader of core's text parsers
 * (textparse.h). Moved here from machine_parse.c when the /proc, ftrace and
 * kernel-log parsers came to share it.
 */
#include "textparse.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/mmzone.h"
#include "buddyscope/realmachine.h"
#include "strutil.h"

int tp_err(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!ps->err || !ps->errlen)
		return -EINVAL;
	n = snprintf(ps->err, ps->errlen, "line %d: ", ps->line);
	if (n > 0 && (size_t)n < ps->errlen) {
		va_start(ap, fmt);
		vsnprintf(ps->err + n, ps->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

bool tp_next_words(struct parser *ps, bool comments, struct words *w)
{
	const char *p = ps->next;

	if (!*p)
		return false;
	ps->line++;
	w->n = 0;
	w->start = p;
	w->end = p;
	while (*p && *p != '\n' && !(comments && *p == '#')) {
		const char *s;

		if (is_blank(*p)) {
			p++;
			continue;
		}
		for (s = p; *p && *p != '\n' && !is_blank(*p) && !(comments && *p == '#'); p++)
			;
		if (w->n < TP_MAX_WORDS) {
			w->s[w->n] = s;
			w->len[w->n] = (int)(p - s);
		}
		w->n++;
		w->end = p;
	}
	while (*p && *p != '\n')
		p++;
	w->linelen = (int)(p - w->start);
	ps->next = *p ? p + 1 : p;
	return true;
}

bool tp_word_is(const struct words *w, int i, const char *lit)
{
	return i < w->n && i < TP_MAX_WORDS && (size_t)w->len[i] == strlen(lit) &&
	       !memcmp(w->s[i], lit, w->len[i]);
}

bool tp_word_starts(const struct words *w, int i, const char *prefix)
{
	size_t n = strlen(prefix);

	return i < w->n && i < TP_MAX_WORDS && (size_t)w->len[i] >= n && !memcmp(w->s[i], prefix, n);
}

bool tp_word_is_ci(const struct words *w, int i, const char *lit)
{
	if (i >= w->n || i >= TP_MAX_WORDS || (size_t)w->len[i] != strlen(lit))
		return false;
	for (int k = 0; k < w->len[i]; k++) {
		char a = w->s[i][k], b = lit[k];

		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

bool tp_dec(const char *s, int n, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (n <= 0)
		return false;
	for (int k = 0; k < n; k++) {
		unsigned long d = (unsigned long)(s[k] - '0');

		if (s[k] < '0' || s[k] > '9')
			return false;
		/* v * 10 + d > max, asked without overflowing (max may be ULONG_MAX) */
		if (d > max || v > (max - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* Why tp_dec() refused a word: its digits overflow, or it has none. */
enum tp_dec_fail tp_dec_fail(const char *s, int n)
{
	if (n <= 0)
		return TP_DEC_NOT_NUMBER;
	for (int k = 0; k < n; k++)
		if (s[k] < '0' || s[k] > '9')
			return TP_DEC_NOT_NUMBER;
	return TP_DEC_TOO_LARGE;
}

const char *tp_dec_why(const char *s, int n)
{
	return tp_dec_fail(s, n) == TP_DEC_TOO_LARGE ? "is too large" : "is not a number";
}

bool tp_hex(const char *s, int n, unsigned long max, unsigned long *out)
{
	unsigned long long v = 0;

	if (n <= 0 || n > 16)
		return false;
	for (int k = 0; k < n; k++) {
		int d = hex_digit(s[k]);

		if (d < 0)
			return false;
		v = v * 16 + (unsigned long long)d;
	}
	if (v > max)
		return false;
	*out = (unsigned long)v;
	return true;
}

int tp_parse_num(struct parser *ps, const struct words *w, int i, const char *what,
		     bool units, unsigned long max, unsigned long *out)
{
	const char *accepted = units ? "pages, or bytes with K, M, G or T (512M)"
				     : "a number without sign or unit";
	const char *s = w->s[i];
	int n = w->len[i], k = 0, base = 10, shift = 0;
	unsigned long long v = 0;

	if (s[0] == '-' || s[0] == '+')
		return tp_err(ps, "%s '%.*s' %s; accepted: %s", what, WORD(w, i),
			    s[0] == '-' ? "is negative" : "has a sign", accepted);
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		k = 2;
	}
	for (; k < n; k++) {
		int d = hex_digit(s[k]);

		if (d < 0 || d >= base)
			break;
		v = v * base + d;
		if (v > (1ULL << 50))
			return tp_err(ps, "%s '%.*s' is too large; accepted: 0..%lu", what, WORD(w, i),
				    max);
	}
	if (k == 0 || (base == 16 && k == 2))
		return tp_err(ps, "%s '%.*s' is not a number; accepted: %s", what, WORD(w, i),
			    accepted);
	if (k < n) {
		switch (units && base == 10 && k + 1 == n ? s[k] : 0) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		case 't': case 'T': shift = 40; break;
		default:
			return tp_err(ps, "%s '%.*s' is not a number; accepted: %s", what, WORD(w, i),
				    accepted);
		}
		if (v > (1ULL << 62) >> shift)
			return tp_err(ps, "%s '%.*s' is too large; accepted: 0..%lu pages", what,
				    WORD(w, i), max);
		v <<= shift;
		if (v & (PAGE_SIZE - 1))
			return tp_err(ps, "%s '%.*s' is not a whole number of 4 KiB pages; use a "
				    "multiple of 4K", what, WORD(w, i));
		v >>= PAGE_SHIFT;
	}
	if (v > max)
		return tp_err(ps, "%s '%.*s' is too large; accepted: 0..%lu%s", what, WORD(w, i), max,
			    units ? " pages" : "");
	*out = (unsigned long)v;
	return 0;
}

int real_text_nul_line(const char *text, size_t len)
{
	const char *nul = memchr(text, '\0', len);
	int line = 1;

	if (!nul)
		return 0;
	for (const char *p = text; p < nul; p++)
		line += *p == '\n';
	return line;
}
