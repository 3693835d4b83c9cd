/* core/mm_init.c - booting a machine: its page records, zones, zonelists
 * and free lists. Models the boot-time parts of mm/page_alloc.c (v4.5; 6.x
 * moved them to mm/mm_init.c): memmap_init_zone, build_all_zonelists /
 * build_zonelists_node, free_area_init, and the memblock hand-over of free
 * memory (__free_pages_memory).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/buddy.h"
#include "compaction_internal.h"
#include "internal.h"

/* list heads per zone: free lists, then pcp lists per cpu, then LRU lists */
#define NR_LRU_HEADS		8
#define ZONE_HEADS(ncpu)	(MAX_ORDER * MIGRATE_TYPES + (ncpu) * NR_PCP_LISTS + NR_LRU_HEADS)
/* ... and per node under LRU_OWNER_NODE: its LRU lists and a scratch list */
#define NODE_LRU_HEADS		(NR_LRU_LISTS + 1)

/*
 * Models: build_zonelists() in node order (the 64-bit default) and
 * build_zonelists_node(): nearest node first, and within a node the
 * populated zones from the highest type down, so Normal falls back to
 * DMA32 and then DMA. ZONELIST_NOFALLBACK holds the local node only.
 */
static void build_zonelists(struct sim *sim, struct pglist_data *pgdat)
{
	const struct machine_desc *m = &sim->cfg.machine;
	int order[MAX_NUMNODES], n = 0, local = pgdat->node_id;
	struct zoneref *zr;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		order[n++] = nid;
	/* find_next_best_node(): by distance, then node id */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0; j--) {
			int a = order[j - 1], b = order[j];

			if (m->distance[local][a] > m->distance[local][b] ||
			    (m->distance[local][a] == m->distance[local][b] && a > b)) {
				order[j - 1] = b;
				order[j] = a;
			}
		}
	zr = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	for (int i = 0; i < n; i++)
		for (int zid = MAX_NR_ZONES - 1; zid >= 0; zid--) {
			struct zone *z = &sim->node_data[order[i]]->node_zones[zid];

			if (populated_zone(z)) {
				zr->zone = z;
				zr->zone_idx = zid;
				zr++;
			}
		}
	zr->zone = NULL;
	zr = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
	for (int zid = MAX_NR_ZONES - 1; zid >= 0; zid--) {
		struct zone *z = &pgdat->node_zones[zid];

		if (populated_zone(z)) {
			zr->zone = z;
			zr->zone_idx = zid;
			zr++;
		}
	}
	zr->zone = NULL;
}

size_t sim_pageblock_bytes(const struct sim *sim)
{
	return (sim->map.max_pfn >> pageblock_order) + 1;
}

/*
 * Time travel (buddyscope/snapshot.h): the big arrays are tracked chunk by
 * chunk, the rest of the state is copied whole at each checkpoint. New
 * engine state that is not a fixed-size field of struct sim, pglist_data,
 * zone or task must be registered here, or `back` forgets it.
 */
int sim_track_arrays(struct sim *sim)
{
	sim->snap = snapshot_create(sim);
	if (!sim->snap)
		return -ENOMEM;
	sim->map.pages_rgn = snapshot_track(sim, "pages", (void *)sim->map.pages,
					    sim->map.max_pfn * sizeof(struct page));
	sim->map.pageblock_rgn = snapshot_track(sim, "pageblock_flags",
						(void *)sim->map.pageblock_flags,
						sim_pageblock_bytes(sim));
	sim->trace.rgn = snapshot_track(sim, "trace ring", sim->trace.ev,
					TRACE_RING_SIZE * sizeof(struct trace_event));
	sim->dmesg.rgn = snapshot_track(sim, "kernel log", sim->dmesg.lines,
					(size_t)DMESG_LINES * DMESG_LINE_LEN);
	sim->tbuf.rgn = snapshot_track(sim, "trace buffer", sim->tbuf.ev,
				       TRACE_BUFFER_SIZE * sizeof(struct trace_event));
	sim->sampling.rgn = snapshot_track(sim, "samples", sim->sampling.samples,
					  SAMPLES_LEN * sizeof(struct sample));
	if (!sim->map.pages_rgn || !sim->map.pageblock_rgn || !sim->trace.rgn || !sim->dmesg.rgn ||
	    !sim->tbuf.rgn || !sim->sampling.rgn)
		return -ENOMEM;
	sim->map.pages_saved = sim->map.pages_rgn->saved;
	return 0;
}

/* The small state, copied whole: struct sim but its error message (not
 * state: a failed command leaves one behind), every node with its zones and
 * kthreads, the pagesets and the list heads. */
int sim_track_small(struct sim *sim)
{
	size_t tail = offsetof(struct sim, errmsg) + sizeof(sim->errmsg);
	int err;

	err = snapshot_keep_whole(sim, "sim", sim, offsetof(struct sim, errmsg));
	err = err ? err : snapshot_keep_whole(sim, "sim tail", (char *)sim + tail,
					      sizeof(*sim) - tail);
	err = err ? err : snapshot_keep_whole(sim, "list heads", sim->map.heads,
					      sim->map.nr_heads * sizeof(struct list_link));
	for (int nid = 0; nid < sim->nr_nodes && !err; nid++) {
		struct pglist_data *pgdat = sim->node_data[nid];

		err = snapshot_keep_whole(sim, "node", pgdat, sizeof(*pgdat));
		for (int zid = 0; zid < MAX_NR_ZONES && !err; zid++)
			err = snapshot_keep_whole(sim, "pageset", pgdat->node_zones[zid].pageset,
						  (size_t)sim->nr_cpus * sizeof(struct per_cpu_pages));
	}
	return err;
}

static int alloc_memmap(struct sim *sim)
{
	const struct machine_desc *m = &sim->cfg.machine;
	unsigned long max_pfn = 0;
	int nzones = sim->nr_nodes * MAX_NR_ZONES;
	struct page *pages;

	for (int nid = 0; nid < m->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone_desc *zd = &m->nodes[nid].zones[zid];

			if (zd->spanned && zd->start_pfn + zd->spanned > max_pfn)
				max_pfn = zd->start_pfn + zd->spanned;
		}
	sim->map.max_pfn = max_pfn;
	pages = pagemem_alloc(max_pfn * sizeof(struct page));
	sim->map.pages = pages;
	sim->map.nr_heads = (uint32_t)(nzones * ZONE_HEADS(sim->nr_cpus));
	/* 4.8+: each node's lruvec has its own LRU heads, after the zones' */
	if (sim->kernel->lru_owner == LRU_OWNER_NODE)
		sim->map.nr_heads += (uint32_t)(sim->nr_nodes * NODE_LRU_HEADS);
	sim->map.heads = calloc(sim->map.nr_heads, sizeof(struct list_link));
	sim->map.pageblock_flags = calloc(sim_pageblock_bytes(sim), 1);
	if (!pages || !sim->map.heads || !sim->map.pageblock_flags)
		return -ENOMEM;
	return sim_track_arrays(sim);	/* the records: init_zone(), then init_holes() */
}

/* @n records the same as @v: one 16-byte store each, four a round (the
 * records of a large machine are written at memory speed). Records that
 * are all zero bytes are not written at all: pagemem_alloc() gives zeroed
 * memory, fresh from the host for a large machine, whose pages the host
 * maps only when first touched (for the idle Normal zone of node 0: most
 * of the records, see ZONE_ID_XOR). */
static void fill_pages(struct page *p, unsigned long n, struct page v)
{
	static const struct page zero;
	unsigned long i = 0;

	if (!memcmp(&v, &zero, sizeof(v)))
		return;

	for (; i + 4 <= n; i += 4) {
		p[i] = v;
		p[i + 1] = v;
		p[i + 2] = v;
		p[i + 3] = v;
	}
	for (; i < n; i++)
		p[i] = v;
}

/*
 * Models: free_area_init_core() + memmap_init_zone() for one zone: page
 * records get their zone, reserved pages their flag, and every pageblock
 * that starts inside the zone is marked MOVABLE (so a zone starting at pfn 1
 * keeps its first pageblock UNMOVABLE, as DMA does on real machines).
 */
/* The id of zone (@nid, @zid) in struct page's 5 bits: the zones with
 * present pages first, in node and zone order, then the empty ones (which
 * no page record names). machine_check() keeps the first under
 * ZONE_ID_NONE. On a machine whose nodes all have DMA..Movable this is
 * nid * MAX_NR_ZONES + zid, as it always was. */
static uint8_t zone_id_of(const struct machine_desc *m, int nid, int zid)
{
	int populated = 0, before = 0, empty_before = 0;
	bool has = m->nodes[nid].zones[zid].present != 0;

	for (int n = 0; n < m->nr_nodes; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			bool p = m->nodes[n].zones[z].present != 0;

			populated += p;
			if (n * MAX_NR_ZONES + z < nid * MAX_NR_ZONES + zid) {
				before += p;
				empty_before += !p;
			}
		}
	return (uint8_t)(has ? before : populated + empty_before);
}

/* The machine's CMA area (cma=SIZE), if it has one in zone (@nid, @zid). */
static bool cma_area_in(const struct sim *sim, int nid, int zid, unsigned long *start,
			unsigned long *pages)
{
	int cnid, czid;

	return !sim_cma_area(sim, &cnid, &czid, start, pages) && cnid == nid && czid == zid;
}

/*
 * Models: cma_activate_area() -> init_cma_reserved_pageblock() for each
 * pageblock of the area: it becomes MIGRATE_CMA and the zone counts its
 * pages in cma_pages (/proc/zoneinfo "cma"); free_boot_range() then frees
 * them onto the CMA lists (NR_FREE_CMA_PAGES).
 * SIMPLIFICATION: the pages go to the buddy allocator with the rest of boot,
 * not from memblock-reserved later (core_initcall); the zone's managed count
 * is the same either way.
 */
static void cma_reserve(struct sim *sim, int nid, int zid, struct zone *z)
{
	unsigned long start, pages;

	if (!cma_area_in(sim, nid, zid, &start, &pages))
		return;
	for (unsigned long pfn = start; pfn < start + pages; pfn += pageblock_nr_pages)
		*pageblock_flags_w(&sim->map, pfn) = MIGRATE_CMA;
	z->cma_pages = pages;
}

static void init_zone(struct sim *sim, struct pglist_data *pgdat, int zid, uint32_t *next_head)
{
	const struct zone_desc *zd = &sim->cfg.machine.nodes[pgdat->node_id].zones[zid];
	struct zone *z = &pgdat->node_zones[zid];
	unsigned long reserved = zd->present - zd->managed;

	z->zone_pgdat = pgdat;
	z->map = &sim->map;
	z->name = zone_names[zid];
	z->zid = (uint8_t)zid;
	z->id = zone_id_of(&sim->cfg.machine, pgdat->node_id, zid);
	z->zone_start_pfn = zd->spanned ? zd->start_pfn : 0;
	z->spanned_pages = zd->spanned;
	z->present_pages = zd->present;
	z->managed_pages = zd->managed;
	z->nr_cpus = sim->nr_cpus;
	sim->zone_by_id[z->id] = z;
	for (int o = 0; o < MAX_ORDER; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			z->free_area[o].free_list[mt] = LIST_HEAD_BIT | (*next_head)++;
			list_init(&sim->map, z->free_area[o].free_list[mt]);
		}
	for (int cpu = 0; cpu < sim->nr_cpus; cpu++)
		for (int i = 0; i < NR_PCP_LISTS; i++) {
			z->pageset[cpu].lists[i] = LIST_HEAD_BIT | (*next_head)++;
			list_init(&sim->map, z->pageset[cpu].lists[i]);
		}
	for (int lru = 0; lru < NR_LRU_LISTS; lru++) {
		z->lru[lru] = LIST_HEAD_BIT | (*next_head)++;
		list_init(&sim->map, z->lru[lru]);
	}
	/* 4.8+ (kernel.h lru_owner): the zone's pages go on the node's lists */
	if (sim->kernel->lru_owner == LRU_OWNER_NODE)
		for (int lru = 0; lru < NR_LRU_LISTS; lru++)
			z->lru[lru] = pgdat->lru[lru];
	*next_head += NR_LRU_HEADS - NR_LRU_LISTS;
	/* the scanners start at the two ends: where compact_zone() puts them
	 * when it finds the boot-time zeros out of the zone */
	z->compact_cached_migrate_pfn[0] = z->compact_cached_migrate_pfn[1] = z->zone_start_pfn;
	z->compact_cached_free_pfn = zd->spanned ? compact_free_pfn_start(sim, z, PFN_NONE) : 0;
	{	/* calculate_zone_inactive_ratio() */
		unsigned long gb = z->managed_pages >> (30 - PAGE_SHIFT);

		z->inactive_ratio = gb ? (unsigned int)int_sqrt(10 * gb) : 1;
	}
	/* boot writes every record once, before any checkpoint: no barrier */
	if (reserved > zd->present)
		reserved = zd->present;
	fill_pages((struct page *)sim->map.pages + zd->start_pfn, reserved,
		   (struct page){ .flags = PG_reserved, .zone_mt = zone_mt_of(z->id) });
	fill_pages((struct page *)sim->map.pages + zd->start_pfn + reserved, zd->present - reserved,
		   (struct page){ .zone_mt = zone_mt_of(z->id) });
	for (unsigned long pfn = (zd->start_pfn + pageblock_nr_pages - 1) & ~(pageblock_nr_pages - 1);
	     pfn < zd->start_pfn + zd->spanned; pfn += pageblock_nr_pages)
		*pageblock_flags_w(&sim->map, pfn) = MIGRATE_MOVABLE;
	cma_reserve(sim, pgdat->node_id, zid, z);
}

/* Every pfn no zone has present: a hole (PG_nomem, no zone). Each record
 * is written once at boot: init_zone() the present ones, this the rest. */
static void init_holes(struct sim *sim)
{
	const struct machine_desc *m = &sim->cfg.machine;
	struct page *pages = (struct page *)sim->map.pages;
	unsigned long pfn = 0;

	while (pfn < sim->map.max_pfn) {
		unsigned long next = sim->map.max_pfn;	/* the next present range */
		unsigned long end = 0;

		for (int nid = 0; nid < m->nr_nodes; nid++)
			for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
				const struct zone_desc *zd = &m->nodes[nid].zones[zid];

				if (zd->present && zd->start_pfn + zd->present > pfn &&
				    zd->start_pfn < next) {
					next = zd->start_pfn > pfn ? zd->start_pfn : pfn;
					end = zd->start_pfn + zd->present;
				}
			}
		fill_pages(pages + pfn, next - pfn,
			   (struct page){ .flags = PG_nomem, .zone_mt = zone_mt_of(ZONE_ID_NONE) });
		pfn = end > next ? end : sim->map.max_pfn;
	}
}

static void set_defaults(struct sim *sim)
{
	struct sysctl_vm *vm = &sim->vm;

	memset(vm, 0, sizeof(*vm));
	vm->user_min_free_kbytes = -1;
	vm->watermark_scale_factor = 10;
	/* sysctl_lowmem_reserve_ratio[] of the kernel that runs */
	memcpy(vm->lowmem_reserve_ratio, sim_kernel(sim)->lowmem_reserve_ratio,
	       sizeof(vm->lowmem_reserve_ratio));
	vm->watermark_boost_factor = 15000;
	vm->compaction_proactiveness = 20;
	vm->extfrag_threshold = 500;
	vm->dirty_ratio = 20;
	vm->dirty_background_ratio = 10;
	vm->swappiness = 60;
	vm->oom_dump_tasks = 1;
}

int mm_init_boot(struct sim *sim)
{
	const struct machine_desc *m = &sim->cfg.machine;
	uint32_t next_head = 0;
	unsigned long total = 0;
	int err;

	sim->nr_nodes = m->nr_nodes;
	sim->nr_cpus = 0;
	for (int nid = 0; nid < m->nr_nodes; nid++)
		for (int i = 0; i < m->nodes[nid].nr_cpus; i++)
			sim->cpu_to_node[sim->nr_cpus++] = nid;
	err = alloc_memmap(sim);
	if (err)
		return err;
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct pglist_data *pgdat = calloc(1, sizeof(*pgdat));

		if (!pgdat)
			return -ENOMEM;
		sim->node_data[nid] = pgdat;
		pgdat->node_id = nid;
		/* Models: lruvec_init() of the node's lruvec (4.8+): its heads
		 * follow every zone's (alloc_memmap) */
		if (sim->kernel->lru_owner == LRU_OWNER_NODE)
			for (int lru = 0; lru < NODE_LRU_HEADS; lru++) {
				uint32_t id = LIST_HEAD_BIT | (uint32_t)(m->nr_nodes * MAX_NR_ZONES *
					ZONE_HEADS(sim->nr_cpus) + nid * NODE_LRU_HEADS + lru);

				if (lru < NR_LRU_LISTS)
					pgdat->lru[lru] = id;
				else
					pgdat->lru_skipped = id;
				list_init(&sim->map, id);
			}
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			pgdat->node_zones[zid].pageset =
				calloc((size_t)sim->nr_cpus, sizeof(struct per_cpu_pages));
			if (!pgdat->node_zones[zid].pageset)
				return -ENOMEM;
		}
	}
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct pglist_data *pgdat = sim->node_data[nid];
		unsigned long start = PFN_NONE, end = 0;

		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone_desc *zd = &m->nodes[nid].zones[zid];

			init_zone(sim, pgdat, zid, &next_head);
			if (!zd->spanned)
				continue;
			if (zd->present)
				pgdat->nr_zones = zid + 1;
			if (zd->start_pfn < start)
				start = zd->start_pfn;
			if (zd->start_pfn + zd->spanned > end)
				end = zd->start_pfn + zd->spanned;
			pgdat->node_present_pages += zd->present;
			total += zd->managed;
		}
		pgdat->node_start_pfn = start == PFN_NONE ? 0 : start;
		pgdat->node_spanned_pages = end > pgdat->node_start_pfn ? end - pgdat->node_start_pfn : 0;
	}
	init_holes(sim);
	for (int nid = 0; nid < m->nr_nodes; nid++)
		build_zonelists(sim, sim->node_data[nid]);
	/* build_all_zonelists(): too little memory to group by mobility */
	sim->page_group_by_mobility_disabled = total < pageblock_nr_pages * MIGRATE_TYPES;
	for (int nid = 0; nid < m->nr_nodes && !sim->cfg.real; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone_desc *zd = &m->nodes[nid].zones[zid];
			struct zone *z = &sim->node_data[nid]->node_zones[zid];

			unsigned long lo = zd->start_pfn + zd->present - zd->managed;
			unsigned long hi = zd->start_pfn + zd->present, cs, cn;

			if (!zd->managed)
				continue;
			/* a CMA area is freed on its own: no block of it joins a
			 * block of the pages around it */
			if (cma_area_in(sim, nid, zid, &cs, &cn)) {
				if (free_boot_range(sim, z, lo, cs) ||
				    free_boot_range(sim, z, cs, cs + cn) ||
				    free_boot_range(sim, z, cs + cn, hi))
					return -EINTR;
			} else if (free_boot_range(sim, z, lo, hi)) {
				return -EINTR;	/* Ctrl-C: a huge machine takes seconds */
			}
		}
	set_defaults(sim);
	thp_boot(sim);
	memset(&sim->hugetlb, 0, sizeof(sim->hugetlb));
	sim->vm.min_free_kbytes = default_min_free_kbytes(sim);
	/* khugepaged starts after init_per_zone_wmark_min(), before any
	 * sysctl a machine description sets */
	if (sim_kernel(sim)->thp_min_free_kbytes)
		set_recommended_min_free_kbytes(sim);
	if (m->min_free_kbytes) {
		sim->vm.min_free_kbytes = m->min_free_kbytes;
		sim->vm.user_min_free_kbytes = (long)m->min_free_kbytes;
	}
	if (m->watermark_scale_factor)
		sim->vm.watermark_scale_factor = m->watermark_scale_factor;
	setup_per_zone_wmarks(sim);
	setup_per_zone_lowmem_reserve(sim);
	setup_zone_pagesets(sim);
	tasks_boot(sim);
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		/* kswapd() starts with order 0 and the highest zone */
		struct kswapd_ctl *k = &sim->node_data[nid]->kswapd;

		k->classzone_idx = k->balance_classzone = k->balanced_classzone_idx =
			sim->node_data[nid]->nr_zones - 1;
		sim->node_data[nid]->kcompactd.classzone_idx = sim->node_data[nid]->nr_zones - 1;
		/* kcompactd() starts in its wait (6.1: with the proactive timeout) */
		kcompactd_arm_timer(sim, sim->node_data[nid], false);
	}
	/* a real machine: its pages where its files say (realmachine_apply.c) */
	if (sim->cfg.real) {
		err = realmachine_apply(sim);
		if (err)
			return err;
	}
	samples_boot(sim);
	pagemem_booted((void *)sim->map.pages, sim->map.max_pfn * sizeof(struct page));
	return sim_track_small(sim);
}

void mm_init_release(struct sim *sim)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++) {
		if (!sim->node_data[nid])
			continue;
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			free(sim->node_data[nid]->node_zones[zid].pageset);
		free(sim->node_data[nid]);
		sim->node_data[nid] = NULL;
	}
	pagemem_free(sim->map.pages, sim->map.max_pfn * sizeof(struct page));
	free(sim->map.heads);
	free((void *)sim->map.pageblock_flags);
	memset(&sim->map, 0, sizeof(sim->map));
	memset(sim->zone_by_id, 0, sizeof(sim->zone_by_id));
}
