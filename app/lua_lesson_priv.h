/* app/lua_lesson_priv.h - the inside of a lesson, shared by the runner
 * (lua_lesson.c: lesson.h), the functions lessons call (lua_lesson_fns.c:
 * lesson{}, say, pause, predict, expect, watch) and the `lesson` command
 * (lua_lesson_cmd.c).
 */
#ifndef BUDDYSCOPE_APP_LUA_LESSON_PRIV_H
#define BUDDYSCOPE_APP_LUA_LESSON_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include "commands.h"
#include "lesson.h"
#include "lua_priv.h"

#define LESSON_MAX_PREDICTS	256

struct prompt_rec {
	enum lesson_event kind;
	char		*text;		/* owned; from strdup() */
	char		*choices[LESSON_MAX_CHOICES];	/* owned */
	int		nr_choices;
	int		answer;
	int		reply;		/* PREDICT/REVEAL: the class's choice or -1 */
	bool		failed;
	char		*reveal;	/* PREDICT: the REVEAL text; owned */
};

/* A growing array of prompts. */
struct prompt_list {
	struct prompt_rec *v;		/* owned; [cap] */
	int		n, cap;
};

enum resume_kind { RESUME_NONE, RESUME_BOOL, RESUME_REPLY };

struct lesson {
	struct cmd_ctx	*ctx;		/* borrowed */
	char		*path;		/* owned */
	struct script	*S;		/* owned; a fresh state per run */
	lua_State	*co;		/* the lesson's coroutine, anchored by co_ref */
	int		co_ref;
	char		*title;		/* owned */
	char		*goals[16];	/* owned */
	int		nr_goals;
	char		machine[CMD_LINE_MAX];	/* machine= as `machine` takes it (a
					 * relative file: below the lesson's folder) */
	char		kernel[8];	/* "4.5": the lesson's kernel = ... (default 4.5) */
	uint64_t	seed;
	bool		header_pending;	/* lesson{} ran; boot at the first resume */
	bool		silent;		/* replaying to a step: no recording marker */
	bool		marked;		/* start_mark holds the lesson's start */
	uint64_t	start_mark;	/* history mark of the state after its boot */
	bool		finished;	/* returned or raised */
	bool		errored;
	struct prompt_list queue;	/* made by the coroutine, not yet on a page */
	/* the step on show */
	struct prompt_list page;
	struct lesson_prompt *view;	/* owned; [page.cap]: page as lesson_prompts */
	struct lesson_page pg;
	int		step;		/* pages handed out in this run */
	int		nr_steps;	/* from the silent run at open, or more */
	uint64_t	serial;		/* pages handed out since open */
	uint64_t	watch_serial;	/* ctx->step.serial of the request of a WATCH */
	/* predict{}: the answers the class gave, by predict number, for replays */
	int		nr_predicts;
	int		replies[LESSON_MAX_PREDICTS];
	/* what the yielded function returns when resumed */
	enum resume_kind resume;
	bool		resume_bool;
	int		resume_reply, resume_answer;
	int		nr_ok, nr_failed;
};

void rec_free(struct prompt_rec *p);
/* Append a prompt (text copied). Return: the record, or NULL (no memory). */
struct prompt_rec *prompt_push(struct prompt_list *pl, enum lesson_event kind, const char *text);
void prompt_list_clear(struct prompt_list *pl);
/* Queue a prompt made by the lesson; NULL when out of memory. */
struct prompt_rec *queue_push(struct lesson *l, enum lesson_event kind, const char *text);
/* print() output becomes narration, ahead of the prompt that follows it. */
void flush_output(struct lesson *l);
/* A prompt as plain text; @reply >= 0 adds "(the class answers ...)". */
void format_prompt(const struct lesson_prompt *p, int reply, struct strbuf *out);
/* Does a prompt of @kind end a step? */
bool prompt_ends_step(enum lesson_event kind);

#endif
