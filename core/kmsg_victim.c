/* core/kmsg_victim.c - whom a real kernel's OOM killer would choose from a
 * report's task table (kmsg.h), by that kernel's badness.
 *
 *   Models: mm/oom_kill.c oom_badness(): rss + page tables + swap entries,
 *     plus oom_score_adj * totalpages / 1000; -1000 never. Up to 4.16 root
 *     tasks get 3% off; up to 5.8 the result is at least 1 and the kill line
 *     prints points * 1000 / totalpages (0..1000); from 5.9 the badness may
 *     be negative and /proc/PID/oom_score shows (1000 + badness * 1000 /
 *     totalpages) * 2 / 3 (0..2000).
 *   Models: mm/oom_kill.c constrained_alloc(): totalpages is RAM + swap, or
 *     the present pages of a memory policy's or a cpuset's nodes + swap.
 */
#include "kmsg_int.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/task.h"

/* ---- the OOM killer's choice ---- */

static unsigned long total_ram(const struct kmsg_report *r)
{
	unsigned long managed = 0;

	for (int nid = 0; nid < r->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			managed += r->zones[nid][zid].managed;
	return managed;
}

/* oc->totalpages: RAM + swap, or a memory cgroup's limit (mem_cgroup_get_max(),
 * exact without swap: with swap the kernel adds what the cgroup may swap) */
static unsigned long total_pages(const struct kmsg_report *r)
{
	if (r->memcg && r->memcg_limit)
		return r->memcg_limit;
	/* constrained_alloc(): a mempolicy's or cpuset's nodes, by their
	 * present pages (not managed), plus swap */
	if (r->constraint_nodes) {
		unsigned long present = 0;

		for (int nid = 0; nid < r->nr_nodes; nid++)
			if (r->constraint_nodes & (1u << nid))
				for (int zid = 0; zid < MAX_NR_ZONES; zid++)
					present += r->zones[nid][zid].present;
		if (present)
			return present + r->swap_total;
	}
	return total_ram(r) + r->swap_total;
}

/* oom_badness() of the report's kernel; LONG_MIN: never chosen */
static long badness(const struct kmsg_report *r, const struct real_task *t, unsigned long total)
{
	long points, adj = t->oom_score_adj;

	if (adj == OOM_SCORE_ADJ_MIN)
		return LONG_MIN;
	points = (long)(t->rss + t->pgtables + t->swapents);
	if (r->kver && r->kver < 417 && t->uid == 0)
		points -= points * 3 / 100;
	adj *= (long)(total / 1000);
	points += adj;
	if (r->kver < 509)
		return points > 0 ? points : 1;
	return points;
}

static long score(const struct kmsg_report *r, long b, unsigned long total)
{
	if (!total)
		return 0;
	if (r->kver < 509)
		return b * 1000 / (long)total;
	return (1000 + b * 1000 / (long)total) * 2 / 3;
}

static int victim(const struct kmsg_report *r, unsigned long total, long *best)
{
	int chosen = -1;

	*best = LONG_MIN;
	for (int i = 0; i < r->nr_tasks; i++) {
		long b = badness(r, &r->tasks[i], total);

		if (b == LONG_MIN)
			continue;
		/* 4.x kept the first of equals, 5.x and later take the last */
		if (chosen < 0 || b > *best || (b == *best && r->kver >= 500)) {
			chosen = i;
			*best = b;
		}
	}
	return chosen;
}

void kmsg_explain_victim(const struct kmsg_report *r, struct strbuf *out)
{
	unsigned long total = total_pages(r);
	long best;
	int v = victim(r, total, &best);
	const struct real_task *t;
	long adj;

	if (!r->nr_tasks) {
		sb_puts(out, "victim: unknown: the report holds no task table (vm.oom_dump_tasks 0, "
			"or the log is cut short)\n");
		return;
	}
	if (v < 0) {
		sb_puts(out, "victim: none: every task in the table is at oom_score_adj -1000\n");
		return;
	}
	t = &r->tasks[v];
	sb_printf(out, "victim: %d (%s) score %ld\n", t->pid, t->comm, score(r, best, total));
	adj = (long)t->oom_score_adj * (long)(total / 1000);
	sb_printf(out, "  %s (%d): rss %lu + page tables %lu + swap %lu = %lu pages, "
		  "oom_score_adj %d x %lu (totalpages/1000) = %+ld%s: badness %ld of %lu pages ",
		  t->comm, t->pid, t->rss, t->pgtables, t->swapents,
		  t->rss + t->pgtables + t->swapents, t->oom_score_adj, total / 1000, adj,
		  r->kver && r->kver < 417 && t->uid == 0 ? ", 3% off for root" : "", best, total);
	if (r->memcg && r->memcg_limit)
		sb_puts(out, "(the memory cgroup's limit)\n");
	else if (total != total_ram(r) + r->swap_total)
		sb_printf(out, "(present pages of the %s's nodes %lu + swap %lu)\n",
			  r->constraint_cpuset ? "cpuset" : "memory policy", total - r->swap_total,
			  r->swap_total);
	else
		sb_printf(out, "(RAM %lu + swap %lu)\n", total - r->swap_total, r->swap_total);
	if (r->kver && r->kver < 509)
		sb_printf(out, "  the score is this kernel's (%s): oom_badness * 1000 / totalpages, "
			  "0..1000, as %s\n", r->release, r->killed_score >= 0 ?
			  "its \"Kill process ... score N\" line prints it" :
			  "/proc/PID/oom_score shows it (the kill line of this log prints none)");
	else
		sb_printf(out, "  the score is this kernel's (%s): oom_badness is in pages and may "
			  "be negative; /proc/PID/oom_score shows (1000 + badness * 1000 / "
			  "totalpages) * 2 / 3, 0..2000\n", r->release[0] ? r->release : "5.9+");
	for (int i = 0; i < r->nr_tasks; i++) {
		long b = badness(r, &r->tasks[i], total);

		if (i == v)
			continue;
		if (b == LONG_MIN)
			sb_printf(out, "  %s (%d) is exempt: oom_score_adj -1000\n", r->tasks[i].comm,
				  r->tasks[i].pid);
		else
			sb_printf(out, "  %s (%d): badness %ld, score %ld\n", r->tasks[i].comm,
				  r->tasks[i].pid, b, score(r, b, total));
	}
	if (r->killed_pid == t->pid)
		sb_printf(out, "  the kernel killed %d (%s) too%s\n", r->killed_pid, r->killed_comm,
			  r->killed_score >= 0 ? (r->killed_score == score(r, best, total) ?
						  ", with the same score" : ", with another score")
			  : "");
	else if (r->killed_pid)
		sb_printf(out, "  the kernel killed %d (%s): a task the table did not hold at the "
			  "moment it was printed, or a child it sacrificed\n", r->killed_pid,
			  r->killed_comm);
	else
		sb_printf(out, "  the log shows no \"Killed process\" line after the table (cut "
			  "short?): the table may miss tasks, so the victim may be another\n");
}

