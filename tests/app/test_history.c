/* tests/app/test_history.c - time travel through the command table, as a
 * user drives it: a property test over random command sequences on several
 * machines, and the rules of back/forward (stages, failed commands,
 * machines, marks). Every view a user can print is recorded after each
 * command; after `back N` each must be byte for byte what it was N entries
 * earlier, and doing the same again (by hand or with forward) must print
 * the same again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../app/commands.h"
#include "../../app/history.h"
#include "buddyscope/sim.h"
#include "testhelp.h"

static const char *const views[] = {
	"show buddyinfo", "show vmstat", "show zoneinfo", "dmesg", "trace show", "where",
	"threads", "task list", "check", "trace", "seed", "cpu", "swap", "break",
};

/* Every view, errors included, in one string (malloc'd). Viewing must not
 * change the history. */
static char *snap_views(struct cmd_ctx *ctx)
{
	struct strbuf all = STRBUF_INIT, out = STRBUF_INIT;
	struct history_stats before, after;

	history_stats(ctx, &before);
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++) {
		sb_reset(&out);
		sb_printf(&all, "== %s\n", views[i]);
		if (cmd_exec_line(ctx, views[i], &out))
			sb_printf(&out, "error: %s\n", ctx->err);
		sb_add(&all, out.buf ? out.buf : "", out.len);
	}
	history_stats(ctx, &after);
	CHECK_EQ_UL(after.entries, before.entries);
	CHECK_EQ_UL(after.current, before.current);
	sb_release(&out);
	return sb_detach(&all);
}

static char *run(struct cmd_ctx *ctx, const char *line)
{
	struct strbuf out = STRBUF_INIT;

	if (cmd_exec_line(ctx, line, &out))
		sb_printf(&out, "error: %s\n", ctx->err);
	return sb_detach(&out);
}

static bool same_text(const char *a, const char *b, const char *what)
{
	if (!strcmp(a, b))
		return true;
	for (size_t i = 0;; i++)
		if (a[i] != b[i]) {
			size_t from = i > 120 ? i - 120 : 0;

			printf("  %s differs at byte %zu:\n  had: %.240s\n  now: %.240s\n", what, i,
			       a + from, b + from);
			return false;
		}
}

/* ---- a random workload of commands ---- */

static uint64_t rng_next(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

static void gen_command(uint64_t *s, char *buf, size_t len)
{
	static const char *const gfps[] = { "GFP_KERNEL", "GFP_ATOMIC", "GFP_HIGHUSER_MOVABLE",
					     "GFP_KERNEL|__GFP_NOWARN", "GFP_NOWAIT" };
	static const char *const tasks[] = { "db", "web", "cache" };
	const char *gfp = gfps[rng_next(s) % 5], *t = tasks[rng_next(s) % 3];
	unsigned r = (unsigned)(rng_next(s) % 100), n = (unsigned)(rng_next(s) % 400) + 1;

	if (r < 14)
		snprintf(buf, len, "alloc %s %u", gfp, n % 5);
	else if (r < 18)
		snprintf(buf, len, "alloc %s %u x%u", gfp, n % 3, n % 40 + 2);
	else if (r < 24)
		snprintf(buf, len, "task spawn %s adj=%d", t, (int)(n % 3) * 300 - 300);
	else if (r < 34)
		snprintf(buf, len, "task touch %s %s %u", t, n % 3 ? "anon" : "dirty", n);
	else if (r < 38)
		snprintf(buf, len, "task exit %s", t);
	else if (r < 44)
		snprintf(buf, len, "tick %u", n % 50 + 1);
	else if (r < 47)
		snprintf(buf, len, "free all");
	else if (r < 50)
		snprintf(buf, len, "compact");
	else if (r < 53)
		snprintf(buf, len, "set vm.min_free_kbytes %u", 1024 + n * 8);
	else if (r < 56)
		snprintf(buf, len, "trace %s", n % 3 == 0 ? "on" : n % 3 == 1 ? "off" : "clear");
	else if (r < 62)
		snprintf(buf, len, "start %s %u", gfp, n % 4);
	else if (r < 72)
		snprintf(buf, len, "step %u", n % 3 + 1);
	else if (r < 74)
		snprintf(buf, len, "next");
	else if (r < 76)
		snprintf(buf, len, "swap %uM", n % 8);
	else if (r < 78)
		snprintf(buf, len, "slab %u", n % 64 + 1);
	else if (r < 80)
		snprintf(buf, len, "drain all");
	else if (r < 82)
		snprintf(buf, len, "seed %u", n);
	else if (r < 84)
		snprintf(buf, len, "break %s", n % 2 ? "DIRECT_RECLAIM" : "mm_page_alloc");
	else if (r < 86)
		snprintf(buf, len, "cpu %u", n % 2);
	else if (r < 89)
		snprintf(buf, len, "lua bs.cmd('alloc GFP_KERNEL %u')", n % 4);
	else if (r < 91)
		snprintf(buf, len, "lua error('fails after changing: ' .. bs.cmd('alloc GFP_KERNEL 1'))");
	else if (r < 94)
		snprintf(buf, len, "free 0x%x", n);		/* mostly refused */
	else if (r < 96)
		snprintf(buf, len, "task adj %s %d", t, (int)n - 200);
	else if (r < 98)
		snprintf(buf, len, "show buddyinfo");
	else
		snprintf(buf, len, "task current %s", t);
}

enum { CMDS = 48 };

/*
 * One machine: run CMDS random commands, recording the views at every
 * entry. Then go back by random amounts, checking the views; forward again;
 * and from a point back, redo the same commands by hand: same output.
 */
static void property(const char *machine, uint64_t seed)
{
	struct cmd_ctx ctx;
	char *at[CMDS + 8] = { 0 }, *out[CMDS], line[CMDS][160];
	size_t entry[CMDS + 1];
	struct history_stats st;
	uint64_t s = seed;

	if (cmd_ctx_init(&ctx, machine, seed)) {
		printf("  %s: %s\n", machine, ctx.err);
		CHECK(!"boot");
		return;
	}
	free(run(&ctx, "trace on"));	/* so that trace show has something to lose */
	history_stats(&ctx, &st);
	at[st.current] = snap_views(&ctx);
	entry[0] = st.current;
	for (int i = 0; i < CMDS; i++) {
		gen_command(&s, line[i], sizeof(line[i]));
		out[i] = run(&ctx, line[i]);
		history_stats(&ctx, &st);
		entry[i + 1] = st.current;
		REQUIRE(st.current < CMDS + 8 || !"more entries than expected");
		free(at[st.current]);
		at[st.current] = snap_views(&ctx);
	}
	/* back N, for N from each entry boundary, then forward the same */
	for (int k = 0; k < 6; k++) {
		char cmd[32];
		size_t cur, n;
		char *now, *again;

		history_stats(&ctx, &st);
		cur = st.current;
		if (!cur)
			break;
		n = 1 + rng_next(&s) % cur;
		snprintf(cmd, sizeof(cmd), "back %zu", n);
		free(run(&ctx, cmd));
		history_stats(&ctx, &st);
		CHECK_EQ_UL(st.current, cur - n);
		if (at[cur - n]) {
			now = snap_views(&ctx);
			if (!same_text(at[cur - n], now, machine))
				printf("  after back %zu from entry %zu\n", n, cur);
			CHECK(!strcmp(at[cur - n], now));
			free(now);
		}
		snprintf(cmd, sizeof(cmd), "forward %zu", n);
		free(run(&ctx, cmd));
		history_stats(&ctx, &st);
		CHECK_EQ_UL(st.current, cur);
		if (at[cur]) {
			again = snap_views(&ctx);
			CHECK(same_text(at[cur], again, machine));
			free(again);
		}
		snprintf(cmd, sizeof(cmd), "back %zu", n);	/* keep the walk going */
		free(run(&ctx, cmd));
		if (k % 2) {	/* and sometimes forward partly */
			snprintf(cmd, sizeof(cmd), "forward %zu", n / 2 + 1);
			free(run(&ctx, cmd));
		}
	}
	cmd_ctx_release(&ctx);

	/* redo by hand: back to a command boundary, the same commands again */
	REQUIRE(cmd_ctx_init(&ctx, machine, seed) == 0);
	free(run(&ctx, "trace on"));
	for (int i = 0; i < CMDS; i++)
		free(run(&ctx, line[i]));
	{
		int from = CMDS / 3;
		char cmd[32];

		history_stats(&ctx, &st);
		snprintf(cmd, sizeof(cmd), "back %zu", st.current - entry[from]);
		free(run(&ctx, cmd));
		if (at[entry[from]]) {
			char *v = snap_views(&ctx);

			CHECK(same_text(at[entry[from]], v, "back to the redo point"));
			free(v);
		}
		for (int j = from; j < CMDS; j++) {
			char *o = run(&ctx, line[j]), *v;

			if (!same_text(out[j], o, line[j]))
				CHECK(!"the same command printed the same again");
			free(o);
			history_stats(&ctx, &st);
			CHECK_EQ_UL(st.current, entry[j + 1]);
			if (at[st.current]) {
				v = snap_views(&ctx);
				CHECK(same_text(at[st.current], v, line[j]));
				free(v);
			}
		}
	}
	cmd_ctx_release(&ctx);
	for (int i = 0; i < CMDS; i++)
		free(out[i]);
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++)
		free(at[i]);
}

TEST(history_property_tiny) { property("tiny", 1); property("tiny", 7); }
TEST(history_property_classroom) { property("classroom", 2); }
TEST(history_property_numa2) { property("numa2", 3); }
TEST(history_property_movable) { property("movable", 4); }

/* ---- the rules, one by one ---- */

TEST(history_each_stage_is_an_entry)
{
	struct cmd_ctx ctx;
	char *w[8] = { 0 }, *now;
	struct history_stats st;
	size_t base;

	REQUIRE(cmd_ctx_init(&ctx, "tiny", 1) == 0);
	free(run(&ctx, "task spawn hog"));
	free(run(&ctx, "task touch hog anon 4000"));	/* no watermark holds: */
	free(run(&ctx, "set min_free_kbytes 16000"));	/* the whole slow path */
	free(run(&ctx, "start GFP_KERNEL 0"));
	history_stats(&ctx, &st);
	base = st.current;
	w[0] = run(&ctx, "where");
	for (int i = 1; i <= 5; i++) {
		free(run(&ctx, "step"));
		w[i] = run(&ctx, "where");
	}
	history_stats(&ctx, &st);
	CHECK_EQ_UL(st.current, base + 5);
	/* the same five stages in one command are five entries too */
	free(run(&ctx, "back 5"));
	free(run(&ctx, "step 5"));
	history_stats(&ctx, &st);
	CHECK_EQ_UL(st.current, base + 5);
	now = run(&ctx, "where");
	CHECK(same_text(w[5], now, "where after step 5"));
	free(now);
	free(run(&ctx, "back 1"));
	now = run(&ctx, "where");
	CHECK(same_text(w[4], now, "where after step 5, back 1"));
	free(now);
	free(run(&ctx, "back 4"));
	now = run(&ctx, "where");
	CHECK(same_text(w[0], now, "where before the first stage"));
	free(now);
	for (int i = 0; i < 8; i++)
		free(w[i]);
	cmd_ctx_release(&ctx);
}

TEST(history_failed_command_changes_nothing)
{
	struct cmd_ctx ctx;
	struct history_stats st, st2;
	char *before, *after, *o;

	REQUIRE(cmd_ctx_init(&ctx, "tiny", 1) == 0);
	free(run(&ctx, "alloc GFP_KERNEL 2"));
	before = snap_views(&ctx);
	history_stats(&ctx, &st);
	o = run(&ctx, "lua bs.cmd('alloc GFP_KERNEL 3 x20'); bs.cmd('task spawn x'); "
		      "bs.cmd('machine numa2'); error('late')");
	CHECK(strstr(o, "error: lua: lua:1: late") != NULL);
	free(o);
	after = snap_views(&ctx);
	CHECK(same_text(before, after, "views after a failed lua command"));
	history_stats(&ctx, &st2);
	CHECK_EQ_UL(st2.entries, st.entries);
	CHECK_EQ_UL(st2.machines, 1);		/* the numa2 machine is gone */
	free(after);
	free(before);
	cmd_ctx_release(&ctx);
}

/* Issue 9: a script that boots machine after machine kept every one of
 * them until it ended (3000 resets took 17 GiB and the host killed it).
 * Only the machine before the script and the running one may be held: in a
 * child whose heap may grow by 160 MiB, 40 resets of tiny (6 MiB each when
 * kept) must run. (Not under ASan: its shadow memory counts as heap.) */
#ifndef __SANITIZE_ADDRESS__
static long data_bytes(void)
{
	long size, rss, shared, text, lib, data = -1;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f && fscanf(f, "%ld %ld %ld %ld %ld %ld", &size, &rss, &shared, &text, &lib,
			&data) != 6)
		data = -1;
	if (f)
		fclose(f);
	return data < 0 ? -1 : data * sysconf(_SC_PAGESIZE);
}

static void resets_in_a_child(void)
{
	struct cmd_ctx ctx;
	int status = -1;
	pid_t pid;
	char *o;

	fflush(NULL);
	pid = fork();
	REQUIRE(pid >= 0);
	if (pid == 0) {
		struct rlimit rl;
		long data;

		if (cmd_ctx_init(&ctx, "tiny", 1) || (data = data_bytes()) < 0)
			_exit(2);
		rl.rlim_cur = rl.rlim_max = (rlim_t)data + (160UL << 20);
		if (setrlimit(RLIMIT_DATA, &rl))
			_exit(3);
		o = run(&ctx, "lua for i = 1, 40 do bs.cmd('reset') end");
		_exit(strstr(o, "error") ? 1 : 0);
	}
	REQUIRE(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
#endif

TEST(history_script_keeps_no_machine_between)
{
	struct cmd_ctx ctx;
	struct history_stats st;
	char *o, *before, *after;

#ifndef __SANITIZE_ADDRESS__
	resets_in_a_child();
#endif
	/* and going back over such a script returns to the machine before it */
	REQUIRE(cmd_ctx_init(&ctx, "tiny", 1) == 0);
	free(run(&ctx, "alloc GFP_KERNEL 2"));
	before = snap_views(&ctx);
	o = run(&ctx, "lua for i = 1, 5 do bs.cmd('reset') bs.cmd('alloc GFP_KERNEL 0') end");
	CHECK(strstr(o, "error") == NULL);
	free(o);
	history_stats(&ctx, &st);
	CHECK_EQ_UL(st.machines, 2);		/* the one before, the running one */
	free(run(&ctx, "back"));
	after = snap_views(&ctx);
	CHECK(same_text(before, after, "back over a script of resets"));
	free(after);
	free(before);
	cmd_ctx_release(&ctx);
}

TEST(history_back_crosses_machines_and_reset)
{
	struct cmd_ctx ctx;
	char *v0, *v1, *v2, *now;

	REQUIRE(cmd_ctx_init(&ctx, "tiny", 1) == 0);
	free(run(&ctx, "alloc GFP_KERNEL 3 x5"));
	v0 = snap_views(&ctx);
	free(run(&ctx, "machine numa2"));
	free(run(&ctx, "alloc GFP_KERNEL 1 x9"));
	v1 = snap_views(&ctx);
	free(run(&ctx, "reset"));
	free(run(&ctx, "alloc GFP_ATOMIC 0"));
	v2 = snap_views(&ctx);
	free(run(&ctx, "back 4"));
	now = snap_views(&ctx);
	CHECK(same_text(v0, now, "back across machine"));
	free(now);
	free(run(&ctx, "forward 2"));
	now = snap_views(&ctx);
	CHECK(same_text(v1, now, "forward to the second machine"));
	free(now);
	free(run(&ctx, "forward 2"));
	now = snap_views(&ctx);
	CHECK(same_text(v2, now, "forward across reset"));
	free(now);
	free(v0);
	free(v1);
	free(v2);
	cmd_ctx_release(&ctx);
}

TEST(history_marks_for_lessons)
{
	struct cmd_ctx ctx;
	uint64_t m0, m1;
	char *v0, *v1, *now;

	REQUIRE(cmd_ctx_init(&ctx, "tiny", 1) == 0);
	REQUIRE(history_mark(&ctx, &m0) == 0);
	v0 = snap_views(&ctx);
	/* a lesson changes the state outside any command, then marks */
	free(run(&ctx, "lua bs.cmd('alloc GFP_KERNEL 2'); bs.cmd('tick 30')"));
	for (int i = 0; i < 60; i++)	/* enough to thin unpinned checkpoints */
		free(run(&ctx, "alloc GFP_KERNEL 0"));
	REQUIRE(history_mark(&ctx, &m1) == 0);
	v1 = snap_views(&ctx);
	for (int i = 0; i < 40; i++)
		free(run(&ctx, "alloc GFP_ATOMIC 1"));
	CHECK_EQ_L(history_goto(&ctx, m0), 0);
	now = snap_views(&ctx);
	CHECK(same_text(v0, now, "goto the first mark"));
	free(now);
	CHECK_EQ_L(history_goto(&ctx, m1), 0);
	now = snap_views(&ctx);
	CHECK(same_text(v1, now, "goto the second mark"));
	free(now);
	/* a new command after going back forgets the marks ahead */
	CHECK_EQ_L(history_goto(&ctx, m0), 0);
	free(run(&ctx, "alloc GFP_KERNEL 5"));
	CHECK_EQ_L(history_goto(&ctx, m1), -1);
	CHECK(strstr(ctx.err, "no longer in the history") != NULL);
	free(v0);
	free(v1);
	cmd_ctx_release(&ctx);
}

/* Thinning keeps memory bounded and back still lands exactly. */
TEST(history_thinning_replays_exactly)
{
	struct cmd_ctx ctx;
	struct history_stats st;
	char *want = NULL, *now;

	REQUIRE(cmd_ctx_init(&ctx, "tiny", 5) == 0);
	for (int i = 0; i < 300; i++) {
		char cmd[64];

		snprintf(cmd, sizeof(cmd), i % 3 ? "alloc GFP_KERNEL %d" : "tick %d", i % 4 + 1);
		free(run(&ctx, cmd));
		if (i == 100)
			want = snap_views(&ctx);
	}
	history_stats(&ctx, &st);
	CHECK_EQ_UL(st.entries, 301);
	CHECK(st.checkpoints < 120);		/* thinned */
	CHECK(st.bytes <= st.budget);
	free(run(&ctx, "back 199"));
	now = snap_views(&ctx);
	CHECK(same_text(want, now, "back 199 through thinned checkpoints"));
	free(now);
	free(want);
	cmd_ctx_release(&ctx);
}
