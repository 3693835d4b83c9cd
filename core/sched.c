/* core/sched.c - time, and the kernel threads that run concurrently with the
 * tasks (include/buddyscope/costs.h).
 *
 * The machine's clock (sim->clock_ns) is the user tasks' time: it moves by
 * the cost of the work they do (a fault, a page read from the disk, a page
 * their direct reclaim looked at) and when they sleep. kswapd and kcompactd
 * of each node run on CPUs of their own, each with its own clock that moves
 * by the cost of its own work. The disk is a device with a clock of its own
 * (page_writeback.c), and the flushers start writes as the disk takes them.
 *
 * A discrete-event loop keeps them together: whenever the machine's clock
 * has moved (after each page a task touches, each stage of a request, each
 * command), every thread whose clock is behind it runs its next step, the
 * one furthest behind first, the disk completing what it had finished by
 * then. So on a 2-CPU machine a task filling memory meets kswapd already at
 * work on the other CPU, as it would on a real one.
 *
 * SIMPLIFICATION: a kernel thread's step (one balance_pgdat() priority
 * round, one zone of kcompactd) takes effect when it starts, and its cost
 * then keeps the thread busy; the kernel spreads the same work over that
 * time. Threads never wait for a CPU (each has its own), and a step that
 * charged nothing still costs KTHREAD_MIN_STEP_NS, so time always moves.
 * The oom_reaper and a killed task's exit run when the scheduler next runs;
 * under 6.1 (kernel.h exit_takes_time) the exit is a thread of its own on
 * the CPU the SIGKILL woke it on, stepped with the others (exit.c).
 */
#include <errno.h>
#include <string.h>

#include "buddyscope/compaction.h"
#include "buddyscope/costs.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/vmscan.h"
#include "internal.h"

#define KSWAPD_PID(nid)		(40 + (nid))
#define KCOMPACTD_PID(nid)	(30 + (nid))
#define OOM_REAPER_PID		27
#define KTHREAD_MIN_STEP_NS	1000ULL
#define NO_WORK			UINT64_MAX

unsigned int sim_cpu_slowdown(const struct sim *sim)
{
	return sim->cpu_slowdown_pm ? sim->cpu_slowdown_pm : 1000;
}

/* The cost of @item on this machine (cost_ns_at: the disk's unscaled).
 * SIMPLIFICATION: one factor for all CPU work; an emulator such as QEMU
 * TCG slows different work by different amounts. */
static uint64_t cpu_cost_ns(const struct sim *sim, int item)
{
	return cost_ns_at((enum cost_item)item, sim_cpu_slowdown(sim));
}

/* "D[.ddd]" with blanks around: *@milli is its value in thousandths (up
 * to @max_digits digits before the point, 3 after). Return: 0, or -1. */
static int parse_milli(const char *value, int max_digits, unsigned long long *milli)
{
	const char *p = value;
	unsigned long long whole = 0, frac = 0, scale = 1000;
	int digits = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	for (; *p >= '0' && *p <= '9' && digits < max_digits; p++, digits++)
		whole = whole * 10 + (unsigned long long)(*p - '0');
	if (digits && *p == '.') {
		for (p++; *p >= '0' && *p <= '9' && scale > 1; p++) {
			scale /= 10;
			frac += (unsigned long long)(*p - '0') * scale;
		}
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (!digits || *p)
		return -1;
	*milli = whole * 1000 + frac;
	return 0;
}

int sim_set_cpu_slowdown(struct sim *sim, const char *value)
{
	unsigned long long pm;

	if (parse_milli(value, 4, &pm) || pm < 1000 || pm > 100000)
		return sim_error(sim, -EINVAL, "sim.cpu_slowdown: '%s' is not a number 1..100 "
				 "(at most 3 decimals)", value);
	sim->cpu_slowdown_pm = (unsigned int)pm;
	return 0;
}

void sim_charge(struct sim *sim, int item, unsigned long n)
{
	*exec_clock(sim) += cpu_cost_ns(sim, item) * n;
}

uint64_t sim_wakeup_ns(const struct sim *sim, bool *set)
{
	if (set)
		*set = sim->wakeup_ns != 0;
	return sim->wakeup_ns ? sim->wakeup_ns - 1 : cpu_cost_ns(sim, COST_WAKEUP);
}

int sim_set_wakeup_us(struct sim *sim, const char *value)
{
	const char *p = value;
	unsigned long long ns;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!strncmp(p, "default", 7)) {
		for (p += 7; *p == ' ' || *p == '\t'; p++)
			;
		if (!*p) {
			sim->wakeup_ns = 0;
			return 0;
		}
	}
	if (parse_milli(value, 8, &ns) || ns > 1000000000ULL)
		return sim_error(sim, -EINVAL, SIM_WAKEUP_US ": '%s' is not 'default' or a number "
				 "of microseconds 0..1000000 (at most 3 decimals)", value);
	/* stored plus one, so that 0 us is a setting of its own */
	sim->wakeup_ns = ns + 1;
	return 0;
}

void kthread_wake_clock(const struct sim *sim, uint64_t *clock)
{
	uint64_t start = exec_now(sim) + sim_wakeup_ns(sim, NULL);

	if (*clock < start)
		*clock = start;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* When kswapd of @pgdat can run its next step, or NO_WORK. */
static uint64_t kswapd_ready(const struct pglist_data *pgdat)
{
	const struct kswapd_ctl *k = &pgdat->kswapd;
	uint64_t t = k->clock_ns;

	if (k->state == KTHREAD_SLEEPING)
		return NO_WORK;
	if (k->state == KTHREAD_NAPPING)
		t = max_u64(t, (uint64_t)k->wake_at * NSEC_PER_JIFFY);
	return max_u64(t, (uint64_t)k->stall_until * NSEC_PER_JIFFY);	/* congestion_wait */
}

/* When kcompactd of @pgdat can run its next step: now if it is running,
 * else when its wait times out (6.1's proactive check), or NO_WORK. */
static uint64_t kcompactd_ready(const struct pglist_data *pgdat)
{
	const struct kcompactd_ctl *k = &pgdat->kcompactd;

	if (k->state == KTHREAD_RUNNING)
		return k->clock_ns;
	return k->timer_ns ? max_u64(k->timer_ns, k->clock_ns) : NO_WORK;
}

/*
 * Models: where the scheduler runs kswapdN, bound to its node's CPUs: the
 * wakeup (try_to_wake_up -> select_idle_sibling) prefers an idle CPU of
 * the node to the waker's, which is busy with the allocating task. The
 * real 6.1 traces show it: in frag_1G_smp2_chunk16 kswapd0 ran on CPU 1
 * while fragfill allocated on CPU 0, and on CPU 0 while the nr_hugepages
 * writer ran on CPU 1; in oom_1G_smp2, on CPU 0 beside the grower on 1.
 * It matters for the per-cpu lists: the pages kswapd reclaims are freed to
 * kswapd's CPU's lists, not to the allocating task's (whose unmovable
 * refills then come from the buddy lists in runs, not from the pages just
 * reclaimed all over the pageblocks).
 * SIMPLIFICATION: the node's next CPU after the last waker's (wrapping),
 * as if that one were idle; a node with one CPU runs kswapd on it. Only
 * 6.1's wakeup_kswapd (kswapd_6_1.c) records its waker: the 4.x kswapd
 * runs on the node's first CPU, as every other kernel thread here.
 */
static int kswapd_cpu(const struct sim *sim, int nid, int waker)
{
	int first = -1;

	for (int cpu = 0; cpu < sim->nr_cpus; cpu++) {
		if (sim->cpu_to_node[cpu] != nid)
			continue;
		if (first < 0)
			first = cpu;
		if (cpu > waker)
			return cpu;
	}
	return first < 0 ? sim->cur_cpu : first;
}

/* Run @fn as the kernel thread @pid of node @nid, charging its work to
 * @kind's clock: kswapd beside its last waker (kswapd_cpu), the others on
 * the node's first cpu. */
static void run_kthread(struct sim *sim, int pid, int nid, enum exec_kind kind,
			void (*fn)(struct sim *, int))
{
	int save_task = sim->cur_task, save_cpu = sim->cur_cpu;
	const struct kswapd_ctl *k = &sim->node_data[nid]->kswapd;
	struct task *t = task_lookup(sim, pid);

	if (t)
		sim->cur_task = (int)(t - sim->tasks);
	for (int cpu = 0; cpu < sim->nr_cpus; cpu++)
		if (sim->cpu_to_node[cpu] == nid) {
			sim->cur_cpu = cpu;
			break;
		}
	if (kind == EXEC_KSWAPD && k->waker_known)
		sim->cur_cpu = kswapd_cpu(sim, nid, k->waker_cpu);
	sim->exec_kind = (int8_t)kind;
	sim->exec_nid = (int8_t)nid;
	fn(sim, nid);
	sim->exec_kind = EXEC_TASK;
	sim->exec_nid = 0;
	sim->cur_task = save_task;
	sim->cur_cpu = save_cpu;
}

int sim_wakeup_cpu(const struct sim *sim, int waker)
{
	return kswapd_cpu(sim, sim->cpu_to_node[waker], waker);
}

/* When the soonest exit step is due (exit.c), and whose: NO_WORK if none. */
static uint64_t exit_ready(const struct sim *sim, int *slot)
{
	uint64_t best = NO_WORK;

	for (int i = 0; i < MAX_TASKS; i++) {
		const struct task *t = &sim->tasks[i];

		if (t->pid && t->exit_step && t->exit_clock_ns < best) {
			best = t->exit_clock_ns;
			*slot = i;
		}
	}
	return best;
}

/* One step of the exit of the task in @slot (exit.c), on its CPU, charged
 * to its exit's clock; its last step ends the task. */
static void run_exit(struct sim *sim, int slot)
{
	struct task *t = &sim->tasks[slot];
	int save_task = sim->cur_task, save_cpu = sim->cur_cpu, pid = t->pid;
	uint64_t before = t->exit_clock_ns;

	writeback_advance(sim, before);
	sim->cur_task = slot;
	sim->cur_cpu = t->exit_cpu;
	sim->exec_kind = EXEC_EXIT;
	task_exit_step(sim, 0);
	sim->exec_kind = EXEC_TASK;
	if (t->pid == pid && t->exit_clock_ns < before + KTHREAD_MIN_STEP_NS)
		t->exit_clock_ns = before + KTHREAD_MIN_STEP_NS;
	sim->cur_task = save_task;	/* never the exiting task: a victim is not current */
	sim->cur_cpu = save_cpu;
	samples_tick(sim, before);
}

/* One step of the thread furthest behind the machine's clock.
 * Return: false if every thread has caught up. */
static bool run_one(struct sim *sim, uint64_t now)
{
	uint64_t best = NO_WORK, *clock, before, *cpu;
	int nid = -1, slot = -1;
	bool kswapd = true;

	for (int n = 0; n < sim->nr_nodes; n++) {
		uint64_t a = kswapd_ready(sim->node_data[n]), b = kcompactd_ready(sim->node_data[n]);

		if (a < best) {
			best = a;
			nid = n;
			kswapd = true;
		}
		if (b < best) {
			best = b;
			nid = n;
			kswapd = false;
		}
	}
	if (sim->nr_sigkill && exit_ready(sim, &slot) < best) {
		if (sim->tasks[slot].exit_clock_ns > now)
			return false;
		run_exit(sim, slot);
		return true;
	}
	if (nid < 0 || best > now)
		return false;
	/* the disk and the flushers catch up with the thread's time first */
	writeback_advance(sim, best);
	if (kswapd) {
		clock = &sim->node_data[nid]->kswapd.clock_ns;
		cpu = &sim->node_data[nid]->kswapd.cpu_ns;
	} else {
		clock = &sim->node_data[nid]->kcompactd.clock_ns;
		cpu = &sim->node_data[nid]->kcompactd.cpu_ns;
	}
	*clock = best;
	before = best;
	if (kswapd)
		run_kthread(sim, KSWAPD_PID(nid), nid, EXEC_KSWAPD, sim_kernel(sim)->ops->kswapd_step);
	else
		run_kthread(sim, KCOMPACTD_PID(nid), nid, EXEC_KCOMPACTD, kcompactd_step);
	if (*clock < before + KTHREAD_MIN_STEP_NS)
		*clock = before + KTHREAD_MIN_STEP_NS;
	*cpu += *clock - before;
	samples_tick(sim, best);	/* the machine as this step left it */
	return true;
}

static void reaper(struct sim *sim, int unused)
{
	(void)unused;
	oom_reaper_step(sim);
}

/* sim_tick_interruptible() runs: a Ctrl-C stops the kernel threads between
 * two steps (host state for one call, not the machine's) */
static bool tick_interruptible;

void sim_schedule_run(struct sim *sim)
{
	uint64_t now = sim->clock_ns;

	while (!(tick_interruptible && sim_interrupted()) && run_one(sim, now))
		;
	writeback_advance(sim, now);
	samples_tick(sim, now);
	while (oom_reaper_has_work(sim))
		run_kthread(sim, OOM_REAPER_PID, 0, EXEC_TASK, reaper);
	/* SIGKILLed tasks die on their way back to user space */
	if (sim->nr_sigkill && oom_has_killed_tasks(sim))
		oom_exit_killed_tasks(sim);
}

bool sim_wait_for_exit(struct sim *sim)
{
	int slot = -1;
	uint64_t next;

	if (sim->exec_kind != EXEC_TASK)
		return false;
	sim_schedule(sim);	/* a victim just killed starts its exit */
	next = sim->nr_sigkill ? exit_ready(sim, &slot) : NO_WORK;
	if (next == NO_WORK)
		return false;
	if (next > sim->clock_ns)
		sim->clock_ns = next;
	sim_schedule(sim);
	return true;
}

void sim_sleep(struct sim *sim, unsigned long j)
{
	if (sim->exec_kind != EXEC_TASK)
		return;
	sim->clock_ns += (uint64_t)j * NSEC_PER_JIFFY;
	sim_schedule(sim);
}

void sim_tick(struct sim *sim, unsigned long j)
{
	sim_sleep(sim, j);
}

int sim_tick_interruptible(struct sim *sim, unsigned long j)
{
	tick_interruptible = true;
	sim_sleep(sim, j);
	tick_interruptible = false;
	return sim_interrupted() ? -EINTR : 0;
}

unsigned long sim_jiffies(const struct sim *sim)
{
	return (unsigned long)(sim->clock_ns / NSEC_PER_JIFFY);
}
