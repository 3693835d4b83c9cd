/* tests/unit/test_cov_workload_edges.c - the workload entry points refuse
 * what is not there (a zone out of range or without memory, an order out
 * of range, a THP setting this kernel lacks) with the reason and nothing
 * changed, and thp_show() cuts its text cleanly in short buffers. */
#include <errno.h>
#include <string.h>

#include "buddyscope/sim.h"
#include "buddyscope/workload.h"
#include "simtest.h"

TEST(cov_workload_defer_refusals)
{
	static const struct { int nid, zid, order; const char *err; } bad[] = {
		{ -1, 1, 0, "no zone -1:1" }, { 1, 1, 0, "no zone 1:1" },
		{ 0, -1, 0, "no zone 0:-1" }, { 0, 4, 0, "no zone 0:4" },
		{ 0, 1, -1, "order -1 out of range (0..10)" },
		{ 0, 1, 11, "order 11 out of range (0..10)" },
	};
	struct sim *sim = boot_one_zone(ZONE_DMA32, 4096, 16384, 1);

	REQUIRE(sim);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ_L(compaction_defer_zone(sim, bad[i].nid, bad[i].zid, bad[i].order), -EINVAL);
		CHECK_STR(sim_errmsg(sim), bad[i].err);
	}
	CHECK_EQ_L(compaction_defer_zone(sim, 0, 2, 0), -EINVAL);
	CHECK(strstr(sim_errmsg(sim), "has no memory") != NULL);
	CHECK_EQ_L(compaction_defer_zone(sim, 0, 1, 3), 0);
	sim_destroy(sim);
}

TEST(cov_workload_thp_settings)
{
	struct sim *sim = boot_preset("tiny");
	char full_e[64], full_d[96], e[64], d[96];

	REQUIRE(sim);
	thp_show(sim, full_e, sizeof(full_e), full_d, sizeof(full_d));
	CHECK_EQ_L(thp_set(sim, "sometimes", NULL), -EINVAL);
	CHECK_STR(sim_errmsg(sim), "bad THP enabled setting 'sometimes': accepted always, madvise, "
		  "never");
	CHECK_EQ_L(thp_set(sim, NULL, "hourly"), -EINVAL);
	CHECK(strncmp(sim_errmsg(sim), "bad THP defrag setting 'hourly': ", 33) == 0);
	thp_show(sim, e, sizeof(e), d, sizeof(d));
	CHECK_STR(e, full_e);	/* nothing changed */
	CHECK_STR(d, full_d);
	/* short buffers: the start of the whole text */
	for (size_t len = 1; len <= strlen(full_e) + 1; len++) {
		thp_show(sim, e, len, d, len);
		CHECK_EQ_UL(strlen(e), len - 1 < strlen(full_e) ? len - 1 : strlen(full_e));
		CHECK(strncmp(e, full_e, strlen(e)) == 0);
		CHECK(strncmp(d, full_d, strlen(d)) == 0);
	}
	sim_destroy(sim);
}
