/* tests/unit/test_exit_order.c - task exit frees a task's pages in the
 * order zap_pte_range() meets them: the task's address order, which for a
 * task faulting sequentially is its fault order (not pfn order). */
#include <stdlib.h>
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/task.h"
#include "simtest.h"

#define NPAGES	8

/* The one pfn @pid owns on an LRU that is not in @have[0..n). */
static unsigned long new_page_of(const struct sim *sim, int pid, const unsigned long *have, int n)
{
	unsigned long found = PFN_NONE;

	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++) {
		const struct page *p = &sim->map.pages[pfn];
		bool known = false;

		if (p->private != (uint32_t)pid || !(p->flags & PG_lru))
			continue;
		for (int i = 0; i < n; i++)
			known |= have[i] == pfn;
		if (!known) {
			if (found != PFN_NONE)
				return PFN_NONE;	/* more than one: not what this test needs */
			found = pfn;
		}
	}
	return found;
}

/* Where each of @pfns sits on the per-cpu lists, counted from the head
 * (the page freed last first), -1 if on none. */
static void pcp_positions(const struct sim *sim, const unsigned long *pfns, int n, long *pos)
{
	const struct memmap *m = &sim->map;

	for (int i = 0; i < n; i++)
		pos[i] = -1;
	for (int id = 0; id < MAX_NUMNODES * MAX_NR_ZONES; id++) {
		const struct zone *z = sim->zone_by_id[id];

		if (!z || !z->pageset)
			continue;
		for (int cpu = 0; cpu < sim->nr_cpus; cpu++)
			for (int l = 0; l < NR_PCP_LISTS; l++) {
				uint32_t head = z->pageset[cpu].lists[l];
				long at = 0;

				for (uint32_t pfn = lnk(m, head)->next; pfn != head;
				     pfn = lnk(m, pfn)->next, at++)
					for (int i = 0; i < n; i++)
						if (pfns[i] == pfn)
							pos[i] = at;
			}
	}
}

/*
 * A first task's pages freed go to the per-cpu list's head, so a second
 * task faulting as many pages gets them back newest first: its fault order
 * is not its pfn order. When it exits, the page it faulted first is freed
 * first (zap_pte_range in address order), so it ends up deepest on the
 * per-cpu list, and the page it faulted last at the head: pfn order would
 * put them by pfn instead. (A 256 MB zone: the tiny preset's zones are
 * too small for per-cpu lists.)
 */
static void exit_frees_in_fault_order(enum kernel_version kernel)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 65536, 1, kernel);
	unsigned long fault[NPAGES];
	long pos[NPAGES];
	bool pfn_ascending = true;
	int first, second;

	REQUIRE(sim);
	first = task_spawn(sim, "first", 0, -1, 0);
	REQUIRE(first > 0);
	REQUIRE(task_touch(sim, first, TASK_ANON, NPAGES) == NPAGES);
	REQUIRE(task_exit(sim, first) == 0);
	second = task_spawn(sim, "second", 0, -1, 0);
	REQUIRE(second > 0);
	for (int i = 0; i < NPAGES; i++) {
		REQUIRE(task_touch(sim, second, TASK_ANON, 1) == 1);
		fault[i] = new_page_of(sim, second, fault, i);
		REQUIRE(fault[i] != PFN_NONE);
		if (i && fault[i] < fault[i - 1])
			pfn_ascending = false;
	}
	/* the test means something only if the two orders differ */
	REQUIRE(!pfn_ascending);
	REQUIRE(task_exit(sim, second) == 0);
	pcp_positions(sim, fault, NPAGES, pos);
	for (int i = 0; i < NPAGES; i++)
		CHECK(pos[i] >= 0);
	/* faulted later, freed later: nearer the head */
	for (int i = 1; i < NPAGES; i++)
		CHECK(pos[i] < pos[i - 1]);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(exit_frees_a_tasks_pages_in_fault_order_v45)
{
	exit_frees_in_fault_order(KERNEL_4_5);
}

TEST(exit_frees_a_tasks_pages_in_fault_order_v61)
{
	exit_frees_in_fault_order(KERNEL_6_1);
}
