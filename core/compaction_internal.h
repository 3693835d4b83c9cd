/* core/compaction_internal.h - what compaction.c, compaction_scan.c,
 * kcompactd.c and migrate.c share: struct compact_control (mm/internal.h, v4.5) and the
 * scanner and migration calls between them.
 */
#ifndef BUDDYSCOPE_CORE_COMPACTION_INTERNAL_H
#define BUDDYSCOPE_CORE_COMPACTION_INTERNAL_H

#include <stdbool.h>
#include "buddyscope/compaction.h"
#include "buddyscope/trace.h"

struct sim;

/*
 * The most pages cc->migratepages can hold: 32 a batch (COMPACT_CLUSTER_MAX),
 * but 6.1's rescan of a pageblock takes the rest of it in one batch.
 */
#define COMPACT_MIGRATEPAGES_MAX	pageblock_nr_pages
/*
 * The most pages cc->freepages can hold. isolate_freepages() runs only on an
 * empty list and stops once nr_freepages >= nr_migratepages (<= 512); the
 * last block it splits is below pageblock_order, since a pageblock headed by
 * a free block of pageblock_order or more is no migration target:
 * 511 + 256 < 512 + 256.
 */
#define COMPACT_FREEPAGES_MAX	(COMPACT_MIGRATEPAGES_MAX + (pageblock_nr_pages >> 1))

/*
 * The kernel keeps the two private lists in page->lru and adds at the head;
 * here each is a stack of pfns whose top ([nr - 1]) is the list head, so
 * pages come off in the kernel's order.
 */
struct compact_control {
	unsigned long	freepages[COMPACT_FREEPAGES_MAX];	/* isolated targets */
	unsigned long	nr_freepages;
	unsigned long	migratepages[COMPACT_MIGRATEPAGES_MAX];	/* isolated sources */
	unsigned long	nr_migratepages;
	unsigned long	free_pfn;		/* isolate_freepages search base */
	unsigned long	migrate_pfn;		/* isolate_migratepages search base */
	unsigned long	last_migrated_pfn;	/* lowest source not yet drained; 0 = none */
	enum migrate_mode mode;
	bool		ignore_skip_hint;	/* scan blocks even if marked skip */
	int		order;			/* -1: /proc/sys/vm/compact_memory */
	gfp_t		gfp_mask;
	unsigned int	alloc_flags;
	int		classzone_idx;
	struct zone	*zone;
	int		contended;		/* COMPACT_CONTENDED_* */
	/* ---- 6.1's compact_control (core/compaction_6_1.c; 4.x leaves them
	 * false) ---- */
	bool		whole_zone;		/* the scanners start at the zone's ends */
	bool		ignore_block_suitable;	/* any pageblock is a migration target */
	bool		direct_compaction;	/* an allocation's, not kcompactd's */
	bool		proactive_compaction;	/* kcompactd's, by the fragmentation score */
	int		search_order;		/* fast_isolate_freepages' next order */
	unsigned int	fast_search_fail;	/* fast searches (either scanner's) that
						 * found nothing */
	int		migratetype;		/* gfp_migratetype(gfp_mask) */
	bool		rescan;			/* the last batch came from this pageblock */
	unsigned long	fast_start_pfn;		/* lowest block fast_find_migrateblock
						 * found; ~0UL: used */
	/* ---- totals of one compact_zone() run, for its narration ---- */
	unsigned long	nr_migrated;
	unsigned long	nr_migrate_failed;
	unsigned long	migrate_scanned;
	unsigned long	free_scanned;
};

/* Models compact_scanners_met(): the free scanner reached the migrate
 * scanner's pageblock (or went below it). */
static inline bool compact_scanners_met(const struct compact_control *cc)
{
	return (cc->free_pfn >> pageblock_order) <= (cc->migrate_pfn >> pageblock_order);
}

/* ---- compaction.c ---- */
/* Set up @cc for one compact_zone() run. */
void cc_init(struct compact_control *cc, struct zone *z, int order, gfp_t gfp,
	     enum migrate_mode mode, unsigned int alloc_flags, int classzone_idx,
	     bool ignore_skip_hint);
/* Models compact_zone(): Return: enum compact_result (CONTENDED as PARTIAL). */
int compact_zone(struct sim *sim, struct zone *z, struct compact_control *cc);

/* compact_node()'s walk over node @nid's zones, each run by @run
 * (compaction.c; v4.5 clears the skip bits first, 6.1 does not) */
void compact_node_zones(struct sim *sim, int nid, gfp_t gfp, bool clear_skip,
			int (*run)(struct sim *, struct zone *, struct compact_control *));
/* compaction_alloc()'s body: the head of cc->freepages, @isolate refilling
 * it when empty (v4.5's or 6.1's free scanner) */
unsigned long compaction_alloc_from(struct sim *sim, struct compact_control *cc,
				    void (*isolate)(struct sim *, struct compact_control *));

/* One migrate_pages() of the isolated batch into targets from @get_new
 * (compaction_alloc or compaction_alloc_6_1), traced and counted; what
 * failed goes back to the LRU (compaction_scan.c). Return: migrate_pages()'s. */
typedef unsigned long (*new_page_t)(struct sim *sim, unsigned long pfn, void *private);
int compact_migrate_batch(struct sim *sim, struct compact_control *cc, new_page_t get_new);
/* Push the @n pages from @pfn, split by split_free_page(), on cc->freepages.
 * Return: there is a target for every page to migrate now. */
bool compact_add_targets(struct compact_control *cc, unsigned long pfn, unsigned long n);
/* __compact_finished()'s test: a free block of @order or more on @mt's
 * list (or CMA's for movable), or one @mt may steal by fallback. */
bool compact_free_block_for(const struct sim *sim, const struct zone *z, int order, int mt);

/* fatal_signal_pending(current) */
bool compact_fatal_signal(const struct sim *sim);
/* compact_zone()'s compaction_suitable (narrated when it says no), its
 * begin trace, and its end (trace + narration naming the result). */
int compact_zone_suitable(struct sim *sim, struct zone *z, const struct compact_control *cc);
void compact_zone_begin_trace(struct sim *sim, const struct zone *z, const struct compact_control *cc);
void compact_zone_end(struct sim *sim, const struct zone *z, const struct compact_control *cc,
		      int ret, const char *result);

/* ---- compaction_scan.c: the two scanners ---- */
enum isolate_migrate { ISOLATE_ABORT, ISOLATE_NONE, ISOLATE_SUCCESS };
enum isolate_migrate isolate_migratepages(struct sim *sim, struct compact_control *cc);
/* migrate_pages() callbacks: a target page for @pfn (PFN_NONE if none is
 * left), and a target given back unused. @private is the compact_control. */
unsigned long compaction_alloc(struct sim *sim, unsigned long pfn, void *private);
void compaction_free(struct sim *sim, unsigned long pfn, void *private);
/* Free the unused targets. Return: the highest pfn freed (0 if none). */
unsigned long release_freepages(struct sim *sim, struct compact_control *cc);
/* Models reset_cached_positions() and __reset_isolation_suitable(). */
void reset_cached_positions(const struct sim *sim, struct zone *z);
unsigned long compact_free_pfn_start(const struct sim *sim, const struct zone *z,
				     unsigned long free_pfn);
void reset_isolation_suitable_zone(struct sim *sim, struct zone *z);
/* the scanners' shared tests (compaction_scan.c), for 6.1's scanners */
bool pageblock_skip(const struct sim *sim, unsigned long pfn);
bool pageblock_in_zone(const struct sim *sim, const struct zone *z, unsigned long start,
		       unsigned long end);
bool migrate_async_suitable(int mt);
void trace_isolate(struct sim *sim, const struct zone *z, enum trace_id id,
		   unsigned long start, unsigned long end, unsigned long scanned,
		   unsigned long taken);
/* Take the free block at @pfn for compaction if the zone stays at
 * @mark + its size (order 0, @alloc_flags; v4.5 low, 6.1 min with
 * ALLOC_CMA). Return: pages isolated, 0 if the watermark said no. */
unsigned long split_free_page(struct sim *sim, struct zone *z, unsigned long pfn,
			      unsigned long mark, unsigned int alloc_flags);
/* 6.1 (compaction_scan_6_1.c, compaction_migrate_6_1.c) */
unsigned long compaction_alloc_6_1(struct sim *sim, unsigned long pfn, void *private);
/* freelist_scan_limit(): 33 free-list entries a search, halved with each
 * failed one (cc->fast_search_fail) */
unsigned int freelist_scan_limit(const struct compact_control *cc);
enum isolate_migrate isolate_migratepages_6_1(struct sim *sim, struct compact_control *cc);

/* ---- migrate.c (mm/migrate.c) ---- */
typedef void (*free_page_t)(struct sim *sim, unsigned long pfn, void *private);
/**
 * migrate_pages - move every isolated page of @from (a stack of *@nr pfns)
 * to a page from @get_new. Migrated and refused pages leave @from; what is
 * left (after -ENOMEM) is for putback_movable_pages.
 * Return: pages that failed, or -ENOMEM when @get_new ran dry.
 * *@nr_succeeded: pages migrated.
 */
int migrate_pages(struct sim *sim, unsigned long *from, unsigned long *nr, new_page_t get_new,
		  free_page_t put_new, void *private, enum migrate_mode mode,
		  unsigned long *nr_succeeded);
/* Put isolated pages back on their LRU lists. */
void putback_movable_pages(struct sim *sim, unsigned long *from, unsigned long *nr);

#endif
