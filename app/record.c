/* app/record.c - `--record FILE.cast`: the session as an asciicast v2 file
 * (newline-delimited JSON: a header object, then [time, "o", text] output
 * events and [time, "m", label] markers), playable with `asciinema play`.
 *
 *   batch, -c, FILE   the transcript (what goes to stdout and stderr), a
 *                     marker before each command; times advance half a
 *                     second a command, so the file is the same for the same
 *                     seed and commands, byte for byte, and has no wall-clock
 *                     "timestamp" in its header
 *   the screen        every frame the screen draws, as the terminal codes
 *                     that paint it whole, at the time it was drawn (the
 *                     monotonic clock: a viewer sees the session's pace)
 *
 * Markers name every slow-path stage a stepped request runs (the engine's
 * bs_alloc_stage events) and every lesson step, so a viewer can jump from
 * step to step. The recorder only reads the sim (its own event cursor): a
 * recorded session does what an unrecorded one does.
 */
#include "record.h"

#include <errno.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"
#include "buddyscope/trace.h"
#include "commands.h"

#define RECORD_BATCH_COLS	120	/* the transcript's terminal */
#define RECORD_BATCH_ROWS	40

static struct {
	char		path[4096];	/* --record FILE; "" when not recording */
	FILE		*f;		/* the open cast file */
	bool		wallclock;	/* the screen: real time; batch: synthetic */
	double		t;		/* synthetic time, seconds */
	double		t0;		/* the monotonic clock at the start */
	uint64_t	cursor;		/* next trace event to look at */
	const struct sim *sim;		/* the sim the cursor belongs to */
	bool		in_command;	/* batch: between record_before and
					 * record_command */
	struct strbuf	held;		/* markers raised meanwhile, a line each */
} rec;

void record_setup(const char *path)
{
	snprintf(rec.path, sizeof(rec.path), "%s", path ? path : "");
}

bool record_wanted(void)
{
	return rec.path[0] != '\0';
}

bool record_active(void)
{
	return rec.f != NULL;
}

static double now(void)
{
	struct timespec ts;

	if (!rec.wallclock)
		return rec.t;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9 - rec.t0;
}

/* @s as a JSON string body: quotes, backslashes and control characters
 * escaped; UTF-8 passes through. */
static void json_str(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

int record_start(int width, int height, bool wallclock, const char *title, char *err, size_t errlen)
{
	struct timespec ts;
	const char *term = getenv("TERM");

	if (!record_wanted() || rec.f)
		return 0;
	rec.f = fopen(rec.path, "w");
	if (!rec.f) {
		snprintf(err, errlen, "--record: cannot write '%s': %s", rec.path, strerror(errno));
		return -1;
	}
	rec.wallclock = wallclock;
	rec.t = 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	rec.t0 = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	fprintf(rec.f, "{\"version\": 2, \"width\": %d, \"height\": %d", width, height);
	if (wallclock)
		fprintf(rec.f, ", \"timestamp\": %lld", (long long)time(NULL));
	fputs(", \"title\": ", rec.f);
	json_str(rec.f, title, strlen(title));
	fputs(", \"env\": {\"TERM\": ", rec.f);
	term = term && *term ? term : "xterm-256color";
	json_str(rec.f, term, strlen(term));
	fputs("}}\n", rec.f);
	return 0;
}

void record_stop(void)
{
	if (!rec.f)
		return;
	fclose(rec.f);
	rec.f = NULL;
	rec.in_command = false;
	sb_release(&rec.held);
}

void record_output(const char *s, size_t n, bool to_crlf)
{
	if (!rec.f || !n)
		return;
	fprintf(rec.f, "[%.6f, \"o\", ", now());
	if (!to_crlf) {
		json_str(rec.f, s, n);
	} else {
		/* a terminal needs \r\n where a transcript has \n */
		struct strbuf b = STRBUF_INIT;

		for (size_t i = 0; i < n; i++) {
			if (s[i] == '\n')
				sb_putc(&b, '\r');
			sb_putc(&b, s[i]);
		}
		json_str(rec.f, sb_str(&b), b.len);
		sb_release(&b);
	}
	fputs("]\n", rec.f);
	fflush(rec.f);
}

static void write_marker(const char *label)
{
	fprintf(rec.f, "[%.6f, \"m\", ", now());
	json_str(rec.f, label, strlen(label));
	fputs("]\n", rec.f);
	fflush(rec.f);
}

/* A marker now; while a batch command runs, held until its "command:"
 * marker is written (record_command), so a viewer finds it after that. */
void record_marker(const char *fmt, ...)
{
	char label[256];
	va_list ap;

	if (!rec.f)
		return;
	va_start(ap, fmt);
	vsnprintf(label, sizeof(label), fmt, ap);
	va_end(ap);
	label[strcspn(label, "\n")] = '\0';
	if (rec.in_command) {
		sb_printf(&rec.held, "%s\n", label);
		return;
	}
	write_marker(label);
}

static void record_advance(double seconds)
{
	rec.t += seconds;
}

static void cursor_reset(const struct cmd_ctx *ctx)
{
	if (rec.f && rec.sim != ctx->sim) {
		rec.sim = ctx->sim;
		rec.cursor = trace_next_seq(ctx->sim);
	}
}

void record_before(const struct cmd_ctx *ctx)
{
	cursor_reset(ctx);
	rec.in_command = rec.f != NULL;
	sb_reset(&rec.held);
}

void record_stages(const struct cmd_ctx *ctx)
{
	struct trace_event ev[64];
	uint64_t lost;
	size_t n;

	if (!rec.f)
		return;
	if (rec.sim != ctx->sim) {	/* a new machine: start from its next event */
		cursor_reset(ctx);
		return;
	}
	while ((n = trace_read(ctx->sim, &rec.cursor, ev, 64, &lost)) > 0)
		for (size_t i = 0; i < n; i++)
			if (ev[i].id == TRACE_bs_alloc_stage && ev[i].stage >= 0)
				record_marker("stage %s", alloc_stage_name(ctx->sim, ev[i].stage));
}

void record_command(const struct cmd_ctx *ctx, const char *line, const char *out, size_t n,
		    const char *err)
{
	char cmd[200];
	size_t len = strcspn(line, "\r\n");

	if (!rec.f)
		return;
	rec.in_command = false;
	snprintf(cmd, sizeof(cmd), "%.*s", (int)(len < 190 ? len : 190), line);
	if (cmd[0] && cmd[0] != '#') {
		record_advance(0.5);
		record_marker("command: %s", cmd);
	}
	/* what the command raised (a lesson step), after its own marker */
	for (const char *m = sb_str(&rec.held); *m; ) {
		size_t ml = strcspn(m, "\n");
		char label[256];

		snprintf(label, sizeof(label), "%.*s", (int)ml, m);
		write_marker(label);
		m += ml + (m[ml] == '\n');
	}
	sb_reset(&rec.held);
	if (!cmd[0] || cmd[0] == '#')
		return;
	/* a line "[STAGE] ..." is a step of the slow path (step, next,
	 * continue): a marker right before it, so a viewer lands on it */
	for (size_t i = 0; i < n; ) {
		const char *l = out + i, *nl = memchr(l, '\n', n - i);
		size_t ll = nl ? (size_t)(nl - l) + 1 : n - i;
		size_t k = 1;

		while (k < ll && ((l[k] >= 'A' && l[k] <= 'Z') || l[k] == '_'))
			k++;
		if (l[0] == '[' && k > 1 && k < ll && l[k] == ']')
			record_marker("stage %.*s", (int)(k - 1), l + 1);
		record_output(l, ll, true);
		i += ll;
	}
	if (err)
		record_output(err, strlen(err), true);
	/* the trace cursor moves on, so the screen's markers start afresh */
	if (rec.sim == ctx->sim)
		rec.cursor = trace_next_seq(ctx->sim);
	else
		cursor_reset(ctx);
}

int record_start_batch(const char *head, size_t n)
{
	char err[512];

	(void)head;
	(void)n;
	if (record_start(RECORD_BATCH_COLS, RECORD_BATCH_ROWS, false, "buddyscope transcript", err,
			 sizeof(err))) {
		fprintf(stderr, "error: %s\n", err);
		return -1;
	}
	return 0;
}

int record_start_screen(void)
{
	struct winsize ws;
	char err[512];
	int cols = 80, rows = 24;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col && ws.ws_row) {
		cols = ws.ws_col;
		rows = ws.ws_row;
	}
	if (record_start(cols, rows, true, "buddyscope", err, sizeof(err))) {
		fprintf(stderr, "error: %s\n", err);
		return -1;
	}
	return 0;
}
