/* app/tui_main.c - the TUI's loop, after tmux's server loop and kilo: wait
 * in select() for a key or the animation timer, act (a key, a command, a
 * stage, a lesson prompt), then render the frame once and send what
 * changed (tui_crt.c).
 *
 * Keys go to the command line (tui_cmdline.c: readline) while it has the
 * focus, else they are the debugger's keys: s step, n next, c continue
 * (one stage a frame at the chosen speed), p pause, and the keys that move
 * the panes. A resize arrives as a key (ncurses turns SIGWINCH into
 * KEY_RESIZE, which also interrupts select()).
 */
#include "tui.h"
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
#include "lesson.h"
#include "repl.h"

static struct tui *T;
static struct cmd_ctx *C;
static bool need_draw, quit;
static long long next_due = -1;		/* when the next animation/lesson step runs */
static volatile sig_atomic_t got_sigint, got_term;

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void schedule(void)
{
	next_due = now_ms() + tui_speed_ms[T->speed];
}

__attribute__((format(printf, 2, 3)))
static void status(enum ui_color color, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(T->status, sizeof(T->status), fmt, ap);
	va_end(ap);
	T->status_color = color;
}

/* After anything that may have changed the sim. */
static void changed(void)
{
	T->gen++;
	tui_sync(T, C);
	trace_log_pump(C);
	record_stages(C);
	need_draw = true;
}

static void log_output(const char *what, const struct strbuf *out, int failed)
{
	int lines = 0, max = T->rect[PANE_LOG].h - 2;

	for (const char *p = sb_str(out); *p; p++)
		lines += *p == '\n';
	if (max < 12)		/* a few lines more than fit scroll by in the log */
		max = 12;
	if (lines > max) {
		char note[160];

		tui_popup_open(&T->popup, what, sb_str(out));
		snprintf(note, sizeof(note), "(%d lines, shown in a popup: q closes it)", lines);
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

static void run_command(const char *line)
{
	struct strbuf out = STRBUF_INIT;
	char echo[CMD_LINE_MAX + 16];
	int rc;

	snprintf(echo, sizeof(echo), "%s%s", REPL_PROMPT, line);
	tui_log_text(&T->log, UI_LOG_CMD, echo);
	cmd_interrupted = 0;
	rc = cmd_exec_line(C, line, &out);
	tui_log_pump(&T->log, C->sim, false);
	log_output(line, &out, rc);
	sb_release(&out);
	T->status[0] = '\0';
	changed();
	if (C->quit)
		quit = true;
}

static void on_line(char *line)
{
	if (!line) {			/* Ctrl-D on an empty line */
		quit = true;
		return;
	}
	if (!line[strspn(line, " \t")]) {
		T->mode = MODE_KEYS;	/* Enter on an empty line: back to the keys */
	} else {
		repl_history_add(line);
		run_command(line);
	}
	free(line);
	need_draw = true;
}

/* ---- stepping: s, n, c ---- */

static bool kthreads_busy(void)
{
	for (int nid = 0; nid < sim_nr_nodes(C->sim); nid++) {
		const struct pglist_data *pg = sim_node(C->sim, nid);

		if (pg->kswapd.state != KTHREAD_SLEEPING || pg->kcompactd.state != KTHREAD_SLEEPING)
			return true;
	}
	return false;
}

/* Did the stage that ran hit a breakpoint? (as `continue` decides in step.c) */
static bool breakpoint_hit(int ran, uint64_t seq0)
{
	const struct stepper *st = &C->step;
	struct trace_event ev;

	for (int i = 0; i < st->nr_bp; i++) {
		const struct breakpoint *bp = &st->bp[i];

		if (bp->kind == BP_STAGE && st->active && (int)st->req.stage == bp->id &&
		    st->req.stage != ran) {
			status(UI_STAGE_CURRENT, "breakpoint %d: %s runs next", i + 1,
			       alloc_stage_name(C->sim, st->req.stage));
			return true;
		}
		for (uint64_t cur = seq0; bp->kind == BP_EVENT &&
		     trace_read(C->sim, &cur, &ev, 1, NULL) == 1;)
			if ((int)ev.id == bp->id) {
				status(UI_STAGE_CURRENT, "breakpoint %d: event %s", i + 1,
				       trace_event_name(ev.id));
				return true;
			}
	}
	return false;
}

/* One stage of the request, or else one jiffy of kswapd/kcompactd.
 * Return: true while there is more to do. */
static bool step_once(void)
{
	struct strbuf out = STRBUF_INIT;
	int ran = C->step.req.stage;
	uint64_t seq0 = trace_next_seq(C->sim);
	int rc;

	if (!C->step.active) {
		if (!kthreads_busy()) {
			status(UI_LOG_NOTE, "no request in progress: ':start GFP_KERNEL 3' begins one");
			need_draw = true;
			return false;
		}
		sim_tick(C->sim, 1);
		tui_log_pump(&T->log, C->sim, true);
		changed();
		return kthreads_busy();
	}
	cmd_interrupted = 0;
	rc = step_one(C, &out);
	tui_log_pump(&T->log, C->sim, false);
	log_output("step", &out, rc < 0);
	sb_release(&out);
	T->status[0] = '\0';
	changed();
	return rc > 0 && !breakpoint_hit(ran, seq0);
}

static void key_next(void)
{
	struct strbuf out = STRBUF_INIT;
	int rc;

	if (!C->step.active) {
		status(UI_LOG_NOTE, "no request in progress: ':start GFP_KERNEL 3' begins one");
		return;
	}
	cmd_interrupted = 0;
	rc = step_finish(C, &out);
	tui_log_pump(&T->log, C->sim, false);
	log_output("next", &out, rc < 0);
	sb_release(&out);
	changed();
}

static void animate(void)
{
	next_due = -1;
	if (!step_once()) {
		T->animating = false;
		return;
	}
	schedule();
}

/* ---- lessons ---- */

static void lesson_go(int reply)
{
	struct tui_lesson *l = &T->lesson;
	struct lesson_prompt p;

	next_due = -1;
	if (!l->lesson || l->done)
		return;
	if (reply >= 0)
		l->answered = reply;
	if (lesson_resume(l->lesson, reply, &p)) {
		tui_lesson_add(l, UI_LOG_ERR, "the lesson stopped: the host ran out of memory");
		l->done = true;
	} else {
		tui_lesson_show(l, &p);
	}
	tui_log_pump(&T->log, C->sim, true);
	changed();
	if (!l->waiting && !l->done)
		schedule();
}

static void lesson_again(bool back)
{
	struct tui_lesson *l = &T->lesson;
	struct lesson_prompt p;

	if (!l->lesson)
		return;
	tui_lesson_clear(l);
	l->answered = -1;
	if (back) {
		if (lesson_back(l->lesson, &p) == 0)
			tui_lesson_show(l, &p);
		changed();
		if (!l->waiting && !l->done)
			schedule();
	} else if (lesson_restart(l->lesson) == 0) {
		lesson_go(-1);
	}
}

/* ---- keys ---- */

static void key_main(int k)
{
	struct tui_lesson *l = &T->lesson;

	T->status[0] = '\0';
	if (l->lesson) {	/* the lesson's keys first */
		if (l->waiting && l->prompt.kind == LESSON_PAUSE && (k == ' ' || k == '\r' || k == '\n')) {
			lesson_go(-1);
			return;
		}
		if (l->waiting && l->prompt.kind == LESSON_PREDICT && k >= '1' && k <= '9') {
			if (k - '1' < l->prompt.nr_choices)
				lesson_go(k - '1');
			return;
		}
		if (k == 'r' || k == 'b') {
			lesson_again(k == 'b');
			return;
		}
	}
	switch (k) {
	case 's':
		T->animating = false;
		step_once();
		break;
	case 'n':
		T->animating = false;
		key_next();
		break;
	case 'c':
		T->animating = true;
		next_due = now_ms();
		break;
	case 'p':
		T->animating = false;
		next_due = -1;
		status(UI_LOG_NOTE, "paused");
		break;
	case '+': case '=':
		if (T->speed < TUI_SPEEDS - 1)
			T->speed++;
		break;
	case '-': case '_':
		if (T->speed > 0)
			T->speed--;
		break;
	case '\t':
		tui_focus_next(T, 1);
		break;
	case TK_BTAB:
		tui_focus_next(T, -1);
		break;
	case 'z':
		pagemap_zoom(T, C, 1);
		break;
	case 'Z':
		pagemap_zoom(T, C, -1);
		break;
	case 'g':
		T->mode = MODE_PROMPT_PFN;
		T->pfn_input[0] = '\0';
		break;
	case 't':
		T->log.ftrace = !T->log.ftrace;
		break;
	case 'h':
		T->charts = !T->charts;
		break;
	case '?': case TK_F1:
		T->mode = MODE_HELP;
		T->help_scroll = 0;
		break;
	case ':': case '/': case '\r': case '\n':
		T->mode = MODE_CMDLINE;
		break;
	case 'q':
		quit = true;
		break;
	case 12:	/* Ctrl-L */
		crt_invalidate();
		break;
	case TK_UP: case TK_DOWN: case TK_PGUP: case TK_PGDN: case TK_HOME: case TK_END:
		tui_scroll_pane(T, k);
		break;
	default:
		break;
	}
}

static void key(int k)
{
	need_draw = true;
	if (k == TK_RESIZE) {
		crt_size(&T->cols, &T->rows);
		crt_invalidate();
		return;
	}
	if (T->too_small) {	/* only quitting makes sense */
		if (k == 'q' || k == 4)
			quit = true;
		return;
	}
	if (T->popup.open) {
		tui_popup_key(T, k);
		return;
	}
	switch (T->mode) {
	case MODE_HELP:
		if (k == 'q' || k == 27 || k == '?' || k == TK_F1)
			T->mode = MODE_KEYS;
		else if (k == TK_DOWN || k == TK_PGDN)
			T->help_scroll += k == TK_DOWN ? 1 : T->rows / 2;
		else if ((k == TK_UP || k == TK_PGUP) && T->help_scroll > 0)
			T->help_scroll -= k == TK_UP ? 1 : T->rows / 2;
		if (T->help_scroll < 0)
			T->help_scroll = 0;
		break;
	case MODE_CMDLINE:
		if (k == 27)
			T->mode = MODE_KEYS;
		else
			cmdline_key(k);
		break;
	case MODE_PROMPT_PFN:
		tui_pfn_key(T, C, k);
		break;
	default:
		key_main(k);
	}
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
	bool cursor = T->mode == MODE_CMDLINE || T->mode == MODE_PROMPT_PFN;

	tui_render(T, C, frame);
	crt_blit(frame, cursor && !T->popup.open ? T->cmdline_x : -1, T->cmdline_y);
	need_draw = false;
}

static void loop(struct tui_canvas *frame)
{
	while (!quit && !got_term) {
		struct timeval tv, *tvp = NULL;
		long long wait;
		fd_set fds;
		int k;

		if (got_sigint) {
			got_sigint = 0;
			T->animating = false;
			next_due = -1;
			if (T->mode == MODE_CMDLINE)
				cmdline_clear();
			status(UI_LOG_NOTE, "interrupted");
			need_draw = true;
		}
		if (need_draw)
			draw(frame);
		if (next_due >= 0) {
			wait = next_due - now_ms();
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
		while (!quit && (k = crt_getkey()) != TK_NONE)
			key(k);
		if (next_due >= 0 && now_ms() >= next_due) {
			if (T->animating)
				animate();
			else if (T->lesson.lesson && !T->lesson.waiting)
				lesson_go(-1);
			else
				next_due = -1;
		}
	}
}

int tui_run(struct cmd_ctx *ctx, struct lesson *lesson)
{
	struct sigaction sa, old_int, old_term, old_hup;
	struct tui_canvas frame = { 0, 0, NULL };
	struct tui t;

	tui_init(&t, TUI_MIN_COLS, TUI_MIN_ROWS);
	T = &t;
	C = ctx;
	if (crt_open(&t)) {
		const char *term = getenv("TERM");

		fprintf(stderr, "error: the terminal type '%s' is unknown here; "
			"running the plain command line (buddyscope --plain)\n", term ? term : "");
		tui_release(&t);
		return repl_interactive(ctx);
	}
	crt_size(&t.cols, &t.rows);
	quit = false;
	got_sigint = got_term = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: select() returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	cmdline_open(&t, ctx, on_line);
	tui_sync(&t, ctx);
	tui_log_text(&t.log, UI_LOG_NOTE, "buddyscope: the Linux v4.5 page allocator. "
		     "':' opens the command line ('help' lists the commands), '?' the keys.");
	if (lesson) {
		t.lesson.lesson = lesson;
		snprintf(t.lesson.title, sizeof(t.lesson.title), "%s", lesson_title(lesson));
		t.focus = PANE_LESSON;
		lesson_go(-1);
	}
	need_draw = true;
	loop(&frame);

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
