/* core/vmstat.c - names of the zone counters and VM events.
 * Models mm/vmstat.c vmstat_text[] (v4.5). The /proc views that print them
 * live in procfs.c.
 */
#include "buddyscope/vmstat.h"

#include <stddef.h>

/* Models: TEXTS_FOR_ZONES() - one name per zone type, in zone order. */
static const char *const vm_event_names[NR_VM_EVENT_ITEMS] = {
#define X(id, name) name,
#define Z(id, name) name "_dma", name "_dma32", name "_normal", name "_movable",
	VM_EVENT_ITEMS(X, Z)
#undef X
#undef Z
};

static const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = {
#define X(id, name) name,
	ZONE_STAT_ITEMS(X)
#undef X
};

const char *vm_event_name(enum vm_event_item i)
{
	if ((int)i < 0 || i >= NR_VM_EVENT_ITEMS)
		return NULL;
	return vm_event_names[i];
}

const char *zone_stat_name(enum zone_stat_item i)
{
	if ((int)i < 0 || i >= NR_VM_ZONE_STAT_ITEMS)
		return NULL;
	return zone_stat_names[i];
}
