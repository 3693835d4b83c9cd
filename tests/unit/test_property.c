/* tests/unit/test_property.c - a randomized property test of the allocator.
 * Over 1 M mixed alloc/free operations on several machines and seeds, with
 * every invariant checked at intervals; at the end everything is freed and
 * the free lists must be what boot left: the same blocks at every order.
 */
#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "simtest.h"

struct held {
	unsigned long	pfn;
	unsigned int	order;
};

static const gfp_t masks[] = {
	GFP_KERNEL, GFP_HIGHUSER_MOVABLE, GFP_ATOMIC, GFP_NOWAIT | GFP_F_RECLAIMABLE,
	GFP_KERNEL | GFP_F_DMA32, GFP_USER, GFP_HIGHUSER_MOVABLE | GFP_F_COLD, GFP_TEMPORARY,
	GFP_DMA, GFP_KERNEL | GFP_F_THISNODE,
};

/* Orders weighted toward the small ones, as real workloads are. */
static unsigned int pick_order(struct sim *sim)
{
	uint64_t r = sim_random_below(sim, 100);

	if (r < 55)
		return 0;
	if (r < 75)
		return (unsigned int)sim_random_below(sim, 4);
	return (unsigned int)sim_random_below(sim, MAX_ORDER);
}

static void snapshot(const struct sim *sim, unsigned long *out)
{
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			for (int o = 0; o < MAX_ORDER; o++)
				*out++ = sim->node_data[nid]->node_zones[zid].free_area[o].nr_free;
}

static int run_machine(const char *preset, uint64_t seed, unsigned long ops,
		       unsigned long check_every, unsigned long max_held)
{
	struct machine_desc m;
	struct sim *sim;
	struct held *held;
	unsigned long nheld = 0, boot[MAX_NUMNODES * MAX_NR_ZONES * MAX_ORDER];
	unsigned long now[MAX_NUMNODES * MAX_NR_ZONES * MAX_ORDER];
	unsigned long boot_free, allocs = 0, fails = 0;
	int ok = 1;

	if (machine_preset(preset, &m))
		return 0;
	sim = boot_desc(&m, seed);
	held = malloc(max_held * sizeof(*held));
	if (!sim || !held)
		return 0;
	snapshot(sim, boot);
	boot_free = sim_nr_free_pages(sim);
	for (unsigned long i = 0; i < ops && ok; i++) {
		uint64_t r = sim_random_below(sim, 1000);

		if (r < 520 && nheld < max_held) {
			gfp_t gfp = masks[sim_random_below(sim, sizeof(masks) / sizeof(masks[0]))];
			unsigned int order = pick_order(sim);
			unsigned long pfn = alloc_pages(sim, gfp, order);

			if (pfn == PFN_NONE) {
				fails++;
			} else {
				held[nheld++] = (struct held){ pfn, order };
				allocs++;
			}
		} else if (r < 990 && nheld) {
			unsigned long k = sim_random_below(sim, nheld);

			if (free_pages(sim, held[k].pfn, (int)held[k].order)) {
				printf("%s: free of %#lx order %u failed: %s\n", preset, held[k].pfn,
				       held[k].order, sim_errmsg(sim));
				ok = 0;
			}
			held[k] = held[--nheld];
		} else if (r < 995) {
			sim_set_cpu(sim, (int)sim_random_below(sim, (uint64_t)sim_nr_cpus(sim)));
		} else if (r < 998) {
			drain_local_pages(sim, (int)sim_random_below(sim, (uint64_t)sim_nr_cpus(sim)), NULL);
		} else {
			char v[16];

			snprintf(v, sizeof(v), "%u", 1024u << sim_random_below(sim, 6));
			sim_sysctl_set(sim, "vm.min_free_kbytes", v);
		}
		if ((i + 1) % check_every == 0 && !invariants_hold(sim)) {
			printf("%s seed %llu: invariants broken after %lu ops\n", preset,
			       (unsigned long long)seed, i + 1);
			ok = 0;
		}
	}
	while (nheld && ok) {
		nheld--;
		if (free_pages(sim, held[nheld].pfn, (int)held[nheld].order))
			ok = 0;
	}
	drain_all_pages(sim, NULL);
	if (!invariants_hold(sim))
		ok = 0;
	snapshot(sim, now);
	for (size_t i = 0; i < sizeof(now) / sizeof(now[0]) && ok; i++)
		if (i < (size_t)sim->nr_nodes * MAX_NR_ZONES * MAX_ORDER && now[i] != boot[i]) {
			printf("%s: free list %zu holds %lu blocks, boot had %lu\n", preset, i,
			       now[i], boot[i]);
			ok = 0;
		}
	if (sim_nr_free_pages(sim) != boot_free)
		ok = 0;
	/* the workload must have exercised both outcomes to mean anything */
	if (allocs < ops / 4) {
		printf("%s: only %lu allocations succeeded\n", preset, allocs);
		ok = 0;
	}
	if (getenv("PROPERTY_VERBOSE"))
		printf("%s seed %llu: %lu allocs, %lu failed, %lu pgalloc, %lu held at end\n", preset,
		       (unsigned long long)seed, allocs, fails, sim->vm_events[PGALLOC_NORMAL] + sim->vm_events[PGALLOC_DMA32] + sim->vm_events[PGALLOC_DMA], nheld);
	free(held);
	sim_destroy(sim);
	return ok;
}

TEST(property_tiny_many_seeds)
{
	/* tiny fills up quickly: failures, fallbacks and steals are common */
	for (uint64_t seed = 1; seed <= 4; seed++)
		CHECK(run_machine("tiny", seed, 100000, 5000, 4000));
}

TEST(property_classroom)
{
	CHECK(run_machine("classroom", 7, 300000, 100000, 60000));
}

TEST(property_numa2)
{
	CHECK(run_machine("numa2", 11, 250000, 125000, 20000));
}

TEST(property_movable_zone)
{
	CHECK(run_machine("movable", 3, 100000, 50000, 20000));
}
