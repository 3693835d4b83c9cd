/* tests/unit/test_cov45_where.c - what `where` and `bt` show of a v4.5
 * request between steps: its slow-path locals as set (deferred, drained,
 * an out-of-range contention read "?"), and its kernel frames, counted in
 * full even when the caller's array is shorter. */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/compaction.h"
#include "buddyscope/page_alloc.h"
#include "simtest.h"

TEST(cov45_where_locals)
{
	struct sim *sim = boot_preset("tiny");
	struct strbuf sb = STRBUF_INIT;
	struct alloc_request req;

	REQUIRE(sim);
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL, 3) == 0);
	req.deferred_compaction = true;
	req.drained = true;
	req.contended_compaction = COMPACT_CONTENDED_LOCK;
	slowpath_locals(&req, 1, &sb);
	CHECK(strstr(sb_str(&sb), "deferred_compaction  = true\n") != NULL);
	CHECK(strstr(sb_str(&sb), "drained              = true\n") != NULL);
	CHECK(strstr(sb_str(&sb), "contended_compaction = COMPACT_CONTENDED_LOCK\n") != NULL);
	sb_reset(&sb);
	req.contended_compaction = 7;
	slowpath_locals(&req, 1, &sb);
	CHECK(strstr(sb_str(&sb), "contended_compaction = ?\n") != NULL);
	sb_release(&sb);
	sim_destroy(sim);
}

TEST(cov45_where_frames_in_reclaim)
{
	struct sim *sim = boot_preset("tiny");
	struct alloc_request req;
	const char *fn[8];

	REQUIRE(sim);
	REQUIRE(alloc_request_init(sim, &req, GFP_KERNEL, 0) == 0);
	req.stage = ALLOC_STAGE_DIRECT_RECLAIM;
	req.phase = 1;		/* between two passes of the priority loop */
	CHECK_EQ_L(slowpath_frames(&req, fn, 8), 6);
	CHECK_STR(fn[0], "__alloc_pages_nodemask");
	CHECK_STR(fn[1], "__alloc_pages_slowpath");
	CHECK_STR(fn[5], "do_try_to_free_pages");
	memset(fn, 0, sizeof(fn));
	CHECK_EQ_L(slowpath_frames(&req, fn, 1), 6);	/* counted, one written */
	CHECK_STR(fn[0], "__alloc_pages_nodemask");
	CHECK(fn[1] == NULL);
	req.phase = 2;		/* before the drain */
	CHECK_EQ_L(slowpath_frames(&req, fn, 8), 3);
	CHECK_STR(fn[2], "__alloc_pages_direct_reclaim");
	req.stage = ALLOC_STAGE_DONE;
	CHECK_EQ_L(slowpath_frames(&req, fn, 8), 0);
	sim_destroy(sim);
}
