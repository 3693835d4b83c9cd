/* app/lua_lesson_cmd.c - the `lesson` command, the one way front ends drive
 * a lesson (lesson.h): the screen's keys (Space, 1-9, b, r) run its rows,
 * the plain runner below runs them for batch and --plain, and a person can
 * type them. Each prints the step it lands on as plain text; the screen
 * draws the same step from lesson_page().
 */
#include "lua_lesson_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "fileaccess.h"
#include "history.h"
#include "repl.h"

/* ---- a step as text ---- */

/* @recap: a step that starts with the prediction answered before shows it
 * (after going back; going on, it was shown when it was asked). */
static void format_page(const struct lesson_page *pg, bool recap, struct strbuf *out)
{
	for (int i = 0; i < pg->nr; i++) {
		const struct lesson_prompt *p = &pg->v[i];

		if (p->kind == LESSON_PREDICT && p->reply >= 0 && !recap)
			continue;
		format_prompt(p, p->kind == LESSON_PREDICT ? p->reply : -1, out);
	}
}

static const char *wait_text(enum lesson_wait w)
{
	switch (w) {
	case LESSON_WAIT_KEY:
		return "waits to go on (lesson next)";
	case LESSON_WAIT_ANSWER:
		return "waits for the class's answer (lesson answer N)";
	case LESSON_WAIT_REQUEST:
		return "has a request to step (step, next, continue; lesson next runs it to its end)";
	default:
		return "is over (lesson restart, lesson back)";
	}
}

/* ---- lesson ... ---- */

static struct lesson *need_lesson(struct cmd_ctx *ctx)
{
	if (!ctx->lesson)
		cmd_error(ctx, "no lesson is open: `lesson NAME` opens one (`lesson` lists "
			  "them)");
	return ctx->lesson;
}

static int open_lesson(struct cmd_ctx *ctx, const char *name, struct strbuf *out)
{
	const char *path = script_find_lesson(name);
	char err[CMD_ERR_MAX];
	struct lesson *l;

	if (access(path, R_OK) && !strchr(name, '/') && !strstr(name, ".lua")) {
		static char with_lua[1024];

		snprintf(with_lua, sizeof(with_lua), "%s.lua", name);
		path = script_find_lesson(with_lua);
	}
	if (access(path, F_OK))
		return cmd_error(ctx, "lesson: no lesson '%s' (a file, a name in lessons/ or its "
				 "number; `lesson` lists them)", name);
	if (file_access_check(ctx, path, FILE_KIND_FILE, err, sizeof(err)))
		return cmd_error(ctx, "lesson: %s", err);
	if (!script_is_lesson(path))
		return cmd_error(ctx, "lesson: %s is not a lesson (a lesson file starts with "
				 "lesson{title=...}; `lesson` lists them)", path);
	if (lesson_open(ctx, path, &l))
		return -1;
	lesson_close(ctx->lesson);
	ctx->lesson = l;
	format_page(lesson_page(l), false, out);
	return 0;
}

int cmd_lesson(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "name"), *n = arg_get(args, "n");
	const char *word = arg_word(args, "name");
	bool numbered = word && (!strcmp(word, "answer") || !strcmp(word, "goto"));
	const struct lesson_page *pg;
	struct lesson *l = ctx->lesson;
	int rc;

	if ((l && l->S && l->S->depth) || (ctx->lua && ctx->lua->depth) || script_running_dir())
		return cmd_error(ctx, "lesson: cannot be driven from Lua (a lesson or script is "
				 "running)");
	history_taint(ctx);	/* it runs the lesson's Lua: never replayed by its text */
	if (n && n->present && !numbered)
		return cmd_error(ctx, "lesson: a number goes only after answer or goto");
	if (numbered && !(n && n->present))
		return cmd_error(ctx, "lesson %s: give a number (lesson %s N)", word, word);
	if (a && a->present && !word)
		return open_lesson(ctx, a->s, out);
	if (!ctx->lesson && !word) {	/* `lesson` alone: what there is to open */
		char err[CMD_ERR_MAX];

		sb_puts(out, "no lesson is open; open one with `lesson NAME` (lesson 01 is the "
			"first):\n");
		if (script_lessons_text(out, false, err, sizeof(err)))
			return cmd_error(ctx, "lesson: %s", err);
		return 0;
	}
	if (!(l = need_lesson(ctx)))
		return -1;
	if (word && !strcmp(word, "stop")) {
		sb_printf(out, "lesson closed: %s (the machine stays as it is)\n", lesson_title(l));
		lesson_close(l);
		ctx->lesson = NULL;
		return 0;
	}
	pg = lesson_page(l);
	if (!word) {
		const char *base = strrchr(lesson_path(l), '/');

		sb_printf(out, "lesson: %s (%s)\nstep %d of %d; it %s\n", lesson_title(l),
			  base ? base + 1 : lesson_path(l), pg->step, pg->nr_steps, wait_text(pg->wait));
		return 0;
	}
	if (!strcmp(word, "next")) {
		if (pg->wait == LESSON_WAIT_ANSWER)
			return cmd_error(ctx, "lesson: the class has a prediction to answer first: "
					 "lesson answer N (1..%d)", pg->v[pg->nr - 1].nr_choices);
		rc = lesson_next(l, -1, out);
		if (rc == 0 && out->len)
			sb_putc(out, '\n');
	} else if (!strcmp(word, "answer")) {
		if (pg->wait != LESSON_WAIT_ANSWER)
			return cmd_error(ctx, "lesson: there is no prediction to answer at step %d",
					 pg->step);
		if (n->u < 1 || n->u > (unsigned long)pg->v[pg->nr - 1].nr_choices)
			return cmd_error(ctx, "lesson: answer %lu: the prediction has choices 1..%d",
					 n->u, pg->v[pg->nr - 1].nr_choices);
		sb_printf(out, "  (the class answers %lu) %s)\n", n->u, pg->v[pg->nr - 1].choices[n->u - 1]);
		rc = lesson_next(l, (int)n->u - 1, out);
	} else if (!strcmp(word, "back") || !strcmp(word, "goto")) {
		int to = !strcmp(word, "back") ? pg->step - 1 : (int)n->u;

		if (!strcmp(word, "goto") && (n->u < 1 || n->u > (unsigned long)pg->nr_steps))
			return cmd_error(ctx, "lesson: goto %lu: the lesson has steps 1..%d", n->u,
					 pg->nr_steps);
		if ((rc = lesson_goto(l, to)) == 0)
			sb_printf(out, "(%s step %d of %d)\n\n", word[0] == 'b' ? "back to" : "at",
				  lesson_page(l)->step, lesson_page(l)->nr_steps);
		if (rc == 0) {
			format_page(lesson_page(l), true, out);
			return 0;
		}
	} else {	/* restart */
		if ((rc = lesson_restart(l)) == 0)
			sb_puts(out, "(from the top)\n\n");
	}
	if (rc)
		return -1;
	format_page(lesson_page(l), false, out);
	return 0;
}

/* ---- without a screen: batch transcripts and --plain ---- */

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

/* Run one `lesson ...` line and print what it printed. */
static int run(struct cmd_ctx *ctx, const char *line, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = cmd_exec_line(ctx, line, &sb);

	repl_write_prose(out, sb_str(&sb), sb.len);
	if (rc) {
		fflush(out);
		fprintf(out, "error: %s\n", ctx->err);
	}
	sb_release(&sb);
	fflush(out);
	return rc;
}

static const char *const plain_hint[] = {
	[LESSON_WAIT_KEY] = "Enter: go on",
	[LESSON_WAIT_ANSWER] = "the class answers 1..%d",
	[LESSON_WAIT_REQUEST] = "Enter: run the request to its end, s: one stage",
	[LESSON_WAIT_END] = "the end",
};

static const char *answer(int n, char *cmd, size_t len)
{
	snprintf(cmd, len, "lesson answer %d", n);
	return cmd;
}

/* Ask the class what to do at the end of a step; the command to run, or
 * NULL to stop (q, or the end of the lesson). */
static const char *ask(struct cmd_ctx *ctx, bool *interactive, FILE *out, char *cmd, size_t len)
{
	const struct lesson_page *pg = lesson_page(ctx->lesson);
	int nr_choices = pg->nr ? pg->v[pg->nr - 1].nr_choices : 0;
	char line[CMD_LINE_MAX], hint[96];

	if (pg->wait == LESSON_WAIT_END)
		return NULL;
	if (!*interactive) {
		if (pg->wait == LESSON_WAIT_ANSWER)
			return answer(pg->v[pg->nr - 1].answer + 1, cmd, len);
		snprintf(cmd, len, "lesson next");
		return cmd;
	}
	for (;;) {
		snprintf(hint, sizeof(hint), plain_hint[pg->wait], nr_choices);
		fprintf(out, "  (step %d of %d. %s; b back, r restart, q quit, or a command) ",
			pg->step, pg->nr_steps, hint);
		fflush(out);
		if (!read_key(line, sizeof(line))) {
			*interactive = false;	/* end of input: play on by itself */
			fputc('\n', out);
			return ask(ctx, interactive, out, cmd, len);
		}
		if (!strcmp(line, "q"))
			return NULL;
		if (!strcmp(line, "b") || !strcmp(line, "r")) {
			snprintf(cmd, len, "lesson %s", line[0] == 'b' ? "back" : "restart");
			return cmd;
		}
		if (pg->wait == LESSON_WAIT_ANSWER) {
			int n = atoi(line);

			if (n >= 1 && n <= nr_choices)
				return answer(n, cmd, len);
			continue;
		}
		if (pg->wait == LESSON_WAIT_REQUEST && !strcmp(line, "s") && ctx->step.active) {
			snprintf(cmd, len, "step");
			return cmd;
		}
		if (line[strspn(line, " \t")]) {	/* any other text: a command */
			snprintf(cmd, len, "%s", line);
			return cmd;
		}
		snprintf(cmd, len, "lesson next");
		return cmd;
	}
}

int script_run_lesson(struct cmd_ctx *ctx, const char *path, FILE *out, bool interactive)
{
	struct strbuf sb = STRBUF_INIT;
	char cmd[CMD_LINE_MAX];
	int ok, failed;
	bool errored;

	if (lesson_open(ctx, path, &ctx->lesson)) {
		fflush(out);
		fprintf(stderr, "error: %s\n", ctx->err);
		return 1;
	}
	format_page(lesson_page(ctx->lesson), false, &sb);
	repl_write_prose(out, sb_str(&sb), sb.len);
	sb_release(&sb);
	while (ask(ctx, &interactive, out, cmd, sizeof(cmd))) {
		bool lesson = !strncmp(cmd, "lesson ", 7);

		if (run(ctx, cmd, out) && lesson)
			break;
		if (!ctx->lesson)	/* `lesson stop` */
			return 0;
		if (ctx->quit)
			break;
	}
	lesson_checks(ctx->lesson, &ok, &failed, &errored);
	lesson_close(ctx->lesson);
	ctx->lesson = NULL;
	return errored || failed ? 1 : 0;
}
