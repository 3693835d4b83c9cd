/* core/pagemem.c - memory for the page records (struct page[max_pfn]).
 *
 * They are the biggest allocation by far (16 bytes a page: 256 MiB for
 * 64 GiB, 4 GiB for 1 TiB). Mapped straight from the host kernel, with
 * transparent huge pages asked for where it allows them (its madvise
 * mode), booting faults a huge page at a time instead of a 4 KiB one: a
 * 64 GiB machine's records were written 3x faster so. Not above
 * PAGEMEM_HUGE_MAX: with THP defrag "madvise" each huge fault may compact
 * the host's memory first, and for the 4 GiB of a 1 TiB machine the first
 * boot took 3x longer than with 4 KiB pages (make bench prints the boot
 * times). Not a model of kernel code: host plumbing. Elsewhere, malloc.
 */
#define _DEFAULT_SOURCE		/* MAP_ANONYMOUS, MADV_HUGEPAGE */
#include <stdlib.h>
#include <sys/mman.h>

#include "internal.h"

#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
#define PAGEMEM_MMAP_MIN	(2UL << 20)	/* below a huge page, malloc */
#define PAGEMEM_HUGE_MAX	(1UL << 30)	/* above, 4 KiB pages (see above) */
#else
#define PAGEMEM_MMAP_MIN	((size_t)-1)	/* no mmap here: malloc always */
#endif

void *pagemem_alloc(size_t bytes)
{
#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
	if (bytes >= PAGEMEM_MMAP_MIN) {
		void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			       -1, 0);

		if (p == MAP_FAILED)
			return NULL;
		if (bytes <= PAGEMEM_HUGE_MAX)
			madvise(p, bytes, MADV_HUGEPAGE);	/* a hint: refused is fine */
		return p;
	}
#endif
	return malloc(bytes ? bytes : 1);
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
