/* core/kmsg_explain.c - why a real kernel refused an allocation, zone by
 * zone, and whom its OOM killer would choose (kmsg.h).
 *
 * The checks are the kernel's, on the numbers the report printed:
 *
 *   Models: mm/page_alloc.c __zone_watermark_ok() (4.5 .. 6.1 agree on it):
 *     free -= 2^order - 1; without ALLOC_HARDER the highatomic reserve and
 *     without ALLOC_CMA the free CMA pages are not free for us; ALLOC_HIGH
 *     halves the watermark, ALLOC_HARDER takes a quarter more off; refuse if
 *     free <= watermark + lowmem_reserve[classzone]; for order > 0, some
 *     free list at the order or above must hold a block of a type we may take.
 *     6.3 renamed the flags (ALLOC_MIN_RESERVE for __GFP_HIGH, ALLOC_NON_BLOCK
 *     for a request that may not sleep) and takes the quarter off only for
 *     both: GFP_NOWAIT keeps the full min watermark.
 *   The watermark: an allocation failure was refused at min (the slow path's
 *     gfp_to_alloc_flags()); an OOM report comes after __alloc_pages_may_oom()
 *     tried once more at the high watermark, the check shown for it. 5.0+
 *     adds the zone's watermark boost.
 *   The classzone: up to 5.6 the preferred zone (the first zone of the
 *     zonelist the mask allows), from 5.7 gfp_zone() itself (highest_zoneidx).
 *   The OOM killer's choice is kmsg_victim.c's.
 * SIMPLIFICATION: the zonelist starts at node 0 (the report does not say
 * which node the cpu was on); a uid-0 task counts as CAP_SYS_ADMIN; no
 * cpuset or memcg constraint.
 */
#include "buddyscope/kmsg.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/page_alloc.h"
#include "buddyscope/task.h"
#include "kmsg_int.h"

static const char *const zone_word[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal", "Movable" };
static const char *const wmark_word[NR_WMARK] = { "min", "low", "high" };

/* gfp_to_alloc_flags() without the task's context (no rt task, no
 * PF_MEMALLOC, no TIF_MEMDIE: the report does not say). */
static unsigned int report_alloc_flags(const struct kmsg_report *r)
{
	unsigned int f;

	if (r->kind == KMSG_OOM)
		return ALLOC_WMARK_HIGH | ALLOC_CPUSET;
	f = ALLOC_WMARK_MIN | ALLOC_CPUSET;
	if (r->gfp & GFP_F_HIGH)
		f |= ALLOC_HIGH;
	if ((r->gfp & GFP_F_ATOMIC) || (r->kver >= 603 && !(r->gfp & GFP_F_DIRECT_RECLAIM))) {
		if (!(r->gfp & GFP_F_NOMEMALLOC))
			f |= ALLOC_HARDER;
		f &= ~(unsigned int)ALLOC_CPUSET;
	}
	if (gfpflags_to_migratetype(r->gfp) == MIGRATE_MOVABLE)
		f |= ALLOC_CMA;
	return f;
}

struct check {
	long		free, mark, min, reserve;
	unsigned long	highatomic, cma;
	bool		wmark_ok, order_ok, list_known;
	int		no_type_order;	/* an order with blocks of types it may not take; -1 */
};

/* __zone_watermark_ok() on the report's numbers */
static void zone_check(const struct kmsg_report *r, const struct kmsg_zone *z, int classzone,
		       unsigned int af, struct check *c)
{
	unsigned long marks[NR_WMARK] = { z->min, z->low, z->high };
	bool harder = af & ALLOC_HARDER;

	memset(c, 0, sizeof(*c));
	c->no_type_order = -1;
	c->mark = (long)(marks[af & ALLOC_WMARK_MASK] + z->boost);
	c->min = c->mark;
	if (af & ALLOC_HIGH)
		c->min -= c->min / 2;
	/* 6.3+ (ALLOC_NON_BLOCK): the quarter only with __GFP_HIGH's
	 * ALLOC_MIN_RESERVE; GFP_NOWAIT is held to the full min */
	if (harder && (r->kver < 603 || (af & ALLOC_HIGH)))
		c->min -= c->min / 4;
	c->free = (long)z->free - ((1L << r->order) - 1);
	if (!harder) {
		c->highatomic = z->reserved_highatomic;
		c->free -= (long)c->highatomic;
	}
	if (!(af & ALLOC_CMA)) {
		c->cma = z->free_cma;
		c->free -= (long)c->cma;
	}
	c->reserve = classzone < z->nr_reserve ? z->lowmem_reserve[classzone] : 0;
	c->wmark_ok = c->free > c->min + c->reserve;
	c->list_known = z->have_list;
	if (!c->wmark_ok || !r->order) {
		c->order_ok = c->wmark_ok;
		return;
	}
	for (int o = r->order; o < MAX_ORDER; o++) {
		uint8_t may = (1u << MIGRATE_UNMOVABLE) | (1u << MIGRATE_MOVABLE) |
			      (1u << MIGRATE_RECLAIMABLE);

		if (!z->nr_free[o])
			continue;
		if (af & ALLOC_CMA)
			may |= 1u << MIGRATE_CMA;
		if (harder || !z->types[o] || (z->types[o] & may)) {
			c->order_ok = true;
			return;
		}
		if (c->no_type_order < 0)
			c->no_type_order = o;
	}
	c->order_ok = !c->list_known;	/* without the list line it cannot be told */
}

/* Zones the request may use, in zonelist order (node 0 first, each node
 * from its highest allowed zone down). */
static int zonelist(const struct kmsg_report *r, int high, int out[][2], int max)
{
	int n = 0;

	for (int nid = 0; nid < r->nr_nodes; nid++)
		for (int zid = high; zid >= 0 && n < max; zid--)
			if (r->zones[nid][zid].seen && r->zones[nid][zid].present &&
			    (!r->nodemask || (r->nodemask & (1u << nid)))) {
				out[n][0] = nid;
				out[n][1] = zid;
				n++;
			}
	return n;
}

/* ---- the words ---- */

/* 6.3 renamed the flags the report's mask gives: ALLOC_HIGH is
 * ALLOC_MIN_RESERVE, ALLOC_HARDER (for a request that may not sleep)
 * ALLOC_NON_BLOCK. @s is alloc_flags_format()'s "A|B|C". */
static void rename_6_3(char *s, size_t n)
{
	char out[160] = "";
	size_t len = 0;

	for (char *tok = s, *bar; tok && *tok; tok = bar ? bar + 1 : NULL) {
		const char *name = tok;
		size_t tl;

		bar = strchr(tok, '|');
		tl = bar ? (size_t)(bar - tok) : strlen(tok);
		if (tl == 10 && !memcmp(tok, "ALLOC_HIGH", 10))
			name = "ALLOC_MIN_RESERVE", tl = 17;
		else if (tl == 12 && !memcmp(tok, "ALLOC_HARDER", 12))
			name = "ALLOC_NON_BLOCK", tl = 15;
		if (len + tl + 2 >= sizeof(out))
			break;
		if (len)
			out[len++] = '|';
		memcpy(out + len, name, tl);
		len += tl;
		out[len] = '\0';
	}
	snprintf(s, n, "%s", out);
}

/* Where the request ran, when the call trace says it was an interrupt. */
static void why_context(const struct kmsg_report *r, struct strbuf *out)
{
	if (r->context == KCTX_TASK)
		return;
	sb_printf(out, "  It ran in %s (the call trace shows %s): %s (pid %d) is the task the "
		  "interrupt found on cpu %d, not the one that asked. An interrupt may not sleep, "
		  "and __gfp_pfmemalloc_flags() grants no memory reserves below min on behalf of "
		  "the interrupted task (only a softirq already flagged PF_MEMALLOC, serving a "
		  "memalloc socket, gets them): the lowered watermark above is all it had.\n",
		  r->context == KCTX_SOFTIRQ ? "softirq context" : "hard interrupt context",
		  r->context == KCTX_SOFTIRQ ? "<IRQ> and the softirq handler" :
		  "<IRQ> and no softirq handler", r->comm, r->pid, r->cpu);
}

/* A zone that manages far fewer pages than it has: early in boot, before
 * deferred struct page init (CONFIG_DEFERRED_STRUCT_PAGE_INIT) has handed
 * the rest to the buddy allocator, or memory taken by the firmware or a
 * crash kernel. The checks are on what it managed then. */
static void why_managed(const struct kmsg_report *r, struct strbuf *out)
{
	for (int nid = 0; nid < r->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct kmsg_zone *z = &r->zones[nid][zid];

			if (!z->seen || !z->present || z->managed * 2 >= z->present)
				continue;
			sb_printf(out, "  Node %d %s manages %lu of its %lu present pages: early in "
				  "boot the rest may not have been handed to the buddy allocator yet "
				  "(deferred struct page init), or firmware or a crash kernel "
				  "holds it; the checks are on what it managed then.\n", nid,
				  zone_word[zid], z->managed, z->present);
		}
}

/* What a vmalloc report means for the page requests behind it. */
static void why_vmalloc(const struct kmsg_report *r, struct strbuf *out)
{
	switch (r->vmalloc) {
	case VM_NONE:
		return;
	case VM_PAGES:
		if (r->vm_wanted)
			sb_printf(out, "  A vmalloc failure (4.x-5.12 layout): it had %lu of the %lu "
				  "bytes it wanted when a page request failed.", r->vm_size,
				  r->vm_wanted);
		else
			sb_printf(out, "  A vmalloc failure: \"size %lu\" is what it had got (%lu "
				  "pages) when a page request failed, not the size asked for.",
				  r->vm_size, r->vm_size / 4096);
		sb_printf(out, " vmalloc asks for its pages one block of order %d at a time with "
			  "__GFP_NOWARN, so the failed page request printed no report of its own; "
			  "the checks above are that request's, on the zones as printed after it "
			  "gave up.\n", r->order);
		if (!r->order && (r->gfp & GFP_F_DIRECT_RECLAIM) && !(r->gfp & GFP_F_NORETRY) &&
		    !(r->gfp & GFP_F_REPEAT))
			sb_puts(out, "  An order-0 request that may reclaim does not fail while "
				"reclaim or the OOM killer can make progress: it returns NULL when its "
				"task was chosen as the OOM victim (the reserves did not suffice) or is "
				"being killed, when the OOM killer is disabled (suspend), or, with "
				"__GFP_ACCOUNT, when the memory cgroup's charge fails. The report does "
				"not say which; a kill line just before it points to the first.\n");
		return;
	case VM_ARRAY:
		sb_printf(out, "  A vmalloc failure before its pages: the array of page pointers "
			  "(%lu bytes) could not be allocated (kmalloc up to a page, a nested vmalloc "
			  "above). The checks above are for an order-%d request with the same mask.\n",
			  r->vm_wanted, r->order);
		return;
	case VM_MAP:
		sb_puts(out, "  A vmalloc failure after its pages: every page was allocated, but the "
			"page tables to map them were not (order-0 requests, made under the mask's "
			"NOFS/NOIO scope). The checks above are for order 0 with the same mask.\n");
		return;
	case VM_AREA:
	case VM_TOO_BIG:
		return;
	}
}

static int report_classzone(const struct kmsg_report *r, int *high);

/* Whether every zone the request may use failed the watermark itself (not
 * only the order check). */
static bool all_refused_by_wmark(const struct kmsg_report *r)
{
	int zl[MAX_NUMNODES * MAX_NR_ZONES][2], high, classzone = report_classzone(r, &high);
	int n = zonelist(r, high, zl, (int)(sizeof(zl) / sizeof(zl[0])));
	unsigned int af = report_alloc_flags(r);

	for (int i = 0; i < n; i++) {
		struct check c;

		zone_check(r, &r->zones[zl[i][0]][zl[i][1]], classzone, af, &c);
		if (c.wmark_ok)
			return false;
	}
	return true;
}

/* A report with no zone line at all was cut: the log lost its Mem-Info
 * (dmesg's ring buffer wrapped, or the capture stopped). */
static bool report_has_zones(const struct kmsg_report *r)
{
	for (int nid = 0; nid < MAX_NUMNODES; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			if (r->zones[nid][zid].seen)
				return true;
	return false;
}

static void why_slowpath(const struct kmsg_report *r, bool all_refused, struct strbuf *out)
{
	gfp_t g = r->gfp;

	if (r->kind == KMSG_OOM && r->memcg) {
		sb_printf(out, "  A memory cgroup's OOM: the cgroup's usage (%lu pages) reached its "
			  "limit (%lu pages) and reclaim within it freed too little, so "
			  "mem_cgroup_out_of_memory() chose a victim among its tasks. The zones' "
			  "watermarks played no part: the report prints no zone lines.\n",
			  r->memcg_usage, r->memcg_limit);
		return;
	}
	if (r->kind == KMSG_OOM) {
		bool unrecl = false;

		for (int nid = 0; nid < r->nr_nodes; nid++)
			unrecl |= r->all_unreclaimable[nid];
		sb_printf(out, "  Every zone refused at min, direct reclaim and compaction freed "
			  "too little, and __alloc_pages_may_oom() tried once more at the high "
			  "watermark%s before it called the OOM killer.%s%s\n",
			  report_has_zones(r) ? " (the checks above)" : "",
			  unrecl ? " The report marks the node all_unreclaimable: reclaim scanned "
			  "its LRU lists many times over without freeing anything." : "",
			  r->swap_known && !r->swap_total ? " There is no swap: anonymous memory can only be "
			  "freed by killing the task that owns it." : "");
		return;
	}
	if (!all_refused) {
		sb_puts(out, "  A zone passes the check on the report's numbers: the counters "
			"were printed after the failure, when memory had been freed (kswapd, an "
			"exiting task), or a cpuset or nodemask kept the request from it.\n");
	}
	if (!(g & GFP_F_DIRECT_RECLAIM)) {
		sb_puts(out, "  The mask has no __GFP_DIRECT_RECLAIM: the request may not sleep, "
			"so it failed as soon as the watermark checks refused; kswapd was woken to "
			"catch up afterwards.\n");
		if (r->order && !all_refused_by_wmark(r))
			sb_printf(out, "  Nor may it compact (try_to_compact_pages needs "
				  "__GFP_DIRECT_RECLAIM): a block of order %d had to be free "
				  "already; %s\n", r->order, r->kver && r->kver < 406 ?
				  "this kernel has no background compaction (kcompactd came in 4.6)." :
				  "kcompactd, woken with kswapd, may make one later.");
		if (!(g & GFP_F_HIGH) && !(g & GFP_F_ATOMIC))
			sb_printf(out, "  Nor has it __GFP_HIGH (GFP_NOWAIT, unlike GFP_ATOMIC): %s\n",
				  r->kver >= 603 ? "since 6.3 a request that may not sleep is held "
				  "to the full min watermark unless __GFP_HIGH lets it below "
				  "(ALLOC_MIN_RESERVE)" : "without __GFP_ATOMIC it gets no "
				  "ALLOC_HARDER, so it is held to the full min watermark");
	} else if (g & GFP_F_NORETRY)
		sb_puts(out, "  __GFP_NORETRY: one round of direct reclaim and compaction, then "
			"the request gives up without the OOM killer.\n");
	else if (r->order > PAGE_ALLOC_COSTLY_ORDER)
		sb_printf(out, "  Order %d is costly (above %d): the slow path retries only while "
			  "reclaim makes progress and never calls the OOM killer, so after "
			  "reclaim and compaction it failed.\n", r->order, PAGE_ALLOC_COSTLY_ORDER);
	else if (!(g & GFP_F_FS))	/* out_of_memory() asks for __GFP_FS only */
		sb_puts(out, "  Without __GFP_FS the OOM killer is not called for it, and "
			"reclaim may not write: it failed after direct reclaim.\n");
	else if (!(g & GFP_F_IO))
		sb_puts(out, "  Without __GFP_IO reclaim may not swap and compaction does not "
			"run (try_to_compact_pages needs it); the OOM killer could still be "
			"called, and it failed all the same.\n");
	else if (!r->vmalloc)
		sb_puts(out, "  Direct reclaim and compaction ran and it still failed.\n");
}

/* gfp_zone()'s zone (*@high) and the classzone lowmem_reserve is read at:
 * 5.7 made it gfp_zone()'s; before, the preferred zone's. */
static int report_classzone(const struct kmsg_report *r, int *high)
{
	int zl[MAX_NUMNODES * MAX_NR_ZONES][2], n;

	*high = gfp_zone(r->gfp);
	if (*high < 0)
		*high = ZONE_NORMAL;
	n = zonelist(r, *high, zl, (int)(sizeof(zl) / sizeof(zl[0])));
	return r->kver >= 507 || !n ? *high : zl[0][1];
}

void kmsg_explain(const struct kmsg_report *r, const struct kmsg_boot *boot, struct strbuf *out)
{
	int zl[MAX_NUMNODES * MAX_NR_ZONES][2], n, high = gfp_zone(r->gfp), classzone;
	unsigned int af = report_alloc_flags(r);
	char flags[160];
	bool all_refused = true;

	(void)boot;
	if (r->vmalloc == VM_AREA || r->vmalloc == VM_TOO_BIG) {
		bool big = r->vmalloc == VM_TOO_BIG ||
			   (r->pages_ram && r->vm_size / 4096 > r->pages_ram);

		sb_printf(out, "vmalloc: %lu bytes: no page was asked for: %s\n", r->vm_size,
			  big ? "more than the machine's RAM (totalram_pages), refused before any "
			  "allocation" : r->vm_wanted ? "" : "no free range of kernel virtual "
			  "addresses that size (vm_struct allocation failed)");
		sb_printf(out, "why: %s (pid %d) called vmalloc for %lu bytes with %s on %s.\n",
			  r->comm, r->pid, r->vm_size, r->gfp_text, r->release[0] ? r->release :
			  "an unknown kernel");
		sb_printf(out, "  The page allocator played no part: %s. The zones' watermarks "
			  "are not the cause, so none is checked.\n", big ? "vmalloc refuses a "
			  "size above the pages the machine has" : "the vmalloc address space (or "
			  "the small allocation describing the area) was exhausted, usually by "
			  "fragmentation of the vmalloc range or a leak of vmalloc areas "
			  "(/proc/vmallocinfo shows them)");
		return;
	}
	if (high < 0)
		high = ZONE_NORMAL;
	n = zonelist(r, high, zl, (int)(sizeof(zl) / sizeof(zl[0])));
	/* 5.7 made the classzone gfp_zone()'s; before, the preferred zone's */
	classzone = r->kver >= 507 || !n ? high : zl[0][1];
	alloc_flags_format(af, flags, sizeof(flags));
	if (r->kver >= 603)
		rename_6_3(flags, sizeof(flags));
	for (int i = 0; i < n; i++) {
		const struct kmsg_zone *z = &r->zones[zl[i][0]][zl[i][1]];
		struct check c;

		zone_check(r, z, classzone, af, &c);
		all_refused &= !c.order_ok;
		sb_printf(out, "Node %d %s: free %ld %s %s %ld + lowmem_reserve %ld (order %d): ",
			  zl[i][0], zone_word[zl[i][1]], c.free, c.wmark_ok ? ">" : "<=",
			  wmark_word[af & ALLOC_WMARK_MASK], c.min, c.reserve, r->order);
		if (!c.wmark_ok)
			sb_puts(out, "refused\n");
		else if (!c.order_ok)
			sb_printf(out, "refused: no free block of order %d..%d it may take\n", r->order,
				  MAX_ORDER - 1);
		else
			sb_puts(out, c.list_known || !r->order ? "passes\n" :
				"passes the watermark (no free-list line for the order check)\n");
	}
	if (!n && r->memcg)
		sb_printf(out, "memory cgroup: usage %lu pages, limit %lu pages: the cgroup's limit, "
			  "not the zones, refused it\n", r->memcg_usage, r->memcg_limit);
	else if (!n && !report_has_zones(r))
		sb_printf(out, "no zone lines: the report is cut short before its Mem-Info (lines "
			  "%d-%d; the log lost the rest), so no watermark check can be redone\n",
			  r->first_line, r->last_line);
	else if (!n)
		sb_puts(out, "no zone the request may use is in the report\n");
	if (r->kind == KMSG_OOM || r->nr_tasks)
		kmsg_explain_victim(r, out);
	/* the words */
	{
		char names[192] = "";

		if (!strchr(r->gfp_text, '(') && r->gfp_text[0] >= '0' && r->gfp_text[0] <= '9')
			gfp_format(r->gfp, GFP_STYLE_PGG, names, sizeof(names));
		if (r->vmalloc)
			sb_printf(out, "why: %s (pid %d) called vmalloc, which asked for order %d with "
				  "%s%s%s%s on %s.\n", r->comm, r->pid, r->order, r->gfp_text,
				  names[0] ? " (" : "", names, names[0] ? ")" : "",
				  r->release[0] ? r->release : "an unknown kernel");
		else if (r->context != KCTX_TASK)
			sb_printf(out, "why: an interrupt on cpu %d (it found %s, pid %d, running) "
				  "asked for order %d with %s%s%s%s on %s.\n", r->cpu, r->comm,
				  r->pid, r->order, r->gfp_text, names[0] ? " (" : "", names,
				  names[0] ? ")" : "", r->release[0] ? r->release :
				  "an unknown kernel");
		else
		sb_printf(out, "why: %s (pid %d) asked for order %d with %s%s%s%s on %s.\n", r->comm,
			  r->pid, r->order, r->gfp_text, names[0] ? " (" : "", names,
			  names[0] ? ")" : "", r->release[0] ? r->release : "an unknown kernel");
	}
	if (r->memcg && !n) {	/* a charge, not a page allocation, failed */
		why_slowpath(r, all_refused, out);
		return;
	}
	sb_printf(out, "  gfp_zone() allows zones up to %s; the zonelist:", zone_word[high]);
	for (int i = 0; i < n; i++)
		sb_printf(out, " %d:%s", zl[i][0], zone_word[zl[i][1]]);
	if (!n)
		sb_puts(out, " not in the report");
	if (r->nodemask)
		sb_puts(out, " (the request's nodemask, a memory policy's, leaves the other nodes out)");
	sb_printf(out, "; lowmem_reserve is read at index %d (%s), the %s.\n", classzone,
		  zone_word[classzone], r->kver >= 507 || !n ? "highest zone of the mask (5.7+)" :
		  "preferred zone (before 5.7)");
	sb_printf(out, "  alloc_flags %s%s.\n", flags, r->kind == KMSG_OOM ?
		  ": __alloc_pages_may_oom()'s last try" : ": the slow path's (gfp_to_alloc_flags)");
	for (int i = 0; i < n; i++) {
		const struct kmsg_zone *z = &r->zones[zl[i][0]][zl[i][1]];
		struct check c;

		zone_check(r, z, classzone, af, &c);
		sb_printf(out, "  %s: %lu pages free", zone_word[zl[i][1]], z->free);
		if (r->order)
			sb_printf(out, ", less %ld for the order", (1L << r->order) - 1);
		if (c.highatomic)
			sb_printf(out, ", less %lu in the highatomic reserve (no ALLOC_HARDER)",
				  c.highatomic);
		if (c.cma)
			sb_printf(out, ", less %lu free CMA pages (not movable: no ALLOC_CMA)", c.cma);
		sb_printf(out, "; the %s watermark %ld", wmark_word[af & ALLOC_WMARK_MASK], c.mark);
		if (c.min != c.mark)
			sb_printf(out, " lowered to %ld by%s%s", c.min, af & ALLOC_HIGH ?
				  (r->kver >= 603 ? " ALLOC_MIN_RESERVE (half)" : " ALLOC_HIGH (half)") :
				  "", !(af & ALLOC_HARDER) ? "" : r->kver >= 603 ?
				  " ALLOC_NON_BLOCK (a quarter more)" : " ALLOC_HARDER (a quarter more)");
		if (c.reserve)
			sb_printf(out, ", plus %ld pages it keeps back from requests that could "
				  "use %s (lowmem_reserve)", c.reserve, zone_word[classzone]);
		if (!c.wmark_ok)
			sb_printf(out, ": %ld <= %ld, refused.\n", c.free, c.min + c.reserve);
		else if (!c.order_ok && c.no_type_order >= 0)
			sb_printf(out, ": enough pages, but the free blocks of order %d and up are "
				  "of types this request may not take (HighAtomic without "
				  "ALLOC_HARDER, CMA without ALLOC_CMA, Isolate).\n", r->order);
		else if (!c.order_ok)
			sb_printf(out, ": enough pages, but no free block of order %d or larger: the "
				  "zone's free memory is in smaller pieces (fragmented).\n", r->order);
		else
			sb_puts(out, ": it passes.\n");
	}
	why_context(r, out);
	why_managed(r, out);
	why_vmalloc(r, out);
	why_slowpath(r, all_refused, out);
}
