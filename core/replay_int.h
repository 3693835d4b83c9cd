/* core/replay_int.h - what core/replay.c (the replay's state, simulate
 * mode, the start's hints) and core/replay_exact.c (exact mode) share. */
#ifndef BUDDYSCOPE_REPLAY_INT_H
#define BUDDYSCOPE_REPLAY_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "buddyscope/buddy.h"
#include "buddyscope/replay.h"
#include "internal.h"

/* A block the replay took off the buddy lists for a pcp list it cannot keep
 * (orders > 0) or for an allocation still to be traced. */
#define PRIVATE_TAKEN	0xfffffffeu

/* simulate: real pfn -> the simulator's block, open addressing */
struct map_slot {
	uint32_t	real;		/* REPLAY_NO_PFN: empty */
	uint32_t	sim;
	uint8_t		order;
	bool		live;		/* false: freed (a tombstone) */
};

/* An event decoded by replay_prepare() for the hot loop (replay_run.c):
 * what its lookups in the layout found, so that the loop does not repeat
 * them. 8 bytes: 4 events to a cache line where the trace's take 32. */
struct replay_op {
	uint32_t	pfn;		/* the event's */
	uint8_t		path;		/* enum replay_path */
	uint8_t		kind;		/* enum replay_kind: the outcome's row */
	uint8_t		cpu;		/* cpu_of() */
	uint8_t		zone;		/* the pfn's zone id (short paths) */
};

/* Which way an event goes. Every short path is an order-0 event on a pfn
 * inside one zone's span (the layout, which no replay changes); it checks
 * the page as it acts (a hole and reserved memory are never free, on a pcp
 * list or allocated) and sends anything else it meets to the general path,
 * replay_exact_event(), as RP_GENERAL does at once. */
enum replay_path {
	RP_GENERAL,
	RP_ALLOC,		/* mm_page_alloc: off the cpu's pcp list */
	RP_FREE,		/* mm_page_free: onto the cpu's pcp list */
	RP_FREE_BATCHED,	/* the same, unless the mm_page_free before did it */
	RP_ZONE_LOCKED,		/* off the buddy lists, allocated */
	RP_REFILL,		/* off the buddy lists onto the cpu's pcp list */
	RP_DRAIN,		/* off a pcp list onto the buddy lists */
};

struct replay {
	enum replay_mode mode;
	const struct replay_event *ev;	/* borrowed (replay_prepare()) */
	struct replay_op *ops;		/* owned; [nr_ops] */
	size_t		nr_ops;
	uint16_t	*pcp_cpu;	/* owned; [max_pfn]: cpu + 1 of a page we put on a pcp list */
	uint8_t		*owned;		/* owned; [max_pfn] (simulate): 1 at the head of a
					 * block the simulator chose for a traced allocation */
	unsigned long	max_pfn;
	struct map_slot	*map;		/* owned; [map_size] (simulate) */
	size_t		map_size;
	uint64_t	first_ts;
	bool		started;
};

/* The zone @pfn's 2^@order block lies in, or NULL where it cannot be
 * replayed (a hole, reserved memory, past the zone). */
static inline struct zone *usable_zone(struct sim *sim, unsigned long pfn, unsigned int order)
{
	unsigned long last = pfn + (1UL << order) - 1;
	struct zone *z;

	if (last >= sim->map.max_pfn || (sim->map.pages[pfn].flags & (PG_nomem | PG_reserved)))
		return NULL;
	z = page_zone(sim, pfn);
	if (!z || !zone_spans_pfn(z, last))
		return NULL;
	return z;
}

static inline int cpu_of(const struct sim *sim, const struct replay_event *ev)
{
	/* no division for a cpu the machine has (nearly every event) */
	return ev->cpu < sim->nr_cpus ? ev->cpu : ev->cpu % sim->nr_cpus;
}

/* One aligned piece [@pfn, 2^@order) leaves the buddy lists: from the free
 * block @head of order @bo that holds it. */
static inline bool replay_take_piece(struct sim *sim, struct zone *z, unsigned long head, unsigned int bo,
		       unsigned long pfn, unsigned int order)
{
	int mt = buddy_take_at(sim, z, head, bo, pfn, order);

	if (mt < 0)
		return false;
	mod_zone_page_state(z, NR_FREE_PAGES, -(1L << order));
	if (mt == MIGRATE_CMA)
		mod_zone_page_state(z, NR_FREE_CMA_PAGES, -(1L << order));
	return true;
}

/* The block at @pfn is allocated (@private: its owner, or PRIVATE_TAKEN for
 * a block taken for an allocation still to be traced). */
static inline void replay_mark_allocated(struct sim *sim, struct zone *z, unsigned long pfn, unsigned int order,
			   uint32_t private)
{
	struct page *p = page_w(&sim->map, pfn);

	p->flags = PG_head;
	p->order = (uint8_t)order;
	p->private = private;
	if (private != PRIVATE_TAKEN)
		count_vm_events(sim, (enum vm_event_item)(PGALLOC_DMA + z->zid), 1UL << order);
}

/*
 * An allocated page loses its owner as it is freed: the LRU lists, the
 * counters, the task's rss and page tables (what zap_page(), exit_mm() and
 * __free_slab() undo in their own paths).
 */
void replay_release_owner(struct sim *sim, unsigned long pfn);
/* Split an allocated block into order-0 allocated pages (split_page()). */
void replay_split_allocated(struct sim *sim, unsigned long head);
/* The allocated block holding @pfn (head, and *@order), or PFN_NONE. */
unsigned long replay_allocated_block_of(const struct sim *sim, unsigned long pfn,
					unsigned int *order);
/* One event of an exact replay by the general path (replay_exact.c). */
enum replay_outcome replay_exact_event(struct sim *sim, struct replay *r,
				       const struct replay_event *ev);
/* One event of a simulate replay (replay.c); replay_event() sends it. */
enum replay_outcome replay_simulate(struct sim *sim, struct replay *r, const struct replay_event *ev);

#endif
