/* app/cmd_compare.c - `compare A B [FILE]`: one workload under two kernels.
 *
 * Two fresh machines are booted from this machine's description and seed,
 * one under each kernel, and the same commands run on both: FILE's lines
 * (a command file), `source FILE` for a .lua script or lesson, `trace
 * replay FILE` for an ftrace capture, or without FILE a built-in tour of
 * the slow path (memory pinned by the kernel, then requests that take each
 * branch). Every request either machine runs is recorded as it ends (the
 * engine's request observer, sim.h), tasks' faults and kernel threads'
 * included, and the two records are compared request by request: where the
 * paths part (mapped onto the flow the screen draws, so that 4.5's and
 * 6.1's different stage names compare by what they do), and which
 * counters and victims differ at the end. The session's own machine is
 * not touched.
 */
#include "commands.h"
#include "compare.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buddyscope/page_alloc.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"
#include "buddyscope/vmstat.h"
#include "fileaccess.h"

#define CMP_MAX_REQS	200000		/* requests kept of each run */
#define CMP_SHOW	8		/* diverging requests listed */

static void observe(void *arg, const struct sim *sim, const struct alloc_request *req)
{
	struct cmp_run *run = arg;
	struct cmp_req *r;

	(void)sim;
	if (run->nr_reqs++ >= CMP_MAX_REQS)
		return;
	r = &run->reqs[run->nr_reqs - 1];
	r->nr_path = (uint16_t)(req->nr_path < 65535 ? req->nr_path : 65535);
	for (unsigned int i = 0; i < CMP_PATH && i < req->nr_path; i++)
		r->path[i] = req->path[i];
	r->order = (uint8_t)req->order;
	r->ok = req->pfn != PFN_NONE;
	r->gfp = req->gfp_mask;
	r->pid = task_current(sim)->pid;
	r->cmd = run->cur_cmd;
}

/* The built-in workload without FILE: a tour of the slow path's branches. */
static const char *const tour[] = {
	"task spawn holder adj=-500",
	"task touch holder anon 1500",
	"task spawn cache",
	"task touch cache file 1500",
	"alloc GFP_KERNEL|__GFP_NORETRY|__GFP_NOWARN 0 x6000",
	"alloc GFP_KERNEL|__GFP_NOWARN 4",
	"alloc GFP_ATOMIC|__GFP_NOWARN 0 x20",
	"alloc GFP_NOWAIT|__GFP_NOWARN 1",
	"alloc GFP_KERNEL 0 x50",
	"task spawn grower",
	"task touch grower anon 4000",
	NULL
};

/* ---- progress: on the screen, one line on a terminal, nothing on a pipe ---- */

/*
 * A compare boots two machines and runs every command twice, seconds on a
 * big machine: say how far it is. The screen draws it in its status line
 * (ctx->progress); a terminal gets one line on stderr, rewritten in place
 * and wiped at the end, so that the report follows on a clean line.
 */
static void cmp_progress(struct cmd_ctx *ctx, const char *what, unsigned long done,
			 unsigned long total)
{
	static int shown;	/* columns of the line on the terminal */

	if (ctx->progress) {
		ctx->progress(ctx, what, done, total);
		return;
	}
	if (!isatty(STDERR_FILENO))
		return;
	if (done >= total) {
		if (shown)
			fprintf(stderr, "\r%*s\r", shown, "");
		shown = 0;
	} else {
		int n = total > 1 ? fprintf(stderr, "\r%s: %lu of %lu", what, done + 1, total)
				  : fprintf(stderr, "\r%s", what);

		if (n < shown)
			fprintf(stderr, "%*s", shown - n, "");
		shown = n > shown ? n : shown;
	}
	fflush(stderr);
}

/* A command that reports its own progress (trace replay) on one side:
 * through the session's reporter, named by the side. */
static void side_progress(struct cmd_ctx *ctx, const char *what, unsigned long done,
			  unsigned long total)
{
	struct cmp_run *run = (struct cmp_run *)(void *)((char *)ctx - offsetof(struct cmp_run, ctx));
	char label[96];

	snprintf(label, sizeof(label), "compare, under %s: %s", kernel_desc(run->kernel)->name,
		 what);
	cmp_progress(run->parent, label, done < total ? done : total - (total > 0), total);
}

/* One command on one machine; its output is not shown, its failure counted. */
/* Run @line on one side. Return: true if a Ctrl-C stopped it (then the
 * sides no longer ran the same workload: nothing may be compared). */
static bool run_line(struct cmp_run *run, const char *line)
{
	struct strbuf sink = STRBUF_INIT;

	if (cmd_interrupted)	/* a Ctrl-C between two commands */
		return true;
	run->cur_cmd++;
	sim_set_alloc_observer(run->ctx.sim, observe, run);
	if (cmd_exec_line(&run->ctx, line, &sink))
		run->errors++;
	/* `machine`/`reset` may have booted a new sim: watch it too */
	sim_set_alloc_observer(run->ctx.sim, observe, run);
	sb_release(&sink);
	return cmd_interrupted != 0;
}

/* @line on both sides; false, with ctx->err, if a Ctrl-C stopped it. */
static bool run_both(struct cmd_ctx *ctx, struct cmp_run *runs, const char *line,
		     unsigned long nr, unsigned long total)
{
	for (int r = 0; r < 2; r++) {
		char what[64];

		snprintf(what, sizeof(what), "compare: under %s, command",
			 kernel_desc(runs[r].kernel)->name);
		cmp_progress(ctx, what, nr - 1, total);
		if (run_line(&runs[r], line)) {
			cmd_error(ctx, "compare: interrupted (Ctrl-C) in command %lu (%.40s) under "
				  "%s; nothing is compared", nr, line,
				  kernel_desc(runs[r].kernel)->release);
			cmp_progress(ctx, "", total, total);
			return false;
		}
	}
	return true;
}

static int boot_run(struct cmd_ctx *ctx, struct cmp_run *run, enum kernel_version k)
{
	struct sim_config cfg;
	char err[256];
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	cfg.machine = *sim_machine(ctx->sim);
	cfg.seed = ctx->seed;
	cfg.kernel = k;
	cfg.real = sim_real(ctx->sim);
	memset(&run->ctx, 0, sizeof(run->ctx));
	run->kernel = k;
	run->parent = ctx;
	run->ctx.progress = side_progress;
	run->ctx.seed = ctx->seed;
	snprintf(err, sizeof(err), "compare: booting %s under %s", cfg.machine.name,
		 kernel_desc(k)->release);
	cmp_progress(ctx, err, 0, 1);
	if ((rc = sim_create(&cfg, &run->ctx.sim, err, sizeof(err))) == -EINTR)
		return cmd_error(ctx, "compare: interrupted (Ctrl-C) while booting %s under %s; "
				 "nothing is compared", cfg.machine.name, kernel_desc(k)->release);
	if (rc)
		return cmd_error(ctx, "compare: %s does not boot this machine: %s",
				 kernel_desc(k)->release, err);
	run->reqs = calloc(CMP_MAX_REQS, sizeof(*run->reqs));
	if (!run->reqs)
		return cmd_error(ctx, "compare: out of memory");
	return 0;
}

/* The flow of each stage, consecutive repeats folded: what the request did,
 * in terms both kernels share (kernel.h enum alloc_flow). */
static unsigned int flows(const struct cmp_run *run, const struct cmp_req *r, uint8_t *out,
			  uint8_t *stage_at)
{
	const struct kernel_desc *k = kernel_desc(run->kernel);
	unsigned int n = 0;

	for (unsigned int i = 0; i < r->nr_path && i < CMP_PATH; i++) {
		uint8_t f = (uint8_t)kernel_stage(k, r->path[i])->flow;

		if (n && out[n - 1] == f)
			continue;
		stage_at[n] = (uint8_t)i;
		out[n++] = f;
	}
	return n;
}

static const char *flow_word(int flow)
{
	static const char *const words[NR_ALLOC_FLOWS] = {
		"the fast path", "waking kswapd", "the min watermark", "the reserves or a bail-out",
		"compaction", "direct reclaim", "the retry decision", "the OOM killer",
		"the failure report", "returning", "the end",
	};

	return flow >= 0 && flow < NR_ALLOC_FLOWS ? words[flow] : "?";
}

static void path_text(const struct cmp_run *run, const struct cmp_req *r, struct strbuf *out)
{
	const struct kernel_desc *k = kernel_desc(run->kernel);

	for (unsigned int i = 0; i < r->nr_path && i < CMP_PATH; i++)
		sb_printf(out, "%s%s", i ? " > " : "", kernel_stage(k, r->path[i])->name);
	if (r->nr_path > CMP_PATH)
		sb_printf(out, " ... (%u stages)", r->nr_path);
}

/* Where two requests part: the folded-flow index, or -1 when they agree
 * (as far as the kept stages show). */
static int divergence(const struct cmp_run *a, const struct cmp_req *ra, const struct cmp_run *b,
		      const struct cmp_req *rb, unsigned int *sa, unsigned int *sb)
{
	uint8_t fa[CMP_PATH], fb[CMP_PATH], ia[CMP_PATH], ib[CMP_PATH];
	unsigned int na = flows(a, ra, fa, ia), nb = flows(b, rb, fb, ib), i;

	for (i = 0; i < na && i < nb; i++)
		if (fa[i] != fb[i])
			break;
	if (i == na && i == nb && ra->ok == rb->ok)
		return -1;
	*sa = i < na ? ia[i] : (na ? ia[na - 1] : 0);
	*sb = i < nb ? ib[i] : (nb ? ib[nb - 1] : 0);
	return (int)i;
}

static void request_head(struct cmd_ctx *ctx, const struct cmp_run *run, unsigned long i,
			 const struct cmp_req *r, struct strbuf *out)
{
	const struct task *t = task_find(run->ctx.sim, r->pid);
	char gfp[256];

	gfp_format(r->gfp, sim_gfp_style(run->ctx.sim), gfp, sizeof(gfp));
	(void)ctx;
	sb_printf(out, "request %lu: %s order %u by %s (%d)", i + 1, gfp, r->order,
		  t ? t->comm : "an exited task", r->pid);
}

/* Who the OOM killer killed, from the kernel log ("Killed process N (comm)"). */
static void victims(const struct sim *sim, struct strbuf *out)
{
	struct strbuf log = STRBUF_INIT;
	const char *p;
	int n = 0;

	sim_dmesg_show(sim, &log, 0);
	for (p = sb_str(&log); (p = strstr(p, "Killed process ")) != NULL; p++) {
		int pid;
		char comm[32];

		if (sscanf(p, "Killed process %d (%31[^)])", &pid, comm) == 2)
			sb_printf(out, "%s%s (%d)", n++ ? ", " : "", comm, pid);
	}
	if (!n)
		sb_puts(out, "nobody");
	sb_release(&log);
}

static unsigned long ev_sum(const struct sim *sim, int base)
{
	unsigned long v = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		v += sim_vm_event(sim, base + z);
	return v;
}

static void counters(const struct cmp_run *a, const struct cmp_run *b, struct strbuf *out)
{
	static const struct { const char *name; int item; bool zones; } rows[] = {
		{ "allocstall", ALLOCSTALL, false }, { "pgscan_direct", PGSCAN_DIRECT_DMA, true },
		{ "pgsteal_direct", PGSTEAL_DIRECT_DMA, true },
		{ "pgscan_kswapd", PGSCAN_KSWAPD_DMA, true },
		{ "pgsteal_kswapd", PGSTEAL_KSWAPD_DMA, true }, { "pageoutrun", PAGEOUTRUN, false },
		{ "compact_stall", COMPACTSTALL, false }, { "compact_fail", COMPACTFAIL, false },
		{ "compact_success", COMPACTSUCCESS, false },
		{ "compact_daemon_wake", COMPACTDAEMON_WAKE, false }, { "oom_kill", OOM_KILL, false },
	};
	const struct sim *sa = a->ctx.sim, *sbm = b->ctx.sim;
	struct strbuf va = STRBUF_INIT, vb = STRBUF_INIT;

	sb_printf(out, "%-22s %14s %14s\n", "at the end", kernel_desc(a->kernel)->name,
		  kernel_desc(b->kernel)->name);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		unsigned long x = rows[i].zones ? ev_sum(sa, rows[i].item) : sim_vm_event(sa, rows[i].item);
		unsigned long y = rows[i].zones ? ev_sum(sbm, rows[i].item) : sim_vm_event(sbm, rows[i].item);

		sb_printf(out, "%c %-20s %14lu %14lu\n", x != y ? '*' : ' ', rows[i].name, x, y);
	}
	{
		unsigned long x = sim_nr_free_pages(sa), y = sim_nr_free_pages(sbm);

		sb_printf(out, "%c %-20s %14lu %14lu\n", x != y ? '*' : ' ', "free pages", x, y);
	}
	victims(sa, &va);
	victims(sbm, &vb);
	sb_printf(out, "%c killed (%s): %s\n", strcmp(sb_str(&va), sb_str(&vb)) ? '*' : ' ',
		  kernel_desc(a->kernel)->name, sb_str(&va));
	sb_printf(out, "%c killed (%s): %s\n", strcmp(sb_str(&va), sb_str(&vb)) ? '*' : ' ',
		  kernel_desc(b->kernel)->name, sb_str(&vb));
	sb_release(&va);
	sb_release(&vb);
}

static void report(struct cmd_ctx *ctx, struct cmp_run *a, struct cmp_run *b, struct strbuf *out)
{
	unsigned long n, differ = 0;
	unsigned long slow[2] = { 0, 0 }, failed[2] = { 0, 0 };
	struct cmp_run *runs[2] = { a, b };

	for (int r = 0; r < 2; r++)
		for (unsigned long i = 0; i < runs[r]->nr_reqs && i < CMP_MAX_REQS; i++) {
			slow[r] += runs[r]->reqs[i].nr_path > 2;
			failed[r] += !runs[r]->reqs[i].ok;
		}
	sb_printf(out, "%-22s %14s %14s\n", "requests", kernel_desc(a->kernel)->name,
		  kernel_desc(b->kernel)->name);
	sb_printf(out, "%c %-20s %14lu %14lu\n", a->nr_reqs != b->nr_reqs ? '*' : ' ', "run",
		  a->nr_reqs, b->nr_reqs);
	sb_printf(out, "%c %-20s %14lu %14lu\n", slow[0] != slow[1] ? '*' : ' ',
		  "into the slow path", slow[0], slow[1]);
	sb_printf(out, "%c %-20s %14lu %14lu\n", failed[0] != failed[1] ? '*' : ' ', "failed",
		  failed[0], failed[1]);
	sb_printf(out, "%c %-20s %14lu %14lu\n", a->errors != b->errors ? '*' : ' ',
		  "commands that failed", a->errors, b->errors);
	counters(a, b, out);
	/* pair the k-th request of each command on both sides (a command
	 * may run more requests under one kernel: those have no partner);
	 * group the pairs that part by where they part, the stage each
	 * kernel goes to at the first difference, and show each kind's first */
	struct { uint8_t sa, sb; unsigned long first, firstb, count; unsigned int ia, ib; }
		kinds[CMP_SHOW];
	int nkinds = 0;
	unsigned long other = 0, ia = 0, ib = 0, lone[2] = { 0, 0 };
	unsigned long na = a->nr_reqs < CMP_MAX_REQS ? a->nr_reqs : CMP_MAX_REQS;
	unsigned long nb = b->nr_reqs < CMP_MAX_REQS ? b->nr_reqs : CMP_MAX_REQS;

	n = 0;
	while (ia < na || ib < nb) {
		const struct cmp_req *ra, *rb;
		unsigned int sa = 0, sb = 0;
		unsigned long i;
		int d, k;

		if (ib >= nb || (ia < na && a->reqs[ia].cmd < b->reqs[ib].cmd)) {
			lone[0]++, ia++;
			continue;
		}
		if (ia >= na || b->reqs[ib].cmd < a->reqs[ia].cmd) {
			lone[1]++, ib++;
			continue;
		}
		i = ia;
		ra = &a->reqs[ia++];
		rb = &b->reqs[ib++];
		n++;
		d = divergence(a, ra, b, rb, &sa, &sb);
		if (d < 0)
			continue;
		differ++;
		/* a kind: where they part, the order, and how each ended */
		for (k = 0; k < nkinds; k++) {
			const struct cmp_req *fa = &a->reqs[kinds[k].first];
			const struct cmp_req *fb = &b->reqs[kinds[k].firstb];

			if (kinds[k].sa == ra->path[sa] && kinds[k].sb == rb->path[sb] &&
			    fa->order == ra->order && fa->ok == ra->ok && fb->ok == rb->ok)
				break;
		}
		if (k == nkinds && nkinds == CMP_SHOW) {
			other++;
			continue;
		}
		if (k == nkinds) {
			kinds[k].sa = ra->path[sa];
			kinds[k].sb = rb->path[sb];
			kinds[k].first = i;
			kinds[k].firstb = ib - 1;
			kinds[k].count = 0;
			kinds[k].ia = sa;
			kinds[k].ib = sb;
			nkinds++;
		}
		kinds[k].count++;
	}
	if (lone[0] || lone[1])
		sb_printf(out, "requests only one kernel ran (a command ran more of them): "
			  "%lu under %s, %lu under %s\n", lone[0], kernel_desc(a->kernel)->name,
			  lone[1], kernel_desc(b->kernel)->name);
	if (!differ) {
		sb_printf(out, "all %lu requests both ran took the same path\n", n);
		return;
	}
	sb_printf(out, "%lu of the %lu requests both ran took different paths; where they part, "
		  "by kind (the stage each kernel goes to next; the first of each kind shown):\n",
		  differ, n);
	for (int k = 0; k < nkinds; k++) {
		const struct cmp_req *ra = &a->reqs[kinds[k].first], *rb = &b->reqs[kinds[k].firstb];

		sb_printf(out, "%lu x after the same steps %s goes to %s (%s), %s to %s (%s); first: ",
			  kinds[k].count,
			  kernel_desc(a->kernel)->name,
			  kernel_stage(kernel_desc(a->kernel), kinds[k].sa)->name,
			  flow_word(kernel_stage(kernel_desc(a->kernel), kinds[k].sa)->flow),
			  kernel_desc(b->kernel)->name,
			  kernel_stage(kernel_desc(b->kernel), kinds[k].sb)->name,
			  flow_word(kernel_stage(kernel_desc(b->kernel), kinds[k].sb)->flow));
		request_head(ctx, a, kinds[k].first, ra, out);
		sb_printf(out, "\n  %s: ", kernel_desc(a->kernel)->name);
		path_text(a, ra, out);
		sb_printf(out, "%s\n  %s: ", ra->ok ? "" : " (failed)", kernel_desc(b->kernel)->name);
		path_text(b, rb, out);
		sb_printf(out, "%s\n  first difference at stage %u of %s's path, %u of %s's\n",
			  rb->ok ? "" : " (failed)", kinds[k].ia + 1, kernel_desc(a->kernel)->name,
			  kinds[k].ib + 1, kernel_desc(b->kernel)->name);
	}
	if (other)
		sb_printf(out, "%lu more, parting in other ways\n", other);
}

/* Is this line of a command file one that compare runs: not blank, not
 * a comment, no compare inside a compare, no early end? */
static bool is_command(const char *line)
{
	const char *w = line + strspn(line, " \t");
	char word[32];

	if (!*w || *w == '#' || *w == '\n' || *w == '\r')
		return false;
	snprintf(word, sizeof(word), "%.*s", (int)strcspn(w, " \t\r\n"), w);
	return cmd_lookup(word) != CMD_compare && cmd_lookup(word) != CMD_quit;
}

/* Feed @path's commands to both runs. Return: 0, or -1 with ctx->err. */
static int feed_file(struct cmd_ctx *ctx, struct cmp_run *runs, const char *path,
		     unsigned long *nr_lines)
{
	char err[256], line[4096], *buf = NULL;
	size_t len = strlen(path), cap = 0;
	unsigned long total = 0;
	const char *bad = NULL;
	ssize_t n;
	FILE *f;

	if (file_access_check(ctx, path, FILE_KIND_FILE, err, sizeof(err)))
		return cmd_error(ctx, "compare: %s", err);
	if (len > 4 && !strcmp(path + len - 4, ".lua")) {
		snprintf(line, sizeof(line), "source %s", path);
		*nr_lines = 1;
		return run_both(ctx, runs, line, 1, 1) ? 0 : -1;
	}
	f = fopen(path, "r");
	if (!f)
		return cmd_error(ctx, "compare: cannot open %s: %s", path, strerror(errno));
	if (fgets(line, sizeof(line), f) && !strncmp(line, "# tracer:", 9)) {
		fclose(f);
		snprintf(line, sizeof(line), "trace replay %s", path);
		*nr_lines = 1;
		return run_both(ctx, runs, line, 1, 1) ? 0 : -1;
	}
	/* the commands it holds, to say how far the run is */
	rewind(f);
	while ((n = getline(&buf, &cap, f)) > 0)
		total += is_command(buf);
	rewind(f);
	for (unsigned long no = 1; (n = getline(&buf, &cap, f)) > 0; no++) {
		if (memchr(buf, '\0', (size_t)n))
			bad = "NUL byte; accepted: a text file of commands";
		buf[strcspn(buf, "\r\n")] = '\0';
		if (!bad && strlen(buf) >= CMD_LINE_MAX)
			bad = "longer than a command line (4095 bytes); not a file of commands";
		if (bad) {
			cmd_error(ctx, "compare: %s: line %lu: %s", path, no, bad);
			break;
		}
		if (!is_command(buf))
			continue;
		if (!run_both(ctx, runs, buf, *nr_lines + 1, total)) {
			bad = "";	/* ctx->err says it */
			break;
		}
		(*nr_lines)++;
	}
	free(buf);
	fclose(f);
	return bad ? -1 : 0;
}

void compare_view_release(struct cmd_ctx *ctx)
{
	struct compare_view *v = ctx->compare;

	if (!v)
		return;
	for (int r = 0; r < 2; r++) {
		if (v->runs[r].ctx.sim)
			cmd_ctx_release(&v->runs[r].ctx);
		free(v->runs[r].reqs);
	}
	free(v->pairs);
	free(v);
	ctx->compare = NULL;
}

/* Pair the requests as report() does (the k-th of each command on both
 * sides) in @v, whose runs ran the workload in place (a Lua state keeps
 * its machine's address), and make it ctx->compare. Return: 0, or -1 (out
 * of memory). */
static int keep_view(struct cmd_ctx *ctx, struct compare_view *v, const char *what)
{
	struct cmp_run *a = &v->runs[0], *b = &v->runs[1];
	unsigned long na = a->nr_reqs < CMP_MAX_REQS ? a->nr_reqs : CMP_MAX_REQS;
	unsigned long nb = b->nr_reqs < CMP_MAX_REQS ? b->nr_reqs : CMP_MAX_REQS;
	unsigned long ia = 0, ib = 0;

	v->pairs = calloc(na < nb ? na + 1 : nb + 1, sizeof(*v->pairs));
	if (!v->pairs)
		return -1;
	while (ia < na && ib < nb) {
		struct cmp_pair *p;

		if (a->reqs[ia].cmd < b->reqs[ib].cmd) {
			ia++;
			continue;
		}
		if (b->reqs[ib].cmd < a->reqs[ia].cmd) {
			ib++;
			continue;
		}
		p = &v->pairs[v->nr_pairs++];
		p->ia = ia;
		p->ib = ib;
		p->part = divergence(a, &a->reqs[ia], b, &b->reqs[ib], &p->sa, &p->sb);
		v->nr_differ += p->part >= 0;
		ia++, ib++;
	}
	snprintf(v->what, sizeof(v->what), "%s vs %s, %s", kernel_desc(a->kernel)->name,
		 kernel_desc(b->kernel)->name, what);
	compare_view_release(ctx);
	ctx->compare = v;
	return 0;
}

int cmd_compare(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const char *names[2] = { arg_get(args, "a")->s, arg_get(args, "b")->s };
	const struct cmd_arg *file = arg_get(args, "file");
	struct cmp_run local[2], *runs = local;
	struct compare_view *view = NULL;
	unsigned long nr_lines = 0;
	enum kernel_version k[2];
	char err[160];
	int rc = -1;

	memset(local, 0, sizeof(local));
	/* for the screen the runs live in the view they will be kept in */
	if (ctx->keep_compare && (view = calloc(1, sizeof(*view))) != NULL)
		runs = view->runs;
	for (int r = 0; r < 2; r++)
		if (kernel_parse(names[r], &k[r], err, sizeof(err)))
			return cmd_error(ctx, "compare: %s", err);
	if (k[0] == k[1])
		return cmd_error(ctx, "compare: both sides are %s; name two kernels",
				 kernel_desc(k[0])->release);
	for (int r = 0; r < 2; r++)
		if (boot_run(ctx, &runs[r], k[r]))
			goto out;
	if (file) {
		if (feed_file(ctx, runs, file->s, &nr_lines))
			goto out;
	} else {
		for (const char *const *l = tour; *l; l++, nr_lines++)
			if (!run_both(ctx, runs, *l, nr_lines + 1, sizeof(tour) / sizeof(tour[0]) - 1))
				goto out;
	}
	cmp_progress(ctx, "compare", 1, 1);
	sb_printf(out, "compare: %s vs %s on %s, seed %" PRIu64 ", %s (%lu command%s)\n",
		  kernel_desc(k[0])->release, kernel_desc(k[1])->release,
		  sim_machine(ctx->sim)->name, ctx->seed, file ? file->s : "the built-in tour",
		  nr_lines, nr_lines == 1 ? "" : "s");
	report(ctx, &runs[0], &runs[1], out);
	rc = 0;
	if (view && keep_view(ctx, view, file ? file->s : "the built-in tour") == 0) {
		sb_puts(out, "on the screen: both machines side by side (n/p request, s step, "
			"d next difference, q back)\n");
		return 0;
	}
out:
	cmp_progress(ctx, "compare", 1, 1);
	for (int r = 0; r < 2; r++) {
		if (runs[r].ctx.sim)
			cmd_ctx_release(&runs[r].ctx);
		free(runs[r].reqs);
	}
	free(view);
	return rc;
}
