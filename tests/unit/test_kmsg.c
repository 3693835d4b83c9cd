/* tests/unit/test_kmsg.c - allocation-failure and OOM reports of real
 * kernel logs: read, checked zone by zone, their victims chosen. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/kmsg.h"
#include "simtest.h"
#include "testhelp.h"

static struct kmsg_log *read_log(const char *path)
{
	struct kmsg_log *log = calloc(1, sizeof(*log));
	char *text = test_slurp(path), err[256] = "";

	if (!log || !text || kmsg_parse(text, log, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", path, err);
		free(log);
		log = NULL;
	}
	free(text);
	return log;
}

TEST(kmsg_reads_the_real_61_oom_reports)
{
	struct kmsg_log *log = read_log("tests/data/linux-6.1/oom-dmesg.txt");
	const struct kmsg_report *r;
	struct strbuf sb = STRBUF_INIT;
	static const char *const victims[3] = { "victim: 129 (memhog)", "victim: 128 (memhog)",
						"victim: 187 (memhog)" };

	REQUIRE(log);
	CHECK_EQ_L(log->nr_reports, 3);
	r = log->reports[0];
	CHECK(r->kind == KMSG_OOM);
	CHECK_STR(r->comm, "memhog");
	CHECK_EQ_L(r->pid, 187);
	CHECK_EQ_L(r->cpu, 1);
	CHECK_EQ_L(r->kver, 601);
	CHECK_EQ_UL(r->gfp, GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_ZERO);
	CHECK_EQ_UL(r->zones[0][ZONE_DMA32].free, 11040);
	CHECK_EQ_UL(r->zones[0][ZONE_DMA32].min, 11085);
	CHECK_EQ_UL(r->zones[0][ZONE_DMA].nr_free[7], 2);
	CHECK_EQ_UL(r->zones[0][ZONE_DMA].types[7], (1u << MIGRATE_UNMOVABLE) | (1u << MIGRATE_MOVABLE));
	CHECK_EQ_L(r->zones[0][ZONE_DMA].lowmem_reserve[1], 943);
	CHECK_EQ_L(r->nr_tasks, 4);
	CHECK_EQ_UL(r->tasks[3].pgtables, 1069056 / 4096);
	CHECK(r->all_unreclaimable[0]);
	CHECK_EQ_L(r->killed_pid, 129);
	CHECK(log->boot.zone_known[ZONE_DMA32] && log->boot.zone_start[ZONE_DMA32] == 4096);
	for (int i = 0; i < 3; i++) {
		sb_reset(&sb);
		kmsg_explain(log->reports[i], &log->boot, &sb);
		CHECK(strstr(sb_str(&sb), victims[i]) != NULL);
		CHECK(strstr(sb_str(&sb), "Node 0 DMA: free 1119 <= high 266 + lowmem_reserve 943 "
			     "(order 0): refused\n") != NULL);
	}
	kmsg_release(log);
	free(log);
	sb_release(&sb);
}

/* One hand-written report per reason a zone refuses. */
TEST(kmsg_every_refusal_reason)
{
	static const char *const want[] = {
		"Node 0 Normal: free 275 <= min 325 + lowmem_reserve 0 (order 0): refused",
		"Node 0 DMA32: free 89993 > min 1089 + lowmem_reserve 903 (order 3): refused: no free "
		"block of order 3..10 it may take",
		"of types this request may not take",
		"Node 0 DMA32: free 976 <= min 1089 + lowmem_reserve 903 (order 0): refused",
		"Node 0 DMA32: free 952 <= min 1089 + lowmem_reserve 903 (order 0): refused",
		"Node 0 DMA32: free 400 <= min 409 + lowmem_reserve 903 (order 0): refused",
		"Node 0 DMA: free 10 <= min 11 + lowmem_reserve 0 (order 0): refused",
	};
	struct kmsg_log *log = read_log("tests/data/klog/alloc-failures-6.1.txt");
	struct strbuf sb = STRBUF_INIT;

	REQUIRE(log);
	REQUIRE(log->nr_reports == 7);
	for (int i = 0; i < 7; i++) {
		sb_reset(&sb);
		CHECK(log->reports[i]->kind == KMSG_ALLOC_FAILURE);
		kmsg_explain(log->reports[i], &log->boot, &sb);
		if (!strstr(sb_str(&sb), want[i]))
			fprintf(stderr, "report %d:\n%s", i + 1, sb_str(&sb));
		CHECK(strstr(sb_str(&sb), want[i]) != NULL);
	}
	/* the lowmem_reserve refusal: DMA for a request that could use Normal */
	sb_reset(&sb);
	kmsg_explain(log->reports[0], &log->boot, &sb);
	CHECK(strstr(sb_str(&sb), "Node 0 DMA: free 3840 <= min 11 + lowmem_reserve 3843") != NULL);
	/* GFP_DMA: DMA32 is not in its zonelist */
	sb_reset(&sb);
	kmsg_explain(log->reports[6], &log->boot, &sb);
	CHECK(strstr(sb_str(&sb), "Node 0 DMA32:") == NULL);
	kmsg_release(log);
	free(log);
	sb_release(&sb);
}

TEST(kmsg_45_scores_and_bad_lines)
{
	struct kmsg_log *log = read_log("tests/data/klog/oom-and-failure-4.5.txt");
	struct kmsg_log bad;
	struct strbuf sb = STRBUF_INIT;
	char err[256] = "";

	REQUIRE(log);
	REQUIRE(log->nr_reports == 2);
	CHECK_EQ_L(log->reports[0]->kver, 405);
	CHECK_EQ_UL(log->reports[1]->gfp, GFP_HIGHUSER_MOVABLE | GFP_F_COLD);
	CHECK_EQ_UL(log->reports[1]->tasks[3].pgtables, 904);	/* nr_ptes + nr_pmds */
	kmsg_explain(log->reports[1], &log->boot, &sb);
	/* 4.x: points * 1000 / totalpages, as its kill line printed: 587 */
	CHECK(strstr(sb_str(&sb), "victim: 2400 (hog) score 587\n") != NULL);
	CHECK(strstr(sb_str(&sb), "sshd (700): badness 8772") != NULL);	/* 3% off for root */
	CHECK(strstr(sb_str(&sb), "with the same score") != NULL);
	kmsg_release(log);
	free(log);
	sb_release(&sb);
	CHECK(kmsg_parse("[ 1.0] x: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)\n"
			 "[ 1.1] Node 0 DMA32 free:12xkB min:1kB\n", &bad, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "line 2: ") && !strchr(err, '\n'));
	CHECK(kmsg_parse("nothing\n", &bad, err, sizeof(err)) == 0 && bad.nr_reports == 0);
}
