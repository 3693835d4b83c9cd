/* app/lua_lesson_fns.c - what a lesson calls: lesson{}, say, pause,
 * predict, expect, watch (the prelude adds expect_eq and text formatting).
 * Each queues a prompt and yields, so the runner (lua_lesson.c) puts it on
 * the step on show. Outside a lesson (`source` of a lesson file in the
 * REPL) they print the prompt at once, in the batch transcript's format.
 */
#include "lua_lesson_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"

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

void format_prompt(const struct lesson_prompt *p, int reply, struct strbuf *out)
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
	case LESSON_WATCH:
		sb_printf(out, "-- step the request: %s --\n", p->text);
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

/* Outside a lesson (`source FILE` in the REPL) prompts print at once.
 * Return: the bytes printed, for the caller to charge to the output budget
 * (script_charge_bytes) once nothing of its own is left to free. */
static size_t print_now(lua_State *L, const struct lesson_prompt *p, int reply)
{
	size_t n0 = script_of(L)->out->len;

	format_prompt(p, reply, script_of(L)->out);
	return script_of(L)->out->len - n0;
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

/* say(text) and pause([text]): print at once outside a lesson, else hand
 * the prompt to the front end and yield. */
static int text_prompt(lua_State *L, enum lesson_event kind, const char *name, const char *text)
{
	struct lesson *l = lesson_of(L);

	if (!l) {
		struct lesson_prompt p = { .kind = kind, .text = text };

		script_charge_bytes(L, print_now(L, &p, -1));
		return 0;
	}
	need_header(L, l, name);
	flush_output(l);
	if (!queue_push(l, kind, text))
		return luaL_error(L, "%s: out of memory", name);
	l->resume = RESUME_NONE;
	return yield_prompt(L, l);
}

static int l_say(lua_State *L)
{
	return text_prompt(L, LESSON_SAY, "say", luaL_checkstring(L, 1));
}

static int l_pause(lua_State *L)
{
	return text_prompt(L, LESSON_PAUSE, "pause", luaL_optstring(L, 1, ""));
}

static int l_expect(lua_State *L)
{
	struct lesson *l = lesson_of(L);
	bool ok = lua_toboolean(L, 1);
	const char *text = luaL_checkstring(L, 2);
	struct prompt_rec *r;

	if (!l) {
		struct lesson_prompt p = { .kind = LESSON_EXPECT, .text = text, .failed = !ok };

		script_charge_bytes(L, print_now(L, &p, -1));
		lua_pushboolean(L, ok);
		return 1;
	}
	need_header(L, l, "expect");
	flush_output(l);
	if (!(r = queue_push(l, LESSON_EXPECT, text)))
		return luaL_error(L, "expect: out of memory");
	r->failed = !ok;
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
		choices[i] = lb_tolstring(L, -1, NULL);
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
		size_t bytes;

		memcpy(p.choices, choices, sizeof(choices));
		p.nr_choices = n;
		p.answer = answer;
		bytes = print_now(L, &p, answer);
		sb_printf(&sb, "answer: %d) %s%s%s", answer + 1, choices[answer], explain ? "\n" : "",
			  explain ? explain : "");
		p.kind = LESSON_REVEAL;
		p.text = sb_str(&sb);
		bytes += print_now(L, &p, -1);
		sb_release(&sb);
		script_charge_bytes(L, bytes);
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

		if (!r)
			return luaL_error(L, "predict: out of memory");
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

/* After the stepper ran the request: take it back, return its pfn or nil. */
static int watch_k(lua_State *L, int status, lua_KContext serial)
{
	(void)status;
	lb_request_reclaim(L, 1, (uint64_t)serial);
	lb_request_push_result(L, 1);
	return 1;
}

/* watch(r): the class steps request r in the stepper, stage by stage, as one
 * begun with `start` (the screen's Slow path pane); returns its pfn or nil */
static int l_watch(lua_State *L)
{
	struct lesson *l = lesson_of(L);
	struct cmd_ctx *ctx = script_of(L)->ctx;
	struct strbuf sb = STRBUF_INIT;
	struct prompt_rec *r;
	uint64_t serial;

	if (l)
		need_header(L, l, "watch");
	if (l && !lua_isyieldable(L))
		return luaL_error(L, "watch: cannot wait for the class here (inside a metamethod "
				  "or a callback of C code)");
	lb_request_adopt(L, 1, &serial);
	step_describe(ctx, &sb);
	if (!l) {	/* outside a lesson: run it to its end now */
		struct lesson_prompt p = { .kind = LESSON_WATCH, .text = sb_str(&sb) };
		size_t n0 = script_of(L)->out->len;

		print_now(L, &p, -1);
		step_to_end(ctx, script_of(L)->out);
		sb_putc(script_of(L)->out, '\n');
		sb_release(&sb);
		script_charge_bytes(L, script_of(L)->out->len - n0);
		return watch_k(L, LUA_OK, (lua_KContext)serial);
	}
	flush_output(l);
	r = queue_push(l, LESSON_WATCH, sb_str(&sb));
	sb_release(&sb);
	if (!r)
		return luaL_error(L, "watch: out of memory");
	l->watch_serial = serial;
	l->resume = RESUME_NONE;
	return lua_yieldk(L, 0, (lua_KContext)serial, watch_k);
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

/* The lesson's kernel = "4.6" field, checked; the default kernel without it.
 * Return: the version's name (static), or raises a Lua error. */
static const char *lesson_kernel(lua_State *L, char *given)
{
	enum kernel_version v = KERNEL_DEFAULT;
	char err[160];

	if (given && kernel_parse(given, &v, err, sizeof(err))) {
		free(given);
		luaL_error(L, "lesson{}: %s", err);
	}
	free(given);
	return kernel_desc(v)->name;
}

/*
 * machine="file:m.txt" names a file beside the lesson, wherever the teacher
 * started buddyscope: a relative path of a file:, zoneinfo: or proc: spec
 * is made absolute from the lesson's folder (code typed with `lua` has
 * none: the current directory). Takes @m (malloc'd); returns the spec,
 * malloc'd, or NULL on host OOM.
 */
static char *lesson_machine_spec(lua_State *L, char *m)
{
	static const char *const kinds[] = { "file:", "zoneinfo:", "proc:" };
	const char *dir = script_of(L)->dir;

	for (size_t i = 0; m && dir[0] && i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		size_t k = strlen(kinds[i]), n;
		char *abs;

		if (strncmp(m, kinds[i], k) || !m[k] || m[k] == '/')
			continue;
		n = strlen(dir) + strlen(m) + 2;
		abs = malloc(n);
		if (abs)
			snprintf(abs, n, "%s%s/%s", kinds[i], dir, m + k);
		free(m);
		return abs;
	}
	return m;
}

/* lesson{title=..., goals={...}, machine="tiny", seed=1, kernel="4.5"} */
static int l_lesson(lua_State *L)
{
	static const char *const keys[] = { "title", "goals", "machine", "seed", "minutes",
					    "kernel", NULL };
	struct lesson *l = lesson_of(L);
	struct script *S = script_of(L);
	char *title, *machine;
	const char *kernel;
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
					  "machine, seed, minutes, kernel)", k);
		lua_pop(L, 1);
	}
	lua_getfield(L, 1, "seed");
	if (lua_isnoneornil(L, -1)) {
		seed = 1;
	} else {
		int isint;

		seed = lua_tointegerx(L, -1, &isint);
		if (!isint)	/* not "bad argument #-1": say which field and why */
			return luaL_error(L, "lesson{}: seed must be a whole number 0..%I, not %s",
					  (lua_Integer)LUA_MAXINTEGER, lb_tolstring(L, -1, NULL));
	}
	lua_pop(L, 1);
	if (seed < 0)	/* it became 18446744073709551615 */
		return luaL_error(L, "lesson{}: seed %I is negative; give 0 or more", seed);
	kernel = lesson_kernel(L, field_str(L, 1, "kernel", false));
	title = field_str(L, 1, "title", true);
	machine = lesson_machine_spec(L, field_str(L, 1, "machine", false));
	if (machine && strlen(machine) + 24 >= CMD_LINE_MAX) {
		free(title);
		free(machine);
		return luaL_error(L, "lesson{}: machine is longer than a command line (%d bytes)",
				  CMD_LINE_MAX - 24);
	}
	if (l) {
		if (l->title) {
			free(title);
			free(machine);
			return luaL_error(L, "lesson{}: given twice");
		}
		l->title = title;
		snprintf(l->machine, sizeof(l->machine), "%s", machine ? machine : "tiny");
		snprintf(l->kernel, sizeof(l->kernel), "%s", kernel);
		free(machine);
		l->seed = (uint64_t)seed;
		lua_getfield(L, 1, "goals");
		if (lua_istable(L, -1))
			for (int i = 1; i <= (int)luaL_len(L, -1) && l->nr_goals < 16; i++) {
				lua_geti(L, -1, i);
				l->goals[l->nr_goals++] = strdup(lb_tolstring(L, -1, NULL));
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
		sb_printf(&sb, "machine %s kernel=%s", machine ? machine : "tiny", kernel);
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
		{ "expect", l_expect }, { "predict", l_predict }, { "watch", l_watch },
		{ NULL, NULL },
	};

	luaL_newlib(L, fns);
	lua_setfield(L, -2, "lesson");
}

