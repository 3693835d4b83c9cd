/* core/task.c - simulated tasks, their pages, swap and slab.
 * Models the parts of kernel/fork.c, kernel/exit.c, mm/memory.c
 * (do_anonymous_page, pte_alloc), mm/filemap.c (add_to_page_cache_lru) and
 * mm/swapfile.c that decide which pages exist and who owns them.
 *
 * Every page a task gets goes through the whole allocation path as that task
 * (current), so a workload wakes kswapd, reclaims, compacts and OOM-kills
 * exactly as a request typed by hand does.
 */
#include "buddyscope/task.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/costs.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/workload.h"
#include "internal.h"

/* The allocation masks the kernel's fault paths use: the running kernel's
 * (kernel.h: gfp_anon_fault, gfp_page_cache, gfp_page_table). */
#define GFP_ANON	(sim_kernel(sim)->gfp_anon_fault)
#define GFP_PAGECACHE	(sim_kernel(sim)->gfp_page_cache)
#define GFP_PGTABLE	(sim_kernel(sim)->gfp_page_table)

static struct task *slot_new(struct sim *sim, int pid, const char *comm, unsigned int flags)
{
	for (int i = 0; i < MAX_TASKS; i++) {
		struct task *t = &sim->tasks[i];

		if (t->pid)
			continue;
		memset(t, 0, sizeof(*t));
		t->pid = pid;
		t->ppid = pid <= 2 ? 0 : (flags & PF_KTHREAD) ? 2 : 1;	/* init, kthreadd: 0 */
		snprintf(t->comm, sizeof(t->comm), "%s", comm);
		t->flags = flags;
		return t;
	}
	return NULL;
}

/* Boot's tasks: init, kthreadd, the per-node kernel threads and a shell. */
void tasks_boot(struct sim *sim)
{
	char name[TASK_COMM_LEN];
	struct task *sh;

	memset(sim->tasks, 0, sizeof(sim->tasks));
	slot_new(sim, 1, "init", 0);
	slot_new(sim, 2, "kthreadd", PF_KTHREAD);
	/* the kernel threads this version has (kernel.h: kthreads) */
	if (sim_kernel(sim)->kthreads & KTHREAD_OOM_REAPER)
		slot_new(sim, 27, "oom_reaper", PF_KTHREAD);
	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		/* nid < MAX_NUMNODES: one digit */
		snprintf(name, sizeof(name), "kcompactd%c", '0' + nid);
		if (sim_kernel(sim)->kthreads & KTHREAD_KCOMPACTD)
			slot_new(sim, 30 + nid, name, PF_KTHREAD);
		snprintf(name, sizeof(name), "kswapd%c", '0' + nid);
		/* kswapd(): PF_MEMALLOC | PF_SWAPWRITE | PF_KSWAPD */
		slot_new(sim, 40 + nid, name, PF_KTHREAD | PF_MEMALLOC | PF_KSWAPD);
	}
	sh = slot_new(sim, 1000, "bash", 0);
	sim->cur_task = (int)(sh - sim->tasks);
	sim->next_pid = 1001;
}

struct task *task_lookup(struct sim *sim, int pid)
{
	for (int i = 0; i < MAX_TASKS; i++)
		if (pid > 0 && sim->tasks[i].pid == pid)
			return &sim->tasks[i];
	return NULL;
}

const struct task *task_find(const struct sim *sim, int pid)
{
	return task_lookup((struct sim *)sim, pid);
}

const struct task *task_find_comm(const struct sim *sim, const char *comm)
{
	const struct task *best = NULL;

	for (int i = 0; i < MAX_TASKS; i++) {
		const struct task *t = &sim->tasks[i];

		if (t->pid && !strcmp(t->comm, comm) && (!best || t->pid < best->pid))
			best = t;
	}
	return best;
}

const struct task *task_at(const struct sim *sim, int n)
{
	int last = 0;

	/* the n-th smallest pid: MAX_TASKS is small, a selection walk will do */
	for (int k = 0; k <= n; k++) {
		const struct task *next = NULL;

		for (int i = 0; i < MAX_TASKS; i++) {
			const struct task *t = &sim->tasks[i];

			if (t->pid > last && (!next || t->pid < next->pid))
				next = t;
		}
		if (!next)
			return NULL;
		if (k == n)
			return next;
		last = next->pid;
	}
	return NULL;
}

const struct task *task_current(const struct sim *sim)
{
	return &sim->tasks[sim->cur_task];
}

int task_switch(struct sim *sim, struct task *t)
{
	int old = sim->cur_task;

	sim->cur_task = (int)(t - sim->tasks);
	sim->cur_cpu = t->cpu;
	return old;
}

/* The task commands run as has exited: they run as its parent from now on
 * (the shell that started it, as a terminal goes back to its shell), or as
 * init when the parent is gone or a kernel thread. */
static void current_exited(struct sim *sim, const struct task *t)
{
	struct task *p = t->ppid ? task_lookup(sim, t->ppid) : NULL;

	sim->cur_task = p && p != t && !(p->flags & PF_KTHREAD) ? (int)(p - sim->tasks) : 0;
}

int task_set_rt(struct sim *sim, int pid, bool rt)
{
	struct task *t = task_lookup(sim, pid);

	if (!t)
		return sim_error(sim, -ESRCH, "no task with pid %d", pid);
	if (t->flags & PF_KTHREAD)
		return sim_error(sim, -EPERM, "%s (%d) is a kernel thread", t->comm, t->pid);
	t->rt = rt;
	return 0;
}

int task_set_current(struct sim *sim, int pid)
{
	struct task *t = task_lookup(sim, pid);

	if (!t)
		return sim_error(sim, -ESRCH, "no task with pid %d (see `task list`)", pid);
	task_switch(sim, t);
	return 0;
}

int task_spawn(struct sim *sim, const char *comm, int adj, int cpu, int ppid)
{
	size_t len = strlen(comm);
	struct task *t;

	if (len < 1 || len >= TASK_COMM_LEN)
		return sim_error(sim, -EINVAL, "task name '%s' must be 1..%d characters", comm,
				 TASK_COMM_LEN - 1);
	for (size_t i = 0; i < len; i++)
		if (comm[i] <= ' ' || comm[i] > '~')
			return sim_error(sim, -EINVAL, "task name '%s' has a blank or non-printable "
					 "character", comm);
	if (comm[0] >= '0' && comm[0] <= '9')
		return sim_error(sim, -EINVAL, "task name '%s' must not start with a digit "
				 "(it would read as a pid)", comm);
	if (adj < OOM_SCORE_ADJ_MIN || adj > OOM_SCORE_ADJ_MAX)
		return sim_error(sim, -EINVAL, "oom_score_adj %d out of range (-1000..1000)", adj);
	if (cpu < -1 || cpu >= sim->nr_cpus)
		return sim_error(sim, -EINVAL, "cpu %d does not exist (0..%d)", cpu, sim->nr_cpus - 1);
	if (ppid && !task_lookup(sim, ppid))
		return sim_error(sim, -ESRCH, "no parent task with pid %d", ppid);
	t = slot_new(sim, sim->next_pid, comm, 0);
	if (!t)
		return sim_error(sim, -ENOSPC, "too many tasks (at most %d)", MAX_TASKS);
	sim->next_pid++;
	t->oom_score_adj = (short)adj;
	t->cpu = cpu < 0 ? sim->cur_cpu : cpu;
	t->ppid = ppid ? ppid : task_current(sim)->pid;
	return t->pid;
}

struct task *task_new_pid(struct sim *sim, int pid, const char *comm, int adj)
{
	struct task *t;

	if (pid <= 0 || task_lookup(sim, pid))
		pid = sim->next_pid;
	t = slot_new(sim, pid, comm, 0);
	if (!t)
		return NULL;
	if (pid >= sim->next_pid)
		sim->next_pid = pid + 1;
	t->oom_score_adj = (short)(adj < OOM_SCORE_ADJ_MIN ? OOM_SCORE_ADJ_MIN :
				   adj > OOM_SCORE_ADJ_MAX ? OOM_SCORE_ADJ_MAX : adj);
	t->cpu = sim->cur_cpu;
	return t;
}

static struct task *user_task(struct sim *sim, int pid)
{
	struct task *t = task_lookup(sim, pid);

	if (!t) {
		sim_error(sim, -ESRCH, "no task with pid %d (see `task list`)", pid);
		return NULL;
	}
	if (t->flags & PF_KTHREAD) {
		sim_error(sim, -EPERM, "%s (%d) is a kernel thread: it has no user memory",
			  t->comm, t->pid);
		return NULL;
	}
	if (t->exit_step) {
		sim_error(sim, -ESRCH, "%s (%d) was killed and is exiting: its memory is being "
			  "unmapped", t->comm, t->pid);
		return NULL;
	}
	return t;
}

/* Allocate one page as the current task; runs the whole path. */
static unsigned long fault_alloc(struct sim *sim, gfp_t gfp)
{
	struct alloc_request req;

	if (alloc_request_init(sim, &req, gfp, 0))
		return PFN_NONE;
	return alloc_run(sim, &req);
}

/* pte_alloc_one(): one more page-table page for @t. */
bool task_pte_page(struct sim *sim, struct task *t)
{
	unsigned long pfn = fault_alloc(sim, GFP_PGTABLE);

	if (pfn == PFN_NONE)
		return false;
	page_w(&sim->map, pfn)->private = (uint32_t)t->pid;
	mod_zone_page_state(page_zone(sim, pfn), NR_PAGETABLE, 1);
	t->nr_ptes++;
	return true;
}

/* pte_alloc(): a page-table page for every PTRS_PER_PTE pages mapped. */
static bool pte_alloc(struct sim *sim, struct task *t)
{
	if (t->total_vm < t->nr_ptes * PTRS_PER_PTE)
		return true;
	return task_pte_page(sim, t);
}

/*
 * A read() of a block device (or a filesystem's metadata through it): page
 * cache of the bdev inode, whose mapping allows GFP_USER only (bdget /
 * bdev_alloc), so the pages are not movable. Readahead asks first
 * (page_cache_alloc_readahead / readahead_gfp_mask: __GFP_NORETRY |
 * __GFP_NOWARN); if it gets nothing the read allocates the page itself.
 */
static unsigned long bdev_page_alloc(struct sim *sim)
{
	gfp_t gfp = GFP_USER | (sim_kernel(sim)->gfp_cold_gone ? 0 : GFP_F_COLD);
	unsigned long pfn = fault_alloc(sim, gfp | GFP_F_NORETRY | GFP_F_NOWARN);

	return pfn != PFN_NONE ? pfn : fault_alloc(sim, gfp);
}

long task_touch(struct sim *sim, int pid, enum task_mem kind, unsigned long n)
{
	struct task *t = user_task(sim, pid);
	int save_pid = current_task(sim)->pid, save_cpu = sim->cur_cpu;
	/* who the current task is, in case it exits meanwhile */
	const struct task gone = { .pid = save_pid, .ppid = current_task(sim)->ppid };
	bool anon = kind == TASK_ANON || kind == TASK_ANON_MADVISED;
	bool madvised = kind == TASK_ANON_MADVISED;
	unsigned long done = 0;
	struct task *was;

	if (!t)
		return -ESRCH;
	task_switch(sim, t);
	while (done < n && !t->sigkill && !sim_interrupted()) {
		unsigned long pfn;
		struct page *p;
		struct zone *z;

		/* each aligned 2 MiB of anonymous memory: a THP first, as the
		 * THP settings allow (workload.c); order 0 after a fallback */
		if (anon && done % PTRS_PER_PTE == 0 && n - done >= PTRS_PER_PTE &&
		    thp_fault_allowed(sim, madvised)) {
			if (thp_fault(sim, t, madvised)) {
				done += PTRS_PER_PTE;
				sim_schedule(sim);
				continue;
			}
			if (t->sigkill)
				break;
		}
		if (kind == TASK_BDEV) {
			if ((pfn = bdev_page_alloc(sim)) == PFN_NONE)
				break;
			/* not mapped: nobody's rss, no page tables; read from the
			 * disk and copied to the user, as a read() of a file */
			lru_cache_add(sim, pfn, LRU_INACTIVE_FILE);
			mod_zone_page_state(page_zone(sim, pfn), NR_FILE_PAGES, 1);
			sim_charge(sim, COST_DISK_READ, 1);
			sim_charge(sim, COST_COPY_USER, 1);
			done++;
			sim_schedule(sim);
			continue;
		}
		if (!pte_alloc(sim, t))
			break;
		if (t->sigkill)
			break;
		pfn = fault_alloc(sim, anon ? GFP_ANON : GFP_PAGECACHE);
		if (pfn == PFN_NONE)
			break;
		p = page_w(&sim->map, pfn);
		z = page_zone(sim, pfn);
		if (kind == TASK_FILE_READ) {
			/* do_generic_file_read(): a new page cache page, read from
			 * the disk, copied to the user and marked accessed; nobody
			 * maps it */
			lru_cache_add(sim, pfn, LRU_INACTIVE_FILE);
			mod_zone_page_state(z, NR_FILE_PAGES, 1);
			mark_page_accessed(sim, pfn);
			sim_charge(sim, COST_DISK_READ, 1);
			sim_charge(sim, COST_COPY_USER, 1);
			done++;
			sim_schedule(sim);
			continue;
		}
		p->private = (uint32_t)t->pid;
		p->flags |= PG_young;
		if (anon) {
			/* lru_cache_add_active_or_unevictable() (4.x), 5.9+'s
			 * lru_cache_add_inactive_or_unevictable() (swap.c) */
			lru_cache_add_new_anon(sim, pfn);
			mod_zone_page_state(z, NR_ANON_PAGES, 1);
			t->rss_anon++;
		} else {
			/* add_to_page_cache_lru(): new cache pages start inactive */
			lru_cache_add(sim, pfn, LRU_INACTIVE_FILE);
			mod_zone_page_state(z, NR_FILE_PAGES, 1);
			mod_zone_page_state(z, NR_FILE_MAPPED, 1);
			t->rss_file++;
			if (kind == TASK_FILE_DIRTY) {
				p->flags |= PG_dirty;
				mod_zone_page_state(z, NR_FILE_DIRTY, 1);
				mod_zone_page_state(z, NR_DIRTIED, 1);
				balance_dirty_pages_ratelimited(sim);
			}
		}
		t->total_vm++;
		count_vm_events(sim, PGFAULT, 1);
		/* what the page cost the task (costs.h): an anonymous fault;
		 * a major fault, waiting for the disk (SIMPLIFICATION: its own
		 * work costed as an anonymous fault, whose clearing of the page
		 * is 144 of its 4100 ns); a write() copying the data in */
		if (anon) {
			sim_charge(sim, COST_ANON_FAULT, 1);
		} else if (kind == TASK_FILE) {
			sim_charge(sim, COST_DISK_READ, 1);
			sim_charge(sim, COST_ANON_FAULT, 1);
		} else {
			sim_charge(sim, COST_COPY_USER, 1);
		}
		done++;
		sim_schedule(sim);
	}
	/* back to the task that was current; it may have been OOM-killed and
	 * exited meanwhile (task_exit then made its parent current) */
	was = task_lookup(sim, save_pid);
	if (was)
		sim->cur_task = (int)(was - sim->tasks);
	else
		current_exited(sim, &gone);
	sim->cur_cpu = save_cpu;
	/* a killed task dies on its way back to user space */
	if (t->sigkill && t->pid)
		task_exit(sim, t->pid);
	return (long)done;
}

long task_access(struct sim *sim, int pid, enum task_mem kind, unsigned long n)
{
	struct task *t = user_task(sim, pid);
	unsigned long done = 0;

	if (!t)
		return -ESRCH;
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn && done < n; pfn++) {
		const struct page *p = &sim->map.pages[pfn];

		if (p->private != (uint32_t)t->pid || !page_is_kind(p, kind))
			continue;
		page_w(&sim->map, pfn)->flags |= PG_young;
		if (kind != TASK_ANON)
			mark_page_accessed(sim, pfn);
		done++;
	}
	return (long)done;
}

/* free_pgtables(): page tables beyond what total_vm still needs. */
static void free_pgtables(struct sim *sim, struct task *t)
{
	unsigned long need = (t->total_vm + t->swapents + PTRS_PER_PTE - 1) / PTRS_PER_PTE;

	for (unsigned long pfn = 0; pfn < sim->map.max_pfn && t->nr_ptes > need; pfn++) {
		const struct page *p = &sim->map.pages[pfn];

		if (p->private == (uint32_t)t->pid && (p->flags & PG_head) &&
		    !(p->flags & (PG_lru | PG_slab | PG_isolated | PG_swapbacked))) {
			mod_zone_page_state(page_zone(sim, pfn), NR_PAGETABLE, -1);
			free_page_frame(sim, pfn, false);
			t->nr_ptes--;
		}
	}
}

long task_unmap(struct sim *sim, int pid, enum task_mem kind, unsigned long n)
{
	struct task *t = user_task(sim, pid);
	unsigned long done = 0;

	if (!t)
		return -ESRCH;
	done = zap_in_fault_order(sim, t, true, kind, n, false);
	free_pgtables(sim, t);
	return (long)done;
}

int task_set_oom_score_adj(struct sim *sim, int pid, int adj)
{
	struct task *t = user_task(sim, pid);
	struct trace_event *ev;

	if (!t)
		return -ESRCH;
	if (adj < OOM_SCORE_ADJ_MIN || adj > OOM_SCORE_ADJ_MAX)
		return sim_error(sim, -EINVAL, "oom_score_adj %d out of range (-1000..1000)", adj);
	t->oom_score_adj = (short)adj;
	ev = trace_emit(sim, TRACE_oom_score_adj_update);
	ev->arg[0] = adj;
	ev->arg[1] = t->pid;
	memcpy(ev->msg, t->comm, TASK_COMM_LEN);
	return 0;
}

int task_exit(struct sim *sim, int pid)
{
	struct task *t = task_lookup(sim, pid);

	if (!t)
		return sim_error(sim, -ESRCH, "no task with pid %d (see `task list`)", pid);
	if ((t->flags & PF_KTHREAD) || pid == 1)
		return sim_error(sim, -EPERM, "%s (%d) cannot exit", t->comm, pid);
	t->flags |= PF_EXITING;
	/* the rest of an exit over time (exit.c) at once: its batch freed */
	if (t->exit_step)
		exit_gather_flush(sim, t);
	/* exit_mm(): unmap everything, then the page tables */
	zap_in_fault_order(sim, t, false, TASK_ANON, ULONG_MAX, false);
	/* SIMPLIFICATION: the swap slots go; a page of the task still in the
	 * swap cache (unmapped by reclaim, its write in flight or done) stays
	 * on the LRU until reclaim frees it, where the kernel's
	 * free_swap_and_cache() frees it now unless it is under writeback */
	sim->swap_in_use -= t->swapents;
	t->swapents = 0;
	t->total_vm = 0;	/* the VMAs are gone too (the reaper leaves them) */
	free_pgtables(sim, t);
	if (t->memdie) {	/* exit_oom_victim() */
		t->memdie = false;
		sim->oom_victims--;
	}
	for (int i = 0; i < sim->nr_reap; i++)
		if (sim->reap_queue[i] == pid) {
			memmove(&sim->reap_queue[i], &sim->reap_queue[i + 1],
				(size_t)(sim->nr_reap - i - 1) * sizeof(int));
			sim->nr_reap--;
			break;
		}
	for (int i = 0; i < MAX_TASKS; i++)	/* orphans go to init */
		if (sim->tasks[i].ppid == pid)
			sim->tasks[i].ppid = 1;
	if (&sim->tasks[sim->cur_task] == t)
		current_exited(sim, t);
	if (t->sigkill)
		sim->nr_sigkill--;
	memset(t, 0, sizeof(*t));
	return 0;
}

int swap_set_size(struct sim *sim, unsigned long pages)
{
	if (pages < sim->swap_in_use)
		return sim_error(sim, -EBUSY, "%lu swap pages are in use; the device cannot shrink "
				 "below that", sim->swap_in_use);
	if (pages > (1UL << 30))
		return sim_error(sim, -EINVAL, "swap of %lu pages is too big (at most 1073741824)",
				 pages);
	sim->swap_pages = pages;
	return 0;
}

unsigned long swap_total(const struct sim *sim)
{
	return sim->swap_pages;
}

unsigned long swap_used(const struct sim *sim)
{
	return sim->swap_in_use;
}

long kernel_slab_alloc(struct sim *sim, unsigned long n, bool reclaimable)
{
	unsigned long done = 0;

	for (; done < n && !sim_interrupted(); done++) {
		unsigned long pfn = fault_alloc(sim, reclaimable ? GFP_KERNEL | GFP_F_RECLAIMABLE
							       : GFP_KERNEL);

		if (pfn == PFN_NONE)
			break;
		page_w(&sim->map, pfn)->flags |= PG_slab;
		slab_page_added(sim, pfn);
		mod_zone_page_state(page_zone(sim, pfn),
				    reclaimable ? NR_SLAB_RECLAIMABLE : NR_SLAB_UNRECLAIMABLE, 1);
		sim_schedule(sim);
	}
	return (long)done;
}
