/* core/internal.h - what core/ shares and the app never sees (mm/internal.h). */
#ifndef BUDDYSCOPE_INTERNAL_H
#define BUDDYSCOPE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buddyscope/machine.h"
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/sim.h"
#include "buddyscope/snapshot.h"
#include "buddyscope/task.h"
#include "buddyscope/trace.h"
#include "buddyscope/samples.h"
#include "buddyscope/vmstat.h"

/* SIM_BUG_ON guards engine invariants only (VM_BUG_ON); input is validated
 * at the boundary, so a lesson can never reach one. */
#define SIM_BUG_ON(cond) do { if (cond) sim_bug(__FILE__, __LINE__, #cond); } while (0)
_Noreturn void sim_bug(const char *file, int line, const char *what);

struct sysctl_vm {
	unsigned long	min_free_kbytes;
	long		user_min_free_kbytes;	/* -1: never written */
	unsigned long	watermark_scale_factor;
	/* one entry per zone type; 6.1 has one more, for ZONE_DEVICE */
	int		lowmem_reserve_ratio[MAX_NR_ZONES + 1];
	int		percpu_pagelist_fraction;	/* 4.x */
	int		percpu_pagelist_high_fraction;	/* 6.1 (5.14 replaced the above) */
	int		watermark_boost_factor;		/* 6.1 (5.0) */
	int		compaction_proactiveness;	/* 6.1 (5.9) */
	int		extfrag_threshold;
	int		zone_reclaim_mode;
	int		dirty_ratio;
	int		dirty_background_ratio;
	int		swappiness;
	int		laptop_mode;
	int		panic_on_oom;
	int		oom_kill_allocating_task;
	int		oom_dump_tasks;
	/* fs/drop_caches.c: the last value written (the file is write-only)
	 * and its static stfu (bit 4 silences the log line for good) */
	int		drop_caches;
	bool		drop_caches_quiet;
	/* /sys/kernel/mm/transparent_hugepage/{enabled,defrag} (workload.h) */
	unsigned char	thp_enabled, thp_defrag;
};

/* The hugetlb pool (mm/hugetlb.c, one hstate: 2 MiB pages). Pool pages are
 * allocated order-9 blocks whose page->private is PRIVATE_HUGETLB + the
 * order they joined the pool in: the free list is LIFO, and shrinking the
 * pool frees a node's newest page first. */
struct hugetlb_pool {
	unsigned long	nr[MAX_NUMNODES];	/* nr_huge_pages_node[] */
	uint32_t	seq;			/* next join number */
	int		next_nid_to_alloc, next_nid_to_free;
	unsigned int	noretry;	/* 5.3+ node_alloc_noretry: nodes that failed */
};

struct trace_ring {
	struct trace_event *ev;		/* owned; [TRACE_RING_SIZE]; write after
					 * snap_touch(rgn) (trace_emit does) */
	struct snap_region *rgn;	/* borrowed from the sim's snapshot */
	uint64_t	next_seq;	/* seq of the next event; event s is ev[s % size] */
	uint64_t	valid_from;	/* events before it were emitted while off */
	bool		off;		/* nobody reads: events are not written */
	struct trace_event *scratch;	/* owned; where events go while off */
};
#define TRACE_RING_SIZE	(1u << 14)

/* The buffer `trace on|show` reads: the kernel's trace buffer in overwrite
 * mode. While it is on, events are copied over from the ring (at the next
 * event, and by trace_buffer_pump()), so events emitted while it is off do
 * not push recorded ones out. */
struct trace_buffer {
	bool		on;
	uint64_t	next;		/* ring seq of the next event to copy */
	uint32_t	head;		/* index of the oldest kept */
	uint32_t	count;		/* events kept */
	uint64_t	written;	/* events seen while on, kept or not */
	struct trace_event *ev;		/* owned; [TRACE_BUFFER_SIZE]; write after
					 * snap_touch(rgn) */
	struct snap_region *rgn;	/* borrowed from the sim's snapshot */
};
#define TRACE_BUFFER_SIZE	(1u << 14)

#define HZ			1000
#define NSEC_PER_JIFFY		(1000000000ULL / HZ)

#define DMESG_LINES		1024
#define DMESG_LINE_LEN		512

/* The kernel log (printk ring), as `dmesg` shows it. */
struct dmesg_ring {
	char		(*lines)[DMESG_LINE_LEN];	/* owned; [DMESG_LINES]; write
							 * after snap_touch(rgn) */
	struct snap_region *rgn;	/* borrowed from the sim's snapshot */
	uint64_t	next;		/* lines ever logged */
};

/* Samples of the machine over simulated time (samples.h, core/samples.c). */
struct sample_ring {
	struct sample *samples;	/* owned; [SAMPLES_LEN]; write after
					 * snap_touch(rgn) */
	struct snap_region *rgn;	/* borrowed from the sim's snapshot */
	unsigned int	n;		/* samples kept, oldest first */
	unsigned long	period;		/* jiffies between samples */
	uint64_t	next_ns;	/* time of the next sample (a period boundary) */
	int		nr_zones;
	uint8_t		nid[SAMPLES_ZONES], zid[SAMPLES_ZONES];
};

struct sim {
	struct sim_config cfg;		/* the description we booted from (for reset) */
	/* kernel_desc(cfg.kernel): static data, read by the hot paths in one
	 * load (sim_kdesc) where sim_kernel() is a call */
	const struct kernel_desc *kernel;
	uint64_t	boot_id;	/* new at every boot (create, reset); a copy keeps it */
	struct memmap	map;
	struct pglist_data *node_data[MAX_NUMNODES];	/* owned */
	struct zone	*zone_by_id[MAX_NUMNODES * MAX_NR_ZONES];	/* borrowed */
	int		nr_nodes;
	int		nr_cpus;
	/* sim_set_cpu_slowdown(): how many times slower than the host the cost
	 * table was measured on this machine's CPUs are, in thousandths (0:
	 * 1000, the table as is) */
	unsigned int	cpu_slowdown_pm;
	/* sim_set_wakeup_us(): how long a woken kernel thread takes to start
	 * running on its CPU, in ns (0: the cost table's WAKEUP, scaled) */
	uint64_t	wakeup_ns;
	int		cpu_to_node[NR_CPUS];
	int		cur_cpu;
	struct task	tasks[MAX_TASKS];	/* slot 0 is init; see task.c */
	int		cur_task;	/* index of `current` in tasks[] */
	int		next_pid;
	unsigned long	swap_pages;	/* size of the swap device (0 = none) */
	unsigned long	swap_in_use;
	int8_t		exec_kind;	/* who the work being done is charged to: enum exec_kind */
	bool		compact_memory;	/* compact_nodes() runs: a Ctrl-C is its
					 * writer's fatal signal (false at every checkpoint) */
	int8_t		exec_nid;	/* its node, for kswapd and kcompactd */
	unsigned long	oom_victims;	/* victims not yet exited (oom_victims) */
	int		reap_queue[MAX_TASKS];	/* pids waiting for the oom_reaper */
	int		nr_reap;
	int		nr_sigkill;	/* tasks with SIGKILL pending (they exit next) */
	unsigned long	nr_dirty_to_flush;	/* flusher work queued by reclaim */
	uint64_t	wb_clock_ns;	/* the flushers and disks have run up to here */
	struct dmesg_ring dmesg;
	struct sysctl_vm vm;
	struct hugetlb_pool hugetlb;
	unsigned long	vm_events[NR_VM_EVENT_ITEMS];
	unsigned long	totalreserve_pages;
	bool		page_group_by_mobility_disabled;
	uint64_t	rng[4];
	uint64_t	seed;
	uint64_t	clock_ns;
	uint32_t	warned_once;	/* bit per enum warn_site: WARN_ON_ONCE fired */
	bool		taint_warn;	/* TAINT_WARN: a WARN was printed */
	uint64_t	oops_id;	/* kernel/panic.c oops_id, from the seed */
	struct trace_ring trace;
	struct trace_buffer tbuf;
	struct sample_ring sampling;
	struct snapshot	*snap;		/* owned; checkpoints (snapshot.h) */
	/* Not state: left out of checkpoints (see sim_track_state()). Keep it
	 * the last field. */
	char		errmsg[256];
	/* a host callback for the end of every request (sim.h); not engine
	 * state, but it rides along in the tail copy, constant for its life */
	sim_alloc_observer alloc_observer;
	void		*alloc_observer_arg;	/* borrowed */
};

/* The WARN_ON_ONCE()s of the allocator, each printed once per boot. */
enum warn_site {
	WARN_ORDER_TOO_BIG,	/* __alloc_pages_slowpath: order >= MAX_ORDER */
	WARN_ATOMIC_RECLAIM,	/* __alloc_pages_slowpath: __GFP_ATOMIC with direct reclaim */
	NR_WARN_SITES
};

/* snapshot.c: the object registered whole at @from (@size bytes) moved to
 * @to (sim_reset moves a freshly booted struct sim into place). */
void snapshot_rebase(struct snapshot *s, const void *from, size_t size, void *to);

/* sim.c */
__attribute__((format(printf, 3, 4)))
int sim_error(struct sim *sim, int err, const char *fmt, ...);
/* printk.c: one line into the kernel log ("[%5lu.%06lu] " prefixed) */
__attribute__((format(printf, 2, 3)))
void printk(struct sim *sim, const char *fmt, ...);
/* printk.c: WARN_ON_ONCE(@cond) at @site: the first time @cond holds, the
 * kernel's WARNING block goes into the log. Return: @cond, as the macro does. */
bool warn_on_once(struct sim *sim, enum warn_site site, bool cond);

/* sim_kernel(), inline for the hot paths: the version the machine runs. */
static inline const struct kernel_desc *sim_kdesc(const struct sim *sim)
{
	return sim->kernel;
}

static inline struct task *current_task(struct sim *sim)
{
	return &sim->tasks[sim->cur_task];
}
/* ---- time (core/sched.c, costs.h) ----
 * The machine's clock, sim->clock_ns, is the user tasks' time. kswapd and
 * kcompactd each run on a CPU of their own with a clock of their own
 * (kswapd_ctl.clock_ns, kcompactd_ctl.clock_ns). Work is charged to whoever
 * runs it: sim->exec_kind says who that is. */
enum exec_kind { EXEC_TASK, EXEC_KSWAPD, EXEC_KCOMPACTD, EXEC_EXIT };

/* The clock of whoever runs now (EXEC_EXIT: the exiting task, current
 * while its exit steps, exit.c). */
static inline uint64_t *exec_clock(struct sim *sim)
{
	if (sim->exec_kind == EXEC_KSWAPD)
		return &sim->node_data[sim->exec_nid]->kswapd.clock_ns;
	if (sim->exec_kind == EXEC_KCOMPACTD)
		return &sim->node_data[sim->exec_nid]->kcompactd.clock_ns;
	if (sim->exec_kind == EXEC_EXIT)
		return &sim->tasks[sim->cur_task].exit_clock_ns;
	return &sim->clock_ns;
}
static inline uint64_t exec_now(const struct sim *sim)
{
	return *exec_clock((struct sim *)sim);
}
/* The jiffy of whoever runs now (HZ = 1000). */
static inline unsigned long jiffies(const struct sim *sim)
{
	return (unsigned long)(exec_now(sim) / NSEC_PER_JIFFY);
}
/* sched.c: charge @n times the cost of @item (costs.h) to whoever runs. */
void sim_charge(struct sim *sim, int item, unsigned long n);
/* samples.c: the first sample, at boot; a sample when one is due at
 * simulated time @ns (the scheduler calls it as kernel threads step and
 * when it has caught up with the machine's clock). */
void samples_boot(struct sim *sim);
void samples_tick(struct sim *sim, uint64_t ns);
/* sched.c: sim_schedule()'s work when there is some */
void sim_schedule_run(struct sim *sim);
/*
 * sched.c: let the kernel threads catch up with the machine's clock: each
 * runs the steps it has work for while its own clock is behind. Called
 * only at safe points (between request stages, after each page a task
 * touches, after commands), never from inside the buddy code, and never
 * from a kernel thread. Inline for the common case, on every stage of
 * every request: nobody to run (a history sample may be due: a compare).
 * Return: true if there was nobody to run, so that until the clock moves
 * or a thread wakes a second call would do nothing either.
 */
static inline bool sim_schedule(struct sim *sim)
{
	_Static_assert(KTHREAD_SLEEPING == 0, "a sleeping thread's state is 0");
	if (sim->exec_kind != EXEC_TASK)
		return true;		/* never from inside a kernel thread */
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		if (sim->node_data[nid]->kswapd.state | sim->node_data[nid]->kcompactd.state)
			goto run;	/* one awake: running or napping */
		else if (sim->node_data[nid]->kcompactd.timer_ns &&
			 sim->clock_ns >= sim->node_data[nid]->kcompactd.timer_ns)
			goto run;	/* kcompactd's wait timed out (6.1) */
	if (sim->nr_dirty_to_flush | (unsigned int)(sim->nr_reap | sim->nr_sigkill))
		goto run;
	if (sim->clock_ns >= sim->sampling.next_ns)
		samples_tick(sim, sim->clock_ns);
	return true;
run:
	sim_schedule_run(sim);
	return false;
}
/* sched.c: the current task sleeps @j jiffies (schedule_timeout): the
 * machine's clock moves on and the kernel threads run meanwhile. */
void sim_sleep(struct sim *sim, unsigned long j);
/* sched.c: the current task spins until the next step of an exiting task
 * (exit.c) has run: the machine's clock moves to it. Return: false if no
 * task is exiting so (nothing moved). */
bool sim_wait_for_exit(struct sim *sim);
/* sched.c: the CPU a task woken by one on @waker runs on (an idle one of
 * the node: kswapd's rule). */
int sim_wakeup_cpu(const struct sim *sim, int waker);
/* sched.c: a sleeping kernel thread whose clock is @clock is woken by
 * whoever runs now: it starts a wakeup latency after the waker's time. */
void kthread_wake_clock(const struct sim *sim, uint64_t *clock);
/* task.c */
void tasks_boot(struct sim *sim);
struct task *task_lookup(struct sim *sim, int pid);
/* A user task with the pid a real machine gave it (the next free pid if
 * that one is taken), without task_spawn's name rules: a kernel log may list
 * four tasks called memhog. NULL if every slot is taken. */
struct task *task_new_pid(struct sim *sim, int pid, const char *comm, int adj);
/* page->private of memory the kernel allocated before the simulation took
 * over (an imported machine's kernel pages): nobody's to free. */
#define PRIVATE_BOOT_KERNEL	0xffffffffu
/* page->private of a hugetlb pool page: PRIVATE_HUGETLB + its join number
 * (struct hugetlb_pool); pids stay far below */
#define PRIVATE_HUGETLB		0xc0000000u
#define PRIVATE_HUGETLB_END	0xf0000000u
static inline bool page_is_hugetlb(const struct page *p)
{
	return (p->flags & PG_head) && p->private >= PRIVATE_HUGETLB &&
	       p->private < PRIVATE_HUGETLB_END;
}
/* pte_alloc_one(): one more page-table page for @t (a THP's deposit). */
bool task_pte_page(struct sim *sim, struct task *t);
/* workload.c: THP settings at boot; the THP fault (true: @t got 512 pages,
 * false: fall back to order 0); a hugetlb page an import found at @pfn */
void thp_boot(struct sim *sim);
bool thp_fault(struct sim *sim, struct task *t, bool madvised);
void thp_page_freed(struct sim *sim, struct zone *z, unsigned long pfn);
void hugetlb_count_imported(struct sim *sim, unsigned long pfn);
/* An imported machine's THP settings ("always", ...), without khugepaged's
 * min_free_kbytes raise (the machine's watermarks have it); unknown or a
 * defrag this kernel lacks: left at the boot default. */
void thp_import(struct sim *sim, const char *enabled, const char *defrag);
/* A page of a task's of @kind (task_touch's kinds) on an LRU list. */
static inline bool page_is_kind(const struct page *p, enum task_mem kind)
{
	if (!(p->flags & PG_lru))
		return false;
	if (kind == TASK_ANON || kind == TASK_ANON_MADVISED)
		return p->flags & PG_swapbacked;
	if (kind == TASK_FILE_DIRTY)
		return !(p->flags & PG_swapbacked) && (p->flags & PG_dirty);
	return !(p->flags & PG_swapbacked);
}
/* a THP: one PMD's worth (x86-64, pageblock_order 9) */
#define HPAGE_PMD_ORDER		pageblock_order
#define HPAGE_PMD_NR		(1UL << HPAGE_PMD_ORDER)
/* ---- exit.c: a SIGKILLed task's exit over time (kernel.h exit_takes_time) ---- */
enum exit_step { EXIT_NONE, EXIT_UNMAP, EXIT_SKIP, EXIT_FREE_LOCAL, EXIT_FREE };
/* Start @t's exit on @cpu, a wakeup's time from now (the scheduler runs
 * its steps, sched.c). */
void task_exit_begin(struct sim *sim, struct task *t, int cpu);
/* One step of the current task's exit (EXEC_EXIT); the last one exits it. */
void task_exit_step(struct sim *sim, int unused);
/* zap_page() of an exiting task's anon page: into its mmu_gather batch,
 * charged; a full batch is freed. */
void exit_gather_page(struct sim *sim, struct task *t, unsigned long pfn);
/* zap_page() of an exiting task's file page: the unmap's cost. */
void exit_unmapped_file_page(struct sim *sim);
/* Free @t's whole batch now. */
void exit_gather_flush(struct sim *sim, struct task *t);
/* memory.c: zap_pte_range() for up to @n of @t's LRU pages (of @kind if
 * @of_kind) in the order @t faulted them: anon pages freed (@gather: into
 * @t's mmu_gather batch instead, exit.c), file pages unmapped. Returns how
 * many. */
unsigned long zap_in_fault_order(struct sim *sim, struct task *t, bool of_kind,
				 enum task_mem kind, unsigned long n, bool gather);
/* Run @fn as task @t (current = t, cpu = its cpu), restoring afterwards. */
int task_switch(struct sim *sim, struct task *t);
/* vmscan_slab.c: keep the node's count of pages the slab shrinker can
 * free; call after setting PG_slab and before freeing a slab page. */
void slab_page_added(struct sim *sim, unsigned long pfn);
void slab_page_removed(struct sim *sim, unsigned long pfn);

static inline void mod_zone_page_state(struct zone *z, enum zone_stat_item i, long delta)
{
	z->vm_stat[i] += delta;
}
static inline void count_vm_events(struct sim *sim, enum vm_event_item i, unsigned long n)
{
	sim->vm_events[i] += n;
}

/* trace.c: reserve the next ring slot and fill the common fields. */
struct trace_event *trace_emit_slot(struct sim *sim, enum trace_id id);
/*
 * The next event's record, for the caller to fill. While nobody reads
 * events (trace_set_enabled() off) the sequence moves on as always (events
 * cost no simulated time either way), but the record is a scratch one: a
 * load, a branch and an add, and a hot path that fills many fields can test
 * trace_wanted() first.
 */
static inline struct trace_event *trace_emit(struct sim *sim, enum trace_id id)
{
	if (__builtin_expect(sim->trace.off, 0)) {
		sim->trace.next_seq++;
		return sim->trace.scratch;
	}
	return trace_emit_slot(sim, id);
}
static inline bool trace_wanted(const struct sim *sim)
{
	return !sim->trace.off;
}
/* An event about a block of @z: node, zone, pfn, order and migratetype
 * filled, the rest (gfp, args) left to the caller; while nobody reads
 * events, not filled (the scratch record takes what the caller adds). */
static inline struct trace_event *trace_page(struct sim *sim, enum trace_id id,
					     const struct zone *z, unsigned long pfn,
					     unsigned int order, int mt)
{
	struct trace_event *ev = trace_emit(sim, id);

	if (!trace_wanted(sim))
		return ev;
	ev->nid = (uint8_t)z->zone_pgdat->node_id;
	ev->zid = z->zid;
	ev->pfn = pfn;
	ev->order = (uint8_t)order;
	ev->migratetype = (uint8_t)mt;
	return ev;
}

/* mm_init.c: boot a created machine (sim_create, sim_reset) and free what
 * boot made; the arrays and the small state time travel tracks, which
 * sim_clone() sets up again for its copy. */
int mm_init_boot(struct sim *sim);
void mm_init_release(struct sim *sim);
size_t sim_pageblock_bytes(const struct sim *sim);
int sim_track_arrays(struct sim *sim);
int sim_track_small(struct sim *sim);

/* pagemem.c: the page records' memory, zeroed (huge pages where the host
 * allows, asked for once boot has written its records: pagemem_booted) */
void *pagemem_alloc(size_t bytes);
void pagemem_booted(void *p, size_t bytes);
void pagemem_free(const void *p, size_t bytes);

/* watermark.c: the arithmetic of __zone_watermark_ok() (v4.5), inline for
 * the fast path: free -= 2^order - 1; ALLOC_HIGH halves min, ALLOC_HARDER
 * takes another quarter (otherwise the highatomic reserve is not free for
 * us); without ALLOC_CMA neither are CMA pages. Fail if free <= min +
 * lowmem_reserve[classzone]. */
static inline bool watermark_free_ok(const struct zone *z, unsigned int order, unsigned long mark,
				     int classzone_idx, unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;

	free_pages -= (1L << order) - 1;
	if (alloc_flags & ALLOC_HIGH)
		min -= min / 2;
	if (!(alloc_flags & ALLOC_HARDER))
		free_pages -= (long)z->nr_reserved_highatomic;
	else
		min -= min / 4;
	if (!(alloc_flags & ALLOC_CMA))
		free_pages -= z->vm_stat[NR_FREE_CMA_PAGES];
	return free_pages > min + z->lowmem_reserve[classzone_idx];
}
/* ... and the high-order half: some list at @order or above holds a block
 * we may take. */
bool watermark_order_ok(const struct zone *z, unsigned int order, unsigned int alloc_flags);
/* watermark.c: setup_per_zone_wmarks() runs the kernel's formula */
void setup_per_zone_wmarks(struct sim *sim);
void setup_per_zone_wmarks_4_5(struct sim *sim);
void setup_per_zone_wmarks_4_6(struct sim *sim);
void setup_per_zone_lowmem_reserve(struct sim *sim);
void setup_per_zone_lowmem_reserve_4_5(struct sim *sim);
void calculate_totalreserve_pages(struct sim *sim);
void setup_zone_pagesets(struct sim *sim);
void setup_zone_pagesets_4_5(struct sim *sim);
/* watermark_6_1.c: the same under Linux 6.1 */
void setup_per_zone_wmarks_6_1(struct sim *sim);
void setup_per_zone_lowmem_reserve_6_1(struct sim *sim);
void setup_zone_pagesets_6_1(struct sim *sim);
void set_recommended_min_free_kbytes(struct sim *sim);
/* the 4.x members of struct kernel_ops (kernel.h) that live in shared files */
void free_pages_4_5(struct sim *sim, struct zone *z, unsigned long pfn, unsigned int order,
		    bool cold);
void drain_pages_zone_4_5(struct sim *sim, int cpu, struct zone *z);
void alloc_flags_text_4_5(const struct sim *sim, gfp_t gfp, unsigned int order, bool fast,
			  char *buf, size_t len);
struct compact_control;
int compact_zone(struct sim *sim, struct zone *z, struct compact_control *cc);
void compact_node_4_5(struct sim *sim, int nid);
bool kcompactd_do_zone(struct sim *sim, struct zone *z, const struct kcompactd_ctl *k);
int compaction_suitable_raw_4_5(const struct sim *sim, const struct zone *z, int order,
				unsigned int alloc_flags, int classzone_idx);
unsigned long mult_frac(unsigned long x, unsigned long n, unsigned long d);
unsigned long rounddown_pow_of_two(unsigned long n);
unsigned long nr_free_buffer_pages(const struct sim *sim);

unsigned long default_min_free_kbytes(const struct sim *sim);

/* slowpath.c: the v4.5/v4.6 slow path (kernel.h: struct kernel_ops) */
struct alloc_request;
struct alloc_stage_desc;
extern const struct alloc_stage_desc slowpath_stages[];
int slowpath_step(struct sim *sim, struct alloc_request *req);
unsigned long slowpath_run(struct sim *sim, gfp_t gfp, unsigned int order);
void slowpath_call_chain(const struct alloc_request *req, struct strbuf *out);
int slowpath_frames(const struct alloc_request *req, const char **fn, int max);
/* The stage numbers and entry function a version's frames are built from
 * (alloc_frames_of, shared by v4.5's and 6.1's alloc_frames). */
struct frame_stages {
	const char	*entry;		/* __alloc_pages_nodemask, __alloc_pages */
	int		done, fastpath, got_pg, direct_reclaim;
};
int alloc_frames_of(const struct alloc_request *req, const struct frame_stages *where,
		    const char **fn, int max);
void slowpath_locals(const struct alloc_request *req, int part, struct strbuf *out);
/* slowpath_6_1.c: Linux 6.1's operations */
struct kernel_ops;
extern const struct kernel_ops kernel_ops_6_1;

/* page_alloc.c: get_page_from_freelist() over req's zonelist; fills
 * req->verdicts. Return: pfn or PFN_NONE. */
struct alloc_request;
unsigned long get_page_from_freelist(struct sim *sim, struct alloc_request *req,
				     unsigned int alloc_flags);
/* page_alloc.c: free an allocated block, no questions asked
 * (free_pages_prepare + __free_pages); @cold for reclaim's batches */
void free_page_frame(struct sim *sim, unsigned long pfn, bool cold);
/* page_alloc.c: free a block into a zone as boot does (no events, no pcp) */
/* Return: 0, or -EINTR when sim_interrupted() (every 256 blocks). */
int free_boot_range(struct sim *sim, struct zone *z, unsigned long start, unsigned long end);

/* realmachine_apply.c: lay a booted machine out as sim->cfg.real says (boot
 * calls it instead of handing every managed page to the buddy lists). */
int realmachine_apply(struct sim *sim);

/* buddy.c: the block at @pfn is PageBuddy of @order */
static inline bool page_is_buddy_order(const struct memmap *m, unsigned long pfn, unsigned int order)
{
	const struct page *p = &m->pages[pfn];

	return (p->flags & PG_buddy) && p->order == order;
}

/* the page records, their pageblock bytes and the lists through them */
#include "memmap.h"

#endif
