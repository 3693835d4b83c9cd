/* tests/bench/bench_kswapd.c - how long kswapd takes to balance a big node.
 * bench_kswapd() boots "server64" (one 61 GiB Normal zone, ~16 M pages),
 * fills it with clean page cache to just below the min watermark, wakes
 * kswapd and times the ticks until it sleeps again. Reclaim must cost in
 * proportion to the pages it scans, never a walk over the whole mem_map. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../core/internal.h"
#include "buddyscope/gfp.h"
#include "buddyscope/machine.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"
#include "buddyscope/vmscan.h"

void bench_kswapd(enum kernel_version kernel);

static double bk_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void bench_kswapd(enum kernel_version kernel)
{
	struct sim_config cfg;
	struct sim *sim;
	struct zone *z;
	struct task *cur;
	unsigned long pages = 0, start_free, jiffies_taken = 0;
	char err[256];
	double t, secs;

	memset(&cfg, 0, sizeof(cfg));
	cfg.seed = 1;
	cfg.kernel = kernel;
	if (machine_preset("server64", &cfg.machine) || sim_create(&cfg, &sim, err, sizeof(err))) {
		fprintf(stderr, "bench_kswapd: cannot boot server64\n");
		return;
	}
	z = &sim->node_data[0]->node_zones[ZONE_NORMAL];
	/* page cache (read and closed: unmapped, clean) down to just below min;
	 * the filler may dig below min (PF_MEMALLOC) and never reclaims */
	cur = current_task(sim);
	cur->flags |= PF_MEMALLOC;
	while (zone_page_state(z, NR_FREE_PAGES) >= z->watermark[WMARK_MIN]) {
		unsigned long pfn = alloc_pages(sim, (GFP_HIGHUSER_MOVABLE | GFP_F_COLD) & ~GFP_F_RECLAIM, 0);

		if (pfn == PFN_NONE)
			break;
		lru_cache_add(sim, pfn, LRU_INACTIVE_FILE);
		mod_zone_page_state(page_zone(sim, pfn), NR_FILE_PAGES, 1);
		pages++;
	}
	cur->flags &= ~PF_MEMALLOC;
	start_free = zone_page_state(z, NR_FREE_PAGES);

	t = bk_now();
	wakeup_kswapd(sim, z, 0, ZONE_NORMAL);
	while (sim->node_data[0]->kswapd.state != KTHREAD_SLEEPING && jiffies_taken < 100000) {
		sim_tick(sim, 1);
		jiffies_taken++;
	}
	secs = bk_now() - t;
	printf("kswapd balance 64 GiB node min->high (v%s): %.3f s (target <= 1 s) %s\n",
	       kernel_desc(kernel)->name, secs, secs <= 1.0 ? "ok" : "MISSED");
	printf("  %lu pages of cache; Normal free %lu -> %lu (min %lu, high %lu); %lu jiffies, "
	       "%.2f ms of kswapd's CPU, %lu balance_pgdat, %lu scanned, %lu reclaimed\n",
	       pages, start_free, zone_page_state(z, NR_FREE_PAGES), z->watermark[WMARK_MIN],
	       z->watermark[WMARK_HIGH], jiffies_taken,
	       (double)sim->node_data[0]->kswapd.cpu_ns / 1e6, sim_vm_event(sim, PAGEOUTRUN),
	       sim_vm_event(sim, PGSCAN_KSWAPD_DMA32) + sim_vm_event(sim, PGSCAN_KSWAPD_NORMAL),
	       sim_vm_event(sim, PGSTEAL_KSWAPD_DMA32) + sim_vm_event(sim, PGSTEAL_KSWAPD_NORMAL));
	sim_destroy(sim);
}
