/* tests/unit/test_linux61_oom_reaper.c - the oom_reaper of Linux 6.1 beside
 * v4.6's, one test a rule: 6.1 waits OOM_REAPER_DELAY (2 s) after the kill
 * (a victim that exits by itself is never reaped, as in the real 6.1 run
 * whose log has no oom_reaper line), then marks the mm MMF_OOM_SKIP and
 * leaves TIF_MEMDIE and oom_score_adj alone; v4.6 reaps at once, sets
 * oom_score_adj -1000 and clears TIF_MEMDIE. */
#include <stdlib.h>

#include "../../core/internal.h"
#include "../../core/oom_internal.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "reclaim_test.h"
#include "simtest.h"

/* A task with @pages anonymous pages, marked an OOM victim and queued for
 * the reaper, but not SIGKILLed: it cannot exit by itself (a victim stuck
 * in the kernel). */
static struct task *stuck_victim(struct sim *sim, unsigned long pages)
{
	int pid = task_spawn(sim, "stuck", 0, -1, 0);
	struct task *t;

	CHECK(pid > 0);
	CHECK(task_touch(sim, pid, TASK_ANON, (long)pages) > 0);
	t = task_lookup(sim, pid);
	mark_oom_victim(sim, t);
	wake_oom_reaper(sim, t);
	return t;
}

TEST(linux61_oom_reaper_waits_two_seconds)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct task *t;
	unsigned long rss;

	REQUIRE(sim);
	t = stuck_victim(sim, 300);
	rss = t->rss_anon;
	CHECK(rss > 0);
	sim_tick(sim, 1999);		/* the timer has not fired */
	CHECK_EQ_UL(t->rss_anon, rss);
	CHECK(!dmesg_has(sim, "oom_reaper: reaped process"));
	CHECK(!t->oom_skip);
	sim_tick(sim, 1);		/* OOM_REAPER_DELAY = 2 * HZ */
	CHECK_EQ_UL(t->rss_anon, 0);
	CHECK(dmesg_has(sim, "oom_reaper: reaped process"));
	CHECK(dmesg_has(sim, "(stuck), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"));
	CHECK(t->oom_skip);		/* MMF_OOM_SKIP */
	CHECK(t->memdie);		/* TIF_MEMDIE until it exits */
	CHECK_EQ_L(t->oom_score_adj, 0);
	/* queued once (MMF_OOM_REAP_QUEUED): no second reap */
	wake_oom_reaper(sim, t);
	CHECK_EQ_L(sim->nr_reap, 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(linux46_oom_reaper_reaps_at_once)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_4_6);
	struct task *t;

	REQUIRE(sim);
	t = stuck_victim(sim, 300);
	sim_tick(sim, 1);
	CHECK_EQ_UL(t->rss_anon, 0);
	CHECK(dmesg_has(sim, "oom_reaper: reaped process"));
	CHECK(!t->memdie);
	CHECK_EQ_L(t->oom_score_adj, OOM_SCORE_ADJ_MIN);
	CHECK(!t->oom_skip);
	sim_destroy(sim);
}

/* The real 6.1 run's shape: victims SIGKILLed by the OOM killer exit at
 * once, before the reaper's timer: three kills, no oom_reaper line (the
 * real dmesg has none either); v4.6 reaps each one first. */
TEST(linux61_killed_victims_exit_before_the_reaper)
{
	enum kernel_version ks[2] = { KERNEL_6_1, KERNEL_4_6 };

	for (int k = 0; k < 2; k++) {
		struct sim *sim = boot_preset_kernel("tiny", ks[k]);
		int hog;

		REQUIRE(sim);
		hog = task_spawn(sim, "grower", 0, -1, 0);
		task_touch(sim, hog, TASK_ANON, 20000);
		sim_tick(sim, 5000);
		CHECK(sim_vm_event(sim, OOM_KILL) >= 1);
		CHECK(task_find(sim, hog) == NULL);
		CHECK_EQ_L(dmesg_has(sim, "oom_reaper: reaped process"), ks[k] == KERNEL_4_6);
		sim_destroy(sim);
	}
}
