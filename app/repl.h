/* app/repl.h - the front ends that read command lines: batch (stdin or a
 * file), -c 'CMD; CMD', and the readline REPL on a terminal.
 *
 * Output: command output goes to stdout; an error goes to stderr as one line
 * "error: MESSAGE", after stdout has been flushed, so a transcript captured
 * with 2>&1 keeps the order in which things happened. In a script file the
 * message is "error: FILE:LINE: MESSAGE".
 */
#ifndef BUDDYSCOPE_APP_REPL_H
#define BUDDYSCOPE_APP_REPL_H

#include <stdio.h>

struct cmd_ctx;

#define REPL_PROMPT	"buddyscope> "

/* Run one line and print what it printed. Return: 0, or -1 if it failed. */
int repl_feed(struct cmd_ctx *ctx, const char *line, const char *where);

/* Write @n bytes of @s to @f; a control character other than newline and
 * tab (ESC, CR, C1: a file or script could drive the terminal with them) is
 * written as '?', on a terminal and on a pipe or file alike. */
void repl_write(FILE *f, const char *s, size_t n);
/* repl_write for prose (a lesson's text): on a terminal, a line wider than
 * the terminal breaks at a blank, its rest indented as it was, instead of
 * the terminal cutting a word in two ("DIRECT_CO" / "MPACT"). */
void repl_write_prose(FILE *f, const char *s, size_t n);

/**
 * repl_batch - run every line of @in: no prompt, no echo; blank lines and
 * '#' comments are skipped; a failed command does not stop the rest; `quit`
 * does. @name: the file's name for messages, NULL for stdin.
 * Return: 0 if every command succeeded, else 1.
 */
int repl_batch(struct cmd_ctx *ctx, FILE *in, const char *name);

/* Run "CMD; CMD; ..." (';' inside quotes does not split). Return: as repl_batch. */
int repl_commands(struct cmd_ctx *ctx, const char *text);

/**
 * repl_interactive - the readline REPL: prompt REPL_PROMPT, history in
 * $BUDDYSCOPE_HISTORY or ~/.buddyscope_history, tab completion from the
 * command table. Uses readline's callback interface in a select() loop (the
 * TUI reuses repl_rl_install/repl_rl_remove). Ctrl-C drops the line being
 * typed; Ctrl-D or `quit` leaves. Return: 0.
 */
int repl_interactive(struct cmd_ctx *ctx);

/* Set up readline (completion, word breaks) and install @on_line as the
 * callback handler with @prompt. */
void repl_rl_install(struct cmd_ctx *ctx, const char *prompt, void (*on_line)(char *line));
void repl_rl_remove(void);

/* The history file the REPL and the TUI share: $BUDDYSCOPE_HISTORY, else
 * ~/.buddyscope_history (1000 lines). A missing or unwritable file is
 * silently skipped. */
void repl_history_load(void);
void repl_history_save(void);
/* Add @line unless it is blank or repeats the last entry. */
void repl_history_add(const char *line);

#endif
