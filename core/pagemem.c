/* core/pagemem.c - memory for the page records (struct page[max_pfn]).
 *
 * They are the biggest allocation by far (16 bytes a page: 256 MiB for
 * 64 GiB, 4 GiB for 1 TiB). Mapped straight from the host kernel and zero
 * until written: boot writes only the records that are not all zero bytes
 * (sim.c fill_pages; an idle page of node 0's Normal zone is all zeros), so
 * for most of a large machine boot writes one record in 1024, the head of
 * each free block, and the host maps a 4 KiB page of records at the first
 * write. Huge pages are asked for only once boot is done (pagemem_booted):
 * asked for at mmap, every huge fault zeroes 2 MiB and, with the host's THP
 * defrag at "madvise", may compact the host's memory first (a 64 GiB boot
 * took 0.04-0.09 s with 4 KiB faults, 0.08-0.6 s with huge ones; make
 * bench prints the boot times); asked for afterwards, khugepaged collapses
 * the records into huge pages in the background where the host allows it.
 * Not above PAGEMEM_HUGE_MAX: a 1 TiB machine's 4 GiB would all become
 * resident. Not a model of kernel code: host plumbing. Small machines'
 * records come from calloc. Either way the memory reads as zeros.
 */
#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS, MADV_HUGEPAGE */
#include <stdlib.h>
#include <sys/mman.h>

#include "internal.h"

#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
#define PAGEMEM_MMAP_MIN	(2UL << 20)	/* below a huge page, calloc */
#define PAGEMEM_HUGE_MAX	(1UL << 30)	/* above, 4 KiB pages (see above) */
#else
#define PAGEMEM_MMAP_MIN	((size_t)-1)	/* no mmap here: calloc always */
#endif

void *pagemem_alloc(size_t bytes)
{
#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
	if (bytes >= PAGEMEM_MMAP_MIN) {
		void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

		return p == MAP_FAILED ? NULL : p;
	}
#endif
	return calloc(bytes ? bytes : 1, 1);
}

void pagemem_booted(void *p, size_t bytes)
{
#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
	if (p && bytes >= PAGEMEM_MMAP_MIN && bytes <= PAGEMEM_HUGE_MAX)
		madvise(p, bytes, MADV_HUGEPAGE);	/* a hint: refused is fine */
#else
	(void)p;
	(void)bytes;
#endif
}

void pagemem_free(const void *p, size_t bytes)
{
	if (!p)
		return;
#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
	if (bytes >= PAGEMEM_MMAP_MIN) {
		munmap((void *)p, bytes);
		return;
	}
#endif
	free((void *)p);
}
