/* core/samples.c - samples of the machine over simulated time (samples.h;
 * `export history` and the charts; time travel is app/history.c).
 * Not a kernel file: the kernel keeps no history; a person with a real
 * machine samples /proc/buddyinfo and /proc/zoneinfo from a script. The
 * values sampled are the kernel's own counters.
 */
#include "buddyscope/samples.h"

#include <string.h>
#include "buddyscope/snapshot.h"
#include "buddyscope/vmstat.h"
#include "internal.h"

/* Fill @s with the state now. */
static void take(const struct sim *sim, struct sample *s, unsigned long now)
{
	const struct sample_ring *h = &sim->sampling;

	memset(s, 0, sizeof(*s));
	s->jiffies = now;
	for (int nid = 0; nid < sim->nr_nodes; nid++) {
		const struct pglist_data *pgdat = sim->node_data[nid];

		s->kswapd_runs[nid] = (uint32_t)pgdat->kswapd.runs;
		s->kcompactd_runs[nid] = (uint32_t)pgdat->kcompactd.runs;
		s->kswapd_state[nid] = (uint8_t)pgdat->kswapd.state;
		s->kcompactd_state[nid] = (uint8_t)pgdat->kcompactd.state;
	}
	for (int i = 0; i < h->nr_zones; i++) {
		const struct zone *z = &sim->node_data[h->nid[i]]->node_zones[h->zid[i]];
		struct sample_zone *hz = &s->z[i];

		hz->free = (uint32_t)zone_page_state(z, NR_FREE_PAGES);
		for (int w = 0; w < NR_WMARK; w++)
			hz->wmark[w] = (uint32_t)z->watermark[w];
		for (int o = 0; o < MAX_ORDER; o++) {
			hz->nr_free[o] = (uint32_t)z->free_area[o].nr_free;
			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				hz->free_mt[mt] += (uint32_t)(z->free_area[o].nr_free_mt[mt] << o);
		}
	}
}

void samples_boot(struct sim *sim)
{
	struct sample_ring *h = &sim->sampling;

	h->n = 0;
	h->period = SAMPLES_PERIOD;
	h->nr_zones = 0;
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES && h->nr_zones < SAMPLES_ZONES; zid++)
			if (populated_zone(&sim->node_data[nid]->node_zones[zid])) {
				h->nid[h->nr_zones] = (uint8_t)nid;
				h->zid[h->nr_zones] = (uint8_t)zid;
				h->nr_zones++;
			}
	h->next_ns = 0;
	samples_tick(sim, sim->clock_ns);
}

void samples_tick(struct sim *sim, uint64_t ns)
{
	struct sample_ring *h = &sim->sampling;
	/* the time the scheduler has run the kernel threads up to: the
	 * machine's clock itself may be ahead, in the middle of a `tick N` */
	unsigned long now = (unsigned long)(ns / NSEC_PER_JIFFY);

	if (ns < h->next_ns || !h->samples)
		return;
	if (h->n == SAMPLES_LEN) {
		/* full: keep every other sample, at twice the period */
		snap_touch_range(h->rgn, 0, SAMPLES_LEN * sizeof(h->samples[0]));
		for (unsigned int i = 0; i < SAMPLES_LEN / 2; i++)
			h->samples[i] = h->samples[2 * i];
		h->n = SAMPLES_LEN / 2;
		h->period *= 2;
	}
	snap_touch_range(h->rgn, h->n * sizeof(h->samples[0]), sizeof(h->samples[0]));
	take(sim, &h->samples[h->n++], now);
	h->next_ns = (uint64_t)((now / h->period + 1) * h->period) * NSEC_PER_JIFFY;
}

const struct sample *sim_samples(const struct sim *sim, struct samples_info *info)
{
	const struct sample_ring *h = &sim->sampling;

	info->n = h->n;
	info->period = h->period;
	info->nr_zones = h->nr_zones;
	info->nr_nodes = sim->nr_nodes;
	memcpy(info->nid, h->nid, sizeof(info->nid));
	memcpy(info->zid, h->zid, sizeof(info->zid));
	return h->samples;
}

void samples_scale(const struct sample *s, unsigned int n, int k, unsigned long *top,
		   uint32_t *most)
{
	*top = 1;
	*most = 1;
	for (unsigned int i = 0; i < n; i++) {
		if (s[i].z[k].free > *top)
			*top = s[i].z[k].free;
		if (s[i].z[k].wmark[WMARK_HIGH] > *top)
			*top = s[i].z[k].wmark[WMARK_HIGH];
		for (int o = 0; o < MAX_ORDER; o++)
			if (s[i].z[k].nr_free[o] > *most)
				*most = s[i].z[k].nr_free[o];
	}
}

static const char *const kthread_state_names[] = { "sleeping", "running", "napping" };

void samples_format_csv(const struct sim *sim, struct strbuf *out)
{
	const struct sample_ring *h = &sim->sampling;

	sb_puts(out, "jiffies,node,zone,nr_free_pages,min,low,high");
	for (int o = 0; o < MAX_ORDER; o++)
		sb_printf(out, ",free_blocks_o%d", o);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		sb_printf(out, ",free_pages_%s", migratetype_names[mt]);
	for (int o = 0; o < MAX_ORDER; o++)
		sb_printf(out, ",extfrag_o%d", o);
	for (int o = 0; o < MAX_ORDER; o++)
		sb_printf(out, ",unusable_o%d", o);
	sb_puts(out, ",kswapd_state,kswapd_runs,kcompactd_state,kcompactd_runs\n");
	for (unsigned int i = 0; i < h->n; i++) {
		const struct sample *s = &h->samples[i];

		for (int k = 0; k < h->nr_zones; k++) {
			const struct sample_zone *hz = &s->z[k];
			unsigned long nr[MAX_ORDER];
			struct contig_page_info info;
			int nid = h->nid[k];

			sb_printf(out, "%llu,%d,%s,%u,%u,%u,%u", (unsigned long long)s->jiffies, nid,
				  zone_names[h->zid[k]], hz->free, hz->wmark[WMARK_MIN],
				  hz->wmark[WMARK_LOW], hz->wmark[WMARK_HIGH]);
			for (int o = 0; o < MAX_ORDER; o++) {
				nr[o] = hz->nr_free[o];
				sb_printf(out, ",%u", hz->nr_free[o]);
			}
			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				sb_printf(out, ",%u", hz->free_mt[mt]);
			for (int o = 0; o < MAX_ORDER; o++) {
				fill_contig_page_info_nr(nr, (unsigned int)o, &info);
				sb_printf(out, ",%d", fragmentation_index_info((unsigned int)o, &info));
			}
			for (int o = 0; o < MAX_ORDER; o++) {
				fill_contig_page_info_nr(nr, (unsigned int)o, &info);
				sb_printf(out, ",%d", unusable_free_index((unsigned int)o, &info));
			}
			sb_printf(out, ",%s,%u,%s,%u\n",
				  kthread_state_names[s->kswapd_state[nid] % 3], s->kswapd_runs[nid],
				  kthread_state_names[s->kcompactd_state[nid] % 3],
				  s->kcompactd_runs[nid]);
		}
	}
}
