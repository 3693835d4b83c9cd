/* tests/unit/test_cov_kmsg_explain.c - kmsg_explain() on hand-written
 * reports that take the branches the real logs do not: a movable request
 * that may use CMA blocks, the words for __GFP_NORETRY and for a mask
 * without __GFP_FS, a 6.3+ request that may not sleep (ALLOC_HARDER), an OOM
 * table where every task is exempt, and a raw mask given its names. */
#include <stdlib.h>
#include <string.h>

#include "buddyscope/kmsg.h"
#include "simtest.h"

/* The explanation of the first report of @text, in @sb. */
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
/* DMA32 with its free memory all in CMA order-2 blocks */
#define CMA_ZONE "Node 0 DMA32 free:4000kB min:400kB low:500kB high:600kB present:100000kB " \
	"managed:90000kB free_cma:3600kB\nlowmem_reserve[]: 0 0 0 0\n" \
	"Node 0 DMA32: 0*4kB 0*8kB 250*16kB (C) = 4000kB\n"

TEST(cov_kmsg_explain_cma_and_noretry)
{
	struct strbuf sb = STRBUF_INIT;

	/* a movable request may take the CMA blocks: it counts free_cma and
	 * finds a block of its order; __GFP_NORETRY gave up after one round */
	REQUIRE(explain_text("x: page allocation failure: order:2, "
			     "mode:0x101cca(GFP_HIGHUSER_MOVABLE|__GFP_NORETRY)\n" CPU_LINE CMA_ZONE,
			     &sb));
	CHECK(strstr(sb_str(&sb), "Node 0 DMA32: free 997 > min 100 + lowmem_reserve 0 (order 2): "
		     "passes\n") != NULL);
	CHECK(strstr(sb_str(&sb), "__GFP_NORETRY: one round of direct reclaim and compaction, then "
		     "the request gives up without the OOM killer.") != NULL);
	sb_release(&sb);
	/* an unmovable one may not: free_cma is taken off, and the check refuses */
	REQUIRE(explain_text("x: page allocation failure: order:2, mode:0xcc0(GFP_KERNEL)\n"
			     CPU_LINE CMA_ZONE, &sb));
	CHECK(strstr(sb_str(&sb), "Node 0 DMA32: free 97 <= min 100 + lowmem_reserve 0 (order 2): "
		     "refused\n") != NULL);
	sb_release(&sb);
}

TEST(cov_kmsg_explain_words_of_the_mask)
{
	struct strbuf sb = STRBUF_INIT;

	/* GFP_NOFS: no OOM killer for it */
	REQUIRE(explain_text("x: page allocation failure: order:0, mode:0xc40(GFP_NOFS)\n"
			     CPU_LINE CMA_ZONE, &sb));
	CHECK(strstr(sb_str(&sb), "Without __GFP_FS the OOM killer is not called") != NULL);
	sb_release(&sb);
	/* __GFP_FS without __GFP_IO: out_of_memory() checks __GFP_FS only */
	REQUIRE(explain_text("x: page allocation failure: order:0, mode:0xc80\n" CPU_LINE CMA_ZONE,
			     &sb));
	CHECK(strstr(sb_str(&sb), "Without __GFP_IO reclaim may not swap and compaction does not "
		     "run") != NULL);
	CHECK(strstr(sb_str(&sb), "OOM killer is not called") == NULL);
	sb_release(&sb);
	/* a raw mask alone: its names are given beside it */
	REQUIRE(explain_text("x: page allocation failure: order:0, mode:0xcc0\n" CPU_LINE CMA_ZONE,
			     &sb));
	CHECK(strstr(sb_str(&sb), "with 0xcc0 (GFP_KERNEL) on 6.1.0.") != NULL);
	sb_release(&sb);
	/* 6.3 and later: a request that may not sleep is ALLOC_NON_BLOCK,
	 * without ALLOC_CPUSET, but the quarter off min needs __GFP_HIGH too
	 * (ALLOC_MIN_RESERVE): GFP_NOWAIT keeps the full min, GFP_ATOMIC gets
	 * half and a quarter more; before 6.3 only __GFP_ATOMIC had it */
	REQUIRE(explain_text("x: page allocation failure: order:0, mode:0x800(GFP_NOWAIT)\n"
			     "CPU: 0 PID: 9 Comm: x Not tainted 6.3.0 #1\n" CMA_ZONE, &sb));
	CHECK(strstr(sb_str(&sb), "min 100 + lowmem_reserve") != NULL);
	CHECK(strstr(sb_str(&sb), "ALLOC_NON_BLOCK") != NULL);
	sb_release(&sb);
	REQUIRE(explain_text("x: page allocation failure: order:0, mode:0x820(GFP_ATOMIC)\n"
			     "CPU: 0 PID: 9 Comm: x Not tainted 6.3.0 #1\n" CMA_ZONE, &sb));
	CHECK(strstr(sb_str(&sb), "min 38 + lowmem_reserve") != NULL);
	sb_release(&sb);
	REQUIRE(explain_text("x: page allocation failure: order:0, mode:0x800(GFP_NOWAIT)\n"
			     CPU_LINE CMA_ZONE, &sb));
	CHECK(strstr(sb_str(&sb), "min 100 + lowmem_reserve") != NULL);
	sb_release(&sb);
}

TEST(cov_kmsg_explain_every_task_exempt)
{
	struct strbuf sb = STRBUF_INIT;

	REQUIRE(explain_text("x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, "
			     "oom_score_adj=0\n" CPU_LINE CMA_ZONE
			     "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents "
			     "oom_score_adj name\n"
			     "[    100]     0   100     1000      500     4096        0         -1000 a\n"
			     "[    101]     0   101     1000      700     4096        0         -1000 b\n",
			     &sb));
	CHECK(strstr(sb_str(&sb), "victim: none: every task in the table is at oom_score_adj "
		     "-1000\n") != NULL);
	sb_release(&sb);
}
