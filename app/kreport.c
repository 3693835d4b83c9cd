/* app/kreport.c - what the kernel did while a command ran (kreport.h). The
 * numbers come from the same counters /proc/vmstat shows, so a person can
 * check them there.
 */
#include "kreport.h"

#include <inttypes.h>
#include <string.h>
#include "buddyscope/sim.h"

const char *kthread_state_name(enum kthread_state s)
{
	switch (s) {
	case KTHREAD_SLEEPING:
		return "sleeping";
	case KTHREAD_RUNNING:
		return "running";
	case KTHREAD_NAPPING:
		return "napping";
	}
	return "?";
}

void kernel_snap(const struct sim *sim, struct kernel_snap *s)
{
	const struct task *t;

	memset(s, 0, sizeof(*s));
	s->dmesg = sim_dmesg_seq(sim);
	s->jiffies = sim_jiffies(sim);
	s->free = sim_nr_free_pages(sim);
	s->swap_used = swap_used(sim);
	s->current_pid = task_current(sim)->pid;
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		s->ev[i] = sim_vm_event(sim, i);
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		const struct pglist_data *pgdat = sim_node(sim, nid);

		s->node[nid].kswapd = pgdat->kswapd.state;
		s->node[nid].kcompactd = pgdat->kcompactd.state;
		s->node[nid].kswapd_runs = pgdat->kswapd.runs;
		s->node[nid].kswapd_rounds = pgdat->kswapd.rounds;
		s->node[nid].kcompactd_runs = pgdat->kcompactd.runs;
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			s->written += zone_page_state(&pgdat->node_zones[zid], NR_WRITTEN);
	}
	for (int i = 0; (t = task_at(sim, i)) && i < MAX_TASKS; i++) {
		s->task[i].pid = t->pid;
		memcpy(s->task[i].comm, t->comm, TASK_COMM_LEN);
		s->task[i].killed = t->sigkill || t->memdie;
		s->task[i].memdie = t->memdie;
		s->task[i].mapped = t->rss_anon + t->rss_file;
		s->task[i].gathered = t->gather_entries;
		s->task[i].exit_step = t->exit_step;
		s->nr_tasks = i + 1;
	}
}

/* Sum of a per-zone-type event (PGSTEAL_KSWAPD_DMA ... _MOVABLE) since @b. */
static unsigned long zsum(const struct sim *sim, const struct kernel_snap *b, int first)
{
	unsigned long n = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		n += sim_vm_event(sim, first + z) - b->ev[first + z];
	return n;
}

static unsigned long delta(const struct sim *sim, const struct kernel_snap *b, int item)
{
	return sim_vm_event(sim, item) - b->ev[item];
}

static void report_kthreads(const struct sim *sim, const struct kernel_snap *b, struct strbuf *out)
{
	unsigned long scan = zsum(sim, b, PGSCAN_KSWAPD_DMA);
	unsigned long steal = zsum(sim, b, PGSTEAL_KSWAPD_DMA);

	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		const struct pglist_data *pgdat = sim_node(sim, nid);
		unsigned long runs = pgdat->kswapd.runs - b->node[nid].kswapd_runs;
		unsigned long rounds = pgdat->kswapd.rounds - b->node[nid].kswapd_rounds;
		unsigned long cruns = pgdat->kcompactd.runs - b->node[nid].kcompactd_runs;

		/* a thread that ran counts, even if it ended where it began */
		if (runs || rounds || pgdat->kswapd.state != b->node[nid].kswapd) {
			sb_printf(out, "  kswapd%d: %s", nid,
				  kthread_state_name(b->node[nid].kswapd));
			if (pgdat->kswapd.state != b->node[nid].kswapd)
				sb_printf(out, " -> %s", kthread_state_name(pgdat->kswapd.state));
			sb_printf(out, ", %lu balance_pgdat run%s started, %lu priority round%s", runs,
				  runs == 1 ? "" : "s", rounds, rounds == 1 ? "" : "s");
			if (sim_nr_nodes(sim) == 1)
				sb_printf(out, ": scanned %lu, reclaimed %lu pages", scan, steal);
			sb_putc(out, '\n');
		}
		if (cruns || pgdat->kcompactd.state != b->node[nid].kcompactd) {
			sb_printf(out, "  kcompactd%d: %s", nid,
				  kthread_state_name(b->node[nid].kcompactd));
			if (pgdat->kcompactd.state != b->node[nid].kcompactd)
				sb_printf(out, " -> %s",
					  kthread_state_name(pgdat->kcompactd.state));
			sb_printf(out, ", %lu run%s\n", cruns, cruns == 1 ? "" : "s");
		}
	}
	if (sim_nr_nodes(sim) > 1 && (scan || steal))
		sb_printf(out, "  kswapd on all nodes: scanned %lu, reclaimed %lu pages\n", scan,
			  steal);
}

/* Tasks killed or gone since @b: "hog (1001) exited". */
static void report_tasks(const struct sim *sim, const struct kernel_snap *b, bool kills,
			 struct strbuf *out)
{
	for (int i = 0; i < b->nr_tasks; i++) {
		const struct task *t = task_find(sim, b->task[i].pid);

		/* nothing but an OOM kill makes a task exit behind a command's back */
		if (!t)
			sb_printf(out, "  %s (%d) %s\n", b->task[i].comm, b->task[i].pid,
				  b->task[i].memdie ? "exited (it had been OOM-killed)" :
				  b->task[i].killed ? "exited (it had been sent SIGKILL)" :
				  kills ? "was OOM-killed and exited" : "exited");
		else if (!b->task[i].killed && (t->sigkill || t->memdie))
			sb_printf(out, "  %s (%d) %s\n", t->comm, t->pid, t->memdie ?
				  "was OOM-killed and is dying (TIF_MEMDIE: it may use the reserves)" :
				  "was sent SIGKILL and is dying");
		/* 6.1's exit over time (core/exit.c), while it goes on */
		if (t && t->exit_step && (t->exit_step != b->task[i].exit_step ||
					  t->rss_anon + t->rss_file != b->task[i].mapped ||
					  t->gather_entries != b->task[i].gathered))
			sb_printf(out, "  %s (%d) is exiting: %lu pages unmapped, %lu still mapped; "
				  "%lu entries of its mmu_gather batch not freed yet%s\n", t->comm,
				  t->pid, b->task[i].mapped - (t->rss_anon + t->rss_file),
				  t->rss_anon + t->rss_file, t->gather_entries,
				  t->oom_skip ? " (MMF_OOM_SKIP: the OOM killer passes it over)" : "");
	}
	if (!task_find(sim, b->current_pid))
		sb_printf(out, "  the current task (%d) is gone: commands run as %s (%d) now\n",
			  b->current_pid, task_current(sim)->comm, task_current(sim)->pid);
}

bool kernel_report(const struct sim *sim, const struct kernel_snap *b, const char *quiet,
		   struct strbuf *out)
{
	size_t start = out->len;
	unsigned long stalls = delta(sim, b, ALLOCSTALL);
	unsigned long dscan = zsum(sim, b, PGSCAN_DIRECT_DMA);
	unsigned long dsteal = zsum(sim, b, PGSTEAL_DIRECT_DMA);
	unsigned long cstall = delta(sim, b, COMPACTSTALL), kills = delta(sim, b, OOM_KILL);
	unsigned long written = 0;
	uint64_t logged = sim_dmesg_seq(sim) - b->dmesg;
	bool changed;

	report_kthreads(sim, b, out);
	if (stalls || dsteal)
		sb_printf(out, "  direct reclaim: %lu stall%s (allocstall), scanned %lu, reclaimed "
			  "%lu pages\n", stalls, stalls == 1 ? "" : "s", dscan, dsteal);
	if (cstall || delta(sim, b, PGMIGRATE_SUCCESS))
		sb_printf(out, "  compaction: %lu direct stall%s (%lu success, %lu fail), %lu "
			  "pages migrated\n", cstall, cstall == 1 ? "" : "s",
			  delta(sim, b, COMPACTSUCCESS), delta(sim, b, COMPACTFAIL),
			  delta(sim, b, PGMIGRATE_SUCCESS));
	if (delta(sim, b, PSWPOUT) || swap_used(sim) != b->swap_used)
		sb_printf(out, "  swap: %lu pages swapped out, %lu in use (was %lu)\n",
			  delta(sim, b, PSWPOUT), swap_used(sim), b->swap_used);
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		const struct pglist_data *pgdat = sim_node(sim, nid);

		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			written += zone_page_state(&pgdat->node_zones[zid], NR_WRITTEN);
	}
	if (written != b->written)
		sb_printf(out, "  writeback: %lu pages written\n", written - b->written);
	if (kills)
		sb_printf(out, "  OOM killer: %lu kill%s\n", kills, kills == 1 ? "" : "s");
	report_tasks(sim, b, kills != 0, out);
	changed = out->len != start;
	if (!changed && quiet)
		sb_printf(out, "  %s\n", quiet);
	if (logged)
		sb_printf(out, "  (%" PRIu64 " new line%s in the kernel log: dmesg %" PRIu64
			  " shows them)\n", logged, logged == 1 ? "" : "s", logged);
	return changed;
}
