/* tests/unit/test_cov45_workload.c - workload edges: a second SIGKILL adds
 * no second task to exit; an imported THP defrag setting the booted kernel
 * lacks is left alone; 6.1's THP fault (4.18+: the local node with
 * __GFP_NORETRY, then anywhere only if the mask may reclaim directly and
 * the task is not dying); the hugetlb pool with one node full, shrunk
 * from the node that has pages; who owns a page that no task has. */
#include <string.h>

#include "../../core/internal.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/replay.h"
#include "buddyscope/task.h"
#include "buddyscope/workload.h"
#include "simtest.h"

TEST(cov45_sigkill_counts_once)
{
	struct sim *sim = boot_preset("tiny");
	int pid, n0;

	REQUIRE(sim);
	pid = task_spawn(sim, "victim", 0, -1, 0);
	REQUIRE(pid > 0);
	n0 = sim->nr_sigkill;
	CHECK_EQ_L(task_kill(sim, pid), 0);
	CHECK_EQ_L(task_kill(sim, pid), 0);
	CHECK_EQ_L(sim->nr_sigkill, n0 + 1);
	sim_destroy(sim);
}

TEST(cov45_thp_import_keeps_what_the_kernel_has)
{
	struct sim *sim = boot_preset("tiny");		/* v4.5: no "defer" */
	char e[32], d[32];

	REQUIRE(sim);
	thp_show(sim, e, sizeof(e), d, sizeof(d));
	CHECK(strstr(d, "[always]") != NULL);
	thp_import(sim, "always", "defer");
	thp_show(sim, e, sizeof(e), d, sizeof(d));
	CHECK(strstr(e, "[always]") != NULL);
	CHECK(strstr(d, "[always]") != NULL);		/* 4.5 has no defer */
	thp_import(sim, NULL, "madvise");
	thp_show(sim, e, sizeof(e), d, sizeof(d));
	CHECK(strstr(e, "[always]") != NULL);
	CHECK(strstr(d, "[madvise]") != NULL);
	sim_destroy(sim);
}

/* Node 0 full: 6.1's first try (__GFP_THISNODE | __GFP_NORETRY) fails;
 * with defrag "always" the mask may reclaim, and the second try finds
 * node 1; with "defer" (kswapd only) or a dying task there is no second. */
TEST(cov45_thp_fault_61_second_try)
{
	struct sim *sim = boot_two_nodes_kernel(KERNEL_6_1);
	unsigned long fb0, ok0;
	int pid;

	REQUIRE(sim);
	REQUIRE(fill_node_and_run_there(sim, 0) == 0);
	pid = task_spawn(sim, "huge", 0, sim_cpu(sim), 0);
	REQUIRE(pid > 0);
	REQUIRE(task_set_current(sim, pid) == 0);
	CHECK_EQ_L(thp_set(sim, "always", "always"), 0);
	ok0 = sim_vm_event(sim, THP_FAULT_ALLOC);
	fb0 = sim_vm_event(sim, THP_FAULT_FALLBACK);
	CHECK(thp_fault(sim, task_lookup(sim, pid), false));
	CHECK_EQ_UL(sim_vm_event(sim, THP_FAULT_ALLOC), ok0 + 1);
	CHECK_EQ_UL(task_find(sim, pid)->rss_anon, 512);
	CHECK_EQ_L(thp_set(sim, "always", "defer"), 0);
	CHECK(!thp_fault(sim, task_lookup(sim, pid), false));
	CHECK_EQ_UL(sim_vm_event(sim, THP_FAULT_FALLBACK), fb0 + 1);
	CHECK_EQ_L(thp_set(sim, "always", "always"), 0);
	task_lookup(sim, pid)->sigkill = true;
	CHECK(!thp_fault(sim, task_lookup(sim, pid), false));
	CHECK_EQ_UL(sim_vm_event(sim, THP_FAULT_FALLBACK), fb0 + 2);
	task_lookup(sim, pid)->sigkill = false;
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* Node 1 full: the pool grows on node 0 only (node 1 refuses each turn);
 * shrinking passes over node 1, whose pool is empty. */
TEST(cov45_hugetlb_pool_one_node_full)
{
	struct sim *sim = boot_two_nodes_kernel(KERNEL_4_5);
	struct hugetlb_result res;

	REQUIRE(sim);
	REQUIRE(fill_node_and_run_there(sim, 1) == 0);
	CHECK_EQ_L(hugetlb_set_pool(sim, 4, &res), 0);
	CHECK_EQ_UL(res.after, 4);
	CHECK_EQ_UL(res.per_node[0], 4);
	CHECK_EQ_UL(res.per_node[1], 0);
	CHECK(res.failed >= 1);
	CHECK_EQ_L(hugetlb_set_pool(sim, 1, &res), 0);
	CHECK_EQ_UL(res.after, 1);
	CHECK_EQ_UL(res.per_node[0], 1);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* 6.1 (5.3+): a node that failed once gets __GFP_NORETRY for the rest of
 * the write; the next write starts over. */
TEST(cov45_hugetlb_61_node_noretry)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct hugetlb_result res;
	unsigned long fails0;

	REQUIRE(sim);
	fails0 = sim_vm_event(sim, HTLB_BUDDY_PGALLOC_FAIL);
	CHECK_EQ_L(hugetlb_set_pool(sim, 100, &res), 0);
	CHECK(res.after < 100);
	CHECK(res.failed >= 1);
	CHECK(sim_vm_event(sim, HTLB_BUDDY_PGALLOC_FAIL) > fails0);
	CHECK(sim->hugetlb.noretry & 1u);
	/* the pool emptied: the node gives pages again and the flag clears on
	 * the first success */
	CHECK_EQ_L(hugetlb_set_pool(sim, 0, &res), 0);
	sim->hugetlb.noretry = 1u;
	CHECK_EQ_L(hugetlb_set_pool(sim, 1, &res), 0);
	CHECK_EQ_UL(res.after, 1);
	CHECK(!(sim->hugetlb.noretry & 1u));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);

	/* two nodes, node 0 full: it fails (trying hard), node 1 gives, node
	 * 0 fails again (with __GFP_NORETRY now), node 1 gives, ... */
	sim = boot_two_nodes_kernel(KERNEL_6_1);
	REQUIRE(sim);
	REQUIRE(fill_node_and_run_there(sim, 0) == 0);
	fails0 = sim_vm_event(sim, HTLB_BUDDY_PGALLOC_FAIL);
	CHECK_EQ_L(hugetlb_set_pool(sim, 3, &res), 0);
	CHECK_EQ_UL(res.after, 3);
	CHECK_EQ_UL(res.per_node[1], 3);
	CHECK_EQ_UL(sim_vm_event(sim, HTLB_BUDDY_PGALLOC_FAIL), fails0 + 3);
	CHECK(sim->hugetlb.noretry & 1u);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(cov45_page_special_owner)
{
	struct sim *sim = boot_preset("tiny");
	struct replay *r = NULL;
	struct replay_event e;

	REQUIRE(sim);
	CHECK(page_special_owner(sim, sim_max_pfn(sim)) == NULL);
	REQUIRE(replay_create(sim, REPLAY_EXACT, 1, &r) == 0);
	memset(&e, 0, sizeof(e));
	e.kind = RK_ZONE_LOCKED;
	e.pfn = 0x1c40;
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK_STR(page_special_owner(sim, 0x1c40),
		  "a trace replay (taken for an allocation still to come)");
	CHECK(page_special_owner(sim, 0x1c41) == NULL);
	replay_destroy(r);
	sim_destroy(sim);
}
