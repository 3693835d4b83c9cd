/* include/buddyscope/mmzone.h - nodes, zones, free_area, pages.
 * Models include/linux/mmzone.h and include/linux/mm_types.h (v4.5, x86-64).
 *
 * Caveat first: every pointer to these structs that the app gets from an
 * accessor is const and valid only until the next call that changes the sim
 * (a command, sim_step, an import). Copy what you keep.
 */
#ifndef BUDDYSCOPE_MMZONE_H
#define BUDDYSCOPE_MMZONE_H

#include <stdbool.h>
#include <stdint.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define MAX_ORDER		11		/* orders 0..10 */
#define MAX_ORDER_NR_PAGES	(1UL << (MAX_ORDER - 1))
#define PAGE_ALLOC_COSTLY_ORDER	3
#define pageblock_order		9		/* HUGETLB_PAGE_ORDER on x86-64 */
#define pageblock_nr_pages	(1UL << pageblock_order)
#define SWAP_CLUSTER_MAX	32UL

/* 16 nodes and 512 cpus: the real machines people import (a 16-node
 * server, 128-512 cpus). A zone's id in struct page is 5 bits: the zones
 * with memory are numbered first (mm_init.c), at most ZONE_ID_NONE of them. */
#define MAX_NUMNODES		16
#define NR_CPUS			512
#define PFN_NONE		((unsigned long)-1)
/* pfns are kept in 32 bits in struct page links: 2^31 pages = 8 TiB */
#define MAX_PFN_LIMIT		(1UL << 31)

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,			/* the number of types on the pcp lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_CMA,
	MIGRATE_ISOLATE,			/* can't allocate from here */
	MIGRATE_TYPES
};

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	MAX_NR_ZONES
};

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	NR_WMARK
};

/* zone->flags bits (enum zone_flags, v4.5) */
enum zone_flags {
	ZONE_RECLAIM_LOCKED,
	ZONE_OOM_LOCKED,
	ZONE_CONGESTED,
	ZONE_DIRTY,
	ZONE_WRITEBACK,
	ZONE_FAIR_DEPLETED,
	ZONE_BOOSTED_WATERMARK,		/* 6.1: a fallback boosted it; wake kswapd */
	ZONE_RECLAIM_ACTIVE,		/* 6.1: kswapd reclaims the node (pcp high cut) */
};

/* Per-zone counters (enum zone_stat_item, v4.5 order: /proc/zoneinfo and
 * /proc/vmstat print them in this order; names live in vmstat.c). */
#define ZONE_STAT_ITEMS(X)						\
	X(NR_FREE_PAGES, "nr_free_pages")				\
	X(NR_ALLOC_BATCH, "nr_alloc_batch")				\
	X(NR_INACTIVE_ANON, "nr_inactive_anon")				\
	X(NR_ACTIVE_ANON, "nr_active_anon")				\
	X(NR_INACTIVE_FILE, "nr_inactive_file")				\
	X(NR_ACTIVE_FILE, "nr_active_file")				\
	X(NR_UNEVICTABLE, "nr_unevictable")				\
	X(NR_MLOCK, "nr_mlock")						\
	X(NR_ANON_PAGES, "nr_anon_pages")				\
	X(NR_FILE_MAPPED, "nr_mapped")					\
	X(NR_FILE_PAGES, "nr_file_pages")				\
	X(NR_FILE_DIRTY, "nr_dirty")					\
	X(NR_WRITEBACK, "nr_writeback")					\
	X(NR_SLAB_RECLAIMABLE, "nr_slab_reclaimable")			\
	X(NR_SLAB_UNRECLAIMABLE, "nr_slab_unreclaimable")		\
	X(NR_PAGETABLE, "nr_page_table_pages")				\
	X(NR_KERNEL_STACK, "nr_kernel_stack")				\
	X(NR_UNSTABLE_NFS, "nr_unstable")				\
	X(NR_BOUNCE, "nr_bounce")					\
	X(NR_VMSCAN_WRITE, "nr_vmscan_write")				\
	X(NR_VMSCAN_IMMEDIATE, "nr_vmscan_immediate_reclaim")		\
	X(NR_WRITEBACK_TEMP, "nr_writeback_temp")			\
	X(NR_ISOLATED_ANON, "nr_isolated_anon")				\
	X(NR_ISOLATED_FILE, "nr_isolated_file")				\
	X(NR_SHMEM, "nr_shmem")						\
	X(NR_DIRTIED, "nr_dirtied")					\
	X(NR_WRITTEN, "nr_written")					\
	X(NR_PAGES_SCANNED, "nr_pages_scanned")				\
	X(NUMA_HIT, "numa_hit")						\
	X(NUMA_MISS, "numa_miss")					\
	X(NUMA_FOREIGN, "numa_foreign")					\
	X(NUMA_INTERLEAVE_HIT, "numa_interleave")			\
	X(NUMA_LOCAL, "numa_local")					\
	X(NUMA_OTHER, "numa_other")					\
	X(WORKINGSET_REFAULT, "workingset_refault")			\
	X(WORKINGSET_ACTIVATE, "workingset_activate")			\
	X(WORKINGSET_NODERECLAIM, "workingset_nodereclaim")		\
	X(NR_ANON_TRANSPARENT_HUGEPAGES, "nr_anon_transparent_hugepages") \
	X(NR_FREE_CMA_PAGES, "nr_free_cma")

enum zone_stat_item {
#define X(id, name) id,
	ZONE_STAT_ITEMS(X)
#undef X
	NR_VM_ZONE_STAT_ITEMS
};

/*
 * A doubly linked list link, as the kernel's struct list_head, but with
 * 32-bit ids instead of pointers so that struct page stays at 16 bytes.
 * An id below LIST_HEAD_BIT is a pfn (the link inside that struct page); an
 * id with LIST_HEAD_BIT set names a list head in memmap->heads[].
 */
#define LIST_HEAD_BIT		0x80000000u
struct list_link {
	uint32_t	next;
	uint32_t	prev;
};

/* page->flags bits (a subset of enum pageflags, plus our own bookkeeping) */
enum pageflags {
	PG_buddy	= 1u << 0,	/* head of a free block in free_area (PageBuddy) */
	PG_pcp		= 1u << 1,	/* head of a block on a per-cpu list; ->order
					 * is its order (0 under 4.x) */
	PG_head		= 1u << 2,	/* first page of an allocated block; order in ->order */
	PG_reserved	= 1u << 3,	/* present but not managed (bootmem, kernel image) */
	PG_nomem	= 1u << 4,	/* hole: no memory behind this pfn */
	PG_lru		= 1u << 5,	/* on an LRU list of its zone */
	PG_active	= 1u << 6,
	PG_referenced	= 1u << 7,
	PG_dirty	= 1u << 8,
	PG_writeback	= 1u << 9,
	PG_swapbacked	= 1u << 10,	/* anonymous memory */
	PG_unevictable	= 1u << 11,	/* mlocked */
	PG_young	= 1u << 12,	/* a PTE mapping it was accessed: page_referenced() */
	PG_isolated	= 1u << 13,	/* taken off the LRU by reclaim or compaction */
	PG_reclaim	= 1u << 14,	/* reclaim wants it as soon as writeback ends */
	PG_slab		= 1u << 15,	/* kernel slab page (NR_SLAB_*), not on an LRU */
};

enum lru_list {
	LRU_INACTIVE_ANON,
	LRU_ACTIVE_ANON,
	LRU_INACTIVE_FILE,
	LRU_ACTIVE_FILE,
	LRU_UNEVICTABLE,
	NR_LRU_LISTS
};
#define NR_LRU_BASE	NR_INACTIVE_ANON	/* zone stat of lru L is NR_LRU_BASE + L */

static inline bool is_file_lru(enum lru_list lru)
{
	return lru == LRU_INACTIVE_FILE || lru == LRU_ACTIVE_FILE;
}

static inline bool is_active_lru(enum lru_list lru)
{
	return lru == LRU_ACTIVE_ANON || lru == LRU_ACTIVE_FILE;
}

/*
 * One record per pfn: 16 bytes. Only the first page of a free or allocated
 * block carries its order, as in the kernel (page_order()/PageBuddy).
 */
struct page {
	struct list_link lru;		/* free list, pcp list or LRU link */
	uint32_t	private;	/* allocated: owner pid (0 = the kernel) */
	uint16_t	flags;		/* enum pageflags */
	uint8_t		order;		/* PageBuddy or PG_head: block order */
	uint8_t		zone_mt;	/* bits 0-4: zone id (nid*MAX_NR_ZONES+zid),
					 * bits 5-7: cached migratetype (pcp) */
};

#define ZONE_ID_NONE		0x1f

/* The zone id bits hold the id XOR ZONE_ID_XOR: so the record of a page of
 * node 0's Normal zone (most of a large machine) that nobody uses is all
 * zero bytes, as fresh host memory is, and boot need not write it. */
#define ZONE_ID_XOR		ZONE_NORMAL

static inline unsigned int page_zone_id(const struct page *p)
{
	return (p->zone_mt & 0x1fu) ^ ZONE_ID_XOR;
}

/* The zone_mt bits of a record of zone @id (migratetype bits 0). */
static inline uint8_t zone_mt_of(unsigned int id)
{
	return (uint8_t)(id ^ ZONE_ID_XOR);
}

static inline unsigned int get_pcppage_migratetype(const struct page *p)
{
	return p->zone_mt >> 5;
}

static inline void set_pcppage_migratetype(struct page *p, unsigned int mt)
{
	p->zone_mt = (uint8_t)((p->zone_mt & 0x1f) | (mt << 5));
}

/*
 * The simulated mem_map: every pfn from 0 to max_pfn has a struct page,
 * holes included (PG_nomem), as with a flat memory model. List heads for the
 * free lists and pcp lists live in heads[]. Pageblock flags (3 bits of
 * migratetype, 1 skip bit) are one byte per pageblock, kept apart from pages.
 *
 * pages[] and pageblock_flags[] are const: core/ writes them only through
 * page_w() and pageblock_flags_w() (core/internal.h), which save the old
 * content for time travel first (buddyscope/snapshot.h).
 */
struct snap_region;
struct memmap {
	const struct page *pages;	/* owned; [max_pfn] */
	unsigned long	max_pfn;
	struct list_link *heads;	/* owned; [nr_heads] */
	uint32_t	nr_heads;
	const uint8_t	*pageblock_flags; /* owned; [max_pfn >> pageblock_order + 1] */
	struct snap_region *pages_rgn;	/* borrowed from the sim's snapshot */
	struct snap_region *pageblock_rgn;
	uint8_t		*pages_saved;	/* pages_rgn->saved, one load nearer */
};

/* THREAD_SIZE in KiB on x86-64 (16 KiB since 3.15): NR_KERNEL_STACK counts
 * stacks; 4.9+ prints their KiB (vmstat's nr_kernel_stack, the OOM report's
 * kernel_stack:) */
#define THREAD_SIZE_KB		16

#define PB_migrate_mask		0x7
#define PB_migrate_skip		0x8
/* No memory map at the pageblock's first pfn as the kernel's pfn walkers
 * see it (a memory hole that 5.x's 2 MiB subsections leave out, where 4.x
 * went by 128 MiB sections): pagetypeinfo does not count it. Set only by an
 * import, where the real table counted fewer pageblocks than the zone has. */
#define PB_nomap		0x10
/* The pageblock is one whole anonymous THP (an order-9 fault, HPAGE_PMD_ORDER
 * = pageblock_order), which the model keeps as 512 order-0 LRU pages
 * (workload.c): counted in NR_ANON_TRANSPARENT_HUGEPAGES until the first of
 * its pages is freed (unmap, exit, reclaim, migration), as a split THP is no
 * longer counted. */
#define PB_anon_thp		0x20

struct free_area {
	uint32_t	free_list[MIGRATE_TYPES];	/* list head ids */
	unsigned long	nr_free;			/* blocks, all types */
	/* SIMPLIFICATION: blocks per type; the kernel counts lists when it
	 * prints pagetypeinfo, we keep the count so screens stay cheap. */
	unsigned long	nr_free_mt[MIGRATE_TYPES];
};

/* 6.1's per-cpu lists: one per migratetype and order 0..3, plus one for
 * THP (pageblock_order); 4.x uses the first MIGRATE_PCPTYPES (order 0). */
#define NR_LOWORDER_PCP_LISTS	(MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_LISTS		(NR_LOWORDER_PCP_LISTS + 1)

struct per_cpu_pages {
	int		count;		/* pages on all lists */
	int		high;		/* flush to buddy at this count */
	int		batch;		/* refill / flush chunk */
	int		free_factor;	/* 6.1: batch scaling while freeing (nr_pcp_free) */
	uint32_t	lists[NR_PCP_LISTS];	/* list head ids, by pindex (6.1's
						 * order_to_pindex; 4.x: [mt]) */
};

struct pglist_data;

struct zone {
	/* ---- read-mostly: watermarks and reserves ---- */
	unsigned long	watermark[NR_WMARK];
	unsigned long	watermark_boost;	/* 6.1: raised by fallbacks, added to
						 * every mark (boost_watermark) */
	unsigned long	watermark_promo;	/* 6.1: WMARK_PROMO (memory tiering) */
	long		lowmem_reserve[MAX_NR_ZONES];
	unsigned long	nr_reserved_highatomic;
	unsigned long	percpu_drift_mark;
	struct pglist_data *zone_pgdat;
	struct per_cpu_pages *pageset;	/* owned; [nr_cpus] */
	int		nr_cpus;
	unsigned long	zone_start_pfn;
	unsigned long	spanned_pages;
	unsigned long	present_pages;
	unsigned long	managed_pages;
	unsigned long	cma_pages;	/* pages of a CMA area (init_cma_reserved_pageblock) */
	const char	*name;		/* static: "DMA", "DMA32", "Normal", "Movable" */
	unsigned int	inactive_ratio;
	uint8_t		zid;		/* enum zone_type */
	uint8_t		id;		/* page_zone_id(): zones with memory first (mm_init.c) */
	/* ---- the buddy allocator ---- */
	struct free_area free_area[MAX_ORDER];
	unsigned long	flags;		/* enum zone_flags bits */
	/* ---- reclaim: the v4.5 per-zone lruvec ---- */
	uint32_t	lru[NR_LRU_LISTS];	/* list head ids; add at head, scan from tail;
						 * LRU_OWNER_NODE (4.8+): the node's, in
						 * every zone of the node (pgdat->lru) */
	unsigned long	recent_rotated[2];	/* reclaim_stat: [0] anon, [1] file */
	unsigned long	recent_scanned[2];
	/* ---- compaction ---- */
	unsigned long	compact_cached_free_pfn;
	unsigned long	compact_cached_migrate_pfn[2];	/* [0] async, [1] sync */
	unsigned int	compact_considered;
	unsigned int	compact_defer_shift;
	int		compact_order_failed;
	bool		compact_blockskip_flush;
	/* 6.1: where the last skip-bit reset left the free scanner (0 until
	 * one: every free scan is then a "start" for fast_isolate_freepages) */
	unsigned long	compact_init_free_pfn;
	long		vm_stat[NR_VM_ZONE_STAT_ITEMS];
	struct memmap	*map;		/* borrowed from the sim */
};

/* wmark_pages(): the mark @wmark the allocator tests, the zone's boost
 * included (6.1 raises watermark_boost on a fallback and reads every mark
 * with it, as zoneinfo prints them; v4.5 never boosts: the mark itself). */
static inline unsigned long zone_wmark_pages(const struct zone *z, int wmark)
{
	return z->watermark[wmark] + z->watermark_boost;
}

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

static inline bool populated_zone(const struct zone *z)
{
	return z->present_pages != 0;
}

static inline bool zone_spans_pfn(const struct zone *z, unsigned long pfn)
{
	return pfn >= z->zone_start_pfn && pfn < zone_end_pfn(z);
}

static inline unsigned long zone_page_state(const struct zone *z, enum zone_stat_item i)
{
	return z->vm_stat[i] < 0 ? 0 : (unsigned long)z->vm_stat[i];
}

#define MAX_ZONES_PER_ZONELIST	(MAX_NUMNODES * MAX_NR_ZONES)

struct zoneref {
	struct zone	*zone;		/* NULL terminates the list */
	int		zone_idx;
};

struct zonelist {
	struct zoneref	_zonerefs[MAX_ZONES_PER_ZONELIST + 1];
};

enum { ZONELIST_FALLBACK, ZONELIST_NOFALLBACK, MAX_ZONELISTS };

/* What a simulated kernel thread is doing (shown on screen). */
enum kthread_state {
	KTHREAD_SLEEPING,	/* in the wait queue until woken */
	KTHREAD_RUNNING,	/* has work: runs on a CPU of its own (core/sched.c) */
	KTHREAD_NAPPING,	/* short sleep with a timeout (kswapd's HZ/10) */
};

/* Pages a node's disk queue holds under writeback at once (core/page_writeback.c). */
#define WB_QUEUE_DEPTH		1024

/* kswapd's state: the pending request and the balance_pgdat() in progress
 * (mm/vmscan.c kswapd(), v4.5). Owned by core/kswapd.c. */
struct kswapd_ctl {
	enum kthread_state state;
	uint64_t	clock_ns;	/* kswapd's own clock: it has run up to here */
	uint64_t	cpu_ns;		/* CPU time it has spent (costs.h) */
	int		max_order;	/* pgdat->kswapd_max_order: pending order */
	int		classzone_idx;	/* pgdat->classzone_idx: pending classzone */
	int		order;		/* of the balance_pgdat() being run */
	int		balance_classzone;
	int		balanced_order;
	int		balanced_classzone_idx;
	int		priority;	/* balance_pgdat's sc.priority */
	int		end_zone;
	unsigned long	nr_reclaimed;	/* this balance_pgdat() */
	unsigned long	wake_at;	/* NAPPING: jiffy to wake at */
	bool		woken_early;	/* a wakeup cut a nap short */
	unsigned long	runs;		/* balance_pgdat() calls */
	unsigned long	rounds;		/* balance_pgdat() priority rounds, all runs */
	/* ---- kswapd()'s loop, stepped (core/kswapd.c) ---- */
	int		resume;		/* where the next step continues (enum in kswapd.c) */
	int		cur_order;	/* kswapd()'s locals order, classzone_idx, */
	int		cur_classzone_idx;
	int		new_order;	/* new_order and new_classzone_idx */
	int		new_classzone_idx;
	bool		may_writepage;	/* balance_pgdat's sc.may_writepage */
	/* ---- 6.1's kswapd() and balance_pgdat() (core/kswapd_6_1.c) ----
	 * max_order and classzone_idx above are pgdat->kswapd_order and
	 * kswapd_highest_zoneidx (MAX_NR_ZONES: no request pending) */
	int		alloc_order;	/* kswapd()'s locals alloc_order, */
	int		reclaim_order;	/* reclaim_order */
	int		highest_zoneidx;	/* and highest_zoneidx */
	bool		may_swap;	/* sc.may_swap: off while boosted */
	bool		boosted;	/* this balance_pgdat began with a boost */
	unsigned long	nr_boost_reclaim;	/* boost pages still to reclaim */
	unsigned long	zone_boosts[MAX_NR_ZONES];	/* each zone's boost at the start */
	unsigned long	stall_until;	/* congestion_wait(HZ/10): no round before this jiffy */
	int		waker_cpu;	/* the CPU of the task that last woke it, */
	bool		waker_known;	/* if 6.1's wakeup_kswapd recorded it:
					 * sched.c runs kswapd on another CPU */
	/* ---- the node's slab shrinker (core/vmscan.c) ---- */
	unsigned long	shrinker_nr_deferred;	/* shrinker->nr_deferred[nid] */
	unsigned long	slab_cursor;	/* pfn where the shrinker looks for slab pages next */
	unsigned long	nr_slab_scannable; /* pages its scan can free: count_objects() */
	/* ---- the node's writeback queue (core/page_writeback.c) ---- */
	uint32_t	wb_queue[WB_QUEUE_DEPTH];	/* pfns under writeback, oldest first (a ring) */
	uint64_t	wb_done_ns;	/* when the disk completes the oldest of them */
	unsigned int	wb_head;	/* index of the oldest */
	unsigned int	wb_count;	/* pages under writeback on this node */
	unsigned long	wb_cursor;	/* pfn the flusher looks at next */
};

/* kcompactd's state (mm/compaction.c, v4.6). Owned by core/compaction.c.
 * A kcompactd_do_work() runs one zone per step: working is set from the
 * first step to the last, and order/classzone are its cc.order and
 * cc.classzone_idx, copied from the pending request when it starts. */
struct kcompactd_ctl {
	enum kthread_state state;
	uint64_t	clock_ns;	/* kcompactd's own clock */
	uint64_t	cpu_ns;		/* CPU time it has spent */
	int		max_order;	/* pgdat->kcompactd_max_order */
	int		classzone_idx;	/* pgdat->kcompactd_classzone_idx */
	unsigned long	runs;		/* kcompactd_do_work() calls (compact_daemon_wake) */
	bool		working;	/* inside a kcompactd_do_work() */
	int		order;		/* its cc.order */
	int		work_classzone;	/* its cc.classzone_idx */
	int		next_zid;	/* the next zone it looks at */
	/* ---- 6.1 (5.9 proactive compaction, core/kcompactd_6_1.c) ---- */
	bool		proactive_trigger;	/* pgdat->proactive_compact_trigger */
	unsigned long	proactive_runs;	/* proactive_compact_node() calls */
	uint64_t	timer_ns;	/* when its wait times out (the proactive
					 * check, 6.1); 0: it waits for a wakeup only */
};

struct pglist_data {
	struct zone	node_zones[MAX_NR_ZONES];
	struct zonelist	node_zonelists[MAX_ZONELISTS];
	int		nr_zones;	/* highest populated zone index + 1 */
	int		node_id;
	unsigned long	node_start_pfn;
	unsigned long	node_present_pages;
	unsigned long	node_spanned_pages;
	struct kswapd_ctl kswapd;
	struct kcompactd_ctl kcompactd;
	/* ---- 4.8+ (kernel.h LRU_OWNER_NODE): the node's lruvec ---- */
	uint32_t	lru[NR_LRU_LISTS];	/* list head ids: every zone's pages, in
						 * the order they were added; the per-zone
						 * sizes stay in each zone's vm_stat
						 * (NR_ZONE_INACTIVE_ANON...), the node's
						 * are their sums (node_page_state) */
	uint32_t	lru_skipped;	/* isolate_lru_folios' folios_skipped: empty
					 * between two calls */
	int		kswapd_failures;	/* 6.1: balance_pgdat runs that reclaimed
						 * nothing; >= 16: node unreclaimable */
	unsigned long	anon_cost;	/* 6.1 (5.9+) lruvec->anon_cost/file_cost:  */
	unsigned long	file_cost;	/* the IO reclaim cost each type, decayed by
					 * lru_note_cost(); get_scan_count's balance */
};

extern const char *const zone_names[MAX_NR_ZONES];
extern const char *const migratetype_names[MIGRATE_TYPES];

/* The node of @z (include/linux/mmzone.h zone_to_nid()). Not z->id /
 * MAX_NR_ZONES: the ids number the zones with memory first. */
static inline int zone_to_nid(const struct zone *z)
{
	return z->zone_pgdat->node_id;
}

#endif
