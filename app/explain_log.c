/* app/explain_log.c - `explain FILE [N]`: a real kernel log, explained.
 *
 * The log (dmesg, journalctl -k, kern.log) is read through the file-access
 * check and parsed in core/ (kmsg.h). Of its allocation-failure and OOM
 * reports the Nth is taken (the last without N): zone by zone why the
 * request was refused, the OOM killer's victim, the explanation in words.
 * Then the machine is booted as the report shows it, under the modelled
 * kernel nearest to the log's, so the same request can be tried under other
 * sysctls: `retry` runs it again as the task that made it.
 */
#include "explain.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/kmsg.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"
#include "fileaccess.h"
#include "realimport.h"

#define KLOG_FILE_MAX	(256UL << 20)

/* The modelled version nearest to @kver (the older of two as near). */
static enum kernel_version nearest(int kver)
{
	enum kernel_version best = KERNEL_DEFAULT;
	int best_d = 1 << 30;

	for (int v = 0; kver && v < NR_KERNEL_VERSIONS; v++) {
		const struct kernel_desc *k = kernel_desc((enum kernel_version)v);
		int major = 0, minor = 0, d;

		if (!k->ops || sscanf(k->name, "%d.%d", &major, &minor) != 2)
			continue;
		d = major * 100 + minor - kver;
		d = d < 0 ? -d : d;
		if (d < best_d) {
			best_d = d;
			best = (enum kernel_version)v;
		}
	}
	return best;
}

/* Boot the machine the report shows and make it the running one. */
static int load_report(struct cmd_ctx *ctx, const struct kmsg_report *r,
		       const struct kmsg_boot *boot, struct strbuf *out)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct strbuf notes = STRBUF_INIT;
	struct sim_config cfg;
	struct sim *sim;
	char err[CMD_ERR_MAX];

	if (!rm)
		return cmd_error(ctx, "explain: out of memory");
	memset(&cfg, 0, sizeof(cfg));
	if (kmsg_to_machine(r, boot, rm, err, sizeof(err)) ||
	    realmachine_finish(rm, &cfg.machine, &notes, err, sizeof(err))) {
		free(rm);
		sb_release(&notes);
		sb_printf(out, "not loaded: %s\n", err);
		return 0;
	}
	cfg.seed = ctx->seed;
	cfg.kernel = nearest(r->kver);
	cfg.real = rm;
	if (sim_create(&cfg, &sim, err, sizeof(err)) || realimport_keep(ctx, rm)) {
		free(rm);
		sb_release(&notes);
		return cmd_error(ctx, "explain: the report's machine does not boot: %s", err);
	}
	replace_sim(ctx, sim, "explain", out);
	ctx->retry.valid = true;
	ctx->retry.gfp = r->gfp;
	ctx->retry.order = r->order;
	ctx->retry.pid = r->pid;
	snprintf(ctx->retry.comm, sizeof(ctx->retry.comm), "%s", r->comm);
	sb_printf(out, "loaded: machine %s as the report shows it (zones, free lists, "
		  "watermarks, lowmem_reserve, LRU sizes, %d task%s) under %s; try it under other "
		  "sysctls (set vm.min_free_kbytes ...), then `retry` runs the request again as "
		  "%s (%d)\n", sim_machine(sim)->name, r->nr_tasks, r->nr_tasks == 1 ? "" : "s",
		  sim_kernel(sim)->release,
		  r->comm, r->pid);
	for (const char *p = sb_str(&notes); *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		sb_printf(out, "  note: %.*s\n", (int)n, p);
		p += n + (nl != NULL);
	}
	sb_release(&notes);
	return 0;
}

int explain_log_cmd(struct cmd_ctx *ctx, const char *path, const struct tokens *t,
		    struct strbuf *out)
{
	struct kmsg_log *log = calloc(1, sizeof(*log));
	char err[CMD_ERR_MAX], msg[CMD_ERR_MAX - 32], *text;
	const struct kmsg_report *r;
	unsigned long n = 0;
	int rc;

	if (!log)
		return cmd_error(ctx, "explain: out of memory");
	if (t->n > 1 || (t->n == 1 && (parse_ulong(t->v[0], &n) || !n))) {
		free(log);
		return cmd_error(ctx, "explain: '%.40s' is not a report number; usage: explain FILE "
				 "[N] (N from 1, the last without it)", t->n ? t->v[t->n - 1] : "");
	}
	text = read_text_file(ctx, path, KLOG_FILE_MAX, false, err, sizeof(err));
	if (!text) {
		free(log);
		return cmd_error(ctx, "explain: %s", err);
	}
	rc = kmsg_parse(text, log, msg, sizeof(msg));
	free(text);
	if (rc) {
		free(log);
		return cmd_error(ctx, "explain: %s: %s", path, rc == -EINVAL ? msg : "out of memory");
	}
	if (!log->nr_kept) {
		free(log);
		return cmd_error(ctx, "explain: %s holds no page allocation failure and no OOM "
				 "report (\"... invoked oom-killer: ...\", \"...: page allocation "
				 "failure: ...\")", path);
	}
	if (!n)
		n = (unsigned long)log->nr_reports;
	if (n > (unsigned long)log->nr_reports ||
	    n <= (unsigned long)(log->nr_reports - log->nr_kept)) {
		rc = cmd_error(ctx, "explain: %s has %d report%s; N picks 1..%d%s", path,
			       log->nr_reports, log->nr_reports > 1 ? "s" : "", log->nr_reports,
			       log->nr_reports > log->nr_kept ? " (the last 64 are kept)" : "");
		kmsg_release(log);
		free(log);
		return rc;
	}
	r = log->reports[n - 1 - (unsigned long)(log->nr_reports - log->nr_kept)];
	sb_printf(out, "%s: report %lu of %d (lines %d-%d): %s\n", path, n, log->nr_reports,
		  r->first_line, r->last_line, r->kind == KMSG_OOM ? "the OOM killer" :
		  r->vmalloc ? "a vmalloc failure" : "a page allocation failure");
	kmsg_explain(r, &log->boot, out);
	rc = load_report(ctx, r, &log->boot, out);
	kmsg_release(log);
	free(log);
	return rc;
}

int cmd_retry(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	char name[256], line[CMD_LINE_MAX];

	(void)args;
	if (!ctx->retry.valid)
		return cmd_error(ctx, "retry: no request to run again; `explain FILE` reads one "
				 "from a kernel log");
	gfp_format(ctx->retry.gfp, GFP_STYLE_PGG, name, sizeof(name));
	if (ctx->retry.pid && task_find(ctx->sim, ctx->retry.pid))
		snprintf(line, sizeof(line), "alloc %s %d task=%d", name, ctx->retry.order,
			 ctx->retry.pid);
	else
		snprintf(line, sizeof(line), "alloc %s %d", name, ctx->retry.order);
	sb_printf(out, "retry: %s\n", line);
	return cmd_exec_line(ctx, line, out);
}
