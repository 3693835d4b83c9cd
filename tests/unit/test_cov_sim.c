/* tests/unit/test_cov_sim.c - the engine's read-only accessors answer
 * out-of-range questions with their documented "none" (NULL, 0,
 * MIGRATE_TYPES) instead of reading past an array, and a kernel the table
 * does not know does not boot. */
#include <errno.h>
#include <string.h>

#include "buddyscope/kernel.h"
#include "buddyscope/machine.h"
#include "buddyscope/sim.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

TEST(cov_sim_accessors_out_of_range)
{
	struct sim *sim = boot_preset("tiny");
	unsigned long out[4];

	REQUIRE(sim);
	CHECK(sim_node(sim, 1) == NULL && sim_node(sim, -1) == NULL && sim_node(sim, 0) != NULL);
	CHECK(sim_zone(sim, 0, MAX_NR_ZONES) == NULL && sim_zone(sim, 0, -1) == NULL);
	CHECK(sim_page(sim, sim_max_pfn(sim)) == NULL);
	CHECK(sim_page(sim, sim_max_pfn(sim) - 1) != NULL);
	CHECK_EQ_UL(sim_pageblock_migratetype(sim, sim_max_pfn(sim)), MIGRATE_TYPES);
	CHECK_EQ_UL(sim_vm_event(sim, NR_VM_EVENT_ITEMS), 0);
	CHECK_EQ_UL(sim_vm_event(sim, -1), 0);
	CHECK(sim_pfn_zone(sim, sim_max_pfn(sim) + 100) == NULL);
	CHECK(sim_pfn_zone(sim, 4096) == sim_zone(sim, 0, ZONE_DMA32));
	/* a list head id that is not one: nothing listed */
	CHECK_EQ_UL(sim_list_pfns(sim, 5, out, 4), 0);
	CHECK_EQ_UL(sim_list_pfns(sim, 0x80000000u | 0x7fffffffu, out, 4), 0);
	CHECK_EQ_L(sim_set_cpu(sim, 2), -EINVAL);
	CHECK_STR(sim_errmsg(sim), "cpu 2 does not exist (this machine has cpus 0..1)");
	CHECK_EQ_L(sim_cpu(sim), 0);
	sim_destroy(sim);
}

TEST(cov_sim_unknown_kernel_does_not_boot)
{
	struct sim_config cfg;
	struct sim *sim = NULL;
	char err[256] = "";

	memset(&cfg, 0, sizeof(cfg));
	REQUIRE(machine_preset("tiny", &cfg.machine) == 0);
	cfg.seed = 1;
	cfg.kernel = (enum kernel_version)99;
	CHECK_EQ_L(sim_create(&cfg, &sim, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "kernel 99 cannot boot (not modelled yet)");
	CHECK(sim == NULL);
}
