/* tests/unit/test_cov_realmachine.c - realmachine_compare names every kind
 * of difference between a booted snapshot and its files, with both numbers,
 * and stops listing after 24 with the total; realmachine_finish refuses
 * contradictions and notes approximations. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/realmachine.h"
#include "realtest.h"
#include "simtest.h"

TEST(cov_realmachine_compare_names_each_difference)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct strbuf sb = STRBUF_INIT;
	struct real_zone *rz;
	const struct zone *z;
	struct sim *sim;
	char want[160];
	int n;

	REQUIRE(rm);
	sim = boot_dir(DATA "boot", rm);
	if (!sim) {
		free(rm);
		return;
	}
	CHECK_EQ_L(realmachine_compare(sim, rm, &sb), 0);
	CHECK(strstr(sb_str(&sb), "node 0 zone DMA32: as the files say: free blocks per order and "
		     "type, pageblock types, min/low/high") != NULL);
	/* one of each kind in DMA32, each changed by one */
	z = sim_zone(sim, 0, ZONE_DMA32);
	rz = &rm->zones[0][ZONE_DMA32];
	REQUIRE(rz->have_blocks && rz->have_wmark && rz->nr_protection && rz->nr_pcp);
	REQUIRE(rz->c[RC_ACTIVE_ANON] >= 0);
	rz->nr_free[3]++;
	rz->nr_free_mt[5][MIGRATE_MOVABLE]++;
	rz->blocks[MIGRATE_UNMOVABLE]++;
	rz->wmark[WMARK_LOW]++;
	rz->protection[0]++;
	rz->pcp[0].count++;
	rz->c[RC_ACTIVE_FILE]++;
	sb_reset(&sb);
	n = realmachine_compare(sim, rm, &sb);
	if (n != 7)
		printf("%s", sb_str(&sb));
	CHECK_EQ_L(n, 7);
	snprintf(want, sizeof(want), "node 0 zone DMA32: order 3: %lu free blocks, the files say %lu",
		 z->free_area[3].nr_free, rz->nr_free[3]);
	CHECK(strstr(sb_str(&sb), want) != NULL);
	snprintf(want, sizeof(want), "order 5 Movable: %lu free blocks, the files say %lu",
		 z->free_area[5].nr_free_mt[MIGRATE_MOVABLE], rz->nr_free_mt[5][MIGRATE_MOVABLE]);
	CHECK(strstr(sb_str(&sb), want) != NULL);
	snprintf(want, sizeof(want), "%lu Unmovable pageblocks, pagetypeinfo says %lu",
		 rz->blocks[MIGRATE_UNMOVABLE] - 1, rz->blocks[MIGRATE_UNMOVABLE]);
	CHECK(strstr(sb_str(&sb), want) != NULL);
	snprintf(want, sizeof(want), "watermark 1 is %lu, zoneinfo says %lu", z->watermark[WMARK_LOW],
		 rz->wmark[WMARK_LOW]);
	CHECK(strstr(sb_str(&sb), want) != NULL);
	snprintf(want, sizeof(want), "protection[0] is %ld, zoneinfo says %ld", z->lowmem_reserve[0],
		 rz->protection[0]);
	CHECK(strstr(sb_str(&sb), want) != NULL);
	snprintf(want, sizeof(want), "cpu 0 holds %d pcp pages, zoneinfo says %d",
		 z->pageset[0].count, rz->pcp[0].count);
	CHECK(strstr(sb_str(&sb), want) != NULL);
	snprintf(want, sizeof(want), "LRU list %d holds %lu pages, zoneinfo says %ld", LRU_ACTIVE_FILE,
		 (unsigned long)z->vm_stat[NR_ACTIVE_FILE], rz->c[RC_ACTIVE_FILE]);
	CHECK(strstr(sb_str(&sb), want) != NULL);
	CHECK(strstr(sb_str(&sb), "zone DMA32: as the files say") == NULL);
	CHECK(strstr(sb_str(&sb), "differences in all") == NULL);
	/* every order and type of every zone off: 24 lines, then the total */
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		for (int o = 0; o < MAX_ORDER; o++)
			rm->zones[0][zid].nr_free[o] += 1000000;
	sb_reset(&sb);
	n = realmachine_compare(sim, rm, &sb);
	CHECK(n > 24);
	snprintf(want, sizeof(want), "  ... %d differences in all\n", n);
	CHECK(strstr(sb_str(&sb), want) != NULL);
	{
		int lines = 0;

		for (const char *p = sb_str(&sb); *p; p++)
			lines += *p == '\n';
		CHECK_EQ_L(lines, 25);
	}
	sb_release(&sb);
	sim_destroy(sim);
	free(rm);
}

/* realmachine_finish refuses files that contradict each other or leave a
 * node without memory, and notes what it approximates (more cpus than
 * NR_CPUS). */
TEST(cov_realmachine_finish_refusals_and_notes)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct machine_desc desc;
	struct strbuf notes = STRBUF_INIT;
	char err[256] = "";

	REQUIRE(rm);
	/* Normal is listed with nothing present, but buddyinfo gives it pages */
	realmachine_init(rm);
	REQUIRE(read_dir(DATA "boot", rm, err, sizeof(err)) == 0);
	REQUIRE(rm->zones[0][ZONE_NORMAL].line && !rm->zones[0][ZONE_NORMAL].present);
	rm->zones[0][ZONE_NORMAL].have_buddy = true;
	rm->zones[0][ZONE_NORMAL].nr_free[0] = 5;
	CHECK_EQ_L(realmachine_finish(rm, &desc, &notes, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "buddyinfo has free pages in node 0 zone Normal, which zoneinfo shows empty");
	/* a last node with no memory (cpus only) is left out, and said */
	realmachine_init(rm);
	REQUIRE(read_dir(DATA "boot", rm, err, sizeof(err)) == 0);
	rm->nr_nodes = 2;
	CHECK_EQ_L(realmachine_finish(rm, &desc, &notes, err, sizeof(err)), 0);
	CHECK(desc.nr_nodes == 1);
	CHECK(strstr(sb_str(&notes), "node 1: no memory (cpus only): left out") != NULL);
	/* one between nodes with memory is refused */
	realmachine_init(rm);
	REQUIRE(read_dir(DATA "boot", rm, err, sizeof(err)) == 0);
	rm->nr_nodes = 3;
	rm->zones[2][ZONE_DMA32] = rm->zones[0][ZONE_DMA32];
	CHECK_EQ_L(realmachine_finish(rm, &desc, &notes, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "node 1 has no memory (a node of cpus only) between nodes that have some; "
		  "buddyscope keeps the real node numbers and models no node without zones: it "
		  "accepts such nodes only after the last node with memory");
	/* 600 cpus: 512 modelled, and the notes say so */
	realmachine_init(rm);
	REQUIRE(read_dir(DATA "boot", rm, err, sizeof(err)) == 0);
	rm->nr_cpus = 600;
	sb_reset(&notes);
	CHECK_EQ_L(realmachine_finish(rm, &desc, &notes, err, sizeof(err)), 0);
	CHECK(strstr(sb_str(&notes), "600 cpus: buddyscope models 512; the pcp pages of the others "
		     "count as used") != NULL);
	CHECK_EQ_L(desc.nodes[0].nr_cpus, 512);
	sb_release(&notes);
	free(rm);
}
