/* tests/unit/test_format.c - strbuf, ftrace lines, vmstat names, /proc views.
 * The trace lines are what a v4.5 kernel prints for the same record (see
 * core/trace_print.c for the sources of each format); the /proc tests boot
 * the "tiny" preset, whose free lists follow from sim_create's rule of
 * freeing every managed page in the largest aligned blocks.
 */
#include <stdlib.h>
#include <string.h>

#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/sim.h"
#include "buddyscope/strbuf.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"
#include "testhelp.h"

/* ---- strbuf ---- */

TEST(strbuf_empty_is_empty_string)
{
	struct strbuf sb = STRBUF_INIT;

	CHECK_STR(sb_str(&sb), "");
	CHECK_EQ_UL(sb.len, 0);
	sb_release(&sb);
	CHECK(sb.buf == NULL);
	sb_init(&sb);
	CHECK_STR(sb_str(&sb), "");
}

TEST(strbuf_appends)
{
	struct strbuf sb = STRBUF_INIT;

	sb_puts(&sb, "Node ");
	sb_printf(&sb, "%d, zone %8s ", 0, "DMA32");
	sb_putc(&sb, '|');
	sb_add(&sb, "xyz", 2);
	CHECK_STR(sb_str(&sb), "Node 0, zone    DMA32 |xy");
	CHECK_EQ_UL(sb.len, strlen("Node 0, zone    DMA32 |xy"));
	CHECK(!sb.failed);
	sb_release(&sb);
}

TEST(strbuf_grows_past_many_sizes)
{
	struct strbuf sb = STRBUF_INIT;
	char want[5001];

	for (int i = 0; i < 5000; i++) {
		sb_printf(&sb, "%c", 'a' + i % 26);
		want[i] = (char)('a' + i % 26);
	}
	want[5000] = '\0';
	CHECK_EQ_UL(sb.len, 5000);
	CHECK_STR(sb_str(&sb), want);
	CHECK(sb.alloc > sb.len);

	/* one printf longer than everything so far */
	sb_reset(&sb);
	sb_printf(&sb, "%s%s", want, want);
	CHECK_EQ_UL(sb.len, 10000);
	CHECK(strncmp(sb_str(&sb), want, 5000) == 0);
	CHECK(strcmp(sb_str(&sb) + 5000, want) == 0);
	sb_release(&sb);
}

TEST(strbuf_reset_keeps_memory)
{
	struct strbuf sb = STRBUF_INIT;
	size_t alloc;

	sb_puts(&sb, "hello world");
	alloc = sb.alloc;
	sb_reset(&sb);
	CHECK_STR(sb_str(&sb), "");
	CHECK_EQ_UL(sb.len, 0);
	CHECK_EQ_UL(sb.alloc, alloc);
	sb_puts(&sb, "x");
	CHECK_STR(sb_str(&sb), "x");
	sb_release(&sb);
}

TEST(strbuf_detach)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	sb_printf(&sb, "%lu pages", 42UL);
	s = sb_detach(&sb);
	REQUIRE(s != NULL);
	CHECK_STR(s, "42 pages");
	CHECK(sb.buf == NULL && sb.len == 0 && sb.alloc == 0);
	CHECK_STR(sb_str(&sb), "");
	free(s);

	s = sb_detach(&sb);	/* never appended: still a string to free */
	REQUIRE(s != NULL);
	CHECK_STR(s, "");
	free(s);
}

/* ---- trace_format ---- */

static struct trace_event mkev(enum trace_id id)
{
	struct trace_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.id = id;
	ev.seq = 7;
	ev.ts_ns = 1234567890;		/* 1.234567890 s -> 1.234568 */
	ev.cpu = 0;
	ev.pid = 1;
	strcpy(ev.comm, "bash");
	ev.pfn = PFN_NONE;
	ev.stage = -1;
	return ev;
}

static const char *fmt(const struct trace_event *ev)
{
	static char buf[512];

	trace_format(ev, buf, sizeof(buf));
	return buf;
}

#define PREFIX "            bash-1     [000] ....     1.234568: "

TEST(trace_prefix_fields)
{
	struct trace_event ev = mkev(TRACE_mm_vmscan_kswapd_sleep);

	CHECK_STR(fmt(&ev), PREFIX "mm_vmscan_kswapd_sleep: nid=0");

	strcpy(ev.comm, "kswapd0");
	ev.pid = 41;
	ev.cpu = 3;
	ev.nid = 1;
	ev.ts_ns = 42000000000ULL + 499;	/* rounds down */
	CHECK_STR(fmt(&ev), "         kswapd0-41    [003] ....    42.000000: "
		  "mm_vmscan_kswapd_sleep: nid=1");
	ev.ts_ns = 123456000000500ULL;		/* rounds up; wider than %5lu */
	CHECK_STR(fmt(&ev), "         kswapd0-41    [003] .... 123456.000001: "
		  "mm_vmscan_kswapd_sleep: nid=1");

	/* a 15-character comm fills the column */
	strcpy(ev.comm, "abcdefghijklmno");
	ev.ts_ns = 0;
	CHECK_STR(fmt(&ev), " abcdefghijklmno-41    [003] ....     0.000000: "
		  "mm_vmscan_kswapd_sleep: nid=1");
}

TEST(trace_mm_page_alloc)
{
	struct trace_event ev = mkev(TRACE_mm_page_alloc);

	ev.pfn = 1;
	ev.order = 0;
	ev.migratetype = MIGRATE_MOVABLE;
	ev.gfp_mask = GFP_KERNEL;
	CHECK_STR(fmt(&ev), PREFIX "mm_page_alloc: page=ffffea0000000040 pfn=1 order=0 "
		  "migratetype=1 gfp_flags=GFP_KERNEL");

	ev.pfn = 0x12345;
	ev.order = 3;
	ev.migratetype = MIGRATE_UNMOVABLE;
	CHECK_STR(fmt(&ev), PREFIX "mm_page_alloc: page=ffffea000048d140 pfn=74565 order=3 "
		  "migratetype=0 gfp_flags=GFP_KERNEL");
}

TEST(trace_mm_page_alloc_null_page)
{
	struct trace_event ev = mkev(TRACE_mm_page_alloc);

	ev.pfn = PFN_NONE;
	ev.order = 9;
	ev.migratetype = MIGRATE_MOVABLE;
	ev.gfp_mask = GFP_KERNEL;
	/* %p of NULL is "(null)" padded to pointer width (lib/vsprintf.c) */
	CHECK_STR(fmt(&ev), PREFIX "mm_page_alloc: page=          (null) pfn=0 order=9 "
		  "migratetype=1 gfp_flags=GFP_KERNEL");
}

TEST(trace_kmem_page_events)
{
	struct trace_event ev = mkev(TRACE_mm_page_free);

	ev.pfn = 4096;
	ev.order = 2;
	CHECK_STR(fmt(&ev), PREFIX "mm_page_free: page=ffffea0000040000 pfn=4096 order=2");

	ev = mkev(TRACE_mm_page_free_batched);
	ev.pfn = 5;
	ev.arg[0] = 1;
	CHECK_STR(fmt(&ev), PREFIX "mm_page_free_batched: page=ffffea0000000140 pfn=5 "
		  "order=0 cold=1");

	ev = mkev(TRACE_mm_page_alloc_zone_locked);
	ev.pfn = 512;
	ev.order = 0;
	ev.migratetype = MIGRATE_MOVABLE;
	CHECK_STR(fmt(&ev), PREFIX "mm_page_alloc_zone_locked: page=ffffea0000008000 pfn=512 "
		  "order=0 migratetype=1 percpu_refill=1");
	ev.order = 4;
	CHECK_STR(fmt(&ev), PREFIX "mm_page_alloc_zone_locked: page=ffffea0000008000 pfn=512 "
		  "order=4 migratetype=1 percpu_refill=0");

	ev = mkev(TRACE_mm_page_pcpu_drain);
	ev.pfn = 3;
	ev.migratetype = MIGRATE_RECLAIMABLE;
	CHECK_STR(fmt(&ev), PREFIX "mm_page_pcpu_drain: page=ffffea00000000c0 pfn=3 order=0 "
		  "migratetype=2");

	ev = mkev(TRACE_mm_page_alloc_extfrag);
	ev.pfn = 1024;
	ev.order = 0;
	ev.migratetype = MIGRATE_UNMOVABLE;
	ev.arg[0] = 10;
	ev.arg[1] = MIGRATE_MOVABLE;
	ev.arg[2] = 1;
	CHECK_STR(fmt(&ev), PREFIX "mm_page_alloc_extfrag: page=ffffea0000010000 pfn=1024 "
		  "alloc_order=0 fallback_order=10 pageblock_order=9 alloc_migratetype=0 "
		  "fallback_migratetype=1 fragmenting=0 change_ownership=1");
	ev.arg[0] = 3;
	ev.arg[2] = 0;
	CHECK_STR(fmt(&ev), PREFIX "mm_page_alloc_extfrag: page=ffffea0000010000 pfn=1024 "
		  "alloc_order=0 fallback_order=3 pageblock_order=9 alloc_migratetype=0 "
		  "fallback_migratetype=1 fragmenting=1 change_ownership=0");
}

TEST(trace_vmscan_events)
{
	struct trace_event ev = mkev(TRACE_mm_vmscan_kswapd_wake);

	ev.nid = 1;
	ev.order = 3;
	CHECK_STR(fmt(&ev), PREFIX "mm_vmscan_kswapd_wake: nid=1 order=3");

	ev = mkev(TRACE_mm_vmscan_wakeup_kswapd);
	ev.nid = 0;
	ev.zid = ZONE_NORMAL;
	ev.order = 2;
	CHECK_STR(fmt(&ev), PREFIX "mm_vmscan_wakeup_kswapd: nid=0 zid=2 order=2");

	ev = mkev(TRACE_mm_vmscan_direct_reclaim_begin);
	ev.order = 0;
	ev.arg[0] = 1;
	ev.gfp_mask = GFP_KERNEL;
	CHECK_STR(fmt(&ev), PREFIX "mm_vmscan_direct_reclaim_begin: order=0 may_writepage=1 "
		  "gfp_flags=GFP_KERNEL");

	ev = mkev(TRACE_mm_vmscan_direct_reclaim_end);
	ev.arg[0] = 32;
	CHECK_STR(fmt(&ev), PREFIX "mm_vmscan_direct_reclaim_end: nr_reclaimed=32");

	ev = mkev(TRACE_mm_vmscan_lru_isolate);
	ev.order = 0;
	ev.migratetype = 0;
	ev.arg[0] = 32;
	ev.arg[1] = 40;
	ev.arg[2] = 32;
	ev.arg[3] = 1;
	CHECK_STR(fmt(&ev), PREFIX "mm_vmscan_lru_isolate: isolate_mode=0 order=0 "
		  "nr_requested=32 nr_scanned=40 nr_taken=32 file=1");

	ev = mkev(TRACE_mm_vmscan_lru_shrink_inactive);
	ev.nid = 0;
	ev.zid = ZONE_DMA32;
	ev.arg[0] = 32;
	ev.arg[1] = 30;
	ev.arg[2] = 12;
	ev.arg[3] = 1;
	CHECK_STR(fmt(&ev), PREFIX "mm_vmscan_lru_shrink_inactive: nid=0 zid=1 nr_scanned=32 "
		  "nr_reclaimed=30 priority=12 flags=RECLAIM_WB_FILE|RECLAIM_WB_ASYNC");
	ev.arg[3] = 0;
	CHECK_STR(fmt(&ev), PREFIX "mm_vmscan_lru_shrink_inactive: nid=0 zid=1 nr_scanned=32 "
		  "nr_reclaimed=30 priority=12 flags=RECLAIM_WB_ANON|RECLAIM_WB_ASYNC");
}

TEST(trace_compaction_events)
{
	struct trace_event ev = mkev(TRACE_mm_compaction_begin);

	ev.arg[0] = 0x1000;
	ev.arg[1] = 0x1000;
	ev.arg[2] = 0x3fe00;
	ev.arg[3] = 0x40000;
	ev.migratetype = 0;
	CHECK_STR(fmt(&ev), PREFIX "mm_compaction_begin: zone_start=0x1000 migrate_pfn=0x1000 "
		  "free_pfn=0x3fe00 zone_end=0x40000, mode=async");
	ev.migratetype = 1;	/* MIGRATE_SYNC_LIGHT */
	CHECK_STR(fmt(&ev), PREFIX "mm_compaction_begin: zone_start=0x1000 migrate_pfn=0x1000 "
		  "free_pfn=0x3fe00 zone_end=0x40000, mode=sync");

	ev.id = TRACE_mm_compaction_end;
	ev.order = 3;		/* COMPACT_PARTIAL */
	CHECK_STR(fmt(&ev), PREFIX "mm_compaction_end: zone_start=0x1000 migrate_pfn=0x1000 "
		  "free_pfn=0x3fe00 zone_end=0x40000, mode=sync status=partial");

	ev = mkev(TRACE_mm_compaction_try_to_compact_pages);
	ev.order = 9;
	ev.gfp_mask = GFP_KERNEL;
	ev.arg[0] = 0;
	CHECK_STR(fmt(&ev), PREFIX "mm_compaction_try_to_compact_pages: order=9 "
		  "gfp_mask=0x24000c0 mode=0");

	ev = mkev(TRACE_mm_compaction_suitable);
	ev.zid = ZONE_NORMAL;
	ev.order = 9;
	ev.arg[0] = 2;		/* COMPACT_CONTINUE */
	CHECK_STR(fmt(&ev), PREFIX "mm_compaction_suitable: node=0 zone=Normal   order=9 "
		  "ret=continue");
	ev.id = TRACE_mm_compaction_finished;
	ev.zid = ZONE_DMA;
	ev.arg[0] = 5;
	CHECK_STR(fmt(&ev), PREFIX "mm_compaction_finished: node=0 zone=DMA      order=9 "
		  "ret=no_suitable_page");

	ev = mkev(TRACE_mm_compaction_deferred);
	ev.nid = 1;
	ev.zid = ZONE_DMA32;
	ev.order = 4;
	ev.arg[0] = 4;
	ev.arg[1] = 3;
	ev.arg[2] = 2;
	CHECK_STR(fmt(&ev), PREFIX "mm_compaction_deferred: node=1 zone=DMA32    order=4 "
		  "order_failed=4 consider=3 limit=4");
	ev.id = TRACE_mm_compaction_defer_reset;
	CHECK_STR(fmt(&ev), PREFIX "mm_compaction_defer_reset: node=1 zone=DMA32    order=4 "
		  "order_failed=4 consider=3 limit=4");

	ev = mkev(TRACE_mm_compaction_migratepages);
	ev.arg[0] = 30;
	ev.arg[1] = 2;
	CHECK_STR(fmt(&ev), PREFIX "mm_compaction_migratepages: nr_migrated=30 nr_failed=2");
}

TEST(trace_oom_and_stage)
{
	struct trace_event ev = mkev(TRACE_oom_score_adj_update);

	ev.arg[0] = -1000;
	CHECK_STR(fmt(&ev), PREFIX "oom_score_adj_update: pid=1 comm=bash oom_score_adj=-1000");

	ev = mkev(TRACE_bs_alloc_stage);
	ev.stage = ALLOC_STAGE_WAKE_KSWAPD;
	strcpy(ev.msg, "woke kswapd0");
	CHECK_STR(fmt(&ev), PREFIX "bs_alloc_stage: stage=WAKE_KSWAPD woke kswapd0");
}

TEST(trace_format_truncates_like_snprintf)
{
	struct trace_event ev = mkev(TRACE_mm_page_free);
	char full[256], small[20];
	size_t n;

	ev.pfn = 1;
	n = trace_format(&ev, full, sizeof(full));
	CHECK_EQ_UL(n, strlen(full));
	CHECK_EQ_UL(trace_format(&ev, small, sizeof(small)), n);
	CHECK_EQ_UL(strlen(small), sizeof(small) - 1);
	CHECK(strncmp(small, full, sizeof(small) - 1) == 0);
	CHECK_EQ_UL(trace_format(&ev, NULL, 0), n);
}

TEST(trace_event_names)
{
	CHECK_STR(trace_event_name(TRACE_mm_page_alloc), "mm_page_alloc");
	CHECK_STR(trace_event_name(TRACE_bs_alloc_stage), "bs_alloc_stage");
	CHECK(trace_event_name(NR_TRACE_EVENTS) == NULL);
	CHECK_EQ_L(trace_event_parse("mm_page_alloc"), TRACE_mm_page_alloc);
	CHECK_EQ_L(trace_event_parse("kmem:mm_page_alloc"), TRACE_mm_page_alloc);
	CHECK_EQ_L(trace_event_parse("vmscan:mm_vmscan_kswapd_wake"),
		   TRACE_mm_vmscan_kswapd_wake);
	CHECK_EQ_L(trace_event_parse("oom:oom_score_adj_update"), TRACE_oom_score_adj_update);
	CHECK_EQ_L(trace_event_parse("vmscan:mm_page_alloc"), -1);
	CHECK_EQ_L(trace_event_parse("km:mm_page_alloc"), -1);
	CHECK_EQ_L(trace_event_parse("mm_page"), -1);
	CHECK_EQ_L(trace_event_parse(""), -1);
	for (int i = 0; i < NR_TRACE_EVENTS; i++)
		CHECK_EQ_L(trace_event_parse(trace_event_name((enum trace_id)i)), i);
}

/* ---- vmstat names ---- */

TEST(vmstat_zone_stat_names)
{
	CHECK_EQ_L(NR_VM_ZONE_STAT_ITEMS, 39);
	CHECK_STR(zone_stat_name(NR_FREE_PAGES), "nr_free_pages");
	CHECK_STR(zone_stat_name(NR_ALLOC_BATCH), "nr_alloc_batch");
	CHECK_STR(zone_stat_name(NR_FILE_MAPPED), "nr_mapped");
	CHECK_STR(zone_stat_name(NR_FILE_DIRTY), "nr_dirty");
	CHECK_STR(zone_stat_name(NR_UNSTABLE_NFS), "nr_unstable");
	CHECK_STR(zone_stat_name(NR_PAGES_SCANNED), "nr_pages_scanned");
	CHECK_STR(zone_stat_name(NUMA_INTERLEAVE_HIT), "numa_interleave");
	CHECK_STR(zone_stat_name(NR_FREE_CMA_PAGES), "nr_free_cma");
	CHECK(zone_stat_name(NR_VM_ZONE_STAT_ITEMS) == NULL);
}

TEST(vmstat_event_names)
{
	/* 74 of v4.5/4.6 and oom_kill, then 14 that only 6.1 prints */
	CHECK_EQ_L(NR_VM_EVENT_ITEMS, 88);
	CHECK_STR(vm_event_name(PGPGIN), "pgpgin");
	CHECK_STR(vm_event_name(PGALLOC_DMA), "pgalloc_dma");
	CHECK_STR(vm_event_name(PGALLOC_DMA32), "pgalloc_dma32");
	CHECK_STR(vm_event_name(PGALLOC_MOVABLE), "pgalloc_movable");
	CHECK_STR(vm_event_name(PGFREE), "pgfree");
	CHECK_STR(vm_event_name(PGLAZYFREED), "pglazyfreed");
	CHECK_STR(vm_event_name(PGSTEAL_DIRECT_NORMAL), "pgsteal_direct_normal");
	CHECK_STR(vm_event_name(PGSCAN_DIRECT_THROTTLE), "pgscan_direct_throttle");
	CHECK_STR(vm_event_name(ZONE_RECLAIM_FAILED), "zone_reclaim_failed");
	CHECK_STR(vm_event_name(COMPACTSTALL), "compact_stall");
	CHECK_STR(vm_event_name(HTLB_BUDDY_PGALLOC_FAIL), "htlb_buddy_alloc_fail");
	CHECK_STR(vm_event_name(THP_SPLIT_PMD), "thp_split_pmd");
	CHECK_STR(vm_event_name(THP_ZERO_PAGE_ALLOC_FAILED), "thp_zero_page_alloc_failed");
	CHECK_EQ_L(OOM_KILL, NR_VM_EVENT_ITEMS - 15);
	CHECK_EQ_L(PGSTEAL_FILE, NR_VM_EVENT_ITEMS - 1);
	CHECK_STR(vm_event_name(ALLOCSTALL_ZONE_DMA32), "allocstall_dma32");
	CHECK_STR(vm_event_name(OOM_KILL), "oom_kill");
	CHECK(vm_event_name(NR_VM_EVENT_ITEMS) == NULL);
	/* the v4.5 neighbours: pgfault, pgmajfault, pglazyfreed, pgrefill_dma */
	CHECK_EQ_L(PGLAZYFREED, PGMAJFAULT + 1);
	CHECK_EQ_L(PGREFILL_DMA, PGLAZYFREED + 1);
	/* v4.6 put compact_daemon_wake after compact_success */
	CHECK_EQ_L(COMPACTDAEMON_WAKE, COMPACTSUCCESS + 1);
	CHECK_STR(vm_event_name(COMPACTDAEMON_WAKE), "compact_daemon_wake");
	CHECK_EQ_L(HTLB_BUDDY_PGALLOC, COMPACTDAEMON_WAKE + 1);
	CHECK_EQ_L(THP_FAULT_ALLOC, UNEVICTABLE_PGSTRANDED + 1);
}

/* ---- /proc views of a booted machine ---- */

/* Number of times @needle occurs in @hay. */
static int count_str(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/*
 * tiny: DMA spans pfn 1..4095, present 3998, managed 3977, so pfns 22..3998
 * are free: 22 (o1), 24 (o3), 32 (o5), 64 (o6), 128 (o7), 256 (o8), 512 (o9),
 * 1024 and 2048 (o10), 3072 (o9), 3584 (o8), 3840 (o7), 3968 (o4),
 * 3984 (o3), 3992 (o2), 3996 (o1), 3998 (o0). DMA32 spans 4096..8191 with
 * 3590 managed: 4602 (o1), 4604 (o2), 4608 (o9), then three order-10 blocks.
 */
TEST(procfs_buddyinfo_tiny)
{
	struct sim *sim = boot_preset("tiny");
	struct strbuf sb = STRBUF_INIT;

	REQUIRE(sim);
	procfs_show_buddyinfo(sim, &sb);
	CHECK_STR(sb_str(&sb),
		  "Node 0, zone      DMA      1      2      1      2      1      1      1      2"
		  "      2      2      2 \n"
		  "Node 0, zone    DMA32      0      1      1      0      0      0      0      0"
		  "      0      1      3 \n");
	sb_release(&sb);
	sim_destroy(sim);
}

TEST(procfs_pagetypeinfo_tiny)
{
	struct sim *sim = boot_preset("tiny");
	struct strbuf sb = STRBUF_INIT;
	const char *s, *line, *head;
	unsigned long blocks[2] = { 0, 0 };

	REQUIRE(sim);
	procfs_show_pagetypeinfo(sim, &sb);
	s = sb_str(&sb);
	head = "Page block order: 9\n"
	       "Pages per block:  512\n"
	       "\n"
	       "Free pages count per migrate type at order       0      1      2      3"
	       "      4      5      6      7      8      9     10 \n"
	       "Node    0, zone      DMA, type    Unmovable ";
	CHECK(strncmp(s, head, strlen(head)) == 0);
	CHECK(strstr(s, "\nNode    0, zone    DMA32, type      Isolate      0      0      0"
			"      0      0      0      0      0      0      0      0 \n") != NULL);
	CHECK(strstr(s, "\n\nNumber of blocks type     Unmovable      Movable  Reclaimable"
			"   HighAtomic          CMA      Isolate \n") != NULL);
	CHECK_EQ_L(count_str(s, ", type "), 2 * MIGRATE_TYPES);

	/* every pageblock of a zone is counted once: DMA 1..4095 -> 8, DMA32 -> 8 */
	for (int zid = 0; zid < 2; zid++) {
		char zhead[64];

		snprintf(zhead, sizeof(zhead), "\nNode 0, zone %8s ", zid ? "DMA32" : "DMA");
		line = strstr(s, zhead);
		REQUIRE(line);
		line += strlen(zhead);
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			char *end;

			CHECK(strncmp(line, "         ", 9) == 0);	/* %12lu of < 1000 */
			blocks[zid] += strtoul(line, &end, 10);
			CHECK(*end == ' ');
			line = end + 1;
		}
		CHECK(*line == '\n');
	}
	CHECK_EQ_UL(blocks[0], 8);
	CHECK_EQ_UL(blocks[1], 8);
	sb_release(&sb);
	sim_destroy(sim);
}

TEST(procfs_zoneinfo_tiny)
{
	struct sim *sim = boot_preset("tiny");
	struct strbuf sb = STRBUF_INIT;
	const struct zone *z;
	char want[512];
	const char *s;

	REQUIRE(sim);
	z = sim_zone(sim, 0, ZONE_DMA);
	REQUIRE(z);
	procfs_show_zoneinfo(sim, &sb);
	s = sb_str(&sb);
	snprintf(want, sizeof(want),
		 "Node 0, zone      DMA\n"
		 "  pages free     3977\n"
		 "        min      %lu\n"
		 "        low      %lu\n"
		 "        high     %lu\n"
		 "        scanned  0\n"
		 "        spanned  4095\n"
		 "        present  3998\n"
		 "        managed  3977\n"
		 "    nr_free_pages 3977\n",
		 z->watermark[WMARK_MIN], z->watermark[WMARK_LOW], z->watermark[WMARK_HIGH]);
	CHECK(strncmp(s, want, strlen(want)) == 0);
	CHECK(strstr(s, "\n    nr_mlock     0\n") != NULL);
	CHECK(strstr(s, "\n    nr_anon_transparent_hugepages 0\n    nr_free_cma  0\n") != NULL);
	snprintf(want, sizeof(want), "\n        protection: (%ld, %ld, %ld, %ld)\n  pagesets\n",
		 z->lowmem_reserve[0], z->lowmem_reserve[1], z->lowmem_reserve[2],
		 z->lowmem_reserve[3]);
	CHECK(strstr(s, want) != NULL);
	/* 2 cpus, under 128 MiB: threshold = 2 * fls(2) * (1 + fls(0)) = 4 */
	snprintf(want, sizeof(want),
		 "\n    cpu: 1\n"
		 "              count: %d\n"
		 "              high:  %d\n"
		 "              batch: %d\n"
		 "  vm stats threshold: 4\n",
		 z->pageset[1].count, z->pageset[1].high, z->pageset[1].batch);
	CHECK(strstr(s, want) != NULL);
	/* no LRU pages: zone_reclaimable() is 0 < 0 * 6, false */
	CHECK(strstr(s, "\n  all_unreclaimable: 1\n"
			"  start_pfn:         1\n"
			"  inactive_ratio:    1\n"
			"Node 0, zone    DMA32\n") != NULL);
	CHECK_EQ_L(count_str(s, "Node 0, zone"), 2);
	CHECK_EQ_L(count_str(s, "    cpu: "), 4);
	CHECK_EQ_L(count_str(s, "\n    nr_"), 2 * 30);
	CHECK(s[sb.len - 1] == '\n');
	sb_release(&sb);
	sim_destroy(sim);
}

TEST(procfs_vmstat_tiny)
{
	struct sim *sim = boot_preset("tiny");
	struct strbuf sb = STRBUF_INIT;
	unsigned long dirtyable, thresh, bg;
	char want[128];
	const char *s;

	REQUIRE(sim);
	procfs_show_vmstat(sim, &sb);
	s = sb_str(&sb);
	CHECK(strncmp(s, "nr_free_pages 7567\nnr_alloc_batch ", 34) == 0);
	/* global_dirty_limits: (free - totalreserve) + file LRU + 1, ratio per page */
	dirtyable = 7567 - sim_totalreserve_pages(sim) + 1;
	thresh = (20 * 4096 / 100) * dirtyable / 4096;
	bg = (10 * 4096 / 100) * dirtyable / 4096;
	snprintf(want, sizeof(want),
		 "\nnr_free_cma 0\nnr_dirty_threshold %lu\nnr_dirty_background_threshold %lu\n"
		 "pgpgin 0\n", thresh, bg);
	CHECK(strstr(s, want) != NULL);
	CHECK(strstr(s, "\npgalloc_dma32 ") != NULL);
	/* v4.5 has neither compact_daemon_wake (4.6) nor oom_kill (4.13), nor
	 * the 14 counters only 6.1 prints */
	CHECK_EQ_L(count_str(s, "\n") , NR_VM_ZONE_STAT_ITEMS + 2 + NR_VM_EVENT_ITEMS - 16);
	CHECK(strstr(s, "\nallocstall_dma32 ") == NULL);
	CHECK(strstr(s, "\noom_kill ") == NULL);
	CHECK(strstr(s, "\ncompact_daemon_wake ") == NULL);
	CHECK(strstr(s, "\ncompact_success 0\nhtlb_buddy_alloc_success 0\n") != NULL);
	CHECK(s[sb.len - 1] == '\n');
	CHECK_STR(sim_errmsg(sim), "");		/* showing changes nothing */
	sb_release(&sb);
	sim_destroy(sim);
}

TEST(procfs_numa2_prints_every_node)
{
	struct sim *sim = boot_preset("numa2");
	struct strbuf sb = STRBUF_INIT;

	REQUIRE(sim);
	procfs_show_buddyinfo(sim, &sb);
	CHECK(strstr(sb_str(&sb), "\nNode 1, zone   Normal ") != NULL);
	CHECK_EQ_L(count_str(sb_str(&sb), "\n"), 4);
	sb_reset(&sb);
	procfs_show_pagetypeinfo(sim, &sb);
	/* pagetypeinfo_show() runs once per node with memory */
	CHECK_EQ_L(count_str(sb_str(&sb), "Page block order: 9\n"), 2);
	CHECK(strstr(sb_str(&sb), "\nNode    1, zone   Normal, type      Movable ") != NULL);
	sb_release(&sb);
	sim_destroy(sim);
}

TEST(trace_compaction_isolate_blocks)
{
	struct trace_event ev = mkev(TRACE_mm_compaction_isolate_freepages);

	ev.arg[0] = 0x1fe00;
	ev.arg[1] = 0x20000;
	ev.arg[2] = 512;
	ev.arg[3] = 37;
	CHECK_STR(fmt(&ev), PREFIX "mm_compaction_isolate_freepages: range=(0x1fe00 ~ 0x20000) "
		  "nr_scanned=512 nr_taken=37");
	ev.id = TRACE_mm_compaction_isolate_migratepages;
	CHECK_STR(fmt(&ev), PREFIX "mm_compaction_isolate_migratepages: range=(0x1fe00 ~ 0x20000) "
		  "nr_scanned=512 nr_taken=37");
}
