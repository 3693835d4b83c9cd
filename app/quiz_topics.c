/* app/quiz_topics.c - quiz topics about the buddy lists: buddyinfo, merge,
 * watermark, zone, pcp, steal (quiz.h). Each generator draws its parameters,
 * runs the setup through the command table, then asks the engine for the
 * answer; where it also works the answer out by the kernel's rule for the
 * explanation, it checks that both agree and gives up otherwise, so a
 * solution never says what the engine did not do.
 */
#include "quiz.h"

#include <stdio.h>
#include <string.h>
#include "buddyscope/buddy.h"
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"
#include "buddyscope/trace.h"
#include "buddyscope/watermark.h"
#include "quiz_priv.h"

/* ---- shared helpers (quiz_priv.h) ---- */

const struct zone *quiz_zone(struct quiz_gen *g, int zid)
{
	return sim_zone(g->p->ctx.sim, 0, zid);
}

void quiz_nr_free_row(struct strbuf *out, const struct zone *z)
{
	for (int o = 0; o < MAX_ORDER; o++)
		sb_printf(out, "%s%lu", o ? " " : "", z->free_area[o].nr_free);
}

size_t quiz_kernel_blocks(struct quiz_gen *g, const struct zone *z, unsigned int order,
			  unsigned long *pfns, size_t max)
{
	const struct sim *sim = g->p->ctx.sim;
	size_t n = 0;

	for (unsigned long pfn = z->zone_start_pfn; pfn < zone_end_pfn(z) && n < max; pfn++) {
		const struct page *pg = sim_page(sim, pfn);

		if ((pg->flags & PG_head) && !pg->private && !(pg->flags & PG_slab) &&
		    (order == QUIZ_ANY_ORDER || pg->order == order))
			pfns[n++] = pfn;
	}
	return n;
}

int quiz_fragment(struct quiz_gen *g, int zid, unsigned int fill_order, unsigned int nfree)
{
	static unsigned long pfns[8192];
	const struct zone *z;
	size_t n;

	if (quiz_cmd(g, "alloc GFP_NOWAIT|__GFP_NOWARN %u x5000", fill_order))
		return -1;
	z = quiz_zone(g, zid);
	n = quiz_kernel_blocks(g, z, QUIZ_ANY_ORDER, pfns, 8192);
	for (unsigned int i = 0; i < nfree && n; i++) {
		size_t k = (size_t)quiz_rand(g, n);

		if (quiz_cmd(g, "free %#lx", pfns[k]))
			return -1;
		pfns[k] = pfns[--n];
	}
	return 0;
}

/* ---- buddyinfo: the free_area line after allocs and frees ---- */

int quiz_gen_buddyinfo(struct quiz_gen *g)
{
	static unsigned long pfns[4096];
	unsigned int steps = 3 + (unsigned int)quiz_rand(g, 3);
	const struct zone *z;

	if (quiz_boot(g, "tiny"))
		return -1;
	z = quiz_zone(g, ZONE_DMA32);
	sb_puts(&g->p->question, "At boot /proc/buddyinfo reads, for Node 0, zone DMA32 (orders 0..10):\n  ");
	quiz_nr_free_row(&g->p->question, z);
	sb_puts(&g->p->why, "After each command (free blocks per order 0..10 in DMA32):\n");
	for (unsigned int i = 0; i < steps; i++) {
		size_t n = quiz_kernel_blocks(g, z, QUIZ_ANY_ORDER, pfns, 4096);
		int rc;

		if (n && quiz_rand(g, 3) == 0)
			rc = quiz_cmd(g, "free %#lx", pfns[quiz_rand(g, n)]);
		else
			rc = quiz_cmd(g, "alloc GFP_KERNEL %u x%u", 1 + (unsigned int)quiz_rand(g, 5),
				      1 + (unsigned int)quiz_rand(g, 3));
		if (rc)
			return -1;
		z = quiz_zone(g, ZONE_DMA32);
		sb_printf(&g->p->why, "  %-28s ", quiz_last_cmd(g));
		quiz_nr_free_row(&g->p->why, z);
		sb_putc(&g->p->why, '\n');
	}
	sb_puts(&g->p->question, "\nWhat does it read for DMA32 after the setup? (11 numbers)\n");
	quiz_nr_free_row(&g->p->answer, z);
	quiz_set_request(g, "", 0, ZONE_DMA32);
	sb_puts(&g->p->why, "An allocation takes the first block of the smallest order that has one\n"
			    "(__rmqueue_smallest) and splits the rest down, one buddy per order\n"
			    "(expand). A free merges with its buddy (pfn ^ 2^order) while the buddy is\n"
			    "free and of the same order (__free_one_page).\n");
	return 0;
}

/* ---- merge: which block a free ends up in ---- */

int quiz_gen_merge(struct quiz_gen *g)
{
	static unsigned long pfns[4096];
	unsigned long freed_pfns[3], buddies[4];
	unsigned int nr_freed = 0, nr_buddies = 0;
	const struct sim *sim;
	unsigned int order = 1 + (unsigned int)quiz_rand(g, 3), o;
	unsigned long pfn, freed;
	struct block_info bi;
	size_t n;

	if (quiz_boot(g, "tiny") ||
	    quiz_cmd(g, "alloc GFP_KERNEL %u x%u", order, 4 + (unsigned int)quiz_rand(g, 12)))
		return -1;
	n = quiz_kernel_blocks(g, quiz_zone(g, ZONE_DMA32), order, pfns, 4096);
	if (n < 2)
		return quiz_fail(g, "too few blocks");
	for (unsigned int i = (unsigned int)quiz_rand(g, 3); i > 0 && n > 1; i--) {
		size_t k = (size_t)quiz_rand(g, n);

		if (quiz_cmd(g, "free %#lx", pfns[k]))
			return -1;
		freed_pfns[nr_freed++] = pfns[k];
		pfns[k] = pfns[--n];
	}
	/* two times in three, when one can: a block whose buddy was freed, so
	 * that the free merges (at random, it mostly would not) */
	for (size_t k = 0; k < n && nr_buddies < 4; k++)
		for (unsigned int i = 0; i < nr_freed; i++)
			if ((pfns[k] ^ (1UL << order)) == freed_pfns[i])
				buddies[nr_buddies++] = pfns[k];
	if (nr_buddies && quiz_rand(g, 3))
		freed = pfn = buddies[quiz_rand(g, nr_buddies)];
	else
		freed = pfn = pfns[quiz_rand(g, n)];
	g->p->req_pfn = freed;
	g->p->req_order = order;
	sim = g->p->ctx.sim;
	sb_printf(&g->p->question, "The order-%u block at pfn %#lx is freed now (free %#lx).\n"
		  "Into a block of which order does __free_one_page merge it, and at which\n"
		  "pfn does that block start? (answer: order N at 0xPFN)\n", order, pfn, pfn);
	/* the kernel's walk, for the explanation */
	for (o = order; o < MAX_ORDER - 1; o++) {
		unsigned long buddy = pfn ^ (1UL << o);

		if (sim_block_of(sim, buddy, &bi) || bi.state != BLOCK_FREE || bi.head != buddy ||
		    bi.order != o) {
			sb_printf(&g->p->why, "order %u: buddy %#lx = %#lx ^ %#lx is not a free order-%u"
				  " block: stop\n", o, buddy, pfn, 1UL << o, o);
			break;
		}
		sb_printf(&g->p->why, "order %u: buddy %#lx = %#lx ^ %#lx is free, order %u: merge into"
			  " %#lx\n", o, buddy, pfn, 1UL << o, o, pfn & ~(1UL << o));
		pfn &= ~(1UL << o);
	}
	if (o == MAX_ORDER - 1)
		sb_printf(&g->p->why, "order %u is MAX_ORDER - 1: no further merging\n", o);
	sb_puts(&g->p->why, "(__free_one_page; order >= 1 blocks go straight to the buddy lists)\n");
	/* the engine's free, which decides */
	if (quiz_run(g, "free %#lx", freed) || sim_block_of(g->p->ctx.sim, freed, &bi) ||
	    bi.state != BLOCK_FREE)
		return quiz_fail(g, "the free did not leave a free block");
	if (bi.head != pfn || bi.order != o)
		return quiz_fail(g, "engine merged into order %u at %#lx, the walk says %u at %#lx",
				 bi.order, bi.head, o, pfn);
	sb_printf(&g->p->answer, "order %u at %#lx", bi.order, bi.head);
	return 0;
}

/* ---- watermark: __zone_watermark_ok per zone ---- */

bool quiz_explain_wmark(struct strbuf *why, const struct zone *z, unsigned int order,
			unsigned long mark, int classzone_idx, unsigned int alloc_flags)
{
	long free = zone_page_state(z, NR_FREE_PAGES), min = (long)mark;
	long reserve = z->lowmem_reserve[classzone_idx];
	bool harder = alloc_flags & ALLOC_HARDER;

	sb_printf(why, "%s: free %ld, mark %lu", z->name, free, mark);
	if (order) {
		free -= (1L << order) - 1;
		sb_printf(why, "; free - (2^%u - 1) = %ld", order, free);
	}
	if (alloc_flags & ALLOC_HIGH) {
		min -= min / 2;
		sb_printf(why, "; ALLOC_HIGH: mark - mark/2 = %ld", min);
	}
	if (harder) {
		min -= min / 4;
		sb_printf(why, "; ALLOC_HARDER: mark - mark/4 = %ld", min);
	} else if (z->nr_reserved_highatomic) {
		free -= (long)z->nr_reserved_highatomic;
		sb_printf(why, "; free - highatomic %lu = %ld", z->nr_reserved_highatomic, free);
	}
	if (!(alloc_flags & ALLOC_CMA) && z->vm_stat[NR_FREE_CMA_PAGES]) {
		free -= z->vm_stat[NR_FREE_CMA_PAGES];
		sb_printf(why, "; free - free CMA = %ld", free);
	}
	if (free <= min + reserve) {
		sb_printf(why, ";\n  %ld <= mark %ld + lowmem_reserve[%s] %ld: fails\n", free, min,
			  zone_names[classzone_idx], reserve);
		return false;
	}
	sb_printf(why, ";\n  %ld > mark %ld + lowmem_reserve[%s] %ld", free, min,
		  zone_names[classzone_idx], reserve);
	if (!order) {
		sb_puts(why, ": passes\n");
		return true;
	}
	for (unsigned int o = order; o < MAX_ORDER; o++) {
		const struct free_area *area = &z->free_area[o];
		bool ok = harder && area->nr_free;

		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			ok = ok || area->nr_free_mt[mt];
		ok = ok || ((alloc_flags & ALLOC_CMA) && area->nr_free_mt[MIGRATE_CMA]);
		if (ok) {
			sb_printf(why, ", and order %u has a free block it may use: passes\n", o);
			return true;
		}
	}
	sb_printf(why, ", but no order >= %u has a free block it may use: fails\n", order);
	return false;
}

#define FILLER_DMA	"__GFP_DMA|__GFP_MEMALLOC|__GFP_NOWARN"
#define FILLER_DMA32	"__GFP_DMA32|__GFP_MOVABLE|__GFP_MEMALLOC|__GFP_NOWARN"
#define FILLER_NORMAL	"__GFP_MOVABLE|__GFP_MEMALLOC|__GFP_NOWARN"

/* Take pages from a zone with @filler until about @target are free: whole
 * order-@big blocks, then single pages. The fair zone allocation policy
 * (ALLOC_FAIR) spreads them over the zones, so a round takes what is still
 * over the target, a few rounds, until the other zones are below their low
 * watermark and the rest comes from this one. */
static int fill_to(struct quiz_gen *g, const char *filler, int zid, unsigned long target,
		   unsigned int big)
{
	for (int round = 0; round < 5; round++) {
		unsigned long free = zone_page_state(quiz_zone(g, zid), NR_FREE_PAGES), take;

		if (free <= target)
			return 0;
		take = free - target;
		if (take >> big ? quiz_cmd(g, "alloc %s %u x%lu", filler, big, take >> big)
				: quiz_cmd(g, "alloc %s 0 x%lu", filler, take))
			return -1;
	}
	return 0;
}

static void zone_state(struct strbuf *out, const struct zone *z, int classzone_idx, bool rows)
{
	sb_printf(out, "  %-6s NR_FREE_PAGES %lu, min %lu low %lu high %lu, lowmem_reserve[%s] %ld,"
		  " highatomic %lu\n", z->name, zone_page_state(z, NR_FREE_PAGES),
		  z->watermark[WMARK_MIN], z->watermark[WMARK_LOW], z->watermark[WMARK_HIGH],
		  zone_names[classzone_idx], z->lowmem_reserve[classzone_idx],
		  z->nr_reserved_highatomic);
	if (rows) {
		sb_puts(out, "         free blocks per order 0..10: ");
		quiz_nr_free_row(out, z);
		sb_putc(out, '\n');
	}
}

int quiz_gen_watermark(struct quiz_gen *g)
{
	static const char *const gfps[] = { "GFP_KERNEL", "GFP_ATOMIC", "GFP_NOWAIT",
		"GFP_KERNEL|__GFP_HIGH", "GFP_DMA", "GFP_HIGHUSER_MOVABLE", "GFP_ATOMIC|__GFP_DMA" };
	static const unsigned int orders[] = { 0, 0, 0, 1, 2, 3 };
	const char *gfp_text = quiz_pick(g, gfps, sizeof(gfps) / sizeof(gfps[0]));
	unsigned int order = orders[quiz_rand(g, 6)], flags;
	bool slow = quiz_rand(g, 2);
	const struct zone *z;
	struct alloc_request req;
	unsigned long lo, hi;
	char buf[160];
	gfp_t gfp;

	if (quiz_boot(g, "tiny") ||
	    quiz_cmd(g, "set vm.min_free_kbytes %u", 256u << quiz_rand(g, 5)))
		return -1;
	/* each zone near its watermarks: DMA first (its filler takes only from
	 * it), then DMA32 (what the fair policy spreads into DMA comes back) */
	for (int zid = ZONE_DMA; zid <= ZONE_DMA32; zid++) {
		z = quiz_zone(g, zid);
		lo = z->watermark[WMARK_MIN] * 3 / 10;
		hi = z->watermark[WMARK_HIGH] * 3 / 2;
		if (fill_to(g, zid == ZONE_DMA ? FILLER_DMA : FILLER_DMA32, zid,
			    lo + quiz_rand(g, hi - lo + 1), 5))
			return -1;
	}
	if (gfp_parse(gfp_text, &gfp, buf, sizeof(buf)) ||
	    alloc_request_init(g->p->ctx.sim, &req, gfp, order))
		return quiz_fail(g, "bad request %s", gfp_text);
	quiz_set_request(g, gfp_text, order, -1);
	flags = slow ? gfp_to_alloc_flags(g->p->ctx.sim, gfp)
		     : fast_path_alloc_flags(gfp_migratetype(g->p->ctx.sim, gfp));
	alloc_flags_format(flags, buf, sizeof(buf));
	sb_printf(&g->p->question, "The zones (classzone of the request: %s):\n",
		  zone_names[req.ac.classzone_idx]);
	for (int zid = req.ac.high_zoneidx; zid >= 0; zid--)
		if (populated_zone(quiz_zone(g, zid)))
			zone_state(&g->p->question, quiz_zone(g, zid), req.ac.classzone_idx, order > 0);
	sb_printf(&g->p->question, "A request %s, order %u, in the %s path: alloc_flags %s.\n"
		  "Does __zone_watermark_ok pass in each zone it may use? (answer: ZONE yes|no for each)\n",
		  gfp_text, order, slow ? "slow" : "fast", buf);
	for (int zid = req.ac.high_zoneidx; zid >= 0; zid--) {
		bool engine, mine;

		z = quiz_zone(g, zid);
		if (!populated_zone(z))
			continue;
		engine = zone_watermark_ok(z, order, z->watermark[flags & ALLOC_WMARK_MASK],
					   req.ac.classzone_idx, flags);
		mine = quiz_explain_wmark(&g->p->why, z, order, z->watermark[flags & ALLOC_WMARK_MASK],
					  req.ac.classzone_idx, flags);
		if (engine != mine)
			return quiz_fail(g, "engine and explanation disagree on %s", z->name);
		sb_printf(&g->p->answer, "%s%s %s", g->p->answer.len ? " " : "", z->name,
			  engine ? "yes" : "no");
	}
	sb_printf(&g->p->why, "(__zone_watermark_ok with mark = watermark[%s])\n",
		  (flags & ALLOC_WMARK_MASK) == WMARK_MIN ? "WMARK_MIN" :
		  (flags & ALLOC_WMARK_MASK) == WMARK_LOW ? "WMARK_LOW" : "WMARK_HIGH");
	return 0;
}

/* ---- zone: which zone's free lists serve the fast path ---- */

int quiz_gen_zone(struct quiz_gen *g)
{
	static const char *const gfps[] = { "GFP_KERNEL", "GFP_HIGHUSER_MOVABLE", "GFP_DMA32",
		"GFP_ATOMIC", "GFP_NOWAIT", "GFP_DMA", "GFP_USER" };
	static const unsigned int orders[] = { 0, 0, 1, 3 };
	const char *gfp_text = quiz_pick(g, gfps, sizeof(gfps) / sizeof(gfps[0]));
	unsigned int order = orders[quiz_rand(g, 4)];
	struct alloc_request req;
	const struct zone *z;
	char buf[160];
	gfp_t gfp;

	if (quiz_boot(g, "classroom"))
		return -1;
	z = quiz_zone(g, ZONE_NORMAL);
	if (fill_to(g, FILLER_NORMAL, ZONE_NORMAL, quiz_rand(g, z->watermark[WMARK_HIGH] * 2), 10))
		return -1;
	z = quiz_zone(g, ZONE_DMA32);
	if (quiz_rand(g, 2) &&
	    fill_to(g, FILLER_DMA32, ZONE_DMA32, quiz_rand(g, z->watermark[WMARK_HIGH] * 2), 10))
		return -1;
	if (gfp_parse(gfp_text, &gfp, buf, sizeof(buf)) ||
	    alloc_request_init(g->p->ctx.sim, &req, gfp, order))
		return quiz_fail(g, "bad request %s", gfp_text);
	sb_printf(&g->p->question, "The zones (classzone of the request: %s):\n",
		  zone_names[req.ac.classzone_idx]);
	for (int zid = ZONE_NORMAL; zid >= 0; zid--) {
		z = quiz_zone(g, zid);
		zone_state(&g->p->question, z, req.ac.classzone_idx, false);
		sb_printf(&g->p->question, "         nr_alloc_batch %ld\n", z->vm_stat[NR_ALLOC_BATCH]);
	}
	quiz_set_request(g, gfp_text, order, -1);
	sb_printf(&g->p->question, "alloc_pages(%s, %u) runs its fast path, get_page_from_freelist"
		  " with\nALLOC_WMARK_LOW|ALLOC_CPUSET|ALLOC_FAIR. Which zone's free lists give the"
		  " block?\n(a zone name, or none)\n", gfp_text, order);
	req.narrate = true;
	alloc_step(g->p->ctx.sim, &req);	/* FASTPATH, as the engine runs it */
	if (req.pfn != PFN_NONE) {
		z = sim_pfn_zone(g->p->ctx.sim, req.pfn);
		sb_puts(&g->p->answer, z ? z->name : "?");
	} else {
		sb_puts(&g->p->answer, "none");
	}
	sb_printf(&g->p->why, "The zonelist of node 0 runs from gfp_zone(%s) = %s down; the fair\n"
		  "pass (ALLOC_FAIR) skips zones whose nr_alloc_batch is used up, then each\n"
		  "zone must pass the low watermark with lowmem_reserve[classzone]:\n",
		  gfp_text, zone_names[req.ac.high_zoneidx]);
	alloc_explain(g->p->ctx.sim, &req, &g->p->why);
	return 0;
}

/* ---- pcp: the per-cpu list after order-0 allocations and frees ---- */

int quiz_gen_pcp(struct quiz_gen *g)
{
	static const unsigned int fractions[] = { 2000, 5000, 10000, 20000, 50000 };
	static unsigned long pfns[512];
	unsigned int n = 1 + (unsigned int)quiz_rand(g, 120), m;
	const struct per_cpu_pages *pcp;
	const struct zone *z;
	size_t nb;

	if (quiz_boot(g, "classroom"))
		return -1;
	if (quiz_rand(g, 3) == 0 &&
	    quiz_cmd(g, "set vm.percpu_pagelist_fraction %u", fractions[quiz_rand(g, 5)]))
		return -1;
	z = quiz_zone(g, ZONE_NORMAL);
	pcp = &z->pageset[0];
	sb_printf(&g->p->question, "cpu 0's per-cpu list of zone Normal starts empty: count %d,"
		  " high %d, batch %d.\n", pcp->count, pcp->high, pcp->batch);
	sb_printf(&g->p->setup, "alloc GFP_KERNEL 0 x%u\n", n);
	for (unsigned int i = 1; i <= n; i++) {
		int before = quiz_zone(g, ZONE_NORMAL)->pageset[0].count;

		if (quiz_run(g, "alloc GFP_KERNEL 0"))
			return -1;
		pcp = &quiz_zone(g, ZONE_NORMAL)->pageset[0];
		if (pcp->count >= before)
			sb_printf(&g->p->why, "allocation %u: the Unmovable list is empty: rmqueue_bulk"
				  " moves %d pages in,\n  one is taken: count %d\n", i,
				  pcp->count - before + 1, pcp->count);
	}
	z = quiz_zone(g, ZONE_NORMAL);
	nb = quiz_kernel_blocks(g, z, 0, pfns, 512);
	m = nb ? (unsigned int)quiz_rand(g, nb < 6 ? nb + 1 : 7) : 0;
	if (n > 1)
		sb_printf(&g->p->why, "after %u allocations: count %d\n", n,
			  quiz_zone(g, ZONE_NORMAL)->pageset[0].count);
	for (unsigned int i = 0; i < m; i++) {
		size_t k = (size_t)quiz_rand(g, nb);
		int before = quiz_zone(g, ZONE_NORMAL)->pageset[0].count;

		if (quiz_cmd(g, "free %#lx", pfns[k]))
			return -1;
		pfns[k] = pfns[--nb];
		pcp = &quiz_zone(g, ZONE_NORMAL)->pageset[0];
		if (pcp->count <= before)
			sb_printf(&g->p->why, "free %u: count reached high %d: free_pcppages_bulk gives"
				  " %d pages back: count %d\n", i + 1, pcp->high,
				  before + 1 - pcp->count, pcp->count);
		else
			sb_printf(&g->p->why, "free %u: free_hot_cold_page puts it on the list: count"
				  " %d\n", i + 1, pcp->count);
	}
	pcp = &quiz_zone(g, ZONE_NORMAL)->pageset[0];
	quiz_set_request(g, "", 0, ZONE_NORMAL);
	sb_puts(&g->p->question, "After the setup, what is its count?\n");
	sb_printf(&g->p->answer, "%d", pcp->count);
	sb_puts(&g->p->why, "(buffered_rmqueue takes order-0 pages from the list and refills an"
			    " empty one with\nbatch pages; a freed page goes on the list, and at high"
			    " the list gives batch back.)\n");
	return 0;
}

/* ---- steal: fallback and pageblock ownership ---- */

int quiz_gen_steal(struct quiz_gen *g)
{
	static const char *const setups[] = { "GFP_HIGHUSER_MOVABLE", "GFP_KERNEL", "GFP_TEMPORARY" };
	static const char *const gfps[] = { "GFP_KERNEL", "GFP_TEMPORARY", "GFP_HIGHUSER_MOVABLE",
		"GFP_KERNEL" };
	static const unsigned int orders[] = { 0, 1, 2, 3, 4, 5, 9 };
	const char *gfp_text = quiz_pick(g, gfps, 4);
	unsigned int order = orders[quiz_rand(g, 7)];
	struct trace_event ev[64];
	uint64_t cursor, lost;
	const struct zone *z;
	const struct trace_event *steal = NULL;
	size_t n;

	if (quiz_boot(g, "tiny"))
		return -1;
	for (unsigned int i = (unsigned int)quiz_rand(g, 4); i > 0; i--)
		if (quiz_cmd(g, "alloc %s %u x%u", quiz_pick(g, setups, 3),
			     (unsigned int)quiz_rand(g, 10), 1 + (unsigned int)quiz_rand(g, 4)))
			return -1;
	z = quiz_zone(g, ZONE_DMA32);
	sb_puts(&g->p->question, "Free blocks per order 0..10 of zone DMA32, by list:\n");
	for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
		sb_printf(&g->p->question, "  %-12s", migratetype_names[mt]);
		for (int o = 0; o < MAX_ORDER; o++)
			sb_printf(&g->p->question, " %lu", z->free_area[o].nr_free_mt[mt]);
		sb_putc(&g->p->question, '\n');
	}
	sb_printf(&g->p->question, "alloc %s %u runs now. Does __rmqueue fall back to another"
		  " migratetype's list?\nAnswer none, or the type and order of the block it takes"
		  " and whether the\npageblock changes owner (TYPE ORDER yes|no).\n", gfp_text, order);
	quiz_set_request(g, gfp_text, order, -1);
	cursor = trace_next_seq(g->p->ctx.sim);
	if (quiz_run(g, "alloc %s %u", gfp_text, order))
		return -1;
	while ((n = trace_read(g->p->ctx.sim, &cursor, ev, 64, &lost)) > 0)
		for (size_t i = 0; i < n && !steal; i++)
			if (ev[i].id == TRACE_mm_page_alloc_extfrag) {
				static struct trace_event kept;

				kept = ev[i];
				steal = &kept;
			}
	sb_printf(&g->p->why, "__rmqueue tries the request's own list first (__rmqueue_smallest).\n"
			    "Only if it is empty at every order >= the request's does\n"
			    "__rmqueue_fallback look at the fallbacks (Unmovable: Reclaimable, Movable;\n"
			    "Reclaimable: Unmovable, Movable; Movable: Reclaimable, Unmovable), from\n"
			    "the largest order down (find_suitable_fallback). It steals the whole\n"
			    "pageblock's free pages when the block's order is at least\n"
			    "pageblock_order / 2 (%d / 2 = %d) or the request is Unmovable or\n"
			    "Reclaimable (can_steal_fallback); the pageblock changes owner when the\n"
			    "block is a whole pageblock or at least half of the pageblock's pages\n"
			    "were moved (steal_suitable_fallback).\n", pageblock_order, pageblock_order / 2);
	if (!steal) {
		sb_puts(&g->p->answer, "none");
		sb_puts(&g->p->why, "Here the request's own list had a block: no mm_page_alloc_extfrag"
				    " event.\n");
		return 0;
	}
	sb_printf(&g->p->answer, "%s %ld %s", migratetype_names[steal->arg[1]], steal->arg[0],
		  steal->arg[2] ? "yes" : "no");
	sb_printf(&g->p->why, "Here mm_page_alloc_extfrag: zone %s, alloc_order=%u fallback_order=%ld"
		  " alloc_migratetype=%s\nfallback_migratetype=%s change_ownership=%ld.\n",
		  zone_names[steal->zid], steal->order, steal->arg[0],
		  migratetype_names[steal->migratetype], migratetype_names[steal->arg[1]],
		  steal->arg[2]);
	return 0;
}
