/* include/buddyscope/kmsg.h - a real kernel log's allocation-failure and
 * OOM reports, read and explained.
 *
 * Models the reports of kernels 4.x to 6.x: mm/page_alloc.c
 * warn_alloc_failed()/warn_alloc() ("COMM: page allocation failure:
 * order:N, mode:0x...") and show_free_areas() (Mem-Info, the node and zone
 * lines, lowmem_reserve[], the free lists), mm/oom_kill.c dump_header() ("COMM
 * invoked oom-killer: gfp_mask=..., order=N, oom_score_adj=N"),
 * dump_tasks() and the kill line. A log may hold several reports; each is
 * read whole, with what the log's boot messages say of the machine (release,
 * zone ranges, cpus).
 *
 * Then kmsg_explain() re-runs the request's watermark checks on the zones as
 * the report shows them, says zone by zone why each refused, and for an OOM
 * report which task the OOM killer would choose, by the report's kernel's
 * badness; kmsg_to_machine() turns the report into a real machine to boot.
 */
#ifndef BUDDYSCOPE_KMSG_H
#define BUDDYSCOPE_KMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/realmachine.h"
#include "buddyscope/strbuf.h"

enum kmsg_kind { KMSG_ALLOC_FAILURE, KMSG_OOM };

/* Which vmalloc message a report is (KMSG_ALLOC_FAILURE with its mask):
 *   VM_PAGES      5.13+ "vmalloc error: size N, page order O, failed to
 *                 allocate pages" (6.4+ without the order), 4.x-5.12
 *                 "vmalloc: allocation failure, allocated N of M bytes":
 *                 the area's pages, asked one block at a time
 *   VM_ARRAY      "failed to allocate(d) page array size N": the array of
 *                 page pointers (kmalloc or a nested vmalloc)
 *   VM_MAP        "failed to map pages": page tables for the area
 *   VM_AREA       "vm_struct allocation failed", 4.x-5.12 "vmalloc:
 *                 allocation failure: N bytes": no virtual range
 *   VM_TOO_BIG    "exceeds total pages": more than the machine's RAM */
enum kmsg_vmalloc { VM_NONE, VM_PAGES, VM_ARRAY, VM_MAP, VM_AREA, VM_TOO_BIG };

/* One zone as a report shows it; sizes in pages (the report says kB). */
struct kmsg_zone {
	bool		seen;		/* its "Node N ZONE free:..." line */
	bool		have_list;	/* its "Node N ZONE: 1*4kB (M) ..." line */
	unsigned long	free, min, low, high, boost;
	unsigned long	present, managed;
	unsigned long	reserved_highatomic, free_cma, free_pcp, local_pcp;
	long		lru[NR_LRU_LISTS];	/* -1: not shown */
	long		mlocked;
	int		nr_reserve;	/* values on its lowmem_reserve[] line */
	long		lowmem_reserve[MAX_NR_ZONES + 1];
	unsigned long	nr_free[MAX_ORDER];	/* blocks per order */
	uint8_t		types[MAX_ORDER];	/* migratetypes the line lists (bit mt) */
};

#define KMSG_MAX_TASKS	REAL_MAX_TASKS

struct kmsg_report {
	enum kmsg_kind	kind;
	int		first_line, last_line;	/* in the log */
	char		comm[16];	/* the task that asked */
	int		pid;		/* from "CPU: N PID: P Comm: ..."; 0 unknown */
	int		cpu;		/* -1 unknown */
	char		gfp_text[192];	/* the mask as the log printed it */
	gfp_t		gfp;		/* in the model's bits */
	int		order;
	int		oom_score_adj;	/* OOM: of the task that asked */
	char		release[65];	/* the kernel, from the report or the log */
	int		kver;		/* major * 100 + minor; 0 unknown */
	struct kmsg_zone zones[MAX_NUMNODES][MAX_NR_ZONES];
	/* Mem-Info's counters for the machine and the node lines' (pages; -1
	 * not shown): slab, page tables, shmem, ... (enum real_counter) */
	long		mem[NR_REAL_COUNTERS];
	long		node_mem[MAX_NUMNODES][NR_REAL_COUNTERS];
	int		nr_nodes;
	bool		all_unreclaimable[MAX_NUMNODES];
	unsigned long	swap_free, swap_total;	/* pages */
	bool		swap_known;	/* "Total swap = " was in the report */
	unsigned long	pages_ram, pages_reserved;
	int		nr_tasks;
	struct real_task tasks[KMSG_MAX_TASKS];
	bool		pgtables_bytes;	/* the table's page tables are in bytes (4.15+) */
	/* what the kernel did: the victim it named */
	int		killed_pid;	/* 0: none named */
	char		killed_comm[16];
	long		killed_score;	/* 4.x "score N"; -1 not printed */
	/* a memory cgroup's OOM ("Memory cgroup out of memory",
	 * CONSTRAINT_MEMCG): no zone lines; the victim is weighed against
	 * the cgroup's limit */
	bool		memcg;
	unsigned long	memcg_usage, memcg_limit;	/* pages; "memory: usage NkB, limit NkB" */
	/* 4.19+ "oom-kill:constraint=CONSTRAINT_MEMORY_POLICY,nodemask=1,..."
	 * or CONSTRAINT_CPUSET (mems_allowed=): the nodes the OOM was
	 * confined to (bit nid); 0: the whole machine */
	unsigned int	constraint_nodes;
	bool		constraint_cpuset;
	/* "nodemask=1" in the report's first line (a memory policy's): the
	 * nodes the request may use (bit nid); 0: "(null)", every node */
	unsigned int	nodemask;
	/* where the request ran, from the call trace: "<IRQ>" and
	 * __do_softirq (handle_softirqs 6.9+) or ksoftirqd; the comm and
	 * pid of an interrupt are those of the task it interrupted */
	enum { KCTX_TASK, KCTX_SOFTIRQ, KCTX_HARDIRQ } context;
	/* a vmalloc failure's warn_alloc() (mm/vmalloc.c): what failed */
	enum kmsg_vmalloc vmalloc;
	unsigned long	vm_size;	/* bytes: "size N" (5.13+: what it had got) */
	unsigned long	vm_wanted;	/* bytes: 4.x-5.12 "allocated N of M": M */
};

/* What the rest of the log says of the machine (boot messages). */
struct kmsg_boot {
	char		release[65];
	int		nr_cpus;	/* 0 unknown */
	/* "Zone ranges:" and "Early memory node ranges" (pfns, end exclusive) */
	unsigned long	zone_start[MAX_NR_ZONES], zone_end[MAX_NR_ZONES];
	bool		zone_known[MAX_NR_ZONES];
	int		nr_ranges;
	struct real_range ranges[REAL_MAX_RANGES];	/* IOMEM_RAM, node in kind>>4 */
};

#define KMSG_MAX_REPORTS	64

struct kmsg_log {
	struct kmsg_boot boot;
	int		nr_reports;	/* reports seen (more than kept: the last kept) */
	int		nr_kept;
	struct kmsg_report *reports[KMSG_MAX_REPORTS];	/* owned; malloc'd */
};

/**
 * kmsg_parse - read a kernel log (dmesg, journalctl -k, /var/log/kern.log)
 * into @log: every allocation-failure and OOM report, and the boot facts.
 * Return: 0 (also for a log without reports: nr_reports 0), -ENOMEM, or
 * -EINVAL with "line N: ..." in @err for a report line that does not parse.
 */
int kmsg_parse(const char *text, struct kmsg_log *log, char *err, size_t errlen);
void kmsg_release(struct kmsg_log *log);

/**
 * kmsg_explain - the request's watermark checks, zone by zone, in the fixed
 * form "Node 0 DMA32: free 1055 <= min 1089 + lowmem_reserve 0 (order 0):
 * refused", then for an OOM report "victim: PID (COMM) score N", then the
 * explanation in words.
 */
void kmsg_explain(const struct kmsg_report *r, const struct kmsg_boot *boot, struct strbuf *out);

/**
 * kmsg_to_machine - @r as a real machine to boot: zones with their sizes,
 * free lists, watermarks and lowmem_reserve as shown, the LRU sizes, the
 * tasks of the table with their memory. @rm is initialised here.
 * Return: 0, or -EINVAL with the reason (a report without zone lines).
 */
int kmsg_to_machine(const struct kmsg_report *r, const struct kmsg_boot *boot,
		    struct real_machine *rm, char *err, size_t errlen);

#endif
