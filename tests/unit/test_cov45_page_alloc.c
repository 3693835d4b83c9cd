/* tests/unit/test_cov45_page_alloc.c - the allocator's entry under every
 * kernel: a mask or order the kernel would never see is refused with what
 * is wrong (by alloc_pages() and by a stepped request alike), a mask whose
 * highest zone the zonelist lacks fails at once with nothing taken, and an
 * ALLOC_HARDER request of order > 0 reserves a highatomic pageblock
 * (reserve_highatomic_pageblock, v4.5+). */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/buddy.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/page_alloc.h"
#include "simtest.h"

static const enum kernel_version kernels[] = { KERNEL_4_5, KERNEL_4_6, KERNEL_6_1 };

TEST(cov45_alloc_refuses_impossible_masks_every_kernel)
{
	for (size_t k = 0; k < sizeof(kernels) / sizeof(kernels[0]); k++) {
		struct sim *sim = boot_preset_kernel("tiny", kernels[k]);
		struct alloc_request req;
		unsigned long free0;

		REQUIRE(sim);
		free0 = sim_nr_free_pages(sim);
		char want[128];

		CHECK_EQ_UL(alloc_pages(sim, GFP_KERNEL | (1u << GFP_BITS_SHIFT), 0), PFN_NONE);
		snprintf(want, sizeof(want), "gfp mask %#x has bits above __GFP_BITS_SHIFT (26)",
			 GFP_KERNEL | (1u << GFP_BITS_SHIFT));
		CHECK_STR(sim_errmsg(sim), want);
		CHECK_EQ_UL(alloc_pages(sim, GFP_KERNEL | GFP_F_DMA | GFP_F_DMA32, 0), PFN_NONE);
		snprintf(want, sizeof(want), "gfp mask %#x combines zone modifiers that "
			 "GFP_ZONE_TABLE rejects", GFP_KERNEL | GFP_F_DMA | GFP_F_DMA32);
		CHECK_STR(sim_errmsg(sim), want);
		CHECK_EQ_UL(alloc_pages(sim, GFP_KERNEL | GFP_F_MOVABLE | GFP_F_RECLAIMABLE, 0),
			    PFN_NONE);
		snprintf(want, sizeof(want), "gfp mask %#x has both __GFP_MOVABLE and "
			 "__GFP_RECLAIMABLE", GFP_KERNEL | GFP_F_MOVABLE | GFP_F_RECLAIMABLE);
		CHECK_STR(sim_errmsg(sim), want);
		/* the same refusals for a request that would be stepped */
		CHECK_EQ_L(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_DMA | GFP_F_DMA32, 0),
			   -EINVAL);
		CHECK_EQ_L(alloc_request_init(sim, &req, GFP_KERNEL | (1u << 30), 0), -EINVAL);
		CHECK_EQ_L(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_MOVABLE |
					      GFP_F_RECLAIMABLE, 0), -EINVAL);
		CHECK_EQ_L(alloc_request_init_any_order(sim, &req, GFP_KERNEL, 40), -EINVAL);
		CHECK_STR(sim_errmsg(sim), "order 40 out of range (0..31)");
		CHECK_EQ_L(alloc_request_init(sim, &req, GFP_KERNEL, MAX_ORDER), -EINVAL);
		CHECK_STR(sim_errmsg(sim), "order 11 out of range (0..10)");
		CHECK_EQ_UL(sim_nr_free_pages(sim), free0);
		sim_destroy(sim);
	}
}

/* first_zones_zonelist() finds no zone at or below the mask's highest: the
 * allocation fails, quiet or stepped, under every kernel, taking nothing. */
TEST(cov45_alloc_no_zone_low_enough_every_kernel)
{
	for (size_t k = 0; k < sizeof(kernels) / sizeof(kernels[0]); k++) {
		struct sim *sim = boot_one_zone_kernel(ZONE_NORMAL, 1UL << 20, 8192, 1, kernels[k]);
		struct alloc_request req;
		unsigned long free0;

		REQUIRE(sim);
		free0 = sim_nr_free_pages(sim);
		CHECK_EQ_UL(alloc_pages(sim, GFP_KERNEL | GFP_F_DMA32 | GFP_F_NOWARN, 0), PFN_NONE);
		CHECK_EQ_UL(alloc_pages(sim, GFP_ATOMIC | GFP_F_DMA | GFP_F_NOWARN, 2), PFN_NONE);
		REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL | GFP_F_DMA32 | GFP_F_NOWARN, 0)
			== 0);
		CHECK_EQ_L(req.ac.preferred_nid, -1);
		CHECK_EQ_L(req.ac.classzone_idx, -1);
		CHECK_EQ_L(alloc_request_set_node(sim, &req, 0), 0);	/* node 0: the same */
		CHECK_EQ_L(req.ac.preferred_zid, -1);
		CHECK_EQ_L(alloc_request_set_node(sim, &req, 1), -EINVAL);
		CHECK_STR(sim_errmsg(sim), "no node 1");
		CHECK_EQ_UL(alloc_run(sim, &req), PFN_NONE);
		CHECK_EQ_UL(sim_nr_free_pages(sim), free0);
		/* Normal is there for a mask that may use it */
		CHECK(alloc_pages(sim, GFP_KERNEL, 0) != PFN_NONE);
		sim_destroy(sim);
	}
}

/* An atomic order-2 request (ALLOC_HARDER) that the fast path cannot
 * serve (free below the low watermark) and the slow path's min-watermark
 * attempt can, makes its pageblock MIGRATE_HIGHATOMIC
 * (get_page_from_freelist -> reserve_highatomic_pageblock); the same request
 * served by the fast path (no ALLOC_HARDER there) does not. */
TEST(cov45_atomic_high_order_reserves_highatomic)
{
	for (size_t k = 0; k < sizeof(kernels) / sizeof(kernels[0]); k++) {
		struct sim *sim = boot_one_zone_kernel(ZONE_NORMAL, 1UL << 20, 8192, 1, kernels[k]);
		struct alloc_request req;
		unsigned long pfn;
		struct zone *z;
		uint64_t from;

		REQUIRE(sim);
		z = &sim->node_data[0]->node_zones[ZONE_NORMAL];
		pfn = alloc_pages(sim, GFP_ATOMIC, 2);
		REQUIRE(pfn != PFN_NONE);
		CHECK(get_pfnblock_migratetype(sim, pfn) != MIGRATE_HIGHATOMIC);
		while (zone_page_state(z, NR_FREE_PAGES) >= z->watermark[WMARK_LOW])
			REQUIRE(alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0) !=
				PFN_NONE);
		pfn = alloc_pages(sim, GFP_ATOMIC, 2);
		REQUIRE(pfn != PFN_NONE);
		CHECK_EQ_L(get_pfnblock_migratetype(sim, pfn), MIGRATE_HIGHATOMIC);
		CHECK(z->nr_reserved_highatomic == pageblock_nr_pages);
		pfn = run_narrated(sim, &req, GFP_ATOMIC, 3, &from);
		REQUIRE(pfn != PFN_NONE);
		CHECK_EQ_L(get_pfnblock_migratetype(sim, pfn), MIGRATE_HIGHATOMIC);
		CHECK(invariants_hold(sim));
		sim_destroy(sim);
	}
}

/* A version without an alloc_pages of its own (kernel.h: NULL) gets
 * alloc_request_init() and alloc_run(): the same pages, the same errors. */
TEST(cov45_alloc_pages_without_version_fast_entry)
{
	for (size_t k = 0; k < sizeof(kernels) / sizeof(kernels[0]); k++) {
		struct sim *sim = boot_preset_kernel("tiny", kernels[k]), *copy = NULL;
		const struct kernel_desc *saved;
		struct kernel_desc desc;
		struct kernel_ops ops;
		unsigned long a, b;

		REQUIRE(sim);
		REQUIRE(sim_clone(sim, &copy) == 0);
		saved = sim->kernel;
		desc = *saved;
		ops = *saved->ops;
		ops.alloc_pages = NULL;
		desc.ops = &ops;
		sim->kernel = &desc;
		for (unsigned int i = 0; i < 40; i++) {
			gfp_t gfp = i % 3 ? GFP_KERNEL : GFP_HIGHUSER_MOVABLE;

			a = alloc_pages(sim, gfp, i % 4);
			b = alloc_pages(copy, gfp, i % 4);
			CHECK_EQ_UL(a, b);
		}
		CHECK_EQ_UL(alloc_pages(sim, GFP_KERNEL | GFP_F_DMA | GFP_F_DMA32, 0), PFN_NONE);
		CHECK_EQ_UL(alloc_pages(copy, GFP_KERNEL | GFP_F_DMA | GFP_F_DMA32, 0), PFN_NONE);
		CHECK_STR(sim_errmsg(sim), sim_errmsg(copy));
		CHECK_EQ_UL(sim_nr_free_pages(sim), sim_nr_free_pages(copy));
		sim->kernel = saved;
		CHECK(invariants_hold(sim));
		sim_destroy(copy);
		sim_destroy(sim);
	}
}
