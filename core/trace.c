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

	if (sim->tbuf.on)		/* the event before this one is complete */
		trace_buffer_pump(sim);

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

/* ---- the trace buffer (`trace on|off|show|clear`) ---- */

void trace_buffer_pump(struct sim *sim)
{
	struct trace_buffer *b = &sim->tbuf;
	struct trace_event ev;
	uint64_t lost;

	if (!b->on)
		return;
	while (trace_read(sim, &b->next, &ev, 1, &lost) == 1) {
		size_t slot = (b->head + b->count) % TRACE_BUFFER_SIZE;

		snap_touch_range(b->rgn, slot * sizeof(ev), sizeof(ev));
		b->ev[slot] = ev;
		if (b->count < TRACE_BUFFER_SIZE)
			b->count++;
		else
			b->head = (b->head + 1) % TRACE_BUFFER_SIZE;
		b->written += 1 + lost;
	}
}

void trace_buffer_enable(struct sim *sim, bool on)
{
	if (on && !sim->tbuf.on)
		sim->tbuf.next = sim->trace.next_seq;
	if (!on)
		trace_buffer_pump(sim);
	sim->tbuf.on = on;
}

void trace_buffer_clear(struct sim *sim)
{
	trace_buffer_pump(sim);
	sim->tbuf.head = sim->tbuf.count = 0;
	sim->tbuf.written = 0;
}

bool trace_buffer_enabled(const struct sim *sim)
{
	return sim->tbuf.on;
}

size_t trace_buffer_count(const struct sim *sim)
{
	return sim->tbuf.count;
}

uint64_t trace_buffer_written(const struct sim *sim)
{
	return sim->tbuf.written;
}

const struct trace_event *trace_buffer_event(const struct sim *sim, size_t i)
{
	const struct trace_buffer *b = &sim->tbuf;

	return i < b->count ? &b->ev[(b->head + i) % TRACE_BUFFER_SIZE] : NULL;
}

void trace_buffer_inherit(struct sim *to, const struct sim *from)
{
	struct trace_buffer *b = &to->tbuf;

	snap_touch_range(b->rgn, 0, TRACE_BUFFER_SIZE * sizeof(*b->ev));
	memcpy(b->ev, from->tbuf.ev, TRACE_BUFFER_SIZE * sizeof(*b->ev));
	b->on = from->tbuf.on;
	b->head = from->tbuf.head;
	b->count = from->tbuf.count;
	b->written = from->tbuf.written;
	b->next = to->trace.next_seq;
}
