/* app/cmd_kernel.c - the kernel's own work: tick (time passes and the kernel
 * threads run), threads (what they are doing), compact (compact_memory),
 * swap (the swap device) and slab (kernel memory).
 */
#include "commands.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/compaction.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "kreport.h"

/* "Normal", or the number when it is not a zone index. */
static const char *zname(int zid, char *buf, size_t len)
{
	if (zid >= 0 && zid < MAX_NR_ZONES)
		return zone_names[zid];
	snprintf(buf, len, "%d", zid);
	return buf;
}

int cmd_tick(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "jiffies");
	unsigned long j = a ? a->u : 1;
	struct kernel_snap *b = malloc(sizeof(*b));

	if (!b)
		return cmd_error(ctx, "tick: out of memory");
	kernel_snap(ctx->sim, b);
	if (sim_tick_interruptible(ctx->sim, j)) {
		free(b);
		return cmd_error_interrupted(ctx, "tick");
	}
	sb_printf(out, "jiffies %lu -> %lu (%lu ms passed); free pages %lu -> %lu\n", b->jiffies,
		  sim_jiffies(ctx->sim), j, b->free, sim_nr_free_pages(ctx->sim));
	kernel_report(ctx->sim, b, "nothing ran: every kernel thread was asleep", out);
	free(b);
	return 0;
}

/* ---- threads ---- */

/* The kthreads' "highest zone asked for" by the running kernel's name:
 * 5.8 renamed classzone_idx to highest_zoneidx (kswapd_highest_zoneidx,
 * kcompactd_highest_zoneidx, balance_pgdat's argument). */
static const char *zoneidx_name(const struct sim *sim)
{
	return sim_kernel(sim)->id >= KERNEL_6_1 ? "highest_zoneidx" : "classzone";
}

static void show_kswapd(const struct sim *sim, int nid, struct strbuf *out)
{
	const struct kswapd_ctl *k = &sim_node(sim, nid)->kswapd;
	char b1[16], b2[16];

	sb_printf(out, "  kswapd%d    %-8s  ", nid, kthread_state_name(k->state));
	switch (kswapd_phase(k)) {
	case KSWAPD_WOKEN:
		sb_puts(out, "a new balance_pgdat starts at its next step");
		break;
	case KSWAPD_BALANCING:
		sb_printf(out, "in balance_pgdat(order %d, %s %s): next round at priority "
			  "%d, %lu reclaimed so far", k->order, zoneidx_name(sim),
			  zname(k->balance_classzone, b1, sizeof(b1)), k->priority, k->nr_reclaimed);
		break;
	case KSWAPD_RETURNED:
		sb_printf(out, "balance_pgdat(order %d) returned after reclaiming %lu; next it "
			  "naps or balances again", k->order, k->nr_reclaimed);
		break;
	case KSWAPD_NAPPING:
		sb_printf(out, "a short nap (HZ/10) until jiffy %lu before it sleeps for good",
			  k->wake_at);
		break;
	case KSWAPD_ASLEEP:
		sb_puts(out, "in its wait queue until an allocation wakes it");
		break;
	}
	sb_printf(out, "\n             asked for: order %d, %s %s; %lu balance_pgdat "
		  "run%s started, %.3f ms of CPU\n", k->max_order, zoneidx_name(sim),
		  zname(k->classzone_idx, b2, sizeof(b2)), k->runs, k->runs == 1 ? "" : "s",
		  (double)k->cpu_ns / 1e6);
}

static void show_kcompactd(const struct sim *sim, int nid, struct strbuf *out)
{
	const struct kcompactd_ctl *k = &sim_node(sim, nid)->kcompactd;
	char b1[16];

	sb_printf(out, "  kcompactd%d %-8s  ", nid, kthread_state_name(k->state));
	if (k->state == KTHREAD_SLEEPING)
		sb_puts(out, "until kswapd wakes it (it compacts for high orders)");
	else
		sb_puts(out, "compacting its zones");
	sb_printf(out, "\n             asked for: order %d, %s %s; %lu run%s, %.3f ms "
		  "of CPU\n", k->max_order, zoneidx_name(sim),
		  zname(k->classzone_idx, b1, sizeof(b1)), k->runs, k->runs == 1 ? "" : "s",
		  (double)k->cpu_ns / 1e6);
}

int cmd_threads(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct sim *sim = ctx->sim;
	unsigned long dirty = 0, wb = 0, victims = 0;
	const struct task *t;

	(void)args;
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		sb_printf(out, "node %d:\n", nid);
		show_kswapd(sim, nid, out);
		if (sim_kernel(sim)->kthreads & KTHREAD_KCOMPACTD)
			show_kcompactd(sim, nid, out);
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);

			if (z) {
				dirty += zone_page_state(z, NR_FILE_DIRTY);
				wb += zone_page_state(z, NR_WRITEBACK);
			}
		}
	}
	/* v4.5 has no oom_reaper: victims free their memory as they exit */
	if (sim_kernel(sim)->kthreads & KTHREAD_OOM_REAPER)
		sb_puts(out, "oom_reaper: ");
	else
		sb_puts(out, "OOM victims (no oom_reaper before v4.6): ");
	for (int i = 0; (t = task_at(sim, i)); i++) {
		if (!t->memdie && !t->sigkill)
			continue;
		sb_printf(out, "%s%s (%d) [%s%s%s]", victims++ ? ", " :
			  (sim_kernel(sim)->kthreads & KTHREAD_OOM_REAPER) ? "victims to reap or exit: " :
			  "to exit: ",
			  t->comm, t->pid, t->memdie ? "TIF_MEMDIE" : "",
			  t->memdie && t->sigkill ? ", " : "", t->sigkill ? "SIGKILL" : "");
	}
	sb_puts(out, victims ? "\n" : "no OOM victims waiting\n");
	sb_printf(out, "flushers: %lu dirty pages to write, %lu under writeback\n", dirty, wb);
	if (swap_total(sim))
		sb_printf(out, "swap: %lu of %lu pages in use\n", swap_used(sim), swap_total(sim));
	else
		sb_puts(out, "swap: no swap device (anonymous pages cannot be reclaimed)\n");
	sb_printf(out, "jiffies: %lu\n", sim_jiffies(sim));
	return 0;
}

/* ---- compact ---- */

struct free_blocks {
	unsigned long	nr[MAX_NUMNODES][MAX_NR_ZONES][MAX_ORDER];
};

static void count_free(const struct sim *sim, struct free_blocks *fb)
{
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);

			for (int o = 0; o < MAX_ORDER; o++)
				fb->nr[nid][zid][o] = z ? z->free_area[o].nr_free : 0;
		}
}

static void free_line(const char *when, int nid, const char *zone, const unsigned long *nr,
		      struct strbuf *out)
{
	sb_printf(out, "%-7sNode %d, zone %8s ", when, nid, zone);
	for (int o = 0; o < MAX_ORDER; o++)
		sb_printf(out, "%6lu ", nr[o]);
	sb_putc(out, '\n');
}

int cmd_compact(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	static const int counters[] = { COMPACTMIGRATE_SCANNED, COMPACTFREE_SCANNED,
		COMPACTISOLATED, PGMIGRATE_SUCCESS, PGMIGRATE_FAIL };
	struct free_blocks *before = malloc(sizeof(*before)), *after = malloc(sizeof(*after));
	unsigned long ev[sizeof(counters) / sizeof(counters[0])];
	bool moved = false;

	if (arg_word(args, "action")) {
		free(before);
		free(after);
		return compact_defer_cmd(ctx, args, out);
	}
	if (arg_get(args, "zone") || arg_get(args, "order")) {
		free(before);
		free(after);
		return cmd_error(ctx, "compact: a zone and an order go with defer (usage: compact "
				 "[defer ZONE ORDER])");
	}
	if (!before || !after) {
		free(before);
		free(after);
		return cmd_error(ctx, "compact: out of memory");
	}
	count_free(ctx->sim, before);
	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++)
		ev[i] = sim_vm_event(ctx->sim, counters[i]);
	if (compact_nodes(ctx->sim)) {
		free(before);
		free(after);
		return cmd_error_interrupted(ctx, "compact");
	}
	count_free(ctx->sim, after);
	sb_puts(out, "compact_memory: free blocks per order (as /proc/buddyinfo)\n");
	for (int nid = 0; nid < sim_nr_nodes(ctx->sim); nid++) {
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(ctx->sim, nid, zid);

			if (!z || !populated_zone(z))
				continue;
			free_line("before", nid, z->name, before->nr[nid][zid], out);
			free_line("after", nid, z->name, after->nr[nid][zid], out);
		}
	}
	for (size_t i = 0; i < sizeof(counters) / sizeof(counters[0]); i++) {
		unsigned long d = sim_vm_event(ctx->sim, counters[i]) - ev[i];

		sb_printf(out, "%s %s +%lu", i ? "," : "counters:", vm_event_name(counters[i]), d);
		moved |= counters[i] == PGMIGRATE_SUCCESS && d != 0;
	}
	sb_puts(out, moved ? "\n" : "\n(nothing was migrated)\n");
	free(before);
	free(after);
	return 0;
}

/* ---- swap ---- */

/* "1024", "512K", "64M", "1G" -> pages. Return: 0, or -1 with ctx->err. */
static int parse_size(struct cmd_ctx *ctx, const char *s, unsigned long *pages)
{
	char num[64];
	size_t len = strlen(s);
	unsigned long u, shift = 0;
	int c = len ? toupper((unsigned char)s[len - 1]) : 0;

	if (c == 'K' || c == 'M' || c == 'G') {
		shift = c == 'K' ? 10 : c == 'M' ? 20 : 30;
		len--;
	}
	if (len == 0 || len >= sizeof(num))
		goto bad;
	memcpy(num, s, len);
	num[len] = '\0';
	if (parse_ulong(num, &u) || u > (1UL << 40))
		goto bad;
	if (shift) {
		u <<= shift;
		if (u % PAGE_SIZE)
			return cmd_error(ctx, "swap: %s is not a whole number of %lu-byte pages", s,
					 PAGE_SIZE);
		u >>= PAGE_SHIFT;
	}
	if (u > (1UL << 30))
		return cmd_error(ctx, "swap: %s is too big (at most 1073741824 pages, 4096G)", s);
	*pages = u;
	return 0;
bad:
	return cmd_error(ctx, "swap: bad SIZE '%s' (expected pages, or a size with K, M or G "
			 "such as 512M; 0 turns swap off)", s);
}

static void swap_line(const struct sim *sim, struct strbuf *out)
{
	unsigned long total = swap_total(sim);

	if (!total)
		sb_printf(out, "no swap device (%lu pages in use)\n", swap_used(sim));
	else
		sb_printf(out, "%lu pages (%lu MiB), %lu in use\n", total,
			  total >> (20 - PAGE_SHIFT), swap_used(sim));
}

int cmd_swap(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "size");
	unsigned long pages = 0;

	if (!a) {
		sb_puts(out, "swap: ");
		swap_line(ctx->sim, out);
		return 0;
	}
	if (parse_size(ctx, a->s, &pages))
		return -1;
	if (pages < swap_used(ctx->sim))
		return cmd_error(ctx, "swap: %lu swap pages are in use; the device cannot be "
				 "smaller (%s is %lu pages)", swap_used(ctx->sim), a->s, pages);
	if (swap_set_size(ctx->sim, pages))
		return cmd_error(ctx, "swap: %s", sim_errmsg(ctx->sim));
	sb_puts(out, pages ? "swapon: " : "swapoff: ");
	swap_line(ctx->sim, out);
	return 0;
}

/* ---- slab ---- */

#define SLAB_PIECE	128	/* pages between two looks at Ctrl-C */

int cmd_slab(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	unsigned long n = arg_get(args, "n")->u;
	const char *kind = arg_word(args, "kind");
	bool reclaimable = !kind || !strcmp(kind, "reclaimable");
	struct kernel_snap *b = malloc(sizeof(*b));
	long done;

	if (!b)
		return cmd_error(ctx, "slab: out of memory");
	kernel_snap(ctx->sim, b);
	/* in pieces, so that Ctrl-C stops it between two (near OOM each page
	 * may go through reclaim, compaction and the OOM killer) */
	for (done = 0; (unsigned long)done < n && !cmd_interrupted;) {
		unsigned long piece = n - (unsigned long)done < SLAB_PIECE ? n - (unsigned long)done
									   : SLAB_PIECE;
		long got = kernel_slab_alloc(ctx->sim, piece, reclaimable);

		if (got < 0) {
			free(b);
			return cmd_error(ctx, "slab: %s", sim_errmsg(ctx->sim));
		}
		done += got;
		if ((unsigned long)got < piece)
			break;
	}
	if (cmd_interrupted && (unsigned long)done < n)
		sb_printf(out, "slab: interrupted after %ld of %lu pages\n", done, n);
	else if ((unsigned long)done == n)
		sb_printf(out, "slab: %ld %s slab pages allocated (counted in %s)\n", done,
			  reclaimable ? "reclaimable" : "unmovable",
			  reclaimable ? "nr_slab_reclaimable" : "nr_slab_unreclaimable");
	else
		sb_printf(out, "slab: %ld of %lu %s pages allocated; then an allocation failed\n",
			  done, n, reclaimable ? "reclaimable" : "unmovable");
	kernel_report(ctx->sim, b, NULL, out);
	free(b);
	return 0;
}
