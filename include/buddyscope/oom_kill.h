/* include/buddyscope/oom_kill.h - the OOM killer.
 * Models mm/oom_kill.c (v4.5, with v4.6's oom_reaper).
 */
#ifndef BUDDYSCOPE_OOM_KILL_H
#define BUDDYSCOPE_OOM_KILL_H

#include <stdbool.h>
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"

struct sim;

/* Models struct oom_control (v4.5). */
struct oom_control {
	const struct alloc_context *ac;	/* zonelist; NULL for sysrq */
	gfp_t		gfp_mask;
	int		order;		/* -1: sysrq-triggered */
};

/* totalram_pages + total_swap_pages */
unsigned long oom_totalpages(const struct sim *sim);
/* Models oom_badness(): 0 for ineligible tasks, else max(points, 1). */
unsigned long oom_badness(const struct sim *sim, const struct task *t, unsigned long totalpages);
/* /proc/PID/oom_score: oom_badness * 1000 / totalpages. */
unsigned long oom_score(const struct sim *sim, const struct task *t);
/* Models out_of_memory(). Return: true if it made progress (killed, or a
 * victim is already exiting). Logs to dmesg in the kernel's format. */
bool out_of_memory(struct sim *sim, struct oom_control *oc);
/* The oom_reaper thread: reap one queued victim. */
void oom_reaper_step(struct sim *sim);

#endif
