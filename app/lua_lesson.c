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

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buddyscope/sim.h"
#include "commands.h"
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

static void rec_free(struct prompt_rec *p)
{
	free(p->text);
	free(p->reveal);
	for (int i = 0; i < p->nr_choices; i++)
		free(p->choices[i]);
	memset(p, 0, sizeof(*p));
}

static struct prompt_rec *queue_push(struct lesson *l, enum lesson_event kind, const char *text)
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
static void flush_output(struct lesson *l)
{
	struct strbuf *sb = &l->S->outbuf;

	if (!sb->len)
		return;
	while (sb->len && sb->buf[sb->len - 1] == '\n')
		sb->buf[--sb->len] = '\0';
	queue_push(l, LESSON_SAY, sb_str(sb));
	sb_reset(sb);
}

/* ---- the text of a prompt (batch transcripts, and `source` of a lesson) ---- */

static void indent(struct strbuf *out, const char *pre, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		if (n)
			sb_puts(out, pre);
		sb_add(out, text, n);
		sb_putc(out, '\n');
		text += n + (nl ? 1 : 0);
	}
}

static void format_prompt(const struct lesson_prompt *p, int reply, struct strbuf *out)
{
	switch (p->kind) {
	case LESSON_SAY:
		sb_printf(out, "%s\n\n", p->text);
		break;
	case LESSON_PAUSE:
		sb_printf(out, "-- pause%s%s --\n\n", p->text[0] ? ": " : "", p->text);
		break;
	case LESSON_PREDICT:
		sb_puts(out, "PREDICT: ");
		indent(out, "", p->text);
		for (int i = 0; i < p->nr_choices; i++)
			sb_printf(out, "    %d) %s\n", i + 1, p->choices[i]);
		if (reply >= 0 && reply < p->nr_choices)
			sb_printf(out, "  (the class answers %d) %s)\n", reply + 1, p->choices[reply]);
		break;
	case LESSON_REVEAL:
		indent(out, "  ", p->text);
		if (p->failed)
			sb_puts(out, "  (the class said otherwise)\n");
		sb_putc(out, '\n');
		break;
	case LESSON_EXPECT:
		sb_printf(out, "  %s %s\n\n", p->failed ? "FAILED:" : "ok:", p->text);
		break;
	case LESSON_DONE:
		sb_printf(out, "=== end of lesson: %s ===\n", p->text);
		break;
	case LESSON_ERROR:
		sb_printf(out, "error: %s\n", p->text);
		break;
	}
}

/* ---- the functions lessons call ---- */

static struct lesson *lesson_of(lua_State *L)
{
	return script_of(L)->lesson;
}

/* Outside a lesson (`source FILE` in the REPL) prompts print at once. */
static void print_now(lua_State *L, const struct lesson_prompt *p, int reply)
{
	format_prompt(p, reply, script_of(L)->out);
}

static int yield_prompt(lua_State *L, struct lesson *l)
{
	if (lua_isyieldable(L))
		return lua_yield(L, 0);
	(void)l;
	return 0;	/* queued; shown when the lesson next yields */
}

static void need_header(lua_State *L, struct lesson *l, const char *fn)
{
	if (!l->title)
		luaL_error(L, "%s: the lesson must start with lesson{title=..., ...}", fn);
}

static int l_say(lua_State *L)
{
	struct lesson *l = lesson_of(L);
	const char *text = luaL_checkstring(L, 1);

	if (!l) {
		struct lesson_prompt p = { .kind = LESSON_SAY, .text = text };

		print_now(L, &p, -1);
		return 0;
	}
	need_header(L, l, "say");
	flush_output(l);
	queue_push(l, LESSON_SAY, text);
	l->resume = RESUME_NONE;
	return yield_prompt(L, l);
}

static int l_pause(lua_State *L)
{
	struct lesson *l = lesson_of(L);
	const char *text = luaL_optstring(L, 1, "");

	if (!l) {
		struct lesson_prompt p = { .kind = LESSON_PAUSE, .text = text };

		print_now(L, &p, -1);
		return 0;
	}
	need_header(L, l, "pause");
	flush_output(l);
	queue_push(l, LESSON_PAUSE, text);
	l->resume = RESUME_NONE;
	return yield_prompt(L, l);
}

static int l_expect(lua_State *L)
{
	struct lesson *l = lesson_of(L);
	bool ok = lua_toboolean(L, 1);
	const char *text = luaL_checkstring(L, 2);

	if (!l) {
		struct lesson_prompt p = { .kind = LESSON_EXPECT, .text = text, .failed = !ok };

		print_now(L, &p, -1);
		lua_pushboolean(L, ok);
		return 1;
	}
	need_header(L, l, "expect");
	flush_output(l);
	queue_push(l, LESSON_EXPECT, text)->failed = !ok;
	if (ok)
		l->nr_ok++;
	else
		l->nr_failed++;
	l->resume = RESUME_BOOL;
	l->resume_bool = ok;
	if (lua_isyieldable(L))
		return lua_yield(L, 0);
	lua_pushboolean(L, ok);
	return 1;
}

/* predict{question=..., choices={...}, answer=N or "text", explain=...}
 * returns the class's choice (1-based) and whether it was right */
static int l_predict(lua_State *L)
{
	struct lesson *l = lesson_of(L);
	struct lesson_prompt p = { .kind = LESSON_PREDICT };
	const char *choices[LESSON_MAX_CHOICES];
	const char *explain;
	int n, answer = -1;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_getfield(L, 1, "question");
	p.text = luaL_checkstring(L, -1);
	lua_getfield(L, 1, "choices");
	luaL_checktype(L, -1, LUA_TTABLE);
	n = (int)luaL_len(L, -1);
	if (n < 2 || n > LESSON_MAX_CHOICES)
		return luaL_error(L, "predict: give 2..%d choices, not %d", LESSON_MAX_CHOICES, n);
	for (int i = 0; i < n; i++) {
		lua_geti(L, -1 - i, i + 1);
		choices[i] = luaL_tolstring(L, -1, NULL);
		lua_remove(L, -2);	/* keep the string, anchored on the stack */
	}
	lua_getfield(L, 1, "answer");
	if (lua_isinteger(L, -1)) {
		answer = (int)lua_tointeger(L, -1) - 1;
	} else if (lua_type(L, -1) == LUA_TSTRING) {
		for (int i = 0; i < n; i++)
			if (!strcmp(choices[i], lua_tostring(L, -1)))
				answer = i;
	}
	if (answer < 0 || answer >= n)
		return luaL_error(L, "predict: answer must be a choice's number (1..%d) or its text", n);
	lua_getfield(L, 1, "explain");
	explain = lua_tostring(L, -1);
	if (!l) {
		struct strbuf sb = STRBUF_INIT;

		memcpy(p.choices, choices, sizeof(choices));
		p.nr_choices = n;
		p.answer = answer;
		print_now(L, &p, answer);
		sb_printf(&sb, "answer: %d) %s%s%s", answer + 1, choices[answer], explain ? "\n" : "",
			  explain ? explain : "");
		p.kind = LESSON_REVEAL;
		p.text = sb_str(&sb);
		print_now(L, &p, -1);
		sb_release(&sb);
		lua_pushinteger(L, answer + 1);
		lua_pushboolean(L, 1);
		return 2;
	}
	need_header(L, l, "predict");
	if (!lua_isyieldable(L))
		return luaL_error(L, "predict: cannot wait for the class here (inside a metamethod "
				  "or a callback of C code)");
	flush_output(l);
	{
		struct prompt_rec *r = queue_push(l, LESSON_PREDICT, p.text);
		struct strbuf sb = STRBUF_INIT;

		for (int i = 0; i < n; i++)
			r->choices[i] = strdup(choices[i]);
		r->nr_choices = n;
		r->answer = answer;
		/* the reveal, queued when the reply comes: keep its text in the record */
		sb_printf(&sb, "answer: %d) %s%s%s", answer + 1, choices[answer], explain ? "\n" : "",
			  explain ? explain : "");
		r->reveal = sb_detach(&sb);
	}
	l->resume = RESUME_REPLY;
	l->resume_answer = answer;
	return lua_yield(L, 0);
}

static char *field_str(lua_State *L, int t, const char *k, bool required)
{
	char *s = NULL;

	lua_getfield(L, t, k);
	if (lua_type(L, -1) == LUA_TSTRING)
		s = strdup(lua_tostring(L, -1));
	else if (required || !lua_isnil(L, -1))
		luaL_error(L, "lesson{}: '%s' must be a string", k);
	lua_pop(L, 1);
	return s;
}

/* lesson{title=..., goals={...}, machine="tiny", seed=1} */
static int l_lesson(lua_State *L)
{
	static const char *const keys[] = { "title", "goals", "machine", "seed", "minutes", NULL };
	struct lesson *l = lesson_of(L);
	struct script *S = script_of(L);
	char *title, *machine;
	lua_Integer seed;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
		int i;

		for (i = 0; keys[i] && strcmp(keys[i], k); i++)
			;
		if (!keys[i])
			return luaL_error(L, "lesson{}: unknown field '%s' (fields: title, goals, "
					  "machine, seed, minutes)", k);
		lua_pop(L, 1);
	}
	lua_getfield(L, 1, "seed");
	seed = luaL_optinteger(L, -1, 1);
	lua_pop(L, 1);
	title = field_str(L, 1, "title", true);
	machine = field_str(L, 1, "machine", false);
	if (l) {
		if (l->title) {
			free(title);
			free(machine);
			return luaL_error(L, "lesson{}: given twice");
		}
		l->title = title;
		snprintf(l->machine, sizeof(l->machine), "%s", machine ? machine : "tiny");
		free(machine);
		l->seed = (uint64_t)seed;
		lua_getfield(L, 1, "goals");
		if (lua_istable(L, -1))
			for (int i = 1; i <= (int)luaL_len(L, -1) && l->nr_goals < 16; i++) {
				lua_geti(L, -1, i);
				l->goals[l->nr_goals++] = strdup(luaL_tolstring(L, -1, NULL));
				lua_pop(L, 2);
			}
		lua_pop(L, 1);
		l->header_pending = true;
		l->resume = RESUME_NONE;
		return lua_yield(L, 0);
	}
	/* outside a lesson: boot and print the header now */
	{
		struct strbuf sb = STRBUF_INIT;
		int rc;

		S->ctx->seed = (uint64_t)seed;
		sb_printf(&sb, "machine %s", machine ? machine : "tiny");
		rc = cmd_exec_line(S->ctx, sb_str(&sb), &sb);
		sb_release(&sb);
		sb_printf(S->out, "=== %s ===\n\n", title);
		free(title);
		free(machine);
		if (rc)
			return luaL_error(L, "lesson{}: %s", S->ctx->err);
	}
	return 0;
}

void lb_open_lesson(lua_State *L)
{
	static const luaL_Reg fns[] = {
		{ "lesson", l_lesson }, { "say", l_say }, { "pause", l_pause },
		{ "expect", l_expect }, { "predict", l_predict }, { NULL, NULL },
	};

	luaL_newlib(L, fns);
	lua_setfield(L, -2, "lesson");
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
	sb_printf(&sb, "machine %s", l->machine);
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
	sb_printf(&head, "Machine: %s (%s), seed %llu", sim_machine(ctx->sim)->name,
		  sim_machine(ctx->sim)->summary, (unsigned long long)l->seed);
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

/* ---- headless runs and the lessons directory ---- */

/* Read one line of the class's input; false at end of input. */
static bool read_key(char *line, size_t len)
{
	if (!fgets(line, (int)len, stdin))
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	if (!isatty(STDIN_FILENO))
		putchar('\n');	/* the terminal would have echoed it */
	return true;
}

int script_run_lesson(struct cmd_ctx *ctx, const char *path, FILE *out, bool interactive)
{
	struct lesson *l;
	struct lesson_prompt p;
	struct strbuf sb = STRBUF_INIT;
	int reply = -1, status;
	bool have = false;

	if (lesson_open(ctx, path, &l)) {
		fflush(out);
		fprintf(stderr, "error: %s\n", ctx->err);
		return 1;
	}
	for (;;) {
		char line[64];

		if (!have && lesson_resume(l, reply, &p))
			break;
		have = false;
		reply = -1;
		sb_reset(&sb);
		format_prompt(&p, interactive ? -1 : p.answer, &sb);
		fputs(sb_str(&sb), out);
		if (interactive && (p.kind == LESSON_PAUSE || p.kind == LESSON_PREDICT)) {
			if (p.kind == LESSON_PREDICT)
				fprintf(out, "  the class answers (1..%d; b back, r restart, q quit): ",
					p.nr_choices);
			else
				fputs("  (Enter: go on; b back, r restart, q quit) ", out);
			fflush(out);
			if (!read_key(line, sizeof(line))) {
				interactive = false;	/* end of input: play on by itself */
				fputc('\n', out);
				reply = p.kind == LESSON_PREDICT ? p.answer : -1;
				continue;
			}
			if (!strcmp(line, "q"))
				break;
			if (!strcmp(line, "b")) {
				fputs("  (back one step)\n\n", out);
				have = lesson_back(l, &p) == 0;
				if (!have)
					break;
				continue;
			}
			if (!strcmp(line, "r")) {
				fputs("  (from the top)\n\n", out);
				if (lesson_restart(l))
					break;
				continue;
			}
			if (p.kind == LESSON_PREDICT) {
				reply = atoi(line) - 1;
				if (reply < 0 || reply >= p.nr_choices)
					reply = -1;
				else
					fprintf(out, "  (the class answers %d) %s)\n", reply + 1,
						p.choices[reply]);
			}
		} else if (p.kind == LESSON_PREDICT) {
			reply = p.answer;
		}
		fflush(out);
		if (p.kind == LESSON_DONE || p.kind == LESSON_ERROR)
			break;
	}
	status = l->errored || l->nr_failed ? 1 : 0;
	sb_release(&sb);
	lesson_close(l);
	return status;
}

bool script_is_lesson(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	bool in_comment = false, is = false;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *p = line;

		if (in_comment) {
			if (!(p = strstr(line, "]]")))
				continue;
			p += 2;
			in_comment = false;
		}
		p += strspn(p, " \t\r\n");
		if (!*p || (p == line && p[0] == '#'))
			continue;
		if (!strncmp(p, "--[[", 4) || !strncmp(p, "--[==[", 6)) {
			in_comment = !strstr(p + 4, "]]");
			continue;
		}
		if (!strncmp(p, "--", 2))
			continue;
		if (!strncmp(p, "lesson", 6)) {
			p += 6 + strspn(p + 6, " \t");
			is = *p == '{' || *p == '(';
		}
		break;
	}
	fclose(f);
	return is;
}

const char *script_find_lesson(const char *path)
{
	static char buf[PATH_MAX];

	if (access(path, R_OK) == 0 || strchr(path, '/'))
		return path;
	snprintf(buf, sizeof(buf), "%s/lessons/%s", script_datadir(), path);
	return access(buf, R_OK) == 0 ? buf : path;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int script_list_lessons(FILE *out)
{
	char dir[PATH_MAX], path[PATH_MAX * 2];
	char *names[256];
	struct cmd_ctx ctx;
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/lessons", script_datadir());
	if (!(d = opendir(dir))) {
		fprintf(stderr, "error: no lessons directory (%s): %s\n", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) && n < 256) {
		size_t len = strlen(de->d_name);

		if (len > 4 && !strcmp(de->d_name + len - 4, ".lua"))
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	if (cmd_ctx_init(&ctx, "tiny", 1)) {
		fprintf(stderr, "error: %s\n", ctx.err);
		return 1;
	}
	fprintf(out, "lessons in %s (run one: buddyscope lessons/NAME.lua):\n", dir);
	for (size_t i = 0; i < n; i++) {
		struct lesson *l;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (lesson_open(&ctx, path, &l)) {
			fprintf(out, "  %-28s (cannot load: %s)\n", names[i], ctx.err);
		} else {
			fprintf(out, "  %-28s %s\n", names[i], lesson_title(l));
			lesson_close(l);
		}
		free(names[i]);
	}
	cmd_ctx_release(&ctx);
	return 0;
}
