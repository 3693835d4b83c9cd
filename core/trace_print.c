/* core/trace_print.c - one event as one ftrace line.
 * Models kernel/trace/trace_output.c trace_print_context() and the
 * TP_printk() formats of include/trace/events/{kmem,vmscan,compaction,oom}.h
 * (v4.5, and 6.1's where they differ: see layout_6_1()), as
 * `cat /sys/kernel/debug/tracing/trace` prints them by default:
 *
 *             bash-1     [000] ....     0.000100: mm_page_free: page=ffffea0000000040 pfn=1 order=0
 *
 * Where the kernel record holds a number that struct trace_event has no
 * field for, it travels in arg[] (or, for a small "mode", in migratetype):
 *
 *  event                          fields used
 *  mm_page_alloc                  pfn (PFN_NONE: NULL page), order, migratetype, gfp_mask
 *  mm_page_free                   pfn, order
 *  mm_page_free_batched           pfn, arg[0] = cold
 *  mm_page_alloc_zone_locked      pfn, order, migratetype (percpu_refill is order == 0,
 *                                 computed as the kernel's TP_printk does; arg[0] unused)
 *  mm_page_pcpu_drain             pfn, order, migratetype
 *  mm_page_alloc_extfrag          pfn, order = alloc_order, migratetype = alloc type,
 *                                 arg[0] = fallback_order, arg[1] = fallback type,
 *                                 arg[2] = change_ownership (fragmenting is computed)
 *  mm_vmscan_kswapd_sleep         nid
 *  mm_vmscan_kswapd_wake          nid, order
 *  mm_vmscan_wakeup_kswapd        nid, zid, order
 *  mm_vmscan_direct_reclaim_begin order, gfp_mask, arg[0] = may_writepage
 *  mm_vmscan_direct_reclaim_end   arg[0] = nr_reclaimed
 *  mm_vmscan_lru_isolate          order, migratetype = isolate_mode, arg[0] = nr_requested,
 *                                 arg[1] = nr_scanned, arg[2] = nr_taken, arg[3] = file;
 *                                 6.1: arg[3] = lru, zid = classzone, pfn = nr_skipped
 *  mm_vmscan_lru_shrink_inactive  nid, zid, arg[0] = nr_scanned, arg[1] = nr_reclaimed,
 *                                 arg[2] = priority, arg[3] = file (flags are
 *                                 trace_shrink_flags(file), as in the kernel)
 *  mm_compaction_begin            arg[0] = zone_start, arg[1] = migrate_pfn,
 *                                 arg[2] = free_pfn, arg[3] = zone_end,
 *                                 migratetype = enum migrate_mode (0 async, else sync)
 *  mm_compaction_end              as begin, plus order = status (COMPACT_*, 0..7)
 *  mm_compaction_try_to_compact_pages  order, gfp_mask, arg[0] = migrate mode
 *  mm_compaction_suitable         nid, zid, order, arg[0] = ret (COMPACT_*)
 *  mm_compaction_finished         nid, zid, order, arg[0] = ret (COMPACT_*)
 *  mm_compaction_deferred         nid, zid, order, arg[0] = compact_order_failed,
 *  mm_compaction_defer_compaction   arg[1] = compact_considered,
 *  mm_compaction_defer_reset        arg[2] = compact_defer_shift (limit = 1 << shift)
 *  mm_compaction_migratepages     arg[0] = nr_migrated, arg[1] = nr_failed
 *  mm_compaction_isolate_{migrate,free}pages  arg[0..3] = start_pfn, end_pfn, nr_scanned, nr_taken
 *  oom_score_adj_update           pid, comm (of the task), arg[0] = oom_score_adj
 *  bs_alloc_stage                 stage (enum alloc_stage), msg
 */
#include "buddyscope/trace.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "buddyscope/gfp.h"
#include "buddyscope/kernel.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/page_alloc.h"

static const struct {
	const char *name;
	const char *sys;
} trace_events[NR_TRACE_EVENTS] = {
#define X(name, sys) { #name, #sys },
	TRACE_EVENTS(X)
#undef X
};

const char *trace_event_name(enum trace_id id)
{
	if ((int)id < 0 || id >= NR_TRACE_EVENTS)
		return NULL;
	return trace_events[id].name;
}

int trace_event_parse(const char *name)
{
	const char *colon = strchr(name, ':');
	const char *ev = colon ? colon + 1 : name;
	size_t syslen = colon ? (size_t)(colon - name) : 0;

	for (int i = 0; i < NR_TRACE_EVENTS; i++) {
		if (strcmp(trace_events[i].name, ev))
			continue;
		if (colon && (strlen(trace_events[i].sys) != syslen ||
			      strncmp(trace_events[i].sys, name, syslen)))
			continue;
		return i;
	}
	return -1;
}

/* ---- a snprintf-like cursor: writes what fits, counts everything ---- */

struct out {
	char	*buf;
	size_t	len;		/* size of buf */
	size_t	pos;		/* length the full text needs so far */
};

__attribute__((format(printf, 2, 3)))
static void outf(struct out *o, const char *fmt, ...)
{
	char dummy[1];
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (o->pos < o->len)
		n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	else
		n = vsnprintf(dummy, 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
}

/*
 * The kernel's plain %p of a struct page *: the vmemmap address on x86-64
 * (VMEMMAP_START 0xffffea0000000000, 64-byte struct page), 16 hex digits
 * without 0x. A NULL page prints "(null)" padded to the same 16 columns
 * (lib/vsprintf.c pointer(): "so it makes tabular output look nice").
 */
#define VMEMMAP_START	UINT64_C(0xffffea0000000000)
#define STRUCT_PAGE_SIZE 64

/* The layout of the kernel the event was recorded under. */
static bool layout_6_1(const struct trace_event *ev)
{
	const struct kernel_desc *k = kernel_desc((enum kernel_version)ev->kernel);

	return k && k->trace_layout == TRACE_LAYOUT_6_1;
}

/*
 * 6.1 prints page=%p hashed (a per-boot siphash of the address: 8 hex
 * digits after 8 zeros) and pfn=0x%lx; a NULL page prints as zeros, with
 * pfn -1 (kmem.h: page ? page_to_pfn(page) : -1UL).
 * SIMPLIFICATION: the hash is a fixed mix of the pfn, not the kernel's
 * keyed siphash, so it is stable from run to run.
 */
static void out_page_6_1(struct out *o, unsigned long pfn)
{
	uint32_t h;

	if (pfn == PFN_NONE) {
		outf(o, "page=%016x pfn=0x%lx", 0, (unsigned long)-1);
		return;
	}
	h = (uint32_t)((VMEMMAP_START + (uint64_t)pfn * STRUCT_PAGE_SIZE) * UINT64_C(0x9e3779b97f4a7c15)
		       >> 32);
	outf(o, "page=00000000%08" PRIx32 " pfn=0x%lx", h, pfn);
}

static void out_page(struct out *o, const struct trace_event *ev, unsigned long pfn)
{
	if (layout_6_1(ev))
		out_page_6_1(o, pfn);
	else if (pfn == PFN_NONE)
		outf(o, "page=%16s pfn=0", "(null)");
	else
		outf(o, "page=%016" PRIx64 " pfn=%lu",
		     VMEMMAP_START + (uint64_t)pfn * STRUCT_PAGE_SIZE, pfn);
}

/* gfp_flags=%s as the event's kernel prints it (kernel.h: gfp_style) */
static void out_gfp(struct out *o, const struct trace_event *ev, gfp_t gfp)
{
	const struct kernel_desc *k = kernel_desc((enum kernel_version)ev->kernel);
	char g[1024];

	gfp_format(gfp, k ? kernel_gfp_style(k) : GFP_STYLE_PGG, g, sizeof(g));
	outf(o, "%s", g);
}

/* __print_symbolic(zid, ZONE_TYPE) under %-8s; unknown values print in hex */
static void out_zone(struct out *o, unsigned int zid)
{
	if (zid < MAX_NR_ZONES)
		outf(o, "zone=%-8s", zone_names[zid]);
	else
		outf(o, "zone=0x%-6x", zid);
}

/* COMPACTION_STATUS of include/trace/events/compaction.h (v4.5) */
static const char *const compaction_status[] = {
	"deferred", "skipped", "continue", "partial", "complete",
	"no_suitable_page", "not_suitable_zone", "contended",
};

static void out_compact_status(struct out *o, long st)
{
	if (st >= 0 && st < (long)(sizeof(compaction_status) / sizeof(compaction_status[0])))
		outf(o, "%s", compaction_status[st]);
	else
		outf(o, "0x%lx", (unsigned long)st);
}

/* show_reclaim_flags(trace_shrink_flags(file)) (v4.5 vmscan.h) */
static const char *shrink_flags(long file)
{
	return file ? "RECLAIM_WB_FILE|RECLAIM_WB_ASYNC" : "RECLAIM_WB_ANON|RECLAIM_WB_ASYNC";
}

static void out_compaction_range(struct out *o, const struct trace_event *ev)
{
	outf(o, "zone_start=0x%lx migrate_pfn=0x%lx free_pfn=0x%lx zone_end=0x%lx, mode=%s",
	     (unsigned long)ev->arg[0], (unsigned long)ev->arg[1], (unsigned long)ev->arg[2],
	     (unsigned long)ev->arg[3], ev->migratetype ? "sync" : "async");
}

/* The TP_printk() part of each event. */
static void out_fields(struct out *o, const struct trace_event *ev)
{
	switch (ev->id) {
	case TRACE_mm_page_alloc:
		out_page(o, ev, ev->pfn);
		outf(o, " order=%d migratetype=%d gfp_flags=", ev->order, ev->migratetype);
		out_gfp(o, ev, ev->gfp_mask);
		break;
	case TRACE_mm_page_free:
		out_page(o, ev, ev->pfn);
		outf(o, " order=%d", ev->order);
		break;
	case TRACE_mm_page_free_batched:
		out_page(o, ev, ev->pfn);
		outf(o, " order=0 cold=%d", (int)ev->arg[0]);
		break;
	case TRACE_mm_page_alloc_zone_locked:
		out_page(o, ev, ev->pfn);
		/* 4.5 computes percpu_refill as order == 0; 6.1 records it */
		outf(o, " order=%u migratetype=%d percpu_refill=%d", ev->order, ev->migratetype,
		     layout_6_1(ev) ? (int)ev->arg[0] : ev->order == 0);
		break;
	case TRACE_mm_page_pcpu_drain:
		out_page(o, ev, ev->pfn);
		outf(o, " order=%d migratetype=%d", ev->order, ev->migratetype);
		break;
	case TRACE_mm_page_alloc_extfrag:
		out_page(o, ev, ev->pfn);
		outf(o, " alloc_order=%d fallback_order=%d pageblock_order=%d"
		     " alloc_migratetype=%d fallback_migratetype=%d fragmenting=%d"
		     " change_ownership=%d",
		     ev->order, (int)ev->arg[0], pageblock_order, ev->migratetype,
		     (int)ev->arg[1], ev->arg[0] < pageblock_order, (int)ev->arg[2]);
		break;
	case TRACE_mm_vmscan_kswapd_sleep:
		outf(o, "nid=%d", ev->nid);
		break;
	case TRACE_mm_vmscan_kswapd_wake:
		outf(o, "nid=%d order=%d", ev->nid, ev->order);
		break;
	case TRACE_mm_vmscan_wakeup_kswapd:
		if (layout_6_1(ev)) {
			outf(o, "nid=%d order=%d gfp_flags=", ev->nid, ev->order);
			out_gfp(o, ev, ev->gfp_mask);
		} else {
			outf(o, "nid=%d zid=%d order=%d", ev->nid, ev->zid, ev->order);
		}
		break;
	case TRACE_mm_vmscan_direct_reclaim_begin:
		if (layout_6_1(ev))
			outf(o, "order=%d gfp_flags=", ev->order);
		else
			outf(o, "order=%d may_writepage=%d gfp_flags=", ev->order, (int)ev->arg[0]);
		out_gfp(o, ev, ev->gfp_mask);
		break;
	case TRACE_mm_vmscan_direct_reclaim_end:
		outf(o, "nr_reclaimed=%lu", (unsigned long)ev->arg[0]);
		break;
	case TRACE_mm_vmscan_lru_isolate:
		if (layout_6_1(ev)) {	/* 4.8+: classzone, nr_skipped, lru */
			static const char *const lru_names[NR_LRU_LISTS] = {
				"inactive_anon", "active_anon", "inactive_file", "active_file",
				"unevictable" };

			outf(o, "isolate_mode=%d classzone=%d order=%d nr_requested=%lu nr_scanned=%lu"
			     " nr_skipped=%lu nr_taken=%lu lru=%s", ev->migratetype, ev->zid, ev->order,
			     (unsigned long)ev->arg[0], (unsigned long)ev->arg[1], ev->pfn,
			     (unsigned long)ev->arg[2],
			     lru_names[(unsigned long)ev->arg[3] % NR_LRU_LISTS]);
			break;
		}
		outf(o, "isolate_mode=%d order=%d nr_requested=%lu nr_scanned=%lu nr_taken=%lu"
		     " file=%d", ev->migratetype, ev->order, (unsigned long)ev->arg[0],
		     (unsigned long)ev->arg[1], (unsigned long)ev->arg[2], (int)ev->arg[3]);
		break;
	case TRACE_mm_vmscan_lru_shrink_inactive:
		outf(o, "nid=%d zid=%d nr_scanned=%ld nr_reclaimed=%ld priority=%d flags=%s",
		     ev->nid, ev->zid, ev->arg[0], ev->arg[1], (int)ev->arg[2],
		     shrink_flags(ev->arg[3]));
		break;
	case TRACE_mm_compaction_begin:
		out_compaction_range(o, ev);
		break;
	case TRACE_mm_compaction_end:
		out_compaction_range(o, ev);
		outf(o, " status=");
		out_compact_status(o, ev->order);
		break;
	case TRACE_mm_compaction_try_to_compact_pages:
		if (layout_6_1(ev)) {
			outf(o, "order=%d gfp_mask=", ev->order);
			out_gfp(o, ev, ev->gfp_mask);
			outf(o, " priority=%d", (int)ev->arg[0]);
		} else {
			outf(o, "order=%d gfp_mask=0x%x mode=%d", ev->order, ev->gfp_mask,
			     (int)ev->arg[0]);
		}
		break;
	case TRACE_mm_compaction_suitable:
	case TRACE_mm_compaction_finished:
		outf(o, "node=%d ", ev->nid);
		out_zone(o, ev->zid);
		/* order -1 (compact_memory) is stored as 255 in the u8 field */
		outf(o, " order=%d ret=", (int)(int8_t)ev->order);
		out_compact_status(o, ev->arg[0]);
		break;
	case TRACE_mm_compaction_deferred:
	case TRACE_mm_compaction_defer_compaction:
	case TRACE_mm_compaction_defer_reset:
		outf(o, "node=%d ", ev->nid);
		out_zone(o, ev->zid);
		outf(o, " order=%d order_failed=%d consider=%u limit=%lu", (int)(int8_t)ev->order,
		     (int)ev->arg[0], (unsigned int)ev->arg[1],
		     1UL << ((unsigned long)ev->arg[2] & 63));
		break;
	case TRACE_mm_compaction_isolate_migratepages:
	case TRACE_mm_compaction_isolate_freepages:
		/* arg[0..3] = start_pfn, end_pfn, nr_scanned, nr_taken */
		outf(o, "range=(0x%lx ~ 0x%lx) nr_scanned=%lu nr_taken=%lu",
		     (unsigned long)ev->arg[0], (unsigned long)ev->arg[1],
		     (unsigned long)ev->arg[2], (unsigned long)ev->arg[3]);
		break;
	case TRACE_mm_compaction_migratepages:
		outf(o, "nr_migrated=%lu nr_failed=%lu", (unsigned long)ev->arg[0],
		     (unsigned long)ev->arg[1]);
		break;
	case TRACE_oom_score_adj_update:
		/* the task whose adj changed (arg[1], name in msg), not the writer */
		if (ev->arg[1])
			outf(o, "pid=%ld comm=%.*s oom_score_adj=%hd", ev->arg[1],
			     (int)strnlen(ev->msg, 16), ev->msg, (short)ev->arg[0]);
		else
			outf(o, "pid=%d comm=%.*s oom_score_adj=%hd", ev->pid,
			     (int)strnlen(ev->comm, sizeof(ev->comm)), ev->comm, (short)ev->arg[0]);
		break;
	case TRACE_bs_alloc_stage:
		if (ev->stage >= 0 && kernel_desc((enum kernel_version)ev->kernel))
			outf(o, "stage=%s %s", kernel_stage(kernel_desc((enum kernel_version)ev->kernel),
							    ev->stage)->name, ev->msg);
		else
			outf(o, "%s", ev->msg);	/* kswapd, reclaim, compaction, OOM narration */
		break;
	default:
		outf(o, "%s", ev->msg);
		break;
	}
}

/*
 * Models: trace_print_context() with the default options (context-info and
 * irq-info on, microsecond clock): comm right-aligned in 16 columns, pid
 * left-aligned in 5, the cpu in 3 digits, the irq-info flags column, and
 * the timestamp rounded to the nearest microsecond as ns2usecs() does.
 * SIMPLIFICATION: the flags column is always "....": the sim has no irqs,
 * preemption or need_resched to report.
 */
size_t trace_format(const struct trace_event *ev, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	uint64_t us = (ev->ts_ns + 500) / 1000;
	const char *name = trace_event_name(ev->id);

	if (len)
		buf[0] = '\0';
	/* 6.1: a wider pid column and a fifth flag (migrate-disable) */
	outf(&o, layout_6_1(ev) ? "%16.*s-%-7d [%03d] ..... %5lu.%06lu: %s: "
				: "%16.*s-%-5d [%03d] .... %5lu.%06lu: %s: ",
	     (int)strnlen(ev->comm, sizeof(ev->comm)), ev->comm, ev->pid, ev->cpu,
	     (unsigned long)(us / 1000000), (unsigned long)(us % 1000000),
	     name ? name : "unknown_event");
	out_fields(&o, ev);
	return o.pos;
}
