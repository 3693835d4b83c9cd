/* tests/unit/test_cov_snapshot.c - the snapshot module's refusals: no
 * registering while checkpoints are taken, no dropping an unknown or the
 * current checkpoint; each returns its errno and leaves the checkpoints as
 * they were. And what it reports: ids by index, transition sizes. */
#include <errno.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/snapshot.h"
#include "simtest.h"

TEST(cov_snapshot_refusals_leave_the_checkpoints)
{
	struct sim *sim = boot_preset("tiny");
	static unsigned char extra[64];
	struct snapshot_stats st, st2;
	uint64_t a, b;

	REQUIRE(sim);
	REQUIRE(sim_snapshot(sim) != NULL);
	/* before any checkpoint: an array may join, and leave */
	CHECK_EQ_L(snapshot_keep_whole(sim, "extra", extra, sizeof(extra)), 0);
	snapshot_stats(sim, &st);
	CHECK_EQ_L(snapshot_keep_whole(sim, "empty", extra, 0), 0);
	snapshot_stats(sim, &st2);
	CHECK_EQ_UL(st2.small_size, st.small_size);	/* nothing to keep */
	CHECK_EQ_L(snapshot_unregister(sim, extra), 0);
	snapshot_stats(sim, &st2);
	CHECK_EQ_UL(st2.small_size, st.small_size - sizeof(extra));
	CHECK_EQ_L(snapshot_unregister(sim, extra), -ENOENT);

	REQUIRE(snapshot_take(sim, &a) == 0);
	CHECK(alloc_pages(sim, GFP_KERNEL, 3) != PFN_NONE);
	REQUIRE(snapshot_take(sim, &b) == 0);
	snapshot_stats(sim, &st);
	CHECK_EQ_UL(st.nr_points, 2);
	CHECK_EQ_UL(st.current, 1);
	/* while checkpoints are held the set of arrays is fixed */
	CHECK_EQ_L(snapshot_keep_whole(sim, "extra", extra, sizeof(extra)), -ENOSPC);
	CHECK(snapshot_track(sim, "extra", extra, sizeof(extra)) == NULL);
	CHECK_EQ_L(snapshot_unregister(sim, sim), -EBUSY);
	/* unknown and current checkpoints stay */
	CHECK_EQ_L(snapshot_drop(sim, b + 100), -ENOENT);
	CHECK_EQ_L(snapshot_drop(sim, b), -EBUSY);
	snapshot_stats(sim, &st2);
	CHECK_EQ_UL(st2.nr_points, 2);
	CHECK_EQ_UL(st2.small_size, st.small_size);
	/* ids by index, then none */
	CHECK(snapshot_id_at(sim, 0) == a);
	CHECK(snapshot_id_at(sim, 1) == b);
	CHECK(snapshot_id_at(sim, 2) == (uint64_t)-1);
	CHECK(snapshot_transition_chunks(sim, 0) > 0);	/* the allocation changed pages */
	CHECK_EQ_UL(snapshot_transition_chunks(sim, 1), 0);	/* the newest has none */
	/* back to a and forward to b, then clear: no checkpoints, may register */
	CHECK_EQ_L(snapshot_goto(sim, a), 0);
	CHECK_EQ_L(snapshot_goto(sim, b), 0);
	snapshot_clear(sim);
	snapshot_stats(sim, &st2);
	CHECK_EQ_UL(st2.nr_points, 0);
	CHECK(snapshot_id_at(sim, 0) == (uint64_t)-1);
	CHECK_EQ_L(snapshot_goto(sim, a), -ENOENT);
	CHECK_EQ_L(snapshot_keep_whole(sim, "extra", extra, sizeof(extra)), 0);
	CHECK_EQ_L(snapshot_unregister(sim, extra), 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
