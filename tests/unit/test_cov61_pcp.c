/* tests/unit/test_cov61_pcp.c - Linux 6.1's per-cpu lists, GFP names and
 * flag texts, watermarks: free_factor climbing to CONFIG_PCP_BATCH_SCALE_MAX
 * and the flush clamped at high - batch (nr_pcp_free), the lower high
 * while kswapd reclaims the zone (nr_pcp_high), a page of an isolated
 * pageblock going straight to the buddy (free_unref_page), gfp name
 * lookups that fail, a truncated alloc_flags text, the OOM victim's
 * watermark label, a node without cpus sharing its pcp high among all
 * cpus, and a machine too small for THP's min_free_kbytes raise. */
#include <string.h>

#include "../../core/internal.h"
#include "../../core/page_alloc_6_1.h"
#include "buddyscope/buddy.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

#define PCP_BATCH_SCALE_MAX	5

static struct zone *dma32_of(struct sim *sim)
{
	return &sim->node_data[0]->node_zones[ZONE_DMA32];
}

/*
 * nr_pcp_free (6.1.y): frees in a row without an allocation between them
 * double the flush each time (free_factor) up to 2^5 batches, never more
 * than high - batch pages per flush; the count stays under high.
 */
TEST(cov61_pcp_free_factor_climbs_to_its_cap)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 65536, 1, KERNEL_6_1);
	static unsigned long pfns[40000];
	struct per_cpu_pages *pcp;
	unsigned long n = 0, free_before, on_list;

	REQUIRE(sim);
	pcp = &dma32_of(sim)->pageset[0];
	while (n < 40000 && (pfns[n] = alloc_pages(sim, GFP_KERNEL | GFP_F_NOWARN, 0)) != PFN_NONE)
		n++;
	REQUIRE(n > (unsigned long)pcp->high * 4);
	free_before = sim_nr_free_pages(sim);
	on_list = (unsigned long)pcp->count;	/* the last refill's rest */
	for (unsigned long i = 0; i < n; i++) {
		REQUIRE(free_pages(sim, pfns[i], 0) == 0);
		CHECK(pcp->count < pcp->high);
		CHECK(pcp->free_factor <= PCP_BATCH_SCALE_MAX);
	}
	CHECK_EQ_L(pcp->free_factor, PCP_BATCH_SCALE_MAX);
	/* free to the buddy: all but what stays on the list */
	CHECK_EQ_UL(sim_nr_free_pages(sim), free_before + n + on_list - (unsigned long)pcp->count);
	/* an allocation halves it */
	REQUIRE(alloc_pages(sim, GFP_KERNEL, 0) != PFN_NONE);
	CHECK_EQ_L(pcp->free_factor, PCP_BATCH_SCALE_MAX / 2);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* nr_pcp_high (6.1): while kswapd reclaims the zone (ZONE_RECLAIM_ACTIVE)
 * the list flushes at 4 batches instead of high. */
TEST(cov61_pcp_high_is_four_batches_while_kswapd_reclaims)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 65536, 1, KERNEL_6_1);
	static unsigned long pfns[4096];
	struct per_cpu_pages *pcp;
	struct zone *z;
	int max_count = 0;

	REQUIRE(sim);
	z = dma32_of(sim);
	pcp = &z->pageset[0];
	REQUIRE(pcp->batch * 4 < pcp->high);
	for (int i = 0; i < 4096; i++)
		REQUIRE((pfns[i] = alloc_pages(sim, GFP_KERNEL, 0)) != PFN_NONE);
	drain_all_pages(sim, NULL);
	z->flags |= 1UL << ZONE_RECLAIM_ACTIVE;
	for (int i = 0; i < 4096; i++) {
		REQUIRE(free_pages(sim, pfns[i], 0) == 0);
		if (pcp->count > max_count)
			max_count = pcp->count;
	}
	CHECK_EQ_L(max_count, pcp->batch * 4 - 1);
	z->flags &= ~(1UL << ZONE_RECLAIM_ACTIVE);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* free_unref_page (6.1): a page whose pageblock is isolated goes to the
 * buddy's isolate list at once, not to a pcp list, and is not counted in
 * pgfree there. */
TEST(cov61_pcp_isolated_pageblock_bypasses_the_list)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, KERNEL_6_1);
	struct per_cpu_pages *pcp;
	struct zone *z;
	unsigned long pfn, isolated = 0, count, pgfree;

	REQUIRE(sim);
	z = dma32_of(sim);
	pcp = &z->pageset[0];
	pfn = alloc_pages(sim, GFP_KERNEL, 0);
	REQUIRE(pfn != PFN_NONE);
	set_pageblock_migratetype(sim, pfn, MIGRATE_ISOLATE);
	count = (unsigned long)pcp->count;
	pgfree = sim_vm_event(sim, PGFREE);
	REQUIRE(free_pages(sim, pfn, 0) == 0);
	CHECK_EQ_UL((unsigned long)pcp->count, count);
	CHECK_EQ_UL(sim_vm_event(sim, PGFREE), pgfree);	/* free_one_page counts none */
	CHECK(!(sim->map.pages[pfn].flags & PG_pcp));
	for (int o = 0; o < MAX_ORDER; o++)
		isolated += z->free_area[o].nr_free_mt[MIGRATE_ISOLATE];
	CHECK(isolated >= 1);
	sim_destroy(sim);
}

/* 6.1's GFP names: a bit 6.1 does not have has no name, nor has a mask of
 * two bits; a name of the right length that is no flag is unknown. */
TEST(cov61_gfp_names_that_are_not_there)
{
	gfp_t out = 0;
	const char *why = NULL;

	CHECK(gfp_bit_name_6_1(GFP_F_COLD) == NULL);
	CHECK(gfp_bit_name_6_1(GFP_F_HIGH | GFP_F_IO) == NULL);
	CHECK_STR(gfp_bit_name_6_1(GFP_F_HIGH), "__GFP_HIGH");
	CHECK_EQ_L(gfp_lookup_6_1("GFP_XOLD", 8, &out, &why), -1);	/* as long as GFP_COLD */
	CHECK_EQ_L(gfp_lookup_6_1("GFP_COLD", 8, &out, &why), 1);
	CHECK(why && strstr(why, "4.15"));
}

/* alloc_flags_format (6.1) into a short buffer: the full length is
 * returned, the text is cut and terminated. */
TEST(cov61_alloc_flags_text_truncates)
{
	char buf[12], full[160];
	size_t n, len;

	len = alloc_flags_format_6_1(ALLOC_WMARK_MIN | ALLOC_NON_BLOCK | ALLOC_KSWAPD, full,
				     sizeof(full));
	CHECK_STR(full, "ALLOC_WMARK_MIN|ALLOC_NON_BLOCK|ALLOC_KSWAPD");
	n = alloc_flags_format_6_1(ALLOC_WMARK_MIN | ALLOC_NON_BLOCK | ALLOC_KSWAPD, buf,
				   sizeof(buf));
	CHECK_EQ_UL(n, len);
	CHECK_EQ_UL(strlen(buf), sizeof(buf) - 1);
	CHECK(!strncmp(buf, full, sizeof(buf) - 1));
}

/* A node with memory and no cpus: zone_highsize (6.1) shares the low mark
 * among all online cpus instead of the node's (none). */
TEST(cov61_pcp_high_of_a_node_without_cpus)
{
	struct machine_desc m = two_nodes_desc();
	struct sim *sim;
	const struct zone *z;

	m.nodes[0].nr_cpus = 2;
	m.nodes[1].nr_cpus = 0;
	sim = boot_desc_kernel(&m, 1, KERNEL_6_1);
	REQUIRE(sim);
	z = &sim->node_data[1]->node_zones[ZONE_DMA32];
	REQUIRE(z->managed_pages);
	if ((long)(z->watermark[WMARK_LOW] / 2) > (long)z->pageset[0].batch * 4)
		CHECK_EQ_L(z->pageset[0].high, (long)(z->watermark[WMARK_LOW] / 2));
	else
		CHECK_EQ_L(z->pageset[0].high, z->pageset[0].batch * 4);
	sim_destroy(sim);
}

/* set_recommended_min_free_kbytes (6.1): on a 4 MiB machine THP's wish
 * (2 + 9 pageblocks a zone) is capped at 5% of lowmem, below what
 * init_per_zone_wmark_min gave (int_sqrt(4000 KiB * 16) = 252 KiB): no
 * raise. */
TEST(cov61_min_free_kbytes_not_raised_on_a_tiny_machine)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 1000, 1, KERNEL_6_1);

	REQUIRE(sim);
	CHECK_EQ_L(sim->vm.min_free_kbytes, 252);
	sim_destroy(sim);
}

/* gfp_to_alloc_flags (6.1.y): a real-time task's blocking requests get
 * ALLOC_MIN_RESERVE (half of min, as __GFP_HIGH); a non-blocking one has
 * its own rule (ALLOC_NON_BLOCK) and gets nothing more for being rt. */
TEST(cov61_rt_task_gets_min_reserve)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "rt", 0, -1, 0);
	REQUIRE(pid > 0 && task_set_current(sim, pid) == 0);
	CHECK(!(gfp_to_alloc_flags_6_1(sim, GFP_KERNEL, 0) & ALLOC_MIN_RESERVE));
	REQUIRE(task_set_rt(sim, pid, true) == 0);
	CHECK(gfp_to_alloc_flags_6_1(sim, GFP_KERNEL, 0) & ALLOC_MIN_RESERVE);
	CHECK(gfp_to_alloc_flags_6_1(sim, GFP_KERNEL, 0) & ALLOC_CPUSET);
	CHECK_EQ_UL(gfp_to_alloc_flags_6_1(sim, GFP_NOWAIT, 0),
		    ALLOC_WMARK_MIN | ALLOC_CPUSET | ALLOC_KSWAPD | ALLOC_NON_BLOCK);
	REQUIRE(task_set_rt(sim, pid, false) == 0);
	CHECK(!(gfp_to_alloc_flags_6_1(sim, GFP_KERNEL, 0) & ALLOC_MIN_RESERVE));
	sim_destroy(sim);
}
