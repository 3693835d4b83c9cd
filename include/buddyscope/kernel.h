/* include/buddyscope/kernel.h - which Linux the simulated machine runs.
 *
 * buddyscope models more than one kernel: v4.5 (the default), v4.6, and a
 * place for Linux 6.1. The version is chosen when a machine boots (struct
 * sim_config.kernel: `--kernel 4.6`, the `kernel 4.6` command, a lesson's
 * `kernel = "4.6"`) and never changes under a running machine: switching
 * reboots the same machine description and seed under the other version.
 *
 * ---- How a difference between versions is written ----
 *
 * Shared code never compares version numbers (no `if (version >= ...)`).
 * It asks the running version's table, struct kernel_desc below:
 *
 *  1. Data where it can be: formula constants (min_free_kbytes' clamp, the
 *     number of lowmem_reserve_ratio entries), which sysctls exist, which
 *     kernel threads exist, who does background compaction, which
 *     /proc/vmstat items are printed, how GFP masks read in reports and
 *     traces, the OOM score scale, the shape of the per-cpu lists and who
 *     owns the LRU lists. Shared code reads the field and does what it says:
 *
 *         if (sim_kernel(sim)->kthreads & KTHREAD_OOM_REAPER)
 *                 wake_oom_reaper(sim, victim);
 *
 *  2. Code where it must be: struct kernel_ops, a small table of function
 *     pointers, one set per version: the slow path's step function and
 *     its stage table (with the retry rules inside it), the watermark
 *     setup, kswapd's step. A version's own code lives in files named after
 *     the kernel file and the version, so that each reads beside its
 *     kernel's source: core/slowpath.c is v4.5 (and v4.6, whose slow path
 *     differs only by data: thisnode_fails_early), core/slowpath_6_1.c will
 *     be Linux 6.1.
 *
 * Every member a version needs must be set: there is no "NULL means the
 * 4.x code" fallback in the ops, so a new version cannot silently run
 * another's code. The shared 4.x functions are exported (core/internal.h)
 * so that a new entry may point at them where its kernel did not change.
 *
 * ---- Adding Linux 6.1 (issue 12) ----
 *
 * The entry is already in the table (core/kernel.c, kernels[KERNEL_6_1])
 * with its name and `ops = NULL`: `kernel list` shows it as not yet
 * available and `--kernel 6.1` refuses with that message. To fill it:
 *   - write core/slowpath_6_1.c: the 6.1 __alloc_pages_slowpath as its own
 *     step function and its own stage table (6.1's labels, e.g.
 *     "RECLAIM_RETRY" for should_reclaim_retry), with the 6.1 locals
 *     (no_progress_loops, compact_priority, compaction_retries) added to
 *     struct alloc_request (page_alloc.h) - the 4.x code ignores them;
 *   - point kernels[KERNEL_6_1].ops at a struct kernel_ops in that file
 *     (or in core/kernel_6_1.c), filling every member: setup_per_zone_wmarks
 *     with 6.1's formula (boost reset, promo), kswapd_step with 6.1's
 *     node-based balance_pgdat, ...;
 *   - set the data: sysctls (percpu_pagelist_high_fraction,
 *     watermark_boost_factor, compaction_proactiveness, ...), vmstat items,
 *     pcp_shape = PCP_PER_ORDER, lru_owner = LRU_OWNER_NODE,
 *     oom_score_max = 2000, min_free_kbytes_max = 262144, changes[];
 *   - state the 6.1 code needs goes into struct sim, pglist_data, zone or
 *     task as fixed-size fields (the snapshot contract in BRIEF.md), e.g.
 *     the node lruvec in struct pglist_data, watermark_boost in struct zone.
 * Nothing else needs to know: the app walks the stage table for names,
 * breakpoints and the screen's flow (struct alloc_stage_desc.flow).
 */
#ifndef BUDDYSCOPE_KERNEL_H
#define BUDDYSCOPE_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"

struct sim;
struct alloc_request;
struct strbuf;
struct zone;
struct kernel_desc;
struct scan_control;
struct alloc_context;
struct compact_control;
struct kcompactd_ctl;

enum kernel_version {
	KERNEL_4_5,		/* Linux v4.5.0: the default, the seed's kernel */
	KERNEL_4_6,		/* Linux v4.6.2 (kcompactd, oom_reaper, watermark_scale_factor) */
	KERNEL_6_1,		/* Linux 6.1 as Debian 12 ships it (issue 12: not yet filled) */
	NR_KERNEL_VERSIONS
};
#define KERNEL_DEFAULT		KERNEL_4_5

/* ---- the slow path's stages, as the front ends see them ---- */

/*
 * Where a stage sits on the screen's flow (app/tui_flow.c) and what kind of
 * step it is to the front ends. Every version's stage table maps each of
 * its stages onto one of these, so the app never names a version's stage.
 */
enum alloc_flow {
	FLOW_FAST,		/* the first get_page_from_freelist */
	FLOW_KSWAPD,		/* sanity checks, wake_all_kswapds */
	FLOW_MIN,		/* alloc_flags, the attempt at min */
	FLOW_RESERVES,		/* no watermarks, the bail-outs before blocking */
	FLOW_COMPACT,		/* direct compaction and what decides about it */
	FLOW_RECLAIM,		/* direct reclaim; phase 1 is inside try_to_free_pages */
	FLOW_RETRY,		/* the retry decision */
	FLOW_OOM,		/* __alloc_pages_may_oom */
	FLOW_NOPAGE,		/* the failure report */
	FLOW_GOT_PG,		/* the end: mm_page_alloc traced */
	FLOW_DONE,		/* nothing left to run */
	NR_ALLOC_FLOWS
};

/* The most stages a version's table may have (the app sizes lists by it). */
#define MAX_ALLOC_STAGES	64

struct alloc_stage_desc {
	const char	*name;		/* "WAKE_KSWAPD": step, break and the screen print it */
	const char	*function;	/* the kernel function it runs in: "wake_all_kswapds" */
	enum alloc_flow	flow;
};

/* ---- code: one table of operations per version ---- */

struct kernel_ops {
	/* __alloc_pages_nodemask + __alloc_pages_slowpath: run one stage of
	 * @req (whose stage indexes .stages) and emit its event; the retry
	 * rules are inside it. It sets req->done when the request enters its
	 * FLOW_DONE stage. Return: 1 while stages remain, 0 when done.
	 * alloc_step() in page_alloc.h dispatches here. */
	int		(*alloc_step)(struct sim *sim, struct alloc_request *req);
	/* The whole request, as alloc_step() until done would run it, but
	 * with the state machine entered only when the first attempt fails
	 * (alloc_pages(): nobody watches the stages), the request set up by
	 * alloc_request_init_quiet() (core/page_alloc_fast.h) in its own
	 * frame. NULL: alloc_request_init() and alloc_run(). */
	unsigned long	(*alloc_pages)(struct sim *sim, gfp_t gfp, unsigned int order);
	/* The stage table: stage 0 is the fast path, exactly one stage has
	 * flow FLOW_DONE. */
	const struct alloc_stage_desc *stages;
	unsigned int	nr_stages;
	/* The kernel call chain at the request's stage, outermost first. */
	void		(*alloc_call_chain)(const struct alloc_request *req, struct strbuf *out);
	/* The frames the kernel is in between two steps, outermost first, for
	 * the debugger words (where, up, finish): up to @max names into @fn.
	 * Return: how many (0 once the request is done). */
	int		(*alloc_frames)(const struct alloc_request *req, const char **fn, int max);
	/* __setup_per_zone_wmarks: min/low/high of every zone from
	 * min_free_kbytes (and the version's other knobs), then the fair
	 * batches and calculate_totalreserve_pages as that version does. */
	void		(*setup_per_zone_wmarks)(struct sim *sim);
	/* One scheduler step of the kswapd thread of node @nid. */
	void		(*kswapd_step)(struct sim *sim, int nid);
	/* wakeup_kswapd(zone, gfp, order, classzone / highest_zoneidx): 4.x
	 * keeps the lowest classzone asked for, 6.1 the highest zone index. */
	void		(*wakeup_kswapd)(struct sim *sim, struct zone *z, gfp_t gfp, int order,
					 int zone_idx);
	/* setup_per_zone_lowmem_reserve: protection from lowmem_reserve_ratio
	 * (the ratio 0 means "none" from 5.x on, "1" before). */
	void		(*setup_per_zone_lowmem_reserve)(struct sim *sim);
	/* The per-cpu lists' high and batch of every zone (4.x
	 * pageset_set_high_and_batch, 6.1 zone_set_pageset_high_and_batch). */
	void		(*setup_zone_pagesets)(struct sim *sim);
	/* /proc/zoneinfo and /proc/vmstat in this kernel's layout and names. */
	void		(*show_zoneinfo)(const struct sim *sim, struct strbuf *out);
	void		(*show_vmstat)(const struct sim *sim, struct strbuf *out);
	/* Give a freed block back: to the per-cpu lists (4.x: order 0; 6.1:
	 * orders 0-3 and THP) or to the buddy lists (free_the_page). */
	void		(*free_pages)(struct sim *sim, struct zone *z, unsigned long pfn,
				      unsigned int order, bool cold);
	/* drain_pages_zone(): every page on @cpu's lists of @z to the buddy. */
	void		(*drain_pages_zone)(struct sim *sim, int cpu, struct zone *z);
	/* __compaction_suitable(): enum compact_result of compaction.h (4.x
	 * names: PARTIAL for "the watermark is met already"). */
	int		(*compaction_suitable)(const struct sim *sim, const struct zone *z,
					       int order, unsigned int alloc_flags,
					       int highest_zoneidx);
	/* compact_zone(): one run of the scanners on @z as @cc asks (enum
	 * compact_result of compaction.h, 4.x names); v4.5's and 6.1's
	 * scanners and finish rules differ (compaction_scan.c,
	 * compaction_scan_6_1.c). @cc is a struct compact_control. */
	int		(*compact_zone)(struct sim *sim, struct zone *z,
					struct compact_control *cc);
	/* compact_node(): /proc/sys/vm/compact_memory on node @nid. */
	void		(*compact_node)(struct sim *sim, int nid);
	/* kcompactd_do_work() on one zone of node @nid for kcompactd's
	 * pending order and classzone (struct kcompactd_ctl of mmzone.h).
	 * Return: true if compact_zone() ran. */
	bool		(*kcompactd_do_zone)(struct sim *sim, struct zone *z,
					     const struct kcompactd_ctl *k);
	/* The alloc_flags of the first attempt (@fast) or of the slow path
	 * (gfp_to_alloc_flags) for @gfp at @order on this cpu, spelled in
	 * this kernel's names ("ALLOC_WMARK_MIN|ALLOC_CPUSET|..."). */
	void		(*alloc_flags_text)(const struct sim *sim, gfp_t gfp, unsigned int order,
					    bool fast, char *buf, size_t len);
	/* `where`: the request's alloc_flags line (@part 0), then the slow
	 * path's own locals (@part 1), one "  NAME = VALUE" line each (the
	 * shared ones are the app's). */
	void		(*alloc_locals)(const struct alloc_request *req, int part,
					struct strbuf *out);
	/* try_to_free_pages(): the scan_control set-up (and allocstall), and
	 * one pass of do_try_to_free_pages()'s priority loop or its epilogue
	 * (4.x: zone by zone; 6.1: shrink_node by node); vmscan.h. */
	void		(*direct_reclaim_begin)(struct sim *sim, struct scan_control *sc,
						gfp_t gfp, int order);
	int		(*direct_reclaim_step)(struct sim *sim, struct scan_control *sc,
					       const struct alloc_context *ac);
	/* alloc_flags spelled in this kernel's names (the same bit means
	 * ALLOC_HARDER in 4.5 and ALLOC_NON_BLOCK in 6.1). */
	size_t		(*alloc_flags_format)(unsigned int alloc_flags, char *buf, size_t len);
};

/* ---- data ---- */

/* How this kernel's ftrace lines look (core/trace_print.c). */
enum trace_layout {
	TRACE_LAYOUT_4_5,	/* "bash-1000  [000] ....": page=%p as the vmemmap address, pfn=%lu */
	TRACE_LAYOUT_6_1,	/* "bash-1000     [000] .....": hashed page=%p, pfn=0x%lx,
				 * gfp masks in 6.1's names */
};

/* kernel threads that exist besides kswapd and the flushers */
#define KTHREAD_KCOMPACTD	0x1	/* v4.6: background compaction thread per node */
#define KTHREAD_OOM_REAPER	0x2	/* v4.6: unmaps an OOM victim's anon memory at once */

/* Who compacts in the background when kswapd reclaimed for a high order. */
enum bg_compaction {
	BG_COMPACT_KSWAPD,	/* v4.5: balance_pgdat() calls compact_pgdat() itself */
	BG_COMPACT_KCOMPACTD,	/* v4.6+: kswapd wakes kcompactd before it naps */
};

/* How GFP masks read in the kernel log and in ftrace lines. */
enum gfp_report_style {
	GFP_REPORT_HEX,		/* v4.5: "mode:0x24000c0"; traces "GFP_KERNEL|GFP_NOWARN" */
	GFP_REPORT_PGG,		/* v4.6+: "mode:0x24000c0(GFP_KERNEL)"; traces "__GFP_NOWARN" */
	GFP_REPORT_PGG_6_1,	/* 6.1: "mode:0xcc0(GFP_KERNEL)", 6.1's bits and names */
};

/* The gfp_style (gfp.h) in which @k's reports, traces and prompts name masks:
 * 4.5's traces spell them its own way, 4.6 with %pGg, 6.1 in 6.1's numbering. */
enum gfp_style kernel_gfp_style(const struct kernel_desc *k);
/* The style the front ends show and parse masks in (4.x: %pGg; 6.1: its own). */
enum gfp_style kernel_display_gfp_style(const struct kernel_desc *k);
enum gfp_style sim_gfp_style(const struct sim *sim);

enum pcp_shape {
	PCP_PER_MIGRATETYPE,	/* 4.x: order 0 only, a list per pcp migratetype */
	PCP_PER_ORDER,		/* 6.x: lists per migratetype and order 0..3, plus THP */
};

/* alloc_hugepage_direct_gfpmask()'s form: the GFP mask of a THP fault */
enum thp_gfp_rule {
	THP_GFP_4_5,	/* GFP_TRANSHUGE, without __GFP_RECLAIM unless defrag; defrag
			 * always|madvise|never */
	THP_GFP_4_6,	/* 4.6: defrag "defer" (kswapd only), madvise the default */
	THP_GFP_4_18,	/* 4.8 GFP_TRANSHUGE_LIGHT, 4.11 "defer+madvise", 4.18's
			 * order of tests; 5.x tries the local node with
			 * __GFP_NORETRY first (6.1) */
};

enum lru_owner {
	LRU_OWNER_ZONE,		/* up to 4.7: zone->lruvec, zone-based reclaim */
	LRU_OWNER_NODE,		/* 4.8+: pgdat->lruvec, node-based reclaim */
};

struct kernel_desc {
	enum kernel_version id;
	const char	*name;		/* "4.5": what --kernel and `kernel` take */
	const char	*release;	/* "Linux v4.5.0": what headers and titles print */
	const char	*summary;	/* one line for `kernel list` */
	/* what this version changes against the one before it in the table,
	 * each line naming the kernel version that introduced the change;
	 * NULL-terminated */
	const char *const *changes;
	const struct kernel_ops *ops;	/* NULL: not modelled yet, cannot boot */

	/* ---- formulas and sysctls ---- */
	unsigned long	min_free_kbytes_max;	/* init_per_zone_wmark_min's clamp */
	/* sysctl_lowmem_reserve_ratio[] at boot, one per zone type (and
	 * ZONE_DEVICE last, which only 6.1 configures) */
	int		lowmem_reserve_ratio[MAX_NR_ZONES + 1];
	int		nr_lowmem_reserve_ratio; /* entries of vm.lowmem_reserve_ratio */
	int		swappiness_max;	/* vm.swappiness's top: 100, 200 since 5.8 */
	/* the vm sysctls this kernel has, as `get` lists them ("vm.NAME");
	 * NULL-terminated; a known sysctl missing here is refused with the
	 * version that added it (core/sysctl.c) */
	const char *const *sysctls;

	/* ---- the slow path (data the 4.x step function reads) ---- */
	bool		thisnode_fails_early;	/* v4.5: __GFP_THISNODE without
						 * direct reclaim fails at once */

	/* ---- the masks of the fault paths (task.c) ---- */
	gfp_t		gfp_anon_fault;		/* an anonymous page */
	gfp_t		gfp_page_cache;		/* a page-cache page */
	gfp_t		gfp_page_table;		/* a user page-table page */

	/* ---- compaction ---- */
	/* where the free scanner starts: v4.6's fix ("invalid free_pfn and
	 * compact_cached_free_pfn") keeps it inside the zone, at the last
	 * pageblock, round_down(zone_end - 1); v4.5 starts it at zone_end_pfn
	 * (reset_cached_positions) or end_pfn & ~(pageblock_nr_pages - 1)
	 * (compact_zone's check, which lets free_pfn == end_pfn pass) */
	bool		compact_free_pfn_in_zone;
	/* 6.1's migrate scanner (compaction_migrate_6_1.c: fast_find_migrateblock,
	 * sources by the request's migratetype, rescans, skip_on_failure) in
	 * 6.1's compact_zone; false: v4.5's (compaction_scan.c) there, as
	 * before. v4.5's beside 6.1's free scanner had matched the real chunk-1
	 * frag runs' first growth (160 huge pages) only through a free-scanner
	 * bug since fixed (fast_isolate_freepages walked down from the highest
	 * free block it saw even below the top half): with the fix it gets 19
	 * to 63 there, as 6.1's scanner does, and its chunk-16 second growth
	 * 1 huge page (real median 110); README, frag61 */
	bool		compact_migrate_scanner_6_1;

	/* ---- threads ---- */
	unsigned int	kthreads;		/* KTHREAD_* */
	enum bg_compaction bg_compaction;
	/* 5.9 (proactive compaction): kcompactd's wait times out every
	 * HPAGE_FRAG_CHECK_INTERVAL_MSEC while compaction_proactiveness > 0,
	 * and it then compacts the node if its fragmentation score is high */
	bool		kcompactd_proactive_timer;
	/* the oom_reaper (KTHREAD_OOM_REAPER): 4.6 takes a victim at once and
	 * ends its TIF_MEMDIE with oom_score_adj -1000; 4.9+ marks the
	 * reaped mm MMF_OOM_SKIP instead (the victim stays TIF_MEMDIE, the OOM
	 * killer passes over it), and 5.18 waits OOM_REAPER_DELAY (2 * HZ)
	 * after the kill (queue_oom_reaper's timer) so that a victim that
	 * exits by itself is never reaped */
	bool		oom_reap_sets_skip;
	unsigned int	oom_reaper_delay;	/* jiffies from the kill to the reap */
	/* 6.1: a SIGKILLed task exits over time on a CPU of its own (core/
	 * exit.c): exit_mmap() unmaps into an mmu_gather batch, sets
	 * MMF_OOM_SKIP, then frees the page tables and the batch, to that
	 * CPU's per-cpu lists. Without it the exit is done at once. */
	bool		exit_takes_time;
	/* 6.1.y stable (CVE-2024-57884, "mm: vmscan: account for free pages
	 * to prevent infinite loop in throttle_direct_reclaim()"; the real
	 * captures' 6.1.192 has it: their reclaim_retry_zone events show a
	 * DMA zone without LRU pages with reclaimable = its free pages):
	 * zone_reclaimable_pages() of a zone with no reclaimable LRU page is
	 * its free pages, so should_reclaim_retry() counts them twice there
	 * and compaction_zonelist_suitable() adds them to the free ones */
	bool		reclaimable_counts_free;
	/* 4.16 (9092c71bb724): do_shrink_slab() sizes the scan by the reclaim
	 * priority, freeable >> priority (and deferred work >> priority),
	 * no longer in proportion to the LRU pages just scanned; drop_slab()
	 * scans at priority 0 until what it frees halves away */
	bool		slab_scan_by_priority;

	/* ---- reports ---- */
	enum gfp_report_style gfp_style;
	enum trace_layout trace_layout;
	/* the column legend at the top of /sys/kernel/debug/tracing/trace */
	const char	*trace_header;
	/* /proc/vmstat items this kernel does not print (enum vm_event_item),
	 * terminated by -1; the engine keeps counting them */
	const int	*vmstat_absent;

	/* ---- shapes that 6.1 changes (the 4.x code serves only the first
	 * value; a version with another value brings its own code) ---- */
	enum pcp_shape	pcp_shape;
	enum lru_owner	lru_owner;
	int		oom_score_max;		/* /proc/PID/oom_score: 1000 (4.x), 2000 (6.x) */
	/* CONFIG_CMA: /proc/pagetypeinfo has a CMA column (the 4.x model
	 * always printed one; Debian's 6.1 is built without CMA) */
	bool		config_cma;
	/* cma_declare_contiguous()'s alignment of a CMA area (base and size),
	 * as a page order: v4.5 max(MAX_ORDER - 1, pageblock_order) = 10;
	 * 5.18+ pageblock_order (CMA_MIN_ALIGNMENT_PAGES) = 9 */
	unsigned int	cma_align_order;
	/* 5.11 (cma_declare_contiguous_nid): with memory ending at least the
	 * area's size above 4 GiB, the area is first sought bottom-up from
	 * 4 GiB, out of DMA and DMA32; before, and otherwise, top-down from
	 * the end of memory (memblock's default) */
	bool		cma_bottom_up_4g;
	/* 5.5: pagetypeinfo_showfree_print() stops counting a free list at
	 * 100000 blocks (a long walk under zone->lock) and prints ">100000";
	 * 0: counts every block (4.x) */
	unsigned long	pagetypeinfo_cap;
	/* CONFIG_ZONE_DEVICE: /proc/zoneinfo ends each node with an empty
	 * "Device" zone and protection: has one entry more (6.1 on Debian) */
	bool		zone_device;
	/* CONFIG_TRANSPARENT_HUGEPAGE=always at boot: khugepaged raises
	 * min_free_kbytes (set_recommended_min_free_kbytes); the 4.x model
	 * keeps the plain sqrt formula */
	bool		thp_min_free_kbytes;

	/* ---- workloads (workload.h) ---- */
	enum thp_gfp_rule thp_gfp;
	/* 5.3: a node where a pool page failed gets __GFP_NORETRY next time
	 * (alloc_pool_huge_page's node_alloc_noretry); before, every try is
	 * __GFP_REPEAT (4.13: __GFP_RETRY_MAYFAIL) */
	bool		hugetlb_noretry;
	/* 4.15 removed __GFP_COLD: page-cache reads no longer ask for it */
	bool		gfp_cold_gone;
	/* 5.9 (anon workingset, b518154e59aa): a new anonymous page, order 0
	 * or THP, joins the inactive anon list (do_anonymous_page and
	 * __do_huge_pmd_anonymous_page: lru_cache_add_inactive_or_unevictable);
	 * false: the active list, with PG_active (4.x's
	 * lru_cache_add_active_or_unevictable); and reclaim's first look at a
	 * young anon page keeps it inactive, marked referenced, as for a file
	 * page (4.x: activates it) */
	bool		new_anon_inactive;
};

/* The table entry of @v (NULL if out of range). Static data: never freed. */
const struct kernel_desc *kernel_desc(enum kernel_version v);
/* The version the machine booted with (static data). */
const struct kernel_desc *sim_kernel(const struct sim *sim);

/**
 * kernel_parse - "4.5", "v4.5", "4.6", "6.1" (also "linux-4.6", "4.6.2").
 * Return: 0 and *out; -ENOENT for no such version (@err lists the known
 * ones); -EOPNOTSUPP for a version in the table that cannot boot yet.
 */
int kernel_parse(const char *s, enum kernel_version *out, char *err, size_t errlen);

/* Append `kernel list`: every version, whether it can boot, what it changes. */
void kernel_list(enum kernel_version running, struct strbuf *out);

/* The stage table entry of @stage under kernel @k (or the machine's); a
 * harmless "?" entry for a stage number the table does not have. */
const struct alloc_stage_desc *kernel_stage(const struct kernel_desc *k, int stage);
const struct alloc_stage_desc *sim_stage(const struct sim *sim, int stage);
unsigned int sim_nr_stages(const struct sim *sim);

/* Whether @k has the sysctl @name ("vm.watermark_scale_factor"). */
bool kernel_has_sysctl(const struct kernel_desc *k, const char *name);
/* Whether /proc/vmstat prints event @item under @k. */
bool kernel_has_vmstat(const struct kernel_desc *k, int item);

#endif
