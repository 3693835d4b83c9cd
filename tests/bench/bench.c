/* tests/bench/bench.c - `make bench`: speed and size figures, each with its
 * target. Not a test: nothing here fails the build; it prints what it saw. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/machine.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"
#include "bench.h"
#include "buddyscope/task.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct sim *boot_kernel(const char *preset, double *secs, enum kernel_version kernel)
{
	struct sim_config cfg;
	struct sim *sim;
	char err[256];
	double t;

	memset(&cfg, 0, sizeof(cfg));
	cfg.seed = 1;
	cfg.kernel = kernel;
	if (machine_preset(preset, &cfg.machine)) {
		fprintf(stderr, "no preset %s\n", preset);
		exit(1);
	}
	t = now();
	if (sim_create(&cfg, &sim, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	if (secs)
		*secs = now() - t;
	return sim;
}

static struct sim *boot(const char *preset, double *secs)
{
	return boot_kernel(preset, secs, KERNEL_DEFAULT);
}

static void report(const char *what, double value, const char *unit, const char *target, int ok)
{
	printf("%-44s %14.2f %-10s target %-14s %s\n", what, value, unit, target, ok ? "ok" : "MISSED");
}

/* Hooks written beside this file (kswapd, TUI); weak so each can land alone. */
__attribute__((weak)) void bench_kswapd(enum kernel_version kernel);
__attribute__((weak)) void bench_costs(void);
__attribute__((weak)) void bench_tui(void);
__attribute__((weak)) void bench_history(void);
__attribute__((weak)) void bench_fastpath(const char *self);
__attribute__((weak)) int bench_ir_child(const char *mode);
__attribute__((weak)) void bench_replay(const char *self);
__attribute__((weak)) int bench_replay_ir_child(const char *mode);
__attribute__((weak)) void bench_linux61(void);
__attribute__((weak)) void bench_slab(void);

/*
 * A full slow-path run: the fast path fails, kswapd is woken, the min
 * watermark fails, direct reclaim frees clean page cache and the retry gets
 * the page. Only requests whose path went through DIRECT_RECLAIM and ended
 * with a page are timed.
 */
void bench_slowpath(enum kernel_version kernel);	/* bench_linux61.c runs it for 6.1 */

void bench_slowpath(enum kernel_version kernel)
{
	struct sim *sim = boot_kernel("tiny", NULL, kernel);
	double total = 0;
	unsigned long n = 0, tries = 0;
	int pid = task_spawn(sim, "reader", 0, -1, 0);

	task_touch(sim, pid, TASK_FILE, 6000);
	while (n < 2000 && tries++ < 200000) {
		struct alloc_request req;
		bool reclaimed = false;
		double t0;

		if (alloc_request_init(sim, &req, GFP_KERNEL, 0))
			break;
		t0 = now();
		alloc_run(sim, &req);
		t0 = now() - t0;
		for (unsigned int i = 0; i < req.nr_path; i++)
			reclaimed |= sim_stage(sim, req.path[i])->flow == FLOW_RECLAIM;
		if (req.pfn == PFN_NONE)
			break;
		if (reclaimed) {
			total += t0;
			n++;
		}
		/* keep the cache coming so that reclaim always has work */
		if (tries % 64 == 0)
			task_touch(sim, pid, TASK_FILE, 256);
	}
	if (n)
	{
		char what[64];

		snprintf(what, sizeof(what), "slow path with direct reclaim (tiny, v%s)",
			 kernel_desc(kernel)->name);
		report(what, total / (double)n * 1e6, "us/request", "(figure)", 1);
	}
	else
		printf("slow path with direct reclaim: no request reached direct reclaim\n");
	sim_destroy(sim);
}

int main(int argc, char **argv)
{
	struct sim *sim;
	double t, secs;
	unsigned long n = 20000000, pfn, ops = 0;
	unsigned long *held;
	size_t nheld = 0, bytes;

	if (argc == 3 && !strcmp(argv[1], "--ir") && bench_ir_child)
		return bench_ir_child(argv[2]);	/* run by bench_fastpath under callgrind */
	if (argc == 3 && !strcmp(argv[1], "--ir-replay") && bench_replay_ir_child)
		return bench_replay_ir_child(argv[2]);	/* run by bench_replay under callgrind */
	if (argc == 2 && !strcmp(argv[1], "history") && bench_history) {
		bench_history();		/* `build/bench history`: that part alone */
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "fastpath") && bench_fastpath) {
		bench_fastpath(argv[0]);	/* `build/bench fastpath`: that part alone */
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "slab") && bench_slab) {
		bench_slab();			/* `build/bench slab`: that part alone */
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "replay") && bench_replay) {
		bench_replay(argv[0]);		/* `build/bench replay`: that part alone */
		return 0;
	}
	printf("buddyscope bench (build: %s)\n", __VERSION__);

	/* 1. order-0 alloc+free pairs through the per-cpu lists */
	sim = boot("classroom", NULL);
	t = now();
	for (unsigned long i = 0; i < n; i++) {
		pfn = alloc_pages(sim, GFP_KERNEL, 0);
		free_pages(sim, pfn, 0);
	}
	secs = now() - t;
	report("order-0 alloc+free pairs via pcp, events on", n / secs / 1e6, "M pairs/s", ">= 20",
	       n / secs >= 20e6);
	printf("  (wall-clock, first loop of the run; in instructions, which load does not change,\n"
	       "   see \"order-0 pair, events on\" below)\n");

	/* 2. mixed orders 0..10 through the buddy lists */
	held = malloc(100000 * sizeof(*held));
	sim_seed_set(sim, 42);
	t = now();
	for (unsigned long i = 0; i < 10000000; i++) {
		bench_mixed_op(sim, held, &nheld, 100000);
		ops++;
	}
	secs = now() - t;
	report("mixed-order (0-10) operations", ops / secs / 1e6, "M ops/s", ">= 5", ops / secs >= 5e6);
	free(held);
	sim_destroy(sim);

	/* 3. and 4. the 64 GiB preset: boot time and bytes per page */
	sim = boot("server64", &secs);
	report("server64 (64 GiB) boot, bytes a pfn below", secs, "s", "(figure)", 1);
	report("struct page, the record per simulated page", (double)sizeof(struct page), "bytes",
	       "<= 16", sizeof(struct page) <= 16);
	bytes = sim->map.max_pfn * sizeof(struct page) + sim->map.nr_heads * sizeof(struct list_link) +
		(sim->map.max_pfn >> pageblock_order) + 1 + sizeof(struct sim) +
		(size_t)sim->nr_nodes * sizeof(struct pglist_data) +
		(size_t)sim->nr_nodes * MAX_NR_ZONES * (size_t)sim->nr_cpus * sizeof(struct per_cpu_pages);
	printf("  all engine memory but the trace ring: %.3f bytes a pfn over %lu pfns (holes included);\n"
	       "  the trace ring adds %zu KiB (%.3f bytes a pfn here)\n",
	       (double)bytes / (double)sim->map.max_pfn, sim->map.max_pfn,
	       (size_t)TRACE_RING_SIZE * sizeof(struct trace_event) / 1024,
	       (double)TRACE_RING_SIZE * sizeof(struct trace_event) / (double)sim->map.max_pfn);
	sim_destroy(sim);

	for (int k = KERNEL_4_5; k <= KERNEL_4_6; k++) {
		bench_slowpath((enum kernel_version)k);
		if (bench_kswapd)
			bench_kswapd((enum kernel_version)k);
	}
	if (bench_costs)
		bench_costs();
	if (bench_tui)
		bench_tui();
	if (bench_history)
		bench_history();
	if (bench_fastpath)
		bench_fastpath(argv[0]);
	if (bench_replay)
		bench_replay(argv[0]);
	if (bench_linux61)
		bench_linux61();
	if (bench_slab)
		bench_slab();
	return 0;
}
