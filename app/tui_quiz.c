/* app/tui_quiz.c - the quiz on the screen: the Quiz pane and its keys.
 *
 * While a `quiz` session runs (quiz_session.c), the screen gives the
 * problem a pane across its top and the problem's machine to the panes
 * below it (the zones and their free_area, the page map, the tasks), as the
 * setup left it. The student types the answer on the bottom line
 * ("your answer: ", open as each question is posed) and presses Enter; the
 * pane then says right or wrong, gives the worked solution, and the panes
 * show the machine after the engine ran the question. Enter, Space or n
 * asks the next question; after the last, a popup gives the score.
 *
 *   typing, Enter    answer                 Esc   leave the answer line
 *   Enter, Space, n  next question          a     back to the answer line
 *   q q              stop the quiz (score)  :     a command, to look closer
 *
 * The keys run the `answer` and `quiz next|stop` rows of the command table
 * (tui_main.c runs what tui_quiz_key returns), as typing them would; this
 * file changes nothing but the view.
 */
#include "tui.h"

#include <stdio.h>
#include <string.h>
#include "quiz.h"

/* ---- the pane ---- */

struct qrender {
	struct tui_canvas *c;		/* NULL: count lines only */
	struct tui_rect	r;
	int		line;		/* lines laid out so far */
	int		first, rows;	/* the first line shown, text rows */
	enum ui_color	color;
	int		indent;		/* of the line being wrapped */
	bool		cont;		/* its next piece is a continuation */
	int		key_lines;	/* lines up to the end of what matters
					 * most: the question, or the verdict
					 * and the worked solution */
};

static void qput(void *arg, const char *s, size_t len)
{
	struct qrender *q = arg;
	int row = q->line - q->first, col = 1 + q->indent + (q->cont ? 2 : 0);

	if (q->c && row >= 0 && row < q->rows)
		rect_printf(q->c, q->r, 1 + row, col, q->color, "%.*s", (int)len, s);
	q->line++;
	q->cont = true;
}

/*
 * The generator writes its prose wrapped by hand for an 80-column
 * terminal (`quiz pose` prints it as it is), so a pane of 80 columns, two
 * of them its border and a few the indent, would cut each such line again
 * and leave a word or two alone on a line ("for an", "flags"). A line
 * that the author broke only because the next word did not fit joins the
 * next line again: the same indent, text that goes on (not a row ending in
 * a number, a heading ending in ':', a sentence or a question that ends
 * there: the question asked starts its own line) and long enough that the next
 * word would have passed QUIZ_HAND_WRAP columns.
 */
#define QUIZ_HAND_WRAP	72

static size_t lead_of(const char *s, size_t len)
{
	size_t lead = strspn(s, " ");

	return lead < len ? lead : len;
}

static bool hand_wrapped(const char *s, size_t len, const char *next, size_t nlen)
{
	size_t lead = lead_of(s, len), nlead = lead_of(next, nlen);
	char last = len ? s[len - 1] : ':';

	if (lead != nlead || nlead == nlen || lead == len || strchr(":.?", last) ||
	    (last >= '0' && last <= '9'))
		return false;
	return len + 1 + strcspn(next + nlead, " \n") > QUIZ_HAND_WRAP;
}

/* @s, line by line as the generator wrote it (its hand-wrapped prose
 * joined again); a line too wide for the pane wraps at a blank, its
 * continuations indented two more than it (a row of numbers or a step of
 * the solution stays one block). */
static void qtext(struct qrender *q, enum ui_color color, int indent, const char *s)
{
	q->color = color;
	do {
		size_t len = strcspn(s, "\n"), lead = lead_of(s, len), n;
		char line[2048];

		n = (size_t)snprintf(line, sizeof(line), "%.*s", (int)(len - lead), s + lead);
		s += len + (s[len] == '\n');
		while (*s && n < sizeof(line) - 1 && hand_wrapped(s - len - 1, len, s,
								   strcspn(s, "\n"))) {
			size_t nlen = strcspn(s, "\n");

			n += (size_t)snprintf(line + n, n < sizeof(line) ? sizeof(line) - n : 0,
					      " %.*s", (int)(nlen - lead), s + lead);
			if (n >= sizeof(line))
				n = sizeof(line) - 1;
			len = nlen;
			s += nlen + (s[nlen] == '\n');
		}
		q->indent = indent + (int)lead;
		q->cont = false;
		if (!line[0])
			qput(q, "", 0);
		else
			wrap_text(line, q->r.w - 2 - q->indent - 2, qput, q);
	} while (*s);
}

static int render(struct qrender *q, const struct quiz_view *v)
{
	const struct quiz_problem *p = v->p;
	char buf[400];

	if (v->answered) {
		if (v->last_right)
			snprintf(buf, sizeof(buf), "%s RIGHT: %s", glyph_str(G_CHECK),
				 sb_str(&p->answer));
		else
			snprintf(buf, sizeof(buf), "%s WRONG: you said \"%s\"; the answer is %s",
				 glyph_str(G_CROSS), v->given, sb_str(&p->answer));
		qtext(q, v->last_right ? UI_LESSON_RIGHT : UI_LESSON_WRONG, 0, buf);
		qtext(q, UI_BOLD, 0, "Why:");
		qtext(q, UI_LESSON, 2, sb_str(&p->why));
		q->key_lines = q->line;
		qtext(q, UI_DIM, 0, "The panes now show the machine after the engine ran the question.");
		qtext(q, UI_DEFAULT, 0, "");
		qtext(q, UI_DIM, 0, "The question was:");
	}
	/* the question first, so a small screen shows what is asked */
	qtext(q, v->answered ? UI_DIM : UI_LESSON_PROMPT, 0, sb_str(&p->question));
	if (!v->answered)
		q->key_lines = q->line;
	snprintf(buf, sizeof(buf), "Machine: %s, set up with these commands (the panes show the "
		 "state they leave; ':' runs a command to look closer):", p->machine);
	qtext(q, UI_DIM, 0, buf);
	qtext(q, UI_VALUE, 4, p->setup.len ? sb_str(&p->setup) : "(none: the machine as it boots)");
	return q->line;
}

int tui_quiz_height(const struct cmd_ctx *ctx, int width, int *key)
{
	struct qrender q = { NULL, { 0, 0, width, 0 }, 0, 0, 0, UI_LESSON, 0, false, 0 };
	struct quiz_view v;
	int h;

	*key = 0;
	if (!quiz_session_view(ctx, &v))
		return 0;
	h = render(&q, &v) + 2;		/* the title and the keys */
	*key = q.key_lines + 2;
	return h;
}

static const char *hint(const struct quiz_view *v, const struct tui *t)
{
	if (v->answered)
		return v->number >= v->count ? "Enter/Space: your score   q q: stop"
					     : "Enter/Space/n: next question   q q: stop";
	if (t->mode == MODE_ANSWER)
		return "type your answer, Enter checks it   Esc: the keys";
	return "Enter or a: answer   q q: stop the quiz   : command";
}

void tui_draw_quiz(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		   struct tui *t)
{
	struct tui_quiz *tq = &t->quiz;
	struct quiz_view v;
	struct qrender q;
	char title[200];
	int total, rows = r.h - 2;

	if (!quiz_session_view(ctx, &v) || r.h < 3)
		return;
	q = (struct qrender){ NULL, r, 0, 0, rows, UI_LESSON, 0, false, 0 };
	total = render(&q, &v);
	if (tq->scroll > total - rows)
		tq->scroll = total - rows;
	if (tq->scroll < 0)
		tq->scroll = 0;
	tq->lines = total;
	snprintf(title, sizeof(title), "Quiz: question %u of %u %s %s %s %s %s score %u of %u",
		 v.number, v.count, glyph_str(G_HLINE), quiz_topic_name(v.p->topic),
		 glyph_str(G_HLINE), v.p->kernel, glyph_str(G_HLINE), v.right,
		 v.number - (v.answered ? 0 : 1));
	canvas_title(c, r, title, t->focus == PANE_QUIZ);
	q = (struct qrender){ c, r, 0, tq->scroll, rows, UI_LESSON, 0, false, 0 };
	render(&q, &v);
	rect_printf(c, r, r.h - 1, 1, UI_KEY, "%s", hint(&v, t));
	if (tq->scroll + rows < total)
		rect_printf(c, r, r.h - 1, r.w - 16, UI_LOG_NOTE, "%s PgDn: more", glyph_str(G_MORE));
	else if (tq->scroll > 0)
		rect_printf(c, r, r.h - 1, r.w - 16, UI_LOG_NOTE, "PgUp: above   ");
}

/* ---- following the session ---- */

void tui_quiz_sync(struct tui *t, const struct cmd_ctx *ctx)
{
	struct tui_quiz *tq = &t->quiz;
	struct quiz_view v;

	if (!quiz_session_view(ctx, &v)) {
		if (tq->open && t->mode == MODE_ANSWER)
			t->mode = MODE_KEYS;
		if (tq->open && t->focus == PANE_QUIZ)
			t->focus = PANE_PAGEMAP;
		tq->open = false;
		return;
	}
	if (!tq->open || tq->number != v.number) {	/* a question posed: answer it */
		tq->open = true;
		tq->number = v.number;
		tq->answered = false;
		tq->scroll = 0;
		tq->input[0] = '\0';
		t->focus = PANE_QUIZ;
		t->full = false;
		t->mode = v.answered ? MODE_KEYS : MODE_ANSWER;
	}
	if (v.answered && !tq->answered) {		/* answered: the verdict from the top */
		tq->answered = true;
		tq->scroll = 0;
		if (t->mode == MODE_ANSWER)
			t->mode = MODE_KEYS;
	}
}

bool tui_quiz_command(const char *line)
{
	const char *w = line + strspn(line, " \t");
	size_t n = strcspn(w, " \t");

	return (n == 4 && !strncmp(w, "quiz", 4)) || (n == 6 && !strncmp(w, "answer", 6));
}

void tui_quiz_output(struct tui *t, const struct cmd_ctx *ctx, const struct strbuf *out, int rc)
{
	struct quiz_view v;

	if (rc) {
		char err[CMD_ERR_MAX + 8];

		snprintf(err, sizeof(err), "error: %s", ctx->err);
		tui_log_text(&t->log, UI_LOG_ERR, err);
		snprintf(t->status, sizeof(t->status), "%.150s", ctx->err);
		t->status_color = UI_LOG_ERR;
		return;
	}
	if (!quiz_session_view(ctx, &v)) {
		if (!strncmp(sb_str(out), "score: ", 7)) {	/* the end: the score */
			tui_popup_open(&t->popup, "Quiz over: your score", sb_str(out));
			tui_log_text(&t->log, UI_LOG_NOTE, sb_str(out));
		} else {
			tui_log_text(&t->log, UI_LOG_OUT, sb_str(out));
		}
		return;
	}
	/* the Quiz pane shows the question and the verdict: the log keeps a line */
	if (v.answered)
		snprintf(t->status, sizeof(t->status), "question %u: %s", v.number,
			 v.last_right ? "right" : "wrong");
	else
		snprintf(t->status, sizeof(t->status), "question %u of %u: in the Quiz pane",
			 v.number, v.count);
	t->status_color = v.answered && !v.last_right ? UI_LESSON_WRONG : UI_LESSON_RIGHT;
	tui_log_text(&t->log, UI_LOG_NOTE, t->status);
}

/* ---- keys ---- */

/* PgUp/PgDn: the Quiz pane scrolls wherever the focus is. */
static void scroll_page(struct tui *t, int k)
{
	int page = t->rect[PANE_QUIZ].h > 4 ? t->rect[PANE_QUIZ].h - 3 : 1;

	t->quiz.scroll += k == TK_PGDN ? page : -page;
}

/* The command for @k while the keys are the screen's; "" if the key was
 * taken without one. Return: false if it is not the quiz's key. */
bool tui_quiz_key(struct tui *t, const struct cmd_ctx *ctx, int k, char *cmd, size_t len)
{
	struct tui_quiz *tq = &t->quiz;
	bool armed = tq->q_armed;
	struct quiz_view v;

	cmd[0] = '\0';
	tq->q_armed = false;
	if (!quiz_session_view(ctx, &v))
		return false;
	if (k == 'q') {		/* a stray q must not end the quiz */
		if (!armed) {
			tq->q_armed = true;
			snprintf(t->status, sizeof(t->status), "q again stops the quiz and gives "
				 "your score");
			t->status_color = UI_LOG_NOTE;
			return true;
		}
		snprintf(cmd, len, "quiz stop");
		return true;
	}
	if (v.answered && (k == '\r' || k == '\n' || k == ' ' || k == 'n')) {
		snprintf(cmd, len, "quiz next");
		return true;
	}
	if (!v.answered && (k == '\r' || k == '\n' || k == 'a')) {
		t->mode = MODE_ANSWER;
		t->focus = PANE_QUIZ;
		return true;
	}
	if (k == TK_PGUP || k == TK_PGDN) {
		scroll_page(t, k);
		return true;
	}
	return false;
}

bool tui_quiz_answer_key(struct tui *t, int k, char *cmd, size_t len)
{
	struct tui_quiz *tq = &t->quiz;
	size_t n = strlen(tq->input);

	cmd[0] = '\0';
	switch (k) {
	case 27:
		t->mode = MODE_KEYS;
		return false;
	case '\r': case '\n':
		if (!tq->input[strspn(tq->input, " \t")]) {
			snprintf(t->status, sizeof(t->status), "type your answer first (Esc: the keys)");
			t->status_color = UI_LOG_NOTE;
			return false;
		}
		{	/* "answer X" typed out in full is the answer X */
			const char *a = tq->input + strspn(tq->input, " \t");

			if (!strncmp(a, "answer ", 7) && a[7 + strspn(a + 7, " \t")])
				a += 7;
			snprintf(cmd, len, "answer %s", a);
		}
		tq->input[0] = '\0';
		return true;
	case TK_BACKSPACE: case 127: case 8:
		while (n && ((unsigned char)tq->input[n - 1] & 0xc0) == 0x80)
			n--;	/* a whole UTF-8 character */
		if (n)
			tq->input[n - 1] = '\0';
		return false;
	case 21:	/* Ctrl-U */
		tq->input[0] = '\0';
		return false;
	case TK_PGUP: case TK_PGDN:
		scroll_page(t, k);
		return false;
	default:
		if (k >= ' ' && k < 256 && k != 127 && n + 1 < sizeof(tq->input)) {
			tq->input[n] = (char)k;
			tq->input[n + 1] = '\0';
		}
		return false;
	}
}
