/* tests/tui/test_commands.c - the debugger words in the command table:
 * `help break` names every stage, `break <Tab>` completes them, the gdb
 * aliases resolve, and next/finish stop where gdb's would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/commands.h"
#include "../../app/complete.h"
#include "buddyscope/sim.h"
#include "testhelp.h"

TEST(help_break_lists_every_stage)
{
	struct cmd_ctx ctx;
	struct strbuf out = STRBUF_INIT;

	REQUIRE(cmd_ctx_init(&ctx, "tiny", 1) == 0);
	REQUIRE(cmd_exec_line(&ctx, "help break", &out) == 0);
	/* the end (FLOW_DONE) is where a finished request rests; every other
	 * stage of the machine's kernel is a place to stop */
	for (unsigned int i = 0; i < sim_nr_stages(ctx.sim); i++) {
		const char *name = alloc_stage_name(ctx.sim, (int)i);
		const char *p = strstr(sb_str(&out), name);

		/* the whole word: MIN_WMARK is not NO_WMARKS */
		while (p && ((p > sb_str(&out) && (p[-1] == '_' || (p[-1] >= 'A' && p[-1] <= 'Z'))) ||
			     p[strlen(name)] == '_'))
			p = strstr(p + 1, name);
		if (sim_stage(ctx.sim, (int)i)->flow == FLOW_DONE)
			continue;
		if (!p)
			printf("  help break does not name %s\n", name);
		CHECK(p != NULL);
	}
	sb_release(&out);
	cmd_ctx_release(&ctx);
}

TEST(break_tab_completes_stages_and_events)
{
	struct cmd_ctx ctx;
	struct completions c;
	bool reclaim = false, compact = false, event = false;

	REQUIRE(cmd_ctx_init(&ctx, "tiny", 1) == 0);
	complete_line(&ctx, "break dir", 6, "dir", &c);
	for (size_t i = 0; i < c.n; i++) {
		reclaim |= !strcmp(c.v[i], "DIRECT_RECLAIM");
		compact |= !strcmp(c.v[i], "DIRECT_COMPACT");
	}
	CHECK(reclaim && compact);
	completions_release(&c);
	complete_line(&ctx, "break mm_vmscan_k", 6, "mm_vmscan_k", &c);
	for (size_t i = 0; i < c.n; i++)
		event |= !strcmp(c.v[i], "mm_vmscan_kswapd_wake");
	CHECK(event);
	completions_release(&c);
	cmd_ctx_release(&ctx);
}

TEST(gdb_aliases_resolve)
{
	CHECK_EQ_L(cmd_lookup("bt"), CMD_where);
	CHECK_EQ_L(cmd_lookup("backtrace"), CMD_where);
	CHECK_EQ_L(cmd_lookup("n"), CMD_next);
	CHECK_EQ_L(cmd_lookup("s"), CMD_step);
	CHECK_EQ_L(cmd_lookup("c"), CMD_continue);
	CHECK_EQ_L(cmd_lookup("finish"), CMD_finish);
	CHECK_EQ_L(cmd_lookup("exit"), CMD_quit);
}

/* next steps over reclaim between stages, and goes one pass inside it;
 * finish from do_try_to_free_pages stops when it returns. */
TEST(next_and_finish_stop_where_gdb_would)
{
	struct cmd_ctx ctx;
	struct strbuf out = STRBUF_INIT;
	const char *fn[16];
	unsigned int path;

	REQUIRE(cmd_ctx_init(&ctx, "tiny", 1) == 0);
	REQUIRE(cmd_exec_line(&ctx, "task spawn reader", &out) == 0);
	REQUIRE(cmd_exec_line(&ctx, "task touch reader file 6000", &out) == 0);
	REQUIRE(cmd_exec_line(&ctx, "set min_free_kbytes 12000", &out) == 0);
	REQUIRE(cmd_exec_line(&ctx, "break DIRECT_RECLAIM", &out) == 0);
	REQUIRE(cmd_exec_line(&ctx, "start GFP_KERNEL 0", &out) == 0);
	REQUIRE(cmd_exec_line(&ctx, "continue", &out) == 0);
	REQUIRE(ctx.step.req.stage == ALLOC_STAGE_DIRECT_RECLAIM);
	CHECK_EQ_L(alloc_frames(ctx.sim, &ctx.step.req, fn, 16), 2);
	/* step goes in: #0 do_try_to_free_pages */
	REQUIRE(cmd_exec_line(&ctx, "step", &out) == 0);
	CHECK_EQ_L(alloc_frames(ctx.sim, &ctx.step.req, fn, 16), 6);
	CHECK(!strcmp(fn[5], "do_try_to_free_pages"));
	/* next inside the loop: one pass, still inside */
	path = ctx.step.req.nr_path;
	REQUIRE(cmd_exec_line(&ctx, "next", &out) == 0);
	CHECK_EQ_L(alloc_frames(ctx.sim, &ctx.step.req, fn, 16), 6);
	CHECK_EQ_UL(ctx.step.req.nr_path, path);
	/* finish: out of do_try_to_free_pages, still in the stage */
	REQUIRE(cmd_exec_line(&ctx, "finish", &out) == 0);
	CHECK(alloc_frames(ctx.sim, &ctx.step.req, fn, 16) < 6 || ctx.step.req.nr_path != path);
	CHECK(ctx.step.req.sc.done);
	/* a fresh request that must take the slow path */
	REQUIRE(cmd_exec_line(&ctx, "delete all", &out) == 0);
	if (ctx.step.active)
		REQUIRE(cmd_exec_line(&ctx, "continue", &out) == 0);
	REQUIRE(!ctx.step.active);
	REQUIRE(cmd_exec_line(&ctx, "set min_free_kbytes 30000", &out) == 0);
	REQUIRE(cmd_exec_line(&ctx, "start GFP_KERNEL 0", &out) == 0);
	/* next between stages runs a whole stage: the path grows by one */
	path = ctx.step.req.nr_path;
	REQUIRE(cmd_exec_line(&ctx, "next", &out) == 0);
	CHECK_EQ_UL(ctx.step.req.nr_path, path + 1);
	REQUIRE(alloc_frames(ctx.sim, &ctx.step.req, fn, 16) == 2);
	CHECK_EQ_L(ctx.step.frame, 0);
	/* up from #0 to the caller, then back down */
	REQUIRE(cmd_exec_line(&ctx, "up", &out) == 0);
	CHECK_EQ_L(ctx.step.frame, 1);
	CHECK(cmd_exec_line(&ctx, "up", &out) == -1);	/* the outermost */
	REQUIRE(cmd_exec_line(&ctx, "down", &out) == 0);
	CHECK(cmd_exec_line(&ctx, "down", &out) == -1);	/* the innermost */
	/* finish from __alloc_pages_nodemask: the end of the request */
	REQUIRE(cmd_exec_line(&ctx, "up", &out) == 0);
	REQUIRE(cmd_exec_line(&ctx, "finish", &out) == 0);
	CHECK(!ctx.step.active);
	sb_release(&out);
	cmd_ctx_release(&ctx);
}
