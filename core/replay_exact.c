/* core/replay_exact.c - exact replay (replay.h): every event changes the
 * simulated pages as it changed the real ones, at the pfn the trace names,
 * on the per-cpu list of the cpu it ran on (the events and what each does:
 * core/replay.c's header). The order-0 events most of a trace is made of
 * take short paths (fast_*()); everything else the general one.
 */
#include "buddyscope/replay.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/buddy.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "buddyscope/vmscan.h"
#include "internal.h"
#include "replay_int.h"

static void pcp_insert(struct sim *sim, struct replay *r, struct zone *z, unsigned long pfn, int cpu)
{
	struct page *p = page_w(&sim->map, pfn);
	struct per_cpu_pages *pcp = &z->pageset[cpu];
	int mt = pfnblock_migratetype(sim, pfn);	/* pfn < max_pfn: usable_zone() said */

	if (mt >= MIGRATE_PCPTYPES)	/* HIGHATOMIC and CMA ride on MOVABLE */
		mt = MIGRATE_MOVABLE;
	p->flags = PG_pcp;
	p->order = 0;
	p->private = 0;
	set_pcppage_migratetype(p, (unsigned int)mt);
	list_add(&sim->map, (uint32_t)pfn, pcp->lists[mt]);
	pcp->count++;
	r->pcp_cpu[pfn] = (uint16_t)(cpu + 1);
}

/* Take @pfn off whichever pcp list holds it (@r may be NULL). */
static void pcp_remove(struct sim *sim, struct replay *r, struct zone *z, unsigned long pfn)
{
	int cpu = r ? r->pcp_cpu[pfn] - 1 : -1;

	if (cpu < 0) {	/* a page the import or the simulator put there: find its list */
		struct block_info bi;

		cpu = sim_block_of(sim, pfn, &bi) == 0 && bi.cpu >= 0 ? bi.cpu : 0;
	}
	list_del(&sim->map, (uint32_t)pfn);
	z->pageset[cpu].count--;
	page_w(&sim->map, pfn)->flags &= (uint16_t)~PG_pcp;
	if (r)
		r->pcp_cpu[pfn] = 0;
}

/* ---- exact ---- */

/* Is every page of [@pfn, 2^@order) free, in the buddy lists or on a pcp
 * list? The kernel found it free; the start state may have split it
 * otherwise, or kept part of it on a pcp list. */
static bool range_free(struct sim *sim, struct zone *z, unsigned long pfn, unsigned int order)
{
	unsigned long end = pfn + (1UL << order);

	for (unsigned long p = pfn; p < end;) {
		unsigned int bo;
		unsigned long head;

		if (sim->map.pages[p].flags & PG_pcp) {
			p++;
			continue;
		}
		head = buddy_block_of(sim, z, p, &bo);
		if (head == PFN_NONE)
			return false;
		p = head + (1UL << bo);
	}
	return true;
}

/*
 * Take every page of [@pfn, 2^@order) off the free lists and the pcp lists
 * (range_free() said they are all there): each free block is cut to the
 * largest aligned pieces inside the range, as repeated expand()s would.
 */
static void take_range(struct sim *sim, struct replay *r, struct zone *z, unsigned long pfn,
		       unsigned int order)
{
	unsigned long end = pfn + (1UL << order);

	for (unsigned long p = pfn; p < end;) {
		unsigned int bo, o = 0;
		unsigned long head;

		if (sim->map.pages[p].flags & PG_pcp) {
			pcp_remove(sim, r, z, p);
			p++;
			continue;
		}
		head = buddy_block_of(sim, z, p, &bo);
		/* the largest piece at p inside both the free block and the range */
		while (o < bo && !(p & ((2UL << o) - 1)) && p + (2UL << o) <= end &&
		       p + (2UL << o) <= head + (1UL << bo))
			o++;
		replay_take_piece(sim, z, head, bo, p, o);
		p += 1UL << o;
	}
}

static enum replay_outcome exact_alloc(struct sim *sim, struct replay *r,
				       const struct replay_event *ev, struct zone *z)
{
	const struct page *p = &sim->map.pages[ev->pfn];

	if (ev->kind == RK_ALLOC && (p->flags & PG_pcp) && ev->order == 0) {
		pcp_remove(sim, r, z, ev->pfn);
		replay_mark_allocated(sim, z, ev->pfn, 0, 0);
		return RO_APPLIED;
	}
	if (ev->kind == RK_ALLOC && (p->flags & PG_head) && p->private == PRIVATE_TAKEN &&
	    p->order == ev->order) {
		replay_mark_allocated(sim, z, ev->pfn, ev->order, 0);
		return RO_APPLIED;
	}
	if (ev->order == 0 && !(p->flags & PG_pcp)) {
		/* one page in a free block: found once (range_free() and
		 * take_range() would each look it up) */
		unsigned int bo;
		unsigned long head = buddy_block_of(sim, z, ev->pfn, &bo);

		if (head == PFN_NONE)
			return RO_NOT_FREE;
		replay_take_piece(sim, z, head, bo, ev->pfn, 0);
	} else {
		if (!range_free(sim, z, ev->pfn, ev->order))
			return RO_NOT_FREE;
		take_range(sim, r, z, ev->pfn, ev->order);
	}
	if (ev->kind == RK_ZONE_LOCKED && ev->flag && ev->order == 0)
		pcp_insert(sim, r, z, ev->pfn, cpu_of(sim, ev));	/* rmqueue_bulk */
	else
		replay_mark_allocated(sim, z, ev->pfn, ev->order,
			       ev->kind == RK_ZONE_LOCKED ? PRIVATE_TAKEN : 0);
	return RO_APPLIED;
}

static enum replay_outcome exact_free(struct sim *sim, struct replay *r,
				      const struct replay_event *ev, struct zone *z)
{
	unsigned long size = 1UL << ev->order, head;
	enum replay_outcome done = RO_APPLIED;
	unsigned int order;
	bool whole;

	head = replay_allocated_block_of(sim, ev->pfn, &order);
	if (head == PFN_NONE && ev->kind == RK_FREE && range_free(sim, z, ev->pfn, ev->order)) {
		/* allocated without an mm_page_alloc: alloc_pages_bulk() takes
		 * pcp pages untraced, compaction takes its migration targets
		 * straight off the free lists; the free is the first we hear */
		done = sim->map.pages[ev->pfn].flags & PG_pcp ? RO_UNTRACED_PCP : RO_UNTRACED_BUDDY;
		take_range(sim, r, z, ev->pfn, ev->order);
		replay_mark_allocated(sim, z, ev->pfn, ev->order, 0);
		head = replay_allocated_block_of(sim, ev->pfn, &order);
	}
	if (head == PFN_NONE)
		return ev->kind == RK_FREE_BATCHED ? RO_DUPLICATE : RO_NOT_ALLOCATED;
	/* the event's own block: only its head page carries anything */
	whole = head == ev->pfn && order == ev->order;
	if (head != ev->pfn || order > ev->order)
		replay_split_allocated(sim, head);	/* a split THP, freed page by page */
	/* the import's used pages are order-0 blocks: gather 2^order of them
	 * (nothing to gather when the block is the event's own) */
	for (unsigned long i = 0; (head != ev->pfn || order != ev->order) && i < size;
	     i += 1UL << order)
		if (replay_allocated_block_of(sim, ev->pfn + i, &order) != ev->pfn + i ||
		    i + (1UL << order) > size)
			return RO_NOT_ALLOCATED;
	for (unsigned long i = 0; i < (whole ? 1 : size); i++) {
		struct page *p;

		if (!(sim->map.pages[ev->pfn + i].flags & PG_head))
			continue;
		replay_release_owner(sim, ev->pfn + i);
		p = page_w(&sim->map, ev->pfn + i);
		p->flags = 0;
		p->order = 0;
	}
	if (ev->order == 0) {
		pcp_insert(sim, r, z, ev->pfn, cpu_of(sim, ev));
		count_vm_events(sim, PGFREE, 1);
	} else {
		count_vm_events(sim, PGFREE, size);
		free_one_page(sim, z, ev->pfn, ev->order, get_pfnblock_migratetype(sim, ev->pfn));
	}
	return done;
}

static enum replay_outcome exact_drain(struct sim *sim, struct replay *r,
				       const struct replay_event *ev, struct zone *z)
{
	const struct page *p = &sim->map.pages[ev->pfn];
	unsigned int order;

	if ((p->flags & PG_pcp) && ev->order == 0) {
		int mt = (int)get_pcppage_migratetype(p);

		pcp_remove(sim, r, z, ev->pfn);
		free_one_page(sim, z, ev->pfn, 0, mt);
		return RO_APPLIED;
	}
	if ((p->flags & PG_head) && p->private == PRIVATE_TAKEN && p->order == ev->order) {
		page_w(&sim->map, ev->pfn)->flags = 0;
		free_one_page(sim, z, ev->pfn, ev->order, get_pfnblock_migratetype(sim, ev->pfn));
		return RO_APPLIED;
	}
	if (buddy_block_of(sim, z, ev->pfn, &order) != PFN_NONE)
		return RO_DUPLICATE;
	return RO_NOT_ON_PCP;
}

static enum replay_outcome exact_extfrag(struct sim *sim, const struct replay_event *ev,
					 struct zone *z)
{
	/* steal_suitable_fallback() with change_ownership: the pageblock is
	 * the allocating type's now, and so are its free pages */
	if (ev->flag && ev->mt < MIGRATE_PCPTYPES &&
	    get_pfnblock_migratetype(sim, ev->pfn) != ev->mt) {
		set_pageblock_migratetype(sim, ev->pfn, ev->mt);
		move_freepages_block(sim, z, ev->pfn, ev->mt);
	}
	return RO_APPLIED;
}

/* Every event the short paths (replay_run.c) leave: the general path, out
 * of line, so that they do not pay for its registers. */
__attribute__((noinline)) enum replay_outcome
replay_exact_event(struct sim *sim, struct replay *r, const struct replay_event *ev)
{
	struct zone *z;

	if (ev->pfn == REPLAY_NO_PFN)
		return RO_FAILED_IN_KERNEL;
	/* the kernel's blocks are aligned to their order, below MAX_ORDER: a
	 * line that says otherwise (a damaged trace) names no block there is */
	if (ev->kind != RK_EXTFRAG &&
	    (ev->order >= MAX_ORDER || (ev->pfn & ((1UL << ev->order) - 1))))
		return ev->kind == RK_ALLOC || ev->kind == RK_ZONE_LOCKED ? RO_NOT_FREE :
		       ev->kind == RK_PCPU_DRAIN ? RO_NOT_ON_PCP : RO_NOT_ALLOCATED;
	z = usable_zone(sim, ev->pfn, ev->kind == RK_EXTFRAG ? 0 : ev->order);
	if (!z)
		return RO_OUTSIDE;
	switch (ev->kind) {
	case RK_ALLOC:
	case RK_ZONE_LOCKED:
		return exact_alloc(sim, r, ev, z);
	case RK_FREE:
	case RK_FREE_BATCHED:
		return exact_free(sim, r, ev, z);
	case RK_PCPU_DRAIN:
		return exact_drain(sim, r, ev, z);
	default:
		return exact_extfrag(sim, ev, z);
	}
}

unsigned long alloc_pages_at(struct sim *sim, gfp_t gfp, unsigned int order, unsigned long pfn)
{
	struct trace_event *ev;
	struct zone *z;

	if (order >= MAX_ORDER)
		return sim_error(sim, -EINVAL, "order %u out of range (0..%d)", order,
				 MAX_ORDER - 1), PFN_NONE;
	if (pfn & ((1UL << order) - 1))
		return sim_error(sim, -EINVAL, "pfn %#lx is not aligned to order %u (a multiple of "
				 "%lu)", pfn, order, 1UL << order), PFN_NONE;
	z = usable_zone(sim, pfn, order);
	if (!z) {
		struct block_info bi;

		if (sim_block_of(sim, pfn, &bi) || bi.state == BLOCK_NOMEM)
			return sim_error(sim, -EINVAL, "pfn %#lx is outside memory (a hole or past "
					 "pfn %#lx)", pfn, sim->map.max_pfn - 1), PFN_NONE;
		if (bi.state == BLOCK_RESERVED)
			return sim_error(sim, -EINVAL, "pfn %#lx is reserved memory, never given to "
					 "the buddy allocator", pfn), PFN_NONE;
		return sim_error(sim, -EINVAL, "pfn %#lx order %u reaches past its zone", pfn,
				 order), PFN_NONE;
	}
	if (!range_free(sim, z, pfn, order)) {
		struct block_info bi;

		for (unsigned long p = pfn; p < pfn + (1UL << order); p++) {
			sim_block_of(sim, p, &bi);	/* p < max_pfn: usable_zone() said */
			if (bi.state == BLOCK_NOMEM)
				return sim_error(sim, -EBUSY, "pfn %#lx is not free: it is a hole "
						 "(no memory there)", p), PFN_NONE;
			if (bi.state != BLOCK_FREE && bi.state != BLOCK_PCP)
				return sim_error(sim, -EBUSY, "pfn %#lx is not free: it is in the %s "
						 "order-%u block at %#lx", p,
						 bi.state == BLOCK_ALLOCATED ? "allocated" : "reserved",
						 bi.order, bi.head), PFN_NONE;
		}
		return sim_error(sim, -EBUSY, "pfn %#lx order %u is not free", pfn, order), PFN_NONE;
	}
	take_range(sim, NULL, z, pfn, order);
	replay_mark_allocated(sim, z, pfn, order, 0);
	ev = trace_page(sim, TRACE_mm_page_alloc, z, pfn, order, get_pfnblock_migratetype(sim, pfn));
	ev->gfp_mask = gfp;
	return pfn;
}
