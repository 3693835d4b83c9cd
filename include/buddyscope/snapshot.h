/* include/buddyscope/snapshot.h - checkpoints of a sim, for time travel and
 * for rolling back a failed command (DESIGN.md, "Time travel").
 *
 * ---- If you add engine state, read this first ----
 * Every byte of engine state must be covered, or `back` silently forgets it
 * (the time-travel property test in tests/unit/test_history.c catches most
 * misses; do not rely on it). State is covered when it is:
 *   1. a fixed-size field of struct sim, struct pglist_data (with its zones,
 *      zonelists, kswapd/kcompactd), struct zone, struct task: these are
 *      copied whole at every checkpoint. Nothing to do.
 *   2. a small heap array the sim owns (up to a few KiB a node: the pagesets,
 *      the list heads): call snapshot_keep_whole() on it in sim_track_state()
 *      (core/sim.c), right after the array is allocated. It is copied whole
 *      at every checkpoint.
 *   3. a big heap array (per page, per pageblock, a ring of events): call
 *      snapshot_track() on it in sim_track_state() and keep the struct
 *      snap_region it returns beside the array. Every write must then be
 *      preceded by snap_touch() (or go through an accessor that calls it,
 *      as page_w() does for struct page): the first write to a 4 KiB chunk
 *      after a checkpoint saves the chunk's old content. Make the array's
 *      pointer const so that a forgotten barrier is a compile error.
 * Registered arrays must keep their address and size for the sim's life:
 * restore writes in place and never reallocates, so pointers into the state
 * (zone->zone_pgdat, zonelists, zone->map, zone->pageset) stay valid.
 * Host pointers that are not state (the snapshot bookkeeping itself, the
 * error message) stay out of it.
 *
 * ---- The model ----
 * Checkpoints C0 (oldest) .. Cn form a line; the live state sits at one of
 * them, the current one, plus the writes made since (the open delta: the
 * old content of each chunk written since the current checkpoint, saved on
 * the chunk's first write). Between two neighbours Ci and Ci+1 a transition
 * holds, for every chunk that differs between them, one image: its content
 * at Ci when the transition is behind the current checkpoint (an undo image)
 * or at Ci+1 when it is ahead (a redo image). Going from one checkpoint to
 * a neighbour swaps the transition's images with the live chunks, so the
 * undo images become redo images and back; small state (case 1 and 2) is
 * copied back whole from the target. The cost of a move is proportional to
 * the chunks that changed, never to the machine's size.
 * Dropping a checkpoint merges its two transitions: behind, the older image
 * of a chunk wins; ahead, the newer. Taking a checkpoint while not at the
 * newest one forgets every checkpoint ahead (a new future).
 *
 * Out of host memory while saving a chunk, the snapshot is marked broken:
 * the simulation goes on, and every later move fails with -ENOMEM until
 * snapshot_clear().
 */
#ifndef BUDDYSCOPE_SNAPSHOT_H
#define BUDDYSCOPE_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sim;
struct snapshot;

#define SNAP_CHUNK_SHIFT	12
#define SNAP_CHUNK_SIZE		(1u << SNAP_CHUNK_SHIFT)	/* 4 KiB */

/* A big array tracked chunk by chunk (case 3 above). */
struct snap_region {
	unsigned char	*base;		/* the array (borrowed) */
	size_t		size;		/* bytes */
	uint8_t		*saved;		/* owned; [nr_chunks]: 1 when the chunk's old
					 * content is already in the open delta, or
					 * when no checkpoint is open */
	size_t		nr_chunks;
	struct snapshot	*owner;
	uint32_t	id;		/* index in the owner's table */
	const char	*name;		/* static */
};

/* Out of line: save chunk @chunk of @r into the open delta. */
void snap_save_chunk(struct snap_region *r, size_t chunk);

/**
 * snap_touch - the write barrier: call before writing byte @off of @r.
 * A load, a compare and a branch taken once per chunk per checkpoint.
 * A write must not cross a chunk boundary; use snap_touch_range() for one
 * that may.
 */
static inline void snap_touch(struct snap_region *r, size_t off)
{
	size_t c = off >> SNAP_CHUNK_SHIFT;

	if (__builtin_expect(!r->saved[c], 0))
		snap_save_chunk(r, c);
}

static inline void snap_touch_range(struct snap_region *r, size_t off, size_t len)
{
	if (!len)
		return;
	for (size_t c = off >> SNAP_CHUNK_SHIFT; c <= (off + len - 1) >> SNAP_CHUNK_SHIFT; c++)
		if (__builtin_expect(!r->saved[c], 0))
			snap_save_chunk(r, c);
}

/* ---- registering state (done by core/sim.c for the engine's own) ---- */

/**
 * snapshot_track - track @size bytes at @base chunk by chunk (case 3).
 * Only before the first checkpoint. Return: the region (owned by the sim's
 * snapshot), or NULL (-ENOMEM, or too many regions).
 */
struct snap_region *snapshot_track(struct sim *sim, const char *name, void *base, size_t size);

/**
 * snapshot_keep_whole - copy @size bytes at @base whole at each checkpoint
 * (case 2). Also for state outside the engine that must move with it, such
 * as the app's stepper. Only before the first checkpoint.
 * Return: 0, or -ENOMEM / -ENOSPC (too many regions).
 */
int snapshot_keep_whole(struct sim *sim, const char *name, void *base, size_t size);

/* Undo a snapshot_keep_whole() of @base (the app's state, when a sim
 * moves to another owner). Only with no checkpoint (after snapshot_clear).
 * Return: 0, -ENOENT (not registered) or -EBUSY (checkpoints exist). */
int snapshot_unregister(struct sim *sim, const void *base);

/* ---- checkpoints ---- */

/**
 * snapshot_take - checkpoint the live state. If the current checkpoint is
 * not the newest, the ones ahead are forgotten first.
 * Return: 0 and *id (never reused in this sim), or -ENOMEM.
 */
int snapshot_take(struct sim *sim, uint64_t *id);

/**
 * snapshot_insert - the same, but the checkpoints ahead of the current one
 * stay: the new one goes between the current one and the next (for a state
 * reached again by replaying, between two checkpoints kept).
 * Return: 0 and *id, or -ENOMEM (nothing changed).
 */
int snapshot_insert(struct sim *sim, uint64_t *id);

/* Whether the live state differs from the current checkpoint, byte for
 * byte (true when there is none). Costs the chunks written since, plus a
 * compare of the small state. */
bool snapshot_changed(const struct sim *sim);

/**
 * snapshot_goto - make the live state equal checkpoint @id, byte for byte,
 * in place: writes since the current checkpoint are dropped, then the
 * transitions between it and @id are crossed. @id becomes current; every
 * checkpoint stays (go forward again with another snapshot_goto()).
 * Return: 0, -ENOENT (no such checkpoint; nothing changed) or -ENOMEM
 * (broken; nothing changed).
 */
int snapshot_goto(struct sim *sim, uint64_t id);

/**
 * snapshot_drop - forget checkpoint @id, merging its transitions (see the
 * model above). The current checkpoint cannot be dropped.
 * Return: 0, -ENOENT, -EBUSY (it is the current one) or -ENOMEM.
 */
int snapshot_drop(struct sim *sim, uint64_t id);

/* Forget every checkpoint and stop tracking until the next snapshot_take(). */
void snapshot_clear(struct sim *sim);

/* ---- looking ---- */
struct snapshot_stats {
	size_t		nr_points;	/* checkpoints held */
	size_t		current;	/* index of the current one (oldest = 0) */
	size_t		open_chunks;	/* chunks written since the current one */
	size_t		chunks;		/* chunk images held, open delta included */
	size_t		bytes;		/* host memory held: images, small copies, tables */
	size_t		small_size;	/* bytes copied whole at each checkpoint */
	size_t		tracked_size;	/* bytes tracked chunk by chunk */
	bool		broken;
};
void snapshot_stats(const struct sim *sim, struct snapshot_stats *st);
/* The checkpoint ids, oldest first: ids[i] for i < nr_points. */
uint64_t snapshot_id_at(const struct sim *sim, size_t i);
/* Chunks the transition after checkpoint index @i holds (0 for the newest). */
size_t snapshot_transition_chunks(const struct sim *sim, size_t i);
/* The snapshot of @sim. */
struct snapshot *sim_snapshot(const struct sim *sim);

/* ---- for core/sim.c ---- */
struct snapshot *snapshot_create(struct sim *sim);
void snapshot_destroy(struct snapshot *s);

#endif
