/* include/buddyscope/trace.h - the event stream, in ftrace's line format.
 * Models include/trace/events/{kmem,vmscan,compaction,oom}.h (v4.5).
 *
 * Events are flat records copied out of a ring owned by struct sim. They
 * carry ids (pfn, nid, zid), never pointers, so a reader may keep them.
 */
#ifndef BUDDYSCOPE_TRACE_H
#define BUDDYSCOPE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"

struct sim;

/* id, tracepoint system. The X-list is the single source of names. */
#define TRACE_EVENTS(X)							\
	X(mm_page_alloc, kmem)						\
	X(mm_page_free, kmem)						\
	X(mm_page_free_batched, kmem)					\
	X(mm_page_alloc_zone_locked, kmem)				\
	X(mm_page_pcpu_drain, kmem)					\
	X(mm_page_alloc_extfrag, kmem)					\
	X(mm_vmscan_kswapd_sleep, vmscan)				\
	X(mm_vmscan_kswapd_wake, vmscan)				\
	X(mm_vmscan_wakeup_kswapd, vmscan)				\
	X(mm_vmscan_direct_reclaim_begin, vmscan)			\
	X(mm_vmscan_direct_reclaim_end, vmscan)				\
	X(mm_vmscan_lru_isolate, vmscan)				\
	X(mm_vmscan_lru_shrink_inactive, vmscan)			\
	X(mm_compaction_begin, compaction)				\
	X(mm_compaction_end, compaction)				\
	X(mm_compaction_try_to_compact_pages, compaction)		\
	X(mm_compaction_suitable, compaction)				\
	X(mm_compaction_finished, compaction)				\
	X(mm_compaction_deferred, compaction)				\
	X(mm_compaction_defer_compaction, compaction)			\
	X(mm_compaction_defer_reset, compaction)			\
	X(mm_compaction_migratepages, compaction)			\
	X(mm_compaction_isolate_migratepages, compaction)		\
	X(mm_compaction_isolate_freepages, compaction)			\
	X(oom_score_adj_update, oom)					\
	X(bs_alloc_stage, buddyscope)	/* one slow-path stage ran; text in ->msg */

enum trace_id {
#define X(name, sys) TRACE_##name,
	TRACE_EVENTS(X)
#undef X
	NR_TRACE_EVENTS
};

#define TRACE_MSG_LEN	160

/*
 * Field use per event (beyond the common ones):
 *  mm_page_alloc:            pfn (PFN_NONE = NULL page), order, migratetype, gfp_mask
 *  mm_page_free:             pfn, order
 *  mm_page_free_batched:     pfn, arg[0] = cold
 *  mm_page_alloc_zone_locked: pfn, order, migratetype, arg[0] = percpu_refill
 *  mm_page_pcpu_drain:       pfn, order, migratetype
 *  mm_page_alloc_extfrag:    pfn, order (alloc_order), arg[0] = fallback_order,
 *                            migratetype (alloc), arg[1] = fallback_migratetype,
 *                            arg[2] = change_ownership
 *  others: documented where they are emitted; ->msg holds a narration.
 */
struct trace_event {
	uint64_t	seq;		/* increases by one per event; never reused */
	uint64_t	ts_ns;		/* simulated clock */
	enum trace_id	id;
	int		cpu;
	int		pid;
	char		comm[16];
	uint8_t		nid, zid;	/* node and zone index, not pointers */
	uint8_t		order, migratetype;
	gfp_t		gfp_mask;
	unsigned long	pfn;		/* PFN_NONE when nothing was allocated */
	long		arg[4];		/* event-specific, see above */
	int		stage;		/* the kernel's stage table index, or -1 */
	uint8_t		kernel;		/* enum kernel_version it was recorded under */
	char		msg[TRACE_MSG_LEN];	/* narration; "" for plain tracepoints */
};

/**
 * trace_read - copy events after *cursor into @buf and advance *cursor.
 * *lost counts events that fell out of the ring before they were read.
 * Return: the number copied (<= n).
 */
size_t trace_read(const struct sim *sim, uint64_t *cursor,
		  struct trace_event *buf, size_t n, uint64_t *lost);

/* Sequence number the next event will get. */
uint64_t trace_next_seq(const struct sim *sim);

/**
 * trace_format - one ftrace line, without newline:
 *   "            bash-1     [000] ....     0.000012: mm_page_alloc: page=... "
 * Return: the length the full line needs, as snprintf.
 */
size_t trace_format(const struct trace_event *ev, char *buf, size_t len);

/*
 * The trace buffer behind `trace on|off|show|clear`: the kernel's trace
 * buffer in overwrite mode (TRACE_BUFFER_SIZE events; when full the oldest
 * go). While it is on, every event is copied from the ring, so events
 * emitted while it is off never push recorded ones out. It is engine state:
 * checkpoints cover it, so `back` puts back what `trace show` printed.
 */
void trace_buffer_enable(struct sim *sim, bool on);
void trace_buffer_clear(struct sim *sim);
/* Copy the events the ring has and the buffer not yet (the last one: the
 * others were copied as the next one was emitted). */
void trace_buffer_pump(struct sim *sim);
bool trace_buffer_enabled(const struct sim *sim);
size_t trace_buffer_count(const struct sim *sim);		/* events kept */
uint64_t trace_buffer_written(const struct sim *sim);	/* seen while on */
/* The @i-th kept event, oldest first; NULL past the end. */
const struct trace_event *trace_buffer_event(const struct sim *sim, size_t i);
/* A new machine keeps the recording of the one it replaces (`machine`). */
void trace_buffer_inherit(struct sim *to, const struct sim *from);

/* "mm_page_alloc" for TRACE_mm_page_alloc; NULL if out of range. */
const char *trace_event_name(enum trace_id id);
/* Parse an event name ("mm_page_alloc" or "kmem:mm_page_alloc"); -1 if unknown. */
int trace_event_parse(const char *name);

#endif
