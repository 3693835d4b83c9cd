/* app/lua_lesson.c - lessons (app/lesson.h): a lesson file runs as a
 * coroutine in its own sandboxed state; say, pause, predict, expect and
 * watch queue a prompt and yield, and the runner gathers the prompts into
 * steps (pages), each ending where the lesson waits for the teacher.
 *
 * lesson{title=..., goals={...}, machine="tiny", seed=1} must come first: it
 * yields before anything runs, so the title is known cheaply; the machine
 * is booted at the first resume. Every run boots the same machine with the
 * same seed, so a run replays exactly: going back is a rewind and a silent
 * replay up to the step before, with the answers the class gave.
 */
#include "lesson.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/sim.h"
#include "commands.h"
#include "history.h"
#include "fileaccess.h"
#include "record.h"
#include "lua_lesson_priv.h"

#define PAGE_MAX_PROMPTS	4096	/* a step that says more is a runaway loop */

void rec_free(struct prompt_rec *p)
{
	free(p->text);
	free(p->reveal);
	for (int i = 0; i < p->nr_choices; i++)
		free(p->choices[i]);
	memset(p, 0, sizeof(*p));
}

/* Room for one more prompt. Return: 0, or -1 (no memory). */
static int list_reserve(struct prompt_list *pl)
{
	int cap = pl->cap ? 2 * pl->cap : 16;
	struct prompt_rec *v;

	if (pl->n < pl->cap)
		return 0;
	if (!(v = realloc(pl->v, (size_t)cap * sizeof(*v))))
		return -1;
	pl->v = v;
	pl->cap = cap;
	return 0;
}

struct prompt_rec *prompt_push(struct prompt_list *pl, enum lesson_event kind, const char *text)
{
	struct prompt_rec *p;

	if (list_reserve(pl))
		return NULL;
	p = &pl->v[pl->n];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->reply = -1;
	if (!(p->text = strdup(text ? text : "")))
		return NULL;
	pl->n++;
	return p;
}

void prompt_list_clear(struct prompt_list *pl)
{
	for (int i = 0; i < pl->n; i++)
		rec_free(&pl->v[i]);
	pl->n = 0;
}

struct prompt_rec *queue_push(struct lesson *l, enum lesson_event kind, const char *text)
{
	return prompt_push(&l->queue, kind, text);
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

bool prompt_ends_step(enum lesson_event kind)
{
	return kind == LESSON_PAUSE || kind == LESSON_PREDICT || kind == LESSON_WATCH ||
	       kind == LESSON_DONE || kind == LESSON_ERROR;
}

/* ---- one run of the lesson file ---- */

static void teardown(struct lesson *l)
{
	script_destroy(l->S);
	l->S = NULL;
	l->co = NULL;
	prompt_list_clear(&l->queue);
	prompt_list_clear(&l->page);
	free(l->title);
	l->title = NULL;
	for (int i = 0; i < l->nr_goals; i++)
		free(l->goals[i]);
	l->nr_goals = 0;
	l->header_pending = l->finished = l->errored = false;
	l->step = l->nr_predicts = l->nr_ok = l->nr_failed = 0;
	l->resume = RESUME_NONE;
	memset(&l->pg, 0, sizeof(l->pg));
	l->pg.wait = LESSON_WAIT_KEY;
}

/* Load the file and run it up to its lesson{} header. */
static int start(struct lesson *l)
{
	struct cmd_ctx *ctx = l->ctx;
	struct strbuf msg = STRBUF_INIT;
	int status, nres;

	teardown(l);
	if ((l->S = script_create(ctx, l)))
		script_set_file(l->S, l->path);	/* its machine= obeys the script file rule */
	if (!l->S)
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

/*
 * The simulation at the lesson's start: its machine booted with its seed.
 * This is the one place a rewind touches the simulation (going back and
 * restarting come here through start() and the first resume). The first
 * run boots the machine and marks that state in the history (history.h);
 * a rewind returns to the mark, byte for byte, without booting again (the
 * Lua coroutine cannot be rewound: the runner replays it from there). If
 * the mark was forgotten (the history's memory budget, or a new command
 * after `back` went past it), the machine is booted again: the same state,
 * since a boot is deterministic.
 */
static int rewind_sim(struct lesson *l)
{
	struct cmd_ctx *ctx = l->ctx;
	struct strbuf sb = STRBUF_INIT;
	int rc;

	map_view_reset(ctx);	/* no page map focus from a later step */
	if (l->marked && history_goto(ctx, l->start_mark) == 0)
		return 0;
	ctx->seed = l->seed;
	sb_printf(&sb, "machine %s kernel=%s", l->machine, l->kernel);
	script_run_begin(l->S);		/* the lesson asks: its file rule applies */
	rc = cmd_exec_line(ctx, sb_str(&sb), &sb);
	script_run_end(l->S);
	sb_release(&sb);
	if (rc)
		return rc;
	/* no request from a later step stays (breakpoints do) */
	ctx->step.active = false;
	memset(&ctx->step.req, 0, sizeof(ctx->step.req));
	l->marked = history_mark(ctx, &l->start_mark) == 0;
	return 0;
}

static void boot(struct lesson *l)
{
	struct cmd_ctx *ctx = l->ctx;
	struct strbuf head = STRBUF_INIT;

	l->header_pending = false;
	if (rewind_sim(l)) {
		queue_push(l, LESSON_ERROR, ctx->err);
		l->finished = l->errored = true;
		return;
	}
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

/* ---- pages: the prompts from one pause to the next ---- */

static enum lesson_wait wait_of(enum lesson_event kind)
{
	switch (kind) {
	case LESSON_PAUSE:
		return LESSON_WAIT_KEY;
	case LESSON_PREDICT:
		return LESSON_WAIT_ANSWER;
	case LESSON_WATCH:
		return LESSON_WAIT_REQUEST;
	default:
		return LESSON_WAIT_END;
	}
}

/* Move the prompt at the queue's head to the page. Return: 0 or -1. */
static int take(struct lesson *l)
{
	struct prompt_rec q = l->queue.v[0];

	memmove(&l->queue.v[0], &l->queue.v[1], (size_t)(l->queue.n - 1) * sizeof(q));
	l->queue.n--;
	if (list_reserve(&l->page)) {
		rec_free(&q);
		return -1;
	}
	l->page.v[l->page.n++] = q;
	return 0;
}

/* Rebuild the lesson_page view of l->page. */
static int make_view(struct lesson *l)
{
	struct lesson_prompt *v = realloc(l->view, (size_t)(l->page.n ? l->page.n : 1) * sizeof(*v));

	if (!v)
		return -1;
	l->view = v;
	for (int i = 0; i < l->page.n; i++) {
		const struct prompt_rec *p = &l->page.v[i];

		memset(&v[i], 0, sizeof(v[i]));
		v[i].kind = p->kind;
		v[i].text = p->text;
		v[i].nr_choices = p->nr_choices;
		for (int k = 0; k < p->nr_choices; k++)
			v[i].choices[k] = p->choices[k];
		v[i].answer = p->answer;
		v[i].reply = p->reply;
		v[i].failed = p->failed;
	}
	l->pg.v = v;
	l->pg.nr = l->page.n;
	return 0;
}

/* Start a page with the prediction just answered and its reveal. */
static int answer_prediction(struct lesson *l, const struct prompt_rec *pred, int reply)
{
	struct prompt_rec *r;
	int k = l->nr_predicts - 1;

	if (k >= 0 && k < LESSON_MAX_PREDICTS)
		l->replies[k] = reply;
	l->resume = RESUME_REPLY;
	l->resume_reply = reply;
	l->resume_answer = pred->answer;
	if (!(r = prompt_push(&l->page, LESSON_PREDICT, pred->text)))
		return -1;
	for (int i = 0; i < pred->nr_choices; i++)
		r->choices[r->nr_choices++] = strdup(pred->choices[i] ? pred->choices[i] : "");
	r->answer = pred->answer;
	r->reply = reply;
	if (!(r = prompt_push(&l->page, LESSON_REVEAL, pred->reveal)))
		return -1;
	r->answer = pred->answer;
	r->reply = reply;
	r->failed = reply != pred->answer;
	return 0;
}

/* Run the lesson until its next pause (or its end) and make that the page.
 * @reply: the answer to the prediction the page on show ends with. */
static int next_page(struct lesson *l, int reply, struct strbuf *out)
{
	struct cmd_ctx *ctx = l->ctx;
	struct prompt_rec pred = { 0 };
	enum lesson_wait wait = l->step ? l->pg.wait : LESSON_WAIT_KEY;
	int rc = 0;

	if (wait == LESSON_WAIT_END)
		return cmd_error(ctx, "the lesson is over: `lesson restart` starts it again, `lesson "
				 "back` goes back a step");
	if (wait == LESSON_WAIT_ANSWER) {
		const struct prompt_rec *p = &l->page.v[l->page.n - 1];

		if (reply < 0 || reply >= p->nr_choices)
			return cmd_error(ctx, "the lesson waits for the class's answer: `lesson answer "
					 "N` with N in 1..%d", p->nr_choices);
		pred = *p;		/* keep its strings past the page's clearing */
		memset(&l->page.v[--l->page.n], 0, sizeof(pred));
	}
	if (wait == LESSON_WAIT_REQUEST && ctx->step.active && ctx->step.serial == l->watch_serial) {
		struct strbuf discard = STRBUF_INIT;

		step_to_end(ctx, out ? out : &discard);
		sb_release(&discard);
	}
	prompt_list_clear(&l->page);
	if (wait == LESSON_WAIT_ANSWER) {
		rc = answer_prediction(l, &pred, reply);
		rec_free(&pred);
	}
	script_run_begin(l->S);		/* one instruction budget for the whole step */
	while (rc == 0) {
		if (l->queue.n) {
			enum lesson_event kind = l->queue.v[0].kind;

			if (take(l)) {
				rc = -1;
				break;
			}
			if (prompt_ends_step(kind))
				break;
			if (l->page.n >= PAGE_MAX_PROMPTS) {
				char msg[128];

				snprintf(msg, sizeof(msg), "the lesson said more than %d things without "
					 "a pause: stopped", PAGE_MAX_PROMPTS);
				prompt_list_clear(&l->queue);
				queue_push(l, LESSON_ERROR, msg);
				l->finished = l->errored = true;
			}
			continue;
		}
		if (l->finished) {	/* the end was handed out before: say it again */
			queue_push(l, l->errored ? LESSON_ERROR : LESSON_DONE, "");
			continue;
		}
		if (l->header_pending)
			boot(l);
		else
			run_coroutine(l);
	}
	script_run_end(l->S);
	if (rc || make_view(l))
		return cmd_error(ctx, "out of memory");
	l->pg.wait = l->page.n ? wait_of(l->page.v[l->page.n - 1].kind) : LESSON_WAIT_END;
	if (l->pg.wait == LESSON_WAIT_ANSWER)
		l->nr_predicts++;
	l->step++;
	if (!l->silent)
		record_marker("lesson step %d", l->step);
	if (l->pg.wait == LESSON_WAIT_END || l->step > l->nr_steps)
		l->nr_steps = l->step;
	l->pg.step = l->step;
	l->pg.nr_steps = l->nr_steps;
	l->pg.serial = ++l->serial;
	return 0;
}

/* The reply to replay for the prediction a page ends with. */
static int replay_reply(const struct lesson *l)
{
	int k = l->nr_predicts - 1;
	int r = k >= 0 && k < LESSON_MAX_PREDICTS ? l->replies[k] : -1;

	return r >= 0 ? r : l->page.v[l->page.n - 1].answer;
}

/* From a fresh start, run silently to step @target (the last one shown). */
static int replay_silent(struct lesson *l, int target)
{
	if (start(l))
		return -1;
	do {
		int reply = l->step && l->pg.wait == LESSON_WAIT_ANSWER ? replay_reply(l) : -1;

		if (next_page(l, reply, NULL))
			return -1;
	} while (l->step < target && l->pg.wait != LESSON_WAIT_END);
	return 0;
}

/* ... and the step reached is the one shown: a recording marks it. */
static int replay_to(struct lesson *l, int target)
{
	int rc;

	l->silent = true;
	rc = replay_silent(l, target);
	l->silent = false;
	if (!rc && target < (1 << 30))
		record_marker("lesson step %d", l->step);
	return rc;
}

int lesson_open(struct cmd_ctx *ctx, const char *path, struct lesson **out)
{
	struct lesson *l = calloc(1, sizeof(*l));
	char err[CMD_ERR_MAX];
	FILE *f;

	if (!l)
		return cmd_error(ctx, "out of memory");
	if (file_access_check(ctx, path, FILE_KIND_FILE, err, sizeof(err))) {
		free(l);
		return cmd_error(ctx, "cannot open lesson: %s", err);
	}
	if (!(f = fopen(path, "r"))) {
		free(l);
		return cmd_error(ctx, "cannot open lesson %s: %s", path, strerror(errno));
	}
	fclose(f);
	l->ctx = ctx;
	l->path = strdup(path);
	memset(l->replies, 0xff, sizeof(l->replies));	/* -1: not answered */
	if (!l->path || start(l)) {
		free(l->path);
		free(l);
		return -1;
	}
	/* count the steps with a silent run, every prediction answered right */
	if (replay_to(l, 1 << 30) || replay_to(l, 1)) {
		lesson_close(l);
		return -1;
	}
	l->nr_steps = l->pg.nr_steps;
	*out = l;
	return 0;
}

const char *lesson_title(const struct lesson *l)
{
	return l->title ? l->title : "";
}

const char *lesson_path(const struct lesson *l)
{
	return l->path;
}

const struct lesson_page *lesson_page(const struct lesson *l)
{
	return &l->pg;
}

bool lesson_watching(const struct lesson *l)
{
	return l->step && l->pg.wait == LESSON_WAIT_REQUEST && l->ctx->step.active &&
	       l->ctx->step.serial == l->watch_serial;
}

void lesson_checks(const struct lesson *l, int *ok, int *failed, bool *errored)
{
	*ok = l->nr_ok;
	*failed = l->nr_failed;
	*errored = l->errored;
}

int lesson_next(struct lesson *l, int reply, struct strbuf *out)
{
	if (!l->S)
		return cmd_error(l->ctx, "the lesson could not be started again");
	return next_page(l, reply, out);
}

int lesson_goto(struct lesson *l, int step)
{
	if (step > l->nr_steps)
		step = l->nr_steps;
	if (step < 1)
		step = 1;
	return replay_to(l, step);
}

int lesson_restart(struct lesson *l)
{
	memset(l->replies, 0xff, sizeof(l->replies));
	return replay_to(l, 1);
}

void lesson_close(struct lesson *l)
{
	if (!l)
		return;
	teardown(l);
	free(l->queue.v);
	free(l->page.v);
	free(l->view);
	free(l->path);
	free(l);
}
