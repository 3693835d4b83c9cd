/* tests/unit/test_interrupt.c - Ctrl-C reaches the engine's long walks
 * (sim_set_interrupt(), issue 9): a boot, compact_memory, drop_caches and
 * the kernel threads' catching up in a tick each stop at their next look
 * at the flag, return -EINTR and leave the machine consistent; with the
 * flag clear they run to their end as before.
 */
#include <errno.h>
#include <signal.h>

#include "../../core/compaction_internal.h"
#include "../../core/internal.h"
#include "buddyscope/compaction.h"
#include "buddyscope/task.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"
#include "buddyscope/workload.h"
#include "reclaim_test.h"

static volatile sig_atomic_t flag;

static unsigned long file_pages(const struct sim *sim)
{
	unsigned long n = 0;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		n += sim_zone(sim, 0, zid)->vm_stat[NR_FILE_PAGES];
	return n;
}

TEST(interrupt_stops_a_boot)
{
	struct sim_config cfg;
	struct sim *sim = NULL;
	char err[256];

	memset(&cfg, 0, sizeof(cfg));
	REQUIRE(machine_preset("server64", &cfg.machine) == 0);
	cfg.seed = 1;
	sim_set_interrupt(&flag);
	flag = 1;
	CHECK(sim_create(&cfg, &sim, err, sizeof(err)) == -EINTR);
	CHECK(sim == NULL);
	CHECK(strstr(err, "interrupted (Ctrl-C) while booting 'server64'") != NULL);
	flag = 0;
	CHECK(sim_create(&cfg, &sim, err, sizeof(err)) == 0);
	CHECK(sim && sim_nr_free_pages(sim) > 16000000);
	sim_set_interrupt(NULL);
	sim_destroy(sim);
}

/* compact_memory on a fresh machine scans every pageblock; stopped, none */
static void compact_memory_stops(enum kernel_version kernel)
{
	struct sim *a = boot_preset_kernel("classroom", kernel),
		   *b = boot_preset_kernel("classroom", kernel);

	REQUIRE(a && b);
	sim_set_interrupt(&flag);
	flag = 0;
	CHECK(compact_nodes(a) == 0);
	CHECK(sim_vm_event(a, COMPACTMIGRATE_SCANNED) > 100000);
	flag = 1;
	CHECK(compact_nodes(b) == -EINTR);
	/* at most a pageblock a zone before the first look (6.1 scans first) */
	CHECK(sim_vm_event(b, COMPACTMIGRATE_SCANNED) <= 4 * pageblock_nr_pages);
	CHECK(!b->compact_memory);		/* only while compact_nodes() runs */
	flag = 0;
	CHECK(sim_check(b, NULL) == 0);
	sim_set_interrupt(NULL);
	sim_destroy(a);
	sim_destroy(b);
}

TEST(interrupt_stops_compact_memory)
{
	compact_memory_stops(KERNEL_4_5);
	compact_memory_stops(KERNEL_6_1);
}

/* compaction inside an allocation is never stopped by it: only the writer
 * of compact_memory gets the signal */
TEST(interrupt_does_not_reach_direct_compaction)
{
	struct sim *sim = boot_preset("tiny");

	REQUIRE(sim);
	sim_set_interrupt(&flag);
	flag = 1;
	CHECK(!compact_fatal_signal(sim));
	sim->compact_memory = true;
	CHECK(compact_fatal_signal(sim));
	sim->compact_memory = false;
	flag = 0;
	sim_set_interrupt(NULL);
	sim_destroy(sim);
}

TEST(interrupt_stops_drop_caches)
{
	struct sim *sim = boot_preset("tiny");
	unsigned long pc = 1, slab = 1, cached;
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "reader", 0, 0, 1);
	REQUIRE(pid > 0);
	REQUIRE(task_touch(sim, pid, TASK_FILE_READ, 2000) == 2000);
	cached = file_pages(sim);
	REQUIRE(cached >= 2000);
	sim_set_interrupt(&flag);
	flag = 1;
	CHECK(drop_caches(sim, 3, &pc, &slab) == -EINTR);
	CHECK(strstr(sim_errmsg(sim), "drop_caches interrupted (Ctrl-C)") != NULL);
	CHECK(file_pages(sim) == cached);
	flag = 0;
	CHECK(sim_check(sim, NULL) == 0);
	CHECK(drop_caches(sim, 1, &pc, &slab) == 0);
	CHECK(pc >= 2000);
	sim_set_interrupt(NULL);
	sim_destroy(sim);
}

TEST(interrupt_stops_the_kernel_threads_in_a_tick)
{
	struct sim *sim = boot_small();
	const struct kswapd_ctl *k;
	struct zone *z;
	uint64_t clock;

	REQUIRE(sim);
	k = &sim->node_data[0]->kswapd;
	z = zone0(sim, ZONE_DMA32);
	fill_cache(sim, z, z->watermark[WMARK_MIN] - 10, false);
	wakeup_kswapd(sim, z, 0, ZONE_DMA32);
	REQUIRE(k->state == KTHREAD_RUNNING);
	clock = k->clock_ns;
	sim_set_interrupt(&flag);
	flag = 1;
	CHECK(sim_tick_interruptible(sim, 1000) == -EINTR);
	CHECK(k->clock_ns == clock && k->state == KTHREAD_RUNNING);	/* not one step */
	CHECK(sim_jiffies(sim) >= 1000);
	CHECK(sim_check(sim, NULL) == 0);
	flag = 0;
	CHECK(sim_tick_interruptible(sim, 1) == 0);	/* it catches up */
	CHECK(k->clock_ns > clock && k->state != KTHREAD_RUNNING);
	CHECK(zone_page_state(z, NR_FREE_PAGES) > z->watermark[WMARK_HIGH]);
	sim_set_interrupt(NULL);
	sim_destroy(sim);
}
