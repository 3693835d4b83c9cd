/* include/buddyscope/vmscan.h - page reclaim: direct reclaim and kswapd.
 * Models mm/vmscan.c and mm/swap.c (v4.5): the LRU lists, shrink_*,
 * try_to_free_pages, wakeup_kswapd, balance_pgdat.
 */
#ifndef BUDDYSCOPE_VMSCAN_H
#define BUDDYSCOPE_VMSCAN_H

#include <stdbool.h>
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
/* pointers only: page_alloc.h includes this file for struct scan_control */
struct alloc_context;

struct sim;

#define DEF_PRIORITY		12
#define MAX_RECLAIM_RETRIES	16

/* Models: struct scan_control (mm/vmscan.c, v4.5) */
struct scan_control {
	unsigned long	nr_to_reclaim;
	gfp_t		gfp_mask;
	int		order;
	int		priority;
	bool		may_writepage;
	bool		may_unmap;
	bool		may_swap;
	bool		may_thrash;
	bool		compaction_ready;
	bool		kswapd;		/* current_is_kswapd() */
	int		reclaim_idx;	/* 6.1: the highest zone whose pages may go */
	/* ---- 6.1 (core/vmscan_6_1.c): prepare_scan_count's decisions ---- */
	unsigned int	may_deactivate;	/* DEACTIVATE_ANON | DEACTIVATE_FILE */
	bool		force_deactivate;
	bool		skipped_deactivate;	/* an active list was left alone */
	bool		cache_trim_mode;	/* plenty of inactive file: file only */
	bool		file_is_tiny;	/* file + free under the high marks: anon only */
	unsigned long	nr_scanned;
	unsigned long	nr_reclaimed;
	/* do_try_to_free_pages' locals, kept so it can be stepped */
	unsigned long	total_scanned;
	bool		zones_reclaimable;
	bool		done;
	unsigned long	result;		/* its return value once done */
	bool		loop_done;	/* the priority loop ended: the next step is the epilogue */
	int		pass_priority;	/* priority of the pass the last step ran; -1: epilogue */
	int		last_pass_priority;	/* of the last shrink_zones pass; -1: none yet */
};

#define DEACTIVATE_ANON		1	/* scan_control.may_deactivate (6.1) */
#define DEACTIVATE_FILE		2

/* ---- LRU (mm/swap.c) ---- */
/* Put an allocated order-0 page on @lru of its zone (head), set PG_lru,
 * PG_active for active lists, PG_swapbacked for anon, and the counters. */
void lru_cache_add(struct sim *sim, unsigned long pfn, enum lru_list lru);
/* A newly faulted anonymous page (order 0, or one of a THP's) to the list
 * the machine's kernel puts it on: active before 5.9, inactive since. */
void lru_cache_add_new_anon(struct sim *sim, unsigned long pfn);
/* The same without update_page_reclaim_stat() (add_page_to_lru_list):
 * for reclaim putting back pages it isolated. */
void add_page_to_lru_list(struct sim *sim, unsigned long pfn, enum lru_list lru);
/* Take a page off its LRU list (counters follow). */
void del_page_from_lru(struct sim *sim, unsigned long pfn);
/* Which LRU the page is on (page_lru()). */
enum lru_list page_lru(const struct page *p);
/* Models mark_page_accessed(): second touch activates an inactive page. */
void mark_page_accessed(struct sim *sim, unsigned long pfn);

/* ---- direct reclaim ---- */
/* Models try_to_free_pages() set-up: sc for a direct reclaimer, as the
 * machine's kernel does it (kernel.h ops). Emits
 * mm_vmscan_direct_reclaim_begin. */
void direct_reclaim_begin(struct sim *sim, struct scan_control *sc, gfp_t gfp, int order);
/**
 * direct_reclaim_step - one pass of do_try_to_free_pages()'s priority loop
 * over the zonelist of @ac (shrink_zones at sc->priority), or its epilogue.
 * Return: 1 while more passes remain; 0 when done, with sc->result set to
 * what try_to_free_pages returns (and mm_vmscan_direct_reclaim_end emitted).
 */
int direct_reclaim_step(struct sim *sim, struct scan_control *sc, const struct alloc_context *ac);
/* The versions' own (kernel.h ops): v4.5 in vmscan.c, 6.1 in vmscan_6_1.c. */
void direct_reclaim_begin_4_5(struct sim *sim, struct scan_control *sc, gfp_t gfp, int order);
int direct_reclaim_step_4_5(struct sim *sim, struct scan_control *sc, const struct alloc_context *ac);
void direct_reclaim_begin_6_1(struct sim *sim, struct scan_control *sc, gfp_t gfp, int order);
int direct_reclaim_step_6_1(struct sim *sim, struct scan_control *sc, const struct alloc_context *ac);
/* The whole of try_to_free_pages(). */
unsigned long try_to_free_pages(struct sim *sim, const struct alloc_context *ac, gfp_t gfp, int order);

/* Models zone_reclaimable_pages() and zone_reclaimable(). */
unsigned long zone_reclaimable_pages(const struct sim *sim, const struct zone *z);
bool zone_reclaimable(const struct sim *sim, const struct zone *z);

/* ---- kswapd ---- */
/* Models wakeup_kswapd(zone, order, classzone_idx). Out-of-range @order or
 * @classzone_idx (and, for kswapd_step, @nid) are refused: nothing happens. */
void wakeup_kswapd(struct sim *sim, struct zone *z, int order, int classzone_idx);
/* The same with the request's @gfp (4.x callers know none; 6.1 traces it
 * as gfp_flags, and a request without __GFP_DIRECT_RECLAIM that finds the
 * node balanced or hopeless wakes kcompactd: kswapd_6_1.c). */
void wakeup_kswapd_gfp(struct sim *sim, struct zone *z, gfp_t gfp, int order, int classzone_idx);
/* One step of kswapd on @nid: a balance_pgdat priority round, or a nap /
 * sleep decision. Called by the scheduler (core/sched.c), on kswapd's own
 * clock, while it is not sleeping. */
void kswapd_step(struct sim *sim, int nid);
/* The versions' own (kernel.h ops): v4.5/4.6 in kswapd.c, 6.1 in
 * kswapd_6_1.c. */
void wakeup_kswapd_4_5(struct sim *sim, struct zone *z, gfp_t gfp, int order, int classzone_idx);
void wakeup_kswapd_6_1(struct sim *sim, struct zone *z, gfp_t gfp, int order, int highest_zoneidx);
void kswapd_step_6_1(struct sim *sim, int nid);
/* Where kswapd() is in its loop, for `threads`. */
enum kswapd_phase {
	KSWAPD_ASLEEP,		/* in kswapd_try_to_sleep until woken */
	KSWAPD_NAPPING,		/* the HZ/10 nap before sleeping */
	KSWAPD_WOKEN,		/* woken, or looping: a new balance_pgdat next */
	KSWAPD_BALANCING,	/* inside balance_pgdat: the next round at ->priority */
	KSWAPD_RETURNED,	/* balance_pgdat returned; nap, or balance again */
};
enum kswapd_phase kswapd_phase(const struct kswapd_ctl *k);
/* Models zone_balanced() (v4.5; v4.6's @highorder). v4.5: free above
 * high + @balance_gap at @order and, for order > 0, compaction_suitable()
 * not SKIPPED. v4.6: with @highorder the watermark test at @order alone;
 * without it (kswapd's own balance checks) an order-0 test against
 * high + gap + 2^order, leaving high orders to kcompactd. */
bool zone_balanced(const struct sim *sim, const struct zone *z, int order, bool highorder,
		   unsigned long balance_gap, int classzone_idx);

/* ---- writeback (mm/page-writeback.c, fs/fs-writeback.c) ---- */
/* The disks complete the writes they finished by time @t (ns) and the
 * flushers start new ones as the queues have room. The scheduler calls it as
 * time moves on; sim->nr_dirty_to_flush counts the pages the flushers were
 * asked to write plus the pages under writeback. */
void writeback_advance(struct sim *sim, uint64_t t);
/* Models wakeup_flusher_threads(nr_pages): queue work for @nr_pages dirty
 * pages (0 = all of them). */
void wakeup_flusher_threads(struct sim *sim, unsigned long nr_pages);
/* Models balance_dirty_pages_ratelimited() as far as the flushers care: once
 * dirty pages pass vm.dirty_background_ratio, start background writeback.
 * Call it after dirtying page-cache pages. SIMPLIFICATION: the dirtier is
 * never throttled at vm.dirty_ratio. */
void balance_dirty_pages_ratelimited(struct sim *sim);

#endif
