/* core/kcompactd.c - the background compaction thread, one per node.
 * Models the kcompactd section of mm/compaction.c (v4.6): wakeup_kcompactd,
 * kcompactd_node_suitable, kcompactd_do_work and the kcompactd() loop.
 *
 * kswapd, about to sleep after reclaiming for an order > 0 request, wakes
 * kcompactd with that order and classzone; kcompactd compacts the zones
 * up to the classzone in SYNC_LIGHT mode and sleeps again. It is woken only
 * if some zone is worth compacting (compaction_suitable says CONTINUE).
 */
#include "buddyscope/compaction.h"

#include "buddyscope/watermark.h"
#include "compaction_internal.h"
#include "internal.h"

/* Models: kcompactd_node_suitable(): some zone up to the classzone would
 * compact for the pending order. */
static bool kcompactd_node_suitable(struct sim *sim, const struct pglist_data *pgdat)
{
	const struct kcompactd_ctl *k = &pgdat->kcompactd;

	for (int zid = 0; zid <= k->classzone_idx && zid < MAX_NR_ZONES; zid++) {
		const struct zone *z = &pgdat->node_zones[zid];

		if (populated_zone(z) &&
		    compaction_suitable(sim, z, k->max_order, 0, k->classzone_idx) == COMPACT_CONTINUE)
			return true;
	}
	return false;
}

/* Models: wakeup_kcompactd() (v4.6). A running kcompactd (not on its wait
 * queue) only records the request; it picks it up when its work is done. */
void wakeup_kcompactd(struct sim *sim, int nid, int order, int classzone_idx)
{
	struct pglist_data *pgdat;
	struct kcompactd_ctl *k;

	if (nid < 0 || nid >= sim->nr_nodes || order >= MAX_ORDER || classzone_idx < 0 ||
	    classzone_idx >= MAX_NR_ZONES)
		return;		/* refused: no such node, order or class zone */
	pgdat = sim->node_data[nid];
	k = &pgdat->kcompactd;
	if (order <= 0)
		return;
	if (k->max_order < order)
		k->max_order = order;
	if (k->classzone_idx > classzone_idx)
		k->classzone_idx = classzone_idx;
	if (k->state != KTHREAD_SLEEPING)
		return;
	if (!kcompactd_node_suitable(sim, pgdat))
		return;
	k->state = KTHREAD_RUNNING;
	kthread_wake_clock(sim, &k->clock_ns);
}

/*
 * One zone of kcompactd_do_work() (v4.6): SYNC_LIGHT, skip hints ignored,
 * gfp_mask 0 (any free block of the order will do). Success resets the
 * deferral as direct compaction's "likely" does; a full run without it
 * defers, since the mode is sync. Return: true if compact_zone() ran.
 */
bool kcompactd_do_zone(struct sim *sim, struct zone *z, const struct kcompactd_ctl *k)
{
	struct compact_control cc;
	int status;

	if (!populated_zone(z))
		return false;
	if (compaction_deferred(sim, z, k->order))
		return false;
	if (compaction_suitable(sim, z, k->order, 0, z->zid) != COMPACT_CONTINUE)
		return false;
	cc_init(&cc, z, k->order, 0, MIGRATE_SYNC_LIGHT, 0, k->work_classzone, true);
	status = compact_zone(sim, z, &cc);
	SIM_BUG_ON(cc.nr_freepages || cc.nr_migratepages);
	/* 5.x's kcompactd counters (only 6.1's /proc/vmstat prints them) */
	count_vm_events(sim, COMPACTDAEMON_MIGRATE_SCANNED, cc.migrate_scanned);
	count_vm_events(sim, COMPACTDAEMON_FREE_SCANNED, cc.free_scanned);
	if (zone_watermark_ok(z, (unsigned int)k->order, z->watermark[WMARK_LOW],
			      k->work_classzone, 0))
		compaction_defer_reset(sim, z, k->order, false);
	else if (status == COMPACT_COMPLETE)
		defer_compaction(sim, z, k->order);
	return true;
}

/*
 * kcompactd's loop body, one step whenever its clock is behind the
 * machine's while RUNNING (core/sched.c). A step starts a
 * kcompactd_do_work() if none is under way (taking the pending order and
 * classzone), then walks zones 0..classzone until one has been compacted.
 * When the walk ends the pending request is cleared unless a wakeup during
 * the work asked for more (a higher order, a lower classzone); with nothing
 * pending kcompactd sleeps, else it stays RUNNING and starts again.
 * SIMPLIFICATION: one compact_zone() per step (the kernel does the whole
 * node in one go), so the screen shows which zone it is compacting.
 */
void kcompactd_step(struct sim *sim, int nid)
{
	struct pglist_data *pgdat;
	struct kcompactd_ctl *k;
	int last;

	if (nid < 0 || nid >= sim->nr_nodes)
		return;		/* refused: no such node */
	pgdat = sim->node_data[nid];
	k = &pgdat->kcompactd;

	if (!k->working) {
		/* 6.1: its wait timed out (HPAGE_FRAG_CHECK_INTERVAL_MSEC), or
		 * woken by vm.compaction_proactiveness's trigger: the
		 * proactive check (core/kcompactd_6_1.c) */
		bool timed_out = k->state == KTHREAD_SLEEPING &&
				 sim_kernel(sim)->kcompactd_proactive_timer;

		if ((timed_out && k->max_order <= 0) || k->proactive_trigger) {
			kcompactd_proactive(sim, pgdat);
			if (k->max_order <= 0)
				k->state = KTHREAD_SLEEPING;
			return;
		}
		/* timed out with work requested (a wakeup kcompactd_node_suitable
		 * refused): wait_event_freezable_timeout() says "woken" */
		if (timed_out)
			k->state = KTHREAD_RUNNING;
		if (k->max_order <= 0) {	/* !kcompactd_work_requested() */
			k->state = KTHREAD_SLEEPING;
			kcompactd_arm_timer(sim, pgdat, false);
			return;
		}
		k->working = true;
		k->order = k->max_order;
		k->work_classzone = k->classzone_idx;
		k->next_zid = 0;
		k->runs++;
		count_vm_events(sim, COMPACTDAEMON_WAKE, 1);
	}
	last = k->work_classzone < MAX_NR_ZONES ? k->work_classzone : MAX_NR_ZONES - 1;
	while (k->next_zid <= last)
		if (sim_kernel(sim)->ops->kcompactd_do_zone(sim, &pgdat->node_zones[k->next_zid++],
							    k))
			break;
	if (k->next_zid <= last)
		return;
	if (k->max_order <= k->order)
		k->max_order = 0;
	if (k->classzone_idx >= k->work_classzone)
		k->classzone_idx = pgdat->nr_zones - 1;
	k->working = false;
	/* more asked for meanwhile, or the sysctl's trigger: go on */
	k->state = k->max_order > 0 || k->proactive_trigger ? KTHREAD_RUNNING : KTHREAD_SLEEPING;
	/* 6.1: after kcompactd_do_work() the wait is the default again */
	kcompactd_arm_timer(sim, pgdat, false);
}
