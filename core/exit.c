/* core/exit.c - a SIGKILLed task's exit over time (6.1).
 *
 * Models do_exit() -> exit_mm() -> mmput() -> exit_mmap() (6.1) for a
 * SIGKILLed task (the OOM killer's victim, or `task kill`'s) other than
 * the current one, on a kernel with exit_takes_time
 * (kernel.h). exit_mm() drops the task's mm first, so from its first step
 * on the OOM killer's scan finds no mm (oom_badness, dump_tasks pass it
 * by) and only its TIF_MEMDIE (tsk_is_oom_victim) counts:
 *
 *   UNMAP  unmap_vmas(): one PMD's worth a step (512 pages, or one THP),
 *          in the order the task faulted them (memory.c). Each anonymous
 *          page goes into the mmu_gather batch, not back to the allocator:
 *          __tlb_remove_page() keeps it until the batch is full (the local
 *          bundle of MMU_GATHER_BUNDLE pages, then up to
 *          MAX_GATHER_BATCH_COUNT batches of MAX_GATHER_BATCH; a THP is
 *          one entry) and zap_pte_range's force_flush frees the lot.
 *   SKIP   set_bit(MMF_OOM_SKIP): the OOM killer passes over the task from
 *          now on. Its memory is still in the batch: an allocator that
 *          fails now kills another task (a real 6.1 second OOM comes 4 to
 *          8 ms after the first kill, its report showing the victim gone
 *          from the task list and free_pcp holding its pages).
 *   FREE   tlb_finish_mmu() -> tlb_batch_pages_flush(): one batch a step
 *          (the local bundle, then MAX_GATHER_BATCH entries), to the
 *          per-cpu lists of the CPU the task exits on; after the last, the
 *          page tables, exit_oom_victim(), and the task is gone.
 *
 * The exit runs on a CPU of its own with a clock of its own, as kswapd
 * does (sched.c): the SIGKILL wakes the victim on the CPU after the
 * killer's (select_idle_sibling), a wakeup's time after the kill. Every
 * page unmapped costs its munmap time (COST_UNMAP_PAGE, COST_UNMAP_THP);
 * the freeing steps cost the least step.
 * SIMPLIFICATION: the measured munmap cost includes the free; it is
 * charged when a page is unmapped. A batch frees its pages in pfn order,
 * the kernel in the order unmap_vmas met them; gathered pages leave the
 * LRU when unmapped (the kernel's when freed, so its report's LRU counts
 * still hold them meanwhile). The batch pages themselves (GFP_NOWAIT, from
 * the victim's reserves) are not allocated. The oom_reaper leaves a task
 * that is exiting so alone. `task exit` (the command) exits at once.
 */
#include "buddyscope/costs.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/vmscan.h"
#include "internal.h"

#define MMU_GATHER_BUNDLE	8
/* (PAGE_SIZE - sizeof(struct mmu_gather_batch)) / sizeof(void *) */
#define MAX_GATHER_BATCH	510
#define MAX_GATHER_BATCH_COUNT	(10000 / MAX_GATHER_BATCH)
#define GATHER_MAX		(MMU_GATHER_BUNDLE + MAX_GATHER_BATCH_COUNT * MAX_GATHER_BATCH)

/* A page of @t's unmapped into its batch and not yet freed. */
static bool gathered(const struct page *p, const struct task *t)
{
	return p->private == (uint32_t)t->pid &&
	       (p->flags & (PG_head | PG_swapbacked | PG_lru | PG_isolated)) ==
	       (PG_head | PG_swapbacked);
}

/* A THP's page: its pageblock holds a THP (workload.c's PB_anon_thp,
 * cleared when the first of its pages is freed). */
static bool in_thp(struct sim *sim, unsigned long pfn)
{
	return (*pageblock_flags_w(&sim->map, pfn) & PB_anon_thp) != 0;
}

/* Free up to @max entries of @t's batch, lowest pfn first (a THP, one
 * entry, whole); 0: all of it. Return: the entries freed. */
static unsigned long gather_free(struct sim *sim, struct task *t, unsigned long max)
{
	unsigned long done = 0;

	for (unsigned long pfn = 0; pfn < sim->map.max_pfn && (!max || done < max); pfn++) {
		unsigned long n = 1;

		if (!gathered(&sim->map.pages[pfn], t))
			continue;
		if (in_thp(sim, pfn))	/* the THP's pages from here to its end */
			n = HPAGE_PMD_NR - (pfn & (HPAGE_PMD_NR - 1));
		for (unsigned long i = 0; i < n && pfn + i < sim->map.max_pfn; i++)
			if (gathered(&sim->map.pages[pfn + i], t))
				free_page_frame(sim, pfn + i, false);
		pfn += n - 1;
		done++;
	}
	t->gather_entries = max && done < t->gather_entries ? t->gather_entries - done : 0;
	return done;
}

void exit_gather_page(struct sim *sim, struct task *t, unsigned long pfn)
{
	bool thp = in_thp(sim, pfn);

	/* the cost of unmapping it, and its batch entry: a THP's at its
	 * first page, for the whole THP */
	if (!thp) {
		sim_charge(sim, COST_UNMAP_PAGE, 1);
		t->gather_entries++;
	} else if ((pfn & (HPAGE_PMD_NR - 1)) == 0) {
		sim_charge(sim, COST_UNMAP_THP, 1);
		t->gather_entries++;
	}
	/* __tlb_remove_page() found the batch full: tlb_flush_mmu(), once the
	 * entry is whole (a THP's last page) */
	if (t->gather_entries >= GATHER_MAX &&
	    (!thp || (pfn & (HPAGE_PMD_NR - 1)) == HPAGE_PMD_NR - 1))
		gather_free(sim, t, 0);
}

void exit_gather_flush(struct sim *sim, struct task *t)
{
	gather_free(sim, t, 0);
}

void exit_unmapped_file_page(struct sim *sim)
{
	sim_charge(sim, COST_UNMAP_PAGE, 1);
}

void task_exit_begin(struct sim *sim, struct task *t, int cpu)
{
	t->flags |= PF_EXITING;
	t->exit_step = EXIT_UNMAP;
	t->exit_cpu = cpu;
	t->gather_entries = 0;
	t->exit_clock_ns = sim->clock_ns;
	kthread_wake_clock(sim, &t->exit_clock_ns);
}

/* Models: one step of exit_mmap() (6.1) for the current task (EXEC_EXIT). */
void task_exit_step(struct sim *sim, int unused)
{
	struct task *t = current_task(sim);

	(void)unused;
	switch (t->exit_step) {
	case EXIT_UNMAP:
		/* unmap_vmas(): one PMD's worth; a page off the LRU (none is,
		 * between two threads' steps) is left to the last step */
		if (!(t->rss_anon || t->rss_file) ||
		    !zap_in_fault_order(sim, t, false, TASK_ANON, PTRS_PER_PTE, true) ||
		    !(t->rss_anon || t->rss_file))
			t->exit_step = EXIT_SKIP;
		break;
	case EXIT_SKIP:
		t->oom_skip = true;	/* set_bit(MMF_OOM_SKIP, &mm->flags) */
		t->exit_step = EXIT_FREE_LOCAL;
		break;
	case EXIT_FREE_LOCAL:
	case EXIT_FREE:
		/* tlb_finish_mmu(): one batch, the local bundle first */
		if (t->gather_entries)
			gather_free(sim, t, t->exit_step == EXIT_FREE_LOCAL ? MMU_GATHER_BUNDLE :
				    MAX_GATHER_BATCH);
		t->exit_step = EXIT_FREE;
		if (!t->gather_entries)
			task_exit(sim, t->pid);	/* the page tables, exit_oom_victim, gone */
		break;
	default:	/* no step of ours: end it rather than step for ever */
		task_exit(sim, t->pid);
		break;
	}
}
