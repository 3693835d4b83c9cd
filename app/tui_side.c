/* app/tui_side.c - the Threads pane: kswapd and kcompactd per node (what
 * they are doing and for which order and class zone) and the vmstat
 * counters that changed lately (newest first, with the last change); and
 * the Tasks pane: every task with its rss, oom_score_adj and the OOM
 * killer's badness, the likeliest victim first.
 *
 * Counters are sampled after every action (tui_sync), not when drawing, so
 * "changed" means changed by the last commands or steps.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/oom_kill.h"
#include "buddyscope/sim.h"
#include "buddyscope/task.h"

#define NR_ITEMS	((size_t)NR_VM_EVENT_ITEMS + NR_VM_ZONE_STAT_ITEMS)

static unsigned long item_value(const struct sim *sim, size_t i)
{
	long sum = 0;

	if (i < NR_VM_EVENT_ITEMS)
		return sim_vm_event(sim, (int)i);
	i -= NR_VM_EVENT_ITEMS;
	for (int nid = 0; nid < sim_nr_nodes(sim); nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone *z = sim_zone(sim, nid, zid);

			if (z)
				sum += z->vm_stat[i];
		}
	return sum < 0 ? 0 : (unsigned long)sum;
}

static const char *item_name(int i)
{
	if (i < NR_VM_EVENT_ITEMS)
		return vm_event_name((enum vm_event_item)i);
	return zone_stat_name((enum zone_stat_item)(i - NR_VM_EVENT_ITEMS));
}

void tui_side_sample(struct tui_side *s, const struct sim *sim, uint64_t gen)
{
	bool fresh = false;

	if (!s->prev) {
		s->prev = calloc(NR_ITEMS, sizeof(*s->prev));
		if (!s->prev)
			return;
		s->nprev = NR_ITEMS;
		fresh = true;
	}
	if (s->sim != sim) {	/* a new machine: start over */
		fresh = true;
		s->nchanged = 0;
		s->sim = sim;
	}
	for (size_t i = 0; i < NR_ITEMS; i++) {
		unsigned long v = item_value(sim, i);
		struct tui_counter nc;
		int k;

		if (fresh || v == s->prev[i]) {
			s->prev[i] = v;
			continue;
		}
		nc.item = (int)i;
		nc.delta = (long)(v - s->prev[i]);
		nc.value = v;
		nc.when = gen;
		s->prev[i] = v;
		/* move it to the front */
		for (k = 0; k < s->nchanged && s->changed[k].item != (int)i; k++)
			;
		if (k == s->nchanged && s->nchanged < TUI_COUNTERS_MAX)
			s->nchanged++;
		if (k >= s->nchanged)
			k = s->nchanged - 1;
		memmove(&s->changed[1], &s->changed[0], (size_t)k * sizeof(s->changed[0]));
		s->changed[0] = nc;
	}
}

void tui_side_release(struct tui_side *s)
{
	free(s->prev);
	memset(s, 0, sizeof(*s));
}

static const char *const kstate[] = { "sleeping", "running", "napping" };

/* A thread's details after its name and state, or on a row of their own
 * below when the pane is too narrow for both (80 columns: "prio 12 +0"). */
static int thread_detail(struct tui_canvas *c, struct tui_rect r, int row, int col,
			 enum ui_color color, const char *text)
{
	if (1 + col + (int)strlen(text) > r.w && row + 1 < r.h) {
		row++;
		col = 3;
	}
	rect_printf(c, r, row, 1 + col, color, "%s", text);
	return row + 1;
}

static int draw_threads(struct tui_canvas *c, struct tui_rect r, int row, const struct sim *sim)
{
	for (int nid = 0; nid < sim_nr_nodes(sim) && row < r.h; nid++) {
		const struct pglist_data *pg = sim_node(sim, nid);
		const struct kswapd_ctl *k = &pg->kswapd;
		const struct kcompactd_ctl *kc = &pg->kcompactd;
		char detail[96];
		int col;

		col = rect_printf(c, r, row, 1, UI_LABEL, "kswapd%d    ", nid);
		col += rect_printf(c, r, row, 1 + col, k->state == KTHREAD_SLEEPING ? UI_THREAD_SLEEP
				   : UI_THREAD_RUN, "%-9s", kstate[k->state]);
		if (k->state == KTHREAD_SLEEPING) {
			snprintf(detail, sizeof(detail), "runs %lu", k->runs);
			row = thread_detail(c, r, row, col, UI_DIM, detail);
		} else {
			snprintf(detail, sizeof(detail), "order %d %s prio %d +%lu",
				 k->order > k->max_order ? k->order : k->max_order,
				 k->classzone_idx >= 0 && k->classzone_idx < MAX_NR_ZONES ?
				 zone_names[k->classzone_idx] : "-", k->priority, k->nr_reclaimed);
			row = thread_detail(c, r, row, col, UI_VALUE, detail);
		}
		if (!(sim_kernel(sim)->kthreads & KTHREAD_KCOMPACTD) || row >= r.h)
			continue;	/* v4.5: kswapd compacts itself */
		col = rect_printf(c, r, row, 1, UI_LABEL, "kcompactd%d ", nid);
		col += rect_printf(c, r, row, 1 + col, kc->state == KTHREAD_SLEEPING ?
				   UI_THREAD_SLEEP : UI_THREAD_RUN, "%-9s", kstate[kc->state]);
		if (kc->state == KTHREAD_SLEEPING)
			snprintf(detail, sizeof(detail), "runs %lu", kc->runs);
		else
			snprintf(detail, sizeof(detail), "order %d runs %lu", kc->max_order, kc->runs);
		row = thread_detail(c, r, row, col, kc->state == KTHREAD_SLEEPING ? UI_DIM : UI_VALUE,
				    detail);
	}
	return row;
}

static int nr_tasks(const struct sim *sim)
{
	int n = 0;

	while (task_at(sim, n))
		n++;
	return n;
}

struct task_row {
	const struct task *t;
	unsigned long	badness;
};

/* The OOM killer's view: the highest badness first, then by pid. */
static int cmp_badness(const void *a, const void *b)
{
	const struct task_row *x = a, *y = b;

	if (x->badness != y->badness)
		return x->badness > y->badness ? -1 : 1;
	return x->t->pid - y->t->pid;
}

static void draw_tasks(struct tui_canvas *c, struct tui_rect r, int row, const struct sim *sim,
		       int scroll)
{
	unsigned long total = oom_totalpages(sim);
	const struct task *cur = task_current(sim);
	struct task_row rows[MAX_TASKS];
	int n = 0;

	for (const struct task *tk; n < MAX_TASKS && (tk = task_at(sim, n)); n++) {
		rows[n].t = tk;
		rows[n].badness = oom_badness(sim, tk, total);
	}
	int cw = r.w - 31, rw = 6, pw = 5;	/* comm takes what the numbers leave */

	if (cw < 8) {		/* 80 columns: "kthreadd" whole before rss's sixth digit */
		rw = 5;
		cw = r.w - 28;
	}
	if (cw < 6) {		/* narrower still (a quiz's side pane): pids of 4 digits */
		pw = 4;
		cw = r.w - 27;
	}
	if (cw > 12)
		cw = 12;
	if (cw < 6)
		cw = 6;
	qsort(rows, (size_t)n, sizeof(rows[0]), cmp_badness);
	rect_printf(c, r, row++, 1, UI_LABEL, "%*s %-*s %*s %5s %7s", pw, "pid", cw, "comm", rw, "rss",
		    "adj", "badness");
	for (int i = scroll; i < n && row < r.h; i++, row++) {
		const struct task *tk = rows[i].t;
		char rss[16];
		int col;

		fmt_count(rss, sizeof(rss), tk->rss_anon + tk->rss_file, rw);
		col = rect_printf(c, r, row, 0, UI_VALUE, "%c%*d %-*.*s %*s %5d %7lu",
				  tk == cur ? '*' : ' ', pw, tk->pid, cw, cw, tk->comm, rw, rss,
				  tk->oom_score_adj, rows[i].badness);
		if (tk->memdie || tk->sigkill)	/* EXIT: 6.1's exit under way (core/exit.c) */
			rect_printf(c, r, row, col + 1 < r.w - 6 ? col + 1 : r.w - 6, UI_WMARK_BELOW,
				    "%s", tk->exit_step ? "EXIT" : tk->memdie ? "MEMDIE" : "KILL");
	}
}

int tui_tasks_height(const struct cmd_ctx *ctx)
{
	return 2 + nr_tasks(ctx->sim);
}

void tui_draw_tasks(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		    const struct tui *t)
{
	int ntask = nr_tasks(ctx->sim), shown = r.h - 2;
	int scroll = t->side_scroll < ntask ? t->side_scroll : ntask - 1;
	char title[64];

	if (scroll > ntask - shown)
		scroll = ntask - shown;
	if (scroll < 0)
		scroll = 0;
	if (shown < ntask)
		snprintf(title, sizeof(title), "Tasks %d-%d of %d, by badness", scroll + 1,
			 scroll + shown < ntask ? scroll + shown : ntask, ntask);
	else
		snprintf(title, sizeof(title), "Tasks (%d), by badness", ntask);
	canvas_title(c, r, title, t->focus == PANE_TASKS);
	draw_tasks(c, r, 1, ctx->sim, scroll);
}

void tui_draw_side(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		   const struct tui *t)
{
	const struct sim *sim = ctx->sim;
	const struct tui_side *s = &t->side;
	int row, counter_rows;
	struct tui_rect sub;
	char num[16];

	canvas_title(c, r, "Threads", t->focus == PANE_SIDE);
	row = draw_threads(c, r, 1, sim);
	if (row + 2 >= r.h)
		return;
	counter_rows = r.h - row;
	sub = (struct tui_rect){ r.x, r.y + row, r.w, counter_rows };
	canvas_title(c, sub, s->nchanged ? "Counters that changed" : "Counters (none changed yet)",
		     false);
	for (int i = 0; i < s->nchanged && 1 + i < counter_rows; i++) {
		const struct tui_counter *k = &s->changed[i];
		enum ui_color color = k->when == t->gen ? UI_CHANGED : UI_VALUE;

		fmt_count(num, sizeof(num), k->value, 8);
		rect_printf(c, sub, 1 + i, 1, color, "%-.*s", r.w - 19, item_name(k->item));
		rect_printf(c, sub, 1 + i, r.w - 17, color, "%+7ld %8s", k->delta, num);
	}
}
