/* tests/unit/test_cov61_anoncost.c - 6.1's anon/file balance (5.9's cost
 * model): lru_note_cost() feeding the node's anon_cost/file_cost from the
 * pages shrink_inactive_list sends to IO, its decay, and get_scan_count's
 * SCAN_FRACT shares (swappiness * (total + 1) / (own cost + 1)), with the
 * cases that come before it (no swap, file_is_tiny, cache_trim_mode) and
 * vm.swappiness's 0..200 range under 6.1. */
#include <string.h>

#include "../../core/internal.h"
#include "../../core/vmscan_internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"
#include "reclaim_test.h"
#include "simtest.h"

/* 64 MiB of DMA32, one cpu, Linux 6.1, swap; a task "app" with @anon
 * pages of anonymous memory and @file pages of clean page cache it read */
static struct sim *boot61_lists(int *pid, long anon, long file)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, KERNEL_6_1);

	if (!sim)
		return NULL;
	*pid = task_spawn(sim, "app", 0, 0, 0);
	if (*pid <= 0 || task_set_current(sim, *pid) || swap_set_size(sim, 8192) ||
	    task_touch(sim, *pid, TASK_ANON, (unsigned long)anon) != anon ||
	    task_touch(sim, *pid, TASK_FILE_READ, (unsigned long)file) != file) {
		sim_destroy(sim);
		return NULL;
	}
	return sim;
}

static struct scan_control sc61(int priority)
{
	return reclaim_sc(false, GFP_KERNEL, priority);
}

static unsigned long node_lru_pages(const struct pglist_data *pgdat)
{
	unsigned long n = 0;

	for (int lru = LRU_INACTIVE_ANON; lru <= LRU_ACTIVE_FILE; lru++)
		n += node_page_state(pgdat, (enum zone_stat_item)(NR_LRU_BASE + lru));
	return n;
}

/*
 * shrink_inactive_list (6.1) notes the cost of what it sent to IO: 32
 * anon pages written to swap add 32 to anon_cost (the LRUs hold far more
 * than four times that, so no decay); a batch of clean file pages, freed
 * without IO, adds nothing to file_cost.
 */
TEST(cov61_cost_counts_the_pages_sent_to_io)
{
	int pid;
	struct sim *sim = boot61_lists(&pid, 64, 2000);
	struct scan_control sc = sc61(DEF_PRIORITY);
	struct pglist_data *pgdat;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	CHECK_EQ_UL(pgdat->anon_cost, 0);
	CHECK_EQ_UL(pgdat->file_cost, 0);
	/* 6.1 puts a new anonymous page on the inactive list; the first scan
	 * finds its pte young and keeps it there, marked referenced (5.9
	 * dropped the rule that activated a referenced swap-backed page): no
	 * IO, no cost */
	REQUIRE(node_page_state(pgdat, NR_INACTIVE_ANON) == 64);
	for (int i = 0; i < 2; i++)		/* a batch is SWAP_CLUSTER_MAX */
		CHECK_EQ_UL(shrink_inactive_list_6_1(sim, 32, pgdat, &sc, LRU_INACTIVE_ANON), 0);
	CHECK_EQ_UL(node_page_state(pgdat, NR_INACTIVE_ANON), 64);
	CHECK_EQ_UL(swap_used(sim), 0);
	CHECK_EQ_UL(pgdat->anon_cost, 0);
	/* the second finds it unused since: 32 go to swap */
	shrink_inactive_list_6_1(sim, 32, pgdat, &sc, LRU_INACTIVE_ANON);
	CHECK_EQ_UL(swap_used(sim), 32);
	CHECK_EQ_UL(pgdat->anon_cost, 32);
	CHECK_EQ_UL(pgdat->file_cost, 0);
	/* clean page cache: reclaimed, no IO, no cost */
	CHECK(shrink_inactive_list_6_1(sim, 32, pgdat, &sc, LRU_INACTIVE_FILE) > 0);
	CHECK_EQ_UL(pgdat->file_cost, 0);
	CHECK_EQ_UL(pgdat->anon_cost, 32);
	CHECK(all_ok(sim));
	sim_destroy(sim);
}

/*
 * lru_note_cost (6.1): once anon_cost + file_cost pass a quarter of the
 * node's LRU pages, both halve; up to the quarter itself, nothing decays.
 */
TEST(cov61_cost_decays_by_halves)
{
	int pid;
	struct sim *sim = boot61_lists(&pid, 64, 2000);
	struct pglist_data *pgdat;
	unsigned long quarter;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	quarter = node_lru_pages(pgdat) / 4;
	REQUIRE(quarter > 100);
	pgdat->anon_cost = quarter - 20;
	pgdat->file_cost = 10;
	lru_note_cost_6_1(pgdat, true, 10);		/* exactly the quarter: kept */
	CHECK_EQ_UL(pgdat->anon_cost, quarter - 20);
	CHECK_EQ_UL(pgdat->file_cost, 20);
	lru_note_cost_6_1(pgdat, false, 1);		/* one past it: both halve */
	CHECK_EQ_UL(pgdat->anon_cost, (quarter - 19) / 2);
	CHECK_EQ_UL(pgdat->file_cost, 10);
	sim_destroy(sim);
}

/* get_scan_count_6_1 with the flags prepare_scan_count would set cleared,
 * so that SCAN_FRACT decides; returns the balance, nr[] filled */
static enum scan_balance fract(struct sim *sim, int priority, unsigned long nr[NR_LRU_LISTS])
{
	struct scan_control sc = sc61(priority);

	sc.file_is_tiny = false;
	sc.cache_trim_mode = false;
	return get_scan_count_6_1(sim, sim->node_data[0], &sc, nr);
}

/*
 * SCAN_FRACT follows the costs: with none, swappiness 100 scans both
 * types alike (the same share of each list); the type that cost more IO
 * gets the smaller share; and the worked example of get_scan_count_6_1's
 * comment (swappiness 60, anon_cost 900, file_cost 100: shares 94 and
 * 381 of 475) on the inactive lists at priority 2.
 */
TEST(cov61_scan_fract_follows_the_costs)
{
	int pid;
	struct sim *sim = boot61_lists(&pid, 1000, 2000);
	unsigned long nr[NR_LRU_LISTS], anon, file;
	struct pglist_data *pgdat;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	anon = (lruvec_lru_size(pgdat, LRU_INACTIVE_ANON, ZONE_DMA32) +
		lruvec_lru_size(pgdat, LRU_ACTIVE_ANON, ZONE_DMA32));
	file = (lruvec_lru_size(pgdat, LRU_INACTIVE_FILE, ZONE_DMA32) +
		lruvec_lru_size(pgdat, LRU_ACTIVE_FILE, ZONE_DMA32));
	REQUIRE(anon == 1000 && file == 2000);
	REQUIRE(sim_sysctl_set(sim, "vm.swappiness", "100") == 0);
	CHECK_EQ_L(fract(sim, 2, nr), SCAN_FRACT);
	/* equal shares (100 and 100): half of each list's priority-2 slice */
	for (int lru = LRU_INACTIVE_ANON; lru <= LRU_ACTIVE_FILE; lru++)
		CHECK_EQ_UL(nr[lru], (lruvec_lru_size(pgdat, (enum lru_list)lru, ZONE_DMA32) >> 2) / 2);

	pgdat->anon_cost = 300;		/* anon reclaim cost IO: less anon */
	fract(sim, 2, nr);
	CHECK((nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON]) * 2000 <
	      (nr[LRU_INACTIVE_FILE] + nr[LRU_ACTIVE_FILE]) * 1000);
	pgdat->anon_cost = 0;
	pgdat->file_cost = 300;		/* file reclaim cost IO: less file */
	fract(sim, 2, nr);
	CHECK((nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON]) * 2000 >
	      (nr[LRU_INACTIVE_FILE] + nr[LRU_ACTIVE_FILE]) * 1000);

	REQUIRE(sim_sysctl_set(sim, "vm.swappiness", "60") == 0);
	pgdat->anon_cost = 900;
	pgdat->file_cost = 100;
	fract(sim, 2, nr);
	CHECK_EQ_UL(nr[LRU_INACTIVE_ANON],
		    (lruvec_lru_size(pgdat, LRU_INACTIVE_ANON, ZONE_DMA32) >> 2) * 94 / 475);
	CHECK_EQ_UL(nr[LRU_INACTIVE_FILE],
		    (lruvec_lru_size(pgdat, LRU_INACTIVE_FILE, ZONE_DMA32) >> 2) * 381 / 475);
	sim_destroy(sim);
}

/* vm.swappiness under 6.1 takes 0..200: 0 scans no anon by fraction, 200
 * no file; 4.5 still refuses 200 */
TEST(cov61_swappiness_extremes)
{
	int pid;
	struct sim *sim = boot61_lists(&pid, 1000, 2000), *old;
	unsigned long nr[NR_LRU_LISTS];

	REQUIRE(sim);
	sim->node_data[0]->anon_cost = 50;
	sim->node_data[0]->file_cost = 50;
	REQUIRE(sim_sysctl_set(sim, "vm.swappiness", "0") == 0);
	CHECK_EQ_L(fract(sim, 2, nr), SCAN_FRACT);
	CHECK_EQ_UL(nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON], 0);
	CHECK(nr[LRU_INACTIVE_FILE] > 0);
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.swappiness", "200"), 0);
	CHECK_EQ_L(sim->vm.swappiness, 200);
	CHECK_EQ_L(fract(sim, 2, nr), SCAN_FRACT);
	CHECK_EQ_UL(nr[LRU_INACTIVE_FILE] + nr[LRU_ACTIVE_FILE], 0);
	CHECK(nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON] > 0);
	CHECK(sim_sysctl_set(sim, "vm.swappiness", "201") != 0);
	CHECK_EQ_L(sim->vm.swappiness, 200);
	sim_destroy(sim);

	old = boot_one_zone(ZONE_DMA32, 4096, 16384, 1);
	REQUIRE(old);
	CHECK(sim_sysctl_set(old, "vm.swappiness", "200") != 0);
	CHECK_EQ_L(sim_sysctl_set(old, "vm.swappiness", "100"), 0);
	sim_destroy(old);
}

/*
 * The cases before SCAN_FRACT, whatever the costs: no swap (or !may_swap)
 * scans file only; file_is_tiny scans anon only; cache_trim_mode (set by
 * prepare_scan_count_6_1 when there is inactive file at this priority and
 * the file lists need no deactivation) scans file only; priority 0 scans
 * both by size.
 */
TEST(cov61_balance_cases_before_the_fraction)
{
	int pid;
	struct sim *sim = boot61_lists(&pid, 1000, 2000);
	struct scan_control sc = sc61(2);
	unsigned long nr[NR_LRU_LISTS];
	struct pglist_data *pgdat;

	REQUIRE(sim);
	pgdat = sim->node_data[0];
	pgdat->anon_cost = 10;
	pgdat->file_cost = 400;		/* the fraction would favour anon */

	sc.file_is_tiny = true;
	CHECK_EQ_L(get_scan_count_6_1(sim, pgdat, &sc, nr), SCAN_ANON);
	CHECK_EQ_UL(nr[LRU_INACTIVE_FILE] + nr[LRU_ACTIVE_FILE], 0);
	CHECK_EQ_UL(nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON],
		    (lruvec_lru_size(pgdat, LRU_INACTIVE_ANON, ZONE_DMA32) >> 2) +
		    (lruvec_lru_size(pgdat, LRU_ACTIVE_ANON, ZONE_DMA32) >> 2));

	sc.may_swap = false;		/* no anon scan, even when file is tiny */
	CHECK_EQ_L(get_scan_count_6_1(sim, pgdat, &sc, nr), SCAN_FILE);
	CHECK_EQ_UL(nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON], 0);

	/* the read cache sits on the inactive file list, no active file: the
	 * file lists need no deactivation, so cache-trim mode */
	sc = sc61(2);
	prepare_scan_count_6_1(pgdat, &sc);
	CHECK(!(sc.may_deactivate & DEACTIVATE_FILE));
	CHECK(sc.cache_trim_mode);
	CHECK(!sc.file_is_tiny);
	CHECK_EQ_L(get_scan_count_6_1(sim, pgdat, &sc, nr), SCAN_FILE);
	CHECK_EQ_UL(nr[LRU_INACTIVE_ANON] + nr[LRU_ACTIVE_ANON], 0);
	CHECK(nr[LRU_INACTIVE_FILE] > 0);

	sc.priority = 0;
	CHECK_EQ_L(get_scan_count_6_1(sim, pgdat, &sc, nr), SCAN_EQUAL);
	CHECK_EQ_UL(nr[LRU_ACTIVE_ANON], lruvec_lru_size(pgdat, LRU_ACTIVE_ANON, ZONE_DMA32));
	sim_destroy(sim);
}
