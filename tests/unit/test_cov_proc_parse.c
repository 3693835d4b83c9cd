/* tests/unit/test_cov_proc_parse.c - every error of the /proc snapshot
 * parsers (zoneinfo, buddyinfo, pagetypeinfo, vmstat, meminfo, sysctl,
 * iomem, release, THP, uptime) names its line and what is accepted, and a
 * rejected file adds nothing to the machine; plus the odd inputs they
 * accept (negative drift, `sysctl -a` noise, one sys/vm file). */
#include <stdlib.h>
#include <string.h>

#include "../../core/realmachine_int.h"
#include "buddyscope/realmachine.h"
#include "realtest.h"
#include "simtest.h"

static int thp_enabled(struct real_machine *rm, const char *t, char *e, size_t n)
{
	return real_parse_thp(rm, false, t, e, n);
}

static int thp_defrag(struct real_machine *rm, const char *t, char *e, size_t n)
{
	return real_parse_thp(rm, true, t, e, n);
}

static int sysctl_file_ratio(struct real_machine *rm, const char *t, char *e, size_t n)
{
	return real_parse_sysctl_file(rm, "watermark_scale_factor", t, e, n);
}

/* A zone that parses: DMA's header, sizes and free count. */
#define ZI_DMA "Node 0, zone      DMA\n  pages free     3977\n        min      33\n" \
	"        low      41\n        high     49\n        spanned  4095\n" \
	"        present  3998\n        managed  3977\n  start_pfn:           1\n"

static const struct bad_case {
	const char	*what;
	parse_fn	fn;
	const char	*text;
	const char	*err;		/* the whole message */
} bad_cases[] = {
	/* zoneinfo */
	{ "zoneinfo node too big", real_parse_zoneinfo, "Node 16, zone DMA\n",
	  "line 1: node 16: buddyscope models nodes 0..15" },
	{ "zoneinfo zone twice", real_parse_zoneinfo, ZI_DMA "Node 0, zone DMA\n",
	  "line 10: node 0 zone DMA appears twice (first on line 1); a zoneinfo lists each zone once" },
	{ "zoneinfo protection too long", real_parse_zoneinfo,
	  ZI_DMA "        protection: (0, 1, 2, 3, 4, 5)\n",
	  "line 10: protection lists more than 5 zones" },
	{ "zoneinfo protection empty", real_parse_zoneinfo, ZI_DMA "        protection:\n",
	  "line 10: protection line without values; accepted: protection: (N, ...)" },
	{ "zoneinfo without header", real_parse_zoneinfo, "\n\n",
	  "line 2: no 'Node N, zone NAME' header; accepted: the text of /proc/zoneinfo" },
	{ "zoneinfo empty", real_parse_zoneinfo, "",
	  "line 1: no 'Node N, zone NAME' header; accepted: the text of /proc/zoneinfo" },
	{ "zoneinfo bad count", real_parse_zoneinfo, ZI_DMA "    nr_dirty 12x\n",
	  "line 10: '12x' is not a count; accepted: a number without sign" },
	/* buddyinfo */
	{ "buddyinfo empty", real_parse_buddyinfo, "\n",
	  "line 1: no zone lines; accepted: the text of /proc/buddyinfo" },
	{ "buddyinfo bad node", real_parse_buddyinfo, "Node 20, zone DMA 1 2 3 4 5 6 7 8 9 10 11\n",
	  "line 1: node 20: buddyscope models nodes 0..15" },
	/* pagetypeinfo */
	{ "pagetypeinfo bad order line", real_parse_pagetypeinfo, "Page block order: x\n",
	  "line 1: bad 'Page block order' line" },
	{ "pagetypeinfo pages per block", real_parse_pagetypeinfo, "Pages per block: 1024\n",
	  "line 1: pages per block must be 512" },
	{ "pagetypeinfo too many columns", real_parse_pagetypeinfo,
	  "Number of blocks type Unmovable Movable Reclaimable HighAtomic Isolate CMA Unmovable "
	  "Movable Reclaimable\n", "line 1: too many migratetype columns" },
	{ "pagetypeinfo bad zone in free table", real_parse_pagetypeinfo,
	  "Free pages count per migrate type at order 0 1 2 3 4 5 6 7 8 9 10\n"
	  "Node 0, zone Nowhere, type Unmovable 0 0 0 0 0 0 0 0 0 0 0\n",
	  "line 2: unknown zone 'Nowhere,'; accepted: DMA, DMA32, Normal, Movable, Device" },
	{ "pagetypeinfo bad node in free table", real_parse_pagetypeinfo,
	  "Free pages count per migrate type at order 0 1 2 3 4 5 6 7 8 9 10\n"
	  "Node x, zone DMA, type Unmovable 0 0 0 0 0 0 0 0 0 0 0\n",
	  "line 2: node 'x,' is not a number; accepted: Node N, zone NAME" },
	{ "pagetypeinfo bad block line", real_parse_pagetypeinfo,
	  "Number of blocks type Unmovable Movable\nNode 0, DMA 1 2\n",
	  "line 2: bad block-count line; accepted: Node N, zone NAME COUNT..." },
	{ "pagetypeinfo bad node in block table", real_parse_pagetypeinfo,
	  "Number of blocks type Unmovable Movable\nNode 99, zone DMA 1 2\n",
	  "line 2: node 99: buddyscope models nodes 0..15" },
	{ "pagetypeinfo row outside a table", real_parse_pagetypeinfo,
	  "Node 0, zone DMA 1 2\n", "line 1: zone line outside a table" },
	/* vmstat */
	{ "vmstat three words", vmstat_all, "nr_free_pages 1 2\n",
	  "line 1: not a vmstat line; accepted: NAME VALUE, as /proc/vmstat prints" },
	{ "vmstat bad value", vmstat_all, "nr_free_pages -1\n",
	  "line 1: '-1' is not a count; accepted: a number without sign" },
	{ "vmstat empty", vmstat_all, "\n\n\n",
	  "line 3: no counters; accepted: the text of /proc/vmstat" },
	/* meminfo */
	{ "meminfo bad number", real_parse_meminfo, "MemFree: lots kB\n",
	  "line 1: 'lots' is not a number" },
	{ "meminfo two nodes", real_parse_meminfo,
	  "Node 0 MemFree: 4 kB\nNode 1 MemFree: 4 kB\n",
	  "line 2: meminfo of node 0 and node 1 in one file; give one per file" },
	{ "meminfo empty", real_parse_meminfo, "",
	  "line 1: no lines; accepted: the text of /proc/meminfo" },
	/* sysctl */
	{ "sysctl no value", real_parse_sysctl, "vm.swappiness\n",
	  "line 1: 'vm.swappiness' has no value; accepted: vm.NAME = VALUE (as `sysctl vm` prints) "
	  "or NAME VALUE" },
	{ "sysctl only denials", real_parse_sysctl,
	  "sysctl: permission denied on key 'vm.stat_refresh'\n",
	  "line 1: no sysctl lines; accepted: `sysctl vm` output or NAME VALUE lines" },
	{ "sysctl not a number", real_parse_sysctl, "vm.swappiness = sixty\n",
	  "line 1: vm.swappiness: 'sixty' is not a number; the kernel prints integers" },
	{ "sysctl file two lines", sysctl_file_ratio, "10\n20\n",
	  "line 2: a sysctl file holds one line" },
	{ "sysctl file empty", sysctl_file_ratio, "\n",
	  "line 1: empty; a sysctl file holds its value" },
	{ "sysctl file not a number", sysctl_file_ratio, "1O\n",
	  "line 1: '1O' is not a number; the kernel prints integers" },
	/* iomem */
	{ "iomem empty", real_parse_iomem, "\n",
	  "line 1: no ranges; accepted: the text of /proc/iomem" },
	/* release */
	{ "release no version", real_parse_release, "999.1\n",
	  "line 1: '999.1' has no version number" },
	{ "release empty", real_parse_release, "\n\n",
	  "line 1: empty; accepted: one line as `uname -r` prints" },
	/* THP */
	{ "thp enabled no choice", thp_enabled, "always madvise never\n",
	  "line 1: no [choice]; accepted: the text of the THP enabled file, e.g. always [madvise] "
	  "never" },
	{ "thp defrag empty", thp_defrag, "",
	  "line 1: no [choice]; accepted: the text of the THP defrag file, e.g. always [madvise] "
	  "never" },
	/* uptime */
	{ "uptime three numbers", real_parse_uptime_file, "1.0 2.0 3.0\n",
	  "line 1: not an uptime; accepted: SECONDS[.FRACTION] as /proc/uptime prints" },
	{ "uptime empty", real_parse_uptime_file, "",
	  "line 0: not an uptime; accepted: SECONDS[.FRACTION] as /proc/uptime prints" },
	{ "uptime not a number", real_parse_uptime_file, "5.x 9.12\n",
	  "line 1: '5.x' is not an uptime in seconds" },
	{ "uptime too many digits", real_parse_uptime_file, "5.1234567890\n",
	  "line 1: '5.1234567890' is not an uptime in seconds" },
};

TEST(cov_proc_parse_errors_name_line_and_what_is_accepted)
{
	struct real_machine *rm = malloc(sizeof(*rm)), *fresh = malloc(sizeof(*fresh));

	REQUIRE(rm && fresh);
	realmachine_init(fresh);
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		char err[512] = "";
		int ret;

		realmachine_init(rm);
		ret = c->fn(rm, c->text, err, sizeof(err));
		if (ret != -EINVAL || strcmp(err, c->err))
			printf("  %s: %d '%s'\n", c->what, ret, err);
		CHECK_EQ_L(ret, -EINVAL);
		CHECK_STR(err, c->err);
		/* a rejected file gives the machine nothing it can boot from */
		CHECK_EQ_UL(rm->have & ~(unsigned int)RF_SYSCTL, 0);
	}
	free(rm);
	free(fresh);
}

/* What the parsers accept that is odd: a per-cpu drift printed unsigned
 * reads as 0; `sysctl -a` lines of other trees and denials are skipped; a
 * name or value too long for the model is dropped; a later line of the same
 * sysctl wins; one sys/vm file stores its value. */
TEST(cov_proc_parse_odd_but_valid_inputs)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	char err[256] = "";
	char longname[200];
	int ret;

	REQUIRE(rm);
	realmachine_init(rm);
	ret = real_parse_vmstat(rm, -1, "nr_free_pages 18446744073709551600\n"
				     "pgfault 77\n", err, sizeof(err));
	CHECK_EQ_L(ret, 0);
	CHECK_EQ_L(rm->c[RC_FREE], 0);
	CHECK_EQ_UL(rm->vm_events[PGFAULT], 77);
	CHECK(rm->have & RF_VMSTAT);

	ret = real_parse_sysctl(rm, "sysctl: permission denied on key 'vm.stat_refresh'\n"
				     "kernel.panic = 0\n"
				     "vm.swappiness = 60\n"
				     "vm.swappiness = 10\t\n"
				     "min_free_kbytes 4096\n"
				     "vm.lowmem_reserve_ratio = 256\t256\t32\t0\t0\n", err,
				     sizeof(err));
	CHECK_EQ_L(ret, 0);
	CHECK_STR(realmachine_sysctl(rm, "swappiness"), "10");
	CHECK_STR(realmachine_sysctl(rm, "min_free_kbytes"), "4096");
	CHECK_STR(realmachine_sysctl(rm, "lowmem_reserve_ratio"), "256\t256\t32\t0\t0");
	CHECK(realmachine_sysctl(rm, "panic") == NULL);
	CHECK(realmachine_sysctl(rm, "kernel.panic") == NULL);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	ret = real_parse_sysctl_file(rm, longname, "1\n", err, sizeof(err));
	CHECK_EQ_L(ret, 0);
	CHECK(realmachine_sysctl(rm, longname) == NULL);
	ret = real_parse_sysctl_file(rm, "watermark_scale_factor", " 30 \n", err,
					  sizeof(err));
	CHECK_EQ_L(ret, 0);
	CHECK_STR(realmachine_sysctl(rm, "watermark_scale_factor"), "30");

	ret = real_parse_release(rm, "\n6.1.0-56-amd64\n", err, sizeof(err));
	CHECK_EQ_L(ret, 0);
	CHECK_EQ_L(rm->ver_major, 6);
	CHECK_EQ_L(rm->ver_minor, 1);
	realmachine_set_release(rm, "4.19.0-and-a-very-long-suffix-that-goes-on-and-on-and-on-"
				"past-the-buffer-of-the-release-field", 95);
	CHECK_EQ_L(rm->ver_major, 4);
	CHECK_EQ_L(rm->ver_minor, 19);
	CHECK_EQ_UL(strlen(rm->release), sizeof(rm->release) - 1);

	ret = real_parse_thp(rm, true, "always defer [madvise] never\n", err, sizeof(err));
	CHECK_EQ_L(ret, 0);
	CHECK_STR(rm->thp_defrag, "madvise");
	ret = real_parse_uptime_file(rm, "5.68 9.12\n", err, sizeof(err));
	CHECK_EQ_L(ret, 0);
	CHECK_EQ_UL(rm->uptime_ns, 5680000000ULL);
	free(rm);
}

/* /proc/iomem: RAM is whole pages, the kernel image every page it touches,
 * nested lines by depth, other names ignored, a range past the model's
 * highest pfn clipped. */
TEST(cov_proc_parse_iomem_ranges)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	char err[256] = "";
	int ret;

	REQUIRE(rm);
	realmachine_init(rm);
	ret = real_parse_iomem(rm, "00000000-00000fff : Reserved\n"
				    "00001000-0009fbff : System RAM\n"
				    "000a0000-000bffff : PCI Bus 0000:00\n"
				    "00100000-3fffffff : System RAM\n"
				    "  01000000-01e00fff : Kernel code\n"
				    "  01e00000-01e00000 : Kernel data\n",
				    err, sizeof(err));
	CHECK_EQ_L(ret, 0);
	REQUIRE(rm->nr_ranges == 5);
	CHECK_EQ_UL(rm->ranges[0].kind, IOMEM_RESERVED);
	CHECK_EQ_UL(rm->ranges[1].start, 1);
	CHECK_EQ_UL(rm->ranges[1].end, 0x9f);	/* 0x9fbff: the last page is partial */
	CHECK_EQ_UL(rm->ranges[2].start, 0x100);
	CHECK_EQ_UL(rm->ranges[2].end, 0x40000);
	CHECK_EQ_UL(rm->ranges[3].kind, IOMEM_KERNEL);
	CHECK_EQ_UL(rm->ranges[3].start, 0x1000);
	CHECK_EQ_UL(rm->ranges[3].end, 0x1e01);
	CHECK_EQ_UL(rm->ranges[4].start, 0x1e00);
	CHECK_EQ_UL(rm->ranges[4].end, 0x1e01);
	CHECK(rm->have & RF_IOMEM);
	/* read without root: every address 0 */
	realmachine_init(rm);
	ret = real_parse_iomem(rm, "00000000-00000000 : System RAM\n", err, sizeof(err));
	CHECK_EQ_L(ret, -EINVAL);
	CHECK(strstr(err, "every address is 0") != NULL);
	CHECK(!(rm->have & RF_IOMEM));
	free(rm);
}

/* real_text_nul_line: the line of the first NUL, 0 without one. */
TEST(cov_proc_parse_nul_line)
{
	static const char text[] = "a\nb\nc\0d\n";

	CHECK_EQ_L(real_text_nul_line(text, sizeof(text) - 1), 3);
	CHECK_EQ_L(real_text_nul_line("a\nb\n", 4), 0);
	CHECK_EQ_L(real_text_nul_line("\0", 1), 1);
}
