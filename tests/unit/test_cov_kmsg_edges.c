/* tests/unit/test_cov_kmsg_edges.c - the kernel log reader at the edges
 * of what it accepts: prefixes that only look like a log's (kept as text),
 * boot lines with odd ranges and counts (ignored), a report's lines with
 * out-of-range or missing numbers (ignored, or an error naming the line),
 * task tables with missing columns, and the CR line ends of a Windows copy. */
#include <stdlib.h>
#include <string.h>

#include "buddyscope/gfp.h"
#include "buddyscope/kmsg.h"
#include "buddyscope/realmachine.h"
#include "simtest.h"

#define FAIL0 "x: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)\n"

static struct kmsg_log *parse_ok(const char *text)
{
	struct kmsg_log *log = malloc(sizeof(*log));
	char err[256] = "";

	if (!log)
		return NULL;
	if (kmsg_parse(text, log, err, sizeof(err))) {
		printf("  unexpected error: %s\n", err);
		free(log);
		return NULL;
	}
	return log;
}

static void done(struct kmsg_log *log)
{
	kmsg_release(log);
	free(log);
}

/* What strip() takes off a line and what it must leave: the comm of the
 * report is whatever stays before ": page allocation failure". */
TEST(cov_kmsg_edges_prefixes)
{
	static const struct { const char *line, *comm; } cases[] = {
		{ "\t<4>[ 1.0] [C3] cc1", "cc1" },	/* tab, level, caller id C */
		{ "<4 cc1", "<4 cc1" },			/* no '>' */
		{ "<1234567> cc1", "<1234567> cc1" },	/* '>' too far */
		{ "<!> cc1", "<!> cc1" },		/* not a level digit */
		{ "<a> cc1", "<a> cc1" },
		{ "[    ] cc1", "[    ] cc1" },		/* empty timestamp */
		{ "[1.2.3] cc1", "[1.2.3] cc1" },	/* two dots */
		{ "[12] cc1", "[12] cc1" },		/* no dot */
		{ "[1x.5] cc1", "[1x.5] cc1" },
		{ "[ 123456789012345678901234.5] cc1", "[ 1234567890123" },	/* cut at 15 */	/* too long */
		{ "[ 1.0] [ ] cc1", "[ ] cc1" },	/* empty caller id */
		{ "[ 1.0] [T12x] cc1", "[T12x] cc1" },
		{ "[ 1.0] [P12] cc1", "[P12] cc1" },
		{ "[ 1.0] [T12]cc1", "cc1" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[256];
		struct kmsg_log *log;

		snprintf(text, sizeof(text), "%s: page allocation failure: order:0, "
			 "mode:0xcc0(GFP_KERNEL)\n", cases[i].line);
		log = parse_ok(text);
		REQUIRE(log);
		REQUIRE(log->nr_kept == 1);
		if (strcmp(log->reports[0]->comm, cases[i].comm))
			printf("  case %zu: comm '%s'\n", i, log->reports[0]->comm);
		CHECK_STR(log->reports[0]->comm, cases[i].comm);
		done(log);
	}
}

/* Boot lines the reader must not believe: ranges that are empty, upside
 * down or beyond 8 TiB, nodes beyond the model's, CPU counts of 0 or 100000. */
TEST(cov_kmsg_edges_boot_lines)
{
	struct kmsg_log *log = parse_ok(
		"[ 0.0] Linux version 6.1.0\n"
		"[ 0.1] Zone ranges:\n"
		"[ 0.1] [T0]   DMA      [mem 0x1000-0xFFFFFF]\n"	/* upper-case hex */
		"[ 0.1]   DMA32    [mem 1000000-ffffffff]\n"		/* no 0x */
		"[ 0.1]   Normal   [mem 0x100000000 0x200000000]\n"	/* no dash */
		"[ 0.1]   Movable  [mem 0x1000-0x2000\n"		/* no ']' */
		"[ 0.1]   HighMem  [mem 0x1000-0x2000]\n"		/* ends the block */
		"[ 0.1]   DMA      [mem 0x0-0xfff]\n"			/* after it: ignored */
		"[ 0.2] Early memory node ranges\n"
		"[ 0.2] [T0]   node   0: [mem 0x0000000000001000-0x000000000009efff]\n"
		"[ 0.2]   node  16: [mem 0x100000-0x1fffff]\n"		/* node 16 */
		"[ 0.2]   node   x: [mem 0x100000-0x1fffff]\n"
		"[ 0.2]   node  -1: [mem 0x100000-0x1fffff]\n"
		"[ 0.2]   node   0: [mem 0x300000-0x3000000000000000000fff]\n"	/* hex overflow */
		"[ 0.2]   node   0: [mem 0x400000-0x4fffffg]\n"		/* not hex */
		"[ 0.2]   node   0: [mem 0x500000:-0x5fffffG]\n"
		"[ 0.2]   node   0: [mem 01000000-0x1ffffff]\n"		/* no 0x */
		"[ 0.2]   node   0: [mem 0-0x1fff]\n"
		"[ 0.2]   node   0: [mem 0x2000-0x1fff]\n"		/* hi below lo: ends */
		"[ 0.2]   node   0: [mem 0x3000-0x3fff]\n"
		"[ 0.3] smpboot: Allowing 0 CPUs, 0 hotplug CPUs\n"
		"[ 0.3] smpboot: Allowing 100000 CPUs, 0 hotplug CPUs\n"
		"[ 0.3] smpboot: Allowing x CPUs, 0 hotplug CPUs\n"
		"[ 0.4] smp: Brought up 1 node, 0 CPUs\n"
		"[ 0.4] smp: Brought up 1 node, x CPUs\n"
		"[ 0.4] smp: Brought up 1 node, 100000 CPUs\n"
		"[ 0.4] smp: Brought up 2 nodes, 0 CPUs\n"
		"[ 0.4] smp: Brought up 2 nodes, x CPUs\n"
		"[ 0.4] smp: Brought up 2 nodes, 100000 CPUs\n");

	REQUIRE(log);
	CHECK_STR(log->boot.release, "6.1.0");	/* at the line's end */
	CHECK(log->boot.zone_known[ZONE_DMA] && log->boot.zone_known[ZONE_DMA32]);
	CHECK_EQ_UL(log->boot.zone_start[ZONE_DMA], 1);
	CHECK_EQ_UL(log->boot.zone_end[ZONE_DMA], 0x1000);
	CHECK_EQ_UL(log->boot.zone_start[ZONE_DMA32], 0x1000);
	CHECK_EQ_UL(log->boot.zone_end[ZONE_DMA32], 0x100000);
	CHECK(!log->boot.zone_known[ZONE_NORMAL] && !log->boot.zone_known[ZONE_MOVABLE]);
	REQUIRE(log->boot.nr_ranges == 6);
	CHECK_EQ_UL(log->boot.ranges[0].start, 1);
	CHECK_EQ_UL(log->boot.ranges[0].end, 0x9f);
	/* the overflowing end stops at 16 hex digits; the bad one at 'g' */
	CHECK_EQ_UL(log->boot.ranges[1].start, 0x300);
	CHECK_EQ_UL(log->boot.ranges[1].end, (0x3000000000000000UL + 1) >> 12);
	CHECK_EQ_UL(log->boot.ranges[2].start, 0x400);
	CHECK_EQ_UL(log->boot.ranges[2].end, (0x4fffffUL + 1) >> 12);
	CHECK_EQ_UL(log->boot.ranges[3].start, 0x500);	/* stops at ':' */
	CHECK_EQ_UL(log->boot.ranges[3].end, 0x600);		/* and at 'G' */
	CHECK_EQ_UL(log->boot.ranges[4].start, 0x1000);
	CHECK_EQ_UL(log->boot.ranges[4].end, 0x2000);
	CHECK_EQ_UL(log->boot.ranges[5].start, 0);
	CHECK_EQ_UL(log->boot.ranges[5].end, 2);
	CHECK_EQ_L(log->boot.nr_cpus, 0);
	done(log);
	/* a range beyond 8 TiB is no RAM of a machine the model can be */
	log = parse_ok("Early memory node ranges\n"
		       "  node   0: [mem 0x100000000000-0x200000000000]\n");
	REQUIRE(log);
	CHECK_EQ_L(log->boot.nr_ranges, 0);
	done(log);
	/* a release longer than 64 characters is cut at 64 */
	log = parse_ok("Linux version 6.1.0-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		       "aaaaaaaaaaaaaaaaaaaa (gcc)\n");
	REQUIRE(log);
	CHECK_EQ_UL(strlen(log->boot.release), 64);
	done(log);
	/* more RAM ranges than a machine keeps */
	{
		struct strbuf sb = STRBUF_INIT;

		sb_puts(&sb, "Early memory node ranges\n");
		for (int i = 0; i < REAL_MAX_RANGES + 3; i++)
			sb_printf(&sb, "  node   0: [mem 0x%x-0x%x]\n", (i + 1) << 16,
				  ((i + 1) << 16) + 0xfff);
		log = parse_ok(sb_str(&sb));
		sb_release(&sb);
		REQUIRE(log);
		CHECK_EQ_L(log->boot.nr_ranges, REAL_MAX_RANGES);
		done(log);
	}
}

/* The first line of a report: orders and masks at their edges. */
TEST(cov_kmsg_edges_first_line)
{
	static const struct { const char *text, *err; } bad[] = {
		{ "x invoked oom-killer: gfp_mask=0xcc0, order=-2, oom_score_adj=0\n",
		  "line 1: bad order in the oom-killer line" },
		{ "x invoked oom-killer: gfp_mask=0xcc0, order=x\n",
		  "line 1: bad order in the oom-killer line" },
		{ "x: page allocation failure: order:-1, mode:0xcc0\n",
		  "line 1: bad order in the allocation failure line" },
		{ "x: page allocation failure: order:x, mode:0xcc0\n",
		  "line 1: bad order in the allocation failure line" },
	};
	struct kmsg_log *log = malloc(sizeof(*log));
	char err[256];

	REQUIRE(log);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		CHECK_EQ_L(kmsg_parse(bad[i].text, log, err, sizeof(err)), -EINVAL);
		CHECK_STR(err, bad[i].err);
	}
	/* an unclosed '(' in the mask: the name reader says what is wrong */
	err[0] = '\0';
	CHECK_EQ_L(kmsg_parse("x: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL\n",
			      log, err, sizeof(err)), -EINVAL);
	CHECK(strncmp(err, "line 1: ", 8) == 0);
	free(log);

	/* sysrq's order=-1 reads as 0; an unreadable oom_score_adj stays 0 */
	log = parse_ok("x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=-1, "
		       "oom_score_adj=x\n"
		       "y: page allocation failure: order:1, mode:0xcc0\n");
	REQUIRE(log);
	REQUIRE(log->nr_kept == 2);
	CHECK_EQ_L(log->reports[0]->order, 0);
	CHECK_EQ_L(log->reports[0]->oom_score_adj, 0);
	CHECK(log->reports[0]->gfp == GFP_KERNEL);
	CHECK_EQ_L(log->reports[1]->order, 1);
	CHECK_STR(log->reports[1]->gfp_text, "0xcc0");
	done(log);
}

/* Releases that do not name a version: kver 0 (unknown). */
TEST(cov_kmsg_edges_release_without_version)
{
	static const char *const rel[] = { "abc", "1.2", "100.1" };

	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		char text[256];
		struct kmsg_log *log;

		snprintf(text, sizeof(text), "Linux version %s (gcc)\n" FAIL0, rel[i]);
		log = parse_ok(text);
		REQUIRE(log);
		REQUIRE(log->nr_kept == 1);
		CHECK_STR(log->reports[0]->release, rel[i]);
		CHECK_EQ_L(log->reports[0]->kver, 0);
		done(log);
	}
}

/* "CPU: N PID: P ..." lines: numbers that are not, tainted words without
 * a version, a version at the line's end. */
TEST(cov_kmsg_edges_cpu_line)
{
	struct kmsg_log *log = parse_ok(
		"Linux version 5.10.0 (gcc)\n"
		FAIL0 "CPU: x PID: y Comm: x Not tainted\n"
		FAIL0 "CPU: 2 PID: 7 Comm: x Tainted: G 5 W 6.1.0\n"
		FAIL0 "CPU: 1 PID: 8 Comm: x\n");

	REQUIRE(log);
	REQUIRE(log->nr_kept == 3);
	CHECK_EQ_L(log->reports[0]->cpu, -1);
	CHECK_EQ_L(log->reports[0]->pid, 0);
	CHECK_STR(log->reports[0]->release, "5.10.0");	/* from the boot line */
	CHECK_EQ_L(log->reports[1]->cpu, 2);
	CHECK_EQ_L(log->reports[1]->pid, 7);
	CHECK_STR(log->reports[1]->release, "6.1.0");	/* "5" has no dot */
	CHECK_EQ_L(log->reports[1]->kver, 601);
	CHECK_EQ_L(log->reports[2]->pid, 8);
	CHECK_EQ_L(log->reports[2]->kver, 510);
	done(log);
}

/* A zone line's fields: pages without a unit, unknown names of a known
 * name's length, a negative value, more words than a line reader keeps. */
TEST(cov_kmsg_edges_zone_fields)
{
	struct strbuf sb = STRBUF_INIT;
	struct kmsg_log *log;
	const struct kmsg_zone *z;
	char err[256] = "";

	sb_puts(&sb, FAIL0 "Node 0 DMA32 free:40 min:-4kB low:8kB high:12kB lox:400kB "
		"hogh:400kB reserved_highatomiX:400kB boost:4kB flag:yes");
	for (int i = 0; i < 70; i++)
		sb_puts(&sb, " pad:0kB");
	sb_puts(&sb, "\nlowmem_reserve[]: 0 1 2 3 4 5 6 7 \nNode 0 DMA32 min:4kB\n");
	log = parse_ok(sb_str(&sb));
	sb_release(&sb);
	REQUIRE(log);
	REQUIRE(log->nr_kept == 1);
	z = &log->reports[0]->zones[0][ZONE_DMA32];
	CHECK(z->seen);
	CHECK_EQ_UL(z->free, 40);	/* no unit: pages */
	CHECK_EQ_UL(z->min, 0);		/* negative: skipped */
	CHECK_EQ_UL(z->low, 2);
	CHECK_EQ_UL(z->high, 3);
	CHECK_EQ_UL(z->boost, 1);
	CHECK_EQ_UL(z->reserved_highatomic, 0);
	CHECK_EQ_L(z->nr_reserve, MAX_NR_ZONES + 1);	/* the rest cut */
	/* no DMA zone in the report: the line starts at DMA32 */
	CHECK_EQ_L(z->lowmem_reserve[MAX_NR_ZONES], 3);
	done(log);

	log = malloc(sizeof(*log));
	REQUIRE(log);
	CHECK_EQ_L(kmsg_parse(FAIL0 "Node 0 DMA32 free:10MB\n", log, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "line 2: zone field 'free:10MB' is not a size; accepted: NAME:NkB");
	CHECK_EQ_L(kmsg_parse(FAIL0 "Node 0 DMA32 free:10kBx\n", log, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "line 2: zone field 'free:10kBx' is not a size; accepted: NAME:NkB");
	free(log);
}

/* "Node N ..." lines of other shapes: too short, a one-letter zone, the
 * Device zone, a known zone without free:, an unknown word; none is a zone. */
TEST(cov_kmsg_edges_node_lines)
{
	struct strbuf sb = STRBUF_INIT;
	struct kmsg_log *log;
	const struct kmsg_report *r;

	sb_puts(&sb, FAIL0 "Node 0  \nNode 0 X 1\nNode 0 Device: 1*4kB = 4kB\n"
		"Node 0 Device free:4kB\nNode 0 DMA32 min:4kB\nNode 0 foo bar\n"
		"Node 0 shmem:8kB");
	for (int i = 0; i < 70; i++)
		sb_puts(&sb, " x");
	sb_puts(&sb, " all_unreclaimable? yes\n");
	log = parse_ok(sb_str(&sb));
	sb_release(&sb);
	REQUIRE(log);
	r = log->reports[0];
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		CHECK(!r->zones[0][zid].seen && !r->zones[0][zid].have_list);
	CHECK_EQ_L(r->nr_nodes, 0);
	CHECK_EQ_L(r->node_mem[0][RC_SHMEM], 2);
	CHECK(!r->all_unreclaimable[0]);	/* past the words a line keeps */
	CHECK_EQ_L(r->last_line, 8);
	done(log);
}

/* Free-list lines: types before any size, sizes that are not blocks. */
TEST(cov_kmsg_edges_free_lists)
{
	static const struct { const char *item, *err; } bad[] = {
		{ "(M)", "line 2: free list item '(M)'; accepted: N*SIZEkB" },	/* before a size */
		{ "x*4kB", "line 2: free list item 'x*4kB'; accepted: N*SIZEkB" },
		{ "1x*4kB", "line 2: free list item '1x*4kB'; accepted: N*SIZEkB" },
		{ "-1*4kB", "line 2: free list item '-1*4kB'; accepted: N*SIZEkB" },
		{ "4kB", "line 2: free list item '4kB'; accepted: N*SIZEkB" },
		{ "1*2kB", "line 2: free list item '1*2kB': the block size is not a power of two kB" },
		{ "1*12kB", "line 2: free list item '1*12kB': the block size is not a power of two kB" },
		{ "1*xkB", "line 2: free list item '1*xkB': the block size is not a power of two kB" },
	};
	struct kmsg_log *log = malloc(sizeof(*log));
	struct strbuf sb = STRBUF_INIT;
	char err[256];

	REQUIRE(log);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[256];

		snprintf(text, sizeof(text), FAIL0 "Node 0 DMA32: %s 1*4kB = 4kB\n", bad[i].item);
		err[0] = '\0';
		CHECK_EQ_L(kmsg_parse(text, log, err, sizeof(err)), -EINVAL);
		CHECK_STR(err, bad[i].err);
	}
	free(log);
	/* the words past 64 are not read */
	sb_puts(&sb, FAIL0 "Node 0 DMA32: 2*4kB (U) 1*8kB");
	for (int i = 0; i < 70; i++)
		sb_puts(&sb, " 0*16kB");
	sb_puts(&sb, " = 16kB\n");
	log = parse_ok(sb_str(&sb));
	sb_release(&sb);
	REQUIRE(log);
	CHECK_EQ_UL(log->reports[0]->zones[0][ZONE_DMA32].nr_free[0], 2);
	CHECK_EQ_UL(log->reports[0]->zones[0][ZONE_DMA32].types[0], 1u << MIGRATE_UNMOVABLE);
	CHECK_EQ_UL(log->reports[0]->zones[0][ZONE_DMA32].types[1], 0);
	CHECK_EQ_UL(log->reports[0]->zones[0][ZONE_DMA32].nr_free[1], 1);
	done(log);
}

/* Task tables: a header of few columns, rows with their comm padded or
 * empty, a row too short, more columns than a row keeps. */
TEST(cov_kmsg_edges_task_table)
{
	struct kmsg_log *log = parse_ok(
		"x invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"[pid]  uid rss name\n"
		"[  12] 0  300 bash   \n"
		"[13] 0 400\n"
		"[ 14 ] 5 sh\n"		/* not a row: no ']' after the pid */
		"Out of memory: Killed process  12 (bash\n"
		"Out of memory: Killed process 13 (sh) total-vm:0kB\n"
		"Free swap  = x\nTotal swap = x\n"
		"y invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0\n"
		"[ pid]  uid  tgid total_vm rss a b c d e f g h i j k l m n swapents oom_score_adj name\n"
		"[   20]  1 20 100 50 0 0 0 0 0 0 0 0 0 0 0 0 0 0 7 -100 long\n"
		"Out of memory: Kill process x (long)\n"
		"Out of memory: Kill process 20 (long) score x or sacrifice child\n");
	const struct kmsg_report *r;

	REQUIRE(log);
	REQUIRE(log->nr_kept == 2);
	r = log->reports[0];
	REQUIRE(r->nr_tasks == 2);
	CHECK_EQ_L(r->tasks[0].pid, 12);
	CHECK_EQ_L(r->tasks[0].tgid, 12);	/* no tgid column: the pid */
	CHECK_EQ_L(r->tasks[1].pid, 13);
	CHECK_EQ_UL(r->tasks[0].rss, 300);
	CHECK_EQ_UL(r->tasks[0].total_vm, 0);
	CHECK_STR(r->tasks[0].comm, "bash");	/* trailing spaces cut */
	CHECK_STR(r->tasks[1].comm, "");
	CHECK_EQ_L(r->killed_pid, 12);		/* the first kill line names it */
	CHECK_STR(r->killed_comm, "");		/* '(' without ')' */
	CHECK_EQ_UL(r->swap_free, 0);
	CHECK_EQ_UL(r->swap_total, 0);
	r = log->reports[1];
	REQUIRE(r->nr_tasks == 1);
	CHECK_EQ_L(r->tasks[0].uid, 1);
	CHECK_EQ_UL(r->tasks[0].total_vm, 100);
	CHECK_EQ_UL(r->tasks[0].rss, 50);
	/* columns past the 16 a row reads are not kept. Bug fixed: the header
	 * recorded them and the row read them past the end of its array (stack
	 * garbage as swapents and oom_score_adj) */
	CHECK_EQ_UL(r->tasks[0].swapents, 0);
	CHECK_EQ_L(r->tasks[0].oom_score_adj, 0);
	CHECK_EQ_L(r->killed_pid, 20);
	CHECK_EQ_L(r->killed_score, -1);
	done(log);

	/* a row that ends before its columns do */
	log = malloc(sizeof(*log));
	REQUIRE(log);
	{
		char err[256] = "";

		CHECK_EQ_L(kmsg_parse("x invoked oom-killer: gfp_mask=0xcc0, order=0\n"
				      "[ pid ] uid tgid rss name\n[5] 0", log, err, sizeof(err)),
			   -EINVAL);
		CHECK_STR(err, "line 3: task row: column 3 is not a number");
	}
	free(log);
}

/* More tasks than a report keeps: the table stops at KMSG_MAX_TASKS. */
TEST(cov_kmsg_edges_task_table_full)
{
	struct strbuf sb = STRBUF_INIT;
	struct kmsg_log *log;

	sb_puts(&sb, "x invoked oom-killer: gfp_mask=0xcc0, order=0\n[ pid ] uid rss name\n");
	for (int i = 1; i <= KMSG_MAX_TASKS + 5; i++)
		sb_printf(&sb, "[%d] 0 %d t\n", i, i);
	log = parse_ok(sb_str(&sb));
	sb_release(&sb);
	REQUIRE(log);
	CHECK_EQ_L(log->reports[0]->nr_tasks, KMSG_MAX_TASKS);
	CHECK_EQ_L(log->reports[0]->tasks[KMSG_MAX_TASKS - 1].pid, KMSG_MAX_TASKS);
	done(log);
}

/* Mem-Info counters that are not numbers, and CR-LF line ends. */
TEST(cov_kmsg_edges_counters_and_crlf)
{
	struct kmsg_log *log = parse_ok(
		"x: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)\r\r\n"
		"active_anon:x inactive_anon:-3 writeback:12 nothing dirty:\r\n"
		"Free swap  = 400kB\r\n"
		"x pages RAM\r\ny pages reserved\r\n"
		"Node 0 DMA32 free:40kB\r\nlowmem_reserve[]: 1 2 \r\n");

	REQUIRE(log);
	REQUIRE(log->nr_kept == 1);
	CHECK_EQ_L(log->reports[0]->mem[RC_ACTIVE_ANON], -1);
	CHECK_EQ_L(log->reports[0]->mem[RC_INACTIVE_ANON], -1);
	CHECK_EQ_L(log->reports[0]->mem[RC_DIRTY], -1);
	CHECK_EQ_L(log->reports[0]->mem[RC_WRITEBACK], 12);
	CHECK_EQ_UL(log->reports[0]->swap_free, 100);
	CHECK(log->reports[0]->gfp == GFP_KERNEL);
	CHECK_EQ_UL(log->reports[0]->pages_ram, 0);	/* "x" is no count */
	CHECK_EQ_UL(log->reports[0]->pages_reserved, 0);
	/* two values and a blank at the end; no DMA zone in the report, so
	 * they are DMA32's and Normal's, after DMA's 0 */
	CHECK_EQ_L(log->reports[0]->zones[0][ZONE_DMA32].nr_reserve, 3);
	CHECK_EQ_L(log->reports[0]->zones[0][ZONE_DMA32].lowmem_reserve[1], 1);
	CHECK_EQ_L(log->reports[0]->zones[0][ZONE_DMA32].lowmem_reserve[2], 2);
	done(log);
	/* no text at all is a log without reports */
	log = parse_ok(NULL);
	REQUIRE(log);
	CHECK_EQ_L(log->nr_reports, 0);
	done(log);
}
