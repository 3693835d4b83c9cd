/* core/kswapd_6_1.c - the per-node reclaim thread of Linux 6.1.
 * Models mm/vmscan.c (6.1): wakeup_kswapd, pgdat_watermark_boosted,
 * pgdat_balanced, prepare_kswapd_sleep, kswapd_shrink_node,
 * update_reclaim_active (set/clear_reclaim_active), balance_pgdat,
 * kswapd_try_to_sleep and the loop of kswapd(). The 4.x thread is in
 * kswapd.c; shrink_node() is in vmscan_6_1.c.
 *
 * What 6.1 does differently from the 4.x kswapd:
 *   - the node is balanced when any zone up to the highest zone asked for
 *     meets its high mark at the order asked for; the marks carry the
 *     zone's watermark boost (5.0);
 *   - a request that wakes kswapd raises the pending order and the
 *     pending highest zone (4.x kept the lowest classzone);
 *   - balance_pgdat() reclaims the node's LRU at once (kswapd_shrink_node:
 *     the sum of the eligible zones' high marks), stops once an eligible
 *     zone is balanced, and drops to order 0 after compact_gap(order);
 *   - boost reclaim (5.0): when a fallback boosted a zone's marks and the
 *     node is balanced even so, kswapd reclaims the boost's worth of pages
 *     without writeback or swap and without going below priority
 *     DEF_PRIORITY - 2, then takes the boost away and wakes kcompactd for
 *     a pageblock; a node unbalanced under the boost is reclaimed
 *     normally, and its boost is taken away all the same;
 *   - while balance_pgdat() runs, its zones are ZONE_RECLAIM_ACTIVE (the
 *     per-cpu lists keep 4 batches at most, pcp_6_1.c);
 *   - kswapd tries to sleep first and reclaims after: a nap cut short by
 *     a wakeup folds kswapd's own order and zone back into the request.
 *
 * The thread is stepped as in kswapd.c (pgdat->kswapd.resume):
 *
 *   LOOP_TOP:   alloc_order = reclaim_order = kswapd_order
 *   TRY_SLEEP:  kswapd_try_to_sleep: balanced at reclaim_order? wake
 *               kcompactd for alloc_order, NAPPING for HZ/10; else
 *               kswapd_high_wmark_hit_quickly and AFTER_SLEEP
 *   NAP_END:    still balanced, not woken: mm_vmscan_kswapd_sleep,
 *               SLEEPING; else *_wmark_hit_quickly and AFTER_SLEEP
 *   AFTER_SLEEP: take the request, mm_vmscan_kswapd_wake, pageoutrun++
 *   BALANCE:    one balance_pgdat() round a step; when it returns, a lower
 *               order than asked for goes to TRY_SLEEP, else LOOP_TOP
 *
 * STATUS: kswapd of --kernel 6.1 (kernel_ops_6_1). Checked against nine
 * real runs of the frag workload (tests/frag61/run.sh): the model's
 * replays, each at a real run's pace, and the real runs overlap in huge
 * pages got in both growths and in stalls per attempt in the first; the
 * success shares and the second growth's stalls are known gaps (README).
 *
 * SIMPLIFICATION: no memcg soft limit reclaim, no pfmemalloc waiters, no
 * buffer_heads_over_limit, no freezer, no per-cpu vmstat thresholds (the
 * _safe watermark test is the plain one), no NUMA memory tiering (promo
 * marks unused); kswapd's highest zone starts at the node's highest
 * (4.x's start), not at "none pending".
 */
#include "buddyscope/vmscan.h"

#include <stdio.h>

#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "internal.h"
#include "page_alloc_6_1.h"
#include "vmscan_internal.h"

/* kswapd_highest_zoneidx with no request pending */
#define NO_ZONEIDX	MAX_NR_ZONES

/* compact_gap(order): what reclaim frees before compaction can run */
static unsigned long compact_gap(int order)
{
	return 2UL << order;
}

static bool managed_zone(const struct zone *z)
{
	return z->managed_pages != 0;
}

/* ---- balance tests ---- */

/* Models: pgdat_watermark_boosted() (6.1): a zone up to @hz has a boost. */
static bool pgdat_watermark_boosted(const struct pglist_data *pgdat, int hz)
{
	for (int i = hz; i >= 0; i--)
		if (managed_zone(&pgdat->node_zones[i]) && pgdat->node_zones[i].watermark_boost)
			return true;
	return false;
}

/*
 * Models: pgdat_balanced() (6.1). Any managed zone up to @hz with free
 * pages above its high mark (boost included) at @order balances the node:
 * reclaim for the highest zone only, and a lower zone at high will serve
 * the request just as well. A node without managed zones is balanced.
 * E.g. DMA32 free 20000, high 16629 + boost 0, order 0: balanced; with a
 * boost of 4096 (high 20725): not.
 */
static bool pgdat_balanced_6_1(const struct pglist_data *pgdat, int order, int hz)
{
	bool any = false;

	for (int i = 0; i <= hz && i < MAX_NR_ZONES; i++) {
		const struct zone *z = &pgdat->node_zones[i];

		if (!managed_zone(z))
			continue;
		any = true;
		if (zone_watermark_ok_6_1(z, (unsigned int)order, wmark_pages_6_1(z, WMARK_HIGH), hz,
					  0, z->vm_stat[NR_FREE_PAGES]))
			return true;
	}
	return !any;
}

/* 4.11: MAX_RECLAIM_RETRIES runs without a page reclaimed */
static bool pgdat_hopeless(const struct pglist_data *pgdat)
{
	return pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES;
}

/* Models: clear_pgdat_congested() (6.1): the node flags, kept per zone */
static void clear_pgdat_congested(struct pglist_data *pgdat)
{
	for (int i = 0; i < MAX_NR_ZONES; i++)
		pgdat->node_zones[i].flags &= ~((1UL << ZONE_CONGESTED) | (1UL << ZONE_DIRTY) |
						(1UL << ZONE_WRITEBACK));
}

/* Models: prepare_kswapd_sleep() (6.1): a hopeless node, or one balanced
 * at @order up to @hz (its congestion flags then cleared). */
static bool prepare_kswapd_sleep_6_1(struct pglist_data *pgdat, int order, int hz)
{
	if (pgdat_hopeless(pgdat))
		return true;
	if (pgdat_balanced_6_1(pgdat, order, hz)) {
		clear_pgdat_congested(pgdat);
		return true;
	}
	return false;
}

/* Models: update_reclaim_active() (6.1), i.e. set_reclaim_active() and
 * clear_reclaim_active(): the managed zones up to @hz. */
static void update_reclaim_active(struct pglist_data *pgdat, int hz, bool active)
{
	for (int i = 0; i <= hz && i < MAX_NR_ZONES; i++) {
		struct zone *z = &pgdat->node_zones[i];

		if (!managed_zone(z))
			continue;
		if (active)
			z->flags |= 1UL << ZONE_RECLAIM_ACTIVE;
		else
			z->flags &= ~(1UL << ZONE_RECLAIM_ACTIVE);
	}
}

/* ---- waking ---- */

/* Models: kswapd_highest_zoneidx() (6.1): the pending zone, or @prev. */
static int kswapd_highest_zoneidx(const struct pglist_data *pgdat, int prev)
{
	int cur = pgdat->kswapd.classzone_idx;

	return cur == NO_ZONEIDX ? prev : cur;
}

/*
 * Models: wakeup_kswapd() (6.1). Record the request (the higher order and
 * the higher zone win); a kswapd not on its wait queue (running) picks it
 * up later. A hopeless node, or one balanced for the request with no boost
 * to reclaim, is left alone; a caller that cannot reclaim itself then
 * wakes kcompactd, as memory is free but perhaps fragmented.
 */
void wakeup_kswapd_6_1(struct sim *sim, struct zone *z, gfp_t gfp, int order, int hz)
{
	struct pglist_data *pgdat = z->zone_pgdat;
	struct kswapd_ctl *k = &pgdat->kswapd;
	struct trace_event *ev;

	if (!managed_zone(z) || order < 0 || order >= MAX_ORDER || hz < 0 || hz >= MAX_NR_ZONES)
		return;		/* refused: no such order or zone */
	if (k->classzone_idx == NO_ZONEIDX || k->classzone_idx < hz)
		k->classzone_idx = hz;
	if (k->max_order < order)
		k->max_order = order;
	if (k->state == KTHREAD_RUNNING)	/* not on kswapd_wait */
		return;
	if (pgdat_hopeless(pgdat) ||
	    (pgdat_balanced_6_1(pgdat, order, hz) && !pgdat_watermark_boosted(pgdat, hz))) {
		if (!(gfp & GFP_F_DIRECT_RECLAIM))
			wakeup_kcompactd(sim, pgdat->node_id, order, hz);
		return;
	}
	ev = trace_emit(sim, TRACE_mm_vmscan_wakeup_kswapd);
	ev->nid = (uint8_t)pgdat->node_id;
	ev->zid = (uint8_t)hz;
	ev->order = (uint8_t)order;
	ev->gfp_mask = gfp;
	k->waker_cpu = sim->cur_cpu;	/* sched.c's run_kthread picks kswapd's CPU by it */
	k->waker_known = true;
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

/* Models: the restart: label of balance_pgdat() (6.1). */
static void balance_restart(struct pglist_data *pgdat)
{
	update_reclaim_active(pgdat, pgdat->kswapd.highest_zoneidx, true);
	pgdat->kswapd.priority = DEF_PRIORITY;
}

/*
 * Models: the start of balance_pgdat() (6.1): pageoutrun, and the boost
 * to reclaim: the sum of the boosts of the managed zones up to the highest
 * zone, each remembered so that only what was there now is taken away at
 * the end (the boosts stay in the marks meanwhile, so allocations near the
 * marks keep waking kswapd or reclaim themselves until it is done).
 */
static void balance_begin(struct sim *sim, struct pglist_data *pgdat)
{
	struct kswapd_ctl *k = &pgdat->kswapd;
	struct trace_event *ev = trace_emit(sim, TRACE_mm_vmscan_kswapd_wake);

	ev->nid = (uint8_t)pgdat->node_id;
	ev->zid = (uint8_t)k->highest_zoneidx;
	ev->order = (uint8_t)k->alloc_order;
	k->order = k->alloc_order;
	k->balance_classzone = k->highest_zoneidx;
	k->nr_reclaimed = 0;
	k->nr_boost_reclaim = 0;
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &pgdat->node_zones[i];

		k->zone_boosts[i] = i <= k->highest_zoneidx && managed_zone(z) ? z->watermark_boost : 0;
		k->nr_boost_reclaim += k->zone_boosts[i];
	}
	k->boosted = k->nr_boost_reclaim != 0;
	k->runs++;
	count_vm_events(sim, PAGEOUTRUN, 1);
	balance_restart(pgdat);
	k->resume = KS_BALANCE;
	wb_check_background(sim);
}

/*
 * Models: the out: label of balance_pgdat() (6.1). The zones leave reclaim;
 * a boosted run takes each zone's boost of the start away (what a fallback
 * added since stays) and wakes kcompactd for a pageblock, since boosting
 * exists to get whole pageblocks back. Return: the order reclaimed for
 * (sc.order, 0 once compact_gap(order) was reclaimed).
 */
static int balance_end(struct sim *sim, struct pglist_data *pgdat)
{
	struct kswapd_ctl *k = &pgdat->kswapd;

	update_reclaim_active(pgdat, k->highest_zoneidx, false);
	if (k->boosted) {
		for (int i = 0; i <= k->highest_zoneidx && i < MAX_NR_ZONES; i++) {
			struct zone *z = &pgdat->node_zones[i];

			if (!k->zone_boosts[i])
				continue;
			z->watermark_boost -= z->watermark_boost < k->zone_boosts[i] ?
					      z->watermark_boost : k->zone_boosts[i];
		}
		reclaim_narrate(sim, "kswapd%d: the boost is reclaimed (%lu pages this run); "
				"watermark_boost taken away, kcompactd woken for order %d",
				pgdat->node_id, k->nr_reclaimed, pageblock_order);
		wakeup_kcompactd(sim, pgdat->node_id, pageblock_order, k->highest_zoneidx);
	}
	return k->order;
}

/* Models: age_active_anon() (6.1, via kswapd_age_node without MGLRU):
 * with swap, deactivate a batch of anon while the inactive list is low. */
static void age_active_anon_6_1(struct sim *sim, struct pglist_data *pgdat,
				struct scan_control *sc)
{
	if (sim->swap_pages && inactive_is_low(pgdat, LRU_INACTIVE_ANON))
		shrink_active_list_6_1(sim, SWAP_CLUSTER_MAX, pgdat, sc, LRU_ACTIVE_ANON);
}

/*
 * Models: kswapd_shrink_node() (6.1). Aim at the eligible zones' high
 * marks together, boosts included, each at least SWAP_CLUSTER_MAX (e.g.
 * DMA high 24 -> 32, plus DMA32 high 16629: 16661), shrink the node once,
 * and settle for order 0 once compact_gap(order) pages were reclaimed in
 * this balance_pgdat (compaction can take it from there).
 * Return: it scanned at least what it aimed at (no need to raise the
 * priority).
 */
static bool kswapd_shrink_node(struct sim *sim, struct pglist_data *pgdat, struct scan_control *sc)
{
	sc->nr_to_reclaim = 0;
	for (int i = 0; i <= sc->reclaim_idx && i < MAX_NR_ZONES; i++) {
		const struct zone *z = &pgdat->node_zones[i];
		unsigned long high;

		if (!managed_zone(z))
			continue;
		high = wmark_pages_6_1(z, WMARK_HIGH);
		sc->nr_to_reclaim += high > SWAP_CLUSTER_MAX ? high : SWAP_CLUSTER_MAX;
	}
	shrink_node_6_1(sim, pgdat, sc);
	if (sc->order && sc->nr_reclaimed >= compact_gap(sc->order))
		sc->order = 0;
	return sc->nr_scanned >= sc->nr_to_reclaim;
}

/* The numbers pgdat_balanced() looked at: the highest managed zone up to
 * @hz, "DMA32 free 9000 < high 16629 + boost 512 at order 0". */
static void balance_check_text(const struct pglist_data *pgdat, int order, int hz, char *buf,
			       size_t len)
{
	const struct zone *top = NULL;

	for (int i = 0; i <= hz && i < MAX_NR_ZONES; i++)
		if (managed_zone(&pgdat->node_zones[i]))
			top = &pgdat->node_zones[i];
	if (!top) {
		snprintf(buf, len, "no managed zone");
		return;
	}
	snprintf(buf, len, "%s free %ld, high %lu + boost %lu, at order %d", top->name,
		 top->vm_stat[NR_FREE_PAGES], top->watermark[WMARK_HIGH], top->watermark_boost,
		 order);
}

/*
 * Models: one iteration of balance_pgdat()'s do-while (6.1), with the
 * balance test that starts it.
 *   - unbalanced while boosting: forget the boost (it stays in the marks)
 *     and restart at DEF_PRIORITY as a normal reclaim;
 *   - balanced and nothing (left) to boost: done;
 *   - boosting: no writeback, no swap, and the priority stays at
 *     DEF_PRIORITY - 2 at most; a round that reclaims nothing ends it;
 *   - otherwise as 4.x: writeback below DEF_PRIORITY - 2, the priority
 *     rises when the round scanned too little or reclaimed nothing.
 * Return: ROUND_MORE while more rounds follow, ROUND_END when the loop
 * ended (priority 0, or a boost round without progress), ROUND_OUT for
 * its goto out.
 */
enum round_result { ROUND_MORE, ROUND_END, ROUND_OUT };

static enum round_result balance_pgdat_round_6_1(struct sim *sim, struct pglist_data *pgdat)
{
	struct kswapd_ctl *k = &pgdat->kswapd;
	struct scan_control sc = {
		.gfp_mask = GFP_KERNEL,
		.order = k->order,
		.priority = k->priority,
		.may_unmap = true,
		.kswapd = true,
		.reclaim_idx = k->highest_zoneidx,
		.nr_reclaimed = k->nr_reclaimed,
	};
	unsigned long round;
	bool raise_priority = true, balanced;
	char check[96];

	balanced = pgdat_balanced_6_1(pgdat, sc.order, k->highest_zoneidx);
	if (!balanced && k->nr_boost_reclaim) {
		reclaim_narrate(sim, "kswapd%d: the node is not balanced under its boosted marks; "
				"reclaiming normally from priority %d", pgdat->node_id, DEF_PRIORITY);
		k->nr_boost_reclaim = 0;
		balance_restart(pgdat);
		sc.priority = k->priority;
	}
	if (!k->nr_boost_reclaim && balanced) {
		reclaim_narrate(sim, "priority %d: node %d is balanced at order %d (a zone up to %s "
				"meets its high mark); balance_pgdat returns", sc.priority,
				pgdat->node_id, sc.order, zone_names[k->highest_zoneidx]);
		return ROUND_OUT;
	}
	if (k->nr_boost_reclaim && sc.priority == DEF_PRIORITY - 2)
		raise_priority = false;
	sc.may_writepage = !sim->vm.laptop_mode && !k->nr_boost_reclaim;
	sc.may_swap = !k->nr_boost_reclaim;
	age_active_anon_6_1(sim, pgdat, &sc);
	if (sc.priority < DEF_PRIORITY - 2)
		sc.may_writepage = true;
	balance_check_text(pgdat, sc.order, k->highest_zoneidx, check, sizeof(check));
	sc.nr_scanned = 0;
	if (kswapd_shrink_node(sim, pgdat, &sc))
		raise_priority = false;
	round = sc.nr_reclaimed - k->nr_reclaimed;
	reclaim_narrate(sim, "priority %d: node %d %s (%s); scanned %lu, reclaimed %lu%s",
			sc.priority, pgdat->node_id, k->nr_boost_reclaim ? "reclaims its boost" :
			"is not balanced", check, sc.nr_scanned, round,
			k->nr_boost_reclaim ? " [no writeback, no swap]" : "");
	k->nr_boost_reclaim -= k->nr_boost_reclaim < round ? k->nr_boost_reclaim : round;
	k->nr_reclaimed = sc.nr_reclaimed;
	k->may_writepage = sc.may_writepage;
	k->may_swap = sc.may_swap;
	k->order = sc.order;
	if (k->nr_boost_reclaim && !round)
		return ROUND_END;	/* boosting and nothing came: give up */
	if (raise_priority || !round)
		k->priority--;
	return k->priority >= 1 ? ROUND_MORE : ROUND_END;
}

/* The do-while ended without goto out: a run that reclaimed nothing at
 * any priority counts a failure (4.11). */
static void balance_failed_check(struct sim *sim, struct pglist_data *pgdat)
{
	if (pgdat->kswapd.nr_reclaimed)
		return;
	pgdat->kswapd_failures++;
	reclaim_narrate(sim, "kswapd%d: balance_pgdat reclaimed nothing (kswapd_failures %d of %d)",
			pgdat->node_id, pgdat->kswapd_failures, MAX_RECLAIM_RETRIES);
}

/* ---- the thread ---- */

/* Models: the first half of kswapd_try_to_sleep() (6.1). Balanced at the
 * order reclaimed for: clear the compaction skip hints, hand @alloc_order
 * on to kcompactd and nap HZ/10. Return: true if napping. */
static bool kswapd_try_to_nap_6_1(struct sim *sim, struct pglist_data *pgdat)
{
	struct kswapd_ctl *k = &pgdat->kswapd;

	if (!prepare_kswapd_sleep_6_1(pgdat, k->reclaim_order, k->highest_zoneidx)) {
		/* remaining is 0 and the node is still not balanced */
		count_vm_events(sim, KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
		reclaim_narrate(sim, "node %d is not balanced at order %d "
				"(kswapd_high_wmark_hit_quickly); balancing again", pgdat->node_id,
				k->reclaim_order);
		return false;
	}
	reset_isolation_suitable(sim, pgdat->node_id);
	wakeup_kcompactd(sim, pgdat->node_id, k->alloc_order, k->highest_zoneidx);
	k->state = KTHREAD_NAPPING;
	k->wake_at = kthread_jiffies(sim) + RECLAIM_WAIT_JIFFIES;
	k->woken_early = false;
	k->resume = KS_NAP_END;
	reclaim_narrate(sim, "node %d balanced (order %d, up to %s); napping HZ/10 before "
			"sleeping", pgdat->node_id, k->reclaim_order, zone_names[k->highest_zoneidx]);
	return true;
}

/* Models: the second half of kswapd_try_to_sleep() (6.1), after the nap.
 * Woken early: kswapd's own order and zone go back into the request, so
 * the next balance_pgdat covers both. Return: true if kswapd sleeps. */
static bool kswapd_nap_end_6_1(struct sim *sim, struct pglist_data *pgdat)
{
	struct kswapd_ctl *k = &pgdat->kswapd;
	struct trace_event *ev;
	bool remaining = k->woken_early;

	k->woken_early = false;
	if (remaining) {
		k->classzone_idx = kswapd_highest_zoneidx(pgdat, k->highest_zoneidx);
		if (k->max_order < k->reclaim_order)
			k->max_order = k->reclaim_order;
	}
	if (!remaining && prepare_kswapd_sleep_6_1(pgdat, k->reclaim_order, k->highest_zoneidx)) {
		ev = trace_emit(sim, TRACE_mm_vmscan_kswapd_sleep);
		ev->nid = (uint8_t)pgdat->node_id;
		k->state = KTHREAD_SLEEPING;
		k->resume = KS_AFTER_SLEEP;
		reclaim_narrate(sim, "node %d still balanced after the nap; sleeping until woken",
				pgdat->node_id);
		return true;
	}
	count_vm_events(sim, remaining ? KSWAPD_LOW_WMARK_HIT_QUICKLY :
			KSWAPD_HIGH_WMARK_HIT_QUICKLY, 1);
	reclaim_narrate(sim, "node %d: %s during the nap (%s); balancing again", pgdat->node_id,
			remaining ? "woken" : "the node fell below high",
			remaining ? "kswapd_low_wmark_hit_quickly" : "kswapd_high_wmark_hit_quickly");
	k->resume = KS_AFTER_SLEEP;
	return false;
}

/* Models: kswapd() (6.1) after kswapd_try_to_sleep(): read the request
 * and reset it, then balance_pgdat(). */
static void kswapd_take_request(struct sim *sim, struct pglist_data *pgdat)
{
	struct kswapd_ctl *k = &pgdat->kswapd;

	k->alloc_order = k->max_order;
	k->highest_zoneidx = kswapd_highest_zoneidx(pgdat, k->highest_zoneidx);
	k->max_order = 0;
	k->classzone_idx = NO_ZONEIDX;
	balance_begin(sim, pgdat);
}

/* Models: the top of kswapd()'s loop (6.1): the pending order (raised
 * while it reclaimed) is the one both to sleep at and to hand on. */
static void kswapd_loop_top(struct pglist_data *pgdat)
{
	struct kswapd_ctl *k = &pgdat->kswapd;

	k->alloc_order = k->reclaim_order = k->max_order;
	k->highest_zoneidx = kswapd_highest_zoneidx(pgdat, k->highest_zoneidx);
}

/* kswapd()'s loop, stepped: a few transitions, then one round or a nap;
 * never more. */
static void kswapd_run_6_1(struct sim *sim, struct pglist_data *pgdat)
{
	struct kswapd_ctl *k = &pgdat->kswapd;

	if (k->state == KTHREAD_NAPPING) {	/* the timeout expired */
		k->state = KTHREAD_RUNNING;
		k->resume = KS_NAP_END;
	}
	if (kthread_jiffies(sim) < k->stall_until)
		return;				/* throttled */
	for (int guard = 0; guard < 8; guard++) {
		enum round_result r;

		switch (k->resume) {
		case KS_NAP_END:
			if (kswapd_nap_end_6_1(sim, pgdat))
				return;
			break;
		case KS_AFTER_SLEEP:
			kswapd_take_request(sim, pgdat);
			break;
		case KS_LOOP_TOP:
			kswapd_loop_top(pgdat);
			/* fall through */
		case KS_TRY_SLEEP:
			if (kswapd_try_to_nap_6_1(sim, pgdat))
				return;
			k->resume = KS_AFTER_SLEEP;
			break;
		case KS_BALANCE:
		default:
			k->rounds++;
			r = balance_pgdat_round_6_1(sim, pgdat);
			if (r == ROUND_MORE)
				return;
			if (r == ROUND_END)
				balance_failed_check(sim, pgdat);
			k->reclaim_order = balance_end(sim, pgdat);
			k->resume = k->reclaim_order < k->alloc_order ? KS_TRY_SLEEP : KS_LOOP_TOP;
			if (r == ROUND_END)
				return;	/* that round reclaimed: its cost first */
			break;	/* a balance check only: on to the nap in this step */
		}
	}
}

/* One step of kswapdN, on the CPU core/sched.c's run_kthread() picked
 * (kswapd_cpu: beside its waker): what it reclaims is freed to that CPU's
 * per-cpu lists. */
void kswapd_step_6_1(struct sim *sim, int nid)
{
	struct pglist_data *pgdat;

	if (nid < 0 || nid >= sim->nr_nodes)
		return;		/* refused: no such node */
	pgdat = sim->node_data[nid];
	if (pgdat->kswapd.state == KTHREAD_SLEEPING)
		return;
	kswapd_run_6_1(sim, pgdat);
}
