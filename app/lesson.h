/* app/lesson.h - a Lua lesson, one step at a time.
 *
 * A lesson is a coroutine: say(), expect(), pause(), predict{} and
 * watch(request) hand control back to the runner (app/lua_lesson.c). The
 * runner cuts the lesson into steps: a step is everything from one pause to
 * the next (its narration, its checks) and ends where the lesson waits for
 * the teacher: a pause (a key), a prediction (the class's answer), a request
 * to step (watch: the request is in the stepper, ctx->step, and is stepped
 * there by `step`/`next` or the screen's keys, exactly as one begun with
 * `start`), or the end. A lesson moves only when it is told to.
 *
 * Every run boots the lesson's machine with its seed, so a run is
 * deterministic: going back one step is a rewind of the simulation to the
 * lesson's start and a silent replay, with the answers the class gave, up to
 * the step before. The number of steps comes from one silent run when the
 * lesson is opened (a lesson that branches on the class's answers can have
 * more; the count then grows).
 *
 * Front ends drive a lesson through the `lesson` command (lua_lesson_cmd.c:
 * `lesson next`, `lesson answer N`, `lesson back`, ...) and read the step
 * to show with lesson_page().
 */
#ifndef BUDDYSCOPE_APP_LESSON_H
#define BUDDYSCOPE_APP_LESSON_H

#include <stdbool.h>
#include <stdint.h>
#include "buddyscope/strbuf.h"

struct cmd_ctx;
struct lesson;

enum lesson_event {
	LESSON_SAY,		/* narration */
	LESSON_PAUSE,		/* wait for a key (its text, if any, is narration too) */
	LESSON_PREDICT,		/* ask the class; reply < 0 while waiting for the answer */
	LESSON_REVEAL,		/* after a PREDICT: the truth; failed if the class said otherwise */
	LESSON_EXPECT,		/* a check: passed, or failed */
	LESSON_WATCH,		/* a request is in the stepper: step it (text: what it is) */
	LESSON_DONE,		/* the lesson ended (text: the checks' count) */
	LESSON_ERROR,		/* a Lua error: text holds the message and traceback */
};

#define LESSON_MAX_CHOICES	8

struct lesson_prompt {
	enum lesson_event kind;
	const char	*text;		/* valid until the next lesson_* call that moves */
	const char	*choices[LESSON_MAX_CHOICES];
	int		nr_choices;	/* PREDICT */
	int		answer;		/* PREDICT/REVEAL: index of the right choice */
	int		reply;		/* PREDICT/REVEAL: the class's choice, -1 if none yet */
	bool		failed;		/* EXPECT: the check failed; REVEAL: a wrong answer */
};

/* What the step waits for at its end. */
enum lesson_wait {
	LESSON_WAIT_KEY,	/* pause(): `lesson next` goes on */
	LESSON_WAIT_ANSWER,	/* predict{}: `lesson answer N` */
	LESSON_WAIT_REQUEST,	/* watch(): step the request; `lesson next` finishes it and goes on */
	LESSON_WAIT_END,	/* done, or stopped by an error */
};

/* One step: its prompts, in order. A step that follows a prediction starts
 * with that PREDICT (with its reply) and the REVEAL. */
struct lesson_page {
	int		step;		/* 1-based number of this step */
	int		nr_steps;	/* steps in the lesson (>= step) */
	enum lesson_wait wait;
	int		nr;
	const struct lesson_prompt *v;	/* [nr]; valid until the lesson moves */
	uint64_t	serial;		/* differs for every page handed out */
};

/* Load @path against @ctx and count its steps with a silent run. Nothing
 * is shown yet: lesson_next() gives the first step. Return: 0 and *out, or
 * -1 with ctx->err set (file missing, syntax error, no lesson{} header). */
int lesson_open(struct cmd_ctx *ctx, const char *path, struct lesson **out);
void lesson_close(struct lesson *l);
const char *lesson_title(const struct lesson *l);
const char *lesson_path(const struct lesson *l);
/* The step on show (step 0 with no prompts before the first lesson_next). */
const struct lesson_page *lesson_page(const struct lesson *l);
/* Is the request of a WAIT_REQUEST step still being stepped? */
bool lesson_watching(const struct lesson *l);
/* Checks so far in this run; did the lesson stop with an error? */
void lesson_checks(const struct lesson *l, int *ok, int *failed, bool *errored);

/*
 * Go on to the next step. At a WAIT_REQUEST step the request is first run
 * to its end, its stages told in @out (as `next` tells them; @out may be
 * NULL); @reply is the class's answer at a WAIT_ANSWER step (0-based).
 * Return: 0, or -1 with ctx->err (no answer given to a prediction, an
 * answer out of range, the lesson is over, host out of memory).
 */
int lesson_next(struct lesson *l, int reply, struct strbuf *out);
/* To step @step (1-based; clamped to the lesson's steps): rewind the
 * simulation to the lesson's start and replay silently, with the class's
 * answers (or, past them, the right ones). Return: 0 or -1. */
int lesson_goto(struct lesson *l, int step);
/* From the top, forgetting the class's answers. Return: 0 or -1. */
int lesson_restart(struct lesson *l);

#endif
