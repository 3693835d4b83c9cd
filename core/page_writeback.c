/* core/page_writeback.c - dirty page cache, the flusher threads and the disk.
 * Models mm/page-writeback.c (v4.5): global_dirtyable_memory,
 * global_dirty_limits, clear_page_dirty_for_io, test_set_page_writeback,
 * end_page_writeback; mm/swap.c rotate_reclaimable_page; and
 * fs/fs-writeback.c wakeup_flusher_threads and background writeback, as far
 * as reclaim needs them.
 *
 * The disk is a queue per node: a page under writeback waits in it, oldest
 * first, and the disk completes one page per COST_DISK_WRITE of its own
 * time (costs.h: 520 MB/s), on a clock of its own, as the scheduler moves
 * time on. The flushers start writes as the queue has room, walking the
 * node's pfns from where they stopped, as write_cache_pages walks a file by
 * index. reclaim's pageout() (file pages by kswapd, anonymous pages to
 * swap by any reclaimer) joins the same queue. A queue 7/8 full is
 * write-congested, as a block queue past its congestion threshold is.
 *
 * sim->nr_dirty_to_flush, which keeps the scheduler calling writeback_tick,
 * counts the pages the flushers were asked to write that they have not
 * started yet, plus every page in a queue.
 *
 * SIMPLIFICATION: one queue per node rather than one per disk; a page's
 * dirty bit is cleared when its write starts (clear_page_dirty_for_io) and
 * it is written when the write completes; no per-inode ordering, no
 * dirty throttling of the writers.
 */
#include "buddyscope/vmscan.h"

#include "buddyscope/costs.h"
#include "internal.h"
#include "vmscan_internal.h"

#define FLUSH_SCAN_MAX		65536UL		/* pfns the flusher looks at, per node and call */
#define WB_CONGESTION_ON	(WB_QUEUE_DEPTH - WB_QUEUE_DEPTH / 8)

static unsigned long wb_inflight(const struct sim *sim)
{
	unsigned long n = 0;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		n += sim->node_data[nid]->kswapd.wb_count;
	return n;
}

/* Flusher work queued and not yet started. */
static unsigned long wb_pending(const struct sim *sim)
{
	unsigned long inflight = wb_inflight(sim);

	return sim->nr_dirty_to_flush > inflight ? sim->nr_dirty_to_flush - inflight : 0;
}

static unsigned long node_dirty(const struct pglist_data *pgdat)
{
	unsigned long n = 0;

	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		n += zone_page_state(&pgdat->node_zones[zid], NR_FILE_DIRTY) +
		     zone_page_state(&pgdat->node_zones[zid], NR_UNSTABLE_NFS);
	return n;
}

static unsigned long global_dirty(const struct sim *sim)
{
	unsigned long n = 0;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		n += node_dirty(sim->node_data[nid]);
	return n;
}

bool wb_congested(const struct sim *sim, int nid)
{
	return sim->node_data[nid]->kswapd.wb_count >= WB_CONGESTION_ON;
}

/* nr_wb_congested[BLK_RW_ASYNC] != 0: some disk is write-congested */
static bool any_wb_congested(const struct sim *sim)
{
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		if (wb_congested(sim, nid))
			return true;
	return false;
}

bool wait_iff_congested_would_sleep(const struct sim *sim, const struct zone *z)
{
	return any_wb_congested(sim) && (z->flags & (1UL << ZONE_CONGESTED));
}

/*
 * Models: wait_iff_congested(zone, BLK_RW_ASYNC, timeout) (mm/backing-dev.c,
 * v4.5). Only when a disk is write-congested *and* reclaim flagged the zone
 * ZONE_CONGESTED (its inactive tail all dirty pages of a congested disk) does
 * the caller sleep, until the congestion clears (the disk completes writes
 * each jiffy) or @timeout passes; otherwise it only yields. Both callers,
 * the slow path's retry (HZ/50) and shrink_inactive_list's direct reclaim
 * (HZ/10), go through here, so they make the same test.
 * Return: jiffies slept.
 */
unsigned long wait_iff_congested(struct sim *sim, const struct zone *z, unsigned long timeout)
{
	unsigned long slept = 0;

	if (!wait_iff_congested_would_sleep(sim, z))
		return 0;		/* cond_resched() */
	if (current_task(sim)->flags & PF_KTHREAD)
		return 0;		/* never from inside the scheduler's threads */
	while (slept < timeout && any_wb_congested(sim)) {
		sim_sleep(sim, 1);
		slept++;
	}
	return slept;
}

/* submit_bio(): the page joins its node's disk queue at time @t; an idle
 * disk starts on it at once. */
static void disk_queue(struct sim *sim, struct kswapd_ctl *k, unsigned long pfn, uint64_t t)
{
	if (!k->wb_count)
		k->wb_done_ns = t + cost_ns(COST_DISK_WRITE);
	k->wb_queue[(k->wb_head + k->wb_count) % WB_QUEUE_DEPTH] = (uint32_t)pfn;
	k->wb_count++;
	sim->nr_dirty_to_flush++;
	/* submit_bio() counts sectors: 8 a page; /proc/vmstat shows KiB */
	count_vm_events(sim, PGPGOUT, PAGE_SIZE >> 9);
}

/* clear_page_dirty_for_io(), then test_set_page_writeback() and
 * submit_bio() at time @t. Return: false, changing nothing, if the node's
 * queue is full. */
static bool start_writeback(struct sim *sim, unsigned long pfn, uint64_t t)
{
	struct page *p = page_w(&sim->map, pfn);
	struct zone *z = page_zone(sim, pfn);
	struct kswapd_ctl *k = &z->zone_pgdat->kswapd;

	if (k->wb_count >= WB_QUEUE_DEPTH)
		return false;
	p->flags &= (uint16_t)~PG_dirty;
	p->flags |= PG_writeback;
	mod_zone_page_state(z, NR_WRITEBACK, 1);
	disk_queue(sim, k, pfn, t);
	return true;
}

/* Start writeback of a dirty file page at time @t. */
static bool wb_start_page_at(struct sim *sim, unsigned long pfn, uint64_t t)
{
	if (!start_writeback(sim, pfn, t))
		return false;
	mod_zone_page_state(page_zone(sim, pfn), NR_FILE_DIRTY, -1);
	return true;
}

bool wb_start_page(struct sim *sim, unsigned long pfn)
{
	return wb_start_page_at(sim, pfn, exec_now(sim));
}

/*
 * Models: swap_writepage() -> __swap_writepage() for a dirty page in the
 * swap cache: it goes under writeback (the swap cache is not dirty-
 * accounted: no NR_FILE_DIRTY), joins the disk queue, and is counted as
 * a swap-out. Return: false if the queue is full (the page stays dirty).
 */
bool swap_writepage(struct sim *sim, unsigned long pfn)
{
	if (!start_writeback(sim, pfn, exec_now(sim)))
		return false;
	count_vm_events(sim, PSWPOUT, 1);
	return true;
}

/* Models: rotate_reclaimable_page(): reclaim wanted this page; now that it
 * is clean, move it to the tail of its inactive list to be freed next. */
static void rotate_reclaimable_page(struct sim *sim, unsigned long pfn)
{
	struct page *p = page_w(&sim->map, pfn);
	struct zone *z = page_zone(sim, pfn);

	if ((p->flags & (PG_lru | PG_dirty | PG_active | PG_unevictable)) != PG_lru)
		return;
	list_del(&sim->map, (uint32_t)pfn);
	list_add_tail(&sim->map, (uint32_t)pfn, z->lru[page_lru(p)]);
	count_vm_events(sim, PGROTATED, 1);
}

/* Models: end_page_writeback(). */
static void end_page_writeback(struct sim *sim, unsigned long pfn)
{
	struct page *p = page_w(&sim->map, pfn);
	struct zone *z = page_zone(sim, pfn);

	if (!(p->flags & PG_writeback))
		return;		/* freed under writeback: nothing to finish */
	p->flags &= (uint16_t)~PG_writeback;
	mod_zone_page_state(z, NR_WRITEBACK, -1);
	/* the swap cache is not dirty-accounted: no NR_WRITTEN for it */
	if (!(p->flags & PG_swapbacked))
		mod_zone_page_state(z, NR_WRITTEN, 1);
	if (p->flags & PG_reclaim) {
		p->flags &= (uint16_t)~PG_reclaim;
		rotate_reclaimable_page(sim, pfn);
	}
}

/* The flusher on node @nid: start writeback of up to @nr dirty file pages
 * at time @t. Return: pages started. */
static unsigned long flush_node(struct sim *sim, int nid, unsigned long nr, uint64_t t)
{
	struct pglist_data *pgdat = sim->node_data[nid];
	unsigned long start = pgdat->node_start_pfn, end = start + pgdat->node_spanned_pages;
	unsigned long pfn = pgdat->kswapd.wb_cursor, budget = end - start, started = 0;

	if (!node_dirty(pgdat) || pgdat->kswapd.wb_count >= WB_QUEUE_DEPTH)
		return 0;
	if (budget > FLUSH_SCAN_MAX)
		budget = FLUSH_SCAN_MAX;
	if (pfn < start || pfn >= end)
		pfn = start;
	for (unsigned long looked = 0; looked < budget && started < nr; looked++) {
		const struct page *p = &sim->map.pages[pfn];

		if ((p->flags & (PG_lru | PG_dirty | PG_swapbacked | PG_writeback)) ==
		    (PG_lru | PG_dirty)) {
			if (!wb_start_page_at(sim, pfn, t))
				break;		/* the queue is full */
			started++;
		}
		if (++pfn == end)
			pfn = start;
	}
	pgdat->kswapd.wb_cursor = pfn;
	return started;
}

/*
 * Models: global_dirty_limits() + wb_over_bg_thresh() (v4.5): dirtyable
 * memory = free - totalreserve + file LRU; the background limit is
 * dirty_background_ratio % of it (half the dirty_ratio limit if not below
 * it), e.g. 10 % of (3000 free - 500 reserve + 5000 cache) = 750 pages.
 * Above it, queue enough work to get back under.
 */
void wb_check_background(struct sim *sim)
{
	unsigned long dirty = 0, free = 0, file = 0, avail, thresh, bg, pending;

	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		const struct pglist_data *pgdat = sim->node_data[nid];

		dirty += node_dirty(pgdat);
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &pgdat->node_zones[zid];

			free += zone_page_state(z, NR_FREE_PAGES);
			file += zone_page_state(z, NR_ACTIVE_FILE) + zone_page_state(z, NR_INACTIVE_FILE);
		}
	}
	avail = free - (free < sim->totalreserve_pages ? free : sim->totalreserve_pages) + file + 1;
	thresh = (unsigned long)sim->vm.dirty_ratio * avail / 100;
	bg = (unsigned long)sim->vm.dirty_background_ratio * avail / 100;
	if (bg >= thresh)
		bg = thresh / 2;
	if (dirty <= bg)
		return;
	pending = wb_pending(sim);
	if (pending < dirty - bg)
		sim->nr_dirty_to_flush += dirty - bg - pending;
}

void balance_dirty_pages_ratelimited(struct sim *sim)
{
	wb_check_background(sim);
}

void wakeup_flusher_threads(struct sim *sim, unsigned long nr_pages)
{
	if (!nr_pages)
		nr_pages = global_dirty(sim);
	sim->nr_dirty_to_flush += nr_pages;
}

/* The flushers start the writes asked for, at time @t, as the queues have
 * room (wb_writeback() going through the dirty inodes). */
static void flushers_start(struct sim *sim, uint64_t t)
{
	unsigned long pending;

	wb_check_background(sim);
	pending = wb_pending(sim);
	if (!pending)
		return;
	if (!global_dirty(sim)) {
		sim->nr_dirty_to_flush -= pending;	/* nothing left to write */
		return;
	}
	for (int nid = 0; nid < sim->nr_nodes && pending; nid++) {
		unsigned long started = flush_node(sim, nid, pending, t);

		/* disk_queue counted them again as in flight */
		sim->nr_dirty_to_flush -= started;
		pending -= started;
	}
}

void writeback_advance(struct sim *sim, uint64_t t)
{
	if (!sim->nr_dirty_to_flush) {
		sim->wb_clock_ns = t;
		return;		/* nothing queued, nothing asked for */
	}
	/* work asked for since the last call starts from then */
	if (sim->wb_clock_ns < t)
		flushers_start(sim, sim->wb_clock_ns);
	/* the disks complete what they finished by @t, oldest first, and the
	 * flushers refill each slot as it frees, at the time it frees */
	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		struct kswapd_ctl *k = &sim->node_data[nid]->kswapd;

		while (k->wb_count && k->wb_done_ns <= t) {
			uint32_t pfn = k->wb_queue[k->wb_head];
			uint64_t done = k->wb_done_ns;

			k->wb_head = (k->wb_head + 1) % WB_QUEUE_DEPTH;
			k->wb_count--;
			sim->nr_dirty_to_flush--;
			end_page_writeback(sim, pfn);
			if (k->wb_count)
				k->wb_done_ns += cost_ns(COST_DISK_WRITE);
			if (sim->nr_dirty_to_flush)
				flushers_start(sim, done);
		}
	}
	flushers_start(sim, t);
	if (sim->wb_clock_ns < t)
		sim->wb_clock_ns = t;
}
