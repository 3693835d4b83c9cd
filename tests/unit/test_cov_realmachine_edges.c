/* tests/unit/test_cov_realmachine_edges.c - realmachine_compare() on what
 * test_cov_realmachine.c leaves alone: a node counter (mapped pages) that
 * differs from the files, and a zone whose files gave no watermarks,
 * protection or pcp counts (nothing to compare, nothing claimed as same). */
#include <stdlib.h>
#include <string.h>

#include "../../core/realmachine_int.h"
#include "buddyscope/realmachine.h"
#include "realtest.h"
#include "simtest.h"

TEST(cov_realmachine_compare_node_counter_and_missing_parts)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct strbuf sb = STRBUF_INIT;
	struct real_zone *rz;
	struct sim *sim;
	char want[160];
	long mapped;

	REQUIRE(rm);
	sim = boot_dir(DATA "boot", rm);
	if (!sim) {
		free(rm);
		return;
	}
	mapped = real_node_counter(rm, 0, RC_MAPPED);
	REQUIRE(mapped >= 0);
	rm->nodes[0].c[RC_MAPPED] = mapped + 5;
	CHECK_EQ_L(realmachine_compare(sim, rm, &sb), 1);
	snprintf(want, sizeof(want), "  node 0: %s %ld pages, the files say %ld\n",
		 real_counter_names[RC_MAPPED], mapped, mapped + 5);
	if (!strstr(sb_str(&sb), want))
		printf("%s", sb_str(&sb));
	CHECK(strstr(sb_str(&sb), want) != NULL);
	rm->nodes[0].c[RC_MAPPED] = mapped;
	/* DMA32 without its watermarks, protection and pcp lines */
	rz = &rm->zones[0][ZONE_DMA32];
	rz->have_wmark = false;
	rz->nr_protection = 0;
	rz->nr_pcp = 0;
	sb_reset(&sb);
	CHECK_EQ_L(realmachine_compare(sim, rm, &sb), 0);
	/* only what the files gave is said to agree */
	CHECK(strstr(sb_str(&sb), "  node 0 zone DMA32: as the files say: free blocks per order and "
		     "type, pageblock types, LRU sizes\n") != NULL);
	sb_release(&sb);
	sim_destroy(sim);
	free(rm);
}
