/* tests/soak/soak.c - a random workload through the command layer, with
 * every engine invariant checked after every command.
 *
 *   build/soak [-n COMMANDS] [-s SEED] [-r RUNS]
 *
 * Each run boots the tiny machine and draws COMMANDS commands from a PRNG
 * seeded with SEED + run: allocations and frees, tasks that touch, access,
 * unmap and exit, ticks (kswapd, kcompactd, the flushers, the OOM reaper),
 * compaction, sysctls, swap, slab, stepped requests, machine switches and
 * resets, and Lua scripts, some of which fail on purpose. After every
 * command sim_check() must find nothing; after a failed script the
 * simulation must be as it was before it (buddyinfo, pagetypeinfo,
 * zoneinfo and vmstat, and the free page count). `make test` runs a few
 * hundred commands a run; `make soak` runs many more.
 * One test per run; the last line is "N passed, N failed".
 */
#include "fuzz.h"

#include <unistd.h>
#include "commands.h"

static int failures;

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("#   ", stdout);
	vfprintf(stdout, fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	failures++;
}

static uint64_t rng_state;

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned long below(unsigned long n)
{
	return (unsigned long)(rng() % n);
}

/* One random command into @buf; *must_fail: a script that fails on purpose. */
static void draw(char *buf, size_t len, bool *must_fail)
{
	static const char *const gfps[] = { "GFP_KERNEL", "GFP_ATOMIC", "GFP_HIGHUSER_MOVABLE",
		"GFP_NOWAIT", "GFP_KERNEL|__GFP_NORETRY", "GFP_DMA", "GFP_TRANSHUGE",
		"GFP_ATOMIC|__GFP_NOWARN", "GFP_NOIO" };
	static const char *const kinds[] = { "anon", "file", "dirty" };
	unsigned long t = below(6);
	const char *gfp = gfps[below(sizeof(gfps) / sizeof(gfps[0]))];

	*must_fail = false;
	switch (below(26)) {
	case 0: case 1: case 2:
		snprintf(buf, len, "alloc %s %lu x%lu", gfp, below(below(4) ? 4 : 11), 1 + below(40));
		break;
	case 3:
		snprintf(buf, len, "free all");
		break;
	case 4:
		snprintf(buf, len, "task spawn t%lu adj=%ld", t, (long)below(2001) - 1000);
		break;
	case 5: case 6: case 7:
		snprintf(buf, len, "task touch t%lu %s %lu", t, kinds[below(3)], 1 + below(3000));
		break;
	case 8:
		snprintf(buf, len, "task access t%lu %s %lu", t, kinds[below(2)], 1 + below(500));
		break;
	case 9:
		snprintf(buf, len, "task unmap t%lu %s %lu", t, kinds[below(2)], 1 + below(1000));
		break;
	case 10:
		snprintf(buf, len, "task exit t%lu", t);
		break;
	case 11: case 12:
		snprintf(buf, len, "tick %lu", 1 + below(300));
		break;
	case 13:
		snprintf(buf, len, "compact");
		break;
	case 14:
		snprintf(buf, len, "drain all");
		break;
	case 15:
		snprintf(buf, len, "slab %lu %s", 1 + below(400), below(2) ? "reclaimable" : "unmovable");
		break;
	case 16:
		snprintf(buf, len, "swap %luK", below(4) * 4096);
		break;
	case 17:
		snprintf(buf, len, below(2) ? "set vm.min_free_kbytes %lu" :
			 "set watermark_scale_factor %lu", below(2) ? 1 + below(4000) : 1 + below(1000));
		break;
	case 18:
		snprintf(buf, len, "start %s %lu", gfp, below(11));
		break;
	case 19:
		snprintf(buf, len, below(2) ? "step %lu" : "next", 1 + below(5));
		break;
	case 20:
		snprintf(buf, len, below(8) ? "reset" : "machine tiny");
		break;
	case 21:
		snprintf(buf, len, "lua local r = bs.alloc{gfp = '%s', order = %lu} r:run() "
			 "bs.cmd('task touch t%lu anon %lu') error('fails on purpose')", gfp, below(11), t,
			 1 + below(500));
		*must_fail = true;
		break;
	case 22:
		snprintf(buf, len, "lua for i = 1, %lu do bs.cmd('alloc GFP_KERNEL 0') end "
			 "bs.on('kmem', function() end) local x = nil + 1", 1 + below(50));
		*must_fail = true;
		break;
	case 23:
		snprintf(buf, len, "lua for i = 1, %lu do local r = bs.alloc{order = i %% 4} "
			 "while r:step() do end end", 1 + below(20));
		break;
	case 24:
		snprintf(buf, len, "lua bs.cmd('compact') bs.cmd('tick %lu') "
			 "return ('x'):rep(%lu):find(('x?'):rep(12) .. 'y')", 1 + below(100),
			 1 + below(200));
		break;
	default:
		snprintf(buf, len, "check");
		break;
	}
}

static bool soak(uint64_t seed, unsigned long n)
{
	struct cmd_ctx *ctx = malloc(sizeof(*ctx));
	struct fuzz_snap snap = { 0, false, STRBUF_INIT };
	struct strbuf out = STRBUF_INIT;
	int before = failures;
	char line[512], diff[256];

	if (!ctx || cmd_ctx_init(ctx, "tiny", seed)) {
		fuzz_fail("cannot boot tiny");
		free(ctx);
		return false;
	}
	rng_state = seed;
	for (unsigned long i = 0; i < n && failures == before; i++) {
		bool must_fail;
		int rc;

		draw(line, sizeof(line), &must_fail);
		if (must_fail)
			fuzz_snap_take(&snap, ctx->sim);
		sb_reset(&out);
		rc = cmd_exec_line(ctx, line, &out);
		if (rc == -1)
			fuzz_check_msg(line, ctx->err, line);
		if (must_fail && rc != -1)
			fuzz_fail("seed %llu command %lu '%s' should have failed",
				  (unsigned long long)seed, i, line);
		if (must_fail && !fuzz_snap_same(&snap, ctx->sim, diff, sizeof(diff)))
			fuzz_fail("seed %llu command %lu '%s' failed but was not rolled back: %s",
				  (unsigned long long)seed, i, line, diff);
		fuzz_check_sim(ctx->sim, line);
		if (failures != before)
			printf("#   (seed %llu, command %lu: %s)\n", (unsigned long long)seed, i, line);
	}
	sb_release(&out);
	sb_release(&snap.text);
	cmd_ctx_release(ctx);
	free(ctx);
	return failures == before;
}

int main(int argc, char **argv)
{
	unsigned long n = 300, runs = 4;
	unsigned long long seed = 1;
	int opt, passed = 0, failed = 0;

	while ((opt = getopt(argc, argv, "n:s:r:")) != -1) {
		switch (opt) {
		case 'n': n = strtoul(optarg, NULL, 10); break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'r': runs = strtoul(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: soak [-n COMMANDS] [-s SEED] [-r RUNS]\n");
			return 2;
		}
	}
	for (unsigned long r = 0; r < runs; r++) {
		if (soak(seed + r, n)) {
			printf("ok soak seed %llu, %lu commands\n", seed + r, n);
			passed++;
		} else {
			printf("not ok soak seed %llu\n", seed + r);
			failed++;
		}
		fflush(stdout);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
