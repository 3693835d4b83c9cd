/* tests/unit/test_compaction.c - fragmentation index, suitability, deferral,
 * the two scanners, migration, direct compaction, compact_memory, kcompactd. */
#include <string.h>
#include "../../core/internal.h"
#include "buddyscope/buddy.h"
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/watermark.h"
#include "simtest.h"

#define BASE		0x100000UL	/* the one zone: Normal, 8192 pages from 4 GiB */
#define NPAGES		8192UL
/* every page, down to the last: no reclaim, no kswapd, no watermarks */
#define GFP_TAKE_ALL	(GFP_F_MOVABLE | GFP_F_HIGHMEM | GFP_F_NOWARN | GFP_F_MEMALLOC)

static struct zone *normal(struct sim *sim)
{
	return &sim->node_data[0]->node_zones[ZONE_NORMAL];
}

/* Make the allocated order-0 page @pfn an active anon page of @t. */
static void give_anon(struct sim *sim, struct task *t, unsigned long pfn)
{
	page_w(&sim->map, pfn)->private = (uint32_t)t->pid;
	lru_cache_add(sim, pfn, LRU_ACTIVE_ANON);
	mod_zone_page_state(page_zone(sim, pfn), NR_ANON_PAGES, 1);
	t->rss_anon++;
	t->total_vm++;
}

/*
 * The textbook fragmented zone: every page allocated, then every odd pfn
 * freed. Even pfns are anon pages of one task (@movable) or kernel pins.
 * 4096 free order-0 pages, no two of them buddies: nothing of order 1 or
 * more can be allocated, though half the zone is free.
 */
static struct sim *checkerboard_kernel(bool movable, int *pid, enum kernel_version kernel)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_NORMAL, BASE, NPAGES, 1, kernel);
	unsigned long pfn, n = 0;
	struct task *t;

	if (!sim)
		return NULL;
	*pid = task_spawn(sim, "scatter", 0, -1, 0);
	t = task_lookup(sim, *pid);
	while ((pfn = alloc_pages(sim, GFP_TAKE_ALL, 0)) != PFN_NONE)
		n++;
	if (n != NPAGES) {
		printf("checkerboard: allocated %lu of %lu pages\n", n, NPAGES);
		sim_destroy(sim);
		return NULL;
	}
	for (pfn = BASE; pfn < BASE + NPAGES; pfn++) {
		if (pfn & 1)
			free_pages(sim, pfn, 0);
		else if (movable)
			give_anon(sim, t, pfn);
	}
	drain_all_pages(sim, NULL);
	return sim;
}

static struct sim *checkerboard(bool movable, int *pid)
{
	return checkerboard_kernel(movable, pid, KERNEL_DEFAULT);
}

static unsigned long owned_by(const struct sim *sim, int pid)
{
	unsigned long n = 0;

	for (unsigned long pfn = BASE; pfn < BASE + NPAGES; pfn++)
		n += sim->map.pages[pfn].private == (uint32_t)pid;
	return n;
}

static bool has_free_block(const struct zone *z, unsigned int order)
{
	for (unsigned int o = order; o < MAX_ORDER; o++)
		if (z->free_area[o].nr_free)
			return true;
	return false;
}

/* The last event of kind @id since @from, or NULL. */
static const struct trace_event *last_event(const struct sim *sim, uint64_t from, enum trace_id id)
{
	static struct trace_event buf[256], found;
	uint64_t cur = from, lost;
	size_t n;
	bool any = false;

	while ((n = trace_read(sim, &cur, buf, 256, &lost)))
		for (size_t i = 0; i < n; i++)
			if (buf[i].id == id) {
				found = buf[i];
				any = true;
			}
	return any ? &found : NULL;
}

/* ---- fragmentation_index and compaction_suitable ---- */

TEST(compact_fragmentation_index_worked_examples)
{
	static struct zone z;
	struct sim *sim;
	int pid;

	memset(&z, 0, sizeof(z));
	CHECK_EQ_L(fragmentation_index(&z, 4), 0);		/* no free memory */
	z.free_area[0].nr_free = 1000;				/* 1000 free order-0 pages */
	CHECK_EQ_L(fragmentation_index(&z, 4), 937);		/* 1000 - 63063/1000 */
	memset(&z, 0, sizeof(z));
	z.free_area[3].nr_free = 2;				/* two order-3 blocks */
	CHECK_EQ_L(fragmentation_index(&z, 4), 0);		/* 1000 - 2000/2 */
	CHECK_EQ_L(fragmentation_index(&z, 3), -1000);		/* it would not fail */
	CHECK_EQ_L(fragmentation_index(&z, MAX_ORDER), 0);
	z.free_area[0].nr_free = 8;				/* 8 + 16 pages in 10 blocks */
	CHECK_EQ_L(fragmentation_index(&z, 4), 1000 - (1000 + 24 * 1000 / 16) / 10);

	sim = checkerboard(true, &pid);
	REQUIRE(sim);
	/* 4096 order-0 pages: 1000 - (1000 + 256000) / 4096 = 1000 - 62 */
	CHECK_EQ_L(fragmentation_index(normal(sim), 4), 938);
	CHECK_EQ_L(fragmentation_index(normal(sim), 1), 1000 - (1000 + 2048000) / 4096);
	CHECK_EQ_L(fragmentation_index(normal(sim), 0), -1000);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(compact_suitable_says_partial_skipped_or_continue)
{
	struct sim *sim = checkerboard(true, &(int){ 0 });
	struct zone *z;
	uint64_t seq;
	const struct trace_event *ev;

	REQUIRE(sim);
	z = normal(sim);
	/* free 4096 > low + 2 << 4, fragindex 938 > 500 */
	CHECK_EQ_L(compaction_suitable(sim, z, 4, ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_CONTINUE);
	CHECK_EQ_L(compaction_suitable(sim, z, -1, 0, ZONE_NORMAL), COMPACT_CONTINUE);
	/* order 0 is already possible */
	CHECK_EQ_L(compaction_suitable(sim, z, 0, ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_PARTIAL);
	/* above extfrag_threshold the failure is "lack of memory" */
	REQUIRE(sim_sysctl_set(sim, "vm.extfrag_threshold", "938") == 0);
	seq = trace_next_seq(sim);
	CHECK_EQ_L(compaction_suitable(sim, z, 4, ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_SKIPPED);
	ev = last_event(sim, seq, TRACE_mm_compaction_suitable);
	REQUIRE(ev);
	CHECK_EQ_L(ev->arg[0], COMPACT_NOT_SUITABLE_ZONE);	/* traced, reported as SKIPPED */
	REQUIRE(sim_sysctl_set(sim, "vm.extfrag_threshold", "937") == 0);
	CHECK_EQ_L(compaction_suitable(sim, z, 4, ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_CONTINUE);
	/* too few free pages to migrate into: low + 2 << order must be cleared */
	REQUIRE(sim_sysctl_set(sim, "vm.min_free_kbytes", "16000") == 0);	/* min 4000 pages */
	CHECK(z->watermark[WMARK_LOW] + (2UL << 4) >= 4096);
	CHECK_EQ_L(compaction_suitable(sim, z, 4, ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_SKIPPED);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* ---- deferral ---- */

TEST(compact_deferral_skips_two_to_the_k_minus_one)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, BASE, NPAGES, 1);
	struct zone *z;

	REQUIRE(sim);
	z = normal(sim);
	CHECK(!compaction_deferred(sim, z, 4));		/* nothing failed yet */
	for (unsigned int k = 1; k <= 8; k++) {
		unsigned int skipped = 0;
		unsigned int shift = k < COMPACT_MAX_DEFER_SHIFT ? k : COMPACT_MAX_DEFER_SHIFT;

		defer_compaction(sim, z, 4);
		CHECK_EQ_UL(z->compact_defer_shift, shift);
		CHECK_EQ_L(z->compact_order_failed, 0);	/* min(0, 4): starts at 0 */
		while (compaction_deferred(sim, z, 4))
			skipped++;
		CHECK_EQ_UL(skipped, (1u << shift) - 1);	/* 1, 3, 7, ... 63, 63 */
		CHECK_EQ_UL(z->compact_considered, 1u << shift);
	}
	/* six failures and a full course of skips: the next run starts afresh */
	CHECK(compaction_restarting(z, 4));
	CHECK(compaction_restarting(z, 9));
	/* a likely success: orders up to 4 are no longer failing, nothing reset */
	compaction_defer_reset(sim, z, 4, false);
	CHECK_EQ_L(z->compact_order_failed, 5);
	CHECK_EQ_UL(z->compact_defer_shift, COMPACT_MAX_DEFER_SHIFT);
	CHECK(!compaction_deferred(sim, z, 3));
	CHECK(!compaction_restarting(z, 4));
	/* a real success resets the count */
	compaction_defer_reset(sim, z, 9, true);
	CHECK_EQ_UL(z->compact_defer_shift, 0);
	CHECK_EQ_UL(z->compact_considered, 0);
	CHECK_EQ_L(z->compact_order_failed, 10);
	/* a failure at order 6 lowers order_failed: order 5 is never deferred */
	defer_compaction(sim, z, 6);
	CHECK_EQ_L(z->compact_order_failed, 6);
	CHECK(!compaction_deferred(sim, z, 5));
	CHECK(compaction_deferred(sim, z, 7));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* ---- compact_zone: the scanners and migration ---- */

TEST(compact_zone_makes_an_order4_block_and_owners_keep_their_pages)
{
	int pid;
	struct sim *sim = checkerboard(true, &pid);
	struct zone *z;
	const struct task *t;
	long active;
	int contended = -1;

	REQUIRE(sim);
	z = normal(sim);
	t = task_find(sim, pid);
	active = z->vm_stat[NR_ACTIVE_ANON];
	CHECK(!has_free_block(z, 1));
	CHECK_EQ_L(compact_zone_order(sim, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, &contended,
				      ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_PARTIAL);
	CHECK_EQ_L(contended, COMPACT_CONTENDED_NONE);
	/*
	 * One round did it: the migrate scanner took the 32 anon pages of
	 * 0x100000..0x10003e (63 pfns scanned), the free scanner the 32 odd
	 * pages of 0x101e01..0x101e3f in the top pageblock (64 scanned); the
	 * drain merged 0x100000..0x10003f into one order-6 block.
	 */
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTMIGRATE_SCANNED), 63);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTFREE_SCANNED), 64);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTISOLATED), 64);
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_SUCCESS), 32);
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_FAIL), 0);
	CHECK(page_is_buddy_order(&sim->map, BASE, 6));
	CHECK_EQ_UL(z->free_area[6].nr_free, 1);
	CHECK(zone_watermark_ok(z, 4, z->watermark[WMARK_LOW], ZONE_NORMAL, 0));
	/* the lowest page went to the lowest target: 0x100000 + 2j -> 0x101e01 + 2j */
	for (unsigned long j = 0; j < 32; j++) {
		const struct page *p = &sim->map.pages[0x101e01 + 2 * j];

		CHECK_EQ_UL(p->private, (unsigned long)pid);
		CHECK((p->flags & (PG_lru | PG_active | PG_swapbacked | PG_head)) ==
		      (PG_lru | PG_active | PG_swapbacked | PG_head));
		CHECK(!(p->flags & PG_isolated));
	}
	/* rss, page ownership and the LRU counts did not change */
	CHECK_EQ_UL(t->rss_anon, NPAGES / 2);
	CHECK_EQ_UL(owned_by(sim, pid), NPAGES / 2);
	CHECK_EQ_L(z->vm_stat[NR_ACTIVE_ANON], active);
	CHECK_EQ_L(z->vm_stat[NR_ISOLATED_ANON], 0);
	CHECK_EQ_L(z->vm_stat[NR_ISOLATED_FILE], 0);
	/* v4.5: the cached free pfn only goes back up to the released targets'
	 * block (0x101e00) if that is above it; it started at zone_end_pfn,
	 * 0x102000, so it stays there (v4.6 would have started at 0x101e00) */
	CHECK_EQ_UL(z->compact_cached_free_pfn, 0x102000);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(compact_migration_keeps_flags_and_lru_list)
{
	int pid;
	struct sim *sim = checkerboard(true, &pid);
	struct zone *z;
	struct page *p;
	int contended;

	REQUIRE(sim);
	z = normal(sim);
	/* 0x100002: inactive, referenced, young; it will land on 0x101e03 */
	del_page_from_lru(sim, 0x100002);
	p = page_w(&sim->map, 0x100002);
	p->flags &= (uint16_t)~PG_active;
	p->flags |= PG_referenced | PG_young;
	lru_cache_add(sim, 0x100002, LRU_INACTIVE_ANON);
	CHECK_EQ_L(compact_zone_order(sim, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT,
				      &contended, ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_PARTIAL);
	p = page_w(&sim->map, 0x101e03);
	CHECK_EQ_UL(p->private, (unsigned long)pid);
	CHECK_EQ_L(page_lru(p), LRU_INACTIVE_ANON);
	CHECK((p->flags & (PG_referenced | PG_young | PG_active)) == (PG_referenced | PG_young));
	CHECK_EQ_L(z->vm_stat[NR_INACTIVE_ANON], 1);
	CHECK_EQ_L(z->vm_stat[NR_ACTIVE_ANON], (long)NPAGES / 2 - 1);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* Turn task @t's anon page @pfn into a file page (dirty, or under writeback). */
static void make_file_page(struct sim *sim, struct task *t, unsigned long pfn, uint16_t flag)
{
	struct page *p = page_w(&sim->map, pfn);
	struct zone *z = page_zone(sim, pfn);

	del_page_from_lru(sim, pfn);
	p->flags &= (uint16_t)~(PG_active | PG_swapbacked);
	p->flags |= flag;
	lru_cache_add(sim, pfn, LRU_INACTIVE_FILE);
	mod_zone_page_state(z, NR_ANON_PAGES, -1);
	mod_zone_page_state(z, NR_FILE_PAGES, 1);
	mod_zone_page_state(z, flag == PG_dirty ? NR_FILE_DIRTY : NR_WRITEBACK, 1);
	t->rss_anon--;
	t->rss_file++;
}

/* A checkerboard whose first two anon pages became file pages: 0x100000
 * dirty, 0x100002 under writeback. */
static struct sim *dirty_board(int *pid)
{
	struct sim *sim = checkerboard(true, pid);
	struct task *t;

	if (!sim)
		return NULL;
	t = task_lookup(sim, *pid);
	make_file_page(sim, t, 0x100000, PG_dirty);
	make_file_page(sim, t, 0x100002, PG_writeback);
	return sim;
}

TEST(compact_async_moves_dirty_but_not_writeback_file_pages)
{
	int pid, contended;
	struct sim *sim = dirty_board(&pid);
	struct zone *z;

	REQUIRE(sim);
	z = normal(sim);
	CHECK_EQ_L(compact_zone_order(sim, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_ASYNC, &contended,
				      ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_PARTIAL);
	/* ISOLATE_ASYNC_MIGRATE refuses the writeback page (it pins
	 * 0x100000..0x10000f) but takes the dirty one: the page cache has a
	 * ->migratepage that does not block */
	CHECK(!(sim->map.pages[0x100000].flags & PG_lru));
	CHECK(sim->map.pages[0x100002].flags & PG_lru);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTMIGRATE_SCANNED), 65);	/* 0x100000..0x100040 */
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_SUCCESS), 32);
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_FAIL), 0);
	CHECK(!page_is_buddy_order(&sim->map, BASE, 4));
	CHECK(page_is_buddy_order(&sim->map, BASE + 0x10, 4));
	CHECK(page_is_buddy_order(&sim->map, BASE + 0x20, 5));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(compact_sync_moves_dirty_file_pages_not_writeback)
{
	int pid, contended;
	struct sim *sim = dirty_board(&pid);
	struct zone *z;
	const struct page *p;

	REQUIRE(sim);
	z = normal(sim);
	CHECK_EQ_L(compact_zone_order(sim, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT,
				      &contended, ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_PARTIAL);
	/* under writeback: -EBUSY, back on its list; its target went to the
	 * dirty page, and one target was left over and freed */
	p = page_w(&sim->map, 0x100002);
	CHECK((p->flags & (PG_writeback | PG_lru)) == (PG_writeback | PG_lru));
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_SUCCESS), 31);
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_FAIL), 1);
	CHECK(!(sim->map.pages[0x100000].flags & PG_lru));
	p = page_w(&sim->map, 0x101e03);
	CHECK_EQ_UL(p->private, (unsigned long)pid);
	CHECK((p->flags & (PG_dirty | PG_lru | PG_swapbacked)) == (PG_dirty | PG_lru));
	CHECK_EQ_L(page_lru(p), LRU_INACTIVE_FILE);
	CHECK(!(sim->map.pages[0x101e01].flags & (PG_lru | PG_isolated)));
	CHECK(page_is_buddy_order(&sim->map, BASE + 0x10, 4));
	CHECK_EQ_UL(task_find(sim, pid)->rss_file, 2);
	CHECK_EQ_L(z->vm_stat[NR_INACTIVE_FILE], 2);
	CHECK_EQ_L(z->vm_stat[NR_ISOLATED_FILE], 0);
	CHECK_EQ_L(z->vm_stat[NR_ISOLATED_ANON], 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(compact_async_skips_unmovable_pageblocks_sync_does_not)
{
	int pid, contended;
	struct sim *sim = checkerboard(true, &pid);
	struct zone *z;

	REQUIRE(sim);
	z = normal(sim);
	set_pageblock_migratetype(sim, BASE, MIGRATE_UNMOVABLE);
	CHECK_EQ_L(compact_zone_order(sim, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_ASYNC, &contended,
				      ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_PARTIAL);
	/* the first pageblock was passed by; the second one was compacted */
	CHECK_EQ_UL(sim->map.pages[BASE].private, (unsigned long)pid);
	CHECK(sim->map.pages[BASE].flags & PG_lru);
	CHECK(page_is_buddy_order(&sim->map, BASE + pageblock_nr_pages, 6));
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTMIGRATE_SCANNED), 63);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);

	sim = checkerboard(true, &pid);
	REQUIRE(sim);
	z = normal(sim);
	set_pageblock_migratetype(sim, BASE, MIGRATE_UNMOVABLE);
	CHECK_EQ_L(compact_zone_order(sim, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, &contended,
				      ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_PARTIAL);
	CHECK(page_is_buddy_order(&sim->map, BASE, 6));
	/* an UNMOVABLE request wants its own list (or a block it may steal) */
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(compact_complete_without_success_defers_sync_not_async)
{
	int pid, contended;
	struct sim *sim = checkerboard(false, &pid);	/* kernel pins: nothing movable */
	struct alloc_request req;
	struct zone *z;
	uint64_t seq;

	REQUIRE(sim);
	z = normal(sim);
	REQUIRE(alloc_request_init(sim, &req, GFP_HIGHUSER_MOVABLE, 4) == 0);
	CHECK_EQ_L(try_to_compact_pages(sim, GFP_HIGHUSER_MOVABLE, 4, ALLOC_WMARK_MIN, &req.ac,
					MIGRATE_ASYNC, &contended), COMPACT_COMPLETE);
	CHECK_EQ_UL(z->compact_defer_shift, 0);		/* async never defers */
	CHECK(z->compact_blockskip_flush);
	CHECK(sim->map.pageblock_flags[BASE >> pageblock_order] & PB_migrate_skip);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTISOLATED), 0);
	/* sync: complete and still no order-4 block -> defer */
	CHECK_EQ_L(try_to_compact_pages(sim, GFP_HIGHUSER_MOVABLE, 4, ALLOC_WMARK_MIN, &req.ac,
					MIGRATE_SYNC_LIGHT, &contended), COMPACT_COMPLETE);
	CHECK_EQ_UL(z->compact_defer_shift, 1);
	CHECK_EQ_L(z->compact_order_failed, 0);
	/* the next attempt is skipped, the one after runs and defers twice as long */
	seq = trace_next_seq(sim);
	CHECK_EQ_L(try_to_compact_pages(sim, GFP_HIGHUSER_MOVABLE, 4, ALLOC_WMARK_MIN, &req.ac,
					MIGRATE_SYNC_LIGHT, &contended), COMPACT_DEFERRED);
	CHECK(last_event(sim, seq, TRACE_mm_compaction_deferred) != NULL);
	CHECK(last_event(sim, seq, TRACE_mm_compaction_begin) == NULL);
	CHECK_EQ_L(try_to_compact_pages(sim, GFP_HIGHUSER_MOVABLE, 4, ALLOC_WMARK_MIN, &req.ac,
					MIGRATE_SYNC_LIGHT, &contended), COMPACT_COMPLETE);
	CHECK_EQ_UL(z->compact_defer_shift, 2);
	/* kswapd on its way to sleep clears the skip bits of completed zones */
	reset_isolation_suitable(sim, 0);
	CHECK(!z->compact_blockskip_flush);
	CHECK(!(sim->map.pageblock_flags[BASE >> pageblock_order] & PB_migrate_skip));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(compact_try_to_compact_pages_then_the_allocation_succeeds)
{
	int pid, contended = -1;
	struct sim *sim = checkerboard(true, &pid);
	struct alloc_request req;
	struct zone *z;
	uint64_t seq;
	const struct trace_event *ev;
	unsigned long pfn;

	REQUIRE(sim);
	z = normal(sim);
	REQUIRE(alloc_request_init(sim, &req, GFP_HIGHUSER_MOVABLE, 4) == 0);
	/* no __GFP_FS or no __GFP_IO, or order 0: not even tried */
	CHECK_EQ_L(try_to_compact_pages(sim, GFP_NOFS, 4, ALLOC_WMARK_MIN, &req.ac, MIGRATE_ASYNC,
					&contended), COMPACT_SKIPPED);
	CHECK_EQ_L(try_to_compact_pages(sim, GFP_KERNEL, 0, ALLOC_WMARK_MIN, &req.ac, MIGRATE_ASYNC,
					&contended), COMPACT_SKIPPED);
	CHECK(alloc_pages(sim, (GFP_HIGHUSER_MOVABLE & ~GFP_F_RECLAIM) | GFP_F_NOWARN, 4) == PFN_NONE);
	seq = trace_next_seq(sim);
	CHECK_EQ_L(try_to_compact_pages(sim, GFP_HIGHUSER_MOVABLE, 4,
					ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_CMA, &req.ac,
					MIGRATE_ASYNC, &contended), COMPACT_PARTIAL);
	CHECK_EQ_L(contended, COMPACT_CONTENDED_NONE);
	/* "likely to succeed": order_failed moves above 4 */
	CHECK_EQ_L(z->compact_order_failed, 5);
	ev = last_event(sim, seq, TRACE_mm_compaction_try_to_compact_pages);
	REQUIRE(ev);
	CHECK_EQ_UL(ev->order, 4);
	CHECK_EQ_UL(ev->gfp_mask, GFP_HIGHUSER_MOVABLE);
	ev = last_event(sim, seq, TRACE_mm_compaction_end);
	REQUIRE(ev);
	CHECK_EQ_UL(ev->order, COMPACT_PARTIAL);
	CHECK_EQ_L(ev->arg[0], (long)BASE);
	CHECK_EQ_L(ev->arg[3], (long)(BASE + NPAGES));
	ev = last_event(sim, seq, TRACE_mm_compaction_migratepages);
	REQUIRE(ev);
	CHECK_EQ_L(ev->arg[0], 32);
	CHECK_EQ_L(ev->arg[1], 0);
	ev = last_event(sim, seq, TRACE_bs_alloc_stage);
	REQUIRE(ev);
	CHECK_EQ_L(ev->stage, -1);
	CHECK(strstr(ev->msg, "compact_zone Normal order 4 async: migrated 32 (0 failed)") != NULL);
	CHECK(strstr(ev->msg, "partial") != NULL);
	/* the order-4 allocation now works without reclaim */
	pfn = alloc_pages(sim, GFP_HIGHUSER_MOVABLE & ~GFP_F_RECLAIM, 4);
	CHECK_EQ_UL(pfn, BASE);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(compact_memory_compacts_every_zone_from_its_ends)
{
	int pid;
	struct sim *sim = checkerboard(true, &pid);
	struct zone *z;
	uint64_t seq;
	const struct trace_event *ev;

	REQUIRE(sim);
	z = normal(sim);
	seq = trace_next_seq(sim);
	compact_nodes(sim);
	drain_all_pages(sim, NULL);
	/* the task's 4096 pages now fill the upper half; the lower half is free */
	CHECK_EQ_UL(z->free_area[MAX_ORDER - 1].nr_free, 4);
	for (int o = 0; o < MAX_ORDER - 1; o++)
		CHECK_EQ_UL(z->free_area[o].nr_free, 0);
	for (unsigned long pfn = BASE + NPAGES / 2; pfn < BASE + NPAGES; pfn++)
		CHECK_EQ_UL(sim->map.pages[pfn].private, (unsigned long)pid);
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_SUCCESS), NPAGES / 4);
	CHECK_EQ_UL(task_find(sim, pid)->rss_anon, NPAGES / 2);
	ev = last_event(sim, seq, TRACE_mm_compaction_end);
	REQUIRE(ev);
	CHECK_EQ_UL(ev->order, COMPACT_COMPLETE);
	CHECK_EQ_UL(ev->migratetype, MIGRATE_SYNC);
	/* compact_memory ignores and leaves no skip hints */
	for (unsigned long pfn = BASE; pfn < BASE + NPAGES; pfn += pageblock_nr_pages)
		CHECK(!(sim->map.pageblock_flags[pfn >> pageblock_order] & PB_migrate_skip));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(compact_kcompactd_wakes_only_when_suitable_and_sleeps_after)
{
	int pid;
	struct sim *sim = boot_one_zone_kernel(ZONE_NORMAL, BASE, NPAGES, 1, KERNEL_4_6);
	struct kcompactd_ctl *k;
	uint64_t seq;
	const struct trace_event *ev;

	REQUIRE(sim);
	k = &sim->node_data[0]->kcompactd;
	/* all memory free: order 4 is possible already, nothing to wake for */
	wakeup_kcompactd(sim, 0, 4, ZONE_NORMAL);
	CHECK_EQ_L(k->state, KTHREAD_SLEEPING);
	CHECK_EQ_L(k->max_order, 4);		/* the request is remembered */
	sim_destroy(sim);

	sim = checkerboard_kernel(true, &pid, KERNEL_4_6);	/* kcompactd came with v4.6 */
	REQUIRE(sim);
	k = &sim->node_data[0]->kcompactd;
	wakeup_kcompactd(sim, 0, 0, ZONE_NORMAL);	/* order 0: ignored */
	CHECK_EQ_L(k->state, KTHREAD_SLEEPING);
	wakeup_kcompactd(sim, 0, 4, ZONE_NORMAL);
	CHECK_EQ_L(k->state, KTHREAD_RUNNING);
	seq = trace_next_seq(sim);
	sim_tick(sim, 1);			/* the scheduler runs kcompactd_step */
	CHECK_EQ_L(k->state, KTHREAD_SLEEPING);
	CHECK_EQ_L(k->max_order, 0);
	CHECK_EQ_L(k->classzone_idx, sim->node_data[0]->nr_zones - 1);
	CHECK_EQ_UL(k->runs, 1);
	CHECK(has_free_block(normal(sim), 4));
	ev = last_event(sim, seq, TRACE_mm_compaction_begin);
	REQUIRE(ev);
	CHECK_STR(ev->comm, "kcompactd0");
	CHECK_EQ_UL(ev->migratetype, MIGRATE_SYNC_LIGHT);
	/* now suitable says PARTIAL: a new wakeup does not wake it */
	wakeup_kcompactd(sim, 0, 4, ZONE_NORMAL);
	CHECK_EQ_L(k->state, KTHREAD_SLEEPING);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(compact_kcompactd_picks_up_a_higher_order_asked_while_running)
{
	int pid;
	struct sim *sim = checkerboard(true, &pid);
	struct kcompactd_ctl *k;

	REQUIRE(sim);
	k = &sim->node_data[0]->kcompactd;
	wakeup_kcompactd(sim, 0, 2, ZONE_NORMAL);
	REQUIRE(k->state == KTHREAD_RUNNING);
	wakeup_kcompactd(sim, 0, 6, ZONE_NORMAL);	/* running: recorded only */
	CHECK_EQ_L(k->max_order, 6);
	kcompactd_step(sim, 0);
	/* the do_work was for order 6 (it started after both wakeups) */
	CHECK_EQ_L(k->state, KTHREAD_SLEEPING);
	CHECK(has_free_block(normal(sim), 6));
	/* while a do_work runs, a higher order survives its end */
	k->state = KTHREAD_RUNNING;
	k->working = true;
	k->order = 2;
	k->work_classzone = ZONE_NORMAL;
	k->next_zid = ZONE_NORMAL + 1;
	k->max_order = 8;
	kcompactd_step(sim, 0);
	CHECK_EQ_L(k->state, KTHREAD_RUNNING);
	CHECK_EQ_L(k->max_order, 8);
	CHECK(!k->working);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(compact_fatal_signal_aborts_and_puts_everything_back)
{
	int pid, contended;
	struct sim *sim = checkerboard(true, &pid);
	struct zone *z;

	REQUIRE(sim);
	z = normal(sim);
	current_task(sim)->sigkill = true;
	CHECK_EQ_L(compact_zone_order(sim, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, &contended,
				      ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_PARTIAL);
	CHECK_EQ_L(contended, COMPACT_CONTENDED_NONE);	/* __compact_finished saw the signal */
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_SUCCESS), 0);
	current_task(sim)->sigkill = false;
	CHECK_EQ_L(z->vm_stat[NR_ISOLATED_ANON], 0);
	CHECK_EQ_UL(owned_by(sim, pid), NPAGES / 2);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(compact_restarting_clears_skip_bits_first)
{
	int pid, contended;
	struct sim *sim = checkerboard(true, &pid);
	struct zone *z;

	REQUIRE(sim);
	z = normal(sim);
	/* every pageblock marked "isolation failed recently" */
	for (unsigned long pfn = BASE; pfn < BASE + NPAGES; pfn += pageblock_nr_pages)
		*pageblock_flags_w(&sim->map, pfn) |= PB_migrate_skip;
	CHECK_EQ_L(compact_zone_order(sim, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, &contended,
				      ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_COMPLETE);
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_SUCCESS), 0);
	/* deferred to the end of its course: the next run resets the hints */
	z->compact_defer_shift = COMPACT_MAX_DEFER_SHIFT;
	z->compact_considered = 1u << COMPACT_MAX_DEFER_SHIFT;
	for (unsigned long pfn = BASE; pfn < BASE + NPAGES; pfn += pageblock_nr_pages)
		*pageblock_flags_w(&sim->map, pfn) |= PB_migrate_skip;
	CHECK(compaction_restarting(z, 4));
	CHECK_EQ_L(compact_zone_order(sim, z, 4, GFP_HIGHUSER_MOVABLE, MIGRATE_SYNC_LIGHT, &contended,
				      ALLOC_WMARK_MIN, ZONE_NORMAL), COMPACT_PARTIAL);
	CHECK_EQ_UL(sim_vm_event(sim, PGMIGRATE_SUCCESS), 32);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(compact_direct_compaction_in_the_slow_path)
{
	int pid;
	struct sim *sim = checkerboard(true, &pid);
	unsigned long pfn;

	REQUIRE(sim);
	/* GFP_KERNEL order 4: fast path fails, compaction makes the block */
	pfn = alloc_pages(sim, GFP_KERNEL, 4);
	CHECK(pfn != PFN_NONE);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTSTALL), 1);
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTSUCCESS), 1);
	CHECK_EQ_UL(owned_by(sim, pid), NPAGES / 2);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* Every LRU list's length equals its counter; rss equals the pages owned. */
static bool lru_and_rss_agree(struct sim *sim)
{
	bool ok = true;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		struct zone *z = &sim->node_data[0]->node_zones[zid];

		if (!populated_zone(z))
			continue;
		for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
			long n = 0;

			for (uint32_t id = lnk(&sim->map, z->lru[lru])->next; id != z->lru[lru];
			     id = lnk(&sim->map, id)->next)
				n++;
			if (n != z->vm_stat[NR_LRU_BASE + lru]) {
				printf("%s lru %d: %ld pages, counter %ld\n", z->name, lru, n,
				       z->vm_stat[NR_LRU_BASE + lru]);
				ok = false;
			}
		}
		if (z->vm_stat[NR_ISOLATED_ANON] || z->vm_stat[NR_ISOLATED_FILE])
			ok = false;
	}
	for (int i = 0; i < MAX_TASKS; i++) {
		const struct task *t = &sim->tasks[i];
		unsigned long anon = 0;

		if (!t->pid || (t->flags & PF_KTHREAD))
			continue;
		for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++) {
			const struct page *p = &sim->map.pages[pfn];

			if (p->private == (uint32_t)t->pid && (p->flags & PG_lru) &&
			    (p->flags & PG_swapbacked))
				anon++;
			if (p->flags & PG_isolated)
				ok = false;
		}
		if (anon != t->rss_anon) {
			printf("pid %d: rss_anon %lu, owns %lu\n", t->pid, t->rss_anon, anon);
			ok = false;
		}
	}
	return ok;
}

TEST(compact_random_workloads_keep_every_invariant)
{
	unsigned long migrated = 0;

	for (uint64_t seed = 1; seed <= 12; seed++) {
		struct sim *sim = boot_preset("tiny");
		int pids[3];

		REQUIRE(sim);
		sim_seed_set(sim, seed);
		for (int i = 0; i < 3; i++)
			pids[i] = task_spawn(sim, "w", 0, -1, 0);
		for (int round = 0; round < 8; round++) {
			int k = (int)sim_random_below(sim, 3);
			unsigned long pfn;
			struct alloc_request req;
			struct zone *z;
			int contended;

			/* interleaved small faults fill memory, with a pin now and then */
			while (sim_nr_free_pages(sim) > 1500) {
				int pid = pids[sim_random_below(sim, 3)];
				enum task_mem kind = sim_random_below(sim, 4) ? TASK_ANON :
						     (enum task_mem)(1 + sim_random_below(sim, 2));

				task_touch(sim, pid, kind, 1 + sim_random_below(sim, 8));
				if (!sim_random_below(sim, 16)) {
					pfn = alloc_pages(sim, GFP_F_NOWARN,
							  (unsigned)sim_random_below(sim, 3));
					if (pfn != PFN_NONE && sim_random_below(sim, 2))
						free_pages(sim, pfn, -1);
				}
			}
			/* one task gives memory back: holes all over */
			if (sim_random_below(sim, 4)) {
				task_unmap(sim, pids[k], TASK_ANON, 300 + sim_random_below(sim, 900));
			} else {
				task_exit(sim, pids[k]);
				pids[k] = task_spawn(sim, "w", 0, -1, 0);
			}
			REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL,
						   1 + (unsigned)sim_random_below(sim, 8)) == 0);
			try_to_compact_pages(sim, GFP_KERNEL, req.order, ALLOC_WMARK_MIN, &req.ac,
					     (enum migrate_mode)sim_random_below(sim, 3), &contended);
			z = &sim->node_data[0]->node_zones[sim_random_below(sim, 2)];
			compact_zone_order(sim, z, (int)sim_random_below(sim, 10) - 1, GFP_HIGHUSER_MOVABLE,
					   (enum migrate_mode)sim_random_below(sim, 3), &contended,
					   ALLOC_WMARK_MIN, ZONE_DMA32);
			wakeup_kcompactd(sim, 0, 1 + (int)sim_random_below(sim, 9), ZONE_DMA32);
			sim_tick(sim, 3);
			if (!invariants_hold(sim) || !lru_and_rss_agree(sim)) {
				printf("seed %lu round %d\n", (unsigned long)seed, round);
				CHECK(0);
				break;
			}
		}
		compact_nodes(sim);
		CHECK(invariants_hold(sim));
		CHECK(lru_and_rss_agree(sim));
		migrated += sim_vm_event(sim, PGMIGRATE_SUCCESS);
		sim_destroy(sim);
	}
	CHECK(migrated > 10000);	/* the workloads did make compaction work */
}
