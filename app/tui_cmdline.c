/* app/tui_cmdline.c - readline inside the frame, through its callback
 * interface (as linenoise's linenoiseEditFeed is driven by its caller).
 *
 * Keys typed while the command line has the focus are queued and fed to
 * rl_callback_read_char() through rl_getc_function; rl_redisplay_function
 * copies readline's prompt, line and point into the view, which draws them
 * in the bottom row. readline never touches the terminal, which ncurses
 * owns: its prep/deprep hooks do nothing, its output goes to /dev/null and
 * the list of completions goes to the log pane. History and completion are
 * the plain REPL's (repl.c), so both share ~/.buddyscope_history.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/history.h>
#include <readline/readline.h>
#include "repl.h"

static struct tui *view;
static unsigned char queue[16];
static int queue_len, queue_pos;
static FILE *devnull;
static bool open_;

static int getc_cb(FILE *f)
{
	(void)f;
	/* readline asks only while input_available_cb says yes, or for the
	 * one key that rl_callback_read_char was called for */
	return queue_pos < queue_len ? queue[queue_pos++] : 0;
}

static int input_available_cb(void)
{
	return queue_pos < queue_len;
}

static void redisplay_cb(void)
{
	size_t len;

	snprintf(view->prompt, sizeof(view->prompt), "%s", rl_display_prompt ? rl_display_prompt
									   : "");
	snprintf(view->line, sizeof(view->line), "%s", rl_line_buffer ? rl_line_buffer : "");
	len = strlen(view->line);
	view->point = rl_point < 0 ? 0 : (size_t)rl_point > len ? (int)len : rl_point;
}

static void prep_cb(int meta)
{
	(void)meta;
}

static void deprep_cb(void)
{
}

static void matches_cb(char **matches, int n, int max)
{
	struct strbuf sb = STRBUF_INIT;

	(void)max;
	sb_puts(&sb, "completions:");
	for (int i = 1; i <= n && i <= 200; i++)
		sb_printf(&sb, " %s", matches[i]);
	if (n > 200)
		sb_printf(&sb, " ... (%d in all)", n);
	tui_log_text(&view->log, UI_LOG_NOTE, sb_str(&sb));
	sb_release(&sb);
	redisplay_cb();
}

void cmdline_open(struct tui *t, struct cmd_ctx *ctx, void (*on_line)(char *line))
{
	view = t;
	devnull = fopen("/dev/null", "w");
	if (devnull)
		rl_outstream = devnull;
	rl_getc_function = getc_cb;
	rl_input_available_hook = input_available_cb;
	rl_redisplay_function = redisplay_cb;
	rl_prep_term_function = prep_cb;
	rl_deprep_term_function = deprep_cb;
	rl_completion_display_matches_hook = matches_cb;
	rl_change_environment = 0;
	repl_history_load();
	repl_rl_install(ctx, REPL_PROMPT, on_line);
	open_ = true;
	redisplay_cb();
}

void cmdline_close(void)
{
	if (!open_)
		return;
	open_ = false;
	repl_rl_remove();
	repl_history_save();
	rl_outstream = NULL;
	if (devnull)
		fclose(devnull);
	devnull = NULL;
}

static void feed(const char *bytes, int n)
{
	if (n > (int)sizeof(queue))
		n = (int)sizeof(queue);
	memcpy(queue, bytes, (size_t)n);
	queue_len = n;
	queue_pos = 0;
	while (open_ && queue_pos < queue_len) {
		int before = queue_pos;

		rl_callback_read_char();	/* reads one key, or a whole sequence */
		if (queue_pos == before)	/* readline did not take it: drop it */
			queue_pos++;
	}
	queue_len = queue_pos = 0;
}

void cmdline_clear(void)
{
	if (!open_)
		return;
	rl_replace_line("", 0);
	rl_point = rl_end = 0;
	redisplay_cb();
}

void cmdline_key(int k)
{
	static const struct {
		int		key;
		const char	*seq;
	} keys[] = {
		{ TK_UP, "\033[A" }, { TK_DOWN, "\033[B" }, { TK_RIGHT, "\033[C" },
		{ TK_LEFT, "\033[D" }, { TK_HOME, "\001" }, { TK_END, "\005" },
		{ TK_BACKSPACE, "\177" }, { TK_DELETE, "\004" },
	};
	char c;

	if (!open_)
		return;
	if (k == TK_DELETE && rl_end == 0)
		return;		/* Ctrl-D on an empty line would quit */
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (keys[i].key == k) {
			feed(keys[i].seq, (int)strlen(keys[i].seq));
			return;
		}
	if (k < 0 || k > 255)
		return;
	c = (char)k;
	feed(&c, 1);
}
