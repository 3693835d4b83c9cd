/* tests/unit/test_cov45_vmscan_lru.c - v4.5 shrink_inactive_list() and
 * shrink_active_list() under the scan_control's limits: a reclaimer that
 * may not unmap leaves mapped pages where they are (ISOLATE_UNMAPPED), one
 * that may not write leaves dirty pages (ISOLATE_CLEAN); a batch asks at
 * most SWAP_CLUSTER_MAX; a direct reclaimer waits while too many pages are
 * isolated and leaves at once when killed; anonymous pages need __GFP_IO to
 * go to swap; a file page referenced twice is activated. */
#include <string.h>

#include "buddyscope/workload.h"
#include "reclaim_test.h"

static struct scan_control sc_of(gfp_t gfp, bool kswapd)
{
	return reclaim_sc(kswapd, gfp, DEF_PRIORITY);	/* v4.5 reads no reclaim_idx */
}

TEST(cov45_shrink_inactive_may_not_unmap_or_write)
{
	struct sim *sim = boot_small();
	struct scan_control sc;
	struct zone *z;
	unsigned long rss, mapped, scanned0;
	int pid;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	pid = task_spawn(sim, "reader", 0, -1, 0);
	REQUIRE(pid > 0);
	/* the oldest 64 inactive file pages are mapped by the task */
	CHECK_EQ_L(task_touch(sim, pid, TASK_FILE, 64), 64);
	rss = task_find(sim, pid)->rss_file;
	mapped = zone_page_state(z, NR_FILE_MAPPED);
	scanned0 = ev(sim, PGSCAN_FILE);
	sc = sc_of(GFP_KERNEL, true);
	sc.may_unmap = false;
	/* 64 asked, 32 looked at (SWAP_CLUSTER_MAX), every one mapped: none taken */
	CHECK_EQ_UL(shrink_inactive_list(sim, 64, z, &sc, LRU_INACTIVE_FILE), 0);
	CHECK_EQ_UL(ev(sim, PGSCAN_FILE), scanned0 + SWAP_CLUSTER_MAX);
	CHECK_EQ_UL(task_find(sim, pid)->rss_file, rss);
	CHECK_EQ_UL(zone_page_state(z, NR_FILE_MAPPED), mapped);
	CHECK(all_ok(sim));

	/* dirty page cache, for a reclaimer that may not write: all busy */
	for (int i = 0; i < 40; i++) {
		unsigned long pfn = alloc_pages(sim, GFP_HIGHUSER_MOVABLE, 0);

		REQUIRE(pfn != PFN_NONE);
		add_cache_page(sim, pfn, true);
	}
	/* the dirty ones are now the newest: rotate the mapped ones away first */
	sc = sc_of(GFP_KERNEL, true);
	sc.may_unmap = false;
	CHECK_EQ_UL(shrink_inactive_list(sim, 32, z, &sc, LRU_INACTIVE_FILE), 0);
	CHECK_EQ_UL(shrink_inactive_list(sim, 32, z, &sc, LRU_INACTIVE_FILE), 0);
	sc = sc_of(GFP_KERNEL, true);
	sc.may_writepage = false;
	scanned0 = ev(sim, PGSCAN_FILE);
	CHECK_EQ_UL(shrink_inactive_list(sim, 32, z, &sc, LRU_INACTIVE_FILE), 0);
	CHECK_EQ_UL(ev(sim, PGSCAN_FILE), scanned0 + 32);
	CHECK_EQ_UL(zone_page_state(z, NR_FILE_DIRTY), 40);
	/* and the active lists, under the same limits: nothing moves */
	sc.may_unmap = false;
	shrink_active_list(sim, 32, z, &sc, LRU_ACTIVE_FILE);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(cov45_shrink_inactive_too_many_isolated)
{
	struct sim *sim = boot_small();
	struct scan_control sc;
	struct zone *z;
	unsigned long t0;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	fill_cache(sim, z, zone_page_state(z, NR_FREE_PAGES) - 800, false);
	/* more isolated than an eighth of the inactive file list */
	mod_zone_page_state(z, NR_ISOLATED_FILE, 200);
	sc = sc_of(GFP_KERNEL, false);
	current_task(sim)->sigkill = true;
	t0 = jiffies(sim);
	CHECK_EQ_UL(shrink_inactive_list(sim, 32, z, &sc, LRU_INACTIVE_FILE), SWAP_CLUSTER_MAX);
	CHECK(jiffies(sim) > t0);			/* it waited once, then saw the signal */
	current_task(sim)->sigkill = false;
	/* not killed: ten waits, then it reclaims all the same */
	t0 = jiffies(sim);
	CHECK_EQ_UL(shrink_inactive_list(sim, 32, z, &sc, LRU_INACTIVE_FILE), 32);
	CHECK(jiffies(sim) >= t0 + 10 * RECLAIM_WAIT_JIFFIES);
	mod_zone_page_state(z, NR_ISOLATED_FILE, -200);
	/* an empty list: nothing taken */
	CHECK_EQ_UL(shrink_inactive_list(sim, 32, z, &sc, LRU_INACTIVE_ANON), 0);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

TEST(cov45_anon_needs_gfp_io_to_swap)
{
	struct sim *sim = boot_small();
	struct scan_control sc;
	struct zone *z;
	int pid;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	REQUIRE(swap_set_size(sim, 4096) == 0);
	pid = task_spawn(sim, "anon", 0, -1, 0);
	REQUIRE(pid > 0);
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 64), 64);
	sc = sc_of(GFP_NOIO, true);
	shrink_active_list(sim, 32, z, &sc, LRU_ACTIVE_ANON);
	REQUIRE(zone_page_state(z, NR_INACTIVE_ANON) >= 32);
	CHECK_EQ_UL(shrink_inactive_list(sim, 32, z, &sc, LRU_INACTIVE_ANON), 0);
	CHECK_EQ_UL(swap_used(sim), 0);
	CHECK_EQ_UL(task_find(sim, pid)->rss_anon, 64);
	/* with __GFP_IO the same pages go to the swap cache */
	sc = sc_of(GFP_KERNEL, true);
	CHECK_EQ_UL(shrink_inactive_list(sim, 32, z, &sc, LRU_INACTIVE_ANON), 0);
	CHECK_EQ_UL(swap_used(sim), 32);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

/* page_check_references(): a mapped file page whose PTE is young and that
 * was marked accessed before is activated; one only marked accessed (not
 * mapped) may go if clean, and a dirty one is kept even by kswapd on a
 * ZONE_DIRTY zone (PAGEREF_RECLAIM_CLEAN). */
TEST(cov45_file_page_references)
{
	struct sim *sim = boot_small();
	struct scan_control sc;
	struct zone *z;
	unsigned long act0, pfn;
	struct page *p;
	int pid;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	pid = task_spawn(sim, "reader", 0, -1, 0);
	REQUIRE(pid > 0);
	CHECK_EQ_L(task_touch(sim, pid, TASK_FILE, 1), 1);
	pfn = lnk(&sim->map, z->lru[LRU_INACTIVE_FILE])->prev;
	p = page_w(&sim->map, pfn);
	REQUIRE(p->private == (uint32_t)pid);
	p->flags |= PG_young | PG_referenced;
	act0 = ev(sim, PGACTIVATE);
	sc = sc_of(GFP_KERNEL, true);
	CHECK_EQ_UL(shrink_inactive_list(sim, 1, z, &sc, LRU_INACTIVE_FILE), 0);
	CHECK_EQ_UL(ev(sim, PGACTIVATE), act0 + 1);
	CHECK(sim->map.pages[pfn].flags & PG_active);
	CHECK_EQ_UL(zone_page_state(z, NR_ACTIVE_FILE), 1);

	/* a dirty unmapped page read once (PG_referenced) */
	pfn = alloc_pages(sim, GFP_HIGHUSER_MOVABLE, 0);
	REQUIRE(pfn != PFN_NONE);
	add_cache_page(sim, pfn, true);
	page_w(&sim->map, pfn)->flags |= PG_referenced;
	z->flags |= 1UL << ZONE_DIRTY;
	CHECK_EQ_UL(shrink_inactive_list(sim, 1, z, &sc, LRU_INACTIVE_FILE), 0);
	CHECK(sim->map.pages[pfn].flags & PG_lru);
	CHECK(!(sim->map.pages[pfn].flags & PG_writeback));	/* not written */
	CHECK_EQ_UL(zone_page_state(z, NR_FILE_DIRTY), 1);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

/* get_scan_count() (v4.5): no swapping allowed means file only, whatever
 * the swap device; at priority 0 it scans everything by size, unless
 * swappiness is 0, which keeps the usual choice. */
TEST(cov45_get_scan_count_balance)
{
	struct sim *sim = boot_small();
	unsigned long nr[NR_LRU_LISTS], lru_pages;
	struct scan_control sc;
	struct zone *z;
	int pid;

	REQUIRE(sim);
	z = zone0(sim, ZONE_DMA32);
	REQUIRE(swap_set_size(sim, 4096) == 0);
	pid = task_spawn(sim, "anon", 0, -1, 0);
	REQUIRE(pid > 0);
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 2000), 2000);
	fill_cache(sim, z, zone_page_state(z, NR_FREE_PAGES) - 4000, false);
	sc = sc_of(GFP_KERNEL, false);
	sc.may_swap = false;
	CHECK_EQ_L(get_scan_count(sim, z, &sc, nr, &lru_pages), SCAN_FILE);
	CHECK_EQ_UL(nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON], 0);
	sc = sc_of(GFP_KERNEL, false);
	sc.priority = 0;
	CHECK_EQ_L(get_scan_count(sim, z, &sc, nr, &lru_pages), SCAN_EQUAL);
	CHECK(nr[LRU_ACTIVE_ANON] > 0);
	REQUIRE(sim_sysctl_set(sim, "vm.swappiness", "0") == 0);
	CHECK(get_scan_count(sim, z, &sc, nr, &lru_pages) != SCAN_EQUAL);
	sim_destroy(sim);
}

/* do_try_to_free_pages() for a mask whose highest zone the zonelist lacks:
 * every pass reclaims from no zone (and says so); once done, a further
 * step does nothing. */
TEST(cov45_direct_reclaim_no_zone_and_done)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, 1UL << 20, 8192, 1);
	struct alloc_request req;
	struct scan_control sc;
	uint64_t from;
	int steps = 0;

	REQUIRE(sim);
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_DMA32, 0) == 0);
	from = trace_next_seq(sim);
	direct_reclaim_begin(sim, &sc, GFP_KERNEL | GFP_F_DMA32, 0);
	while (steps < 64 && direct_reclaim_step(sim, &sc, &req.ac))
		steps++;
	CHECK(sc.done);
	CHECK_EQ_UL(sc.nr_reclaimed, 0);
	CHECK_EQ_UL(sc.result, 0);			/* no zone is reclaimable */
	CHECK(narrated(sim, from, "direct reclaim priority 12: scanned 0, reclaimed 0 [no zone]"));
	CHECK_EQ_L(direct_reclaim_step(sim, &sc, &req.ac), 0);
	sim_destroy(sim);
}
