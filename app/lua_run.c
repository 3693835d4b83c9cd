/* app/lua_run.c - running Lua for the command line: the session state
 * behind `lua` and `source` (with its rollback), script files, headless
 * lessons, --list-lessons, and where lessons/ and scripts/ live.
 */
#include "lua_lesson_priv.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buddyscope/sim.h"
#include "commands.h"
#include "fileaccess.h"
#include "history.h"

/* ---- running chunks for `lua`, `source` and script files ---- */

static struct script *session(struct cmd_ctx *ctx)
{
	if (!ctx->lua)
		ctx->lua = script_create(ctx, NULL);
	return ctx->lua;
}

void script_session_release(struct cmd_ctx *ctx)
{
	script_destroy(ctx->lua);
	ctx->lua = NULL;
}

/* Is this traceback line a frame that says more than the error line: not
 * our plumbing (the prelude), not a C function, not the main chunk? */
static bool frame_tells(const char *line, size_t n)
{
	const char *in = memchr(line, ':', n);

	if (strncmp(line, "\t", 1) || !strncmp(line, "\tprelude:", 9) || !strncmp(line, "\t[C]:", 5))
		return false;
	if (n && line[n - 1] == '\n')
		n--;
	if (n >= 14 && !strncmp(line + n - 13, "in main chunk", 13))
		return false;
	return in != NULL;
}

/*
 * The error's text for the output: its traceback when a frame tells where
 * in the script's own functions it happened (the prelude's frames dropped:
 * they are our plumbing). A traceback of nothing but the main chunk and C
 * functions (`lua bs.alloc("x")`) adds nothing to the one-line error, so
 * then only the lines of a message longer than one line are put.
 */
static void put_traceback(struct strbuf *out, const char *text)
{
	const char *tb = strstr(text, "\nstack traceback:\n"), *p;
	bool tells = false;

	for (p = tb ? tb + 18 : ""; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : strlen(p);

		tells |= frame_tells(p, n);
		p += n;
	}
	if (!tells) {	/* the message only, if it has more than its first line */
		const char *nl = strchr(text, '\n');
		size_t end = tb ? (size_t)(tb - text) : strlen(text);

		if (nl && (size_t)(nl - text) < end)
			sb_add(out, text, end);
	} else {
		while (*text) {
			const char *nl = strchr(text, '\n');
			size_t n = nl ? (size_t)(nl - text) + 1 : strlen(text);

			if (strncmp(text, "\tprelude:", 9) && strncmp(text, "\t[C]: in ?", 10))
				sb_add(out, text, n);
			text += n;
		}
	}
	if (out->len && out->buf[out->len - 1] != '\n')
		sb_putc(out, '\n');
}

/* The values a chunk returned, as text (lua.c's l_print), in a protected
 * call: a __tostring may raise an error or run long. Argument 1: the strbuf. */
static int put_results(lua_State *L)
{
	struct strbuf *out = lua_touserdata(L, 1);
	int n = lua_gettop(L);

	for (int i = 2; i <= n; i++) {
		lb_repr(L, i, out, 0, true);
		sb_puts(out, i < n ? "\t" : "\n");
	}
	return 0;
}

/* Show the results above @base on @out; on an error nothing is shown and
 * the error is on the stack, as from script_pcall. Return: its status. */
static int show_results(struct script *S, int base, struct strbuf *out)
{
	lua_State *L = S->L;
	size_t len = out->len;
	int n = lua_gettop(L) - base, status;

	if (n == 0)
		return LUA_OK;
	lua_pushcfunction(L, put_results);
	lua_insert(L, base + 1);
	lua_pushlightuserdata(L, out);
	lua_insert(L, base + 2);
	status = script_pcall(S, n + 1, 0);
	if (status != LUA_OK && out->buf) {
		out->len = len;
		out->buf[len] = '\0';
	}
	return status;
}

/*
 * Load and run @src (code, or a file when @is_file) in the session state.
 * A failure puts the simulation back as it was before (time travel).
 */
static int run_chunk(struct cmd_ctx *ctx, const char *what, const char *src, bool is_file,
		     struct strbuf *out)
{
	struct script *S = session(ctx);
	struct history_scope undo;
	char label[CMD_LINE_MAX + 16];
	lua_State *L;
	int status, base;

	if (!S)
		return -1;
	if (S->depth || script_busy())
		return cmd_error(ctx, "%s: a script is already running (Lua cannot start %s)", what,
				 what);
	L = S->L;
	/* ---- time travel: the sim, stepper, seed and trace go back on failure ---- */
	snprintf(label, sizeof(label), "%s %s", is_file ? "source" : "lua", src);
	history_scope_begin(ctx, &undo, label);
	history_taint(ctx);		/* Lua is never replayed (app/history.h) */
	/* ---- */
	base = lua_gettop(L);
	S->out = out;
	script_set_file(S, is_file ? src : NULL);
	script_run_begin(S);
	script_session_save(S);
	if (is_file) {
		status = script_loadfile(L, src);
	} else {
		struct strbuf ret = STRBUF_INIT;

		/* an expression prints its value, as in lua.c */
		sb_printf(&ret, "return %s", src);
		status = luaL_loadbuffer(L, sb_str(&ret), ret.len, "=lua");
		sb_release(&ret);
		if (status != LUA_OK) {
			lua_pop(L, 1);
			status = luaL_loadbuffer(L, src, strlen(src), "=lua");
		}
	}
	if (status == LUA_OK)
		status = script_pcall(S, 0, LUA_MULTRET);
	if (status == LUA_OK)
		status = show_results(S, base, out);
	if (status == LUA_OK) {
		lua_settop(L, base);
		history_scope_end(ctx, &undo, false);
	} else {
		struct strbuf msg = STRBUF_INIT;
		const char *nl;

		script_error_text(S, NULL, status, &msg);
		put_traceback(out, sb_str(&msg));
		nl = strchr(sb_str(&msg), '\n');
		cmd_error(ctx, "%s: %.*s", what, nl ? (int)(nl - msg.buf) : (int)msg.len,
			  sb_str(&msg));
		sb_release(&msg);
		lua_settop(L, base);
		script_session_restore(S);	/* globals, require cache, bs.on handlers */
		/* ---- time travel: back to the state before the script ---- */
		if (history_scope_end(ctx, &undo, true))
			snprintf(ctx->err + strlen(ctx->err), sizeof(ctx->err) - strlen(ctx->err),
				 " (the simulation could not be rolled back)");
	}
	script_run_end(S);
	S->out = &S->outbuf;
	return status == LUA_OK ? 0 : -1;
}

int script_source(struct cmd_ctx *ctx, const char *path, struct strbuf *out)
{
	char err[CMD_ERR_MAX];
	FILE *f;

	if (file_access_check(ctx, path, FILE_KIND_FILE, err, sizeof(err)))
		return cmd_error(ctx, "source: %s", err);
	f = fopen(path, "r");
	if (!f)
		return cmd_error(ctx, "source: cannot open '%s'", path);
	fclose(f);
	return run_chunk(ctx, "source", path, true, out);
}

int cmd_lua(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	return run_chunk(ctx, "lua", arg_get(args, "code")->s, false, out);
}

int cmd_source(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	return script_source(ctx, arg_get(args, "file")->s, out);
}

bool script_exec_raw(struct cmd_ctx *ctx, const char *line, struct strbuf *out, int *rc)
{
	const char *p = line, *word;
	struct cmd_args *args;
	size_t n;
	int id;

	p = cmd_line_start(p);	/* ":lua", ":source F" */
	word = p;
	while (*p && *p != ' ' && *p != '\t' && *p != '\n')
		p++;
	n = (size_t)(p - word);
	if (n == 3 && !strncmp(word, "lua", 3))
		id = CMD_lua;
	else if (n == 6 && !strncmp(word, "source", 6))
		id = CMD_source;
	else
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	n = strlen(p);
	while (n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (id == CMD_source && n >= 2 && (p[0] == '"' || p[0] == '\'') && p[n - 1] == p[0]) {
		p++;	/* source "my file.lua" */
		n -= 2;
	}
	if (n == 0) {
		*rc = cmd_error(ctx, "%s: missing %s (usage: %s)", cmd_table[id].name,
				id == CMD_lua ? "CODE" : "FILE",
				id == CMD_lua ? "lua CODE..." : "source FILE...");
		return true;
	}
	if (n > CMD_LINE_MAX || !(args = malloc(sizeof(*args)))) {
		*rc = cmd_error(ctx, "%s: text too long (at most %d bytes)", cmd_table[id].name,
				CMD_LINE_MAX);
		return true;
	}
	cmd_args_init((enum cmd_id)id, args);
	memcpy(args->store, p, n);
	args->store[n] = '\0';
	args->v[0].present = true;
	args->v[0].s = args->store;
	*rc = cmd_exec(ctx, (enum cmd_id)id, args, out);
	free(args);
	return true;
}

/* ---- the lessons directory ---- */

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

/* The one lesson in lessons/ whose name is @num then '-' (`lesson 01` is
 * 01-buddy-split-merge.lua), into @buf; false when none or several. */
static bool lesson_by_number(const char *num, char *buf, size_t len)
{
	char dir[PATH_MAX];
	size_t n = strlen(num);
	int found = 0;
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/lessons", script_datadir());
	if (!n || !(d = opendir(dir)))
		return false;
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, num, n) && de->d_name[n] == '-' &&
		    strstr(de->d_name, ".lua") && found++ == 0)
			snprintf(buf, len, "%s/%s", dir, de->d_name);
	closedir(d);
	return found == 1;
}

const char *script_find_lesson(const char *path)
{
	static char buf[PATH_MAX * 2];

	if (access(path, R_OK) == 0 || strchr(path, '/'))
		return path;
	snprintf(buf, sizeof(buf), "%s/lessons/%s", script_datadir(), path);
	if (access(buf, R_OK) == 0 || lesson_by_number(path, buf, sizeof(buf)))
		return buf;
	return path;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The title of lesson @path as its header spells it (title = "...", a
 * plain string literal ended by ',' or '}'), read as text: opening every
 * lesson runs it (seconds for thirteen). Return: false if the header says
 * it some other way; then the lesson is opened for it. */
static bool title_as_text(const char *path, char *title, size_t len)
{
	char buf[4096], *p, *end;
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (!(p = strstr(buf, "lesson{")) || !(p = strstr(p, "title")))
		return false;
	p += 5 + strspn(p + 5, " \t");
	if (*p != '=')
		return false;
	p += 1 + strspn(p + 1, " \t");
	if ((*p != '"' && *p != '\'') || !(end = strchr(p + 1, *p)) || memchr(p, '\\', (size_t)(end - p)) ||
	    memchr(p, '\n', (size_t)(end - p)))
		return false;
	if (!strchr(",}\n", end[1 + strspn(end + 1, " \t")]))
		return false;	/* "a" .. "b", or a call: the lesson says it */
	snprintf(title, len, "%.*s", (int)(end - p - 1), p + 1);
	return true;
}

int script_lessons_text(struct strbuf *out, bool open_each, char *err, size_t errlen)
{
	char dir[PATH_MAX], path[PATH_MAX * 2];
	char *names[256];
	struct cmd_ctx ctx;
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/lessons", script_datadir());
	if (!(d = opendir(dir))) {
		snprintf(err, errlen, "no lessons directory (%s): %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) && n < 256) {
		size_t len = strlen(de->d_name);

		if (len > 4 && !strcmp(de->d_name + len - 4, ".lua"))
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	if (cmd_ctx_init(&ctx, "tiny", 1)) {
		snprintf(err, errlen, "%s", ctx.err);
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char title[256];
		struct lesson *l;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (!open_each && title_as_text(path, title, sizeof(title))) {
			sb_printf(out, "  %-34s %s\n", names[i], title);
		} else if (lesson_open(&ctx, path, &l)) {
			sb_printf(out, "  %-34s (cannot load: %s)\n", names[i], ctx.err);
		} else {
			sb_printf(out, "  %-34s %s\n", names[i], lesson_title(l));
			lesson_close(l);
		}
		free(names[i]);
	}
	cmd_ctx_release(&ctx);
	return 0;
}

int script_list_lessons(FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	char err[PATH_MAX + 200];

	if (script_lessons_text(&sb, true, err, sizeof(err))) {
		fprintf(stderr, "error: %s\n", err);
		sb_release(&sb);
		return 1;
	}
	fprintf(out, "lessons in %s/lessons (run one: buddyscope lessons/NAME.lua):\n%s",
		script_datadir(), sb_str(&sb));
	sb_release(&sb);
	return 0;
}

/* ---- the data directory ---- */

static bool is_dir_with(const char *dir, const char *sub)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/README.md", dir, sub);
	if ((f = fopen(path, "r"))) {
		fclose(f);
		return true;
	}
	snprintf(path, sizeof(path), "%s/%s/workloads.lua", dir, sub);
	if ((f = fopen(path, "r"))) {
		fclose(f);
		return true;
	}
	return false;
}

const char *script_datadir(void)
{
	static char dir[PATH_MAX];
	static bool found;
	char exe[PATH_MAX], cand[PATH_MAX];
	const char *env = getenv("BUDDYSCOPE_DATADIR");
	ssize_t n;

	if (found)
		return dir;
	found = true;
	if (env && *env) {
		snprintf(dir, sizeof(dir), "%s", env);
		return dir;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		static const char *const rel[] = { "/../share/buddyscope", "/..", "/../..", "" };
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			snprintf(cand, sizeof(cand), "%s%s", exe, rel[i]);
			if (is_dir_with(cand, "scripts") && is_dir_with(cand, "lessons")) {
				if (!realpath(cand, dir))
					snprintf(dir, sizeof(dir), "%s", cand);
				return dir;
			}
		}
	}
	snprintf(dir, sizeof(dir), ".");
	return dir;
}

bool script_running(const struct cmd_ctx *ctx)
{
	return ctx->lua && ctx->lua->depth > 0;
}
