/* core/kswapd.c - the per-node reclaim thread.
 * Models mm/vmscan.c (v4.5): wakeup_kswapd, zone_balanced, pgdat_balanced,
 * age_active_anon, kswapd_shrink_zone, balance_pgdat, prepare_kswapd_sleep,
 * kswapd_try_to_sleep and the loop of kswapd().
 *
 * kswapd() is an endless loop that blocks in two places: the HZ/10 nap and
 * the full sleep of kswapd_try_to_sleep. Here it is a state machine that the
 * scheduler steps on kswapd's own CPU and clock, a step whenever that clock
 * is behind the machine's (core/sched.c); pgdat->kswapd.resume says where it
 * goes on:
 *
 *   SLEEPING --wakeup_kswapd()--> AFTER_SLEEP: take the pending request,
 *                                 mm_vmscan_kswapd_wake, pageoutrun++
 *   BALANCE:   one balance_pgdat() priority round per step (12, 11, ...)
 *              until the node is balanced or priority reaches 0
 *   LOOP_TOP:  a bigger request came in meanwhile?  -> BALANCE again
 *              not balanced after all?  kswapd_high_wmark_hit_quickly,
 *                                        -> AFTER_SLEEP (balance again)
 *              balanced: wakeup_kcompactd, NAPPING for HZ/10
 *   NAPPING --HZ/10 passes--> still balanced: mm_vmscan_kswapd_sleep,
 *                             SLEEPING; else high_wmark_hit_quickly
 *           --wakeup_kswapd()--> kswapd_low_wmark_hit_quickly, balance
 *
 * Background compaction follows the kernel (kernel.h: bg_compaction).
 * v4.5: balance_pgdat() calls compact_pgdat() at the end of a round that
 * reclaimed more than it attempted for a high order; reclaiming 2 << order
 * drops the order to 0; kswapd clears the compaction skip bits only on its
 * way to the full sleep, and sleeps at the order balance_pgdat reached.
 * v4.6 (the kcompactd series): kswapd's own balance checks are order 0
 * against high + 2^order (zone_balanced without highorder), no order drop,
 * no compact_pgdat; before its nap kswapd clears the skip bits and wakes
 * kcompactd with the order it was asked for, and it rereads the pending
 * request after every balance_pgdat().
 * 6.1's kswapd (balance_pgdat by node, kswapd_failures, boost reclaim) is
 * kswapd_6_1.c.
 * SIMPLIFICATION: no pfmemalloc waiters, no per-cpu vmstat thresholds.
 */
#include "buddyscope/vmscan.h"

#include <stdio.h>

#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/watermark.h"
#include "internal.h"
#include "vmscan_internal.h"

enum round_result { ROUND_MORE, ROUND_DONE, ROUND_NOTHING_TO_DO };

/* ---- balance tests ---- */

/* v4.6's kcompactd series changed kswapd as a whole (see the top). */
static bool kcompactd_era(const struct sim *sim)
{
	return sim_kernel(sim)->bg_compaction == BG_COMPACT_KCOMPACTD;
}

/* Models: zone_balanced() (v4.5: free above high + @gap at @order, and for
 * order > 0 compaction must have something to work with; v4.6: see
 * vmscan.h). */
bool zone_balanced(const struct sim *sim, const struct zone *z, int order, bool highorder,
		   unsigned long balance_gap, int classzone_idx)
{
	unsigned long mark = z->watermark[WMARK_HIGH] + balance_gap;

	if (kcompactd_era(sim)) {
		if (!highorder) {
			mark += 1UL << order;
			order = 0;
		}
		return zone_watermark_ok(z, (unsigned int)order, mark, classzone_idx, 0);
	}
	if (!zone_watermark_ok(z, (unsigned int)order, mark, classzone_idx, 0))
		return false;
	if (order && compaction_suitable(sim, z, order, 0, classzone_idx) == COMPACT_SKIPPED)
		return false;
	return true;
}

/*
 * Models: pgdat_balanced() (v4.5). Zones 0..classzone: at order 0 every one
 * must be balanced; at higher orders, zones holding 25 % of their managed
 * pages will do. A zone scanned six times over counts as balanced (kswapd
 * can do nothing more for it).
 */
static bool pgdat_balanced(const struct sim *sim, const struct pglist_data *pgdat, int order,
			   int classzone_idx)
{
	unsigned long managed = 0, balanced = 0;

	for (int i = 0; i <= classzone_idx && i < MAX_NR_ZONES; i++) {
		const struct zone *z = &pgdat->node_zones[i];

		if (!populated_zone(z))
			continue;
		managed += z->managed_pages;
		if (!zone_reclaimable(sim, z) || zone_balanced(sim, z, order, false, 0, i))
			balanced += z->managed_pages;
		else if (!order)
			return false;
	}
	return order ? balanced >= managed >> 2 : true;
}

/* 4.x skips zones scanned six times over (zone_reclaimable). */
static bool kswapd_skips_zone(const struct sim *sim, const struct zone *z, int priority)
{
	return priority != DEF_PRIORITY && !zone_reclaimable(sim, z);
}

static unsigned long balance_gap(const struct zone *z)
{
	unsigned long gap = (z->managed_pages + KSWAPD_ZONE_BALANCE_GAP_RATIO - 1) /
			    KSWAPD_ZONE_BALANCE_GAP_RATIO;

	return gap < z->watermark[WMARK_LOW] ? gap : z->watermark[WMARK_LOW];
}

/* ---- waking ---- */

void wakeup_kswapd(struct sim *sim, struct zone *z, int order, int classzone_idx)
{
	wakeup_kswapd_gfp(sim, z, 0, order, classzone_idx);
}

/* The running kernel's wakeup_kswapd (kernel.h ops). */
void wakeup_kswapd_gfp(struct sim *sim, struct zone *z, gfp_t gfp, int order, int classzone_idx)
{
	sim_kernel(sim)->ops->wakeup_kswapd(sim, z, gfp, order, classzone_idx);
}

/* Models: wakeup_kswapd() (v4.5, v4.6). */
void wakeup_kswapd_4_5(struct sim *sim, struct zone *z, gfp_t gfp, int order, int classzone_idx)
{
	struct pglist_data *pgdat = z->zone_pgdat;
	struct kswapd_ctl *k = &pgdat->kswapd;
	struct trace_event *ev;

	if (!populated_zone(z) || order < 0 || order >= MAX_ORDER || classzone_idx < 0 ||
	    classzone_idx >= MAX_NR_ZONES)
		return;		/* refused: no such order or class zone */
	if (k->max_order < order) {
		k->max_order = order;
		if (classzone_idx < k->classzone_idx)
			k->classzone_idx = classzone_idx;
	}
	if (k->state == KTHREAD_RUNNING)	/* not on kswapd_wait */
		return;
	if (zone_balanced(sim, z, order, true, 0, 0))
		return;
	ev = trace_emit(sim, TRACE_mm_vmscan_wakeup_kswapd);
	ev->nid = (uint8_t)pgdat->node_id;
	ev->zid = z->zid;
	ev->order = (uint8_t)order;
	ev->gfp_mask = gfp;
	if (k->state == KTHREAD_NAPPING) {
		k->woken_early = true;		/* schedule_timeout returns early */
		k->resume = KS_NAP_END;
	} else {
		k->resume = KS_AFTER_SLEEP;
	}
	k->state = KTHREAD_RUNNING;
	kthread_wake_clock(sim, &k->clock_ns);	/* it runs from the waker's time on */
}

/* ---- balance_pgdat ---- */

/* Models: age_active_anon(): with swap, keep enough inactive anon to scan. */
static void age_active_anon(struct sim *sim, struct zone *z, struct scan_control *sc)
{
	if (sim->swap_pages && inactive_anon_is_low(sim, z))
		shrink_active_list(sim, SWAP_CLUSTER_MAX, z, sc, LRU_ACTIVE_ANON);
}

/*
 * Models: kswapd_shrink_zone() (v4.5). Reclaim above the high watermark
 * (nr_to_reclaim = max(32, high)), but leave a zone alone that already has
 * high + gap free (gap = min(low, 1 % of the zone)). When compaction could
 * serve the order, the balance test is at order 0.
 * Return: true if it scanned at least nr_to_reclaim (no need to raise the
 * priority for this zone).
 */
static bool kswapd_shrink_zone(struct sim *sim, struct zone *z, int classzone_idx,
			       struct scan_control *sc, unsigned long *nr_attempted)
{
	int testorder = sc->order;

	sc->nr_to_reclaim = z->watermark[WMARK_HIGH] > SWAP_CLUSTER_MAX ?
			    z->watermark[WMARK_HIGH] : SWAP_CLUSTER_MAX;
	/* v4.5: do not reclaim more than compaction needs (v4.6's order-0
	 * balance test does the same by itself) */
	if (!kcompactd_era(sim) && sc->order &&
	    compaction_suitable(sim, z, sc->order, 0, classzone_idx) != COMPACT_SKIPPED)
		testorder = 0;
	if (zone_balanced(sim, z, testorder, false, balance_gap(z), classzone_idx))
		return true;
	shrink_zone(sim, z, sc, z->zid == classzone_idx);
	*nr_attempted += sc->nr_to_reclaim;	/* what this round set out to reclaim */
	z->flags &= ~(1UL << ZONE_WRITEBACK);
	/* at the high watermark the zone no longer counts as congested */
	if (zone_reclaimable(sim, z) && zone_balanced(sim, z, testorder, false, 0, classzone_idx))
		z->flags &= ~((1UL << ZONE_CONGESTED) | (1UL << ZONE_DIRTY));
	return sc->nr_scanned >= sc->nr_to_reclaim;
}

/* One round's narration: the zone found unbalanced, with the numbers of the
 * check that found it (made before the round reclaimed), then what the round
 * did. The thread's name (kswapdN) comes with the event. */
static void kswapd_narrate_round(struct sim *sim, const struct pglist_data *pgdat, int priority,
				 int order, const struct wmark_terms *t, unsigned long scanned,
				 unsigned long reclaimed, const char *why)
{
	const struct zone *z = &pgdat->node_zones[pgdat->kswapd.end_zone];
	char check[TRACE_MSG_LEN];

	if (t->ok)	/* the watermark held; compaction_suitable said SKIPPED */
		snprintf(check, sizeof(check), "its high watermark is met at order %d, but "
			 "compaction has too little to work with", order);
	else
		wmark_terms_format(t, (unsigned int)order, "high", check, sizeof(check));
	reclaim_narrate(sim, "priority %d: %s is not balanced (%s); scanned %lu, reclaimed %lu "
			"[%s]", priority, z->name, check, scanned, reclaimed, why);
}

/*
 * Models: one iteration of balance_pgdat()'s do-while (v4.5).
 * Find the highest zone that is not balanced (end_zone), then reclaim every
 * zone from DMA up to it, so lower zones that higher-zone allocations fall
 * back to are balanced too. The priority rises (the number falls) when the
 * round scanned too little or reclaimed nothing.
 */
static enum round_result balance_pgdat_round(struct sim *sim, struct pglist_data *pgdat)
{
	struct kswapd_ctl *k = &pgdat->kswapd;
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.order = k->order,
		.priority = k->priority,
		.may_writepage = k->may_writepage,
		.may_unmap = true,
		.may_swap = true,
		.kswapd = true,
	};
	unsigned long scanned = 0, nr_attempted = 0;
	/* v4.5: compact_pgdat() at the end of a high-order round, unless a
	 * zone already meets the low watermark at that order */
	bool needs_compaction = sim_kernel(sim)->bg_compaction == BG_COMPACT_KSWAPD && sc.order > 0;
	bool raise_priority = true;
	struct wmark_terms end_check;
	int end_zone = -1, i;
	char why[120];
	size_t used = 0;

	why[0] = '\0';
	for (i = pgdat->nr_zones - 1; i >= 0; i--) {
		struct zone *z = &pgdat->node_zones[i];

		if (!populated_zone(z) || kswapd_skips_zone(sim, z, sc.priority))
			continue;
		age_active_anon(sim, z, &sc);
		if (!zone_balanced(sim, z, sc.order, true, 0, 0)) {
			end_zone = i;
			/* the numbers of the check that found it unbalanced */
			zone_watermark_terms(z, (unsigned int)sc.order, z->watermark[WMARK_HIGH], 0, 0,
					     z->vm_stat[NR_FREE_PAGES], &end_check);
			break;
		}
		z->flags &= ~((1UL << ZONE_CONGESTED) | (1UL << ZONE_DIRTY));
	}
	if (end_zone < 0) {
		/* goto out: every zone is balanced */
		k->balanced_order = k->order;
		k->balanced_classzone_idx = k->end_zone;
		reclaim_narrate(sim, "priority %d: every zone is balanced at order %d (above its "
				"high watermark); balance_pgdat returns", sc.priority, sc.order);
		return ROUND_NOTHING_TO_DO;
	}
	k->end_zone = end_zone;
	for (i = 0; i <= end_zone && needs_compaction; i++) {
		const struct zone *z = &pgdat->node_zones[i];

		if (populated_zone(z) && zone_watermark_ok(z, (unsigned int)sc.order,
							   z->watermark[WMARK_LOW],
							   k->balance_classzone, 0))
			needs_compaction = false;
	}
	if (sc.priority < DEF_PRIORITY - 2)
		sc.may_writepage = true;
	for (i = 0; i <= end_zone; i++) {
		struct zone *z = &pgdat->node_zones[i];
		unsigned long reclaimed = sc.nr_reclaimed;

		if (!populated_zone(z) || kswapd_skips_zone(sim, z, sc.priority))
			continue;
		sc.nr_scanned = 0;
		if (kswapd_shrink_zone(sim, z, end_zone, &sc, &nr_attempted))
			raise_priority = false;
		scanned += sc.nr_scanned;
		if (used < sizeof(why)) {
			int n = snprintf(why + used, sizeof(why) - used, "%s%s %lu/%lu", used ? ", " : "",
					 z->name, sc.nr_scanned, sc.nr_reclaimed - reclaimed);

			used += n > 0 ? (size_t)n : 0;
		}
	}
	/* v4.5: twice the order reclaimed and still unbalanced: fragmentation,
	 * not a shortage; settle for order 0 and let the allocator compact */
	if (!kcompactd_era(sim) && sc.order && sc.nr_reclaimed >= 2UL << sc.order)
		sc.order = 0;
	kswapd_narrate_round(sim, pgdat, sc.priority, k->order, &end_check, scanned,
			     sc.nr_reclaimed, why);
	/* v4.5: compact when it reclaimed more than it set out to (the order
	 * may have just dropped to 0, and compact_pgdat() then does nothing) */
	if (needs_compaction && sc.nr_reclaimed > nr_attempted && sc.order > 0) {
		reclaim_narrate(sim, "reclaimed %lu > %lu attempted for order %d: "
				"compact_pgdat()", sc.nr_reclaimed, nr_attempted, sc.order);
		compact_pgdat(sim, pgdat->node_id, sc.order);
	}
	k->nr_reclaimed += sc.nr_reclaimed;
	k->may_writepage = sc.may_writepage;
	k->order = sc.order;
	if (raise_priority || !sc.nr_reclaimed)
		k->priority--;
	if (k->priority >= 1 && !pgdat_balanced(sim, pgdat, k->order, k->balance_classzone))
		return ROUND_MORE;
	k->balanced_order = k->order;
	k->balanced_classzone_idx = k->end_zone;
	return ROUND_DONE;
}

/* kswapd() calls balance_pgdat(pgdat, order, &balanced_classzone_idx). */
static void start_balance(struct sim *sim, struct pglist_data *pgdat)
{
	struct kswapd_ctl *k = &pgdat->kswapd;
	struct trace_event *ev = trace_emit(sim, TRACE_mm_vmscan_kswapd_wake);

	ev->nid = (uint8_t)pgdat->node_id;
	ev->order = (uint8_t)k->cur_order;
	k->balanced_classzone_idx = k->cur_classzone_idx;
	k->order = k->cur_order;
	k->balance_classzone = k->cur_classzone_idx;
	k->priority = DEF_PRIORITY;
	k->may_writepage = !sim->vm.laptop_mode;
	k->end_zone = 0;
	k->nr_reclaimed = 0;
	k->runs++;
	count_vm_events(sim, PAGEOUTRUN, 1);
	k->resume = KS_BALANCE;
	wb_check_background(sim);
}

/* Read the pending request and reset it (kswapd() after a sleep). */
static void take_request(struct pglist_data *pgdat, int *order, int *classzone_idx)
{
	struct kswapd_ctl *k = &pgdat->kswapd;

	*order = k->max_order;
	*classzone_idx = k->classzone_idx;
	k->max_order = 0;
	k->classzone_idx = pgdat->nr_zones - 1;
}

/* ---- the thread ---- */

/* Models: prepare_kswapd_sleep(): no early wakeup, and the node balanced at
 * the level the last balance_pgdat reached. */
static bool prepare_kswapd_sleep(const struct sim *sim, const struct pglist_data *pgdat,
				 bool remaining)
{
	const struct kswapd_ctl *k = &pgdat->kswapd;

	if (remaining)
		return false;
	return pgdat_balanced(sim, pgdat, k->balanced_order, k->balanced_classzone_idx);
}

/* Models: the first half of kswapd_try_to_sleep(). Return: true if napping. */
static bool kswapd_try_to_nap(struct sim *sim, struct pglist_data *pgdat)
{
	struct kswapd_ctl *k = &pgdat->kswapd;

	if (!prepare_kswapd_sleep(sim, pgdat, false)) {
		count_vm_events(sim, KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
		reclaim_narrate(sim, "node %d fell below high again at once "
				"(kswapd_high_wmark_hit_quickly); balancing again", pgdat->node_id);
		return false;
	}
	/* v4.6: clear the compaction skip hints, then hand high orders on to
	 * kcompactd before the nap (v4.5 clears them before the full sleep) */
	if (sim_kernel(sim)->bg_compaction == BG_COMPACT_KCOMPACTD) {
		reset_isolation_suitable(sim, pgdat->node_id);
		wakeup_kcompactd(sim, pgdat->node_id, k->balanced_order, k->balanced_classzone_idx);
	}
	k->state = KTHREAD_NAPPING;
	k->wake_at = kthread_jiffies(sim) + RECLAIM_WAIT_JIFFIES;
	k->woken_early = false;
	k->resume = KS_NAP_END;
	reclaim_narrate(sim, "node %d balanced (order %d, classzone %s); napping HZ/10 "
			"before sleeping", pgdat->node_id, k->balanced_order,
			zone_names[k->balanced_classzone_idx]);
	return true;
}

/* Models: the second half of kswapd_try_to_sleep(), after the nap.
 * Return: true if kswapd went to sleep. */
static bool kswapd_nap_end(struct sim *sim, struct pglist_data *pgdat)
{
	struct kswapd_ctl *k = &pgdat->kswapd;
	struct trace_event *ev;
	bool remaining = k->woken_early;

	k->woken_early = false;
	if (prepare_kswapd_sleep(sim, pgdat, remaining)) {
		ev = trace_emit(sim, TRACE_mm_vmscan_kswapd_sleep);
		ev->nid = (uint8_t)pgdat->node_id;
		/* v4.5: pages compaction failed to isolate may be free by now */
		if (sim_kernel(sim)->bg_compaction == BG_COMPACT_KSWAPD)
			reset_isolation_suitable(sim, pgdat->node_id);
		k->state = KTHREAD_SLEEPING;
		k->resume = KS_AFTER_SLEEP;
		reclaim_narrate(sim, "node %d still balanced after the nap; sleeping until woken",
				pgdat->node_id);
		return true;
	}
	count_vm_events(sim, remaining ? KSWAPD_LOW_WMARK_HIT_QUICKLY : KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
	reclaim_narrate(sim, "node %d: %s during the nap (%s); balancing again", pgdat->node_id,
			remaining ? "woken" : "the node fell below high",
			remaining ? "kswapd_low_wmark_hit_quickly" : "kswapd_high_wmark_hit_quickly");
	k->resume = KS_AFTER_SLEEP;
	return false;
}

void kswapd_step(struct sim *sim, int nid)
{
	struct pglist_data *pgdat;
	struct kswapd_ctl *k;

	if (nid < 0 || nid >= sim->nr_nodes)
		return;		/* refused: no such node */
	pgdat = sim->node_data[nid];
	k = &pgdat->kswapd;
	if (k->state == KTHREAD_SLEEPING)
		return;
	if (k->state == KTHREAD_NAPPING) {	/* the timeout expired */
		k->state = KTHREAD_RUNNING;
		k->resume = KS_NAP_END;
	}
	if (kthread_jiffies(sim) < k->stall_until)
		return;				/* in congestion_wait() */
	/* a few transitions, then one round or a nap; never more */
	for (int guard = 0; guard < 8; guard++) {
		enum round_result r;

		switch (k->resume) {
		case KS_NAP_END:
			if (kswapd_nap_end(sim, pgdat))
				return;
			break;
		case KS_AFTER_SLEEP:
			take_request(pgdat, &k->cur_order, &k->cur_classzone_idx);
			k->new_order = k->cur_order;
			k->new_classzone_idx = k->cur_classzone_idx;
			start_balance(sim, pgdat);
			break;
		case KS_LOOP_TOP:
			/* another wakeup while we reclaimed? v4.6 always looks;
			 * v4.5 only if the last balance_pgdat reached its order
			 * (in v4.6, which never drops the order, balanced_order
			 * is the order asked for, as its sleep checks want) */
			if (kcompactd_era(sim) || (k->balanced_order == k->new_order &&
			    k->balanced_classzone_idx >= k->new_classzone_idx))
				take_request(pgdat, &k->new_order, &k->new_classzone_idx);
			if (k->cur_order < k->new_order || k->cur_classzone_idx > k->new_classzone_idx) {
				/* a larger order or a tighter zone: no sleep */
				k->cur_order = k->new_order;
				k->cur_classzone_idx = k->new_classzone_idx;
				start_balance(sim, pgdat);
				break;
			}
			if (kswapd_try_to_nap(sim, pgdat))
				return;
			k->resume = KS_AFTER_SLEEP;
			break;
		case KS_BALANCE:
			k->rounds++;
			r = balance_pgdat_round(sim, pgdat);
			if (r != ROUND_MORE)
				k->resume = KS_LOOP_TOP;
			if (r != ROUND_NOTHING_TO_DO)
				return;
			break;
		}
	}
}

enum kswapd_phase kswapd_phase(const struct kswapd_ctl *k)
{
	if (k->state == KTHREAD_SLEEPING)
		return KSWAPD_ASLEEP;
	if (k->state == KTHREAD_NAPPING)
		return KSWAPD_NAPPING;
	switch (k->resume) {
	case KS_BALANCE:
		return KSWAPD_BALANCING;
	case KS_LOOP_TOP:
	case KS_TRY_SLEEP:
		return KSWAPD_RETURNED;
	default:		/* KS_AFTER_SLEEP, KS_NAP_END: woken, not yet run */
		return KSWAPD_WOKEN;
	}
}
