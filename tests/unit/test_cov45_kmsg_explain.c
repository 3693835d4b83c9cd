/* tests/unit/test_cov45_kmsg_explain.c - kmsg_explain() on masks and
 * zones the other tests leave alone: GFP_ATOMIC gets ALLOC_HIGH and
 * ALLOC_HARDER (min halved, then a quarter off), __GFP_NOMEMALLOC takes
 * ALLOC_HARDER away (6.1 gfp_to_alloc_flags); an order check the report
 * cannot make for want of the free-list line is said to be unmade. */
#include <stdlib.h>
#include <string.h>

#include "buddyscope/kmsg.h"
#include "simtest.h"

static bool explain_text(const char *text, struct strbuf *sb)
{
	struct kmsg_log *log = malloc(sizeof(*log));
	char err[256] = "";
	bool ok;

	if (!log)
		return false;
	ok = kmsg_parse(text, log, err, sizeof(err)) == 0 && log->nr_kept >= 1;
	if (ok)
		kmsg_explain(log->reports[0], &log->boot, sb);
	else
		printf("  %s\n", err);
	kmsg_release(log);
	free(log);
	return ok;
}

#define CPU_LINE "CPU: 0 PID: 9 Comm: x Not tainted 6.1.0 #1\n"
/* min 400kB = 100 pages; no free-list line */
#define ZONE "Node 0 DMA32 free:4000kB min:400kB low:500kB high:600kB present:100000kB " \
	"managed:90000kB\nlowmem_reserve[]: 0 0 0 0\n"

TEST(cov45_kmsg_explain_atomic_and_nomemalloc)
{
	struct strbuf sb = STRBUF_INIT;

	/* GFP_ATOMIC (6.1: __GFP_HIGH | __GFP_ATOMIC | __GFP_KSWAPD_RECLAIM):
	 * 100 - 100/2 = 50, then 50 - 50/4 = 38 */
	REQUIRE(explain_text("x: page allocation failure: order:0, mode:0xa20(GFP_ATOMIC)\n"
			     CPU_LINE ZONE, &sb));
	CHECK(strstr(sb_str(&sb), "min 38 + lowmem_reserve 0") != NULL);
	sb_release(&sb);
	/* the same with __GFP_NOMEMALLOC (0x10000 in 6.1): ALLOC_HIGH only */
	REQUIRE(explain_text("x: page allocation failure: order:0, "
			     "mode:0x10a20(GFP_ATOMIC|__GFP_NOMEMALLOC)\n" CPU_LINE ZONE, &sb));
	CHECK(strstr(sb_str(&sb), "min 50 + lowmem_reserve 0") != NULL);
	sb_release(&sb);
}

TEST(cov45_kmsg_explain_order_check_without_free_lists)
{
	struct strbuf sb = STRBUF_INIT;

	REQUIRE(explain_text("x: page allocation failure: order:2, mode:0xcc0(GFP_KERNEL)\n"
			     CPU_LINE ZONE, &sb));
	/* 1000 free less 2^2 - 1 for the order (__zone_watermark_ok) */
	CHECK(strstr(sb_str(&sb), "Node 0 DMA32: free 997 > min 100 + lowmem_reserve 0 (order 2): "
		     "passes the watermark (no free-list line for the order check)\n") != NULL);
	/* a zone passes: the report was printed after memory came back */
	CHECK(strstr(sb_str(&sb), "A zone passes the check on the report's numbers") != NULL);
	sb_release(&sb);
}

/* An OOM report: with swap, the explanation does not say anonymous memory
 * can only be freed by killing; without, it does. */
TEST(cov45_kmsg_explain_oom_swap_or_not)
{
	static const char head[] =
		"x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		CPU_LINE ZONE;
	static const char table[] =
		"[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name\n"
		"[    100]     0   100     1000      500     4096        0             0 a\n";
	struct strbuf sb = STRBUF_INIT;
	char text[1024];

	snprintf(text, sizeof(text), "%sFree swap  = 0kB\nTotal swap = 0kB\n%s", head, table);
	REQUIRE(explain_text(text, &sb));
	CHECK(strstr(sb_str(&sb), "There is no swap: anonymous memory can only be freed by "
		     "killing the task that owns it.") != NULL);
	sb_release(&sb);
	snprintf(text, sizeof(text), "%sFree swap  = 0kB\nTotal swap = 1048572kB\n%s", head,
		 table);
	REQUIRE(explain_text(text, &sb));
	CHECK(strstr(sb_str(&sb), "There is no swap") == NULL);
	CHECK(strstr(sb_str(&sb), "called the OOM killer") != NULL);
	sb_release(&sb);
}
