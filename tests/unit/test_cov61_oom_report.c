/* tests/unit/test_cov61_oom_report.c - the fields of Linux 6.1's OOM report
 * (oom_kill_6_1.c show_mem_6_1) that count something the model has: the
 * per-node anon_thp (whole anonymous THPs, PB_anon_thp), kernel_stack (in
 * KiB, as /proc/vmstat prints it), the 2 MiB hugepages line (the
 * hugetlb pool) and the pages in the swap cache, each read from the report
 * the OOM killer printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/internal.h"
#include "../../core/oom_internal.h"
#include "../../core/vmscan_internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/oom_kill.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/procfs.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "buddyscope/workload.h"
#include "simtest.h"

/* Linux 6.1, "tiny", THP always (6.1's default); a task "app", current */
static struct sim *boot_app(int *app)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);

	if (!sim)
		return NULL;
	*app = task_spawn(sim, "app", 0, -1, 0);
	if (*app <= 0 || task_set_current(sim, *app) || thp_set(sim, "always", NULL)) {
		sim_destroy(sim);
		return NULL;
	}
	return sim;
}

/* out_of_memory() for a GFP_KERNEL order-0 request of the current task;
 * @out gets the report it printed (the last in the log) */
static bool oom_report(struct sim *sim, struct strbuf *out)
{
	struct strbuf log = STRBUF_INIT;
	struct alloc_request req;
	struct oom_control oc;
	const char *p, *last = NULL;
	bool ok;

	if (alloc_request_init(sim, &req, GFP_KERNEL, 0))
		return false;
	oc = (struct oom_control){ &req.ac, GFP_KERNEL, 0, false };
	ok = out_of_memory_6_1(sim, &oc);
	sim_dmesg_show(sim, &log, 0);
	for (p = sb_str(&log); (p = strstr(p, "invoked oom-killer")) != NULL; p++)
		last = p;
	if (last)
		sb_puts(out, last);
	sb_release(&log);
	return ok && last;
}

/* The number after @key in the first line of @text that starts (after the
 * timestamp) with @line; -1 if there is none. */
static long field(const char *text, const char *line, const char *key)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *s = strchr(p, ']'), *e = strchr(p, '\n'), *k;

		if (!s || (e && s > e))
			continue;
		s++;
		if (strncmp(s + 1, line, strlen(line)))
			continue;
		k = strstr(s, key);
		if (!k || (e && k > e))
			return -1;
		return strtol(k + strlen(key), NULL, 10);
	}
	return -1;
}

/* /proc/vmstat's value of @name; -1 if it is not there */
static long vmstat(const struct sim *sim, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	char key[80];
	const char *p;
	long v = -1;

	procfs_show_vmstat(sim, &sb);
	snprintf(key, sizeof(key), "\n%s ", name);
	if ((p = strstr(sb_str(&sb), key)) != NULL)
		v = strtol(p + strlen(key), NULL, 10);
	sb_release(&sb);
	return v;
}

/*
 * anon_thp: counts the anonymous THPs still whole (page_add_new_anon_rmap
 * counts one, a split takes it away). Three order-9 faults give three, 6 MiB;
 * unmapping one page of one ends that one (the kernel splits it), 4 MiB; the
 * vmstat counter (in THPs) says the same; the task's exit ends the others.
 */
TEST(cov61_oom_report_anon_thp_counts_whole_thps)
{
	struct strbuf r = STRBUF_INIT;
	unsigned long thp;
	int app;
	struct sim *sim = boot_app(&app);

	REQUIRE(sim);
	thp = sim_vm_event(sim, THP_FAULT_ALLOC);
	CHECK_EQ_L(task_touch(sim, app, TASK_ANON, 3 * 512), 3 * 512);
	REQUIRE(sim_vm_event(sim, THP_FAULT_ALLOC) - thp == 3);
	CHECK_EQ_L(vmstat(sim, "nr_anon_transparent_hugepages"), 3);
	CHECK_EQ_L(task_unmap(sim, app, TASK_ANON, 1), 1);
	CHECK_EQ_L(vmstat(sim, "nr_anon_transparent_hugepages"), 2);
	REQUIRE(oom_report(sim, &r));
	CHECK_EQ_L(field(sb_str(&r), "Node 0 active_anon:", "anon_thp: "), 2 * 2048);
	/* no shmem in the model, no shmem THP */
	CHECK_EQ_L(field(sb_str(&r), "Node 0 active_anon:", "shmem_thp: "), 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
	sb_release(&r);

	sim = boot_app(&app);
	REQUIRE(sim);
	CHECK_EQ_L(task_touch(sim, app, TASK_ANON, 2 * 512), 2 * 512);
	CHECK_EQ_L(vmstat(sim, "nr_anon_transparent_hugepages"), 2);
	REQUIRE(task_exit(sim, app) == 0);
	CHECK_EQ_L(vmstat(sim, "nr_anon_transparent_hugepages"), 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/*
 * kernel_stack: KiB, 16 a stack (THREAD_SIZE), as /proc/vmstat's
 * nr_kernel_stack (the model counts stacks: 5 more stacks are 80 kB more).
 */
TEST(cov61_oom_report_kernel_stack_in_kib)
{
	struct strbuf r = STRBUF_INIT;
	int app;
	struct sim *sim = boot_app(&app);
	long stacks = 0;

	REQUIRE(sim);
	CHECK_EQ_L(task_touch(sim, app, TASK_ANON, 100), 100);
	sim->node_data[0]->node_zones[ZONE_NORMAL].vm_stat[NR_KERNEL_STACK] += 5;
	for (int z = 0; z < MAX_NR_ZONES; z++)
		stacks += sim->node_data[0]->node_zones[z].vm_stat[NR_KERNEL_STACK];
	REQUIRE(oom_report(sim, &r));
	CHECK_EQ_L(field(sb_str(&r), "Node 0 active_anon:", "kernel_stack:"), stacks * 16);
	CHECK_EQ_L(vmstat(sim, "nr_kernel_stack"), stacks * 16);
	sim_destroy(sim);
	sb_release(&r);
}

/*
 * The hugepages lines (hugetlb_show_meminfo_node): the 2 MiB pool of the
 * node, every page free (nothing maps them), none surplus; no 1 GiB pool.
 */
TEST(cov61_oom_report_hugepages_show_the_pool)
{
	struct strbuf r = STRBUF_INIT;
	struct hugetlb_result res;
	char want[160];
	int app;
	struct sim *sim = boot_app(&app);

	REQUIRE(sim);
	REQUIRE(hugetlb_set_pool(sim, 3, &res) == 0);
	REQUIRE(res.after > 0);
	CHECK_EQ_L(task_touch(sim, app, TASK_ANON, 100), 100);
	REQUIRE(oom_report(sim, &r));
	snprintf(want, sizeof(want), "Node 0 hugepages_total=%lu hugepages_free=%lu "
		 "hugepages_surp=0 hugepages_size=2048kB\n", res.after, res.after);
	CHECK(strstr(sb_str(&r), want) != NULL);
	CHECK(strstr(sb_str(&r), "Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 "
		     "hugepages_size=1048576kB\n") != NULL);
	sim_destroy(sim);
	sb_release(&r);
}

/*
 * "pages in swap cache" (total_swapcache_pages): anonymous pages that
 * reclaim gave a swap slot and unmapped, their writes started; 6.1 on one
 * 64 MiB zone with 4096 pages of swap. New pages are young: a first look
 * at all 64 keeps them inactive, marked referenced, with their young bits
 * clear; the next scan puts 32 of them in the swap cache.
 */
TEST(cov61_oom_report_counts_the_swap_cache)
{
	struct sim *sim = boot_one_zone_kernel(ZONE_DMA32, 4096, 16384, 1, KERNEL_6_1);
	struct strbuf r = STRBUF_INIT;
	struct scan_control sc;
	char want[80];
	int app;

	REQUIRE(sim);
	app = task_spawn(sim, "app", 0, 0, 0);
	REQUIRE(app > 0 && !task_set_current(sim, app));
	REQUIRE(swap_set_size(sim, 4096) == 0);
	memset(&sc, 0, sizeof(sc));
	sc.gfp_mask = GFP_KERNEL;
	sc.priority = DEF_PRIORITY;
	sc.may_unmap = sc.may_swap = sc.may_writepage = true;
	sc.reclaim_idx = ZONE_DMA32;
	sc.nr_to_reclaim = SWAP_CLUSTER_MAX;
	CHECK_EQ_L(task_touch(sim, app, TASK_ANON, 64), 64);
	for (int i = 0; i < 2; i++)
		shrink_inactive_list_6_1(sim, SWAP_CLUSTER_MAX, sim->node_data[0], &sc,
					 LRU_INACTIVE_ANON);
	REQUIRE(swap_used(sim) == 0);
	shrink_inactive_list_6_1(sim, 32, sim->node_data[0], &sc, LRU_INACTIVE_ANON);
	REQUIRE(swap_used(sim) == 32);
	REQUIRE(oom_report(sim, &r));
	CHECK(strstr(sb_str(&r), "] 32 pages in swap cache\n") != NULL);
	snprintf(want, sizeof(want), "] Free swap  = %dkB\n", (4096 - 32) * 4);
	CHECK(strstr(sb_str(&r), want) != NULL);
	CHECK(strstr(sb_str(&r), "] Total swap = 16384kB\n") != NULL);
	sim_destroy(sim);
	sb_release(&r);
}
