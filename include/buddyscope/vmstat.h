/* include/buddyscope/vmstat.h - VM event counters and their /proc/vmstat names.
 * Models include/linux/vm_event_item.h and mm/vmstat.c vmstat_text[] (v4.5,
 * x86-64 with CONFIG_ZONE_DMA, CONFIG_ZONE_DMA32, no HIGHMEM, CONFIG_NUMA,
 * CONFIG_MIGRATION, CONFIG_COMPACTION, CONFIG_HUGETLB_PAGE,
 * CONFIG_TRANSPARENT_HUGEPAGE; no CONFIG_NUMA_BALANCING, CONFIG_MEMORY_BALLOON,
 * CONFIG_DEBUG_TLBFLUSH or CONFIG_DEBUG_VM_VMACACHE).
 * Checked against the v4.6 vmstat_text[] minus the two items that 4.6 added
 * (compact_daemon_wake with kcompactd, thp_deferred_split_page): the order
 * below is the order /proc/vmstat prints.
 */
#ifndef BUDDYSCOPE_VMSTAT_H
#define BUDDYSCOPE_VMSTAT_H

#include "buddyscope/mmzone.h"

/* Items with one counter per zone type: X(base, "prefix") -> prefix_dma ... */
#define VM_EVENT_ITEMS(X, Z)						\
	X(PGPGIN, "pgpgin")						\
	X(PGPGOUT, "pgpgout")						\
	X(PSWPIN, "pswpin")						\
	X(PSWPOUT, "pswpout")						\
	Z(PGALLOC, "pgalloc")						\
	X(PGFREE, "pgfree")						\
	X(PGACTIVATE, "pgactivate")					\
	X(PGDEACTIVATE, "pgdeactivate")					\
	X(PGFAULT, "pgfault")						\
	X(PGMAJFAULT, "pgmajfault")					\
	X(PGLAZYFREED, "pglazyfreed")					\
	Z(PGREFILL, "pgrefill")						\
	Z(PGSTEAL_KSWAPD, "pgsteal_kswapd")				\
	Z(PGSTEAL_DIRECT, "pgsteal_direct")				\
	Z(PGSCAN_KSWAPD, "pgscan_kswapd")				\
	Z(PGSCAN_DIRECT, "pgscan_direct")				\
	X(PGSCAN_DIRECT_THROTTLE, "pgscan_direct_throttle")		\
	X(ZONE_RECLAIM_FAILED, "zone_reclaim_failed")			\
	X(PGINODESTEAL, "pginodesteal")					\
	X(SLABS_SCANNED, "slabs_scanned")				\
	X(KSWAPD_INODESTEAL, "kswapd_inodesteal")			\
	X(KSWAPD_LOW_WMARK_HIT_QUICKLY, "kswapd_low_wmark_hit_quickly")	\
	X(KSWAPD_HIGH_WMARK_HIT_QUICKLY, "kswapd_high_wmark_hit_quickly") \
	X(PAGEOUTRUN, "pageoutrun")					\
	X(ALLOCSTALL, "allocstall")					\
	X(PGROTATED, "pgrotated")					\
	X(DROP_PAGECACHE, "drop_pagecache")				\
	X(DROP_SLAB, "drop_slab")					\
	X(PGMIGRATE_SUCCESS, "pgmigrate_success")			\
	X(PGMIGRATE_FAIL, "pgmigrate_fail")				\
	X(COMPACTMIGRATE_SCANNED, "compact_migrate_scanned")		\
	X(COMPACTFREE_SCANNED, "compact_free_scanned")			\
	X(COMPACTISOLATED, "compact_isolated")				\
	X(COMPACTSTALL, "compact_stall")				\
	X(COMPACTFAIL, "compact_fail")					\
	X(COMPACTSUCCESS, "compact_success")				\
	X(COMPACTDAEMON_WAKE, "compact_daemon_wake")	/* v4.6, kcompactd */	\
	X(HTLB_BUDDY_PGALLOC, "htlb_buddy_alloc_success")		\
	X(HTLB_BUDDY_PGALLOC_FAIL, "htlb_buddy_alloc_fail")		\
	X(UNEVICTABLE_PGCULLED, "unevictable_pgs_culled")		\
	X(UNEVICTABLE_PGSCANNED, "unevictable_pgs_scanned")		\
	X(UNEVICTABLE_PGRESCUED, "unevictable_pgs_rescued")		\
	X(UNEVICTABLE_PGMLOCKED, "unevictable_pgs_mlocked")		\
	X(UNEVICTABLE_PGMUNLOCKED, "unevictable_pgs_munlocked")		\
	X(UNEVICTABLE_PGCLEARED, "unevictable_pgs_cleared")		\
	X(UNEVICTABLE_PGSTRANDED, "unevictable_pgs_stranded")		\
	X(THP_FAULT_ALLOC, "thp_fault_alloc")				\
	X(THP_FAULT_FALLBACK, "thp_fault_fallback")			\
	X(THP_COLLAPSE_ALLOC, "thp_collapse_alloc")			\
	X(THP_COLLAPSE_ALLOC_FAILED, "thp_collapse_alloc_failed")	\
	X(THP_SPLIT_PAGE, "thp_split_page")				\
	X(THP_SPLIT_PAGE_FAILED, "thp_split_page_failed")		\
	X(THP_SPLIT_PMD, "thp_split_pmd")				\
	X(THP_ZERO_PAGE_ALLOC, "thp_zero_page_alloc")			\
	X(THP_ZERO_PAGE_ALLOC_FAILED, "thp_zero_page_alloc_failed")	\
	X(OOM_KILL, "oom_kill")	/* 4.13: counted always, printed by no 4.x kernel */ \
	/* counted always, printed by 6.1 only (kernel.h: vmstat_absent): */	\
	X(COMPACTDAEMON_MIGRATE_SCANNED, "compact_daemon_migrate_scanned")	\
	X(COMPACTDAEMON_FREE_SCANNED, "compact_daemon_free_scanned")	\
	Z(ALLOCSTALL_ZONE, "allocstall")	/* 4.8: by the request's highest zone */ \
	Z(PGSKIP, "pgskip")		/* 4.8: node LRU pages above reclaim_idx */ \
	X(PGSCAN_ANON, "pgscan_anon")					\
	X(PGSCAN_FILE, "pgscan_file")					\
	X(PGSTEAL_ANON, "pgsteal_anon")					\
	X(PGSTEAL_FILE, "pgsteal_file")

enum vm_event_item {
#define X(id, name) id,
#define Z(id, name) id##_DMA, id##_DMA32, id##_NORMAL, id##_MOVABLE,
	VM_EVENT_ITEMS(X, Z)
#undef X
#undef Z
	NR_VM_EVENT_ITEMS
};

/* The /proc/vmstat name of event @i ("pgalloc_dma32"). */
const char *vm_event_name(enum vm_event_item i);
/* The /proc/zoneinfo and /proc/vmstat name of zone item @i. */
const char *zone_stat_name(enum zone_stat_item i);

/* ---- fragmentation indices (mm/vmstat.c, CONFIG_COMPACTION) ---- */

/* Models: struct contig_page_info - what fill_contig_page_info() counts. */
struct contig_page_info {
	unsigned long	free_pages;		/* sum of nr_free[o] << o */
	unsigned long	free_blocks_total;	/* sum of nr_free[o] */
	unsigned long	free_blocks_suitable;	/* order-@order blocks the free
						 * blocks of order >= @order hold */
};

/* Models: fill_contig_page_info() over a zone's free_area[].nr_free. */
void fill_contig_page_info(const struct zone *z, unsigned int suitable_order,
			   struct contig_page_info *info);
/* The same over a copy of nr_free[MAX_ORDER] (for the history samples). */
void fill_contig_page_info_nr(const unsigned long nr_free[MAX_ORDER],
			      unsigned int suitable_order, struct contig_page_info *info);
/* Models: __fragmentation_index(): 0 with no free block or order >= MAX_ORDER,
 * -1000 when a suitable block exists, else
 * 1000 - (1000 + free_pages * 1000 / 2^order) / free_blocks_total. */
int fragmentation_index_info(unsigned int order, const struct contig_page_info *info);
/* Models: unusable_free_index(): 1000 with no free page, else
 * (free_pages - (free_blocks_suitable << order)) * 1000 / free_pages. */
int unusable_free_index(unsigned int order, const struct contig_page_info *info);

#endif
