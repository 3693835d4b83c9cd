/* tests/unit/test_cov_machine.c - machine descriptions and sysctls refuse
 * what the kernel would not have (a huge min_free_kbytes, distances out of
 * range or asymmetric) with the reason, and the sysctl names and value
 * lists are read as the kernel's /proc/sys/vm files read them. */
#include <errno.h>
#include <string.h>

#include "buddyscope/machine.h"
#include "buddyscope/sim.h"
#include "simtest.h"

TEST(cov_machine_validate_refusals)
{
	struct machine_desc m = two_nodes_desc();
	char err[256] = "";

	CHECK_EQ_L(machine_validate(&m, err, sizeof(err)), 0);
	m.min_free_kbytes = 1UL << 40;
	CHECK_EQ_L(machine_validate(&m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "vm.min_free_kbytes 1099511627776 is too large; accepted: 1..") != NULL);
	m = two_nodes_desc();
	m.distance[1][1] = 12;
	CHECK_EQ_L(machine_validate(&m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "distance from node 1 to itself is 12; it must be 10") != NULL);
	m = two_nodes_desc();
	m.distance[0][1] = m.distance[1][0] = 255;
	CHECK_EQ_L(machine_validate(&m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "distance from node 0 to node 1 is 255; accepted: 11..254") != NULL);
	m = two_nodes_desc();
	m.distance[0][1] = 30;
	CHECK_EQ_L(machine_validate(&m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "distance 0 to 1 is 30 but 1 to 0 is 20; distances must be symmetric")
	      != NULL);
}

TEST(cov_machine_sysctl_names_and_values)
{
	struct sim *sim = boot_preset("tiny");
	struct strbuf sb = STRBUF_INIT;
	int ret;

	REQUIRE(sim);
	/* /proc/sys/vm/NAME is the same file as vm.NAME */
	CHECK_EQ_L(sim_sysctl_set(sim, "/proc/sys/vm/swappiness", "33"), 0);
	CHECK_EQ_L(sim_sysctl_get(sim, "vm.swappiness", &sb), 0);
	CHECK(!strncmp(sb_str(&sb), "33", 2));
	/* lowmem_reserve_ratio: one value a zone type, blanks around them */
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.lowmem_reserve_ratio", "  128\t64  "), 0);
	sb_reset(&sb);
	CHECK_EQ_L(sim_sysctl_get(sim, "lowmem_reserve_ratio", &sb), 0);
	CHECK(!strncmp(sb_str(&sb), "128\t64", 6));
	ret = sim_sysctl_set(sim, "vm.lowmem_reserve_ratio", "   ");
	CHECK_EQ_L(ret, -EINVAL);
	CHECK(strstr(sim_errmsg(sim), "bad value '   ' for vm.lowmem_reserve_ratio") != NULL);
	ret = sim_sysctl_set(sim, "vm.lowmem_reserve_ratio", "1 2 3 4 5 6 7 8");
	CHECK_EQ_L(ret, -EINVAL);
	sb_reset(&sb);
	CHECK_EQ_L(sim_sysctl_get(sim, "lowmem_reserve_ratio", &sb), 0);
	CHECK(!strncmp(sb_str(&sb), "128\t64", 6));	/* unchanged */
	/* percpu_pagelist_fraction: 0, or at least 8 */
	ret = sim_sysctl_set(sim, "vm.percpu_pagelist_fraction", "7");
	CHECK_EQ_L(ret, -EINVAL);
	CHECK(strstr(sim_errmsg(sim), "accepted 0, or 8..2147483647") != NULL);
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.swappiness", "12 13"), -EINVAL);
	CHECK_EQ_L(sim_sysctl_get(sim, "vm.no_such_thing", &sb), -ENOENT);
	CHECK_STR(sim_errmsg(sim), "unknown sysctl 'vm.no_such_thing' (see `help get` for the list)");
	sb_release(&sb);
	sim_destroy(sim);
}
