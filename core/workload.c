/* core/workload.c - what real machines do besides asking for pages:
 * echo N > drop_caches (fs/drop_caches.c), the hugetlb pool behind
 * vm.nr_hugepages (mm/hugetlb.c set_max_huge_pages), mlock (mm/mlock.c),
 * SIGKILL, a zone's compaction deferred by hand, and transparent huge
 * pages: the sysfs settings and the fault that tries an order-9 page first
 * (mm/huge_memory.c do_huge_pmd_anonymous_page, alloc_hugepage_direct_gfpmask).
 *
 * SIMPLIFICATION: a THP that a fault got is split into 512 order-0 pages on
 * the anon LRU at once (the kernel keeps it whole until reclaim or a partial
 * unmap splits it); the buddy allocator sees the same order-9 allocation,
 * reclaim then frees it page by page. It is still counted as a THP
 * (NR_ANON_TRANSPARENT_HUGEPAGES: AnonHugePages, the OOM report's anon_thp)
 * while all 512 pages are in place: its pageblock carries PB_anon_thp, and
 * the first of its pages to be freed ends it (thp_page_freed), where the
 * kernel would split it first. (The kernel's compaction passes over a THP;
 * the model's may migrate its pages one by one, which ends it too.)
 * drop_caches 2 frees every reclaimable slab page (no object in the model
 * is in use).
 */
#include "buddyscope/workload.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/compaction.h"
#include "buddyscope/costs.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/vmscan.h"
#include "buddyscope/vmstat.h"
#include "internal.h"
#include "vmscan_internal.h"

/* ---- drop_caches ---- */

/*
 * Models: drop_pagecache_sb() -> invalidate_mapping_pages() over every
 * inode, block devices' included: a page-cache page goes if it is clean, not
 * under writeback, not mapped and not mlocked. Shmem (swap-backed) stays.
 */
static unsigned long drop_pagecache(struct sim *sim)
{
	unsigned long n = 0;

	for (unsigned long pfn = 0; pfn < sim->map.max_pfn; pfn++) {
		const struct page *p = &sim->map.pages[pfn];

		if (!(pfn % 4096) && sim_interrupted())
			break;		/* Ctrl-C: drop_caches() says so */
		if ((p->flags & (PG_lru | PG_swapbacked | PG_dirty | PG_writeback | PG_unevictable |
				 PG_isolated)) != PG_lru || p->private)
			continue;
		del_page_from_lru(sim, pfn);
		mod_zone_page_state(page_zone(sim, pfn), NR_FILE_PAGES, -1);
		free_page_frame(sim, pfn, false);
		n++;
	}
	return n;
}

int drop_caches(struct sim *sim, int mode, unsigned long *pagecache, unsigned long *slab)
{
	unsigned long pc = 0, sl = 0;

	if (mode < 1 || mode > 4)
		return sim_error(sim, -EINVAL, "bad value '%d' for vm.drop_caches: accepted 1 (page "
				 "cache), 2 (slab), 3 (both) or 4 (quiet)", mode);
	sim->vm.drop_caches = mode;
	if (mode & 1) {
		pc = drop_pagecache(sim);
		count_vm_events(sim, DROP_PAGECACHE, 1);
	}
	if ((mode & 2) && !sim_interrupted()) {
		sl = drop_slab(sim);
		count_vm_events(sim, DROP_SLAB, 1);
	}
	if (sim_interrupted())
		return sim_error(sim, -EINTR, "drop_caches interrupted (Ctrl-C) after dropping %lu "
				 "page-cache and %lu slab pages", pc, sl);
	if (!sim->vm.drop_caches_quiet)
		printk(sim, "%s (%d): drop_caches: %d", current_task(sim)->comm,
		       current_task(sim)->pid, mode);
	if (mode & 4)
		sim->vm.drop_caches_quiet = true;
	if (pagecache)
		*pagecache = pc;
	if (slab)
		*slab = sl;
	sim_schedule(sim);
	return 0;
}

/* ---- the hugetlb pool ---- */

unsigned long hugetlb_pool_size(const struct sim *sim)
{
	unsigned long n = 0;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		n += sim->hugetlb.nr[nid];
	return n;
}

/* A node the pool may use: one with memory (N_MEMORY). */
static bool node_has_memory(const struct sim *sim, int nid)
{
	for (int zid = 0; zid < MAX_NR_ZONES; zid++)
		if (sim->node_data[nid]->node_zones[zid].managed_pages)
			return true;
	return false;
}

/* hstate_next_node_to_alloc/free: round-robin over the nodes with memory. */
static int next_node(const struct sim *sim, int *next)
{
	for (int i = 0; i < sim->nr_nodes; i++) {
		int nid = (*next + i) % sim->nr_nodes;

		if (node_has_memory(sim, nid)) {
			*next = (nid + 1) % sim->nr_nodes;
			return nid;
		}
	}
	return -1;
}

/*
 * Models: alloc_fresh_huge_page_node() (v4.5: htlb_alloc_mask |
 * __GFP_COMP | __GFP_THISNODE | __GFP_REPEAT | __GFP_NOWARN) and 6.1's
 * alloc_buddy_huge_page() (__GFP_RETRY_MAYFAIL, the same bit here, and
 * __GFP_NORETRY instead once the node has failed). htlb_alloc_mask is
 * GFP_HIGHUSER_MOVABLE: 2 MiB pages can migrate on x86-64.
 */
static unsigned long alloc_pool_page(struct sim *sim, int nid)
{
	gfp_t gfp = GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_THISNODE | GFP_F_NOWARN |
		    GFP_F_REPEAT;
	bool try_hard = true;
	struct alloc_request req;
	unsigned long pfn;

	if (sim_kernel(sim)->hugetlb_noretry && (sim->hugetlb.noretry & (1u << nid))) {
		try_hard = false;
		gfp = (gfp & ~GFP_F_REPEAT) | GFP_F_NORETRY;
	}
	if (alloc_request_init(sim, &req, gfp, HPAGE_PMD_ORDER) ||
	    alloc_request_set_node(sim, &req, nid))
		return PFN_NONE;
	pfn = alloc_run(sim, &req);
	if (pfn == PFN_NONE) {
		count_vm_events(sim, HTLB_BUDDY_PGALLOC_FAIL, 1);
		if (try_hard)
			sim->hugetlb.noretry |= 1u << nid;
		return PFN_NONE;
	}
	count_vm_events(sim, HTLB_BUDDY_PGALLOC, 1);
	if (!try_hard)
		sim->hugetlb.noretry &= ~(1u << nid);
	/* prep_new_huge_page + enqueue_huge_page: the newest is the list head */
	page_w(&sim->map, pfn)->private = PRIVATE_HUGETLB + sim->hugetlb.seq++;
	sim->hugetlb.nr[page_zone(sim, pfn)->zone_pgdat->node_id]++;
	return pfn;
}

/* alloc_pool_huge_page(): each node in turn, from next_nid_to_alloc. */
static bool grow_pool(struct sim *sim, struct hugetlb_result *res)
{
	for (int i = 0; i < sim->nr_nodes; i++) {
		int nid = next_node(sim, &sim->hugetlb.next_nid_to_alloc);

		if (nid < 0)
			return false;
		if (alloc_pool_page(sim, nid) != PFN_NONE)
			return true;
		res->failed++;
	}
	return false;
}

/* The node's newest pool page (dequeued from the head), or PFN_NONE. */
static unsigned long newest_pool_page(const struct sim *sim, int nid)
{
	const struct pglist_data *pgdat = sim->node_data[nid];
	unsigned long best = PFN_NONE, start = pgdat->node_start_pfn;
	unsigned long end = start + pgdat->node_spanned_pages;
	uint32_t seq = 0;

	for (unsigned long pfn = (start + HPAGE_PMD_NR - 1) & ~(HPAGE_PMD_NR - 1); pfn < end;
	     pfn += HPAGE_PMD_NR) {
		const struct page *p = &sim->map.pages[pfn];

		if (page_is_hugetlb(p) && (best == PFN_NONE || p->private - PRIVATE_HUGETLB >= seq)) {
			best = pfn;
			seq = p->private - PRIVATE_HUGETLB;
		}
	}
	return best;
}

/* free_pool_huge_page(): the next node (round-robin) that has a free pool
 * page gives back its newest one: update_and_free_page -> __free_pages. */
static bool shrink_pool(struct sim *sim)
{
	for (int i = 0; i < sim->nr_nodes; i++) {
		int nid = next_node(sim, &sim->hugetlb.next_nid_to_free);
		unsigned long pfn;

		if (nid < 0)
			return false;
		if (!sim->hugetlb.nr[nid] || (pfn = newest_pool_page(sim, nid)) == PFN_NONE)
			continue;
		page_w(&sim->map, pfn)->private = 0;
		sim->hugetlb.nr[nid]--;
		free_page_frame(sim, pfn, false);
		return true;
	}
	return false;
}

int hugetlb_set_pool(struct sim *sim, unsigned long nr, struct hugetlb_result *res)
{
	struct hugetlb_result local;

	if (nr > sim->map.max_pfn / HPAGE_PMD_NR + 1)
		nr = sim->map.max_pfn / HPAGE_PMD_NR + 1;	/* it stops when nodes refuse */
	if (!res)
		res = &local;
	memset(res, 0, sizeof(*res));
	res->before = hugetlb_pool_size(sim);
	/* set_max_huge_pages() (5.3+): node_alloc_noretry is new for each write */
	sim->hugetlb.noretry = 0;
	/* set_max_huge_pages(): grow one page at a time while a node gives one */
	while (hugetlb_pool_size(sim) < nr && grow_pool(sim, res))
		sim_schedule(sim);
	while (hugetlb_pool_size(sim) > nr && shrink_pool(sim))
		;
	res->after = hugetlb_pool_size(sim);
	for (int nid = 0; nid < sim->nr_nodes && nid < MAX_NUMNODES; nid++)
		res->per_node[nid] = sim->hugetlb.nr[nid];
	sim_schedule(sim);
	return 0;
}

void hugetlb_count_imported(struct sim *sim, unsigned long pfn)
{
	struct page *p = page_w(&sim->map, pfn);

	p->private = PRIVATE_HUGETLB + sim->hugetlb.seq++;
	sim->hugetlb.nr[page_zone(sim, pfn)->zone_pgdat->node_id]++;
}

const char *page_special_owner(const struct sim *sim, unsigned long pfn)
{
	const struct page *p;

	if (pfn >= sim->map.max_pfn)
		return NULL;
	p = &sim->map.pages[pfn];
	if (page_is_hugetlb(p))
		return "the hugetlb pool";
	if ((p->flags & PG_head) && p->private == PRIVATE_BOOT_KERNEL)
		return "the kernel (an imported machine's; what for is not known)";
	if ((p->flags & PG_head) && p->private >= PRIVATE_HUGETLB)
		return "a trace replay (taken for an allocation still to come)";
	return NULL;
}

/* ---- mlock ---- */

/*
 * Models: mlock_vma_page() for resident pages: PG_mlocked, NR_MLOCK,
 * unevictable_pgs_mlocked, and isolate + putback: the page moves to the
 * unevictable list (the kernel does it lazily; the effect is the same).
 */
long task_mlock(struct sim *sim, int pid, unsigned long n)
{
	struct task *t = task_lookup(sim, pid);
	unsigned long done = 0;

	if (!t)
		return sim_error(sim, -ESRCH, "no task with pid %d (see `task list`)", pid);
	if (t->flags & PF_KTHREAD)
		return sim_error(sim, -EPERM, "%s (%d) is a kernel thread: it has no user memory",
				 t->comm, t->pid);
	for (unsigned long pfn = 0; pfn < sim->map.max_pfn && done < n; pfn++) {
		const struct page *p = &sim->map.pages[pfn];

		if (p->private != (uint32_t)t->pid || (p->flags & (PG_lru | PG_unevictable |
		    PG_isolated)) != PG_lru)
			continue;
		del_page_from_lru(sim, pfn);
		page_w(&sim->map, pfn)->flags &= (uint16_t)~PG_active;
		add_page_to_lru_list(sim, pfn, LRU_UNEVICTABLE);
		mod_zone_page_state(page_zone(sim, pfn), NR_MLOCK, 1);
		count_vm_events(sim, UNEVICTABLE_PGMLOCKED, 1);
		done++;
	}
	return (long)done;
}

/* ---- SIGKILL ---- */

int task_kill(struct sim *sim, int pid)
{
	struct task *t = task_lookup(sim, pid);

	if (!t)
		return sim_error(sim, -ESRCH, "no task with pid %d (see `task list`)", pid);
	if ((t->flags & PF_KTHREAD) || pid == 1)
		return sim_error(sim, -EPERM, "%s (%d) ignores SIGKILL (%s)", t->comm, pid,
				 pid == 1 ? "init" : "a kernel thread");
	if (!t->sigkill)
		sim->nr_sigkill++;	/* the scheduler's "someone to exit" */
	t->sigkill = true;
	return 0;
}

/* ---- compaction deferred by hand ---- */

int compaction_defer_zone(struct sim *sim, int nid, int zid, int order)
{
	struct zone *z;

	if (nid < 0 || nid >= sim->nr_nodes || zid < 0 || zid >= MAX_NR_ZONES)
		return sim_error(sim, -EINVAL, "no zone %d:%d", nid, zid);
	z = &sim->node_data[nid]->node_zones[zid];
	if (!z->managed_pages)
		return sim_error(sim, -EINVAL, "node %d %s has no memory", nid, z->name);
	if (order < 0 || order >= MAX_ORDER)
		return sim_error(sim, -EINVAL, "order %d out of range (0..%d)", order, MAX_ORDER - 1);
	defer_compaction(sim, z, order);
	return 0;
}

/* ---- transparent huge pages ---- */

static const char *const enabled_names[NR_THP_ENABLED] = { "always", "madvise", "never" };
static const char *const defrag_names[NR_THP_DEFRAG] = {
	"always", "defer", "defer+madvise", "madvise", "never"
};

/* Whether this kernel's defrag file has the setting. */
static bool defrag_exists(const struct sim *sim, int d)
{
	enum thp_gfp_rule r = sim_kernel(sim)->thp_gfp;

	if (d == THP_DEFRAG_DEFER)
		return r >= THP_GFP_4_6;
	if (d == THP_DEFRAG_DEFER_MADVISE)
		return r >= THP_GFP_4_18;
	return true;
}

void thp_boot(struct sim *sim)
{
	/* the model's 4.x min_free_kbytes is khugepaged's absence: THP never;
	 * Debian's 6.1 boots with always (kernel.h: thp_min_free_kbytes) */
	sim->vm.thp_enabled = sim_kernel(sim)->thp_min_free_kbytes ? THP_ALWAYS : THP_NEVER;
	/* 4.6 made madvise the default defrag */
	sim->vm.thp_defrag = sim_kernel(sim)->thp_gfp == THP_GFP_4_5 ? THP_DEFRAG_ALWAYS :
			     THP_DEFRAG_MADVISE;
}

static int lookup_name(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

void thp_import(struct sim *sim, const char *enabled, const char *defrag)
{
	int e = enabled ? lookup_name(enabled_names, NR_THP_ENABLED, enabled) : -1;
	int d = defrag ? lookup_name(defrag_names, NR_THP_DEFRAG, defrag) : -1;

	/* the machine's min_free_kbytes already has khugepaged's raise */
	if (e >= 0)
		sim->vm.thp_enabled = (unsigned char)e;
	if (d >= 0 && defrag_exists(sim, d))
		sim->vm.thp_defrag = (unsigned char)d;
}

int thp_set(struct sim *sim, const char *enabled, const char *defrag)
{
	int e = sim->vm.thp_enabled, d = sim->vm.thp_defrag;
	char list[64] = "";

	if (enabled && (e = lookup_name(enabled_names, NR_THP_ENABLED, enabled)) < 0)
		return sim_error(sim, -EINVAL, "bad THP enabled setting '%s': accepted always, "
				 "madvise, never", enabled);
	if (defrag) {
		d = lookup_name(defrag_names, NR_THP_DEFRAG, defrag);
		if (d < 0 || !defrag_exists(sim, d)) {
			for (int i = 0; i < NR_THP_DEFRAG; i++)
				if (defrag_exists(sim, i))
					snprintf(list + strlen(list), sizeof(list) - strlen(list),
						 "%s%s", list[0] ? ", " : "", defrag_names[i]);
			return sim_error(sim, -EINVAL, "bad THP defrag setting '%s': %s accepts %s",
					 defrag, sim_kernel(sim)->release, list);
		}
	}
	/* start_stop_khugepaged(): khugepaged starting raises min_free_kbytes */
	if (sim->vm.thp_enabled == THP_NEVER && e != THP_NEVER)
		set_recommended_min_free_kbytes(sim);
	sim->vm.thp_enabled = (unsigned char)e;
	sim->vm.thp_defrag = (unsigned char)d;
	return 0;
}

void thp_show(const struct sim *sim, char *enabled, size_t elen, char *defrag, size_t dlen)
{
	size_t n = 0;

	for (int i = 0; i < NR_THP_ENABLED && n < elen; i++)
		n += (size_t)snprintf(enabled + n, elen - n, i == sim->vm.thp_enabled ? "%s[%s]" :
				      "%s%s", i ? " " : "", enabled_names[i]);
	n = 0;
	for (int i = 0; i < NR_THP_DEFRAG && n < dlen; i++)
		if (defrag_exists(sim, i))
			n += (size_t)snprintf(defrag + n, dlen - n, i == sim->vm.thp_defrag ?
					      "%s[%s]" : "%s%s", n ? " " : "", defrag_names[i]);
}

bool thp_fault_allowed(const struct sim *sim, bool madvised)
{
	return sim->vm.thp_enabled == THP_ALWAYS ||
	       (sim->vm.thp_enabled == THP_MADVISE && madvised);
}

gfp_t thp_fault_gfp(const struct sim *sim, bool madvised)
{
	/* 4.6's GFP_TRANSHUGE had no reclaim bit at all; 4.8's _LIGHT neither
	 * and no __GFP_NORETRY */
	const gfp_t th46 = (GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_NOMEMALLOC | GFP_F_NORETRY |
			    GFP_F_NOWARN) & ~GFP_F_RECLAIM;
	int d = sim->vm.thp_defrag;

	switch (sim_kernel(sim)->thp_gfp) {
	case THP_GFP_4_5:
		/* alloc_hugepage_gfpmask(transparent_hugepage_defrag(vma), 0) */
		if (d == THP_DEFRAG_ALWAYS || (d == THP_DEFRAG_MADVISE && madvised))
			return GFP_TRANSHUGE;
		return GFP_TRANSHUGE & ~GFP_F_RECLAIM;
	case THP_GFP_4_6:
		if (d == THP_DEFRAG_MADVISE && madvised)
			return th46 | GFP_F_DIRECT_RECLAIM;
		if (d == THP_DEFRAG_DEFER)
			return th46 | GFP_F_KSWAPD_RECLAIM;
		if (d == THP_DEFRAG_ALWAYS)
			return th46 | GFP_F_DIRECT_RECLAIM;
		return th46;
	case THP_GFP_4_18:
		switch (d) {
		case THP_DEFRAG_ALWAYS:
			return GFP_TRANSHUGE_LIGHT | GFP_F_DIRECT_RECLAIM |
			       (madvised ? 0 : GFP_F_NORETRY);
		case THP_DEFRAG_DEFER:
			return GFP_TRANSHUGE_LIGHT | GFP_F_KSWAPD_RECLAIM;
		case THP_DEFRAG_DEFER_MADVISE:
			return GFP_TRANSHUGE_LIGHT | (madvised ? GFP_F_DIRECT_RECLAIM :
						      GFP_F_KSWAPD_RECLAIM);
		case THP_DEFRAG_MADVISE:
			return GFP_TRANSHUGE_LIGHT | (madvised ? GFP_F_DIRECT_RECLAIM : 0);
		default:
			return GFP_TRANSHUGE_LIGHT;
		}
	}
	return GFP_TRANSHUGE_LIGHT;
}

/* A page of @pfn's pageblock, a whole anonymous THP (PB_anon_thp), is
 * being freed: the THP is no longer whole, and no longer counted (the
 * kernel's split_huge_page: NR_ANON_THPS goes down, the pages stay anon). */
void thp_page_freed(struct sim *sim, struct zone *z, unsigned long pfn)
{
	*pageblock_flags_w(&sim->map, pfn) &= (uint8_t)~PB_anon_thp;
	mod_zone_page_state(z, NR_ANON_TRANSPARENT_HUGEPAGES, -1);
}

/* One order-9 request as the current task on its own node. */
static unsigned long thp_alloc(struct sim *sim, gfp_t gfp, bool thisnode)
{
	struct alloc_request req;

	if (alloc_request_init(sim, &req, gfp | (thisnode ? GFP_F_THISNODE : 0), HPAGE_PMD_ORDER))
		return PFN_NONE;
	return alloc_run(sim, &req);
}

/*
 * Models: do_huge_pmd_anonymous_page(): the huge page from the local node
 * (alloc_pages_vma's hugepage path: __GFP_THISNODE; 5.x+ first with
 * __GFP_NORETRY, then anywhere if the mask may reclaim directly), the
 * page table to deposit, THP_FAULT_ALLOC; or THP_FAULT_FALLBACK and the
 * fault goes on at order 0. Return: true if @t got 512 pages.
 */
bool thp_fault(struct sim *sim, struct task *t, bool madvised)
{
	gfp_t gfp = thp_fault_gfp(sim, madvised);
	unsigned long pfn;
	struct zone *z;

	if (sim_kernel(sim)->thp_gfp == THP_GFP_4_18) {
		pfn = thp_alloc(sim, gfp | GFP_F_NORETRY, true);
		if (pfn == PFN_NONE && (gfp & GFP_F_DIRECT_RECLAIM) && !t->sigkill)
			pfn = thp_alloc(sim, gfp, false);
	} else {
		pfn = thp_alloc(sim, gfp, true);
	}
	if (pfn == PFN_NONE) {
		count_vm_events(sim, THP_FAULT_FALLBACK, 1);
		return false;
	}
	/* pte_alloc_one() for pgtable_trans_huge_deposit() */
	if (!task_pte_page(sim, t)) {
		free_page_frame(sim, pfn, false);
		count_vm_events(sim, THP_FAULT_FALLBACK, 1);
		return false;
	}
	t->total_vm += HPAGE_PMD_NR;
	z = page_zone(sim, pfn);
	/* page_add_new_anon_rmap() of a THP: NR_ANON_THPS (by HPAGE_PMD_NR
	 * pages since 5.13; one a THP here, printed as the kernel prints it) */
	*pageblock_flags_w(&sim->map, pfn) |= PB_anon_thp;
	mod_zone_page_state(z, NR_ANON_TRANSPARENT_HUGEPAGES, 1);
	for (unsigned long i = 0; i < HPAGE_PMD_NR; i++) {
		struct page *p = page_w(&sim->map, pfn + i);

		p->flags = PG_head | PG_young;
		p->order = 0;
		p->private = (uint32_t)t->pid;
		set_pcppage_migratetype(p, MIGRATE_MOVABLE);
		/* lru_cache_add_active_or_unevictable() (4.x), 5.9+'s
		 * lru_cache_add_inactive_or_unevictable() (swap.c) */
		lru_cache_add_new_anon(sim, pfn + i);
	}
	mod_zone_page_state(z, NR_ANON_PAGES, (long)HPAGE_PMD_NR);
	t->rss_anon += HPAGE_PMD_NR;
	count_vm_events(sim, THP_FAULT_ALLOC, 1);
	count_vm_events(sim, PGFAULT, 1);
	/* one fault, and clear_huge_page() of 2 MiB (SIMPLIFICATION: clearing
	 * the other 511 pages costed as copying them) */
	sim_charge(sim, COST_ANON_FAULT, 1);
	sim_charge(sim, COST_COPY_PAGE, HPAGE_PMD_NR - 1);
	return true;
}
