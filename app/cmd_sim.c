/* app/cmd_sim.c - commands that configure or replace the simulation:
 * set, get, check, reset, seed, machine, kernel.
 */
#include "commands.h"
#include "realimport.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "buddyscope/kernel.h"
#include "buddyscope/machine.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"

static void print_sysctl(struct sim *sim, const char *name, struct strbuf *note,
			 struct strbuf *out)
{
	sb_printf(out, "%s = ", name);
	if (sim_sysctl_read(sim, name, note, out))
		sb_printf(out, "? (%s)", sim_errmsg(sim));
	sb_putc(out, '\n');
}

/* What the read did beside printing (sim_sysctl_read): said, with the
 * numbers, so protection never changes behind the user's back. */
static void print_read_note(struct strbuf *note, struct strbuf *out)
{
	if (!note->len)
		return;
	sb_puts(out, "note: the read ran setup_per_zone_lowmem_reserve(), as "
		"lowmem_reserve_ratio_sysctl_handler does on reads too:\n");
	for (const char *p = sb_str(note); *p; ) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		sb_printf(out, "  %.*s\n", (int)n, p);
		p += n + (nl != NULL);
	}
	sb_release(note);
}

void print_cpu_slowdown(const struct sim *sim, struct strbuf *out)
{
	unsigned int pm = sim_cpu_slowdown(sim);

	sb_printf(out, SIM_CPU_SLOWDOWN " = %u.%03u (every CPU cost x that; `show costs`)\n",
		  pm / 1000, pm % 1000);
}

void print_wakeup_us(const struct sim *sim, struct strbuf *out)
{
	bool set;
	uint64_t ns = sim_wakeup_ns(sim, &set);

	if (set)
		sb_printf(out, SIM_WAKEUP_US " = %llu.%03llu (a woken kernel thread starts "
			  "running that long after its wakeup)\n", (unsigned long long)(ns / 1000),
			  (unsigned long long)(ns % 1000));
	else
		sb_printf(out, SIM_WAKEUP_US " = default: %llu.%03llu, the cost table's WAKEUP "
			  "x " SIM_CPU_SLOWDOWN "\n", (unsigned long long)(ns / 1000),
			  (unsigned long long)(ns % 1000));
}

int cmd_get(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "name");
	struct strbuf note = STRBUF_INIT;

	if (a && !strcmp(a->s, SIM_CPU_SLOWDOWN)) {
		print_cpu_slowdown(ctx->sim, out);
		return 0;
	}
	if (a && !strcmp(a->s, SIM_WAKEUP_US)) {
		print_wakeup_us(ctx->sim, out);
		return 0;
	}
	if (a) {
		struct strbuf v = STRBUF_INIT;

		if (sim_sysctl_read(ctx->sim, a->s, &note, &v)) {
			sb_release(&v);
			sb_release(&note);
			return cmd_error(ctx, "get: %s", sim_errmsg(ctx->sim));
		}
		sb_printf(out, "%s = %s\n", a->s, sb_str(&v));
		sb_release(&v);
		print_read_note(&note, out);
		return 0;
	}
	/* as `sysctl vm` lists them: the write-only drop_caches is left out */
	for (size_t i = 0; sim_sysctl_name_at(i); i++)
		if (sim_sysctl_exists(ctx->sim, sim_sysctl_name_at(i)) &&
		    strcmp(sim_sysctl_name_at(i), "vm.drop_caches"))
			print_sysctl(ctx->sim, sim_sysctl_name_at(i), &note, out);
	print_read_note(&note, out);
	return 0;
}

int cmd_dmesg(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "lines");

	sim_dmesg_show(ctx->sim, out, a ? a->u : 0);
	return 0;
}

int cmd_check(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	struct strbuf report = STRBUF_INIT;
	int n;

	(void)args;
	n = sim_check(ctx->sim, &report);
	if (n == 0) {
		sb_release(&report);
		sb_puts(out, "ok: all invariants hold\n");
		return 0;
	}
	sb_puts(out, sb_str(&report));
	if (report.len && report.buf[report.len - 1] != '\n')
		sb_putc(out, '\n');
	sb_release(&report);
	return cmd_error(ctx, "check: %d invariant violation%s", n, n == 1 ? "" : "s");
}

/* A new sim rather than sim_reset() in place: `back` returns to the old one. */
int cmd_reset(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	struct sim *sim;
	char err[CMD_ERR_MAX];

	(void)args;
	if (sim_create(sim_boot_config(ctx->sim), &sim, err, sizeof(err)))
		return cmd_error(ctx, "reset: %s", err);
	replace_sim(ctx, sim, "reset", out);
	sb_printf(out, "reset: machine %s booted again\n", sim_machine(ctx->sim)->name);
	return 0;
}

int cmd_seed(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "n");

	if (a) {
		sim_seed_set(ctx->sim, a->u);
		ctx->seed = a->u;
	}
	sb_printf(out, "seed %" PRIu64 "\n", ctx->seed);
	return 0;
}

/* ---- machine ---- */

/* Append "0-3" or "0,2,5": the CPUs of node @nid. */
static void node_cpus(const struct sim *sim, int nid, struct strbuf *out)
{
	int n = sim_nr_cpus(sim), any = 0;

	for (int c = 0; c < n; c++) {
		int e = c;

		if (sim_cpu_to_node(sim, c) != nid)
			continue;
		while (e + 1 < n && sim_cpu_to_node(sim, e + 1) == nid)
			e++;
		sb_printf(out, "%s%d", any ? "," : "", c);
		if (e > c)
			sb_printf(out, "-%d", e);
		any = 1;
		c = e;
	}
	if (!any)
		sb_puts(out, "none");
}

void describe_machine(const struct sim *sim, struct strbuf *out)
{
	const struct machine_desc *m = sim_machine(sim);
	unsigned long managed = 0, cstart, cpages;
	int nodes = sim_nr_nodes(sim), cpus = sim_nr_cpus(sim), cnid, czid;

	for (int nid = 0; nid < nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++)
			if (sim_zone(sim, nid, zid))
				managed += sim_zone(sim, nid, zid)->managed_pages;
	sb_printf(out, "machine %s: %d node%s, %d cpu%s, %lu pages (%lu MiB) managed\n",
		  m->name, nodes, nodes == 1 ? "" : "s", cpus, cpus == 1 ? "" : "s", managed,
		  managed >> (20 - PAGE_SHIFT));
	if (m->summary[0])
		sb_printf(out, "  %s\n", m->summary);
	for (int nid = 0; nid < nodes; nid++) {
		sb_printf(out, "  node %d, cpus ", nid);
		node_cpus(sim, nid, out);
		sb_putc(out, '\n');
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);

			if (!z || !z->spanned_pages)
				continue;
			char pfns[48];

			snprintf(pfns, sizeof(pfns), "%#lx-%#lx", z->zone_start_pfn,
				 zone_end_pfn(z) - 1);
			sb_printf(out, "    %-8s pfn %-21s spanned %8lu present %8lu managed %8lu\n",
				  z->name, pfns, z->spanned_pages, z->present_pages,
				  z->managed_pages);
			if (z->cma_pages && !sim_cma_area(sim, &cnid, &czid, &cstart, &cpages))
				sb_printf(out, "      cma area: pfn %#lx-%#lx, %lu pages (%lu MiB), "
					  "MIGRATE_CMA pageblocks\n", cstart, cstart + cpages - 1,
					  cpages, cpages >> (20 - PAGE_SHIFT));
		}
	}
}

static void list_presets(const struct sim *sim, struct strbuf *out)
{
	const char *cur = sim_machine(sim)->name;

	sb_puts(out, "presets (machine NAME boots one; * = running):\n");
	for (size_t i = 0; machine_preset_name(i); i++) {
		const char *name = machine_preset_name(i);
		struct machine_desc m;

		if (machine_preset(name, &m))
			continue;
		sb_printf(out, "%c %-14s %s\n", strcmp(name, cur) ? ' ' : '*', name, m.summary);
	}
	sb_puts(out, "  file:PATH      a machine file\n");
	sb_puts(out, "  zoneinfo:PATH  the layout of a real /proc/zoneinfo\n");
	sb_puts(out, "  proc:DIR       a real machine's state from copies of its /proc files "
		"(proc:/proc: this one)\n");
}

/* The booted @sim replaces the running one: the request being stepped is
 * abandoned, the trace recording carries over, and stage breakpoints keep
 * their stage by name if the new kernel has it. */
void replace_sim(struct cmd_ctx *ctx, struct sim *sim, const char *cmd, struct strbuf *out)
{
	struct stepper *st = &ctx->step;
	int kept = 0;

	trace_log_pump(ctx);
	if (st->active)
		sb_printf(out, "%s: the request in progress is abandoned\n", cmd);
	step_abandon(ctx);
	for (int i = 0; i < st->nr_bp; i++) {
		struct breakpoint *bp = &st->bp[i];
		const char *name = alloc_stage_name(ctx->sim, bp->id);
		int id = -1;

		for (unsigned int s = 0; bp->kind == BP_STAGE && s < sim_nr_stages(sim); s++)
			if (!strcmp(alloc_stage_name(sim, (int)s), name))
				id = (int)s;
		if (bp->kind == BP_STAGE && id < 0) {
			sb_printf(out, "%s: breakpoint at stage %s deleted: %s has no such stage\n",
				  cmd, name, sim_kernel(sim)->release);
			continue;
		}
		if (bp->kind == BP_STAGE)
			bp->id = id;
		st->bp[kept++] = *bp;
	}
	st->nr_bp = kept;
	cmd_ctx_switch_sim(ctx, sim);	/* the old machine stays in the history */
}

int cmd_machine(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "spec"), *k = arg_get(args, "kernel");
	const struct cmd_arg *c = arg_get(args, "cma");
	unsigned long cma_pages = 0;
	struct strbuf report = STRBUF_INIT;
	enum kernel_version kernel;
	struct sim *sim;
	char err[CMD_ERR_MAX];
	int rc;

	if (!a) {
		if (k)
			return cmd_error(ctx, "machine: kernel= goes with a machine to boot; `kernel "
					 "%s` reboots this one under it", k->s);
		if (c)
			return cmd_error(ctx, "machine: cma= goes with a machine to boot (machine %s "
					 "cma=%s)", sim_machine(ctx->sim)->name, c->s);
		describe_machine(ctx->sim, out);
		realimport_describe(ctx, out);
		return 0;
	}
	if (a->word) {	/* list */
		list_presets(ctx->sim, out);
		return 0;
	}
	/* a new machine keeps the kernel; a real one comes with its own */
	kernel = strncmp(a->s, "proc:", 5) ? sim_kernel(ctx->sim)->id : NR_KERNEL_VERSIONS;
	if (k && kernel_parse(k->s, &kernel, err, sizeof(err)))
		return cmd_error(ctx, "machine: %s; still running %s", err,
				 sim_machine(ctx->sim)->name);
	if (c && machine_parse_cma(c->s, &cma_pages, err, sizeof(err)))
		return cmd_error(ctx, "machine: %s; still running %s", err,
				 sim_machine(ctx->sim)->name);
	rc = boot_spec(ctx, a->s, kernel, cma_pages, &sim, &report, err, sizeof(err));
	sb_release(&report);	/* realimport_describe() prints it */
	if (rc == -1)
		return cmd_error(ctx, "machine: %s; still running %s", err,
				 sim_machine(ctx->sim)->name);
	if (rc)
		return cmd_error(ctx, "machine: %s does not boot: %s; still running %s", a->s,
				 err, sim_machine(ctx->sim)->name);
	replace_sim(ctx, sim, "machine", out);
	describe_machine(ctx->sim, out);
	realimport_describe(ctx, out);
	return 0;
}

/* ---- kernel ---- */

int cmd_kernel(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "version");
	const struct kernel_desc *cur = sim_kernel(ctx->sim);
	struct sim_config cfg;
	struct sim *sim;
	char err[CMD_ERR_MAX];

	if (!a) {
		sb_printf(out, "kernel %s: %s%s, %s\n", cur->name, cur->release,
			  cur->id == KERNEL_DEFAULT ? " (the default)" : "", cur->summary);
		return 0;
	}
	if (a->word) {	/* list */
		kernel_list(cur->id, out);
		return 0;
	}
	memset(&cfg, 0, sizeof(cfg));
	if (kernel_parse(a->s, &cfg.kernel, err, sizeof(err)))
		return cmd_error(ctx, "kernel: %s; still running %s", err, cur->release);
	if (cfg.kernel == cur->id) {
		sb_printf(out, "kernel: already running %s; nothing rebooted\n", cur->release);
		return 0;
	}
	cfg.machine = *sim_machine(ctx->sim);
	cfg.real = sim_real(ctx->sim);	/* a real machine reboots into its files' state */
	cfg.seed = ctx->seed;
	cfg.mem_limit = host_mem_available();
	if (sim_create(&cfg, &sim, err, sizeof(err)))
		return cmd_error(ctx, "kernel: %s does not boot under %s: %s; still running %s",
				 cfg.machine.name, kernel_desc(cfg.kernel)->release, err, cur->release);
	replace_sim(ctx, sim, "kernel", out);
	sb_printf(out, "kernel: rebooted machine %s under %s (seed %" PRIu64 "); allocations, "
		  "tasks and sysctls start afresh\n", sim_machine(sim)->name, sim_kernel(sim)->release,
		  ctx->seed);
	return 0;
}
