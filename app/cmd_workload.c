/* app/cmd_workload.c - what real machines do besides asking for pages:
 * `set vm.drop_caches`, `set vm.nr_hugepages` (reported in full here; the
 * engine does both through sim_sysctl_set too), `thp`, `compact defer`,
 * `task mlock` and `task kill`. The engine side is core/workload.c.
 */
#include "commands.h"
#include "kreport.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "buddyscope/workload.h"

static const char *bare_sysctl(const char *name)
{
	if (!strncmp(name, "vm.", 3))
		return name + 3;
	if (!strncmp(name, "/proc/sys/vm/", 13))
		return name + 13;
	return name;
}

static int set_drop_caches(struct cmd_ctx *ctx, unsigned long mode, struct strbuf *out)
{
	unsigned long pc = 0, slab = 0;
	int rc = drop_caches(ctx->sim, (int)mode, &pc, &slab);

	if (rc == -EINTR)
		return cmd_error_interrupted(ctx, "set vm.drop_caches");
	if (rc)
		return cmd_error(ctx, "set: %s", sim_errmsg(ctx->sim));
	sb_printf(out, "vm.drop_caches = %lu: ", mode);
	if (mode & 1)
		sb_printf(out, "dropped %lu clean, unmapped page-cache pages%s", pc,
			  mode & 2 ? "; " : "");
	if (mode & 2)
		sb_printf(out, "freed %lu reclaimable slab pages", slab);
	if (!(mode & 3))
		sb_puts(out, "nothing dropped; the kernel log stays quiet about drop_caches from now "
			"on");
	sb_putc(out, '\n');
	return 0;
}

static int set_nr_hugepages(struct cmd_ctx *ctx, unsigned long nr, struct strbuf *out)
{
	struct kernel_snap *b = malloc(sizeof(*b));
	struct hugetlb_result r;

	if (!b)
		return cmd_error(ctx, "set: out of memory");
	kernel_snap(ctx->sim, b);
	hugetlb_set_pool(ctx->sim, nr, &r);
	sb_printf(out, "vm.nr_hugepages = %lu (was %lu", r.after, r.before);
	if (sim_nr_nodes(ctx->sim) > 1)
		for (int nid = 0; nid < sim_nr_nodes(ctx->sim); nid++)
			sb_printf(out, "%s node %d: %lu", nid ? "," : ";", nid, r.per_node[nid]);
	sb_puts(out, ")\n");
	if (r.after < nr && r.after >= r.before)
		sb_printf(out, "asked for %lu: the pool stopped at %lu when every node refused an "
			  "order-9 page (%lu refusal%s: htlb_buddy_alloc_fail); the kernel does the "
			  "same and reads back the smaller number\n", nr, r.after, r.failed,
			  r.failed == 1 ? "" : "s");
	kernel_report(ctx->sim, b, NULL, out);
	free(b);
	return 0;
}

int cmd_set(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const char *name = arg_get(args, "name")->s, *value = arg_get(args, "value")->s;
	const char *bare = bare_sysctl(name);
	unsigned long v;

	/* the two that act rather than set: a report of what they did (a bad
	 * value falls through to the engine's own message) */
	if (sim_sysctl_exists(ctx->sim, "vm.drop_caches") && !strcmp(bare, "drop_caches") &&
	    !parse_ulong(value, &v) && v >= 1 && v <= 4)
		return set_drop_caches(ctx, v, out);
	if (sim_sysctl_exists(ctx->sim, "vm.nr_hugepages") && !strcmp(bare, "nr_hugepages") &&
	    !parse_ulong(value, &v) && v <= (unsigned long)LONG_MAX)
		return set_nr_hugepages(ctx, v, out);
	/* not a kernel sysctl: the simulated machine's CPU speed (costs.h) */
	if (!strcmp(name, SIM_CPU_SLOWDOWN)) {
		if (sim_set_cpu_slowdown(ctx->sim, value))
			return cmd_error(ctx, "set: %s", sim_errmsg(ctx->sim));
		print_cpu_slowdown(ctx->sim, out);
		return 0;
	}
	if (!strcmp(name, SIM_WAKEUP_US)) {
		if (sim_set_wakeup_us(ctx->sim, value))
			return cmd_error(ctx, "set: %s", sim_errmsg(ctx->sim));
		print_wakeup_us(ctx->sim, out);
		return 0;
	}
	if (sim_sysctl_set(ctx->sim, name, value))
		return cmd_error(ctx, "set: %s", sim_errmsg(ctx->sim));
	sb_printf(out, "%s = ", name);
	if (sim_sysctl_get(ctx->sim, name, out))
		sb_printf(out, "? (%s)", sim_errmsg(ctx->sim));
	sb_putc(out, '\n');
	return 0;
}

/* ---- thp ---- */

/* The mask as the running kernel's %pGg spells it: 4.6 and 4.8+ redefined
 * GFP_TRANSHUGE (and 4.8 added GFP_TRANSHUGE_LIGHT), which the model's
 * table (v4.5's) does not know as composites. */
static void thp_gfp_text(const struct sim *sim, gfp_t g, char *buf, size_t len)
{
	const gfp_t th46 = (GFP_HIGHUSER_MOVABLE | GFP_F_COMP | GFP_F_NOMEMALLOC | GFP_F_NORETRY |
			    GFP_F_NOWARN) & ~GFP_F_RECLAIM;
	enum thp_gfp_rule rule = sim_kernel(sim)->thp_gfp;
	const char *name = NULL;
	gfp_t base = 0;
	int n;

	if (rule == THP_GFP_4_6 && (g & th46) == th46) {
		name = "GFP_TRANSHUGE";
		base = th46;
	} else if (rule == THP_GFP_4_18 && (g & GFP_TRANSHUGE_LIGHT) == GFP_TRANSHUGE_LIGHT) {
		bool direct = g & GFP_F_DIRECT_RECLAIM;

		name = direct ? "GFP_TRANSHUGE" : "GFP_TRANSHUGE_LIGHT";
		base = GFP_TRANSHUGE_LIGHT | (direct ? GFP_F_DIRECT_RECLAIM : 0);
	}
	if (!name) {
		gfp_format(g, GFP_STYLE_PGG, buf, len);
		return;
	}
	n = snprintf(buf, len, "%s", name);
	if (g & ~base && n > 0 && (size_t)n + 1 < len) {
		buf[n] = '|';
		gfp_format(g & ~base, GFP_STYLE_PGG, buf + n + 1, len - (size_t)n - 1);
	}
}

int cmd_thp(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *e = arg_get(args, "enabled"), *d = arg_get(args, "defrag");
	char en[320], df[320];
	gfp_t plain, madv;

	if ((e || d) && thp_set(ctx->sim, e ? e->s : NULL, d ? d->s : NULL))
		return cmd_error(ctx, "thp: %s", sim_errmsg(ctx->sim));
	thp_show(ctx->sim, en, sizeof(en), df, sizeof(df));
	sb_printf(out, "/sys/kernel/mm/transparent_hugepage/enabled: %s\n", en);
	sb_printf(out, "/sys/kernel/mm/transparent_hugepage/defrag:  %s\n", df);
	plain = thp_fault_gfp(ctx->sim, false);
	madv = thp_fault_gfp(ctx->sim, true);
	thp_gfp_text(ctx->sim, plain, en, sizeof(en));
	thp_gfp_text(ctx->sim, madv, df, sizeof(df));
	sb_printf(out, "an anonymous fault (task touch TASK anon): %s\n",
		  thp_fault_allowed(ctx->sim, false) ? en : "order 0 only");
	sb_printf(out, "under MADV_HUGEPAGE (task touch TASK madvised): %s\n",
		  thp_fault_allowed(ctx->sim, true) ? df : "order 0 only");
	return 0;
}

/* ---- compact defer ZONE ORDER ---- */

static void defer_state(const struct zone *z, int nid, struct strbuf *out)
{
	sb_printf(out, "Node %d %-8s compact_considered %u, compact_defer_shift %u, "
		  "compact_order_failed %d", nid, z->name, z->compact_considered,
		  z->compact_defer_shift, z->compact_order_failed);
	if (z->compact_order_failed < MAX_ORDER &&
	    z->compact_considered < (1u << z->compact_defer_shift))
		sb_printf(out, ": orders >= %d skip compaction %lu more time%s",
			  z->compact_order_failed,
			  (1UL << z->compact_defer_shift) - z->compact_considered - 1,
			  (1UL << z->compact_defer_shift) - z->compact_considered - 1 == 1 ? "" : "s");
	sb_putc(out, '\n');
}

int compact_defer_cmd(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *zarg = arg_get(args, "zone"), *oarg = arg_get(args, "order");
	const struct zone *z;
	int nid, zid;

	if (!strcmp(arg_word(args, "action"), "show")) {
		if (zarg || oarg)
			return cmd_error(ctx, "compact show: no arguments (usage: compact show)");
		for (nid = 0; nid < sim_nr_nodes(ctx->sim); nid++)
			for (zid = 0; zid < MAX_NR_ZONES; zid++)
				if ((z = sim_zone(ctx->sim, nid, zid)) && populated_zone(z))
					defer_state(z, nid, out);
		return 0;
	}

	if (!zarg || !oarg)
		return cmd_error(ctx, "compact defer: give a zone and an order (usage: compact defer "
				 "ZONE ORDER, e.g. compact defer Normal 9)");
	nid = zarg->nid;
	zid = zarg->zid;
	if (compaction_defer_zone(ctx->sim, nid, zid, (int)oarg->u))
		return cmd_error(ctx, "compact defer: %s", sim_errmsg(ctx->sim));
	z = sim_zone(ctx->sim, nid, zid);
	sb_printf(out, "compaction deferred as after a failure at order %lu (defer_compaction); "
		  "a success resets it:\n", oarg->u);
	defer_state(z, nid, out);
	return 0;
}

/* ---- task mlock / kill ---- */

int task_mlock_cmd(struct cmd_ctx *ctx, int pid, unsigned long n, struct strbuf *out)
{
	const struct task *t = task_find(ctx->sim, pid);
	unsigned long resident = t->rss_anon + t->rss_file;
	long done = task_mlock(ctx->sim, pid, n);

	if (done < 0)
		return cmd_error(ctx, "task mlock: %s", sim_errmsg(ctx->sim));
	t = task_find(ctx->sim, pid);
	sb_printf(out, "%s (%d): mlocked %ld pages: on the unevictable list now (nr_mlock), "
		  "reclaim passes them by", t->comm, t->pid, done);
	if ((unsigned long)done < n)
		sb_printf(out, "; only %ld of its %lu resident pages were not locked yet", done,
			  resident);
	sb_putc(out, '\n');
	return 0;
}

int task_kill_cmd(struct cmd_ctx *ctx, int pid, struct strbuf *out)
{
	struct task copy = *task_find(ctx->sim, pid);

	if (task_kill(ctx->sim, pid))
		return cmd_error(ctx, "task kill: %s", sim_errmsg(ctx->sim));
	if (ctx->step.active && ctx->step.pid == pid) {
		sb_printf(out, "%s (%d): SIGKILL pending; the request it is in the middle of sees "
			  "fatal_signal_pending() (compaction and reclaim stop early, the OOM "
			  "killer picks it), and it exits when the request returns\n", copy.comm,
			  pid);
		return 0;
	}
	/* it is in user space: it dies on the way out of the signal delivery */
	sim_tick(ctx->sim, 1);
	if (!task_find(ctx->sim, pid))
		sb_printf(out, "%s (%d) got SIGKILL and exited at the next jiffy: freed %lu anon "
			  "pages and %lu page-table pages; its %lu file pages stay cached\n",
			  copy.comm, pid, copy.rss_anon, copy.nr_ptes, copy.rss_file);
	else
		sb_printf(out, "%s (%d): SIGKILL pending\n", copy.comm, pid);
	return 0;
}
