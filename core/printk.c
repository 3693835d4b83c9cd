/* core/printk.c - the kernel log ring, as dmesg reads it (kernel/printk). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* One line, with the "[%5lu.%06lu] " timestamp dmesg prints. */
void printk(struct sim *sim, const char *fmt, ...)
{
	char *line;
	int n;
	va_list ap;

	if (!sim->dmesg.lines)
		return;
	snap_touch(sim->dmesg.rgn, sim->dmesg.next % DMESG_LINES * DMESG_LINE_LEN);
	line = sim->dmesg.lines[sim->dmesg.next % DMESG_LINES];
	/* the time of whoever logs it: a task's, or a kernel thread's own */
	n = snprintf(line, DMESG_LINE_LEN, "[%5lu.%06lu] ",
		     (unsigned long)(exec_now(sim) / 1000000000ULL),
		     (unsigned long)(exec_now(sim) % 1000000000ULL / 1000));
	va_start(ap, fmt);
	vsnprintf(line + n, DMESG_LINE_LEN - (size_t)n, fmt, ap);
	va_end(ap);
	sim->dmesg.next++;
}

void sim_dmesg_show(const struct sim *sim, struct strbuf *out, unsigned long last)
{
	uint64_t first = sim->dmesg.next > DMESG_LINES ? sim->dmesg.next - DMESG_LINES : 0;

	if (last && sim->dmesg.next - first > last)
		first = sim->dmesg.next - last;
	for (uint64_t i = first; i < sim->dmesg.next; i++) {
		sb_puts(out, sim->dmesg.lines[i % DMESG_LINES]);
		sb_putc(out, '\n');
	}
}

uint64_t sim_dmesg_seq(const struct sim *sim)
{
	return sim->dmesg.next;
}
