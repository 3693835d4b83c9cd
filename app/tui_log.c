/* app/tui_log.c - the Log pane: the commands typed and what they printed,
 * and the engine's events as they happen, each told in one sentence; `t`
 * shows the same events as ftrace lines (trace_format), the way
 * /sys/kernel/tracing/trace prints them.
 *
 * Events of one kind in a row (hundreds of "hog-1004 got pfn ..." while a
 * task faults memory in) are one line with a count, so the line that
 * matters is not buried; OOM kills, failed allocations and the kernel log's
 * warnings stand out in colour and with a "!" that reads without colour.
 *
 * Events are kept whole in the log's ring, so the toggle re-renders old
 * lines too; only the lines on screen are formatted.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/compaction.h"
#include "buddyscope/gfp.h"
#include "buddyscope/sim.h"

void tui_log_init(struct tui_log *log)
{
	memset(log, 0, sizeof(*log));
	log->v = calloc(TUI_LOG_MAX, sizeof(*log->v));
}

static void entry_clear(struct log_entry *e)
{
	if (e->kind == LOG_TEXT)
		free(e->text);
	e->text = NULL;
}

void tui_log_release(struct tui_log *log)
{
	for (size_t i = 0; log->v && i < log->count; i++)
		entry_clear(&log->v[(log->head + i) % TUI_LOG_MAX]);
	free(log->v);
	memset(log, 0, sizeof(*log));
}

static struct log_entry *log_push(struct tui_log *log)
{
	struct log_entry *e;

	if (!log->v)
		return NULL;
	if (log->count == TUI_LOG_MAX) {
		entry_clear(&log->v[log->head]);
		log->head = (log->head + 1) % TUI_LOG_MAX;
		log->count--;
	}
	e = &log->v[(log->head + log->count) % TUI_LOG_MAX];
	log->count++;
	if (log->scroll)	/* keep what the reader is looking at in place */
		log->scroll++;
	return e;
}

void tui_log_text(struct tui_log *log, enum ui_color color, const char *text)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		struct log_entry *e = log_push(log);

		if (!e)
			return;
		e->kind = LOG_TEXT;
		e->color = color;
		e->text = strndup(text, n);
		text += n + (nl ? 1 : 0);
	}
}

/* Events that repeat with only their pfn changing (or nothing at all). */
static bool same_kind(const struct trace_event *a, const struct trace_event *b)
{
	if (a->id != b->id || a->pid != b->pid || a->nid != b->nid || a->zid != b->zid)
		return false;
	switch (a->id) {
	case TRACE_mm_page_alloc:
	case TRACE_mm_page_free:
	case TRACE_mm_page_free_batched:
	case TRACE_mm_page_alloc_zone_locked:
	case TRACE_mm_page_pcpu_drain:
		return a->order == b->order && a->migratetype == b->migratetype &&
		       a->gfp_mask == b->gfp_mask && (a->pfn == PFN_NONE) == (b->pfn == PFN_NONE);
	case TRACE_bs_alloc_stage:
		return a->stage == b->stage && !strcmp(a->msg, b->msg);
	default:
		return false;
	}
}

/* The entry among the last few events that @ev repeats, or NULL. A text
 * line (a command, its output) ends the search: groups never cross it. */
static struct log_entry *repeat_of(struct tui_log *log, const struct trace_event *ev)
{
	for (size_t k = 0; k < LOG_GROUP_BACK && k < log->count; k++) {
		struct log_entry *e = &log->v[(log->head + log->count - 1 - k) % TUI_LOG_MAX];

		if (e->kind != LOG_EVENT)
			return NULL;
		if (same_kind(&e->ev, ev))
			return e;
	}
	return NULL;
}

static enum ui_color event_color(const struct trace_event *ev)
{
	if (ev->id == TRACE_mm_page_alloc && ev->pfn == PFN_NONE)
		return UI_LOG_ERR;		/* a failed allocation */
	if (ev->id == TRACE_bs_alloc_stage && !strncmp(ev->msg, "out_of_memory:", 14))
		return UI_LOG_ERR;		/* the OOM killer */
	return ev->id == TRACE_bs_alloc_stage ? UI_LOG_STAGE : UI_LOG_EVENT;
}

/* New lines of the kernel log that a reader must not miss. */
static void pump_dmesg(struct tui_log *log, const struct sim *sim)
{
	static const struct {
		const char	*what;
		enum ui_color	color;
	} marks[] = {
		{ "invoked oom-killer", UI_LOG_ERR }, { "Out of memory", UI_LOG_ERR },
		{ "Killed process", UI_LOG_ERR }, { "Kernel panic", UI_LOG_ERR },
		{ "page allocation failure", UI_LOG_WARN }, { "WARNING:", UI_LOG_WARN },
		{ "page allocation stalls", UI_LOG_WARN },
	};
	uint64_t seq = sim_dmesg_seq(sim), n = seq - log->dmesg_seq;
	struct strbuf sb = STRBUF_INIT;
	const char *p;

	if (seq <= log->dmesg_seq) {
		log->dmesg_seq = seq;
		return;
	}
	log->dmesg_seq = seq;
	sim_dmesg_show(sim, &sb, n > 400 ? 400 : (unsigned long)n);
	for (p = sb_str(&sb); *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[600];

		snprintf(line, sizeof(line), "dmesg: %.*s", (int)len, p);
		for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
			if (strstr(line, marks[i].what)) {
				tui_log_text(log, marks[i].color, line);
				break;
			}
		p += len + (nl ? 1 : 0);
	}
	sb_release(&sb);
}

void tui_log_pump(struct tui_log *log, const struct sim *sim, bool stages)
{
	struct trace_event buf[256];
	uint64_t lost = 0, total_lost = 0;
	size_t n;

	if (log->sim != sim) {	/* a new machine: its boot is not news */
		log->sim = sim;
		log->cursor = trace_next_seq(sim);
		log->dmesg_seq = sim_dmesg_seq(sim);
		return;
	}
	if (log->cursor > trace_next_seq(sim))	/* the sim was reset */
		log->cursor = trace_next_seq(sim);
	do {
		n = trace_read(sim, &log->cursor, buf, sizeof(buf) / sizeof(buf[0]), &lost);
		total_lost += lost;
		if (total_lost && lost) {
			char msg[96];

			snprintf(msg, sizeof(msg), "(%llu older events not shown: the ring moved on)",
				 (unsigned long long)lost);
			tui_log_text(log, UI_LOG_NOTE, msg);
		}
		for (size_t i = 0; i < n; i++) {
			struct log_entry *e;

			if (buf[i].id == TRACE_bs_alloc_stage && buf[i].stage >= 0 && !stages)
				continue;
			if ((e = repeat_of(log, &buf[i]))) {
				e->count++;
				e->ev = buf[i];		/* the last one is shown */
				continue;
			}
			if (!(e = log_push(log)))
				return;
			e->kind = LOG_EVENT;
			e->color = event_color(&buf[i]);
			e->ev = buf[i];
			e->count = 1;
			e->first_pfn = buf[i].pfn;
		}
	} while (n > 0);
	if (log->dmesg_seq > sim_dmesg_seq(sim))	/* the sim was reset */
		log->dmesg_seq = sim_dmesg_seq(sim);
	pump_dmesg(log, sim);
}

static const char *mt_name(int mt)
{
	return mt >= 0 && mt < MIGRATE_TYPES ? migratetype_names[mt] : "?";
}

static const char *zname(int zid)
{
	return zid >= 0 && zid < MAX_NR_ZONES ? zone_names[zid] : "?";
}

void tui_narrate(const struct trace_event *ev, char *buf, size_t len)
{
	char gfp[160], line[512];
	const char *payload;

	switch (ev->id) {
	case TRACE_bs_alloc_stage:
		/* other code's narration (kswapd, reclaim, compaction, OOM) names
		 * its thread here, not in the message */
		if (ev->stage < 0)
			snprintf(buf, len, "%s: %s", ev->comm, ev->msg);
		else
			snprintf(buf, len, "%s", ev->msg);
		return;
	case TRACE_mm_page_alloc:
		gfp_format(ev->gfp_mask,
			   kernel_display_gfp_style(kernel_desc((enum kernel_version)ev->kernel)),
			   gfp, sizeof(gfp));
		if (ev->pfn == PFN_NONE)
			snprintf(buf, len, "%s-%d: order-%u %s allocation failed: NULL page", ev->comm,
				 ev->pid, ev->order, gfp);
		else
			snprintf(buf, len, "%s-%d got pfn %#lx, order %u, %s %s (%s)", ev->comm, ev->pid,
				 ev->pfn, ev->order, zname(ev->zid), mt_name(ev->migratetype), gfp);
		return;
	case TRACE_mm_page_free:
		snprintf(buf, len, "%s-%d freed pfn %#lx, order %u", ev->comm, ev->pid, ev->pfn,
			 ev->order);
		return;
	case TRACE_mm_page_free_batched:
		snprintf(buf, len, "pfn %#lx freed in a batch", ev->pfn);
		return;
	case TRACE_mm_page_alloc_zone_locked:
		snprintf(buf, len, "rmqueue took pfn %#lx, order %u, from the %s free list%s", ev->pfn,
			 ev->order, mt_name(ev->migratetype), ev->order ? "" : " (pcp refill)");
		return;
	case TRACE_mm_page_pcpu_drain:
		snprintf(buf, len, "pcp drain: pfn %#lx back to the %s free list", ev->pfn,
			 mt_name(ev->migratetype));
		return;
	case TRACE_mm_page_alloc_extfrag:
		snprintf(buf, len, "fallback: an order-%u %s request took an order-%ld %s block at "
			 "%#lx%s", ev->order, mt_name(ev->migratetype), ev->arg[0], mt_name((int)ev->arg[1]),
			 ev->pfn, ev->arg[2] ? " and claimed its pageblock" : "");
		return;
	case TRACE_mm_vmscan_kswapd_sleep:
		snprintf(buf, len, "kswapd%u goes back to sleep", ev->nid);
		return;
	case TRACE_mm_vmscan_kswapd_wake:
		snprintf(buf, len, "kswapd%u wakes up for order %u", ev->nid, ev->order);
		return;
	case TRACE_mm_vmscan_wakeup_kswapd:
		/* the tracepoint fires past zone_balanced(), a test at the HIGH
		 * watermark for the order (not at low); the event has no counts */
		snprintf(buf, len, "wakeup_kswapd: node %u %s is not balanced for order %u "
			 "(zone_balanced: the high-watermark test fails), kswapd%u woken", ev->nid,
			 zname(ev->zid), ev->order, ev->nid);
		return;
	case TRACE_mm_vmscan_direct_reclaim_begin:
		snprintf(buf, len, "%s-%d enters direct reclaim for order %u", ev->comm, ev->pid,
			 ev->order);
		return;
	case TRACE_mm_vmscan_direct_reclaim_end:
		snprintf(buf, len, "direct reclaim done: %ld pages reclaimed", ev->arg[0]);
		return;
	case TRACE_mm_vmscan_lru_isolate:
		snprintf(buf, len, "isolated %ld of %ld %s LRU pages scanned", ev->arg[2], ev->arg[1],
			 ev->arg[3] ? "file" : "anon");
		return;
	case TRACE_mm_vmscan_lru_shrink_inactive:
		snprintf(buf, len, "shrink_inactive_list %s %s: %ld scanned, %ld reclaimed, priority "
			 "%ld", zname(ev->zid), ev->arg[3] ? "file" : "anon", ev->arg[0], ev->arg[1],
			 ev->arg[2]);
		return;
	case TRACE_mm_compaction_end:
		snprintf(buf, len, "compaction ends: %s", compact_result_name(ev->order));
		return;
	case TRACE_mm_compaction_migratepages:
		snprintf(buf, len, "compaction migrated %ld pages, %ld failed", ev->arg[0], ev->arg[1]);
		return;
	case TRACE_oom_score_adj_update:
		snprintf(buf, len, "%s (%d): oom_score_adj = %ld", ev->comm, ev->pid, ev->arg[0]);
		return;
	default:
		break;
	}
	/* the rest: the event's name and its ftrace fields */
	trace_format(ev, line, sizeof(line));
	payload = strstr(line, trace_event_name(ev->id));
	snprintf(buf, len, "%s", payload ? payload : line);
}

static void entry_text(const struct tui_log *log, const struct log_entry *e, char *buf, size_t len)
{
	char one[800];
	bool loud = e->color == UI_LOG_ERR || e->color == UI_LOG_WARN;

	if (e->kind == LOG_TEXT) {
		snprintf(buf, len, "%s%s", loud ? "! " : "", e->text ? e->text : "");
		return;
	}
	if (log->ftrace)
		trace_format(&e->ev, one, sizeof(one));
	else
		tui_narrate(&e->ev, one, sizeof(one));
	if (e->count <= 1)
		snprintf(buf, len, "%s%s", loud ? "! " : "", one);
	else if (e->ev.pfn != PFN_NONE && e->first_pfn != PFN_NONE && !log->ftrace)
		snprintf(buf, len, "%s%ux %s (the first: pfn %#lx)", loud ? "! " : "", e->count, one,
			 e->first_pfn);
	else
		snprintf(buf, len, "%s%ux %s", loud ? "! " : "", e->count, one);
}

struct wrap_lines {
	const char	*s[16];
	size_t		n[16];
	int		count;
};

static void collect(void *arg, const char *s, size_t len)
{
	struct wrap_lines *w = arg;

	if (w->count < 16) {
		w->s[w->count] = s;
		w->n[w->count] = len;
	}
	w->count++;
}

int tui_log_wrap(const char *text, int width, void (*fn)(void *arg, const char *s, size_t len),
		 void *arg)
{
	const char *next, *end = wrap_one(text, width > 1 ? width : 1, &next);

	if (fn)
		fn(arg, text, (size_t)(end - text));
	if (!*next)
		return 1;
	/* continuations start at column 3: wrapped at the first line's width,
	 * their last two characters fell off the pane ("command lin") */
	return 1 + wrap_text(next, width > 3 ? width - 2 : 1, fn, arg);
}

void tui_draw_log(struct tui_canvas *c, struct tui_rect r, const struct tui *t)
{
	const struct tui_log *log = &t->log;
	int row = r.h - 1;
	char title[96], text[1024];

	snprintf(title, sizeof(title), "Log: %s%s", log->ftrace ? "ftrace lines" : "events told",
		 log->scroll ? " (scrolled; End for the newest)" : "");
	canvas_title(c, r, title, t->focus == PANE_LOG);
	for (size_t k = (size_t)log->scroll; k < log->count && row >= 1; k++) {
		const struct log_entry *e = &log->v[(log->head + log->count - 1 - k) % TUI_LOG_MAX];
		struct wrap_lines w = { .count = 0 };
		int width = r.w - 1, first;

		entry_text(log, e, text, sizeof(text));
		if (e->kind == LOG_EVENT && log->ftrace)
			width = 4096;	/* ftrace lines stay whole: cut, not wrapped */
		tui_log_wrap(text[0] ? text : " ", width, collect, &w);
		if (w.count > 16)
			w.count = 16;
		first = row - w.count + 1;
		for (int i = w.count - 1; i >= 0; i--, row--) {
			if (row < 1)
				break;
			rect_printf(c, r, row, i ? 3 : 0, e->color, "%.*s", (int)w.n[i], w.s[i]);
		}
		(void)first;
	}
}
