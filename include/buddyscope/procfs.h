/* include/buddyscope/procfs.h - /proc views in the kernel's own layout.
 * Models mm/vmstat.c frag_show_print(), pagetypeinfo_show(),
 * zoneinfo_show_print(), vmstat_show(), extfrag_show_print() and
 * unusable_show_print() (v4.5).
 * Each appends to @out; none changes the sim.
 */
#ifndef BUDDYSCOPE_PROCFS_H
#define BUDDYSCOPE_PROCFS_H

#include <stdbool.h>
#include "buddyscope/strbuf.h"

struct sim;
struct zone;

void procfs_show_buddyinfo(const struct sim *sim, struct strbuf *out);
void procfs_show_pagetypeinfo(const struct sim *sim, struct strbuf *out);
void procfs_show_zoneinfo(const struct sim *sim, struct strbuf *out);
void procfs_show_vmstat(const struct sim *sim, struct strbuf *out);
/* /sys/kernel/debug/extfrag/extfrag_index and unusable_index: every
 * populated zone, one "%d.%03d " per order (extfrag_show_print(),
 * unusable_show_print()). */
void procfs_show_extfrag(const struct sim *sim, struct strbuf *out);
void procfs_show_unusable(const struct sim *sim, struct strbuf *out);

/* ---- per kernel version (kernel.h: struct kernel_ops; the two above
 * dispatch to the running kernel's) ---- */
void procfs_show_zoneinfo_4_5(const struct sim *sim, struct strbuf *out);
void procfs_show_vmstat_4_5(const struct sim *sim, struct strbuf *out);
void procfs_show_zoneinfo_6_1(const struct sim *sim, struct strbuf *out);
void procfs_show_vmstat_6_1(const struct sim *sim, struct strbuf *out);
/* global_dirty_limits() (the same in 4.5 and 6.1): nr_dirty_threshold and
 * nr_dirty_background_threshold of /proc/vmstat. */
void procfs_global_dirty_limits(const struct sim *sim, unsigned long *background,
				unsigned long *dirty);
/* calculate_normal_threshold(): /proc/zoneinfo's "vm stats threshold". */
int procfs_stat_threshold(const struct zone *z, int nr_cpus);
/* Does pagetypeinfo's "Number of blocks type" count the pageblock of @pfn
 * (its memory section holds memory: pfn_valid)? For the real-machine import. */
bool procfs_pageblock_counted(const struct sim *sim, unsigned long pfn);

#endif
