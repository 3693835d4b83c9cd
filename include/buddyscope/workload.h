/* include/buddyscope/workload.h - what real machines do that the other
 * requests do not say: drop_caches, the hugetlb pool, mlock, SIGKILL,
 * deferring compaction, anonymous faults that try a THP first.
 * Each validates before it changes anything and returns 0 (or a count) or a
 * negative errno with sim_errmsg() set.
 */
#ifndef BUDDYSCOPE_WORKLOAD_H
#define BUDDYSCOPE_WORKLOAD_H

#include <stdbool.h>
#include "buddyscope/gfp.h"

struct sim;

/**
 * drop_caches - what writing @mode to /proc/sys/vm/drop_caches does
 * (fs/drop_caches.c): 1 frees the clean, unmapped page cache, 2 the
 * reclaimable slab, 3 both. *@pagecache and *@slab say how many pages.
 * Return: 0, -EINVAL, or -EINTR when sim_interrupted() stopped it between
 * two pages (or two rounds of the slab shrinker, as 6.1's drop_slab() stops
 * for a fatal signal).
 */
int drop_caches(struct sim *sim, int mode, unsigned long *pagecache, unsigned long *slab);

/* The hugetlb pool: 2 MiB pages (order 9) taken from the buddy allocator. */
struct hugetlb_result {
	unsigned long	before, after;	/* pool size */
	unsigned long	failed;		/* allocations refused on the way (grow) */
	unsigned long	per_node[8];	/* pool pages per node after */
};
/**
 * hugetlb_set_pool - write vm.nr_hugepages: grow the pool node by node,
 * round-robin, each page an order-9 request with __GFP_THISNODE and the
 * version's retry flags, until @nr or until every node refuses; or shrink it
 * node by node. Return: 0 (a pool smaller than asked is a result, as in the
 * kernel), or -EINVAL.
 */
int hugetlb_set_pool(struct sim *sim, unsigned long nr, struct hugetlb_result *res);
unsigned long hugetlb_pool_size(const struct sim *sim);

/* Who holds the allocated block at @pfn when it is not a task: "the hugetlb
 * pool", "the kernel (...)" of an imported machine, a trace replay's; NULL
 * for a task's, an `alloc`'s, or no block. Static text. */
const char *page_special_owner(const struct sim *sim, unsigned long pfn);

/* mlock @n of task @pid's resident pages (anon and mapped file, in pfn
 * order): the unevictable list. Return: pages locked (>= 0), or
 * -ESRCH/-EPERM. `task touch TASK anon N` after `thp` decides THP faults. */
long task_mlock(struct sim *sim, int pid, unsigned long n);

/* SIGKILL to @pid: fatal_signal_pending() from now on (a request it is
 * in the middle of sees it); it exits at its next return to user space,
 * which for a task that is not running a request is the next jiffy.
 * Return: 0, -ESRCH, -EPERM (kernel threads, init). */
int task_kill(struct sim *sim, int pid);

/* defer_compaction() for zone @zid of node @nid at @order, as a failed
 * compaction would. Return: 0 or -EINVAL. */
int compaction_defer_zone(struct sim *sim, int nid, int zid, int order);

/* Transparent huge pages: /sys/kernel/mm/transparent_hugepage/{enabled,defrag}.
 * At boot: the 4.x model "never" (its min_free_kbytes is the one without
 * khugepaged), 6.1 (Debian) "always"; defrag "always" in 4.5, "madvise"
 * from 4.6. An imported machine takes its own. Turning THP on starts
 * khugepaged, which raises min_free_kbytes (set_recommended_min_free_kbytes).
 * Defrag settings by version: 4.5 always|madvise|never, 4.6 adds defer,
 * 4.11 defer+madvise. */
enum thp_enabled { THP_ALWAYS, THP_MADVISE, THP_NEVER, NR_THP_ENABLED };
enum thp_defrag { THP_DEFRAG_ALWAYS, THP_DEFRAG_DEFER, THP_DEFRAG_DEFER_MADVISE,
		  THP_DEFRAG_MADVISE, THP_DEFRAG_NEVER, NR_THP_DEFRAG };
/* NULL leaves a setting as it is. Return: 0 or -EINVAL (nothing changed). */
int thp_set(struct sim *sim, const char *enabled, const char *defrag);
/* "[always] madvise never" and the defrag line, as sysfs prints them */
void thp_show(const struct sim *sim, char *enabled, size_t elen, char *defrag, size_t dlen);
/* The GFP mask of a THP fault under the settings and the kernel's rule
 * (alloc_hugepage_direct_gfpmask), for a VMA with or without MADV_HUGEPAGE. */
gfp_t thp_fault_gfp(const struct sim *sim, bool madvised);
/* Whether such a fault tries a THP at all (the enabled setting). */
bool thp_fault_allowed(const struct sim *sim, bool madvised);

#endif
