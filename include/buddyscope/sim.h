/* include/buddyscope/sim.h - the simulation: create, observe, configure.
 *
 * struct sim owns all engine memory. The app observes it through the const
 * accessors below (valid until the next call that changes the sim) and the
 * event stream (trace.h); it changes it only through requests (page_alloc.h)
 * and the setters here. Every setter validates everything before it touches
 * anything, and on error leaves the sim exactly as it was.
 *
 * Errors: functions return 0 or a negative errno and keep a one-line message
 * (lower case, no full stop, what failed first) for sim_errmsg().
 */
#ifndef BUDDYSCOPE_SIM_H
#define BUDDYSCOPE_SIM_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buddyscope/kernel.h"
#include "buddyscope/machine.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/strbuf.h"

struct sim;

struct real_machine;

struct sim_config {
	struct machine_desc machine;
	uint64_t	seed;
	enum kernel_version kernel;	/* kernel.h; 0 is KERNEL_4_5, the default */
	/* borrowed, may be NULL: boot into this real machine's state
	 * (realmachine.h) instead of freeing every managed page. The caller
	 * keeps it alive, unchanged, while any sim booted from it (or cloned
	 * from one) lives: reset boots from it again. */
	const struct real_machine *real;
	/* bytes the engine may take for the machine's page records (the app
	 * passes what the host has available); 0: no limit */
	unsigned long long mem_limit;
};

/* Bytes the page records of @m take (what mem_limit is compared with). */
unsigned long long sim_memory_needed(const struct machine_desc *m);

/**
 * sim_create - boot a machine under cfg->kernel (which must be a version
 * whose table entry has ops; kernel_parse() checks that): build the mem_map, free every managed page
 * into the buddy lists (as memblock_free_all does, in the largest aligned
 * blocks), compute min_free_kbytes, watermarks, lowmem_reserve and pcp sizes.
 * Return: 0 and *out, or -EINVAL (bad description; @err says why), -ENOMEM,
 * or -EINTR when sim_interrupted() (a huge machine takes seconds to free).
 */
int sim_create(const struct sim_config *cfg, struct sim **out, char *err, size_t errlen);
void sim_destroy(struct sim *sim);

/**
 * sim_set_interrupt - let the program stop the engine's long loops.
 * @flag: the program sets it (from its SIGINT handler) and clears it; the
 * engine only reads it. NULL, the default: nothing interrupts.
 * The loops that run for as many pages as their caller asks (task_touch,
 * kernel_slab_alloc) look at it before each page and return early once it
 * is set, with every page done done whole: the machine is at a consistent
 * point, and the caller says so or rolls the command back. So do the long
 * walks a command starts: boot (sim_create, between blocks freed),
 * compact_nodes (where a fatal signal stops compaction), drop_caches
 * (between pages) and sim_tick_interruptible (between kernel-thread steps);
 * each returns -EINTR. One allocation
 * always runs to its end (stopping it inside reclaim would fail it, or
 * OOM-kill a task, for a key the user pressed). One flag serves every sim:
 * a signal knows no sim.
 */
void sim_set_interrupt(const volatile sig_atomic_t *flag);
/* Is the flag set? A load and a branch: cheap enough for every page. */
bool sim_interrupted(void);

/* Boot again from the same description and seed, in place. Drops every
 * checkpoint (the app's `reset` boots a new sim instead, so that `back`
 * can return to the old one). */
int sim_reset(struct sim *sim);
/* The description and seed @sim booted from (for booting it again). */
const struct sim_config *sim_boot_config(const struct sim *sim);

/**
 * sim_clone - a deep copy (for snapshots and for checking that a failed
 * command left the sim unchanged). Return: 0 and *out, or -ENOMEM.
 */
int sim_clone(const struct sim *sim, struct sim **out);

/* Last error message; "" if none. Valid until the next failing call. */
const char *sim_errmsg(const struct sim *sim);

/* ---- observing ---- */
const struct machine_desc *sim_machine(const struct sim *sim);
/* The running machine's CMA area, placed as its kernel places it
 * (machine_cma_area with the kernel's alignment and search). Return: 0 with
 * the area; -ENOENT if it has none (a real machine's never does). */
int sim_cma_area(const struct sim *sim, int *nid, int *zid, unsigned long *start,
		 unsigned long *pages);
/* The real machine the sim was booted from (sim_config.real), or NULL. */
const struct real_machine *sim_real(const struct sim *sim);
int sim_nr_nodes(const struct sim *sim);
int sim_nr_cpus(const struct sim *sim);
int sim_cpu_to_node(const struct sim *sim, int cpu);
const struct pglist_data *sim_node(const struct sim *sim, int nid);
/* NULL if nid or zid is out of range; the zone may be unpopulated. */
const struct zone *sim_zone(const struct sim *sim, int nid, int zid);
/* The zone whose span holds @pfn, or NULL. */
const struct zone *sim_pfn_zone(const struct sim *sim, unsigned long pfn);
unsigned long sim_max_pfn(const struct sim *sim);
/* NULL if pfn >= sim_max_pfn(). */
const struct page *sim_page(const struct sim *sim, unsigned long pfn);
uint8_t sim_pageblock_migratetype(const struct sim *sim, unsigned long pfn);
/* The pageblock's whole flags byte (PB_*); 0 if pfn >= sim_max_pfn(). */
uint8_t sim_pageblock_flags(const struct sim *sim, unsigned long pfn);
unsigned long sim_vm_event(const struct sim *sim, int item);	/* enum vm_event_item */
uint64_t sim_seed(const struct sim *sim);
/* A number no other boot in this process had (sim_create, sim_reset): what
 * was made for one boot (a Lua request) can tell it is stale. A copy
 * (sim_clone) and a rewind keep the number of the boot they copy. */
uint64_t sim_boot_id(const struct sim *sim);
uint64_t sim_clock_ns(const struct sim *sim);
/* true when mobility grouping is off (build_all_zonelists' rule) */
int sim_mobility_grouping_disabled(const struct sim *sim);
unsigned long sim_totalreserve_pages(const struct sim *sim);

/**
 * sim_list_pfns - walk the list whose head id is @head (a free_area free_list
 * or a per-cpu list, from struct free_area / struct per_cpu_pages), head
 * first, copying up to @max pfns into @out (@out may be NULL to count).
 * Return: the list's length.
 */
unsigned long sim_list_pfns(const struct sim *sim, uint32_t head, unsigned long *out, size_t max);

/* Free-list position of the block that holds @pfn. */
struct block_info {
	unsigned long	head;		/* first pfn of the block */
	unsigned int	order;
	enum { BLOCK_NOMEM, BLOCK_RESERVED, BLOCK_FREE, BLOCK_PCP,
	       BLOCK_ALLOCATED } state;
	int		cpu;		/* BLOCK_PCP: which cpu's list */
};
int sim_block_of(const struct sim *sim, unsigned long pfn, struct block_info *bi);

/* ---- the current context: which CPU the next request runs on ---- */
int sim_set_cpu(struct sim *sim, int cpu);
/* How many times slower than the host of the cost table (costs.h) this
 * machine's CPUs are: "1".."100", up to 3 decimals; every CPU cost the sim
 * charges is scaled by it (not the disk's). An error leaves it as it was. */
int sim_set_cpu_slowdown(struct sim *sim, const char *value);
/* its name for `set`/`get` (not a kernel sysctl, so not in their table) */
#define SIM_CPU_SLOWDOWN	"sim.cpu_slowdown"
/* ... in thousandths (1000: the table as is) */
unsigned int sim_cpu_slowdown(const struct sim *sim);
/* How long a woken kernel thread (kswapd, kcompactd, an exiting task)
 * takes to start running on its CPU: "default" (the cost table's WAKEUP
 * times the slowdown) or microseconds 0..1000000, up to 3 decimals. E.g.
 * a QEMU TCG guest, whose idle vCPU wakes late: a real 6.1 guest's kswapd
 * started a median 3.6 ms after its wakeup. An error leaves it as it was. */
int sim_set_wakeup_us(struct sim *sim, const char *value);
#define SIM_WAKEUP_US		"sim.wakeup_us"
/* ... in ns, and whether it was set (false: the table's, scaled) */
uint64_t sim_wakeup_ns(const struct sim *sim, bool *set);
int sim_cpu(const struct sim *sim);

/* ---- sysctls: vm.min_free_kbytes, vm.watermark_scale_factor,
 * vm.lowmem_reserve_ratio ("256 256 32 1"), vm.percpu_pagelist_fraction,
 * vm.extfrag_threshold, vm.zone_reclaim_mode, ... ---- */
int sim_sysctl_set(struct sim *sim, const char *name, const char *value);
/* Appends the value, as /proc/sys/vm/NAME prints it (no newline). */
int sim_sysctl_get(const struct sim *sim, const char *name, struct strbuf *out);
/* What reading /proc/sys/vm/NAME does: sim_sysctl_get, and the handler's
 * work on a read (lowmem_reserve_ratio: protection recomputed from today's
 * managed pages). @note (may be NULL): a line per protection value changed. */
int sim_sysctl_read(struct sim *sim, const char *name, struct strbuf *note, struct strbuf *out);
/* Every sysctl the model knows, for any kernel ("vm.min_free_kbytes", ...;
 * NULL past the end); whether the running kernel has it: sim_sysctl_exists.
 * Getting or setting one it lacks fails with -ENOENT and a message naming
 * the version that added it. */
const char *sim_sysctl_name_at(size_t i);
bool sim_sysctl_exists(const struct sim *sim, const char *name);

/* ---- the seeded PRNG (xoshiro-style; never the C library generator) ---- */
void sim_seed_set(struct sim *sim, uint64_t seed);
uint64_t sim_random(struct sim *sim);
/* uniform in [0, bound); bound > 0 */
/* A draw in 0..@bound-1; @bound 0 stands for 2^64 (any value). */
uint64_t sim_random_below(struct sim *sim, uint64_t bound);

/**
 * sim_check - verify every engine invariant: page conservation per zone,
 * no overlapping blocks, nr_free and nr_free_mt equal the list lengths,
 * NR_FREE_PAGES equals the pages on the free lists (ISOLATE excepted), no two
 * free buddies of the same order left unmerged, list links consistent, pcp
 * counts equal their lists, pageblock types valid, reserved highatomic
 * pageblocks counted.
 * Return: the number of violations (0 = all good); each is one line in @report.
 */
int sim_check(const struct sim *sim, struct strbuf *report);

/* ---- the kernel log ---- */
/* Append the last @last lines of the log (0 = all kept), one per line. */
void sim_dmesg_show(const struct sim *sim, struct strbuf *out, unsigned long last);
/* Lines ever logged: a cursor for "what is new". */
uint64_t sim_dmesg_seq(const struct sim *sim);

/* ---- time (include/buddyscope/costs.h says how it moves) ---- */
/* jiffies since boot on the machine's clock (HZ = 1000) */
unsigned long sim_jiffies(const struct sim *sim);
/* Let @j jiffies pass on the machine's clock (the `tick` command): kswapd
 * and kcompactd run on their own CPUs as far as their work's costs fit,
 * the disks complete writes, the flushers start more, the oom_reaper
 * reaps and killed tasks exit. */
void sim_tick(struct sim *sim, unsigned long j);
/* The same for the `tick` command: sim_interrupted() stops the kernel
 * threads between two of their steps (they catch up at the next tick).
 * Return: 0, or -EINTR. */
int sim_tick_interruptible(struct sim *sim, unsigned long j);

/* ---- watching every request (the `compare` command) ---- */
struct alloc_request;
/* Called when a request ends (its last stage ran), with the request as it
 * ended: its path, result and locals. Must not change the sim. */
typedef void (*sim_alloc_observer)(void *arg, const struct sim *sim,
				   const struct alloc_request *req);
/* Watch every request of @sim, including those inside tasks' faults and
 * kernel threads; NULL stops. Not engine state: a reset or a new machine
 * forgets it, and time travel neither saves nor restores it as state. */
void sim_set_alloc_observer(struct sim *sim, sim_alloc_observer fn, void *arg);

/* Sum of free pages in the buddy lists of all zones (pcp excluded). */
unsigned long sim_nr_free_pages(const struct sim *sim);

#endif
