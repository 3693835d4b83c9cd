/* app/lua_lesson_priv.h - the inside of a lesson, shared by the runner
 * (lua_lesson.c: lesson.h) and the functions lessons call
 * (lua_lesson_fns.c: lesson{}, say, pause, predict, expect).
 */
#ifndef BUDDYSCOPE_APP_LUA_LESSON_PRIV_H
#define BUDDYSCOPE_APP_LUA_LESSON_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include "lesson.h"
#include "lua_priv.h"

#define QUEUE_MAX	64

struct prompt_rec {
	enum lesson_event kind;
	char		*text;		/* owned; from strdup() */
	char		*choices[LESSON_MAX_CHOICES];	/* owned */
	int		nr_choices;
	int		answer;
	bool		failed;
	char		*reveal;	/* PREDICT: the REVEAL text; owned */
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
	char		machine[64];
	char		kernel[8];	/* "4.5": the lesson's kernel = ... (default 4.5) */
	uint64_t	seed;
	bool		header_pending;	/* lesson{} ran; boot at the first resume */
	bool		finished;	/* returned or raised */
	bool		errored;
	struct prompt_rec queue[QUEUE_MAX];
	int		qhead, qlen;
	struct prompt_rec cur;		/* the prompt handed out last */
	int		step;		/* prompts handed out in this run */
	/* predict{}: the answers the class gave, by predict number, for replays */
	bool		awaiting_reply;
	int		nr_predicts;
	int		replies[256];
	/* what the yielded function returns when resumed */
	enum resume_kind resume;
	bool		resume_bool;
	int		resume_reply, resume_answer;
	int		nr_ok, nr_failed;
};

void rec_free(struct prompt_rec *p);
/* Queue a prompt (text copied); the oldest is dropped when the queue is full. */
struct prompt_rec *queue_push(struct lesson *l, enum lesson_event kind, const char *text);
/* print() output becomes narration, ahead of the prompt that follows it. */
void flush_output(struct lesson *l);
/* A prompt as plain text; @reply >= 0 adds "(the class answers ...)". */
void format_prompt(const struct lesson_prompt *p, int reply, struct strbuf *out);

#endif
