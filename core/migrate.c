/* core/migrate.c - moving isolated pages to new frames.
 * Models mm/migrate.c (v4.5): migrate_pages, unmap_and_move,
 * __unmap_and_move, migrate_page_copy, putback_movable_pages.
 *
 * A page's identity is what its owner sees: the owner (page->private here),
 * its LRU list and the page flags the kernel copies. Migration gives all of
 * that to a new frame and frees the old one, so a task's rss does not change
 * while its pages change pfn:
 *
 *   before:  pfn 0x1003 [anon, active, pid 1001]    pfn 0x13f0 [isolated free]
 *   after:   pfn 0x1003 [freed to the pcp list]     pfn 0x13f0 [anon, active, pid 1001]
 *
 * SIMPLIFICATION: nothing here returns -EAGAIN (no page locks, no extra
 * references, no anon_vma), so the kernel's up to 10 passes are one pass.
 */
#include <errno.h>

#include "buddyscope/compaction.h"
#include "buddyscope/vmscan.h"
#include "compaction_internal.h"
#include "buddyscope/costs.h"
#include "internal.h"

/* What migrate_page_copy() and migrate_page_move_mapping() carry over:
 * referenced, active or unevictable, dirty, young, swapbacked.
 * SIMPLIFICATION: PG_reclaim travels too, so reclaim's bookkeeping stays
 * with the data (the kernel clears it with writeback, which never migrates). */
#define PAGE_IDENTITY_FLAGS	(PG_active | PG_referenced | PG_dirty | PG_swapbacked | \
				 PG_unevictable | PG_young | PG_reclaim)

static enum zone_stat_item isolated_stat(const struct page *p)
{
	return (p->flags & PG_swapbacked) ? NR_ISOLATED_ANON : NR_ISOLATED_FILE;
}

/* Models: putback_lru_page() for an isolated page that stays where it is. */
static void putback_lru_page(struct sim *sim, unsigned long pfn)
{
	struct page *p = page_w(&sim->map, pfn);

	mod_zone_page_state(page_zone(sim, pfn), isolated_stat(p), -1);
	p->flags &= (uint16_t)~PG_isolated;
	lru_cache_add(sim, pfn, page_lru(p));
}

void putback_movable_pages(struct sim *sim, unsigned long *from, unsigned long *nr)
{
	while (*nr)
		putback_lru_page(sim, from[--*nr]);
}

/*
 * Models: __unmap_and_move()'s refusals (v4.5).
 * A page under writeback cannot move: ASYNC never isolates one, SYNC_LIGHT
 * gives up with -EBUSY ("the overhead of stalling is too much").
 * SIMPLIFICATION: MIGRATE_SYNC would wait_on_page_writeback(); compaction
 * takes no simulated time, so it gives up the same way.
 * Dirty file pages migrate in the sync modes: their mapping's ->migratepage
 * may block (as buffer_migrate_page does), which is why ASYNC leaves them.
 */
static int unmap_refusal(const struct page *p, enum migrate_mode mode)
{
	(void)mode;
	if (p->flags & PG_writeback)
		return -EBUSY;
	return 0;
}

/*
 * Models: unmap_and_move() + migrate_page_copy().
 * The target takes the page's identity and goes on the LRU list the page
 * was taken from; the source, now unmapped, is freed (hot, to this cpu's
 * pcp list, as putback_lru_page's final put does). A refused page goes back
 * on its LRU list and the target back to @put_new.
 */
static int unmap_and_move(struct sim *sim, new_page_t get_new, free_page_t put_new, void *private,
			  unsigned long pfn, enum migrate_mode mode)
{
	struct page *p = page_w(&sim->map, pfn);
	unsigned long newpfn = get_new(sim, pfn, private);
	struct page *np;
	int rc;

	if (newpfn == PFN_NONE)
		return -ENOMEM;
	rc = unmap_refusal(p, mode);
	if (rc) {
		putback_lru_page(sim, pfn);
		put_new(sim, newpfn, private);
		return rc;
	}
	np = page_w(&sim->map, newpfn);
	SIM_BUG_ON(page_zone(sim, newpfn) != page_zone(sim, pfn));
	np->flags = (uint16_t)((np->flags & ~PG_isolated) | (p->flags & PAGE_IDENTITY_FLAGS));
	np->private = p->private;
	lru_cache_add(sim, newpfn, page_lru(p));

	mod_zone_page_state(page_zone(sim, pfn), isolated_stat(p), -1);
	p->flags &= (uint16_t)~(PAGE_IDENTITY_FLAGS | PG_isolated);
	p->private = 0;
	free_page_frame(sim, pfn, false);
	return 0;
}

/*
 * Models: migrate_pages() (v4.5), one pass.
 * Pages come off @from from its top (the kernel's list head) one by one.
 * Running out of targets stops the pass with -ENOMEM and leaves the rest
 * isolated for the caller's putback.
 */
int migrate_pages(struct sim *sim, unsigned long *from, unsigned long *nr, new_page_t get_new,
		  free_page_t put_new, void *private, enum migrate_mode mode,
		  unsigned long *nr_succeeded)
{
	unsigned long succeeded = 0, failed = 0;
	int rc = 0;

	while (*nr) {
		int r = unmap_and_move(sim, get_new, put_new, private, from[*nr - 1], mode);

		if (r == -ENOMEM) {
			rc = -ENOMEM;
			break;
		}
		(*nr)--;
		if (r)
			failed++;
		else
			succeeded++;
	}
	/* each page moved: unmap, copy, remap (costs.h) */
	sim_charge(sim, COST_COPY_PAGE, succeeded);
	sim_charge(sim, COST_RECLAIM_PAGE, succeeded);
	if (succeeded)
		count_vm_events(sim, PGMIGRATE_SUCCESS, succeeded);
	if (failed)
		count_vm_events(sim, PGMIGRATE_FAIL, failed);
	*nr_succeeded = succeeded;
	return rc ? rc : (int)failed;
}
