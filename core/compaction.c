/* core/compaction.c - STUB until the compaction model lands (being written). */
#include "buddyscope/compaction.h"

#include "internal.h"

const char *compact_result_name(int r)
{
	static const char *const names[] = { "deferred", "skipped", "continue", "partial",
		"complete", "no_suitable_page", "not_suitable_zone", "contended" };
	return r >= 0 && r <= COMPACT_CONTENDED ? names[r] : "?";
}

const char *migrate_mode_name(int mode)
{
	static const char *const names[] = { "MIGRATE_ASYNC", "MIGRATE_SYNC_LIGHT", "MIGRATE_SYNC" };
	return mode >= 0 && mode <= MIGRATE_SYNC ? names[mode] : "?";
}

int fragmentation_index(const struct zone *z, unsigned int order)
{
	(void)z; (void)order;
	return 0;
}

int compaction_suitable(const struct sim *sim, const struct zone *z, int order,
			unsigned int alloc_flags, int classzone_idx)
{
	(void)sim; (void)z; (void)order; (void)alloc_flags; (void)classzone_idx;
	return COMPACT_SKIPPED;
}

void defer_compaction(struct sim *sim, struct zone *z, int order)
{
	(void)sim; (void)z; (void)order;
}

bool compaction_deferred(struct sim *sim, struct zone *z, int order)
{
	(void)sim; (void)z; (void)order;
	return false;
}

void compaction_defer_reset(struct sim *sim, struct zone *z, int order, bool alloc_success)
{
	(void)sim; (void)z; (void)order; (void)alloc_success;
}

int try_to_compact_pages(struct sim *sim, gfp_t gfp, unsigned int order, unsigned int alloc_flags,
			 const struct alloc_context *ac, enum migrate_mode mode, int *contended)
{
	(void)sim; (void)gfp; (void)order; (void)alloc_flags; (void)ac; (void)mode;
	*contended = COMPACT_CONTENDED_NONE;
	return COMPACT_SKIPPED;
}

void compact_nodes(struct sim *sim)
{
	(void)sim;
}

void wakeup_kcompactd(struct sim *sim, int nid, int order, int classzone_idx)
{
	(void)sim; (void)nid; (void)order; (void)classzone_idx;
}

void kcompactd_step(struct sim *sim, int nid)
{
	sim->node_data[nid]->kcompactd.state = KTHREAD_SLEEPING;
}
