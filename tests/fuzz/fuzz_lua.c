/* tests/fuzz/fuzz_lua.c - Lua in the sandbox: `lua CODE` and lessons.
 *
 * Input, `lua` mode (the default): Lua source, cut into up to 4 chunks at
 * lines that read "--next". Each chunk runs as one `lua CODE` command line
 * through cmd_exec_line() on the "tiny" preset, in one session state, so
 * later chunks see what earlier ones left. A chunk returns 0 or -1; a failing
 * one leaves a one-line ctx->err and is rolled back (free pages, buddyinfo,
 * pagetypeinfo, zoneinfo and vmstat as before it); sim_check() finds nothing
 * after each.
 *
 * Input starting with a "--lesson" line: the rest is a lesson file. It is
 * written to a temporary file and opened with lesson_open() (an error is one
 * line in ctx->err), then played with lesson_resume() up to 64 prompts
 * (predict{} gets the answers 1, 2, 3, ... in turn, and out-of-range ones),
 * then lesson_back() once; sim_check() finds nothing after each prompt.
 *
 * Runaway code is stopped by the sandbox's instruction budget and memory cap
 * (app/lua.h); inputs are capped at 4 KiB, so each stays cheap.
 */
#include "fuzz.h"

#include <unistd.h>
#include "commands.h"
#include "lesson.h"
#include "lua.h"

#define LUA_INPUT_MAX	4096
#define MAX_CHUNKS	4
#define MAX_PROMPTS	64

static void run_chunk(struct cmd_ctx *ctx, const char *code, size_t n, struct fuzz_snap *snap)
{
	struct strbuf line = STRBUF_INIT, out = STRBUF_INIT;
	char diff[256];
	int rc;

	sb_puts(&line, "lua ");
	sb_add(&line, code, n);
	fuzz_snap_take(snap, ctx->sim);
	rc = cmd_exec_line(ctx, sb_str(&line), &out);
	if (rc == -1) {
		fuzz_check_msg("lua", ctx->err, sb_str(&line));
		if (!fuzz_snap_same(snap, ctx->sim, diff, sizeof(diff)))
			fuzz_fail("'%.80s' failed (%s) but was not rolled back: %s", sb_str(&line),
				  ctx->err, diff);
	} else if (rc != 0) {
		fuzz_fail("'%.80s' returned %d, not 0 or -1", sb_str(&line), rc);
	}
	fuzz_check_sim(ctx->sim, sb_str(&line));
	sb_release(&line);
	sb_release(&out);
}

static void lua_mode(struct cmd_ctx *ctx, const char *text)
{
	struct fuzz_snap snap = { 0, false, STRBUF_INIT };
	const char *p = text;

	for (int i = 0; i < MAX_CHUNKS && *p; i++) {
		const char *end = strstr(p, "\n--next\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);

		run_chunk(ctx, p, n, &snap);
		if (ctx->quit || !end)
			break;
		p = end + 8;
	}
	sb_release(&snap.text);
}

/* The temporary lesson file, made once and removed at exit. */
static char lesson_file[64];

static void remove_lesson_file(void)
{
	if (lesson_file[0])
		unlink(lesson_file);
}

static bool write_lesson(const char *text)
{
	FILE *f;
	bool ok;

	if (!lesson_file[0]) {
		const char *dir = getenv("TMPDIR");
		int fd;

		snprintf(lesson_file, sizeof(lesson_file), "%.40s/bs-fuzz-XXXXXX",
			 dir && *dir ? dir : "/tmp");
		fd = mkstemp(lesson_file);
		if (fd < 0) {
			lesson_file[0] = '\0';
			return false;
		}
		close(fd);
		atexit(remove_lesson_file);
	}
	f = fopen(lesson_file, "w");
	if (!f)
		return false;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok;
}

static void check_prompt(const struct lesson_prompt *p, int step)
{
	if (!p->text)
		fuzz_fail("lesson step %d: a prompt (kind %d) has no text", step, (int)p->kind);
	if ((int)p->kind < LESSON_SAY || p->kind > LESSON_ERROR)
		fuzz_fail("lesson step %d: a prompt has kind %d", step, (int)p->kind);
	if (p->kind == LESSON_PREDICT) {
		if (p->nr_choices < 1 || p->nr_choices > LESSON_MAX_CHOICES)
			fuzz_fail("predict with %d choices", p->nr_choices);
		else if (p->answer < 0 || p->answer >= p->nr_choices)
			fuzz_fail("predict with %d choices, answer %d", p->nr_choices, p->answer);
		for (int i = 0; i < p->nr_choices && i < LESSON_MAX_CHOICES; i++)
			if (!p->choices[i])
				fuzz_fail("predict choice %d is NULL", i);
	}
}

static void check_page(const struct lesson_page *pg)
{
	if (pg->step < 1 || pg->step > pg->nr_steps)
		fuzz_fail("lesson at step %d of %d", pg->step, pg->nr_steps);
	if (pg->nr < 1)
		fuzz_fail("lesson step %d has no prompts", pg->step);
	for (int i = 0; i < pg->nr; i++)
		check_prompt(&pg->v[i], pg->step);
	if (pg->nr > 0 && (pg->v[pg->nr - 1].kind == LESSON_SAY ||
			   pg->v[pg->nr - 1].kind == LESSON_EXPECT || pg->v[pg->nr - 1].kind == LESSON_REVEAL))
		fuzz_fail("lesson step %d ends with a prompt of kind %d", pg->step,
			  (int)pg->v[pg->nr - 1].kind);
}

static void lesson_mode(struct cmd_ctx *ctx, const char *text)
{
	struct lesson *l;
	int n;

	if (!write_lesson(text))
		return;
	if (lesson_open(ctx, lesson_file, &l)) {
		fuzz_check_msg("lesson_open", ctx->err, text);
		return;
	}
	for (n = 0; n < MAX_PROMPTS; n++) {
		const struct lesson_page *pg = lesson_page(l);
		int reply = -1;

		check_page(pg);
		fuzz_check_sim(ctx->sim, "a lesson step");
		if (pg->wait == LESSON_WAIT_END)
			break;
		/* 1, 2, 3, ... and, every fourth, one out of range (refused) */
		if (pg->wait == LESSON_WAIT_ANSWER) {
			int nr = pg->v[pg->nr - 1].nr_choices;

			reply = n % 4 == 3 ? (n % 8 == 3 ? -7 : nr + n) : n % nr;
			if (reply < 0 || reply >= nr) {
				if (lesson_next(l, reply, NULL) == 0)
					fuzz_fail("lesson_next took answer %d of %d", reply, nr);
				reply = 0;
			}
		}
		if (lesson_next(l, reply, NULL)) {
			fuzz_check_msg("lesson_next", ctx->err, text);
			break;
		}
	}
	if (n > 1) {
		if (lesson_goto(l, lesson_page(l)->step - 1))
			fuzz_check_msg("lesson_goto", ctx->err, text);
		else
			check_page(lesson_page(l));
		fuzz_check_sim(ctx->sim, "lesson_goto");
	}
	lesson_close(l);
}

int fuzz_lua(const uint8_t *data, size_t size)
{
	struct cmd_ctx *ctx = malloc(sizeof(*ctx));
	char *text = fuzz_text(data, size, LUA_INPUT_MAX);

	if (!ctx || !text)
		goto out;
	if (cmd_ctx_init(ctx, "tiny", 1)) {
		fuzz_fail("cmd_ctx_init: %s", ctx->err);
		goto out;
	}
	if (!strncmp(text, "--lesson\n", 9))
		lesson_mode(ctx, text + 9);
	else
		lua_mode(ctx, text);
	cmd_ctx_release(ctx);
out:
	free(text);
	free(ctx);
	return 0;
}

FUZZ_TARGET(fuzz_lua)
