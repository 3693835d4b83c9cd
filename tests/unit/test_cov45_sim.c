/* tests/unit/test_cov45_sim.c - the sim's read-only accessors refuse what
 * does not exist (a cpu, a node, a zone index, a pfn past memory, a set_cpu
 * out of range) with NULL, -1 or the documented value, and list walks count
 * past a short array. */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/sim.h"
#include "simtest.h"

TEST(cov45_sim_accessors_refuse)
{
	struct sim *sim = boot_preset("tiny");
	unsigned long pfns[2], n;
	uint32_t head;

	REQUIRE(sim);
	CHECK_EQ_L(sim_cpu_to_node(sim, -1), -1);
	CHECK_EQ_L(sim_cpu_to_node(sim, sim_nr_cpus(sim)), -1);
	CHECK_EQ_L(sim_cpu_to_node(sim, 0), 0);
	CHECK(sim_zone(sim, -1, 0) == NULL);
	CHECK(sim_zone(sim, 1, 0) == NULL);
	CHECK(sim_zone(sim, 0, -1) == NULL);
	CHECK(sim_zone(sim, 0, MAX_NR_ZONES) == NULL);
	CHECK(sim_zone(sim, 0, ZONE_DMA32) != NULL);
	CHECK_EQ_UL(sim_pageblock_flags(sim, sim_max_pfn(sim)), 0);
	CHECK_EQ_UL(sim_pageblock_migratetype(sim, sim_max_pfn(sim)), MIGRATE_TYPES);
	CHECK_EQ_L(sim_set_cpu(sim, -1), -EINVAL);
	CHECK_EQ_L(sim_set_cpu(sim, 2), -EINVAL);
	CHECK_STR(sim_errmsg(sim), "cpu 2 does not exist (this machine has cpus 0..1)");
	/* a free list holding more blocks than the array: all counted */
	head = sim->node_data[0]->node_zones[ZONE_DMA32].free_area[MAX_ORDER - 1].free_list[MIGRATE_MOVABLE];
	n = sim_list_pfns(sim, head, NULL, 0);
	REQUIRE(n >= 2);
	memset(pfns, 0, sizeof(pfns));
	CHECK_EQ_UL(sim_list_pfns(sim, head, pfns, 1), n);
	CHECK(pfns[0] != 0 && pfns[1] == 0);
	CHECK_EQ_UL(sim_list_pfns(sim, 5, pfns, 2), 0);		/* not a list head */
	sim_destroy(sim);
}

/* sim_memory_needed(): the page records up to the highest zone end, over
 * every node whatever their order, and a pageblock byte per pageblock;
 * sim_create refuses a kernel that is not modelled; sim_destroy(NULL) is a
 * no-op. */
TEST(cov45_sim_memory_needed_and_create_refusals)
{
	struct machine_desc m = two_nodes_desc();
	struct sim_config cfg;
	struct sim *sim = NULL;
	unsigned long long end = (1ULL << 20) + 4096;
	char err[160] = "";

	CHECK_EQ_UL(sim_memory_needed(&m), end * sizeof(struct page) + (end >> pageblock_order) + 1);
	/* the same machine with node 1's memory listed first */
	{
		struct machine_desc r = m;

		r.nodes[0] = m.nodes[1];
		r.nodes[1] = m.nodes[0];
		CHECK_EQ_UL(sim_memory_needed(&r), sim_memory_needed(&m));
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.machine = m;
	cfg.seed = 1;
	cfg.kernel = (enum kernel_version)99;
	CHECK_EQ_L(sim_create(&cfg, &sim, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "kernel 99 cannot boot (not modelled yet)");
	CHECK(sim == NULL);
	sim_destroy(NULL);
}
