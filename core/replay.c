/* core/replay.c - replaying a real kernel's allocations and frees (replay.h):
 * the replay's state, simulate mode and what a trace says of the start;
 * exact mode is core/replay_exact.c.
 *
 * exact: every event changes the simulated pages as it changed the real
 * ones, at the pfn the trace names, on the per-cpu list of the cpu it ran
 * on. The kernel's two layers show in the trace and are followed as such:
 *
 *   mm_page_alloc_zone_locked   a block leaves the buddy lists (buffered_rmqueue,
 *                               rmqueue_bulk); with percpu_refill=1 an order-0
 *                               page goes onto that cpu's pcp list
 *   mm_page_alloc               the caller gets it: off the pcp list, or (when
 *                               no zone_locked event came first) off the buddy
 *   mm_page_free                an order-0 page goes to the cpu's pcp list
 *                               (free_hot_cold_page / free_unref_page), a
 *                               larger block to the buddy lists, merging
 *   mm_page_free_batched        the same (4.x free_hot_cold_page_list); a
 *                               repeat of an mm_page_free just before it in 6.x
 *   mm_page_pcpu_drain          a pcp page goes back to the buddy lists
 *                               (free_pcppages_bulk)
 *   mm_page_alloc_extfrag       a fallback that changed a pageblock's owner
 *
 * No flush, drain or refill happens unless the trace shows it: the
 * simulator's pcp high/batch do not act in exact mode.
 * SIMPLIFICATION: 6.x keeps orders 1..3 and THPs on its pcp lists too; they
 * go straight to the buddy lists here, and their later drain finds them
 * there (counted as done already). A THP split into order-0 pages and freed
 * page by page splits the simulated block the same way.
 *
 * simulate: each allocation is a request to the simulator's own allocator
 * (alloc_run, the whole slow path), as the cpu and with the GFP mask of the
 * trace; frees free the block the simulator chose for the same allocation.
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

static const char *const outcome_text[NR_REPLAY_OUTCOMES] = {
#define X(id, text) text,
	REPLAY_OUTCOMES(X)
#undef X
};

const char *replay_outcome_text(enum replay_outcome o)
{
	return o < NR_REPLAY_OUTCOMES ? outcome_text[o] : "?";
}

int replay_create(struct sim *sim, enum replay_mode mode, size_t nr_events, struct replay **out)
{
	struct replay *r = calloc(1, sizeof(*r));

	if (!r)
		return -ENOMEM;
	r->mode = mode;
	r->max_pfn = sim->map.max_pfn;
	/* a booted machine always has memory: max_pfn > 0 */
	r->pcp_cpu = calloc(r->max_pfn, sizeof(*r->pcp_cpu));
	r->owned = calloc(r->max_pfn, 1);
	if (mode == REPLAY_SIMULATE) {
		r->map_size = 64;
		while (r->map_size < 2 * nr_events + 64)
			r->map_size *= 2;
		r->map = calloc(r->map_size, sizeof(*r->map));
		if (r->map)
			for (size_t i = 0; i < r->map_size; i++)
				r->map[i].real = REPLAY_NO_PFN;
	}
	if (!r->pcp_cpu || !r->owned || (mode == REPLAY_SIMULATE && !r->map)) {
		replay_destroy(r);
		return -ENOMEM;
	}
	/* which cpu's list holds each page already on a pcp list: found once
	 * here, not by walking the lists per page later */
	for (int id = 0; id < MAX_NUMNODES * MAX_NR_ZONES; id++) {
		const struct zone *z = sim->zone_by_id[id];

		for (int cpu = 0; z && cpu < z->nr_cpus; cpu++)
			for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++) {
				uint32_t head = z->pageset[cpu].lists[mt];

				for (uint32_t pfn = lnk(&sim->map, head)->next; pfn != head;
				     pfn = lnk(&sim->map, pfn)->next)
					r->pcp_cpu[pfn] = (uint16_t)(cpu + 1);
			}
	}
	*out = r;
	return 0;
}

void replay_destroy(struct replay *r)
{
	if (!r)
		return;
	free(r->pcp_cpu);
	free(r->owned);
	free(r->map);
	free(r->ops);
	free(r);
}

/* ---- pages ---- */

/*
 * An allocated page loses its owner as it is freed: the LRU lists, the
 * counters, the task's rss and page tables (what zap_page(), exit_mm() and
 * __free_slab() undo in their own paths).
 */
void replay_release_owner(struct sim *sim, unsigned long pfn)
{
	struct page *p = page_w(&sim->map, pfn);
	struct zone *z;
	struct task *t;

	if (!(p->flags & (PG_lru | PG_slab)) && (!p->private || p->private >= PRIVATE_TAKEN)) {
		p->flags = PG_head;	/* the kernel's own page, or one a trace gave out */
		p->private = 0;
		return;
	}
	z = page_zone(sim, pfn);
	t = p->private && p->private < PRIVATE_TAKEN ? task_lookup(sim, (int)p->private) : NULL;
	if (p->flags & PG_lru) {
		bool anon = p->flags & PG_swapbacked;

		del_page_from_lru(sim, pfn);
		if (anon && t) {
			mod_zone_page_state(z, NR_ANON_PAGES, -1);
			t->rss_anon--;
			t->total_vm--;
		} else if (anon) {
			mod_zone_page_state(z, NR_SHMEM, -1);
			mod_zone_page_state(z, NR_FILE_PAGES, -1);
		} else {
			mod_zone_page_state(z, NR_FILE_PAGES, -1);
			if (t) {
				mod_zone_page_state(z, NR_FILE_MAPPED, -1);
				t->rss_file--;
				t->total_vm--;
			}
			if (p->flags & PG_dirty)
				mod_zone_page_state(z, NR_FILE_DIRTY, -1);
		}
	} else if (p->flags & PG_slab) {
		int mt = get_pfnblock_migratetype(sim, pfn);

		slab_page_removed(sim, pfn);
		mod_zone_page_state(z, mt == MIGRATE_RECLAIMABLE ? NR_SLAB_RECLAIMABLE :
				    NR_SLAB_UNRECLAIMABLE, -1);
	} else if (t) {		/* a page table */
		mod_zone_page_state(z, NR_PAGETABLE, -1);
		t->nr_ptes--;
	}
	p->flags = PG_head;
	p->private = 0;
}

/* Split an allocated block into order-0 allocated pages (split_page()),
 * so that one of them can be freed: a THP split before its pages were
 * freed one by one. */
void replay_split_allocated(struct sim *sim, unsigned long head)
{
	const struct page *hp = &sim->map.pages[head];
	unsigned int order = hp->order;
	uint16_t flags = hp->flags;
	uint32_t owner = hp->private;

	for (unsigned long i = 0; i < (1UL << order); i++) {
		struct page *p = page_w(&sim->map, head + i);

		p->flags = flags;
		p->order = 0;
		p->private = owner;
	}
}

/* The allocated block holding @pfn (head, and *@order), or PFN_NONE. */
unsigned long replay_allocated_block_of(const struct sim *sim, unsigned long pfn, unsigned int *order)
{
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		unsigned long head = pfn & ~((1UL << o) - 1);
		const struct page *p = &sim->map.pages[head];

		if ((p->flags & PG_head) && !(p->flags & (PG_buddy | PG_pcp)) && p->order >= o &&
		    head + (1UL << p->order) > pfn) {
			*order = p->order;
			return head;
		}
		if (p->flags & (PG_buddy | PG_pcp))
			return PFN_NONE;
	}
	return PFN_NONE;
}

/* ---- simulate ---- */

static struct map_slot *map_find(struct replay *r, uint32_t real, bool insert)
{
	size_t i = (real * 2654435761u) & (r->map_size - 1);
	struct map_slot *tomb = NULL;

	for (size_t n = 0; n < r->map_size; n++, i = (i + 1) & (r->map_size - 1)) {
		struct map_slot *s = &r->map[i];

		if (s->real == REPLAY_NO_PFN)
			return insert ? (tomb ? tomb : s) : NULL;
		if (s->real == real && s->live)
			return s;
		if (!s->live && !tomb)
			tomb = s;
	}
	return insert ? tomb : NULL;
}

static enum replay_outcome sim_alloc(struct sim *sim, struct replay *r, const struct replay_event *ev)
{
	struct alloc_request req;
	struct map_slot *s;
	unsigned long pfn;

	if (ev->pfn == REPLAY_NO_PFN)
		return RO_FAILED_IN_KERNEL;
	sim->cur_cpu = cpu_of(sim, ev);
	if (alloc_request_init(sim, &req, ev->gfp, ev->order))
		return RO_SIM_FAILED;
	pfn = alloc_run(sim, &req);
	if (pfn == PFN_NONE)
		return RO_SIM_FAILED;
	r->owned[pfn] = 1;
	s = map_find(r, ev->pfn, true);
	/* a live slot map_find() gives is @ev's pfn's: allocated again, no
	 * traced free between */
	if (s && s->live)
		r->owned[s->sim] = 0;
	if (s) {
		s->real = ev->pfn;
		s->sim = (uint32_t)pfn;
		s->order = ev->order;
		s->live = true;
	}
	if (pfn == ev->pfn)
		return RO_SAME_PFN;
	return sim_pfn_zone(sim, pfn) == sim_pfn_zone(sim, ev->pfn) ? RO_OTHER_PFN : RO_OTHER_ZONE;
}

/* The live mapping whose real block holds @pfn: the block itself, or a
 * larger one the kernel split (a THP freed page by page). */
static struct map_slot *map_containing(struct replay *r, uint32_t pfn)
{
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		struct map_slot *s = map_find(r, pfn & ~((1u << o) - 1), false);

		if (s && s->order >= o)
			return s;
	}
	return NULL;
}

static enum replay_outcome sim_free(struct sim *sim, struct replay *r, const struct replay_event *ev)
{
	struct map_slot *s = map_containing(r, ev->pfn);
	unsigned int order;
	unsigned long head;

	sim->cur_cpu = cpu_of(sim, ev);
	if (s && s->real == ev->pfn && s->order == ev->order) {
		s->live = false;
		r->owned[s->sim] = 0;
		free_page_frame(sim, s->sim, false);
		return RO_APPLIED;
	}
	if (s && ev->order < s->order) {
		/* split_page(): the simulator's block splits as the kernel's did,
		 * and the same subpage goes */
		unsigned long sub = s->sim + (ev->pfn - s->real);

		if (sim->map.pages[s->sim].order == s->order)
			replay_split_allocated(sim, s->sim);
		if (replay_allocated_block_of(sim, sub, &order) != sub)
			return RO_DUPLICATE;
		free_page_frame(sim, sub, false);
		return RO_APPLIED;
	}
	/* allocated before the trace: free it where it is, if the start state
	 * has it there (an import refined by the trace has) and the simulator
	 * did not put one of its own blocks there */
	if (!usable_zone(sim, ev->pfn, ev->order))
		return RO_OUTSIDE;
	head = replay_allocated_block_of(sim, ev->pfn, &order);
	if (head != ev->pfn || order != ev->order || r->owned[head])
		return ev->kind == RK_FREE_BATCHED ? RO_DUPLICATE : RO_BEFORE_TRACE;
	replay_release_owner(sim, ev->pfn);
	free_page_frame(sim, ev->pfn, false);
	return RO_APPLIED;
}

enum replay_outcome replay_simulate(struct sim *sim, struct replay *r, const struct replay_event *ev)
{
	enum replay_outcome o;

	/* time passes as in the trace, so kswapd and the others run */
	if (ev->ts_ns > r->first_ts) {
		unsigned long j = (unsigned long)((ev->ts_ns - r->first_ts) / NSEC_PER_JIFFY);

		if (j > jiffies(sim))
			sim_tick(sim, j - jiffies(sim));
	}
	switch (ev->kind) {
	case RK_ALLOC:
		o = sim_alloc(sim, r, ev);
		break;
	case RK_FREE:
	case RK_FREE_BATCHED:
		o = sim_free(sim, r, ev);
		break;
	default:
		o = RO_INTERNAL;
		break;
	}
	sim_schedule(sim);
	return o;
}

/* ---- what the trace says of the start ---- */

void replay_hints(const struct replay_event *ev, size_t n, uint8_t *hint, unsigned long max_pfn)
{
	for (size_t i = 0; i < n; i++) {
		const struct replay_event *e = &ev[i];
		unsigned long size = e->kind == RK_EXTFRAG ? 0 : 1UL << e->order;
		uint8_t h;

		if (e->pfn == REPLAY_NO_PFN || e->pfn + size > max_pfn)
			continue;
		switch (e->kind) {
		case RK_ZONE_LOCKED:
			h = REPLAY_HINT_BUDDY;
			break;
		case RK_ALLOC:	/* no refill before it: an order-0 page was on a pcp list */
			h = e->order ? REPLAY_HINT_BUDDY : REPLAY_HINT_PCP;
			break;
		case RK_PCPU_DRAIN:
			h = REPLAY_HINT_PCP;
			break;
		case RK_FREE:
		case RK_FREE_BATCHED:
			h = REPLAY_HINT_USED;
			break;
		default:
			continue;
		}
		for (unsigned long k = 0; k < size; k++)
			if (!hint[e->pfn + k])
				hint[e->pfn + k] = h;
	}
}
