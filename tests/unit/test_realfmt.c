/* tests/unit/test_realfmt.c - the shapes and layouts of real captures that
 * other kernels and tools print (issue 11): each case failed, or read
 * silently wrong, before the parser learnt it. Fixtures: tests/data/. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/kmsg.h"
#include "buddyscope/realmachine.h"
#include "buddyscope/replay.h"
#include "realtest.h"
#include "testhelp.h"

/* A report's comm, gfp text and order after the log's prefixes. */
static void check_report(const char *text, const char *comm, const char *gfp, int order)
{
	struct kmsg_log *log = calloc(1, sizeof(*log));
	char err[256] = "";

	REQUIRE(log);
	CHECK(kmsg_parse(text, log, err, sizeof(err)) == 0);
	if (err[0])
		printf("  %s\n", err);
	if (log->nr_kept == 1) {
		CHECK_STR(log->reports[0]->comm, comm);
		CHECK_STR(log->reports[0]->gfp_text, gfp);
		CHECK(log->reports[0]->order == order);
	} else {
		CHECK(!"one report");
	}
	kmsg_release(log);
	free(log);
}

/* 4.9-5.x: ", nodemask=(null)," between the mask and order=; dmesg -T, -x
 * and --time-format iso prefixes; a caller id after the timestamp */
TEST(realfmt_kmsg_lines_of_other_kernels_and_tools)
{
	check_report("Dec  3 07:44:16 db1 kernel: [1234567.100000] java invoked oom-killer: "
		     "gfp_mask=0x6280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), nodemask=(null), "
		     "order=2, oom_score_adj=0\n", "java",
		     "0x6280ca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO)", 2);
	check_report("[Thu Dec  3 07:44:26 2026] memhog invoked oom-killer: gfp_mask=0x400dc0"
		     "(GFP_KERNEL_ACCOUNT|__GFP_ZERO), order=0, oom_score_adj=0\n", "memhog",
		     "0x400dc0(GFP_KERNEL_ACCOUNT|__GFP_ZERO)", 0);
	check_report("kern  :warn  : [    8.942917] memhog invoked oom-killer: gfp_mask=0x140dca"
		     "(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO), order=0, oom_score_adj=0\n",
		     "memhog", "0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO)", 0);
	check_report("2026-12-03T07:44:16,134653+00:00 memhog invoked oom-killer: gfp_mask=0xcc0"
		     "(GFP_KERNEL), order=1, oom_score_adj=0\n", "memhog", "0xcc0(GFP_KERNEL)", 1);
	check_report("[ 5678.123456][ T1234] kworker/u64:3: page allocation failure: order:5, "
		     "mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null),cpuset=/,"
		     "mems_allowed=0-3\n", "kworker/u64:3", "0x40cc0(GFP_KERNEL|__GFP_COMP)", 5);
}

/* The task table of `dmesg --time-format iso` is read too: "[  pid  ]"
 * after the iso date is the table's header, not a dmesg -T date. */
TEST(realfmt_kmsg_iso_task_table)
{
	struct kmsg_log *log = calloc(1, sizeof(*log));
	char *text = test_slurp("tests/data/klog/oom-dmesg-iso-6.1.txt");
	char err[256] = "";

	REQUIRE(log);
	REQUIRE(text);
	CHECK(kmsg_parse(text, log, err, sizeof(err)) == 0);
	REQUIRE(log->nr_kept == 1);
	CHECK(log->reports[0]->nr_tasks == 2);
	CHECK(log->reports[0]->killed_pid == 187);
	kmsg_release(log);
	free(log);
	free(text);
}

static int parse_one(const char *line, struct replay_event *ev)
{
	struct replay_parser rp;
	char err[256] = "";
	int ret;

	memset(&rp, 0, sizeof(rp));
	ret = replay_parse_line(&rp, line, strlen(line), ev, err, sizeof(err));
	if (ret < 0)
		printf("  %s\n", err);
	return ret;
}

/* A failed allocation as 4.x (NULL padded to 16) and 6.1 (pfn=0x0, no
 * page pointer) print it reads as one, not as pfn 0. */
TEST(realfmt_trace_failed_allocations)
{
	struct replay_event ev;

	CHECK(parse_one("  bash-1000  [001] ....     1.000001: mm_page_alloc: page=          "
			"(null) pfn=0 order=9 migratetype=1 gfp_flags=GFP_TRANSHUGE", &ev) == 1);
	CHECK(ev.pfn == REPLAY_NO_PFN);
	CHECK(ev.order == 9);
	CHECK(parse_one("  bash-1000  [001] .....     1.000001: mm_page_alloc: pfn=0x0 order=9 "
			"migratetype=1 gfp_flags=GFP_TRANSHUGE", &ev) == 1);
	CHECK(ev.pfn == REPLAY_NO_PFN);
	CHECK(parse_one("  bash-1000  [001] .....     1.000001: mm_page_alloc: pfn=0x1c00 order=0 "
			"migratetype=1 gfp_flags=GFP_KERNEL", &ev) == 1);
	CHECK(ev.pfn == 0x1c00);
}

static int finish_dir(const char *dir, struct real_machine *rm, struct strbuf *notes, char *err,
		      size_t errlen)
{
	struct machine_desc desc;

	realmachine_init(rm);
	if (read_dir(dir, rm, err, errlen))
		return -1;
	return realmachine_finish(rm, &desc, notes, err, errlen);
}

/* arm64's DMA zone reaches 4 GiB: kept, and said; 64 KiB pages: refused
 * by meminfo's kB per managed page when no buddyinfo tells the orders */
TEST(realfmt_other_architectures)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct strbuf notes = STRBUF_INIT;
	char err[512] = "";

	REQUIRE(rm);
	CHECK(finish_dir("tests/data/proc/6.12-arm64-4k", rm, &notes, err, sizeof(err)) == 0);
	CHECK(strstr(sb_str(&notes), "node 0 zone DMA covers pfns 0x40000-0xfffff") != NULL);
	CHECK(finish_dir("tests/data/proc-refused/6.12-arm64-64k-nobuddy", rm, NULL, err,
			 sizeof(err)) != 0);
	CHECK(strstr(err, "64 KiB pages") != NULL);
	CHECK(finish_dir("tests/data/proc-refused/6.12-arm64-64k", rm, NULL, err,
			 sizeof(err)) != 0);
	CHECK(strstr(err, "line 1: 14 free counts") != NULL);
	sb_release(&notes);
	free(rm);
}

/* `sysctl -a` output: other trees, "sysctl:" complaints and a write-mostly
 * file read as nothing are passed over; a modelled one without a value is
 * an error. */
TEST(realfmt_sysctl_a_output)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	char err[256] = "";

	REQUIRE(rm);
	realmachine_init(rm);
	CHECK(real_parse_sysctl(rm, "kernel.pid_max = 4194304\n"
				"sysctl: permission denied on key \"vm.compact_memory\"\n"
				"vm.stat_refresh = \nvm.min_free_kbytes = 1234\n", err,
				sizeof(err)) == 0);
	CHECK(realmachine_sysctl(rm, "min_free_kbytes") &&
	      !strcmp(realmachine_sysctl(rm, "min_free_kbytes"), "1234"));
	CHECK(realmachine_sysctl(rm, "stat_refresh") == NULL);
	CHECK(real_parse_sysctl(rm, "vm.watermark_scale_factor = \n", err, sizeof(err)) != 0);
	CHECK(strstr(err, "line 1:") != NULL);
	free(rm);
}

/* the `kernel` file may be a copy of /proc/version */
TEST(realfmt_release_from_proc_version)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	char err[256] = "";

	REQUIRE(rm);
	realmachine_init(rm);
	CHECK(real_parse_release(rm, "Linux version 5.10.0-28-amd64 (debian-kernel@lists.debian.org)"
				 " (gcc-10 (Debian 10.2.1-6) 10.2.1 20210110) #1 SMP Debian "
				 "5.10.209-2 (2024-01-31)\n", err, sizeof(err)) == 0);
	CHECK_STR(rm->release, "5.10.0-28-amd64");
	CHECK(rm->ver_major == 5 && rm->ver_minor == 10);
	free(rm);
}

/* a memory cgroup's OOM is recognised, with its limit; a zone line of a
 * node the model does not have is an error, not passed over */
TEST(realfmt_kmsg_memcg_and_big_nodes)
{
	struct kmsg_log *log = calloc(1, sizeof(*log));
	char *text = test_slurp("tests/data/klog/oom-memcg-v1-4.19.txt");
	char err[256] = "";

	REQUIRE(log);
	REQUIRE(text);
	CHECK(kmsg_parse(text, log, err, sizeof(err)) == 0);
	REQUIRE(log->nr_kept == 1);
	CHECK(log->reports[0]->memcg);
	CHECK(log->reports[0]->memcg_limit == 25600);
	CHECK(log->reports[0]->killed_score == 982);
	kmsg_release(log);
	free(text);
	CHECK(kmsg_parse("[ 1.0] a: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)\n"
			 "[ 1.1] Node 16 Normal free:100kB min:4kB low:8kB high:12kB\n", log, err,
			 sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "line 2: node 16: buddyscope models nodes 0..15") != NULL);
	free(log);
}

/* 64 KiB pages and orders beyond the model's are refused in one line */
TEST(realfmt_kmsg_page_size_and_order)
{
	struct kmsg_log *log = calloc(1, sizeof(*log));
	char err[256] = "";

	REQUIRE(log);
	CHECK(kmsg_parse("[ 1.0] a: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)\n"
			 "[ 1.1] Node 0 DMA: 1*64kB (U) 0*128kB = 64kB\n", log, err,
			 sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "line 2: free list starts at 64kB blocks") != NULL);
	CHECK(kmsg_parse("[ 1.0] a: page allocation failure: order:11, mode:0xcc0(GFP_KERNEL)\n",
			 log, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "line 1: order 11: beyond") != NULL);
	free(log);
}

/* a stall warning's Mem-Info after a report is not the report's */
TEST(realfmt_kmsg_report_ends_at_another_mem_info)
{
	struct kmsg_log *log = calloc(1, sizeof(*log));
	char err[256] = "";

	REQUIRE(log);
	CHECK(kmsg_parse("[ 1.0] a: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)\n"
			 "[ 1.1] Mem-Info:\n"
			 "[ 1.2] Node 0 DMA32 free:4000kB min:40kB low:50kB high:60kB\n"
			 "[ 2.0] b: page allocation stalls for 10012ms, order:0, "
			 "mode:0x14240c0(GFP_KERNEL|__GFP_NORETRY|__GFP_NOWARN), nodemask=(null)\n"
			 "[ 2.1] Mem-Info:\n"
			 "[ 2.2] Node 0 DMA32 free:4kB min:40kB low:50kB high:60kB\n", log, err,
			 sizeof(err)) == 0);
	REQUIRE(log->nr_kept == 1);
	CHECK(log->reports[0]->zones[0][ZONE_DMA32].free == 1000);
	CHECK(log->reports[0]->last_line == 3);
	kmsg_release(log);
	free(log);
}

/* CONSTRAINT_MEMORY_POLICY and CONSTRAINT_CPUSET name the nodes */
TEST(realfmt_kmsg_oom_constraint_nodes)
{
	struct kmsg_log *log = calloc(1, sizeof(*log));
	char err[256] = "";

	REQUIRE(log);
	CHECK(kmsg_parse("[ 1.0] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, "
			 "oom_score_adj=0\n[ 1.1] oom-kill:constraint=CONSTRAINT_MEMORY_POLICY,"
			 "nodemask=1-2,5,cpuset=/,mems_allowed=0-7,global_oom\n", log, err,
			 sizeof(err)) == 0);
	REQUIRE(log->nr_kept == 1);
	CHECK(log->reports[0]->constraint_nodes == ((1u << 1) | (1u << 2) | (1u << 5)));
	kmsg_release(log);
	CHECK(kmsg_parse("[ 1.0] a invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, "
			 "oom_score_adj=0\n[ 1.1] oom-kill:constraint=CONSTRAINT_CPUSET,"
			 "nodemask=(null),cpuset=/a,mems_allowed=3\n", log, err, sizeof(err)) == 0);
	REQUIRE(log->nr_kept == 1);
	CHECK(log->reports[0]->constraint_nodes == 1u << 3);
	CHECK(log->reports[0]->constraint_cpuset);
	kmsg_release(log);
	free(log);
}

/* 4.9-5.x print the request's nodemask in its first line */
TEST(realfmt_kmsg_request_nodemask)
{
	struct kmsg_log *log = calloc(1, sizeof(*log));
	char err[256] = "";

	REQUIRE(log);
	CHECK(kmsg_parse("[ 1.0] a invoked oom-killer: gfp_mask=0x6280ca(GFP_HIGHUSER_MOVABLE"
			 "|__GFP_ZERO), nodemask=0,2, order=0, oom_score_adj=0\n", log, err,
			 sizeof(err)) == 0);
	REQUIRE(log->nr_kept == 1);
	CHECK(log->reports[0]->nodemask == 5u);
	CHECK(log->reports[0]->order == 0);
	kmsg_release(log);
	free(log);
}
