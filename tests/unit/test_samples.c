/* tests/unit/test_samples.c - the engine's history of itself (history.h):
 * sampled on simulated time, kept in a ring that halves its resolution
 * when full, restored by time travel, and written as CSV. */
#include <string.h>
#include "buddyscope/samples.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"
#include "buddyscope/snapshot.h"
#include "buddyscope/strbuf.h"
#include "simtest.h"
#include "testhelp.h"

static struct sim *tiny(void)
{
	return boot_preset("tiny");
}

TEST(samples_start_at_boot_and_follow_simulated_time)
{
	struct sim *sim = tiny();
	struct samples_info hi;
	const struct sample *s;

	REQUIRE(sim);
	s = sim_samples(sim, &hi);
	REQUIRE(hi.n == 1);
	CHECK_EQ_UL(s[0].jiffies, 0);
	CHECK_EQ_L(hi.nr_zones, 2);			/* DMA, DMA32 */
	CHECK_EQ_UL(s[0].z[1].free, zone_page_state(sim_zone(sim, 0, ZONE_DMA32), NR_FREE_PAGES));
	for (int i = 0; i < 100; i++)
		alloc_pages(sim, GFP_KERNEL, 3);	/* no time passes: no sample */
	s = sim_samples(sim, &hi);
	CHECK(hi.n == 1);
	sim_tick(sim, 25);
	s = sim_samples(sim, &hi);
	REQUIRE(hi.n == 2);
	CHECK_EQ_UL(s[1].jiffies, 25);
	/* the sample holds the zone as it was then: 100 order-3 blocks fewer */
	CHECK_EQ_UL(s[1].z[0].free + s[1].z[1].free + 800, s[0].z[0].free + s[0].z[1].free);
	/* free pages per migratetype add up to the zone's free pages */
	{
		unsigned long sum = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			sum += s[1].z[1].free_mt[mt];
		CHECK_EQ_UL(sum, s[1].z[1].free);
	}
	sim_destroy(sim);
}

TEST(samples_ring_halves_its_resolution_when_full)
{
	struct sim *sim = tiny();
	struct samples_info hi;
	const struct sample *s;

	REQUIRE(sim);
	for (int i = 0; i < 300; i++)
		sim_tick(sim, SAMPLES_PERIOD);
	s = sim_samples(sim, &hi);
	CHECK(hi.n <= SAMPLES_LEN && hi.n > SAMPLES_LEN / 2);
	CHECK_EQ_UL(hi.period, 2 * SAMPLES_PERIOD);
	CHECK_EQ_UL(s[0].jiffies, 0);
	CHECK_EQ_UL(s[hi.n - 1].jiffies, 300 * SAMPLES_PERIOD);
	for (unsigned int i = 1; i < hi.n; i++)
		CHECK(s[i].jiffies > s[i - 1].jiffies);
	sim_destroy(sim);
}

TEST(samples_come_back_with_time_travel)
{
	struct sim *sim = tiny();
	struct samples_info hi;
	uint64_t id;
	struct strbuf before = STRBUF_INIT, after = STRBUF_INIT;

	REQUIRE(sim);
	sim_tick(sim, 40);
	REQUIRE(snapshot_take(sim, &id) == 0);
	samples_format_csv(sim, &before);
	for (int i = 0; i < 50; i++) {
		alloc_pages(sim, GFP_KERNEL, 2);
		sim_tick(sim, 30);
	}
	sim_samples(sim, &hi);
	CHECK(hi.n > 20);
	REQUIRE(snapshot_goto(sim, id) == 0);
	sim_samples(sim, &hi);
	CHECK_EQ_UL(hi.n, 2);
	samples_format_csv(sim, &after);
	CHECK_STR(sb_str(&before), sb_str(&after));
	sb_release(&before);
	sb_release(&after);
	sim_destroy(sim);
}

TEST(samples_csv_has_a_row_per_sample_and_zone)
{
	struct sim *sim = tiny();
	struct strbuf csv = STRBUF_INIT;
	int lines = 0;

	REQUIRE(sim);
	sim_tick(sim, 20);
	sim_tick(sim, 20);
	samples_format_csv(sim, &csv);
	for (const char *p = sb_str(&csv); *p; p++)
		lines += *p == '\n';
	CHECK_EQ_L(lines, 1 + 3 * 2);			/* header, 3 samples x 2 zones */
	CHECK(!strncmp(sb_str(&csv), "jiffies,node,zone,nr_free_pages,min,low,high,", 45));
	/* a fresh tiny DMA32 has order-10 blocks: extfrag -1000 at order 10 */
	CHECK(strstr(sb_str(&csv), "\n0,0,DMA32,3590,") != NULL);
	sb_release(&csv);
	sim_destroy(sim);
}
