/* tests/unit/test_clock.c - time as a real machine spends it (costs.h,
 * core/sched.c), checked against what a real kernel did.
 *
 * The machine is the real 1 GiB, 2-CPU QEMU guest of the Linux 6.1 captures
 * (tests/data/linux-6.1/boot/zoneinfo), booted under v4.5. First a task
 * streams a file through mmap, well past RAM: the reclaim that makes room
 * must be kswapd's, running on the other CPU, with the reader's own direct
 * reclaim an exception. Then a task touches anonymous memory past RAM with
 * no swap: it must end in an OOM kill. The bands, and the real kernel's
 * proportions they are held to (tests/data/clock/README.md):
 *   - pgsteal_kswapd >= 4 x pgsteal_direct ("several times"); the real 6.1
 *     run with a task faulting anonymous memory into a page-cache-full
 *     machine had 126342 kswapd against 35 direct;
 *   - direct reclaim stalls: at least one, at most one per 10000 pages read;
 *   - the anonymous toucher is OOM-killed (the real run: oom_kill 3, the
 *     grower among the victims).
 */
#include <errno.h>

#include "../../core/internal.h"
#include "buddyscope/costs.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

/* "name value" from a /proc/vmstat file; -1 if absent */
static long vmstat_file(const char *path, const char *name)
{
	char line[256];
	size_t n = strlen(name);
	long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ' ') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

static unsigned long zsum_ev(const struct sim *sim, int base)
{
	return sim_vm_event(sim, base + ZONE_DMA) + sim_vm_event(sim, base + ZONE_DMA32) +
	       sim_vm_event(sim, base + ZONE_NORMAL) + sim_vm_event(sim, base + ZONE_MOVABLE);
}

TEST(clock_real_proportions_on_a_1G_2cpu_machine)
{
	static const char *const dir = "tests/data/clock/";
	char a[128], b[128], err[256];
	struct machine_desc m;
	struct sim *sim;
	unsigned long managed = 0, kst, dst, stalls, read, touched;
	long real_k, real_d, real_kills;
	uint64_t t0;
	int reader, hog;

	/* the real kernel's proportions this test holds the model to */
	snprintf(a, sizeof(a), "%sfrag-01_after_pagecache.vmstat", dir);
	snprintf(b, sizeof(b), "%sfrag-03_after_hugetlb1.vmstat", dir);
	real_k = vmstat_file(b, "pgsteal_kswapd") - vmstat_file(a, "pgsteal_kswapd");
	real_d = vmstat_file(b, "pgsteal_direct") - vmstat_file(a, "pgsteal_direct");
	REQUIRE(real_k == 126342 && real_d == 35 && real_k >= 4 * real_d);
	snprintf(a, sizeof(a), "%soom-01_holders_ready.vmstat", dir);
	snprintf(b, sizeof(b), "%soom-02_after_grower.vmstat", dir);
	real_kills = vmstat_file(b, "oom_kill") - vmstat_file(a, "oom_kill");
	REQUIRE(real_kills == 3);

	REQUIRE(machine_load("zoneinfo:tests/data/linux-6.1/boot/zoneinfo", &m, err,
			     sizeof(err)) == 0);
	REQUIRE(m.nr_nodes == 1 && m.nodes[0].nr_cpus == 2);
	sim = boot_desc(&m, 1);
	REQUIRE(sim);
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		managed += sim_zone(sim, 0, zid)->managed_pages;
	REQUIRE(managed > 200000);	/* ~958 MiB */

	/* 1. streaming a file through mmap, 1.5 x RAM */
	reader = task_spawn(sim, "reader", 0, -1, 0);
	REQUIRE(reader > 0);
	t0 = sim_clock_ns(sim);
	read = managed * 3 / 2;
	CHECK_EQ_L(task_touch(sim, reader, TASK_FILE, read), (long)read);
	kst = zsum_ev(sim, PGSTEAL_KSWAPD_DMA);
	dst = zsum_ev(sim, PGSTEAL_DIRECT_DMA);
	stalls = sim_vm_event(sim, ALLOCSTALL);
	printf("  streaming %lu pages took %.0f ms: pgsteal_kswapd %lu, pgsteal_direct %lu, "
	       "allocstall %lu, kswapd CPU %.1f ms (real 6.1: %ld vs %ld)\n", read,
	       (double)(sim_clock_ns(sim) - t0) / 1e6, kst, dst, stalls,
	       (double)sim->node_data[0]->kswapd.cpu_ns / 1e6, real_k, real_d);
	CHECK(kst >= 4 * dst);
	CHECK(kst + dst >= read - managed);	/* what did not fit was reclaimed */
	CHECK(stalls >= 1 && stalls <= read / 10000);
	/* each page cost the reader the disk's read and a fault (costs.h) */
	CHECK(sim_clock_ns(sim) - t0 >=
	      read * (cost_ns(COST_DISK_READ) + cost_ns(COST_ANON_FAULT)));
	CHECK(sim_vm_event(sim, PAGEOUTRUN) >= 2);

	/* 2. anonymous memory past RAM, no swap: an OOM kill */
	hog = task_spawn(sim, "hog", 0, -1, 0);
	REQUIRE(hog > 0);
	touched = (unsigned long)task_touch(sim, hog, TASK_ANON, managed + managed / 4);
	printf("  the hog touched %lu of %lu anonymous pages before it was killed\n", touched,
	       managed + managed / 4);
	CHECK(touched < managed && touched > managed / 2);
	CHECK(task_find(sim, hog) == NULL);	/* killed, and exited */
	CHECK(sim_vm_event(sim, OOM_KILL) >= 1);
	CHECK(task_find(sim, reader) != NULL);	/* the page cache was no reason to kill */
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
