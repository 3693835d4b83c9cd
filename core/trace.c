/* core/trace.c - the event ring (kernel/trace/ring_buffer.c, much simplified).
 * Writers reserve a slot and fill it; readers copy events out by sequence
 * number and learn how many they missed when the ring wrapped.
 */
#include "buddyscope/trace.h"

#include <string.h>

#include "internal.h"


struct trace_event *trace_emit(struct sim *sim, enum trace_id id)
{
	struct trace_ring *r = &sim->trace;
	size_t slot = r->next_seq & (TRACE_RING_SIZE - 1);
	struct trace_event *ev = &r->ev[slot];

	snap_touch_range(r->rgn, slot * sizeof(*ev), sizeof(*ev));
	/* the clock of whoever emits it: a task's, or kswapd's on its own CPU
	 * (events cost nothing; the work around them does, costs.h) */
	ev->seq = r->next_seq++;
	ev->ts_ns = exec_now(sim);
	ev->id = id;
	ev->cpu = sim->cur_cpu;
	ev->pid = current_task(sim)->pid;
	memcpy(ev->comm, current_task(sim)->comm, sizeof(ev->comm));
	ev->nid = ev->zid = 0;
	ev->order = ev->migratetype = 0;
	ev->gfp_mask = 0;
	ev->pfn = PFN_NONE;
	ev->arg[0] = ev->arg[1] = ev->arg[2] = ev->arg[3] = 0;
	ev->stage = -1;
	ev->kernel = (uint8_t)sim->cfg.kernel;
	ev->msg[0] = '\0';
	return ev;
}

uint64_t trace_next_seq(const struct sim *sim)
{
	return sim->trace.next_seq;
}

size_t trace_read(const struct sim *sim, uint64_t *cursor, struct trace_event *buf, size_t n,
		  uint64_t *lost)
{
	const struct trace_ring *r = &sim->trace;
	uint64_t oldest = r->next_seq > TRACE_RING_SIZE ? r->next_seq - TRACE_RING_SIZE : 0;
	size_t copied = 0;

	if (lost)
		*lost = 0;
	if (*cursor < oldest) {
		if (lost)
			*lost = oldest - *cursor;
		*cursor = oldest;
	}
	while (copied < n && *cursor < r->next_seq) {
		buf[copied++] = r->ev[*cursor & (TRACE_RING_SIZE - 1)];
		(*cursor)++;
	}
	return copied;
}
