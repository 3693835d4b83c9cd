/* tests/app/test_cmdline.c - how a command line's first word is found:
 * one rule (cmd_line_start) for the command table and for the raw-text
 * commands (lua, source), so ":help" and ":lua" can never drift apart.
 */
#include <string.h>

#include "../../app/commands.h"
#include "testhelp.h"

TEST(line_start_drops_blanks_and_one_colon)
{
	CHECK_STR(cmd_line_start("help"), "help");
	CHECK_STR(cmd_line_start(" \t:help"), "help");
	CHECK_STR(cmd_line_start(":lua return 1"), "lua return 1");
	CHECK_STR(cmd_line_start("::kernel"), "::kernel");
	CHECK_STR(cmd_line_start(":"), "");
	CHECK_STR(cmd_line_start(""), "");
}

/* The same line gives the same result through either reader. */
TEST(colon_lines_run_through_both_readers)
{
	struct strbuf out = STRBUF_INIT;
	struct cmd_ctx ctx;

	REQUIRE(cmd_ctx_init(&ctx, "tiny", 1) == 0);
	CHECK(cmd_exec_line(&ctx, "  :lua print(40 + 2)", &out) == 0);
	CHECK(out.buf && !strcmp(out.buf, "42\n"));
	sb_reset(&out);
	CHECK(cmd_exec_line(&ctx, ":seed", &out) == 0);
	CHECK(out.buf && !strcmp(out.buf, "seed 1\n"));
	CHECK(cmd_exec_line(&ctx, "::lua print(1)", &out) != 0);
	CHECK(strstr(ctx.err, "unknown command '::lua'") != NULL);
	CHECK(cmd_exec_line(&ctx, ":source", &out) != 0);
	CHECK_STR(ctx.err, "source: missing FILE (usage: source FILE...)");
	sb_release(&out);
	cmd_ctx_release(&ctx);
}
