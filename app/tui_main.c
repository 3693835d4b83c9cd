/* app/tui_main.c - the TUI's loop, after tmux's server loop and kilo: wait
 * in select() for a key or the animation timer, act (a key: tui_input.c; a
 * command; a stage), then render the frame once and send what changed
 * (tui_crt.c).
 *
 * Keys go to the command line (tui_cmdline.c: readline) while it has the
 * focus, else they are the debugger's keys (tui_input.c). A resize arrives
 * as a key (ncurses turns SIGWINCH into KEY_RESIZE, which also interrupts
 * select()).
 */
#include "tui.h"
#include "compare.h"
#include "record.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>
#include "buddyscope/sim.h"
#include "history.h"
#include "lesson.h"
#include "repl.h"

static struct tui *T;
static struct cmd_ctx *C;
static volatile sig_atomic_t got_sigint, got_term;

long long tui_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void tui_schedule(void)
{
	T->next_due = tui_now_ms() + tui_speed_ms[T->speed];
}

void tui_status(enum ui_color color, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(T->status, sizeof(T->status), fmt, ap);
	va_end(ap);
	T->status_color = color;
}

/* After anything that may have changed the sim. */
void tui_changed(void)
{
	T->gen++;
	tui_sync(T, C);
	trace_log_pump(C);
	record_stages(C);
	T->need_draw = true;
}

/* After the simulation was rewound to the lesson's start and replayed: the
 * replay's events are not news, and the view starts over. */
void tui_rebase(void)
{
	T->sim_seen = NULL;
	T->log.sim = NULL;
	T->side.sim = NULL;
	T->pm.ev_sim = NULL;
	T->animating = false;
	T->next_due = -1;
}

/* Rows @text takes in the log pane, as tui_draw_log wraps it. */
static int log_rows(const char *text)
{
	int rows = 0, w = T->rect[PANE_LOG].w - 1;

	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		char line[1024];

		snprintf(line, sizeof(line), "%.*s", (int)n, text);
		rows += tui_log_wrap(line[0] ? line : " ", w, NULL, NULL);
		text += n + (nl ? 1 : 0);
	}
	return rows;
}

/*
 * Output in the log, or in a popup when it would not be seen whole. @typed:
 * a command typed on the command line: its output (and its echo) must fit
 * the log's rows, or it opens the popup, so that short output such as `task
 * list` never loses its top. Step output (s, n, c) scrolls by in the log up
 * to a dozen lines, so that stepping is not interrupted.
 */
void tui_log_output(const char *what, const struct strbuf *out, int failed, bool typed)
{
	int lines = 0, nl = 0, max = T->rect[PANE_LOG].h - 2;

	for (const char *p = sb_str(out); *p; p++)
		nl += *p == '\n' || !p[1];	/* a last line with no newline counts too */
	lines = nl;
	if (typed) {
		lines = log_rows(sb_str(out));
		max = T->pane_shown[PANE_LOG] ? T->rect[PANE_LOG].h - 2 : 0;
	} else if (max < 12) {	/* a few lines more than fit scroll by in the log */
		max = 12;
	}
	if (lines > max) {
		char note[160];

		tui_popup_open(&T->popup, what, sb_str(out));
		/* its lines as the command printed them, not the log's rows */
		snprintf(note, sizeof(note), "(%d line%s, shown in a popup: q closes it)", nl,
			 nl == 1 ? "" : "s");
		tui_log_text(&T->log, UI_LOG_NOTE, note);
	} else {
		tui_log_text(&T->log, UI_LOG_OUT, sb_str(out));
	}
	if (failed) {
		char err[CMD_ERR_MAX + 8];

		snprintf(err, sizeof(err), "error: %s", C->err);
		tui_log_text(&T->log, UI_LOG_ERR, err);
	}
}

void tui_run_command(const char *line)
{
	struct strbuf out = STRBUF_INIT;
	char echo[CMD_LINE_MAX + 16];
	bool entered, opened;
	int rc;

	snprintf(echo, sizeof(echo), "%s%s", REPL_PROMPT, line);
	tui_log_text(&T->log, UI_LOG_CMD, echo);
	cmd_interrupted = 0;
	{
		const struct compare_view *before = C->compare;
		const void *lesson_before = C->lesson;

		rc = cmd_exec_line(C, line, &out);
		entered = C->compare && C->compare != before;
		/* a lesson opened (or reopened at the same address: `lesson 01` twice) */
		opened = C->lesson && ((const void *)C->lesson != lesson_before ||
				       (rc == 0 && !strncmp(line + strspn(line, " \t"), "lesson", 6)));
	}
	if (!strncmp(line + strspn(line, " \t"), "lesson", 6))
		tui_rebase();	/* it may have rewound the lesson */
	tui_log_pump(&T->log, C->sim, false);
	T->status[0] = '\0';
	if (entered) {		/* `compare` ran: its report to the log, the machines side by side */
		tui_log_text(&T->log, UI_LOG_OUT, sb_str(&out));
		tui_compare_enter(T, C);
	} else if (opened && !rc) {	/* the Lesson pane shows it: no popup in front of it */
		tui_log_text(&T->log, UI_LOG_OUT, sb_str(&out));
	} else if (tui_quiz_command(line)) {	/* the Quiz pane shows what it printed */
		tui_quiz_output(T, C, &out, rc);
	} else {
		tui_log_output(line, &out, rc, true);
	}
	sb_release(&out);
	T->after_cmd = true;
	if (opened) {	/* a lesson just opened: its keys, not the command line's */
		T->mode = MODE_KEYS;
		T->focus = PANE_LESSON;
		T->after_cmd = false;
		tui_status(UI_LOG_NOTE, "lesson open: Space goes on, b goes back, ':' the command line");
	}
	tui_changed();
	if (C->quit)
		T->quit = true;
}

static void on_line(char *line)
{
	if (!line) {			/* Ctrl-D on an empty line */
		T->quit = true;
		return;
	}
	if (!line[strspn(line, " \t")]) {
		T->mode = MODE_KEYS;	/* Enter on an empty line: back to the keys */
	} else {
		repl_history_add(line);
		tui_run_command(line);
	}
	free(line);
	T->need_draw = true;
}

/* ---- the loop ---- */

static void on_signal(int sig)
{
	if (sig == SIGINT) {
		got_sigint = 1;
		cmd_interrupted = 1;
	} else {
		got_term = 1;
	}
}

static void draw(struct tui_canvas *frame)
{
	bool cursor = T->mode == MODE_CMDLINE || T->mode == MODE_PROMPT_PFN ||
		      T->mode == MODE_ANSWER;

	tui_render(T, C, frame);
	crt_blit(frame, cursor && !T->popup.open ? T->cmdline_x : -1, T->cmdline_y);
	T->need_draw = false;
}

/* ctx->progress: a long command's progress (a trace replay) as a bar in
 * the status line, the whole screen drawn again at most ten times a second
 * (the sim is consistent whenever a command reports progress). */
static struct tui_canvas *progress_frame;

static void on_progress(struct cmd_ctx *ctx, const char *what, unsigned long done,
			unsigned long total)
{
	static long long last;
	unsigned long pct = total ? (done >= total ? 100 : done * 100 / total) : 0;
	long long t = tui_now_ms();
	char bar[21];

	(void)ctx;
	if (done < total && t - last < 100)
		return;
	last = t;
	for (unsigned long i = 0; i < 20; i++)
		bar[i] = i < pct / 5 ? '#' : '.';
	bar[20] = '\0';
	tui_status(UI_LOG_NOTE, "%s [%s] %3lu%% %lu/%lu", what, bar, pct, done, total);
	if (progress_frame) {
		T->gen++;
		tui_sync(T, C);
		draw(progress_frame);
	}
}

static void loop(struct tui_canvas *frame)
{
	while (!T->quit && !got_term) {
		struct timeval tv, *tvp = NULL;
		long long wait;
		fd_set fds;
		int k;

		if (got_sigint) {
			got_sigint = 0;
			T->animating = false;
			T->next_due = -1;
			if (T->mode == MODE_CMDLINE)
				cmdline_clear();
			tui_status(UI_LOG_NOTE, "interrupted");
			T->need_draw = true;
		}
		if (T->need_draw)
			draw(frame);
		if (T->next_due >= 0) {
			wait = T->next_due - tui_now_ms();
			if (wait < 0)
				wait = 0;
			tv.tv_sec = (time_t)(wait / 1000);
			tv.tv_usec = (suseconds_t)(wait % 1000 * 1000);
			tvp = &tv;
		}
		FD_ZERO(&fds);
		FD_SET(STDIN_FILENO, &fds);
		if (select(STDIN_FILENO + 1, &fds, NULL, NULL, tvp) < 0 && errno != EINTR)
			break;
		while (!T->quit && (k = crt_getkey()) != TK_NONE)
			tui_key(T, C, k);
		if (T->next_due >= 0 && tui_now_ms() >= T->next_due) {
			if (T->animating)
				tui_animate(T, C);
			else
				T->next_due = -1;
		}
	}
}

int tui_run(struct cmd_ctx *ctx)
{
	struct sigaction sa, old_int, old_term, old_hup;
	struct tui_canvas frame = { 0, 0, NULL };
	struct tui t;
	int rc;

	tui_init(&t, TUI_MIN_COLS, TUI_MIN_ROWS);
	T = &t;
	C = ctx;
	if ((rc = crt_open(&t))) {
		const char *term = getenv("TERM");

		fprintf(stderr, "error: the terminal type '%s' %s; running the plain command line "
			"(buddyscope --plain)\n", term ? term : "", rc == -2 ?
			"cannot move its cursor, so it cannot show the screen" : "is unknown here");
		tui_release(&t);
		return repl_interactive(ctx);
	}
	crt_size(&t.cols, &t.rows);
	ctx->keep_compare = true;	/* `compare` stays on the screen side by side */
	T->quit = false;
	T->next_due = -1;
	got_sigint = got_term = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: select() returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	cmdline_open(&t, ctx, on_line);
	tui_sync(&t, ctx);
	{
		char hello[256];

		snprintf(hello, sizeof(hello), "buddyscope: the %s page allocator. "
			 "':' opens the command line ('help' lists the commands), '?' the keys.",
			 sim_kernel(ctx->sim)->release);
		tui_log_text(&t.log, UI_LOG_NOTE, hello);
	}
	if (ctx->lesson)
		t.focus = PANE_LESSON;
	T->need_draw = true;
	progress_frame = &frame;
	ctx->progress = on_progress;
	loop(&frame);
	ctx->progress = NULL;
	progress_frame = NULL;

	cmdline_close();
	crt_close();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	canvas_release(&frame);
	tui_release(&t);
	T = NULL;
	return 0;
}
