/* tests/unit/test_cov_page_alloc.c - the allocator's entry points refuse
 * what they cannot do with a one-line reason and change nothing: orders out
 * of range, a node that does not exist, and every kind of page `free`
 * must not give back (on a pcp list already, page cache, slab). */
#include <errno.h>
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "simtest.h"

TEST(cov_page_alloc_bad_requests_are_refused)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	unsigned long free_before;

	REQUIRE(sim);
	free_before = sim_nr_free_pages(sim);
	CHECK_EQ_UL(alloc_pages(sim, GFP_KERNEL, MAX_ORDER), PFN_NONE);
	CHECK_STR(sim_errmsg(sim), "order 11 out of range (0..10)");
	CHECK_EQ_L(alloc_request_init_any_order(sim, &req, GFP_KERNEL, 32), -EINVAL);
	CHECK_STR(sim_errmsg(sim), "order 32 out of range (0..31)");
	/* masks no caller can have: bits above __GFP_BITS_SHIFT, two zone
	 * modifiers GFP_ZONE_TABLE rejects, movable and reclaimable at once */
	CHECK_EQ_UL(alloc_pages(sim, 1u << 30, 0), PFN_NONE);
	CHECK(strstr(sim_errmsg(sim), "has bits above __GFP_BITS_SHIFT") != NULL);
	CHECK_EQ_UL(alloc_pages(sim, GFP_KERNEL | GFP_F_DMA | GFP_F_DMA32, 0), PFN_NONE);
	CHECK(strstr(sim_errmsg(sim), "combines zone modifiers that GFP_ZONE_TABLE rejects") != NULL);
	CHECK_EQ_UL(alloc_pages(sim, GFP_KERNEL | GFP_F_MOVABLE | GFP_F_RECLAIMABLE, 0), PFN_NONE);
	CHECK(strstr(sim_errmsg(sim), "has both __GFP_MOVABLE and __GFP_RECLAIMABLE") != NULL);
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL, 0) == 0);
	CHECK_EQ_L(alloc_request_set_node(sim, &req, 1), -EINVAL);
	CHECK_STR(sim_errmsg(sim), "no node 1");
	CHECK_EQ_L(alloc_request_set_node(sim, &req, -1), -EINVAL);
	CHECK_EQ_L(alloc_request_set_node(sim, &req, 0), 0);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free_before);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* The first page of @zone's LRU that nobody maps, or PFN_NONE. */
static unsigned long first_page_with(const struct sim *sim, unsigned int flags)
{
	for (unsigned long pfn = 0; pfn < sim_max_pfn(sim); pfn++) {
		const struct page *p = sim_page(sim, pfn);

		if ((p->flags & flags) && (p->flags & PG_head) && !p->private)
			return pfn;
	}
	return PFN_NONE;
}

TEST(cov_page_alloc_free_refuses_what_is_not_its_to_free)
{
	/* 256 MiB: pcp batch 15 (tiny's is 0: no pcp caching at all) */
	struct sim *sim = boot_one_zone(ZONE_DMA32, 4096, 65536, 2);
	unsigned long pfn, cache, slab, free_before;
	struct block_info bi;
	char want[160];
	int pid;

	REQUIRE(sim);
	/* a page on a pcp list is free already: freeing it is a double free */
	pfn = alloc_pages(sim, GFP_KERNEL, 0);	/* rmqueue_bulk fills the list */
	REQUIRE(pfn != PFN_NONE);
	for (pfn = 0; pfn < sim_max_pfn(sim); pfn++)
		if (!sim_block_of(sim, pfn, &bi) && bi.state == BLOCK_PCP)
			break;
	REQUIRE(pfn < sim_max_pfn(sim));
	free_before = sim_nr_free_pages(sim);
	CHECK_EQ_L(free_pages(sim, pfn, 0), -EINVAL);
	snprintf(want, sizeof(want), "pfn %#lx is already free (on cpu %d's per-cpu list): double "
		 "free?", pfn, bi.cpu);
	CHECK_STR(sim_errmsg(sim), want);
	CHECK(!sim_block_of(sim, pfn, &bi) && bi.state == BLOCK_PCP);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free_before);
	/* page cache nobody maps (a file read) is reclaim's to free */
	pid = task_spawn(sim, "reader", 0, -1, 0);
	REQUIRE(pid > 0);
	REQUIRE(task_touch(sim, pid, TASK_FILE_READ, 8) == 8);
	cache = first_page_with(sim, PG_lru);
	REQUIRE(cache != PFN_NONE);
	CHECK_EQ_L(free_pages(sim, cache, 0), -EINVAL);
	snprintf(want, sizeof(want), "pfn %#lx is a page-cache page on the LRU; only reclaim frees "
		 "it", cache);
	CHECK_STR(sim_errmsg(sim), want);
	CHECK(sim_page(sim, cache)->flags & PG_lru);
	/* a slab page goes back through `slab free` */
	REQUIRE(kernel_slab_alloc(sim, 1, false) == 1);
	slab = first_page_with(sim, PG_slab);
	REQUIRE(slab != PFN_NONE);
	free_before = sim_nr_free_pages(sim);
	CHECK_EQ_L(free_pages(sim, slab, 0), -EINVAL);
	snprintf(want, sizeof(want), "pfn %#lx is a slab page; `slab free` returns it", slab);
	CHECK_STR(sim_errmsg(sim), want);
	CHECK(sim_page(sim, slab)->flags & PG_slab);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free_before);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* alloc_explain (v4.5) of a narrated request: a page taken below every
 * watermark (ALLOC_NO_WATERMARKS, a PF_MEMALLOC caller) says so; on two
 * nodes, the local zones' failed checks come first, then the remote zone
 * that gave the page, with the check it passed. */
TEST(cov_page_alloc_explain_reserves_and_remote)
{
	struct sim *sim = boot_preset("tiny");
	struct strbuf sb = STRBUF_INIT;
	struct alloc_request req;

	REQUIRE(sim);
	while (alloc_pages(sim, GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN, 0) != PFN_NONE)
		;
	current_task(sim)->flags |= PF_MEMALLOC;
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL, 0) == 0);
	req.narrate = true;
	CHECK(alloc_run(sim, &req) != PFN_NONE);
	current_task(sim)->flags &= ~PF_MEMALLOC;
	alloc_explain(sim, &req, &sb);
	CHECK(strstr(sb_str(&sb), "took the page without a watermark (ALLOC_NO_WATERMARKS)") != NULL);
	sim_destroy(sim);

	/* two nodes: node 1 full, a request from its cpu */
	sim = boot_two_nodes_kernel(KERNEL_4_5);
	REQUIRE(sim);
	REQUIRE(fill_node_and_run_there(sim, 1) == 0);
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL, 0) == 0);
	req.narrate = true;
	CHECK(alloc_run(sim, &req) != PFN_NONE);
	sb_reset(&sb);
	alloc_explain(sim, &req, &sb);
	CHECK(strstr(sb_str(&sb), "  node 1 Normal  zone_watermark_ok failed: ") != NULL);
	CHECK(strstr(sb_str(&sb), "  node 0 DMA32   took the page: ") != NULL);
	CHECK(strstr(sb_str(&sb), "ALLOC_NO_WATERMARKS") == NULL);
	sb_release(&sb);
	sim_destroy(sim);
}
