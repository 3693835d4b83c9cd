/* core/pcp.h - per-cpu list operations shared inside core/ (see pcp.c). */
#ifndef BUDDYSCOPE_CORE_PCP_H
#define BUDDYSCOPE_CORE_PCP_H

#include <stdbool.h>
#include <stdint.h>
#include "buddyscope/mmzone.h"

struct sim;

int rmqueue_bulk(struct sim *sim, struct zone *z, int count, uint32_t list, int mt, bool cold);
void free_hot_cold_page(struct sim *sim, struct zone *z, unsigned long pfn, bool cold, int cpu);
unsigned long pcp_alloc(struct sim *sim, struct zone *z, int cpu, int mt, bool cold);

#endif
