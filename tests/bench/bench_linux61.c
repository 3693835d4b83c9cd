/* tests/bench/bench_linux61.c - the fast and slow path figures of bench.c
 * again, under 4.5 and 6.1 side by side on the same machine and seed (issue
 * 12): order-0 pairs through the pcp lists (6.1: the per-order lists and
 * its batch scaling), mixed orders 0-10 through the buddy lists (6.1:
 * zone_watermark_fast, ALLOC_NOFRAGMENT, boosting), and a slow path that
 * reaches direct reclaim. Counts are smaller than bench.c's so that the
 * four extra runs stay short; the 4.5 row is measured here again so that
 * both figures come from the same loop. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/machine.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"

void bench_linux61(void);
void bench_slowpath(enum kernel_version kernel);	/* bench.c */

static double b61_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct sim *b61_boot(const char *preset, enum kernel_version k)
{
	struct sim_config cfg;
	struct sim *sim;
	char err[256];

	memset(&cfg, 0, sizeof(cfg));
	cfg.seed = 1;
	cfg.kernel = k;
	if (machine_preset(preset, &cfg.machine) || sim_create(&cfg, &sim, err, sizeof(err))) {
		fprintf(stderr, "bench_linux61: cannot boot %s\n", preset);
		exit(1);
	}
	return sim;
}

static void b61_report(const char *what, const char *kname, double value, const char *unit,
		       const char *target, int ok)
{
	char label[64];

	snprintf(label, sizeof(label), "%s [%s]", what, kname);
	printf("%-44s %14.2f %-10s target %-14s %s\n", label, value, unit, target, ok ? "ok" : "MISSED");
}

static void b61_fast(enum kernel_version k, const char *kname)
{
	struct sim *sim = b61_boot("classroom", k);
	unsigned long n = 5000000, pfn, ops = 0;
	unsigned long *held;
	size_t nheld = 0;
	double t, secs;

	t = b61_now();
	for (unsigned long i = 0; i < n; i++) {
		pfn = alloc_pages(sim, GFP_KERNEL, 0);
		free_pages(sim, pfn, 0);
	}
	secs = b61_now() - t;
	b61_report("order-0 alloc+free pairs via pcp", kname, n / secs / 1e6, "M pairs/s", ">= 20",
		   n / secs >= 20e6);

	held = malloc(100000 * sizeof(*held));
	sim_seed_set(sim, 42);
	t = b61_now();
	for (unsigned long i = 0; i < 3000000; i++) {
		uint64_t r = sim_random(sim);

		if ((r & 1) && nheld < 100000) {
			pfn = alloc_pages(sim, GFP_HIGHUSER_MOVABLE, (unsigned int)((r >> 8) % MAX_ORDER));
			if (pfn != PFN_NONE)
				held[nheld++] = pfn;
		} else if (nheld) {
			size_t j = (size_t)((r >> 8) % nheld);

			free_pages(sim, held[j], -1);
			held[j] = held[--nheld];
		}
		ops++;
	}
	secs = b61_now() - t;
	b61_report("mixed-order (0-10) operations", kname, ops / secs / 1e6, "M ops/s", ">= 5",
		   ops / secs >= 5e6);
	free(held);
	sim_destroy(sim);
}

void bench_linux61(void)
{
	printf("4.5 and 6.1 side by side (same machines, same seed, same loops):\n");
	b61_fast(KERNEL_4_5, "4.5");
	b61_fast(KERNEL_6_1, "6.1");
	bench_slowpath(KERNEL_6_1);	/* bench.c's loop; it ran 4.5 and 4.6 already */
}
