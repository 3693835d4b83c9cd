/* tests/unit/test_cov45_snapshot.c - registering state once checkpoints
 * exist is refused (a region added later would have no past); an insert
 * with no checkpoint yet is a plain take; without checkpoints everything
 * counts as changed. */
#include <errno.h>
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/snapshot.h"
#include "simtest.h"

TEST(cov45_snapshot_registration_after_checkpoints)
{
	struct sim *sim = boot_preset("tiny");
	static unsigned char extra[8192], small[16];
	struct snapshot_stats st;
	uint64_t a, b;

	REQUIRE(sim);
	CHECK(snapshot_changed(sim));			/* nothing to compare with */
	CHECK_EQ_L(snapshot_keep_whole(sim, "empty", small, 0), 0);
	/* an insert before any checkpoint is the first checkpoint */
	REQUIRE(snapshot_insert(sim, &a) == 0);
	snapshot_stats(sim, &st);
	CHECK_EQ_UL(st.nr_points, 1);
	CHECK(!snapshot_changed(sim));
	CHECK(snapshot_track(sim, "extra", extra, sizeof(extra)) == NULL);
	CHECK_EQ_L(snapshot_keep_whole(sim, "small", small, sizeof(small)), -ENOSPC);
	CHECK(alloc_pages(sim, GFP_KERNEL, 0) != PFN_NONE);
	CHECK(snapshot_changed(sim));
	REQUIRE(snapshot_take(sim, &b) == 0);
	CHECK_EQ_L(snapshot_goto(sim, a), 0);
	CHECK(!snapshot_changed(sim));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
