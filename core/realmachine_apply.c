/* core/realmachine_apply.c - booting the simulator into a real machine's
 * state (sim_config.real): the used pages divided as the counters divide
 * them, each zone laid out (realmachine_layout.c), the tasks that own the
 * memory; then the sysctls, and the watermarks, protection and pcp sizes
 * exactly as the machine showed them (realmachine_shown.c).
 */
#include "buddyscope/realmachine.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/buddy.h"
#include "buddyscope/kernel.h"
#include "buddyscope/sim.h"
#include "buddyscope/vmscan.h"
#include "internal.h"
#include "realmachine_apply.h"
#include "realmachine_int.h"

static long node_counter(const struct real_machine *rm, int nid, int rc)
{
	return real_node_counter(rm, nid, rc);
}

static long scaled(long v, unsigned long num, unsigned long den)
{
	if (v <= 0 || !den)
		return v < 0 ? -1 : 0;
	return (long)((unsigned long long)v * num / den);
}

static unsigned long zone_pcp(const struct real_zone *rz, int nr_cpus)
{
	unsigned long n = 0;

	for (int cpu = 0; cpu < rz->nr_pcp && cpu < nr_cpus; cpu++)
		n += (unsigned long)rz->pcp[cpu].count;
	return n;
}

/* What the node's hugetlb pool takes from zone @zid: the node's pages, from
 * its highest zone down, while they fit. */
static unsigned long zone_hugetlb(const struct real_machine *rm, int nid, int zid, int nr_cpus)
{
	long pool = node_counter(rm, nid, RC_HUGETLB);

	if (pool <= 0)
		return 0;
	for (int z = MAX_NR_ZONES - 1; z >= 0 && pool > 0; z--) {
		const struct real_zone *rz = &rm->zones[nid][z];
		long room;

		if (!rz->present)
			continue;
		room = (long)rz->managed - (long)real_zone_buddy_pages(rz) -
		       (long)zone_pcp(rz, nr_cpus);
		room = room < 0 ? 0 : room & ~((long)pageblock_nr_pages - 1);
		if (z == zid)
			return (unsigned long)(pool < room ? pool : room) / pageblock_nr_pages;
		pool -= room;
	}
	return 0;
}

struct zone_counts {
	unsigned long	used;		/* managed - free - pcp - hugetlb */
	long		lru[NR_LRU_LISTS];
	unsigned long	cat[NR_REAL_CATS];
	unsigned long	mapped, dirty, mlock;
	unsigned long	thp;		/* anonymous THPs among the anon pages */
	unsigned long	huge;		/* hugetlb pages (order 9 blocks) */
	unsigned long	pcp;
};

/*
 * Share a node's counter @v out over its zones in proportion to @w, the
 * remainder of the division to the zone with the largest weight, so that the
 * zones add up to the node exactly. @v < 0 (not given) gives -1 everywhere.
 */
static void split(long v, const unsigned long w[MAX_NR_ZONES], long out[MAX_NR_ZONES])
{
	unsigned long total = 0;
	long given = 0;
	int big = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++) {
		total += w[z];
		if (w[z] > w[big])
			big = z;
	}
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		out[z] = v < 0 ? -1 : scaled(v, w[z], total);
		given += out[z] > 0 ? out[z] : 0;
	}
	if (v > 0 && total)
		out[big] += v - given;
}

/* A counter per zone: the zone's own where zoneinfo gives it (4.x zone
 * stats, nr_zone_* LRU sizes), else the node's shared out by @w. */
static void per_zone(const struct real_machine *rm, int nid, int rc,
		     const unsigned long w[MAX_NR_ZONES], long out[MAX_NR_ZONES])
{
	split(node_counter(rm, nid, rc), w, out);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (rm->zones[nid][z].c[rc] >= 0)
			out[z] = rm->zones[nid][z].c[rc];
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (out[z] < 0)
			out[z] = 0;
}

static unsigned long min_ul(unsigned long a, unsigned long b)
{
	return a < b ? a : b;
}

/* The node's anonymous THPs (nr_anon_transparent_hugepages counts them in
 * HPAGE_PMD_NR pages each; a 4.x zoneinfo gives them per zone), shared out
 * where its anonymous pages are, never more than those pages hold. */
static void node_thps(const struct real_machine *rm, int nid, struct zone_counts zc[MAX_NR_ZONES])
{
	long pages = node_counter(rm, nid, RC_ANON_THP), out[MAX_NR_ZONES];
	unsigned long w[MAX_NR_ZONES];

	for (int z = 0; z < MAX_NR_ZONES; z++)
		w[z] = zc[z].cat[CAT_ANON];
	split(pages < 0 ? -1 : pages / (long)pageblock_nr_pages, w, out);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		long zone_pages = rm->zones[nid][z].c[RC_ANON_THP];

		if (zone_pages >= 0)
			out[z] = zone_pages / (long)pageblock_nr_pages;
		zc[z].thp = out[z] > 0 ? min_ul((unsigned long)out[z],
						  zc[z].cat[CAT_ANON] / pageblock_nr_pages) : 0;
	}
}

/* How the used pages of each zone of node @nid divide. */
static void node_counts(const struct real_machine *rm, int nid, int nr_cpus,
			struct zone_counts zc[MAX_NR_ZONES])
{
	static const int lru_rc[NR_LRU_LISTS] = { RC_INACTIVE_ANON, RC_ACTIVE_ANON, RC_INACTIVE_FILE,
						  RC_ACTIVE_FILE, RC_UNEVICTABLE };
	static const int kc[] = { RC_SLAB_R, RC_SLAB_U, RC_PAGETABLE, RC_KSTACK };
	static const int kcat[] = { CAT_SLAB_R, CAT_SLAB_U, CAT_PAGETABLE, CAT_KSTACK };
	unsigned long used[MAX_NR_ZONES] = { 0 }, room[MAX_NR_ZONES] = { 0 };
	long v[MAX_NR_ZONES];

	memset(zc, 0, sizeof(*zc) * MAX_NR_ZONES);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		const struct real_zone *r = &rm->zones[nid][z];
		long u;

		if (!r->present)
			continue;
		zc[z].huge = zone_hugetlb(rm, nid, z, nr_cpus);
		zc[z].pcp = zone_pcp(r, nr_cpus);
		u = (long)r->managed - (long)real_zone_buddy_pages(r) - (long)zc[z].pcp -
		    (long)(zc[z].huge * pageblock_nr_pages);
		zc[z].used = used[z] = u > 0 ? (unsigned long)u : 0;
	}
	for (int l = 0; l < NR_LRU_LISTS; l++) {
		per_zone(rm, nid, lru_rc[l], used, v);
		for (int z = 0; z < MAX_NR_ZONES; z++)
			zc[z].lru[l] = v[z];
	}
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long sum = 0;

		for (int l = 0; l < NR_LRU_LISTS; l++)
			sum += (unsigned long)zc[z].lru[l];
		if (sum > used[z]) {	/* counters read at other moments than the lists */
			for (int l = 0; l < NR_LRU_LISTS; l++)
				zc[z].lru[l] = scaled(zc[z].lru[l], used[z], sum);
			sum = 0;
			for (int l = 0; l < NR_LRU_LISTS; l++)
				sum += (unsigned long)zc[z].lru[l];
		}
		room[z] = used[z] - sum;
	}
	/* the kernel's pages go where the LRU left room */
	for (size_t i = 0; i < sizeof(kc) / sizeof(kc[0]); i++) {
		per_zone(rm, nid, kc[i], room, v);
		for (int z = 0; z < MAX_NR_ZONES; z++)
			zc[z].cat[kcat[i]] = (unsigned long)v[z];
	}
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		unsigned long ksum = 0, lru_anon, lru_file;

		for (size_t i = 0; i < sizeof(kcat) / sizeof(kcat[0]); i++)
			ksum += zc[z].cat[kcat[i]];
		if (ksum > room[z]) {
			for (size_t i = 0; i < sizeof(kcat) / sizeof(kcat[0]); i++)
				zc[z].cat[kcat[i]] = (unsigned long)scaled((long)zc[z].cat[kcat[i]],
									   room[z], ksum);
			ksum = 0;
			for (size_t i = 0; i < sizeof(kcat) / sizeof(kcat[0]); i++)
				ksum += zc[z].cat[kcat[i]];
		}
		zc[z].cat[CAT_KERNEL] = room[z] - ksum;
		lru_anon = (unsigned long)(zc[z].lru[LRU_ACTIVE_ANON] + zc[z].lru[LRU_INACTIVE_ANON]);
		lru_file = (unsigned long)(zc[z].lru[LRU_ACTIVE_FILE] + zc[z].lru[LRU_INACTIVE_FILE]);
		zc[z].cat[CAT_UNEVICTABLE] = (unsigned long)zc[z].lru[LRU_UNEVICTABLE];
		zc[z].cat[CAT_ANON] = lru_anon;		/* until nr_anon_pages says less */
		zc[z].cat[CAT_FILE] = lru_file;
	}
	/* anon LRU pages that no task maps are shmem; the block device's cache
	 * (Buffers) is part of the file LRU. A node's nr_anon_pages is shared
	 * out as its anon LRU is (where the anonymous pages are), not as its
	 * used pages are: a zone's LRU then holds its share, and the rest of
	 * the anon LRU is the node's shmem */
	{
		unsigned long anon_lru[MAX_NR_ZONES];

		for (int z = 0; z < MAX_NR_ZONES; z++)
			anon_lru[z] = zc[z].cat[CAT_ANON];
		per_zone(rm, nid, RC_ANON, anon_lru, v);
	}
	if (node_counter(rm, nid, RC_ANON) >= 0)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			unsigned long a = min_ul((unsigned long)v[z], zc[z].cat[CAT_ANON]);

			zc[z].cat[CAT_SHMEM] = zc[z].cat[CAT_ANON] - a;
			zc[z].cat[CAT_ANON] = a;
		}
	node_thps(rm, nid, zc);
	per_zone(rm, nid, RC_BUFFERS, used, v);
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		zc[z].cat[CAT_BUFFERS] = min_ul((unsigned long)v[z], zc[z].cat[CAT_FILE]);
		zc[z].cat[CAT_FILE] -= zc[z].cat[CAT_BUFFERS];
	}
	per_zone(rm, nid, RC_MAPPED, used, v);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		zc[z].mapped = (unsigned long)v[z];
	per_zone(rm, nid, RC_DIRTY, used, v);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		zc[z].dirty = (unsigned long)v[z];
	per_zone(rm, nid, RC_MLOCK, used, v);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		zc[z].mlock = (unsigned long)v[z];
}

/* ---- owners: the tasks the used pages belong to ---- */

struct owners {
	struct task	*t[REAL_MAX_TASKS];
	unsigned long	anon_left[REAL_MAX_TASKS];	/* rss still to give */
	unsigned long	pt_left[REAL_MAX_TASKS];
	int		n, cur_anon, cur_pt;
};

/* A kernel log's task table gives the tasks and their sizes; a /proc
 * snapshot does not, so one task stands for all of user space. */
static void make_owners(struct sim *sim, const struct real_machine *rm, struct owners *ow)
{
	memset(ow, 0, sizeof(*ow));
	for (int i = 0; i < rm->nr_tasks && ow->n < MAX_TASKS - 16; i++) {
		const struct real_task *rt = &rm->tasks[i];
		struct task *t = task_new_pid(sim, rt->pid, rt->comm, rt->oom_score_adj);

		if (!t)
			break;
		ow->t[ow->n] = t;
		ow->anon_left[ow->n] = rt->rss;
		ow->pt_left[ow->n] = rt->pgtables;
		t->total_vm = rt->total_vm > rt->rss ? rt->total_vm - rt->rss : 0;
		ow->n++;
	}
	if (!ow->n) {
		struct task *t = task_new_pid(sim, 0, "userspace", 0);

		if (t) {
			ow->t[0] = t;
			ow->anon_left[0] = ow->pt_left[0] = (unsigned long)-1;
			ow->n = 1;
		}
	}
}

static struct task *owner_of(struct owners *ow, bool pt)
{
	int *cur = pt ? &ow->cur_pt : &ow->cur_anon;
	unsigned long *left = pt ? ow->pt_left : ow->anon_left;

	while (*cur < ow->n && !left[*cur])
		(*cur)++;
	if (*cur >= ow->n)
		return NULL;
	left[*cur]--;
	return ow->t[*cur];
}

/* ---- committing a zone's layout to the pages ---- */

struct commit {
	struct sim	*sim;
	struct zone	*z;
	struct owners	*ow;
	struct zone_counts *zc;
	const struct real_zone *rz;
	long		active_anon, active_file, mapped, dirty, mlock;
	int		pcp_cpu, pcp_left;
};

static void commit_used(struct commit *c, unsigned long pfn, int cat)
{
	struct page *p = page_w(&c->sim->map, pfn);
	struct zone *z = c->z;
	struct task *t;

	p->flags = PG_head;
	p->order = 0;
	p->private = PRIVATE_BOOT_KERNEL;
	/* the migratetype it was allocated with, as shrink_slab reads it:
	 * reclaimable slab (unless reclaim had already failed to free it),
	 * movable user pages, the rest unmovable (block-device cache too) */
	set_pcppage_migratetype(p, cat == CAT_SLAB_R && !c->sim->cfg.real->slab_pinned ?
				MIGRATE_RECLAIMABLE :
				cat == CAT_ANON || cat == CAT_SHMEM || cat == CAT_UNEVICTABLE ||
				cat == CAT_FILE ? MIGRATE_MOVABLE : MIGRATE_UNMOVABLE);
	switch (cat) {
	case CAT_ANON:
	case CAT_SHMEM:
	case CAT_UNEVICTABLE:
		t = cat == CAT_SHMEM ? NULL : owner_of(c->ow, false);
		p->private = t ? (uint32_t)t->pid : 0;
		if (cat == CAT_UNEVICTABLE) {
			add_page_to_lru_list(c->sim, pfn, LRU_UNEVICTABLE);
			p->flags |= PG_swapbacked;
			if (c->mlock-- > 0)
				mod_zone_page_state(z, NR_MLOCK, 1);
		} else {
			add_page_to_lru_list(c->sim, pfn, c->active_anon-- > 0 ? LRU_ACTIVE_ANON :
					     LRU_INACTIVE_ANON);
		}
		if (cat == CAT_SHMEM) {
			mod_zone_page_state(z, NR_SHMEM, 1);
			mod_zone_page_state(z, NR_FILE_PAGES, 1);
		} else {
			mod_zone_page_state(z, NR_ANON_PAGES, 1);
		}
		if (t) {
			t->rss_anon++;
			t->total_vm++;
		}
		break;
	case CAT_FILE:
	case CAT_BUFFERS:
		add_page_to_lru_list(c->sim, pfn, c->active_file-- > 0 ? LRU_ACTIVE_FILE :
				     LRU_INACTIVE_FILE);
		mod_zone_page_state(z, NR_FILE_PAGES, 1);
		p->private = 0;
		if (c->mapped > 0 && cat == CAT_FILE && (t = owner_of(c->ow, false)) != NULL) {
			c->mapped--;
			p->private = (uint32_t)t->pid;
			t->rss_file++;
			t->total_vm++;
			mod_zone_page_state(z, NR_FILE_MAPPED, 1);
		}
		if (c->dirty-- > 0) {
			p->flags |= PG_dirty;
			mod_zone_page_state(z, NR_FILE_DIRTY, 1);
		}
		break;
	case CAT_SLAB_R:
	case CAT_SLAB_U:
		p->flags |= PG_slab;
		p->private = 0;	/* as kernel_slab_alloc() leaves it */
		slab_page_added(c->sim, pfn);
		mod_zone_page_state(z, cat == CAT_SLAB_R ? NR_SLAB_RECLAIMABLE : NR_SLAB_UNRECLAIMABLE, 1);
		break;
	case CAT_PAGETABLE:
		t = owner_of(c->ow, true);
		if (t) {
			p->private = (uint32_t)t->pid;
			t->nr_ptes++;
		}
		mod_zone_page_state(z, NR_PAGETABLE, 1);
		break;
	default:
		break;
	}
}

static void commit_pcp(struct commit *c, unsigned long pfn, int pbtype)
{
	struct page *p = page_w(&c->sim->map, pfn);
	struct per_cpu_pages *pcp;
	int mt = pbtype < MIGRATE_PCPTYPES ? pbtype : MIGRATE_MOVABLE;

	while (c->pcp_left <= 0 && c->pcp_cpu + 1 < c->sim->nr_cpus) {
		c->pcp_cpu++;
		c->pcp_left = c->pcp_cpu < c->rz->nr_pcp ? c->rz->pcp[c->pcp_cpu].count : 0;
	}
	c->pcp_left--;
	pcp = &c->z->pageset[c->pcp_cpu];
	p->flags = PG_pcp;
	set_pcppage_migratetype(p, (unsigned int)mt);
	list_add_tail(&c->sim->map, (uint32_t)pfn, pcp->lists[mt]);
	pcp->count++;
}

static void commit_zone(struct commit *c, struct lay *L)
{
	struct sim *sim = c->sim;

	for (unsigned long pb = 0; pb < L->nr_pb; pb++) {
		unsigned long pfn = (pb + L->first_pb) << pageblock_order;

		*pageblock_flags_w(&sim->map, pfn) = 0;
		set_pageblock_migratetype(sim, pfn, real_layout_pbtype(L, pfn));
		if (real_layout_nomap(L, pfn))
			*pageblock_flags_w(&sim->map, pfn) |= PB_nomap;
	}
	c->pcp_cpu = -1;
	c->pcp_left = 0;
	for (unsigned long pfn = L->start; pfn < L->end; pfn++) {
		struct page *p = page_w(&sim->map, pfn);
		int order = 0, mt = 0;

		switch (real_layout_kind(L, pfn, &order, &mt)) {
		case LAY_HOLE:
			*p = (struct page){ .flags = PG_nomem, .zone_mt = zone_mt_of(ZONE_ID_NONE) };
			break;
		case LAY_RESV:
			*p = (struct page){ .flags = PG_reserved, .zone_mt = zone_mt_of(c->z->id) };
			break;
		case LAY_INSIDE:
			*p = (struct page){ .zone_mt = zone_mt_of(c->z->id) };
			break;
		case LAY_FREE:
			*p = (struct page){ .zone_mt = zone_mt_of(c->z->id) };
			free_one_page(sim, c->z, pfn, (unsigned int)order, mt);
			break;
		case LAY_PCP:
			*p = (struct page){ .zone_mt = zone_mt_of(c->z->id) };
			commit_pcp(c, pfn, real_layout_pbtype(L, pfn));
			break;
		case LAY_HUGE:
			*p = (struct page){ .flags = PG_head, .order = pageblock_order,
					    .zone_mt = zone_mt_of(c->z->id) };
			set_pcppage_migratetype(p, MIGRATE_MOVABLE);
			hugetlb_count_imported(sim, pfn);
			break;
		case LAY_USED:
			*p = (struct page){ .zone_mt = zone_mt_of(c->z->id) };
			commit_used(c, pfn, order);
			break;
		}
	}
	c->z->nr_reserved_highatomic = 0;
	for (unsigned long pfn = L->start & ~(pageblock_nr_pages - 1); pfn < L->end;
	     pfn += pageblock_nr_pages)
		if (get_pfnblock_migratetype(sim, pfn) == MIGRATE_HIGHATOMIC)
			c->z->nr_reserved_highatomic += pageblock_nr_pages;
	/* NR_KERNEL_STACK counts 16 KiB stacks (v4.5) */
	c->z->vm_stat[NR_KERNEL_STACK] = (long)(c->zc->cat[CAT_KSTACK] / 4);
	/* SIMPLIFICATION: an anonymous THP is HPAGE_PMD_NR order-0 anon pages
	 * here (as the model's own THP faults leave them); the count is the
	 * file's, and nothing later changes it: the file does not say which
	 * pages are the THPs', so no pageblock gets PB_anon_thp (the model's
	 * own THP faults add to the count and their frees take away) */
	c->z->vm_stat[NR_ANON_TRANSPARENT_HUGEPAGES] = (long)c->zc->thp;
}

static int apply_zone(struct sim *sim, const struct real_machine *rm, int nid, int zid,
		      const struct zone_counts *counts, struct owners *ow)
{
	struct zone *z = &sim->node_data[nid]->node_zones[zid];
	const struct real_zone *rz = &rm->zones[nid][zid];
	struct zone_counts zc = counts[zid];
	struct lay L;
	struct commit c;
	int ret;

	if (!z->present_pages)
		return 0;
	memset(&L, 0, sizeof(L));
	L.sim = sim;
	L.zone = z;
	L.rm = rm;
	L.huge_pages = zc.huge;
	L.pcp_pages = zc.pcp;
	memcpy(L.cat, zc.cat, sizeof(L.cat));
	ret = real_layout_zone(&L, rz);
	if (!ret) {
		c = (struct commit){ .sim = sim, .z = z, .ow = ow, .zc = &zc, .rz = rz,
				     .active_anon = zc.lru[LRU_ACTIVE_ANON],
				     .active_file = zc.lru[LRU_ACTIVE_FILE],
				     .mapped = (long)zc.mapped, .dirty = (long)zc.dirty,
				     .mlock = (long)zc.mlock };
		commit_zone(&c, &L);
	}
	real_layout_release(&L);
	return ret;
}

/*
 * SIMPLIFICATION: NR_FILE_MAPPED counts mapped shmem and tmpfs pages as the
 * kernel does, but here a task maps only page cache and its own anon pages:
 * the node's nr_mapped beyond the page cache given a task is counted on its
 * zones' shmem pages, as many as they have, and nothing later changes that
 * part of the count.
 */
static void mapped_shmem(struct sim *sim, const struct real_machine *rm, int nid)
{
	long rest = node_counter(rm, nid, RC_MAPPED);

	for (int zid = 0; zid < MAX_NR_ZONES && rest > 0; zid++)
		rest -= (long)zone_page_state(&sim->node_data[nid]->node_zones[zid], NR_FILE_MAPPED);
	for (int zid = MAX_NR_ZONES - 1; zid >= 0 && rest > 0; zid--) {
		struct zone *z = &sim->node_data[nid]->node_zones[zid];
		long add = (long)zone_page_state(z, NR_SHMEM);

		add = add < rest ? add : rest;
		mod_zone_page_state(z, NR_FILE_MAPPED, add);
		rest -= add;
	}
}

int realmachine_apply(struct sim *sim)
{
	const struct real_machine *rm = sim->cfg.real;
	struct owners *ow = calloc(1, sizeof(*ow));
	int ret = 0;

	if (!ow)
		return -ENOMEM;
	make_owners(sim, rm, ow);
	for (int nid = 0; nid < sim->nr_nodes && !ret; nid++) {
		struct zone_counts zc[MAX_NR_ZONES];

		node_counts(rm, nid, sim->nr_cpus, zc);
		for (int zid = 0; zid < MAX_NR_ZONES && !ret; zid++)
			ret = apply_zone(sim, rm, nid, zid, zc, ow);
		if (!ret)
			mapped_shmem(sim, rm, nid);
	}
	free(ow);
	if (ret)
		return ret;
	real_apply_sysctls(sim, rm);
	thp_import(sim, rm->thp_enabled[0] ? rm->thp_enabled : NULL,
		   rm->thp_defrag[0] ? rm->thp_defrag : NULL);
	real_apply_as_shown(sim, rm);
	return 0;
}
