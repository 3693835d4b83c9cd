/* core/vmscan_internal.h - what the reclaim files share inside core/.
 * In the kernel these are statics of mm/vmscan.c and mm/page-writeback.c;
 * here they are split over vmscan.c (the policy: get_scan_count, shrink_zone,
 * direct reclaim), vmscan_lru.c (the list scanners), kswapd.c and
 * page_writeback.c (the flushers and the disk queue).
 */
#ifndef BUDDYSCOPE_CORE_VMSCAN_INTERNAL_H
#define BUDDYSCOPE_CORE_VMSCAN_INTERNAL_H

#include <stdbool.h>
#include "buddyscope/mmzone.h"
#include "buddyscope/vmscan.h"

struct sim;

/* The jiffy the kernel thread that runs now has reached on its own clock. */
#define kthread_jiffies(sim)	jiffies(sim)

/* Where kswapd()'s loop goes on at its next step (kswapd_ctl.resume):
 * kswapd.c (4.x) and kswapd_6_1.c share the values, and kswapd_phase(). */
enum kswapd_resume {
	KS_AFTER_SLEEP,		/* back from kswapd_try_to_sleep: take the request */
	KS_LOOP_TOP,		/* balance_pgdat returned: the top of kswapd()'s loop */
	KS_NAP_END,		/* the HZ/10 nap ended (timeout or wakeup) */
	KS_BALANCE,		/* inside balance_pgdat: run a round */
	KS_TRY_SLEEP,		/* 6.1: balance_pgdat returned a lower order than asked
				 * for: goto kswapd_try_sleep (no new request read) */
};

/* KSWAPD_ZONE_BALANCE_GAP_RATIO: the balance gap is 1 % of the zone */
#define KSWAPD_ZONE_BALANCE_GAP_RATIO	100
/* HZ/10: congestion_wait() and kswapd's nap */
#define RECLAIM_WAIT_JIFFIES		100

/* ---- vmscan_lru.c: the list scanners ---- */
/* A batch taken off a list, oldest (first isolated) first. */
struct batch {
	uint32_t	pfn[SWAP_CLUSTER_MAX];
	unsigned int	nr;
};

/* What shrink_page_list saw, for the zone flags (its ret_nr_* outputs). */
struct batch_stat {
	unsigned long	nr_dirty;		/* dirty or under writeback */
	unsigned long	nr_unqueued_dirty;	/* dirty, not yet under writeback */
	unsigned long	nr_congested;		/* ... and its disk was congested */
	unsigned long	nr_writeback;		/* under writeback, marked PG_reclaim */
	unsigned long	nr_immediate;		/* kswapd: under writeback and PG_reclaim again */
};

static inline bool page_mapped(const struct page *p)
{
	return p->private != 0;
}

/* Models shrink_page_list(): judge the isolated batch @l page by page
 * (each page's own zone counts it); freed pages go to the buddy, the
 * survivors stay in @l in their order. Return: pages reclaimed. */
unsigned long shrink_page_list(struct sim *sim, struct batch *l, struct scan_control *sc,
			       struct batch_stat *st);
/* putback_lru_page(): an isolated page back on the list its flags name. */
enum lru_list putback_page(struct sim *sim, uint32_t pfn);
/* page_referenced(): test-and-clear the one PTE's young bit (0 or 1). */
int page_referenced(struct page *p);
unsigned long shrink_inactive_list(struct sim *sim, unsigned long nr_to_scan, struct zone *z,
				   struct scan_control *sc, enum lru_list lru);
void shrink_active_list(struct sim *sim, unsigned long nr_to_scan, struct zone *z,
			struct scan_control *sc, enum lru_list lru);
bool inactive_anon_is_low(const struct sim *sim, const struct zone *z);
bool inactive_list_is_low(const struct sim *sim, const struct zone *z, enum lru_list lru);

/* ---- vmscan_lru_6_1.c: the node's list scanners (4.8+, 6.1) ---- */
/* node_page_state(): the node's counter, the sum of its zones'. */
unsigned long node_page_state(const struct pglist_data *pgdat, enum zone_stat_item item);
/* lruvec_lru_size(): pages of @lru in the node's zones 0..@zone_idx. */
unsigned long lruvec_lru_size(const struct pglist_data *pgdat, enum lru_list lru, int zone_idx);
/* inactive_is_low() (6.1): inactive * int_sqrt(10 * GB) < active, node-wide. */
bool inactive_is_low(const struct pglist_data *pgdat, enum lru_list inactive_lru);
/* A 6.1 node flag (PGDAT_DIRTY...), kept as the ZONE_* bit of every zone. */
void set_node_flag(struct pglist_data *pgdat, enum zone_flags bit);
unsigned long shrink_inactive_list_6_1(struct sim *sim, unsigned long nr_to_scan,
				       struct pglist_data *pgdat, struct scan_control *sc,
				       enum lru_list lru);
void shrink_active_list_6_1(struct sim *sim, unsigned long nr_to_scan, struct pglist_data *pgdat,
			    struct scan_control *sc, enum lru_list lru);
/* lru_note_cost() (6.1, mm/swap.c): @nr_pages of reclaim cost to the
 * node's anon (@file false) or file cost, then both halved once they
 * pass a quarter of the node's LRU pages. */
void lru_note_cost_6_1(struct pglist_data *pgdat, bool file, unsigned long nr_pages);

/* ---- vmscan.c: direct reclaim's shared parts ---- */
/* try_to_free_pages()'s scan_control (reclaim_idx = gfp_zone), the
 * mm_vmscan_direct_reclaim_begin event, the first allocstall. */
void direct_reclaim_init(struct sim *sim, struct scan_control *sc, gfp_t gfp, int order);
/* goto retry: a new sweep from DEF_PRIORITY, one more allocstall. */
void direct_reclaim_again(struct sim *sim, struct scan_control *sc);
/* sc->result is set: done, mm_vmscan_direct_reclaim_end, the narration
 * (@why_none: why nothing was reclaimed, unless compaction is ready). */
void direct_reclaim_end(struct sim *sim, struct scan_control *sc, const char *why_none);
/* A priority pass ran (reclaimed was sc->nr_reclaimed before it): its
 * narration, then the loop's --priority. */
void direct_reclaim_pass_end(struct sim *sim, struct scan_control *sc, int prio,
			     unsigned long reclaimed, const char *why);

/* ---- vmscan_6_1.c ---- */
/* Models shrink_node() (6.1) over the node's LRU up to sc->reclaim_idx,
 * then its slab, again while should_continue_reclaim() says so.
 * Return: it reclaimed something (kswapd_failures is cleared then). */
bool shrink_node_6_1(struct sim *sim, struct pglist_data *pgdat, struct scan_control *sc);

/* ---- vmscan_slab.c: the slab shrinker ---- */
/* The slab shrinker of node @nid after an LRU pass that scanned
 * @nr_scanned of @nr_eligible pages at @priority (v4.5 sizes the scan by
 * the first two, 6.1 by the third). Return: slab pages freed. */
unsigned long shrink_slab(struct sim *sim, int nid, unsigned long nr_scanned,
			  unsigned long nr_eligible, int priority);
/* drop_slab() (echo 2 > drop_caches) on every node, as the version does
 * it. Return: pages freed. */
unsigned long drop_slab(struct sim *sim);

/* ---- vmscan.c ---- */
enum scan_balance {
	SCAN_EQUAL,	/* scan anon and file by their sizes */
	SCAN_FRACT,	/* by the swappiness-weighted reclaim history (4.x: rotations,
			 * 6.1: anon_cost/file_cost) */
	SCAN_ANON,	/* anon only */
	SCAN_FILE,	/* file only */
};
/* Models get_scan_count(): fills nr[] (pages to scan per list) and
 * *lru_pages (the sizes considered); returns the balance it chose. */
enum scan_balance get_scan_count(struct sim *sim, struct zone *z, const struct scan_control *sc,
				 unsigned long nr[NR_LRU_LISTS], unsigned long *lru_pages);
/* One batch of @nr_to_scan pages of list @lru of @where (a zone under
 * 4.x, a node under 6.1): shrink_list() of that version. */
typedef unsigned long (*shrink_list_fn)(struct sim *sim, enum lru_list lru,
					unsigned long nr_to_scan, void *where,
					struct scan_control *sc);
/* shrink_lruvec()'s proportional loop over the targets @nr (vmscan.c).
 * Return: pages reclaimed. */
unsigned long shrink_lru_targets(struct sim *sim, unsigned long nr[NR_LRU_LISTS],
				 struct scan_control *sc, bool proportional,
				 shrink_list_fn shrink, void *where);
/* ---- vmscan_6_1.c: the 6.1 balance (tests call these directly) ---- */
/* prepare_scan_count() (6.1): sets sc->may_deactivate, cache_trim_mode
 * and file_is_tiny for @pgdat at sc->priority. */
void prepare_scan_count_6_1(struct pglist_data *pgdat, struct scan_control *sc);
/* get_scan_count() (6.1) after prepare_scan_count_6_1(): fills nr[] and
 * returns the balance it chose. */
enum scan_balance get_scan_count_6_1(struct sim *sim, struct pglist_data *pgdat,
				     const struct scan_control *sc, unsigned long nr[NR_LRU_LISTS]);
/* get_nr_swap_pages(): free swap slots */
unsigned long nr_swap_pages(const struct sim *sim);
bool shrink_zone(struct sim *sim, struct zone *z, struct scan_control *sc, bool is_classzone);
/* SIMPLIFICATION: should_continue_reclaim may keep shrink_zone (6.1:
 * shrink_node) looping; a reclaimer the kernel would leave spinning on
 * unwritable dirty pages stops after this many rounds. */
#define MAX_ZONE_ROUNDS		64
/* One narration event (bs_alloc_stage, stage -1) for the TUI. */
__attribute__((format(printf, 2, 3)))
void reclaim_narrate(struct sim *sim, const char *fmt, ...);
/* congestion_wait()/wait_iff_congested() sleeping @j jiffies: a direct
 * reclaimer sleeps (the clock moves, the kthreads run); kswapd, which runs
 * inside the scheduler, instead holds its next round back for @j jiffies. */
void reclaim_wait(struct sim *sim, const struct scan_control *sc, struct zone *z,
		  unsigned long j);

/* ---- page_writeback.c ---- */
/* The node's disk queue is write-congested (bdi_write_congested). */
bool wb_congested(const struct sim *sim, int nid);
/* wait_iff_congested()'s test: some disk congested and @z ZONE_CONGESTED. */
bool wait_iff_congested_would_sleep(const struct sim *sim, const struct zone *z);
/* Models wait_iff_congested(): sleep while the test holds, up to @timeout
 * jiffies (never in a kernel thread). Return: jiffies slept. */
unsigned long wait_iff_congested(struct sim *sim, const struct zone *z, unsigned long timeout);
/* Start writeback of the dirty file page @pfn (clear_page_dirty_for_io +
 * writepage). Return: false, leaving the page dirty, if the queue is full. */
bool wb_start_page(struct sim *sim, unsigned long pfn);
/* Models swap_writepage(): the dirty swap-cache page @pfn goes under
 * writeback. Return: false, leaving it dirty, if the queue is full. */
bool swap_writepage(struct sim *sim, unsigned long pfn);
/* Queue background writeback if dirty pages exceed the background limit. */
void wb_check_background(struct sim *sim);

#endif
