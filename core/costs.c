/* core/costs.c - the cost table (include/buddyscope/costs.h). */
#include "buddyscope/costs.h"

static const struct {
	const char	*name;
	uint64_t	ns;
	const char	*what;
	const char	*source;
} costs[NR_COSTS] = {
#define X(id, ns, what, source) { #id, ns, what, source },
	COSTS(X)
#undef X
};

uint64_t cost_ns(enum cost_item item)
{
	return (unsigned int)item < NR_COSTS ? costs[item].ns : 0;
}

/* A disk read or write is the device's time, not a CPU's: the slowdown
 * leaves it (page_writeback.c charges it with cost_ns). */
uint64_t cost_ns_at(enum cost_item item, unsigned int slowdown_pm)
{
	uint64_t ns = cost_ns(item);

	if (item == COST_DISK_READ || item == COST_DISK_WRITE)
		return ns;
	return ns * slowdown_pm / 1000;
}

void costs_show(struct strbuf *out, unsigned int slowdown_pm, const uint64_t *wakeup_ns)
{
	sb_puts(out, "what the kernel's work costs in simulated time (tasks, kswapd and kcompactd "
		"each run on a CPU of their own):\n");
	if (slowdown_pm != 1000)
		sb_printf(out, "  the CPUs are %u.%03u times slower than the host measured "
			  "(sim.cpu_slowdown): every cost but the disk's is scaled by it\n",
			  slowdown_pm / 1000, slowdown_pm % 1000);
	for (int i = 0; i < NR_COSTS; i++) {
		bool set = i == COST_WAKEUP && wakeup_ns;

		sb_printf(out, "  %-13s %6lu ns  %s\n  %-13s %9s source: %s\n", costs[i].name,
			  (unsigned long)(set ? *wakeup_ns : cost_ns_at((enum cost_item)i, slowdown_pm)),
			  costs[i].what, "", "", set ? "set by sim.wakeup_us (the table's: "
			  "`set sim.wakeup_us default`)" : costs[i].source);
	}
	sb_puts(out, "  (tests/bench/costs.c measures the host's figures again: `make bench`)\n");
}
