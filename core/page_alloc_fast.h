/* core/page_alloc_fast.h - the fast path's inline parts: setting up a
 * request (every version: page_alloc.c for alloc_request_init(), each
 * version's alloc_pages for its own), and v4.5's get_page_from_freelist()
 * for page_alloc.c, whose get_page_from_freelist() every stage calls, and
 * for slowpath_run(), whose first attempt of a request nobody watches then
 * runs without a call (the same code: one body, two places).
 * Models mm/page_alloc.c (v4.5): __alloc_pages_nodemask's set-up,
 * get_page_from_freelist, buffered_rmqueue (its order-0 half; page_alloc.c
 * has the buddy half), prep_new_page, zone_statistics.
 */
#ifndef BUDDYSCOPE_CORE_PAGE_ALLOC_FAST_H
#define BUDDYSCOPE_CORE_PAGE_ALLOC_FAST_H

#include <errno.h>

#include "buddyscope/gfp.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/watermark.h"
#include "internal.h"
#include "pcp.h"

/* page_alloc.c: the parts a first attempt rarely needs, out of line */
unsigned long buffered_rmqueue_buddy(struct sim *sim, struct zone *z, unsigned int order, int mt,
				     unsigned int alloc_flags);
void reset_alloc_batches(struct zone *pref);
struct zone_verdict *alloc_verdict_add(struct alloc_request *req, const struct zone *z, int kind);
void alloc_verdict_numbers(struct zone_verdict *v, const struct zone *z,
			   const struct alloc_request *req, unsigned int alloc_flags,
			   unsigned long mark, long free);

/* __alloc_pages_nodemask() F3, first_zones_zonelist(): the first zone of
 * node @nid's zonelist at or below high_zoneidx is the preferred zone. */
static inline __attribute__((always_inline)) void request_set_preferred(struct sim *sim, struct alloc_request *req, int nid)
{
	const struct zoneref *zr = sim->node_data[nid]->node_zonelists[req->ac.zonelist_idx]._zonerefs;

	req->ac.zonelist_nid = nid;
	for (; zr->zone; zr++)
		if (zr->zone_idx <= req->ac.high_zoneidx) {
			req->ac.preferred_nid = zr->zone->zone_pgdat->node_id;
			req->ac.preferred_zid = zr->zone_idx;
			req->ac.classzone_idx = zr->zone_idx;
			return;
		}
	req->ac.preferred_nid = -1;
	req->ac.preferred_zid = -1;
	req->ac.classzone_idx = -1;
}

/* The fields of a request that its first attempt neither reads nor sets:
 * a quiet request (alloc_pages()) gets them only when someone will read
 * them, its slow path or an observer. */
static inline void request_init_late(struct alloc_request *req)
{
	req->can_direct_reclaim = gfpflags_allow_blocking(req->gfp_mask);
	req->nr_steps = 0;
	req->why[0] = '\0';
}

/* An observer (sim_set_alloc_observer) sees every request as it ends; one
 * predictable branch while there is none. */
static inline __attribute__((always_inline)) void alloc_observe(struct sim *sim,
								 const struct alloc_request *req)
{
	if (__builtin_expect(sim->alloc_observer != NULL, 0))
		sim->alloc_observer(sim->alloc_observer_arg, sim, req);
}

/* What the first attempt needs: the caller's request, the alloc_context
 * (__alloc_pages_nodemask F0..F3), the record of the run. The slow path's
 * locals wait for alloc_request_init_slowpath(). */
static inline __attribute__((always_inline)) int
request_init(struct sim *sim, struct alloc_request *req, gfp_t gfp, unsigned int order, bool quiet)
{
	int zid = gfp_zone(gfp), mt = gfpflags_to_migratetype(gfp);

	if (order >= 32)
		return sim_error(sim, -EINVAL, "order %u out of range (0..31)", order);
	if (gfp & ~GFP_BITS_MASK)
		return sim_error(sim, -EINVAL, "gfp mask 0x%x has bits above __GFP_BITS_SHIFT (%d)",
				 gfp, GFP_BITS_SHIFT);
	if (zid < 0)
		return sim_error(sim, -EINVAL, "gfp mask 0x%x combines zone modifiers that "
				 "GFP_ZONE_TABLE rejects", gfp);
	if (mt < 0)
		return sim_error(sim, -EINVAL, "gfp mask 0x%x has both __GFP_MOVABLE and "
				 "__GFP_RECLAIMABLE", gfp);
	req->gfp_mask = gfp;
	req->alloc_mask = gfp;
	req->order = order;
	req->cpu = sim->cur_cpu;
	req->narrate = false;
	req->stage = 0;			/* every stage table starts at the fast path */
	req->done = false;
	req->quiet = quiet;
	req->nr_path = 0;
	req->pfn = PFN_NONE;
	req->nr_verdicts = 0;
	if (!quiet) {
		/* the first attempt sets these (alloc_flags, alloc_enter's
		 * phase) before anyone reads them; a stepped request shows them
		 * before its first step */
		req->alloc_flags = 0;
		req->phase = 0;
		request_init_late(req);
	}

	/* __alloc_pages_nodemask() F0 and F3 */
	req->ac.high_zoneidx = zid;
	req->ac.migratetype = sim->page_group_by_mobility_disabled ? MIGRATE_UNMOVABLE : mt;
	req->ac.zonelist_idx = (gfp & GFP_F_THISNODE) ? ZONELIST_NOFALLBACK : ZONELIST_FALLBACK;
	req->ac.spread_dirty_pages = (gfp & GFP_F_WRITE) != 0;
	request_set_preferred(sim, req, sim->cpu_to_node[req->cpu]);
	return 0;
}

/* request_init() of a request nobody watches (alloc_pages()). */
static inline __attribute__((always_inline)) int
alloc_request_init_quiet(struct sim *sim, struct alloc_request *req, gfp_t gfp, unsigned int order)
{
	return request_init(sim, req, gfp, order, true);
}

/* The request goes to stage @next of its version's table, whose DONE stage
 * is @done; unless @quiet (req->quiet, a constant where the caller knows
 * it) the path records the stage it leaves, and counts on past the record. */
static inline __attribute__((always_inline)) void alloc_enter(struct alloc_request *req, int next,
							       int done, bool quiet)
{
	if (!quiet) {
		if (req->nr_path < sizeof(req->path) / sizeof(req->path[0]))
			req->path[req->nr_path] = (uint8_t)req->stage;
		req->nr_path++;
	}
	req->stage = next;
	req->phase = 0;
	req->done = next == done;	/* kernel.h: the step function says */
}

/* trace_mm_page_alloc() as the allocator's entry returns (every version):
 * the page or NULL. */
static inline void trace_mm_page_alloc(struct sim *sim, const struct alloc_request *req)
{
	struct trace_event *ev = trace_emit(sim, TRACE_mm_page_alloc);

	if (trace_wanted(sim)) {
		ev->pfn = req->pfn;
		ev->order = (uint8_t)req->order;
		ev->gfp_mask = req->alloc_mask;
		ev->migratetype = (uint8_t)req->ac.migratetype;
		if (req->pfn != PFN_NONE) {
			const struct zone *z = page_zone(sim, req->pfn);

			ev->nid = (uint8_t)z->zone_pgdat->node_id;
			ev->zid = z->zid;
		}
	}
}

/* The request returns to its caller (@done: its version's DONE stage). */
static inline __attribute__((always_inline)) void alloc_finish(struct sim *sim,
								struct alloc_request *req, int done,
								bool quiet)
{
	trace_mm_page_alloc(sim, req);
	alloc_enter(req, done, done, quiet);
}

/*
 * A version's alloc_pages (kernel.h): the request, quiet, set up here;
 * @first, the version's first stage (its first attempt, inline), on this
 * cpu (req->cpu); the slow path's stages only when it did not get the page
 * (stage @got_pg). Stage for stage what the version's alloc_step() until
 * DONE does: the same stages, events and scheduler points.
 */
static inline __attribute__((always_inline)) unsigned long
alloc_pages_run(struct sim *sim, gfp_t gfp, unsigned int order,
		void (*first)(struct sim *sim, struct alloc_request *req), int got_pg, int done)
{
	struct alloc_request r, *req = &r;
	int save = sim->cur_cpu;
	bool idle;

	if (alloc_request_init_quiet(sim, req, gfp, order))
		return PFN_NONE;
	first(sim, req);
	idle = sim_schedule(sim);
	if (req->stage != got_pg || req->pfn == PFN_NONE) {
		request_init_late(req);
		alloc_request_init_slowpath(req);
		if (req->done) {	/* ended in its first stage: no step to observe it */
			alloc_observe(sim, req);
			return req->pfn;
		}
		return alloc_run(sim, req);	/* the slow path, a stage at a time */
	}
	sim->cur_cpu = req->cpu;
	alloc_finish(sim, req, done, true);
	sim->cur_cpu = save;
	/* the end moves no clock and wakes nobody: after an idle call the
	 * scheduler would have nothing to do again */
	if (!idle)
		sim_schedule(sim);
	if (__builtin_expect(sim->alloc_observer != NULL, 0)) {
		request_init_late(req);
		alloc_observe(sim, req);
	}
	return req->pfn;
}

/* Models: zone_statistics() (NUMA counters, one per allocation). */
static inline void zone_statistics(struct sim *sim, struct zone *pref, struct zone *z, gfp_t gfp,
				   int cpu)
{
	int local = (gfp & GFP_F_OTHER_NODE) ? pref->zone_pgdat->node_id : sim->cpu_to_node[cpu];

	if (z->zone_pgdat == pref->zone_pgdat) {
		z->vm_stat[NUMA_HIT]++;
	} else {
		z->vm_stat[NUMA_MISS]++;
		pref->vm_stat[NUMA_FOREIGN]++;
	}
	if (z->zone_pgdat->node_id == local)
		z->vm_stat[NUMA_LOCAL]++;
	else
		z->vm_stat[NUMA_OTHER]++;
}

/*
 * Models: buffered_rmqueue() (v4.5).
 * Order 0 comes from this cpu's list; larger orders from the buddy lists
 * (buffered_rmqueue_buddy). Every allocation eats into the zone's fair
 * batch.
 */
static inline unsigned long buffered_rmqueue(struct sim *sim, struct zone *pref, struct zone *z,
					     const struct alloc_request *req,
					     unsigned int alloc_flags)
{
	unsigned int order = req->order;
	unsigned long pfn;

	if (order == 0)
		pfn = pcp_alloc(sim, z, req->cpu, req->ac.migratetype,
				(req->gfp_mask & GFP_F_COLD) != 0);
	else
		pfn = buffered_rmqueue_buddy(sim, z, order, req->ac.migratetype, alloc_flags);
	if (pfn == PFN_NONE)
		return PFN_NONE;
	mod_zone_page_state(z, NR_ALLOC_BATCH, -(1L << order));
	if (z->vm_stat[NR_ALLOC_BATCH] <= 0)
		z->flags |= 1UL << ZONE_FAIR_DEPLETED;
	count_vm_events(sim, (enum vm_event_item)(PGALLOC_DMA + z->zid), 1UL << order);
	zone_statistics(sim, pref, z, req->gfp_mask, req->cpu);
	return pfn;
}

/* Models: prep_new_page() (v4.5 and 6.1): the block now belongs to its
 * caller. SIMPLIFICATION: no pfmemalloc tag (ALLOC_NO_WATERMARKS). */
static inline void prep_new_page(struct sim *sim, unsigned long pfn, unsigned int order)
{
	struct page *p = page_w_again(&sim->map, pfn);	/* rmqueue took it off a list */

	p->flags = PG_head;
	p->order = (uint8_t)order;
	p->private = 0;
}

/* The record of why the walk passed over @z or took from it; none for a
 * quiet request. */
static inline struct zone_verdict *verdict(struct alloc_request *req, const struct zone *z,
					   int kind, bool quiet)
{
	return quiet ? NULL : alloc_verdict_add(req, z, kind);
}

/*
 * Models: get_page_from_freelist() (v4.5).
 * Walk the zonelist from the preferred zone down; take from the first zone
 * whose watermark check passes. With ALLOC_FAIR, first spread the load over
 * the local node's zones in proportion to their high - low batches, then try
 * again without fairness (and reaching remote nodes) before giving up.
 * @quiet is req->quiet (a constant where the caller knows it).
 * SIMPLIFICATION: no cpusets, no dirty-page spreading limit, zone_reclaim_mode 0.
 */
static inline __attribute__((always_inline)) unsigned long
get_page_from_freelist_inline(struct sim *sim, struct alloc_request *req, unsigned int alloc_flags,
			      bool quiet)
{
	struct zone *pref;
	const struct zoneref *zr;
	bool fair_skipped, rescan;

	if (req->ac.preferred_nid < 0)
		return PFN_NONE;
	pref = &sim->node_data[req->ac.preferred_nid]->node_zones[req->ac.preferred_zid];
zonelist_scan:
	fair_skipped = false;
	rescan = false;
	req->nr_verdicts = 0;
	zr = sim->node_data[req->ac.zonelist_nid]->node_zonelists[req->ac.zonelist_idx]._zonerefs;
	for (; zr->zone; zr++) {
		struct zone *z = zr->zone;
		unsigned long mark, pfn;
		struct zone_verdict *v;
		long free;

		if (zr->zone_idx > req->ac.high_zoneidx)
			continue;
		if (alloc_flags & ALLOC_FAIR) {
			if (z->zone_pgdat != pref->zone_pgdat) {
				verdict(req, z, ZV_FAIR_REMOTE, quiet);
				break;
			}
			if (z->flags & (1UL << ZONE_FAIR_DEPLETED)) {
				fair_skipped = true;
				verdict(req, z, ZV_FAIR_DEPLETED, quiet);
				continue;
			}
		}
		mark = z->watermark[alloc_flags & ALLOC_WMARK_MASK];
		if (!(alloc_flags & ALLOC_NO_WATERMARKS) &&
		    (!watermark_free_ok(z, req->order, mark, req->ac.classzone_idx, alloc_flags,
					z->vm_stat[NR_FREE_PAGES]) ||
		     (req->order && !watermark_order_ok(z, req->order, alloc_flags)))) {
			v = verdict(req, z, ZV_WMARK_FAIL, quiet);
			if (v)
				alloc_verdict_numbers(v, z, req, alloc_flags, mark,
						      z->vm_stat[NR_FREE_PAGES]);
			continue;
		}
		/* the free count the check saw, before buffered_rmqueue takes from it */
		free = z->vm_stat[NR_FREE_PAGES];
		pfn = buffered_rmqueue(sim, pref, z, req, alloc_flags);
		v = verdict(req, z, pfn == PFN_NONE ? ZV_EMPTY : ZV_TAKEN, quiet);
		/* the numbers of a success only matter to someone narrating */
		if (v && (pfn == PFN_NONE || req->narrate))
			alloc_verdict_numbers(v, z, req, alloc_flags, mark, free);
		if (pfn == PFN_NONE)
			continue;
		prep_new_page(sim, pfn, req->order);
		if (req->order && (alloc_flags & ALLOC_HARDER))
			reserve_highatomic_pageblock(sim, z, pfn);
		return pfn;
	}
	if (alloc_flags & ALLOC_FAIR) {
		alloc_flags &= ~ALLOC_FAIR;
		if (fair_skipped) {
			rescan = true;
			reset_alloc_batches(pref);
		}
		if (sim->nr_nodes > 1)
			rescan = true;
	}
	if (rescan)
		goto zonelist_scan;
	return PFN_NONE;
}

#endif
