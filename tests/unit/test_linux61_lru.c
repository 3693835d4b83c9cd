/* tests/unit/test_linux61_lru.c - Linux 6.1's node-based LRU (4.8) and
 * 6.1's direct reclaim rules, one test a rule: the lists belong to the
 * node, reclaim for a low zone skips the pages of higher zones
 * (isolate_lru_folios, pgskip_*), compaction_ready, should_continue_reclaim,
 * do_try_to_free_pages without 4.5's second sweep, zone_reclaimable_pages
 * without isolated pages, the 6.1 mm_vmscan_lru_isolate line. */
#include <stdlib.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/strbuf.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"
#include "reclaim_test.h"
#include "simtest.h"

/* One node: DMA (16 MiB) and DMA32 (48 MiB), one cpu, no swap. */
static struct sim *boot_dma_dma32(enum kernel_version k)
{
	struct machine_desc m;

	memset(&m, 0, sizeof(m));
	snprintf(m.name, sizeof(m.name), "lru");
	m.nr_nodes = 1;
	m.nodes[0].nr_cpus = 1;
	m.nodes[0].zones[ZONE_DMA] = (struct zone_desc){ 16, 4080, 4080, 4080 };
	m.nodes[0].zones[ZONE_DMA32] = (struct zone_desc){ 4096, 12288, 12288, 12288 };
	m.distance[0][0] = 10;
	return boot_desc_kernel(&m, 1, k);
}

/* A clean page-cache page in zone @zid (allocated without reclaim). */
static unsigned long cache_page_in(struct sim *sim, int zid)
{
	struct task *cur = current_task(sim);
	unsigned int saved = cur->flags;
	gfp_t gfp = (zid == ZONE_DMA ? GFP_KERNEL | GFP_DMA : GFP_KERNEL | GFP_DMA32) & ~GFP_F_RECLAIM;
	unsigned long pfn;

	cur->flags |= PF_MEMALLOC;
	pfn = alloc_pages(sim, gfp, 0);
	cur->flags = saved;
	if (pfn != PFN_NONE)
		add_cache_page(sim, pfn, false);
	return pfn;
}

static void request_ac(struct sim *sim, gfp_t gfp, unsigned int order, struct alloc_context *ac)
{
	struct alloc_request req;

	alloc_request_init(sim, &req, gfp, order);
	*ac = req.ac;
}

/* The node's list @lru from the head: pfns into @out (up to @max). */
static unsigned int node_list(struct sim *sim, enum lru_list lru, uint32_t *out, unsigned int max)
{
	uint32_t head = sim->node_data[0]->lru[lru];
	unsigned int n = 0;

	for (uint32_t id = lnk(&sim->map, head)->next; id != head && n < max;
	     id = lnk(&sim->map, id)->next)
		out[n++] = id;
	return n;
}

/* Each zone's counter is the number of its pages on the node's list. */
static bool node_counts_ok(struct sim *sim, enum lru_list lru)
{
	static uint32_t pfns[20000];
	unsigned long per_zone[MAX_NR_ZONES] = { 0 };
	unsigned int n = node_list(sim, lru, pfns, 20000);

	for (unsigned int i = 0; i < n; i++)
		per_zone[page_zone(sim, pfns[i])->zid]++;
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		const struct zone *z = &sim->node_data[0]->node_zones[zid];

		if ((long)per_zone[zid] != z->vm_stat[NR_LRU_BASE + lru] ||
		    z->vm_stat[NR_ISOLATED_FILE] || z->vm_stat[NR_ISOLATED_ANON])
			return false;
	}
	return true;
}

/* 4.8+: one list per kind for the node, every zone's pages on it in the
 * order they came; 4.5 keeps a list per zone. The zones' counters stay
 * their own; /proc/zoneinfo's per-node nr_inactive_file is their sum. */
TEST(linux61_lru_lists_belong_to_the_node)
{
	struct sim *sim = boot_dma_dma32(KERNEL_6_1), *old = boot_dma_dma32(KERNEL_4_5);
	struct pglist_data *pgdat;
	struct strbuf zi = STRBUF_INIT;
	unsigned long a, b, c;
	uint32_t pfns[3];
	char want[64];

	REQUIRE(sim && old);
	pgdat = sim->node_data[0];
	CHECK_EQ_UL(pgdat->node_zones[ZONE_DMA].lru[LRU_INACTIVE_FILE], pgdat->lru[LRU_INACTIVE_FILE]);
	CHECK_EQ_UL(pgdat->node_zones[ZONE_DMA32].lru[LRU_INACTIVE_FILE], pgdat->lru[LRU_INACTIVE_FILE]);
	CHECK(old->node_data[0]->node_zones[ZONE_DMA].lru[LRU_INACTIVE_FILE] !=
	      old->node_data[0]->node_zones[ZONE_DMA32].lru[LRU_INACTIVE_FILE]);
	a = cache_page_in(sim, ZONE_DMA32);
	b = cache_page_in(sim, ZONE_DMA);
	c = cache_page_in(sim, ZONE_DMA32);
	REQUIRE(a != PFN_NONE && b != PFN_NONE && c != PFN_NONE);
	CHECK_EQ_UL(node_list(sim, LRU_INACTIVE_FILE, pfns, 3), 3);
	CHECK_EQ_UL(pfns[0], c);	/* newest at the head */
	CHECK_EQ_UL(pfns[1], b);
	CHECK_EQ_UL(pfns[2], a);
	CHECK_EQ_L(pgdat->node_zones[ZONE_DMA].vm_stat[NR_INACTIVE_FILE], 1);
	CHECK_EQ_L(pgdat->node_zones[ZONE_DMA32].vm_stat[NR_INACTIVE_FILE], 2);
	CHECK(node_counts_ok(sim, LRU_INACTIVE_FILE));
	procfs_show_zoneinfo(sim, &zi);
	snprintf(want, sizeof(want), "nr_inactive_file %lu", 3UL);
	CHECK(strstr(sb_str(&zi), want) != NULL);
	CHECK(strstr(sb_str(&zi), "nr_zone_inactive_file 2") != NULL);
	sb_release(&zi);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
	sim_destroy(old);
}

/*
 * isolate_lru_folios (6.1): a GFP_DMA reclaim (reclaim_idx DMA) walks the
 * node's list from the tail; the DMA32 pages there are skipped (counted
 * in pgskip_dma32, not in the scan), go back to the head in the order
 * met, and none of them is reclaimed.
 */
TEST(linux61_reclaim_skips_pages_above_reclaim_idx)
{
	struct sim *sim = boot_dma_dma32(KERNEL_6_1);
	struct zone *dma, *dma32;
	struct alloc_context ac;
	unsigned long old32[64], got;
	uint32_t head[64];
	uint64_t seq;

	REQUIRE(sim);
	dma = &sim->node_data[0]->node_zones[ZONE_DMA];
	dma32 = &sim->node_data[0]->node_zones[ZONE_DMA32];
	for (int i = 0; i < 64; i++)	/* the oldest: at the tail */
		old32[i] = cache_page_in(sim, ZONE_DMA32);
	for (int i = 0; i < 2048; i++)
		REQUIRE(cache_page_in(sim, ZONE_DMA) != PFN_NONE);
	request_ac(sim, GFP_KERNEL | GFP_DMA, 0, &ac);
	seq = trace_next_seq(sim);
	got = try_to_free_pages(sim, &ac, GFP_KERNEL | GFP_DMA, 0);
	CHECK(got >= SWAP_CLUSTER_MAX);
	CHECK_EQ_L(dma32->vm_stat[NR_INACTIVE_FILE], 64);	/* none of them went */
	CHECK_EQ_L(dma->vm_stat[NR_INACTIVE_FILE], 2048 - (long)got);
	CHECK_EQ_UL(ev(sim, PGSKIP_DMA32), 64);
	CHECK_EQ_UL(ev(sim, PGSKIP_DMA), 0);
	CHECK_EQ_UL(ev(sim, ALLOCSTALL_ZONE_DMA), 1);
	/* back at the head, in the order met: the oldest nearest the rest */
	CHECK_EQ_UL(node_list(sim, LRU_INACTIVE_FILE, head, 64), 64);
	for (int i = 0; i < 64; i++)
		CHECK_EQ_UL(head[i], old32[63 - i]);
	CHECK(node_counts_ok(sim, LRU_INACTIVE_FILE));
	CHECK(count_events(sim, seq, TRACE_mm_vmscan_lru_isolate, NULL) > 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* The 6.1 mm_vmscan_lru_isolate line: classzone, nr_skipped, lru names. */
TEST(linux61_lru_isolate_trace_line)
{
	struct sim *sim = boot_dma_dma32(KERNEL_6_1);
	struct alloc_context ac;
	struct trace_event last;
	char out[512];
	uint64_t seq;

	REQUIRE(sim);
	for (int i = 0; i < 16; i++)
		cache_page_in(sim, ZONE_DMA32);
	for (int i = 0; i < 4000 && cache_page_in(sim, ZONE_DMA) != PFN_NONE; i++)
		;
	request_ac(sim, GFP_KERNEL | GFP_DMA, 0, &ac);
	seq = trace_next_seq(sim);
	try_to_free_pages(sim, &ac, GFP_KERNEL | GFP_DMA, 0);
	REQUIRE(count_events(sim, seq, TRACE_mm_vmscan_lru_isolate, &last) > 0);
	trace_format(&last, out, sizeof(out));
	CHECK(strstr(out, "isolate_mode=0 classzone=0 order=0 nr_requested=") != NULL);
	CHECK(strstr(out, " nr_skipped=") != NULL);
	CHECK(strstr(out, " lru=inactive_file") != NULL);
	sim_destroy(sim);
}

/*
 * compaction_ready (6.1): a costly request does not reclaim a zone where
 * compaction_suitable() says the allocation would already succeed (a free
 * order-9 block above min), even below high + compact_gap; 4.5 asked
 * only for high + gap + 2 << order free and reclaimed.
 */
TEST(linux61_compaction_ready_stops_costly_reclaim)
{
	enum kernel_version ks[2] = { KERNEL_6_1, KERNEL_4_5 };
	unsigned long got[2];

	for (int k = 0; k < 2; k++) {
		struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, ks[k]);
		struct zone *z;
		struct alloc_context ac;
		unsigned long cache;

		REQUIRE(sim);
		z = &sim->node_data[0]->node_zones[ZONE_DMA32];
		/* free a little above high, in big blocks */
		fill_cache(sim, z, z->watermark[WMARK_HIGH] + 600, false);
		cache = zone_page_state(z, NR_INACTIVE_FILE);
		request_ac(sim, GFP_KERNEL, 9, &ac);
		got[k] = try_to_free_pages(sim, &ac, GFP_KERNEL | GFP_F_REPEAT, 9);
		if (ks[k] == KERNEL_6_1) {
			CHECK_EQ_UL(got[k], 1);		/* "aborted reclaim to try compaction" */
			CHECK_EQ_UL(zone_page_state(z, NR_INACTIVE_FILE), cache);
		} else {
			CHECK(zone_page_state(z, NR_INACTIVE_FILE) < cache);
		}
		sim_destroy(sim);
	}
	printf("  order-9 direct reclaim above high: 6.1 returns %lu (no reclaim), 4.5 %lu\n",
	       got[0], got[1]);
}

/*
 * should_continue_reclaim (6.1): an order-9 reclaimer goes on round after
 * round while the last round freed something, compaction cannot go ahead
 * in any eligible zone and the inactive lists hold more than
 * compact_gap(9) = 1024 pages (here until MAX_ZONE_ROUNDS, the model's
 * bound: 3 pages a round at priority 12); and it stops as soon as
 * compaction can run (enough free, but in holes).
 */
TEST(linux61_should_continue_reclaim_until_compaction_can_run)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, KERNEL_6_1);
	struct zone *z;
	struct alloc_context ac;
	unsigned long got, pfn, end;
	uint64_t seq;

	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	fill_cache(sim, z, z->watermark[WMARK_MIN], false);
	request_ac(sim, GFP_KERNEL, 9, &ac);
	seq = trace_next_seq(sim);
	got = try_to_free_pages(sim, &ac, GFP_KERNEL | GFP_F_REPEAT, 9);
	CHECK(narrated(sim, seq, "round 1: 3 reclaimed; again: inactive lists above compact_gap"));
	CHECK(narrated(sim, seq, "round 64: 3 reclaimed; done: the model's bound on rounds"));
	CHECK_EQ_UL(got, 64 * 3);	/* far past nr_to_reclaim (32) */
	sim_destroy(sim);

	/* free pages in holes, every other pfn: compaction_suitable says
	 * CONTINUE (low + compact_gap, boost included, is met), but below
	 * high + compact_gap compaction_ready lets
	 * reclaim run; its first round ends the loop */
	sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, KERNEL_6_1);
	REQUIRE(sim);
	z = &sim->node_data[0]->node_zones[ZONE_DMA32];
	fill_cache(sim, z, z->watermark[WMARK_MIN], false);
	pin_pages(sim, z, 0);
	drain_all_pages(sim, NULL);
	pin_pages(sim, z, 0);
	end = zone_end_pfn(z);
	for (pfn = z->zone_start_pfn; pfn < end &&
	     zone_page_state(z, NR_FREE_PAGES) < z->watermark[WMARK_LOW] + z->watermark_boost + 1100;
	     pfn += 2) {
		if (!(sim->map.pages[pfn].flags & PG_lru))
			continue;
		del_page_from_lru(sim, pfn);
		mod_zone_page_state(z, NR_FILE_PAGES, -1);
		free_page_frame(sim, pfn, false);
		drain_all_pages(sim, NULL);	/* the count is the buddy's */
	}
	request_ac(sim, GFP_KERNEL, 9, &ac);
	seq = trace_next_seq(sim);
	try_to_free_pages(sim, &ac, GFP_KERNEL | GFP_F_REPEAT, 9);
	CHECK(narrated(sim, seq, "round 1: 3 reclaimed; done: compaction can go ahead"));
	CHECK(!narrated(sim, seq, "round 2:"));
	sim_destroy(sim);
}

/*
 * do_try_to_free_pages (6.1): 13 priorities that reclaim nothing return 0
 * (the OOM condition) after one allocstall; 4.5 sweeps a second time
 * (may_thrash) and counts two.
 */
TEST(linux61_direct_reclaim_has_no_second_sweep)
{
	enum kernel_version ks[2] = { KERNEL_6_1, KERNEL_4_5 };
	unsigned long stalls[2];

	for (int k = 0; k < 2; k++) {
		struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, ks[k]);
		struct alloc_context ac;

		REQUIRE(sim);
		pin_pages(sim, &sim->node_data[0]->node_zones[ZONE_DMA32], 100);
		request_ac(sim, GFP_KERNEL, 0, &ac);
		CHECK_EQ_UL(try_to_free_pages(sim, &ac, GFP_KERNEL, 0), 0);
		stalls[k] = ev(sim, ALLOCSTALL);
		sim_destroy(sim);
	}
	CHECK_EQ_UL(stalls[0], 1);
	CHECK_EQ_UL(stalls[1], 2);
}

/* zone_reclaimable_pages (4.8+): the zone's LRU pages only; isolated pages
 * are the node's now. 4.5 counted them. */
TEST(linux61_reclaimable_pages_leave_isolated_out)
{
	enum kernel_version ks[2] = { KERNEL_6_1, KERNEL_4_5 };

	for (int k = 0; k < 2; k++) {
		struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, ks[k]);
		struct zone *z;
		unsigned long lru;

		REQUIRE(sim);
		z = &sim->node_data[0]->node_zones[ZONE_DMA32];
		fill_cache(sim, z, 8000, false);
		lru = zone_page_state(z, NR_INACTIVE_FILE);
		z->vm_stat[NR_ISOLATED_FILE] = 7;	/* as in the middle of a batch */
		CHECK_EQ_UL(zone_reclaimable_pages(sim, z), ks[k] == KERNEL_6_1 ? lru : lru + 7);
		z->vm_stat[NR_ISOLATED_FILE] = 0;
		sim_destroy(sim);
	}
}

/* zone_reclaimable_pages, 6.1.y (CVE-2024-57884's fix): a zone with no
 * reclaimable LRU page (here: anon only, and no swap) counts its free pages
 * instead, so should_reclaim_retry's "available" holds them twice; with
 * page cache, the LRU pages as before. 4.5 counts 0. */
TEST(linux61_reclaimable_pages_are_the_free_pages_without_lru)
{
	enum kernel_version ks[2] = { KERNEL_6_1, KERNEL_4_5 };

	for (int k = 0; k < 2; k++) {
		struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, ks[k]);
		struct zone *z;
		unsigned long free;

		REQUIRE(sim);
		z = &sim->node_data[0]->node_zones[ZONE_DMA32];
		free = zone_page_state(z, NR_FREE_PAGES);
		REQUIRE(free > 0 && !zone_page_state(z, NR_INACTIVE_FILE));
		CHECK_EQ_UL(zone_reclaimable_pages(sim, z), ks[k] == KERNEL_6_1 ? free : 0);
		fill_cache(sim, z, 800, false);
		CHECK_EQ_UL(zone_reclaimable_pages(sim, z),
			    zone_page_state(z, NR_INACTIVE_FILE) + zone_page_state(z, NR_ACTIVE_FILE));
		CHECK(zone_reclaimable_pages(sim, z) >= 800);
		sim_destroy(sim);
	}
}
