/* tests/unit/narration.h - read the comparisons a narration states.
 *
 * buddyscope narrates its checks as "a OP b" with the numbers the check
 * used, e.g.
 *     took pfn 0x1c00 from node 0 DMA32 (free 3590 - 7 for order 3 = 3583 >
 *     low 102 + lowmem_reserve 0)
 * This reader finds every comparison (<, <=, >, >=, ==, !=) whose two sides
 * are arithmetic on numbers, evaluates both sides and says whether the
 * comparison holds as written ("... is false" after it says it must not).
 *
 * A side is a chain of terms joined by +, - and <<; a term is a number,
 * optionally after a name ("free 3590") and followed by a label that starts
 * with "for" and runs to the next operator ("- 7 for order 3"). "= N" in a
 * chain states the value so far, and is checked too. Parentheses, brackets,
 * commas, semicolons and colons end a side. Comparisons with a side that
 * holds no number ("order > 3", "free > low") are prose and are skipped.
 */
#ifndef NARRATION_H
#define NARRATION_H

#include <stdbool.h>
#include <stddef.h>

#define NARR_MAX_TERMS	12

/* A term of one side: the name before the number ("free", "low",
 * "lowmem_reserve", "" for none) and the number. */
struct narr_term {
	char		name[32];
	long		value;
};

struct narr_side {
	long		value;		/* the side evaluated */
	int		nr_terms;
	struct narr_term terms[NARR_MAX_TERMS];
	bool		stated_ok;	/* every "= N" matched the value so far */
};

struct narr_cmp {
	char		op[3];		/* "<", "<=", ">", ">=", "==", "!=" */
	struct narr_side lhs, rhs;
	bool		negated;	/* followed by "is false" */
	bool		holds;		/* as written (negation included), and every "= N" */
	size_t		at;		/* byte offset of the operator in the line */
};

/* Find the numeric comparisons of @line. Return: how many (<= @max went into
 * @out; the count may be larger). */
int narration_comparisons(const char *line, struct narr_cmp *out, int max);

/* The value of the first term named @name on @side, or @dflt. */
long narr_term(const struct narr_side *side, const char *name, long dflt);

/* Check every comparison of every line of @text. Return: comparisons that
 * do not hold; *checked gets how many were checked. The first bad line goes
 * to @why (as much as fits). */
int narration_check_text(const char *text, int *checked, char *why, size_t len);

#endif
