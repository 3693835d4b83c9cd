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
static bool need_draw, quit, q_armed;
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

/* After the simulation was rewound to the lesson's start and replayed: the
 * replay's events are not news, and the view starts over. */
static void rebase(void)
{
	T->sim_seen = NULL;
	T->log.sim = NULL;
	T->side.sim = NULL;
	T->pm.ev_sim = NULL;
	T->animating = false;
	next_due = -1;
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
		rows += wrap_text(line[0] ? line : " ", w > 1 ? w : 1, NULL, NULL);
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
static void log_output(const char *what, const struct strbuf *out, int failed, bool typed)
{
	int lines = 0, max = T->rect[PANE_LOG].h - 2;

	for (const char *p = sb_str(out); *p; p++)
		lines += *p == '\n';
	if (typed) {
		lines = log_rows(sb_str(out));
		max = T->pane_shown[PANE_LOG] ? T->rect[PANE_LOG].h - 2 : 0;
	} else if (max < 12) {	/* a few lines more than fit scroll by in the log */
		max = 12;
	}
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
		rebase();	/* it may have rewound the lesson */
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
		log_output(line, &out, rc, true);
	}
	sb_release(&out);
	T->after_cmd = true;
	if (opened) {	/* a lesson just opened: its keys, not the command line's */
		T->mode = MODE_KEYS;
		T->focus = PANE_LESSON;
		T->after_cmd = false;
		status(UI_LOG_NOTE, "lesson open: Space goes on, b goes back, ':' the command line");
	}
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
		history_note(C, "tick 1");	/* what `tick 1` does: an entry for back */
		tui_log_pump(&T->log, C->sim, true);
		changed();
		return kthreads_busy();
	}
	cmd_interrupted = 0;
	rc = step_one(C, &out);
	tui_log_pump(&T->log, C->sim, false);
	log_output("step", &out, rc < 0, false);
	sb_release(&out);
	T->status[0] = '\0';
	changed();
	return rc > 0 && !breakpoint_hit(ran, seq0);
}

/* n: the next stage at this level; F: until the selected frame returns, or
 * the request a lesson watches to its end (what the lesson's keys say) */
static void key_next(bool finish)
{
	struct strbuf out = STRBUF_INIT;
	int rc;

	if (!C->step.active) {
		status(UI_LOG_NOTE, "no request in progress: ':start GFP_KERNEL 3' begins one");
		return;
	}
	cmd_interrupted = 0;
	if (finish && C->lesson && lesson_watching(C->lesson))
		rc = step_to_end(C, &out);
	else
		rc = finish ? step_finish(C, &out) : step_next(C, &out);
	tui_log_pump(&T->log, C->sim, false);
	log_output(finish ? "finish" : "next", &out, rc < 0, false);
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

/* ---- lessons: the keys run `lesson` rows, as typing them would ---- */

static void lesson_cmd(const char *line, bool rewinds)
{
	struct strbuf out = STRBUF_INIT;

	cmd_interrupted = 0;
	if (cmd_exec_line(C, line, &out))
		status(UI_LOG_ERR, "%s", C->err);
	else
		T->status[0] = '\0';
	sb_release(&out);
	if (rewinds)
		rebase();
	else
		tui_log_pump(&T->log, C->sim, false);
	changed();
}

/* A key for the lesson; false if it is not one. */
static bool lesson_key(int k)
{
	const struct lesson_page *pg = lesson_page(C->lesson);
	char line[32];

	switch (k) {
	case ' ': case '\r': case '\n':
		if (pg->wait == LESSON_WAIT_REQUEST && lesson_watching(C->lesson)) {
			T->animating = false;
			step_once();
		} else if (pg->wait == LESSON_WAIT_KEY || pg->wait == LESSON_WAIT_REQUEST) {
			lesson_cmd("lesson next", false);
		} else if (pg->wait == LESSON_WAIT_ANSWER) {
			status(UI_LOG_NOTE, "the class answers first: 1..%d",
			       pg->v[pg->nr - 1].nr_choices);
		} else {
			status(UI_LOG_NOTE, "the end of the lesson: r starts it again, b goes back");
		}
		return true;
	case 'b':
		lesson_cmd("lesson back", true);
		return true;
	case 'r':
		lesson_cmd("lesson restart", true);
		return true;
	default:
		if (k >= '1' && k <= '9' && pg->wait == LESSON_WAIT_ANSWER) {
			if (k - '0' <= pg->v[pg->nr - 1].nr_choices) {
				snprintf(line, sizeof(line), "lesson answer %d", k - '0');
				lesson_cmd(line, false);
			}
			return true;
		}
		return false;
	}
}

/* ---- the quiz: its keys run `answer` and `quiz` rows (tui_quiz.c) ---- */

static void quiz_cmd(const char *line)
{
	struct strbuf out = STRBUF_INIT;
	int rc;

	if (!line[0])
		return;
	cmd_interrupted = 0;
	rc = cmd_exec_line(C, line, &out);
	tui_log_pump(&T->log, C->sim, false);
	tui_quiz_output(T, C, &out, rc);
	sb_release(&out);
	changed();
}

/* ---- keys ---- */

static void key_main(int k)
{
	bool armed = q_armed;
	char line[CMD_LINE_MAX];

	q_armed = false;
	T->status[0] = '\0';
	if (C->quiz && tui_quiz_key(T, C, k, line, sizeof(line))) {	/* the quiz's first */
		quiz_cmd(line);
		return;
	}
	if (C->lesson && lesson_key(k))	/* the lesson's keys first */
		return;
	switch (k) {
	case 's':
		T->animating = false;
		step_once();
		break;
	case 'n':
	case 'F':
		T->animating = false;
		key_next(k == 'F');
		break;
	case 'c':
		T->animating = true;
		next_due = now_ms();
		break;
	case 'b':	/* time travel: what `back` and `forward` do, in the log */
	case 'B':	/* (a lesson's b is its own: lesson_key) */
		if (C->lesson) {
			status(UI_LOG_NOTE, "in a lesson, b goes back a step and Space goes on");
			break;
		}
		T->animating = false;
		run_command(k == 'b' ? "back" : "forward");
		T->after_cmd = false;
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
	case 'f':
		T->full = !T->full;
		break;
	case 'l':
		T->legend = true;
		T->help_scroll = 0;
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
	case 'q':	/* in front of a class, one stray q must not end the lesson */
		if (C->lesson && !armed) {
			status(UI_LOG_NOTE, "q again to quit the lesson and buddyscope");
			q_armed = true;
			return;
		}
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

/*
 * A key on the command line. Right after a command printed into the log, a
 * `q` on the empty line is taken for "close the output" (there is no popup
 * to close): it is dropped, unless `u` follows ("quit").
 */
static void cmdline_feed(int k)
{
	bool after = T->after_cmd;

	T->after_cmd = false;
	if (k == 27) {
		T->q_pending = false;
		T->mode = MODE_KEYS;
		return;
	}
	if (T->q_pending) {
		T->q_pending = false;
		T->status[0] = '\0';
		if (k == 'u' || k == '\t')
			cmdline_key('q');
	} else if (k == 'q' && after && !T->line[0]) {
		T->q_pending = true;
		status(UI_LOG_NOTE, "q: no popup is open (the output is in the log)");
		return;
	}
	cmdline_key(k);
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
	if (T->legend) {	/* the arrows scroll the legend, any other key closes it */
		int max = tui_legend_rows() - (T->rows - 4);

		if (k == TK_DOWN || k == TK_PGDN)
			T->help_scroll += k == TK_DOWN ? 1 : T->rows / 2;
		else if (k == TK_UP || k == TK_PGUP)
			T->help_scroll -= k == TK_UP ? 1 : T->rows / 2;
		else
			T->legend = false;
		if (T->help_scroll > max)
			T->help_scroll = max;
		if (T->help_scroll < 0)
			T->help_scroll = 0;
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
		cmdline_feed(k);
		break;
	case MODE_PROMPT_PFN:
		tui_pfn_key(T, C, k);
		break;
	case MODE_COMPARE:
		if (k == ':' || k == '\r' || k == '\n') {
			T->mode = MODE_CMDLINE;
			break;
		}
		tui_compare_key(T, C, k);
		break;
	case MODE_ANSWER: {
		char line[CMD_LINE_MAX];

		if (tui_quiz_answer_key(T, k, line, sizeof(line)))
			quiz_cmd(line);
		break;
	}
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
	bool cursor = T->mode == MODE_CMDLINE || T->mode == MODE_PROMPT_PFN ||
		      T->mode == MODE_ANSWER;

	tui_render(T, C, frame);
	crt_blit(frame, cursor && !T->popup.open ? T->cmdline_x : -1, T->cmdline_y);
	need_draw = false;
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
	long long t = now_ms();
	char bar[21];

	(void)ctx;
	if (done < total && t - last < 100)
		return;
	last = t;
	for (unsigned long i = 0; i < 20; i++)
		bar[i] = i < pct / 5 ? '#' : '.';
	bar[20] = '\0';
	status(UI_LOG_NOTE, "%s [%s] %3lu%% %lu/%lu", what, bar, pct, done, total);
	if (progress_frame) {
		T->gen++;
		tui_sync(T, C);
		draw(progress_frame);
	}
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
			else
				next_due = -1;
		}
	}
}

int tui_run(struct cmd_ctx *ctx)
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
	ctx->keep_compare = true;	/* `compare` stays on the screen side by side */
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
	{
		char hello[256];

		snprintf(hello, sizeof(hello), "buddyscope: the %s page allocator. "
			 "':' opens the command line ('help' lists the commands), '?' the keys.",
			 sim_kernel(ctx->sim)->release);
		tui_log_text(&t.log, UI_LOG_NOTE, hello);
	}
	if (ctx->lesson)
		t.focus = PANE_LESSON;
	need_draw = true;
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
