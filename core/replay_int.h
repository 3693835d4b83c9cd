/* core/replay_int.h - what core/replay.c (the replay's state, simulate
 * mode, the start's hints) and core/replay_exact.c (exact mode) share. */
#ifndef BUDDYSCOPE_REPLAY_INT_H
#define BUDDYSCOPE_REPLAY_INT_H

#include <stdbool.h>
#include <stdint.h>

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

struct replay {
	enum replay_mode mode;
	uint8_t		*pcp_cpu;	/* owned; [max_pfn]: cpu + 1 of a page we put on a pcp list */
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
/* One event of a simulate replay (replay.c); replay_event() sends it. */
enum replay_outcome replay_simulate(struct sim *sim, struct replay *r, const struct replay_event *ev);

#endif
