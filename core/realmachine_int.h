/* core/realmachine_int.h - what the real-machine parsers and the import
 * share inside core/ (realmachine.h is the public side). */
#ifndef BUDDYSCOPE_REALMACHINE_INT_H
#define BUDDYSCOPE_REALMACHINE_INT_H

#include <stdbool.h>
#include "buddyscope/realmachine.h"
#include "textparse.h"

extern const char *const real_zone_names[MAX_NR_ZONES];

/* The zone word "Device": ZONE_DEVICE, never on the buddy lists. */
#define ZID_DEVICE	MAX_NR_ZONES

/* zid of zone name word @i ("DMA" or "DMA,"): 0..3, MAX_NR_ZONES for Device,
 * -2 for HighMem, -1 unknown; and the error for the bad ones. */
int real_zone_word(const struct words *w, int i);
int real_zone_error(struct parser *ps, const struct words *w, int i, int zid);
/* "0," or "0" as a node id 0..MAX_NUMNODES-1 */
int real_node_word(struct parser *ps, const struct words *w, int i, int *nid);
/* a counter value; a negative drift printed unsigned reads as 0 */
int real_value_word(struct parser *ps, const struct words *w, int i, long *out);
/* migratetype by its pagetypeinfo name; -1 unknown */
int real_migratetype_word(const struct words *w, int i);
/* [a-z0-9_()] only: the shape of a vmstat name */
bool real_stat_name_ok(const char *s, int n);

/*
 * Store counter @name = @v into @c (a zone's, a node's or the machine's
 * counters) if it is one the import uses: LRU sizes, anon, file, slab, page
 * tables, ... nr_kernel_stack keeps the file's unit (stacks before 4.9, KiB
 * after) until realmachine_finish() knows the version. @zone: a zone's
 * section, where 4.8+ kernels spell the LRU counters nr_zone_*.
 * Return: true if the name was one of them.
 */
bool real_set_counter(struct real_machine *rm, long *c, const char *name, int n, long v,
		      bool zone);
/* A zoneinfo counter with one of our zone_stat names: kept in z->stat. */
void real_set_zone_stat(struct real_zone *z, const char *name, int n, long v);

/* Did any node's zoneinfo section name zone @zid? */
static inline bool real_have_zone(const struct real_machine *rm, int zid)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		if (rm->zones[nid][zid].line)
			return true;
	return false;
}
/* The values of a per-zone-type array (protection, lowmem_reserve[]) as
 * our zone ids index them: a kernel without DMA (@have_dma false) printed
 * them from DMA32 on. */
void real_align_zone_arrays(long *v, int *n, bool have_dma);

/* The first known of a counter: a node's zoneinfo/vmstat, its meminfo, and
 * on a one-node machine the machine-wide files. -1 if none says. */
static inline long real_node_counter(const struct real_machine *rm, int nid, int rc)
{
	if (rm->nodes[nid].c[rc] >= 0)
		return rm->nodes[nid].c[rc];
	if (rm->nodes[nid].mi[rc] >= 0)
		return rm->nodes[nid].mi[rc];
	if (rm->nr_nodes == 1)
		return rm->c[rc] >= 0 ? rm->c[rc] : rm->mi[rc];
	return -1;
}

/* Total pages in a zone's free lists, by its per-order counts. */
unsigned long real_zone_buddy_pages(const struct real_zone *z);

/* The release's version as one number: 6.1 -> 601, 4.19 -> 419; 0 unknown. */
static inline int real_version(const struct real_machine *rm)
{
	return rm->ver_major * 100 + rm->ver_minor;
}

#endif
