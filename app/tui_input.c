/* app/tui_input.c - what the keys do on the screen (tui_main.c waits for
 * them): the debugger's keys (s step, n next, F finish, c continue, b/B
 * back and forward, p pause, the keys that move the panes), the lesson's
 * and the quiz's keys, which run `lesson` and `answer` rows as typing them
 * would, and the command line's Esc and stray `q`.
 */
#include "tui.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "buddyscope/sim.h"
#include "history.h"
#include "lesson.h"
#include "step.h"

static struct tui *T;
static struct cmd_ctx *C;

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
			tui_status(UI_STAGE_CURRENT, "breakpoint %d: %s runs next", i + 1,
			       alloc_stage_name(C->sim, st->req.stage));
			return true;
		}
		for (uint64_t cur = seq0; bp->kind == BP_EVENT &&
		     trace_read(C->sim, &cur, &ev, 1, NULL) == 1;)
			if ((int)ev.id == bp->id) {
				tui_status(UI_STAGE_CURRENT, "breakpoint %d: event %s", i + 1,
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
			tui_status(UI_LOG_NOTE, "no request in progress: ':start GFP_KERNEL 3' begins one");
			T->need_draw = true;
			return false;
		}
		sim_tick(C->sim, 1);
		history_note(C, "tick 1");	/* what `tick 1` does: an entry for back */
		tui_log_pump(&T->log, C->sim, true);
		tui_changed();
		return kthreads_busy();
	}
	cmd_interrupted = 0;
	rc = step_one(C, &out);
	tui_log_pump(&T->log, C->sim, false);
	tui_log_output("step", &out, rc < 0, false);
	sb_release(&out);
	T->status[0] = '\0';
	tui_changed();
	return rc > 0 && !breakpoint_hit(ran, seq0);
}

/* n: the next stage at this level; F: until the selected frame returns, or
 * the request a lesson watches to its end (what the lesson's keys say) */
static void key_next(bool finish)
{
	struct strbuf out = STRBUF_INIT;
	int rc;

	if (!C->step.active) {
		tui_status(UI_LOG_NOTE, "no request in progress: ':start GFP_KERNEL 3' begins one");
		return;
	}
	cmd_interrupted = 0;
	if (finish && C->lesson && lesson_watching(C->lesson))
		rc = step_to_end(C, &out);
	else
		rc = finish ? step_finish(C, &out) : step_next(C, &out);
	tui_log_pump(&T->log, C->sim, false);
	tui_log_output(finish ? "finish" : "next", &out, rc < 0, false);
	sb_release(&out);
	tui_changed();
}

void tui_animate(struct tui *t, struct cmd_ctx *ctx)
{
	T = t;
	C = ctx;
	T->next_due = -1;
	if (!step_once()) {
		T->animating = false;
		return;
	}
	tui_schedule();
}

/* ---- lessons: the keys run `lesson` rows, as typing them would ---- */

static void lesson_cmd(const char *line, bool rewinds)
{
	struct strbuf out = STRBUF_INIT;

	cmd_interrupted = 0;
	if (cmd_exec_line(C, line, &out))
		tui_status(UI_LOG_ERR, "%s", C->err);
	else
		T->status[0] = '\0';
	sb_release(&out);
	if (rewinds)
		tui_rebase();
	else
		tui_log_pump(&T->log, C->sim, false);
	tui_changed();
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
			tui_status(UI_LOG_NOTE, "the class answers first: 1..%d",
			       pg->v[pg->nr - 1].nr_choices);
		} else {
			tui_status(UI_LOG_NOTE, "the end of the lesson: r starts it again, b goes back");
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
	tui_changed();
}

/* ---- keys ---- */

static void key_main(int k)
{
	bool armed = T->q_armed;
	char line[CMD_LINE_MAX];

	T->q_armed = false;
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
		T->next_due = tui_now_ms();
		break;
	case 'b':	/* time travel: what `back` and `forward` do, in the log */
	case 'B':	/* (a lesson's b is its own: lesson_key) */
		if (C->lesson) {
			tui_status(UI_LOG_NOTE, "in a lesson, b goes back a step and Space goes on");
			break;
		}
		T->animating = false;
		tui_run_command(k == 'b' ? "back" : "forward");
		T->after_cmd = false;
		break;
	case 'p':
		T->animating = false;
		T->next_due = -1;
		tui_status(UI_LOG_NOTE, "paused");
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
			tui_status(UI_LOG_NOTE, "q again to quit the lesson and buddyscope");
			T->q_armed = true;
			return;
		}
		T->quit = true;
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
		tui_status(UI_LOG_NOTE, "q: no popup is open (the output is in the log)");
		return;
	}
	cmdline_key(k);
}

void tui_key(struct tui *t, struct cmd_ctx *ctx, int k)
{
	T = t;
	C = ctx;
	T->need_draw = true;
	if (k == TK_RESIZE) {
		crt_size(&T->cols, &T->rows);
		crt_invalidate();
		return;
	}
	if (T->too_small) {	/* only quitting makes sense */
		if (k == 'q' || k == 4)
			T->quit = true;
		return;
	}
	if (T->popup.open) {
		tui_popup_key(T, k);
		return;
	}
	if (T->legend) {	/* the arrows scroll the legend, any other key closes it */
		int max = tui_legend_rows(T->cols) - (T->rows - 4);

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
		else if (k == TK_HOME || k == TK_END)
			T->help_scroll = k == TK_HOME ? 0 : tui_help_rows(T->cols);
		/* no further than the last line at the bottom */
		if (T->help_scroll > tui_help_rows(T->cols) - (T->rows - 2))
			T->help_scroll = tui_help_rows(T->cols) - (T->rows - 2);
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
