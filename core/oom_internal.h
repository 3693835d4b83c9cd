/* core/oom_internal.h - what the OOM killers of the versions share
 * (core/oom_kill.c is v4.5/v4.6's, core/oom_kill_6_1.c Linux 6.1's). */
#ifndef BUDDYSCOPE_CORE_OOM_INTERNAL_H
#define BUDDYSCOPE_CORE_OOM_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/task.h"

struct sim;

#define K(x)	((x) << (PAGE_SHIFT - 10))

bool oom_unkillable_task(const struct task *t);
bool has_mm(const struct task *t);
bool task_will_free_mem(const struct task *t);
/* The live tasks in pid order (for_each_process). Return: how many. */
int process_list(struct sim *sim, struct task **out);
unsigned long oom_global_page_state(const struct sim *sim, enum zone_stat_item item);
unsigned long zone_pcp_count(const struct zone *z);
/* "Node 0 DMA: 1*4kB (M) ... = 4476kB" */
void show_free_list_line(struct sim *sim, struct zone *z);
/* show_mem.c: the whole memory report, as the v4.5 OOM report prints it */
void show_mem(struct sim *sim);
void mark_oom_victim(struct sim *sim, struct task *t);
void wake_oom_reaper(struct sim *sim, const struct task *t);
/* "0xcc0(GFP_KERNEL)" as the running kernel's reports print a mask */
const char *report_gfp(const struct sim *sim, gfp_t gfp, char *buf, size_t len);

/* oom_kill_6_1.c: Linux 6.1's */
struct oom_control;
bool out_of_memory_6_1(struct sim *sim, struct oom_control *oc);
void warn_alloc_6_1(struct sim *sim, gfp_t gfp, unsigned int order);
unsigned long oom_score_6_1(const struct sim *sim, const struct task *t);
/* task_will_free_mem() (6.1): dying, with an mm not yet reaped */
bool oom_task_will_free_mem_6_1(const struct task *t);

#endif
