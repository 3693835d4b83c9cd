/* core/oom_kill.c - the OOM killer, the oom_reaper and the reports they print.
 * Models mm/oom_kill.c (v4.5; the oom_reaper of v4.6). The memory report
 * it prints, show_mem(), and the allocation failure's are in show_mem.c.
 *
 * How one kill goes (out_of_memory, with the slow path holding oom_lock):
 *
 *   current dying already? --yes--> TIF_MEMDIE for current, done
 *        | no
 *   panic_on_oom? --yes--> report, "Kernel panic" line (we carry on)
 *        | no
 *   oom_kill_allocating_task? --yes--> kill current
 *        | no
 *   select_bad_process: every task scored by oom_badness();
 *        a TIF_MEMDIE task anywhere aborts (wait for it to exit)
 *        | the highest score
 *   oom_kill_process: report, "Kill process P or sacrifice child", maybe a
 *        child instead, SIGKILL + TIF_MEMDIE, "Killed process", queue it for
 *        the oom_reaper; the caller sleeps a jiffy so it can die
 *
 * The victim exits when it next returns to user space
 * (oom_exit_killed_tasks, called by the scheduler) and frees its memory;
 * TIF_MEMDIE stays until then (v4.5). v4.6 adds the oom_reaper, a kernel
 * thread that unmaps the victim's anonymous memory at once and clears
 * TIF_MEMDIE, so the next OOM need not wait for the exit; which one runs
 * is the kernel table's (kernel.h: KTHREAD_OOM_REAPER).
 *
 * SIMPLIFICATION: every user task has its own mm (no threads, no CLONE_VM),
 * so "Kill all user processes sharing victim->mm" never finds anyone and the
 * oom_reaper may always reap. No memcg, cpuset or mempolicy: the constraint
 * is always CONSTRAINT_NONE and totalpages is totalram + total swap.
 * SIMPLIFICATION: no ratelimits (dump_header's oom_rs, warn_alloc_failed's
 * nopage_rs), no stack dumps, no cpuset line: each report is printed whole.
 * SIMPLIFICATION: oom_killer_disabled (suspend), OOM notifiers and
 * oom_task_origin (swapoff, KSM) do not exist here.
 */
#include "buddyscope/oom_kill.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/vmscan.h"
#include "internal.h"
#include "oom_internal.h"


/* ---- badness ---- */

/* Models: oom_unkillable_task() (v4.5), memcg and nodemask checks dropped. */
bool oom_unkillable_task(const struct task *t)
{
	return t->pid == 0 || t->pid == 1 || (t->flags & PF_KTHREAD);
}

/* Every user task has an mm (init too); kernel threads have none. */
bool has_mm(const struct task *t)
{
	/* an exit over time (exit.c) dropped it first: exit_mm() */
	return t->pid && !(t->flags & PF_KTHREAD) && !t->exit_step;
}

/* Models: task_will_free_mem() (v4.5): exiting and not dumping core. */
bool task_will_free_mem(const struct task *t)
{
	return t->flags & PF_EXITING;
}

/* Models: totalram_pages + total_swap_pages, as out_of_memory() and
 * /proc/PID/oom_score use them (constrained_alloc's CONSTRAINT_NONE). */
unsigned long oom_totalpages(const struct sim *sim)
{
	unsigned long total = sim->swap_pages;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			total += sim->node_data[nid]->node_zones[zid].managed_pages;
	return total;
}

/* Models: oom_badness() (v4.5).
 * points = rss + swap entries + page-table pages, then oom_score_adj moves
 * it by adj thousandths of all memory: 1000 pages of rss with adj 500 on a
 * 16384-page machine score 1000 + 500 * (16384 / 1000) = 1000 + 500 * 16 = 9000.
 * SIMPLIFICATION: shmem is 0 (tasks have no shmem) and nr_pmds is 0 (we
 * count PTE pages only; a real process holds at least one PMD page).
 * SIMPLIFICATION: no task has CAP_SYS_ADMIN, so the 3% admin bonus
 * (points -= points * 3 / 100) never applies.
 * Every user task has an mm here (one that never touched memory still has
 * one, as a fresh process does), so it scores at least 1 unless adj is -1000;
 * under v4.5 a task mid-exit is never seen, task_exit() being atomic; 6.1's
 * exit over time (exit.c) drops the mm first, and the task scores 0. */
unsigned long oom_badness(const struct sim *sim, const struct task *t, unsigned long totalpages)
{
	long points, adj;

	(void)sim;
	if (oom_unkillable_task(t) || !has_mm(t))	/* find_lock_task_mm() finds none */
		return 0;
	adj = t->oom_score_adj;
	if (adj == OOM_SCORE_ADJ_MIN)
		return 0;
	points = (long)(t->rss_anon + t->rss_file + t->swapents + t->nr_ptes);
	adj *= (long)(totalpages / 1000);
	points += adj;
	/* never 0 for an eligible task, whatever the adj */
	return points > 0 ? (unsigned long)points : 1;
}

/* Models: proc_oom_score() (fs/proc/base.c); 6.1's 0..2000 scale when the
 * kernel has it (kernel.h: oom_score_max). */
unsigned long oom_score(const struct sim *sim, const struct task *t)
{
	unsigned long total = oom_totalpages(sim);

	if (sim_kernel(sim)->oom_score_max == 2000)
		return oom_score_6_1(sim, t);

	return total ? oom_badness(sim, t, total) * 1000 / total : 0;
}

/* The live tasks in pid order, which is fork order here: the order of
 * for_each_process(). Return: how many went into @out. */
int process_list(struct sim *sim, struct task **out)
{
	int n = 0;

	for (int i = 0; i < MAX_TASKS; i++) {
		struct task *t = &sim->tasks[i];
		int j;

		if (!t->pid)
			continue;
		for (j = n++; j > 0 && out[j - 1]->pid > t->pid; j--)
			out[j] = out[j - 1];
		out[j] = t;
	}
	return n;
}

/* ---- the reports: dump_tasks, dump_header (show_mem.c: show_mem) ---- */

/* Models: dump_tasks() (v4.5): every process that has an mm and is not
 * init or a kernel thread, -1000 ones included. uid 0, tgid = pid. */
static void dump_tasks(struct sim *sim)
{
	struct task *list[MAX_TASKS];
	int n = process_list(sim, list);

	printk(sim, "[ pid ]   uid  tgid total_vm      rss nr_ptes nr_pmds swapents "
	       "oom_score_adj name");
	for (int i = 0; i < n; i++) {
		const struct task *t = list[i];

		if (oom_unkillable_task(t))
			continue;
		printk(sim, "[%5d] %5d %5d %8lu %8lu %7ld %7ld %8lu         %5hd %s", t->pid, 0,
		       t->pid, t->total_vm, t->rss_anon + t->rss_file, (long)t->nr_ptes, 0L,
		       t->swapents, t->oom_score_adj, t->comm);
	}
}

/* Models: dump_header() (v4.5; v4.6 decodes gfp_mask) without the cpuset
 * line and stack dump. */
static void dump_header(struct sim *sim, const struct oom_control *oc)
{
	const struct task *cur = current_task(sim);
	char mask[160];

	printk(sim, "%s invoked oom-killer: gfp_mask=%s, order=%d, oom_score_adj=%hd",
	       cur->comm, report_gfp(sim, oc->gfp_mask, mask, sizeof(mask)), oc->order,
	       cur->oom_score_adj);
	show_mem(sim);
	if (sim->vm.oom_dump_tasks)
		dump_tasks(sim);
}

/* One bs_alloc_stage narration event for this out_of_memory() call. */
__attribute__((format(printf, 3, 4)))
static void narrate(struct sim *sim, const struct oom_control *oc, const char *fmt, ...)
{
	struct trace_event *ev = trace_emit(sim, TRACE_bs_alloc_stage);
	va_list ap;

	ev->stage = -1;
	ev->gfp_mask = oc->gfp_mask;
	ev->order = (uint8_t)(oc->order < 0 ? 0 : oc->order);
	va_start(ap, fmt);
	vsnprintf(ev->msg, sizeof(ev->msg), fmt, ap);
	va_end(ap);
}

/* ---- killing ---- */

/* Models: mark_oom_victim() (v4.5): TIF_MEMDIE once, oom_victims++. */
void mark_oom_victim(struct sim *sim, struct task *t)
{
	if (t->memdie)
		return;
	t->memdie = true;
	sim->oom_victims++;
}

/* Models: exit_oom_victim(). */
static void exit_oom_victim(struct sim *sim, struct task *t)
{
	if (!t->memdie)
		return;
	t->memdie = false;
	sim->oom_victims--;
}

/* Models: wake_oom_reaper() (v4.6) and queue_oom_reaper() (5.18, 6.1):
 * once per victim (MMF_OOM_REAP_QUEUED), due oom_reaper_delay jiffies from
 * now (6.1's timer: OOM_REAPER_DELAY, 2 s; 4.6: at once). The kernel's list
 * is a stack (oom_reaper_list): of the victims due, the newest goes first. */
void wake_oom_reaper(struct sim *sim, const struct task *victim)
{
	struct task *t = task_lookup(sim, victim->pid);

	if (!t || t->reap_queued || sim->nr_reap >= MAX_TASKS)
		return;
	t->reap_queued = true;
	t->reap_at = jiffies(sim) + sim_kernel(sim)->oom_reaper_delay;
	sim->reap_queue[sim->nr_reap++] = t->pid;
}

/* The queue slot of the newest victim whose time has come (a victim gone
 * meanwhile counts as due: its slot is dropped); -1 if none. */
static int oom_reaper_due(const struct sim *sim)
{
	unsigned long now = (unsigned long)(sim->clock_ns / NSEC_PER_JIFFY);

	for (int i = sim->nr_reap - 1; i >= 0; i--) {
		const struct task *t = task_find(sim, sim->reap_queue[i]);

		if (!t || t->reap_at <= now)
			return i;
	}
	return -1;
}

bool oom_reaper_has_work(const struct sim *sim)
{
	return sim->nr_reap && oom_reaper_due(sim) >= 0;
}

enum oom_scan { OOM_SCAN_FOUND, OOM_SCAN_NONE, OOM_SCAN_ABORT };

/* Models: select_bad_process() and oom_scan_process_thread() (v4.5).
 * The highest badness wins; on a tie the earlier process stays chosen (the
 * kernel keeps a thread-group leader, and every task here is one). A
 * TIF_MEMDIE task anywhere, or one already exiting, aborts the scan unless
 * the OOM came from sysrq (order -1): the reserves go to one victim at a
 * time. @points: the winner's score, badness * 1000 / totalpages. */
static enum oom_scan select_bad_process(struct sim *sim, const struct oom_control *oc,
					unsigned long totalpages, struct task **chosen,
					unsigned long *points, int *blocker)
{
	bool sysrq = oc->order == -1;
	struct task *list[MAX_TASKS];
	unsigned long chosen_points = 0;
	int n = process_list(sim, list);

	*chosen = NULL;
	for (int i = 0; i < n; i++) {
		struct task *t = list[i];
		unsigned long p;

		if (oom_unkillable_task(t))
			continue;
		if ((t->memdie || task_will_free_mem(t)) && !sysrq) {
			*blocker = t->pid;
			return OOM_SCAN_ABORT;
		}
		p = oom_badness(sim, t, totalpages);
		if (!p || p <= chosen_points)
			continue;
		*chosen = t;
		chosen_points = p;
	}
	*points = totalpages ? chosen_points * 1000 / totalpages : 0;
	return *chosen ? OOM_SCAN_FOUND : OOM_SCAN_NONE;
}

/* Models: oom_kill_process() (v4.5; v4.6 adds wake_oom_reaper).
 * Kills @p, or the child of @p with the highest badness if any child
 * (with its own mm, as every task here has) scores above 0: the parent's
 * work is kept and memory is still freed. The first child wins a tie.
 * Return: the task killed. */
static struct task *oom_kill_process(struct sim *sim, const struct oom_control *oc,
				     struct task *p, unsigned long points,
				     unsigned long totalpages, const char *message)
{
	struct task *list[MAX_TASKS];
	struct task *victim = p;
	unsigned long victim_points = 0;
	int n;

	if (task_will_free_mem(p)) {	/* dying anyway: no report, no child */
		mark_oom_victim(sim, p);
		return p;
	}
	dump_header(sim, oc);
	printk(sim, "%s: Kill process %d (%s) score %u or sacrifice child", message, p->pid,
	       p->comm, (unsigned int)points);
	n = process_list(sim, list);
	for (int i = 0; i < n; i++) {
		struct task *child = list[i];
		unsigned long cp;

		if (child->ppid != p->pid)
			continue;
		cp = oom_badness(sim, child, totalpages);
		if (cp > victim_points) {
			victim = child;
			victim_points = cp;
		}
	}
	/* SIGKILL before TIF_MEMDIE, so the reserves never reach user space */
	if (!victim->sigkill)
		sim->nr_sigkill++;
	victim->sigkill = true;
	count_vm_events(sim, OOM_KILL, 1);
	mark_oom_victim(sim, victim);
	printk(sim, "Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, "
	       "shmem-rss:%lukB", victim->pid, victim->comm, K(victim->total_vm),
	       K(victim->rss_anon), K(victim->rss_file), 0UL);
	/* v4.6: the oom_reaper unmaps it at once; in v4.5 it frees its memory
	 * itself when it exits, TIF_MEMDIE held until then */
	if (sim_kernel(sim)->kthreads & KTHREAD_OOM_REAPER)
		wake_oom_reaper(sim, victim);
	return victim;
}

/* The narration for a kill: who died, their score, and what comes back. */
static void narrate_kill(struct sim *sim, const struct oom_control *oc, const char *why,
			 const struct task *p, unsigned long points, const struct task *victim)
{
	unsigned long freed = victim->rss_anon + victim->nr_ptes;

	if (victim == p)
		narrate(sim, oc, "out_of_memory: %skilled %s (%d), badness %lu of 1000, "
			"freeing %lu pages", why, p->comm, p->pid, points, freed);
	else
		narrate(sim, oc, "out_of_memory: %s%s (%d) scored %lu of 1000; killed its child "
			"%s (%d) instead, freeing %lu pages", why, p->comm, p->pid, points,
			victim->comm, victim->pid, freed);
}

/* Models: out_of_memory() (v4.5). See the picture at the top of the file.
 * SIMPLIFICATION: panic() does not stop the machine. The "Kernel panic -
 * not syncing" line is logged, nothing is killed and false is returned, so
 * the allocation fails instead of looping.
 * SIMPLIFICATION: the schedule_timeout_killable(1) after a kill chosen by
 * select_bad_process() is done by the caller (__alloc_pages_may_oom in
 * slowpath.c, when oc->chose_victim), so this function never moves the
 * clock. */
bool out_of_memory(struct sim *sim, struct oom_control *oc)
{
	struct task *cur = current_task(sim);
	unsigned long totalpages = oom_totalpages(sim), points = 0;
	bool sysrq = oc->order == -1;
	struct task *p, *victim;
	int blocker = 0;

	oc->chose_victim = false;
	/* a task that is dying anyway gets the reserves to die faster */
	if (has_mm(cur) && (cur->sigkill || task_will_free_mem(cur))) {
		mark_oom_victim(sim, cur);
		narrate(sim, oc, "out_of_memory: %s (%d) is already dying; it gets TIF_MEMDIE "
			"and the reserves, nobody else is killed", cur->comm, cur->pid);
		return true;
	}
	/* check_panic_on_oom(): the constraint is always CONSTRAINT_NONE here */
	if (sim->vm.panic_on_oom && !sysrq) {
		dump_header(sim, oc);
		printk(sim, "Kernel panic - not syncing: Out of memory: %s panic_on_oom is enabled",
		       sim->vm.panic_on_oom == 2 ? "compulsory" : "system-wide");
		narrate(sim, oc, "out_of_memory: vm.panic_on_oom=%d, so the kernel panics here; "
			"buddyscope logs it, kills nothing and fails the allocation",
			sim->vm.panic_on_oom);
		return false;
	}
	if (sim->vm.oom_kill_allocating_task && !oom_unkillable_task(cur) &&
	    cur->oom_score_adj != OOM_SCORE_ADJ_MIN) {
		victim = oom_kill_process(sim, oc, cur, 0, totalpages,
					  "Out of memory (oom_kill_allocating_task)");
		narrate_kill(sim, oc, "oom_kill_allocating_task: ", cur, 0, victim);
		return true;
	}
	switch (select_bad_process(sim, oc, totalpages, &p, &points, &blocker)) {
	case OOM_SCAN_NONE:
		if (sysrq) {
			narrate(sim, oc, "out_of_memory: sysrq found no killable process");
			return true;
		}
		dump_header(sim, oc);
		printk(sim, "Kernel panic - not syncing: Out of memory and no killable processes...");
		narrate(sim, oc, "out_of_memory: no killable process, so the kernel panics here; "
			"buddyscope logs it and fails the allocation");
		return false;
	case OOM_SCAN_ABORT: {
		const struct task *b = task_lookup(sim, blocker);

		narrate(sim, oc, "out_of_memory: %s (%d) is already an OOM victim; waiting for it "
			"to exit, nobody else is killed", b->comm, b->pid);
		return true;
	}
	case OOM_SCAN_FOUND:
		break;
	}
	victim = oom_kill_process(sim, oc, p, points, totalpages, "Out of memory");
	narrate_kill(sim, oc, "", p, points, victim);
	/* the kernel's schedule_timeout_killable(1) that gives the victim a
	 * chance to exit is left to the caller: see oom_kill.h */
	oc->chose_victim = true;
	return true;
}

/* ---- after the kill ---- */

/* Models: oom_reap_task() / __oom_reap_task() (v4.6; 6.1's oom_reap_task,
 * oom_reap_task_mm and __oom_reap_task_mm), one victim per call, the
 * newest of those due. Unmaps the victim's anonymous memory and swap
 * entries, as the kernel unmaps every private VMA, and frees the pages;
 * page tables stay until the victim exits. Then the victim stops counting:
 * v4.6 sets oom_score_adj -1000 and clears TIF_MEMDIE; 4.9+ marks the mm
 * MMF_OOM_SKIP, which the OOM killer's scan passes over (TIF_MEMDIE stays
 * until the victim exits). A 6.1 victim that exited before its timer fired
 * left the queue with its exit (exit_mmap's MMF_OOM_SKIP: no reap, no line).
 * SIMPLIFICATION: mmap_lock is always free, so there are no retries
 * (MAX_OOM_REAP_RETRIES) and no "unable to reap" line; the oom events
 * (wake_reaper, start/finish_task_reaping) are not traced. Task file pages
 * count as shared mappings, which the reaper leaves alone (they are page
 * cache and are not freed by exit either). */
void oom_reaper_step(struct sim *sim)
{
	int at = oom_reaper_due(sim), pid;
	struct task *t;

	if (at < 0)
		return;
	pid = sim->reap_queue[at];
	memmove(&sim->reap_queue[at], &sim->reap_queue[at + 1],
		(size_t)(sim->nr_reap - at - 1) * sizeof(int));
	sim->nr_reap--;
	t = task_lookup(sim, pid);
	if (!t || t->exit_step)	/* gone, or exiting (exit.c leaves it to the exit) */
		return;
	if (!sim_kernel(sim)->oom_reap_sets_skip)
		t->reap_queued = false;		/* v4.6 may queue it again */
	else if (t->oom_skip)
		return;				/* 6.1's timer: nothing to do */
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn && t->rss_anon; pfn++) {
		const struct page *pg = &sim->map.pages[pfn];

		if (pg->private != (uint32_t)t->pid ||
		    (pg->flags & (PG_lru | PG_swapbacked)) != (PG_lru | PG_swapbacked))
			continue;
		del_page_from_lru(sim, pfn);
		mod_zone_page_state(page_zone(sim, pfn), NR_ANON_PAGES, -1);
		t->rss_anon--;	/* the VMAs stay: total_vm does not change */
		free_page_frame(sim, pfn, false);
	}
	sim->swap_in_use -= t->swapents;
	t->swapents = 0;
	printk(sim, "oom_reaper: reaped process %d (%s), now anon-rss:%lukB, file-rss:%lukB, "
	       "shmem-rss:%lukB", t->pid, t->comm, K(t->rss_anon), K(t->rss_file), 0UL);
	if (sim_kernel(sim)->oom_reap_sets_skip) {
		t->oom_skip = true;	/* oom_reap_task(): set_bit(MMF_OOM_SKIP) */
		return;
	}
	/* v4.6 sets it directly, without the oom_score_adj_update trace */
	t->oom_score_adj = OOM_SCORE_ADJ_MIN;
	exit_oom_victim(sim, t);
}

bool oom_has_killed_tasks(const struct sim *sim)
{
	for (int i = 0; i < MAX_TASKS; i++)
		if (sim->tasks[i].pid && sim->tasks[i].sigkill && !sim->tasks[i].exit_step &&
		    i != sim->cur_task)
			return true;
	return false;
}

/* A SIGKILLed task dies on its way back to user space (get_signal ->
 * do_group_exit). Only `current` is inside the kernel, so every other killed
 * task is at that point whenever the scheduler runs: it exits at once, or
 * (exit_takes_time, 6.1) starts its exit on the CPU the signal woke it on
 * (exit.c). */
void oom_exit_killed_tasks(struct sim *sim)
{
	for (int i = 0; i < MAX_TASKS; i++) {
		struct task *t = &sim->tasks[i];

		if (!t->pid || !t->sigkill || t->exit_step || i == sim->cur_task ||
		    (t->flags & PF_KTHREAD))
			continue;
		if (sim_kernel(sim)->exit_takes_time)
			task_exit_begin(sim, t, sim_wakeup_cpu(sim, sim->cur_cpu));
		else
			task_exit(sim, t->pid);
	}
}
