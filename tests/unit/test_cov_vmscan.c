/* tests/unit/test_cov_vmscan.c - vm.laptop_mode: direct reclaim runs with
 * may_writepage = 0 (try_to_free_pages: .may_writepage = !laptop_mode), so
 * it isolates with ISOLATE_CLEAN and leaves dirty page cache on the LRU
 * for the flusher; clean cache is reclaimed as before. */
#include "reclaim_test.h"

TEST(cov_vmscan_laptop_mode_reclaims_only_clean_pages)
{
	struct sim *sim = boot_small();
	struct trace_event iso = { .arg = { 0 } };
	struct alloc_context ac;
	unsigned long dirty, clean, nr;
	struct zone *z;
	uint64_t seq;

	REQUIRE(sim);
	REQUIRE(sim_sysctl_set(sim, "vm.laptop_mode", "1") == 0);
	REQUIRE(sim_sysctl_set(sim, "vm.dirty_ratio", "100") == 0);
	REQUIRE(sim_sysctl_set(sim, "vm.dirty_background_ratio", "100") == 0);
	z = zone0(sim, ZONE_DMA32);
	clean = fill_cache(sim, z, 8000, false);	/* older: the LRU's tail */
	dirty = fill_cache(sim, z, z->watermark[WMARK_MIN] / 2, true);
	REQUIRE(clean > 1000 && dirty > 1000);
	CHECK_EQ_UL(zone_page_state(z, NR_FILE_DIRTY), dirty);
	kernel_ac(sim, &ac);
	seq = trace_next_seq(sim);
	nr = try_to_free_pages(sim, &ac, GFP_KERNEL, 0);
	CHECK(nr >= SWAP_CLUSTER_MAX);
	CHECK(count_events(sim, seq, TRACE_mm_vmscan_lru_isolate, &iso) > 0);
	CHECK_EQ_UL(iso.migratetype & 1, 1);		/* isolate_mode has ISOLATE_CLEAN */
	CHECK_EQ_UL(zone_page_state(z, NR_FILE_DIRTY), dirty);	/* no dirty page went */
	CHECK_EQ_UL(zone_page_state(z, NR_VMSCAN_WRITE), 0);	/* nor was written */
	CHECK_EQ_UL(zone_page_state(z, NR_FILE_PAGES), clean + dirty - nr);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}
