/* app/repl.c - batch, -c and the readline REPL. All three hand each line to
 * cmd_exec_line() and print its strbuf; only how lines arrive differs.
 *
 * The REPL runs readline through its callback interface
 * (rl_callback_handler_install/rl_callback_read_char) in a select() loop, as
 * linenoise's linenoiseEditFeed does, so that the TUI can later own the loop
 * and feed readline the keys of its command line.
 */
#include "repl.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <unistd.h>
#include <readline/history.h>
#include <readline/readline.h>
#include "buddyscope/sim.h"
#include "buddyscope/strbuf.h"
#include "commands.h"
#include "complete.h"
#include "record.h"

/* ---- Ctrl-C in a batch ---- */

/* A command of a batch runs: SIGINT stops it (cmd_interrupted: the engine's
 * long loops and the Lua hook look at it), the command fails with its
 * one-line error and is rolled back, and the batch goes on. Between
 * commands (reading the next line, perhaps from a terminal) SIGINT does
 * what it always did: it ends the program. */
static volatile sig_atomic_t batch_running;
static struct sigaction batch_old_int;
static int batch_depth;

static void on_batch_sigint(int sig)
{
	if (batch_running) {
		cmd_interrupted = 1;
		return;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Around a batch; nothing if SIGINT is ignored (a background job). */
static void batch_signals(bool on)
{
	struct sigaction sa;

	if (on && batch_depth++ == 0) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_batch_sigint;
		sa.sa_flags = SA_RESTART;	/* output and file reads go on undisturbed */
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, &batch_old_int);
		if (batch_old_int.sa_handler == SIG_IGN)
			sigaction(SIGINT, &batch_old_int, NULL);
	} else if (!on && --batch_depth == 0) {
		sigaction(SIGINT, &batch_old_int, NULL);
	}
}

void repl_write(FILE *f, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = 0;

	/* a pipe or a file too: a lesson's or a script's escape codes would act
	 * on whatever terminal shows that output later (less -R, cat), and the
	 * text should not depend on where it goes */
	for (size_t i = 0; i < n; i++) {
		size_t bad = 0;

		if ((u[i] < 0x20 && u[i] != '\n' && u[i] != '\t') || u[i] == 0x7f)
			bad = 1;
		else if (u[i] == 0xc2 && i + 1 < n && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f)
			bad = 2;	/* a C1 control, UTF-8 encoded */
		if (!bad)
			continue;
		fwrite(s + start, 1, i - start, f);
		fputc('?', f);
		i += bad - 1;
		start = i + 1;
	}
	fwrite(s + start, 1, n - start, f);
}

/* Columns of @n bytes of UTF-8 (a code point a column). */
static size_t columns(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

void repl_write_prose(FILE *f, const char *s, size_t n)
{
	struct strbuf out = STRBUF_INIT;
	struct winsize ws;
	size_t w;

	if (!isatty(fileno(f)) || ioctl(fileno(f), TIOCGWINSZ, &ws) || ws.ws_col < 20) {
		repl_write(f, s, n);
		return;
	}
	w = (size_t)ws.ws_col - 1;	/* the last column would wrap by itself */
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t len = nl ? (size_t)(nl - s) : n, lead = strspn(s, " ");
		const char *p = s;
		size_t left = len;

		if (lead > len || lead > w / 2)
			lead = 0;
		while (columns(p, left) > w - (p == s ? 0 : lead)) {
			size_t room = w - (p == s ? 0 : lead), take = 0, cols = 0, cut;

			while (take < left && cols < room) {	/* the bytes of @room columns */
				take++;
				while (take < left && ((unsigned char)p[take] & 0xc0) == 0x80)
					take++;
				cols++;
			}
			cut = take;
			if (p[take] != ' ') {			/* back to the last blank */
				while (cut > 0 && p[cut - 1] != ' ')
					cut--;
				if (cut <= (p == s ? lead : 0) + 1)
					cut = take;		/* one long word: cut it */
			}
			if (p != s)
				sb_printf(&out, "%*s", (int)lead, "");
			sb_add(&out, p, cut);
			while (out.len && out.buf[out.len - 1] == ' ')
				out.len--;
			sb_putc(&out, '\n');
			while (cut < left && p[cut] == ' ')
				cut++;
			p += cut;
			left -= cut;
		}
		if (p != s && left)
			sb_printf(&out, "%*s", (int)lead, "");
		sb_add(&out, p, left);
		if (nl)
			sb_putc(&out, '\n');
		s += len + (nl != NULL);
		n -= len + (nl != NULL);
	}
	repl_write(f, sb_str(&out), out.len);
	sb_release(&out);
}

/* A line typed at the REPL (not a batch or -c): its output is read on the
 * terminal, so wider lines break at a blank (repl_write_prose). */
static bool typed;

int repl_feed(struct cmd_ctx *ctx, const char *line, const char *where)
{
	struct strbuf out = STRBUF_INIT;
	int rc;
	char err[CMD_ERR_MAX + 600];

	record_before(ctx);
	batch_running = 1;
	rc = cmd_exec_line(ctx, line, &out);
	batch_running = 0;
	if (out.len)
		(typed ? repl_write_prose : repl_write)(stdout, out.buf, out.len);
	fflush(stdout);
	if (rc) {
		snprintf(err, sizeof(err), "error: %s%s%s\n", where ? where : "", where ? ": " : "",
			 ctx->err);
		(typed ? repl_write_prose : repl_write)(stderr, err, strlen(err));
	}
	record_command(ctx, line, sb_str(&out), out.len, rc ? err : NULL);
	sb_release(&out);
	return rc;
}

#define LINE_TOO_LONG	(-2)
#define LINE_HAS_NUL	(-3)

/* One line of @in, without its newline, into @buf (@cap bytes). Nothing
 * longer than a command may be is ever held: an endless line costs no memory.
 * Return: its length; -1 at the end of input; LINE_TOO_LONG (the rest of the
 * line is not read: it may never end); LINE_HAS_NUL (read to its end). */
static long read_line(FILE *in, char *buf, size_t cap)
{
	size_t n = 0;
	bool nul = false;
	int c;

	while ((c = getc(in)) != EOF && c != '\n') {
		if (n + 1 >= cap)
			return LINE_TOO_LONG;
		nul |= c == '\0';
		buf[n++] = (char)c;
	}
	if (c == EOF && n == 0)
		return -1;
	buf[n] = '\0';
	return nul ? LINE_HAS_NUL : (long)n;
}

int repl_batch(struct cmd_ctx *ctx, FILE *in, const char *name)
{
	char line[CMD_LINE_MAX + 2], where[512];
	unsigned long lineno = 0;
	int status = 0;
	long n;

	batch_signals(true);
	while (!ctx->quit && (n = read_line(in, line, sizeof(line))) != -1) {
		lineno++;
		snprintf(where, sizeof(where), "%s%s%lu", name ? name : "", name ? ":" : "line ",
			 lineno);
		if (n == LINE_TOO_LONG) {
			fflush(stdout);
			fprintf(stderr, "error: %s: longer than %d bytes; the batch stops here "
				"(is this a file of commands?)\n", where, CMD_LINE_MAX);
			status = 1;
			break;
		}
		if (n == LINE_HAS_NUL) {
			fflush(stdout);
			fprintf(stderr, "error: %s: the line has a NUL byte and is skipped (is this a "
				"file of commands?)\n", where);
			status = 1;
			continue;
		}
		if (repl_feed(ctx, line, name ? where : NULL))
			status = 1;
	}
	batch_signals(false);
	return status;
}

int repl_commands(struct cmd_ctx *ctx, const char *text)
{
	char *buf = strdup(text), *p, *start;
	char quote = 0;
	int status = 0;

	if (!buf) {
		fprintf(stderr, "error: out of memory\n");
		return 1;
	}
	batch_signals(true);
	for (p = start = buf; !ctx->quit; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			else if (*p)
				continue;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
			continue;
		}
		if (*p == ';' || !*p) {
			bool end = !*p;

			*p = '\0';
			if (repl_feed(ctx, start, NULL))
				status = 1;
			if (end)
				break;
			start = p + 1;
		}
	}
	batch_signals(false);
	free(buf);
	return status;
}

/* ---- readline ---- */

static struct cmd_ctx *rl_ctx;
static struct completions rl_cands;
static size_t rl_cand_next;
static bool rl_installed;

static char *complete_next(const char *text, int state)
{
	(void)text;
	if (!state)
		rl_cand_next = 0;
	if (rl_cand_next < rl_cands.n)
		return strdup(rl_cands.v[rl_cand_next++]);
	return NULL;
}

static char **complete_cb(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1;	/* never fall back to file names */
	completions_release(&rl_cands);
	complete_line(rl_ctx, rl_line_buffer, (size_t)start, text, &rl_cands);
	if (rl_cands.no_space)
		rl_completion_suppress_append = 1;
	return rl_completion_matches(text, complete_next);
}

void repl_rl_install(struct cmd_ctx *ctx, const char *prompt, void (*on_line)(char *line))
{
	static char breaks[] = COMPLETE_WORD_BREAKS;

	rl_ctx = ctx;
	rl_readline_name = "buddyscope";
	rl_catch_signals = 0;		/* our handlers, see repl_interactive */
	rl_catch_sigwinch = 0;
	rl_attempted_completion_function = complete_cb;
	rl_completer_word_break_characters = breaks;
	rl_callback_handler_install(prompt, on_line);
	rl_installed = true;
}

void repl_rl_remove(void)
{
	if (rl_installed)
		rl_callback_handler_remove();
	rl_installed = false;
	completions_release(&rl_cands);
}

static volatile sig_atomic_t got_sigint, got_sigwinch;
static bool rl_eof;

static void on_signal(int sig)
{
	if (sig == SIGINT) {
		got_sigint = 1;
		cmd_interrupted = 1;
	} else {
		got_sigwinch = 1;
	}
}

/* Act on the signals that arrived since the last call. */
static void handle_signals(void)
{
	if (got_sigint) {	/* drop the line being typed */
		got_sigint = 0;
		rl_free_line_state();
		rl_callback_sigcleanup();
		rl_replace_line("", 0);
		rl_crlf();
		rl_on_new_line();
		rl_redisplay();
	}
	if (got_sigwinch) {
		got_sigwinch = 0;
		rl_resize_terminal();
	}
}

static void on_line(char *line)
{
	if (!line) {		/* Ctrl-D */
		rl_eof = true;
		putchar('\n');
		repl_rl_remove();
		return;
	}
	repl_history_add(line);
	typed = true;
	repl_feed(rl_ctx, line, NULL);
	typed = false;
	free(line);
	if (rl_ctx->quit)
		repl_rl_remove();	/* before readline prints the next prompt */
}

/* $BUDDYSCOPE_HISTORY, else ~/.buddyscope_history; NULL if neither is known. */
static char *history_path(void)
{
	const char *env = getenv("BUDDYSCOPE_HISTORY"), *home = getenv("HOME");
	char *p;

	if (env && *env)
		return strdup(env);
	if (!home || !*home)
		return NULL;
	p = malloc(strlen(home) + sizeof("/.buddyscope_history"));
	if (p)
		sprintf(p, "%s/.buddyscope_history", home);
	return p;
}

void repl_history_load(void)
{
	char *hist = history_path();

	using_history();
	stifle_history(1000);
	if (hist)
		read_history(hist);	/* a missing file is fine */
	free(hist);
}

void repl_history_save(void)
{
	char *hist = history_path();

	if (hist) {
		/* an unwritable history file is not worth a message */
		if (write_history(hist) == 0)
			history_truncate_file(hist, 1000);
		free(hist);
	}
}

/* Add @line unless it is blank or repeats the last entry. */
void repl_history_add(const char *line)
{
	HIST_ENTRY *last;

	if (!line[strspn(line, " \t")])
		return;
	last = history_length ? history_get(history_base + history_length - 1) : NULL;
	if (!last || strcmp(last->line, line))
		add_history(line);
}

int repl_interactive(struct cmd_ctx *ctx)
{
	struct sigaction sa, old_int, old_winch;

	repl_history_load();

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: select() returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGWINCH, &sa, &old_winch);

	printf("buddyscope: the %s page allocator on %s. 'help' lists the commands.\n",
	       sim_kernel(ctx->sim)->release, sim_machine(ctx->sim)->name);
	rl_eof = false;
	repl_rl_install(ctx, REPL_PROMPT, on_line);
	while (!rl_eof && !ctx->quit) {
		fd_set fds;

		handle_signals();
		FD_ZERO(&fds);
		FD_SET(STDIN_FILENO, &fds);
		if (select(STDIN_FILENO + 1, &fds, NULL, NULL, NULL) < 0) {
			if (errno != EINTR)
				break;
			continue;
		}
		rl_callback_read_char();
	}
	repl_rl_remove();

	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGWINCH, &old_winch, NULL);
	repl_history_save();
	return 0;
}
