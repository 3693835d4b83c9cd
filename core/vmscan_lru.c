/* core/vmscan_lru.c - scanning the LRU lists of a zone.
 * Models mm/vmscan.c (v4.5): isolate_lru_pages, shrink_page_list,
 * page_check_references, putback_inactive_pages, shrink_inactive_list,
 * shrink_active_list, move_active_pages_to_lru, inactive_{anon,file}_is_low;
 * and, as far as reclaim sees them, mm/rmap.c page_referenced/try_to_unmap,
 * mm/swap_state.c add_to_swap, mm/page_alloc.c free_hot_cold_page_list.
 *
 * Pages leave the tail of a list in batches of at most SWAP_CLUSTER_MAX,
 * are judged one by one, and either go to the buddy allocator or back to
 * the head of a list:
 *
 *      head                                            tail
 *   [ new ... ]  <-- survivors (putback)   isolate -->  [ old ]
 *                                               |
 *                     shrink_page_list: keep / activate / free
 *
 * SIMPLIFICATION: the kernel links a batch on a private list through
 * page->lru; we keep its pfns in an array (same order, same effect).
 */
#include "buddyscope/vmscan.h"

#include "buddyscope/costs.h"
#include "buddyscope/gfp.h"
#include "buddyscope/task.h"
#include "internal.h"
#include "vmscan_internal.h"

/* isolate_mode_t bits (include/linux/mmzone.h, v4.5) */
#define ISOLATE_CLEAN		0x1
#define ISOLATE_UNMAPPED	0x2

enum page_references {
	PAGEREF_RECLAIM,
	PAGEREF_RECLAIM_CLEAN,
	PAGEREF_KEEP,
	PAGEREF_ACTIVATE,
};

static inline void clear_flags(struct page *p, unsigned int f)
{
	p->flags &= (uint16_t)~f;
}

/* ---- ratios ---- */

/* Models: inactive_anon_is_low() (global version): only with swap, and when
 * inactive * inactive_ratio < active (ratio = int_sqrt(10 * zone GB)). */
bool inactive_anon_is_low(const struct sim *sim, const struct zone *z)
{
	if (!sim->swap_pages)
		return false;
	return zone_page_state(z, NR_INACTIVE_ANON) * z->inactive_ratio <
	       zone_page_state(z, NR_ACTIVE_ANON);
}

/* Models: inactive_list_is_low(): file lists keep inactive >= active. */
bool inactive_list_is_low(const struct sim *sim, const struct zone *z, enum lru_list lru)
{
	if (is_file_lru(lru))
		return zone_page_state(z, NR_ACTIVE_FILE) > zone_page_state(z, NR_INACTIVE_FILE);
	return inactive_anon_is_low(sim, z);
}

/* ---- isolation and putback ---- */

/* Models: __isolate_lru_page() refusals that rotate a page (-EBUSY). */
static bool isolate_busy(const struct page *p, unsigned int mode)
{
	if ((mode & ISOLATE_CLEAN) && (p->flags & (PG_writeback | PG_dirty)))
		return true;
	return (mode & ISOLATE_UNMAPPED) && page_mapped(p);
}

/*
 * Models: isolate_lru_pages() (v4.5).
 * Look at up to @nr_to_scan pages from the tail of @lru. Busy ones go back to
 * the head (they still count as scanned); the others leave the list.
 * The caller fixes the list and NR_ISOLATED_* counters for the batch.
 */
static unsigned long isolate_lru_pages(struct sim *sim, unsigned long nr_to_scan, struct zone *z,
				       struct batch *dst, unsigned long *nr_scanned,
				       const struct scan_control *sc, unsigned int mode,
				       enum lru_list lru)
{
	struct memmap *m = &sim->map;
	uint32_t head = z->lru[lru];
	struct trace_event *ev;
	unsigned long scan;

	dst->nr = 0;
	if (nr_to_scan > SWAP_CLUSTER_MAX)
		nr_to_scan = SWAP_CLUSTER_MAX;
	for (scan = 0; scan < nr_to_scan && !list_empty(m, head); scan++) {
		uint32_t pfn = lnk(m, head)->prev;
		struct page *p = page_w(m, pfn);

		list_del(m, pfn);
		if (isolate_busy(p, mode)) {
			list_add(m, pfn, head);
			continue;
		}
		clear_flags(p, PG_lru);
		p->flags |= PG_isolated;
		dst->pfn[dst->nr++] = pfn;
	}
	*nr_scanned = scan;
	/* each page looked at: what reclaiming a page costs (costs.h) */
	sim_charge(sim, COST_RECLAIM_PAGE, scan);
	ev = trace_emit(sim, TRACE_mm_vmscan_lru_isolate);
	ev->nid = (uint8_t)z->zone_pgdat->node_id;
	ev->zid = z->zid;
	ev->order = (uint8_t)sc->order;
	ev->migratetype = (uint8_t)mode;
	ev->arg[0] = (long)nr_to_scan;
	ev->arg[1] = (long)scan;
	ev->arg[2] = (long)dst->nr;
	ev->arg[3] = is_file_lru(lru);
	return dst->nr;
}

/* Put one isolated page back on the list its flags name (putback_lru_page). */
enum lru_list putback_page(struct sim *sim, uint32_t pfn)
{
	struct page *p = page_w(&sim->map, pfn);
	enum lru_list lru;

	clear_flags(p, PG_isolated);
	if (p->flags & PG_unevictable) {
		/* culled: it came off an evictable list */
		clear_flags(p, PG_active);
		count_vm_events(sim, UNEVICTABLE_PGCULLED, 1);
	}
	lru = page_lru(p);
	add_page_to_lru_list(sim, pfn, lru);
	return lru;
}

/* Models: putback_inactive_pages(): survivors go to the head of their list
 * (oldest first, so the batch keeps its order); active ones were rotated. */
static void putback_inactive_pages(struct sim *sim, struct zone *z, const struct batch *l)
{
	for (unsigned int i = 0; i < l->nr; i++) {
		enum lru_list lru = putback_page(sim, l->pfn[i]);

		if (is_active_lru(lru))
			z->recent_rotated[is_file_lru(lru)]++;
	}
}

/* Models: free_hot_cold_page_list(list, cold): each page traced, then freed
 * to this cpu's pcp list. */
static void free_hot_cold_page_list(struct sim *sim, const struct batch *l, bool cold)
{
	for (unsigned int i = 0; i < l->nr; i++) {
		struct trace_event *ev = trace_emit(sim, TRACE_mm_page_free_batched);
		const struct zone *z = page_zone(sim, l->pfn[i]);

		ev->nid = (uint8_t)z->zone_pgdat->node_id;
		ev->zid = z->zid;
		ev->pfn = l->pfn[i];
		ev->arg[0] = cold;
		free_page_frame(sim, l->pfn[i], cold);
	}
}

/* ---- one page ---- */

/* Models: page_referenced(): the PTEs that saw an access since the last
 * look, test-and-cleared. A page has one mapping at most here (its owner),
 * so the answer is 0 or 1; an unmapped page has no PTE to ask. */
int page_referenced(struct page *p)
{
	if (!page_mapped(p) || !(p->flags & PG_young))
		return 0;
	clear_flags(p, PG_young);
	return 1;
}

/*
 * Models: page_check_references() (v4.5) and 6.1's folio_check_references().
 * v4.5 activates an anon page a PTE used at once. File pages get a second
 * chance: the first PTE reference only sets PG_referenced and keeps the page
 * on the inactive list; a second one (or PG_referenced from an earlier
 * mark_page_accessed) activates it. A file page only marked accessed
 * through read() is reclaimed, but only if it is clean. 5.9 (b518154e59aa,
 * the commit that puts a new anon page on the inactive list: @anon_too)
 * gives anon pages the same second chance.
 * SIMPLIFICATION: no VM_LOCKED or VM_EXEC mappings.
 */
static enum page_references page_check_references(struct page *p, bool anon_too)
{
	int referenced_ptes = page_referenced(p);
	bool referenced_page = p->flags & PG_referenced;

	clear_flags(p, PG_referenced);
	if (referenced_ptes) {
		if ((p->flags & PG_swapbacked) && !anon_too)
			return PAGEREF_ACTIVATE;
		p->flags |= PG_referenced;
		if (referenced_page || referenced_ptes > 1)
			return PAGEREF_ACTIVATE;
		return PAGEREF_KEEP;
	}
	if (referenced_page && !(p->flags & PG_swapbacked))
		return PAGEREF_RECLAIM_CLEAN;
	return PAGEREF_RECLAIM;
}

/* Models: try_to_unmap() for our one mapping, with page_remove_rmap(): the
 * owner loses the page from its rss (an anon page leaves a swap entry);
 * total_vm, the size of its mappings, does not change. */
static void try_to_unmap(struct sim *sim, struct zone *z, struct page *p)
{
	struct task *t = task_lookup(sim, (int)p->private);

	if (p->flags & PG_swapbacked) {
		mod_zone_page_state(z, NR_ANON_PAGES, -1);
		if (t) {
			t->rss_anon--;
			t->swapents++;
		}
	} else {
		mod_zone_page_state(z, NR_FILE_MAPPED, -1);
		if (t)
			t->rss_file--;
	}
	p->private = 0;
}

/* PageSwapCache(): an anonymous LRU page nobody maps is in the swap cache
 * (reclaim unmaps it right after add_to_swap(); every other anonymous page
 * here is mapped by its owner, and freed when unmapped). */
static inline bool page_swapcache(const struct page *p)
{
	return (p->flags & PG_swapbacked) && !page_mapped(p);
}

/* Models: add_to_swap() (v4.5): a swap slot, and the page joins the swap
 * cache, dirty (SetPageDirty: its data is not on the disk yet). The swap
 * cache counts in NR_FILE_PAGES, as __add_to_swap_cache() counts it.
 * Return: false if no swap slot is free. */
static bool add_to_swap(struct sim *sim, struct zone *z, struct page *p)
{
	if (sim->swap_in_use >= sim->swap_pages)
		return false;
	sim->swap_in_use++;
	mod_zone_page_state(z, NR_FILE_PAGES, 1);
	p->flags |= PG_dirty;
	return true;
}

/*
 * Models: shrink_page_list() for an anonymous page (v4.5). Swap-out is
 * asynchronous: the first pass puts the page in the swap cache, unmaps it
 * and starts its write (pageout() -> swap_writepage(): PG_writeback, the
 * disk queue); it stays. The disk completes the write later and, since
 * reclaim wanted it (PG_reclaim), rotates it to the tail of the inactive
 * list; a later pass finds it clean and unmapped and frees it
 * (__remove_mapping -> delete_from_swap_cache). So a reclaimer that only
 * starts writes reclaims nothing yet: did_some_progress, the retries and
 * the OOM decision follow from that.
 * Return: 1 to free the page, 0 to keep it, -1 to activate it.
 */
static int shrink_anon_page(struct sim *sim, struct zone *z, struct scan_control *sc,
			    uint32_t pfn, enum page_references references)
{
	struct page *p = page_w(&sim->map, pfn);

	if (!page_swapcache(p)) {
		if (!(sc->gfp_mask & GFP_F_IO))
			return 0;
		if (!add_to_swap(sim, z, p))
			return -1;		/* swap is full: activate_locked */
	}
	if (page_mapped(p))
		try_to_unmap(sim, z, p);
	if (p->flags & PG_dirty) {
		/* add_to_swap set may_enter_fs; a clean-only reference keeps it */
		if (references == PAGEREF_RECLAIM_CLEAN || !sc->may_writepage)
			return 0;
		/* pageout(): PG_reclaim, then writepage */
		p->flags |= PG_reclaim;
		if (!swap_writepage(sim, pfn)) {
			p->flags &= (uint16_t)~PG_reclaim;
			return 0;		/* PAGE_KEEP: the queue is full */
		}
		mod_zone_page_state(z, NR_VMSCAN_WRITE, 1);
		return 0;			/* PAGE_SUCCESS, under writeback: keep */
	}
	/* clean: __remove_mapping() takes it out of the swap cache; the swap
	 * slot stays, the owner's swap entry points at it */
	mod_zone_page_state(z, NR_FILE_PAGES, -1);
	return 1;
}

/*
 * Models: shrink_page_list() (v4.5), one page; the table in the reference
 * (section 7.7) in order. Return: 1 to free it, 0 to keep it (activated or
 * not: PG_active decides where putback sends it).
 */
static int shrink_page(struct sim *sim, struct zone *z, struct scan_control *sc, uint32_t pfn,
		       struct batch_stat *st, unsigned long *pgactivate)
{
	struct page *p = page_w(&sim->map, pfn);
	bool anon = p->flags & PG_swapbacked;
	bool dirty = p->flags & PG_dirty, writeback = p->flags & PG_writeback;
	bool may_enter_fs = sc->gfp_mask & GFP_F_FS;
	enum page_references references;

	sc->nr_scanned++;
	if (p->flags & PG_unevictable)
		return 0;			/* cull_mlocked: putback moves it */
	if (!sc->may_unmap && page_mapped(p))
		return 0;
	if (page_mapped(p))
		sc->nr_scanned++;		/* double the slab pressure for mapped pages */
	if (dirty || writeback)
		st->nr_dirty++;
	if (dirty && !writeback)
		st->nr_unqueued_dirty++;
	if (((dirty || writeback) && !anon && wb_congested(sim, z->zone_pgdat->node_id)) ||
	    (writeback && (p->flags & PG_reclaim)))
		st->nr_congested++;
	if (writeback) {
		/* case 1: kswapd meets pages it already wants, still in flight */
		if (sc->kswapd && (p->flags & PG_reclaim) && (z->flags & (1UL << ZONE_WRITEBACK))) {
			st->nr_immediate++;
			return 0;
		}
		/* case 2: mark it so writeback completion rotates it to the tail */
		p->flags |= PG_reclaim;
		st->nr_writeback++;
		return 0;
	}
	references = page_check_references(p, sim_kernel(sim)->new_anon_inactive);
	if (references == PAGEREF_ACTIVATE)
		goto activate;
	if (references == PAGEREF_KEEP)
		return 0;
	if (anon) {
		int r = shrink_anon_page(sim, z, sc, pfn, references);

		if (r < 0)
			goto activate;
		return r;
	}
	if (page_mapped(p))
		try_to_unmap(sim, z, p);
	if (dirty) {
		/* only kswapd writes file pages, and only when the zone's tail
		 * has filled with dirty pages; the others wait for the flushers */
		if (!sc->kswapd || !(z->flags & (1UL << ZONE_DIRTY))) {
			mod_zone_page_state(z, NR_VMSCAN_IMMEDIATE, 1);
			p->flags |= PG_reclaim;
			return 0;
		}
		if (references == PAGEREF_RECLAIM_CLEAN || !may_enter_fs || !sc->may_writepage)
			return 0;
		/* pageout(): PG_reclaim, then writepage; the page stays until
		 * the write completes (PAGE_SUCCESS with PageWriteback) */
		p->flags |= PG_reclaim;
		if (!wb_start_page(sim, pfn)) {
			clear_flags(p, PG_reclaim);
			return 0;		/* PAGE_KEEP: the queue is full */
		}
		mod_zone_page_state(z, NR_VMSCAN_WRITE, 1);
		return 0;
	}
	/* __remove_mapping(): out of the page cache */
	mod_zone_page_state(z, NR_FILE_PAGES, -1);
	return 1;
activate:
	p->flags |= PG_active;
	(*pgactivate)++;
	return 0;
}

/* Models: shrink_page_list(): judge the batch; freed pages go to the buddy
 * (cold), survivors stay in @l in their order. Each page's counters and
 * flags are its own zone's (a node's list, 4.8+, mixes the zones).
 * Return: pages reclaimed. */
unsigned long shrink_page_list(struct sim *sim, struct batch *l, struct scan_control *sc,
			       struct batch_stat *st)
{
	struct batch freed = { .nr = 0 };
	unsigned long pgactivate = 0;
	unsigned int kept = 0;

	for (unsigned int i = 0; i < l->nr; i++) {
		if (shrink_page(sim, page_zone(sim, l->pfn[i]), sc, l->pfn[i], st, &pgactivate))
			freed.pfn[freed.nr++] = l->pfn[i];
		else
			l->pfn[kept++] = l->pfn[i];
	}
	l->nr = kept;
	free_hot_cold_page_list(sim, &freed, true);
	count_vm_events(sim, PGACTIVATE, pgactivate);
	return freed.nr;
}

/* ---- the two list shrinkers ---- */

/* Models: too_many_isolated(): direct reclaimers wait while more pages are
 * isolated than inactive (an eighth of inactive for IO+FS callers). */
static bool too_many_isolated(const struct zone *z, bool file, const struct scan_control *sc)
{
	unsigned long inactive, isolated;

	if (sc->kswapd)
		return false;
	inactive = zone_page_state(z, file ? NR_INACTIVE_FILE : NR_INACTIVE_ANON);
	isolated = zone_page_state(z, file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON);
	if ((sc->gfp_mask & (GFP_F_IO | GFP_F_FS)) == (GFP_F_IO | GFP_F_FS))
		inactive >>= 3;
	return isolated > inactive;
}

/*
 * Models: shrink_inactive_list() (v4.5).
 * Take a batch from the tail of an inactive list, reclaim what can go, put
 * the rest back, and flag the zone when the batch shows that writeback is
 * the bottleneck: all under writeback (ZONE_WRITEBACK), all dirty on a
 * congested disk (ZONE_CONGESTED), all dirty and not yet queued (ZONE_DIRTY,
 * which lets kswapd write pages itself).
 * SIMPLIFICATION: too_many_isolated gives up waiting after 10 waits (1 s).
 */
unsigned long shrink_inactive_list(struct sim *sim, unsigned long nr_to_scan, struct zone *z,
				   struct scan_control *sc, enum lru_list lru)
{
	bool file = is_file_lru(lru);
	enum zone_stat_item isolated = file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON;
	unsigned long nr_scanned, nr_taken, nr_reclaimed;
	struct batch_stat st = { 0 };
	unsigned int mode = 0;
	struct trace_event *ev;
	struct batch l;

	for (int waits = 0; too_many_isolated(z, file, sc) && waits < 10; waits++) {
		reclaim_wait(sim, sc, z, RECLAIM_WAIT_JIFFIES);
		if (current_task(sim)->sigkill)
			return SWAP_CLUSTER_MAX;
	}
	if (!sc->may_unmap)
		mode |= ISOLATE_UNMAPPED;
	if (!sc->may_writepage)
		mode |= ISOLATE_CLEAN;
	nr_taken = isolate_lru_pages(sim, nr_to_scan, z, &l, &nr_scanned, sc, mode, lru);
	mod_zone_page_state(z, (enum zone_stat_item)(NR_LRU_BASE + lru), -(long)nr_taken);
	mod_zone_page_state(z, isolated, (long)nr_taken);
	z->recent_scanned[file] += nr_taken;
	mod_zone_page_state(z, NR_PAGES_SCANNED, (long)nr_scanned);
	count_vm_events(sim, (enum vm_event_item)((sc->kswapd ? PGSCAN_KSWAPD_DMA : PGSCAN_DIRECT_DMA)
						  + z->zid), nr_scanned);
	count_vm_events(sim, file ? PGSCAN_FILE : PGSCAN_ANON, nr_scanned);
	if (nr_taken == 0)
		return 0;

	nr_reclaimed = shrink_page_list(sim, &l, sc, &st);
	count_vm_events(sim, (enum vm_event_item)((sc->kswapd ? PGSTEAL_KSWAPD_DMA : PGSTEAL_DIRECT_DMA)
						  + z->zid), nr_reclaimed);
	count_vm_events(sim, file ? PGSTEAL_FILE : PGSTEAL_ANON, nr_reclaimed);
	putback_inactive_pages(sim, z, &l);
	mod_zone_page_state(z, isolated, -(long)nr_taken);

	if (st.nr_writeback && st.nr_writeback == nr_taken)
		z->flags |= 1UL << ZONE_WRITEBACK;
	if (st.nr_dirty && st.nr_dirty == st.nr_congested)
		z->flags |= 1UL << ZONE_CONGESTED;
	if (st.nr_unqueued_dirty == nr_taken)
		z->flags |= 1UL << ZONE_DIRTY;
	if (st.nr_immediate)
		reclaim_wait(sim, sc, z, RECLAIM_WAIT_JIFFIES);	/* congestion_wait() */
	/* direct reclaimers stall for IO if the disk and the zone are
	 * congested (wait_iff_congested makes both tests); kswapd goes on */
	if (!sc->kswapd)
		wait_iff_congested(sim, z, RECLAIM_WAIT_JIFFIES);

	ev = trace_emit(sim, TRACE_mm_vmscan_lru_shrink_inactive);
	ev->nid = (uint8_t)z->zone_pgdat->node_id;
	ev->zid = z->zid;
	ev->arg[0] = (long)nr_scanned;
	ev->arg[1] = (long)nr_reclaimed;
	ev->arg[2] = sc->priority;
	ev->arg[3] = file;
	return nr_reclaimed;
}

/*
 * Models: shrink_active_list() (v4.5).
 * Move a batch from an active list to the head of the inactive one. Pages a
 * PTE referenced count as rotated (they feed get_scan_count's balance) but
 * are deactivated all the same: only executable file pages would stay, and
 * we have none. Unevictable pages are culled instead.
 */
void shrink_active_list(struct sim *sim, unsigned long nr_to_scan, struct zone *z,
			struct scan_control *sc, enum lru_list lru)
{
	bool file = is_file_lru(lru);
	enum zone_stat_item isolated = file ? NR_ISOLATED_FILE : NR_ISOLATED_ANON;
	unsigned long nr_scanned, nr_taken, nr_rotated = 0, nr_deactivate = 0;
	unsigned int mode = 0;
	struct batch l;

	if (!sc->may_unmap)
		mode |= ISOLATE_UNMAPPED;
	if (!sc->may_writepage)
		mode |= ISOLATE_CLEAN;
	nr_taken = isolate_lru_pages(sim, nr_to_scan, z, &l, &nr_scanned, sc, mode, lru);
	mod_zone_page_state(z, NR_PAGES_SCANNED, (long)nr_scanned);
	z->recent_scanned[file] += nr_taken;
	count_vm_events(sim, (enum vm_event_item)(PGREFILL_DMA + z->zid), nr_scanned);
	mod_zone_page_state(z, (enum zone_stat_item)(NR_LRU_BASE + lru), -(long)nr_taken);
	mod_zone_page_state(z, isolated, (long)nr_taken);

	for (unsigned int i = 0; i < l.nr; i++) {
		struct page *p = page_w(&sim->map, l.pfn[i]);

		if (!(p->flags & PG_unevictable)) {
			if (page_referenced(p))
				nr_rotated++;
			clear_flags(p, PG_active);	/* we are de-activating */
			nr_deactivate++;
		}
		putback_page(sim, l.pfn[i]);
	}
	z->recent_rotated[file] += nr_rotated;
	mod_zone_page_state(z, isolated, -(long)nr_taken);
	count_vm_events(sim, PGDEACTIVATE, nr_deactivate);
}
