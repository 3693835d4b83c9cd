/* core/page_alloc.c - allocation requests, the fast path, and freeing.
 * Models mm/page_alloc.c (v4.5): __alloc_pages_nodemask,
 * get_page_from_freelist, buffered_rmqueue, gfp_to_alloc_flags,
 * __free_pages, __free_pages_ok, zone_statistics, reset_alloc_batches.
 */
#include "buddyscope/page_alloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/buddy.h"
#include "buddyscope/task.h"
#include "buddyscope/watermark.h"
#include "internal.h"
#include "page_alloc_fast.h"
#include "pcp.h"

const char *alloc_stage_name(const struct sim *sim, int stage)
{
	return sim_stage(sim, stage)->name;
}

const char *alloc_stage_function(const struct sim *sim, int stage)
{
	return sim_stage(sim, stage)->function;
}

/* The machine's kernel runs the stage (kernel.h: struct kernel_ops). */
int alloc_step(struct sim *sim, struct alloc_request *req)
{
	int more;

	if (req->done)
		return 0;
	req->nr_steps++;
	more = sim_kdesc(sim)->ops->alloc_step(sim, req);
	if (req->done)		/* compare (sim.h) */
		alloc_observe(sim, req);
	return more;
}

size_t sim_alloc_flags_format(const struct sim *sim, unsigned int alloc_flags, char *buf,
			      size_t len)
{
	return sim_kdesc(sim)->ops->alloc_flags_format(alloc_flags, buf, len);
}

void sim_set_alloc_observer(struct sim *sim, sim_alloc_observer fn, void *arg)
{
	sim->alloc_observer = fn;
	sim->alloc_observer_arg = arg;
}

unsigned long alloc_run(struct sim *sim, struct alloc_request *req)
{
	while (alloc_step(sim, req))
		;
	return req->pfn;
}

/* alloc_pages() for a version without its own (kernel.h): every stage. */
static __attribute__((noinline)) unsigned long alloc_pages_stepped(struct sim *sim, gfp_t gfp,
								   unsigned int order)
{
	struct alloc_request req;

	if (alloc_request_init_quiet(sim, &req, gfp, order))
		return PFN_NONE;
	alloc_request_init_slowpath(&req);
	return alloc_run(sim, &req);
}

/* Models: alloc_pages() -> __alloc_pages_nodemask(): nobody watches this
 * request, so no record of verdicts and path is kept, and with the
 * version's alloc_pages the slow path's locals are set only if it runs. */
unsigned long alloc_pages(struct sim *sim, gfp_t gfp, unsigned int order)
{
	const struct kernel_ops *ops = sim_kdesc(sim)->ops;

	if (order >= MAX_ORDER) {
		sim_error(sim, -EINVAL, "order %u out of range (0..%d)", order, MAX_ORDER - 1);
		return PFN_NONE;
	}
	if (ops->alloc_pages)
		return ops->alloc_pages(sim, gfp, order);
	return alloc_pages_stepped(sim, gfp, order);
}

/* The 4.x alloc_flags of a request, in 4.x's names (kernel.h). */
void alloc_flags_text_4_5(const struct sim *sim, gfp_t gfp, unsigned int order, bool fast,
			  char *buf, size_t len)
{
	(void)order;
	alloc_flags_format(fast ? fast_path_alloc_flags(gfp_migratetype(sim, gfp))
				: gfp_to_alloc_flags(sim, gfp), buf, len);
}

void alloc_call_chain(const struct sim *sim, const struct alloc_request *req, struct strbuf *out)
{
	sim_kdesc(sim)->ops->alloc_call_chain(req, out);
}

int alloc_frames(const struct sim *sim, const struct alloc_request *req, const char **fn, int max)
{
	return sim_kdesc(sim)->ops->alloc_frames(req, fn, max);
}

/* ---- boot ---- */

/*
 * Models: __free_pages_memory() at the end of boot: hand [start, end) to
 * the buddy allocator in the largest naturally aligned blocks that fit.
 * SIMPLIFICATION: straight into the free lists (no pcp detour, no pgfree).
 */
int free_boot_range(struct sim *sim, struct zone *z, unsigned long start, unsigned long end)
{
	for (unsigned long n = 0; start < end; n++) {
		unsigned int order = MAX_ORDER - 1;

		if (!(n % 256) && sim_interrupted())
			return -EINTR;	/* Ctrl-C: the boot is given up whole */

		while (order && (start & ((1UL << order) - 1)))
			order--;
		while (start + (1UL << order) > end)
			order--;
		/* the record as boot left it, stored again before anything reads
		 * it: the host maps a fresh page for a write at once, where a
		 * read first would map its zero page and then copy it */
		*page_w(&sim->map, start) = (struct page){ .zone_mt = zone_mt_of(z->id) };
		free_one_page(sim, z, start, order, get_pfnblock_migratetype(sim, start));
		start += 1UL << order;
	}
	return 0;
}

/* ---- flags ---- */

int gfp_migratetype(const struct sim *sim, gfp_t gfp)
{
	return sim->page_group_by_mobility_disabled ? MIGRATE_UNMOVABLE
						    : gfpflags_to_migratetype(gfp);
}

/*
 * Models: gfp_to_alloc_flags() (v4.5).
 * The slow path starts from the min watermark; __GFP_HIGH takes half of
 * it, atomic callers a quarter more; PF_MEMALLOC and __GFP_MEMALLOC ignore
 * watermarks unless __GFP_NOMEMALLOC says otherwise.
 */
unsigned int gfp_to_alloc_flags(const struct sim *sim, gfp_t gfp)
{
	unsigned int flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	flags |= gfp & GFP_F_HIGH;		/* ALLOC_HIGH == __GFP_HIGH */
	if (gfp & GFP_F_ATOMIC) {
		if (!(gfp & GFP_F_NOMEMALLOC))
			flags |= ALLOC_HARDER;
		flags &= ~ALLOC_CPUSET;
	} else if (sim->tasks[sim->cur_task].rt) {
		/* rt_task(current) && !in_interrupt(): no request runs in
		 * interrupt context here */
		flags |= ALLOC_HARDER;
	}
	if (!(gfp & GFP_F_NOMEMALLOC)) {
		if (gfp & GFP_F_MEMALLOC)
			flags |= ALLOC_NO_WATERMARKS;
		else if ((sim->tasks[sim->cur_task].flags & PF_MEMALLOC) ||
			 sim->tasks[sim->cur_task].memdie)
			flags |= ALLOC_NO_WATERMARKS;
	}
	if (gfp_migratetype(sim, gfp) == MIGRATE_MOVABLE)
		flags |= ALLOC_CMA;
	return flags;
}

/* ---- requests ---- */

int alloc_request_init(struct sim *sim, struct alloc_request *req, gfp_t gfp, unsigned int order)
{
	if (order >= MAX_ORDER)
		return sim_error(sim, -EINVAL, "order %u out of range (0..%d)", order, MAX_ORDER - 1);
	return alloc_request_init_any_order(sim, req, gfp, order);
}

/* The slow path's locals, zero until it runs (__alloc_pages_slowpath's
 * declarations). A local added for a kernel version starts here. */
void alloc_request_init_slowpath(struct alloc_request *req)
{
	req->did_some_progress = 0;
	req->pages_reclaimed = 0;
	req->migration_mode = 0;
	req->deferred_compaction = false;
	req->contended_compaction = 0;
	req->drained = false;
	req->nr_retries = 0;
	req->retry_base = 0;
	req->looped_out = false;
	req->sc.last_pass_priority = -1;	/* no reclaim pass yet */
	/* 6.1's */
	req->no_progress_loops = 0;
	req->compact_priority = 0;
	req->compact_result = 0;
	req->compaction_retries = 0;
	req->reserve_flags = 0;
	req->retry_reclaimable = req->retry_available = req->retry_min_wmark = 0;
	req->retry_zid = -1;
}

int alloc_request_set_node(struct sim *sim, struct alloc_request *req, int nid)
{
	if (nid < 0 || nid >= sim->nr_nodes)
		return sim_error(sim, -EINVAL, "no node %d", nid);
	request_set_preferred(sim, req, nid);
	return 0;
}

int alloc_request_init_any_order(struct sim *sim, struct alloc_request *req, gfp_t gfp,
				 unsigned int order)
{
	int err = request_init(sim, req, gfp, order, false);	/* page_alloc_fast.h */

	if (!err)
		alloc_request_init_slowpath(req);
	return err;
}

/*
 * Models: buffered_rmqueue() (v4.5), its buddy half (page_alloc_fast.h has
 * the rest): the highatomic reserve first for ALLOC_HARDER, then the
 * buddy lists. Return: the block, or PFN_NONE.
 */
unsigned long buffered_rmqueue_buddy(struct sim *sim, struct zone *z, unsigned int order, int mt,
				     unsigned int alloc_flags)
{
	unsigned long pfn = PFN_NONE;

	if (alloc_flags & ALLOC_HARDER) {
		pfn = rmqueue_smallest(sim, z, order, MIGRATE_HIGHATOMIC);
		if (pfn != PFN_NONE) {
			trace_page(sim, TRACE_mm_page_alloc_zone_locked, z, pfn, order, mt);
		}
	}
	if (pfn == PFN_NONE)
		pfn = rmqueue(sim, z, order, mt);
	if (pfn == PFN_NONE)
		return PFN_NONE;
	mod_zone_page_state(z, NR_FREE_PAGES, -(1L << order));
	if (get_pcppage_migratetype(&sim->map.pages[pfn]) == MIGRATE_CMA)
		mod_zone_page_state(z, NR_FREE_CMA_PAGES, -(1L << order));
	return pfn;
}

/* Models: reset_alloc_batches(): the preferred node's zones up to the
 * preferred zone get a fresh high - low batch. */
void reset_alloc_batches(struct zone *pref)
{
	struct pglist_data *pgdat = pref->zone_pgdat;

	for (int zid = 0; zid <= pref->zid; zid++) {
		struct zone *z = &pgdat->node_zones[zid];

		z->vm_stat[NR_ALLOC_BATCH] = (long)(z->watermark[WMARK_HIGH] - z->watermark[WMARK_LOW]);
		z->flags &= ~(1UL << ZONE_FAIR_DEPLETED);
	}
}

struct zone_verdict *alloc_verdict_add(struct alloc_request *req, const struct zone *z, int kind)
{
	struct zone_verdict *v;

	if (req->nr_verdicts >= MAX_ZONES_PER_ZONELIST)
		return NULL;
	v = &req->verdicts[req->nr_verdicts++];
	*v = (struct zone_verdict){
		.nid = (uint8_t)z->zone_pgdat->node_id,
		.zid = z->zid,
		.kind = (uint8_t)kind,
		.failed_order = -1,
	};
	return v;
}

/* Fill the numbers of the watermark check into @v: the same check again,
 * with its terms kept (the one that decided stays the kernel's, fast). */
void alloc_verdict_numbers(struct zone_verdict *v, const struct zone *z,
			   const struct alloc_request *req, unsigned int alloc_flags,
			   unsigned long mark, long free)
{
	v->wmark = (uint8_t)(alloc_flags & ALLOC_WMARK_MASK);
	zone_watermark_terms(z, req->order, mark, req->ac.classzone_idx, alloc_flags, free, &v->wm);
	if (v->wm.free_ok && !v->wm.ok)
		v->failed_order = (int)req->order;
}

/* Models: get_page_from_freelist() (v4.5): page_alloc_fast.h. */
unsigned long get_page_from_freelist(struct sim *sim, struct alloc_request *req,
				     unsigned int alloc_flags)
{
	return get_page_from_freelist_inline(sim, req, alloc_flags, req->quiet);
}

/* ---- freeing ---- */

/* Pages a task maps, LRU pages and slab pages are freed by their owners. */
static int owner_check(struct sim *sim, unsigned long pfn)
{
	const struct page *p = &sim->map.pages[pfn];
	const struct task *t = p->private && p->private < PRIVATE_HUGETLB ?
			       task_find(sim, (int)p->private) : NULL;

	if (page_is_hugetlb(p))
		return sim_error(sim, -EINVAL, "pfn %#lx is a page of the hugetlb pool; `set "
				 "vm.nr_hugepages` shrinks the pool", pfn);
	if (p->private == PRIVATE_BOOT_KERNEL)
		return sim_error(sim, -EINVAL, "pfn %#lx is kernel memory of the imported machine "
				 "(its owner is not known); only a replayed trace frees it", pfn);
	if (t)
		return sim_error(sim, -EINVAL, "pfn %#lx belongs to task %d (%s); use `task unmap` "
				 "or `task exit`", pfn, t->pid, t->comm);
	if (p->flags & PG_lru)
		return sim_error(sim, -EINVAL, "pfn %#lx is a page-cache page on the LRU; only "
				 "reclaim frees it", pfn);
	if (p->flags & PG_slab)
		return sim_error(sim, -EINVAL, "pfn %#lx is a slab page; `slab free` returns it",
				 pfn);
	return 0;
}

/* free_check()'s common case: the head of a block the kernel allocated,
 * nobody's page, of the order the caller says (or any, for -1). */
static inline bool free_check_ok(const struct sim *sim, unsigned long pfn, int order)
{
	const struct page *p = &sim->map.pages[pfn];

	return pfn < sim->map.max_pfn && (p->flags & (PG_head | PG_lru | PG_slab)) == PG_head &&
	       !p->private && (order < 0 || (unsigned int)order == p->order);
}

static int free_check(struct sim *sim, unsigned long pfn, int order)
{
	struct block_info bi;

	if (free_check_ok(sim, pfn, order))
		return 0;

	if (sim_block_of(sim, pfn, &bi))
		return sim_error(sim, -EINVAL, "pfn %#lx is outside memory (pfns 0..%#lx)", pfn,
				 sim->map.max_pfn - 1);	/* a booted machine has memory */
	switch (bi.state) {
	case BLOCK_NOMEM:
		return sim_error(sim, -EINVAL, "pfn %#lx is in a memory hole, not in any zone", pfn);
	case BLOCK_RESERVED:
		return sim_error(sim, -EINVAL, "pfn %#lx is reserved memory, never given to the "
				 "buddy allocator", pfn);
	case BLOCK_FREE:
		return sim_error(sim, -EINVAL, "pfn %#lx is already free (in the free order-%u block "
				 "at %#lx): double free?", pfn, bi.order, bi.head);
	case BLOCK_PCP:
		return sim_error(sim, -EINVAL, "pfn %#lx is already free (on cpu %d's per-cpu list): "
				 "double free?", pfn, bi.cpu);
	case BLOCK_ALLOCATED:
		if (bi.head != pfn)
			return sim_error(sim, -EINVAL, "pfn %#lx is inside the order-%u block allocated "
					 "at %#lx; free it by its first pfn", pfn, bi.order, bi.head);
		if (order >= 0 && (unsigned int)order != bi.order)
			return sim_error(sim, -EINVAL, "the block at %#lx was allocated with order %u, "
					 "not %d", pfn, bi.order, order);
		return owner_check(sim, pfn);
	}
	return -EINVAL;
}

/* free_pages_prepare(): the page must come back clean; a page of a whole
 * anonymous THP ends the THP (workload.c, thp_page_freed). */
static inline void free_pages_prepare(struct sim *sim, struct zone *z, unsigned long pfn,
				      struct page *p)
{
	if (__builtin_expect(sim->map.pageblock_flags[pfn >> pageblock_order] & PB_anon_thp, 0))
		thp_page_freed(sim, z, pfn);
	p->flags &= (uint16_t)~(PG_head | PG_active | PG_referenced | PG_dirty | PG_writeback |
				PG_swapbacked | PG_unevictable | PG_young | PG_isolated |
				PG_reclaim | PG_slab);
	p->private = 0;
}

/*
 * Models: __free_pages() -> free_pages_prepare(), then free_hot_cold_page()
 * for order 0 or __free_pages_ok() -> free_one_page() for larger blocks.
 */
static inline __attribute__((always_inline)) void page_frame_free(struct sim *sim, unsigned long pfn,
							     bool cold)
{
	struct page *p = page_w(&sim->map, pfn);
	struct zone *z = sim->zone_by_id[page_zone_id(p)];	/* allocated: in a zone */
	struct trace_event *ev;
	unsigned int o = p->order;

	ev = trace_emit(sim, TRACE_mm_page_free);
	if (trace_wanted(sim)) {
		ev->nid = (uint8_t)z->zone_pgdat->node_id;
		ev->zid = z->zid;
		ev->pfn = pfn;
		ev->order = (uint8_t)o;
	}
	free_pages_prepare(sim, z, pfn, p);
	sim_kdesc(sim)->ops->free_pages(sim, z, pfn, o, cold);
}

/* The 4.x free: order 0 to this cpu's list, the rest to the buddy lists. */
void free_pages_4_5(struct sim *sim, struct zone *z, unsigned long pfn, unsigned int order,
		    bool cold)
{
	if (order == 0 && !cold) {
		free_hot_cold_page(sim, z, pfn, false, sim->cur_cpu);
	} else if (order == 0) {
		free_cold_page(sim, z, pfn, sim->cur_cpu);
	} else {
		count_vm_events(sim, PGFREE, 1UL << order);
		free_one_page(sim, z, pfn, order, pfnblock_migratetype(sim, pfn));
	}
}

void free_page_frame(struct sim *sim, unsigned long pfn, bool cold)
{
	page_frame_free(sim, pfn, cold);
}

/* free_pages() with every case: the check with its errors, the page's
 * chunk saved for time travel, the event filled for its readers. */
static __attribute__((noinline)) int free_pages_any(struct sim *sim, unsigned long pfn, int order)
{
	int ret = free_check(sim, pfn, order);

	if (ret)
		return ret;
	page_frame_free(sim, pfn, false);
	return 0;
}

/*
 * The same work as free_pages_any() in the common case, with no call
 * before the version's free: a block that passes the quick check, whose
 * record's chunk is saved already (page_w's barrier), while nobody reads
 * events. Everything else goes the whole way.
 */
int free_pages(struct sim *sim, unsigned long pfn, int order)
{
	struct page *p;
	struct zone *z;
	unsigned int o;

	if (__builtin_expect(!free_check_ok(sim, pfn, order) || trace_wanted(sim) ||
			     !sim->map.pages_saved[pfn / (SNAP_CHUNK_SIZE / sizeof(struct page))], 0))
		return free_pages_any(sim, pfn, order);
	p = page_w_again(&sim->map, pfn);
	z = sim->zone_by_id[page_zone_id(p)];
	o = p->order;
	trace_emit(sim, TRACE_mm_page_free);	/* off: the sequence moves on */
	free_pages_prepare(sim, z, pfn, p);
	sim_kdesc(sim)->ops->free_pages(sim, z, pfn, o, false);
	return 0;
}

unsigned long free_all_pages(struct sim *sim)
{
	unsigned long n = 0;

	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++) {
		const struct page *p = &sim->map.pages[pfn];

		if ((p->flags & PG_head) && !p->private && !(p->flags & (PG_lru | PG_slab))) {
			unsigned int o = p->order;

			free_page_frame(sim, pfn, false);
			n++;
			pfn += (1UL << o) - 1;
		}
	}
	return n;
}

/* ---- explanation ---- */

const char *const wmark_names[NR_WMARK] = { "min", "low", "high" };

int zone_verdict_format(const struct zone_verdict *v, unsigned int order, char *buf, size_t len)
{
	int n = wmark_terms_format(&v->wm, order, wmark_names[v->wmark % NR_WMARK], buf, len);

	if (v->failed_order >= 0 && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, ", but no free block of order >= %d on a "
			      "list it may use", v->failed_order);
	return n;
}

void alloc_explain(const struct sim *sim, const struct alloc_request *req, struct strbuf *out)
{
	char buf[256];

	(void)sim;
	for (unsigned int i = 0; i < req->nr_verdicts; i++) {
		const struct zone_verdict *v = &req->verdicts[i];

		sb_printf(out, "  node %d %-7s ", v->nid, zone_names[v->zid]);
		switch (v->kind) {
		case ZV_TAKEN:
			zone_verdict_format(v, req->order, buf, sizeof(buf));
			if (v->wm.ok)
				sb_printf(out, "took the page: %s\n", buf);
			else
				sb_printf(out, "took the page without a watermark (ALLOC_NO_WATERMARKS): "
					  "%s\n", buf);
			break;
		case ZV_EMPTY:
			if (v->wm.ok)
				sb_printf(out, "passed the %s watermark but had no block of order %u "
					  "left\n", wmark_names[v->wmark % NR_WMARK], req->order);
			else	/* ALLOC_NO_WATERMARKS: no check ran */
				sb_printf(out, "had no block of order %u left (no watermark check: "
					  "ALLOC_NO_WATERMARKS)\n", req->order);
			break;
		case ZV_FAIR_DEPLETED:
			sb_printf(out, "skipped: fair-zone batch used up (ALLOC_FAIR)\n");
			break;
		case ZV_FAIR_REMOTE:
			sb_printf(out, "remote node: the fair pass stops here (ALLOC_FAIR)\n");
			break;
		case ZV_WMARK_FAIL:
			zone_verdict_format(v, req->order, buf, sizeof(buf));
			sb_printf(out, "zone_watermark_ok failed: %s\n", buf);
			break;
		}
	}
}
