/* tests/unit/test_cov_task.c - tasks and workloads: every refusal of
 * task_spawn, task_exit, swap_set_size, task_mlock, task_kill and thp_set
 * says why and changes nothing; the THP fault's gfp mask per kernel and
 * defrag setting, as each kernel's alloc_hugepage_(direct_)gfpmask builds it. */
#include <errno.h>
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/task.h"
#include "buddyscope/workload.h"
#include "simtest.h"

static int nr_tasks(const struct sim *sim)
{
	int n = 0;

	while (task_at(sim, n))
		n++;
	return n;
}

TEST(cov_task_spawn_refusals_change_nothing)
{
	struct sim *sim = boot_preset("tiny");
	int before, pid, ret;

	REQUIRE(sim);
	before = nr_tasks(sim);
	ret = task_spawn(sim, "big", 1001, -1, 0);
	CHECK_EQ_L(ret, -EINVAL);
	CHECK_STR(sim_errmsg(sim), "oom_score_adj 1001 out of range (-1000..1000)");
	ret = task_spawn(sim, "small", -1001, -1, 0);
	CHECK_EQ_L(ret, -EINVAL);
	ret = task_spawn(sim, "orphan", 0, -1, 4242);
	CHECK_EQ_L(ret, -ESRCH);
	CHECK_STR(sim_errmsg(sim), "no parent task with pid 4242");
	CHECK_EQ_L(nr_tasks(sim), before);
	/* the table holds MAX_TASKS tasks, boot's included */
	for (int i = before; i < MAX_TASKS; i++) {
		pid = task_spawn(sim, "filler", 0, -1, 0);
		REQUIRE(pid > 0);
	}
	CHECK_EQ_L(nr_tasks(sim), MAX_TASKS);
	ret = task_spawn(sim, "one-more", 0, -1, 0);
	CHECK_EQ_L(ret, -ENOSPC);
	CHECK_STR(sim_errmsg(sim), "too many tasks (at most 128)");
	CHECK_EQ_L(nr_tasks(sim), MAX_TASKS);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(cov_task_exit_kill_mlock_refusals)
{
	struct sim *sim = boot_preset("tiny");
	const struct task *kthread = NULL;
	int ret;

	REQUIRE(sim);
	for (int i = 0; task_at(sim, i); i++)
		if (task_at(sim, i)->flags & PF_KTHREAD)
			kthread = task_at(sim, i);
	REQUIRE(kthread);
	ret = task_exit(sim, 1);
	CHECK_EQ_L(ret, -EPERM);
	CHECK(strstr(sim_errmsg(sim), "(1) cannot exit") != NULL);
	ret = task_exit(sim, kthread->pid);
	CHECK_EQ_L(ret, -EPERM);
	CHECK(task_find(sim, kthread->pid) != NULL);
	ret = task_exit(sim, 4242);
	CHECK_EQ_L(ret, -ESRCH);
	CHECK_STR(sim_errmsg(sim), "no task with pid 4242 (see `task list`)");
	CHECK_EQ_L(task_mlock(sim, 4242, 10), -ESRCH);
	CHECK_EQ_L(task_mlock(sim, kthread->pid, 10), -EPERM);
	CHECK(strstr(sim_errmsg(sim), "is a kernel thread: it has no user memory") != NULL);
	CHECK_EQ_L(task_kill(sim, 4242), -ESRCH);
	CHECK_EQ_L(task_kill(sim, kthread->pid), -EPERM);
	CHECK(strstr(sim_errmsg(sim), "ignores SIGKILL") != NULL);
	CHECK(!kthread->sigkill);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* The swap device cannot shrink below the slots in use. */
TEST(cov_task_swap_cannot_shrink_below_use)
{
	struct sim *sim = boot_preset("tiny");
	unsigned long used;
	int pid, ret;

	REQUIRE(sim);
	REQUIRE(swap_set_size(sim, 8192) == 0);
	pid = task_spawn(sim, "anon", 0, -1, 0);
	REQUIRE(pid > 0);
	task_touch(sim, pid, TASK_ANON, 9000);	/* more than RAM: reclaim swaps */
	used = swap_used(sim);
	REQUIRE(used > 0);
	ret = swap_set_size(sim, used - 1);
	CHECK_EQ_L(ret, -EBUSY);
	CHECK(strstr(sim_errmsg(sim), "swap pages are in use; the device cannot shrink") != NULL);
	CHECK_EQ_UL(swap_total(sim), 8192);
	CHECK_EQ_UL(swap_used(sim), used);
	CHECK_EQ_L(swap_set_size(sim, used), 0);
	CHECK_EQ_UL(swap_total(sim), used);
	/* the task exits: its slots go, and the device may shrink to nothing */
	CHECK_EQ_L(task_exit(sim, pid), 0);
	CHECK_EQ_UL(swap_used(sim), 0);
	CHECK_EQ_L(swap_set_size(sim, 0), 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * do_huge_pmd_anonymous_page's gfp mask:
 * v4.5 alloc_hugepage_gfpmask(): GFP_TRANSHUGE, without __GFP_RECLAIM
 *   unless defrag is "always" or "madvise" for a madvised VMA.
 * v4.6 alloc_hugepage_direct_gfpmask(): GFP_TRANSHUGE without reclaim, plus
 *   DIRECT for madvise+madvised, KSWAPD for defer, DIRECT for always.
 * 4.18..6.1 alloc_hugepage_direct_gfpmask(): always = GFP_TRANSHUGE
 *   (| __GFP_NORETRY unless madvised), defer = LIGHT | KSWAPD,
 *   defer+madvise = LIGHT | (madvised ? DIRECT : KSWAPD),
 *   madvise = LIGHT | (madvised ? DIRECT : 0), never = LIGHT.
 */
TEST(cov_task_thp_fault_gfp_per_kernel_and_defrag)
{
	const gfp_t th46 = (GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_NOMEMALLOC | GFP_F_NORETRY |
			    GFP_F_NOWARN) & ~GFP_F_RECLAIM;
	const gfp_t light = GFP_TRANSHUGE_LIGHT;
	static const char *const modes[] = { "always", "defer", "defer+madvise", "madvise",
					     "never" };
	const struct {
		enum kernel_version k;
		gfp_t want[5][2];	/* [mode][madvised]; 0: the kernel has no such mode */
	} rows[] = {
		{ KERNEL_4_5, {
			{ GFP_TRANSHUGE, GFP_TRANSHUGE }, { 0, 0 }, { 0, 0 },
			{ GFP_TRANSHUGE & ~GFP_F_RECLAIM, GFP_TRANSHUGE },
			{ GFP_TRANSHUGE & ~GFP_F_RECLAIM, GFP_TRANSHUGE & ~GFP_F_RECLAIM } } },
		{ KERNEL_4_6, {
			{ th46 | GFP_F_DIRECT_RECLAIM, th46 | GFP_F_DIRECT_RECLAIM },
			{ th46 | GFP_F_KSWAPD_RECLAIM, th46 | GFP_F_KSWAPD_RECLAIM }, { 0, 0 },
			{ th46, th46 | GFP_F_DIRECT_RECLAIM }, { th46, th46 } } },
		{ KERNEL_6_1, {
			{ light | GFP_F_DIRECT_RECLAIM | GFP_F_NORETRY, light | GFP_F_DIRECT_RECLAIM },
			{ light | GFP_F_KSWAPD_RECLAIM, light | GFP_F_KSWAPD_RECLAIM },
			{ light | GFP_F_KSWAPD_RECLAIM, light | GFP_F_DIRECT_RECLAIM },
			{ light, light | GFP_F_DIRECT_RECLAIM }, { light, light } } },
	};

	for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		struct sim *sim = boot_preset_kernel("tiny", rows[r].k);

		REQUIRE(sim);
		for (int m = 0; m < 5; m++) {
			int ret = thp_set(sim, "always", modes[m]);

			if (!rows[r].want[m][0]) {
				CHECK_EQ_L(ret, -EINVAL);
				CHECK(strstr(sim_errmsg(sim), "bad THP defrag setting") != NULL);
				continue;
			}
			CHECK_EQ_L(ret, 0);
			for (int mad = 0; mad < 2; mad++) {
				gfp_t got = thp_fault_gfp(sim, mad);

				if (got != rows[r].want[m][mad])
					printf("  kernel %d defrag %s madvised %d: %#x, want %#x\n",
					       (int)rows[r].k, modes[m], mad, got, rows[r].want[m][mad]);
				CHECK(got == rows[r].want[m][mad]);
			}
		}
		sim_destroy(sim);
	}
}
