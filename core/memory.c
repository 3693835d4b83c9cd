/* core/memory.c - unmapping a task's pages. Models mm/memory.c
 * (zap_pte_range, unmap_vmas) and the order mm/mmu_gather.c's batch frees
 * them in; task.c's exit_mm and `task unmap` call it.
 */
#include "buddyscope/page_alloc.h"
#include "buddyscope/vmscan.h"
#include "internal.h"

/* zap_pte_range() for one page: anon pages are freed (@gather: kept in the
 * exit's mmu_gather batch, charged, exit.c), file pages unmapped. */
static void zap_page(struct sim *sim, struct task *t, unsigned long pfn, bool gather)
{
	struct page *p = page_w(&sim->map, pfn);
	struct zone *z = page_zone(sim, pfn);

	if (p->flags & PG_unevictable) {
		/* munlock_vma_page(): off the unevictable list, back to its own */
		del_page_from_lru(sim, pfn);
		p->flags &= (uint16_t)~PG_unevictable;
		if (zone_page_state(z, NR_MLOCK) > 0)
			mod_zone_page_state(z, NR_MLOCK, -1);
		count_vm_events(sim, UNEVICTABLE_PGMUNLOCKED, 1);
		add_page_to_lru_list(sim, pfn, page_lru(p));
	}
	if (p->flags & PG_swapbacked) {
		del_page_from_lru(sim, pfn);
		mod_zone_page_state(z, NR_ANON_PAGES, -1);
		t->rss_anon--;
		if (gather)
			exit_gather_page(sim, t, pfn);
		else
			free_page_frame(sim, pfn, false);
	} else {
		p->private = 0;
		mod_zone_page_state(z, NR_FILE_MAPPED, -1);
		t->rss_file--;
		if (gather)
			exit_unmapped_file_page(sim);
	}
	t->total_vm--;
}

/*
 * The order zap_pte_range() meets a task's pages: its VMAs' virtual address
 * order, which unmap_vmas() walks and the mmu_gather batch frees in
 * (tlb_flush_mmu -> free_pages_and_swap_cache -> release_pages ->
 * free_unref_page_list, 4.x free_hot_cold_page_list). The model keeps no
 * addresses: a task faults its memory sequentially, so address order is
 * the order it faulted its pages, and the LRU lists hold that order
 * (lru_cache_add puts a new page at the head, so from the tail the oldest
 * first).
 * SIMPLIFICATION: the LRU order is the fault order only for pages reclaim
 * did not move. The lists are read whole one after the other, oldest end
 * first: the unevictable list, the file lists, then the anon list new anon
 * pages do not join (what reclaim moved there from the other, the oldest:
 * 6.1's activated, 4.x's deactivated pages), then the one they join. So a
 * page activated, deactivated or rotated by reclaim comes at its list's
 * place, not its address's, and a node's pages come before the next node's.
 * Zapping moves only the page in hand (off its list, or an mlocked one to
 * the head of its own list, unmapped), so each list is walked in place.
 * Returns the pages zapped: at most @n of the task's LRU pages (of @kind
 * when @of_kind).
 */
unsigned long zap_in_fault_order(struct sim *sim, struct task *t, bool of_kind,
				 enum task_mem kind, unsigned long n, bool gather)
{
	const enum lru_list new_anon = sim_kernel(sim)->new_anon_inactive ? LRU_INACTIVE_ANON :
				       LRU_ACTIVE_ANON;
	const enum lru_list order[NR_LRU_LISTS] = {
		LRU_UNEVICTABLE, LRU_ACTIVE_FILE, LRU_INACTIVE_FILE,
		new_anon == LRU_ACTIVE_ANON ? LRU_INACTIVE_ANON : LRU_ACTIVE_ANON, new_anon,
	};
	const struct memmap *m = &sim->map;
	unsigned long done = 0;

	for (int i = 0; i < NR_LRU_LISTS; i++)
		for (int id = 0; id < MAX_NUMNODES * MAX_NR_ZONES; id++) {
			const struct zone *z = sim->zone_by_id[id];
			uint32_t head, pfn, prev;
			bool seen = false;

			if (!z)
				continue;
			head = z->lru[order[i]];
			for (int j = 0; j < id && !seen; j++)	/* 4.8+: a node's zones share it */
				seen = sim->zone_by_id[j] && sim->zone_by_id[j]->lru[order[i]] == head;
			if (seen)
				continue;
			for (pfn = lnk(m, head)->prev; pfn != head; pfn = prev) {
				const struct page *p = &m->pages[pfn];

				if (done >= n || !(t->rss_anon || t->rss_file))
					return done;
				prev = lnk(m, pfn)->prev;
				if (p->private == (uint32_t)t->pid &&
				    (of_kind ? page_is_kind(p, kind) : (p->flags & PG_lru) != 0)) {
					zap_page(sim, t, pfn, gather);
					done++;
				}
			}
		}
	return done;
}
