/* core/realmachine_apply.h - what booting from a real machine's files shares
 * between realmachine_apply.c (the counts, the tasks, the sysctls) and
 * realmachine_layout.c (where each page goes). */
#ifndef BUDDYSCOPE_REALMACHINE_APPLY_H
#define BUDDYSCOPE_REALMACHINE_APPLY_H

#include <stdbool.h>
#include <stdint.h>
#include "buddyscope/realmachine.h"

struct sim;
struct zone;

/* What a used page of a zone is, as the counters divide them. */
enum real_cat {
	CAT_ANON,		/* anonymous, mapped by a task (nr_anon_pages) */
	CAT_SHMEM,		/* on the anon LRU, mapped by nobody we know (shmem, tmpfs) */
	CAT_FILE,		/* page cache on the file LRU */
	CAT_UNEVICTABLE,	/* mlocked: the unevictable list */
	CAT_BUFFERS,		/* block-device page cache: file LRU, allocated unmovable */
	CAT_PAGETABLE,
	CAT_KSTACK,
	CAT_SLAB_U,
	CAT_SLAB_R,
	CAT_KERNEL,		/* every other kernel allocation */
	NR_REAL_CATS
};

/* The layout of one zone in progress (realmachine_layout.c). */
struct lay {
	struct sim	*sim;
	struct zone	*zone;
	const struct real_machine *rm;	/* NULL: no iomem to follow */
	unsigned long	start, end;	/* the zone's span */
	unsigned long	first_pb, nr_pb;
	uint8_t		*st;		/* owned; a state byte per pfn of the span */
	int8_t		*pbtype;	/* owned; per pageblock */
	uint16_t	*pbavail;	/* owned; pages still available per pageblock */
	uint8_t		*counted;	/* owned; pageblocks pagetypeinfo counts */
	uint8_t		*nomap;		/* owned, may be NULL; pageblocks the real table
					 * left out that we count: PB_nomap */
	uint16_t	*pbkeep;	/* owned; pages kept for used ones (a trace frees them) */
	uint16_t	*pbhint;	/* owned, may be NULL; pages a trace takes from the buddy */
	unsigned long	nr_counted;
	long		budget[MIGRATE_TYPES];	/* pageblocks each type still wants */
	unsigned long	placed[MAX_ORDER][MIGRATE_TYPES];	/* free blocks placed */
	/* inputs for step 5 */
	unsigned long	huge_pages;	/* hugetlb pages (order 9) to place */
	unsigned long	pcp_pages;
	unsigned long	cat[NR_REAL_CATS];
	/* what happened */
	unsigned long	float_holes, float_resv;	/* left to place; 0 when done */
	unsigned long	kernel_image;	/* reserved pages put where iomem had the kernel */
	unsigned long	notes_iomem_mismatch;	/* iomem's present count when it disagreed */
	unsigned long	huge_placed;
	unsigned long	pcp_short, cat_short, extra_kernel;
};

/* Lay out L->zone (L->sim, ->zone, ->rm, ->huge_pages, ->pcp_pages, ->cat set). */
int real_layout_zone(struct lay *L, const struct real_zone *rz);
void real_layout_release(struct lay *L);

enum { LAY_HOLE, LAY_RESV, LAY_FREE, LAY_INSIDE, LAY_PCP, LAY_HUGE, LAY_USED };
/* What @pfn became: LAY_FREE sets *order and *mt; LAY_USED sets *order to its
 * enum real_cat. */
int real_layout_kind(const struct lay *L, unsigned long pfn, int *order, int *mt);
int real_layout_pbtype(const struct lay *L, unsigned long pfn);

/* realmachine_shown.c: the vm sysctls as the machine had them; the
 * watermarks, protection, pcp sizes and file-given counters as zoneinfo
 * showed them (after the zones are laid out). */
void real_apply_sysctls(struct sim *sim, const struct real_machine *rm);
void real_apply_as_shown(struct sim *sim, const struct real_machine *rm);
/* Is @pfn's pageblock one the real pagetypeinfo did not count (PB_nomap)? */
bool real_layout_nomap(const struct lay *L, unsigned long pfn);

#endif
