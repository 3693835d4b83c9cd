/* tests/unit/test_cov45_free.c - free_pages() refuses what it must not
 * free, saying what is there: a hole, reserved memory, a free page, a slab
 * page, kernel memory of an imported machine; nothing changes. */
#include <stdlib.h>
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "realtest.h"
#include "simtest.h"

TEST(cov45_free_pages_refusals)
{
	struct sim *sim = boot_preset("tiny");
	unsigned long free0, slab = PFN_NONE;
	char want[160];

	REQUIRE(sim);
	CHECK_EQ_L(free_pages(sim, 0xf9f, 0), -EINVAL);
	CHECK_STR(sim_errmsg(sim), "pfn 0xf9f is in a memory hole, not in any zone");
	CHECK_EQ_L(free_pages(sim, 0x1000, 0), -EINVAL);
	CHECK_STR(sim_errmsg(sim), "pfn 0x1000 is reserved memory, never given to the buddy "
		  "allocator");
	CHECK_EQ_L(free_pages(sim, sim_max_pfn(sim), 0), -EINVAL);
	snprintf(want, sizeof(want), "pfn %#lx is outside memory (pfns 0..%#lx)", sim_max_pfn(sim),
		 sim_max_pfn(sim) - 1);
	CHECK_STR(sim_errmsg(sim), want);
	CHECK_EQ_L(kernel_slab_alloc(sim, 1, true), 1);
	for (unsigned long p = 0; p < sim->map.max_pfn && slab == PFN_NONE; p++)
		if ((sim->map.pages[p].flags & (PG_slab | PG_head)) == (PG_slab | PG_head))
			slab = p;
	REQUIRE(slab != PFN_NONE);
	free0 = sim_nr_free_pages(sim);
	CHECK_EQ_L(free_pages(sim, slab, 0), -EINVAL);
	snprintf(want, sizeof(want), "pfn %#lx is a slab page; `slab free` returns it", slab);
	CHECK_STR(sim_errmsg(sim), want);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(cov45_free_pages_refuses_imported_kernel_memory)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	unsigned long pfn = PFN_NONE;
	struct sim *sim;
	char want[200];

	REQUIRE(rm);
	sim = boot_dir(DATA "boot", rm);
	if (!sim) {
		free(rm);
		return;
	}
	for (unsigned long p = 0; p < sim->map.max_pfn && pfn == PFN_NONE; p++)
		if ((sim->map.pages[p].flags & PG_head) &&
		    sim->map.pages[p].private == PRIVATE_BOOT_KERNEL &&
		    !(sim->map.pages[p].flags & (PG_lru | PG_slab)))
			pfn = p;
	REQUIRE(pfn != PFN_NONE);
	CHECK_EQ_L(free_pages(sim, pfn, -1), -EINVAL);
	snprintf(want, sizeof(want), "pfn %#lx is kernel memory of the imported machine (its "
		 "owner is not known); only a replayed trace frees it", pfn);
	CHECK_STR(sim_errmsg(sim), want);
	sim_destroy(sim);
	free(rm);
}
