/* core/compaction_6_1.h - Linux 6.1's compaction vocabulary, for the 6.1
 * files of core/ (include/linux/compaction.h of 6.1). */
#ifndef BUDDYSCOPE_CORE_COMPACTION_6_1_H
#define BUDDYSCOPE_CORE_COMPACTION_6_1_H

#include <stdbool.h>
#include "buddyscope/gfp.h"

struct sim;
struct zone;
struct alloc_context;

/* enum compact_priority (6.1): lower is harder */
enum compact_priority {
	COMPACT_PRIO_SYNC_FULL,
	MIN_COMPACT_PRIORITY = COMPACT_PRIO_SYNC_FULL,
	COMPACT_PRIO_SYNC_LIGHT,
	MIN_COMPACT_COSTLY_PRIORITY = COMPACT_PRIO_SYNC_LIGHT,
	DEF_COMPACT_PRIORITY = COMPACT_PRIO_SYNC_LIGHT,
	COMPACT_PRIO_ASYNC,
	INIT_COMPACT_PRIORITY = COMPACT_PRIO_ASYNC
};

/* enum compact_result (6.1), in its order: try_to_compact_pages keeps the
 * highest of the zones' results */
enum compact_result_6_1 {
	COMPACT6_NOT_SUITABLE_ZONE,
	COMPACT6_SKIPPED,
	COMPACT6_DEFERRED,
	COMPACT6_NO_SUITABLE_PAGE,
	COMPACT6_CONTINUE,
	COMPACT6_COMPLETE,
	COMPACT6_PARTIAL_SKIPPED,
	COMPACT6_CONTENDED,
	COMPACT6_SUCCESS,
};

/* include/linux/compaction.h (6.1) */
static inline bool compaction_made_progress(int r) { return r == COMPACT6_SUCCESS; }
static inline bool compaction_failed(int r) { return r == COMPACT6_COMPLETE; }
static inline bool compaction_needs_reclaim(int r) { return r == COMPACT6_SKIPPED; }
static inline bool compaction_withdrawn(int r)
{
	return r == COMPACT6_DEFERRED || r == COMPACT6_CONTENDED ||
	       r == COMPACT6_PARTIAL_SKIPPED;
}

const char *compact_priority_name(int prio);
const char *compact_result_name_6_1(int r);
int compaction_suitable_raw_6_1(const struct sim *sim, const struct zone *z, int order,
				unsigned int alloc_flags, int highest_zoneidx);
int try_to_compact_pages_6_1(struct sim *sim, gfp_t gfp, unsigned int order,
			     unsigned int alloc_flags, const struct alloc_context *ac, int prio);
/* 6.1's compact_zone and compact_node (kernel.h ops; compaction_6_1.c) */
struct compact_control;
int compact_zone_6_1(struct sim *sim, struct zone *z, struct compact_control *cc);
void compact_node_6_1(struct sim *sim, int nid);
struct kcompactd_ctl;
/* proactive compaction (5.9; core/kcompactd_6_1.c) */
struct pglist_data;
unsigned int fragmentation_score_zone(const struct zone *z);
unsigned int fragmentation_score_node(const struct pglist_data *pgdat);
unsigned int fragmentation_score_wmark(const struct sim *sim, bool low);
bool kswapd_is_running(const struct pglist_data *pgdat);
void proactive_compact_zone(struct sim *sim, struct zone *z);
bool kcompactd_do_zone_6_1(struct sim *sim, struct zone *z, const struct kcompactd_ctl *k);
bool compaction_zonelist_suitable(const struct sim *sim, const struct alloc_context *ac,
				  unsigned int order, unsigned int alloc_flags);

#endif
