/* include/buddyscope/replay.h - replaying a real machine's ftrace log.
 *
 * A trace of the kmem events (include/trace/events/kmem.h): mm_page_alloc,
 * mm_page_free, mm_page_free_batched, mm_page_alloc_zone_locked,
 * mm_page_pcpu_drain and mm_page_alloc_extfrag, as /sys/kernel/tracing/trace
 * or `trace-cmd report` prints them, in the 4.x layout (decimal pfn) or the
 * 5.x/6.x one (hex pfn). The program reads the file (decompressing it if it
 * must) and hands over one line at a time; events are sorted into time order
 * across CPUs before they are replayed.
 *
 * Two modes. exact: each event happens where the kernel says (the pfn and
 * order it gave, the per-cpu list it used), so the simulator walks in the
 * real machine's footsteps and can be compared with its /proc afterwards.
 * simulate: the allocations are asked of the simulator's own allocator,
 * which makes its own choices; frees follow the blocks it chose.
 */
#ifndef BUDDYSCOPE_REPLAY_H
#define BUDDYSCOPE_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buddyscope/gfp.h"

struct sim;

enum replay_kind {
	RK_ALLOC,		/* mm_page_alloc */
	RK_FREE,		/* mm_page_free */
	RK_FREE_BATCHED,	/* mm_page_free_batched */
	RK_ZONE_LOCKED,		/* mm_page_alloc_zone_locked */
	RK_PCPU_DRAIN,		/* mm_page_pcpu_drain */
	RK_EXTFRAG,		/* mm_page_alloc_extfrag */
	NR_REPLAY_KINDS
};

/* One event, 32 bytes. */
struct replay_event {
	uint64_t	ts_ns;		/* the trace's timestamp */
	uint32_t	pfn;		/* REPLAY_NO_PFN: a failed allocation (page=NULL) */
	uint32_t	line;		/* its line in the file */
	gfp_t		gfp;		/* RK_ALLOC: in the model's bits */
	uint16_t	cpu;
	uint8_t		kind;		/* enum replay_kind */
	uint8_t		order;		/* RK_EXTFRAG: alloc_order */
	uint8_t		mt;		/* migratetype; RK_EXTFRAG: alloc_migratetype */
	uint8_t		flag;		/* percpu_refill; RK_EXTFRAG: change_ownership */
	uint8_t		fallback_order;	/* RK_EXTFRAG */
	uint8_t		fallback_mt;	/* RK_EXTFRAG */
};
#define REPLAY_NO_PFN	0xffffffffu

/* State of reading one trace file. */
struct replay_parser {
	int		kver;		/* kernel of the trace (major*100+minor), 0 unknown:
					 * how GFP names and raw masks read */
	unsigned long	lines;		/* lines read */
	unsigned long	events;		/* kmem events returned */
	unsigned long	other;		/* events of other kinds, skipped */
	unsigned long	lost;		/* "[LOST N EVENTS]" in the trace */
	bool		hex_pfn, dec_pfn;	/* layouts seen */
	bool		latency;	/* the latency-format layout seen */
	unsigned long	truncated;	/* a cut-off last line, skipped */
};

/**
 * replay_parse_line - read one line of an ftrace text file.
 * Return: 1 and *@ev for a kmem event above, 0 for a line to skip (header,
 * comment, blank, another event), or -EINVAL with "line N: ..." in @err for
 * a kmem event line that does not parse.
 */
int replay_parse_line(struct replay_parser *rp, const char *line, size_t len,
		      struct replay_event *ev, char *err, size_t errlen);

/* Sort @n events by timestamp, keeping the file's order for equal ones. */
int replay_sort(struct replay_event *ev, size_t n);

/* ---- GFP masks as kernels 4.x to 6.x print them ---- */

/**
 * gfp_parse_kernel - a mask as kernel @kver printed it in a trace or a log:
 * names of 4.5 to 6.x (GFP_TRANSHUGE_LIGHT, __GFP_RETRY_MAYFAIL, %pGg and the
 * 4.5 trace spelling), raw hex in that kernel's bit layout, or both as the
 * log prints them ("0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP)": the names
 * win). Names whose meaning changed (GFP_TRANSHUGE in 4.8) read as @kver's.
 * Return: 0 and *@out in the model's bits, or -EINVAL with a one-line reason
 * naming the closest known name.
 */
int gfp_parse_kernel(const char *text, int kver, gfp_t *out, char *err, size_t errlen);
/* A raw mask of kernel @kver (0: 4.5's layout) in the model's bits. */
gfp_t gfp_from_raw(unsigned long raw, int kver);

/* ---- replaying ---- */

enum replay_mode { REPLAY_EXACT, REPLAY_SIMULATE };

/* What became of one event; the text says why, for the end report. */
#define REPLAY_OUTCOMES(X)							\
	X(RO_APPLIED,		"applied")					\
	X(RO_UNTRACED_PCP,	"applied; the page had left a pcp list untraced (alloc_pages_bulk)") \
	X(RO_UNTRACED_BUDDY,	"applied; the block was free here: taken untraced (a compaction target) or allocated before the trace began") \
	X(RO_SAME_PFN,		"allocated at the pfn the kernel chose")	\
	X(RO_OTHER_PFN,		"allocated at another pfn than the kernel, in its zone") \
	X(RO_OTHER_ZONE,	"allocated in another zone than the kernel's")	\
	X(RO_FAILED_IN_KERNEL,	"failed allocations (page=NULL): nothing to replay") \
	X(RO_SIM_FAILED,	"refused by the simulator")			\
	X(RO_NOT_FREE,		"pfn not free in the simulator")		\
	X(RO_NOT_ALLOCATED,	"free of a pfn the simulator has free")		\
	X(RO_BEFORE_TRACE,	"free of a page allocated before tracing began") \
	X(RO_DUPLICATE,		"already done by an earlier event (batched free, drain)") \
	X(RO_NOT_ON_PCP,	"drain of a page not on a per-cpu list")	\
	X(RO_OUTSIDE,		"pfn outside the machine's memory")		\
	X(RO_INTERNAL,		"the simulator's own pcp and fallback decide (simulate)")

enum replay_outcome {
#define X(id, text) id,
	REPLAY_OUTCOMES(X)
#undef X
	NR_REPLAY_OUTCOMES
};
const char *replay_outcome_text(enum replay_outcome o);

struct replay;

/**
 * replay_create - get ready to replay up to @nr_events events into @sim.
 * Return: 0 and *@out, or -ENOMEM.
 */
int replay_create(struct sim *sim, enum replay_mode mode, size_t nr_events, struct replay **out);
void replay_destroy(struct replay *r);
/* Replay one event (events in time order). */
enum replay_outcome replay_event(struct sim *sim, struct replay *r, const struct replay_event *ev);

/**
 * replay_prepare - read @n events (in time order) for replay_run(): each
 * event's zone, cpu and way through the replay are looked up once, from the
 * machine's layout (which no replay changes). @ev is borrowed: keep it
 * unchanged until the last replay_run(). Return: 0, or -ENOMEM.
 */
int replay_prepare(struct sim *sim, struct replay *r, const struct replay_event *ev, size_t n);
/**
 * replay_run - replay events [@from, @to) of the array replay_prepare()
 * read, as replay_event() would one by one (the same outcomes, the same end
 * state), adding one to @count[kind][outcome] for each. Call it piece by
 * piece to report progress or stop between pieces.
 */
void replay_run(struct sim *sim, struct replay *r, size_t from, size_t to,
		unsigned long (*count)[NR_REPLAY_OUTCOMES]);

/**
 * alloc_pages_at - allocate the 2^@order block at @pfn, as a real kernel's
 * trace says it did: the block must be free (in the free lists, whole or
 * inside a larger block, which is split as expand() does; an order-0 page
 * may be on a pcp list). No watermark is checked: the kernel already chose.
 * Emits mm_page_alloc. The request form `alloc GFP ORDER at=PFN`.
 * Return: @pfn, or PFN_NONE with sim_errmsg() saying what is there instead.
 */
unsigned long alloc_pages_at(struct sim *sim, gfp_t gfp, unsigned int order, unsigned long pfn);

/**
 * replay_hints - what a trace says of the machine at its start: for each
 * pfn, the first event that touches it (an allocation: it was free; a pcp
 * drain or an order-0 allocation without a refill: it was on a per-cpu list;
 * a free: it was allocated). Writes one REPLAY_HINT_* per pfn below
 * @max_pfn into @hint (zeroed by the caller). An import takes them as
 * constraints (struct real_machine.hint).
 */
enum { REPLAY_HINT_NONE, REPLAY_HINT_BUDDY, REPLAY_HINT_PCP, REPLAY_HINT_USED };
void replay_hints(const struct replay_event *ev, size_t n, uint8_t *hint, unsigned long max_pfn);

#endif
