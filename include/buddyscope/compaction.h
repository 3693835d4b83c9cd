/* include/buddyscope/compaction.h - memory compaction.
 * Models mm/compaction.c and fragmentation_index() in mm/vmstat.c (v4.5,
 * with v4.6's kcompactd).
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

/* Models fragmentation_index(): -1000, or 0..1000. */
int fragmentation_index(const struct zone *z, unsigned int order);
/* Models compaction_suitable() (the SKIPPED/PARTIAL/CONTINUE answer). */
int compaction_suitable(const struct sim *sim, const struct zone *z, int order,
			unsigned int alloc_flags, int classzone_idx);
/* Deferral (v4.5). */
void defer_compaction(struct sim *sim, struct zone *z, int order);
bool compaction_deferred(struct sim *sim, struct zone *z, int order);
void compaction_defer_reset(struct sim *sim, struct zone *z, int order, bool alloc_success);

/**
 * try_to_compact_pages - direct compaction over @ac's zonelist.
 * Return: the highest enum compact_result seen; *contended set as the kernel
 * does.
 */
int try_to_compact_pages(struct sim *sim, gfp_t gfp, unsigned int order, unsigned int alloc_flags,
			 const struct alloc_context *ac, enum migrate_mode mode, int *contended);

/* /proc/sys/vm/compact_memory: order -1, MIGRATE_SYNC, every zone. */
void compact_nodes(struct sim *sim);

/* kcompactd (v4.6) */
void wakeup_kcompactd(struct sim *sim, int nid, int order, int classzone_idx);
void kcompactd_step(struct sim *sim, int nid);

#endif
