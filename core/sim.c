/* core/sim.c - booting a machine, and the accessors the app reads it by.
 * Models the boot-time parts of mm/page_alloc.c (v4.5): memmap_init_zone,
 * build_all_zonelists / build_zonelists_node, free_area_init, and the
 * memblock hand-over of free memory (__free_pages_memory).
 */
#include "buddyscope/sim.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/buddy.h"
#include "buddyscope/watermark.h"
#include "compaction_internal.h"
#include "internal.h"

const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };
const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

/* list heads per zone: free lists, then pcp lists per cpu, then LRU lists */
#define NR_LRU_HEADS		8
#define ZONE_HEADS(ncpu)	(MAX_ORDER * MIGRATE_TYPES + (ncpu) * NR_PCP_LISTS + NR_LRU_HEADS)
/* ... and per node under LRU_OWNER_NODE: its LRU lists and a scratch list */
#define NODE_LRU_HEADS		(NR_LRU_LISTS + 1)

_Noreturn void sim_bug(const char *file, int line, const char *what)
{
	fprintf(stderr, "buddyscope: engine invariant broken at %s:%d: %s\n", file, line, what);
	abort();
}

static const volatile sig_atomic_t *interrupt_flag;	/* sim_set_interrupt() */

void sim_set_interrupt(const volatile sig_atomic_t *flag)
{
	interrupt_flag = flag;
}

bool sim_interrupted(void)
{
	return interrupt_flag && *interrupt_flag;
}

int sim_error(struct sim *sim, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sim->errmsg, sizeof(sim->errmsg), fmt, ap);
	va_end(ap);
	return err;
}

const char *sim_errmsg(const struct sim *sim)
{
	return sim->errmsg;
}

/* ---- the seeded PRNG: splitmix64 seeding xoshiro256** ---- */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void sim_seed_set(struct sim *sim, uint64_t seed)
{
	uint64_t x = seed;

	sim->seed = seed;
	for (int i = 0; i < 4; i++)
		sim->rng[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t sim_random(struct sim *sim)
{
	uint64_t *s = sim->rng;
	uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t sim_random_below(struct sim *sim, uint64_t bound)
{
	/* Lemire's nearly-divisionless method would do; plain rejection is clearer */
	uint64_t limit, r;

	if (bound == 0)		/* the whole 2^64 range: what a wrapped hi - lo + 1 means */
		return sim_random(sim);
	limit = UINT64_MAX - UINT64_MAX % bound;

	do
		r = sim_random(sim);
	while (r >= limit);
	return r % bound;
}

/* ---- boot ---- */

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

static size_t pageblock_bytes(const struct sim *sim)
{
	return (sim->map.max_pfn >> pageblock_order) + 1;
}

/*
 * Time travel (buddyscope/snapshot.h): the big arrays are tracked chunk by
 * chunk, the rest of the state is copied whole at each checkpoint. New
 * engine state that is not a fixed-size field of struct sim, pglist_data,
 * zone or task must be registered here, or `back` forgets it.
 */
static int track_arrays(struct sim *sim)
{
	sim->snap = snapshot_create(sim);
	if (!sim->snap)
		return -ENOMEM;
	sim->map.pages_rgn = snapshot_track(sim, "pages", (void *)sim->map.pages,
					    sim->map.max_pfn * sizeof(struct page));
	sim->map.pageblock_rgn = snapshot_track(sim, "pageblock_flags",
						(void *)sim->map.pageblock_flags,
						pageblock_bytes(sim));
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
static int track_small(struct sim *sim)
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
	sim->map.pageblock_flags = calloc(pageblock_bytes(sim), 1);
	if (!pages || !sim->map.heads || !sim->map.pageblock_flags)
		return -ENOMEM;
	return track_arrays(sim);	/* the records: init_zone(), then init_holes() */
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
static void init_zone(struct sim *sim, struct pglist_data *pgdat, int zid, uint32_t *next_head)
{
	const struct zone_desc *zd = &sim->cfg.machine.nodes[pgdat->node_id].zones[zid];
	struct zone *z = &pgdat->node_zones[zid];
	unsigned long reserved = zd->present - zd->managed;

	z->zone_pgdat = pgdat;
	z->map = &sim->map;
	z->name = zone_names[zid];
	z->zid = (uint8_t)zid;
	z->id = (uint8_t)(pgdat->node_id * MAX_NR_ZONES + zid);
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

static int boot(struct sim *sim)
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

			if (zd->managed &&
			    free_boot_range(sim, z, zd->start_pfn + zd->present - zd->managed,
					    zd->start_pfn + zd->present))
				return -EINTR;	/* Ctrl-C: a huge machine takes seconds */
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
	}
	/* a real machine: its pages where its files say (realmachine_apply.c) */
	if (sim->cfg.real) {
		err = realmachine_apply(sim);
		if (err)
			return err;
	}
	samples_boot(sim);
	pagemem_booted((void *)sim->map.pages, sim->map.max_pfn * sizeof(struct page));
	return track_small(sim);
}

static void release(struct sim *sim)
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

static void init_state(struct sim *sim)
{
	memset(sim->vm_events, 0, sizeof(sim->vm_events));
	sim->cur_cpu = 0;
	memset(sim->tasks, 0, sizeof(sim->tasks));
	sim->cur_task = 0;
	sim->swap_pages = sim->swap_in_use = 0;
	sim->exec_kind = EXEC_TASK;
	sim->exec_nid = 0;
	sim->wb_clock_ns = 0;
	sim->oom_victims = 0;
	sim->nr_reap = 0;
	sim->nr_sigkill = 0;
	sim->nr_dirty_to_flush = 0;
	sim->dmesg.next = 0;
	sim->clock_ns = 0;
	sim->trace.next_seq = sim->trace.valid_from = 0;
	sim->trace.off = false;
	sim->tbuf.on = false;
	sim->tbuf.next = sim->tbuf.head = sim->tbuf.count = 0;
	sim->tbuf.written = 0;
	sim->warned_once = 0;
	sim->taint_warn = false;
	{
		/* late_initcall(init_oops_id): a random id, here one from the seed */
		uint64_t x = sim->cfg.seed ^ 0x6f6f70735f6964ULL;

		sim->oops_id = splitmix64(&x);
	}
	sim->errmsg[0] = '\0';
	sim_seed_set(sim, sim->cfg.seed);
}

static uint64_t boots;	/* boot ids handed out (sim_boot_id) */

unsigned long long sim_memory_needed(const struct machine_desc *m)
{
	unsigned long long end = 0;

	for (int nid = 0; nid < m->nr_nodes && nid < MAX_NUMNODES; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone_desc *z = &m->nodes[nid].zones[zid];

			if (z->spanned && z->start_pfn + z->spanned > end)
				end = z->start_pfn + z->spanned;
		}
	/* a page record, and a pageblock byte per 2^pageblock_order pages */
	return end * sizeof(struct page) + (end >> pageblock_order) + 1;
}

int sim_create(const struct sim_config *cfg, struct sim **out, char *err, size_t errlen)
{
	struct sim *sim;
	int ret;

	ret = machine_validate(&cfg->machine, err, errlen);
	if (ret)
		return ret;
	if (!kernel_desc(cfg->kernel) || !kernel_desc(cfg->kernel)->ops) {
		snprintf(err, errlen, "kernel %d cannot boot (not modelled yet)", (int)cfg->kernel);
		return -EINVAL;
	}
	if (cfg->machine.watermark_scale_factor &&
	    !kernel_has_sysctl(kernel_desc(cfg->kernel), "vm.watermark_scale_factor")) {
		snprintf(err, errlen, "the machine sets vm.watermark_scale_factor, which %s does not "
			 "have (it came with v4.6)", kernel_desc(cfg->kernel)->release);
		return -EINVAL;
	}
	if (cfg->mem_limit && sim_memory_needed(&cfg->machine) > cfg->mem_limit) {
		snprintf(err, errlen, "machine '%s' needs %llu MiB for its page records; this "
			 "computer has %llu MiB available", cfg->machine.name,
			 sim_memory_needed(&cfg->machine) >> 20, cfg->mem_limit >> 20);
		return -ENOMEM;
	}
	sim = calloc(1, sizeof(*sim));
	if (!sim) {
		snprintf(err, errlen, "out of host memory booting '%s'", cfg->machine.name);
		return -ENOMEM;
	}
	sim->boot_id = ++boots;
	sim->cfg = *cfg;
	sim->kernel = kernel_desc(cfg->kernel);
	sim->trace.ev = calloc(TRACE_RING_SIZE, sizeof(struct trace_event));
	sim->dmesg.lines = calloc(DMESG_LINES, DMESG_LINE_LEN);
	sim->tbuf.ev = calloc(TRACE_BUFFER_SIZE, sizeof(struct trace_event));
	sim->trace.scratch = calloc(1, sizeof(struct trace_event));
	sim->sampling.samples = calloc(SAMPLES_LEN, sizeof(struct sample));
	init_state(sim);
	ret = sim->trace.ev && sim->dmesg.lines && sim->tbuf.ev && sim->trace.scratch &&
	      sim->sampling.samples ? boot(sim) : -ENOMEM;
	if (ret) {
		if (ret == -EINTR)
			snprintf(err, errlen, "interrupted (Ctrl-C) while booting '%s'",
				 cfg->machine.name);
		else
			snprintf(err, errlen, "out of host memory booting '%s'", cfg->machine.name);
		sim_destroy(sim);
		return ret;
	}
	*out = sim;
	return 0;
}

void sim_destroy(struct sim *sim)
{
	if (!sim)
		return;
	release(sim);
	snapshot_destroy(sim->snap);
	free(sim->trace.ev);
	free(sim->dmesg.lines);
	free(sim->tbuf.ev);
	free(sim->trace.scratch);
	free(sim->sampling.samples);
	free(sim);
}

int sim_reset(struct sim *sim)
{
	struct sim *fresh;
	char err[256];
	int ret = sim_create(&sim->cfg, &fresh, err, sizeof(err));

	if (ret)
		return sim_error(sim, ret, "%s", err);
	release(sim);
	snapshot_destroy(sim->snap);
	free(sim->trace.ev);
	free(sim->dmesg.lines);
	free(sim->tbuf.ev);
	free(sim->trace.scratch);
	free(sim->sampling.samples);
	*sim = *fresh;
	/* pointers into *fresh move with the struct copy */
	for (int id = 0; id < MAX_NUMNODES * MAX_NR_ZONES; id++)
		if (sim->zone_by_id[id])
			sim->zone_by_id[id]->map = &sim->map;
	snapshot_rebase(sim->snap, fresh, sizeof(*fresh), sim);
	free(fresh);
	return 0;
}

int sim_clone(const struct sim *src, struct sim **out)
{
	struct sim *sim = calloc(1, sizeof(*sim));
	size_t npages = src->map.max_pfn, npb = pageblock_bytes(src);
	struct page *pages;
	uint8_t *pb;

	if (!sim)
		return -ENOMEM;
	*sim = *src;
	memset(&sim->map, 0, sizeof(sim->map));
	memset(sim->node_data, 0, sizeof(sim->node_data));
	memset(sim->zone_by_id, 0, sizeof(sim->zone_by_id));
	sim->snap = NULL;
	sim->trace.ev = malloc(TRACE_RING_SIZE * sizeof(struct trace_event));
	sim->dmesg.lines = malloc((size_t)DMESG_LINES * DMESG_LINE_LEN);
	sim->tbuf.ev = malloc(TRACE_BUFFER_SIZE * sizeof(struct trace_event));
	sim->trace.scratch = calloc(1, sizeof(struct trace_event));
	sim->sampling.samples = malloc(SAMPLES_LEN * sizeof(struct sample));
	sim->map = src->map;
	sim->map.pages = pages = pagemem_alloc(npages * sizeof(struct page));
	sim->map.heads = malloc(src->map.nr_heads * sizeof(struct list_link));
	sim->map.pageblock_flags = pb = malloc(npb);
	if (!sim->trace.ev || !sim->dmesg.lines || !sim->tbuf.ev || !sim->trace.scratch ||
	    !sim->sampling.samples || !pages || !sim->map.heads || !pb)
		goto nomem;
	memcpy(sim->tbuf.ev, src->tbuf.ev, TRACE_BUFFER_SIZE * sizeof(struct trace_event));
	memcpy(sim->sampling.samples, src->sampling.samples,
	       SAMPLES_LEN * sizeof(struct sample));
	memcpy(sim->dmesg.lines, src->dmesg.lines, (size_t)DMESG_LINES * DMESG_LINE_LEN);
	memcpy(sim->trace.ev, src->trace.ev, TRACE_RING_SIZE * sizeof(struct trace_event));
	memcpy(pages, src->map.pages, npages * sizeof(struct page));
	pagemem_booted(pages, npages * sizeof(struct page));
	memcpy(sim->map.heads, src->map.heads, src->map.nr_heads * sizeof(struct list_link));
	memcpy(pb, src->map.pageblock_flags, npb);
	if (track_arrays(sim))
		goto nomem;
	for (int nid = 0; nid < src->nr_nodes; nid++) {
		struct pglist_data *pgdat = malloc(sizeof(*pgdat));

		if (!pgdat)
			goto nomem;
		*pgdat = *src->node_data[nid];
		sim->node_data[nid] = pgdat;
		/* the copy holds the source's pagesets until its own are made:
		 * release() after a failure here must not free those */
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			pgdat->node_zones[zid].pageset = NULL;
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &pgdat->node_zones[zid];
			const struct zone *sz = &src->node_data[nid]->node_zones[zid];

			z->zone_pgdat = pgdat;
			z->map = &sim->map;
			z->pageset = malloc((size_t)sim->nr_cpus * sizeof(struct per_cpu_pages));
			if (!z->pageset)
				goto nomem;
			memcpy(z->pageset, sz->pageset, (size_t)sim->nr_cpus * sizeof(struct per_cpu_pages));
			sim->zone_by_id[z->id] = z;
		}
	}
	/* zonelists point at the source's zones: rebase them */
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int l = 0; l < MAX_ZONELISTS; l++)
			for (struct zoneref *zr = sim->node_data[nid]->node_zonelists[l]._zonerefs;
			     zr->zone; zr++)
				zr->zone = sim->zone_by_id[zr->zone->id];
	if (track_small(sim))
		goto nomem;
	*out = sim;
	return 0;
nomem:
	sim_destroy(sim);
	return -ENOMEM;
}

/* ---- accessors ---- */

const struct machine_desc *sim_machine(const struct sim *sim) { return &sim->cfg.machine; }
const struct sim_config *sim_boot_config(const struct sim *sim) { return &sim->cfg; }
const struct real_machine *sim_real(const struct sim *sim) { return sim->cfg.real; }
int sim_nr_nodes(const struct sim *sim) { return sim->nr_nodes; }
int sim_nr_cpus(const struct sim *sim) { return sim->nr_cpus; }
uint64_t sim_seed(const struct sim *sim) { return sim->seed; }
uint64_t sim_boot_id(const struct sim *sim) { return sim->boot_id; }
uint64_t sim_clock_ns(const struct sim *sim) { return sim->clock_ns; }
unsigned long sim_max_pfn(const struct sim *sim) { return sim->map.max_pfn; }
unsigned long sim_totalreserve_pages(const struct sim *sim) { return sim->totalreserve_pages; }
int sim_cpu(const struct sim *sim) { return sim->cur_cpu; }

int sim_mobility_grouping_disabled(const struct sim *sim)
{
	return sim->page_group_by_mobility_disabled;
}

int sim_cpu_to_node(const struct sim *sim, int cpu)
{
	return cpu >= 0 && cpu < sim->nr_cpus ? sim->cpu_to_node[cpu] : -1;
}

const struct pglist_data *sim_node(const struct sim *sim, int nid)
{
	return nid >= 0 && nid < sim->nr_nodes ? sim->node_data[nid] : NULL;
}

const struct zone *sim_zone(const struct sim *sim, int nid, int zid)
{
	if (nid < 0 || nid >= sim->nr_nodes || zid < 0 || zid >= MAX_NR_ZONES)
		return NULL;
	return &sim->node_data[nid]->node_zones[zid];
}

const struct zone *sim_pfn_zone(const struct sim *sim, unsigned long pfn)
{
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = &sim->node_data[nid]->node_zones[zid];

			if (z->spanned_pages && zone_spans_pfn(z, pfn))
				return z;
		}
	return NULL;
}

const struct page *sim_page(const struct sim *sim, unsigned long pfn)
{
	return pfn < sim->map.max_pfn ? &sim->map.pages[pfn] : NULL;
}

uint8_t sim_pageblock_migratetype(const struct sim *sim, unsigned long pfn)
{
	if (pfn >= sim->map.max_pfn)
		return MIGRATE_TYPES;
	return (uint8_t)get_pfnblock_migratetype(sim, pfn);
}

uint8_t sim_pageblock_flags(const struct sim *sim, unsigned long pfn)
{
	return pfn < sim->map.max_pfn ? sim->map.pageblock_flags[pfn >> pageblock_order] : 0;
}

unsigned long sim_vm_event(const struct sim *sim, int item)
{
	return item >= 0 && item < NR_VM_EVENT_ITEMS ? sim->vm_events[item] : 0;
}

int sim_set_cpu(struct sim *sim, int cpu)
{
	if (cpu < 0 || cpu >= sim->nr_cpus)
		return sim_error(sim, -EINVAL, "cpu %d does not exist (this machine has cpus 0..%d)",
				 cpu, sim->nr_cpus - 1);
	sim->cur_cpu = cpu;
	return 0;
}

unsigned long sim_list_pfns(const struct sim *sim, uint32_t head, unsigned long *out, size_t max)
{
	struct memmap *m = (struct memmap *)&sim->map;
	unsigned long n = 0;

	if (!(head & LIST_HEAD_BIT) || (head & ~LIST_HEAD_BIT) >= m->nr_heads)
		return 0;
	for (uint32_t id = lnk(m, head)->next; id != head && n <= m->max_pfn; id = lnk(m, id)->next) {
		if (out && n < max)
			out[n] = id;
		n++;
	}
	return n;
}

unsigned long sim_nr_free_pages(const struct sim *sim)
{
	unsigned long sum = 0;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			sum += zone_page_state(&sim->node_data[nid]->node_zones[zid], NR_FREE_PAGES);
	return sum;
}
