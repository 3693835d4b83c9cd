/* tests/unit/test_cov_oom_dying.c - v4.5 out_of_memory() when the task
 * that asks is dying already (a SIGKILL pending): it gets TIF_MEMDIE and
 * the reserves, and nobody else is killed; its request then succeeds from
 * the reserves (ALLOC_NO_WATERMARKS). */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

TEST(cov45_oom_dying_task_gets_the_reserves)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	uint64_t from;
	unsigned long pfn;
	int hog, nr_tasks = 0, after = 0;

	REQUIRE(sim);
	hog = task_spawn(sim, "hog", 0, -1, 0);
	REQUIRE(hog > 0);
	REQUIRE(task_touch(sim, hog, TASK_ANON, 2000) == 2000);
	REQUIRE(task_set_current(sim, hog) == 0);
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		;
	while (task_at(sim, nr_tasks))
		nr_tasks++;
	current_task(sim)->sigkill = true;	/* kill -9 hog, not yet delivered */
	pfn = run_narrated(sim, &req, GFP_KERNEL, 0, &from);
	CHECK(pfn != PFN_NONE);
	CHECK(narrated(sim, from, "out_of_memory: hog ("));
	CHECK(narrated(sim, from, ") is already dying; it gets TIF_MEMDIE and the reserves, "
		       "nobody else is killed"));
	CHECK(narrated(sim, from, "alloc_flags = ALLOC_NO_WATERMARKS"));
	CHECK(task_find(sim, hog) && task_find(sim, hog)->memdie);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	while (task_at(sim, after))
		after++;
	CHECK_EQ_L(after, nr_tasks);	/* nobody else killed */
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* vm.oom_kill_allocating_task: the task that asks is killed, unless it is
 * exempt (oom_score_adj -1000); then the usual choice kills the biggest. */
TEST(cov45_oom_kill_allocating_task_but_exempt)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	uint64_t from;
	int hog, asker;

	REQUIRE(sim);
	REQUIRE(sim_sysctl_set(sim, "vm.oom_kill_allocating_task", "1") == 0);
	hog = task_spawn(sim, "hog", 0, -1, 0);
	asker = task_spawn(sim, "asker", -1000, -1, 0);
	REQUIRE(hog > 0 && asker > 0);
	REQUIRE(task_touch(sim, hog, TASK_ANON, 2000) == 2000);
	REQUIRE(task_set_current(sim, asker) == 0);
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		;
	CHECK(run_narrated(sim, &req, GFP_KERNEL, 0, &from) != PFN_NONE);
	CHECK(!narrated(sim, from, "oom_kill_allocating_task: "));
	CHECK(task_find(sim, asker) != NULL);
	CHECK(task_find(sim, hog) == NULL || task_find(sim, hog)->memdie);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 1);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
