/* tests/unit/test_cov_kmsg.c - the kernel log reader on hand-written logs:
 * the prefixes it strips (syslog's "kernel: ", <N>, a caller id), the boot
 * facts it keeps (CPUs from "Brought up", zone and node ranges), what a
 * report's lines give, the last 64 reports kept of more, and every error
 * naming its line (the log given back empty). */
#include <stdlib.h>
#include <string.h>

#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/kmsg.h"
#include "buddyscope/realmachine.h"
#include "simtest.h"

static const char boot_log[] =
	"<6>[    0.000000] Linux version 6.1.0-56-amd64 (debian-kernel@lists.debian.org) #1 SMP\n"
	"[    0.004000] Zone ranges:\n"
	"[    0.004001]   DMA      [mem 0x0000000000001000-0x0000000000ffffff]\n"
	"[    0.004002]   DMA32    [mem 0x0000000001000000-0x00000000ffffffff]\n"
	"[    0.004003]   Normal   empty\n"
	"[    0.004004]   Device   empty\n"
	"[    0.004005] Movable zone start for each node\n"
	"[    0.004006] Early memory node ranges\n"
	"[    0.004007]   node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
	"[    0.004008]   node   0: [mem 0x0000000000100000-0x000000003ffdffff]\n"
	"[    0.004009] Initmem setup node 0 [mem 0x0000000000001000-0x000000003ffdffff]\n"
	"[    0.200000] smp: Brought up 1 node, 4 CPUs\n";

TEST(cov_kmsg_boot_facts)
{
	struct kmsg_log *log = malloc(sizeof(*log));
	char err[256] = "";

	REQUIRE(log);
	REQUIRE(kmsg_parse(boot_log, log, err, sizeof(err)) == 0);
	CHECK_STR(log->boot.release, "6.1.0-56-amd64");
	CHECK_EQ_L(log->boot.nr_cpus, 4);	/* "Brought up 1 node, 4 CPUs" */
	CHECK(log->boot.zone_known[ZONE_DMA] && log->boot.zone_known[ZONE_DMA32]);
	CHECK(!log->boot.zone_known[ZONE_NORMAL]);
	CHECK_EQ_UL(log->boot.zone_start[ZONE_DMA], 1);
	CHECK_EQ_UL(log->boot.zone_end[ZONE_DMA], 0x1000);
	CHECK_EQ_UL(log->boot.zone_end[ZONE_DMA32], 0x100000);
	REQUIRE(log->boot.nr_ranges == 2);
	CHECK_EQ_UL(log->boot.ranges[0].start, 1);
	CHECK_EQ_UL(log->boot.ranges[0].end, 0x9f);
	CHECK_EQ_UL(log->boot.ranges[1].start, 0x100);
	CHECK_EQ_UL(log->boot.ranges[1].end, 0x3ffe0);
	CHECK_EQ_L(log->nr_reports, 0);
	kmsg_release(log);
	/* "Brought up 2 nodes, 8 CPUs", with an "Allowing" line first winning */
	REQUIRE(kmsg_parse("[ 0.1] smp: Brought up 2 nodes, 8 CPUs\n", log, err, sizeof(err)) == 0);
	CHECK_EQ_L(log->boot.nr_cpus, 8);
	kmsg_release(log);
	REQUIRE(kmsg_parse("[ 0.1] smpboot: Allowing 16 CPUs, 12 hotplug CPUs\n"
			   "[ 0.2] smp: Brought up 1 node, 4 CPUs\n", log, err, sizeof(err)) == 0);
	CHECK_EQ_L(log->boot.nr_cpus, 16);
	kmsg_release(log);
	free(log);
}

/* One allocation failure as syslog writes it ("host kernel: " and a caller
 * id), with a HighAtomic ('H') and pre-4.4 Reserve ('R') type letter, the
 * Mem-Info counters, a node line, a kill line and swap totals. */
static const char syslog_report[] =
	"Dec  2 10:00:00 host kernel: [  100.000001] [ T4242] cc1: page allocation failure: "
	"order:2, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null)\n"
	"Dec  2 10:00:00 host kernel: [  100.000002] [ T4242] CPU: 3 PID: 4242 Comm: cc1 "
	"Tainted: G        W          6.1.0-56-amd64 #1  Debian 6.1.158-1\n"
	"Dec  2 10:00:00 host kernel: [  100.000003] [ T4242] Mem-Info:\n"
	"Dec  2 10:00:00 host kernel: [  100.000004] [ T4242] active_anon:100 inactive_anon:200 "
	"slab_reclaimable:300 kernel_stack:64kB\n"
	"Dec  2 10:00:00 host kernel: [  100.000005] [ T4242] Node 0 active_anon:400kB "
	"pagetables:1644kB all_unreclaimable? yes\n"
	"Dec  2 10:00:00 host kernel: [  100.000006] [ T4242] Node 0 DMA32 free:4000kB "
	"boost:0kB min:1000kB low:1200kB high:1400kB reserved_highatomic:2048KB "
	"active_anon:0kB inactive_anon:0kB active_file:8kB inactive_file:16kB unevictable:0kB "
	"writepending:0kB present:1048576kB managed:1000000kB mlocked:0kB bounce:0kB "
	"free_pcp:40kB local_pcp:4kB free_cma:0kB\n"
	"Dec  2 10:00:00 host kernel: [  100.000007] [ T4242] lowmem_reserve[]: 0 0 0 0 0\n"
	"Dec  2 10:00:00 host kernel: [  100.000008] [ T4242] Node 0 DMA32: 10*4kB (UMH) "
	"3*8kB (R) 1*16kB (E) 0*32kB = 80kB\n"
	"Dec  2 10:00:00 host kernel: [  100.000009] [ T4242] 0 total pagecache pages\n"
	"Dec  2 10:00:00 host kernel: [  100.000010] [ T4242] Free swap  = 2048kB\n"
	"Dec  2 10:00:00 host kernel: [  100.000011] [ T4242] Total swap = 4096kB\n"
	"Dec  2 10:00:00 host kernel: [  100.000012] [ T4242] 262144 pages RAM\n"
	"Dec  2 10:00:00 host kernel: [  100.000013] [ T4242] 5000 pages reserved\n";

TEST(cov_kmsg_syslog_report)
{
	struct kmsg_log *log = malloc(sizeof(*log));
	const struct kmsg_report *r;
	const struct kmsg_zone *z;
	char err[256] = "";

	REQUIRE(log);
	if (kmsg_parse(syslog_report, log, err, sizeof(err)))
		printf("  %s\n", err);
	REQUIRE(log->nr_reports == 1);
	r = log->reports[0];
	CHECK_STR(r->comm, "cc1");
	CHECK_EQ_L(r->order, 2);
	CHECK_EQ_L(r->cpu, 3);
	CHECK_EQ_L(r->pid, 4242);
	CHECK_STR(r->release, "6.1.0-56-amd64");
	CHECK_EQ_L(r->kver, 601);
	CHECK(r->gfp == (GFP_KERNEL | GFP_F_COMP));
	CHECK_EQ_L(r->mem[RC_ACTIVE_ANON], 100);
	CHECK_EQ_L(r->mem[RC_SLAB_R], 300);
	CHECK_EQ_L(r->mem[RC_KSTACK], 64);	/* kernel_stack stays in kB */
	CHECK_EQ_L(r->node_mem[0][RC_PAGETABLE], 411);
	CHECK(r->all_unreclaimable[0]);
	z = &r->zones[0][ZONE_DMA32];
	CHECK(z->seen && z->have_list);
	CHECK_EQ_UL(z->free, 1000);
	CHECK_EQ_UL(z->reserved_highatomic, 512);	/* "KB" reads as kB */
	CHECK_EQ_UL(z->free_pcp, 10);
	CHECK_EQ_UL(z->local_pcp, 1);
	CHECK_EQ_L(z->mlocked, 0);
	CHECK_EQ_L(z->lru[LRU_INACTIVE_FILE], 4);
	CHECK_EQ_L(z->nr_reserve, 5);
	CHECK_EQ_UL(z->nr_free[0], 10);
	CHECK_EQ_UL(z->nr_free[1], 3);
	CHECK_EQ_UL(z->nr_free[2], 1);
	CHECK_EQ_UL(z->types[0], (1u << MIGRATE_UNMOVABLE) | (1u << MIGRATE_MOVABLE) |
		    (1u << MIGRATE_HIGHATOMIC));
	CHECK_EQ_UL(z->types[1], 1u << MIGRATE_MOVABLE);	/* pre-4.4 Reserve reads as Movable */
	CHECK_EQ_UL(r->swap_free, 512);
	CHECK_EQ_UL(r->swap_total, 1024);
	CHECK_EQ_UL(r->pages_ram, 262144);
	CHECK_EQ_UL(r->pages_reserved, 5000);
	CHECK_EQ_L(r->first_line, 1);
	CHECK_EQ_L(r->last_line, 13);
	kmsg_release(log);
	free(log);
}

/* More reports than KMSG_MAX_REPORTS: the count goes on, the last 64 stay. */
TEST(cov_kmsg_keeps_the_last_reports)
{
	struct kmsg_log *log = malloc(sizeof(*log));
	struct strbuf sb = STRBUF_INIT;
	char err[256] = "";

	REQUIRE(log);
	for (int i = 0; i < KMSG_MAX_REPORTS + 6; i++)
		sb_printf(&sb, "[ %d.0] t%d: page allocation failure: order:0, "
			  "mode:0xcc0(GFP_KERNEL)\n", i + 1, i);
	REQUIRE(kmsg_parse(sb_str(&sb), log, err, sizeof(err)) == 0);
	CHECK_EQ_L(log->nr_reports, KMSG_MAX_REPORTS + 6);
	CHECK_EQ_L(log->nr_kept, KMSG_MAX_REPORTS);
	CHECK_STR(log->reports[0]->comm, "t6");
	CHECK_STR(log->reports[KMSG_MAX_REPORTS - 1]->comm, "t69");
	CHECK_EQ_L(log->reports[0]->first_line, 7);
	kmsg_release(log);
	CHECK_EQ_L(log->nr_kept, 0);
	sb_release(&sb);
	free(log);
}

TEST(cov_kmsg_errors_name_the_line)
{
	static const struct { const char *text, *err; } bad[] = {
		{ "[ 1.0] x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=12, "
		  "oom_score_adj=0\n", "line 1: bad order in the oom-killer line" },
		{ "[ 1.0] x invoked oom-killer: order=0\n",
		  "line 1: oom-killer line without gfp_mask= and order=; accepted: COMM invoked "
		  "oom-killer: gfp_mask=MASK, order=N, oom_score_adj=N" },
		{ "\n[ 1.0] x: page allocation failure: mode:0xcc0\n",
		  "line 2: allocation failure without order:N" },
		{ "[ 1.0] x: page allocation failure: order:40, mode:0xcc0\n",
		  "line 1: bad order in the allocation failure line" },
		{ "[ 1.0] x: page allocation failure: order:0 and nothing else\n",
		  "line 1: allocation failure without mode:MASK" },
		{ "[ 1.0] x: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL|__GFP_COMP|"
		  "__GFP_NOWARN|__GFP_NORETRY|__GFP_RETRY_MAYFAIL|__GFP_NOFAIL|__GFP_ZERO|"
		  "__GFP_HARDWALL|__GFP_THISNODE|__GFP_ACCOUNT|__GFP_NOMEMALLOC|__GFP_MEMALLOC|"
		  "__GFP_WRITE|__GFP_RECLAIMABLE|__GFP_MOVABLE)\n", "line 1: GFP mask too long" },
		{ "[ 1.0] x: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)\n"
		  "[ 1.1] Node 0 DMA32: 0*4kB 1*8192kB = 8192kB\n",
		  "line 2: free list order 11; buddyscope models MAX_ORDER 11" },
		{ "[ 1.0] x: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)\n"
		  "[ 1.1] Node 0 HighMem free:10kB min:1kB\n",
		  "line 2: zone HighMem exists only in 32-bit kernels; buddyscope models x86-64" },
		{ "[ 1.0] x: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)\n"
		  "[ 1.1] Node 0 DMA32 free:10kB\n[ 1.2] lowmem_reserve[]: 0 x 0\n",
		  "line 3: lowmem_reserve[] value is not a number" },
	};
	struct kmsg_log *log = malloc(sizeof(*log));

	REQUIRE(log);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char err[256] = "";
		int ret = kmsg_parse(bad[i].text, log, err, sizeof(err));

		CHECK_EQ_L(ret, -EINVAL);
		CHECK_STR(err, bad[i].err);
		CHECK_EQ_L(log->nr_kept, 0);	/* nothing half-read is kept */
	}
	free(log);
}

/* Lines that look like a report's but are not: "Node 0, zone" of
 * another kind, a free-list line of an unknown zone, a task row before the
 * table's header, a lowmem_reserve line before any zone; all skipped. */
TEST(cov_kmsg_skips_what_is_not_the_report)
{
	struct kmsg_log *log = malloc(sizeof(*log));
	char err[256] = "";
	int ret;

	REQUIRE(log);
	ret = kmsg_parse("[ 1.0] x: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)\n"
			 "[ 1.1] lowmem_reserve[]: 0 1 2\n"
			 "[ 1.2] Node x, zone DMA32 whatever\n"
			 "[ 1.3] Node 0 Nowhere: 1*4kB = 4kB\n"
			 "[ 1.4] [  123]  0  123  1000  10  0  0  0 bash\n", log, err, sizeof(err));
	CHECK_EQ_L(ret, 0);
	REQUIRE(log->nr_kept == 1);
	CHECK_EQ_L(log->reports[0]->nr_tasks, 0);
	CHECK(!log->reports[0]->zones[0][ZONE_DMA32].seen);
	CHECK_EQ_L(log->reports[0]->last_line, 5);
	kmsg_release(log);
	free(log);
}

/* A real 6.1 boot log: the two "node 0: [mem ...]" ranges, not the
 * "Initmem setup node 0 [mem ...]" line after them, which spans the hole
 * at 0x9f..0xff too. Bug fixed: it was read as a third RAM range. */
TEST(cov_kmsg_node_ranges_of_a_real_61_log)
{
	struct kmsg_log *log = malloc(sizeof(*log));
	char err[256] = "", *text = test_slurp("tests/data/linux-6.1/oom-dmesg.txt");

	REQUIRE(log && text);
	REQUIRE(kmsg_parse(text, log, err, sizeof(err)) == 0);
	REQUIRE(log->boot.nr_ranges == 2);
	CHECK_EQ_UL(log->boot.ranges[0].start, 1);
	CHECK_EQ_UL(log->boot.ranges[0].end, 0x9f);
	CHECK_EQ_UL(log->boot.ranges[1].start, 0x100);
	CHECK_EQ_UL(log->boot.ranges[1].end, 0x3ffda);
	CHECK_EQ_L(log->boot.nr_cpus, 2);
	/* booted as `explain` boots it: the BIOS hole is where it was */
	{
		struct real_machine *rm = malloc(sizeof(*rm));
		struct sim_config cfg;
		struct sim *sim = NULL;
		struct block_info bi;

		REQUIRE(rm);
		memset(&cfg, 0, sizeof(cfg));
		cfg.seed = 1;
		cfg.kernel = KERNEL_6_1;
		cfg.real = rm;
		REQUIRE(kmsg_to_machine(log->reports[0], &log->boot, rm, err, sizeof(err)) == 0);
		REQUIRE(realmachine_finish(rm, &cfg.machine, NULL, err, sizeof(err)) == 0);
		REQUIRE(sim_create(&cfg, &sim, err, sizeof(err)) == 0);
		CHECK(sim_block_of(sim, 0x9e, &bi) == 0 && bi.state != BLOCK_NOMEM);
		for (unsigned long pfn = 0x9f; pfn < 0x100; pfn++)
			CHECK(sim_block_of(sim, pfn, &bi) == 0 && bi.state == BLOCK_NOMEM);
		CHECK(invariants_hold(sim));
		sim_destroy(sim);
		free(rm);
	}
	kmsg_release(log);
	free(log);
	free(text);
}
