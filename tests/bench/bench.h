/* tests/bench/bench.h - what more than one benchmark runs. */
#ifndef BUDDYSCOPE_BENCH_H
#define BUDDYSCOPE_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"

/* One operation of the mixed-order workload (bench.c's M ops/s and
 * bench_fastpath.c's instructions per operation): by the next random
 * number, an allocation of a random order 0..MAX_ORDER-1 kept in @held, or
 * the free of a random kept block. Inline, so that the instruction count
 * is the allocator's, not a call's. */
static inline void bench_mixed_op(struct sim *sim, unsigned long *held, size_t *nheld,
				  size_t cap)
{
	uint64_t r = sim_random(sim);

	if ((r & 1) && *nheld < cap) {
		unsigned long pfn = alloc_pages(sim, GFP_HIGHUSER_MOVABLE,
						(unsigned int)((r >> 8) % MAX_ORDER));

		if (pfn != PFN_NONE)
			held[(*nheld)++] = pfn;
	} else if (*nheld) {
		size_t k = (size_t)((r >> 8) % *nheld);

		free_pages(sim, held[k], -1);
		held[k] = held[--*nheld];
	}
}

#endif
