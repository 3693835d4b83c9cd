/* core/realmachine_layout.c - where a real zone's pages go.
 *
 * /proc says how many free blocks a zone has per order and migratetype, how
 * many pageblocks of each type, how many pages are used and for what; it
 * never says where. This file picks places that reproduce every count the
 * files give, in one pass per zone over a byte map of its pfns:
 *
 *   1. holes and the kernel image where /proc/iomem had them (else whole
 *      pageblocks of hole at the zone's end, the rest after step 6); when
 *      pagetypeinfo counts fewer pageblocks than the zone has in sections
 *      with memory, whole-hole pageblocks from the end are left out too;
 *   2. free order-10 blocks, then free order-9 blocks, from the top of the
 *      zone down (boot frees memory there last), then the hugetlb pool;
 *      each takes whole pageblocks and gives them its type;
 *   3. the other pageblocks get the types the block counts still want,
 *      Unmovable, Reclaimable, ... first, from the bottom up;
 *   4. free blocks of order 8..0 into pageblocks of their own type, largest
 *      first, each where its buddy is not a free block of the same order
 *      (the two would have merged: __free_one_page never leaves that);
 *   5. what is left is used: floating holes and reserved pages, the per-cpu
 *      lists, then anon, file, slab, page tables and the rest of the kernel,
 *      each in pageblocks of the type its allocations ask for (slab and
 *      kernel in Unmovable, reclaimable slab in Reclaimable, LRU pages in
 *      Movable, block-device cache in Unmovable), overflowing elsewhere.
 *
 * Why step 4 can never merge two blocks: a fully free aligned range made of
 * two or more free blocks contains two buddies of one order, which step 4
 * refuses; so no free block ever has a free buddy of its order.
 * SIMPLIFICATION: used pages are order-0 blocks, THP-backed anonymous memory
 * included; the hugetlb pool is order-9 blocks.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/buddy.h"
#include "buddyscope/procfs.h"
#include "internal.h"
#include "buddyscope/replay.h"
#include "realmachine_apply.h"

#define ST_AVAIL	0
#define ST_HOLE		1
#define ST_RESV		2
#define ST_FREE		3	/* inside a free block */
#define ST_PCP		4
#define ST_HUGE		5	/* inside a hugetlb page */
#define ST_HUGE_HEAD	6
#define ST_KEEP		7	/* a trace frees it first: used, never free or pcp */
#define ST_USED		32	/* + enum real_cat */
#define ST_HEAD		64	/* + mt * 16 + order: first page of a free block */

#define PB_NONE		(-1)
#define HINT_UNTOUCHED	0xff	/* take_hinted(): only pages a trace never touches */

static inline bool st_is_head(uint8_t s)
{
	return s >= ST_HEAD;
}

static inline uint8_t st_head(int order, int mt)
{
	return (uint8_t)(ST_HEAD + mt * 16 + order);
}

/* ---- pageblocks ---- */

static unsigned long pb_of(const struct lay *L, unsigned long pfn)
{
	return (pfn >> pageblock_order) - L->first_pb;
}

static int pb_take_type(struct lay *L, unsigned long pb, int mt)
{
	int best = MIGRATE_MOVABLE;

	if (L->pbtype[pb] != PB_NONE)
		return L->pbtype[pb];
	if (L->budget[mt] <= 0) {	/* the counts want no more of @mt: the type most wanted */
		for (int t = 0; t < MIGRATE_TYPES; t++)
			if (L->budget[t] > L->budget[best])
				best = t;
		mt = L->budget[best] > 0 ? best : mt;
	}
	L->pbtype[pb] = (int8_t)mt;
	if (L->counted[pb])
		L->budget[mt]--;
	return mt;
}

static void mark(struct lay *L, unsigned long pfn, unsigned long n, uint8_t s)
{
	for (unsigned long i = 0; i < n; i++) {
		uint8_t *p = &L->st[pfn - L->start + i];

		if (*p == ST_AVAIL && s != ST_AVAIL)
			L->pbavail[pb_of(L, pfn + i)]--;
		*p = s;
	}
}

/* What a trace said of @pfn at its start (REPLAY_HINT_*). */
static uint8_t hint_of(const struct lay *L, unsigned long pfn)
{
	const struct real_machine *rm = L->rm;

	return rm && rm->hint && pfn < rm->nr_hint ? rm->hint[pfn] : REPLAY_HINT_NONE;
}

/* Does [@pfn, +@n) hold a page the trace takes from the buddy lists? */
static bool range_hinted(const struct lay *L, unsigned long pfn, unsigned long n)
{
	if (!L->pbhint || !L->pbhint[pb_of(L, pfn)])
		return false;
	for (unsigned long i = 0; i < n; i++)
		if (hint_of(L, pfn + i) == REPLAY_HINT_BUDDY)
			return true;
	return false;
}

static bool range_avail(const struct lay *L, unsigned long pfn, unsigned long n)
{
	if (pfn < L->start || pfn + n > L->end)
		return false;
	for (unsigned long i = 0; i < n; i++)
		if (L->st[pfn - L->start + i] != ST_AVAIL)
			return false;
	return true;
}

/* Could a free block of @order start at @pfn without merging? */
static bool can_free_at(const struct lay *L, unsigned long pfn, int order)
{
	unsigned long buddy = pfn ^ (1UL << order);

	if (!range_avail(L, pfn, 1UL << order))
		return false;
	if (order < MAX_ORDER - 1 && buddy >= L->start && buddy < L->end) {
		uint8_t b = L->st[buddy - L->start];

		if (st_is_head(b) && ((b - ST_HEAD) & 15) == order)
			return false;
	}
	return true;
}

static void place_free(struct lay *L, unsigned long pfn, int order, int mt)
{
	mark(L, pfn, 1UL << order, ST_FREE);
	L->st[pfn - L->start] = st_head(order, mt);
	L->placed[order][mt]++;
}

/* ---- 1. holes and the kernel image ---- */

static bool in_ranges(const struct real_machine *rm, unsigned long pfn, int kind)
{
	for (int i = 0; i < rm->nr_ranges; i++)
		if (rm->ranges[i].kind == kind && pfn >= rm->ranges[i].start && pfn < rm->ranges[i].end)
			return true;
	return false;
}

static void lay_holes(struct lay *L)
{
	const struct real_machine *rm = L->rm;
	unsigned long span = L->end - L->start, holes = span - L->zone->present_pages;
	unsigned long present = 0, resv = L->zone->present_pages - L->zone->managed_pages;
	bool iomem = false;

	if (rm && (rm->have & RF_IOMEM)) {
		for (unsigned long pfn = L->start; pfn < L->end; pfn++)
			present += in_ranges(rm, pfn, IOMEM_RAM);
		iomem = present == L->zone->present_pages;
		if (!iomem)
			L->notes_iomem_mismatch = present;
	}
	if (iomem) {
		for (unsigned long pfn = L->start; pfn < L->end; pfn++)
			if (!in_ranges(rm, pfn, IOMEM_RAM))
				mark(L, pfn, 1, ST_HOLE);
		/* the kernel image, where it was, as far as reserved pages go */
		for (unsigned long pfn = L->start; pfn < L->end && resv; pfn++)
			if (L->st[pfn - L->start] == ST_AVAIL && in_ranges(rm, pfn, IOMEM_KERNEL)) {
				mark(L, pfn, 1, ST_RESV);
				resv--;
				L->kernel_image++;
			}
		L->float_holes = 0;
	} else {
		/* whole pageblocks at the end, as a PCI hole below 4 GiB is; the
		 * rest is placed among the used pages later */
		unsigned long whole = holes & ~(pageblock_nr_pages - 1), pfn = L->end;

		while (whole && pfn > L->start) {
			pfn--;
			mark(L, pfn, 1, ST_HOLE);
			whole--;
			holes--;
		}
		L->float_holes = holes;
	}
	L->float_resv = resv;
}

/*
 * A real "Number of blocks type" table that counts fewer pageblocks than we
 * would: the kernel found no memory map at the others' first pfn. 4.x asks
 * pfn_valid(), true across a whole 128 MiB section with any memory in it;
 * 5.x and 6.x ask pfn_to_online_page(), which also needs the pfn's 2 MiB
 * subsection to hold memory, so pageblocks inside a section's hole drop out.
 * Those are pageblocks all hole: the last ones of the zone become uncounted
 * (PB_nomap), as many as the table is short. Fewer whole-hole pageblocks
 * than that: the rest stay counted, and the import's comparison says so.
 */
static void lay_uncounted(struct lay *L, const struct real_zone *rz)
{
	unsigned long table = 0;

	if (!rz->have_blocks)
		return;
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		table += rz->blocks[mt];
	for (unsigned long pb = L->nr_pb; pb-- > 0 && table < L->nr_counted;) {
		unsigned long lo = (pb + L->first_pb) << pageblock_order, hi = lo + pageblock_nr_pages;
		unsigned long pfn;

		lo = lo < L->start ? L->start : lo;
		hi = hi > L->end ? L->end : hi;
		for (pfn = lo; pfn < hi && L->st[pfn - L->start] == ST_HOLE; pfn++)
			;
		if (!L->counted[pb] || pfn < hi)
			continue;
		if (!L->nomap && !(L->nomap = calloc(L->nr_pb, 1)))
			return;		/* out of memory: the comparison will say */
		L->nomap[pb] = 1;
		L->counted[pb] = 0;
		L->nr_counted--;
	}
}

/* A trace's word on the start: the pages it frees first were allocated
 * (kept for used pages); the pages it takes from the buddy lists are
 * counted per pageblock, so free blocks go there first. */
static void lay_hints(struct lay *L)
{
	if (!L->rm || !L->rm->hint)
		return;
	L->pbhint = calloc(L->nr_pb, sizeof(*L->pbhint));
	if (!L->pbhint)
		return;		/* only a preference: go without */
	for (unsigned long pfn = L->start; pfn < L->end; pfn++) {
		uint8_t h = hint_of(L, pfn);

		if (h == REPLAY_HINT_BUDDY)
			L->pbhint[pb_of(L, pfn)]++;
		else if (h == REPLAY_HINT_USED && L->st[pfn - L->start] == ST_AVAIL) {
			mark(L, pfn, 1, ST_KEEP);
			L->pbkeep[pb_of(L, pfn)]++;
		}
	}
}

/* ---- 2. whole-pageblock blocks ---- */

static bool pb_full(const struct lay *L, unsigned long pb)
{
	return pb < L->nr_pb && L->pbavail[pb] == pageblock_nr_pages;
}

static void lay_order10(struct lay *L, const unsigned long want[MIGRATE_TYPES])
{
	unsigned long chunk_pbs = 1UL << (MAX_ORDER - 1 - pageblock_order);
	unsigned long first = (L->start + MAX_ORDER_NR_PAGES - 1) & ~(MAX_ORDER_NR_PAGES - 1);
	unsigned long top = L->end & ~(MAX_ORDER_NR_PAGES - 1);

	/* where a trace takes pages first, then from the top down */
	for (int pass = L->pbhint ? 0 : 1; pass < 2; pass++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			for (unsigned long pfn = top; L->placed[MAX_ORDER - 1][mt] < want[mt] &&
			     pfn >= first + MAX_ORDER_NR_PAGES;) {
				unsigned long pb;
				bool ok = true;

				pfn -= MAX_ORDER_NR_PAGES;
				pb = pb_of(L, pfn);
				for (unsigned long k = 0; k < chunk_pbs; k++)
					ok &= pb_full(L, pb + k);
				if (!ok || !can_free_at(L, pfn, MAX_ORDER - 1) ||
				    (pass == 0 && !range_hinted(L, pfn, MAX_ORDER_NR_PAGES)))
					continue;
				for (unsigned long k = 0; k < chunk_pbs; k++)
					pb_take_type(L, pb + k, mt);
				place_free(L, pfn, MAX_ORDER - 1, mt);
			}
		}
}

/* Free order-9 blocks take whole pageblocks whose buddy pageblock is not
 * wholly free: first those whose buddy already holds something, then pairs. */
static void lay_order9(struct lay *L, const unsigned long want[MIGRATE_TYPES])
{
	const int o = pageblock_order;

	for (int pass = L->pbhint ? 0 : 2; pass < 4; pass++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			for (unsigned long pb = L->nr_pb; pb-- > 0 && L->placed[o][mt] < want[mt];) {
				unsigned long pfn = (pb + L->first_pb) << pageblock_order;
				unsigned long bpb = pb_of(L, pfn ^ pageblock_nr_pages);

				if (!pb_full(L, pb) || (!(pass & 1) && pb_full(L, bpb)) ||
				    (pass < 2 && !range_hinted(L, pfn, pageblock_nr_pages)))
					continue;
				if (!can_free_at(L, pfn, o))
					continue;
				pb_take_type(L, pb, mt);
				place_free(L, pfn, o, mt);
			}
		}
}

static void lay_hugetlb(struct lay *L, unsigned long n)
{
	for (unsigned long pb = 0; pb < L->nr_pb && n; pb++) {
		unsigned long pfn = (pb + L->first_pb) << pageblock_order;

		if (!pb_full(L, pb) || !range_avail(L, pfn, pageblock_nr_pages))
			continue;
		pb_take_type(L, pb, MIGRATE_MOVABLE);
		mark(L, pfn, pageblock_nr_pages, ST_HUGE);
		L->st[pfn - L->start] = ST_HUGE_HEAD;
		L->huge_placed++;
		n--;
	}
}

/* ---- 3. the other pageblocks' types ---- */

static void lay_types(struct lay *L)
{
	static const int order[MIGRATE_TYPES] = {
		MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, MIGRATE_HIGHATOMIC, MIGRATE_CMA,
		MIGRATE_ISOLATE, MIGRATE_MOVABLE,
	};
	int k = 0;

	for (unsigned long pb = 0; pb < L->nr_pb; pb++) {
		if (L->pbtype[pb] != PB_NONE)
			continue;
		if (!L->counted[pb]) {
			L->pbtype[pb] = MIGRATE_MOVABLE;	/* memmap_init_zone's default */
			continue;
		}
		while (k < MIGRATE_TYPES - 1 && L->budget[order[k]] <= 0)
			k++;
		pb_take_type(L, pb, order[k]);
	}
}

/* ---- 4. smaller free blocks ---- */

static unsigned long carve_in(struct lay *L, unsigned long pb, int order, int mt,
			      unsigned long n, bool hinted)
{
	unsigned long base = (pb + L->first_pb) << pageblock_order, size = 1UL << order;
	unsigned long done = 0;

	if (L->pbavail[pb] < size || (hinted && !L->pbhint[pb]))
		return 0;
	for (unsigned long pfn = base; pfn < base + pageblock_nr_pages && done < n; pfn += size)
		if (can_free_at(L, pfn, order) && (!hinted || range_hinted(L, pfn, size))) {
			place_free(L, pfn, order, mt);
			done++;
			if (L->pbavail[pb] < size)
				break;
		}
	return done;
}

static void lay_small(struct lay *L, const unsigned long want[MAX_ORDER][MIGRATE_TYPES])
{
	for (int o = pageblock_order - 1; o >= 0; o--)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			unsigned long n = want[o][mt] - L->placed[o][mt];

			/* where a trace takes pages first; own type before any
			 * other, from the top down */
			for (int pass = L->pbhint ? 0 : 2; pass < 4 && n; pass++)
				for (unsigned long pb = L->nr_pb; pb-- > 0 && n;)
					if ((L->pbtype[pb] == mt) == !(pass & 1))
						n -= carve_in(L, pb, o, mt, n, pass < 2);
		}
}

/* ---- 5. what is used ---- */

/* Take @n available pages as @s, from pageblocks of type @mt (-1: any),
 * bottom-up or top-down; with @hint only pages the trace said that of.
 * Used pages may also take the pages a trace frees first (ST_KEEP).
 * Return: pages taken. */
static unsigned long take_hinted(struct lay *L, unsigned long n, uint8_t s, int mt, bool down,
				 uint8_t hint)
{
	bool used = s >= ST_USED && s < ST_HEAD;
	unsigned long done = 0;

	for (unsigned long i = 0; i < L->nr_pb && done < n; i++) {
		unsigned long pb = down ? L->nr_pb - 1 - i : i;
		unsigned long base = (pb + L->first_pb) << pageblock_order;

		if ((!L->pbavail[pb] && !(used && L->pbkeep[pb])) || (mt >= 0 && L->pbtype[pb] != mt))
			continue;
		for (unsigned long k = 0; k < pageblock_nr_pages && done < n; k++) {
			unsigned long pfn = down ? base + pageblock_nr_pages - 1 - k : base + k;
			uint8_t st;

			if (pfn < L->start || pfn >= L->end)
				continue;
			st = L->st[pfn - L->start];
			if (!(st == ST_AVAIL || (used && st == ST_KEEP)) ||
			    (hint == HINT_UNTOUCHED ? hint_of(L, pfn) != REPLAY_HINT_NONE :
			     hint && hint_of(L, pfn) != hint))
				continue;
			if (st == ST_KEEP) {
				L->st[pfn - L->start] = s;
				L->pbkeep[pb]--;
			} else {
				mark(L, pfn, 1, s);
			}
			done++;
		}
	}
	return done;
}

static unsigned long take(struct lay *L, unsigned long n, uint8_t s, int mt, bool down)
{
	return take_hinted(L, n, s, mt, down, REPLAY_HINT_NONE);
}

/* Pageblock types each kind of page prefers, in order (-1 ends). */
static const int8_t cat_pref[NR_REAL_CATS][4] = {
	[CAT_ANON]	= { MIGRATE_MOVABLE, -1 },
	[CAT_SHMEM]	= { MIGRATE_MOVABLE, -1 },
	[CAT_FILE]	= { MIGRATE_MOVABLE, -1 },
	[CAT_BUFFERS]	= { MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, -1 },
	[CAT_UNEVICTABLE] = { MIGRATE_MOVABLE, -1 },
	[CAT_SLAB_R]	= { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE, -1 },
	[CAT_SLAB_U]	= { MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, -1 },
	[CAT_PAGETABLE]	= { MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, -1 },
	[CAT_KSTACK]	= { MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, -1 },
	[CAT_KERNEL]	= { MIGRATE_UNMOVABLE, MIGRATE_RECLAIMABLE, -1 },
};

static void lay_used(struct lay *L)
{
	unsigned long left[NR_REAL_CATS], n;
	bool low = L->zone->zid == ZONE_DMA;	/* low memory: the BIOS's, reserved first */

	/* holes and reserved pages where the trace does not look, if it looks */
	n = take_hinted(L, L->float_holes, ST_HOLE, -1, false, HINT_UNTOUCHED);
	n += take(L, L->float_holes - n, ST_HOLE, -1, false);
	L->float_holes -= n;
	n = take_hinted(L, L->float_resv, ST_RESV, -1, !low, HINT_UNTOUCHED);
	n += take(L, L->float_resv - n, ST_RESV, -1, !low);
	L->float_resv -= n;
	n = take_hinted(L, L->pcp_pages, ST_PCP, -1, true, REPLAY_HINT_PCP);
	n += take(L, L->pcp_pages - n, ST_PCP, MIGRATE_MOVABLE, true);
	n += take(L, L->pcp_pages - n, ST_PCP, -1, true);
	L->pcp_short = L->pcp_pages - n;
	/* the constrained kinds first, in the pageblocks they want */
	for (int c = 0; c < NR_REAL_CATS; c++)
		left[c] = L->cat[c];
	for (int rank = 0; rank < 3; rank++)
		for (int c = NR_REAL_CATS - 1; c >= 0; c--)
			if (cat_pref[c][rank] >= 0 && (rank == 0 || cat_pref[c][rank - 1] >= 0))
				left[c] -= take(L, left[c], (uint8_t)(ST_USED + c), cat_pref[c][rank],
						false);
	for (int c = 0; c < NR_REAL_CATS; c++) {
		left[c] -= take(L, left[c], (uint8_t)(ST_USED + c), -1, false);
		L->cat_short += left[c];
	}
	/* whatever the counters did not account for is the kernel's */
	L->extra_kernel = take(L, L->end - L->start, ST_USED + CAT_KERNEL, -1, false);
}

/* ---- the whole zone ---- */

int real_layout_zone(struct lay *L, const struct real_zone *rz)
{
	unsigned long want10[MIGRATE_TYPES], want9[MIGRATE_TYPES];
	struct zone *z = L->zone;

	L->start = z->zone_start_pfn;
	L->end = zone_end_pfn(z);
	L->first_pb = L->start >> pageblock_order;
	L->nr_pb = ((L->end - 1) >> pageblock_order) - L->first_pb + 1;
	L->st = calloc(L->end - L->start, 1);
	L->pbtype = malloc(L->nr_pb);
	L->pbavail = calloc(L->nr_pb, sizeof(*L->pbavail));
	L->counted = calloc(L->nr_pb, 1);
	L->pbkeep = calloc(L->nr_pb, sizeof(*L->pbkeep));
	if (!L->st || !L->pbtype || !L->pbavail || !L->counted || !L->pbkeep)
		return -ENOMEM;
	memset(L->pbtype, PB_NONE, L->nr_pb);
	for (unsigned long pfn = L->start; pfn < L->end; pfn++)
		L->pbavail[pb_of(L, pfn)]++;
	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		L->budget[mt] = (long)rz->blocks[mt];
	for (unsigned long pfn = L->start; pfn < L->end; pfn += pageblock_nr_pages)
		if (procfs_pageblock_counted(L->sim, pfn)) {
			L->counted[pb_of(L, pfn)] = 1;
			L->nr_counted++;
		}
	lay_holes(L);
	lay_uncounted(L, rz);
	lay_hints(L);
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		want10[mt] = rz->nr_free_mt[MAX_ORDER - 1][mt];
		want9[mt] = rz->nr_free_mt[pageblock_order][mt];
	}
	lay_order10(L, want10);
	lay_order9(L, want9);
	lay_hugetlb(L, L->huge_pages);
	lay_types(L);
	lay_small(L, rz->nr_free_mt);
	lay_used(L);
	return 0;
}

void real_layout_release(struct lay *L)
{
	free(L->st);
	free(L->pbtype);
	free(L->pbavail);
	free(L->counted);
	free(L->nomap);
	L->nomap = NULL;
	free(L->pbkeep);
	free(L->pbhint);
	L->pbkeep = L->pbhint = NULL;
	L->st = NULL;
	L->pbtype = NULL;
	L->pbavail = NULL;
	L->counted = NULL;
}

/* The byte map's verdict on @pfn, for real_layout_commit's walk. */
int real_layout_kind(const struct lay *L, unsigned long pfn, int *order, int *mt)
{
	uint8_t s = L->st[pfn - L->start];

	if (st_is_head(s)) {
		*order = (s - ST_HEAD) & 15;
		*mt = (s - ST_HEAD) >> 4;
		return LAY_FREE;
	}
	switch (s) {
	case ST_HOLE: return LAY_HOLE;
	case ST_RESV: return LAY_RESV;
	case ST_FREE: return LAY_INSIDE;
	case ST_HUGE: return LAY_INSIDE;
	case ST_HUGE_HEAD: return LAY_HUGE;
	case ST_PCP: return LAY_PCP;
	default: break;
	}
	if (s >= ST_USED && s < ST_USED + NR_REAL_CATS) {
		*order = s - ST_USED;
		return LAY_USED;
	}
	return LAY_HOLE;	/* ST_AVAIL cannot be left after lay_used() */
}

int real_layout_pbtype(const struct lay *L, unsigned long pfn)
{
	return L->pbtype[pb_of(L, pfn)];
}

bool real_layout_nomap(const struct lay *L, unsigned long pfn)
{
	return L->nomap && L->nomap[pb_of(L, pfn)];
}
