/* app/lua_lesson.c - lessons (app/lesson.h): a lesson file runs as a
 * coroutine in its own sandboxed state; say, pause, predict and expect
 * queue a prompt and yield, so the front end shows each one and resumes the
 * lesson, and stepping the lesson and stepping the allocator interleave.
 *
 * lesson{title=..., goals={...}, machine="tiny", seed=1} must come first: it
 * yields before anything runs, so lesson_open() learns the title cheaply;
 * the machine is booted at the first lesson_resume(). Every run boots the
 * same machine with the same seed, so a restart replays exactly, and going
 * back one prompt is a restart that replays up to the prompt before, with
 * the answers the class gave.
 */
#include "lesson.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/sim.h"
#include "commands.h"
#include "lua_lesson_priv.h"
#include "record.h"

void rec_free(struct prompt_rec *p)
{
	free(p->text);
	free(p->reveal);
	for (int i = 0; i < p->nr_choices; i++)
		free(p->choices[i]);
	memset(p, 0, sizeof(*p));
}

struct prompt_rec *queue_push(struct lesson *l, enum lesson_event kind, const char *text)
{
	struct prompt_rec *p;

	if (l->qlen == QUEUE_MAX)	/* a runaway loop of say() in a callback */
		rec_free(&l->queue[(l->qhead + --l->qlen) % QUEUE_MAX]);
	p = &l->queue[(l->qhead + l->qlen++) % QUEUE_MAX];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->text = strdup(text ? text : "");
	return p;
}

/* print() output becomes narration, ahead of the prompt that follows it */
void flush_output(struct lesson *l)
{
	struct strbuf *sb = &l->S->outbuf;

	if (!sb->len)
		return;
	while (sb->len && sb->buf[sb->len - 1] == '\n')
		sb->buf[--sb->len] = '\0';
	queue_push(l, LESSON_SAY, sb_str(sb));
	sb_reset(sb);
}

/* ---- running a lesson ---- */

static void teardown(struct lesson *l)
{
	script_destroy(l->S);
	l->S = NULL;
	l->co = NULL;
	while (l->qlen) {
		rec_free(&l->queue[l->qhead]);
		l->qhead = (l->qhead + 1) % QUEUE_MAX;
		l->qlen--;
	}
	l->qhead = 0;
	rec_free(&l->cur);
	free(l->title);
	l->title = NULL;
	for (int i = 0; i < l->nr_goals; i++)
		free(l->goals[i]);
	l->nr_goals = 0;
	l->header_pending = l->finished = l->errored = l->awaiting_reply = false;
	l->step = l->nr_predicts = l->nr_ok = l->nr_failed = 0;
	l->resume = RESUME_NONE;
}

/* Load the file and run it up to its lesson{} header. */
static int start(struct lesson *l)
{
	struct cmd_ctx *ctx = l->ctx;
	struct strbuf msg = STRBUF_INIT;
	int status, nres;

	teardown(l);
	if (!(l->S = script_create(ctx, l)))
		return -1;
	l->co = lua_newthread(l->S->L);
	l->co_ref = luaL_ref(l->S->L, LUA_REGISTRYINDEX);
	script_run_begin(l->S);
	status = script_loadfile(l->S->L, l->path);
	if (status == LUA_OK) {
		lua_xmove(l->S->L, l->co, 1);
		status = lua_resume(l->co, l->S->L, 0, &nres);
		if (status == LUA_YIELD)
			lua_pop(l->co, nres);
	} else {
		lua_xmove(l->S->L, l->co, 1);
	}
	if (status == LUA_YIELD && l->header_pending) {
		script_run_end(l->S);
		return 0;
	}
	if (status == LUA_OK || status == LUA_YIELD) {
		cmd_error(ctx, "%s: not a lesson: it must start with lesson{title=..., ...}", l->path);
	} else {
		const char *nl;

		lua_xmove(l->co, l->S->L, 1);
		script_error_text(l->S, NULL, status, &msg);
		nl = strchr(sb_str(&msg), '\n');
		cmd_error(ctx, "%.*s", nl ? (int)(nl - msg.buf) : (int)msg.len, sb_str(&msg));
		sb_release(&msg);
	}
	script_run_end(l->S);
	teardown(l);
	return -1;
}

int lesson_open(struct cmd_ctx *ctx, const char *path, struct lesson **out)
{
	struct lesson *l = calloc(1, sizeof(*l));
	FILE *f;

	if (!l)
		return cmd_error(ctx, "out of memory");
	if (!(f = fopen(path, "r"))) {
		free(l);
		return cmd_error(ctx, "cannot open lesson %s: %s", path, strerror(errno));
	}
	fclose(f);
	l->ctx = ctx;
	l->path = strdup(path);
	if (!l->path || start(l)) {
		free(l->path);
		free(l);
		return -1;
	}
	*out = l;
	return 0;
}

const char *lesson_title(const struct lesson *l)
{
	return l->title ? l->title : "";
}

static void boot(struct lesson *l)
{
	struct cmd_ctx *ctx = l->ctx;
	struct strbuf sb = STRBUF_INIT, head = STRBUF_INIT;

	l->header_pending = false;
	ctx->seed = l->seed;
	sb_printf(&sb, "machine %s kernel=%s", l->machine, l->kernel);
	if (cmd_exec_line(ctx, sb_str(&sb), &sb)) {
		queue_push(l, LESSON_ERROR, ctx->err);
		l->finished = l->errored = true;
		sb_release(&sb);
		return;
	}
	sb_release(&sb);
	l->S->ev_cursor = trace_next_seq(ctx->sim);
	sb_printf(&head, "=== %s ===\n", l->title);
	if (l->nr_goals)
		sb_puts(&head, "Goals:\n");
	for (int i = 0; i < l->nr_goals; i++)
		sb_printf(&head, "  - %s\n", l->goals[i]);
	sb_printf(&head, "Machine: %s (%s), seed %llu\nKernel: %s", sim_machine(ctx->sim)->name,
		  sim_machine(ctx->sim)->summary, (unsigned long long)l->seed,
		  sim_kernel(ctx->sim)->release);
	queue_push(l, LESSON_SAY, sb_str(&head));
	sb_release(&head);
}

static void run_coroutine(struct lesson *l)
{
	lua_State *L = l->S->L, *co = l->co;
	int status, nres, nargs = 0;

	script_run_begin(l->S);
	if (l->resume == RESUME_BOOL) {
		lua_pushboolean(co, l->resume_bool);
		nargs = 1;
	} else if (l->resume == RESUME_REPLY) {
		int reply = l->resume_reply < 0 ? l->resume_answer : l->resume_reply;

		lua_pushinteger(co, reply + 1);
		lua_pushboolean(co, reply == l->resume_answer);
		nargs = 2;
	}
	l->resume = RESUME_NONE;
	status = lua_resume(co, L, nargs, &nres);
	if (status == LUA_YIELD) {
		lua_pop(co, nres);
	} else if (status == LUA_OK) {
		char text[96];

		flush_output(l);
		snprintf(text, sizeof(text), "%d check%s passed, %d failed", l->nr_ok,
			 l->nr_ok == 1 ? "" : "s", l->nr_failed);
		queue_push(l, LESSON_DONE, text);
		l->finished = true;
	} else {
		struct strbuf msg = STRBUF_INIT;

		flush_output(l);
		lua_xmove(co, L, 1);
		script_error_text(l->S, co, status, &msg);
		queue_push(l, LESSON_ERROR, sb_str(&msg));
		sb_release(&msg);
		l->finished = l->errored = true;
	}
	script_run_end(l->S);
}

static void hand_out(struct lesson *l, struct lesson_prompt *out)
{
	rec_free(&l->cur);
	l->cur = l->queue[l->qhead];
	l->qhead = (l->qhead + 1) % QUEUE_MAX;
	l->qlen--;
	memset(out, 0, sizeof(*out));
	out->kind = l->cur.kind;
	out->text = l->cur.text;
	out->nr_choices = l->cur.kind == LESSON_PREDICT ? l->cur.nr_choices : 0;
	for (int i = 0; i < out->nr_choices; i++)
		out->choices[i] = l->cur.choices[i];
	out->answer = l->cur.answer;
	out->failed = l->cur.failed;
	out->step = ++l->step;
	record_marker("lesson step %d", out->step);
	if (l->cur.kind == LESSON_PREDICT) {
		l->awaiting_reply = true;
		l->nr_predicts++;
	}
}

int lesson_resume(struct lesson *l, int reply, struct lesson_prompt *out)
{
	if (!l->S)
		return -1;
	if (l->awaiting_reply) {
		struct prompt_rec *r;
		const struct prompt_rec pred = l->cur;
		int k = l->nr_predicts - 1;
		bool right = reply == pred.answer;

		l->awaiting_reply = false;
		if (reply >= pred.nr_choices)
			reply = -1;
		if (k < (int)(sizeof(l->replies) / sizeof(l->replies[0])))
			l->replies[k] = reply;
		l->resume_reply = reply;
		/* the reveal goes ahead of anything queued */
		l->qhead = (l->qhead + QUEUE_MAX - 1) % QUEUE_MAX;
		if (l->qlen == QUEUE_MAX)
			rec_free(&l->queue[l->qhead]);
		else
			l->qlen++;
		r = &l->queue[l->qhead];
		memset(r, 0, sizeof(*r));
		r->kind = LESSON_REVEAL;
		r->text = strdup(pred.reveal ? pred.reveal : "");
		r->answer = pred.answer;
		r->failed = reply >= 0 && !right;
	}
	while (!l->qlen) {
		if (l->finished) {
			memset(out, 0, sizeof(*out));
			out->kind = l->errored ? LESSON_ERROR : LESSON_DONE;
			out->text = l->cur.text ? l->cur.text : "";
			out->step = l->step;
			return 0;
		}
		if (l->header_pending)
			boot(l);
		else
			run_coroutine(l);
	}
	hand_out(l, out);
	return 0;
}

int lesson_restart(struct lesson *l)
{
	memset(l->replies, 0, sizeof(l->replies));
	return start(l);
}

int lesson_back(struct lesson *l, struct lesson_prompt *out)
{
	int target = l->step - 1, reply = -1, k = 0;

	if (target < 1)
		target = 1;
	if (start(l))
		return -1;
	do {
		if (lesson_resume(l, reply, out))
			return -1;
		reply = -1;
		if (out->kind == LESSON_PREDICT)
			reply = k < 256 ? l->replies[k++] : -1;
		if (out->kind == LESSON_DONE || out->kind == LESSON_ERROR)
			break;
	} while (out->step < target);
	return 0;
}

void lesson_close(struct lesson *l)
{
	if (!l)
		return;
	teardown(l);
	free(l->path);
	free(l);
}

