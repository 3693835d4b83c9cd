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
static char lesson_path[64];

static void remove_lesson_file(void)
{
	if (lesson_path[0])
		unlink(lesson_path);
}

static bool write_lesson(const char *text)
{
	FILE *f;
	bool ok;

	if (!lesson_path[0]) {
		const char *dir = getenv("TMPDIR");
		int fd;

		snprintf(lesson_path, sizeof(lesson_path), "%.40s/bs-fuzz-XXXXXX",
			 dir && *dir ? dir : "/tmp");
		fd = mkstemp(lesson_path);
		if (fd < 0) {
			lesson_path[0] = '\0';
			return false;
		}
		close(fd);
		atexit(remove_lesson_file);
	}
	f = fopen(lesson_path, "w");
	if (!f)
		return false;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok;
}

static void check_prompt(const struct lesson_prompt *p)
{
	if (!p->text)
		fuzz_fail("lesson prompt %d (kind %d) has no text", p->step, (int)p->kind);
	if ((int)p->kind < LESSON_SAY || p->kind > LESSON_ERROR)
		fuzz_fail("lesson prompt %d has kind %d", p->step, (int)p->kind);
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

static void lesson_mode(struct cmd_ctx *ctx, const char *text)
{
	struct lesson *l;
	struct lesson_prompt p;
	int reply = -1, n;

	if (!write_lesson(text))
		return;
	if (lesson_open(ctx, lesson_path, &l)) {
		fuzz_check_msg("lesson_open", ctx->err, text);
		return;
	}
	for (n = 0; n < MAX_PROMPTS; n++) {
		if (lesson_resume(l, reply, &p)) {
			fuzz_fail("lesson_resume: host error at prompt %d", n);
			break;
		}
		check_prompt(&p);
		fuzz_check_sim(ctx->sim, "a lesson prompt");
		if (p.kind == LESSON_DONE || p.kind == LESSON_ERROR)
			break;
		/* 1, 2, 3, ... and, every fourth, one out of range */
		if (p.kind != LESSON_PREDICT)
			reply = -1;
		else if (n % 4 == 3)
			reply = n % 8 == 3 ? -7 : p.nr_choices + n;
		else
			reply = p.nr_choices > 0 ? n % p.nr_choices : -1;
	}
	if (n > 1) {
		if (lesson_back(l, &p))
			fuzz_fail("lesson_back: host error after %d prompts", n);
		else
			check_prompt(&p);
		fuzz_check_sim(ctx->sim, "lesson_back");
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
