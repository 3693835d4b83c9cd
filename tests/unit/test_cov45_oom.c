/* tests/unit/test_cov45_oom.c - v4.5 out_of_memory() choices:
 * vm.oom_kill_allocating_task kills the allocating task unless it is
 * exempt (oom_score_adj -1000), then the worst task is chosen as usual;
 * a current task already dying gets TIF_MEMDIE and nobody is killed;
 * oom_score of an unkillable task and of a machine of no pages. */
#include <string.h>

#include "../../core/internal.h"
#include "../../core/oom_internal.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "simtest.h"

TEST(cov45_oom_kill_allocating_task_exempt_and_not)
{
	struct sim *sim = boot_preset("tiny");
	struct oom_control oc = { NULL, GFP_KERNEL, 0, false };
	int hog, me;

	REQUIRE(sim);
	REQUIRE(sim_sysctl_set(sim, "vm.oom_kill_allocating_task", "1") == 0);
	hog = task_spawn(sim, "hog", 0, -1, 0);
	me = task_spawn(sim, "me", OOM_SCORE_ADJ_MIN, -1, 0);
	REQUIRE(hog > 0 && me > 0);
	CHECK_EQ_L(task_touch(sim, hog, TASK_ANON, 1000), 1000);
	CHECK_EQ_L(task_touch(sim, me, TASK_ANON, 10), 10);
	/* the allocating task is exempt: the usual choice, the hog */
	REQUIRE(task_set_current(sim, me) == 0);
	CHECK(out_of_memory(sim, &oc));
	CHECK(task_find(sim, hog)->sigkill);
	CHECK(!task_find(sim, me)->sigkill);
	sim_tick(sim, 5);
	CHECK(task_find(sim, hog) == NULL);
	/* not exempt: it is the one chosen; its child (spawned while it ran)
	 * has its own mm and is sacrificed instead (oom_kill_process) */
	CHECK_EQ_L(task_set_oom_score_adj(sim, me, 0), 0);
	REQUIRE(task_set_current(sim, me) == 0);
	hog = task_spawn(sim, "child", 0, -1, 0);
	REQUIRE(hog > 0 && task_find(sim, hog)->ppid == me);
	CHECK_EQ_L(task_touch(sim, hog, TASK_ANON, 100), 100);
	REQUIRE(task_set_current(sim, me) == 0);
	CHECK(out_of_memory(sim, &oc));
	CHECK(!task_find(sim, me)->sigkill);
	CHECK(task_find(sim, hog)->sigkill);
	{
		char want[160];

		snprintf(want, sizeof(want), "Out of memory (oom_kill_allocating_task): Kill process "
			 "%d (me) score 0 or sacrifice child", me);
		CHECK(dmesg_has(sim, want));
	}
	sim_tick(sim, 5);
	/* no child left: the allocating task itself */
	CHECK(out_of_memory(sim, &oc));
	CHECK(task_find(sim, me)->sigkill);
	sim_destroy(sim);
}

TEST(cov45_oom_current_dying_gets_reserves)
{
	struct sim *sim = boot_preset("tiny");
	struct oom_control oc = { NULL, GFP_KERNEL, 0, false };
	unsigned long kills;
	int me, hog;

	REQUIRE(sim);
	hog = task_spawn(sim, "hog", 0, -1, 0);
	me = task_spawn(sim, "me", 0, -1, 0);
	CHECK_EQ_L(task_touch(sim, hog, TASK_ANON, 1000), 1000);
	REQUIRE(task_set_current(sim, me) == 0);
	task_lookup(sim, me)->sigkill = true;
	kills = sim_vm_event(sim, OOM_KILL);
	CHECK(out_of_memory(sim, &oc));
	CHECK(task_find(sim, me)->memdie);
	CHECK(!task_find(sim, hog)->sigkill);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), kills);
	/* oom_score: init and kernel threads are unkillable, score 0 */
	CHECK_EQ_UL(oom_score(sim, task_find(sim, 1)), 0);
	CHECK_EQ_UL(oom_score(sim, task_find(sim, 2)), 0);
	CHECK(oom_score(sim, task_find(sim, hog)) > 0);
	sim_destroy(sim);
}

/* A sysrq OOM (order -1) does not wait for a victim still dying: its scan
 * scores the TIF_MEMDIE task like any other, and kills it again if it is
 * still the worst (counted again, one SIGKILL pending); a task already
 * exiting (PF_EXITING) is only given TIF_MEMDIE, no report, no kill. A
 * normal OOM with an exiting task waits for it (OOM_SCAN_ABORT). */
TEST(cov45_oom_sysrq_memdie_and_exiting)
{
	struct sim *sim = boot_preset("tiny");
	struct oom_control sysrq = { NULL, GFP_KERNEL, -1, false };
	struct oom_control oc = { NULL, GFP_KERNEL, 0, false };
	unsigned long kills;
	int hog, other, sig;

	REQUIRE(sim);
	hog = task_spawn(sim, "hog", 0, -1, 1);
	other = task_spawn(sim, "other", 0, -1, 1);
	CHECK_EQ_L(task_touch(sim, hog, TASK_ANON, 1000), 1000);
	CHECK_EQ_L(task_touch(sim, other, TASK_ANON, 100), 100);
	CHECK(out_of_memory(sim, &sysrq));
	REQUIRE(task_find(sim, hog)->memdie);
	kills = sim_vm_event(sim, OOM_KILL);
	sig = sim->nr_sigkill;
	CHECK(out_of_memory(sim, &sysrq));		/* not exited yet: again */
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), kills + 1);
	CHECK_EQ_L(sim->nr_sigkill, sig);
	CHECK(!task_find(sim, other)->sigkill);
	sim_tick(sim, 5);
	REQUIRE(task_find(sim, hog) == NULL);
	/* "other" is exiting: the scan under sysrq picks it, it only gets
	 * TIF_MEMDIE */
	task_lookup(sim, other)->flags |= PF_EXITING;
	kills = sim_vm_event(sim, OOM_KILL);
	CHECK(out_of_memory(sim, &sysrq));
	CHECK(task_find(sim, other)->memdie);
	CHECK(!task_find(sim, other)->sigkill);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), kills);
	/* a normal OOM waits for the exiting task: nobody killed */
	CHECK(out_of_memory(sim, &oc));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), kills);
	sim_destroy(sim);
}
