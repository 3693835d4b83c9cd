/* app/trace_replay.c - `trace replay FILE [exact|simulate] [after=DIR]`
 * and `--replay FILE`: a real machine's ftrace log replayed in the
 * simulator (include/buddyscope/replay.h).
 *
 * The file may be plain or compressed (gzip, xz, bzip2, zstd: app/zread.h,
 * told by its first bytes; the engine stays libc-only). Events are read, sorted
 * into time order across cpus and replayed; a machine imported with proc:DIR
 * is first booted again with what the trace says of its start (which pages
 * it finds free, which it frees), so that the replay walks in the real
 * machine's footsteps. The end report counts every event: applied, or
 * skipped and why; with after=DIR it sets the simulator's buddyinfo beside
 * the real one taken after the trace.
 */
#include "commands.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buddyscope/realmachine.h"
#include "buddyscope/replay.h"
#include "buddyscope/sim.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmstat.h"
#include "fileaccess.h"
#include "realimport.h"
#include "zread.h"

#define TRACE_LINE_MAX	(64 << 10)

/* ---- the progress bar: on the screen, on a terminal, never on a pipe ---- */

void progress_report(struct cmd_ctx *ctx, const char *what, unsigned long done,
		     unsigned long total)
{
	static unsigned long last_pct = 101;
	unsigned long pct = total ? done * 100 / total : 0;
	char bar[41];

	if (ctx->progress) {
		ctx->progress(ctx, what, done, total);
		return;
	}
	if (!isatty(STDERR_FILENO))
		return;
	if (done < total && pct == last_pct)
		return;
	last_pct = done >= total ? 101 : pct;
	for (unsigned long i = 0; i < 40; i++)
		bar[i] = i < pct * 40 / 100 ? '#' : '.';
	bar[40] = '\0';
	fprintf(stderr, "\r%s [%s] %3lu%% %lu/%lu%s", what, bar, pct, done, total,
		done >= total ? "\n" : "");
	fflush(stderr);
}

/* ---- reading the events ---- */

struct events {
	struct replay_event *v;
	size_t		n, cap;
};

static int read_events(struct cmd_ctx *ctx, const char *path, int kver, struct events *evs,
		       struct replay_parser *rp, char *err, size_t errlen)
{
	struct zin in;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned long long bytes = 0, size = 0;
	int ret = 0;

	if (zin_open(&in, path, err, errlen))
		return -1;
	if (in.size > 0)
		size = (unsigned long long)in.size;
	memset(rp, 0, sizeof(*rp));
	rp->kver = kver;
	while ((len = getline(&line, &cap, in.f)) > 0) {
		struct replay_event ev;
		char msg[CMD_ERR_MAX - 64];
		int r;

		bytes += (unsigned long long)len;
		if (len > TRACE_LINE_MAX) {
			snprintf(err, errlen, "%s: line %lu: longer than %d bytes; not a trace", path,
				 rp->lines + 1, TRACE_LINE_MAX);
			ret = -1;
			break;
		}
		if (memchr(line, '\0', (size_t)len)) {	/* it would cut the line silently */
			snprintf(err, errlen, "%s: line %lu: NUL byte; accepted: text", path,
				 rp->lines + 1);
			ret = -1;
			break;
		}
		r = replay_parse_line(rp, line, (size_t)len, &ev, msg, sizeof(msg));
		if (r < 0 && line[len - 1] != '\n') {
			/* the last line, cut off (a copy taken while the tracer
			 * wrote, head -c): skipped and said */
			rp->truncated++;
			continue;
		}
		if (r < 0) {
			snprintf(err, errlen, "%s: %s", path, msg);
			ret = -1;
			break;
		}
		if (!r)
			continue;
		if (evs->n == evs->cap) {
			size_t nc = evs->cap ? evs->cap * 2 : 65536;
			struct replay_event *nv = realloc(evs->v, nc * sizeof(*nv));

			if (!nv) {
				snprintf(err, errlen, "out of memory after %zu events", evs->n);
				ret = -1;
				break;
			}
			evs->v = nv;
			evs->cap = nc;
		}
		evs->v[evs->n++] = ev;
		if (size && !(rp->lines & 0x3fff))
			progress_report(ctx, "reading", (unsigned long)(bytes >> 10),
					(unsigned long)(size >> 10));
	}
	free(line);
	if (ret && in.child) {
		/* a cut-off .xz or .gz ends in half a line: say what is wrong */
		char buf[65536], zerr[CMD_ERR_MAX];

		while (fread(buf, 1, sizeof(buf), in.f) > 0)
			;
		if (zin_close(&in, path, true, zerr, sizeof(zerr)))
			snprintf(err, errlen, "%s", zerr);
	} else if (zin_close(&in, path, ret == 0, err, errlen)) {
		ret = -1;
	}
	if (!ret && size)
		progress_report(ctx, "reading", (unsigned long)(size >> 10),
				(unsigned long)(size >> 10));
	if (!ret && !evs->n && !rp->lines) {
		snprintf(err, errlen, "'%s' is empty", path);
		ret = -1;
	} else if (!ret && !evs->n) {
		snprintf(err, errlen, "%s: %lu line%s and not one kmem page event (mm_page_alloc, "
			 "mm_page_free, ...) in it%s: nothing to replay", path, rp->lines,
			 rp->lines == 1 ? "" : "s",
			 rp->other ? ", only events of other kinds" : "");
		ret = -1;
	}
	return ret;
}

/* ---- the start state: the import again, with what the trace says ---- */

static int refine_start(struct cmd_ctx *ctx, const struct events *evs, struct strbuf *out,
			char *err, size_t errlen)
{
	const struct real_machine *old = sim_real(ctx->sim);
	unsigned long max_pfn = sim_max_pfn(ctx->sim), nh[4] = { 0 };
	struct real_machine *rm;
	struct sim_config cfg;
	struct sim *sim;
	uint8_t *hint;

	if (!old)
		return 0;
	rm = malloc(sizeof(*rm));
	hint = calloc(max_pfn ? max_pfn : 1, 1);
	if (!rm || !hint) {
		free(rm);
		free(hint);
		return snprintf(err, errlen, "out of memory"), -1;
	}
	*rm = *old;
	replay_hints(evs->v, evs->n, hint, max_pfn);
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++)
		nh[hint[pfn] & 3]++;
	rm->hint = hint;
	rm->nr_hint = max_pfn;
	memset(&cfg, 0, sizeof(cfg));
	cfg.machine = *sim_machine(ctx->sim);
	cfg.kernel = sim_kernel(ctx->sim)->id;
	cfg.seed = ctx->seed;
	cfg.real = rm;
	if (sim_create(&cfg, &sim, err, errlen) || realimport_keep_hint(ctx, rm, hint)) {
		free(rm);
		free(hint);
		return -1;
	}
	replace_sim(ctx, sim, "trace replay", out);
	sb_printf(out, "start: %s booted again with what the trace says of its start: %lu pages "
		  "it takes from the free lists, %lu from per-cpu lists, %lu it frees first "
		  "(allocated before it began)\n", sim_machine(sim)->name, nh[REPLAY_HINT_BUDDY],
		  nh[REPLAY_HINT_PCP], nh[REPLAY_HINT_USED]);
	return 0;
}

/* ---- the end ---- */

struct replay_stats {
	uint64_t	first_ts, last_ts;	/* of the events replayed */
	unsigned long	untraced;		/* allocations seen only by their free */
	unsigned long	skipped;
	bool		simulate;		/* the simulator's allocator served them */
};

/* What a replay cannot see, measured: the time the trace leaves out on
 * either side, the pages on the pcp lists (not in buddyinfo), the
 * allocations the kernel does not trace. */
static void explain_gap(struct cmd_ctx *ctx, const struct real_machine *after,
			const struct replay_stats *st, struct strbuf *out)
{
	const struct real_machine *before = sim_real(ctx->sim);
	unsigned long sim_pcp = 0, real_pcp = 0;
	bool real_known = false;

	sb_puts(out, "why they differ, measured:\n");
	if (before && before->uptime_ns && after->uptime_ns && st->first_ts && st->last_ts)
		sb_printf(out, "  the before snapshot was taken at %.2f s of uptime, the trace ran "
			  "%.2f..%.2f s, the after snapshot at %.2f s: %.2f s before and %.2f s "
			  "after the trace are not in it\n", (double)before->uptime_ns / 1e9,
			  (double)st->first_ts / 1e9, (double)st->last_ts / 1e9,
			  (double)after->uptime_ns / 1e9,
			  (double)st->first_ts / 1e9 - (double)before->uptime_ns / 1e9,
			  (double)after->uptime_ns / 1e9 - (double)st->last_ts / 1e9);
	for (int nid = 0; nid < sim_nr_nodes(ctx->sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(ctx->sim, nid, zid);
			const struct real_zone *rz = &after->zones[nid][zid];

			for (int cpu = 0; z && cpu < z->nr_cpus; cpu++)
				sim_pcp += (unsigned long)z->pageset[cpu].count;
			for (int cpu = 0; cpu < rz->nr_pcp; cpu++)
				real_pcp += (unsigned long)rz->pcp[cpu].count;
			real_known |= rz->nr_pcp > 0;
		}
	if (real_known)
		sb_printf(out, "  pages on per-cpu lists (in neither buddyinfo): simulator %lu, real "
			  "%lu%s\n", sim_pcp, real_pcp,
			  st->simulate && sim_kernel(ctx->sim)->pcp_shape == PCP_PER_ORDER ?
			  "; both keep orders 0-3 and THP's order 9 there" :
			  "; 6.x also keeps orders 1-3 there, the simulator frees them to the free "
			  "lists at once");
	if (st->untraced)
		sb_printf(out, "  %lu allocations were untraced (alloc_pages_bulk, compaction "
			  "targets) and showed only when freed; those never freed in the trace "
			  "stay free in the simulator\n", st->untraced);
	if (st->skipped)
		sb_printf(out, "  %lu events were skipped (above, with the reasons)\n", st->skipped);
}

/* How fragmented each zone ended, in the terms of debugfs
 * extfrag/unusable_index at pageblock_order (the order huge pages and
 * compaction care about), for the simulator and the real machine. */
static void fragmentation_at_end(const struct sim *sim, const struct real_machine *rm,
				 struct strbuf *out)
{
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);
			const struct real_zone *rz = &rm->zones[nid][zid];
			struct contig_page_info si, ri;
			unsigned long nr[MAX_ORDER];
			int su, ru;

			if (!z || !z->present_pages || !rz->have_buddy)
				continue;
			for (int o = 0; o < MAX_ORDER; o++)
				nr[o] = z->free_area[o].nr_free;
			fill_contig_page_info_nr(nr, pageblock_order, &si);
			fill_contig_page_info_nr(rz->nr_free, pageblock_order, &ri);
			su = unusable_free_index(pageblock_order, &si);
			ru = unusable_free_index(pageblock_order, &ri);
			sb_printf(out, "fragmentation at the end, node %d %s: unusable free space "
				  "index at order %d %d.%03d in the simulator, %d.%03d real "
				  "(free pages in blocks below order %d: %lu of %lu, real %lu of %lu)\n",
				  nid, z->name, pageblock_order, su / 1000, su % 1000, ru / 1000,
				  ru % 1000, pageblock_order,
				  si.free_pages - (si.free_blocks_suitable << pageblock_order),
				  si.free_pages,
				  ri.free_pages - (ri.free_blocks_suitable << pageblock_order),
				  ri.free_pages);
		}
}

static void side_by_side(struct cmd_ctx *ctx, const char *dir, const struct replay_stats *st,
			 struct strbuf *out)
{
	char path[4096], err[CMD_ERR_MAX], msg[CMD_ERR_MAX], *text;
	struct real_machine *rm = malloc(sizeof(*rm));
	unsigned long sim_free = 0, real_free = 0, diff = 0;

	if (!rm)
		return;
	realmachine_init(rm);
	/* the after snapshot's zoneinfo and uptime, if there: for the explanation */
	snprintf(path, sizeof(path), "%s/zoneinfo", dir);
	text = read_text_file(ctx, path, 64 << 20, true, err, sizeof(err));
	if (text && real_parse_zoneinfo(rm, text, msg, sizeof(msg)))
		realmachine_init(rm);
	free(text);
	snprintf(path, sizeof(path), "%s/uptime", dir);
	text = read_text_file(ctx, path, 4096, true, err, sizeof(err));
	if (text)
		real_parse_uptime_file(rm, text, msg, sizeof(msg));
	free(text);
	snprintf(path, sizeof(path), "%s/buddyinfo", dir);
	text = read_text_file(ctx, path, 1 << 20, false, err, sizeof(err));
	if (!text || real_parse_buddyinfo(rm, text, msg, sizeof(msg))) {
		sb_printf(out, "after=%s: %s\n", dir, text ? msg : err);
		free(text);
		free(rm);
		return;
	}
	free(text);
	sb_printf(out, "buddyinfo after the trace: simulator / real (%s), blocks per order\n",
		  path);
	for (int nid = 0; nid < sim_nr_nodes(ctx->sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(ctx->sim, nid, zid);
			const struct real_zone *rz = &rm->zones[nid][zid];

			if (!z || !z->present_pages || !rz->have_buddy)
				continue;
			sb_printf(out, "Node %d, zone %8s ", nid, z->name);
			for (int o = 0; o < MAX_ORDER; o++) {
				char cell[32];

				snprintf(cell, sizeof(cell), "%lu/%lu", z->free_area[o].nr_free,
					 rz->nr_free[o]);
				sb_printf(out, "%12s", cell);
				sim_free += z->free_area[o].nr_free << o;
				real_free += rz->nr_free[o] << o;
				diff += (z->free_area[o].nr_free > rz->nr_free[o] ?
					 z->free_area[o].nr_free - rz->nr_free[o] :
					 rz->nr_free[o] - z->free_area[o].nr_free) << o;
			}
			sb_putc(out, '\n');
		}
	sb_printf(out, "free pages: simulator %lu, real %lu (%+ld); sum over orders of "
		  "|blocks differ| x 2^order: %lu pages (%.1f%% of the real free pages)\n",
		  sim_free, real_free, (long)sim_free - (long)real_free, diff,
		  real_free ? 100.0 * (double)diff / (double)real_free : 0.0);
	fragmentation_at_end(ctx->sim, rm, out);
	explain_gap(ctx, rm, st, out);
	free(rm);
}

static const char *const kind_names[NR_REPLAY_KINDS] = {
	"mm_page_alloc", "mm_page_free", "mm_page_free_batched", "mm_page_alloc_zone_locked",
	"mm_page_pcpu_drain", "mm_page_alloc_extfrag",
};

static void report(const struct replay_parser *rp, const unsigned long (*count)[NR_REPLAY_OUTCOMES],
		   enum replay_mode mode, struct replay_stats *st, struct strbuf *out)
{
	unsigned long applied = 0, skipped = 0, by[NR_REPLAY_OUTCOMES] = { 0 };

	sb_printf(out, "read %lu lines: %lu kmem events (%s pfns), %lu other events skipped, "
		  "%lu lost by the tracer\n", rp->lines, rp->events,
		  rp->hex_pfn && rp->dec_pfn ? "hex and decimal" : rp->hex_pfn ? "hex, 5.x/6.x" :
		  "decimal, 4.x", rp->other, rp->lost);
	if (rp->latency)
		sb_printf(out, "  layout: latency-format (cpu without brackets, comm cut to 8 "
			  "characters, time in microseconds since the buffer started)\n");
	if (rp->truncated)
		sb_printf(out, "  the last line is cut off (no newline, and not a whole event): "
			  "skipped\n");
	for (int k = 0; k < NR_REPLAY_KINDS; k++) {
		unsigned long n = 0;

		for (int o = 0; o < NR_REPLAY_OUTCOMES; o++) {
			n += count[k][o];
			by[o] += count[k][o];
		}
		if (!n)
			continue;
		sb_printf(out, "  %-26s %7lu:", kind_names[k], n);
		for (int o = 0; o < NR_REPLAY_OUTCOMES; o++)
			if (count[k][o])
				sb_printf(out, " %lu %s;", count[k][o],
					  o == RO_APPLIED ? "applied" : replay_outcome_text((enum replay_outcome)o));
		sb_putc(out, '\n');
	}
	for (int o = 0; o < NR_REPLAY_OUTCOMES; o++) {
		if (o == RO_APPLIED || o == RO_SAME_PFN || o == RO_OTHER_PFN || o == RO_OTHER_ZONE ||
		    o == RO_UNTRACED_PCP || o == RO_UNTRACED_BUDDY)
			applied += by[o];
		else
			skipped += by[o];
	}
	st->untraced = by[RO_UNTRACED_PCP] + by[RO_UNTRACED_BUDDY];
	st->skipped = skipped;
	sb_printf(out, "%s replay: %lu events applied, %lu skipped\n",
		  mode == REPLAY_EXACT ? "exact" : "simulate", applied, skipped);
	if (mode == REPLAY_SIMULATE && by[RO_SAME_PFN] + by[RO_OTHER_PFN] + by[RO_OTHER_ZONE]) {
		unsigned long all = by[RO_SAME_PFN] + by[RO_OTHER_PFN] + by[RO_OTHER_ZONE];

		sb_printf(out, "the simulator chose the kernel's pfn for %lu of %lu allocations "
			  "(%.1f%%), another in the kernel's zone for %lu, another zone for %lu; "
			  "it refused %lu\n", by[RO_SAME_PFN], all,
			  100.0 * (double)by[RO_SAME_PFN] / (double)all, by[RO_OTHER_PFN],
			  by[RO_OTHER_ZONE], by[RO_SIM_FAILED]);
	}
}

int trace_replay_cmd(struct cmd_ctx *ctx, const char *rest, struct strbuf *out)
{
	struct tokens *t = malloc(sizeof(*t));
	const char *path = NULL, *after = NULL;
	enum replay_mode mode = REPLAY_EXACT;
	int rc = -1;

	if (!t)
		return cmd_error(ctx, "trace replay: out of memory");
	if (tokenize(rest ? rest : "", t, false, ctx->err, sizeof(ctx->err)))
		goto out;
	for (int i = 0; i < t->n; i++) {
		if (!strcmp(t->v[i], "exact") || !strcmp(t->v[i], "simulate"))
			mode = t->v[i][0] == 'e' ? REPLAY_EXACT : REPLAY_SIMULATE;
		else if (!strncmp(t->v[i], "after=", 6) && t->v[i][6])
			after = t->v[i] + 6;
		else if (!path)
			path = t->v[i];
		else {
			cmd_error(ctx, "trace replay: unexpected '%.40s'; usage: trace replay FILE "
				  "[exact|simulate] [after=DIR]", t->v[i]);
			goto out;
		}
	}
	if (!path) {
		cmd_error(ctx, "trace replay: no FILE; usage: trace replay FILE [exact|simulate] "
			  "[after=DIR] (an ftrace text file, plain, .gz or .xz)");
		goto out;
	}
	rc = trace_replay(ctx, path, mode, after, out);
out:
	free(t);
	return rc;
}

/* Read, sort, and boot the import again with the trace's hints. */
static int load(struct cmd_ctx *ctx, const char *path, struct events *evs, struct replay_parser *rp,
		struct strbuf *out)
{
	const struct real_machine *rm = sim_real(ctx->sim);
	int kver = rm ? rm->ver_major * 100 + rm->ver_minor : 0;
	char err[CMD_ERR_MAX] = "";

	if (read_events(ctx, path, kver, evs, rp, err, sizeof(err)))
		return cmd_error(ctx, "trace replay: %s", err);
	if (replay_sort(evs->v, evs->n))
		return cmd_error(ctx, "trace replay: out of memory");
	if (refine_start(ctx, evs, out, err, sizeof(err)))
		return cmd_error(ctx, "trace replay: %s", err);
	return 0;
}

int trace_replay_load(struct cmd_ctx *ctx, const char *path, struct replay_event **events,
		      size_t *nr, struct strbuf *out)
{
	struct events evs = { NULL, 0, 0 };
	struct replay_parser rp;
	char err[CMD_ERR_MAX];

	if (file_access_check(ctx, path, FILE_KIND_FILE, err, sizeof(err)))
		return cmd_error(ctx, "trace replay: %s", err);
	if (load(ctx, path, &evs, &rp, out)) {
		free(evs.v);
		return -1;
	}
	*events = evs.v;
	*nr = evs.n;
	return 0;
}

int trace_replay(struct cmd_ctx *ctx, const char *path, enum replay_mode mode, const char *after,
		 struct strbuf *out)
{
	struct events evs = { NULL, 0, 0 };
	unsigned long (*count)[NR_REPLAY_OUTCOMES] = NULL;
	struct replay_stats st = { 0, 0, 0, 0, mode == REPLAY_SIMULATE };
	struct replay_parser rp;
	struct replay *r = NULL;
	char err[CMD_ERR_MAX];
	bool recording;
	int rc = -1;

	if (file_access_check(ctx, path, FILE_KIND_FILE, err, sizeof(err)) ||
	    (after && file_access_check(ctx, after, FILE_KIND_DIR, err, sizeof(err)))) {
		cmd_error(ctx, "trace replay: %s", err);
		goto out;
	}
	if (load(ctx, path, &evs, &rp, out))
		goto out;
	if (!(count = calloc(NR_REPLAY_KINDS, sizeof(*count)))) {
		cmd_error(ctx, "trace replay: out of memory");
		goto out;
	}
	if (replay_create(ctx->sim, mode, evs.n, &r) || replay_prepare(ctx->sim, r, evs.v, evs.n)) {
		cmd_error(ctx, "trace replay: out of memory");
		goto out;
	}
	/* the replay's own events (tens of thousands) stay out of a recording
	 * that `trace on` started: it would keep nothing else */
	trace_log_pump(ctx);
	recording = trace_buffer_enabled(ctx->sim);
	trace_buffer_enable(ctx->sim, false);
	for (size_t i = 0; i < evs.n && !cmd_interrupted; i += 0x2000) {
		progress_report(ctx, "replaying", (unsigned long)i, (unsigned long)evs.n);
		replay_run(ctx->sim, r, i, i + 0x2000, count);
	}
	progress_report(ctx, "replaying", (unsigned long)evs.n, (unsigned long)evs.n);
	trace_buffer_enable(ctx->sim, recording);
	if (cmd_interrupted)
		sb_puts(out, "trace replay: interrupted; the events so far stay applied\n");
	if (evs.n) {
		st.first_ts = evs.v[0].ts_ns;
		st.last_ts = evs.v[evs.n - 1].ts_ns;
	}
	report(&rp, (const unsigned long (*)[NR_REPLAY_OUTCOMES])count, mode, &st, out);
	if (after)
		side_by_side(ctx, after, &st, out);
	rc = 0;
out:
	replay_destroy(r);
	free(count);
	free(evs.v);
	return rc;
}
