/* include/buddyscope/compaction.h - memory compaction.
 * Models mm/compaction.c, mm/migrate.c migrate_pages() and
 * fragmentation_index() in mm/vmstat.c (v4.5, with v4.6's kcompactd).
 *
 * Compaction runs synchronously inside the call that asks for it (a slow
 * path stage, a kcompactd step, a command): it takes no simulated time, and
 * when a call returns no page is left isolated. Pages keep their owners:
 * a migrated page changes pfn, not task, LRU list or flags.
 */
#ifndef BUDDYSCOPE_COMPACTION_H
#define BUDDYSCOPE_COMPACTION_H

#include <stdbool.h>
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/page_alloc.h"

struct sim;

/* include/linux/compaction.h (v4.5) */
enum compact_result {
	COMPACT_DEFERRED,
	COMPACT_SKIPPED,
	COMPACT_CONTINUE,
	COMPACT_PARTIAL,
	COMPACT_COMPLETE,
	COMPACT_NO_SUITABLE_PAGE,	/* trace only */
	COMPACT_NOT_SUITABLE_ZONE,	/* trace only */
	COMPACT_CONTENDED,
};
enum { COMPACT_CONTENDED_NONE, COMPACT_CONTENDED_SCHED, COMPACT_CONTENDED_LOCK };
#define COMPACT_MAX_DEFER_SHIFT	6
#define COMPACT_CLUSTER_MAX	32

/* include/linux/migrate_mode.h */
enum migrate_mode { MIGRATE_ASYNC, MIGRATE_SYNC_LIGHT, MIGRATE_SYNC };

const char *compact_result_name(int r);		/* "partial" ... (trace strings) */
const char *migrate_mode_name(int mode);	/* "MIGRATE_ASYNC" ... */

/* Models fragmentation_index(): -1000, or 0..1000 (0 for order >= MAX_ORDER). */
int fragmentation_index(const struct zone *z, unsigned int order);
/**
 * compaction_suitable - SKIPPED, PARTIAL or CONTINUE for @order (-1: always
 * CONTINUE), with vm.extfrag_threshold. Emits mm_compaction_suitable, which
 * is all it changes (the trace ring and the clock), so a const sim will do.
 * An @order outside -1..MAX_ORDER-1 or a @classzone_idx outside
 * 0..MAX_NR_ZONES-1 is refused: SKIPPED, nothing traced.
 */
int compaction_suitable(const struct sim *sim, const struct zone *z, int order,
			unsigned int alloc_flags, int classzone_idx);
/* Deferral (v4.5). Each emits its tracepoint. */
void defer_compaction(struct sim *sim, struct zone *z, int order);
bool compaction_deferred(struct sim *sim, struct zone *z, int order);
void compaction_defer_reset(struct sim *sim, struct zone *z, int order, bool alloc_success);
/* True when the next compact_zone() clears every skip bit first. */
bool compaction_restarting(const struct zone *z, int order);

/**
 * compact_zone_order - compact one zone as direct compaction does
 * (compact_zone_order() + compact_zone()).
 * @gfp: the request's mask (its migratetype decides which free list counts
 * as success); @order: -1 compacts the whole zone.
 * Return: enum compact_result (CONTENDED is reported as PARTIAL, as the
 * kernel does); *contended gets cc->contended.
 */
int compact_zone_order(struct sim *sim, struct zone *z, int order, gfp_t gfp,
		       enum migrate_mode mode, int *contended, unsigned int alloc_flags,
		       int classzone_idx);

/**
 * try_to_compact_pages - direct compaction over @ac's zonelist.
 * Return: the highest enum compact_result seen; *contended set as the kernel
 * does.
 */
int try_to_compact_pages(struct sim *sim, gfp_t gfp, unsigned int order, unsigned int alloc_flags,
			 const struct alloc_context *ac, enum migrate_mode mode, int *contended);

/* /proc/sys/vm/compact_memory: order -1, MIGRATE_SYNC, every zone. A
 * sim_interrupted() is the writer's fatal signal: compaction stops where the
 * kernel looks for one. Return: 0, or -EINTR. */
int compact_nodes(struct sim *sim);

/* Models compact_pgdat() (v4.5): kswapd's asynchronous compaction of every
 * zone of node @nid for @order (nothing for order 0). */
void compact_pgdat(struct sim *sim, int nid, int order);

/* Models reset_isolation_suitable(pgdat): kswapd calls it on its way to
 * sleep; zones whose last compaction completed get their skip bits cleared. */
void reset_isolation_suitable(struct sim *sim, int nid);

/* kcompactd (v4.6). wakeup_kcompactd records the request and wakes the
 * thread (state RUNNING) only if some zone <= @classzone_idx would compact;
 * kcompactd_step runs kcompactd_do_work one zone per step and goes back to
 * KTHREAD_SLEEPING when no work is left. An out-of-range @nid, @order or
 * @classzone_idx is refused (nothing happens), here and in
 * reset_isolation_suitable. */
void wakeup_kcompactd(struct sim *sim, int nid, int order, int classzone_idx);
void kcompactd_step(struct sim *sim, int nid);
/* 6.1's proactive compaction (core/kcompactd_6_1.c): kcompactd's check
 * when the sysctl woke it (proactive_compact_node if the node's
 * fragmentation score is high enough), and the sysctl's trigger. */
void kcompactd_proactive(struct sim *sim, struct pglist_data *pgdat);
/* kcompactd goes back to its wait (6.1: with a timeout of
 * HPAGE_FRAG_CHECK_INTERVAL_MSEC, or 64 times that after a proactive run
 * that did not lower the node's score (@deferred); none when
 * vm.compaction_proactiveness is 0 or the kernel has no proactive check). */
void kcompactd_arm_timer(struct sim *sim, struct pglist_data *pgdat, bool deferred);
void kcompactd_proactiveness_changed(struct sim *sim);

#endif
