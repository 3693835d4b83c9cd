/* core/swap.c - the LRU lists of a zone.
 * Models mm/swap.c (v4.5): lru_cache_add, add/del_page_to/from_lru_list,
 * mark_page_accessed, activate_page; where a new anonymous page goes
 * (lru_cache_add_active_or_unevictable, 5.9's _inactive_or_unevictable).
 * SIMPLIFICATION: no per-cpu pagevecs; pages reach the list at once.
 */
#include "buddyscope/vmscan.h"

#include "buddyscope/kernel.h"
#include "internal.h"

enum lru_list page_lru(const struct page *p)
{
	enum lru_list lru;

	if (p->flags & PG_unevictable)
		return LRU_UNEVICTABLE;
	lru = (p->flags & PG_swapbacked) ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
	if (p->flags & PG_active)
		lru = (enum lru_list)(lru + 1);
	return lru;
}

void add_page_to_lru_list(struct sim *sim, unsigned long pfn, enum lru_list lru)
{
	struct page *p = page_w(&sim->map, pfn);
	struct zone *z = page_zone(sim, pfn);

	p->flags |= PG_lru;
	if (is_active_lru(lru))
		p->flags |= PG_active;
	if (lru == LRU_INACTIVE_ANON || lru == LRU_ACTIVE_ANON)
		p->flags |= PG_swapbacked;
	if (lru == LRU_UNEVICTABLE)
		p->flags |= PG_unevictable;
	list_add(&sim->map, (uint32_t)pfn, z->lru[lru]);
	mod_zone_page_state(z, (enum zone_stat_item)(NR_LRU_BASE + lru), 1);
}

/*
 * Models: lru_cache_add() -> __pagevec_lru_add_fn(): the page joins its list
 * and update_page_reclaim_stat() counts it as scanned (and as rotated if it
 * starts active), which get_scan_count's anon/file balance reads.
 */
void lru_cache_add(struct sim *sim, unsigned long pfn, enum lru_list lru)
{
	struct zone *z = page_zone(sim, pfn);
	int file = is_file_lru(lru);

	add_page_to_lru_list(sim, pfn, lru);
	if (lru == LRU_UNEVICTABLE)
		return;
	z->recent_scanned[file]++;
	if (is_active_lru(lru))
		z->recent_rotated[file]++;
}

/*
 * Models: lru_cache_add_active_or_unevictable() (4.x: PG_active, the active
 * anon list) and 5.9's lru_cache_add_inactive_or_unevictable() (6.1's
 * do_anonymous_page and __do_huge_pmd_anonymous_page: the inactive list,
 * so that a new page must be used again to count as part of the working
 * set; with MGLRU off, as Debian's 6.1 boots, nothing sets PG_active).
 * The page is young either way (its PTE was just written): 4.x's first
 * reclaim scan of the inactive list activates it, 6.1's keeps it there
 * marked referenced (page_check_references).
 * SIMPLIFICATION: the rotation history is 4.x's for both (lru_cache_add);
 * 6.1's lru_add_fn notes no cost for a new page.
 */
void lru_cache_add_new_anon(struct sim *sim, unsigned long pfn)
{
	lru_cache_add(sim, pfn, sim_kernel(sim)->new_anon_inactive ? LRU_INACTIVE_ANON :
			  LRU_ACTIVE_ANON);
}

void del_page_from_lru(struct sim *sim, unsigned long pfn)
{
	struct page *p = page_w(&sim->map, pfn);
	struct zone *z = page_zone(sim, pfn);

	SIM_BUG_ON(!(p->flags & PG_lru));
	list_del(&sim->map, (uint32_t)pfn);
	mod_zone_page_state(z, (enum zone_stat_item)(NR_LRU_BASE + page_lru(p)), -1);
	p->flags &= (uint16_t)~PG_lru;
}

/* Models activate_page(): inactive -> active, counted as PGACTIVATE. */
static void activate_page(struct sim *sim, unsigned long pfn)
{
	struct page *p = page_w(&sim->map, pfn);

	if (!(p->flags & PG_lru) || (p->flags & (PG_active | PG_unevictable)))
		return;
	del_page_from_lru(sim, pfn);
	p->flags |= PG_active;
	lru_cache_add(sim, pfn, page_lru(p));
	count_vm_events(sim, PGACTIVATE, 1);
}

/*
 * Models: mark_page_accessed(). Two touches promote: the first sets
 * PG_referenced, the second moves an inactive page to the active list.
 */
void mark_page_accessed(struct sim *sim, unsigned long pfn)
{
	struct page *p = page_w(&sim->map, pfn);

	if (!(p->flags & PG_active) && !(p->flags & PG_unevictable) &&
	    (p->flags & PG_referenced)) {
		activate_page(sim, pfn);
		p->flags &= (uint16_t)~PG_referenced;
	} else if (!(p->flags & PG_referenced)) {
		p->flags |= PG_referenced;
	}
}
