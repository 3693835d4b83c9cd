/* core/replay_run.c - the replay's hot loop (replay.h: replay_prepare(),
 * replay_run(), replay_event()).
 *
 * Most of a real trace is order-0 pages moving between the pcp lists, the
 * buddy lists and their users (core/replay.c's header says which event
 * does what). Those take the short paths below; anything they do not cover
 * goes to the general path (replay_exact_event(), core/replay_exact.c),
 * which gives the same outcome for the same state: the short paths are a
 * faster way to the same pages, lists and counters, not another model.
 *
 * Two things keep them short. An event's zone (from the zones' spans) and
 * its cpu are looked up once per event by replay_prepare(), before the
 * replay; no replay changes the layout. And the arrays the loop writes are read into locals
 * once per run (struct hot), so a store to a page or a counter does not make
 * the compiler load them again.
 */
#include "buddyscope/replay.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "replay_int.h"

/* The arrays every event touches, loaded once per run (see the header);
 * what sits inside struct sim (zone_by_id[], vm_events[]) is read through
 * the sim, one load away. */
struct hot {
	struct page	*pages;		/* sim->map.pages: written after hot_page_w() only */
	uint8_t		*saved;		/* sim->map.pages_saved */
	struct list_link *heads;	/* sim->map.heads */
	uint16_t	*pcp_cpu;	/* r->pcp_cpu */
	const uint8_t	*pageblock;	/* sim->map.pageblock_flags */
	struct sim	*sim;
};

static inline void hot_load(struct hot *h, struct sim *sim, uint16_t *pcp_cpu)
{
	h->pages = (struct page *)sim->map.pages;
	h->saved = sim->map.pages_saved;
	h->heads = sim->map.heads;
	h->pcp_cpu = pcp_cpu;
	h->pageblock = sim->map.pageblock_flags;
	h->sim = sim;
}

/* page_w(): the time-travel barrier first, then the writable page. */
#define HOT static inline __attribute__((always_inline))

HOT struct page *hot_page_w(const struct hot *h, uint32_t pfn)
{
	size_t c = pfn / (SNAP_CHUNK_SIZE / sizeof(struct page));

	if (__builtin_expect(!h->saved[c], 0))
		snap_save_chunk(h->sim->map.pages_rgn, c);
	return &h->pages[pfn];
}

/* lnk_w(): a list head or the link inside a page. */
HOT struct list_link *hot_lnk_w(const struct hot *h, uint32_t id)
{
	return (id & LIST_HEAD_BIT) ? &h->heads[id & ~LIST_HEAD_BIT] : &hot_page_w(h, id)->lru;
}

/* list_del() of page @w, already written through hot_page_w(). */
HOT void hot_list_del(const struct hot *h, struct page *w)
{
	uint32_t next = w->lru.next, prev = w->lru.prev;

	hot_lnk_w(h, prev)->next = next;
	hot_lnk_w(h, next)->prev = prev;
	w->lru.next = w->lru.prev = 0;
}

/* pcp_insert() (replay_exact.c) of order-0 page @pfn, already written
 * through hot_page_w() (@w): free_unref_page_commit() puts it at the head
 * of @cpu's list of its pageblock's type. */
HOT void hot_pcp_insert(const struct hot *h, struct zone *z, struct page *w,
				  uint32_t pfn, unsigned int cpu)
{
	struct per_cpu_pages *pcp = &z->pageset[cpu];
	unsigned int mt = h->pageblock[pfn >> pageblock_order] & PB_migrate_mask;
	struct list_link *head;
	uint32_t id;

	if (mt >= MIGRATE_PCPTYPES)	/* HIGHATOMIC and CMA ride on MOVABLE */
		mt = MIGRATE_MOVABLE;
	w->flags = PG_pcp;
	w->order = 0;
	w->private = 0;
	set_pcppage_migratetype(w, mt);
	id = pcp->lists[mt];
	head = &h->heads[id & ~LIST_HEAD_BIT];
	hot_lnk_w(h, head->next)->prev = pfn;
	w->lru.next = head->next;
	w->lru.prev = id;
	head->next = pfn;
	pcp->count++;
	h->pcp_cpu[pfn] = (uint16_t)(cpu + 1);
}

/* mm_page_alloc of a page on a pcp list: pcp_remove() and
 * replay_mark_allocated(). Needs the list the replay knows it is on. */
HOT enum replay_outcome hot_alloc(const struct hot *h, uint32_t pfn, unsigned int zone)
{
	const struct page *p = &h->pages[pfn];
	unsigned int cpu = h->pcp_cpu[pfn];
	struct zone *z;
	struct page *w;

	if (!(p->flags & PG_pcp) || !cpu)
		return NR_REPLAY_OUTCOMES;	/* off the buddy lists, or on a list to look for */
	w = hot_page_w(h, pfn);
	hot_list_del(h, w);
	z = h->sim->zone_by_id[zone];
	z->pageset[cpu - 1].count--;
	h->pcp_cpu[pfn] = 0;
	w->flags = PG_head;
	w->order = 0;
	w->private = 0;
	h->sim->vm_events[PGALLOC_DMA + z->zid]++;
	return RO_APPLIED;
}

/* mm_page_free of an allocated order-0 page nobody owns (a task's page
 * takes the general path: replay_release_owner()): onto the cpu's list. */
HOT enum replay_outcome hot_free(const struct hot *h, uint32_t pfn, unsigned int zone,
					   unsigned int cpu)
{
	const struct page *p = &h->pages[pfn];

	if (p->flags != PG_head || p->order || (p->private && p->private < PRIVATE_TAKEN))
		return NR_REPLAY_OUTCOMES;
	hot_pcp_insert(h, h->sim->zone_by_id[zone], hot_page_w(h, pfn), pfn, cpu);
	h->sim->vm_events[PGFREE]++;
	return RO_APPLIED;
}

/* area_del() and area_add() of core/buddy.c (__rmqueue_smallest()'s
 * del_page_from_free_list() and expand()'s add_to_free_list()), for the
 * free block whose head is @pfn, its page written through hot_page_w() (@w). */
HOT void hot_area_del(const struct hot *h, struct zone *z, struct page *w)
{
	struct free_area *area = &z->free_area[w->order];

	hot_list_del(h, w);
	area->nr_free--;
	area->nr_free_mt[get_pcppage_migratetype(w)]--;
	w->flags &= (uint16_t)~PG_buddy;
}

HOT void hot_area_add(const struct hot *h, struct zone *z, uint32_t pfn, unsigned int order,
		      unsigned int mt)
{
	struct free_area *area = &z->free_area[order];
	struct page *w = hot_page_w(h, pfn);
	uint32_t id = area->free_list[mt];
	struct list_link *head = &h->heads[id & ~LIST_HEAD_BIT];

	w->flags |= PG_buddy;
	w->order = (uint8_t)order;
	set_pcppage_migratetype(w, mt);
	hot_lnk_w(h, head->next)->prev = pfn;
	w->lru.next = head->next;
	w->lru.prev = id;
	head->next = pfn;
	area->nr_free++;
	area->nr_free_mt[mt]++;
}

/* mm_page_alloc_zone_locked of an order-0 page in a free block: take it
 * out (expand() of the pieces around it); rmqueue_bulk() puts it on the
 * cpu's list (@cpu >= 0), any other caller gets it next (its mm_page_alloc
 * follows). The page heads its free block nearly always (the kernel takes
 * the first page of the smallest block, and the next one heads the piece
 * expand() left): that takes the short way, buddy_take_at()'s halving with
 * the lower half taken each time; any other the general one. */
HOT enum replay_outcome hot_zone_locked(struct sim *sim, const struct hot *h,
						  uint32_t pfn, unsigned int zone, int cpu)
{
	struct zone *z = h->sim->zone_by_id[zone];
	const struct page *p = &h->pages[pfn];
	unsigned int bo, mt;
	unsigned long head;
	struct page *w;

	if (p->flags & (PG_pcp | PG_nomem | PG_reserved))
		return NR_REPLAY_OUTCOMES;	/* the general path says why */
	if (!(p->flags & PG_buddy)) {
		head = buddy_block_of(sim, z, pfn, &bo);
		if (head == PFN_NONE)
			return RO_NOT_FREE;
		replay_take_piece(sim, z, head, bo, pfn, 0);
		if (cpu >= 0)
			hot_pcp_insert(h, z, hot_page_w(h, pfn), pfn, (unsigned int)cpu);
		else
			replay_mark_allocated(sim, z, pfn, 0, PRIVATE_TAKEN);
		return RO_APPLIED;
	}
	/* a free block's head carries its zone: the op's (decode()) */
	bo = p->order;
	mt = get_pcppage_migratetype(p);
	w = hot_page_w(h, pfn);
	hot_area_del(h, z, w);
	while (bo--)
		hot_area_add(h, z, pfn + (1u << bo), bo, mt);
	z->vm_stat[NR_FREE_PAGES]--;
	if (mt == MIGRATE_CMA)
		z->vm_stat[NR_FREE_CMA_PAGES]--;
	if (cpu >= 0) {
		hot_pcp_insert(h, z, w, pfn, (unsigned int)cpu);
	} else {
		set_pcppage_migratetype(w, mt);
		w->flags = PG_head;
		w->order = 0;
		w->private = PRIVATE_TAKEN;
	}
	return RO_APPLIED;
}

/* mm_page_pcpu_drain of a page the replay knows on a pcp list: back to
 * the buddy lists, merging (free_pcppages_bulk()). */
HOT enum replay_outcome hot_drain(struct sim *sim, const struct hot *h, uint32_t pfn,
					    unsigned int zone)
{
	const struct page *p = &h->pages[pfn];
	unsigned int cpu = h->pcp_cpu[pfn];
	struct zone *z;
	struct page *w;
	int mt;

	if (!(p->flags & PG_pcp) || !cpu)
		return NR_REPLAY_OUTCOMES;
	z = h->sim->zone_by_id[zone];
	mt = (int)get_pcppage_migratetype(p);
	z->pageset[cpu - 1].count--;
	h->pcp_cpu[pfn] = 0;
	w = hot_page_w(h, pfn);
	hot_list_del(h, w);
	w->flags &= (uint16_t)~PG_pcp;
	free_one_page(sim, z, pfn, 0, mt);
	return RO_APPLIED;
}

/* The rarer short paths, out of line so that the loop keeps its registers
 * for the common ones (mm_page_alloc and mm_page_free: 4 events in 5). */
static __attribute__((noinline)) enum replay_outcome
hot_zone_locked_op(struct sim *sim, uint16_t *pcp_cpu, const struct replay_op *op, int cpu)
{
	struct hot h;

	hot_load(&h, sim, pcp_cpu);
	return hot_zone_locked(sim, &h, op->pfn, op->zone, cpu);
}

static __attribute__((noinline)) enum replay_outcome
hot_drain_op(struct sim *sim, uint16_t *pcp_cpu, const struct replay_op *op)
{
	struct hot h;

	hot_load(&h, sim, pcp_cpu);
	return hot_drain(sim, &h, op->pfn, op->zone);
}

/* One decoded event by its short path: its outcome, or NR_REPLAY_OUTCOMES
 * where it has none or meets a state it leaves to the general path. */
HOT enum replay_outcome hot_event(const struct hot *h, const struct replay_op *op)
{
#if defined(__SANITIZE_ADDRESS__)	/* the sanitizer build checks decode()'s zone */
	SIM_BUG_ON(op->path != RP_GENERAL && !(h->pages[op->pfn].flags & PG_nomem) &&
		   page_zone_id(&h->pages[op->pfn]) != op->zone);
#endif
	switch (op->path) {
	case RP_ALLOC:
		return hot_alloc(h, op->pfn, op->zone);
	case RP_FREE_BATCHED:
		/* 6.x traces every page freed in a batch twice */
		if (h->pages[op->pfn].flags & (PG_buddy | PG_pcp))
			return RO_DUPLICATE;	/* the mm_page_free before it did it */
		/* fall through */
	case RP_FREE:
		return hot_free(h, op->pfn, op->zone, op->cpu);
	case RP_ZONE_LOCKED:
		return hot_zone_locked_op(h->sim, h->pcp_cpu, op, -1);
	case RP_REFILL:
		return hot_zone_locked_op(h->sim, h->pcp_cpu, op, op->cpu);
	case RP_DRAIN:
		return hot_drain_op(h->sim, h->pcp_cpu, op);
	case RP_GENERAL:
		return NR_REPLAY_OUTCOMES;
	default:
		__builtin_unreachable();	/* decode() writes nothing else */
	}
}

/* The zones' spans, for decode(): which zone an event's pfn is in, from
 * the layout alone, without reading the pfn's page record (so that decoding
 * leaves no page in the host's caches for the replay). */
struct spans {
	int		n;
	unsigned long	start[MAX_NUMNODES * MAX_NR_ZONES], end[MAX_NUMNODES * MAX_NR_ZONES];
	uint8_t		id[MAX_NUMNODES * MAX_NR_ZONES];
};

static void spans_init(const struct sim *sim, struct spans *sp)
{
	sp->n = 0;
	for (int id = 0; id < MAX_NUMNODES * MAX_NR_ZONES; id++) {
		const struct zone *z = sim->zone_by_id[id];

		if (!z || !z->spanned_pages)
			continue;
		sp->start[sp->n] = z->zone_start_pfn;
		sp->end[sp->n] = zone_end_pfn(z);
		sp->id[sp->n++] = (uint8_t)id;
	}
}

/* The path of @ev and what it needs. A short path is an order-0 event on a
 * pfn inside exactly one zone's span; what the page is (a hole, reserved
 * memory, free, allocated) the short path reads from the page as it acts,
 * and leaves whatever it does not cover to the general path. */
static void decode(const struct sim *sim, const struct spans *sp,
		   const struct replay_event *ev, struct replay_op *op)
{
	int found = -1;

	op->pfn = ev->pfn;
	op->kind = ev->kind;
	op->cpu = (uint8_t)cpu_of(sim, ev);
	op->path = RP_GENERAL;
	op->zone = 0;
	/* a cpu beyond the op's byte (256+ cpus) takes the general path,
	 * which reads the event's own */
	if (ev->order || ev->pfn >= sim->map.max_pfn || cpu_of(sim, ev) > UINT8_MAX)
		return;
	for (int i = 0; i < sp->n; i++)
		if (ev->pfn >= sp->start[i] && ev->pfn < sp->end[i]) {
			if (found >= 0)
				return;		/* zones that overlap: the page record decides */
			found = i;
		}
	if (found < 0)
		return;
	op->zone = sp->id[found];
	switch (ev->kind) {
	case RK_ALLOC:
		op->path = RP_ALLOC;
		break;
	case RK_FREE:
		op->path = RP_FREE;
		break;
	case RK_FREE_BATCHED:
		op->path = RP_FREE_BATCHED;
		break;
	case RK_ZONE_LOCKED:
		op->path = ev->flag ? RP_REFILL : RP_ZONE_LOCKED;
		break;
	case RK_PCPU_DRAIN:
		op->path = RP_DRAIN;
		break;
	default:
		break;
	}
}

int replay_prepare(struct sim *sim, struct replay *r, const struct replay_event *ev, size_t n)
{
	struct replay_op *ops = malloc((n ? n : 1) * sizeof(*ops));
	struct spans sp;

	if (!ops)
		return -ENOMEM;
	spans_init(sim, &sp);
	for (size_t i = 0; i < n; i++)
		decode(sim, &sp, &ev[i], &ops[i]);
	free(r->ops);
	r->ops = ops;
	r->nr_ops = n;
	r->ev = ev;
	return 0;
}

static void replay_start(struct replay *r, const struct replay_event *ev)
{
	if (!r->started) {
		r->first_ts = ev->ts_ns;
		r->started = true;
	}
}

void replay_run(struct sim *sim, struct replay *r, size_t from, size_t to,
		unsigned long (*count)[NR_REPLAY_OUTCOMES])
{
	const struct replay_op *ops = r->ops;
	const struct replay_event *ev = r->ev;
	unsigned long local[NR_REPLAY_KINDS][16];
	struct hot h;

	if (to > r->nr_ops)
		to = r->nr_ops;
	if (from >= to)
		return;
	replay_start(r, &ev[from]);
	if (r->mode != REPLAY_EXACT) {
		for (size_t i = from; i < to; i++)
			count[ev[i].kind][replay_simulate(sim, r, &ev[i])]++;
		return;
	}
	/* counted here first, in rows of 16 (a shift, not a multiply) */
	_Static_assert(NR_REPLAY_OUTCOMES < 16, "an outcome fits a row of 16");
	memset(local, 0, sizeof(local));
	hot_load(&h, sim, r->pcp_cpu);
	for (const struct replay_op *op = &ops[from], *end = &ops[to]; op < end; op++) {
		enum replay_outcome o = hot_event(&h, op);

		if (__builtin_expect(o == NR_REPLAY_OUTCOMES, 0))
			o = replay_exact_event(sim, r, &ev[op - ops]);
		local[op->kind][o]++;
	}
	for (int k = 0; k < NR_REPLAY_KINDS; k++)
		for (int o = 0; o < NR_REPLAY_OUTCOMES; o++)
			count[k][o] += local[k][o];
}

enum replay_outcome replay_event(struct sim *sim, struct replay *r, const struct replay_event *ev)
{
	enum replay_outcome o;
	struct replay_op op;
	struct spans sp;
	struct hot h;

	replay_start(r, ev);
	if (r->mode != REPLAY_EXACT)
		return replay_simulate(sim, r, ev);
	spans_init(sim, &sp);
	decode(sim, &sp, ev, &op);
	hot_load(&h, sim, r->pcp_cpu);
	o = hot_event(&h, &op);
	return o != NR_REPLAY_OUTCOMES ? o : replay_exact_event(sim, r, ev);
}
