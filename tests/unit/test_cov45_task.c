/* tests/unit/test_cov45_task.c - tasks: the lowest pid wins a lookup by
 * name; when the task commands run as exits, they run as its parent, or
 * as init when the parent is a kernel thread; task_access marks file pages
 * accessed and picks only the kind asked for. */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/task.h"
#include "simtest.h"

TEST(cov45_task_find_comm_lowest_pid)
{
	struct sim *sim = boot_preset("tiny");
	int a, b;

	REQUIRE(sim);
	a = task_spawn(sim, "twin", 0, -1, 0);
	b = task_spawn(sim, "twin", 0, -1, 0);
	REQUIRE(a > 0 && b > a);
	CHECK_EQ_L(task_find_comm(sim, "twin")->pid, a);
	CHECK_EQ_L(task_exit(sim, a), 0);
	CHECK_EQ_L(task_find_comm(sim, "twin")->pid, b);
	CHECK(task_find_comm(sim, "nobody") == NULL);
	sim_destroy(sim);
}

TEST(cov45_task_exit_of_current_goes_to_parent_or_init)
{
	struct sim *sim = boot_preset("tiny");
	int parent, child, orphan;

	REQUIRE(sim);
	parent = task_spawn(sim, "shell", 0, -1, 0);
	REQUIRE(parent > 0);
	child = task_spawn(sim, "job", 0, -1, parent);
	REQUIRE(child > 0);
	REQUIRE(task_set_current(sim, child) == 0);
	CHECK_EQ_L(task_exit(sim, child), 0);
	CHECK_EQ_L(task_current(sim)->pid, parent);
	/* a child of kthreadd (pid 2): after it, init */
	orphan = task_spawn(sim, "kworker-ish", 0, -1, 2);
	REQUIRE(orphan > 0);
	REQUIRE(task_set_current(sim, orphan) == 0);
	CHECK_EQ_L(task_exit(sim, orphan), 0);
	CHECK_EQ_L(task_current(sim)->pid, 1);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(cov45_task_access_by_kind)
{
	struct sim *sim = boot_preset("tiny");
	unsigned long young = 0, refd = 0;
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "mixed", 0, -1, 0);
	REQUIRE(pid > 0);
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 10), 10);
	CHECK_EQ_L(task_touch(sim, pid, TASK_FILE, 10), 10);
	CHECK_EQ_L(task_touch(sim, pid, TASK_FILE_DIRTY, 5), 5);
	/* PTEs start young at the fault: age them all */
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++)
		if (sim->map.pages[pfn].private == (uint32_t)pid)
			page_w(&sim->map, pfn)->flags &= (uint16_t)~(PG_young | PG_referenced);
	/* only the dirty file pages, each also marked accessed */
	CHECK_EQ_L(task_access(sim, pid, TASK_FILE_DIRTY, 100), 5);
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++) {
		const struct page *p = &sim->map.pages[pfn];

		if (p->private != (uint32_t)pid || !(p->flags & PG_lru))
			continue;
		if (p->flags & PG_young) {
			young++;
			CHECK(p->flags & PG_dirty);
		}
		refd += (p->flags & PG_referenced) != 0;
	}
	CHECK_EQ_UL(young, 5);
	CHECK_EQ_UL(refd, 5);	/* mark_page_accessed: PG_referenced */
	CHECK_EQ_L(task_access(sim, pid, TASK_ANON_MADVISED, 3), 3);	/* anon pages */
	CHECK_EQ_L(task_access(sim, 999, TASK_ANON, 3), -ESRCH);
	sim_destroy(sim);
}
