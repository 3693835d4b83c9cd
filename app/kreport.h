/* app/kreport.h - what the kernel did while a command ran: snapshot the
 * counters before, report the difference after (kswapd and kcompactd runs,
 * pages reclaimed, compaction, OOM kills, tasks that exited, new log lines).
 * Used by `task touch`, `tick`, `slab` and `compact`.
 */
#ifndef BUDDYSCOPE_APP_KREPORT_H
#define BUDDYSCOPE_APP_KREPORT_H

#include <stdbool.h>
#include <stdint.h>
#include "buddyscope/mmzone.h"
#include "buddyscope/strbuf.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"

struct sim;

struct kernel_snap {
	uint64_t	dmesg;		/* sim_dmesg_seq() */
	unsigned long	jiffies;
	unsigned long	free;		/* free pages in the buddy lists */
	unsigned long	swap_used;
	unsigned long	ev[NR_VM_EVENT_ITEMS];
	unsigned long	written;	/* NR_WRITTEN over all zones */
	struct {
		enum kthread_state kswapd, kcompactd;
		unsigned long	kswapd_runs, kcompactd_runs;
		unsigned long	kswapd_rounds;
	} node[MAX_NUMNODES];
	int		nr_tasks;
	int		current_pid;	/* task_current() */
	struct {
		int		pid;
		char		comm[TASK_COMM_LEN];
		bool		killed;	/* SIGKILL pending or TIF_MEMDIE */
		bool		memdie;	/* TIF_MEMDIE: the OOM killer's victim */
		unsigned long	mapped;	/* rss_anon + rss_file */
		unsigned long	gathered;	/* exit over time: its batch's entries */
		int8_t		exit_step;	/* core/exit.c's step, 0 if none */
	} task[MAX_TASKS];
};

void kernel_snap(const struct sim *sim, struct kernel_snap *s);
/* Append one indented line per thing that changed since @before ("  kswapd0:
 * sleeping -> running, 3 balance_pgdat runs ..."), or "  @quiet" if nothing
 * did (@quiet NULL: nothing), then the number of new kernel log lines.
 * Return: true if something changed. */
bool kernel_report(const struct sim *sim, const struct kernel_snap *before, const char *quiet,
		   struct strbuf *out);
/* "sleeping", "running", "napping" */
const char *kthread_state_name(enum kthread_state s);

#endif
