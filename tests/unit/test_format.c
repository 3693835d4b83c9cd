/* tests/unit/test_format.c - strbuf, ftrace lines, vmstat names.
 * The trace lines are what a v4.5 kernel prints for the same record (see
 * core/trace_print.c for the sources of each format).
 */
#include <stdlib.h>
#include <string.h>

#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/strbuf.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmstat.h"
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
	CHECK_EQ_L(NR_VM_EVENT_ITEMS, 73);
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
	CHECK_EQ_L(OOM_KILL, NR_VM_EVENT_ITEMS - 1);
	CHECK_STR(vm_event_name(OOM_KILL), "oom_kill");
	CHECK(vm_event_name(NR_VM_EVENT_ITEMS) == NULL);
	/* the v4.5 neighbours: pgfault, pgmajfault, pglazyfreed, pgrefill_dma */
	CHECK_EQ_L(PGLAZYFREED, PGMAJFAULT + 1);
	CHECK_EQ_L(PGREFILL_DMA, PGLAZYFREED + 1);
	CHECK_EQ_L(HTLB_BUDDY_PGALLOC, COMPACTSUCCESS + 1);
	CHECK_EQ_L(THP_FAULT_ALLOC, UNEVICTABLE_PGSTRANDED + 1);
}
