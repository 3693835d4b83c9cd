/* tests/bench/costs.c - measure on this host the figures of the cost table
 * that come from the build host (include/buddyscope/costs.h), and print
 * them beside the table's, so that anyone can check where they came from.
 * The table itself never changes with the host: the simulation stays
 * deterministic. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buddyscope/costs.h"

void bench_costs(void);

static double ns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* touching fresh pages of an anonymous mapping: fault, allocate, clear */
static double anon_fault(void)
{
	const size_t n = 16384, sz = n * 4096;
	double best = 1e18;

	for (int r = 0; r < 5; r++) {
		char *p = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		double t;

		if (p == MAP_FAILED)
			return -1;
		madvise(p, sz, MADV_NOHUGEPAGE);
		t = ns_now();
		for (size_t i = 0; i < n; i++)
			p[i * 4096] = 1;
		t = (ns_now() - t) / (double)n;
		best = t < best ? t : best;
		munmap(p, sz);
	}
	return best;
}

static double copy_page(void)
{
	static char src[4096], dst[4096];
	double best = 1e18;

	memset(src, 1, sizeof(src));
	for (int r = 0; r < 20; r++) {
		double t = ns_now();

		for (int i = 0; i < 20000; i++) {
			memcpy(dst, src, sizeof(dst));
			__asm__ volatile("" : : "r"(dst) : "memory");
			src[0] = (char)i;
		}
		t = (ns_now() - t) / 20000;
		best = t < best ? t : best;
	}
	return best;
}

/* read() of a cached file, and dropping clean order-0 page cache pages */
static void page_cache(const char *path, double *read_ns, double *drop_ns)
{
	const int n = 16384;
	static char page[4096], big[1 << 20];
	double bread = 1e18, bdrop = 1e18;
	int fd;

	*read_ns = *drop_ns = -1;
	memset(page, 5, sizeof(page));
	for (int r = 0; r < 5; r++) {
		double t;

		if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) < 0)
			return;
		/* written backwards: order-0 folios, no readahead-sized ones */
		for (int i = n - 1; i >= 0; i--)
			if (pwrite(fd, page, sizeof(page), (off_t)i * 4096) < 0)
				goto out;
		fsync(fd);
		lseek(fd, 0, SEEK_SET);
		t = ns_now();
		for (int i = 0; i < n / 256; i++)
			if (read(fd, big, sizeof(big)) < 0)
				goto out;
		t = (ns_now() - t) / n;
		bread = t < bread ? t : bread;
		t = ns_now();
		posix_fadvise(fd, 0, (off_t)n * 4096, POSIX_FADV_DONTNEED);
		t = (ns_now() - t) / n;
		bdrop = t < bdrop ? t : bdrop;
		close(fd);
	}
	*read_ns = bread;
	*drop_ns = bdrop;
	unlink(path);
	return;
out:
	close(fd);
	unlink(path);
}

/* half a pipe round trip: a sleeping process woken on another CPU */
/* munmap() of touched anonymous memory, per 4 KiB page (MADV_NOHUGEPAGE)
 * or per 2 MiB THP (MADV_HUGEPAGE, aligned; *huge_kb says how much of it
 * the kernel backed with THPs: the figure is a THP's only if all) */
static double unmap(bool thp, long *huge_kb)
{
	const size_t unit = thp ? (size_t)2 << 20 : 4096, n = thp ? 32 : 16384, sz = n * unit;
	double best = 1e18;

	for (int r = 0; r < 5; r++) {
		char *raw = mmap(NULL, sz + unit, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				 -1, 0);
		char *p;
		double t;

		if (raw == MAP_FAILED)
			return -1;
		p = (char *)(((uintptr_t)raw + unit - 1) & ~(uintptr_t)(unit - 1));
		madvise(p, sz, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
		for (size_t i = 0; i < sz; i += thp ? unit : 4096)
			p[i] = 1;
		if (huge_kb) {
			FILE *f = fopen("/proc/self/smaps_rollup", "r");
			char line[256];

			*huge_kb = -1;
			while (f && fgets(line, sizeof(line), f))
				if (!strncmp(line, "AnonHugePages:", 14))
					*huge_kb = atol(line + 14);
			if (f)
				fclose(f);
		}
		t = ns_now();
		munmap(p, sz);
		t = (ns_now() - t) / (double)n;
		best = t < best ? t : best;
		munmap(raw, sz + unit);
	}
	return best;
}

static double wakeup(void)
{
	int a[2], b[2], n = 20000;
	char c = 0;
	double t;
	pid_t pid;

	if (pipe(a) || pipe(b))
		return -1;
	if (!(pid = fork())) {
		for (int i = 0; i < n; i++)
			if (read(a[0], &c, 1) != 1 || write(b[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	t = ns_now();
	for (int i = 0; i < n; i++)
		if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1)
			break;
	t = (ns_now() - t) / n / 2;
	waitpid(pid, NULL, 0);
	close(a[0]), close(a[1]), close(b[0]), close(b[1]);
	return t;
}

void bench_costs(void)
{
	double rd, drop, thp;
	long huge = -1;

	page_cache("build/costs-probe", &rd, &drop);
	printf("cost table vs this host (the table is fixed; show costs gives its sources):\n");
	printf("  ANON_FAULT   table %5lu ns, here %6.0f ns\n", (unsigned long)cost_ns(COST_ANON_FAULT),
	       anon_fault());
	printf("  COPY_USER    table %5lu ns, here %6.0f ns\n", (unsigned long)cost_ns(COST_COPY_USER), rd);
	printf("  RECLAIM_PAGE table %5lu ns, here %6.0f ns\n",
	       (unsigned long)cost_ns(COST_RECLAIM_PAGE), drop);
	printf("  COPY_PAGE    table %5lu ns, here %6.0f ns\n", (unsigned long)cost_ns(COST_COPY_PAGE),
	       copy_page());
	printf("  UNMAP_PAGE   table %5lu ns, here %6.0f ns\n", (unsigned long)cost_ns(COST_UNMAP_PAGE),
	       unmap(false, NULL));
	thp = unmap(true, &huge);
	printf("  UNMAP_THP    table %5lu ns, here %6.0f ns (%ld of %d kB were THPs)\n",
	       (unsigned long)cost_ns(COST_UNMAP_THP), thp, huge, 32 * 2048);
	printf("  WAKEUP       table %5lu ns, here %6.0f ns\n", (unsigned long)cost_ns(COST_WAKEUP),
	       wakeup());
}
