/* include/buddyscope/task.h - simulated tasks and the pages they own.
 * Models what the allocator sees of include/linux/sched.h and mm_struct:
 * comm, pid, flags, oom_score_adj, and rss/swap counters (get_mm_counter).
 *
 * A task owns anonymous pages (on the anon LRU, freed at exit) and maps
 * page-cache pages (on the file LRU; they stay cached after exit). Its page
 * tables are real unmovable pages, one per 512 pages mapped. Every page a
 * task gets comes through the whole allocation path (alloc_run), so touching
 * memory can wake kswapd, reclaim, compact or call the OOM killer.
 */
#ifndef BUDDYSCOPE_TASK_H
#define BUDDYSCOPE_TASK_H

#include <stdbool.h>
#include "buddyscope/mmzone.h"
#include "buddyscope/strbuf.h"

struct sim;

#define TASK_COMM_LEN		16
#define MAX_TASKS		128
#define OOM_SCORE_ADJ_MIN	(-1000)
#define OOM_SCORE_ADJ_MAX	1000
#define PTRS_PER_PTE		512

/* task->flags (include/linux/sched.h, v4.5 values) */
#define PF_EXITING		0x00000004u
#define PF_MEMALLOC		0x00000800u
#define PF_KSWAPD		0x00040000u
#define PF_KTHREAD		0x00200000u

struct task {
	int		pid;		/* 0: free slot */
	int		ppid;		/* parent, for oom_kill_process's "sacrifice child" */
	char		comm[TASK_COMM_LEN];
	short		oom_score_adj;
	unsigned int	flags;		/* PF_* */
	bool		memdie;		/* TIF_MEMDIE: an OOM victim, gets the reserves */
	bool		sigkill;	/* SIGKILL pending: exits at its next return to user */
	bool		rt;		/* rt_task(): SCHED_FIFO/SCHED_RR (`task rt`) */
	bool		oom_skip;	/* MMF_OOM_SKIP (4.9+): reaped, the OOM killer
					 * passes over it (kernel.h oom_reaper_delay) */
	bool		reap_queued;	/* MMF_OOM_REAP_QUEUED: the reaper is due */
	unsigned long	reap_at;	/* jiffy the reaper may take it (5.18+:
					 * the OOM_REAPER_DELAY timer) */
	int		cpu;		/* its requests run on this cpu */
	unsigned long	rss_anon;	/* MM_ANONPAGES */
	unsigned long	rss_file;	/* MM_FILEPAGES */
	unsigned long	swapents;	/* MM_SWAPENTS */
	unsigned long	nr_ptes;	/* page-table pages it holds */
	unsigned long	total_vm;	/* pages mapped, resident or swapped */
	/* 6.1's exit of a SIGKILLed task, over time on a CPU of its own
	 * (task_exit_start, core/exit.c): its step, clock and CPU, and the
	 * entries of its mmu_gather batch (pages unmapped, not yet freed) */
	int8_t		exit_step;	/* enum exit_step; 0: not exiting so */
	int		exit_cpu;
	uint64_t	exit_clock_ns;
	unsigned long	gather_entries;
};

/* what task_touch() brings in: anonymous memory (a THP first for each
 * aligned 512 when the THP settings allow one, workload.h); file pages
 * mapped (mmap, a major fault each); file pages written (write(): dirty,
 * mapped too, as the model keeps them); file pages read (read(): in the page
 * cache, referenced, not mapped, owned by no task); anonymous memory under
 * madvise(MADV_HUGEPAGE) (THP "madvise" settings apply); a read of a block
 * device (page cache that is GFP_USER, not movable, not mapped) */
enum task_mem { TASK_ANON, TASK_FILE, TASK_FILE_DIRTY, TASK_FILE_READ, TASK_ANON_MADVISED,
		TASK_BDEV };

/* Find by pid or by comm (first match). NULL if none. Valid until the next
 * call that changes the sim. */
const struct task *task_find(const struct sim *sim, int pid);
const struct task *task_find_comm(const struct sim *sim, const char *comm);
/* The i-th live task in pid order, NULL past the end. */
const struct task *task_at(const struct sim *sim, int i);
const struct task *task_current(const struct sim *sim);

/**
 * task_spawn - a new user task. @comm 1..15 printable characters, @adj in
 * -1000..1000, @cpu -1 for the current cpu. Return: the pid (> 0), or
 * -EINVAL/-ENOSPC with sim_errmsg() set.
 */
int task_spawn(struct sim *sim, const char *comm, int adj, int cpu, int ppid);

/**
 * task_touch - fault in @n new pages: anonymous (active anon list; each
 * aligned 512 a THP first when the THP settings allow one), or page
 * cache (inactive file list; TASK_FILE_DIRTY also dirties them;
 * TASK_FILE_READ only reads them, unmapped), each through the allocator as
 * the task, each costing the task its time (costs.h). Stops early if an
 * allocation fails, the task is killed or sim_interrupted() (between two
 * pages). Return: pages touched (>= 0), or
 * -ESRCH/-EINVAL.
 */
long task_touch(struct sim *sim, int pid, enum task_mem kind, unsigned long n);

/* Access @n of the task's resident pages of @kind (PTE young; file pages
 * also go through mark_page_accessed). Return: pages accessed, or -ESRCH. */
long task_access(struct sim *sim, int pid, enum task_mem kind, unsigned long n);

/* Unmap @n pages of @kind (anon: freed; file: stay cached, unmapped). */
long task_unmap(struct sim *sim, int pid, enum task_mem kind, unsigned long n);

/* Set oom_score_adj, as writing /proc/PID/oom_score_adj (emits the trace). */
int task_set_oom_score_adj(struct sim *sim, int pid, int adj);

/**
 * task_exit - the task exits (do_exit -> exit_mm): anon pages and page
 * tables freed, swap entries released, file pages left in the page cache.
 * Return: 0 or -ESRCH / -EPERM (kernel threads don't exit).
 */
int task_exit(struct sim *sim, int pid);

/* Make @pid a real-time task (sched_setscheduler(SCHED_FIFO)) or a normal
 * one again: rt_task() gets ALLOC_HARDER in gfp_to_alloc_flags(). Return: 0,
 * -ESRCH, or -EPERM for a kernel thread. */
int task_set_rt(struct sim *sim, int pid, bool rt);

/* Make @pid the task that runs the next commands' requests. */
int task_set_current(struct sim *sim, int pid);

/* The swap device: @pages slots (0 = no swap). Fails with -EBUSY if fewer
 * slots than are in use. */
int swap_set_size(struct sim *sim, unsigned long pages);
unsigned long swap_total(const struct sim *sim);
unsigned long swap_used(const struct sim *sim);

/* Kernel-owned memory: @n slab pages (reclaimable: shrink_slab can free
 * them) or plain unmovable pages; stops early when an allocation fails or
 * sim_interrupted(). Return: pages allocated, or -EINVAL. */
long kernel_slab_alloc(struct sim *sim, unsigned long n, bool reclaimable);

#endif
