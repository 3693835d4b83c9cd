/* tests/unit/test_cov61_lru.c - the node list scanners of Linux 6.1
 * (vmscan_lru_6_1.c), called directly with a scan_control as shrink_node
 * would: shrink_active_list (deactivation, rotations, an mlocked page),
 * isolate_lru_folios (the SWAP_CLUSTER_MAX batch, a short list, mapped
 * pages under !may_unmap), anon reclaim into swap, too_many_isolated's one
 * throttle, and the node flags kswapd's batches set (PGDAT_DIRTY,
 * PGDAT_WRITEBACK, LRUVEC_CONGESTED) with the immediate-reclaim wait. */
#include <string.h>

#include "../../core/internal.h"
#include "../../core/vmscan_internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"
#include "buddyscope/workload.h"
#include "reclaim_test.h"
#include "simtest.h"

/* 64 MiB of DMA32, one cpu, Linux 6.1; a task "app" that runs the requests */
static struct sim *boot61_app(int *pid)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, KERNEL_6_1);

	if (!sim)
		return NULL;
	*pid = task_spawn(sim, "app", 0, 0, 0);
	if (*pid <= 0 || task_set_current(sim, *pid)) {
		sim_destroy(sim);
		return NULL;
	}
	return sim;
}

/* shrink_node()'s scan_control for a direct GFP_KERNEL reclaimer, or kswapd */
static struct scan_control sc61(bool kswapd, gfp_t gfp)
{
	return reclaim_sc(kswapd, gfp, DEF_PRIORITY);
}

static long lru_len(struct sim *sim, enum lru_list lru)
{
	return sim->node_data[0]->node_zones[ZONE_DMA32].vm_stat[NR_LRU_BASE + lru];
}

/* The @n pages at the tail of the node's @lru, tail first. */
static unsigned int tail_pages(struct sim *sim, enum lru_list lru, uint32_t *out, unsigned int n)
{
	uint32_t head = sim->node_data[0]->lru[lru];
	unsigned int i = 0;

	for (uint32_t id = lnk(&sim->map, head)->prev; id != head && i < n;
	     id = lnk(&sim->map, id)->prev)
		out[i++] = id;
	return i;
}

/* Every inactive anon page of @pid to the active list the way 6.1 gets
 * them there: a new page is young (its PTE was just written), so the first
 * scan of shrink_inactive_list keeps it inactive and marks it referenced
 * (folio_check_references); used again, the next scan activates it. */
static void activate_new_anon(struct sim *sim, int pid)
{
	struct scan_control sc = sc61(false, GFP_KERNEL);
	long len = lru_len(sim, LRU_INACTIVE_ANON);

	for (long seen = 0; seen < len; seen += SWAP_CLUSTER_MAX)
		shrink_inactive_list_6_1(sim, SWAP_CLUSTER_MAX, sim->node_data[0], &sc,
					 LRU_INACTIVE_ANON);
	task_access(sim, pid, TASK_ANON, (unsigned long)len);
	for (long seen = 0; seen < len; seen += SWAP_CLUSTER_MAX)
		shrink_inactive_list_6_1(sim, SWAP_CLUSTER_MAX, sim->node_data[0], &sc,
					 LRU_INACTIVE_ANON);
}

/*
 * 5.9+ (lru_cache_add_inactive_or_unevictable): a new anonymous page, order
 * 0 or one of a THP, starts on the inactive anon list without PG_active;
 * the first scan of that list finds it young and keeps it there, marked
 * referenced; a second use activates it. v4.5 put it
 * on the active list (lru_cache_add_active_or_unevictable).
 */
TEST(cov61_new_anon_starts_inactive)
{
	for (int k = 0; k < 2; k++) {
		enum kernel_version v = k ? KERNEL_4_5 : KERNEL_6_1;
		struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, v);
		enum lru_list new_lru = k ? LRU_ACTIVE_ANON : LRU_INACTIVE_ANON;
		enum lru_list other = k ? LRU_INACTIVE_ANON : LRU_ACTIVE_ANON;
		uint32_t tail;
		int pid;

		REQUIRE(sim);
		pid = task_spawn(sim, "app", 0, 0, 0);
		REQUIRE(pid > 0 && !task_set_current(sim, pid));
		REQUIRE(thp_set(sim, "never", NULL) == 0);
		CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 40), 40);
		CHECK_EQ_L(lru_len(sim, new_lru), 40);
		CHECK_EQ_L(lru_len(sim, other), 0);
		/* the list's tail (4.5's list is the zone's, 6.1's the node's) */
		tail = lnk(&sim->map, zone0(sim, ZONE_DMA32)->lru[new_lru])->prev;
		REQUIRE(!(tail & LIST_HEAD_BIT));
		CHECK(!(sim->map.pages[tail].flags & PG_active) == !k);
		CHECK(sim->map.pages[tail].flags & PG_young);
		/* a THP's 512 pages go the same way */
		REQUIRE(thp_set(sim, "always", NULL) == 0);
		CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 512), 512);
		CHECK_EQ_UL(ev(sim, THP_FAULT_ALLOC), 1);
		CHECK_EQ_L(lru_len(sim, new_lru), 552);
		CHECK_EQ_L(lru_len(sim, other), 0);
		if (!k) {
			activate_new_anon(sim, pid);
			CHECK_EQ_L(lru_len(sim, LRU_ACTIVE_ANON), 552);
			CHECK_EQ_L(lru_len(sim, LRU_INACTIVE_ANON), 0);
		}
		CHECK(all_ok(sim));
		sim_destroy(sim);
	}
}

/*
 * shrink_active_list (6.1): a batch of SWAP_CLUSTER_MAX (a request for
 * more is cut to 32) off the tail of the active anon list to the inactive
 * list; a page whose PTE was young counts as rotated but is deactivated
 * all the same; a page mlocked while on the list goes to the unevictable
 * list and is not counted in pgdeactivate; pgrefill counts the scan.
 */
TEST(cov61_shrink_active_list_deactivates_a_batch)
{
	int pid;
	struct sim *sim = boot61_app(&pid);
	struct scan_control sc = sc61(false, GFP_KERNEL);
	uint32_t tail[32];
	unsigned long young = 0, deact, refill, rotated;
	long active, inactive;

	REQUIRE(sim);
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 100), 100);
	activate_new_anon(sim, pid);
	CHECK_EQ_L(task_access(sim, pid, TASK_ANON, 100), 100);	/* every PTE young */
	active = lru_len(sim, LRU_ACTIVE_ANON);
	inactive = lru_len(sim, LRU_INACTIVE_ANON);
	REQUIRE(active >= 100);
	REQUIRE(tail_pages(sim, LRU_ACTIVE_ANON, tail, 32) == 32);
	for (int i = 0; i < 32; i++)
		young += (sim->map.pages[tail[i]].flags & PG_young) != 0;
	/* the third page from the tail is mlocked meanwhile; the sixth was
	 * not accessed since its young bit was last tested */
	page_w(&sim->map, tail[2])->flags |= PG_unevictable;
	if (sim->map.pages[tail[5]].flags & PG_young)
		young--;
	page_w(&sim->map, tail[5])->flags &= (uint16_t)~PG_young;
	deact = ev(sim, PGDEACTIVATE);
	refill = ev(sim, PGREFILL_DMA32);
	rotated = sim->node_data[0]->anon_cost;
	shrink_active_list_6_1(sim, 100, sim->node_data[0], &sc, LRU_ACTIVE_ANON);
	CHECK_EQ_UL(ev(sim, PGREFILL_DMA32) - refill, 32);
	CHECK_EQ_UL(ev(sim, PGDEACTIVATE) - deact, 31);
	CHECK_EQ_L(lru_len(sim, LRU_ACTIVE_ANON), active - 32);
	CHECK_EQ_L(lru_len(sim, LRU_INACTIVE_ANON), inactive + 31);
	CHECK_EQ_L(lru_len(sim, LRU_UNEVICTABLE), 1);
	CHECK(young > 0);
	/* 6.1 notes no cost for the rotations (6.4 does): the young pages'
	 * bits are cleared below, and anon_cost stays */
	CHECK_EQ_UL(sim->node_data[0]->anon_cost, rotated);
	for (int i = 0; i < 32; i++)
		if (i != 2)
			CHECK(!(sim->map.pages[tail[i]].flags & (PG_active | PG_young)));
	CHECK(page_lru(&sim->map.pages[tail[2]]) == LRU_UNEVICTABLE);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

/*
 * isolate_lru_folios (6.1) under !may_unmap (ISOLATE_UNMAPPED): mapped
 * file pages are not taken; they count as scanned and rotate to the head
 * of the list. With nothing taken, shrink_inactive_list returns 0 at once.
 * A list shorter than the batch is scanned to its end.
 */
TEST(cov61_isolate_skips_mapped_pages_without_may_unmap)
{
	int pid;
	struct sim *sim = boot61_app(&pid);
	struct scan_control sc = sc61(false, GFP_KERNEL);
	struct trace_event last = { 0 };
	uint32_t tail[40], after[8];
	unsigned long scanned, stolen, rotated;
	uint64_t from;
	long inactive;

	REQUIRE(sim);
	CHECK_EQ_L(task_touch(sim, pid, TASK_FILE, 40), 40);	/* mapped page cache */
	inactive = lru_len(sim, LRU_INACTIVE_FILE);
	REQUIRE(inactive == 40);
	REQUIRE(tail_pages(sim, LRU_INACTIVE_FILE, tail, 40) == 40);
	sc.may_unmap = false;
	scanned = ev(sim, PGSCAN_FILE);
	stolen = ev(sim, PGSTEAL_FILE);
	from = trace_next_seq(sim);
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 100, sim->node_data[0], &sc, LRU_INACTIVE_FILE),
		    0);
	CHECK_EQ_UL(ev(sim, PGSCAN_FILE) - scanned, 32);	/* the batch, cut to 32 */
	CHECK_EQ_UL(ev(sim, PGSTEAL_FILE), stolen);
	CHECK_EQ_L(lru_len(sim, LRU_INACTIVE_FILE), 40);
	CHECK_EQ_UL(count_events(sim, from, TRACE_mm_vmscan_lru_isolate, &last), 1);
	CHECK_EQ_L(last.migratetype, 2);	/* isolate_mode=2: ISOLATE_UNMAPPED */
	CHECK_EQ_L(last.arg[0], 32);		/* nr_requested */
	CHECK_EQ_L(last.arg[1], 32);		/* nr_scanned */
	CHECK_EQ_L(last.arg[2], 0);		/* nr_taken */
	/* the 33rd page from the tail is the tail now; the 32 went to the head */
	REQUIRE(tail_pages(sim, LRU_INACTIVE_FILE, after, 8) == 8);
	CHECK_EQ_UL(after[0], tail[32]);
	CHECK_EQ_UL(after[7], tail[39]);
	/* may_unmap, every page accessed through its PTE: the batch is taken,
	 * and shrink_page_list activates all 32 (referenced, mapped) */
	sc.may_unmap = true;
	CHECK_EQ_L(task_access(sim, pid, TASK_FILE, 40), 40);
	rotated = sim->node_data[0]->file_cost;
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 32, sim->node_data[0], &sc, LRU_INACTIVE_FILE),
		    0);
	CHECK_EQ_L(lru_len(sim, LRU_ACTIVE_FILE), 32);
	CHECK_EQ_L(lru_len(sim, LRU_INACTIVE_FILE), 8);
	/* activations cost no IO: 6.1's lru_note_cost() adds nothing */
	CHECK_EQ_UL(sim->node_data[0]->file_cost, rotated);
	/* unmapped now, the 8 left are taken even under !may_unmap, and the
	 * list, shorter than the batch, is scanned to its end */
	CHECK_EQ_L(task_unmap(sim, pid, TASK_FILE, 40), 40);
	sc.may_unmap = false;
	from = trace_next_seq(sim);
	shrink_inactive_list_6_1(sim, 32, sim->node_data[0], &sc, LRU_INACTIVE_FILE);
	CHECK_EQ_UL(count_events(sim, from, TRACE_mm_vmscan_lru_isolate, &last), 1);
	CHECK_EQ_L(last.migratetype, 2);
	CHECK_EQ_L(last.arg[1], 8);
	CHECK_EQ_L(last.arg[2], 8);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

/*
 * Anon reclaim with swap (6.1 counts pgscan_anon/pgsteal_anon): the first
 * pass puts each page in the swap cache and starts its write; none is
 * freed yet, all go back to the inactive list.
 */
TEST(cov61_inactive_anon_goes_to_swap)
{
	int pid;
	struct sim *sim = boot61_app(&pid);
	struct scan_control sc = sc61(false, GFP_KERNEL), kswapd = sc61(true, GFP_KERNEL);
	unsigned long scan_anon, steal_anon, scan_file;
	struct zone *z;

	REQUIRE(sim);
	REQUIRE(swap_set_size(sim, 4096) == 0);
	/* new (inactive, young), activated by two scans and a use between, half of them
	 * deactivated again with their young bits tested and clear */
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 64), 64);
	activate_new_anon(sim, pid);
	shrink_active_list_6_1(sim, 32, sim->node_data[0], &sc, LRU_ACTIVE_ANON);
	REQUIRE(lru_len(sim, LRU_INACTIVE_ANON) == 32);
	scan_anon = ev(sim, PGSCAN_ANON);
	steal_anon = ev(sim, PGSTEAL_ANON);
	scan_file = ev(sim, PGSCAN_FILE);
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 32, sim->node_data[0], &sc, LRU_INACTIVE_ANON), 0);
	CHECK_EQ_UL(ev(sim, PGSCAN_ANON) - scan_anon, 32);
	CHECK_EQ_UL(ev(sim, PGSTEAL_ANON), steal_anon);
	CHECK_EQ_UL(ev(sim, PGSCAN_FILE), scan_file);
	CHECK_EQ_UL(swap_used(sim), 32);
	CHECK_EQ_L(lru_len(sim, LRU_INACTIVE_ANON), 32);
	/* kswapd meets them under writeback: PGDAT_WRITEBACK, but an anon
	 * batch never sets PGDAT_DIRTY (file pages only) */
	z = zone0(sim, ZONE_DMA32);
	z->flags &= ~((1UL << ZONE_DIRTY) | (1UL << ZONE_WRITEBACK));
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 32, sim->node_data[0], &kswapd, LRU_INACTIVE_ANON),
		    0);
	CHECK(z->flags & (1UL << ZONE_WRITEBACK));
	CHECK(!(z->flags & (1UL << ZONE_DIRTY)));
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

/*
 * too_many_isolated (6.1): a direct reclaimer with __GFP_IO|__GFP_FS
 * waits when more pages are isolated than an eighth of the inactive list;
 * it waits once (reclaim_throttle, HZ/50) and, still too many, scans
 * nothing. Without __GFP_FS the whole list is the limit; kswapd never
 * waits. A task with SIGKILL pending returns SWAP_CLUSTER_MAX after the
 * wait, to go and free its memory.
 */
TEST(cov61_too_many_isolated_throttles_once)
{
	int pid;
	struct sim *sim = boot61_app(&pid);
	struct scan_control direct = sc61(false, GFP_KERNEL), nofs = sc61(false, GFP_NOFS);
	struct scan_control kswapd = sc61(true, GFP_KERNEL);
	struct pglist_data *pgdat;
	struct zone *z;
	unsigned long scanned, j;
	struct task *cur;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	z = zone0(sim, ZONE_DMA32);
	CHECK_EQ_L(task_touch(sim, pid, TASK_FILE_READ, 80), 80);
	REQUIRE(lru_len(sim, LRU_INACTIVE_FILE) == 80);
	/* another reclaimer holds 11 pages isolated: 11 > 80 / 8 */
	mod_zone_page_state(z, NR_ISOLATED_FILE, 11);
	scanned = ev(sim, PGSCAN_FILE);
	j = sim_jiffies(sim);
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 32, pgdat, &direct, LRU_INACTIVE_FILE), 0);
	CHECK_EQ_UL(sim_jiffies(sim) - j, HZ / 50);
	CHECK_EQ_UL(ev(sim, PGSCAN_FILE), scanned);
	/* __GFP_FS missing: 11 <= 80, no wait, a batch */
	j = sim_jiffies(sim);
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 8, pgdat, &nofs, LRU_INACTIVE_FILE), 8);
	CHECK_EQ_UL(sim_jiffies(sim), j);
	/* kswapd: no wait either */
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 8, pgdat, &kswapd, LRU_INACTIVE_FILE), 8);
	CHECK_EQ_UL(sim_jiffies(sim), j);
	CHECK_EQ_UL(ev(sim, PGSCAN_FILE) - scanned, 16);
	/* 10 isolated, 64 inactive: 10 > 8 still; SIGKILL pending */
	mod_zone_page_state(z, NR_ISOLATED_FILE, -1);
	cur = current_task(sim);
	cur->sigkill = true;
	sim->nr_sigkill++;
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 32, pgdat, &direct, LRU_INACTIVE_FILE),
		    SWAP_CLUSTER_MAX);
	CHECK_EQ_UL(ev(sim, PGSCAN_FILE) - scanned, 16);
	CHECK_EQ_L(lru_len(sim, LRU_INACTIVE_FILE), 64);
	mod_zone_page_state(z, NR_ISOLATED_FILE, -10);
	sim_destroy(sim);
}

/*
 * The node flags of kswapd's batches (shrink_node reads sc->nr in 6.1):
 * a batch of dirty file pages none of which is under writeback sets
 * PGDAT_DIRTY; a batch all under writeback sets PGDAT_WRITEBACK; the same
 * pages met again, marked for reclaim, count as congested
 * (LRUVEC_CONGESTED) and immediate, and kswapd stalls. A direct reclaimer's
 * batch sets none of them.
 */
TEST(cov61_kswapd_batches_set_the_node_flags)
{
	int pid;
	struct sim *sim = boot61_app(&pid);
	struct scan_control kswapd = sc61(true, GFP_KERNEL), direct = sc61(false, GFP_KERNEL);
	struct pglist_data *pgdat;
	struct zone *z;
	uint32_t pages[16];
	const unsigned long dirty = 1UL << ZONE_DIRTY, wb = 1UL << ZONE_WRITEBACK;
	const unsigned long cong = 1UL << ZONE_CONGESTED;
	unsigned long done;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	z = zone0(sim, ZONE_DMA32);
	for (int i = 0; i < 16; i++) {
		unsigned long pfn = alloc_pages(sim, GFP_HIGHUSER_MOVABLE & ~GFP_F_RECLAIM, 0);

		REQUIRE(pfn != PFN_NONE);
		add_cache_page(sim, pfn, true);
		pages[i] = (uint32_t)pfn;
	}
	/* a direct reclaimer leaves them dirty for the flushers; no flag */
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 16, pgdat, &direct, LRU_INACTIVE_FILE), 0);
	CHECK(!(z->flags & (dirty | wb | cong)));
	/* kswapd: all 16 dirty, none queued: PGDAT_DIRTY */
	z->flags &= ~(1UL << ZONE_DIRTY);
	for (int i = 0; i < 16; i++)
		page_w(&sim->map, pages[i])->flags &= (uint16_t)~PG_reclaim;
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 16, pgdat, &kswapd, LRU_INACTIVE_FILE), 0);
	CHECK(z->flags & dirty);
	CHECK(!(z->flags & wb));
	/* kswapd again, PGDAT_DIRTY set: it writes them (pageout) */
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 16, pgdat, &kswapd, LRU_INACTIVE_FILE), 0);
	for (int i = 0; i < 16; i++)
		CHECK(sim->map.pages[pages[i]].flags & PG_writeback);
	/* all under writeback and wanted: the third batch sets PGDAT_WRITEBACK
	 * and, each page in flight and PG_reclaim, LRUVEC_CONGESTED */
	z->flags &= ~(dirty | wb | cong);
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 16, pgdat, &kswapd, LRU_INACTIVE_FILE), 0);
	CHECK(z->flags & wb);
	CHECK(z->flags & cong);
	CHECK(!(z->flags & dirty));
	/* met once more with PGDAT_WRITEBACK: immediate, kswapd stalls */
	pgdat->kswapd.stall_until = 0;
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 16, pgdat, &kswapd, LRU_INACTIVE_FILE), 0);
	CHECK(pgdat->kswapd.stall_until > sim_jiffies(sim));
	/* 8 clean pages in front: a batch of 24 with 16 under writeback sets
	 * neither PGDAT_WRITEBACK nor PGDAT_DIRTY; the clean ones go */
	z->flags &= ~(dirty | wb | cong);
	for (int i = 0; i < 8; i++) {
		unsigned long pfn = alloc_pages(sim, GFP_HIGHUSER_MOVABLE & ~GFP_F_RECLAIM, 0);

		REQUIRE(pfn != PFN_NONE);
		add_cache_page(sim, pfn, false);
	}
	done = 0;	/* writes the disk completed meanwhile: freed too */
	for (int i = 0; i < 16; i++)
		done += !(sim->map.pages[pages[i]].flags & PG_writeback);
	CHECK(done < 16);
	CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 24, pgdat, &kswapd, LRU_INACTIVE_FILE), 8 + done);
	CHECK(!(z->flags & (dirty | wb)));
	CHECK(lru_ok(sim));
	sim_destroy(sim);
}

/*
 * inactive_is_low (6.1): below a GB of the two lists the ratio is 1;
 * from a GB on it is int_sqrt(10 * GB): at 3 GB, 5, so the inactive list
 * is low under a sixth of the pair.
 */
TEST(cov61_inactive_is_low_ratio_grows_with_size)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct pglist_data *pgdat;
	struct zone *z;
	long act, inact;
	const long gb = 1L << (30 - PAGE_SHIFT);

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	z = &pgdat->node_zones[ZONE_DMA32];
	act = z->vm_stat[NR_ACTIVE_FILE];
	inact = z->vm_stat[NR_INACTIVE_FILE];
	/* the counters as 3 GB of file pages would leave them: ratio 5 */
	z->vm_stat[NR_ACTIVE_FILE] = 3 * gb - gb / 2 + 1;
	z->vm_stat[NR_INACTIVE_FILE] = gb / 2 - 1;
	CHECK(inactive_is_low(pgdat, LRU_INACTIVE_FILE));	/* 5 * 131071 < 655361 */
	z->vm_stat[NR_ACTIVE_FILE] = 3 * gb - gb / 2;
	z->vm_stat[NR_INACTIVE_FILE] = gb / 2;
	CHECK(!inactive_is_low(pgdat, LRU_INACTIVE_FILE));	/* 5 * 131072 == 655360 */
	/* under a GB: ratio 1 */
	z->vm_stat[NR_ACTIVE_FILE] = 1001;
	z->vm_stat[NR_INACTIVE_FILE] = 1000;
	CHECK(inactive_is_low(pgdat, LRU_INACTIVE_FILE));
	z->vm_stat[NR_ACTIVE_FILE] = act;
	z->vm_stat[NR_INACTIVE_FILE] = inact;
	sim_destroy(sim);
}
