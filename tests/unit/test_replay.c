/* tests/unit/test_replay.c - ftrace lines of 4.x and 6.x, GFP masks as
 * kernels 4.5 to 6.x print them, and exact replay's page moves. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/machine.h"
#include "buddyscope/replay.h"
#include "buddyscope/sim.h"
#include "testhelp.h"

static int parse(struct replay_parser *rp, const char *line, struct replay_event *ev, char *err)
{
	return replay_parse_line(rp, line, strlen(line), ev, err, 256);
}

TEST(replay_parses_6x_and_4x_layouts)
{
	struct replay_parser rp = { 0 };
	struct replay_event ev;
	char err[256] = "";

	/* 6.1: hex pfn, irq flags of 5 characters */
	CHECK(parse(&rp, "            init-1       [001] .....     4.312059: mm_page_alloc: "
		    "page=00000000b1f08b61 pfn=0x6774 order=1 migratetype=0 "
		    "gfp_flags=GFP_KERNEL_ACCOUNT|__GFP_ZERO", &ev, err) == 1);
	CHECK_EQ_UL(ev.pfn, 0x6774);
	CHECK_EQ_UL(ev.order, 1);
	CHECK_EQ_UL(ev.cpu, 1);
	CHECK_EQ_UL(ev.kind, RK_ALLOC);
	CHECK_EQ_UL(ev.ts_ns, 4312059000ULL);
	CHECK_EQ_UL(ev.gfp, GFP_KERNEL_ACCOUNT | GFP_F_ZERO);
	CHECK(rp.hex_pfn && !rp.dec_pfn);
	/* a comm with blanks and dashes, the tgid column, 9 digits of time */
	CHECK(parse(&rp, "  Web Content-x-1234  ( 1200) [003] d..3.  100.000000001: "
		    "mm_page_alloc_zone_locked: page=0000000081692acd pfn=0x676d order=0 "
		    "migratetype=1 percpu_refill=1", &ev, err) == 1);
	CHECK_EQ_UL(ev.kind, RK_ZONE_LOCKED);
	CHECK_EQ_UL(ev.flag, 1);
	CHECK_EQ_UL(ev.mt, 1);
	CHECK_EQ_UL(ev.cpu, 3);
	CHECK_EQ_UL(ev.ts_ns, 100000000001ULL);
	/* 4.5: decimal pfn, no irq-info column, the 4.5 GFP spelling */
	CHECK(parse(&rp, "           bash-2305  [000]   312.044051: mm_page_alloc: "
		    "page=ffffea0000123400 pfn=74565 order=0 migratetype=1 "
		    "gfp_flags=GFP_HIGHUSER_MOVABLE|GFP_COLD", &ev, err) == 1);
	CHECK_EQ_UL(ev.pfn, 74565);
	CHECK_EQ_UL(ev.gfp, GFP_HIGHUSER_MOVABLE | GFP_F_COLD);
	CHECK(rp.dec_pfn);
	CHECK(parse(&rp, "           bash-2305  [000]   312.044100: mm_page_free_batched: "
		    "page=ffffea0000123400 pfn=74565 order=0 cold=1", &ev, err) == 1);
	CHECK_EQ_UL(ev.kind, RK_FREE_BATCHED);
	CHECK(parse(&rp, "         kswapd0-40    [001] ....   312.5: mm_page_alloc_extfrag: "
		    "page=ffffea0000200000 pfn=131072 alloc_order=0 fallback_order=9 "
		    "pageblock_order=9 alloc_migratetype=0 fallback_migratetype=1 fragmenting=0 "
		    "change_ownership=1", &ev, err) == 1);
	CHECK_EQ_UL(ev.kind, RK_EXTFRAG);
	CHECK_EQ_UL(ev.fallback_order, 9);
	CHECK_EQ_UL(ev.fallback_mt, 1);
	CHECK_EQ_UL(ev.flag, 1);
	/* a failed allocation: no page */
	CHECK(parse(&rp, "   memhog-187 [001] ..... 8.9: mm_page_alloc: page=(null) pfn=0x0 order=9 "
		    "migratetype=1 gfp_flags=GFP_TRANSHUGE_LIGHT", &ev, err) == 1);
	CHECK_EQ_UL(ev.pfn, REPLAY_NO_PFN);
	/* what is skipped: headers, other events, a lost-events note */
	CHECK(parse(&rp, "# tracer: nop", &ev, err) == 0);
	CHECK(parse(&rp, "  <idle>-0 [000] d.h1. 5.0: sched_wakeup: comm=x pid=1", &ev, err) == 0);
	CHECK(parse(&rp, "CPU:1 [LOST 123 EVENTS]", &ev, err) == 0);
	CHECK_EQ_UL(rp.other, 1);
	CHECK_EQ_UL(rp.lost, 123);
	/* a kmem line that does not parse: the line number */
	rp.lines = 41;
	CHECK(parse(&rp, "  a-1 [000] ..... 1.0: mm_page_free: page=0 pfn=zz order=0", &ev, err) < 0);
	CHECK(strstr(err, "line 42: ") != NULL);
	CHECK(parse(&rp, "  a-1 [000] ..... 1.0: mm_page_free: pfn=12 order=11", &ev, err) < 0);
	CHECK(strstr(err, "order") != NULL);
}

TEST(replay_gfp_masks_of_every_kernel)
{
	gfp_t g = 0;
	char err[256] = "";

	/* GFP_TRANSHUGE changed meaning in 4.8 */
	CHECK(gfp_parse_kernel("GFP_TRANSHUGE", 405, &g, err, sizeof(err)) == 0);
	CHECK_EQ_UL(g, GFP_TRANSHUGE);
	CHECK(gfp_parse_kernel("GFP_TRANSHUGE", 601, &g, err, sizeof(err)) == 0);
	CHECK_EQ_UL(g, GFP_TRANSHUGE_LIGHT | GFP_F_DIRECT_RECLAIM);
	CHECK(g & GFP_F_DIRECT_RECLAIM && !(g & GFP_F_NORETRY));
	CHECK(gfp_parse_kernel("GFP_TRANSHUGE_LIGHT|__GFP_NORETRY|__GFP_THISNODE", 601, &g, err,
			       sizeof(err)) == 0);
	CHECK(!(g & GFP_F_RECLAIM) && (g & GFP_F_THISNODE) && (g & GFP_F_COMP));
	CHECK(gfp_parse_kernel("GFP_KERNEL|__GFP_RETRY_MAYFAIL", 601, &g, err, sizeof(err)) == 0);
	CHECK_EQ_UL(g, GFP_KERNEL | GFP_F_REPEAT);
	CHECK(gfp_parse_kernel("GFP_HIGHUSER_MOVABLE|__GFP_SKIP_KASAN_POISON", 601, &g, err,
			       sizeof(err)) == 0);
	CHECK_EQ_UL(g, GFP_HIGHUSER_MOVABLE);
	/* the log's %pGg: the names win over 6.1's raw bits */
	CHECK(gfp_parse_kernel("0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO)", 601, &g, err,
			       sizeof(err)) == 0);
	CHECK_EQ_UL(g, GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_ZERO);
	/* raw masks in each layout: 6.1's 0x140dca, 4.5's 0x24201ca, 4.10's WRITE */
	CHECK_EQ_UL(gfp_from_raw(0x140dca, 601), GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_ZERO);
	CHECK_EQ_UL(gfp_from_raw(0x400dc0, 601), GFP_KERNEL_ACCOUNT | GFP_F_ZERO);
	CHECK_EQ_UL(gfp_from_raw(0x24201ca, 405), GFP_HIGHUSER_MOVABLE | GFP_F_COLD);
	CHECK_EQ_UL(gfp_from_raw(0x800000, 410), GFP_F_WRITE);
	CHECK_EQ_UL(gfp_from_raw(0x1000000, 410), GFP_F_KSWAPD_RECLAIM);
	CHECK(gfp_parse_kernel("0x140dca", 601, &g, err, sizeof(err)) == 0);
	CHECK_EQ_UL(g, GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_ZERO);
	/* 4.5 printed an empty mask as GFP_NOWAIT */
	CHECK(gfp_parse_kernel("GFP_NOWAIT", 405, &g, err, sizeof(err)) == 0);
	CHECK_EQ_UL(g, 0);
	/* unknown: one line with the closest name */
	CHECK(gfp_parse_kernel("GFP_KERNEL|__GFP_RETRY_MAYFAL", 601, &g, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "__GFP_RETRY_MAYFAIL") && !strchr(err, '\n'));
}

TEST(replay_sort_is_stable_by_time)
{
	struct replay_event ev[5] = {
		{ .ts_ns = 30, .line = 1 }, { .ts_ns = 10, .line = 2 }, { .ts_ns = 20, .line = 3 },
		{ .ts_ns = 10, .line = 4 }, { .ts_ns = 5, .line = 5 },
	};

	CHECK(replay_sort(ev, 5) == 0);
	CHECK_EQ_UL(ev[0].line, 5);
	CHECK_EQ_UL(ev[1].line, 2);
	CHECK_EQ_UL(ev[2].line, 4);
	CHECK_EQ_UL(ev[3].line, 3);
	CHECK_EQ_UL(ev[4].line, 1);
}

static struct sim *tiny(void)
{
	struct sim_config cfg;
	struct sim *sim = NULL;
	char err[256];

	memset(&cfg, 0, sizeof(cfg));
	cfg.seed = 1;
	if (machine_preset("tiny", &cfg.machine) || sim_create(&cfg, &sim, err, sizeof(err)))
		return NULL;
	return sim;
}

static struct replay_event event(int kind, unsigned long pfn, int order, int flag, int cpu)
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

/* The kernel's two layers, followed: refill to a pcp list, allocate from
 * it, free to it, drain back; a THP split and freed page by page. */
TEST(replay_exact_moves_pages_as_the_trace_says)
{
	struct sim *sim = tiny();
	struct replay *r = NULL;
	struct block_info bi;
	struct replay_event e;
	unsigned long free0;

	REQUIRE(sim);
	REQUIRE(replay_create(sim, REPLAY_EXACT, 16, &r) == 0);
	free0 = sim_nr_free_pages(sim);
	e = event(RK_ZONE_LOCKED, 0x1c03, 0, 1, 1);	/* rmqueue_bulk onto cpu 1 */
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK(sim_block_of(sim, 0x1c03, &bi) == 0 && bi.state == BLOCK_PCP && bi.cpu == 1);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0 - 1);
	e = event(RK_ALLOC, 0x1c03, 0, 0, 1);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK(sim_block_of(sim, 0x1c03, &bi) == 0 && bi.state == BLOCK_ALLOCATED);
	CHECK(replay_event(sim, r, &e) == RO_NOT_FREE);	/* twice: not free any more */
	e = event(RK_FREE, 0x1c03, 0, 0, 0);		/* freed on cpu 0: its pcp list */
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK(sim_block_of(sim, 0x1c03, &bi) == 0 && bi.state == BLOCK_PCP && bi.cpu == 0);
	e = event(RK_FREE_BATCHED, 0x1c03, 0, 0, 0);	/* 6.x repeats it: nothing to do */
	CHECK(replay_event(sim, r, &e) == RO_DUPLICATE);
	e = event(RK_PCPU_DRAIN, 0x1c03, 0, 0, 0);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0);	/* merged back */
	/* a THP: taken whole, split, its pages freed one by one */
	e = event(RK_ALLOC, 0x1e00, 9, 0, 0);
	CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	CHECK(sim_block_of(sim, 0x1e05, &bi) == 0 && bi.state == BLOCK_ALLOCATED &&
	      bi.head == 0x1e00 && bi.order == 9);
	for (unsigned long p = 0x1e00; p < 0x2000; p++) {
		e = event(RK_FREE, p, 0, 0, 0);
		CHECK(replay_event(sim, r, &e) == RO_APPLIED);
		e = event(RK_PCPU_DRAIN, p, 0, 0, 0);
		CHECK(replay_event(sim, r, &e) == RO_APPLIED);
	}
	CHECK_EQ_UL(sim_nr_free_pages(sim), free0);
	/* a pfn beyond the machine and a failed allocation are said */
	e = event(RK_ALLOC, 0x100000, 0, 0, 0);
	CHECK(replay_event(sim, r, &e) == RO_OUTSIDE);
	e = event(RK_ALLOC, REPLAY_NO_PFN, 0, 0, 0);
	CHECK(replay_event(sim, r, &e) == RO_FAILED_IN_KERNEL);
	CHECK_EQ_L(sim_check(sim, NULL), 0);
	replay_destroy(r);
	sim_destroy(sim);
}

TEST(replay_alloc_at_takes_the_kernels_block)
{
	struct sim *sim = tiny();
	struct block_info bi;

	REQUIRE(sim);
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 3, 0x1c08), 0x1c08);
	CHECK(sim_block_of(sim, 0x1c0a, &bi) == 0 && bi.state == BLOCK_ALLOCATED && bi.order == 3);
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 0, 0x1c0b), PFN_NONE);
	CHECK(strstr(sim_errmsg(sim), "not free") != NULL);
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 2, 0x1c06), PFN_NONE);	/* misaligned */
	CHECK_EQ_UL(alloc_pages_at(sim, GFP_KERNEL, 0, 0x1000), PFN_NONE);	/* reserved */
	CHECK_EQ_L(sim_check(sim, NULL), 0);
	sim_destroy(sim);
}
