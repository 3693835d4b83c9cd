/* tests/unit/test_cov45_replay.c - replaying a trace where the pages have
 * owners and histories: an exact replay's free of a task's anon page, its
 * mapped and dirty file pages, its page tables and slab gives every counter
 * back as the kernel's own paths do (zap_pte_range, __free_slab); a
 * replay_run() under an open checkpoint is undone whole by time travel and
 * ends as replay_event() one by one does; a simulate replay follows a THP
 * the kernel split, a real pfn allocated twice, a full map. */
#include <stdlib.h>
#include <string.h>

#include "../../core/internal.h"
#include "../../core/replay_int.h"
#include "buddyscope/buddy.h"
#include "buddyscope/procfs.h"
#include "buddyscope/replay.h"
#include "buddyscope/snapshot.h"
#include "buddyscope/task.h"
#include "simtest.h"

static struct replay_event ev_of(int kind, unsigned long pfn, int order, int flag, int cpu)
{
	struct replay_event e;

	memset(&e, 0, sizeof(e));
	e.kind = (uint8_t)kind;
	e.pfn = (uint32_t)pfn;
	e.order = (uint8_t)order;
	e.flag = (uint8_t)flag;
	e.cpu = (uint16_t)cpu;
	e.gfp = GFP_HIGHUSER_MOVABLE;
	e.mt = MIGRATE_MOVABLE;
	return e;
}

static long stat_sum(const struct sim *sim, enum zone_stat_item item)
{
	long n = 0;

	for (int id = 0; id < MAX_NUMNODES * MAX_NR_ZONES; id++)
		if (sim->zone_by_id[id])
			n += sim->zone_by_id[id]->vm_stat[item];
	return n;
}

/* The first pfn whose page has all of @set, none of @clear, and @private
 * (or any when @any_private). */
static unsigned long find_page(const struct sim *sim, uint16_t set, uint16_t clear,
			       uint32_t private, bool any_private)
{
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++) {
		const struct page *p = &sim->map.pages[pfn];

		if ((p->flags & set) == set && !(p->flags & clear) &&
		    (any_private || p->private == private))
			return pfn;
	}
	return PFN_NONE;
}

static void canon(const struct sim *sim, struct strbuf *sb)
{
	sb_reset(sb);
	procfs_show_buddyinfo(sim, sb);
	procfs_show_pagetypeinfo(sim, sb);
	procfs_show_zoneinfo(sim, sb);
	procfs_show_vmstat(sim, sb);
}

TEST(cov45_replay_exact_free_gives_owners_counters_back)
{
	struct sim *sim = boot_preset("tiny");
	struct replay *r = NULL;
	const struct task *t;
	struct replay_event e;
	unsigned long pfn, rss, ptes;
	long before, before2;
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "owner", 0, -1, 0);
	REQUIRE(pid > 0);
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 40), 40);
	CHECK_EQ_L(task_touch(sim, pid, TASK_FILE, 20), 20);
	CHECK_EQ_L(task_touch(sim, pid, TASK_FILE_DIRTY, 20), 20);
	CHECK_EQ_L(task_touch(sim, pid, TASK_FILE_READ, 20), 20);
	CHECK_EQ_L(kernel_slab_alloc(sim, 4, true), 4);
	CHECK_EQ_L(kernel_slab_alloc(sim, 4, false), 4);
	REQUIRE(replay_create(sim, REPLAY_EXACT, 16, &r) == 0);

	/* an anon page of the task: NR_ANON_PAGES, rss and total_vm lose one */
	pfn = find_page(sim, PG_lru | PG_swapbacked, PG_buddy | PG_pcp, (uint32_t)pid, false);
	REQUIRE(pfn != PFN_NONE);
	t = task_find(sim, pid);
	rss = t->rss_anon;
	before = stat_sum(sim, NR_ANON_PAGES);
	e = ev_of(RK_FREE, pfn, 0, 0, 0);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK_EQ_L(stat_sum(sim, NR_ANON_PAGES), before - 1);
	CHECK_EQ_UL(task_find(sim, pid)->rss_anon, rss - 1);
	CHECK(sim->map.pages[pfn].flags & PG_pcp);

	/* a dirty mapped file page: file, mapped and dirty counts lose one */
	pfn = find_page(sim, PG_lru | PG_dirty, PG_swapbacked | PG_buddy | PG_pcp, (uint32_t)pid,
			false);
	REQUIRE(pfn != PFN_NONE);
	rss = task_find(sim, pid)->rss_file;
	before = stat_sum(sim, NR_FILE_MAPPED);
	before2 = stat_sum(sim, NR_FILE_DIRTY);
	e = ev_of(RK_FREE, pfn, 0, 0, 1);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK_EQ_L(stat_sum(sim, NR_FILE_MAPPED), before - 1);
	CHECK_EQ_L(stat_sum(sim, NR_FILE_DIRTY), before2 - 1);
	CHECK_EQ_UL(task_find(sim, pid)->rss_file, rss - 1);

	/* a clean page-cache page no task maps: only NR_FILE_PAGES */
	pfn = find_page(sim, PG_lru, PG_swapbacked | PG_dirty | PG_buddy | PG_pcp, 0, false);
	REQUIRE(pfn != PFN_NONE);
	before = stat_sum(sim, NR_FILE_PAGES);
	before2 = stat_sum(sim, NR_FILE_MAPPED);
	e = ev_of(RK_FREE, pfn, 0, 0, 0);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK_EQ_L(stat_sum(sim, NR_FILE_PAGES), before - 1);
	CHECK_EQ_L(stat_sum(sim, NR_FILE_MAPPED), before2);

	/* slab pages: the reclaimable count or the unreclaimable one, by the
	 * pageblock the slab page sits in */
	pfn = find_page(sim, PG_slab, PG_buddy | PG_pcp, 0, true);
	REQUIRE(pfn != PFN_NONE);
	before = stat_sum(sim, NR_SLAB_RECLAIMABLE) + stat_sum(sim, NR_SLAB_UNRECLAIMABLE);
	e = ev_of(RK_FREE, pfn, 0, 0, 0);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK_EQ_L(stat_sum(sim, NR_SLAB_RECLAIMABLE) + stat_sum(sim, NR_SLAB_UNRECLAIMABLE),
		   before - 1);
	for (int i = 0; i < 7; i++) {
		pfn = find_page(sim, PG_slab, PG_buddy | PG_pcp, 0, true);
		REQUIRE(pfn != PFN_NONE);
		e = ev_of(RK_FREE, pfn, 0, 0, 0);
		CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	}
	CHECK_EQ_L(stat_sum(sim, NR_SLAB_RECLAIMABLE), 0);
	CHECK_EQ_L(stat_sum(sim, NR_SLAB_UNRECLAIMABLE), 0);

	/* a page table of the task: NR_PAGETABLE and nr_ptes */
	pfn = find_page(sim, PG_head, PG_lru | PG_slab | PG_buddy | PG_pcp, (uint32_t)pid, false);
	REQUIRE(pfn != PFN_NONE);
	ptes = task_find(sim, pid)->nr_ptes;
	REQUIRE(ptes > 0);
	before = stat_sum(sim, NR_PAGETABLE);
	e = ev_of(RK_FREE, pfn, 0, 0, 0);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK_EQ_L(stat_sum(sim, NR_PAGETABLE), before - 1);
	CHECK_EQ_UL(task_find(sim, pid)->nr_ptes, ptes - 1);
	CHECK(invariants_hold(sim));
	replay_destroy(r);
	sim_destroy(sim);
}

/* free_hot_cold_page(): a page of a HIGHATOMIC (or CMA) pageblock goes on
 * the MOVABLE pcp list; the pcp lists have only the first three types. */
TEST(cov45_replay_exact_free_highatomic_page_to_movable_list)
{
	struct sim *sim = boot_preset("tiny");
	struct replay *r = NULL;
	struct replay_event e;
	struct block_info bi;
	unsigned long pfn;
	int pid;

	REQUIRE(sim);
	pid = task_spawn(sim, "owner", 0, -1, 0);
	REQUIRE(pid > 0);
	CHECK_EQ_L(task_touch(sim, pid, TASK_ANON, 8), 8);
	pfn = find_page(sim, PG_lru | PG_swapbacked, PG_buddy | PG_pcp, (uint32_t)pid, false);
	REQUIRE(pfn != PFN_NONE);
	set_pageblock_migratetype(sim, pfn, MIGRATE_HIGHATOMIC);
	REQUIRE(replay_create(sim, REPLAY_EXACT, 4, &r) == 0);
	e = ev_of(RK_FREE, pfn, 0, 0, 1);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK(sim_block_of(sim, pfn, &bi) == 0 && bi.state == BLOCK_PCP && bi.cpu == 1);
	CHECK_EQ_UL(get_pcppage_migratetype(&sim->map.pages[pfn]), MIGRATE_MOVABLE);
	replay_destroy(r);
	sim_destroy(sim);
}

/* A block the kernel gave out at @pfn in one trace is taken at once by
 * alloc_pages_at() (a block of the pcp lists included, taken off the list
 * that holds it). */
TEST(cov45_alloc_at_takes_pages_off_pcp_lists)
{
	struct sim *sim = boot_preset("classroom");
	struct block_info bi, bj;
	unsigned long pfn, head = PFN_NONE, free0, on_pcp = 0;
	long pcp0 = 0, pcp1 = 0;

	REQUIRE(sim);
	/* an order-0 allocation refills cpu 0's list with a batch */
	pfn = alloc_pages(sim, GFP_KERNEL, 0);
	REQUIRE(pfn != PFN_NONE);
	for (unsigned long p = 0; p + 1 < sim->map.max_pfn && head == PFN_NONE; p += 2)
		if ((sim->map.pages[p].flags & PG_pcp) && sim_block_of(sim, p, &bi) == 0 && sim_block_of(sim, p + 1, &bj) == 0 &&
		    (bi.state == BLOCK_PCP || bj.state == BLOCK_PCP) &&
		    (bi.state == BLOCK_PCP || bi.state == BLOCK_FREE) &&
		    (bj.state == BLOCK_PCP || bj.state == BLOCK_FREE)) {
			head = p;
			on_pcp = (bi.state == BLOCK_PCP) + (bj.state == BLOCK_PCP);
		}
	REQUIRE(head != PFN_NONE);
	for (int cpu = 0; cpu < page_zone(sim, head)->nr_cpus; cpu++)
		pcp0 += page_zone(sim, head)->pageset[cpu].count;
	free0 = sim_nr_free_pages(sim);
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 1, head), head);
	CHECK(sim_block_of(sim, head + 1, &bi) == 0 && bi.state == BLOCK_ALLOCATED &&
	      bi.order == 1 && bi.head == head);
	for (int cpu = 0; cpu < page_zone(sim, head)->nr_cpus; cpu++)
		pcp1 += page_zone(sim, head)->pageset[cpu].count;
	/* the pcp pages came off their lists, the rest off the buddy lists */
	CHECK_EQ_L(pcp1, pcp0 - (long)on_pcp);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0 - (2 - on_pcp));
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* The events of one hand-made trace: refills, allocations, frees, a batch
 * repeat, drains, a zone-locked page in the middle of a free block, and a
 * refill of a page in a CMA-less movable block. */
static size_t trace_events(const struct sim *sim, struct replay_event *ev)
{
	size_t n = 0;
	unsigned long a = 0x1c03, b = 0x1d40, c = 0x1e01;

	(void)sim;
	ev[n++] = ev_of(RK_ZONE_LOCKED, a, 0, 1, 1);	/* rmqueue_bulk: head of its block */
	ev[n++] = ev_of(RK_ZONE_LOCKED, a + 1, 0, 1, 1);
	ev[n++] = ev_of(RK_ALLOC, a, 0, 0, 1);
	ev[n++] = ev_of(RK_ALLOC, a, 0, 0, 1);		/* twice: not free */
	ev[n++] = ev_of(RK_FREE, a, 0, 0, 0);
	ev[n++] = ev_of(RK_FREE_BATCHED, a, 0, 0, 0);	/* 6.x repeats it */
	ev[n++] = ev_of(RK_PCPU_DRAIN, a, 0, 0, 0);
	ev[n++] = ev_of(RK_PCPU_DRAIN, a + 1, 0, 0, 1);
	ev[n++] = ev_of(RK_ZONE_LOCKED, b, 0, 0, 0);	/* no refill: for an allocation */
	ev[n++] = ev_of(RK_ALLOC, b, 0, 0, 0);
	ev[n++] = ev_of(RK_FREE, b, 0, 0, 1);
	ev[n++] = ev_of(RK_ZONE_LOCKED, c + 6, 0, 1, 0);	/* inside a free block */
	ev[n++] = ev_of(RK_ZONE_LOCKED, c + 9, 0, 0, 0);
	ev[n++] = ev_of(RK_ALLOC, c + 9, 0, 0, 0);
	ev[n++] = ev_of(RK_PCPU_DRAIN, c + 6, 0, 0, 0);
	ev[n++] = ev_of(RK_FREE, c + 9, 0, 0, 1);
	ev[n++] = ev_of(RK_ZONE_LOCKED, 0x100000, 0, 1, 0);	/* past memory */
	return n;
}

TEST(cov45_replay_run_under_checkpoints_matches_event_by_event)
{
	struct sim *sim = boot_preset("tiny"), *copy = NULL;
	struct strbuf start = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	unsigned long count[NR_REPLAY_KINDS][NR_REPLAY_OUTCOMES];
	enum replay_outcome one[32];
	struct replay_event ev[32];
	struct replay *r = NULL, *r2 = NULL;
	uint64_t c0, c;
	size_t n;

	REQUIRE(sim);
	REQUIRE(sim_clone(sim, &copy) == 0);
	n = trace_events(sim, ev);
	/* one by one, on the copy */
	REQUIRE(replay_create(copy, REPLAY_EXACT, n, &r2) == 0);
	for (size_t i = 0; i < n; i++)
		one[i] = replay_event(copy, r2, &ev[i]);
	CHECK(one[0] == RO_APPLIED && one[3] == RO_NOT_FREE && one[5] == RO_DUPLICATE);
	CHECK(one[11] == RO_APPLIED && one[16] == RO_OUTSIDE);
	/* by replay_run, a checkpoint before each event, so that each event's
	 * first write to each page chunk saves it */
	canon(sim, &start);
	REQUIRE(snapshot_take(sim, &c0) == 0);
	REQUIRE(replay_create(sim, REPLAY_EXACT, n, &r) == 0);
	REQUIRE(replay_prepare(sim, r, ev, n) == 0);
	memset(count, 0, sizeof(count));
	for (size_t i = 0; i < n; i++) {
		unsigned long before[NR_REPLAY_KINDS][NR_REPLAY_OUTCOMES];

		memcpy(before, count, sizeof(before));
		REQUIRE(snapshot_take(sim, &c) == 0);
		replay_run(sim, r, i, i + 1, count);
		CHECK_EQ_UL(count[ev[i].kind][one[i]], before[ev[i].kind][one[i]] + 1);
	}
	replay_run(sim, r, n, n + 5, count);	/* nothing past the end */
	canon(sim, &a);
	canon(copy, &b);
	CHECK_STR(sb_str(&a), sb_str(&b));
	CHECK(invariants_hold(sim));
	/* time travel undoes the whole replay */
	CHECK_EQ_L(snapshot_goto(sim, c0), 0);
	canon(sim, &a);
	CHECK_STR(sb_str(&a), sb_str(&start));
	CHECK(invariants_hold(sim));
	sb_release(&start);
	sb_release(&a);
	sb_release(&b);
	replay_destroy(r);
	replay_destroy(r2);
	sim_destroy(copy);
	sim_destroy(sim);
}

/* simulate: a THP the kernel split and freed page by page is split in the
 * simulator too, and the same subpage goes; a second free of it has
 * nothing left to do. */
TEST(cov45_replay_simulate_follows_a_split_thp)
{
	struct sim *sim = boot_preset("tiny");
	struct replay *r = NULL;
	struct replay_event e;
	struct block_info bi;
	unsigned long free0, head;

	REQUIRE(sim);
	REQUIRE(replay_create(sim, REPLAY_SIMULATE, 8, &r) == 0);
	free0 = sim_nr_free_pages(sim);
	e = ev_of(RK_ALLOC, 0x3000, 9, 0, 0);
	e.gfp = GFP_TRANSHUGE;
	CHECK(replay_event(sim, r, &e) != RO_SIM_FAILED);
	head = PFN_NONE;
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++)
		if (r->owned[pfn])
			head = pfn;
	REQUIRE(head != PFN_NONE);
	CHECK(sim_block_of(sim, head, &bi) == 0 && bi.state == BLOCK_ALLOCATED && bi.order == 9);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0 - 512);
	e = ev_of(RK_FREE, 0x3005, 0, 0, 0);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK(sim_block_of(sim, head + 4, &bi) == 0 && bi.state == BLOCK_ALLOCATED &&
	      bi.order == 0);
	CHECK(sim_block_of(sim, head + 5, &bi) == 0 && bi.state != BLOCK_ALLOCATED);
	CHECK(replay_event(sim, r, &e) == RO_DUPLICATE);
	e = ev_of(RK_FREE, 0x3006, 0, 0, 0);	/* already split: no second split */
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK(sim_block_of(sim, head + 7, &bi) == 0 && bi.state == BLOCK_ALLOCATED &&
	      bi.order == 0);
	CHECK(invariants_hold(sim));
	replay_destroy(r);
	sim_destroy(sim);
}

/* simulate: a real pfn allocated twice with no traced free between moves
 * its mapping to the newer block; an allocation the simulator refuses or
 * cannot even ask is said; a map with no room left still allocates. */
TEST(cov45_replay_simulate_map_edges)
{
	struct sim *sim = boot_one_zone(ZONE_NORMAL, 1UL << 20, 8192, 1);
	struct replay *r = NULL;
	struct replay_event e;
	unsigned long first = PFN_NONE, second = PFN_NONE, free0;

	REQUIRE(sim);
	REQUIRE(replay_create(sim, REPLAY_SIMULATE, 0, &r) == 0);
	REQUIRE(r->map_size == 64);
	e = ev_of(RK_ALLOC, (1UL << 20) + 100, 2, 0, 0);
	e.gfp = GFP_KERNEL;
	CHECK(replay_event(sim, r, &e) != RO_SIM_FAILED);
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++)
		if (r->owned[pfn])
			first = pfn;
	REQUIRE(first != PFN_NONE);
	CHECK(replay_event(sim, r, &e) != RO_SIM_FAILED);
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++)
		if (r->owned[pfn] && pfn != first)
			second = pfn;
	REQUIRE(second != PFN_NONE);
	CHECK(!r->owned[first]);	/* the older block is no longer the trace's */
	/* no zone at or below DMA32 here: the simulator refuses */
	e = ev_of(RK_ALLOC, (1UL << 20) + 200, 0, 0, 0);
	e.gfp = GFP_KERNEL | GFP_F_DMA32;
	CHECK(replay_event(sim, r, &e) == RO_SIM_FAILED);
	e.order = MAX_ORDER;		/* no request of that order exists */
	e.gfp = GFP_KERNEL;
	CHECK(replay_event(sim, r, &e) == RO_SIM_FAILED);
	/* 64 slots: the 63 more allocations fill them, the last has none */
	for (unsigned long i = 0; i < 64; i++) {
		e = ev_of(RK_ALLOC, (1UL << 20) + 1024 + i, 0, 0, 0);
		e.gfp = GFP_KERNEL;
		CHECK(replay_event(sim, r, &e) != RO_SIM_FAILED);
	}
	/* the one left unmapped: its free finds no mapping, and the page at
	 * its real pfn is the simulator's own or free, so nothing is freed */
	e = ev_of(RK_FREE, (1UL << 20) + 1024 + 63, 0, 0, 0);
	free0 = sim_nr_free_pages(sim);
	CHECK(replay_event(sim, r, &e) == RO_BEFORE_TRACE);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0);
	CHECK(invariants_hold(sim));
	replay_destroy(r);
	sim_destroy(sim);
}

/* The start a trace implies: the first event touching a pfn decides. */
TEST(cov45_replay_hints_first_event_decides)
{
	struct replay_event ev[9];
	uint8_t hint[64];

	ev[0] = ev_of(RK_EXTFRAG, 1, 3, 1, 0);		/* says nothing of the pages */
	ev[1] = ev_of(RK_ALLOC, REPLAY_NO_PFN, 0, 0, 0);	/* failed: no page */
	ev[2] = ev_of(RK_FREE, 62, 2, 0, 0);		/* reaches past max_pfn */
	ev[3] = ev_of(RK_ZONE_LOCKED, 4, 0, 1, 0);	/* was in the buddy lists */
	ev[4] = ev_of(RK_ALLOC, 5, 0, 0, 0);		/* no refill before: was on a pcp list */
	ev[5] = ev_of(RK_ALLOC, 8, 2, 0, 0);		/* a larger block: buddy lists */
	ev[6] = ev_of(RK_PCPU_DRAIN, 12, 0, 0, 0);
	ev[7] = ev_of(RK_FREE_BATCHED, 13, 0, 0, 0);	/* was allocated */
	ev[8] = ev_of(RK_FREE, 4, 1, 0, 0);		/* 4 is already decided */
	memset(hint, 0, sizeof(hint));
	replay_hints(ev, 9, hint, 64);
	CHECK_EQ_UL(hint[1], REPLAY_HINT_NONE);
	CHECK_EQ_UL(hint[62], REPLAY_HINT_NONE);
	CHECK_EQ_UL(hint[63], REPLAY_HINT_NONE);
	CHECK_EQ_UL(hint[4], REPLAY_HINT_BUDDY);
	CHECK_EQ_UL(hint[5], REPLAY_HINT_PCP);	/* before the free of 4..5 */
	for (int p = 8; p < 12; p++)
		CHECK_EQ_UL(hint[p], REPLAY_HINT_BUDDY);
	CHECK_EQ_UL(hint[12], REPLAY_HINT_PCP);
	CHECK_EQ_UL(hint[13], REPLAY_HINT_USED);
	CHECK_EQ_UL(hint[14], REPLAY_HINT_NONE);
	CHECK_STR(replay_outcome_text(RO_APPLIED), "applied");
	CHECK_STR(replay_outcome_text(NR_REPLAY_OUTCOMES), "?");
}

/* 6.x keeps high orders on the pcp lists: a refill of order 3 is held
 * taken (the replay cannot keep it on a list) and its drain gives it back;
 * a drain of a page already free was done by an earlier event; a batched
 * free of a page inside a free block likewise. mm_page_alloc_extfrag with
 * change_ownership makes the pageblock the allocation's type, and only then. */
TEST(cov45_replay_exact_high_order_pcp_and_extfrag)
{
	struct sim *sim = boot_preset("tiny");
	struct replay *r = NULL;
	struct replay_event e;
	struct block_info bi;
	unsigned long free0;

	REQUIRE(sim);
	REQUIRE(replay_create(sim, REPLAY_EXACT, 8, &r) == 0);
	free0 = sim_nr_free_pages(sim);
	e = ev_of(RK_ZONE_LOCKED, 0x1e08, 3, 1, 0);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK(sim_block_of(sim, 0x1e0a, &bi) == 0 && bi.state == BLOCK_ALLOCATED &&
	      bi.head == 0x1e08 && bi.order == 3);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0 - 8);
	e = ev_of(RK_PCPU_DRAIN, 0x1e08, 3, 0, 0);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0);
	CHECK(sim_block_of(sim, 0x1e08, &bi) == 0 && bi.state == BLOCK_FREE);
	CHECK(replay_event(sim, r, &e) == RO_DUPLICATE);	/* free already */
	e = ev_of(RK_FREE_BATCHED, 0x1e09, 0, 0, 0);	/* inside a free block */
	CHECK(replay_event(sim, r, &e) == RO_DUPLICATE);
	e = ev_of(RK_PCPU_DRAIN, 0x1000, 0, 0, 0);		/* reserved memory */
	CHECK(replay_event(sim, r, &e) == RO_OUTSIDE);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0);

	/* extfrag: without change_ownership nothing moves */
	CHECK_EQ_L(get_pfnblock_migratetype(sim, 0x1e00), MIGRATE_MOVABLE);
	e = ev_of(RK_EXTFRAG, 0x1e00, 0, 0, 0);
	e.mt = MIGRATE_UNMOVABLE;
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, 0x1e00), MIGRATE_MOVABLE);
	e.flag = 1;
	e.mt = MIGRATE_HIGHATOMIC;		/* not a type an allocation steals for */
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, 0x1e00), MIGRATE_MOVABLE);
	e.mt = MIGRATE_MOVABLE;			/* its own type already */
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, 0x1e00), MIGRATE_MOVABLE);
	e.mt = MIGRATE_RECLAIMABLE;
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, 0x1e00), MIGRATE_RECLAIMABLE);
	CHECK_EQ_L(get_pfnblock_migratetype(sim, 0x1e00 + 511), MIGRATE_RECLAIMABLE);
	CHECK(invariants_hold(sim));
	replay_destroy(r);
	sim_destroy(sim);
}

/* alloc_pages_at() says what stands in the way: reserved memory (whole, or
 * one page of the block), and memory outside the zones. */
TEST(cov45_alloc_at_says_reserved)
{
	struct sim *sim = boot_preset("tiny");
	struct block_info bi;
	unsigned long pfn = PFN_NONE;

	REQUIRE(sim);
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 0, 0x1000), PFN_NONE);
	CHECK_STR(sim_errmsg(sim), "pfn 0x1000 is reserved memory, never given to the buddy "
		  "allocator");
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 0, 0), PFN_NONE);
	CHECK_STR(sim_errmsg(sim), "pfn 0 is outside memory (a hole or past pfn 0x1fff)");
	/* a reserved page after a free one in an order-1 block of DMA */
	for (unsigned long p = 2; p < 0x1000 && pfn == PFN_NONE; p += 2)
		if (sim_block_of(sim, p, &bi) == 0 && bi.state == BLOCK_FREE &&
		    sim_block_of(sim, p + 1, &bi) == 0 && bi.state == BLOCK_RESERVED)
			pfn = p;
	if (pfn != PFN_NONE) {
		char want[128];

		CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 1, pfn), PFN_NONE);
		snprintf(want, sizeof(want), "pfn %#lx is reserved memory, never given to the "
			 "buddy allocator", pfn);
		CHECK_STR(sim_errmsg(sim), want);
	}
	CHECK(invariants_hold(sim));
	sim_destroy(sim);
}

/* More of the hot loop: a zone-locked event for an allocated page, a
 * block taken for an allocation and freed with no mm_page_alloc between
 * (batched and not), a pfn in no zone, an empty run. */
TEST(cov45_replay_run_odd_events)
{
	struct sim *sim = boot_preset("tiny"), *copy = NULL;
	unsigned long count[NR_REPLAY_KINDS][NR_REPLAY_OUTCOMES];
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct replay_event ev[8];
	enum replay_outcome want[8];
	struct replay *r = NULL, *r2 = NULL;
	size_t n = 0;

	REQUIRE(sim);
	REQUIRE(sim_clone(sim, &copy) == 0);
	ev[n] = ev_of(RK_ZONE_LOCKED, 0x1f00, 0, 0, 0);	/* head of a free block */
	want[n++] = RO_APPLIED;
	ev[n] = ev_of(RK_ZONE_LOCKED, 0x1f00, 0, 0, 0);	/* taken already */
	want[n++] = RO_NOT_FREE;
	ev[n] = ev_of(RK_FREE, 0x1f00, 0, 0, 1);		/* freed before it was traced out */
	want[n++] = RO_APPLIED;
	ev[n] = ev_of(RK_ZONE_LOCKED, 0x1f02, 0, 0, 0);
	want[n++] = RO_APPLIED;
	ev[n] = ev_of(RK_FREE_BATCHED, 0x1f02, 0, 0, 0);	/* the first of the batch */
	want[n++] = RO_APPLIED;
	ev[n] = ev_of(RK_ALLOC, 0, 0, 0, 0);			/* pfn 0: in no zone */
	want[n++] = RO_OUTSIDE;
	REQUIRE(replay_create(sim, REPLAY_EXACT, n, &r) == 0);
	REQUIRE(replay_create(copy, REPLAY_EXACT, n, &r2) == 0);
	REQUIRE(replay_prepare(sim, r, ev, 0) == 0);
	memset(count, 0, sizeof(count));
	replay_run(sim, r, 0, 1, count);			/* nothing prepared */
	REQUIRE(replay_prepare(sim, r, ev, n) == 0);
	replay_run(sim, r, 0, n, count);
	for (size_t i = 0; i < n; i++)
		CHECK(replay_event(copy, r2, &ev[i]) == want[i]);
	CHECK_EQ_UL(count[RK_ZONE_LOCKED][RO_APPLIED], 2);
	CHECK_EQ_UL(count[RK_ZONE_LOCKED][RO_NOT_FREE], 1);
	CHECK_EQ_UL(count[RK_FREE][RO_APPLIED], 1);
	CHECK_EQ_UL(count[RK_FREE_BATCHED][RO_APPLIED], 1);
	CHECK_EQ_UL(count[RK_ALLOC][RO_OUTSIDE], 1);
	canon(sim, &a);
	canon(copy, &b);
	CHECK_STR(sb_str(&a), sb_str(&b));
	CHECK(invariants_hold(sim));
	sb_release(&a);
	sb_release(&b);
	replay_destroy(r);
	replay_destroy(r2);
	sim_destroy(copy);
	sim_destroy(sim);
}

/* A page the simulator put on a pcp list after the replay began (the
 * replay did not see it go there): an mm_page_alloc or a drain of it finds
 * its list all the same. */
TEST(cov45_replay_exact_pcp_page_the_replay_did_not_put)
{
	struct sim *sim = boot_preset("classroom");
	struct replay *r = NULL;
	struct replay_event e;
	struct block_info bi;
	unsigned long p1, p2;
	int cnt;

	REQUIRE(sim);
	REQUIRE(replay_create(sim, REPLAY_EXACT, 4, &r) == 0);
	CHECK_EQ_L(sim_set_cpu(sim, 2), 0);
	p1 = alloc_pages(sim, GFP_KERNEL, 0);
	p2 = alloc_pages(sim, GFP_KERNEL, 0);
	REQUIRE(p1 != PFN_NONE && p2 != PFN_NONE);
	CHECK_EQ_L(free_pages(sim, p1, 0), 0);
	CHECK_EQ_L(free_pages(sim, p2, 0), 0);
	REQUIRE(sim_block_of(sim, p1, &bi) == 0 && bi.state == BLOCK_PCP && bi.cpu == 2);
	REQUIRE(sim_block_of(sim, p2, &bi) == 0 && bi.state == BLOCK_PCP && bi.cpu == 2);
	cnt = page_zone(sim, p1)->pageset[2].count;
	e = ev_of(RK_ALLOC, p1, 0, 0, 2);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK(sim_block_of(sim, p1, &bi) == 0 && bi.state == BLOCK_ALLOCATED);
	CHECK_EQ_L(page_zone(sim, p1)->pageset[2].count, cnt - 1);
	e = ev_of(RK_PCPU_DRAIN, p2, 0, 0, 2);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK(sim_block_of(sim, p2, &bi) == 0 && bi.state == BLOCK_FREE);
	CHECK_EQ_L(page_zone(sim, p1)->pageset[2].count, cnt - 2);
	CHECK(invariants_hold(sim));
	replay_destroy(r);
	sim_destroy(sim);
}
