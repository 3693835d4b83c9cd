/* core/printk.c - the kernel log ring, as dmesg reads it (kernel/printk). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/kernel.h"
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

/* Where each WARN_ON_ONCE sits: the file and the function the kernel's
 * WARNING line names (__alloc_pages_slowpath is inlined into
 * __alloc_pages_nodemask in v4.5, so %pS names the latter). */
static const struct {
	const char	*file;
	const char	*func;
} warn_sites[NR_WARN_SITES] = {
	[WARN_ORDER_TOO_BIG]	= { "mm/page_alloc.c", "__alloc_pages_nodemask" },
	[WARN_ATOMIC_RECLAIM]	= { "mm/page_alloc.c", "__alloc_pages_nodemask" },
};

/*
 * Models: WARN_ON_ONCE() -> warn_slowpath_null() -> warn_slowpath_common()
 * (kernel/panic.c, v4.5): the cut-here line, "WARNING: CPU: %d PID: %d at
 * %s:%d %pS()", print_modules(), dump_stack()'s first line with the taint
 * ("Not tainted", then "Tainted: G        W      " once a WARN happened),
 * and print_oops_end_marker() with oops_id, which grows by one each time.
 * SIMPLIFICATION: the simulator has no kernel binary, so the WARNING line
 * names the file without a line number and the function without
 * +offset/size; no modules are loaded, and there is no "Hardware name:"
 * line and no stack dump. The layout is v4.5's; v4.6 is assumed to print
 * the same (not checked against its source).
 */
bool warn_on_once(struct sim *sim, enum warn_site site, bool cond)
{
	const struct task *cur = current_task(sim);
	const char *release;

	if (!cond || (sim->warned_once & (1u << site)))
		return cond;
	sim->warned_once |= 1u << site;
	printk(sim, "------------[ cut here ]------------");
	printk(sim, "WARNING: CPU: %d PID: %d at %s %s()", sim->cur_cpu, cur->pid,
	       warn_sites[site].file, warn_sites[site].func);
	printk(sim, "Modules linked in:");
	/* print_tainted(): 'G' for not proprietary, then F S R M B U D A W C I O E L K */
	/* init_utsname()->release: "4.5.0" from "Linux v4.5.0" */
	release = sim_kernel(sim)->release;
	if (!strncmp(release, "Linux v", 7))
		release += 7;
	printk(sim, "CPU: %d PID: %d Comm: %.20s %s %s #1", sim->cur_cpu, cur->pid, cur->comm,
	       sim->taint_warn ? "Tainted: G        W      " : "Not tainted", release);
	sim->oops_id++;
	printk(sim, "---[ end trace %016llx ]---", (unsigned long long)sim->oops_id);
	sim->taint_warn = true;		/* add_taint(TAINT_WARN) */
	return cond;
}
