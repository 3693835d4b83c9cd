/* app/complete.h - tab completion from the command table, without readline:
 * the REPL feeds its candidates to readline, and the TUI's command line can
 * use the same list.
 */
#ifndef BUDDYSCOPE_APP_COMPLETE_H
#define BUDDYSCOPE_APP_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

struct cmd_ctx;

struct completions {
	char	**v;		/* owned; each from malloc() */
	size_t	n, alloc;
	bool	no_space;	/* a candidate ends in ':' or '/': append no blank */
};

/* Characters that end a word for completion: GFP names complete after '|'. */
#define COMPLETE_WORD_BREAKS	" \t|"

/**
 * complete_line - the candidates for the word @text, which starts at byte
 * @start of @line (everything before it decides what the word is: a command,
 * a GFP name, a show topic, a zone, a sysctl, a preset, a file). Candidates
 * start with @text, are sorted and unique.
 */
void complete_line(const struct cmd_ctx *ctx, const char *line, size_t start, const char *text,
		   struct completions *c);
void completions_release(struct completions *c);

#endif
