/* tests/unit/test_cov45_realmachine.c - what a real machine's sysctl file
 * gives the booted sim: lowmem_reserve_ratio keeps the first words the
 * booted version has (first_words in realmachine_shown.c), even when one
 * word fills the whole stored value. */
#include <stdlib.h>
#include <string.h>

#include "buddyscope/realmachine.h"
#include "realtest.h"
#include "simtest.h"

/* Boot @dir under v4.6 after @extra (sysctl lines) overrode its sysctl file. */
static struct sim *boot_dir_sysctl(const char *dir, const char *extra, struct real_machine *rm)
{
	return boot_dir_as(dir, extra, KERNEL_4_6, rm);
}

TEST(cov45_real_lowmem_ratio_one_word_fills_the_value)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct strbuf sb = STRBUF_INIT;
	char line[160], word[sizeof(rm->sysctls[0].value)];
	struct sim *sim;
	const char *v;

	REQUIRE(rm);
	/* a word of 95 characters, the most a stored value holds: "000...064" */
	memset(word, '0', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	word[sizeof(word) - 3] = '6';
	word[sizeof(word) - 2] = '4';
	snprintf(line, sizeof(line), "vm.lowmem_reserve_ratio = %s\n", word);
	sim = boot_dir_sysctl(DATA "boot", line, rm);
	REQUIRE(sim);
	v = realmachine_sysctl(rm, "lowmem_reserve_ratio");
	REQUIRE(v);
	CHECK_EQ_UL(strlen(v), sizeof(word) - 1);
	/* the one ratio given (DMA's) is 64; the others keep v4.6's 256 32 */
	CHECK_EQ_L(sim_sysctl_get(sim, "lowmem_reserve_ratio", &sb), 0);
	CHECK_STR(sb_str(&sb), "64\t256\t32");
	sb_release(&sb);
	sim_destroy(sim);
	free(rm);
}

TEST(cov45_real_lowmem_ratio_takes_the_versions_words)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct strbuf sb = STRBUF_INIT;
	struct sim *sim;

	REQUIRE(rm);
	/* 6.1 prints five ratios (Device included); v4.6 has three */
	sim = boot_dir_sysctl(DATA "boot", "vm.lowmem_reserve_ratio =  100\t200  16 0 0\n", rm);
	REQUIRE(sim);
	CHECK_EQ_L(sim_sysctl_get(sim, "lowmem_reserve_ratio", &sb), 0);
	CHECK_STR(sb_str(&sb), "100\t200\t16");
	sb_release(&sb);
	sim_destroy(sim);
	free(rm);
}

/* realmachine_compare() names the pcp counts it compared by cpu count:
 * files from a machine with one cpu's pagesets say "1 cpu". */
TEST(cov45_real_compare_one_cpu)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct strbuf sb = STRBUF_INIT;
	struct sim *sim;

	REQUIRE(rm);
	sim = boot_dir(DATA "boot", rm);
	if (!sim) {
		free(rm);
		return;
	}
	rm->zones[0][ZONE_DMA32].nr_pcp = 1;
	CHECK_EQ_L(realmachine_compare(sim, rm, &sb), 0);
	CHECK(strstr(sb_str(&sb), "  node 0 zone DMA32: as the files say: ") != NULL);
	CHECK(strstr(sb_str(&sb), ", pcp counts of 1 cpu,") != NULL);
	CHECK(strstr(sb_str(&sb), ", pcp counts of 2 cpus,") != NULL);	/* Normal's */
	sb_release(&sb);
	sim_destroy(sim);
	free(rm);
}
