/* tests/unit/test_cpu_slowdown.c - the machine's CPU slowdown
 * (sim_set_cpu_slowdown, core/sched.c): every CPU cost the sim charges is
 * the cost table's figure times the factor; a bad value is refused and
 * changes nothing.
 */
#include "buddyscope/costs.h"
#include "buddyscope/task.h"
#include "simtest.h"

/* the simulated time a fresh task's @n anonymous faults take at @factor
 * on the classroom machine (room to spare: no reclaim); 0 on failure */
static uint64_t faults_ns(const char *factor, unsigned long n)
{
	struct sim *sim = boot_preset_kernel("classroom", KERNEL_6_1);
	uint64_t t0, t = 0;
	int pid;

	if (!sim)
		return 0;
	pid = task_spawn(sim, "toucher", 0, 0, 0);
	if (pid > 0 && !sim_set_cpu_slowdown(sim, factor) && !task_set_current(sim, pid)) {
		t0 = sim_clock_ns(sim);
		if (task_touch(sim, pid, TASK_ANON, n) == (long)n)
			t = sim_clock_ns(sim) - t0;
	}
	sim_destroy(sim);
	return t;
}

TEST(cpu_slowdown_scales_the_faults)
{
	uint64_t one = faults_ns("1", 256), five = faults_ns("5", 256);
	uint64_t frac = faults_ns("2.5", 256);

	CHECK(one >= 256 * cost_ns(COST_ANON_FAULT));
	CHECK(five == 5 * one);
	CHECK(frac * 2 == 5 * one);
}

TEST(cpu_slowdown_refuses_bad_values)
{
	static const char *const bad[] = { "0", "0.999", "100.001", "101", "abc", "5x", "", " ",
					   "1.0001", "-2", ".5" };
	struct sim *sim = boot_preset_kernel("classroom", KERNEL_6_1);

	CHECK(sim != NULL);
	if (!sim)
		return;
	CHECK(sim_cpu_slowdown(sim) == 1000);
	CHECK(!sim_set_cpu_slowdown(sim, "3.25"));
	CHECK(sim_cpu_slowdown(sim) == 3250);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t t = sim_clock_ns(sim);

		CHECK(sim_set_cpu_slowdown(sim, bad[i]) != 0);
		CHECK(strstr(sim_errmsg(sim), "1..100") != NULL);
		CHECK(sim_cpu_slowdown(sim) == 3250);
		CHECK(sim_clock_ns(sim) == t);
	}
	CHECK(!sim_set_cpu_slowdown(sim, "100"));
	CHECK(sim_cpu_slowdown(sim) == 100000);
	CHECK(!sim_set_cpu_slowdown(sim, "1"));
	CHECK(sim_cpu_slowdown(sim) == 1000);
	sim_destroy(sim);
}
