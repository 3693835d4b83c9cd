/* tests/unit/test_cov_oom.c - the sysrq OOM killer (v4.5 out_of_memory
 * with order -1): it ignores vm.panic_on_oom (check_panic_on_oom returns
 * for sysrq), kills the biggest task, and with nothing killable it only
 * says so: no panic. And v4.6's oom_reaper queue. */
#include <string.h>

#include "../../core/internal.h"
#include "../../core/oom_internal.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

TEST(cov_oom_sysrq_ignores_panic_and_never_panics)
{
	struct sim *sim = boot_preset("tiny");
	struct oom_control oc = { NULL, GFP_KERNEL, -1, false };
	int hog;

	REQUIRE(sim);
	REQUIRE(sim_sysctl_set(sim, "vm.panic_on_oom", "1") == 0);
	hog = task_spawn(sim, "hog", 0, -1, 0);
	task_touch(sim, hog, TASK_ANON, 1000);
	CHECK(out_of_memory(sim, &oc));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 1);
	CHECK(dmesg_has(sim, "Kill process"));
	CHECK(dmesg_has(sim, "(hog)"));
	sim_tick(sim, 5);
	CHECK(task_find(sim, hog) == NULL);
	/* nothing killable: true (the sysrq was handled), no kill, no panic */
	for (int i = 0; task_at(sim, i); i++)
		task_set_oom_score_adj(sim, task_at(sim, i)->pid, OOM_SCORE_ADJ_MIN);
	CHECK(out_of_memory(sim, &oc));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 1);
	{
		struct strbuf sb = STRBUF_INIT;

		sim_dmesg_show(sim, &sb, 0);
		CHECK(strstr(sb_str(&sb), "Kernel panic") == NULL);
		sb_release(&sb);
	}
	sim_destroy(sim);
}

/* v4.6's oom_reaper queue: a victim is queued once however often it is
 * woken for, and a victim that exits before the reaper gets to it leaves
 * the queue (nothing left to reap); the reaper then has nothing to do. */
TEST(cov_oom_reaper_queue_once_and_exit_leaves_it)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_4_6);
	struct oom_control oc = { NULL, GFP_KERNEL, -1, false };
	const struct task *t;
	int hog;

	REQUIRE(sim);
	hog = task_spawn(sim, "hog", 0, -1, 0);
	task_touch(sim, hog, TASK_ANON, 1000);
	CHECK(out_of_memory(sim, &oc));
	t = task_find(sim, hog);
	REQUIRE(t && t->memdie);
	CHECK_EQ_L(sim->nr_reap, 1);
	wake_oom_reaper(sim, t);
	CHECK_EQ_L(sim->nr_reap, 1);
	CHECK_EQ_L(task_exit(sim, hog), 0);
	CHECK_EQ_L(sim->nr_reap, 0);
	CHECK_EQ_UL(sim->oom_victims, 0);
	oom_reaper_step(sim);			/* an empty queue: nothing happens */
	CHECK_EQ_L(sim->nr_reap, 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}
