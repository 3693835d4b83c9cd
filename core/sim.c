/* core/sim.c - a machine's life: create (boot is core/mm_init.c), reset,
 * clone and destroy; the seeded random source, errors, Ctrl-C, and the
 * accessors the app reads the machine by.
 */
#include "buddyscope/sim.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/buddy.h"
#include "internal.h"

const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };
const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

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
	if (cfg->machine.cma_pages) {
		int nid, zid;
		unsigned long start, pages;
		unsigned int align = kernel_desc(cfg->kernel)->cma_align_order;

		if (cfg->real) {
			snprintf(err, errlen, "a real machine's CMA area comes from its files; cma= is "
				 "for machines booted from a description");
			return -EINVAL;
		}
		if (machine_cma_area(&cfg->machine, align, kernel_desc(cfg->kernel)->cma_bottom_up_4g,
				     &nid, &zid, &start, &pages)) {
			snprintf(err, errlen, "the CMA area of %lu pages (%lu with %s's %lu KiB "
				 "alignment) fits in no zone's managed pages; give a smaller cma size",
				 cfg->machine.cma_pages,
				 (cfg->machine.cma_pages + (1UL << align) - 1) & ~((1UL << align) - 1),
				 kernel_desc(cfg->kernel)->release, (1UL << align) << (PAGE_SHIFT - 10));
			return -EINVAL;
		}
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
	      sim->sampling.samples ? mm_init_boot(sim) : -ENOMEM;
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
	mm_init_release(sim);
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
	mm_init_release(sim);
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
	size_t npages = src->map.max_pfn, npb = sim_pageblock_bytes(src);
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
	if (sim_track_arrays(sim))
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
	if (sim_track_small(sim))
		goto nomem;
	*out = sim;
	return 0;
nomem:
	sim_destroy(sim);
	return -ENOMEM;
}

/* ---- accessors ---- */

const struct machine_desc *sim_machine(const struct sim *sim) { return &sim->cfg.machine; }

int sim_cma_area(const struct sim *sim, int *nid, int *zid, unsigned long *start,
		 unsigned long *pages)
{
	if (sim->cfg.real)	/* sim_create refuses cma= for one */
		return -ENOENT;
	return machine_cma_area(&sim->cfg.machine, sim->kernel->cma_align_order,
				sim->kernel->cma_bottom_up_4g, nid, zid, start, pages);
}
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
