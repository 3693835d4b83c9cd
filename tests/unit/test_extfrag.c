/* tests/unit/test_extfrag.c - /sys/kernel/debug/extfrag: the kernel's
 * formulas (fill_contig_page_info, __fragmentation_index,
 * unusable_free_index) on worked examples, and the debugfs layout. */
#include <string.h>
#include "buddyscope/compaction.h"
#include "buddyscope/procfs.h"
#include "buddyscope/sim.h"
#include "buddyscope/strbuf.h"
#include "buddyscope/vmstat.h"
#include "testhelp.h"

TEST(extfrag_fill_contig_page_info_sums)
{
	unsigned long nr[MAX_ORDER] = { 0 };
	struct contig_page_info info;

	nr[3] = 2;
	nr[5] = 1;			/* 2*8 + 32 = 48 pages in 3 blocks */
	fill_contig_page_info_nr(nr, 4, &info);
	CHECK_EQ_UL(info.free_pages, 48);
	CHECK_EQ_UL(info.free_blocks_total, 3);
	CHECK_EQ_UL(info.free_blocks_suitable, 2);	/* 1 << (5 - 4) */
	fill_contig_page_info_nr(nr, 0, &info);
	CHECK_EQ_UL(info.free_blocks_suitable, 48);
	fill_contig_page_info_nr(nr, 6, &info);
	CHECK_EQ_UL(info.free_blocks_suitable, 0);
}

TEST(extfrag_unusable_free_index_worked_examples)
{
	unsigned long nr[MAX_ORDER] = { 0 };
	struct contig_page_info info;

	fill_contig_page_info_nr(nr, 4, &info);
	CHECK_EQ_L(unusable_free_index(4, &info), 1000);	/* no free page */
	nr[3] = 2;
	nr[5] = 1;
	fill_contig_page_info_nr(nr, 4, &info);
	CHECK_EQ_L(unusable_free_index(4, &info), 333);		/* (48 - 32) * 1000 / 48 */
	fill_contig_page_info_nr(nr, 3, &info);
	CHECK_EQ_L(unusable_free_index(3, &info), 0);		/* every page usable */
	fill_contig_page_info_nr(nr, 6, &info);
	CHECK_EQ_L(unusable_free_index(6, &info), 1000);	/* none usable */
	nr[0] = 1000;
	nr[3] = nr[5] = 0;
	nr[10] = 1;			/* 1000 + 1024 pages: 1000/2024 unusable */
	fill_contig_page_info_nr(nr, 10, &info);
	CHECK_EQ_L(unusable_free_index(10, &info), 494);	/* 1000000 / 2024 */
	/* the fragmentation index of the same state, order 9: a block serves it */
	fill_contig_page_info_nr(nr, 9, &info);
	CHECK_EQ_L(fragmentation_index_info(9, &info), -1000);
	nr[10] = 0;			/* 1000 order-0 pages, order 4: 937 */
	fill_contig_page_info_nr(nr, 4, &info);
	CHECK_EQ_L(fragmentation_index_info(4, &info), 937);
	CHECK_EQ_L(fragmentation_index_info(MAX_ORDER, &info), 0);
}

/* The debugfs files: "Node N, zone %8s " then "%d.%03d " per order. */
TEST(extfrag_debugfs_layout_on_a_fresh_tiny_machine)
{
	struct sim_config cfg = { .seed = 1 };
	struct strbuf ext = STRBUF_INIT, unu = STRBUF_INIT;
	struct sim *sim;
	char err[256], want[512];
	size_t len = 0;
	const struct zone *z;

	REQUIRE(machine_preset("tiny", &cfg.machine) == 0);
	REQUIRE(sim_create(&cfg, &sim, err, sizeof(err)) == 0);
	procfs_show_extfrag(sim, &ext);
	procfs_show_unusable(sim, &unu);
	/* DMA32 line, built from the formula over the zone's own counts */
	z = sim_zone(sim, 0, ZONE_DMA32);
	len += (size_t)snprintf(want + len, sizeof(want) - len, "Node 0, zone    DMA32 ");
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		struct contig_page_info info;
		int i;

		fill_contig_page_info(z, o, &info);
		i = unusable_free_index(o, &info);
		len += (size_t)snprintf(want + len, sizeof(want) - len, "%d.%03d ", i / 1000, i % 1000);
	}
	CHECK(strstr(sb_str(&unu), want) != NULL);
	/* every order of a fresh machine has an order-10 block: -1.000 everywhere */
	CHECK(strstr(sb_str(&ext), "Node 0, zone      DMA -1.000 -1.000 -1.000 -1.000 -1.000 "
			"-1.000 -1.000 -1.000 -1.000 -1.000 -1.000 \n") != NULL);
	CHECK(!strncmp(sb_str(&unu), "Node 0, zone      DMA 0.000 ", 28));
	sb_release(&ext);
	sb_release(&unu);
	sim_destroy(sim);
}
