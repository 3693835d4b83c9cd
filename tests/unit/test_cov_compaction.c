/* tests/unit/test_cov_compaction.c - v4.5 compaction's edges: refused
 * arguments, vm.extfrag_threshold deciding between "lack of memory" and
 * fragmentation (compaction_suitable's fragindex test), and the calls that
 * have nothing to do. */
#include <stdlib.h>
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

/* tiny's DMA32 with every other page pinned: half free, no block above
 * order 0. Return: the sim. */
static struct sim *boot_checkerboard_kernel(enum kernel_version k)
{
	struct sim *sim = boot_preset_kernel("tiny", k);
	unsigned long *held, n = 0;

	if (!sim)
		return NULL;
	held = malloc(sizeof(*held) * 16384);
	current_task(sim)->flags |= PF_MEMALLOC;	/* the reserves too */
	while (n < 16384) {
		unsigned long pfn = alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0);

		if (pfn == PFN_NONE)
			break;
		held[n++] = pfn;
	}
	current_task(sim)->flags &= ~PF_MEMALLOC;
	for (unsigned long i = 0; i < n; i++)
		if ((held[i] & 1) && held[i] >= 4096)	/* DMA32 only */
			free_pages(sim, held[i], 0);
	drain_all_pages(sim, NULL);
	free(held);
	return sim;
}

static struct sim *boot_checkerboard(void)
{
	return boot_checkerboard_kernel(KERNEL_DEFAULT);
}

TEST(cov_compaction_refuses_bad_arguments)
{
	struct sim *sim = boot_preset("tiny");
	const struct zone *z;

	REQUIRE(sim);
	z = sim_zone(sim, 0, ZONE_DMA32);
	CHECK_EQ_L(compaction_suitable(sim, z, MAX_ORDER, 0, ZONE_DMA32), COMPACT_SKIPPED);
	CHECK_EQ_L(compaction_suitable(sim, z, -2, 0, ZONE_DMA32), COMPACT_SKIPPED);
	CHECK_EQ_L(compaction_suitable(sim, z, 3, 0, MAX_NR_ZONES), COMPACT_SKIPPED);
	CHECK_EQ_L(compaction_suitable(sim, z, 3, 0, -1), COMPACT_SKIPPED);
	/* -1 (a manual compaction) always continues */
	CHECK_EQ_L(compaction_suitable(sim, z, -1, 0, ZONE_DMA32), COMPACT_CONTINUE);
	sim_destroy(sim);
}

/*
 * compaction_suitable (v4.5): with enough free memory but no block of the
 * order, fragindex decides: at or below vm.extfrag_threshold the failure is
 * lack of memory and compaction is skipped; above it, compaction runs.
 * Every other page pinned: fragindex for order 3 is near 1000.
 */
TEST(cov_compaction_extfrag_threshold_decides)
{
	struct sim *sim = boot_checkerboard();
	const struct zone *z;
	uint64_t from;
	unsigned long stalls;
	int fi;
	char want[128];

	REQUIRE(sim);
	z = sim_zone(sim, 0, ZONE_DMA32);
	CHECK_EQ_UL(z->free_area[1].nr_free + z->free_area[2].nr_free + z->free_area[3].nr_free, 0);
	fi = fragmentation_index(z, 3);
	CHECK(fi > 500 && fi <= 1000);
	/* default threshold 500: fragmentation, compaction runs */
	CHECK_EQ_L(compaction_suitable(sim, z, 3, 0, ZONE_DMA32), COMPACT_CONTINUE);
	/* threshold 1000: every fragindex is "lack of memory": skipped */
	REQUIRE(sim_sysctl_set(sim, "vm.extfrag_threshold", "1000") == 0);
	CHECK_EQ_L(compaction_suitable(sim, z, 3, 0, ZONE_DMA32), COMPACT_SKIPPED);
	from = trace_next_seq(sim);
	stalls = sim_vm_event(sim, COMPACTSTALL);
	CHECK_EQ_UL(alloc_pages(sim, GFP_KERNEL | GFP_F_DMA32 | GFP_F_NORETRY | GFP_F_NOWARN, 3),
		    PFN_NONE);
	snprintf(want, sizeof(want), "skipped, fragindex %d <= extfrag_threshold 1000 (lack of "
		 "memory, not fragmentation)", fi);
	if (!narrated(sim, from, want))
		printf("  no '%s'\n", want);
	CHECK(narrated(sim, from, want));
	CHECK_EQ_UL(sim_vm_event(sim, COMPACTSTALL), stalls);	/* nothing ran */
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* Calls with nothing to do: background compaction for order 0, the skip
 * hints of a node that does not exist. */
TEST(cov_compaction_nothing_to_do)
{
	struct sim *sim = boot_checkerboard();
	uint64_t seq;

	REQUIRE(sim);
	seq = trace_next_seq(sim);
	compact_pgdat(sim, 0, 0);
	reset_isolation_suitable(sim, 7);
	reset_isolation_suitable(sim, -1);
	CHECK(trace_next_seq(sim) == seq);	/* not even a trace event */
	/* order 3 does run: mm_compaction_begin and the rest */
	compact_pgdat(sim, 0, 3);
	CHECK(trace_next_seq(sim) > seq);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* 6.1's compaction_suitable: the fragmentation index vetoes only costly
 * orders; v4.5's vetoes every order (same checkerboard, threshold 1000). */
TEST(cov_compaction_61_fragindex_only_for_costly_orders)
{
	struct sim *sim = boot_checkerboard_kernel(KERNEL_6_1);
	const struct zone *z;

	REQUIRE(sim);
	REQUIRE(sim_sysctl_set(sim, "vm.extfrag_threshold", "1000") == 0);
	z = sim_zone(sim, 0, ZONE_DMA32);
	CHECK(fragmentation_index(z, 2) >= 0);
	CHECK_EQ_L(compaction_suitable(sim, z, 2, 0, ZONE_DMA32), COMPACT_CONTINUE);
	CHECK_EQ_L(compaction_suitable(sim, z, 4, 0, ZONE_DMA32), COMPACT_SKIPPED);
	sim_destroy(sim);
	sim = boot_checkerboard_kernel(KERNEL_4_5);
	REQUIRE(sim);
	REQUIRE(sim_sysctl_set(sim, "vm.extfrag_threshold", "1000") == 0);
	CHECK_EQ_L(compaction_suitable(sim, sim_zone(sim, 0, ZONE_DMA32), 2, 0, ZONE_DMA32),
		   COMPACT_SKIPPED);
	sim_destroy(sim);
}
