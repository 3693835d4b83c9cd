/* core/watermark.c - min/low/high, lowmem_reserve, pcp batch/high.
 * Models mm/page_alloc.c (v4.5; v4.6's watermark_scale_factor under 4.6):
 * init_per_zone_wmark_min, __setup_per_zone_wmarks,
 * setup_per_zone_lowmem_reserve, calculate_totalreserve_pages,
 * zone_batchsize, pageset_set_batch/high, __zone_watermark_ok.
 */
#include "buddyscope/watermark.h"

#include <stdio.h>

#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "internal.h"

/* Models: lib/int_sqrt.c int_sqrt(): floor(sqrt(x)), bit by bit. */
unsigned long int_sqrt(unsigned long x)
{
	unsigned long b, m, y = 0;

	if (x <= 1)
		return x;
	m = 1UL << (sizeof(long) * 8 - 2);
	while (m > x)
		m >>= 2;
	while (m) {
		b = y + m;
		y >>= 1;
		if (x >= b) {
			x -= b;
			y += m;
		}
		m >>= 2;
	}
	return y;
}

/* Models: mult_frac(x, n, d) without overflowing x * n. */
unsigned long mult_frac(unsigned long x, unsigned long n, unsigned long d)
{
	return (x / d) * n + (x % d) * n / d;
}

/*
 * Models: nr_free_buffer_pages() -> nr_free_zone_pages(gfp_zone(GFP_USER)):
 * managed pages above the high watermark in every zone up to Normal of the
 * boot node's fallback zonelist (all nodes).
 */
unsigned long nr_free_buffer_pages(const struct sim *sim)
{
	unsigned long sum = 0;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid <= ZONE_NORMAL; zid++) {
			const struct zone *z = &sim->node_data[nid]->node_zones[zid];
			unsigned long high = z->watermark[WMARK_HIGH];

			if (z->managed_pages > high)
				sum += z->managed_pages - high;
		}
	return sum;
}

/*
 * Models: init_per_zone_wmark_min() (v4.5).
 * min_free_kbytes = sqrt(lowmem_kbytes * 16), clamped to [128, 65536]
 * (the upper clamp is the kernel table's min_free_kbytes_max):
 * 1 GiB -> 4096, 4 GiB -> 8192, 16 GiB -> 16384 (the kernel's own table).
 */
unsigned long default_min_free_kbytes(const struct sim *sim)
{
	unsigned long lowmem_kbytes = nr_free_buffer_pages(sim) * (PAGE_SIZE >> 10);
	unsigned long kb = int_sqrt(lowmem_kbytes * 16);

	if (kb < 128)
		kb = 128;
	if (kb > sim_kernel(sim)->min_free_kbytes_max)
		kb = sim_kernel(sim)->min_free_kbytes_max;
	return kb;
}

/* Models: __setup_per_zone_wmarks()'s first half (v4.5 and v4.6): each
 * zone's share of min_free_kbytes in proportion to its managed pages,
 * tmp = pages_min * managed / lowmem_pages, computed in 64 bits. */
static unsigned long zone_min_share(const struct sim *sim, const struct zone *z)
{
	unsigned long pages_min = sim->vm.min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			lowmem_pages += sim->node_data[nid]->node_zones[zid].managed_pages;
	if (!lowmem_pages)
		return 0;
	return (unsigned long)((uint64_t)pages_min * z->managed_pages / lowmem_pages);
}

/* Both versions restart the fair zone batches from high - low, then count
 * the reserves again. */
static void set_zone_wmarks(struct zone *z, unsigned long min, unsigned long low,
			    unsigned long high)
{
	z->watermark[WMARK_MIN] = min;
	z->watermark[WMARK_LOW] = low;
	z->watermark[WMARK_HIGH] = high;
	z->vm_stat[NR_ALLOC_BATCH] = (long)(high - low);
	z->flags &= ~(1UL << ZONE_FAIR_DEPLETED);
}

/*
 * Models: __setup_per_zone_wmarks() (v4.5.0).
 * min is the zone's share of min_free_kbytes; low and high sit a quarter
 * and a half of that share above it: tmp/4 and tmp/2, rounded down each.
 * E.g. the classroom preset's DMA32 with min_free_kbytes 9896:
 * pages_min 2474, tmp = 2474 * 765901 / 1530234 = 1238, low = 1238 + 309 =
 * 1547, high = 1238 + 619 = 1857 (v4.6's 0.1 % step would give 2003/2768).
 * SIMPLIFICATION: no highmem zones exist in the x86-64 model.
 */
void setup_per_zone_wmarks_4_5(struct sim *sim)
{
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &sim->node_data[nid]->node_zones[zid];
			unsigned long tmp = zone_min_share(sim, z);

			set_zone_wmarks(z, tmp, tmp + (tmp >> 2), tmp + (tmp >> 1));
		}
	calculate_totalreserve_pages(sim);
}

/*
 * Models: __setup_per_zone_wmarks() (v4.6, which added
 * vm.watermark_scale_factor). low and high sit one and two steps above
 * min, the step being a quarter of the zone's share of min_free_kbytes or
 * watermark_scale_factor/10000 of the zone, whichever is larger. E.g.
 * DMA32 with 772915 of 940595 lowmem pages and min_free_kbytes 67584:
 * tmp = 16896 * 772915 / 940595 = 13883; d = max(3470, 772) ->
 * 13883 / 17353 / 20823.
 */
void setup_per_zone_wmarks_4_6(struct sim *sim)
{
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &sim->node_data[nid]->node_zones[zid];
			unsigned long tmp = zone_min_share(sim, z), d = tmp >> 2;
			unsigned long scaled = mult_frac(z->managed_pages,
							 sim->vm.watermark_scale_factor, 10000);

			if (scaled > d)
				d = scaled;
			set_zone_wmarks(z, tmp, tmp + d, tmp + 2 * d);
		}
	calculate_totalreserve_pages(sim);
}

/* The running kernel's formula (kernel.h). */
void setup_per_zone_wmarks(struct sim *sim)
{
	sim_kernel(sim)->ops->setup_per_zone_wmarks(sim);
}

/*
 * Models: setup_per_zone_lowmem_reserve() (v4.5).
 * A lower zone L keeps back, from allocations that could have used the
 * higher zone H, (managed pages of L+1..H) / lowmem_reserve_ratio[L]:
 * DMA[Normal] = (772915 + 163840) / 256 = 3659.
 */
void setup_per_zone_lowmem_reserve_4_5(struct sim *sim)
{
	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		struct pglist_data *pgdat = sim->node_data[nid];

		for (int j = 0; j < MAX_NR_ZONES; j++) {
			unsigned long managed = pgdat->node_zones[j].managed_pages;

			pgdat->node_zones[j].lowmem_reserve[j] = 0;
			for (int idx = j - 1; idx >= 0; idx--) {
				struct zone *lower = &pgdat->node_zones[idx];

				if (sim->vm.lowmem_reserve_ratio[idx] < 1)
					sim->vm.lowmem_reserve_ratio[idx] = 1;
				lower->lowmem_reserve[j] =
					(long)(managed / (unsigned long)sim->vm.lowmem_reserve_ratio[idx]);
				managed += lower->managed_pages;
			}
		}
	}
	calculate_totalreserve_pages(sim);
}

/* The running kernel's rule (kernel.h). */
void setup_per_zone_lowmem_reserve(struct sim *sim)
{
	sim_kernel(sim)->ops->setup_per_zone_lowmem_reserve(sim);
}

void setup_zone_pagesets(struct sim *sim)
{
	sim_kernel(sim)->ops->setup_zone_pagesets(sim);
}

/* Models: calculate_totalreserve_pages(): max reserve + high, per zone. */
void calculate_totalreserve_pages(struct sim *sim)
{
	unsigned long total = 0;

	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			const struct zone *z = &sim->node_data[nid]->node_zones[i];
			long max = 0;

			for (int j = i; j < MAX_NR_ZONES; j++)
				if (z->lowmem_reserve[j] > max)
					max = z->lowmem_reserve[j];
			max += (long)z->watermark[WMARK_HIGH];
			if (max > (long)z->managed_pages)
				max = (long)z->managed_pages;
			total += (unsigned long)max;
		}
	sim->totalreserve_pages = total;
}

unsigned long rounddown_pow_of_two(unsigned long n)
{
	unsigned long p = 1;

	while (p <= n / 2)
		p <<= 1;
	return p;
}

/*
 * Models: zone_batchsize() (v4.5).
 * About a quarter of a thousandth of the zone, at most 512 KiB / 4, then
 * rounded to 2^n - 1 so batches don't alias cache colours:
 * >= 512 MiB managed -> 32 -> rounddown(48) - 1 = 31; DMA (3840) -> 0.
 */
int zone_batchsize(const struct zone *z)
{
	unsigned long batch = z->managed_pages / 1024;

	if (batch * PAGE_SIZE > 512 * 1024)
		batch = (512 * 1024) / PAGE_SIZE;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	return (int)(rounddown_pow_of_two(batch + batch / 2) - 1);
}

/*
 * Models: setup_zone_pageset() -> pageset_set_batch() (high = 6 * batch,
 * batch at least 1) or, with vm.percpu_pagelist_fraction F,
 * pageset_set_high() (high = managed / F, batch = high / 4 capped at 96).
 * Only the sizes change; pages already on the lists stay there.
 */
void setup_zone_pagesets_4_5(struct sim *sim)
{
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			struct zone *z = &sim->node_data[nid]->node_zones[zid];
			int high, batch;

			if (sim->vm.percpu_pagelist_fraction) {
				high = (int)(z->managed_pages /
					     (unsigned long)sim->vm.percpu_pagelist_fraction);
				batch = high / 4 > PAGE_SHIFT * 8 ? PAGE_SHIFT * 8 : high / 4;
				if (batch < 1)
					batch = 1;
			} else {
				batch = zone_batchsize(z);
				high = 6 * batch;
				if (batch < 1)
					batch = 1;
			}
			for (int cpu = 0; cpu < z->nr_cpus; cpu++) {
				z->pageset[cpu].high = high;
				z->pageset[cpu].batch = batch;
			}
		}
}

/*
 * Models: __zone_watermark_ok() (v4.5), exactly.
 *   free -= 2^order - 1; ALLOC_HIGH halves min; ALLOC_HARDER takes another
 *   quarter, otherwise the highatomic reserve is not free for us; without
 *   ALLOC_CMA, CMA pages are not free for us either. Fail if
 *   free <= min + lowmem_reserve[classzone]. For order > 0 some list at
 *   order or above must hold a block we may take.
 * With @t, the terms are kept for a narration (inlined away without).
 */
static inline bool watermark_check(const struct zone *z, unsigned int order, unsigned long mark,
				   int classzone_idx, unsigned int alloc_flags, long free_pages,
				   struct wmark_terms *t)
{
	long min = (long)mark, start = free_pages;
	bool alloc_harder = alloc_flags & ALLOC_HARDER, free_ok;

	/*
	 * Refused: no such class zone, or an order whose 2^order no long holds.
	 * An order from MAX_ORDER up runs the kernel's check: the free pages
	 * may pass, then no list at order or above exists (the started request
	 * that shows the WARN branch narrates exactly that).
	 */
	if (order >= 8 * sizeof(long) - 1 || (unsigned int)classzone_idx >= MAX_NR_ZONES)
		return false;
	free_pages -= (1L << order) - 1;
	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (!alloc_harder)
		free_pages -= (long)z->nr_reserved_highatomic;
	else
		min -= min / 4;
	if (!(alloc_flags & ALLOC_CMA))
		free_pages -= z->vm_stat[NR_FREE_CMA_PAGES];
	free_ok = free_pages > min + z->lowmem_reserve[classzone_idx];
	if (t) {
		long half = (alloc_flags & ALLOC_HIGH) ? (long)mark / 2 : 0;

		*t = (struct wmark_terms){
			.free = start,
			.order_cut = (1L << order) - 1,
			.highatomic = alloc_harder ? 0 : (long)z->nr_reserved_highatomic,
			.cma = (alloc_flags & ALLOC_CMA) ? 0 : z->vm_stat[NR_FREE_CMA_PAGES],
			.mark = (long)mark,
			.high_cut = half,
			.harder_cut = alloc_harder ? ((long)mark - half) / 4 : 0,
			.reserve = z->lowmem_reserve[classzone_idx],
			.free_ok = free_ok,
		};
	}
	if (!free_ok)
		return false;
	if (!order)
		return t ? (t->ok = true) : true;
	if (!watermark_order_ok(z, order, alloc_flags))
		return false;
	return t ? (t->ok = true) : true;
}

/* The high-order half: some list at @order or above holds a block we may take. */
bool watermark_order_ok(const struct zone *z, unsigned int order, unsigned int alloc_flags)
{
	bool alloc_harder = alloc_flags & ALLOC_HARDER;

	for (unsigned int o = order; o < MAX_ORDER; o++) {
		const struct free_area *area = &z->free_area[o];
		bool found = false;

		if (!area->nr_free)
			continue;
		if (alloc_harder)
			found = true;
		for (int mt = 0; !found && mt < MIGRATE_PCPTYPES; mt++)
			found = area->nr_free_mt[mt] != 0;
		if (!found && (alloc_flags & ALLOC_CMA) && area->nr_free_mt[MIGRATE_CMA])
			found = true;
		if (found)
			return true;
	}
	return false;
}

bool zone_watermark_ok_free(const struct zone *z, unsigned int order, unsigned long mark,
			    int classzone_idx, unsigned int alloc_flags, long free_pages)
{
	return watermark_check(z, order, mark, classzone_idx, alloc_flags, free_pages, NULL);
}

bool zone_watermark_terms(const struct zone *z, unsigned int order, unsigned long mark,
			  int classzone_idx, unsigned int alloc_flags, long free_pages,
			  struct wmark_terms *t)
{
	return watermark_check(z, order, mark, classzone_idx, alloc_flags, free_pages, t);
}

/* " - 7 for order 3" when @v is not 0 */
static int term(char *buf, size_t len, char sign, long v, const char *label, unsigned int n)
{
	if (!v)
		return 0;
	return snprintf(buf, len, n != -1U ? " %c %ld for %s %u" : " %c %ld for %s", sign, v,
			label, n);
}

int wmark_terms_format(const struct wmark_terms *t, unsigned int order, const char *mark_name,
		       char *buf, size_t len)
{
	long left = t->free - t->order_cut - t->highatomic - t->cma;
	long right = t->mark - t->high_cut - t->harder_cut;
	size_t n = 0;
	int k;

#define PUT(expr) do { k = (expr); if (k > 0) n += (size_t)k; if (n >= len) return (int)n; } while (0)
	PUT(snprintf(buf, len, "free %ld", t->free));
	PUT(term(buf + n, len - n, '-', t->order_cut, "order", order));
	PUT(term(buf + n, len - n, '-', t->highatomic, "highatomic", -1U));
	PUT(term(buf + n, len - n, '-', t->cma, "CMA", -1U));
	if (left != t->free)
		PUT(snprintf(buf + n, len - n, " = %ld", left));
	PUT(snprintf(buf + n, len - n, " %s %s %ld", left > right + t->reserve ? ">" : "<=",
		     mark_name, t->mark - t->mark_extra));
	if (t->mark_extra)
		PUT(snprintf(buf + n, len - n, " + %ld for %s", t->mark_extra,
			     t->extra_label ? t->extra_label : "the caller"));
	PUT(term(buf + n, len - n, '-', t->high_cut, "ALLOC_HIGH", -1U));
	PUT(term(buf + n, len - n, '-', t->harder_cut, "ALLOC_HARDER", -1U));
	if (right != t->mark - t->mark_extra)
		PUT(snprintf(buf + n, len - n, " = %ld", right));
	PUT(snprintf(buf + n, len - n, " + lowmem_reserve %ld", t->reserve));
#undef PUT
	return (int)n;
}

bool zone_watermark_ok(const struct zone *z, unsigned int order, unsigned long mark,
		       int classzone_idx, unsigned int alloc_flags)
{
	return watermark_check(z, order, mark, classzone_idx, alloc_flags,
			       z->vm_stat[NR_FREE_PAGES], NULL);
}
