/* tests/unit/test_cov_machine_edges.c - machine_validate() on the
 * descriptions it must refuse that test_cov_machine.c does not build (cpus
 * per node and in all, names without their NUL, nodes that share pfns),
 * without an error buffer too; machine_format() as snprintf at every size;
 * machine_load() specs without a path. */
#include <errno.h>
#include <string.h>

#include "buddyscope/machine.h"
#include "simtest.h"

TEST(cov_machine_edges_refusals)
{
	struct machine_desc m = two_nodes_desc();
	char err[256];

	m.nodes[1].nr_cpus = -1;
	CHECK_EQ_L(machine_validate(&m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "node 1 has -1 cpus; accepted: 0..512") != NULL);
	m.nodes[1].nr_cpus = NR_CPUS + 1;
	CHECK_EQ_L(machine_validate(&m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "node 1 has 513 cpus; accepted: 0..512") != NULL);
	m.nodes[0].nr_cpus = m.nodes[1].nr_cpus = 300;
	CHECK_EQ_L(machine_validate(&m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "machine has 600 cpus; 1..512 are accepted") != NULL);
	/* the same refusal with nowhere to write it */
	CHECK_EQ_L(machine_validate(&m, NULL, 0), -EINVAL);
	m = two_nodes_desc();
	memset(m.summary, 'x', sizeof(m.summary));
	CHECK_EQ_L(machine_validate(&m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "name or summary is not terminated") != NULL);
	/* node 1's DMA32 moved onto node 0's */
	m = two_nodes_desc();
	m.nodes[1].zones[ZONE_DMA32].start_pfn = 8192;
	CHECK_EQ_L(machine_validate(&m, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "node 1 zone DMA32 overlaps node 0 zone DMA32 (pfns 4096..12287); "
		     "nodes must not share pfns") != NULL);
}

TEST(cov_machine_edges_format_and_load)
{
	struct machine_desc m = two_nodes_desc();
	char full[2048], buf[2048], err[256];
	size_t n = machine_format(&m, full, sizeof(full));

	REQUIRE(n > 0 && n < sizeof(full));
	CHECK_EQ_UL(machine_format(&m, NULL, 0), n);	/* the size alone */
	for (size_t len = 1; len <= n + 1; len += 7) {
		memset(buf, 'X', sizeof(buf));
		CHECK_EQ_UL(machine_format(&m, buf, len), n);
		CHECK_EQ_UL(strlen(buf), len - 1 < n ? len - 1 : n);
		CHECK(strncmp(buf, full, strlen(buf)) == 0);
	}
	CHECK_EQ_L(machine_load("file:", &m, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "'file:' has no path; accepted: file:PATH");
	CHECK_EQ_L(machine_load("zoneinfo:", &m, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "'zoneinfo:' has no path; accepted: zoneinfo:PATH");
	CHECK_EQ_L(machine_load("", &m, err, sizeof(err)), -EINVAL);
	CHECK_EQ_L(machine_load(NULL, &m, NULL, 0), -EINVAL);
}
