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
	/* ---- out ---- */
	bool		chose_victim;	/* select_bad_process() chose the task that
					 * was killed: where out_of_memory() sleeps */
};

/* totalram_pages + total_swap_pages */
unsigned long oom_totalpages(const struct sim *sim);
/* Models oom_badness(): 0 for ineligible tasks, else max(points, 1). */
unsigned long oom_badness(const struct sim *sim, const struct task *t, unsigned long totalpages);
/* /proc/PID/oom_score: oom_badness * 1000 / totalpages. */
unsigned long oom_score(const struct sim *sim, const struct task *t);
/* Models out_of_memory() (v4.5). Return: true if it made progress (killed,
 * or a victim is already exiting: the caller should retry); false when the
 * kernel would panic (panic_on_oom, or no killable process: the panic line is
 * logged, nothing is killed). It never sleeps: where the kernel's
 * out_of_memory() does schedule_timeout_killable(1) - after killing the task
 * select_bad_process() chose, not after marking a dying current, killing
 * current for oom_kill_allocating_task, or an aborted scan - it sets
 * oc->chose_victim, and the caller sleeps the jiffy (sim_sleep(sim, 1)), in
 * which the oom_reaper and the victim's exit run.
 * Logs to dmesg in the kernel's format and emits one bs_alloc_stage event
 * (stage -1) that says what it did. */
bool out_of_memory(struct sim *sim, struct oom_control *oc);
/* The oom_reaper thread (v4.6, 6.1): reap the newest queued victim whose
 * time has come (its anon memory and swap entries) and log it; v4.6 then
 * sets its oom_score_adj to -1000 and clears TIF_MEMDIE, 6.1 marks it
 * MMF_OOM_SKIP. The scheduler calls it while oom_reaper_has_work(). */
void oom_reaper_step(struct sim *sim);
/* A queued victim is due (6.1: its OOM_REAPER_DELAY has passed). */
bool oom_reaper_has_work(const struct sim *sim);

/* Every task with SIGKILL pending, other than current, exits now (task_exit),
 * as it would on its next return to user space. The scheduler calls it once a
 * jiffy, after the oom_reaper; never while a kernel thread is current. */
void oom_exit_killed_tasks(struct sim *sim);
/* Is there a task, other than current, that oom_exit_killed_tasks would exit?
 * (for the scheduler's "has work" test) */
bool oom_has_killed_tasks(const struct sim *sim);

/* Models warn_alloc_failed() (v4.5): unless __GFP_NOWARN, log
 * "COMM: page allocation failure: order:%u, mode:0x%x" for current and the
 * Mem-Info block the OOM report also prints. */
void warn_alloc_failed(struct sim *sim, gfp_t gfp, unsigned int order);

#endif
