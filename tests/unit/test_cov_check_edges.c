/* tests/unit/test_cov_check_edges.c - sim_check() on damage test_check.c
 * does not make: the slab shrinker's count off by one from the reclaimable
 * slab pages, and a count of errors asked for without a report. */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/sim.h"
#include "simtest.h"

TEST(cov_check_slab_count_and_no_report)
{
	struct sim *sim = boot_preset("tiny");
	struct strbuf sb = STRBUF_INIT;
	struct pglist_data *pgdat;
	char want[128];
	unsigned long n;

	REQUIRE(sim);
	CHECK_EQ_L(sim_check(sim, NULL), 0);
	pgdat = sim->node_data[0];
	n = pgdat->kswapd.nr_slab_scannable;
	pgdat->kswapd.nr_slab_scannable = n + 1;	/* the shrinker counts one too many */
	CHECK_EQ_L(sim_check(sim, NULL), 1);		/* counted, nothing written */
	CHECK_EQ_L(sim_check(sim, &sb), 1);
	snprintf(want, sizeof(want), "node 0: %lu reclaimable slab pages, the shrinker counts %lu",
		 n, n + 1);
	CHECK(strstr(sb_str(&sb), want) != NULL);
	pgdat->kswapd.nr_slab_scannable = n;
	CHECK_EQ_L(sim_check(sim, NULL), 0);
	sb_release(&sb);
	sim_destroy(sim);
}
