/* tests/unit/test_cov_proc_edges.c - the /proc snapshot parsers at the
 * edges of their formats: every malformed shape of a header, a zone line,
 * a pageset, a table row gets its own one-line error naming the line; and
 * the shapes they accept (Device zones skipped, a node's meminfo, sysctls
 * with tabs, iomem names by depth, releases and uptimes at their limits)
 * land where the machine reads them. */
#include <stdlib.h>
#include <string.h>

#include "../../core/realmachine_int.h"
#include "buddyscope/realmachine.h"
#include "buddyscope/vmstat.h"
#include "realtest.h"
#include "simtest.h"

static int thp_enabled(struct real_machine *rm, const char *t, char *e, size_t n)
{
	return real_parse_thp(rm, false, t, e, n);
}

static int sysctl_file_swappiness(struct real_machine *rm, const char *t, char *e, size_t n)
{
	return real_parse_sysctl_file(rm, "swappiness", t, e, n);
}

#define ZI_HEAD "Node 0, zone      DMA\n  pages free     3977\n        min      33\n" \
	"        low      41\n        high     49\n        spanned  4095\n" \
	"        present  3998\n        managed  3977\n"
#define PT_HEAD "Page block order: 9\nPages per block:  512\n\n" \
	"Free pages count per migrate type at order       0      1      2\n"
#define PT_FREE "Node    0, zone      DMA, type    Unmovable      1      2      3\n"
#define PT_BLK "Number of blocks type     Unmovable      Movable\n"

static const struct edge_case {
	const char	*what;
	parse_fn	fn;
	const char	*text;
	const char	*err;
} edge_cases[] = {
	/* vmstat */
	{ "vmstat upper-case name", vmstat_all, "Nr_free 3\n",
	  "line 1: not a vmstat line; accepted: NAME VALUE, as /proc/vmstat prints" },
	{ "vmstat dash in name", vmstat_all, "nr-free 3\n",
	  "line 1: not a vmstat line; accepted: NAME VALUE, as /proc/vmstat prints" },
	{ "vmstat name only", vmstat_all, "nr_free_pages\n",
	  "line 1: not a vmstat line; accepted: NAME VALUE, as /proc/vmstat prints" },
	{ "vmstat signed", vmstat_all, "nr_free_pages -3\n",
	  "line 1: '-3' is not a count; accepted: a number without sign" },
	{ "vmstat 20 digits not drift", vmstat_all, "nr_free_pages 99999999999999999999\n",
	  "line 1: '99999999999999999999' is not a count; accepted: a number without sign" },
	{ "vmstat empty", vmstat_all, "",
	  "line 1: no counters; accepted: the text of /proc/vmstat" },
	/* meminfo */
	{ "meminfo no colon", real_parse_meminfo, "MemFree 4 kB\n",
	  "line 1: not a meminfo line; accepted: Name: N kB, as /proc/meminfo prints" },
	{ "meminfo colon only", real_parse_meminfo, ": 4 kB\n",
	  "line 1: not a meminfo line; accepted: Name: N kB, as /proc/meminfo prints" },
	{ "meminfo MB", real_parse_meminfo, "MemFree: 4 MB\n",
	  "line 1: not a meminfo line; accepted: Name: N kB, as /proc/meminfo prints" },
	{ "meminfo extra word", real_parse_meminfo, "MemFree: 4 kB x\n",
	  "line 1: not a meminfo line; accepted: Name: N kB, as /proc/meminfo prints" },
	{ "meminfo no value", real_parse_meminfo, "MemFree:\n",
	  "line 1: not a meminfo line; accepted: Name: N kB, as /proc/meminfo prints" },
	{ "meminfo bad number", real_parse_meminfo, "MemFree: 4x kB\n",
	  "line 1: '4x' is not a number" },
	{ "meminfo node then machine", real_parse_meminfo,
	  "Node 0 MemFree: 4 kB\nMemFree: 4 kB\n",
	  "line 2: meminfo of node 0 and node -1 in one file; give one per file" },
	{ "meminfo two nodes", real_parse_meminfo, "Node 0 MemFree: 4 kB\nNode 1 MemFree: 4 kB\n",
	  "line 2: meminfo of node 0 and node 1 in one file; give one per file" },
	{ "meminfo bad node", real_parse_meminfo, "Node x MemFree: 4 kB\n",
	  "line 1: node 'x' is not a number; accepted: Node N, zone NAME" },
	{ "meminfo empty", real_parse_meminfo, "",
	  "line 1: no lines; accepted: the text of /proc/meminfo" },
	/* sysctl */
	{ "sysctl = without value", real_parse_sysctl, "vm.swappiness =\n",
	  "line 1: 'vm.swappiness =' without a value" },
	{ "sysctl lone minus", real_parse_sysctl, "vm.swappiness = -\n",
	  "line 1: vm.swappiness: '-' is not a number; the kernel prints integers" },
	{ "sysctl second word bad", real_parse_sysctl, "vm.lowmem_reserve_ratio = 256\t3x 0\n",
	  "line 1: vm.lowmem_reserve_ratio: '3x' is not a number; the kernel prints integers" },
	{ "sysctl file second line", sysctl_file_swappiness, "10\n\n20",
	  "line 2: a sysctl file holds one line" },
	{ "sysctl file empty", sysctl_file_swappiness, "",
	  "line 1: empty; a sysctl file holds its value" },
	{ "sysctl empty", real_parse_sysctl, "",
	  "line 1: no sysctl lines; accepted: `sysctl vm` output or NAME VALUE lines" },
	/* iomem */
	{ "iomem empty", real_parse_iomem, "", "line 1: no ranges; accepted: the text of /proc/iomem" },
	{ "iomem no colon", real_parse_iomem, "00000000-00000fff Reserved\n",
	  "line 1: not an iomem line; accepted: START-END : NAME (hex addresses), as /proc/iomem "
	  "prints" },
	{ "iomem no dash", real_parse_iomem, "00000000 : Reserved\n",
	  "line 1: not an iomem line; accepted: START-END : NAME (hex addresses), as /proc/iomem "
	  "prints" },
	{ "iomem not hex", real_parse_iomem, "0000000g-00000fff : Reserved\n",
	  "line 1: not an iomem line; accepted: START-END : NAME (hex addresses), as /proc/iomem "
	  "prints" },
	{ "iomem end not hex", real_parse_iomem, "00000000-00000fffx : Reserved\n",
	  "line 1: not an iomem line; accepted: START-END : NAME (hex addresses), as /proc/iomem "
	  "prints" },
	{ "iomem upside down", real_parse_iomem, "00002000-00000fff : Reserved\n",
	  "line 1: not an iomem line; accepted: START-END : NAME (hex addresses), as /proc/iomem "
	  "prints" },
	{ "iomem all zero", real_parse_iomem, "00000000-00000000 : System RAM\n",
	  "line 1: every address is 0: /proc/iomem was read without root; copy it as root" },
	/* release */
	{ "release two words", real_parse_release, "6.1.0 x\n",
	  "line 1: not a kernel release; accepted: one line as `uname -r` prints, e.g. "
	  "6.1.0-56-amd64, or /proc/version" },
	{ "release starts 1", real_parse_release, "1.2.3\n",
	  "line 1: not a kernel release; accepted: one line as `uname -r` prints, e.g. "
	  "6.1.0-56-amd64, or /proc/version" },
	{ "release starts letter", real_parse_release, "abc\n",
	  "line 1: not a kernel release; accepted: one line as `uname -r` prints, e.g. "
	  "6.1.0-56-amd64, or /proc/version" },
	/* THP */
	{ "thp empty brackets", thp_enabled, "always [] never\n",
	  "line 1: no [choice]; accepted: the text of the THP enabled file, e.g. always [madvise] "
	  "never" },
	{ "thp unclosed", thp_enabled, "always [madvise never\n",
	  "line 1: no [choice]; accepted: the text of the THP enabled file, e.g. always [madvise] "
	  "never" },
	{ "thp many words", thp_enabled,
	  "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r "
	  "s t u v w x y z a b c d e f g h i j k l m n o p [q]\n",
	  "line 1: no [choice]; accepted: the text of the THP enabled file, e.g. always [madvise] "
	  "never" },
	{ "thp choice too long", thp_enabled, "[averyveryverylongchoice]\n",
	  "line 1: no [choice]; accepted: the text of the THP enabled file, e.g. always [madvise] "
	  "never" },
	/* uptime */
	{ "uptime dot without digits", real_parse_uptime_file, "12. 3.0\n",
	  "line 1: '12.' is not an uptime in seconds" },
	{ "uptime not a number", real_parse_uptime_file, "x\n",
	  "line 1: 'x' is not an uptime in seconds" },
	{ "uptime blank line", real_parse_uptime_file, "\n",
	  "line 1: not an uptime; accepted: SECONDS[.FRACTION] as /proc/uptime prints" },
	/* zoneinfo */
	{ "zoneinfo header no comma", real_parse_zoneinfo, "Node 0 zone DMA\n",
	  "line 1: bad zone header; accepted: Node N, zone NAME" },
	{ "zoneinfo header short node", real_parse_zoneinfo, "Node , zone DMA\n",
	  "line 1: bad zone header; accepted: Node N, zone NAME" },
	{ "zoneinfo header not zone", real_parse_zoneinfo, "Node 0, area DMA\n",
	  "line 1: bad zone header; accepted: Node N, zone NAME" },
	{ "zoneinfo unknown zone", real_parse_zoneinfo, "Node 0, zone Lowmem\n",
	  "line 1: unknown zone 'Lowmem'; accepted: DMA, DMA32, Normal, Movable, Device" },
	{ "zoneinfo HighMem", real_parse_zoneinfo, "Node 0, zone HighMem\n",
	  "line 1: zone HighMem exists only in 32-bit kernels; buddyscope models x86-64 (DMA, "
	  "DMA32, Normal, Movable)" },
	{ "zoneinfo line before header", real_parse_zoneinfo, "nr_free_pages 3\n",
	  "line 1: 'nr_free_pages' before the first zone header; accepted: the text of "
	  "/proc/zoneinfo, which starts with 'Node 0, zone NAME'" },
	{ "zoneinfo pages free two values", real_parse_zoneinfo,
	  "Node 0, zone DMA\n  pages free 3 4\n",
	  "line 2: bad 'pages free' line; accepted: pages free N" },
	{ "zoneinfo pages free not a number", real_parse_zoneinfo,
	  "Node 0, zone DMA\n  pages free x\n",
	  "line 2: bad 'pages free' line; accepted: pages free N" },
	{ "zoneinfo min not a number", real_parse_zoneinfo, "Node 0, zone DMA\n  min x\n",
	  "line 2: 'min' value 'x' is not a number" },
	{ "zoneinfo protection paren only", real_parse_zoneinfo,
	  ZI_HEAD "  protection: ( 0, 1)\n",
	  "line 9: bad protection value '('; accepted: protection: (N, N, ...)" },
	{ "zoneinfo cpu without number", real_parse_zoneinfo, ZI_HEAD "  pagesets\n    cpu:\n",
	  "line 10: bad pageset line; accepted: cpu: N" },
	{ "zoneinfo cpu too big", real_parse_zoneinfo, ZI_HEAD "  pagesets\n    cpu: 100001\n",
	  "line 10: bad pageset line; accepted: cpu: N" },
	{ "zoneinfo count before cpu", real_parse_zoneinfo, ZI_HEAD "  pagesets\n    count: 3\n",
	  "line 10: bad pageset line 'count:'; accepted: count: N, high: N, batch: N after cpu: N" },
	{ "zoneinfo count two values", real_parse_zoneinfo,
	  ZI_HEAD "  pagesets\n    cpu: 0\n    count: 1 2\n",
	  "line 11: bad pageset line 'count:'; accepted: count: N, high: N, batch: N after cpu: N" },
	{ "zoneinfo high too big", real_parse_zoneinfo,
	  ZI_HEAD "  pagesets\n    cpu: 0\n    high: 2147483649\n",
	  "line 11: bad pageset line 'high:'; accepted: count: N, high: N, batch: N after cpu: N" },
	{ "zoneinfo lone colon", real_parse_zoneinfo, ZI_HEAD "  : 5\n",
	  "line 9: ':' is not a zoneinfo line; accepted: the text of /proc/zoneinfo" },
	{ "zoneinfo batch not a number", real_parse_zoneinfo,
	  ZI_HEAD "  pagesets\n    cpu: 0\n    batch: x\n",
	  "line 11: bad pageset line 'batch:'; accepted: count: N, high: N, batch: N after cpu: N" },
	{ "zoneinfo start_pfn too big", real_parse_zoneinfo, ZI_HEAD "  start_pfn: 2147483649\n",
	  "line 9: bad start_pfn line; accepted: start_pfn: PFN below 2^31" },
	{ "zoneinfo per-node not stats", real_parse_zoneinfo, ZI_HEAD "  per-node x\n",
	  "line 9: 'per-node' is not a zoneinfo line; accepted: the text of /proc/zoneinfo" },
	{ "zoneinfo stat three words", real_parse_zoneinfo, ZI_HEAD "  nr_free_pages 3 4\n",
	  "line 9: 'nr_free_pages' is not a zoneinfo line; accepted: the text of /proc/zoneinfo" },
	{ "zoneinfo free without span", real_parse_zoneinfo, "Node 0, zone DMA\n  pages free 3\n",
	  "line 2: node 0 zone DMA ends without its 'pages free' and 'spanned' lines (file "
	  "truncated?)" },
	{ "zoneinfo earlier zone truncated", real_parse_zoneinfo,
	  "Node 0, zone DMA\n  spanned 5\nNode 0, zone DMA32\n  pages free 3\n  spanned 5\n",
	  "line 1: node 0 zone DMA ends without its 'pages free' and 'spanned' lines (file "
	  "truncated?)" },
	/* buddyinfo */
	{ "buddyinfo too many counts", real_parse_buddyinfo,
	  "Node 0, zone DMA 1 2 3 4 5 6 7 8 9 10 11 12\n",
	  "line 1: 12 free counts: a kernel with orders 0..11 (larger pages, or a raised "
	  "ARCH_FORCE_MAX_ORDER); buddyscope models orders 0..10 (x86-64, 4 KiB pages)" },
	{ "buddyinfo short", real_parse_buddyinfo, "Node 0, zone DMA\n",
	  "line 1: not a buddyinfo line; accepted: Node N, zone NAME COUNT..." },
	{ "buddyinfo not Node", real_parse_buddyinfo, "Nod 0, zone DMA 1\n",
	  "line 1: not a buddyinfo line; accepted: Node N, zone NAME COUNT..." },
	{ "buddyinfo not zone", real_parse_buddyinfo, "Node 0, zon DMA 1\n",
	  "line 1: not a buddyinfo line; accepted: Node N, zone NAME COUNT..." },
	{ "buddyinfo unknown zone", real_parse_buddyinfo, "Node 0, zone Foo 1\n",
	  "line 1: unknown zone 'Foo'; accepted: DMA, DMA32, Normal, Movable, Device" },
	{ "buddyinfo twice", real_parse_buddyinfo, "Node 0, zone DMA 1\nNode 0, zone DMA 1\n",
	  "line 2: node 0 zone DMA listed twice" },
	{ "buddyinfo cut short", real_parse_buddyinfo, "Node 0, zone DMA 1 2 3",
	  "line 1: 3 free counts and no newline at the end (file cut short?)" },
	{ "buddyinfo bad count", real_parse_buddyinfo, "Node 0, zone DMA 1 >2\n",
	  "line 1: free count '>2' at order 1 is not a number" },
	{ "buddyinfo empty", real_parse_buddyinfo, "",
	  "line 1: no zone lines; accepted: the text of /proc/buddyinfo" },
	/* pagetypeinfo */
	{ "pagetypeinfo Page not a header", real_parse_pagetypeinfo, "Page size: 4096\n",
	  "line 1: not a pagetypeinfo line; accepted: the text of /proc/pagetypeinfo" },
	{ "pagetypeinfo Pages not a header", real_parse_pagetypeinfo, "Pages per page: 1\n",
	  "line 1: not a pagetypeinfo line; accepted: the text of /proc/pagetypeinfo" },
	{ "pagetypeinfo Number not a header", real_parse_pagetypeinfo, "Number 5\n",
	  "line 1: not a pagetypeinfo line; accepted: the text of /proc/pagetypeinfo" },
	{ "pagetypeinfo pages per block x", real_parse_pagetypeinfo, "Pages per block: x\n",
	  "line 1: pages per block must be 512" },
	{ "pagetypeinfo order line short", real_parse_pagetypeinfo, "Page block order:\n",
	  "line 1: bad 'Page block order' line" },
	{ "pagetypeinfo order 10", real_parse_pagetypeinfo, "Page block order: 10\n",
	  "line 1: pageblock order 10; buddyscope models pageblock_order 9 (x86-64 with 4 KiB "
	  "pages)" },
	{ "pagetypeinfo pages per block", real_parse_pagetypeinfo, "Pages per block: 1024\n",
	  "line 1: pages per block must be 512" },
	{ "pagetypeinfo pages per block short", real_parse_pagetypeinfo, "Pages per block:\n",
	  "line 1: pages per block must be 512" },
	{ "pagetypeinfo bad table header", real_parse_pagetypeinfo, "Number of pages type\n",
	  "line 1: bad table header; accepted: Number of blocks type ..." },
	{ "pagetypeinfo blocks without type", real_parse_pagetypeinfo, "Number of blocks kind\n",
	  "line 1: bad table header; accepted: Number of blocks type ..." },
	{ "pagetypeinfo mixed without blocks", real_parse_pagetypeinfo, "Number of mixed x\n",
	  "line 1: bad table header; accepted: Number of blocks type ..." },
	{ "pagetypeinfo unknown type", real_parse_pagetypeinfo, "Number of blocks type Foo\n",
	  "line 1: unknown migratetype 'Foo'; accepted: Unmovable, Movable, Reclaimable, "
	  "HighAtomic, CMA, Isolate" },
	{ "pagetypeinfo too many columns", real_parse_pagetypeinfo,
	  "Number of blocks type Unmovable Movable Reclaimable HighAtomic CMA Isolate Reserve "
	  "Movable Movable\n",
	  "line 1: too many migratetype columns" },
	{ "pagetypeinfo free row short", real_parse_pagetypeinfo, PT_HEAD "Node 0, zone DMA\n",
	  "line 5: bad free-count line; accepted: Node N, zone NAME, type TYPE COUNT..." },
	{ "pagetypeinfo free row no type", real_parse_pagetypeinfo,
	  PT_HEAD "Node 0, zone DMA, kind Movable 1 2 3\n",
	  "line 5: bad free-count line; accepted: Node N, zone NAME, type TYPE COUNT..." },
	{ "pagetypeinfo free row bad node", real_parse_pagetypeinfo,
	  PT_HEAD "Node 16, zone DMA, type Movable 1 2 3\n",
	  "line 5: node 16: buddyscope models nodes 0..15" },
	{ "pagetypeinfo free row HighMem", real_parse_pagetypeinfo,
	  PT_HEAD "Node 0, zone HighMem, type Movable 1 2 3\n",
	  "line 5: zone HighMem exists only in 32-bit kernels; buddyscope models x86-64 (DMA, "
	  "DMA32, Normal, Movable)" },
	{ "pagetypeinfo free row bad type", real_parse_pagetypeinfo,
	  PT_HEAD "Node 0, zone DMA, type Foo 1 2 3\n",
	  "line 5: unknown migratetype 'Foo'" },
	{ "pagetypeinfo free row cut", real_parse_pagetypeinfo,
	  PT_HEAD "Node 0, zone DMA, type Movable 1 2\n",
	  "line 5: 2 free counts under 3 order columns (file cut short?)" },
	{ "pagetypeinfo block row short", real_parse_pagetypeinfo, PT_BLK "Node 0, zone\n",
	  "line 2: bad block-count line; accepted: Node N, zone NAME COUNT..." },
	{ "pagetypeinfo block row bad node", real_parse_pagetypeinfo, PT_BLK "Node x, zone DMA 1 2\n",
	  "line 2: node 'x,' is not a number; accepted: Node N, zone NAME" },
	{ "pagetypeinfo block row bad zone", real_parse_pagetypeinfo, PT_BLK "Node 0, zone Foo 1 2\n",
	  "line 2: unknown zone 'Foo'; accepted: DMA, DMA32, Normal, Movable, Device" },
	{ "pagetypeinfo block row columns", real_parse_pagetypeinfo, PT_BLK "Node 0, zone DMA 1\n",
	  "line 2: 1 block counts under 2 migratetype columns" },
	{ "pagetypeinfo block row not a number", real_parse_pagetypeinfo,
	  PT_BLK "Node 0, zone DMA 1 x\n",
	  "line 2: block count 'x' is not a number" },
	{ "pagetypeinfo zone line outside", real_parse_pagetypeinfo, "Node 0, zone DMA 1\n",
	  "line 1: zone line outside a table" },
	{ "pagetypeinfo not a line", real_parse_pagetypeinfo, "hello\n",
	  "line 1: not a pagetypeinfo line; accepted: the text of /proc/pagetypeinfo" },
	{ "pagetypeinfo no block table", real_parse_pagetypeinfo, PT_HEAD PT_FREE,
	  "line 5: no 'Number of blocks type' table (file truncated?); accepted: the text of "
	  "/proc/pagetypeinfo" },
	{ "pagetypeinfo no free table", real_parse_pagetypeinfo, PT_BLK "Node 0, zone DMA 1 2\n",
	  "line 2: no free-count table (file truncated?); accepted: the text of /proc/pagetypeinfo" },
	{ "pagetypeinfo empty", real_parse_pagetypeinfo, "",
	  "line 1: no free-count table (file truncated?); accepted: the text of /proc/pagetypeinfo" },
};

TEST(cov_proc_edges_errors)
{
	struct real_machine *rm = malloc(sizeof(*rm));

	REQUIRE(rm);
	for (size_t i = 0; i < sizeof(edge_cases) / sizeof(edge_cases[0]); i++) {
		const struct edge_case *c = &edge_cases[i];
		char err[512] = "";
		int ret;

		realmachine_init(rm);
		ret = c->fn(rm, c->text, err, sizeof(err));
		if (ret != -EINVAL || strcmp(err, c->err))
			printf("  %s: %d '%s'\n", c->what, ret, err);
		CHECK_EQ_L(ret, -EINVAL);
		CHECK_STR(err, c->err);
	}
	free(rm);
}

/* vmstat and meminfo shapes that are accepted, and where they land. */
TEST(cov_proc_edges_vmstat_meminfo)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	char err[256] = "";

	REQUIRE(rm);
	realmachine_init(rm);
	/* 20 digits from '1' beyond 2^64 is a drift below zero too. Bug fixed:
	 * tp_dec() let a number past 2^64 wrap (1553255926290448383 here), and
	 * 99999999999999999999 read as a count of 7766279631452241919 */
	CHECK_EQ_L(real_parse_vmstat(rm, -1, "\nnr_free_pages 19999999999999999999\n"
				     "nr_dirty 12\n", err, sizeof(err)), 0);
	CHECK_EQ_L(rm->c[RC_FREE], 0);
	CHECK_EQ_L(rm->c[RC_DIRTY], 12);
	/* a node's vmstat: its counters, not the machine's, and no events */
	CHECK_EQ_L(real_parse_vmstat(rm, 1, "nr_dirty 5\npgfault 9\n", err, sizeof(err)), 0);
	CHECK_EQ_L(rm->nodes[1].c[RC_DIRTY], 5);
	CHECK_EQ_L(rm->c[RC_DIRTY], 12);
	CHECK_EQ_UL(rm->vm_events[PGFAULT], 0);

	/* a node's meminfo: its numbers go to that node; SwapTotal is the machine's */
	realmachine_init(rm);
	CHECK_EQ_L(real_parse_meminfo(rm, "\nNode 1 MemFree: 400 kB\nNode 1 SwapTotal: 800 kB\n"
				      "Node 1 Cached: 40 kB\n", err, sizeof(err)), 0);
	CHECK_EQ_L(rm->nodes[1].mi[RC_FREE], 100);
	CHECK_EQ_L(rm->nodes[1].mi[RC_FILE], 10);
	CHECK_EQ_UL(rm->swap_total, 0);
	CHECK(!(rm->have & RF_MEMINFO));
	/* the machine's: Cached + Buffers + SwapCached, huge pages of their size */
	realmachine_init(rm);
	CHECK_EQ_L(real_parse_meminfo(rm, "MemFree: 400 kB\nCached: 400 kB\nBuffers: 40 kB\n"
				      "SwapCached: 8 kB\nSwapTotal: 800 kB\nHugePages_Total: 3\n"
				      "Hugepagesize: 1048576 kB\n", err, sizeof(err)), 0);
	CHECK_EQ_L(rm->mi[RC_FILE], 100 + 10 + 2);
	CHECK_EQ_L(rm->mi[RC_HUGETLB], 3 * 262144);
	CHECK_EQ_UL(rm->swap_total, 200);
	CHECK(rm->have & RF_MEMINFO);
	free(rm);
}

/* sysctls: tabs and CRs around values, names the model has not, names
 * and values too long to keep, and a table that is full. */
TEST(cov_proc_edges_sysctl)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct strbuf sb = STRBUF_INIT;
	char err[256] = "", longval[100];

	REQUIRE(rm);
	realmachine_init(rm);
	CHECK_EQ_L(real_parse_sysctl(rm, "vm. = 5\nvm.lowmem_reserve_ratio = 256\r\t32\t-1\n"
				     "vm.made_up = a b\n", err, sizeof(err)), 0);
	CHECK(realmachine_sysctl(rm, "") == NULL);
	CHECK_STR(realmachine_sysctl(rm, "lowmem_reserve_ratio"), "256\r\t32\t-1");
	CHECK_STR(realmachine_sysctl(rm, "made_up"), "a b");	/* not modelled: not checked */
	CHECK_EQ_L(real_parse_sysctl_file(rm, "swappiness", "\t 30 \t\r\n \n", err, sizeof(err)), 0);
	CHECK_STR(realmachine_sysctl(rm, "swappiness"), "30");
	memset(longval, '7', sizeof(longval) - 1);
	longval[sizeof(longval) - 1] = '\0';
	CHECK_EQ_L(real_parse_sysctl_file(rm, "min_free_kbytes", longval, err, sizeof(err)), 0);
	CHECK(realmachine_sysctl(rm, "min_free_kbytes") == NULL);
	/* the table holds REAL_MAX_SYSCTLS names; more are dropped */
	realmachine_init(rm);
	for (int i = 0; i < REAL_MAX_SYSCTLS + 4; i++)
		sb_printf(&sb, "vm.n%d = %d\n", i, i);
	CHECK_EQ_L(real_parse_sysctl(rm, sb_str(&sb), err, sizeof(err)), 0);
	CHECK_EQ_L(rm->nr_sysctls, REAL_MAX_SYSCTLS);
	CHECK_STR(realmachine_sysctl(rm, "n95"), "95");
	CHECK(realmachine_sysctl(rm, "n96") == NULL);
	sb_release(&sb);
	free(rm);
}

static const char iomem_text[] =
	"00000000-00000fff : reserved\n"
	"00001000-0009efff : System RAM\n"
	"00100000-3ffdffff : System RAM\n"
	"  01000000-01ffffff : Kernel code\n"
	"  02000000-02000fff : Kernel\n"
	"  02001000-02001fff : System RAM\n"
	"01000000-01ffffff : Kernel code\n"
	"40000000-400007ff : System RAM\n"
	"100000000000-1000ffffffff : System RAM\n"
	"7fff0000000-800ffffffff : System RAM\n";

/* iomem: names by depth (Reserved in either case at the top, "Kernel ..."
 * only nested), ranges past 8 TiB dropped, a full table, a sub-page RAM
 * range that is no whole page. */
TEST(cov_proc_edges_iomem)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct strbuf sb = STRBUF_INIT;
	char err[256] = "";

	REQUIRE(rm);
	realmachine_init(rm);
	CHECK_EQ_L(real_parse_iomem(rm, iomem_text, err, sizeof(err)), 0);
	REQUIRE(rm->nr_ranges == 5);
	/* the range across 8 TiB ends there */
	CHECK_EQ_UL(rm->ranges[4].start, 0x7fff0000);
	CHECK_EQ_UL(rm->ranges[4].end, MAX_PFN_LIMIT);
	CHECK_EQ_L(rm->ranges[0].kind, IOMEM_RESERVED);
	CHECK_EQ_L(rm->ranges[1].kind, IOMEM_RAM);
	CHECK_EQ_L(rm->ranges[3].kind, IOMEM_KERNEL);
	CHECK_EQ_UL(rm->ranges[3].start, 0x1000);
	CHECK_EQ_UL(rm->ranges[3].end, 0x2000);
	/* more ranges than a machine keeps: the rest are dropped */
	realmachine_init(rm);
	for (int i = 0; i < REAL_MAX_RANGES + 3; i++)
		sb_printf(&sb, "%08x-%08x : System RAM\n", (i + 1) << 16, ((i + 1) << 16) + 0xfff);
	CHECK_EQ_L(real_parse_iomem(rm, sb_str(&sb), err, sizeof(err)), 0);
	CHECK_EQ_L(rm->nr_ranges, REAL_MAX_RANGES);
	sb_release(&sb);
	free(rm);
}

/* Releases and uptimes at their limits. */
TEST(cov_proc_edges_release_uptime)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	char err[256] = "";

	REQUIRE(rm);
	realmachine_init(rm);
	CHECK_EQ_L(real_parse_release(rm, "6\n", err, sizeof(err)), 0);
	CHECK_EQ_L(rm->ver_major, 6);
	CHECK_EQ_L(rm->ver_minor, 0);
	realmachine_init(rm);
	CHECK_EQ_L(real_parse_release(rm, "5.12345-rc1\n", err, sizeof(err)), 0);
	CHECK_EQ_L(rm->ver_major, 5);
	CHECK_EQ_L(rm->ver_minor, 1234);	/* stops past 999 */
	/* what has no version leaves the one before; a major past 99 is none */
	realmachine_set_release(rm, "abc", 3);
	CHECK_STR(rm->release, "abc");
	CHECK_EQ_L(rm->ver_major, 5);
	realmachine_set_release(rm, "100.2", 5);
	CHECK_EQ_L(rm->ver_major, 5);
	realmachine_set_release(rm, "4.x", 3);
	CHECK_EQ_L(rm->ver_major, 4);
	CHECK_EQ_L(rm->ver_minor, 0);
	/* a name with parentheses is a counter name vmstat may print */
	CHECK_EQ_L(real_parse_vmstat(rm, -1, "nr_x(y) 5\n", err, sizeof(err)), 0);
	CHECK_EQ_L(real_parse_uptime_file(rm, "42\n", err, sizeof(err)), 0);
	CHECK_EQ_UL(rm->uptime_ns, 42000000000ULL);
	CHECK_EQ_L(real_parse_uptime_file(rm, "1.123456789\n", err, sizeof(err)), 0);
	CHECK_EQ_UL(rm->uptime_ns, 1123456789ULL);
	CHECK_EQ_L(real_parse_thp(rm, false, "[always] madvise never\n", err, sizeof(err)), 0);
	CHECK_STR(rm->thp_enabled, "always");
	free(rm);
}

/* @fn on @text; says the error when there is one. */
static int parse_said(parse_fn fn, struct real_machine *rm, const char *text)
{
	char err[256] = "";
	int ret = fn(rm, text, err, sizeof(err));

	if (ret)
		printf("  %s\n", err);
	return ret;
}

/* zoneinfo shapes that are accepted: a Device zone's lines go nowhere,
 * a "per-node" line that is not the stats header, the layout from what
 * the zones show (boost without cma: 5.0). */
TEST(cov_proc_edges_zoneinfo)
{
	struct real_machine *rm = malloc(sizeof(*rm));

	REQUIRE(rm);
	realmachine_init(rm);
	CHECK(parse_said(real_parse_zoneinfo, rm,
			      ZI_HEAD "        boost    0\n  start_pfn: 1\n"
			      "  pagesets\n    cpu: 100000\n    count: 7\n"
			      "Node 0, zone   Device\n  pages free 0\n        min 0\n"
			      "  nr_free_pages 0\n  protection: (0, 0)\n  pagesets\n"
			      "    cpu: 0\n    count: 3\n  start_pfn: 0\n  x: 1\n") == 0);
	CHECK_EQ_L(rm->layout, REAL_LAYOUT_5_0);
	CHECK_EQ_UL(rm->zones[0][ZONE_DMA].free, 3977);
	CHECK_EQ_L(rm->nr_cpus, 100001);
	CHECK_EQ_L(rm->zones[0][ZONE_DMA].nr_pcp, 0);	/* beyond REAL_MAX_CPUS: not kept */
	CHECK_EQ_L(rm->zones[0][ZONE_DMA].pcp[0].count, 0);	/* Device's count went nowhere */
	CHECK(!rm->zones[0][ZONE_MOVABLE].line);
	free(rm);
}

/* buddyinfo and pagetypeinfo shapes that are accepted: Device rows
 * skipped, "DMA," read as DMA, a last line without newline when it has
 * every order, Reserve columns and rows, a mixed table ignored. */
TEST(cov_proc_edges_buddy_pagetype)
{
	struct real_machine *rm = malloc(sizeof(*rm));

	REQUIRE(rm);
	realmachine_init(rm);
	CHECK(parse_said(real_parse_buddyinfo, rm, "Node 0, zone Device 1 2\n"
			      "Node 0, zone DMA, 1 2 3 4 5 6 7 8 9 10 11") == 0);
	CHECK_EQ_UL(rm->zones[0][ZONE_DMA].nr_free[10], 11);
	realmachine_init(rm);
	CHECK(parse_said(real_parse_pagetypeinfo, rm, PT_HEAD
				      "Node 0, zone Device, type Movable 1 2 3\n"
				      "Node 0, zone DMA, type Reserve 1 >2 3\n"
				      "Number of blocks type Movable Reserve\n"
				      "Node 0, zone Device 1 2\n"
				      "Node 0, zone DMA 1 2\n"
				      "Number of mixed blocks Movable\n"
				      "Node 0, zone DMA 9\n") == 0);
	CHECK(rm->mt_reserve);
	CHECK_EQ_UL(rm->reserve_blocks, 2);
	CHECK_EQ_UL(rm->zones[0][ZONE_DMA].nr_free_mt[1][MIGRATE_MOVABLE], 2);
	CHECK(rm->zones[0][ZONE_DMA].over_mt[1] & (1u << MIGRATE_MOVABLE));
	CHECK_EQ_UL(rm->zones[0][ZONE_DMA].blocks[MIGRATE_MOVABLE], 3);
	free(rm);
}
