/* tests/unit/test_machine.c - presets, machine files, /proc/zoneinfo import.
 * Fixtures live in tests/data/; tests run from the repository root. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/machine.h"
#include "buddyscope/sim.h"
#include "testhelp.h"

#define ERRLEN 512

static void check_zone(const struct zone_desc *z, unsigned long start, unsigned long spanned,
		       unsigned long present, unsigned long managed)
{
	CHECK_EQ_UL(z->start_pfn, start);
	CHECK_EQ_UL(z->spanned, spanned);
	CHECK_EQ_UL(z->present, present);
	CHECK_EQ_UL(z->managed, managed);
}

static void check_empty(const struct zone_desc *z)
{
	check_zone(z, 0, 0, 0, 0);
}

static int total_cpus(const struct machine_desc *m)
{
	int n = 0;

	for (int nid = 0; nid < m->nr_nodes; nid++)
		n += m->nodes[nid].nr_cpus;
	return n;
}

/* "line N:" somewhere in @err (after "PATH: " for machine_load) */
static int has_line(const char *err, int line)
{
	char want[32];

	snprintf(want, sizeof(want), "line %d: ", line);
	return strstr(err, want) != NULL;
}

static int fopen_ok(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (f)
		fclose(f);
	return f != NULL;
}

/* ---- presets ---- */

TEST(machine_every_preset_validates)
{
	struct machine_desc m;
	char err[ERRLEN] = "";
	size_t i;

	for (i = 0; machine_preset_name(i); i++) {
		const char *name = machine_preset_name(i);

		REQUIRE(machine_preset(name, &m) == 0);
		CHECK_STR(m.name, name);
		CHECK(strlen(m.summary) > 10);
		CHECK(strlen(name) <= 10);
		if (machine_validate(&m, err, sizeof(err)))
			CHECK_STR(err, "");
		CHECK(total_cpus(&m) >= 2);
		/* pfn 0 is never present; DMA is [1, 4096) on node 0 */
		check_zone(&m.nodes[0].zones[ZONE_DMA], 1, 4095, 3998, 3977);
		for (int nid = 0; nid < m.nr_nodes; nid++)
			for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
				const struct zone_desc *z = &m.nodes[nid].zones[zid];

				CHECK(z->start_pfn + z->spanned <= MAX_PFN_LIMIT);
				/* boot reserves some pages of every zone but Movable */
				CHECK(!z->present || zid == ZONE_MOVABLE || z->managed < z->present);
			}
	}
	CHECK(i >= 5);
	CHECK(machine_preset(MACHINE_DEFAULT_PRESET, &m) == 0);
	CHECK(machine_preset_name(i) == NULL);
	CHECK(machine_preset_name(i + 100) == NULL);
}

TEST(machine_preset_numbers)
{
	struct machine_desc m;

	REQUIRE(machine_preset("tiny", &m) == 0);
	CHECK_EQ_L(m.nr_nodes, 1);
	CHECK_EQ_L(m.nodes[0].nr_cpus, 2);
	check_zone(&m.nodes[0].zones[ZONE_DMA32], 4096, 4096, 4096, 3590);
	check_empty(&m.nodes[0].zones[ZONE_NORMAL]);

	REQUIRE(machine_preset("classroom", &m) == 0);
	CHECK_EQ_L(m.nodes[0].nr_cpus, 4);
	check_zone(&m.nodes[0].zones[ZONE_DMA32], 4096, 1044480, 782302, 765901);
	check_zone(&m.nodes[0].zones[ZONE_NORMAL], 1048576, 786432, 786432, 760356);
	check_empty(&m.nodes[0].zones[ZONE_MOVABLE]);
	CHECK_EQ_UL(m.distance[0][0], 10);
	CHECK_EQ_UL(m.min_free_kbytes, 0);

	REQUIRE(machine_preset("laptop", &m) == 0);
	CHECK_EQ_L(m.nodes[0].nr_cpus, 8);
	check_zone(&m.nodes[0].zones[ZONE_NORMAL], 1048576, 1310720, 1310720, 1276252);

	REQUIRE(machine_preset("numa2", &m) == 0);
	CHECK_EQ_L(m.nr_nodes, 2);
	CHECK_EQ_L(m.nodes[0].nr_cpus, 4);
	CHECK_EQ_L(m.nodes[1].nr_cpus, 4);
	check_zone(&m.nodes[0].zones[ZONE_NORMAL], 1048576, 1310720, 1310720, 1276190);
	check_empty(&m.nodes[1].zones[ZONE_DMA]);
	check_empty(&m.nodes[1].zones[ZONE_DMA32]);
	check_zone(&m.nodes[1].zones[ZONE_NORMAL], 2359296, 2097152, 2097152, 2063184);
	CHECK_EQ_UL(m.distance[0][1], 20);
	CHECK_EQ_UL(m.distance[1][0], 20);
	CHECK_EQ_UL(m.distance[1][1], 10);
	CHECK_EQ_UL(m.distance[0][2], 0);

	REQUIRE(machine_preset("numa4", &m) == 0);
	CHECK_EQ_L(m.nr_nodes, 4);
	CHECK_EQ_UL(m.distance[0][1], 16);
	CHECK_EQ_UL(m.distance[0][2], 22);
	CHECK_EQ_UL(m.distance[3][1], 22);
	CHECK_EQ_UL(m.distance[3][0], 16);

	REQUIRE(machine_preset("movable", &m) == 0);
	check_zone(&m.nodes[0].zones[ZONE_MOVABLE], 1835008, 524288, 524288, 524288);

	REQUIRE(machine_preset("server64", &m) == 0);
	CHECK_EQ_L(m.nodes[0].nr_cpus, 16);
	check_zone(&m.nodes[0].zones[ZONE_NORMAL], 1048576, 15990784, 15990784, 15722740);
}

TEST(machine_preset_unknown)
{
	struct machine_desc m;
	char err[ERRLEN] = "";

	memset(&m, 0x5a, sizeof(m));
	CHECK(machine_preset("nope", &m) == -ENOENT);
	CHECK(machine_preset(NULL, &m) == -ENOENT);
	CHECK(((unsigned char *)&m)[0] == 0x5a);
	CHECK(machine_load("nope", &m, err, sizeof(err)) == -ENOENT);
	CHECK(strstr(err, "no preset 'nope'") != NULL);
	for (size_t i = 0; machine_preset_name(i); i++)
		CHECK(strstr(err, machine_preset_name(i)) != NULL);
	CHECK(strstr(err, "file:PATH") != NULL);
	CHECK(machine_load("laptop", &m, err, sizeof(err)) == 0);
	CHECK_STR(m.name, "laptop");
}

/* A machine larger than mem_limit is refused with what it needs; one that
 * fits boots; every boot gets a boot id of its own, a copy keeps it. */
TEST(machine_mem_limit_and_boot_id)
{
	struct sim_config cfg;
	struct sim *a = NULL, *b = NULL, *c = NULL;
	char err[ERRLEN] = "";
	unsigned long long need;
	uint64_t id;

	memset(&cfg, 0, sizeof(cfg));
	CHECK(machine_preset("tiny", &cfg.machine) == 0);
	need = sim_memory_needed(&cfg.machine);
	CHECK(need >= 8192ULL * 16 && need < (1ULL << 20));	/* 8192 pfns, 16-byte records */
	cfg.mem_limit = need - 1;
	CHECK(sim_create(&cfg, &a, err, sizeof(err)) == -ENOMEM);
	CHECK(a == NULL);
	CHECK(strstr(err, "needs 0 MiB for its page records; this computer has 0 MiB") != NULL);
	cfg.mem_limit = need;
	CHECK(sim_create(&cfg, &a, err, sizeof(err)) == 0);
	CHECK(sim_create(&cfg, &b, err, sizeof(err)) == 0);
	if (!a || !b)
		return;
	CHECK(sim_boot_id(a) != sim_boot_id(b));
	CHECK(sim_clone(a, &c) == 0);
	if (c)
		CHECK(sim_boot_id(c) == sim_boot_id(a));
	id = sim_boot_id(b);
	CHECK(sim_reset(b) == 0);
	CHECK(sim_boot_id(b) != id && sim_boot_id(b) != sim_boot_id(a));
	sim_destroy(a);
	sim_destroy(b);
	sim_destroy(c);
}

/* machine_format -> machine_parse gives back the same description */
TEST(machine_format_round_trip)
{
	struct machine_desc a, b;
	char text[4096], err[ERRLEN] = "";

	for (size_t i = 0; machine_preset_name(i); i++) {
		size_t n;

		REQUIRE(machine_preset(machine_preset_name(i), &a) == 0);
		n = machine_format(&a, text, sizeof(text));
		REQUIRE(n < sizeof(text));
		CHECK_EQ_UL(strlen(text), n);
		CHECK_EQ_UL(machine_format(&a, NULL, 0), n);
		memset(&b, 0x5a, sizeof(b));
		if (machine_parse(text, &b, err, sizeof(err)))
			CHECK_STR(err, "");
		CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	}
	/* with sysctls, and cut short like snprintf */
	REQUIRE(machine_preset("numa2", &a) == 0);
	a.min_free_kbytes = 90112;
	a.watermark_scale_factor = 150;
	machine_format(&a, text, sizeof(text));
	CHECK(strstr(text, "sysctl vm.min_free_kbytes 90112\n") != NULL);
	CHECK(strstr(text, "distance 0 1 20\n") != NULL);
	REQUIRE(machine_parse(text, &b, err, sizeof(err)) == 0);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0);
	CHECK(machine_format(&a, text, 10) > 10);
	CHECK_EQ_UL(strlen(text), 9);
}

/* ---- machine files ---- */

TEST(machine_file_example)
{
	struct machine_desc m;
	char err[ERRLEN] = "";

	REQUIRE(machine_load("file:tests/data/machine-example.txt", &m, err, sizeof(err)) == 0);
	CHECK_STR(m.name, "mybox");
	CHECK_STR(m.summary, "6 GiB, one node, 4 cpus");
	CHECK_EQ_L(m.nr_nodes, 1);
	CHECK_EQ_L(m.nodes[0].nr_cpus, 4);
	check_zone(&m.nodes[0].zones[ZONE_DMA], 1, 4095, 3998, 3977);
	check_zone(&m.nodes[0].zones[ZONE_DMA32], 4096, 1044480, 782336, 770000);
	check_zone(&m.nodes[0].zones[ZONE_NORMAL], 1048576, 786432, 786432, 760356);
	CHECK_EQ_UL(m.min_free_kbytes, 67584);
	CHECK_EQ_UL(m.watermark_scale_factor, 0);
}

TEST(machine_file_numa_defaults_and_units)
{
	struct machine_desc m;
	char err[ERRLEN] = "";

	REQUIRE(machine_load("file:tests/data/machine-numa.txt", &m, err, sizeof(err)) == 0);
	CHECK_STR(m.name, "machine-numa");	/* no name line: the file's base name */
	CHECK_STR(m.summary, "");
	CHECK_EQ_L(m.nr_nodes, 2);
	CHECK_EQ_L(m.nodes[0].nr_cpus, 2);
	CHECK_EQ_L(m.nodes[1].nr_cpus, 6);
	check_zone(&m.nodes[0].zones[ZONE_DMA], 1, 4095, 4095, 4095);
	check_zone(&m.nodes[0].zones[ZONE_DMA32], 4096, 0xfe000, 524288, 520000);
	check_zone(&m.nodes[0].zones[ZONE_NORMAL], 1048576, 262144, 262144, 262144);
	check_zone(&m.nodes[1].zones[ZONE_NORMAL], 1310720, 524288, 524288, 520192);
	check_zone(&m.nodes[1].zones[ZONE_MOVABLE], 1835008, 262144, 262144, 262144);
	CHECK_EQ_UL(m.distance[0][1], 21);
	CHECK_EQ_UL(m.distance[1][0], 21);
	CHECK_EQ_UL(m.distance[1][1], 10);
	CHECK_EQ_UL(m.watermark_scale_factor, 200);
}

TEST(machine_parse_text_forms)
{
	struct machine_desc m;
	char err[ERRLEN] = "";

	/* CRLF, tabs, trailing comment, no final newline, lower-case zone names */
	REQUIRE(machine_parse("node 0 cpus 1\r\n\tzone 0 dma32 start 4096 spanned 512M # x\r\n"
			      "zone 0 NORMAL managed 0 spanned 8K start 0x100000", &m,
			      err, sizeof(err)) == 0);
	CHECK_STR(m.name, "custom");
	CHECK_STR(m.summary, "");
	check_zone(&m.nodes[0].zones[ZONE_DMA32], 4096, 131072, 131072, 131072);
	check_zone(&m.nodes[0].zones[ZONE_NORMAL], 1048576, 2, 2, 0);
	/* a summary of many words keeps its inner spacing */
	REQUIRE(machine_parse("summary  a b  c d e f g h i j k l m n o p q r s t u v w x y z  # c\n"
			      "node 0 cpus 1\nzone 0 DMA start 1 spanned 100\n", &m, err,
			      sizeof(err)) == 0);
	CHECK_STR(m.summary, "a b  c d e f g h i j k l m n o p q r s t u v w x y z");
	/* an explicitly empty zone, and a zone all hole */
	REQUIRE(machine_parse("node 0 cpus 1\nzone 0 DMA start 1 spanned 100 present 0\n"
			      "zone 0 DMA32 start 4096 spanned 1T\nzone 0 Movable spanned 0\n", &m,
			      err, sizeof(err)) == -EINVAL);
	CHECK_STR(err, "line 3: node 0 zone DMA32 covers pfns 4096..268439551; DMA32 must lie in "
		  "pfns 4096..1048575 (16 MiB to 4 GiB)");
	REQUIRE(machine_parse("node 0 cpus 1\nzone 0 DMA start 1 spanned 100 present 0\n"
			      "zone 0 DMA32 start 4096 spanned 1G\nzone 0 Movable spanned 0\n", &m,
			      err, sizeof(err)) == 0);
	check_zone(&m.nodes[0].zones[ZONE_DMA], 1, 100, 0, 0);
	check_empty(&m.nodes[0].zones[ZONE_MOVABLE]);
}

struct bad_case {
	const char	*text;
	int		line;
	const char	*says;
};

#define Z_DMA	"zone 0 DMA start 1 spanned 4095 present 3998 managed 3977\n"

static const struct bad_case bad_machine_files[] = {
	{ "nde 0 cpus 4\n", 1, "unknown keyword 'nde'" },
	{ "\n# c\nnode 0 cpus -4\n", 3, "cpus '-4' is negative" },
	{ "node 0 cpus +4\n", 1, "has a sign" },
	{ "node 0 cpus 513\n", 1, "too large" },
	{ "node 0 cpus four\n", 1, "not a number" },
	{ "node 0 cpus\n", 1, "node NID cpus N" },
	{ "node 0 cpus 4\nnode 0 cpus 2\n", 2, "declared twice" },
	{ "node 1 cpus 4\n", 1, "declared before node 0" },
	{ "node 16 cpus 4\n", 1, "too large" },
	{ "node 0 cpus 4\nzone 1 DMA start 1 spanned 4095\n", 2, "node 1 is not declared" },
	{ "node 0 cpus 4\nzone 0 HighMem start 1 spanned 4095\n", 2, "32-bit" },
	{ "node 0 cpus 4\nzone 0 Foo start 1 spanned 4095\n", 2, "'Foo' is unknown" },
	{ "node 0 cpus 4\n" Z_DMA Z_DMA, 3, "described twice" },
	{ "node 0 cpus 4\nzone 0 DMA start 1 spanned 4 present 3 present 3\n", 2, "given twice" },
	{ "node 0 cpus 4\nzone 0 DMA start 1 size 4095\n", 2, "unknown zone field 'size'" },
	{ "node 0 cpus 4\nzone 0 DMA start 1 spanned\n", 2, "needs a value" },
	{ "node 0 cpus 4\nzone 0 DMA start 1 present 5\n", 2, "no 'spanned'" },
	{ "node 0 cpus 4\nzone 0 DMA spanned 5\n", 2, "no 'start'" },
	{ "node 0 cpus 4\nzone 0 DMA start 1 spanned 99999999999999999999999\n", 2, "too large" },
	{ "node 0 cpus 4\nzone 0 Normal start 9T spanned 1\n", 2, "too large" },
	{ "node 0 cpus 4\nzone 0 Normal start 4G spanned 6K\n", 2, "whole number of 4 KiB" },
	{ "node 0 cpus 4\nzone 0 DMA start 1 spanned 12ab\n", 2, "not a number" },
	{ "node 0 cpus 4\nzone 0 DMA start 1 spanned 0x\n", 2, "not a number" },
	{ "node 0 cpus 4\nzone 0 DMA start 1 spanned 40 present 41\n", 2, "present must be <=" },
	{ "node 0 cpus 4\nzone 0 DMA start 1 spanned 40 managed 41\n", 2, "managed must be <=" },
	{ "node 0 cpus 4\nzone 0 DMA start 1 spanned 5000\n", 2, "must end by pfn 4096" },
	{ "node 0 cpus 4\nzone 0 DMA32 start 100 spanned 5000\n", 2, "4096..1048575" },
	{ "node 0 cpus 4\nzone 0 Normal start 1G spanned 5000\n", 2, "1048576" },
	{ "node 0 cpus 4\nzone 0 Movable start 1 spanned 5000\n", 2, "Movable starts" },
	{ "node 0 cpus 4\nzone 0 Normal start 4G spanned 1G\n# x\nzone 0 Movable start 4608M "
	  "spanned 1G\n", 4, "before zone Normal ends" },
	{ "node 0 cpus 4\nzone 0 Normal start 0x7fff0000 spanned 0x20000\n", 2, "2^31" },
	{ "node 0 cpus 2\nnode 1 cpus 2\nzone 0 Normal start 4G spanned 1G\n"
	  "zone 1 Normal start 4G spanned 1G\n", 4, "overlaps node 0 zone Normal" },
	{ "node 0 cpus 2\nnode 1 cpus 2\n" Z_DMA, 2, "node 1 has no memory" },
	{ "node 0 cpus 0\n" Z_DMA "# end\n", 3, "0 cpus" },
	{ "node 0 cpus 4\nzone 0 DMA start 1 spanned 4095 managed 0\n", 2, "no zone has managed" },
	{ "node 0 cpus 4\nzone 0 Movable spanned 0 present 5\n", 2, "empty zone" },
	{ "# nothing here\n\n", 2, "no 'node' line" },
	{ "", 1, "no 'node' line" },
	{ "node 0 cpus 1\nnode 1 cpus 1\ndistance 0 0 10\n", 3, "itself" },
	{ "node 0 cpus 1\nnode 1 cpus 1\ndistance 0 1 5\n", 3, "11..254" },
	{ "node 0 cpus 1\nnode 1 cpus 1\ndistance 0 1 255\n", 3, "out of range; accepted: 11..254" },
	{ "node 0 cpus 1\nnode 1 cpus 1\ndistance 0 1 21\ndistance 1 0 21\n", 4, "given twice" },
	{ "node 0 cpus 1\ndistance 0 1 21\n", 2, "node 1 is not declared" },
	{ "node 0 cpus 1\ndistance 0 1\n", 2, "distance NID NID D" },
	{ "sysctl vm.swappiness 60\n", 1, "vm.min_free_kbytes" },
	{ "sysctl vm.min_free_kbytes 0\n", 1, "leave the line out" },
	{ "sysctl vm.watermark_scale_factor 1001\n", 1, "too large" },
	{ "sysctl vm.min_free_kbytes 1024\nsysctl vm.min_free_kbytes 2048\n", 2, "set it once" },
	{ "name a\nname b\n", 2, "second 'name'" },
	{ "name my box\n", 1, "one word" },
	{ "name my/box\n", 1, "has a '/'" },
	{ "name abcdefghijabcdefghijabcdefghij12\n", 1, "too long" },
	{ "summary\n", 1, "needs text" },
	{ "summary 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 "
	  "0123456789 0123456789\n", 1, "at most 95" },
	{ "zone 0 DMA start 1 spanned 2 present 2 managed 2 start\n", 1,
	  "bad zone line" },
	{ "node 0 cpus 1 a b c d e f g h i j k l m n o p q\n", 1, "too many words" },
};

TEST(machine_parse_errors_name_the_line)
{
	struct machine_desc m;
	char err[ERRLEN];

	for (size_t i = 0; i < sizeof(bad_machine_files) / sizeof(bad_machine_files[0]); i++) {
		const struct bad_case *c = &bad_machine_files[i];
		char want[32];
		int ret;

		memset(&m, 0x5a, sizeof(m));
		err[0] = '\0';
		ret = machine_parse(c->text, &m, err, sizeof(err));
		snprintf(want, sizeof(want), "line %d: ", c->line);
		if (ret != -EINVAL || strncmp(err, want, strlen(want)) || !strstr(err, c->says) ||
		    strchr(err, '\n') || !strchr(err, ';')) {
			char what[ERRLEN + 128];

			snprintf(what, sizeof(what), "case %zu: ret %d, want '%s...%s', got '%s'", i,
				 ret, want, c->says, err);
			CHECK_STR(what, "");
		}
		CHECK(((unsigned char *)&m)[sizeof(m) - 1] == 0x5a);	/* untouched */
	}
}

TEST(machine_file_malformed_fixtures)
{
	struct machine_desc m;
	char err[ERRLEN] = "";

	CHECK(machine_load("file:tests/data/machine-garbage.txt", &m, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "tests/data/machine-garbage.txt: line 5: present '78x336' is not a "
		     "number") == err);
	CHECK(machine_load("file:tests/data/machine-truncated.txt", &m, err, sizeof(err)) == -EINVAL);
	CHECK(has_line(err, 4));
	CHECK(strstr(err, "'pres'") != NULL);
	CHECK(machine_load("file:tests/data/machine-nul.txt", &m, err, sizeof(err)) == -EINVAL);
	CHECK(has_line(err, 2));
	CHECK(strstr(err, "NUL") != NULL);
	/* a zoneinfo is not a machine file, and the other way round */
	CHECK(machine_load("file:tests/data/zoneinfo-4.5.txt", &m, err, sizeof(err)) == -EINVAL);
	CHECK(has_line(err, 1));
	CHECK(machine_load("zoneinfo:tests/data/machine-example.txt", &m, err, sizeof(err)) == -EINVAL);
	CHECK(has_line(err, 1));
}

/* ---- /proc/zoneinfo ---- */

TEST(machine_zoneinfo_618)
{
	struct machine_desc m;
	char err[ERRLEN] = "";

	REQUIRE(machine_load("zoneinfo:tests/data/zoneinfo-6.18.txt", &m, err, sizeof(err)) == 0);
	CHECK_STR(m.name, "zoneinfo-6.18");
	CHECK(strstr(m.summary, "1 node, 4 cpus") != NULL);
	CHECK_EQ_L(m.nr_nodes, 1);
	CHECK_EQ_L(m.nodes[0].nr_cpus, 4);
	check_zone(&m.nodes[0].zones[ZONE_DMA], 1, 4095, 3998, 3840);
	check_zone(&m.nodes[0].zones[ZONE_DMA32], 4096, 1044480, 782336, 772915);
	check_zone(&m.nodes[0].zones[ZONE_NORMAL], 1048576, 5505024, 5505024, 163840);
	check_empty(&m.nodes[0].zones[ZONE_MOVABLE]);
	CHECK_EQ_UL(m.distance[0][0], 10);
	CHECK_EQ_UL(m.min_free_kbytes, 0);
	CHECK(machine_validate(&m, err, sizeof(err)) == 0);
}

TEST(machine_zoneinfo_45_two_nodes)
{
	struct machine_desc m;
	char err[ERRLEN] = "";

	REQUIRE(machine_load("zoneinfo:tests/data/zoneinfo-4.5.txt", &m, err, sizeof(err)) == 0);
	CHECK_EQ_L(m.nr_nodes, 2);
	CHECK_EQ_L(m.nodes[0].nr_cpus, 2);
	CHECK_EQ_L(m.nodes[1].nr_cpus, 2);
	check_zone(&m.nodes[0].zones[ZONE_DMA], 1, 4095, 3998, 3977);
	check_zone(&m.nodes[0].zones[ZONE_DMA32], 4096, 258048, 258048, 250814);
	check_empty(&m.nodes[0].zones[ZONE_NORMAL]);
	check_empty(&m.nodes[1].zones[ZONE_DMA]);
	check_zone(&m.nodes[1].zones[ZONE_DMA32], 262144, 262144, 262144, 257963);
	CHECK_EQ_UL(m.distance[0][1], 20);
	CHECK_EQ_UL(m.distance[1][0], 20);
	CHECK(strstr(m.summary, "2 nodes, 4 cpus, 2047 MiB") != NULL);
}

TEST(machine_zoneinfo_text)
{
	struct machine_desc m;
	char err[ERRLEN] = "";

	/* cpus shared out: 3 cpus on 2 nodes gives 2 + 1; an empty zone with spanned > 0 */
	REQUIRE(machine_parse_zoneinfo(
		"Node 0, zone      DMA\n  spanned 4095\n  present 4000\n  managed 3900\n"
		"  pagesets\n    cpu: 0\n    cpu: 2\n  start_pfn: 1\n"
		"Node 0, zone  Movable\n  spanned 100\n  present 0\n  managed 0\n"
		"Node 1, zone   Normal\n  spanned 1024\n  present 1024\n  managed 1000\n"
		"  start_pfn: 1048576\n    cpu: 1\n", &m, err, sizeof(err)) == 0);
	CHECK_STR(m.name, "zoneinfo");
	CHECK_EQ_L(m.nodes[0].nr_cpus, 2);
	CHECK_EQ_L(m.nodes[1].nr_cpus, 1);
	check_empty(&m.nodes[0].zones[ZONE_MOVABLE]);
	check_zone(&m.nodes[1].zones[ZONE_NORMAL], 1048576, 1024, 1024, 1000);
}

static const struct bad_case bad_zoneinfos[] = {
	{ "", 1, "no 'Node N, zone NAME' header" },
	{ "MemTotal: 1000 kB\n", 1, "before the first zone header" },
	{ "Node x, zone DMA\n", 1, "not a number" },
	{ "Node 0 zone DMA\n", 1, "bad zone header" },
	{ "Node 16, zone DMA\n", 1, "too large" },
	{ "Node 0, zone Foo\n", 1, "unknown zone 'Foo'" },
	{ "Node 0, zone DMA\n spanned 4095\n present 3998\n managed 3977\n start_pfn: 1\n"
	  " cpu: 0\nNode 0, zone DMA\n", 7, "appears twice" },
	{ "Node 0, zone DMA\n spanned 4095\n spanned 4095\n", 3, "second 'spanned'" },
	{ "Node 0, zone DMA\n spanned 4095 pages\n", 2, "bad 'spanned' line" },
	{ "Node 0, zone DMA\n spanned -4095\n", 2, "is negative" },
	{ "Node 0, zone DMA\n spanned 4095\n present 3998\n start_pfn: 1\n", 1,
	  "without a 'managed' line" },
	{ "Node 0, zone DMA\n spanned 4095\n present 3998\n managed 3977\n cpu: 0\n", 1,
	  "without a 'start_pfn:' line" },
	{ "Node 0, zone DMA\n spanned 4095\n present 3998\n managed 3977\n start_pfn: 1\n", 5,
	  "no 'cpu: N' line" },
	{ "Node 0, zone DMA\n cpu: 512\n", 2, "too large" },
	{ "Node 0, zone DMA\n cpu:\n", 2, "bad pageset line" },
	{ "Node 1, zone Normal\n spanned 1\n present 1\n managed 1\n start_pfn: 1048576\n"
	  " cpu: 0\n", 6, "node 0 has no zones" },
	{ "Node 0, zone DMA\n spanned 4095\n present 3998\n managed 3999\n start_pfn: 1\n"
	  " cpu: 0\n", 1, "managed must be <=" },
	{ "Node 0, zone Normal\n spanned 10\n present 10\n managed 10\n start_pfn: 5\n"
	  " cpu: 0\n", 1, "Normal starts at pfn 1048576" },
};

TEST(machine_zoneinfo_errors_name_the_line)
{
	struct machine_desc m;
	char err[ERRLEN];

	for (size_t i = 0; i < sizeof(bad_zoneinfos) / sizeof(bad_zoneinfos[0]); i++) {
		const struct bad_case *c = &bad_zoneinfos[i];
		char want[32];
		int ret;

		err[0] = '\0';
		ret = machine_parse_zoneinfo(c->text, &m, err, sizeof(err));
		snprintf(want, sizeof(want), "line %d: ", c->line);
		if (ret != -EINVAL || strncmp(err, want, strlen(want)) || !strstr(err, c->says) ||
		    strchr(err, '\n')) {
			char what[ERRLEN + 128];

			snprintf(what, sizeof(what), "case %zu: ret %d, want '%s...%s', got '%s'", i,
				 ret, want, c->says, err);
			CHECK_STR(what, "");
		}
	}
}

TEST(machine_zoneinfo_malformed_fixtures)
{
	struct machine_desc m;
	char err[ERRLEN] = "";

	CHECK(machine_load("zoneinfo:tests/data/zoneinfo-truncated.txt", &m, err, sizeof(err)) ==
	      -EINVAL);
	CHECK(has_line(err, 113));		/* the DMA32 header: the zone that was cut */
	CHECK(strstr(err, "without a 'managed' line") != NULL);
	CHECK(machine_load("zoneinfo:tests/data/zoneinfo-garbage.txt", &m, err, sizeof(err)) ==
	      -EINVAL);
	CHECK(strstr(err, "tests/data/zoneinfo-garbage.txt: line 122: managed '77x2915' is not a "
		     "number") == err);
	CHECK(machine_load("zoneinfo:tests/data/zoneinfo-highmem.txt", &m, err, sizeof(err)) ==
	      -EINVAL);
	CHECK(has_line(err, 39));
	CHECK(strstr(err, "HighMem exists only in 32-bit kernels") != NULL);
}

/* The machine running the tests: whatever it is, no crash and a clear answer. */
TEST(machine_zoneinfo_host)
{
	struct machine_desc m;
	char err[ERRLEN] = "";
	int ret;

	if (!fopen_ok("/proc/zoneinfo"))
		return;
	ret = machine_load("zoneinfo:/proc/zoneinfo", &m, err, sizeof(err));
	CHECK(ret == 0 || (ret == -EINVAL && strstr(err, "/proc/zoneinfo: line ") == err));
	if (!ret)
		CHECK(machine_validate(&m, err, sizeof(err)) == 0);
}

/* ---- machine_load and machine_validate ---- */


TEST(machine_load_errors)
{
	struct machine_desc m;
	char err[ERRLEN] = "";

	CHECK(machine_load("file:tests/data/no-such-file.txt", &m, err, sizeof(err)) == -ENOENT);
	CHECK_STR(err, "cannot open 'tests/data/no-such-file.txt': No such file or directory");
	CHECK(machine_load("zoneinfo:/nonexistent/zoneinfo", &m, err, sizeof(err)) == -ENOENT);
	CHECK(strstr(err, "cannot open '/nonexistent/zoneinfo': ") == err);
	CHECK(machine_load("file:", &m, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "file:PATH") != NULL);
	CHECK(machine_load("", &m, err, sizeof(err)) == -EINVAL);
	CHECK(machine_load(NULL, &m, err, sizeof(err)) == -EINVAL);
	CHECK(machine_load("file:tests/data", &m, err, sizeof(err)) == -ENOENT);
	CHECK(strstr(err, "cannot read 'tests/data': ") == err);
	/* an endless file stops at 16 MiB */
	if (fopen_ok("/dev/zero")) {
		CHECK(machine_load("file:/dev/zero", &m, err, sizeof(err)) == -EINVAL);
		CHECK_STR(err, "'/dev/zero' is larger than 16 MiB; accepted: a machine file or a "
			  "/proc/zoneinfo");
	}
	/* errors with no room for a message */
	CHECK(machine_load("nope", &m, NULL, 0) == -ENOENT);
	CHECK(machine_parse("bad", &m, NULL, 0) == -EINVAL);
	CHECK(machine_parse_zoneinfo("bad", &m, err, 1) == -EINVAL);
	CHECK_STR(err, "");
	CHECK(machine_parse(NULL, &m, err, 8) == -EINVAL);
	CHECK_STR(err, "line 1:");
}

TEST(machine_validate_descriptions)
{
	struct machine_desc m;
	char err[ERRLEN] = "";

	REQUIRE(machine_preset("numa2", &m) == 0);
	m.distance[0][1] = 30;
	CHECK(machine_validate(&m, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "symmetric") != NULL);
	CHECK(strstr(err, "line") == NULL);

	REQUIRE(machine_preset("classroom", &m) == 0);
	m.nr_nodes = 0;
	CHECK(machine_validate(&m, err, sizeof(err)) == -EINVAL);
	m.nr_nodes = MAX_NUMNODES + 1;
	CHECK(machine_validate(&m, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "1..16") != NULL);

	REQUIRE(machine_preset("classroom", &m) == 0);
	m.watermark_scale_factor = 1001;
	CHECK(machine_validate(&m, err, sizeof(err)) == -EINVAL);
	m.watermark_scale_factor = 1000;
	CHECK(machine_validate(&m, err, sizeof(err)) == 0);

	REQUIRE(machine_preset("classroom", &m) == 0);
	memset(m.name, 'x', sizeof(m.name));
	CHECK(machine_validate(&m, err, sizeof(err)) == -EINVAL);

	REQUIRE(machine_preset("classroom", &m) == 0);
	m.nodes[0].nr_cpus = NR_CPUS + 1;
	CHECK(machine_validate(&m, err, sizeof(err)) == -EINVAL);
	CHECK_STR(err, "node 0 has 513 cpus; accepted: 0..512");

	REQUIRE(machine_preset("classroom", &m) == 0);
	m.nodes[0].zones[ZONE_NORMAL].start_pfn = MAX_PFN_LIMIT;
	CHECK(machine_validate(&m, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "2^31") != NULL);
	m.nodes[0].zones[ZONE_NORMAL].start_pfn = (unsigned long)-2;	/* start + spanned wraps */
	CHECK(machine_validate(&m, err, sizeof(err)) == -EINVAL);

	REQUIRE(machine_preset("tiny", &m) == 0);
	m.nodes[0].zones[ZONE_DMA32].start_pfn = 4000;
	CHECK(machine_validate(&m, err, sizeof(err)) == -EINVAL);
	CHECK_STR(err, "node 0 zone DMA32 covers pfns 4000..8095; DMA32 must lie in pfns "
		  "4096..1048575 (16 MiB to 4 GiB)");
}
