/* tests/unit/test_realmachine.c - booting from a real machine's /proc files.
 * Fixtures: tests/data/linux-6.1/ (copies of a real 6.1 machine's files);
 * tests run from the repository root. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/kernel.h"
#include "buddyscope/procfs.h"
#include "buddyscope/realmachine.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"
#include "buddyscope/workload.h"
#include "realtest.h"
#include "simtest.h"
#include "testhelp.h"

static void check_file_equal(const char *dir, const char *file, const struct sim *sim,
			     void (*show)(const struct sim *, struct strbuf *))
{
	struct strbuf sb = STRBUF_INIT;
	char path[512], *want;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	want = test_slurp(path);
	REQUIRE(want);
	show(sim, &sb);
	CHECK_STR(sb_str(&sb), want);
	free(want);
	sb_release(&sb);
}

/* Every snapshot reproduces its buddyinfo and pagetypeinfo byte for byte,
 * its watermarks, protection and pcp counts, and every invariant holds. */
TEST(realmachine_snapshots_reproduce_their_files)
{
	static const char *const dirs[] = { "boot", "trace-before", "trace-after", "frag-02",
					    "frag-05" };
	struct real_machine *rm = malloc(sizeof(*rm));

	REQUIRE(rm);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char dir[256];
		struct strbuf sb = STRBUF_INIT;
		struct sim *sim;

		snprintf(dir, sizeof(dir), DATA "%s", dirs[i]);
		sim = boot_dir(dir, rm);
		if (!sim)
			continue;
		{
			int bad = sim_check(sim, &sb);

			CHECK_EQ_L(bad, 0);
			sb_reset(&sb);
			bad += realmachine_compare(sim, rm, &sb);
			CHECK(bad == 0);
			if (bad)
				fprintf(stderr, "%s:\n%s", dir, sb_str(&sb));
		}
		check_file_equal(dir, "buddyinfo", sim, procfs_show_buddyinfo);
		check_file_equal(dir, "pagetypeinfo", sim, procfs_show_pagetypeinfo);
		/* the watermarks as zoneinfo showed them, not as the formula gives */
		CHECK_EQ_UL(sim_zone(sim, 0, ZONE_DMA)->watermark[WMARK_MIN], 178);
		CHECK_EQ_UL(sim_zone(sim, 0, ZONE_DMA32)->watermark[WMARK_HIGH], 16627);
		sb_release(&sb);
		sim_destroy(sim);
	}
	free(rm);
}

/* The used pages divide as the counters say: LRU sizes per zone, slab,
 * page tables; one task holds the anonymous memory. */
TEST(realmachine_used_pages_follow_the_counters)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	const struct zone *dma32;
	const struct task *t;
	struct sim *sim;
	long slab_r = 0, slab_u = 0, pt = 0, anon = 0;

	REQUIRE(rm);
	sim = boot_dir(DATA "frag-02", rm);
	if (!sim) {
		free(rm);
		return;
	}
	dma32 = sim_zone(sim, 0, ZONE_DMA32);
	CHECK_EQ_L(dma32->vm_stat[NR_INACTIVE_ANON], rm->zones[0][ZONE_DMA32].c[RC_INACTIVE_ANON]);
	CHECK_EQ_L(dma32->vm_stat[NR_INACTIVE_FILE], rm->zones[0][ZONE_DMA32].c[RC_INACTIVE_FILE]);
	for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
		const struct zone *z = sim_zone(sim, 0, zid);

		slab_r += z->vm_stat[NR_SLAB_RECLAIMABLE];
		slab_u += z->vm_stat[NR_SLAB_UNRECLAIMABLE];
		pt += z->vm_stat[NR_PAGETABLE];
		anon += z->vm_stat[NR_ANON_PAGES];
	}
	/* 6.1 keeps slab and page tables per node: the node's totals */
	CHECK_EQ_L(slab_r, rm->nodes[0].c[RC_SLAB_R]);
	CHECK_EQ_L(slab_u, rm->nodes[0].c[RC_SLAB_U]);
	CHECK_EQ_L(pt, rm->nodes[0].c[RC_PAGETABLE]);
	CHECK_EQ_L(anon, rm->nodes[0].c[RC_ANON]);
	t = task_find_comm(sim, "userspace");
	REQUIRE(t);
	CHECK_EQ_UL(t->rss_anon, (unsigned long)anon);
	CHECK_EQ_UL(t->nr_ptes, (unsigned long)pt);
	sim_destroy(sim);
	free(rm);
}

/* Watermarks are taken as shown, and recomputed by the formula when a
 * sysctl is written: the real machine's own sweep says what it gives. */
TEST(realmachine_sysctl_recomputes_like_the_real_kernel)
{
	static const struct { const char *dir, *mfk, *lrr; } sweep[] = {
		{ DATA "sysctl-06", "1024", "256 256 32" },
		{ DATA "sysctl-13", "8192", "128\t128\t16" },
	};
	struct real_machine *rm = malloc(sizeof(*rm)), *want = malloc(sizeof(*want));

	REQUIRE(rm && want);
	for (size_t i = 0; i < sizeof(sweep) / sizeof(sweep[0]); i++) {
		char err[256], *text, path[256];
		struct sim *sim = boot_dir(DATA "boot", rm);

		if (!sim)
			break;
		snprintf(path, sizeof(path), "%s/zoneinfo", sweep[i].dir);
		text = test_slurp(path);
		realmachine_init(want);
		REQUIRE(text && real_parse_zoneinfo(want, text, err, sizeof(err)) == 0);
		free(text);
		CHECK(sim_sysctl_set(sim, "vm.lowmem_reserve_ratio", sweep[i].lrr) == 0);
		CHECK(sim_sysctl_set(sim, "vm.min_free_kbytes", sweep[i].mfk) == 0);
		for (int zid = ZONE_DMA; zid <= ZONE_DMA32; zid++) {
			const struct zone *z = sim_zone(sim, 0, zid);

			for (int w = 0; w < NR_WMARK; w++)
				CHECK_EQ_UL(z->watermark[w], want->zones[0][zid].wmark[w]);
			for (int j = 0; j < MAX_NR_ZONES; j++)
				CHECK_EQ_L(z->lowmem_reserve[j], want->zones[0][zid].protection[j]);
		}
		sim_destroy(sim);
	}
	free(rm);
	free(want);
}

/* Where iomem says, the kernel image is reserved where it was. */
TEST(realmachine_iomem_places_the_kernel_image)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct block_info bi;
	struct sim *sim;

	REQUIRE(rm);
	sim = boot_dir(DATA "boot", rm);
	if (sim) {
		/* 2fe00000-30c01d31 : Kernel code; the pc-i440fx hole at 0xa0000 */
		CHECK(sim_block_of(sim, 0x2fe00, &bi) == 0 && bi.state == BLOCK_RESERVED);
		CHECK(sim_block_of(sim, 0x30c01, &bi) == 0 && bi.state == BLOCK_RESERVED);
		CHECK(sim_block_of(sim, 0xa0, &bi) == 0 && bi.state == BLOCK_NOMEM);
		CHECK(sim_block_of(sim, 0x9e, &bi) == 0 && bi.state != BLOCK_NOMEM);
		sim_destroy(sim);
	}
	free(rm);
}

/* ---- other machine shapes: a hand-written 4.x two-node machine ---- */

static const char zoneinfo_45_numa[] =
	"Node 0, zone      DMA\n"
	"  pages free     3000\n        min      10\n        low      12\n        high     15\n"
	"        scanned  0\n        spanned  4095\n        present  3998\n        managed  3977\n"
	"    nr_free_pages 3000\n    nr_inactive_anon 100\n    nr_active_anon 50\n"
	"    nr_inactive_file 200\n    nr_active_file 10\n    nr_slab_reclaimable 30\n"
	"        protection: (0, 1000, 3000, 3000)\n"
	"  pagesets\n    cpu: 0\n              count: 0\n              high:  0\n"
	"              batch: 1\n  vm stats threshold: 8\n    cpu: 1\n              count: 0\n"
	"              high:  0\n              batch: 1\n  vm stats threshold: 8\n"
	"  all_unreclaimable: 0\n  start_pfn:         1\n  inactive_ratio:    1\n"
	"Node 0, zone   Normal\n"
	"  pages free     20000\n        min      500\n        low      625\n        high     750\n"
	"        scanned  0\n        spanned  65536\n        present  65536\n        managed  64000\n"
	"    nr_free_pages 20000\n    nr_inactive_anon 20000\n    nr_active_anon 5000\n"
	"    nr_inactive_file 8000\n    nr_active_file 4000\n    nr_slab_reclaimable 1000\n"
	"    nr_slab_unreclaimable 500\n    nr_page_table_pages 300\n    nr_kernel_stack 40\n"
	"        protection: (0, 0, 0, 0)\n"
	"  pagesets\n    cpu: 0\n              count: 100\n              high:  186\n"
	"              batch: 31\n  vm stats threshold: 24\n    cpu: 1\n              count: 20\n"
	"              high:  186\n              batch: 31\n  vm stats threshold: 24\n"
	"  all_unreclaimable: 0\n  start_pfn:         1048576\n  inactive_ratio:    1\n"
	"Node 1, zone   Normal\n"
	"  pages free     30000\n        min      600\n        low      750\n        high     900\n"
	"        scanned  0\n        spanned  65536\n        present  65536\n        managed  65000\n"
	"    nr_free_pages 30000\n    nr_inactive_anon 1000\n    nr_active_anon 1000\n"
	"        protection: (0, 0, 0, 2000)\n"
	"  pagesets\n    cpu: 0\n              count: 5\n              high:  186\n"
	"              batch: 31\n    cpu: 1\n              count: 0\n              high:  186\n"
	"              batch: 31\n  all_unreclaimable: 0\n  start_pfn:         1114112\n"
	"Node 1, zone  Movable\n"
	"  pages free     16000\n        min      100\n        low      125\n        high     150\n"
	"        scanned  0\n        spanned  32768\n        present  32768\n        managed  32768\n"
	"    nr_free_pages 16000\n    nr_inactive_anon 8000\n    nr_active_anon 2000\n"
	"        protection: (0, 0, 0, 0)\n"
	"  pagesets\n    cpu: 0\n              count: 0\n              high:  186\n"
	"              batch: 31\n    cpu: 1\n              count: 0\n              high:  186\n"
	"              batch: 31\n  all_unreclaimable: 0\n  start_pfn:         1179648\n";

TEST(realmachine_numa_movable_45_layout)
{
	static const char buddy[] =
		"Node 0, zone      DMA      0      0      0      0      0      1      1      1      1      1      2 \n"
		"Node 0, zone   Normal   1000    500    250    125     60     30     15      8      4      2     10 \n"
		"Node 1, zone   Normal      0      2      0      4      0      0      0      0      0      0     29 \n"
		"Node 1, zone  Movable      0      0      0      0      0      0      0      0      0      0     15 \n";
	struct real_machine *rm = malloc(sizeof(*rm));
	struct strbuf sb = STRBUF_INIT;
	struct sim_config cfg;
	struct sim *sim = NULL;
	char err[256] = "";

	REQUIRE(rm);
	realmachine_init(rm);
	memset(&cfg, 0, sizeof(cfg));
	cfg.real = rm;
	CHECK(real_parse_zoneinfo(rm, zoneinfo_45_numa, err, sizeof(err)) == 0);
	CHECK(rm->layout == REAL_LAYOUT_4_0);
	CHECK(real_parse_buddyinfo(rm, buddy, err, sizeof(err)) == 0);
	CHECK(realmachine_finish(rm, &cfg.machine, &sb, err, sizeof(err)) == 0);
	/* no pagetypeinfo: said, and every block is Movable */
	CHECK(strstr(sb_str(&sb), "no pagetypeinfo") != NULL);
	CHECK(sim_create(&cfg, &sim, err, sizeof(err)) == 0);
	if (sim) {
		sb_reset(&sb);
		CHECK_EQ_L(sim_nr_nodes(sim), 2);
		CHECK_EQ_L(sim_check(sim, &sb), 0);
		CHECK_EQ_L(realmachine_compare(sim, rm, &sb), 0);
		sb_reset(&sb);
		procfs_show_buddyinfo(sim, &sb);
		CHECK_STR(sb_str(&sb), buddy);
		CHECK_EQ_L(sim_zone(sim, 1, ZONE_NORMAL)->lowmem_reserve[ZONE_MOVABLE], 2000);
		CHECK_EQ_L(sim_zone(sim, 0, ZONE_NORMAL)->pageset[0].count, 100);
		/* 4.5 counted kernel stacks, 4 pages each: 40 stacks */
		CHECK_EQ_L(sim_zone(sim, 0, ZONE_NORMAL)->vm_stat[NR_KERNEL_STACK], 40);
		sim_destroy(sim);
	}
	sb_release(&sb);
	free(rm);
}

/* ---- bad input: one error naming the line ---- */

static int parse_err(parse_fn fn, const char *text, int line, const char *what)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	char err[256] = "", want[32];
	int ok;

	if (!rm)
		return 0;
	realmachine_init(rm);
	snprintf(want, sizeof(want), "line %d: ", line);
	ok = fn(rm, text, err, sizeof(err)) == -EINVAL && strstr(err, want) && strstr(err, what) &&
	     !strchr(err, '\n');
	if (!ok)
		fprintf(stderr, "got: %s\n", err);
	free(rm);
	return ok;
}

TEST(realmachine_bad_files_say_file_line)
{
	/* truncated: the zone's section stops before spanned */
	CHECK(parse_err(real_parse_zoneinfo, "Node 0, zone      DMA\n  pages free     3000\n"
			"        min      10\n", 3, "truncated"));
	CHECK(parse_err(real_parse_zoneinfo, "  pages free 3\n", 1, "before the first zone"));
	CHECK(parse_err(real_parse_zoneinfo, "Node 0, zone  HighMem\n", 1, "32-bit"));
	CHECK(parse_err(real_parse_zoneinfo, "Node 0, zone DMA\n  pages free 3\n  spanned x\n", 3,
			"not a number"));
	CHECK(parse_err(real_parse_zoneinfo, "Node 0, zone DMA\n  pages free 3\n  !!! ???\n", 3,
			"not a zoneinfo line"));
	CHECK(parse_err(real_parse_buddyinfo, "Node 0, zone DMA 1 2 3\nNode 0, zone DMA32 1 x 3\n",
			2, "not a number"));
	/* cut short: fewer counts than the lines before, or a last line without
	 * its newline; a pagetypeinfo row shorter than its header */
	CHECK(parse_err(real_parse_buddyinfo, "Node 0, zone DMA 1 2 3\nNode 0, zone DMA32 1 2\n",
			2, "cut short"));
	CHECK(parse_err(real_parse_buddyinfo, "Node 0, zone DMA 1 2 3", 1, "cut short"));
	CHECK(parse_err(real_parse_pagetypeinfo, "Page block order: 9\nPages per block:  512\n\n"
			"Free pages count per migrate type at order 0 1 2\n"
			"Node    0, zone      DMA, type    Unmovable      0 1\n", 5, "cut short"));
	/* a sysctl the model has holds integers, as the kernel prints them */
	CHECK(parse_err(real_parse_sysctl, "vm.min_free_kbytes = 45056\nvm.swappiness = lots\n", 2,
			"not a number"));
	CHECK(parse_err(real_parse_sysctl, "lowmem_reserve_ratio 256 256 3x 0 0\n", 1, "'3x'"));
	CHECK(parse_err(real_parse_buddyinfo, "Node 0, zone DMA 1 2 3 4 5 6 7 8 9 10 11 12\n", 1,
			"models orders 0..10"));
	CHECK(parse_err(real_parse_pagetypeinfo, "Page block order: 10\n", 1, "pageblock_order"));
	CHECK(parse_err(real_parse_pagetypeinfo, "Page block order: 9\nPages per block:  512\n\n"
			"Free pages count per migrate type at order 0 1\n"
			"Node    0, zone      DMA, type    Unmovable      0 1\n", 5, "truncated"));
	CHECK(parse_err(real_parse_pagetypeinfo, "Number of blocks type Unmovable Sticky\n", 1,
			"unknown migratetype"));
	CHECK(parse_err(real_parse_meminfo, "MemTotal: 100 kB\nMemFree 5 kB\n", 2, "meminfo"));
	CHECK(parse_err(real_parse_iomem, "00000000-00000000 : System RAM\n", 1, "without root"));
	CHECK(parse_err(real_parse_iomem, "zzz : System RAM\n", 1, "not an iomem line"));
	CHECK(parse_err(real_parse_release, "banana\n", 1, "uname -r"));
}

/* pagetypeinfo of 5.5+ stops counting at 100000: buddyinfo gives the rest */
TEST(realmachine_pagetypeinfo_overflow)
{
	static const char zi[] =
		"Node 0, zone   Normal\n  pages free     250000\n        min      1\n        low      2\n"
		"        high     3\n        spanned  262144\n        present  262144\n"
		"        managed  262144\n  start_pfn:           1048576\n";
	static const char bi[] = "Node 0, zone   Normal 250000 0 0 0 0 0 0 0 0 0 0\n";
	static const char pt[] =
		"Page block order: 9\nPages per block:  512\n\n"
		"Free pages count per migrate type at order       0      1\n"
		"Node    0, zone   Normal, type    Unmovable      3      0\n"
		"Node    0, zone   Normal, type      Movable >100000      0\n\n"
		"Number of blocks type     Unmovable      Movable\n"
		"Node 0, zone   Normal            1          511\n";
	struct real_machine *rm = malloc(sizeof(*rm));
	struct machine_desc d;
	char err[256] = "";

	REQUIRE(rm);
	realmachine_init(rm);
	CHECK(real_parse_zoneinfo(rm, zi, err, sizeof(err)) == 0);
	CHECK(real_parse_buddyinfo(rm, bi, err, sizeof(err)) == 0);
	CHECK(real_parse_pagetypeinfo(rm, pt, err, sizeof(err)) == 0);
	CHECK(realmachine_finish(rm, &d, NULL, err, sizeof(err)) == 0);
	CHECK_EQ_UL(rm->zones[0][ZONE_NORMAL].nr_free_mt[0][MIGRATE_MOVABLE], 249997);
	free(rm);
}

/* ---- other machine shapes: the simulator's own /proc files read back ---- */

/* Boot @preset under @kernel, fragment it a little, print its zoneinfo,
 * buddyinfo, pagetypeinfo and vmstat as that kernel would, import them, and
 * compare: the import reproduces buddyinfo and pagetypeinfo byte for byte,
 * and the watermarks and protection exactly. NUMA, Movable, 16 cpus, the
 * 4.x and 6.x layouts. */
static void roundtrip(const char *preset, enum kernel_version kernel, unsigned long huge)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct strbuf zi = STRBUF_INIT, bi = STRBUF_INIT, pti = STRBUF_INIT, vm = STRBUF_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct sim *src = boot_preset_kernel(preset, kernel), *sim = NULL;
	struct sim_config cfg;
	char err[512] = "", mi[160];
	int pid;

	REQUIRE(rm && src);
	pid = task_spawn(src, "mix", 0, -1, 0);
	CHECK(pid > 0);
	CHECK(task_touch(src, pid, TASK_ANON, 3000) == 3000);
	CHECK(kernel_slab_alloc(src, 700, true) == 700);
	CHECK(task_touch(src, pid, TASK_FILE, 2000) == 2000);
	CHECK(task_unmap(src, pid, TASK_ANON, 1500) == 1500);
	if (huge) {	/* a hugetlb pool, which meminfo tells */
		CHECK(hugetlb_set_pool(src, huge, NULL) == 0);
		CHECK_EQ_UL(hugetlb_pool_size(src), huge);
	}
	sim_kernel(src)->ops->show_zoneinfo(src, &zi);
	procfs_show_buddyinfo(src, &bi);
	procfs_show_pagetypeinfo(src, &pti);
	sim_kernel(src)->ops->show_vmstat(src, &vm);
	realmachine_init(rm);
	memset(&cfg, 0, sizeof(cfg));
	cfg.seed = 1;
	cfg.kernel = kernel;
	cfg.real = rm;
	if (real_parse_zoneinfo(rm, sb_str(&zi), err, sizeof(err)) ||
	    real_parse_buddyinfo(rm, sb_str(&bi), err, sizeof(err)) ||
	    real_parse_pagetypeinfo(rm, sb_str(&pti), err, sizeof(err)) ||
	    real_parse_vmstat(rm, -1, sb_str(&vm), err, sizeof(err)) ||
	    (huge && (snprintf(mi, sizeof(mi), "HugePages_Total:   %lu\nHugePages_Free:    %lu\n"
			       "Hugepagesize:       2048 kB\n", huge, huge),
		      real_parse_meminfo(rm, mi, err, sizeof(err)))) ||
	    realmachine_finish(rm, &cfg.machine, NULL, err, sizeof(err)) ||
	    sim_create(&cfg, &sim, err, sizeof(err))) {
		fprintf(stderr, "%s under %s: %s\n", preset, kernel_desc(kernel)->name, err);
		CHECK(!"round trip failed");
		goto out;
	}
	CHECK_EQ_L(sim_nr_nodes(sim), sim_nr_nodes(src));
	CHECK_EQ_L(sim_check(sim, &sb), 0);
	CHECK_EQ_UL(hugetlb_pool_size(sim), huge);
	sb_reset(&sb);
	procfs_show_buddyinfo(sim, &sb);
	CHECK_STR(sb_str(&sb), sb_str(&bi));
	sb_reset(&sb);
	procfs_show_pagetypeinfo(sim, &sb);
	CHECK_STR(sb_str(&sb), sb_str(&pti));
	for (int nid = 0; nid < sim_nr_nodes(src); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *a = sim_zone(src, nid, zid), *b = sim_zone(sim, nid, zid);

			CHECK_EQ_UL(b->present_pages, a->present_pages);
			CHECK_EQ_UL(b->managed_pages, a->managed_pages);
			for (int w = 0; w < NR_WMARK; w++)
				CHECK_EQ_UL(b->watermark[w], a->watermark[w]);
			for (int j = 0; j < MAX_NR_ZONES; j++)
				CHECK_EQ_UL(b->lowmem_reserve[j], a->lowmem_reserve[j]);
		}
out:
	sim_destroy(sim);
	sim_destroy(src);
	sb_release(&zi);
	sb_release(&bi);
	sb_release(&pti);
	sb_release(&vm);
	sb_release(&sb);
	free(rm);
}

TEST(realmachine_other_shapes_round_trip)
{
	static const struct {
		const char		*preset;
		enum kernel_version	kernel;
		unsigned long		huge;
	} runs[] = {
		{ "numa2", KERNEL_4_5, 0 }, { "numa2", KERNEL_6_1, 0 }, { "numa4", KERNEL_4_6, 0 },
		{ "movable", KERNEL_4_5, 0 }, { "movable", KERNEL_6_1, 0 },
		{ "server64", KERNEL_6_1, 0 }, { "classroom", KERNEL_4_5, 5 },
	};

	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++)
		roundtrip(runs[i].preset, runs[i].kernel, runs[i].huge);
}
