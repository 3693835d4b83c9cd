/* tests/bench/bench_history.c - `make bench`: what time travel costs.
 *
 *  - `back 1` after 10,000 commands, on classroom (target <= 50 ms) and on
 *    server64 (<= 500 ms), with the memory the history holds then (target:
 *    at most twice the machine's page records);
 *  - the rollback of a failing `lua` command on a 1 TiB machine file: its
 *    time and the bytes it put back, which follow what the script changed,
 *    not the machine's size.
 * The machine is shared and wall-clock figures vary; each is printed beside
 * a ratio measured in the same run (a copy of the page records, which is
 * what a rollback cost before checkpoints: sim_clone).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../../app/commands.h"
#include "../../app/history.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/sim.h"

void bench_history(void);

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int run(struct cmd_ctx *ctx, const char *line)
{
	struct strbuf out = STRBUF_INIT;
	int rc = cmd_exec_line(ctx, line, &out);

	sb_release(&out);
	return rc;
}

static void report(const char *what, double value, const char *unit, const char *target, int ok)
{
	printf("%-44s %14.2f %-10s target %-14s %s\n", what, value, unit, target, ok ? "ok" : "MISSED");
}

/* Seconds to copy @bytes once (the old rollback: a clone of the machine),
 * measured on at most 256 MiB and scaled. */
static double copy_time(size_t bytes)
{
	size_t n = bytes < (256UL << 20) ? bytes : 256UL << 20;
	char *a = malloc(n), *b = malloc(n);
	double t;

	if (!a || !b) {
		free(a);
		free(b);
		return 0;
	}
	memset(a, 1, n);
	memset(b, 2, n);	/* both resident before timing */
	t = now();
	memcpy(b, a, n);
	t = now() - t;
	if (b[n / 2] != 1)	/* the copy is used: the compiler keeps it */
		t = 0;
	free(a);
	free(b);
	return t * (double)bytes / (double)n;
}

/* A mixed session: tasks faulting memory, kernel allocations, ticks,
 * stepped requests, sysctls, frees, and views that are not entries. */
static void session(struct cmd_ctx *ctx, int n)
{
	static const char *const tasks[] = { "db", "web", "cache", "build" };
	uint64_t s = 12345;
	char line[96];

	for (int i = 0; i < 4; i++) {
		snprintf(line, sizeof(line), "task spawn %s", tasks[i]);
		run(ctx, line);
	}
	for (int i = 0; i < n; i++) {
		unsigned r, k;

		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		r = (unsigned)(s >> 33) % 100;
		k = (unsigned)(s >> 20) % 4;
		if (r < 30)
			snprintf(line, sizeof(line), "alloc GFP_KERNEL %u", k);
		else if (r < 40)
			snprintf(line, sizeof(line), "alloc GFP_HIGHUSER_MOVABLE 0 x16");
		else if (r < 55)
			snprintf(line, sizeof(line), "task touch %s %s 64", tasks[k],
				 k & 1 ? "file" : "anon");
		else if (r < 70)
			snprintf(line, sizeof(line), "tick 10");
		else if (r < 74)
			snprintf(line, sizeof(line), "start GFP_KERNEL %u", k);
		else if (r < 82)
			snprintf(line, sizeof(line), "step");
		else if (r < 83)
			snprintf(line, sizeof(line), "drain all");
		else if (r < 84 && k == 0)
			snprintf(line, sizeof(line), "free all");	/* scans every pfn */
		else if (r < 87)
			snprintf(line, sizeof(line), "set vm.swappiness %u", 40 + k * 10);
		else
			snprintf(line, sizeof(line), "show buddyinfo");
		run(ctx, line);
	}
}

static void back_after(const char *machine, double target_ms)
{
	struct cmd_ctx ctx;
	struct history_stats st;
	double t, best = 1e9, cmds, copy, deep;
	size_t records;
	char what[96];

	if (cmd_ctx_init(&ctx, machine, 1)) {
		printf("bench_history: %s\n", ctx.err);
		return;
	}
	records = sim_max_pfn(ctx.sim) * sizeof(struct page);
	t = now();
	session(&ctx, 10000);
	cmds = now() - t;
	for (int i = 0; i < 5; i++) {	/* back 1, forward 1: the best of five */
		t = now();
		run(&ctx, "back 1");
		t = now() - t;
		if (t < best)
			best = t;
		run(&ctx, "forward 1");
	}
	t = now();		/* deep: through thinned checkpoints, with replay */
	run(&ctx, "back 5000");
	deep = now() - t;
	run(&ctx, "forward 5000");
	history_stats(&ctx, &st);
	copy = copy_time(records);
	snprintf(what, sizeof(what), "back 1 after 10,000 commands (%s)", machine);
	report(what, best * 1e3, "ms", target_ms == 50 ? "<= 50" : "<= 500",
	       best * 1e3 <= target_ms);
	printf("  = %.5f x a copy of its page records (%.1f ms, same run); back 5000 %.1f ms "
	       "(replays between thinned checkpoints);\n  the 10,000 commands took %.2f s\n",
	       copy > 0 ? best / copy : 0, copy * 1e3, deep * 1e3, cmds);
	snprintf(what, sizeof(what), "memory time travel adds (%s)", machine);
	report(what, (double)st.bytes / (double)records, "x records", "<= 2",
	       st.bytes <= 2 * records);
	printf("  %.1f MiB for %zu entries, %zu checkpoints kept; page records %.1f MiB\n",
	       (double)st.bytes / 1048576.0, st.entries, st.checkpoints,
	       (double)records / 1048576.0);
	cmd_ctx_release(&ctx);
}

/* A 1 TiB machine file: DMA, DMA32 below 4 GiB, Normal up to 1 TiB. */
static int write_tib(char *path, size_t len)
{
	FILE *f;
	int fd;

	snprintf(path, len, "/tmp/buddyscope-bench-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0 || !(f = fdopen(fd, "w")))
		return -1;
	fprintf(f, "name tib\nsummary 1 TiB, one node, 16 cpus\nnode 0 cpus 16\n"
		   "zone 0 DMA start 1 spanned 4095 present 3998 managed 3977\n"
		   "zone 0 DMA32 start 16M spanned 1044480 present 782336 managed 770000\n"
		   "zone 0 Normal start 4G spanned 1020G present 1020G managed 1019G\n");
	return fclose(f);
}

static void rollback_tib(void)
{
	struct cmd_ctx ctx;
	struct history_stats st;
	char path[64], spec[80];
	double t_ok, t_fail, copy;
	size_t records;

	if (write_tib(path, sizeof(path))) {
		printf("bench_history: cannot write a machine file in /tmp\n");
		return;
	}
	snprintf(spec, sizeof(spec), "file:%s", path);
	if (cmd_ctx_init(&ctx, spec, 1)) {
		printf("bench_history: 1 TiB machine: %s\n", ctx.err);
		unlink(path);
		return;
	}
	unlink(path);
	records = sim_max_pfn(ctx.sim) * sizeof(struct page);
	t_ok = now();
	run(&ctx, "lua bs.cmd('alloc GFP_KERNEL 0 x1000'); bs.cmd('alloc GFP_KERNEL 4 x100')");
	t_ok = now() - t_ok;
	t_fail = now();
	run(&ctx, "lua bs.cmd('alloc GFP_KERNEL 0 x1000'); bs.cmd('alloc GFP_KERNEL 4 x100'); "
		  "error('late')");
	t_fail = now() - t_fail;
	history_stats(&ctx, &st);
	copy = copy_time(records);
	report("failing lua rolled back (1 TiB machine)", t_fail * 1e3, "ms", "(figure)", 1);
	printf("  the same script succeeding took %.2f ms; the rollback put back %zu KiB of "
	       "%zu GiB page records;\n  a copy of the machine (the old rollback) takes %.0f ms "
	       "here: %.4f x\n", t_ok * 1e3, st.last_rollback >> 10, records >> 30, copy * 1e3,
	       copy > 0 ? t_fail / copy : 0);
	cmd_ctx_release(&ctx);
}

void bench_history(void)
{
	back_after("classroom", 50);
	back_after("server64", 500);
	rollback_tib();
}
