/* include/buddyscope/buddy.h - free_area lists: split, merge, fallback, steal.
 * Models mm/page_alloc.c (v4.5): __rmqueue_smallest, expand, __rmqueue,
 * __rmqueue_fallback, steal_suitable_fallback, move_freepages_block,
 * __free_one_page, reserve_highatomic_pageblock,
 * unreserve_highatomic_pageblock.
 *
 * These work below the per-cpu lists, on one zone, and do not emit the
 * mm_page_alloc/mm_page_free events (the callers in page_alloc.c do); they
 * do emit mm_page_alloc_zone_locked and mm_page_alloc_extfrag.
 */
#ifndef BUDDYSCOPE_BUDDY_H
#define BUDDYSCOPE_BUDDY_H

#include <stdbool.h>
#include "buddyscope/mmzone.h"

struct sim;

/* Pageblock migratetype of the block holding @pfn. */
int get_pfnblock_migratetype(const struct sim *sim, unsigned long pfn);
void set_pageblock_migratetype(struct sim *sim, unsigned long pfn, int mt);

/**
 * rmqueue_smallest - take the first block of the smallest order >= @order
 * on the @mt lists and split it down; leftovers go on the @mt lists.
 * Return: the pfn, or PFN_NONE. NR_FREE_PAGES is not changed (the caller
 * accounts, as buffered_rmqueue/rmqueue_bulk do).
 */
unsigned long rmqueue_smallest(struct sim *sim, struct zone *z, unsigned int order, int mt);

/* Models __rmqueue: smallest, then CMA for movable, then fallback. Emits
 * mm_page_alloc_zone_locked. Return: pfn or PFN_NONE. */
unsigned long rmqueue(struct sim *sim, struct zone *z, unsigned int order, int mt);

/**
 * free_one_page - put a 2^order block at @pfn back and merge upward.
 * @mt: the migratetype whose list receives it. Adds 2^order to NR_FREE_PAGES
 * unless @mt is ISOLATE, and resets NR_PAGES_SCANNED.
 * Return: the order after merging.
 */
unsigned int free_one_page(struct sim *sim, struct zone *z, unsigned long pfn,
			   unsigned int order, int mt);

/* Models move_freepages_block: move every free block in @pfn's pageblock to
 * @mt lists. Return: pages moved. */
unsigned long move_freepages_block(struct sim *sim, struct zone *z, unsigned long pfn, int mt);

/* Move the free block headed by @pfn to @mt's list at its order: to the
 * head (4.5's list_move) or the tail (6.1's move_to_free_list). */
void move_to_free_list(struct sim *sim, struct zone *z, unsigned long pfn, int mt, bool tail);

/* Models reserve_highatomic_pageblock(page, zone, order). */
void reserve_highatomic_pageblock(struct sim *sim, struct zone *z, unsigned long pfn);
/* Models unreserve_highatomic_pageblock(ac) over a zonelist walk done by the
 * caller: one zone. Return: true if a pageblock was released. */
bool unreserve_highatomic_pageblock(struct sim *sim, struct zone *z, int mt);

/* The free block that holds @pfn (its head; *@order its order), or PFN_NONE. */
unsigned long buddy_block_of(const struct sim *sim, const struct zone *z, unsigned long pfn,
			     unsigned int *order);
/* Take the block [@pfn, @pfn + 2^@order) out of the free block @head of
 * order @cur that holds it (buddy_block_of()'s answer, which the caller has
 * already looked up), splitting that block as expand() does (trace replay:
 * the kernel's choice). Return: the free list's migratetype, or -1 if
 * @head is PFN_NONE or does not hold it all. NR_FREE_PAGES is the caller's
 * to account. */
int buddy_take_at(struct sim *sim, struct zone *z, unsigned long head, unsigned int cur,
		  unsigned long pfn, unsigned int order);

/* Models find_suitable_fallback / can_steal_fallback (for tests and the TUI). */
int find_suitable_fallback(const struct sim *sim, const struct zone *z, unsigned int order, int migratetype,
			   bool only_stealable, bool *can_steal);

#endif
