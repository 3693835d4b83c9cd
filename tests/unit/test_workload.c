/* tests/unit/test_workload.c - drop_caches, the hugetlb pool node by node,
 * mlock, SIGKILL, compaction deferred by hand, THP faults and their masks
 * for 4.5, 4.6 and 6.1, block-device page cache. */
#include <errno.h>

#include "../../core/internal.h"
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "buddyscope/workload.h"
#include "simtest.h"

static unsigned long global(const struct sim *sim, enum zone_stat_item item)
{
	unsigned long n = 0;

	for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			n += sim_zone(sim, nid, zid)->vm_stat[item];
	return n;
}

TEST(drop_caches_frees_clean_unmapped_cache_and_slab)
{
	struct sim *sim = boot_preset("tiny");
	unsigned long pc = 0, sl = 0, before;
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "reader", 0, -1, 0);
	REQUIRE(pid > 0);
	CHECK_EQ_L(task_touch(sim, pid, TASK_FILE, 100), 100);	/* mapped: stays */
	CHECK_EQ_L(task_touch(sim, pid, TASK_BDEV, 300), 300);	/* unmapped: goes */
	CHECK_EQ_L(task_touch(sim, pid, TASK_FILE_DIRTY, 50), 50);	/* dirty: stays */
	CHECK_EQ_L(kernel_slab_alloc(sim, 200, true), 200);
	CHECK_EQ_L(kernel_slab_alloc(sim, 30, false), 30);
	before = sim_nr_free_pages(sim);
	CHECK(drop_caches(sim, 0, &pc, &sl) == -EINVAL);
	CHECK(drop_caches(sim, 5, &pc, &sl) == -EINVAL);
	CHECK(drop_caches(sim, 1, &pc, &sl) == 0);
	CHECK_EQ_UL(pc, 300);
	CHECK_EQ_UL(sl, 0);
	CHECK_EQ_UL(global(sim, NR_FILE_PAGES), 150);
	CHECK(drop_caches(sim, 2, &pc, &sl) == 0);
	CHECK_EQ_UL(pc, 0);
	CHECK_EQ_UL(sl, 200);
	CHECK_EQ_UL(global(sim, NR_SLAB_RECLAIMABLE), 0);
	CHECK_EQ_UL(global(sim, NR_SLAB_UNRECLAIMABLE), 30);
	CHECK_EQ_UL(sim_vm_event(sim, DROP_PAGECACHE), 1);
	CHECK_EQ_UL(sim_vm_event(sim, DROP_SLAB), 1);
	CHECK(sim_nr_free_pages(sim) + 600 >= before);	/* some went to pcp lists */
	/* the sysctl does the same, and it is write-only */
	CHECK(sim_sysctl_set(sim, "vm.drop_caches", "3") == 0);
	{
		struct strbuf sb = STRBUF_INIT;

		CHECK(sim_sysctl_get(sim, "vm.drop_caches", &sb) == -EACCES);
		sb_release(&sb);
	}
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(drop_caches_4_silences_the_log_for_good)
{
	struct sim *sim = boot_preset("tiny");
	struct strbuf sb = STRBUF_INIT;

	REQUIRE(sim);
	CHECK(drop_caches(sim, 1, NULL, NULL) == 0);
	CHECK(drop_caches(sim, 4, NULL, NULL) == 0);
	CHECK(drop_caches(sim, 3, NULL, NULL) == 0);
	sim_dmesg_show(sim, &sb, 0);
	CHECK(strstr(sb_str(&sb), "drop_caches: 1"));
	CHECK(strstr(sb_str(&sb), "drop_caches: 4"));	/* printed, then quiet */
	CHECK(!strstr(sb_str(&sb), "drop_caches: 3"));
	sb_release(&sb);
	sim_destroy(sim);
}

TEST(hugetlb_pool_grows_node_by_node_and_shrinks_newest_first)
{
	struct sim *sim = boot_preset("numa2");
	struct hugetlb_result r;
	unsigned long free0 = sim_nr_free_pages(sim);

	REQUIRE(sim);
	CHECK(hugetlb_set_pool(sim, 7, &r) == 0);
	CHECK_EQ_UL(r.before, 0);
	CHECK_EQ_UL(r.after, 7);
	CHECK_EQ_UL(r.per_node[0], 4);	/* round-robin from node 0 */
	CHECK_EQ_UL(r.per_node[1], 3);
	CHECK_EQ_UL(sim_vm_event(sim, HTLB_BUDDY_PGALLOC), 7);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0 - 7 * 512);
	{
		struct strbuf sb = STRBUF_INIT;

		CHECK(sim_sysctl_get(sim, "vm.nr_hugepages", &sb) == 0);
		CHECK_STR(sb_str(&sb), "7");
		sb_release(&sb);
	}
	/* a pool page is not the user's to free */
	for (unsigned long pfn = 0; pfn < sim_max_pfn(sim); pfn += 512)
		if (page_special_owner(sim, pfn)) {
			CHECK(free_pages(sim, pfn, 9) == -EINVAL);
			CHECK(strstr(sim_errmsg(sim), "hugetlb pool"));
			break;
		}
	/* shrinking: round-robin from node 0 as well */
	CHECK(hugetlb_set_pool(sim, 4, &r) == 0);
	CHECK_EQ_UL(r.after, 4);
	CHECK_EQ_UL(r.per_node[0], 2);
	CHECK_EQ_UL(r.per_node[1], 2);
	CHECK(sim_sysctl_set(sim, "vm.nr_hugepages", "0") == 0);
	CHECK_EQ_UL(hugetlb_pool_size(sim), 0);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(hugetlb_pool_stops_when_every_node_refuses)
{
	struct sim *sim = boot_preset("tiny");	/* 32 MiB: at most 16 huge pages */
	struct hugetlb_result r;

	REQUIRE(sim);
	CHECK(hugetlb_set_pool(sim, 1000, &r) == 0);
	CHECK(r.after > 0 && r.after < 16);
	CHECK_EQ_UL(r.failed, 1);
	CHECK_EQ_UL(sim_vm_event(sim, HTLB_BUDDY_PGALLOC_FAIL), 1);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(hugetlb_6_1_marks_a_failed_node_noretry)
{
	struct sim *sim = boot_preset_kernel("tiny", KERNEL_6_1);
	struct hugetlb_result r;

	REQUIRE(sim);
	CHECK(hugetlb_set_pool(sim, 1000, &r) == 0);
	CHECK(sim->hugetlb.noretry & 1u);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(mlock_moves_pages_to_the_unevictable_list_and_exit_clears_them)
{
	struct sim *sim = boot_preset("tiny");
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "locker", 0, -1, 0);
	REQUIRE(pid > 0);
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 300), 300);
	CHECK_EQ_L(task_mlock(sim, pid, 200), 200);
	CHECK_EQ_UL(global(sim, NR_MLOCK), 200);
	CHECK_EQ_UL(global(sim, NR_UNEVICTABLE), 200);
	CHECK_EQ_UL(global(sim, NR_ACTIVE_ANON) + global(sim, NR_INACTIVE_ANON), 100);
	CHECK_EQ_L(task_mlock(sim, pid, 500), 100);	/* only 100 left to lock */
	CHECK_EQ_UL(sim_vm_event(sim, UNEVICTABLE_PGMLOCKED), 300);
	CHECK(task_mlock(sim, 4242, 1) == -ESRCH);
	CHECK(task_exit(sim, pid) == 0);
	CHECK_EQ_UL(global(sim, NR_MLOCK), 0);
	CHECK_EQ_UL(global(sim, NR_UNEVICTABLE), 0);
	CHECK_EQ_UL(sim_vm_event(sim, UNEVICTABLE_PGMUNLOCKED), 300);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(sigkill_exits_at_the_next_jiffy)
{
	struct sim *sim = boot_preset("tiny");
	unsigned long free0;
	int pid;

	REQUIRE(sim);
	free0 = sim_nr_free_pages(sim);
	pid = task_spawn(sim, "victim", 0, -1, 0);
	REQUIRE(pid > 0);
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 100), 100);
	CHECK(task_kill(sim, 1) == -EPERM);
	CHECK(task_kill(sim, 40) == -EPERM);	/* kswapd0 */
	CHECK(task_kill(sim, pid) == 0);
	CHECK(task_find(sim, pid) && task_find(sim, pid)->sigkill);
	sim_tick(sim, 1);
	CHECK(!task_find(sim, pid));
	CHECK(sim_nr_free_pages(sim) + 2 * 64 >= free0);	/* pcp lists hold the rest */
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(compaction_defer_zone_is_defer_compaction)
{
	struct sim *sim = boot_preset("tiny");
	const struct zone *z;

	REQUIRE(sim);
	CHECK(compaction_defer_zone(sim, 0, ZONE_DMA32, 9) == 0);
	CHECK(compaction_defer_zone(sim, 0, ZONE_DMA32, 9) == 0);
	z = sim_zone(sim, 0, ZONE_DMA32);
	CHECK_EQ_UL(z->compact_defer_shift, 2);
	CHECK_EQ_UL(z->compact_considered, 0);
	CHECK(compaction_defer_zone(sim, 0, ZONE_NORMAL, 9) == -EINVAL);	/* none */
	CHECK(compaction_defer_zone(sim, 0, ZONE_DMA32, 11) == -EINVAL);
	CHECK(compaction_defer_zone(sim, 3, ZONE_DMA32, 1) == -EINVAL);
	sim_destroy(sim);
}

TEST(thp_masks_follow_each_kernels_rule)
{
	struct sim *s45 = boot_preset_kernel("tiny", KERNEL_4_5);
	struct sim *s46 = boot_preset_kernel("tiny", KERNEL_4_6);
	struct sim *s61 = boot_preset_kernel("tiny", KERNEL_6_1);
	const gfp_t th46 = (GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_NOMEMALLOC | GFP_F_NORETRY |
			    GFP_F_NOWARN) & ~GFP_F_RECLAIM;
	char e[96], d[96];

	REQUIRE(s45 && s46 && s61);
	/* boot settings */
	CHECK(!thp_fault_allowed(s45, true));
	CHECK(thp_fault_allowed(s61, false));
	thp_show(s45, e, sizeof(e), d, sizeof(d));
	CHECK_STR(e, "always madvise [never]");
	CHECK_STR(d, "[always] madvise never");
	thp_show(s61, e, sizeof(e), d, sizeof(d));
	CHECK_STR(e, "[always] madvise never");
	CHECK_STR(d, "always defer defer+madvise [madvise] never");
	/* 4.5: defrag decides __GFP_RECLAIM */
	CHECK_EQ_UL(thp_fault_gfp(s45, false), GFP_TRANSHUGE);
	CHECK(thp_set(s45, NULL, "madvise") == 0);
	CHECK_EQ_UL(thp_fault_gfp(s45, false), GFP_TRANSHUGE & ~GFP_F_RECLAIM);
	CHECK_EQ_UL(thp_fault_gfp(s45, true), GFP_TRANSHUGE);
	CHECK(thp_set(s45, NULL, "defer") == -EINVAL);
	/* 4.6: defer wakes kswapd only */
	CHECK(thp_set(s46, "always", "defer") == 0);
	CHECK_EQ_UL(thp_fault_gfp(s46, true), th46 | GFP_F_KSWAPD_RECLAIM);
	CHECK(thp_set(s46, NULL, "defer+madvise") == -EINVAL);
	CHECK(thp_set(s46, NULL, "madvise") == 0);
	CHECK_EQ_UL(thp_fault_gfp(s46, true), th46 | GFP_F_DIRECT_RECLAIM);
	CHECK_EQ_UL(thp_fault_gfp(s46, false), th46);
	/* 6.1 (4.18's order) */
	CHECK_EQ_UL(thp_fault_gfp(s61, false), GFP_TRANSHUGE_LIGHT);
	CHECK_EQ_UL(thp_fault_gfp(s61, true), GFP_TRANSHUGE_LIGHT | GFP_F_DIRECT_RECLAIM);
	CHECK(thp_set(s61, NULL, "always") == 0);
	CHECK_EQ_UL(thp_fault_gfp(s61, false),
		    GFP_TRANSHUGE_LIGHT | GFP_F_DIRECT_RECLAIM | GFP_F_NORETRY);
	CHECK(thp_set(s61, NULL, "defer+madvise") == 0);
	CHECK_EQ_UL(thp_fault_gfp(s61, false), GFP_TRANSHUGE_LIGHT | GFP_F_KSWAPD_RECLAIM);
	CHECK_EQ_UL(thp_fault_gfp(s61, true), GFP_TRANSHUGE_LIGHT | GFP_F_DIRECT_RECLAIM);
	CHECK(thp_set(s61, "sometimes", NULL) == -EINVAL);
	sim_destroy(s45);
	sim_destroy(s46);
	sim_destroy(s61);
}

TEST(thp_faults_take_order_9_and_fall_back)
{
	struct sim *sim = boot_preset("tiny");
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "thp", 0, -1, 0);
	REQUIRE(pid > 0);
	/* never: order 0 only */
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 1024), 1024);
	CHECK_EQ_UL(sim_vm_event(sim, THP_FAULT_ALLOC), 0);
	CHECK(thp_set(sim, "always", NULL) == 0);
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 1100), 1100);
	CHECK_EQ_UL(sim_vm_event(sim, THP_FAULT_ALLOC), 2);	/* 2 x 512, then 76 */
	CHECK_EQ_UL(task_find(sim, pid)->rss_anon, 2124);
	/* each THP deposited a page table */
	CHECK_EQ_UL(task_find(sim, pid)->nr_ptes, 2 + 2 + 1);
	/* madvise: only MADV_HUGEPAGE memory */
	CHECK(thp_set(sim, "madvise", NULL) == 0);
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 512), 512);
	CHECK_EQ_UL(sim_vm_event(sim, THP_FAULT_ALLOC), 2);
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON_MADVISED, 512), 512);
	CHECK_EQ_UL(sim_vm_event(sim, THP_FAULT_ALLOC), 3);
	/* fill memory with unmovable pages until no order 9 is left: fallbacks */
	while (kernel_slab_alloc(sim, 64, false) == 64 &&
	       sim_vm_event(sim, THP_FAULT_FALLBACK) == 0) {
		thp_set(sim, NULL, "never");
		task_touch(sim, pid, TASK_ANON_MADVISED, 512);
		if (!task_find(sim, pid))
			break;
	}
	CHECK(sim_vm_event(sim, THP_FAULT_FALLBACK) > 0);
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

TEST(bdev_cache_is_unmovable_and_unmapped)
{
	struct sim *sim = boot_preset("tiny");
	unsigned long found = 0;
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "dd", 0, -1, 0);
	REQUIRE(pid > 0);
	CHECK_EQ_L(task_touch(sim, pid, TASK_BDEV, 64), 64);
	CHECK_EQ_UL(task_find(sim, pid)->rss_file, 0);
	CHECK_EQ_UL(task_find(sim, pid)->nr_ptes, 0);
	for (unsigned long pfn = 0; pfn < sim_max_pfn(sim); pfn++) {
		const struct page *p = sim_page(sim, pfn);

		if ((p->flags & PG_lru) && !(p->flags & PG_swapbacked)) {
			CHECK_EQ_UL(get_pcppage_migratetype(p), MIGRATE_UNMOVABLE);
			CHECK_EQ_UL(p->private, 0);
			found++;
		}
	}
	CHECK_EQ_UL(found, 64);
	sim_destroy(sim);
}
