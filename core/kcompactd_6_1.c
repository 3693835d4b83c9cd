/* core/kcompactd_6_1.c - kcompactd's proactive compaction (Linux 5.9, as in
 * 6.1). Models mm/compaction.c (6.1): fragmentation_score_zone,
 * fragmentation_score_zone_weighted, fragmentation_score_node,
 * fragmentation_score_wmark, kswapd_is_running,
 * should_proactive_compact_node, proactive_compact_node,
 * compaction_proactiveness_sysctl_handler and the proactive half of the
 * kcompactd() loop; and extfrag_for_order() of mm/vmstat.c. The kcompactd
 * thread is core/kcompactd.c.
 *
 * A zone's fragmentation score is extfrag_for_order(zone, 9): the share of
 * its free pages (in percent) that are not in free blocks of order 9 or
 * more; the node's is the zones' scores weighted by their present pages.
 * The marks come from vm.compaction_proactiveness (default 20): low =
 * max(100 - proactiveness, 5), high = min(low + 10, 100), e.g. 20 gives
 * 80 and 90. When the node's score is above high and kswapd is not
 * running, kcompactd compacts every zone whole (order -1, sync-light, skip
 * hints ignored) until the zone's own score is at most low, or kswapd
 * starts (__compact_finished). Writing a non-zero value to the sysctl
 * triggers the check on every node at once (5.15).
 *
 * The check runs whenever kcompactd's wait times out: every
 * HPAGE_FRAG_CHECK_INTERVAL_MSEC (500 ms) of kcompactd sleeping, counted
 * from when it last went to sleep (a wakeup by kswapd restarts it), on
 * the simulated clock (sched.c runs kcompactd when kcompactd_ctl.timer_ns
 * is due). A proactive run that did not lower the node's score waits 64
 * times as long (default_timeout << COMPACT_MAX_DEFER_SHIFT: 32 s) before
 * the next check; a kcompactd_do_work() in between sets it back to 500 ms.
 * With vm.compaction_proactiveness 0 there is no timeout.
 */
#include "buddyscope/compaction.h"

#include "compaction_6_1.h"
#include "internal.h"

#define COMPACTION_HPAGE_ORDER		9	/* HPAGE_PMD_ORDER on x86-64 */

/* Models: extfrag_for_order() (vmstat.c): the percentage of free pages not
 * in free blocks of @order or more; 0 with no free page. E.g. 27579 free,
 * one order-9 block: (27579 - 512) * 100 / 27579 = 98. */
static unsigned int extfrag_for_order(const struct zone *z, unsigned int order)
{
	struct contig_page_info info;

	fill_contig_page_info(z, order, &info);
	if (!info.free_pages)
		return 0;
	return (unsigned int)((info.free_pages - (info.free_blocks_suitable << order)) * 100 /
			      info.free_pages);
}

/* Models: fragmentation_score_zone() (6.1). */
unsigned int fragmentation_score_zone(const struct zone *z)
{
	return extfrag_for_order(z, COMPACTION_HPAGE_ORDER);
}

/* Models: fragmentation_score_node() with fragmentation_score_zone_weighted()
 * (6.1): each populated zone's score * its present pages / (the node's
 * present pages + 1). */
unsigned int fragmentation_score_node(const struct pglist_data *pgdat)
{
	unsigned int score = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &pgdat->node_zones[i];

		if (populated_zone(z))
			score += (unsigned int)(z->present_pages * fragmentation_score_zone(z) /
						(pgdat->node_present_pages + 1));
	}
	return score;
}

/* Models: fragmentation_score_wmark() (6.1). */
unsigned int fragmentation_score_wmark(const struct sim *sim, bool low)
{
	int wmark_low = 100 - sim->vm.compaction_proactiveness;

	if (wmark_low < 5)
		wmark_low = 5;
	if (low)
		return (unsigned int)wmark_low;
	return wmark_low + 10 < 100 ? (unsigned int)wmark_low + 10 : 100;
}

/* Models: kswapd_is_running() (6.1): kswapd's task is runnable (not in its
 * nap or its sleep). */
bool kswapd_is_running(const struct pglist_data *pgdat)
{
	return pgdat->kswapd.state == KTHREAD_RUNNING;
}

/* Models: should_proactive_compact_node() (6.1). */
static bool should_proactive_compact_node(const struct sim *sim, const struct pglist_data *pgdat)
{
	if (!sim->vm.compaction_proactiveness || kswapd_is_running(pgdat))
		return false;
	return fragmentation_score_node(pgdat) > fragmentation_score_wmark(sim, false);
}

#define HPAGE_FRAG_CHECK_INTERVAL_MSEC	500
#define COMPACT_MAX_DEFER_SHIFT		6
#define NSEC_PER_MSEC			1000000ULL

/* Models: kcompactd()'s timeout for wait_event_freezable_timeout() (6.1):
 * default_timeout, or default_timeout << COMPACT_MAX_DEFER_SHIFT after a
 * proactive run that made no progress; MAX_SCHEDULE_TIMEOUT (no timer)
 * while vm.compaction_proactiveness is 0. */
void kcompactd_arm_timer(struct sim *sim, struct pglist_data *pgdat, bool deferred)
{
	struct kcompactd_ctl *k = &pgdat->kcompactd;
	uint64_t timeout = HPAGE_FRAG_CHECK_INTERVAL_MSEC * NSEC_PER_MSEC;

	if (!sim_kernel(sim)->kcompactd_proactive_timer || !sim->vm.compaction_proactiveness) {
		k->timer_ns = 0;
		return;
	}
	if (deferred)
		timeout <<= COMPACT_MAX_DEFER_SHIFT;
	k->timer_ns = k->clock_ns + timeout;
}

/*
 * Models: the proactive half of kcompactd()'s loop (6.1), after its wait
 * timed out or the sysctl's trigger woke it: if the node should be
 * compacted, proactive_compact_node() (every populated zone), and a longer
 * wait next if the node's score did not go down; the trigger is spent
 * either way.
 */
void kcompactd_proactive(struct sim *sim, struct pglist_data *pgdat)
{
	struct kcompactd_ctl *k = &pgdat->kcompactd;
	bool deferred = false;

	if (should_proactive_compact_node(sim, pgdat)) {
		unsigned int prev_score = fragmentation_score_node(pgdat);

		k->proactive_runs++;
		for (int i = 0; i < MAX_NR_ZONES; i++)
			if (populated_zone(&pgdat->node_zones[i]))
				proactive_compact_zone(sim, &pgdat->node_zones[i]);
		deferred = fragmentation_score_node(pgdat) >= prev_score;
	}
	k->proactive_trigger = false;
	kcompactd_arm_timer(sim, pgdat, deferred);
}

/* Models: compaction_proactiveness_sysctl_handler() (6.1): a write of a
 * non-zero value triggers proactive compaction on every node at once (a
 * node already triggered is left as it is). */
void kcompactd_proactiveness_changed(struct sim *sim)
{
	/* only 6.1 has the sysctl (kernel.h sysctls), so only 6.1 gets here */
	if (!sim->vm.compaction_proactiveness)
		return;
	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		struct kcompactd_ctl *k = &sim->node_data[nid]->kcompactd;

		if (k->proactive_trigger)
			continue;
		k->proactive_trigger = true;
		if (k->state != KTHREAD_RUNNING) {
			k->state = KTHREAD_RUNNING;
			kthread_wake_clock(sim, &k->clock_ns);
		}
	}
}
