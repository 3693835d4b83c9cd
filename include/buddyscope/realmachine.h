/* include/buddyscope/realmachine.h - a real machine's state, as its /proc
 * files or a kernel log show it, and booting the simulator from it.
 *
 * The parsers read the text of one file each (kernels 4.x to 6.x, their
 * layouts as they differ) into a struct real_machine; realmachine_finish()
 * checks what was read and works out what the files leave open; then a
 * sim_config whose ->real points at it boots a machine that reproduces it
 * (sim.h). Nothing here opens files: the program reads them and hands over
 * the text, so that every file goes through its file-access check.
 *
 * Errors: a parser returns 0, or -EINVAL with "line N: what was wrong; what
 * is accepted" in @err; the program puts the file's name in front.
 */
#ifndef BUDDYSCOPE_REALMACHINE_H
#define BUDDYSCOPE_REALMACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buddyscope/machine.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/strbuf.h"
#include "buddyscope/vmstat.h"

struct sim;

/* Page counts the files give per zone, per node or for the machine; -1 is
 * "not given". Every value is in pages, whatever unit the file used. */
#define REAL_COUNTERS(X)						\
	X(RC_ACTIVE_ANON,	"active_anon")				\
	X(RC_INACTIVE_ANON,	"inactive_anon")			\
	X(RC_ACTIVE_FILE,	"active_file")				\
	X(RC_INACTIVE_FILE,	"inactive_file")			\
	X(RC_UNEVICTABLE,	"unevictable")				\
	X(RC_MLOCK,		"mlocked")				\
	X(RC_ANON,		"anon")		/* nr_anon_pages: mapped by processes */ \
	X(RC_FILE,		"file")		/* nr_file_pages: the page cache */	\
	X(RC_SHMEM,		"shmem")				\
	X(RC_MAPPED,		"mapped")				\
	X(RC_DIRTY,		"dirty")				\
	X(RC_WRITEBACK,		"writeback")				\
	X(RC_SLAB_R,		"slab_reclaimable")			\
	X(RC_SLAB_U,		"slab_unreclaimable")			\
	X(RC_PAGETABLE,		"pagetables")				\
	X(RC_KSTACK,		"kernel_stack")				\
	X(RC_BUFFERS,		"buffers")	/* block-device page cache */	\
	X(RC_ANON_THP,		"anon_thp")	/* pages in anonymous THPs */	\
	X(RC_FREE,		"free")					\
	X(RC_FREE_PCP,		"free_pcp")				\
	X(RC_HUGETLB,		"hugetlb")	/* pages in the hugetlb pool */

enum real_counter {
#define X(id, name) id,
	REAL_COUNTERS(X)
#undef X
	NR_REAL_COUNTERS
};
extern const char *const real_counter_names[NR_REAL_COUNTERS];

/* What a kernel log's free-list line says of one order: blocks, and which
 * migratetypes have some (bit mt set). */
struct real_pcp {
	int		count;
	int		high;
	int		batch;
};

#define REAL_MAX_CPUS	NR_CPUS

struct real_zone {
	int		line;		/* its header line in zoneinfo; 0: not seen */
	bool		have_span;	/* spanned/present/managed given */
	bool		have_start;
	unsigned long	start_pfn, spanned, present, managed;
	unsigned long	free;		/* "pages free" / "free:" */
	bool		have_free;
	bool		have_wmark;
	unsigned long	wmark[NR_WMARK];	/* min, low, high as shown */
	unsigned long	boost;		/* 5.0+: watermark_boost */
	unsigned long	cma;		/* 5.x+: cma pages of the zone */
	int		nr_protection;	/* values in "protection: (...)" / lowmem_reserve[] */
	long		protection[MAX_NR_ZONES + 1];
	bool		have_buddy;	/* buddyinfo, or a kernel log's free-list line */
	unsigned long	nr_free[MAX_ORDER];
	uint8_t		types_at[MAX_ORDER];	/* kernel log: types with blocks (bit mt) */
	bool		have_ptfree;	/* pagetypeinfo free counts */
	unsigned long	nr_free_mt[MAX_ORDER][MIGRATE_TYPES];
	uint8_t		over_mt[MAX_ORDER];	/* bit mt: printed as ">100000" */
	bool		have_blocks;	/* pagetypeinfo "Number of blocks type" */
	unsigned long	blocks[MIGRATE_TYPES];
	int		nr_pcp;		/* cpus listed under pagesets */
	struct real_pcp	pcp[REAL_MAX_CPUS];
	unsigned long	reserved_highatomic;	/* pages */
	long		c[NR_REAL_COUNTERS];
	long		stat[NR_VM_ZONE_STAT_ITEMS];	/* zoneinfo lines of our names; -1 */
};

struct real_node {
	long		c[NR_REAL_COUNTERS];	/* zoneinfo's per-node stats, node vmstat */
	long		mi[NR_REAL_COUNTERS];	/* the node's meminfo */
};

/* One line of /proc/iomem that matters: RAM, the kernel image, reserved. */
enum iomem_kind { IOMEM_RAM, IOMEM_KERNEL, IOMEM_RESERVED };
struct real_range {
	unsigned long	start, end;	/* pfns, end exclusive */
	uint8_t		kind;		/* enum iomem_kind */
};
#define REAL_MAX_RANGES	128

/* A vm sysctl as the machine had it: the name without "vm.", the value as
 * the kernel printed it (arrays keep their blanks). */
struct real_sysctl {
	char		name[48];
	char		value[96];
};
#define REAL_MAX_SYSCTLS	96

/* A task of a kernel log's task table (sizes in pages). */
struct real_task {
	int		pid;
	int		uid;
	int		tgid;
	unsigned long	total_vm;
	unsigned long	rss;
	unsigned long	pgtables;	/* nr_ptes + nr_pmds, or pgtables_bytes / 4096 */
	unsigned long	swapents;
	int		oom_score_adj;
	char		comm[16];
};
#define REAL_MAX_TASKS	2048

struct real_machine {
	char		name[32];	/* machine name, e.g. the folder's */
	char		release[65];	/* uname -r as the `kernel` file or a log says */
	int		ver_major, ver_minor;	/* from release; 0 if unknown */
	int		layout;		/* enum real_layout: which zoneinfo layout */
	int		nr_nodes;
	int		nr_cpus;	/* largest cpu seen + 1 (or nproc) */
	struct real_zone zones[MAX_NUMNODES][MAX_NR_ZONES];
	struct real_node nodes[MAX_NUMNODES];
	long		c[NR_REAL_COUNTERS];	/* the whole machine: /proc/vmstat */
	long		mi[NR_REAL_COUNTERS];	/* the whole machine: /proc/meminfo */
	unsigned long	swap_total;	/* pages */
	unsigned long	memtotal_kb;	/* /proc/meminfo MemTotal; 0: not given */
	int		memtotal_line;	/* its line in meminfo */
	unsigned long	hugepage_kb;	/* meminfo Hugepagesize when a pool is there; 0 */
	int		nr_sysctls;
	struct real_sysctl sysctls[REAL_MAX_SYSCTLS];
	int		nr_ranges;
	struct real_range ranges[REAL_MAX_RANGES];
	unsigned long	vm_events[NR_VM_EVENT_ITEMS];	/* /proc/vmstat events */
	bool		have_events;
	char		thp_enabled[16], thp_defrag[16];	/* "always", "madvise", ... */
	/* its reclaimable slab is not shrinker objects, shrink_slab frees
	 * none of it: the state was written after reclaim had failed (a kernel
	 * log's report), or it is a /proc snapshot, which counts slab pages
	 * and not objects a shrinker could free (app/realimport.c says why) */
	bool		slab_pinned;
	int		nr_tasks;
	struct real_task tasks[REAL_MAX_TASKS];
	unsigned int	mt_columns;	/* migratetypes pagetypeinfo had columns for */
	bool		mt_reserve;	/* it had "Reserve" (MIGRATE_RESERVE, before 4.4) */
	unsigned long	reserve_blocks;	/* pageblocks its Reserve column counted */
	uint64_t	uptime_ns;	/* /proc/uptime when the files were taken; 0 unknown */
	/* borrowed, may be NULL: what a trace says of each pfn at its start
	 * (replay_hints(), REPLAY_HINT_*), [nr_hint]; the layout keeps pages
	 * a trace frees first allocated and puts free blocks and pcp pages
	 * where the trace takes them */
	const uint8_t	*hint;
	unsigned long	nr_hint;
	/* which inputs were read (RF_* bits), for the import report */
	unsigned int	have;
};

/* Layouts of /proc/zoneinfo, as the parser recognised them. */
enum real_layout {
	REAL_LAYOUT_UNKNOWN,
	REAL_LAYOUT_4_0,	/* zone LRU stats, "scanned", protection after the stats */
	REAL_LAYOUT_4_8,	/* "per-node stats", nr_zone_* LRU counters */
	REAL_LAYOUT_5_0,	/* + "boost" */
	REAL_LAYOUT_6_0,	/* protection before the zone stats (4.12+: b2bd8598195f,
				 * which also prints unpopulated zones), or "cma" (5.x+) */
};

/* Inputs (bits of real_machine.have). */
enum {
	RF_ZONEINFO	= 1u << 0,
	RF_BUDDYINFO	= 1u << 1,
	RF_PAGETYPEINFO	= 1u << 2,
	RF_VMSTAT	= 1u << 3,
	RF_MEMINFO	= 1u << 4,
	RF_SYSCTL	= 1u << 5,
	RF_IOMEM	= 1u << 6,
	RF_KERNEL	= 1u << 7,
	RF_KLOG		= 1u << 8,	/* a kernel log's report */
};

/* A zeroed machine with every counter "not given". */
void realmachine_init(struct real_machine *rm);

/* ---- parsers: each reads one file's text into @rm ---- */
int real_parse_zoneinfo(struct real_machine *rm, const char *text, char *err, size_t errlen);
int real_parse_buddyinfo(struct real_machine *rm, const char *text, char *err, size_t errlen);
int real_parse_pagetypeinfo(struct real_machine *rm, const char *text, char *err, size_t errlen);
/* /proc/vmstat, or a node's vmstat (@nid >= 0: /sys/devices/system/node/nodeN/vmstat) */
int real_parse_vmstat(struct real_machine *rm, int nid, const char *text, char *err,
		      size_t errlen);
/* /proc/meminfo, or a node's meminfo ("Node N MemTotal: ..."), both in kB */
int real_parse_meminfo(struct real_machine *rm, const char *text, char *err, size_t errlen);
/* `sysctl vm` ("vm.name = value"), or "name value" lines */
int real_parse_sysctl(struct real_machine *rm, const char *text, char *err, size_t errlen);
/* one file of a sys/vm/ folder: @name is the file's name */
int real_parse_sysctl_file(struct real_machine *rm, const char *name, const char *text,
			   char *err, size_t errlen);
int real_parse_iomem(struct real_machine *rm, const char *text, char *err, size_t errlen);
/* the `kernel` file (uname -r) */
int real_parse_release(struct real_machine *rm, const char *text, char *err, size_t errlen);
/* /proc/uptime ("5.68 9.12", or the first number alone) */
int real_parse_uptime_file(struct real_machine *rm, const char *text, char *err, size_t errlen);
/* The line of the first NUL byte in @text (@len bytes), or 0 if none: a
 * file with one is not text. */
int real_text_nul_line(const char *text, size_t len);

/* THP's enabled or defrag file: "[always] madvise never" */
int real_parse_thp(struct real_machine *rm, bool defrag, const char *text, char *err,
		   size_t errlen);

/* Set release and the version numbers from "6.1.0-56-amd64", "4.5.0", ... */
void realmachine_set_release(struct real_machine *rm, const char *s, size_t n);

/**
 * realmachine_finish - check what was read and fill what is left open: the
 * machine description (zones, cpus) and the name. Needs a zoneinfo (or, for
 * a kernel log, the zone lines). Appends one line per approximation to
 * @notes (may be NULL).
 * Return: 0, or -EINVAL with the reason in @err.
 */
int realmachine_finish(struct real_machine *rm, struct machine_desc *desc, struct strbuf *notes,
		       char *err, size_t errlen);

/**
 * realmachine_compare - compare a sim booted from @rm with the files: per
 * zone, buddyinfo, pagetypeinfo's free and block counts, watermarks,
 * protection and per-cpu counts, the LRU sizes the zone counters give.
 * Appends one line per zone that matches everything, one per difference.
 * Return: the number of differences.
 */
int realmachine_compare(const struct sim *sim, const struct real_machine *rm, struct strbuf *out);

/* The value of sysctl @name (without "vm."), or NULL. */
const char *realmachine_sysctl(const struct real_machine *rm, const char *name);

#endif
