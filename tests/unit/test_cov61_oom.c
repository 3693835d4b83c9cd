/* tests/unit/test_cov61_oom.c - Linux 6.1's out_of_memory() and
 * proc_oom_score (oom_kill_6_1.c), called as __alloc_pages_may_oom calls
 * it: a dying current task gets the reserves, an OOM victim not yet reaped
 * blocks a second kill while a reaped one (MMF_OOM_SKIP) is passed over,
 * an exiting chosen task is not killed, oom_kill_allocating_task spares an
 * unkillable caller, vm.oom_dump_tasks = 0 leaves the task list out, and
 * "no killable processes" is said before the panic. */
#include <limits.h>
#include <string.h>

#include "../../core/internal.h"
#include "../../core/oom_internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmstat.h"
#include "oom61test.h"
#include "simtest.h"

/* Linux 6.1, "tiny"; "hog" holds 2000 anon pages, "app" 100 and runs the
 * requests. */
static struct sim *boot_two_tasks(int *hog, int *app)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);

	if (!sim)
		return NULL;
	*hog = task_spawn(sim, "hog", 0, -1, 0);
	*app = task_spawn(sim, "app", 0, -1, 0);
	if (*hog <= 0 || *app <= 0 || task_touch(sim, *hog, TASK_ANON, 2000) != 2000 ||
	    task_touch(sim, *app, TASK_ANON, 100) != 100 || task_set_current(sim, *app)) {
		sim_destroy(sim);
		return NULL;
	}
	return sim;
}

/* proc_oom_score (6.1): 0 for a kernel thread and for oom_score_adj -1000;
 * otherwise 0..2000, and a larger adj never lowers it. */
TEST(cov61_oom_score_of_the_unkillable_is_zero)
{
	int hog, app;
	struct sim *sim = boot_two_tasks(&hog, &app);
	const struct task *kthread = NULL;
	unsigned long before;

	REQUIRE(sim);
	for (int i = 0; task_at(sim, i); i++)
		if (task_at(sim, i)->flags & PF_KTHREAD)
			kthread = task_at(sim, i);
	REQUIRE(kthread);
	CHECK_EQ_UL(oom_score_6_1(sim, kthread), 0);
	before = oom_score_6_1(sim, task_find(sim, hog));
	CHECK(before > 0 && before <= 2000);
	CHECK(before > oom_score_6_1(sim, task_find(sim, app)));
	REQUIRE(task_set_oom_score_adj(sim, hog, 500) == 0);
	CHECK(oom_score_6_1(sim, task_find(sim, hog)) > before);
	CHECK(oom_score_6_1(sim, task_find(sim, hog)) <= 2000);
	REQUIRE(task_set_oom_score_adj(sim, hog, OOM_SCORE_ADJ_MIN) == 0);
	CHECK_EQ_UL(oom_score_6_1(sim, task_find(sim, hog)), 0);
	sim_destroy(sim);
}

/* task_will_free_mem(current) (6.1): a caller with SIGKILL pending gets
 * the reserves (TIF_MEMDIE) and nobody is killed; once the reaper has been
 * there (MMF_OOM_SKIP) that no longer holds, the victim is passed over in
 * the selection, and the biggest other task is killed. */
TEST(cov61_oom_dying_current_then_reaped)
{
	int hog, app;
	struct sim *sim = boot_two_tasks(&hog, &app);
	struct task *me;
	uint64_t from;
	long sigkills;

	REQUIRE(sim);
	me = task_w(sim, app);
	REQUIRE(me);
	me->sigkill = true;
	sim->nr_sigkill++;
	CHECK(oom61(sim, &from));
	CHECK(me->memdie);
	CHECK(narrated(sim, from, "is dying already; it gets the reserves"));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	CHECK(!task_find(sim, hog)->sigkill);
	/* reaped: skipped, and the hog goes */
	me->oom_skip = true;
	CHECK(oom61(sim, &from));
	CHECK(!narrated(sim, from, "is dying already"));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 1);
	CHECK(task_find(sim, hog)->sigkill);
	CHECK(dmesg_has(sim, "Out of memory: Killed process"));
	CHECK(dmesg_has(sim, "(hog)"));
	/* under oom_kill_allocating_task the reaped caller, SIGKILL still
	 * pending, is killed again (no second pending signal counted) */
	REQUIRE(sim_sysctl_set(sim, "vm.oom_kill_allocating_task", "1") == 0);
	sigkills = sim->nr_sigkill;
	CHECK(oom61(sim, &from));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 2);
	CHECK_EQ_L(sim->nr_sigkill, sigkills);
	CHECK(dmesg_has(sim, "Out of memory (oom_kill_allocating_task): Killed process"));
	sim_destroy(sim);
}

/* oom_evaluate_task (6.1): a victim the reaper has not reached aborts the
 * selection: nobody else is killed, and out_of_memory reports progress. */
TEST(cov61_oom_waits_for_an_unreaped_victim)
{
	int hog, app;
	struct sim *sim = boot_two_tasks(&hog, &app);
	struct task *t;
	uint64_t from;

	REQUIRE(sim);
	t = task_w(sim, hog);
	REQUIRE(t);
	mark_oom_victim(sim, t);
	CHECK(oom61(sim, &from));
	CHECK(narrated(sim, from, "is already an OOM victim; waiting"));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	CHECK(!task_find(sim, app)->sigkill);
	sim_destroy(sim);
}

/* oom_kill_process (6.1): a chosen task that is exiting already gets the
 * reserves; no report, no SIGKILL, no oom_kill count. */
TEST(cov61_oom_exiting_victim_is_not_killed)
{
	int hog, app;
	struct sim *sim = boot_two_tasks(&hog, &app);
	struct task *t;
	uint64_t from;

	REQUIRE(sim);
	t = task_w(sim, hog);
	REQUIRE(t);
	t->flags |= PF_EXITING;
	CHECK(oom61(sim, &from));
	CHECK(t->memdie);
	CHECK(!t->sigkill);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	/* an exiting caller is "dying already" (task_will_free_mem(current)) */
	t = task_w(sim, app);
	REQUIRE(t);
	t->flags |= PF_EXITING;
	CHECK(oom61(sim, &from));
	CHECK(t->memdie);
	CHECK(narrated(sim, from, "is dying already"));
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 0);
	sim_destroy(sim);
}

/* vm.oom_kill_allocating_task does not kill a caller with oom_score_adj
 * -1000: the selection runs and the biggest task goes; vm.oom_dump_tasks
 * = 0 leaves the "Tasks state" table out of the report. */
TEST(cov61_oom_allocating_task_unkillable_and_no_dump)
{
	int hog, app;
	struct sim *sim = boot_two_tasks(&hog, &app);
	struct strbuf sb = STRBUF_INIT;
	uint64_t from;

	REQUIRE(sim);
	REQUIRE(sim_sysctl_set(sim, "vm.oom_kill_allocating_task", "1") == 0);
	REQUIRE(sim_sysctl_set(sim, "vm.oom_dump_tasks", "0") == 0);
	REQUIRE(task_set_oom_score_adj(sim, app, OOM_SCORE_ADJ_MIN) == 0);
	CHECK(oom61(sim, &from));
	CHECK(task_find(sim, hog)->sigkill);
	CHECK(!task_find(sim, app)->sigkill);
	CHECK(dmesg_has(sim, "Out of memory: Killed process"));
	sim_dmesg_show(sim, &sb, 0);
	CHECK(!strstr(sb_str(&sb), "oom_kill_allocating_task"));
	CHECK(!strstr(sb_str(&sb), "Tasks state"));
	CHECK(strstr(sb_str(&sb), "Mem-Info:") != NULL);
	sb_release(&sb);
	sim_destroy(sim);
}

/* out_of_memory (6.1) with nothing to kill: "Out of memory and no killable
 * processes..." and then the panic, after the header. */
TEST(cov61_oom_no_killable_process_says_so)
{
	int hog, app;
	struct sim *sim = boot_two_tasks(&hog, &app);
	struct strbuf sb = STRBUF_INIT;
	const char *warn, *panic;
	uint64_t from;

	REQUIRE(sim);
	for (int i = 0; task_at(sim, i); i++)
		task_set_oom_score_adj(sim, task_at(sim, i)->pid, OOM_SCORE_ADJ_MIN);
	CHECK(!oom61(sim, &from));
	sim_dmesg_show(sim, &sb, 0);
	warn = strstr(sb_str(&sb), "Out of memory and no killable processes...");
	panic = strstr(sb_str(&sb), "Kernel panic - not syncing: System is deadlocked on memory");
	CHECK(warn && panic && warn < panic);
	CHECK(strstr(sb_str(&sb), "invoked oom-killer") < warn);
	sb_release(&sb);
	sim_destroy(sim);
}

/* A kernel thread that runs into the OOM killer has no mm: it is neither
 * "dying" nor, under oom_kill_allocating_task, killable: the selection
 * runs. A chosen task that exits but was reaped already (MMF_OOM_SKIP:
 * task_will_free_mem false) is killed after all. */
TEST(cov61_oom_kthread_caller_and_reaped_exiting_victim)
{
	int hog, app;
	struct sim *sim = boot_two_tasks(&hog, &app);
	struct task *t;
	uint64_t from;
	int kthread = -1, saved;

	REQUIRE(sim);
	for (int i = 0; i < MAX_TASKS; i++)
		if (sim->tasks[i].pid && (sim->tasks[i].flags & PF_KTHREAD))
			kthread = i;
	REQUIRE(kthread >= 0);
	REQUIRE(sim_sysctl_set(sim, "vm.oom_kill_allocating_task", "1") == 0);
	t = task_w(sim, hog);
	REQUIRE(t);
	t->flags |= PF_EXITING;
	t->oom_skip = true;
	saved = sim->cur_task;
	sim->cur_task = kthread;
	CHECK(oom61(sim, &from));
	sim->cur_task = saved;
	CHECK(t->sigkill);
	CHECK_EQ_UL(sim_vm_event(sim, OOM_KILL), 1);
	CHECK(dmesg_has(sim, "Out of memory: Killed process"));
	CHECK(!(sim->tasks[kthread].sigkill));
	sim_destroy(sim);
}
