/* include/buddyscope/costs.h - what the kernel's work costs in time.
 *
 * The simulated clock moves by what work costs, not by how many events it
 * printed. A user task's clock (the machine's clock, sim_clock_ns) moves by
 * the work it does: a page fault, a page read from the disk, a page its
 * direct reclaim scanned, a page its direct compaction migrated. Each kernel
 * thread - kswapd and kcompactd per node - has a clock of its own that moves
 * by the work it does, and runs on a CPU of its own, concurrently with the
 * tasks: the scheduler (core/sched.c) lets a thread do its next step while
 * its clock is behind the machine's. The disk is a device with its own
 * clock: a page written takes the disk's time, and completes later.
 *
 * Every cost has a source: measured on the build host (the program that
 * measured it is tests/bench/costs.c; `make bench` measures again and prints
 * both) or a published figure. `show costs` prints the table.
 */
#ifndef BUDDYSCOPE_COSTS_H
#define BUDDYSCOPE_COSTS_H

#include <stdint.h>
#include "buddyscope/strbuf.h"

#define COSTS(X)								\
	X(ANON_FAULT,	4100,	"anonymous page fault: trap, allocate, clear_page, map",	\
	  "measured: touching 16384 fresh pages of an MADV_NOHUGEPAGE mapping, "	\
	  "best of 5: 4018-4404 ns in three runs (build host: AMD EPYC, Linux 6.18 "	\
	  "under Firecracker)")								\
	X(COPY_USER,	660,	"read() of one page cache page into user memory (copy_to_user)", \
	  "measured: read() of a 64 MiB file in the page cache, 1 MiB at a time, "	\
	  "per 4 KiB page, best of 5: 612-996 ns in four runs (build host)")		\
	X(DISK_READ,	7447,	"the disk reads one 4 KiB page (a page cache miss)",		\
	  "published: 550 MB/s sequential read, Samsung 860 EVO SATA SSD data sheet: "	\
	  "4096 / 550e6 s")								\
	X(DISK_WRITE,	7877,	"the disk writes one 4 KiB page (writeback, swap-out)",		\
	  "published: 520 MB/s sequential write, the same data sheet: 4096 / 520e6 s")	\
	X(RECLAIM_PAGE,	900,	"reclaim looks at one LRU page (isolate, check references, "	\
	  "unmap or keep, remove from the page cache, free)",				\
	  "measured: posix_fadvise(POSIX_FADV_DONTNEED) of 16384 clean order-0 page "	\
	  "cache pages (written backwards, so no large folios), best of 5: 878-1078 ns " \
	  "in two runs (build host)")							\
	X(COPY_PAGE,	132,	"copy one 4 KiB page (migration, copy_page)",			\
	  "measured: memcpy of 4 KiB, best of 20 x 20000: 131-132 ns (build host)")	\
	X(UNMAP_PAGE,	117,	"exit or munmap unmaps one 4 KiB anonymous page and frees it "	\
	  "(zap_pte_range, the mmu_gather batch, free_unref_page_list)",		\
	  "measured: munmap() of 16384 touched pages of an MADV_NOHUGEPAGE mapping, "	\
	  "per page, best of 5: 113-120 ns in three runs (build host)")		\
	X(UNMAP_THP,	6200,	"exit or munmap unmaps one 2 MiB transparent huge page and frees it " \
	  "(zap_huge_pmd, the batch, the freeing of the compound page)",		\
	  "measured: munmap() of 32 touched THPs of an MADV_HUGEPAGE mapping (all 32 "	\
	  "huge, AnonHugePages), per THP, best of 5: 5938-7018 ns in three runs "	\
	  "(build host)")								\
	X(WAKEUP,	6638,	"a woken kernel thread starts running on another CPU",		\
	  "measured: half a pipe round trip between two processes, 100000 times: "	\
	  "6638-7421 ns in two runs (build host)")

enum cost_item {
#define X(id, ns, what, source) COST_##id,
	COSTS(X)
#undef X
	NR_COSTS
};

/* The cost of @item in nanoseconds. */
uint64_t cost_ns(enum cost_item item);
/* The cost of @item on CPUs @slowdown_pm / 1000 times slower than the
 * table's host (sim_cpu_slowdown): every cost but the disk's is scaled. */
uint64_t cost_ns_at(enum cost_item item, unsigned int slowdown_pm);
/* `show costs`: every cost, what it stands for and where the number comes from. */
/* @slowdown_pm: the machine's CPU slowdown in thousandths (sim_cpu_slowdown). */
/* @wakeup_ns: sim.wakeup_us when set (the WAKEUP row shows it), else NULL */
void costs_show(struct strbuf *out, unsigned int slowdown_pm, const uint64_t *wakeup_ns);

#endif
