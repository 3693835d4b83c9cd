/* app/cmd_trace.c - `trace`: keep the events recorded while tracing is on and
 * print them as the kernel's /sys/kernel/tracing/trace file does.
 *
 * The sim's own event ring is small and shared with the TUI, so the app keeps
 * its own copy: after every command (and after every request of an `alloc
 * xN`) trace_log_pump() moves the new events over. When the copy is full the
 * oldest events go, as in ftrace's overwrite mode; the header's
 * entries-in-buffer/entries-written shows how many.
 */
#include "commands.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/sim.h"
#include "buddyscope/trace.h"

void trace_log_rebase(struct cmd_ctx *ctx)
{
	ctx->trace.cursor = trace_next_seq(ctx->sim);
}

void trace_log_release(struct trace_log *log)
{
	free(log->ring);
	memset(log, 0, sizeof(*log));
}

static void trace_log_add(struct trace_log *log, const struct trace_event *ev)
{
	log->ring[(log->head + log->count) % TRACE_LOG_SIZE] = *ev;
	if (log->count < TRACE_LOG_SIZE)
		log->count++;
	else
		log->head = (log->head + 1) % TRACE_LOG_SIZE;
	log->written++;
}

void trace_log_pump(struct cmd_ctx *ctx)
{
	struct trace_log *log = &ctx->trace;
	struct trace_event buf[64];
	uint64_t lost = 0;
	size_t n;

	if (!log->on || !log->ring || !ctx->sim)
		return;
	do {
		n = trace_read(ctx->sim, &log->cursor, buf, sizeof(buf) / sizeof(buf[0]), &lost);
		log->written += lost;
		for (size_t i = 0; i < n; i++)
			trace_log_add(log, &buf[i]);
	} while (n > 0);
}

/* The header of the trace file (print_trace_header, print_func_help_header_irq)
 * of the running kernel. */
static void trace_header(const struct cmd_ctx *ctx, struct strbuf *out)
{
	sb_puts(out, "# tracer: nop\n#\n");
	sb_printf(out, "# entries-in-buffer/entries-written: %zu/%" PRIu64 "   #P:%d\n#\n",
		  ctx->trace.count, ctx->trace.written, sim_nr_cpus(ctx->sim));
	sb_puts(out, sim_kernel(ctx->sim)->trace_header);
}

int cmd_trace(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	struct trace_log *log = &ctx->trace;
	const char *w = arg_word(args, "action");
	char line[512];

	if (!w) {
		sb_printf(out, "trace is %s; %zu events recorded\n", log->on ? "on" : "off",
			  log->count);
	} else if (!strcmp(w, "on")) {
		if (!log->ring) {
			log->ring = calloc(TRACE_LOG_SIZE, sizeof(*log->ring));
			if (!log->ring)
				return cmd_error(ctx, "trace: out of memory");
		}
		if (!log->on)
			trace_log_rebase(ctx);
		log->on = true;
		sb_puts(out, "trace on\n");
	} else if (!strcmp(w, "off")) {
		trace_log_pump(ctx);
		log->on = false;
		sb_printf(out, "trace off; %zu events recorded\n", log->count);
	} else if (!strcmp(w, "clear")) {
		log->head = log->count = 0;
		log->written = 0;
		sb_puts(out, "trace cleared\n");
	} else {	/* show */
		trace_log_pump(ctx);
		trace_header(ctx, out);
		for (size_t i = 0; i < log->count; i++) {
			const struct trace_event *ev = &log->ring[(log->head + i) % TRACE_LOG_SIZE];
			size_t len = trace_format(ev, line, sizeof(line));

			sb_add(out, line, len < sizeof(line) ? len : sizeof(line) - 1);
			sb_putc(out, '\n');
		}
	}
	return 0;
}
