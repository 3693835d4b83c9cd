/* app/tui_lesson.c - the Lesson pane: what a Lua lesson says, its pauses,
 * its predictions with numbered choices, and the reveal. The driver in
 * tui_main.c calls lesson_resume() (lesson.h) and hands each prompt here;
 * this file copies what it keeps, since a prompt's strings live only until
 * the next lesson_* call.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tui_lesson_add(struct tui_lesson *l, enum ui_color color, const char *text)
{
	int i;

	if (l->count == TUI_LESSON_LINES) {
		free(l->lines[l->head]);
		l->lines[l->head] = NULL;
		l->head = (l->head + 1) % TUI_LESSON_LINES;
		l->count--;
	}
	i = (l->head + l->count) % TUI_LESSON_LINES;
	l->lines[i] = strdup(text ? text : "");
	l->colors[i] = (uint8_t)color;
	if (l->lines[i])
		l->count++;
	l->scroll = 0;
}

static void free_prompt(struct tui_lesson *l)
{
	free(l->ptext);
	l->ptext = NULL;
	for (int i = 0; i < LESSON_MAX_CHOICES; i++) {
		free(l->pchoices[i]);
		l->pchoices[i] = NULL;
	}
}

void tui_lesson_clear(struct tui_lesson *l)
{
	for (int i = 0; i < TUI_LESSON_LINES; i++) {
		free(l->lines[i]);
		l->lines[i] = NULL;
	}
	l->head = l->count = 0;
	free_prompt(l);
	memset(&l->prompt, 0, sizeof(l->prompt));
	l->waiting = l->done = false;
	l->scroll = 0;
}

void tui_lesson_show(struct tui_lesson *l, const struct lesson_prompt *p)
{
	char buf[512];

	free_prompt(l);
	l->prompt = *p;
	l->ptext = strdup(p->text ? p->text : "");
	l->prompt.text = l->ptext;
	for (int i = 0; i < p->nr_choices && i < LESSON_MAX_CHOICES; i++) {
		l->pchoices[i] = strdup(p->choices[i] ? p->choices[i] : "");
		l->prompt.choices[i] = l->pchoices[i];
	}
	l->waiting = false;
	switch (p->kind) {
	case LESSON_SAY:
		tui_lesson_add(l, UI_LESSON, l->ptext);
		break;
	case LESSON_PAUSE:
		if (l->ptext && *l->ptext)
			tui_lesson_add(l, UI_LESSON, l->ptext);
		l->waiting = true;
		break;
	case LESSON_PREDICT:
		tui_lesson_add(l, UI_LESSON_PROMPT, l->ptext);
		for (int i = 0; i < p->nr_choices && i < LESSON_MAX_CHOICES; i++) {
			snprintf(buf, sizeof(buf), "  %d) %s", i + 1, l->pchoices[i] ? l->pchoices[i] : "");
			tui_lesson_add(l, UI_LESSON_PROMPT, buf);
		}
		l->waiting = true;
		break;
	case LESSON_REVEAL:
		tui_lesson_add(l, l->answered == p->answer ? UI_LESSON_RIGHT : UI_LESSON_WRONG,
			       l->ptext);
		break;
	case LESSON_EXPECT:
		snprintf(buf, sizeof(buf), "%s %s", p->failed ? glyph_str(G_CROSS) : glyph_str(G_CHECK),
			 l->ptext);
		tui_lesson_add(l, p->failed ? UI_LESSON_WRONG : UI_LESSON_RIGHT, buf);
		break;
	case LESSON_DONE:
		if (l->ptext && *l->ptext)
			tui_lesson_add(l, UI_LESSON, l->ptext);
		tui_lesson_add(l, UI_DIM, "(end of the lesson: r starts it again)");
		l->done = true;
		break;
	case LESSON_ERROR:
		tui_lesson_add(l, UI_LOG_ERR, l->ptext);
		l->done = true;
		break;
	}
}

struct wrapped {
	const char	*s[32];
	size_t		n[32];
	int		count;
};

static void collect(void *arg, const char *s, size_t len)
{
	struct wrapped *w = arg;

	if (w->count < 32) {
		w->s[w->count] = s;
		w->n[w->count] = len;
	}
	w->count++;
}

void tui_draw_lesson(struct tui_canvas *c, struct tui_rect r, const struct tui *t)
{
	const struct tui_lesson *l = &t->lesson;
	char title[160];
	const char *hint = NULL;
	int row = r.h - 1;

	if (l->prompt.step)
		snprintf(title, sizeof(title), "Lesson: %s (step %d)", l->title, l->prompt.step);
	else
		snprintf(title, sizeof(title), "Lesson: %s", l->title);
	canvas_title(c, r, title, t->focus == PANE_LESSON);
	if (l->waiting && l->prompt.kind == LESSON_PREDICT)
		hint = "1-9: your answer   b: back   r: restart";
	else if (l->waiting)
		hint = "Space/Enter: go on   b: back   r: restart";
	else if (l->done)
		hint = "r: restart   b: back";
	if (hint) {
		rect_printf(c, r, row--, 1, UI_KEY, "%s", hint);
	}
	for (int k = l->scroll; k < l->count && row >= 1; k++) {
		int i = (l->head + l->count - 1 - k) % TUI_LESSON_LINES;
		struct wrapped w = { .count = 0 };

		wrap_text(l->lines[i][0] ? l->lines[i] : " ", r.w - 2, collect, &w);
		if (w.count > 32)
			w.count = 32;
		for (int j = w.count - 1; j >= 0 && row >= 1; j--, row--)
			rect_printf(c, r, row, 1, (enum ui_color)l->colors[i], "%.*s", (int)w.n[j],
				    w.s[j]);
	}
}
