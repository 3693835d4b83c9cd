/* tests/unit/test_exit_6_1.c - a SIGKILLed task's exit over time under
 * Linux 6.1 (core/exit.c): unmap_vmas into the mmu_gather batch, then
 * MMF_OOM_SKIP, then the batch freed to the exiting CPU's per-cpu lists;
 * a full batch freed while unmapping; the OOM killer waiting for the victim
 * before MMF_OOM_SKIP and killing another after; v4.5's exit at once; and
 * the commands on a task that is exiting. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../../core/internal.h"
#include "../../core/oom_internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmstat.h"
#include "buddyscope/workload.h"
#include "oom61test.h"
#include "simtest.h"

/* pages on every per-cpu list of @cpu, every zone */
static unsigned long pcp_of_cpu(const struct sim *sim, int cpu)
{
	unsigned long n = 0;

	for (int id = 0; id < MAX_NUMNODES * MAX_NR_ZONES; id++)
		if (sim->zone_by_id[id])
			n += (unsigned long)sim->zone_by_id[id]->pageset[cpu].count;
	return n;
}

/* @kernel on @preset, THP never; "victim" holds @pages anon pages, "app"
 * 10 and is current. */
static struct sim *boot_victim(const char *preset, enum kernel_version kernel,
			       unsigned long pages, int *victim, int *app)
{
	struct sim *sim = boot_preset_kernel(preset, kernel);

	if (!sim)
		return NULL;
	*victim = task_spawn(sim, "victim", 0, -1, 0);
	*app = task_spawn(sim, "app", 0, -1, 0);
	if (*victim <= 0 || *app <= 0 || thp_set(sim, "never", NULL) ||
	    task_touch(sim, *victim, TASK_ANON, pages) != (long)pages ||
	    task_touch(sim, *app, TASK_ANON, 10) != 10 || task_set_current(sim, *app)) {
		sim_destroy(sim);
		return NULL;
	}
	return sim;
}

/* Has the last OOM report's task list a line for @pid? */
static bool listed_in_last_report(const struct sim *sim, int pid)
{
	struct strbuf sb = STRBUF_INIT;
	const char *last = NULL, *p;
	char needle[32];
	bool found;

	sim_dmesg_show(sim, &sb, 0);
	for (p = sb_str(&sb); (p = strstr(p, "Tasks state")); p++)
		last = p;
	snprintf(needle, sizeof(needle), "[%7d]", pid);
	found = last && strstr(last, needle);
	sb_release(&sb);
	return found;
}

/* The three phases, in order, on a 1000-page victim (one batch: nothing is
 * freed before MMF_OOM_SKIP), and where the pages go. */
TEST(exit_6_1_unmaps_into_the_batch_sets_skip_then_frees)
{
	int victim, app, steps = 0, exit_cpu;
	struct sim *sim = boot_victim("tiny", KERNEL_6_1, 1000, &victim, &app);
	unsigned long free0, pcp0, rss_before;
	struct task *t;
	bool saw_unmapping = false;

	REQUIRE(sim);
	free0 = sim_nr_free_pages(sim);
	t = task_w(sim, victim);
	REQUIRE(t);
	CHECK(task_kill(sim, victim) == 0);
	CHECK(sim_wait_for_exit(sim));		/* started, and its first step ran */
	t = task_w(sim, victim);
	REQUIRE(t);
	exit_cpu = t->exit_cpu;
	CHECK(exit_cpu != sim->cur_cpu);	/* woken on the other CPU */
	CHECK(!has_mm(t));			/* exit_mm() dropped it */
	pcp0 = pcp_of_cpu(sim, exit_cpu);
	/* unmapping: the pages leave the task, not for the allocator */
	while (!t->oom_skip && steps++ < 100) {
		rss_before = t->rss_anon;
		CHECK(t->exit_step == EXIT_UNMAP || t->exit_step == EXIT_SKIP);
		CHECK(sim_nr_free_pages(sim) + 64 >= free0 && sim_nr_free_pages(sim) <= free0 + 64);
		CHECK_EQ_UL(pcp_of_cpu(sim, exit_cpu), pcp0);
		if (rss_before < 1000)
			saw_unmapping = true;
		REQUIRE(sim_wait_for_exit(sim));
		t = task_w(sim, victim);
		REQUIRE(t);
		CHECK(t->rss_anon <= rss_before);
	}
	CHECK(saw_unmapping);
	/* MMF_OOM_SKIP with every page still in the batch */
	CHECK(t->oom_skip);
	CHECK_EQ_UL(t->rss_anon, 0);
	CHECK_EQ_UL(t->gather_entries, 1000);
	CHECK_EQ_UL(pcp_of_cpu(sim, exit_cpu), pcp0);
	/* then the batch, one batch a step, to the exiting CPU's lists */
	while (task_w(sim, victim) && steps++ < 200)
		REQUIRE(sim_wait_for_exit(sim));
	CHECK(!task_find(sim, victim));
	CHECK(!sim_wait_for_exit(sim));		/* nobody exiting any more */
	CHECK(pcp_of_cpu(sim, exit_cpu) > pcp0 || sim_nr_free_pages(sim) >= free0 + 900);
	CHECK(sim_nr_free_pages(sim) + pcp_of_cpu(sim, 0) + pcp_of_cpu(sim, 1) >= free0 + 1000);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* zap_pte_range's force_flush: a batch that is full (8 + 19 * 510 entries)
 * is freed while the task is still unmapping, before MMF_OOM_SKIP. */
TEST(exit_6_1_a_full_batch_is_freed_while_unmapping)
{
	int victim, app, steps = 0;
	struct sim *sim = boot_victim("classroom", KERNEL_6_1, 12000, &victim, &app);
	unsigned long free0, most = 0;
	struct task *t;

	REQUIRE(sim);
	free0 = sim_nr_free_pages(sim);
	CHECK(task_kill(sim, victim) == 0);
	while ((t = task_w(sim, victim)) && !t->oom_skip && steps++ < 100) {
		if (t->gather_entries > most)
			most = t->gather_entries;
		REQUIRE(sim_wait_for_exit(sim));
	}
	t = task_w(sim, victim);
	REQUIRE(t);
	CHECK_EQ_UL(most, 9216);		/* 18 steps of 512 below 9698 */
	CHECK_EQ_UL(t->gather_entries, 12000 - 9698);	/* the rest after the flush */
	CHECK(sim_nr_free_pages(sim) + 4 * 6 * 1024 > free0);	/* 9698 came back */
	while (task_w(sim, victim) && steps++ < 200)
		REQUIRE(sim_wait_for_exit(sim));
	CHECK(!task_find(sim, victim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* oom_evaluate_task (6.1): the victim aborts the selection while it
 * unmaps; once its exit set MMF_OOM_SKIP, the next biggest is killed, with
 * the victim's memory still in its batch. */
TEST(exit_6_1_oom_waits_for_the_victim_until_skip_then_kills_again)
{
	int victim, app, other, steps = 0;
	struct sim *sim = boot_victim("tiny", KERNEL_6_1, 1500, &victim, &app);
	struct task *t;
	uint64_t from;

	REQUIRE(sim);
	other = task_spawn(sim, "other", 0, -1, 0);
	REQUIRE(other > 0);
	REQUIRE(task_touch(sim, other, TASK_ANON, 800) == 800);
	REQUIRE(task_set_current(sim, app) == 0);
	CHECK(oom61(sim, &from));			/* kills the biggest */
	CHECK(task_find(sim, victim)->sigkill);
	CHECK(sim_wait_for_exit(sim));
	t = task_w(sim, victim);
	REQUIRE(t && t->exit_step == EXIT_UNMAP);
	CHECK(oom61(sim, &from));
	CHECK(narrated(sim, from, "is already an OOM victim; waiting"));
	CHECK(!task_find(sim, other)->sigkill);
	while ((t = task_w(sim, victim)) && !t->oom_skip && steps++ < 100)
		REQUIRE(sim_wait_for_exit(sim));
	REQUIRE(t && t->oom_skip && t->gather_entries > 0);
	CHECK(oom61(sim, &from));
	CHECK(task_find(sim, other)->sigkill);		/* the next one goes */
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 2);
	/* the second report's task list has no line for the exiting victim */
	CHECK(!listed_in_last_report(sim, victim));
	CHECK(listed_in_last_report(sim, app));
	sim_destroy(sim);
}

/* A request that OOM-kills keeps retrying while the victim exits: every
 * out_of_memory() that waits for it comes after 17 passes through retry
 * (should_reclaim_retry goes on while DMA32, holding no LRU page, counts its
 * free pages twice), so a victim of 12 unmap steps takes the request past
 * ALLOC_MAX_RETRIES passes in all. The bound counts from out_of_memory()'s
 * last progress: the request gets its page once the victim's memory is
 * freed, rather than being stopped as a loop the kernel would not leave. */
TEST(exit_6_1_a_request_waits_out_the_victims_exit)
{
	int victim, app;
	struct sim *sim = boot_victim("tiny", KERNEL_6_1, 6000, &victim, &app);
	struct alloc_request req;
	struct task *cur;
	unsigned long pfn;
	uint64_t from;

	REQUIRE(sim);
	/* every zone at three quarters of its min mark: under it, but its
	 * free pages counted twice are over it */
	cur = current_task(sim);
	cur->flags |= PF_MEMALLOC;
	for (int zid = ZONE_DMA32; zid >= ZONE_DMA; zid--) {
		struct zone *z = &sim->node_data[0]->node_zones[zid];

		while (zone_page_state(z, NR_FREE_PAGES) > z->watermark[WMARK_MIN] * 3 / 4)
			REQUIRE(alloc_pages(sim, (GFP_KERNEL & ~GFP_F_RECLAIM) | GFP_F_NOWARN |
					    (zid == ZONE_DMA ? GFP_DMA : 0), 0) != PFN_NONE);
	}
	cur->flags &= ~PF_MEMALLOC;
	pfn = run_narrated(sim, &req, GFP_KERNEL, 0, &from);
	/* the victim first; in its MMF_OOM_SKIP window perhaps another */
	CHECK(sim_vm_event(sim, OOM_KILL) >= 1);
	CHECK(task_find(sim, victim) == NULL || task_find(sim, victim)->sigkill);
	CHECK(!req.looped_out);
	CHECK(pfn != PFN_NONE);
	CHECK(narrated(sim, from, "is already an OOM victim; waiting"));
	if (req.nr_retries <= ALLOC_MAX_RETRIES)
		printf("  %u passes through retry\n", req.nr_retries);
	CHECK(req.nr_retries > ALLOC_MAX_RETRIES);	/* past the bound, from the start */
	CHECK(req.nr_retries - req.retry_base <= ALLOC_MAX_RETRIES);
	sim_destroy(sim);
}

/* v4.5 has no exit over time: a killed task is gone, whole, at the next
 * jiffy, and there is nothing to wait for. */
TEST(exit_4_5_is_at_once)
{
	int victim, app;
	struct sim *sim = boot_victim("tiny", KERNEL_4_5, 1000, &victim, &app);

	REQUIRE(sim);
	CHECK(task_kill(sim, victim) == 0);
	CHECK(!sim_wait_for_exit(sim));
	CHECK(!task_find(sim, victim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* Commands on a task that is exiting: touching it is refused with a
 * reason; `task exit` finishes the exit at once, batch and all. */
TEST(exit_6_1_commands_on_an_exiting_task)
{
	int victim, app;
	struct sim *sim = boot_victim("tiny", KERNEL_6_1, 1000, &victim, &app);
	unsigned long free0;
	struct task *t;

	REQUIRE(sim);
	free0 = sim_nr_free_pages(sim);
	CHECK(task_kill(sim, victim) == 0);
	CHECK(sim_wait_for_exit(sim));		/* one PMD's worth unmapped */
	t = task_w(sim, victim);
	REQUIRE(t && t->exit_step == EXIT_UNMAP && t->gather_entries > 0);
	CHECK(task_touch(sim, victim, TASK_ANON, 1) == -ESRCH);
	CHECK(strstr(sim_errmsg(sim), "is exiting") != NULL);
	CHECK(task_exit(sim, victim) == 0);
	CHECK(!task_find(sim, victim));
	CHECK(sim_nr_free_pages(sim) + pcp_of_cpu(sim, 0) + pcp_of_cpu(sim, 1) >= free0 + 1000);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
