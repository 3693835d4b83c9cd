/* app/lesson.h - running a Lua lesson one prompt at a time.
 * The lesson is a coroutine: narration, pause() and predict{} hand control
 * back to the front end, which shows them (the TUI's lesson pane, or plain
 * text in batch mode) and resumes it. Implemented in app/lua_lesson.c; the
 * TUI and main.c use only this header.
 */
#ifndef BUDDYSCOPE_APP_LESSON_H
#define BUDDYSCOPE_APP_LESSON_H

#include <stdbool.h>

struct cmd_ctx;
struct lesson;

enum lesson_event {
	LESSON_SAY,		/* narration text to show; resume at once or on a key */
	LESSON_PAUSE,		/* wait for a key (batch: go on) */
	LESSON_PREDICT,		/* ask the class; resume with the chosen index */
	LESSON_REVEAL,		/* after a PREDICT: the truth and whether they were right */
	LESSON_EXPECT,		/* an expect() passed (text) or failed (failed = true) */
	LESSON_DONE,		/* the lesson ended */
	LESSON_ERROR,		/* a Lua error: text holds the message and traceback */
};

#define LESSON_MAX_CHOICES	8

struct lesson_prompt {
	enum lesson_event kind;
	const char	*text;		/* valid until the next lesson_* call */
	const char	*choices[LESSON_MAX_CHOICES];
	int		nr_choices;	/* PREDICT */
	int		answer;		/* PREDICT/REVEAL: index of the right choice */
	bool		failed;		/* EXPECT: the check failed */
	int		step;		/* 1-based number of this prompt in the lesson */
};

/* Load @path (a lesson file) against @ctx's simulation. Return: 0 and *out,
 * or -1 with ctx->err set (file missing, syntax error: one line). */
int lesson_open(struct cmd_ctx *ctx, const char *path, struct lesson **out);
const char *lesson_title(const struct lesson *l);
/* Run the lesson until its next prompt. @reply: the choice for a pending
 * PREDICT (-1 if none). Return: 0 with *out filled, or -1 on a host error. */
int lesson_resume(struct lesson *l, int reply, struct lesson_prompt *out);
/* Start again from the top (the lesson's machine and seed are booted anew). */
int lesson_restart(struct lesson *l);
/* Go back one prompt: restart and replay to the prompt before the current. */
int lesson_back(struct lesson *l, struct lesson_prompt *out);
void lesson_close(struct lesson *l);

#endif
