/* app/cmd_trace.c - `trace`: the events recorded while tracing is on,
 * printed as the kernel's /sys/kernel/tracing/trace file prints them.
 *
 * The recording is the sim's trace buffer (trace_buffer_* in trace.h), so it
 * is engine state: `back` puts back what `trace show` printed then. When the
 * buffer is full the oldest events go, as in ftrace's overwrite mode; the
 * header's entries-in-buffer/entries-written shows how many.
 */
#include "commands.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "buddyscope/sim.h"
#include "buddyscope/trace.h"

void trace_log_pump(struct cmd_ctx *ctx)
{
	if (ctx->sim)
		trace_buffer_pump(ctx->sim);
}

/* The header of the trace file (print_trace_header, print_func_help_header_irq)
 * of the running kernel. */
static void trace_header(const struct cmd_ctx *ctx, struct strbuf *out)
{
	sb_puts(out, "# tracer: nop\n#\n");
	sb_printf(out, "# entries-in-buffer/entries-written: %zu/%" PRIu64 "   #P:%d\n#\n",
		  trace_buffer_count(ctx->sim), trace_buffer_written(ctx->sim),
		  sim_nr_cpus(ctx->sim));
	sb_puts(out, sim_kernel(ctx->sim)->trace_header);
}

int cmd_trace(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	struct sim *sim = ctx->sim;
	const char *w = arg_word(args, "action");
	const struct trace_event *ev;
	char line[512];

	const struct cmd_arg *rest = arg_get(args, "args");

	if (w && !strcmp(w, "replay"))
		return trace_replay_cmd(ctx, rest ? rest->s : NULL, out);
	if (rest)
		return cmd_error(ctx, "trace %s: unexpected '%.40s'; only trace replay takes "
				 "arguments", w ? w : "", rest->s);
	trace_buffer_pump(sim);
	if (!w) {
		sb_printf(out, "trace is %s; %zu events recorded\n",
			  trace_buffer_enabled(sim) ? "on" : "off", trace_buffer_count(sim));
	} else if (!strcmp(w, "on")) {
		trace_buffer_enable(sim, true);
		sb_puts(out, "trace on\n");
	} else if (!strcmp(w, "off")) {
		trace_buffer_enable(sim, false);
		sb_printf(out, "trace off; %zu events recorded\n", trace_buffer_count(sim));
	} else if (!strcmp(w, "clear")) {
		trace_buffer_clear(sim);
		sb_puts(out, "trace cleared\n");
	} else {	/* show */
		trace_header(ctx, out);
		for (size_t i = 0; (ev = trace_buffer_event(sim, i)); i++) {
			size_t len = trace_format(ev, line, sizeof(line));

			sb_add(out, line, len < sizeof(line) ? len : sizeof(line) - 1);
			sb_putc(out, '\n');
		}
	}
	return 0;
}
