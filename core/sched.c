/* core/sched.c - the simulation clock and the kernel threads it runs.
 * kswapd and kcompactd (one per node), the flusher threads (writeback) and
 * the oom_reaper get one step per jiffy while they have work; a sleeping
 * thread costs nothing. Threads run only at safe points: between the stages
 * of a request and after commands, never inside the buddy code, which is
 * how a preemptible kernel with zone->lock held would look from outside.
 */
#include "buddyscope/compaction.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/vmscan.h"
#include "internal.h"

#define KSWAPD_PID(nid)		(40 + (nid))
#define KCOMPACTD_PID(nid)	(30 + (nid))
#define OOM_REAPER_PID		27

static bool has_work(const struct sim *sim, unsigned long j)
{
	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		const struct pglist_data *pgdat = sim->node_data[nid];

		if (pgdat->kswapd.state == KTHREAD_RUNNING ||
		    (pgdat->kswapd.state == KTHREAD_NAPPING && pgdat->kswapd.wake_at <= j) ||
		    pgdat->kcompactd.state == KTHREAD_RUNNING)
			return true;
	}
	return sim->nr_reap > 0 || sim->nr_dirty_to_flush > 0 || oom_has_killed_tasks(sim);
}

/* Run @fn's step as the kernel thread @pid on a cpu of node @nid. */
static void as_kthread(struct sim *sim, int pid, int nid, void (*fn)(struct sim *, int), int arg)
{
	int save_task = sim->cur_task, save_cpu = sim->cur_cpu;
	struct task *t = task_lookup(sim, pid);

	if (t)
		sim->cur_task = (int)(t - sim->tasks);
	for (int cpu = 0; cpu < sim->nr_cpus; cpu++)
		if (sim->cpu_to_node[cpu] == nid) {
			sim->cur_cpu = cpu;
			break;
		}
	fn(sim, arg);
	sim->cur_task = save_task;
	sim->cur_cpu = save_cpu;
}

static void reaper(struct sim *sim, int unused)
{
	(void)unused;
	oom_reaper_step(sim);
}

static void flusher(struct sim *sim, int unused)
{
	(void)unused;
	writeback_tick(sim);
}

static void run_jiffy(struct sim *sim, unsigned long j)
{
	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		struct pglist_data *pgdat = sim->node_data[nid];

		if (pgdat->kswapd.state == KTHREAD_RUNNING ||
		    (pgdat->kswapd.state == KTHREAD_NAPPING && pgdat->kswapd.wake_at <= j))
			as_kthread(sim, KSWAPD_PID(nid), nid, sim_kernel(sim)->ops->kswapd_step, nid);
		if (pgdat->kcompactd.state == KTHREAD_RUNNING)
			as_kthread(sim, KCOMPACTD_PID(nid), nid, kcompactd_step, nid);
	}
	if (sim->nr_dirty_to_flush)
		as_kthread(sim, 0, 0, flusher, 0);
	if (sim->nr_reap)
		as_kthread(sim, OOM_REAPER_PID, 0, reaper, 0);
	/* SIGKILLed tasks die on their way back to user space */
	oom_exit_killed_tasks(sim);
}

void sim_schedule(struct sim *sim)
{
	unsigned long now;

	/* the common case, on every request stage: no new jiffy yet */
	if (sim->clock_ns < (uint64_t)(sim->jiffies_run + 1) * NSEC_PER_JIFFY)
		return;
	now = jiffies(sim);

	while (sim->jiffies_run < now) {
		sim->jiffies_run++;
		if (!has_work(sim, sim->jiffies_run)) {
			/* nothing runnable: jump to now, or to the next nap's end */
			unsigned long next = now;

			for (int nid = 0; nid < sim->nr_nodes; nid++) {
				const struct kswapd_ctl *k = &sim->node_data[nid]->kswapd;

				if (k->state == KTHREAD_NAPPING && k->wake_at > sim->jiffies_run &&
				    k->wake_at < next)
					next = k->wake_at;
			}
			sim->jiffies_run = next;
			if (!has_work(sim, next)) {
				history_tick(sim);
				continue;
			}
		}
		run_jiffy(sim, sim->jiffies_run);
		history_tick(sim);
	}
}

void sim_sleep(struct sim *sim, unsigned long j)
{
	sim->clock_ns += (uint64_t)j * NSEC_PER_JIFFY;
	sim_schedule(sim);
}

void sim_tick(struct sim *sim, unsigned long j)
{
	sim_sleep(sim, j);
}

unsigned long sim_jiffies(const struct sim *sim)
{
	return jiffies(sim);
}
