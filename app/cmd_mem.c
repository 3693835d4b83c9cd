/* app/cmd_mem.c - commands that allocate and free: alloc, free, drain, cpu.
 * Arguments arrive parsed and validated (cmdargs.c); what only the engine
 * can judge (a double free, bad zone modifiers) comes back as its message.
 */
#include "commands.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "buddyscope/gfp.h"
#include "buddyscope/mmzone.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/replay.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"

/* Append "node 0 Normal Unmovable": where @pfn is and its pageblock's type. */
static void where(const struct sim *sim, unsigned long pfn, struct strbuf *out)
{
	const struct zone *z = sim_pfn_zone(sim, pfn);
	unsigned int mt = sim_pageblock_migratetype(sim, pfn);

	if (!z) {
		sb_puts(out, "no zone");
		return;
	}
	sb_printf(out, "node %d %s %s", zone_to_nid(z), z->name,
		  mt < MIGRATE_TYPES ? migratetype_names[mt] : "?");
}

/* Append @text with every line indented by two blanks. */
static void indent(struct strbuf *out, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		sb_puts(out, "  ");
		sb_add(out, text, n);
		sb_putc(out, '\n');
		text += n + (nl ? 1 : 0);
	}
}

/* "path: FASTPATH > WAKE_KSWAPD > ...": the stages the request went
 * through, as alloc_step() ran them, wrapped under the first. */
static void alloc_path(const struct sim *sim, const struct alloc_request *req, struct strbuf *sb)
{
	unsigned int shown = req->nr_path < 64 ? req->nr_path : 64;
	size_t col = 5;

	sb_puts(sb, "path:");
	for (unsigned int i = 0; i < shown; i++) {
		const char *name = alloc_stage_name(sim, req->path[i]);

		if (i && col + strlen(name) + 3 > 88) {	/* wrap under the first stage */
			sb_puts(sb, " >\n     ");
			col = 5;
		} else if (i) {
			sb_puts(sb, " >");
			col += 2;
		}
		sb_printf(sb, " %s", name);
		col += strlen(name) + 1;
	}
	if (req->nr_path > shown)
		sb_printf(sb, " ... (%u stages)", req->nr_path);
	sb_putc(sb, '\n');
}

static void alloc_failure(const struct sim *sim, const struct alloc_request *req,
			  struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;

	alloc_path(sim, req, &sb);
	if (req->why[0])
		sb_printf(&sb, "why: %s\n", req->why);
	indent(out, sb_str(&sb));
	sb_release(&sb);
	alloc_explain(sim, req, out);
}

/* alloc GFP ORDER at=PFN: the block a real kernel chose (replay.h). */
static int alloc_at(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	gfp_t gfp = arg_get(args, "gfp")->gfp;
	unsigned int order = (unsigned int)arg_get(args, "order")->u;
	unsigned long at = arg_get(args, "at")->u;
	char name[256];

	if (arg_get(args, "count") || arg_get(args, "task") || arg_get(args, "cpu"))
		return cmd_error(ctx, "alloc: at=PFN takes one block where it is; it goes without "
				 "xN, task= and cpu=");
	if (alloc_pages_at(ctx->sim, gfp, order, at) == PFN_NONE)
		return cmd_error(ctx, "alloc: %s", sim_errmsg(ctx->sim));
	trace_log_pump(ctx);
	gfp_format(gfp, GFP_STYLE_PGG, name, sizeof(name));
	sb_printf(out, "alloc %s order=%u at %#lx: pfn %#lx (", name, order, at, at);
	where(ctx->sim, at, out);
	sb_puts(out, ")\n");
	return 0;
}

int cmd_alloc(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *rep = arg_get(args, "count");
	gfp_t gfp = arg_get(args, "gfp")->gfp;
	unsigned int order = (unsigned int)arg_get(args, "order")->u;
	unsigned long count = rep ? rep->u : 1, done = 0, first = PFN_NONE, last = PFN_NONE;
	const struct cmd_arg *as = arg_get(args, "task"), *on = arg_get(args, "cpu");
	struct strbuf slow = STRBUF_INIT;	/* the first request's slow path */
	struct alloc_request req;
	char name[256], head[320];
	bool failed = false;
	struct run_as save;
	uint64_t log_seq = sim_dmesg_seq(ctx->sim);
	int len;

	if (arg_get(args, "at"))
		return alloc_at(ctx, args, out);
	if (run_as_begin(ctx, as ? (int)as->u : 0, on ? (int)on->u : -1, &save)) {
		char msg[CMD_ERR_MAX];

		snprintf(msg, sizeof(msg), "%s", ctx->err);
		return cmd_error(ctx, "alloc: %s", msg);
	}
	gfp_format(gfp, sim_gfp_style(ctx->sim), name, sizeof(name));
	len = snprintf(head, sizeof(head), "alloc %s order=%u", name, order);
	if (as && len > 0 && (size_t)len < sizeof(head))
		len += snprintf(head + len, sizeof(head) - (size_t)len, " as %s (%d)",
				task_current(ctx->sim)->comm, task_current(ctx->sim)->pid);
	if (on && len > 0 && (size_t)len < sizeof(head))
		snprintf(head + len, sizeof(head) - (size_t)len, " on cpu %d", sim_cpu(ctx->sim));
	for (unsigned long i = 0; i < count; i++) {
		unsigned long pfn;

		if (cmd_interrupted) {
			sb_printf(out, "%s: interrupted after %lu of %lu requests\n", head, i, count);
			break;
		}
		if (alloc_request_init(ctx->sim, &req, gfp, order)) {
			if (i)
				sb_printf(out, "%s: %lu allocated before the error\n", head, i);
			run_as_end(ctx, &save);
			sb_release(&slow);
			return cmd_error(ctx, "alloc: %s", sim_errmsg(ctx->sim));
		}
		pfn = alloc_run(ctx->sim, &req);
		trace_log_pump(ctx);
		if (pfn == PFN_NONE) {
			failed = true;
			break;
		}
		if (!done && req.nr_path > 2)	/* more than FASTPATH > GOT_PG */
			alloc_path(ctx->sim, &req, &slow);
		if (!done)
			first = pfn;
		last = pfn;
		done++;
		if (count <= 8) {
			sb_printf(out, "%s: pfn %#lx (", head, pfn);
			where(ctx->sim, pfn, out);
			sb_puts(out, ")\n");
			if (done == 1 && slow.len)
				indent(out, sb_str(&slow));
		}
	}
	run_as_end(ctx, &save);
	if (count > 8 && done) {
		sb_printf(out, "%s x%lu: %lu allocated, first pfn %#lx (", head, count, done, first);
		where(ctx->sim, first, out);
		sb_printf(out, "), last pfn %#lx (", last);
		where(ctx->sim, last, out);
		sb_puts(out, ")\n");
		if (slow.len) {
			sb_puts(out, "  the first request took the slow path:\n");
			indent(out, sb_str(&slow));
		}
	}
	sb_release(&slow);
	if (failed) {
		if (count > 1)
			sb_printf(out, "%s: failed at request %lu of %lu; stopped\n", head, done + 1,
				  count);
		else
			sb_printf(out, "%s: failed, no page\n", head);
		alloc_failure(ctx->sim, &req, out);
	}
	if (sim_dmesg_seq(ctx->sim) > log_seq) {
		uint64_t n = sim_dmesg_seq(ctx->sim) - log_seq;

		sb_printf(out, "  (%" PRIu64 " new line%s in the kernel log: dmesg %" PRIu64
			  " shows them)\n", n, n == 1 ? "" : "s", n);
	}
	return 0;
}

int cmd_free(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *block = arg_get(args, "block");
	const struct cmd_arg *ord = arg_get(args, "order");
	struct block_info bi;
	unsigned long pfn;
	unsigned int order;

	if (block->word) {	/* all */
		if (ord)
			return cmd_error(ctx, "free: ORDER does not go with 'all' (usage: free "
					 "PFN [ORDER] or free all)");
		pfn = free_all_pages(ctx->sim);
		sb_printf(out, "free all: %lu block%s freed\n", pfn, pfn == 1 ? "" : "s");
		return 0;
	}
	pfn = block->u;
	if (ord)
		order = (unsigned int)ord->u;
	else if (!sim_block_of(ctx->sim, pfn, &bi) && bi.state == BLOCK_ALLOCATED)
		order = bi.order;
	else
		order = 0;
	if (free_pages(ctx->sim, pfn, ord ? (int)ord->u : -1))
		return cmd_error(ctx, "free: %s", sim_errmsg(ctx->sim));
	sb_printf(out, "free pfn %#lx order=%u: ", pfn, order);
	if (sim_block_of(ctx->sim, pfn, &bi)) {
		sb_puts(out, "freed");
	} else if (bi.state == BLOCK_PCP) {
		sb_printf(out, "on cpu %d's pcp list", bi.cpu);
	} else if (bi.state == BLOCK_FREE && (bi.head != pfn || bi.order != order)) {
		sb_printf(out, "merged into a free order-%u block at %#lx", bi.order, bi.head);
	} else if (bi.state == BLOCK_FREE) {
		sb_printf(out, "now a free order-%u block", bi.order);
	} else {
		sb_puts(out, "freed");
	}
	sb_puts(out, " (");
	where(ctx->sim, pfn, out);
	sb_puts(out, ")\n");
	return 0;
}

/* Pages on @cpu's per-cpu lists over all zones; cpu < 0: every cpu. */
static unsigned long pcp_pages(const struct sim *sim, int cpu)
{
	unsigned long sum = 0;

	for (int nid = 0; nid < sim_nr_nodes(sim); nid++) {
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);

			if (!z || !z->pageset)
				continue;
			for (int c = 0; c < z->nr_cpus; c++)
				if (cpu < 0 || c == cpu)
					sum += (unsigned long)z->pageset[c].count;
		}
	}
	return sum;
}

int cmd_drain(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "cpu");
	unsigned long before;
	int cpu;

	if (a && a->word) {	/* all */
		before = pcp_pages(ctx->sim, -1);
		drain_all_pages(ctx->sim, NULL);
		sb_printf(out, "drain all: %lu pages from %d cpus back to the buddy lists\n",
			  before - pcp_pages(ctx->sim, -1), sim_nr_cpus(ctx->sim));
		return 0;
	}
	cpu = a ? (int)a->u : sim_cpu(ctx->sim);
	before = pcp_pages(ctx->sim, cpu);
	drain_local_pages(ctx->sim, cpu, NULL);
	sb_printf(out, "drain cpu %d: %lu pages back to the buddy lists\n", cpu,
		  before - pcp_pages(ctx->sim, cpu));
	return 0;
}

int cmd_cpu(struct cmd_ctx *ctx, const struct cmd_args *args, struct strbuf *out)
{
	const struct cmd_arg *a = arg_get(args, "cpu");
	int cpu;

	if (a && sim_set_cpu(ctx->sim, (int)a->u))
		return cmd_error(ctx, "cpu: %s", sim_errmsg(ctx->sim));
	cpu = sim_cpu(ctx->sim);
	sb_printf(out, "cpu %d (node %d); the machine has cpus 0..%d\n", cpu,
		  sim_cpu_to_node(ctx->sim, cpu), sim_nr_cpus(ctx->sim) - 1);
	return 0;
}
