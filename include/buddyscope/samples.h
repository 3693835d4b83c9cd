/* include/buddyscope/samples.h - the machine over simulated time: samples
 * for the charts and `export history` (not time travel: that is
 * app/history.h, `back` and `forward`).
 *
 * The engine samples itself on simulated time (every period jiffies, as the
 * scheduler passes them): per zone the free pages and the three watermarks,
 * the free blocks per order and the free pages per migratetype; per node
 * kswapd's and kcompactd's state and runs. The fragmentation indices follow
 * from the free blocks per order (fill_contig_page_info_nr). The samples
 * live in a fixed ring the sim owns, tracked by the snapshot module, so
 * `back` restores them with the rest of the state. When the ring is full,
 * every other sample is dropped and the period doubles: the whole run stays
 * on the chart, at a coarser step.
 */
#ifndef BUDDYSCOPE_SAMPLES_H
#define BUDDYSCOPE_SAMPLES_H

#include <stdint.h>
#include "buddyscope/mmzone.h"
#include "buddyscope/strbuf.h"

struct sim;

#define SAMPLES_LEN		256	/* samples kept */
#define SAMPLES_ZONES		8	/* the first 8 populated zones, node by node */
#define SAMPLES_PERIOD		10	/* jiffies between samples at boot */

struct sample_zone {
	uint32_t	free;			/* NR_FREE_PAGES */
	uint32_t	wmark[NR_WMARK];	/* min, low, high */
	uint32_t	nr_free[MAX_ORDER];	/* free blocks per order */
	uint32_t	free_mt[MIGRATE_TYPES];	/* free pages per migratetype */
};

struct sample {
	uint64_t	jiffies;
	uint32_t	kswapd_runs[MAX_NUMNODES];	/* balance_pgdat() calls so far */
	uint32_t	kcompactd_runs[MAX_NUMNODES];
	uint8_t		kswapd_state[MAX_NUMNODES];	/* enum kthread_state */
	uint8_t		kcompactd_state[MAX_NUMNODES];
	struct sample_zone z[SAMPLES_ZONES];
};

/* Which zones the samples hold, and how many samples there are. */
struct samples_info {
	unsigned int	n;			/* samples, oldest first */
	unsigned long	period;			/* jiffies between samples now */
	int		nr_zones;
	uint8_t		nid[SAMPLES_ZONES], zid[SAMPLES_ZONES];
	int		nr_nodes;
};

/* The samples, oldest first (valid until the sim changes), and @info. */
const struct sample *sim_samples(const struct sim *sim, struct samples_info *info);

/* The scales of a chart of zone @k over @n samples: @top, the most of its
 * free pages and high watermark (at least 1); @most, the most free blocks
 * of any order (at least 1). */
void samples_scale(const struct sample *s, unsigned int n, int k, unsigned long *top,
		   uint32_t *most);

/* CSV, one row a sample and zone: jiffies, node, zone, free pages, the
 * watermarks, free blocks per order, free pages per migratetype, the
 * extfrag and unusable indices per order (thousandths, as debugfs before
 * its decimal point), and the node's kswapd and kcompactd. */
void samples_format_csv(const struct sim *sim, struct strbuf *out);

#endif
