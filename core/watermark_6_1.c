/* core/watermark_6_1.c - min/low/high/promo, lowmem_reserve and the per-cpu
 * lists' high and batch under Linux 6.1.
 * Models mm/page_alloc.c (6.1): __setup_per_zone_wmarks,
 * setup_per_zone_wmarks, setup_per_zone_lowmem_reserve, zone_batchsize,
 * zone_highsize, zone_set_pageset_high_and_batch; and mm/khugepaged.c
 * set_recommended_min_free_kbytes (THP "always" raises min_free_kbytes).
 *
 * Checked against a real 6.1 (Debian 12, 6.1.0-56) sysctl sweep: every
 * min/low/high, protection, pcp high and batch of the sweep is what these
 * formulas give for the machine's managed pages.
 */
#include "buddyscope/watermark.h"

#include "buddyscope/kernel.h"
#include "internal.h"

/*
 * Models: __setup_per_zone_wmarks() (6.1).
 * min is still the zone's share of min_free_kbytes, in proportion to its
 * managed pages among all lowmem zones (every zone on x86-64, Movable
 * included). Since 5.x, high is one step above low, not two above min, and
 * a fourth mark, promo, sits one step above high; the step is the larger of
 * a quarter of min and watermark_scale_factor/10000 of the zone. Writing
 * the marks resets the zone's watermark boost.
 * E.g. the real 1 GiB guest, DMA32 managed 241523 of 245363 lowmem pages,
 * min_free_kbytes 45056 (11264 pages): min = 11264 * 241523 / 245363 =
 * 11087, step = max(11087 / 4, 241523 * 10 / 10000) = max(2771, 241) =
 * 2771: low 13858, high 16629, promo 19400.
 * SIMPLIFICATION: no highmem zones exist in the x86-64 model.
 */
static void setup_per_zone_wmarks_6_1_only(struct sim *sim)
{
	unsigned long pages_min = sim->vm.min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			lowmem_pages += sim->node_data[nid]->node_zones[zid].managed_pages;
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &sim->node_data[nid]->node_zones[zid];
			/* lowmem_pages > 0: a machine has memory */
			unsigned long tmp =
				(unsigned long)((uint64_t)pages_min * z->managed_pages / lowmem_pages);
			unsigned long step = mult_frac(z->managed_pages,
						       sim->vm.watermark_scale_factor, 10000);

			if (tmp >> 2 > step)
				step = tmp >> 2;
			z->watermark_boost = 0;
			z->watermark[WMARK_MIN] = tmp;
			z->watermark[WMARK_LOW] = tmp + step;
			z->watermark[WMARK_HIGH] = tmp + 2 * step;
			z->watermark_promo = tmp + 3 * step;
		}
	calculate_totalreserve_pages(sim);
}

/* Models: setup_per_zone_wmarks() (6.1): the marks, then every zone's pcp
 * high follows the new low watermark (zone_pcp_update). */
void setup_per_zone_wmarks_6_1(struct sim *sim)
{
	setup_per_zone_wmarks_6_1_only(sim);
	setup_zone_pagesets_6_1(sim);
}

/*
 * Models: setup_per_zone_lowmem_reserve() (6.1).
 * Zone L keeps back, from requests that may use zone H above it, the
 * managed pages of L+1..H divided by lowmem_reserve_ratio[L]; a ratio of 0
 * (the sysctl turns anything below 1 into 0) or an empty zone L keeps
 * nothing back. E.g. DMA under DMA32's 241523 pages: 241523 / 256 = 943.
 */
void setup_per_zone_lowmem_reserve_6_1(struct sim *sim)
{
	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		struct pglist_data *pgdat = sim->node_data[nid];

		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *z = &pgdat->node_zones[i];
			int ratio = sim->vm.lowmem_reserve_ratio[i];
			bool clear = ratio < 1 || !z->managed_pages;
			unsigned long managed = 0;

			z->lowmem_reserve[i] = 0;
			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				managed += pgdat->node_zones[j].managed_pages;
				z->lowmem_reserve[j] = clear ? 0 : (long)(managed / (unsigned long)ratio);
			}
		}
	}
	calculate_totalreserve_pages(sim);
}

/*
 * Models: zone_batchsize() (6.1).
 * A quarter of a thousandth of the zone, at most 1 MiB / 4, rounded to
 * 2^n - 1: >= 1 GiB managed -> 256 / 4 = 64 -> rounddown(96) - 1 = 63;
 * 241523 pages -> 235 / 4 = 58 -> rounddown(87) - 1 = 63; DMA (3840) -> 0.
 */
static int zone_batchsize_6_1(const struct zone *z)
{
	unsigned long batch = z->managed_pages >> 10;

	if (batch > (1UL << 20) / PAGE_SIZE)
		batch = (1UL << 20) / PAGE_SIZE;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	return (int)(rounddown_pow_of_two(batch + batch / 2) - 1);
}

/* CPUs of node @nid (cpumask_of_node). */
static int node_nr_cpus(const struct sim *sim, int nid)
{
	int n = 0;

	for (int cpu = 0; cpu < sim->nr_cpus; cpu++)
		n += sim->cpu_to_node[cpu] == nid;
	return n;
}

/*
 * Models: zone_highsize() (6.1, cpu_online 0).
 * The zone's low watermark (or managed / percpu_pagelist_high_fraction)
 * shared among the CPUs of the zone's node (all online CPUs for a node
 * without CPUs), at least 4 batches: DMA32 low 13858 on a 2-CPU node ->
 * 6929; DMA low 7 -> 3, raised to 4 * 1 = 4.
 */
static int zone_highsize_6_1(const struct sim *sim, const struct zone *z, int batch)
{
	unsigned long total = sim->vm.percpu_pagelist_high_fraction ?
		z->managed_pages / (unsigned long)sim->vm.percpu_pagelist_high_fraction :
		z->watermark[WMARK_LOW];
	int cpus = node_nr_cpus(sim, z->zone_pgdat->node_id);
	long high;

	if (!cpus)
		cpus = sim->nr_cpus;
	high = (long)(total / (unsigned long)cpus);
	if (high < (long)batch << 2)
		high = (long)batch << 2;
	return (int)high;
}

/* Models: zone_set_pageset_high_and_batch(zone, 0) for every zone (6.1):
 * batch at least 1. Only the sizes change; pages on the lists stay. */
void setup_zone_pagesets_6_1(struct sim *sim)
{
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &sim->node_data[nid]->node_zones[zid];
			int batch = zone_batchsize_6_1(z), high;

			if (batch < 1)
				batch = 1;
			high = zone_highsize_6_1(sim, z, batch);
			for (int cpu = 0; cpu < z->nr_cpus; cpu++) {
				z->pageset[cpu].high = high;
				z->pageset[cpu].batch = batch;
			}
		}
}

/*
 * Models: set_recommended_min_free_kbytes() (mm/khugepaged.c, 6.1), run at
 * boot when THP is enabled ("always" on Debian): keep 2 pageblocks free per
 * zone up to Normal for fragmentation avoidance, plus 3 x 3 pageblocks so
 * each pcp migratetype has one to fall back into, at most 5% of lowmem.
 * E.g. DMA + DMA32: 512 * 2 * 2 + 512 * 2 * 9 = 11264 pages = 45056 KiB.
 * The raise happens after init_per_zone_wmark_min(), whose watermarks set
 * the lowmem measure (nr_free_buffer_pages) used for the 5% cap.
 */
void set_recommended_min_free_kbytes(struct sim *sim)
{
	unsigned long recommended, cap;
	int nr_zones = 0;

	setup_per_zone_wmarks(sim);
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid <= ZONE_NORMAL; zid++)
			nr_zones += populated_zone(&sim->node_data[nid]->node_zones[zid]);
	recommended = pageblock_nr_pages * (unsigned long)nr_zones * 2;
	recommended += pageblock_nr_pages * (unsigned long)nr_zones *
		       MIGRATE_PCPTYPES * MIGRATE_PCPTYPES;
	cap = nr_free_buffer_pages(sim) / 20;
	if (recommended > cap)
		recommended = cap;
	recommended <<= PAGE_SHIFT - 10;
	if (recommended > sim->vm.min_free_kbytes)
		sim->vm.min_free_kbytes = recommended;
	setup_per_zone_wmarks(sim);
}
