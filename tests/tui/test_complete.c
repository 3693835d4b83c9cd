/* tests/tui/test_complete.c - Tab after `machine file:` or `zoneinfo:`
 * completes paths (app/complete.c): files and folders (a folder with its
 * '/'), dot files only when a dot was typed. Run from the source tree, as
 * tests/tui/run.sh runs it.
 */
#include <stdbool.h>
#include <string.h>

#include "../../app/commands.h"
#include "../../app/complete.h"
#include "testhelp.h"

static bool has(const struct completions *c, const char *want)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], want))
			return true;
	return false;
}

TEST(machine_tab_completes_files_and_folders)
{
	struct cmd_ctx ctx;
	struct completions c;

	REQUIRE(cmd_ctx_init(&ctx, "tiny", 1) == 0);
	complete_line(&ctx, "machine file:tests/data/machine-ex", 8, "file:tests/data/machine-ex", &c);
	CHECK(c.n == 1 && has(&c, "file:tests/data/machine-example.txt"));
	completions_release(&c);
	complete_line(&ctx, "machine file:tests/da", 8, "file:tests/da", &c);
	CHECK(has(&c, "file:tests/data/"));		/* a folder: go on typing */
	completions_release(&c);
	complete_line(&ctx, "machine zoneinfo:tests/data/zoneinfo-4", 8,
		      "zoneinfo:tests/data/zoneinfo-4", &c);
	CHECK(c.n == 1 && has(&c, "zoneinfo:tests/data/zoneinfo-4.5.txt"));
	completions_release(&c);
	complete_line(&ctx, "machine file:", 8, "file:", &c);	/* the current folder */
	CHECK(has(&c, "file:tests/") && has(&c, "file:Makefile"));
	completions_release(&c);
	complete_line(&ctx, "machine file:no/such/dir/x", 8, "file:no/such/dir/x", &c);
	CHECK(c.n == 0);
	completions_release(&c);
	complete_line(&ctx, "machine ti", 8, "ti", &c);		/* presets still */
	CHECK(has(&c, "tiny"));
	completions_release(&c);
	cmd_ctx_release(&ctx);
}

/* Tab after a GFP argument offers the running kernel's names: 6.1 has no
 * __GFP_COLD; `show gfp` offers 6.1's __GFP_ZEROTAGS, a request (which
 * refuses it) does not. */
TEST(gfp_tab_completes_the_kernels_names)
{
	struct cmd_ctx ctx;
	struct completions c;
	struct strbuf out = STRBUF_INIT;

	REQUIRE(cmd_ctx_init(&ctx, "tiny", 1) == 0);
	complete_line(&ctx, "alloc __GFP_CO", 6, "__GFP_CO", &c);
	CHECK(has(&c, "__GFP_COLD") && has(&c, "__GFP_COMP"));
	completions_release(&c);
	REQUIRE(cmd_exec_line(&ctx, "kernel 6.1", &out) == 0);
	complete_line(&ctx, "alloc __GFP_CO", 6, "__GFP_CO", &c);
	CHECK(!has(&c, "__GFP_COLD") && has(&c, "__GFP_COMP"));
	completions_release(&c);
	complete_line(&ctx, "show gfp __GFP_Z", 9, "__GFP_Z", &c);
	CHECK(has(&c, "__GFP_ZERO") && has(&c, "__GFP_ZEROTAGS"));
	completions_release(&c);
	complete_line(&ctx, "alloc __GFP_Z", 6, "__GFP_Z", &c);
	CHECK(has(&c, "__GFP_ZERO") && !has(&c, "__GFP_ZEROTAGS"));
	completions_release(&c);
	sb_release(&out);
	cmd_ctx_release(&ctx);
}
