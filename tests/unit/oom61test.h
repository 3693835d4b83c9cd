/* tests/unit/oom61test.h - what the 6.1 OOM tests share: a task's slot by
 * pid, writable, and out_of_memory() called as __alloc_pages_may_oom calls
 * it. Include after core/internal.h and core/oom_internal.h. */
#ifndef OOM61TEST_H
#define OOM61TEST_H

#include "buddyscope/gfp.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"

static inline struct task *task_w(struct sim *sim, int pid)
{
	for (int i = 0; i < MAX_TASKS; i++)
		if (sim->tasks[i].pid == pid)
			return &sim->tasks[i];
	return NULL;
}

/* out_of_memory() (6.1) for a GFP_KERNEL order-0 request of the current
 * task; *@from is where its events start. */
static inline bool oom61(struct sim *sim, uint64_t *from)
{
	struct alloc_request req;
	struct oom_control oc;

	*from = trace_next_seq(sim);
	if (alloc_request_init(sim, &req, GFP_KERNEL, 0))
		return false;
	oc = (struct oom_control){ &req.ac, GFP_KERNEL, 0, false };
	return out_of_memory_6_1(sim, &oc);
}

#endif
