/* tests/bench/bench_fastpath.c - `make bench` (alone: `build/bench
 * fastpath`): the allocator's hot paths in instructions, counted by
 * callgrind (wall-clock on a shared machine varies 2x from run to run;
 * instruction counts do not), and boot times.
 *
 *  - order-0 alloc+free pairs through the per-cpu lists: target <= 450
 *    instructions a pair;
 *  - mixed-order (0..10) operations through the buddy lists: <= 400 each;
 * under 4.5 and under 6.1, with the event ring off (nobody reads events:
 * trace_set_enabled) and, for comparison, on; each beside the same loop's
 * wall-clock rate in this process. The bench runs itself under valgrind
 * --tool=callgrind with collection switched on around the loop only.
 *  - a 64 GiB machine booted in <= 0.15 s, 1 TiB in <= 2 s, each beside the
 *    time this host takes to write as many bytes of fresh memory once, and
 *    the 64 GiB boot's instructions (callgrind) a simulated page.
 */
#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif

#include "buddyscope/gfp.h"
#include "buddyscope/machine.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"
#include "buddyscope/trace.h"
#include "bench.h"

int bench_ir_child(const char *mode);
void bench_fastpath(const char *self);

#define IR_OPS	100000UL

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct sim *boot_desc(const struct machine_desc *m, double *secs, enum kernel_version k)
{
	struct sim_config cfg;
	struct sim *sim;
	char err[256];
	double t = now();

	memset(&cfg, 0, sizeof(cfg));
	cfg.machine = *m;
	cfg.seed = 1;
	cfg.kernel = k;
	if (sim_create(&cfg, &sim, err, sizeof(err))) {
		fprintf(stderr, "bench: %s\n", err);
		return NULL;
	}
	if (secs)
		*secs = now() - t;
	return sim;
}

/* The kernel a mode names ("pairs-6.1"), 4.5 otherwise. */
static enum kernel_version mode_kernel(const char *mode)
{
	return strstr(mode, "-6.1") ? KERNEL_6_1 : KERNEL_4_5;
}

/* The loop of @mode: @ops order-0 pairs or mixed operations on the
 * classroom machine, warmed up first. Return: seconds, or -1. */
static double run_loop(const char *mode, unsigned long ops, bool collect)
{
	struct machine_desc m;
	struct sim *sim;
	unsigned long pfn, *held = malloc(IR_OPS * sizeof(*held));
	size_t nheld = 0;
	bool mixed = strstr(mode, "mixed") != NULL;
	double t;

	if (!held || machine_preset("classroom", &m) ||
	    !(sim = boot_desc(&m, NULL, mode_kernel(mode)))) {
		free(held);
		return -1;
	}
	trace_set_enabled(sim, strstr(mode, "traced") != NULL);
	for (int i = 0; i < 1000; i++) {	/* warm: the pcp lists filled */
		pfn = alloc_pages(sim, GFP_KERNEL, 0);
		free_pages(sim, pfn, 0);
	}
	sim_seed_set(sim, 42);
	(void)collect;
	t = now();
#ifdef HAVE_CALLGRIND
	if (collect)
		CALLGRIND_TOGGLE_COLLECT;
#endif
	if (mixed)
		for (unsigned long i = 0; i < ops; i++)
			bench_mixed_op(sim, held, &nheld, IR_OPS);
	else
		for (unsigned long i = 0; i < ops; i++) {
			pfn = alloc_pages(sim, GFP_KERNEL, 0);
			free_pages(sim, pfn, 0);
		}
#ifdef HAVE_CALLGRIND
	if (collect)
		CALLGRIND_TOGGLE_COLLECT;
#endif
	t = now() - t;
	free(held);
	sim_destroy(sim);
	return t;
}

/* The 64 GiB preset's boot (under callgrind, the whole of it collected). */
static int boot64(enum kernel_version k, bool collect)
{
	struct machine_desc m;
	struct sim *sim;

	if (machine_preset("server64", &m))
		return 1;
	(void)collect;
#ifdef HAVE_CALLGRIND
	if (collect)
		CALLGRIND_TOGGLE_COLLECT;
#endif
	sim = boot_desc(&m, NULL, k);
#ifdef HAVE_CALLGRIND
	if (collect)
		CALLGRIND_TOGGLE_COLLECT;
#endif
	if (!sim)
		return 1;
	sim_destroy(sim);
	return 0;
}

/* Under callgrind: the loop of @mode between two collection toggles. */
int bench_ir_child(const char *mode)
{
	if (!strncmp(mode, "boot64", 6))
		return boot64(mode_kernel(mode), true);
	return run_loop(mode, IR_OPS, true) < 0;
}

/* Instructions a loop iteration of @mode (@per of them in all), or -1. */
static double ir_per_op(const char *self, const char *mode, double per)
{
	char out[] = "/tmp/buddyscope-cg-XXXXXX", cmd[512], line[256];
	double ir = -1;
	int fd = mkstemp(out);
	FILE *f;

	if (fd < 0)
		return -1;
	close(fd);
	snprintf(cmd, sizeof(cmd), "valgrind --tool=callgrind --collect-atstart=no "
		 "--callgrind-out-file=%s %s --ir %s >/dev/null 2>&1", out, self, mode);
	if (system(cmd) == 0 && (f = fopen(out, "r"))) {
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "summary:", 8) || !strncmp(line, "totals:", 7))
				ir = strtod(strchr(line, ':') + 1, NULL) / per;
		fclose(f);
	}
	unlink(out);
	return ir;
}

static void report(const char *what, double value, const char *unit, const char *target, int ok)
{
	printf("%-44s %14.2f %-10s target %-14s %s\n", what, value, unit, target, ok ? "ok" : "MISSED");
}

/* Seconds to write @bytes of fresh memory once (the host's own speed). */
static double touch_time(size_t bytes)
{
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	double t;

	if (p == MAP_FAILED)
		return 0;
	t = now();
	memset(p, 1, bytes);
	t = now() - t;
	munmap(p, bytes);
	return t;
}

static void boot_figure(const char *what, const struct machine_desc *m, double target,
			double boot_ir)
{
	double secs, touch;
	struct sim *sim = boot_desc(m, &secs, KERNEL_4_5);
	char label[64];

	if (!sim)
		return;
	touch = touch_time(sim_max_pfn(sim) * sizeof(struct page));
	snprintf(label, sizeof(label), "%s built", what);
	report(label, secs, "s", target <= 0.15 ? "<= 0.15" : "<= 2", secs <= target);
	printf("  = %.2f x writing its %.0f MiB of page records once in fresh memory (%.3f s, "
	       "same run)\n", touch > 0 ? secs / touch : 0,
	       (double)(sim_max_pfn(sim) * sizeof(struct page)) / 1048576.0, touch);
	if (boot_ir > 0)
		printf("  %.0f M instructions (callgrind, the whole boot): %.2f a pfn of %lu\n",
		       boot_ir / 1e6, boot_ir / (double)sim_max_pfn(sim), sim_max_pfn(sim));
	sim_destroy(sim);
}

void bench_fastpath(const char *self)
{
	static const struct { const char *mode, *what, *target, *unit; double limit; } ir[] = {
		{ "pairs", "order-0 alloc+free pair via pcp [4.5]", "<= 450", "M pairs/s", 450 },
		{ "mixed", "mixed-order (0-10) operation [4.5]", "<= 400", "M ops/s", 400 },
		{ "pairs-6.1", "order-0 alloc+free pair via pcp [6.1]", "<= 450", "M pairs/s", 450 },
		{ "mixed-6.1", "mixed-order (0-10) operation [6.1]", "<= 400", "M ops/s", 400 },
		{ "pairs-traced", "order-0 pair, events on [4.5]", "(figure)", "M pairs/s", 0 },
		{ "mixed-traced", "mixed-order operation, events on [4.5]", "(figure)", "M ops/s", 0 },
	};
	struct machine_desc m;
	char err[256];
	double boot_ir = -1;
	bool cg = false;

#ifdef HAVE_CALLGRIND
	cg = system("valgrind --version >/dev/null 2>&1") == 0;
	if (!cg)
		printf("instruction counts: valgrind is not installed (apt-get install valgrind)\n");
#else
	printf("instruction counts: no <valgrind/callgrind.h> at build time\n");
#endif
	printf("the allocator's hot paths, events off unless said (instructions: callgrind; "
	       "rates: the same loop, wall-clock, this run):\n");
	for (size_t i = 0; i < sizeof(ir) / sizeof(ir[0]); i++) {
		double n = cg ? ir_per_op(self, ir[i].mode, (double)IR_OPS) : -1;
		double secs = run_loop(ir[i].mode, 20 * IR_OPS, false);

		if (n < 0)
			printf("%-44s %14s %-10s target %-14s %s\n", ir[i].what, "-", "instr",
			       ir[i].target, "(not counted)");
		else
			report(ir[i].what, n, "instr", ir[i].target, !ir[i].limit || n <= ir[i].limit);
		if (secs > 0)
			printf("  = %.2f %s wall-clock (%lu in %.3f s)\n",
			       (double)(20 * IR_OPS) / secs / 1e6, ir[i].unit, 20 * IR_OPS, secs);
	}
	if (!machine_preset("server64", &m)) {
		if (cg)
			boot_ir = ir_per_op(self, "boot64", 1.0);
		boot_figure("64 GiB machine (server64)", &m, 0.15, boot_ir);
	}
	if (!machine_parse("name tib\nnode 0 cpus 16\n"
			   "zone 0 DMA start 1 spanned 4095 present 3998 managed 3977\n"
			   "zone 0 DMA32 start 16M spanned 1044480 present 782336 managed 770000\n"
			   "zone 0 Normal start 4G spanned 1020G present 1020G managed 1019G\n",
			   &m, err, sizeof(err)))
		boot_figure("1 TiB machine", &m, 2.0, -1);
	else
		printf("1 TiB machine: %s\n", err);
}
