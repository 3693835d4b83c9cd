/* app/tui_keys.c - the keys that move things on screen: focus between
 * panes, scrolling the focused pane, the popup's keys, and the pfn prompt
 * of `g`. The keys that act on the simulation (s, n, c, the command line,
 * the lesson) are in tui_main.c.
 */
#include "tui.h"

#include <stdio.h>
#include <string.h>
#include "buddyscope/sim.h"

/* Every pane takes the focus in turn, shown or not: the layout makes room
 * for the focused one (and `f` gives it the whole screen). */
void tui_focus_next(struct tui *t, int dir)
{
	int p = ((int)t->focus + dir + NR_PANES) % NR_PANES;

	while ((p == PANE_LESSON && !t->lesson.open) || (p == PANE_QUIZ && !t->quiz.open))
		p = ((int)p + dir + NR_PANES) % NR_PANES;
	t->focus = (enum tui_pane)p;
}

void tui_scroll_pane(struct tui *t, int k)
{
	struct tui_rect r = t->rect[t->focus];
	long page = r.h > 3 ? r.h - 2 : 1, d = 0;

	switch (k) {
	case TK_UP: d = -1; break;
	case TK_DOWN: d = 1; break;
	case TK_PGUP: d = -page; break;
	case TK_PGDN: d = page; break;
	case TK_HOME: d = -(1L << 40); break;
	case TK_END: d = 1L << 40; break;
	default: break;
	}
	switch (t->focus) {
	case PANE_ZONES:
		t->zone_sel += d > 0 ? 1 : d < 0 ? -1 : 0;
		if (t->zone_sel < 0)
			t->zone_sel = 0;
		break;
	case PANE_PAGEMAP:
		pagemap_scroll(t, d);
		break;
	case PANE_LOG: {	/* up is older */
		long s = t->log.scroll - d;

		t->log.scroll = s < 0 ? 0 : s >= (long)t->log.count ? (int)t->log.count - 1 : (int)s;
		if (t->log.scroll < 0)
			t->log.scroll = 0;
		break;
	}
	case PANE_LESSON: {
		long s = t->lesson.scroll - d;

		/* up is earlier in the step; the draw keeps the last page in view */
		s = t->lesson.scroll + d;
		t->lesson.scroll = s < 0 ? 0 : s >= t->lesson.lines ? t->lesson.lines : (int)s;
		break;
	}
	case PANE_QUIZ:		/* tui_draw_quiz keeps it in range */
		t->quiz.scroll += (int)(d > 1000 ? 1000 : d < -1000 ? -1000 : d);
		break;
	case PANE_TASKS:
		t->side_scroll += (int)(d > 100 ? 100 : d < -100 ? -100 : d);
		if (t->side_scroll < 0)
			t->side_scroll = 0;
		break;
	default:
		break;
	}
}

void tui_popup_key(struct tui *t, int k)
{
	struct tui_popup *p = &t->popup;
	long page = t->rows > 5 ? t->rows - 4 : 1, n = (long)p->nrows;	/* rows shown */

	switch (k) {
	case 'q': case 27: case '\r': case '\n':
		tui_popup_close(p);
		return;
	case TK_UP: p->top--; break;
	case TK_DOWN: p->top++; break;
	case TK_PGUP: case 'b': p->top -= page; break;
	case TK_PGDN: case ' ': p->top += page; break;
	case TK_HOME: p->top = 0; break;
	case TK_END: p->top = n - page; break;
	default: break;
	}
	if (p->top > n - page)
		p->top = n - page;
	if (p->top < 0)
		p->top = 0;
}

void tui_pfn_key(struct tui *t, const struct cmd_ctx *ctx, int k)
{
	size_t n = strlen(t->pfn_input);
	unsigned long pfn;

	if (k == 27) {
		t->mode = MODE_KEYS;
	} else if (k == '\r' || k == '\n') {
		t->mode = MODE_KEYS;
		if (parse_ulong(t->pfn_input, &pfn) || pfn >= sim_max_pfn(ctx->sim)) {
			snprintf(t->status, sizeof(t->status), "no pfn '%s': give 0..%#lx, in hex "
				 "(0x...) or decimal", t->pfn_input, sim_max_pfn(ctx->sim) - 1);
			t->status_color = UI_LOG_ERR;
			return;
		}
		pagemap_jump(t, ctx, pfn);
		t->focus = PANE_PAGEMAP;
		snprintf(t->status, sizeof(t->status), "pfn %#lx", pfn);
		t->status_color = UI_LOG_NOTE;
	} else if ((k == TK_BACKSPACE || k == 127 || k == 8) && n) {
		t->pfn_input[n - 1] = '\0';
	} else if (k >= 0 && k < 128 && (strchr("0123456789abcdefABCDEFxX", k)) && k &&
		   n + 1 < sizeof(t->pfn_input)) {
		t->pfn_input[n] = (char)k;
		t->pfn_input[n + 1] = '\0';
	}
}
