/* tests/unit/test_cov_sysctl_edges.c - sim_sysctl_set() on values at the
 * edges: blanks and a sign before the number, words after it, numbers
 * past a long, the fractions below 8, a lowmem_reserve_ratio with too many
 * or no values; each refused with the accepted range, the setting as it
 * was; and what is accepted lands where `get` reads it. */
#include <errno.h>
#include <string.h>

#include "buddyscope/sim.h"
#include "simtest.h"

static long get_long(struct sim *sim, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	long v = -12345;

	if (sim_sysctl_get(sim, name, &sb) == 0)
		v = strtol(sb_str(&sb), NULL, 10);
	sb_release(&sb);
	return v;
}

TEST(cov_sysctl_edges_values)
{
	static const struct { const char *name, *value; } bad[] = {
		{ "vm.swappiness", "" },
		{ "vm.swappiness", "   " },
		{ "vm.swappiness", "x1" },
		{ "vm.swappiness", "1x" },
		{ "vm.swappiness", "10 20" },
		{ "vm.swappiness", "101" },
		{ "vm.swappiness", "-1" },
		{ "vm.swappiness", "99999999999999999999" },
		{ "vm.percpu_pagelist_fraction", "7" },
		{ "vm.lowmem_reserve_ratio", "" },
		{ "vm.lowmem_reserve_ratio", "256 32 x" },
		{ "vm.lowmem_reserve_ratio", "256 32 32 32 32 32 32" },
	};
	struct sim *sim = boot_preset("tiny");
	char ratio_before[64];
	struct strbuf sb = STRBUF_INIT;

	REQUIRE(sim);
	REQUIRE(sim_sysctl_get(sim, "vm.lowmem_reserve_ratio", &sb) == 0);
	snprintf(ratio_before, sizeof(ratio_before), "%s", sb_str(&sb));
	sb_release(&sb);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_EQ_L(sim_sysctl_set(sim, bad[i].name, bad[i].value), -EINVAL);
		if (strncmp(sim_errmsg(sim), "bad value '", 11))
			printf("  %s %s: %s\n", bad[i].name, bad[i].value, sim_errmsg(sim));
		CHECK(strncmp(sim_errmsg(sim), "bad value '", 11) == 0);
		CHECK(strstr(sim_errmsg(sim), ": accepted ") != NULL);
	}
	CHECK_STR(strstr(sim_errmsg(sim), "accepted "), "accepted 1 to 3 integers 0..2147483647, "
		  "for DMA DMA32 Normal");
	CHECK_EQ_L(get_long(sim, "vm.swappiness"), 60);	/* as it was */
	CHECK_EQ_L(get_long(sim, "vm.percpu_pagelist_fraction"), 0);
	REQUIRE(sim_sysctl_get(sim, "vm.lowmem_reserve_ratio", &sb) == 0);
	CHECK_STR(sb_str(&sb), ratio_before);
	sb_release(&sb);
	/* accepted: blanks around, a plus sign; 0 or 8+ for the fraction */
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.swappiness", " \t+30 \t"), 0);
	CHECK_EQ_L(get_long(sim, "vm.swappiness"), 30);
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.percpu_pagelist_fraction", "8"), 0);
	CHECK_EQ_L(get_long(sim, "vm.percpu_pagelist_fraction"), 8);
	CHECK_EQ_L(sim_sysctl_set(sim, "vm.lowmem_reserve_ratio", "\t128  16 "), 0);
	REQUIRE(sim_sysctl_get(sim, "vm.lowmem_reserve_ratio", &sb) == 0);
	CHECK(strncmp(sb_str(&sb), "128\t16\t", 7) == 0);
	sb_release(&sb);
	sim_destroy(sim);
}

/* vm.lowmem_reserve_ratio's error names the running kernel's count, from
 * its nr_lowmem_reserve_ratio (3 in v4.5/4.6, 5 in 6.1), and one zone type
 * a value; that many values are accepted, one more is refused. */
TEST(cov_sysctl_lowmem_ratio_count_per_kernel)
{
	for (int v = 0; v < NR_KERNEL_VERSIONS; v++) {
		const struct kernel_desc *k = kernel_desc((enum kernel_version)v);
		struct sim *sim = boot_preset_kernel("tiny", (enum kernel_version)v);
		struct strbuf vals = STRBUF_INIT;
		char want[160];
		const char *acc, *p;
		int words = 0;

		REQUIRE(k && sim);
		CHECK_EQ_L(sim_sysctl_set(sim, "vm.lowmem_reserve_ratio", "x"), -EINVAL);
		snprintf(want, sizeof(want), "accepted 1 to %d integers 0..2147483647, for ",
			 k->nr_lowmem_reserve_ratio);
		acc = strstr(sim_errmsg(sim), "accepted ");
		REQUIRE(acc);
		CHECK(!strncmp(acc, want, strlen(want)));
		for (p = acc + strlen(want); *p; p++)
			words += (p == acc + strlen(want) || p[-1] == ' ') && *p != ' ';
		CHECK_EQ_L(words, k->nr_lowmem_reserve_ratio);
		for (int i = 0; i < k->nr_lowmem_reserve_ratio; i++)
			sb_printf(&vals, "%d ", 100 + i);
		CHECK_EQ_L(sim_sysctl_set(sim, "vm.lowmem_reserve_ratio", sb_str(&vals)), 0);
		sb_add(&vals, "7", 1);
		CHECK_EQ_L(sim_sysctl_set(sim, "vm.lowmem_reserve_ratio", sb_str(&vals)), -EINVAL);
		sb_release(&vals);
		sim_destroy(sim);
	}
	/* the two shapes in words */
	{
		struct sim *s45 = boot_preset_kernel("tiny", KERNEL_4_5);
		struct sim *s61 = boot_preset_kernel("tiny", KERNEL_6_1);

		REQUIRE(s45 && s61);
		sim_sysctl_set(s45, "vm.lowmem_reserve_ratio", "x");
		sim_sysctl_set(s61, "vm.lowmem_reserve_ratio", "x");
		CHECK_STR(strstr(sim_errmsg(s45), "accepted "),
			  "accepted 1 to 3 integers 0..2147483647, for DMA DMA32 Normal");
		CHECK_STR(strstr(sim_errmsg(s61), "accepted "), "accepted 1 to 5 integers "
			  "0..2147483647, for DMA DMA32 Normal Movable Device");
		sim_destroy(s45);
		sim_destroy(s61);
	}
}
