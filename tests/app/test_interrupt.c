/* tests/app/test_interrupt.c - a command the engine stops for a Ctrl-C
 * (issue 9) fails with one line that says so and leaves the machine as it
 * was: a boot, compact, drop_caches and tick, through the command table as a
 * user types them. The signal itself is tests/tui/run.sh's part; here the
 * engine's interrupt flag is set from the start of the command, so the
 * result does not depend on when a signal lands.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/commands.h"
#include "buddyscope/sim.h"
#include "testhelp.h"

static const volatile sig_atomic_t pressed = 1;

/* Every view a command could change, in one string (malloc'd). */
static char *views(struct cmd_ctx *ctx)
{
	static const char *const v[] = {
		"show buddyinfo", "show vmstat", "show zoneinfo", "threads", "task list", "machine",
	};
	struct strbuf all = STRBUF_INIT, out = STRBUF_INIT;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sb_reset(&out);
		if (cmd_exec_line(ctx, v[i], &out))
			sb_printf(&out, "error: %s\n", ctx->err);
		sb_add(&all, out.buf ? out.buf : "", out.len);
	}
	sb_release(&out);
	return all.buf;
}

/* @line with the flag set: it fails with @err and changes nothing; then
 * with the flag clear it runs. */
static void interrupted(const char *setup, const char *line, const char *err)
{
	struct strbuf out = STRBUF_INIT;
	struct cmd_ctx ctx;
	char *before, *after;

	REQUIRE(cmd_ctx_init(&ctx, "tiny", 1) == 0);
	for (const char *s = setup; s && *s; s += strlen(s) + 1)
		CHECK(cmd_exec_line(&ctx, s, &out) == 0);
	before = views(&ctx);
	sim_set_interrupt(&pressed);
	sb_reset(&out);
	CHECK(cmd_exec_line(&ctx, line, &out) != 0);
	if (strcmp(ctx.err, err)) {
		printf("    %s: %s\n", line, ctx.err);
		CHECK(!"the error says the command was interrupted");
	}
	CHECK(!strchr(ctx.err, '\n'));
	sim_set_interrupt(&cmd_interrupted);
	after = views(&ctx);
	CHECK(before && after && !strcmp(before, after));
	sb_reset(&out);
	CHECK(cmd_exec_line(&ctx, line, &out) == 0);
	free(before);
	free(after);
	sb_release(&out);
	cmd_ctx_release(&ctx);
}

TEST(interrupted_boot_keeps_the_machine)
{
	interrupted(NULL, "machine classroom",
		    "machine: interrupted (Ctrl-C) while booting 'classroom'; still running tiny");
}

TEST(interrupted_compact_is_undone)
{
	interrupted("task spawn hog\0task touch hog anon 3000\0task exit hog\0", "compact",
		    "compact: interrupted (Ctrl-C); the machine is as it was before the command");
}

TEST(interrupted_drop_caches_is_undone)
{
	interrupted("task spawn cat\0task touch cat read 3000\0", "set vm.drop_caches 3",
		    "set vm.drop_caches: interrupted (Ctrl-C); the machine is as it was before "
		    "the command");
}

TEST(interrupted_tick_is_undone)
{
	interrupted("task spawn hog\0task touch hog file 7000\0", "tick 1000",
		    "tick: interrupted (Ctrl-C); the machine is as it was before the command");
}

/* compare runs a workload on two machines of its own: a Ctrl-C in either
 * compares nothing (one side stopped early would show as the kernels'
 * difference) */
TEST(interrupted_compare_compares_nothing)
{
	interrupted(NULL, "compare 4.5 6.1",
		    "compare: interrupted (Ctrl-C) while booting tiny under Linux v4.5.0; nothing "
		    "is compared");
}
