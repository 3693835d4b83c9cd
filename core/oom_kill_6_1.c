/* core/oom_kill_6_1.c - the OOM killer of Linux 6.1 and its report.
 * Models mm/oom_kill.c (6.1): oom_badness, oom_evaluate_task,
 * select_bad_process, dump_header, dump_tasks, dump_oom_summary,
 * __oom_kill_process, out_of_memory; mm/show_mem.c __show_mem (6.1's
 * show_free_areas) and fs/proc/base.c proc_oom_score.
 *
 * What changed since 4.5: badness may be negative (LONG_MIN marks the
 * unkillable), a tie goes to the later task, there is no "sacrifice child",
 * /proc/PID/oom_score runs 0..2000, and the report is 6.1's: a stack dump,
 * Mem-Info with per-node and per-zone lines, "Tasks state" with
 * pgtables_bytes, an "oom-kill:constraint=..." summary and one "Killed
 * process" line with UID, pgtables and oom_score_adj.
 *
 * SIMPLIFICATION: no memcg, cpuset or mempolicy (CONSTRAINT_NONE, task_memcg=/);
 * every task runs as uid 0; no ratelimit. The stack dump names the
 * functions the simulated call went through, without addresses (there are
 * none), under a "Hardware name" that says it is buddyscope's machine.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/oom_kill.h"
#include "buddyscope/vmscan.h"
#include "internal.h"
#include "oom_internal.h"

/* Models: oom_badness() (6.1): rss + swap entries + page-table pages, moved
 * by oom_score_adj thousandths of all memory; LONG_MIN for a task that may
 * not be killed. E.g. 12455 rss, 34 page-table pages, adj 1000 on 245363
 * pages: 12489 + 1000 * 245 = 257489. */
static long oom_badness_6_1(const struct task *t, unsigned long totalpages)
{
	long adj;

	/* no mm: a kernel thread or pid 0, which oom_unkillable_task() covers,
	 * or a task whose exit dropped it (find_lock_task_mm finds none) */
	if (oom_unkillable_task(t) || !has_mm(t))
		return LONG_MIN;
	adj = t->oom_score_adj;
	if (adj == OOM_SCORE_ADJ_MIN)
		return LONG_MIN;
	return (long)(t->rss_anon + t->rss_file + t->swapents + t->nr_ptes) +
	       adj * (long)(totalpages / 1000);
}

/* Models: proc_oom_score() (6.1): the badness scaled to 0..2000. */
unsigned long oom_score_6_1(const struct sim *sim, const struct task *t)
{
	unsigned long total = oom_totalpages(sim);
	long b = oom_badness_6_1(t, total);

	/* @total > 0: the machine has memory */
	if (b == LONG_MIN)
		return 0;
	return (unsigned long)((1000 + b * 1000 / (long)total) * 2 / 3);
}

/* ---- the report ---- */

/* Models: total_swapcache_pages(). The model's swap cache is the anonymous
 * pages that reclaim gave a swap slot and unmapped (vmscan_lru.c,
 * page_swapcache: swap-backed, mapped by nobody); they stay until their
 * write is done and a later pass frees them. */
static unsigned long swapcache_pages(const struct sim *sim)
{
	unsigned long n = 0;

	if (!sim->swap_in_use)
		return 0;
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++) {
		const struct page *p = &sim->map.pages[pfn];

		n += (p->flags & PG_swapbacked) && !p->private;
	}
	return n;
}

/*
 * Models: __show_mem() (6.1's show_free_areas, then the hugetlb lines and
 * the RAM totals). Every field counts what the model has of it:
 * anon_thp the anonymous THPs still whole (workload.c, PB_anon_thp),
 * kernel_stack the stacks' KiB, the 2 MiB hugepages line the hugetlb pool,
 * "pages in swap cache" the anonymous pages reclaim put there.
 * The fields printed as 0 count what the model never has: shmem THPs
 * (shmem_thp, shmem_pmdmapped), KVM's secondary page tables
 * (sec_pagetables), kernel_misc_reclaimable, FUSE writeback
 * (writeback_tmp), a 1 GiB hugetlb pool, highmem, hwpoison.
 */
static void show_mem_6_1(struct sim *sim)
{
	unsigned long free_pcp = 0, ram = 0, reserved = 0;
	bool unreclaimable = true;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			free_pcp += zone_pcp_count(&sim->node_data[nid]->node_zones[zid]);
#define G(i) oom_global_page_state(sim, i)
	printk(sim, "Mem-Info:");
	printk(sim, "active_anon:%lu inactive_anon:%lu isolated_anon:%lu", G(NR_ACTIVE_ANON),
	       G(NR_INACTIVE_ANON), G(NR_ISOLATED_ANON));
	printk(sim, " active_file:%lu inactive_file:%lu isolated_file:%lu", G(NR_ACTIVE_FILE),
	       G(NR_INACTIVE_FILE), G(NR_ISOLATED_FILE));
	printk(sim, " unevictable:%lu dirty:%lu writeback:%lu", G(NR_UNEVICTABLE),
	       G(NR_FILE_DIRTY), G(NR_WRITEBACK));
	printk(sim, " slab_reclaimable:%lu slab_unreclaimable:%lu", G(NR_SLAB_RECLAIMABLE),
	       G(NR_SLAB_UNRECLAIMABLE));
	printk(sim, " mapped:%lu shmem:%lu pagetables:%lu", G(NR_FILE_MAPPED), G(NR_SHMEM),
	       G(NR_PAGETABLE));
	printk(sim, " sec_pagetables:%lu bounce:%lu", 0UL, G(NR_BOUNCE));
	printk(sim, " kernel_misc_reclaimable:%lu", 0UL);
	printk(sim, " free:%lu free_pcp:%lu free_cma:%lu", G(NR_FREE_PAGES), free_pcp,
	       G(NR_FREE_CMA_PAGES));
#undef G
	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		struct pglist_data *pgdat = sim->node_data[nid];
		unsigned long v[NR_VM_ZONE_STAT_ITEMS] = { 0 };

		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
				v[i] += zone_page_state(&pgdat->node_zones[zid], (enum zone_stat_item)i);
		unreclaimable = pgdat->kswapd_failures >= MAX_RECLAIM_RETRIES;
		printk(sim, "Node %d active_anon:%lukB inactive_anon:%lukB active_file:%lukB "
		       "inactive_file:%lukB unevictable:%lukB isolated(anon):%lukB "
		       "isolated(file):%lukB mapped:%lukB dirty:%lukB writeback:%lukB shmem:%lukB "
		       "shmem_thp: %lukB shmem_pmdmapped: %lukB anon_thp: %lukB writeback_tmp:%lukB "
		       "kernel_stack:%lukB pagetables:%lukB sec_pagetables:%lukB "
		       "all_unreclaimable? %s", nid, K(v[NR_ACTIVE_ANON]), K(v[NR_INACTIVE_ANON]),
		       K(v[NR_ACTIVE_FILE]), K(v[NR_INACTIVE_FILE]), K(v[NR_UNEVICTABLE]),
		       K(v[NR_ISOLATED_ANON]), K(v[NR_ISOLATED_FILE]), K(v[NR_FILE_MAPPED]),
		       K(v[NR_FILE_DIRTY]), K(v[NR_WRITEBACK]), K(v[NR_SHMEM]), 0UL, 0UL,
		       K(v[NR_ANON_TRANSPARENT_HUGEPAGES] * 512), K(v[NR_WRITEBACK_TEMP]),
		       v[NR_KERNEL_STACK] * THREAD_SIZE_KB, K(v[NR_PAGETABLE]), 0UL,
		       unreclaimable ? "yes" : "no");
	}
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &sim->node_data[nid]->node_zones[zid];
			char line[DMESG_LINE_LEN];
			size_t len;

			if (!populated_zone(z))
				continue;
			printk(sim, "Node %d %s free:%lukB boost:%lukB min:%lukB low:%lukB high:%lukB "
			       "reserved_highatomic:%luKB active_anon:%lukB inactive_anon:%lukB "
			       "active_file:%lukB inactive_file:%lukB unevictable:%lukB "
			       "writepending:%lukB present:%lukB managed:%lukB mlocked:%lukB "
			       "bounce:%lukB free_pcp:%lukB local_pcp:%lukB free_cma:%lukB", nid,
			       z->name, K(zone_page_state(z, NR_FREE_PAGES)), K(z->watermark_boost),
			       K(z->watermark[WMARK_MIN] + z->watermark_boost),
			       K(z->watermark[WMARK_LOW] + z->watermark_boost),
			       K(z->watermark[WMARK_HIGH] + z->watermark_boost),
			       K(z->nr_reserved_highatomic), K(zone_page_state(z, NR_ACTIVE_ANON)),
			       K(zone_page_state(z, NR_INACTIVE_ANON)),
			       K(zone_page_state(z, NR_ACTIVE_FILE)),
			       K(zone_page_state(z, NR_INACTIVE_FILE)),
			       K(zone_page_state(z, NR_UNEVICTABLE)),
			       K(zone_page_state(z, NR_FILE_DIRTY) + zone_page_state(z, NR_WRITEBACK)),
			       K(z->present_pages), K(z->managed_pages), K(zone_page_state(z, NR_MLOCK)),
			       K(zone_page_state(z, NR_BOUNCE)), K(zone_pcp_count(z)),
			       K((unsigned long)z->pageset[sim->cur_cpu].count),
			       K(zone_page_state(z, NR_FREE_CMA_PAGES)));
			/* every zone type, ZONE_DEVICE's (as the topmost zone's) too */
			len = (size_t)snprintf(line, sizeof(line), "lowmem_reserve[]:");
			for (int i = 0; i < MAX_NR_ZONES + sim_kernel(sim)->zone_device; i++)
				len += (size_t)snprintf(line + len, sizeof(line) - len, " %ld",
					z->lowmem_reserve[i < MAX_NR_ZONES ? i : MAX_NR_ZONES - 1]);
			printk(sim, "%s", line);
			ram += z->present_pages;
			reserved += z->present_pages - z->managed_pages;
		}
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &sim->node_data[nid]->node_zones[zid];

			if (populated_zone(z))
				show_free_list_line(sim, z);
		}
	/* hugetlb_show_meminfo_node(), one line an hstate (1 GiB registered
	 * first): the model's pool is 2 MiB pages that nothing maps, so every
	 * one is free; no surplus pages, no 1 GiB pool */
	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		unsigned long nr = nid < MAX_NUMNODES ? sim->hugetlb.nr[nid] : 0;

		printk(sim, "Node %d hugepages_total=0 hugepages_free=0 hugepages_surp=0 "
		       "hugepages_size=1048576kB", nid);
		printk(sim, "Node %d hugepages_total=%lu hugepages_free=%lu hugepages_surp=0 "
		       "hugepages_size=%lukB", nid, nr, nr, K(pageblock_nr_pages));
	}
	printk(sim, "%lu total pagecache pages", oom_global_page_state(sim, NR_FILE_PAGES));
	printk(sim, "%lu pages in swap cache", swapcache_pages(sim));
	printk(sim, "Free swap  = %ldkB", (long)K(sim->swap_pages - sim->swap_in_use));
	printk(sim, "Total swap = %lukB", K(sim->swap_pages));
	printk(sim, "%lu pages RAM", ram);
	printk(sim, "%lu pages HighMem/MovableOnly", 0UL);
	printk(sim, "%lu pages reserved", reserved);
	printk(sim, "%lu pages hwpoisoned", 0UL);
}

/* Models: dump_tasks() (6.1). */
static void dump_tasks_6_1(struct sim *sim)
{
	struct task *list[MAX_TASKS];
	int n = process_list(sim, list);

	printk(sim, "Tasks state (memory values in pages):");
	printk(sim, "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents "
	       "oom_score_adj name");
	for (int i = 0; i < n; i++) {
		const struct task *t = list[i];

		if (oom_unkillable_task(t) || !has_mm(t))	/* find_lock_task_mm() */
			continue;
		printk(sim, "[%7d] %5d %5d %8lu %8lu %8lu %8lu         %5hd %s", t->pid, 0, t->pid,
		       t->total_vm, t->rss_anon + t->rss_file, t->nr_ptes * PAGE_SIZE, t->swapents,
		       t->oom_score_adj, t->comm);
	}
}

/* Models: dump_header() (6.1) with dump_stack() and dump_oom_summary(). */
static void dump_header_6_1(struct sim *sim, const struct oom_control *oc,
			    const struct task *victim)
{
	static const char *const frames[] = { "dump_stack_lvl", "dump_header",
		"oom_kill_process", "out_of_memory", "__alloc_pages_slowpath", "__alloc_pages" };
	const struct task *cur = current_task(sim);
	char mask[160];

	printk(sim, "%s invoked oom-killer: gfp_mask=%s, order=%d, oom_score_adj=%hd", cur->comm,
	       report_gfp(sim, oc->gfp_mask, mask, sizeof(mask)), oc->order, cur->oom_score_adj);
	printk(sim, "CPU: %d PID: %d Comm: %s Not tainted 6.1.0 #1 buddyscope", sim->cur_cpu,
	       cur->pid, cur->comm);
	printk(sim, "Hardware name: buddyscope simulated machine %s", sim_machine(sim)->name);
	printk(sim, "Call Trace:");
	printk(sim, " <TASK>");
	for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++)
		printk(sim, " %s", frames[i]);
	printk(sim, " </TASK>");
	show_mem_6_1(sim);
	if (sim->vm.oom_dump_tasks)
		dump_tasks_6_1(sim);
	if (victim)
		printk(sim, "oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,"
		       "mems_allowed=0,global_oom,task_memcg=/,task=%s,pid=%d,uid=%d", victim->comm,
		       victim->pid, 0);
}

static void narrate61(struct sim *sim, const struct oom_control *oc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void narrate61(struct sim *sim, const struct oom_control *oc, const char *fmt, ...)
{
	struct trace_event *ev = trace_emit(sim, TRACE_bs_alloc_stage);
	va_list ap;

	ev->stage = -1;
	ev->gfp_mask = oc->gfp_mask;
	ev->order = (uint8_t)oc->order;	/* the allocator's: 6.1 has no sysrq OOM here */
	va_start(ap, fmt);
	vsnprintf(ev->msg, sizeof(ev->msg), fmt, ap);
	va_end(ap);
}

/* Models: __oom_kill_process() (6.1): SIGKILL, TIF_MEMDIE, the one line,
 * and the reaper queued. */
static void kill_6_1(struct sim *sim, struct task *victim, const char *message)
{
	if (!victim->sigkill)
		sim->nr_sigkill++;	/* the scheduler looks for it (sched.c) */
	victim->sigkill = true;
	mark_oom_victim(sim, victim);
	count_vm_events(sim, OOM_KILL, 1);
	printk(sim, "%s: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, "
	       "shmem-rss:%lukB, UID:%u pgtables:%lukB oom_score_adj:%hd", message, victim->pid,
	       victim->comm, K(victim->total_vm), K(victim->rss_anon), K(victim->rss_file), 0UL,
	       0U, K(victim->nr_ptes), victim->oom_score_adj);
	wake_oom_reaper(sim, victim);
}

/* Models: task_will_free_mem(current) (6.1) as out_of_memory() asks it:
 * SIGKILL pending or exiting, with an mm the reaper has not been to. */
bool oom_task_will_free_mem_6_1(const struct task *t)
{
	return has_mm(t) && (t->sigkill || task_will_free_mem(t)) && !t->oom_skip;
}

/*
 * Models: out_of_memory() (6.1) for a global OOM. Return: progress (a kill,
 * or a victim already on its way out), as 6.1 returns !!oc->chosen; false
 * for "no killable process" (a panic: logged, nothing killed).
 */
bool out_of_memory_6_1(struct sim *sim, struct oom_control *oc)
{
	struct task *cur = current_task(sim), *list[MAX_TASKS], *chosen = NULL;
	unsigned long totalpages = oom_totalpages(sim);
	long chosen_points = LONG_MIN;
	int n;

	/* task_will_free_mem() (6.1): not once the reaper has been there */
	if (oom_task_will_free_mem_6_1(cur)) {
		mark_oom_victim(sim, cur);
		wake_oom_reaper(sim, cur);
		narrate61(sim, oc, "out_of_memory: %s (%d) is dying already; it gets the reserves",
			  cur->comm, cur->pid);
		return true;
	}
	if (sim->vm.panic_on_oom) {
		dump_header_6_1(sim, oc, NULL);
		printk(sim, "Kernel panic - not syncing: Out of memory: %s panic_on_oom is enabled",
		       sim->vm.panic_on_oom == 2 ? "compulsory" : "system-wide");
		narrate61(sim, oc, "out_of_memory: vm.panic_on_oom=%d: the kernel panics here; "
			  "buddyscope logs it and fails the allocation", sim->vm.panic_on_oom);
		return false;
	}
	if (sim->vm.oom_kill_allocating_task && !oom_unkillable_task(cur) &&
	    cur->oom_score_adj != OOM_SCORE_ADJ_MIN) {
		dump_header_6_1(sim, oc, cur);
		kill_6_1(sim, cur, "Out of memory (oom_kill_allocating_task)");
		narrate61(sim, oc, "out_of_memory: oom_kill_allocating_task: killed %s (%d)",
			  cur->comm, cur->pid);
		return true;
	}
	/* select_bad_process() -> oom_evaluate_task() for every process */
	n = process_list(sim, list);
	for (int i = 0; i < n; i++) {
		struct task *t = list[i];
		long points;

		if (oom_unkillable_task(t))
			continue;
		if (t->memdie && t->oom_skip)
			continue;	/* reaped (MMF_OOM_SKIP): the next one */
		if (t->memdie) {	/* a victim not yet reaped: wait for it */
			narrate61(sim, oc, "out_of_memory: %s (%d) is already an OOM victim; waiting "
				  "for it, nobody else is killed", t->comm, t->pid);
			return true;
		}
		points = oom_badness_6_1(t, totalpages);
		if (points == LONG_MIN || points < chosen_points)
			continue;
		chosen = t;	/* a tie goes to the later task */
		chosen_points = points;
	}
	if (!chosen) {
		dump_header_6_1(sim, oc, NULL);
		printk(sim, "Out of memory and no killable processes...");
		printk(sim, "Kernel panic - not syncing: System is deadlocked on memory");
		narrate61(sim, oc, "out_of_memory: no killable process: the kernel panics here; "
			  "buddyscope logs it and fails the allocation");
		return false;
	}
	if (task_will_free_mem(chosen) && !chosen->oom_skip) {
		mark_oom_victim(sim, chosen);
		wake_oom_reaper(sim, chosen);
		return true;
	}
	dump_header_6_1(sim, oc, chosen);
	kill_6_1(sim, chosen, "Out of memory");
	narrate61(sim, oc, "out_of_memory: killed %s (%d), badness %ld (oom_score %lu of 2000), "
		  "freeing %lu pages", chosen->comm, chosen->pid, chosen_points,
		  oom_score_6_1(sim, chosen), chosen->rss_anon + chosen->nr_ptes);
	return true;
}

/* Models: warn_alloc() (6.1): the failure line with its nodemask, and the
 * Mem-Info block. SIMPLIFICATION: no ratelimit, no stack dump. */
void warn_alloc_6_1(struct sim *sim, gfp_t gfp, unsigned int order)
{
	char mode[160];

	if (gfp & GFP_F_NOWARN)
		return;
	printk(sim, "%s: page allocation failure: order:%u, mode:%s, nodemask=(null),cpuset=/,"
	       "mems_allowed=0", current_task(sim)->comm, order,
	       report_gfp(sim, gfp, mode, sizeof(mode)));
	show_mem_6_1(sim);
}
