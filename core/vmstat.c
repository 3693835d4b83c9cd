/* core/vmstat.c - names of the zone counters and VM events, and the
 * fragmentation indices of /sys/kernel/debug/extfrag.
 * Models mm/vmstat.c vmstat_text[], fill_contig_page_info(),
 * __fragmentation_index() and unusable_free_index() (v4.5; the same
 * formulas in 6.1). The /proc and debugfs views that print them live in
 * procfs.c.
 */
#include "buddyscope/vmstat.h"

#include <stddef.h>

/* Models: TEXTS_FOR_ZONES() - one name per zone type, in zone order. */
static const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
#define X(id, name) name,
#define Z(id, name) name "_dma", name "_dma32", name "_normal", name "_movable",
	VM_EVENT_ITEMS(X, Z)
#undef X
#undef Z
};

static const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = {
#define X(id, name) name,
	ZONE_STAT_ITEMS(X)
#undef X
};

const char *vm_event_name(enum vm_event_item i)
{
	if ((int)i < 0 || i >= NR_VM_EVENT_ITEMS)
		return NULL;
	return vm_event_names[i];
}

const char *zone_stat_name(enum zone_stat_item i)
{
	if ((int)i < 0 || i >= NR_VM_ZONE_STAT_ITEMS)
		return NULL;
	return zone_stat_names[i];
}

/* ---- fragmentation indices ---- */

/* Models: fill_contig_page_info() (v4.5), over a copy of the counts.
 * Two order-3 blocks and one order-5 block, suitable_order 4:
 * free_pages 2*8 + 32 = 48, blocks 3, suitable 1 << (5 - 4) = 2. */
void fill_contig_page_info_nr(const unsigned long nr_free[MAX_ORDER],
			      unsigned int suitable_order, struct contig_page_info *info)
{
	info->free_pages = 0;
	info->free_blocks_total = 0;
	info->free_blocks_suitable = 0;
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		unsigned long blocks = nr_free[o];

		info->free_blocks_total += blocks;
		info->free_pages += blocks << o;
		if (o >= suitable_order)
			info->free_blocks_suitable += blocks << (o - suitable_order);
	}
}

void fill_contig_page_info(const struct zone *z, unsigned int suitable_order,
			   struct contig_page_info *info)
{
	unsigned long nr_free[MAX_ORDER];

	for (unsigned int o = 0; o < MAX_ORDER; o++)
		nr_free[o] = z->free_area[o].nr_free;
	fill_contig_page_info_nr(nr_free, suitable_order, info);
}

/*
 * Models: __fragmentation_index() (v4.5).
 * With no block of @order free, how much of the failure is shape rather
 * than amount: 1000 free order-0 pages, order 4:
 * 1000 - (1000 + 1000 * 1000 / 16) / 1000 = 1000 - 63500 / 1000 = 937.
 * Two free order-3 blocks, order 4: 1000 - (1000 + 16000 / 16) / 2 = 0.
 */
int fragmentation_index_info(unsigned int order, const struct contig_page_info *info)
{
	unsigned long requested = 1UL << order;

	if (order >= MAX_ORDER)
		return 0;	/* the kernel WARNs once and returns 0 */
	if (!info->free_blocks_total)
		return 0;
	if (info->free_blocks_suitable)
		return -1000;
	return 1000 - (int)((1000 + info->free_pages * 1000 / requested) /
			    info->free_blocks_total);
}

/*
 * Models: unusable_free_index() (v4.5).
 * The share of free memory that sits in blocks too small for @order:
 * 48 free pages of which 2 order-4 blocks (32 pages) are usable at order 4:
 * (48 - 32) * 1000 / 48 = 333, printed 0.333.
 */
int unusable_free_index(unsigned int order, const struct contig_page_info *info)
{
	if (!info->free_pages)
		return 1000;	/* no free memory: all of it unusable */
	return (int)((info->free_pages - (info->free_blocks_suitable << order)) * 1000ULL /
		     info->free_pages);
}
