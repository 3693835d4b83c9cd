/* tests/fuzz/fuzz_cmdline.c - the command line: tokenizer, spec parser,
 * argument checks and every handler, through cmd_exec_line().
 *
 * Input: up to 32 command lines (split at newlines and NUL bytes) run one
 * after another against the "tiny" preset, seed 1, as the REPL runs them.
 * Each returns 0 or -1; a failing one leaves a one-line ctx->err and the sim
 * as it was (the same free pages, and buddyinfo, pagetypeinfo, zoneinfo and
 * vmstat print the same); after every line sim_check() finds nothing. Tab
 * completion of each line, with the cursor at its end and after its first
 * word, gives sorted, unique candidates that start with the word under the
 * cursor (case aside). Lines that read files (source, machine file: and
 * zoneinfo:) are skipped, and so are lua lines (fuzz_lua.c has those) and
 * machine lines that would boot a preset bigger than "tiny" (slow, and no
 * different).
 */
#include "fuzz.h"

#include <strings.h>
#include "buddyscope/machine.h"
#include "commands.h"
#include "complete.h"

#define CMDLINE_INPUT_MAX	8192
#define MAX_LINES		32

/* Copy the @i-th blank-separated word of @line (quotes stripped) into @w. */
static void word_at(const char *line, int i, char *w, size_t len)
{
	size_t n = 0;

	for (;;) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (i-- == 0 || !*line)
			break;
		while (*line && *line != ' ' && *line != '\t')
			line++;
	}
	while (*line && *line != ' ' && *line != '\t' && n + 1 < len) {
		if (*line != '"' && *line != '\'')
			w[n++] = *line;
		line++;
	}
	w[n] = '\0';
}

static bool skip_line(const char *line)
{
	char cmd[16], arg[64];
	struct machine_desc m;

	word_at(line, 0, cmd, sizeof(cmd));
	if (!strcmp(cmd, "lua") || !strcmp(cmd, ":lua") || !strcmp(cmd, "source"))
		return true;
	if (strstr(line, "file:") || strstr(line, "zoneinfo:"))
		return true;
	word_at(line, 1, arg, sizeof(arg));
	return !strcmp(cmd, "machine") && strcmp(arg, "tiny") && !machine_preset(arg, &m);
}

/* Complete @line cut at @len, as readline would with the cursor there. */
static void check_completion(const struct cmd_ctx *ctx, const char *line, size_t len)
{
	struct completions c = { NULL, 0, 0, false };
	char *l = fuzz_text((const uint8_t *)line, len, len);
	size_t start = len;

	if (!l)
		return;
	while (start > 0 && !strchr(COMPLETE_WORD_BREAKS, l[start - 1]))
		start--;
	complete_line(ctx, l, start, l + start, &c);
	for (size_t i = 0; i < c.n; i++) {
		if (strncasecmp(c.v[i], l + start, len - start))
			fuzz_fail("completing '%.80s': candidate '%.80s' does not start with '%s'", l,
				  c.v[i], l + start);
		if (i && strcmp(c.v[i - 1], c.v[i]) >= 0)
			fuzz_fail("completing '%.80s': '%.80s' then '%.80s': not sorted and unique",
				  l, c.v[i - 1], c.v[i]);
	}
	completions_release(&c);
	free(l);
}

static void run_line(struct cmd_ctx *ctx, const char *line, struct fuzz_snap *snap,
		     struct strbuf *out)
{
	char diff[256];
	int rc;

	fuzz_snap_take(snap, ctx->sim);
	sb_reset(out);
	rc = cmd_exec_line(ctx, line, out);
	if (rc == -1) {
		fuzz_check_msg("cmd_exec_line", ctx->err, line);
		if (!fuzz_snap_same(snap, ctx->sim, diff, sizeof(diff)))
			fuzz_fail("'%.80s' failed (%s) but changed the sim: %s", line, ctx->err,
				  diff);
	} else if (rc != 0) {
		fuzz_fail("'%.80s' returned %d, not 0 or -1", line, rc);
	}
	if (out->failed)
		fuzz_fail("'%.80s': output buffer ran out of memory", line);
	if (!ctx->sim) {
		fuzz_fail("'%.80s' left no simulation", line);
		return;
	}
	fuzz_check_sim(ctx->sim, line);
}

int fuzz_cmdline(const uint8_t *data, size_t size)
{
	struct cmd_ctx *ctx = malloc(sizeof(*ctx));
	struct fuzz_snap snap = { 0, false, STRBUF_INIT };
	struct strbuf out = STRBUF_INIT;
	size_t i = 0;
	int lines = 0;

	if (size > CMDLINE_INPUT_MAX)
		size = CMDLINE_INPUT_MAX;
	if (!ctx)
		return 0;
	if (cmd_ctx_init(ctx, "tiny", 1)) {
		fuzz_fail("cmd_ctx_init: %s", ctx->err);
		free(ctx);
		return 0;
	}
	while (i < size && lines < MAX_LINES && !ctx->quit) {
		size_t n = 0;
		char *line;

		while (i + n < size && data[i + n] != '\n' && data[i + n] != '\0')
			n++;
		line = fuzz_text(data + i, n, n);
		i += n + 1;
		if (!line)
			break;
		check_completion(ctx, line, strlen(line));
		check_completion(ctx, line, strcspn(line, " \t"));
		if (!skip_line(line)) {
			run_line(ctx, line, &snap, &out);
			lines++;
		}
		free(line);
	}
	sb_release(&out);
	sb_release(&snap.text);
	cmd_ctx_release(ctx);
	free(ctx);
	return 0;
}

FUZZ_TARGET(fuzz_cmdline)
