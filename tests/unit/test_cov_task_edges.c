/* tests/unit/test_cov_task_edges.c - tasks at the edges: names with a
 * character past '~', cpus just outside the machine, a name shared by
 * several tasks (the lowest pid is found), task_at() past the last task,
 * and an imported task whose pid is taken or not positive and whose
 * oom_score_adj is past the range (clamped as the kernel's file is). */
#include <errno.h>
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/task.h"
#include "simtest.h"

TEST(cov_task_edges_spawn_and_find)
{
	struct sim *sim = boot_preset("tiny");
	int a, b, c, n = 0;
	const struct task *t;

	REQUIRE(sim);
	CHECK_EQ_L(task_spawn(sim, "bad\x7fname", 0, -1, 0), -EINVAL);
	CHECK_STR(sim_errmsg(sim), "task name 'bad\x7fname' has a blank or non-printable character");
	CHECK_EQ_L(task_spawn(sim, "x", 0, -2, 0), -EINVAL);
	CHECK(strstr(sim_errmsg(sim), "cpu -2 does not exist") != NULL);
	CHECK_EQ_L(task_spawn(sim, "x", 0, sim_nr_cpus(sim), 0), -EINVAL);
	CHECK_EQ_L(task_spawn(sim, "x", -1001, -1, 0), -EINVAL);
	/* three tasks of one name: the lowest pid is the one found */
	a = task_spawn(sim, "twin", 0, -1, 0);
	b = task_spawn(sim, "twin", 0, -1, 0);
	c = task_spawn(sim, "twin", 0, -1, 0);
	REQUIRE(a > 0 && b > a && c > b);
	REQUIRE(task_exit(sim, a) == 0);
	t = task_find_comm(sim, "twin");
	REQUIRE(t);
	CHECK_EQ_L(t->pid, b);
	CHECK(task_find_comm(sim, "nobody") == NULL);
	/* task_at walks pids in order and ends */
	while (task_at(sim, n))
		n++;
	CHECK(n >= 2);
	CHECK_EQ_L(task_at(sim, n - 1)->pid, c);
	CHECK(task_at(sim, n + 5) == NULL);
	sim_destroy(sim);
}

TEST(cov_task_edges_imported_pids)
{
	struct sim *sim = boot_preset("tiny");
	struct task *t;
	int taken;

	REQUIRE(sim);
	taken = task_spawn(sim, "first", 0, -1, 0);
	REQUIRE(taken > 0);
	/* a pid taken or not positive gets the next free one */
	t = task_new_pid(sim, taken, "dup", 2000);
	REQUIRE(t);
	CHECK(t->pid != taken && t->pid > 0);
	CHECK_EQ_L(t->oom_score_adj, 1000);
	t = task_new_pid(sim, 0, "zero", -2000);
	REQUIRE(t);
	CHECK(t->pid > taken);
	CHECK_EQ_L(t->oom_score_adj, -1000);
	/* a high pid moves the next one past it */
	t = task_new_pid(sim, 5000, "high", 7);
	REQUIRE(t);
	CHECK_EQ_L(t->pid, 5000);
	CHECK_EQ_L(t->oom_score_adj, 7);
	CHECK(task_spawn(sim, "after", 0, -1, 0) > 5000);
	sim_destroy(sim);
}
