/* core/textparse.h - the line and word reader the text parsers in core/
 * share: machine files, /proc files, ftrace logs, kernel logs.
 * A line is split into blank-separated words that point into the text (not
 * copied); numbers are read with range checks; errors are one line, "line
 * N: what was wrong; what is accepted".
 */
#ifndef BUDDYSCOPE_CORE_TEXTPARSE_H
#define BUDDYSCOPE_CORE_TEXTPARSE_H

#include <stdbool.h>
#include <stddef.h>

#define TP_MAX_WORDS	64

struct words {
	int		n;			/* words on the line, may be > TP_MAX_WORDS */
	const char	*s[TP_MAX_WORDS];
	int		len[TP_MAX_WORDS];
	const char	*start;			/* the line as read (no newline) */
	const char	*end;			/* just after the last word */
	int		linelen;		/* bytes of the line */
};

/* "%.*s" arguments for word i, cut to 40 characters for messages */
#define WORD(w, i)	((w)->len[i] > 40 ? 40 : (w)->len[i]), (w)->s[i]

struct parser {
	const char	*next;			/* start of the next line */
	int		line;			/* current line, from 1 */
	char		*err;
	size_t		errlen;
};

static inline void tp_init(struct parser *ps, const char *text, char *err, size_t errlen)
{
	ps->next = text ? text : "";
	ps->line = 0;
	ps->err = err;
	ps->errlen = errlen;
}

/* Store "line N: " + the message in ps->err. Return: -EINVAL. */
__attribute__((format(printf, 2, 3)))
int tp_err(struct parser *ps, const char *fmt, ...);

/* Split the next line into words (up to '#' if @comments); false at the end. */
bool tp_next_words(struct parser *ps, bool comments, struct words *w);

bool tp_word_is(const struct words *w, int i, const char *lit);
bool tp_word_is_ci(const struct words *w, int i, const char *lit);
/* Word @i starts with @prefix. */
bool tp_word_starts(const struct words *w, int i, const char *prefix);

/*
 * Parse word @i of @w: decimal or 0x hex, or with @units a decimal size in
 * bytes with a K/M/G/T suffix that must come to whole pages. @what names the
 * value in messages. Values above @max are refused.
 */
int tp_parse_num(struct parser *ps, const struct words *w, int i, const char *what,
		 bool units, unsigned long max, unsigned long *out);

/* Decimal digits of @s[0..n) as an unsigned long; false if empty, not all
 * digits, or above @max. */
bool tp_dec(const char *s, int n, unsigned long max, unsigned long *out);
/* Why tp_dec() refused a word: it is all digits but above the limit, or
 * it is no number at all (empty, or a non-digit in it). */
enum tp_dec_fail { TP_DEC_NOT_NUMBER, TP_DEC_TOO_LARGE };
enum tp_dec_fail tp_dec_fail(const char *s, int n);
/* The same in words for messages: "is too large" or "is not a number". */
const char *tp_dec_why(const char *s, int n);
/* The same for hex digits (without 0x). */
bool tp_hex(const char *s, int n, unsigned long max, unsigned long *out);

#endif
