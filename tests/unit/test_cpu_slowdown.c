/* tests/unit/test_cpu_slowdown.c - the machine's CPU slowdown
 * (sim_set_cpu_slowdown, core/sched.c): every CPU cost the sim charges is
 * the cost table's figure times the factor; a bad value is refused and
 * changes nothing.
 */
#include "buddyscope/costs.h"
#include <string.h>

#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmstat.h"
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

/* sim.wakeup_us (sim_set_wakeup_us, core/sched.c): how long a woken kernel
 * thread takes to start; "default" is the table's WAKEUP times the
 * slowdown; a bad value is refused and changes nothing. */
TEST(wakeup_us_parses_and_refuses)
{
	static const char *const bad[] = { "-1", "1000000.001", "1000001", "abc", "", " ", "5x",
					   "1.0001", ".5", "default x", "defaults" };
	struct sim *sim = boot_preset_kernel("classroom", KERNEL_6_1);
	bool set;

	REQUIRE(sim);
	CHECK_EQ_UL(sim_wakeup_ns(sim, &set), cost_ns(COST_WAKEUP));
	CHECK(!set);
	CHECK(!sim_set_cpu_slowdown(sim, "2"));
	CHECK_EQ_UL(sim_wakeup_ns(sim, &set), 2 * cost_ns(COST_WAKEUP));
	CHECK(!sim_set_wakeup_us(sim, "3600.25"));
	CHECK_EQ_UL(sim_wakeup_ns(sim, &set), 3600250);
	CHECK(set);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(sim_set_wakeup_us(sim, bad[i]) != 0);
		CHECK(strstr(sim_errmsg(sim), "0..1000000") != NULL);
		CHECK_EQ_UL(sim_wakeup_ns(sim, &set), 3600250);
	}
	CHECK(!sim_set_wakeup_us(sim, "0"));
	CHECK_EQ_UL(sim_wakeup_ns(sim, &set), 0);
	CHECK(set);			/* 0 is a setting, not the default */
	CHECK(!sim_set_wakeup_us(sim, "1000000"));
	CHECK_EQ_UL(sim_wakeup_ns(sim, &set), 1000000000UL);
	CHECK(!sim_set_wakeup_us(sim, " default "));
	CHECK_EQ_UL(sim_wakeup_ns(sim, &set), 2 * cost_ns(COST_WAKEUP));
	CHECK(!set);
	sim_destroy(sim);
}

/* The time from a wakeup_kswapd to kswapd's first step (its
 * mm_vmscan_kswapd_wake) after @wakeup ("default" or microseconds): pages
 * are taken without reclaim until one wakes kswapd, then time runs on. */
static uint64_t kswapd_start_ns(const char *wakeup)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct trace_event ev[64];
	uint64_t from, lost, woken = 0, started = 0;
	size_t got;

	if (!sim || sim_set_wakeup_us(sim, wakeup)) {
		sim_destroy(sim);
		return 0;
	}
	from = trace_next_seq(sim);
	for (int i = 0; i < 100000 && !sim_vm_event(sim, PAGEOUTRUN); i++) {
		if (alloc_pages(sim, (GFP_KERNEL & ~GFP_F_DIRECT_RECLAIM) | GFP_F_NOWARN, 0) ==
		    PFN_NONE)
			break;
		if (!(i % 64))
			sim_tick(sim, 1);
	}
	sim_tick(sim, 20);
	while (!started && (got = trace_read(sim, &from, ev, 64, &lost)))
		for (size_t i = 0; i < got && !started; i++) {
			if (ev[i].id == TRACE_mm_vmscan_wakeup_kswapd && !woken)
				woken = ev[i].ts_ns;
			else if (ev[i].id == TRACE_mm_vmscan_kswapd_wake && woken)
				started = ev[i].ts_ns;
		}
	sim_destroy(sim);
	return woken && started ? started - woken : 0;
}

TEST(wakeup_us_delays_kswapds_start)
{
	uint64_t dflt = kswapd_start_ns("default"), late = kswapd_start_ns("3600");

	CHECK_EQ_UL(dflt, cost_ns(COST_WAKEUP));
	CHECK_EQ_UL(late, 3600000);
}
