/* app/tui_pages.c - what the page map says about pages: the state of the
 * page at a pfn (free, on a pcp list, allocated, slab, on an LRU list,
 * isolated, reserved, hole) with its glyph and colour, and which pfns the
 * last action touched, read from its allocation and free events (so that a
 * change shows at any zoom). tui_pagemap.c lays the cells out and draws.
 */
#include "tui.h"

#include "buddyscope/sim.h"

static const struct {
	uint32_t	uni;
	char		ascii;
	const char	*name;
} pm_states[NR_PM_STATES] = {
	[PM_OUTSIDE]	= { ' ', ' ', "" },
	[PM_HOLE]	= { ' ', ' ', "hole" },
	[PM_RESERVED]	= { 0x00d7, 'x', "reserved" },	/* × */
	[PM_FREE]	= { 0x00b7, '.', "free" },	/* · */
	[PM_PCP]	= { 'p', 'p', "pcp" },
	[PM_ALLOC]	= { 0x2588, '#', "allocated" },	/* █ */
	[PM_SLAB]	= { 's', 's', "slab" },
	[PM_ANON]	= { 'a', 'a', "anon LRU" },
	[PM_FILE]	= { 'f', 'f', "file LRU" },
	[PM_ISOLATED]	= { 'm', 'm', "migrating" },
};

uint32_t pm_glyph(enum pm_state s)
{
	return tui_ascii ? (uint32_t)pm_states[s].ascii : pm_states[s].uni;
}

const char *pm_state_name(enum pm_state s)
{
	return pm_states[s].name;
}

enum ui_color mt_color(int mt)
{
	static const enum ui_color colors[MIGRATE_TYPES] = {
		UI_MT_UNMOVABLE, UI_MT_MOVABLE, UI_MT_RECLAIMABLE, UI_MT_HIGHATOMIC, UI_MT_CMA,
		UI_MT_ISOLATE,
	};

	return mt >= 0 && mt < MIGRATE_TYPES ? colors[mt] : UI_DIM;
}

static enum pm_state head_state(const struct page *p)
{
	if (p->flags & PG_isolated)
		return PM_ISOLATED;
	if (p->flags & PG_lru)
		return (p->flags & PG_swapbacked) ? PM_ANON : PM_FILE;
	if (p->flags & PG_slab)
		return PM_SLAB;
	return PM_ALLOC;
}

/* Models page_order()/PageBuddy lookups: the pfn's block and its state.
 * The mem_map is one array from pfn 0 (mmzone.h: struct memmap), so the
 * page of pfn is pages[pfn]. */
enum pm_state pagemap_classify(const struct sim *sim, unsigned long pfn, unsigned long *block_end)
{
	const struct page *pages = sim_page(sim, 0), *p;

	*block_end = pfn + 1;
	if (!pages || pfn >= sim_max_pfn(sim))
		return PM_OUTSIDE;
	p = &pages[pfn];
	if (p->flags & PG_nomem)
		return PM_HOLE;
	if (p->flags & PG_reserved)
		return PM_RESERVED;
	if (p->flags & PG_pcp)
		return PM_PCP;
	if (p->flags & (PG_buddy | PG_head)) {
		*block_end = pfn + (1UL << p->order);
		return (p->flags & PG_buddy) ? PM_FREE : head_state(p);
	}
	for (int o = MAX_ORDER - 1; o >= 1; o--) {
		unsigned long h = pfn & ~((1UL << o) - 1);
		const struct page *hp = &pages[h];

		if (h != pfn && (hp->flags & (PG_buddy | PG_head)) && h + (1UL << hp->order) > pfn) {
			*block_end = h + (1UL << hp->order);
			return (hp->flags & PG_buddy) ? PM_FREE : head_state(hp);
		}
	}
	return PM_ALLOC;
}

/* ---- what the last action touched, from its events ---- */

static void touch(struct tui_pagemap *pm, unsigned long pfn, unsigned int order)
{
	unsigned long e = pfn + (1UL << (order < 31 ? order : 31));

	if (pfn == PFN_NONE)
		return;
	if (pm->nchg < PM_CHANGES) {
		pm->chg[pm->nchg][0] = pfn;
		pm->chg[pm->nchg++][1] = e;
		return;
	}
	/* more than fit: the last range grows to cover the rest */
	if (pfn < pm->chg[PM_CHANGES - 1][0])
		pm->chg[PM_CHANGES - 1][0] = pfn;
	if (e > pm->chg[PM_CHANGES - 1][1])
		pm->chg[PM_CHANGES - 1][1] = e;
}

void pagemap_note_events(struct tui_pagemap *pm, const struct sim *sim)
{
	struct trace_event buf[64];
	size_t n;

	pm->nchg = 0;
	if (pm->ev_sim != sim || pm->ev_cursor > trace_next_seq(sim)) {
		pm->ev_sim = sim;	/* a new machine: its boot is not a change */
		pm->ev_cursor = trace_next_seq(sim);
		return;
	}
	while ((n = trace_read(sim, &pm->ev_cursor, buf, 64, NULL)) > 0)
		for (size_t i = 0; i < n; i++) {
			const struct trace_event *ev = &buf[i];

			switch (ev->id) {
			case TRACE_mm_page_alloc:
			case TRACE_mm_page_free:
			case TRACE_mm_page_free_batched:
			case TRACE_mm_page_alloc_zone_locked:
			case TRACE_mm_page_pcpu_drain:
			case TRACE_mm_page_alloc_extfrag:
				touch(pm, ev->pfn, ev->order);
				break;
			default:
				break;
			}
		}
}

bool pagemap_touched(const struct tui_pagemap *pm, unsigned long s, unsigned long e)
{
	for (int i = 0; i < pm->nchg; i++)
		if (pm->chg[i][0] < e && s < pm->chg[i][1])
			return true;
	return false;
}

