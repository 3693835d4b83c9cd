/* tests/unit/test_vmscan.c - page reclaim (mm/vmscan.c, v4.5): direct
 * reclaim, the LRU scanners, get_scan_count and slab shrinking. Each scenario
 * checks the LRU lists against their counters and the engine invariants at
 * the end. kswapd and writeback are in test_kswapd.c. */
#include "reclaim_test.h"

/* ---- direct reclaim ---- */

TEST(vmscan_clean_page_cache_is_reclaimed_by_try_to_free_pages)
{
	struct sim *sim = boot_small();
	struct zone *z;
	struct alloc_context ac;
	struct trace_event end = { .arg = { 0 } };
	unsigned long cache, nr;
	uint64_t seq;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	cache = fill_cache(sim, z, z->watermark[WMARK_MIN] / 2, false);
	CHECK(cache > 15000);
	CHECK_EQ_UL(zone_page_state(z, NR_INACTIVE_FILE), cache);
	kernel_ac(sim, &ac);
	seq = trace_next_seq(sim);
	nr = try_to_free_pages(sim, &ac, GFP_KERNEL, 0);
	/* unreferenced clean cache goes at the first look: priority 12 scans
	 * 16000 >> 12 = 3 pages, 11 scans 7, ... until 32 are reclaimed */
	CHECK(nr >= SWAP_CLUSTER_MAX);
	CHECK_EQ_UL(ev(sim, PGSTEAL_DIRECT_DMA32), nr);
	CHECK(ev(sim, PGSCAN_DIRECT_DMA32) >= nr);
	CHECK_EQ_UL(ev(sim, PGSTEAL_KSWAPD_DMA32), 0);
	CHECK_EQ_UL(ev(sim, ALLOCSTALL), 1);
	CHECK_EQ_UL(zone_page_state(z, NR_FILE_PAGES), cache - nr);
	CHECK_EQ_UL(zone_page_state(z, NR_INACTIVE_FILE), cache - nr);
	CHECK_EQ_UL(count_events(sim, seq, TRACE_mm_vmscan_direct_reclaim_begin, NULL), 1);
	CHECK_EQ_UL(count_events(sim, seq, TRACE_mm_vmscan_direct_reclaim_end, &end), 1);
	CHECK_EQ_UL((unsigned long)end.arg[0], nr);
	CHECK_EQ_UL(count_events(sim, seq, TRACE_mm_page_free_batched, NULL), nr);
	CHECK(count_events(sim, seq, TRACE_mm_vmscan_lru_shrink_inactive, NULL) > 0);
	CHECK(narrated(sim, seq, "direct reclaim priority 12:"));
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(vmscan_direct_reclaim_steps_priority_12_down_and_ends)
{
	struct sim *sim = boot_small();
	struct scan_control sc;
	struct alloc_context ac;
	struct zone *z;
	int prio[64], n = 0;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	/* dirty cache only: direct reclaim may not write it, so every pass runs */
	fill_cache(sim, z, z->watermark[WMARK_MIN], true);
	kernel_ac(sim, &ac);
	direct_reclaim_begin(sim, &sc, GFP_KERNEL, 0);
	CHECK_EQ_L(sc.priority, DEF_PRIORITY);
	while (n < 64 && direct_reclaim_step(sim, &sc, &ac))
		prio[n++] = sc.pass_priority;
	prio[n++] = sc.pass_priority;
	/* 12..0, the epilogue (-1) starts the may_thrash sweep, 12..0, epilogue */
	REQUIRE(n == 28);
	for (int i = 0; i < 13; i++) {
		CHECK_EQ_L(prio[i], 12 - i);
		CHECK_EQ_L(prio[14 + i], 12 - i);
	}
	CHECK_EQ_L(prio[13], -1);
	CHECK_EQ_L(prio[27], -1);
	CHECK(sc.done);
	CHECK_EQ_UL(sc.nr_reclaimed, 0);
	CHECK_EQ_UL(sc.result, 1);		/* not yet scanned 6x over: don't OOM */
	CHECK(sc.may_thrash);
	CHECK_EQ_UL(ev(sim, ALLOCSTALL), 2);
	CHECK(zone_page_state(z, NR_VMSCAN_IMMEDIATE) > 0);
	CHECK(z->flags & (1UL << ZONE_DIRTY));	/* the tail was all unqueued dirty */
	CHECK(sim->nr_dirty_to_flush > 0);	/* and the flushers were asked */
	CHECK(all_ok(sim));

	/* with clean cache the loop stops at the first pass that gets 32 */
	sim_destroy(sim);
	sim = boot_small();
	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	fill_cache(sim, z, z->watermark[WMARK_MIN], false);
	direct_reclaim_begin(sim, &sc, GFP_KERNEL, 0);
	n = 0;
	while (n < 64 && direct_reclaim_step(sim, &sc, &ac))
		prio[n++] = sc.pass_priority;
	CHECK(n >= 2 && n <= 13);
	for (int i = 1; i < n; i++)
		CHECK_EQ_L(prio[i], prio[i - 1] - 1);
	CHECK(sc.nr_reclaimed >= SWAP_CLUSTER_MAX);
	CHECK_EQ_UL(sc.result, sc.nr_reclaimed);
	CHECK(!sc.may_thrash);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(vmscan_anon_without_swap_is_not_reclaimed)
{
	struct sim *sim = boot_small();
	struct alloc_context ac;
	const struct task *t;
	struct zone *z;
	unsigned long anon;
	int pid;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	pid = task_spawn(sim, "anon", 0, -1, 0);
	REQUIRE(pid > 0);
	/* stay above low: task_touch would otherwise reclaim on its own */
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 15000), 15000);
	t = task_find(sim, pid);
	anon = zone_page_state(z, NR_ANON_PAGES);
	CHECK_EQ_UL(anon, 15000);
	kernel_ac(sim, &ac);
	/* no swap: get_scan_count scans file only, and there is none; nothing
	 * reclaimable is left, so this is the OOM answer */
	CHECK_EQ_UL(try_to_free_pages(sim, &ac, GFP_KERNEL, 0), 0);
	CHECK_EQ_UL(ev(sim, PGSCAN_DIRECT_DMA32), 0);
	CHECK_EQ_UL(zone_page_state(z, NR_ANON_PAGES), anon);
	CHECK_EQ_UL(t->rss_anon, 15000);
	CHECK_EQ_UL(t->swapents, 0);
	CHECK(!zone_reclaimable(sim, z));
	/* some dirty cache: still nothing freed, but the zone is reclaimable */
	fill_cache(sim, z, zone_page_state(z, NR_FREE_PAGES) - 200, true);
	CHECK_EQ_UL(try_to_free_pages(sim, &ac, GFP_KERNEL, 0), 1);
	CHECK_EQ_UL(zone_page_state(z, NR_ANON_PAGES), anon);
	CHECK(all_ok(sim));

	/* swap with 8 free slots: 8 pages go, the rest of the batch is activated */
	CHECK_EQ_L(swap_set_size(sim, 8), 0);
	for (int i = 0; i < 20 && sim->swap_in_use < 8; i++)
		try_to_free_pages(sim, &ac, GFP_KERNEL, 0);
	CHECK_EQ_UL(sim->swap_in_use, 8);
	CHECK_EQ_UL(t->swapents, 8);
	CHECK_EQ_UL(t->rss_anon, 15000 - 8);
	CHECK_EQ_UL(zone_page_state(z, NR_ANON_PAGES), anon - 8);
	CHECK(ev(sim, PGACTIVATE) > 0);		/* add_to_swap failed: activate */
	CHECK(ev(sim, PGDEACTIVATE) > 0);
	CHECK_EQ_UL(zone_reclaimable_pages(sim, z), zone_page_state(z, NR_INACTIVE_FILE) +
		    zone_page_state(z, NR_ACTIVE_FILE));	/* swap full: anon no longer counts */
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(vmscan_anon_with_swap_is_swapped_out)
{
	struct sim *sim = boot_small();
	struct alloc_context ac;
	const struct task *t;
	struct zone *z;
	unsigned long got = 0;
	int pid;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	CHECK_EQ_L(swap_set_size(sim, 100000), 0);
	pid = task_spawn(sim, "anon", 0, -1, 0);
	REQUIRE(task_touch(sim, pid, TASK_ANON, 15000) == 15000);
	t = task_find(sim, pid);
	CHECK_EQ_UL(zone_page_state(z, NR_ACTIVE_ANON), 15000);
	kernel_ac(sim, &ac);
	for (int i = 0; i < 10; i++)
		got += try_to_free_pages(sim, &ac, GFP_KERNEL, 0);
	/* active anon is aged to the inactive list, then written to swap */
	CHECK(got >= 10 * SWAP_CLUSTER_MAX);
	CHECK(t->swapents >= got);
	CHECK_EQ_UL(sim->swap_in_use, t->swapents);
	CHECK_EQ_UL(ev(sim, PSWPOUT), t->swapents);
	CHECK_EQ_UL(t->rss_anon + t->swapents, 15000);
	CHECK_EQ_UL(zone_page_state(z, NR_ANON_PAGES), t->rss_anon);
	/* swap-out is asynchronous: pages written (or being written) but not
	 * yet freed wait in the swap cache (NR_FILE_PAGES; no file pages here),
	 * unmapped, on the anon LRU */
	CHECK(zone_page_state(z, NR_FILE_PAGES) > 0);
	CHECK_EQ_UL(zone_page_state(z, NR_ACTIVE_ANON) + zone_page_state(z, NR_INACTIVE_ANON),
		    t->rss_anon + zone_page_state(z, NR_FILE_PAGES));
	CHECK(zone_page_state(z, NR_WRITEBACK) <= zone_page_state(z, NR_FILE_PAGES));
	CHECK(ev(sim, PGDEACTIVATE) > 0);
	CHECK(ev(sim, PGREFILL_DMA32) > 0);
	CHECK(all_ok(sim));
	/* the task exits: its swap slots are released */
	CHECK_EQ_L(task_exit(sim, pid), 0);
	CHECK_EQ_UL(sim->swap_in_use, 0);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(vmscan_referenced_file_pages_get_a_second_chance)
{
	struct sim *sim = boot_small();
	struct scan_control sc = { .nr_to_reclaim = SWAP_CLUSTER_MAX, .gfp_mask = GFP_KERNEL,
				   .priority = DEF_PRIORITY, .may_writepage = true,
				   .may_unmap = true, .may_swap = true };
	const struct task *t;
	struct zone *z;
	unsigned long first = 0, n = 0;
	int pid;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	pid = task_spawn(sim, "reader", 0, -1, 0);
	REQUIRE(task_touch(sim, pid, TASK_FILE, 64) == 64);
	t = task_find(sim, pid);
	/* every page was just touched through a PTE: all kept, all referenced */
	CHECK_EQ_UL(shrink_inactive_list(sim, 32, z, &sc, LRU_INACTIVE_FILE), 0);
	CHECK_EQ_UL(shrink_inactive_list(sim, 32, z, &sc, LRU_INACTIVE_FILE), 0);
	CHECK_EQ_UL(zone_page_state(z, NR_INACTIVE_FILE), 64);
	CHECK_EQ_UL(t->rss_file, 64);
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++) {
		struct page *p = page_w(&sim->map, pfn);

		if (!(p->flags & PG_lru))
			continue;
		CHECK((p->flags & (PG_referenced | PG_young)) == PG_referenced);
		/* touch 16 of them again through their PTE */
		if (n++ < 16) {
			p->flags |= PG_young;
			first = first ? first : pfn;
		}
	}
	/* second look: referenced twice -> active; once -> reclaimed (clean) */
	CHECK_EQ_UL(shrink_inactive_list(sim, 32, z, &sc, LRU_INACTIVE_FILE) +
		    shrink_inactive_list(sim, 32, z, &sc, LRU_INACTIVE_FILE), 48);
	CHECK_EQ_UL(zone_page_state(z, NR_ACTIVE_FILE), 16);
	CHECK_EQ_UL(zone_page_state(z, NR_INACTIVE_FILE), 0);
	CHECK_EQ_UL(ev(sim, PGACTIVATE), 16);
	CHECK(sim->map.pages[first].flags & PG_active);
	CHECK_EQ_UL(t->rss_file, 16);
	CHECK_EQ_UL(zone_page_state(z, NR_FILE_MAPPED), 16);
	CHECK_EQ_UL(zone_page_state(z, NR_FILE_PAGES), 16);
	/* reclaim_stat feeds get_scan_count: the 64 pages added to the LRU
	 * (__pagevec_lru_add_fn) plus the 128 scanned; 16 of them rotated */
	CHECK_EQ_UL(z->recent_scanned[1], 64 + 128);
	CHECK_EQ_UL(z->recent_rotated[1], 16);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(vmscan_get_scan_count_balances_anon_and_file)
{
	struct sim *sim = boot_small();
	struct scan_control sc = { .nr_to_reclaim = SWAP_CLUSTER_MAX, .gfp_mask = GFP_KERNEL,
				   .priority = 4, .may_writepage = true,
				   .may_unmap = true, .may_swap = true };
	unsigned long nr[NR_LRU_LISTS], lru_pages;
	struct zone *z;
	int pid;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	pid = task_spawn(sim, "mix", 0, -1, 0);
	REQUIRE(task_touch(sim, pid, TASK_ANON, 6400) == 6400);
	fill_cache(sim, z, zone_page_state(z, NR_FREE_PAGES) - 3200, false);
	/* no swap: file only, anon not even counted */
	CHECK_EQ_L(get_scan_count(sim, z, &sc, nr, &lru_pages), SCAN_FILE);
	CHECK_EQ_UL(nr[LRU_ACTIVE_ANON] + nr[LRU_INACTIVE_ANON], 0);
	CHECK_EQ_UL(nr[LRU_INACTIVE_FILE], zone_page_state(z, NR_INACTIVE_FILE) >> 4);
	CHECK_EQ_UL(lru_pages, zone_page_state(z, NR_INACTIVE_FILE));
	/* swap, and a healthy inactive file list: still file only */
	swap_set_size(sim, 100000);
	CHECK_EQ_L(get_scan_count(sim, z, &sc, nr, &lru_pages), SCAN_FILE);
	CHECK_EQ_UL(lru_pages, zone_page_state(z, NR_INACTIVE_FILE));
	/* at priority 0, everything by size */
	sc.priority = 0;
	CHECK_EQ_L(get_scan_count(sim, z, &sc, nr, &lru_pages), SCAN_EQUAL);
	CHECK_EQ_UL(nr[LRU_ACTIVE_ANON], 6400);
	sc.priority = 4;
	/* more active than inactive file: weigh by swappiness and history,
	 * anon 60 * (99 + 1) / (0 + 1) = 6000, file 140 * (199 + 1) / (99 + 1) = 280 */
	for (unsigned long pfn = 0, k = 0; pfn < sim->map.max_pfn && k < 1700; pfn++) {
		struct page *p = page_w(&sim->map, pfn);

		if ((p->flags & (PG_lru | PG_swapbacked | PG_active)) == PG_lru) {
			del_page_from_lru(sim, pfn);
			lru_cache_add(sim, pfn, LRU_ACTIVE_FILE);
			k++;
		}
	}
	z->recent_scanned[0] = 99;
	z->recent_rotated[0] = 0;
	z->recent_scanned[1] = 199;
	z->recent_rotated[1] = 99;
	CHECK_EQ_L(get_scan_count(sim, z, &sc, nr, &lru_pages), SCAN_FRACT);
	CHECK_EQ_UL(nr[LRU_ACTIVE_ANON], (6400UL >> 4) * 6000 / 6281);
	CHECK_EQ_UL(nr[LRU_ACTIVE_FILE], (1700UL >> 4) * 280 / 6281);
	/* almost no cache and little free: anon only. Truncate the files,
	 * pin most free memory, then a little cache again */
	for (int lru = LRU_INACTIVE_FILE; lru <= LRU_ACTIVE_FILE; lru++)
		while (!list_empty(&sim->map, z->lru[lru])) {
			uint32_t pfn = lnk(&sim->map, z->lru[lru])->next;

			del_page_from_lru(sim, pfn);
			mod_zone_page_state(z, NR_FILE_PAGES, -1);
			free_page_frame(sim, pfn, false);
		}
	pin_pages(sim, z, z->watermark[WMARK_HIGH] / 2);
	fill_cache(sim, z, z->watermark[WMARK_HIGH] / 4, false);
	CHECK(zone_page_state(z, NR_INACTIVE_FILE) > 0);
	CHECK(zone_page_state(z, NR_INACTIVE_FILE) + zone_page_state(z, NR_FREE_PAGES) <=
	      z->watermark[WMARK_HIGH]);
	CHECK_EQ_L(get_scan_count(sim, z, &sc, nr, &lru_pages), SCAN_ANON);
	CHECK_EQ_UL(nr[LRU_INACTIVE_FILE] + nr[LRU_ACTIVE_FILE], 0);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(vmscan_zone_turns_unreclaimable_after_6x_scans_and_reclaim_returns_0)
{
	struct sim *sim = boot_small();
	struct alloc_context ac;
	struct zone *z;
	unsigned long cache, ret = 1;
	int calls = 0;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	/* dirty cache and nothing else; no time passes, so no flusher runs */
	cache = fill_cache(sim, z, z->watermark[WMARK_MIN], true);
	kernel_ac(sim, &ac);
	CHECK(zone_reclaimable(sim, z));
	CHECK_EQ_UL(zone_reclaimable_pages(sim, z), cache);
	while (ret && calls < 100) {
		unsigned long before = zone_page_state(z, NR_PAGES_SCANNED);

		ret = try_to_free_pages(sim, &ac, GFP_KERNEL, 0);
		calls++;
		CHECK(zone_page_state(z, NR_PAGES_SCANNED) >= before);
		if (ret)
			CHECK(zone_reclaimable(sim, z));
	}
	/* each call sweeps twice (~4x the list): 6x is reached on the second */
	CHECK_EQ_L(calls, 2);
	CHECK_EQ_UL(ret, 0);
	CHECK(!zone_reclaimable(sim, z));
	CHECK(zone_page_state(z, NR_PAGES_SCANNED) >= 6 * cache);
	CHECK_EQ_UL(zone_page_state(z, NR_FILE_DIRTY), cache);
	/* a page freed into the zone's buddy lists makes it reclaimable again */
	free_pages(sim, alloc_pages(sim, GFP_KERNEL & ~GFP_F_RECLAIM, 0), 0);
	drain_all_pages(sim, NULL);
	CHECK_EQ_UL(zone_page_state(z, NR_PAGES_SCANNED), 0);
	CHECK(zone_reclaimable(sim, z));
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(vmscan_unevictable_pages_are_culled)
{
	struct sim *sim = boot_small();
	struct scan_control sc = { .nr_to_reclaim = SWAP_CLUSTER_MAX, .gfp_mask = GFP_KERNEL,
				   .priority = DEF_PRIORITY, .may_writepage = true,
				   .may_unmap = true, .may_swap = true };
	struct zone *z;
	uint32_t tail;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	fill_cache(sim, z, zone_page_state(z, NR_FREE_PAGES) - 100, false);
	/* mlock the oldest page behind the LRU's back, as a VMA flag would */
	tail = lnk(&sim->map, z->lru[LRU_INACTIVE_FILE])->prev;
	page_w(&sim->map, tail)->flags |= PG_unevictable;
	shrink_inactive_list(sim, 32, z, &sc, LRU_INACTIVE_FILE);
	CHECK_EQ_UL(zone_page_state(z, NR_UNEVICTABLE), 1);
	CHECK_EQ_UL(ev(sim, UNEVICTABLE_PGCULLED), 1);
	CHECK(sim->map.pages[tail].flags & PG_lru);
	CHECK_EQ_UL(lnk(&sim->map, z->lru[LRU_UNEVICTABLE])->next, tail);
	CHECK_EQ_UL(ev(sim, PGSTEAL_DIRECT_DMA32), 31);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(vmscan_slab_is_shrunk_in_proportion)
{
	struct sim *sim = boot_small();
	struct alloc_context ac;
	struct zone *z;
	unsigned long slab, got = 0;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	CHECK_EQ_L(kernel_slab_alloc(sim, 2000, true), 2000);
	CHECK_EQ_L(kernel_slab_alloc(sim, 500, false), 500);
	fill_cache(sim, z, z->watermark[WMARK_MIN], false);
	slab = zone_page_state(z, NR_SLAB_RECLAIMABLE);
	CHECK_EQ_UL(slab, 2000);
	kernel_ac(sim, &ac);
	for (int i = 0; i < 200; i++)
		got += try_to_free_pages(sim, &ac, GFP_KERNEL, 0);
	/* objects are scanned in batches of 128, each freeing its page */
	CHECK(ev(sim, SLABS_SCANNED) > 0);
	CHECK_EQ_UL(ev(sim, SLABS_SCANNED) % 128, 0);
	CHECK_EQ_UL(slab - zone_page_state(z, NR_SLAB_RECLAIMABLE), ev(sim, SLABS_SCANNED));
	/* what the shrinker freed counts as reclaimed (reclaim_state) */
	CHECK_EQ_UL(got, ev(sim, PGSTEAL_DIRECT_DMA32) + ev(sim, SLABS_SCANNED));
	CHECK_EQ_UL(zone_page_state(z, NR_SLAB_UNRECLAIMABLE), 500);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

/* 6.1 (since 4.16) sizes the slab scan by priority, not by the LRU pages
 * scanned: direct reclaim at DEF_PRIORITY over 2000 slab pages has
 * delta = (2000 >> 12) * 4 / 2 = 0 and scans nothing, where v4.5's
 * proportional scan (the test above) frees slab from the same pressure;
 * drop_slab() at priority 0 asks 2 * freeable = 4000 and scans the
 * 31 full batches of 128 (3968; the last 32 stay deferred), emptying it. */
TEST(vmscan_6_1_slab_scan_follows_the_priority)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 2, KERNEL_6_1);
	struct alloc_context ac;
	struct zone *z;
	unsigned long got = 0;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	CHECK_EQ_L(kernel_slab_alloc(sim, 2000, true), 2000);
	fill_cache(sim, z, z->watermark[WMARK_MIN], false);
	kernel_ac(sim, &ac);
	for (int i = 0; i < 200; i++)
		got += try_to_free_pages(sim, &ac, GFP_KERNEL, 0);
	CHECK(got >= 200 * SWAP_CLUSTER_MAX);
	CHECK_EQ_UL(ev(sim, SLABS_SCANNED), 0);
	CHECK_EQ_UL(zone_page_state(z, NR_SLAB_RECLAIMABLE), 2000);
	CHECK_EQ_UL(drop_slab(sim), 2000);
	CHECK_EQ_UL(ev(sim, SLABS_SCANNED), 3968);
	CHECK_EQ_UL(zone_page_state(z, NR_SLAB_RECLAIMABLE), 0);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

/* Anonymous swap-out is asynchronous (v4.5): the first pass adds the page
 * to the swap cache, unmaps it and starts its write, and keeps it; the
 * disk completes the write later and rotates the page to the inactive
 * tail (pgrotated); only a later pass frees it. */
TEST(vmscan_swap_out_is_asynchronous)
{
	struct sim *sim = boot_small();
	struct alloc_context ac;
	struct zone *z;
	unsigned long steal, cache;
	int pid, i;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	CHECK_EQ_L(swap_set_size(sim, 100000), 0);
	pid = task_spawn(sim, "anon", 0, -1, 0);
	REQUIRE(task_touch(sim, pid, TASK_ANON, 12000) == 12000);
	kernel_ac(sim, &ac);
	for (i = 0; i < 50 && !ev(sim, PSWPOUT); i++)
		try_to_free_pages(sim, &ac, GFP_KERNEL, 0);
	REQUIRE(ev(sim, PSWPOUT) > 0);
	/* written or being written, not freed: in the swap cache, unmapped */
	CHECK(zone_page_state(z, NR_FILE_PAGES) > 0);
	CHECK(zone_page_state(z, NR_WRITEBACK) > 0);
	CHECK_EQ_UL(ev(sim, PSWPOUT), task_find(sim, pid)->swapents);
	/* the disk needs 7877 ns a page: 100 ms completes the queue */
	sim_tick(sim, 100);
	CHECK_EQ_UL(zone_page_state(z, NR_WRITEBACK), 0);
	CHECK(ev(sim, PGROTATED) > 0);
	/* now clean: the next pass frees them from the swap cache */
	steal = ev(sim, PGSTEAL_DIRECT_DMA32);
	cache = zone_page_state(z, NR_FILE_PAGES);
	try_to_free_pages(sim, &ac, GFP_KERNEL, 0);
	CHECK(ev(sim, PGSTEAL_DIRECT_DMA32) >= steal + SWAP_CLUSTER_MAX);
	CHECK(zone_page_state(z, NR_FILE_PAGES) < cache);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}
