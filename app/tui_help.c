/* app/tui_help.c - the help bar (the keys that work now), the help screen
 * (`?` or F1: keys, what the glyphs and zone states mean, and every command
 * from the command table), and the popup that shows long command output.
 */
#include "tui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const int tui_speed_ms[TUI_SPEEDS] = { 1000, 500, 250, 125, 60, 20, 0 };

struct key_help {
	const char	*key;
	const char	*what;
};

static const struct key_help keys_main[] = {
	{ "s", "step" }, { "n", "next" }, { "c", "continue" }, { "p", "pause" },
	{ "+/-", "speed" }, { ":", "command" }, { "q", "quit" }, { "?", "help" },
	{ "Tab", "pane" }, { "z/Z", "zoom" }, { "g", "pfn" }, { "t", "ftrace" }, { "h", "charts" },
	{ "arrows", "scroll" },
};

static const struct key_help keys_cmdline[] = {
	{ "Enter", "run" }, { "Tab", "complete" }, { "Up/Down", "history" },
	{ "Esc", "keys" }, { "Ctrl-D", "quit" },
};

static const struct key_help keys_pfn[] = {
	{ "0x..", "pfn in hex or decimal" }, { "Enter", "jump" }, { "Esc", "cancel" },
};

static const struct key_help keys_help[] = {
	{ "arrows/PgUp/PgDn", "scroll" }, { "q/Esc/?", "close" },
};

static const struct key_help keys_lesson[] = {
	{ "Space", "go on" }, { "1-9", "answer" }, { "b", "back" }, { "r", "restart" },
};

static int put_keys(struct tui_canvas *c, struct tui_rect r, int col,
		    const struct key_help *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int need = (int)(strlen(k[i].key) + strlen(k[i].what)) + 2;

		if (col + need > r.w)
			break;
		col += rect_printf(c, r, 0, col, UI_KEY, "%s", k[i].key);
		col += rect_printf(c, r, 0, col, UI_HELPBAR, " %s ", k[i].what);
	}
	return col;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

void tui_draw_helpbar(struct tui_canvas *c, struct tui_rect r, const struct tui *t)
{
	char right[200];
	int rw;

	canvas_fill(c, r, ' ', UI_HELPBAR);
	if (t->status[0])
		snprintf(right, sizeof(right), " %s ", t->status);
	else if (t->animating)
		snprintf(right, sizeof(right), " running, speed %d/%d ", t->speed + 1, TUI_SPEEDS);
	else
		snprintf(right, sizeof(right), " speed %d/%d ", t->speed + 1, TUI_SPEEDS);
	rw = utf8_width(right);
	if (rw > r.w)
		rw = r.w;
	canvas_text(c, r.x + r.w - rw, r.y, rw, t->status[0] ? t->status_color : UI_HELPBAR, right);
	r.w -= rw;		/* the keys get what the status leaves */
	if (t->mode == MODE_HELP || t->popup.open) {
		put_keys(c, r, 0, keys_help, N(keys_help));
	} else if (t->mode == MODE_CMDLINE) {
		put_keys(c, r, 0, keys_cmdline, N(keys_cmdline));
	} else if (t->mode == MODE_PROMPT_PFN) {
		put_keys(c, r, 0, keys_pfn, N(keys_pfn));
	} else {
		int col = 0;

		if (t->lesson.lesson && (t->lesson.waiting || t->lesson.done))
			col = put_keys(c, r, col, keys_lesson, N(keys_lesson));
		put_keys(c, r, col, keys_main, N(keys_main));
	}
}

/* ---- the help screen ---- */

static const char *const help_text[] = {
	"buddyscope: the Linux page allocator (v4.5, v4.6), one step at a time",
	"",
	"KEYS (when the command line is not focused)",
	"  s        step: run one stage of the request (or one jiffy of kswapd)",
	"  n        next: run the request to its end",
	"  c        continue: animate, one stage a frame, until a breakpoint or the end",
	"  p        pause the animation",
	"  + -      faster, slower (animation and lessons)",
	"  Tab      focus the next pane; the arrows, PgUp/PgDn, Home/End scroll it",
	"  z Z      page map: zoom out (more pages a cell), zoom in",
	"  g        page map: jump to a pfn",
	"  t        log: ftrace lines instead of sentences",
	"  : / Enter  the command line (readline: history, Tab completion)",
	"  ? F1     this help; q quits",
	"  Lessons: Space/Enter go on, 1-9 answer, b back, r restart",
	"",
	"ZONES: free pages against the watermarks; m l h mark min, low, high on the",
	"  bar and + the low mark plus the lowmem_reserve that the class zone of",
	"  the request must also clear. above high: all is well; low..high: kswapd",
	"  keeps going; min..low: allocations wake kswapd; BELOW MIN: only reserves.",
	"",
	"PAGE MAP: one cell is 2^zoom pages; the glyph is the commonest state:",
	"  . free   # allocated   p per-cpu list   a anon LRU   f file LRU",
	"  s slab   m isolated (migrating/reclaiming)   x reserved   blank: hole",
	"  The colour (or, in mono, the attribute) is the pageblock's migratetype:",
	"  U Unmovable  M Movable  R Reclaimable  H HighAtomic  C CMA  I Isolate",
	"",
	"COMMANDS (type 'help NAME' on the command line for more)",
};

void tui_draw_help(struct tui_canvas *c, struct tui_rect r, const struct tui *t)
{
	int row = 1, line = 0, skip = t->help_scroll;

	canvas_fill(c, r, ' ', UI_DEFAULT);
	canvas_title(c, r, "Help", true);
	for (size_t i = 0; i < N(help_text); i++, line++)
		if (line >= skip && row < r.h)
			rect_printf(c, r, row++, 1, i == 0 ? UI_BOLD : UI_DEFAULT, "%s", help_text[i]);
	for (int i = 0; i < NR_CMDS; i++, line++) {
		struct strbuf usage = STRBUF_INIT;

		if (line < skip || row >= r.h)
			continue;
		cmd_usage((enum cmd_id)i, &usage);
		rect_printf(c, r, row, 3, UI_KEY, "%-40.40s", sb_str(&usage));
		rect_printf(c, r, row++, 44, UI_DEFAULT, "%s", cmd_table[i].summary);
		sb_release(&usage);
	}
}

/* ---- popup ---- */

void tui_popup_open(struct tui_popup *p, const char *title, const char *text)
{
	size_t n = 0, cap = 0;
	char **lines = NULL;

	tui_popup_close(p);
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);

		if (n == cap) {
			char **nv = realloc(lines, (cap = cap ? 2 * cap : 64) * sizeof(*lines));

			if (!nv)
				break;
			lines = nv;
		}
		lines[n] = strndup(text, len);
		if (lines[n])
			n++;
		text += len + (nl ? 1 : 0);
	}
	p->lines = lines;
	p->n = n;
	p->top = 0;
	p->open = true;
	snprintf(p->title, sizeof(p->title), "%s", title);
}

void tui_popup_close(struct tui_popup *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->lines[i]);
	free(p->lines);
	p->lines = NULL;
	p->n = 0;
	p->open = false;
}

void tui_draw_popup(struct tui_canvas *c, struct tui_rect r, const struct tui *t)
{
	const struct tui_popup *p = &t->popup;
	char title[256];
	long max_top;

	canvas_fill(c, r, ' ', UI_POPUP);
	snprintf(title, sizeof(title), "%s  (lines %ld-%ld of %zu; q closes)", p->title,
		 p->n ? p->top + 1 : 0, (long)p->n < p->top + r.h - 1 ? (long)p->n : p->top + r.h - 1,
		 p->n);
	canvas_title(c, r, title, true);
	max_top = (long)p->n - (r.h - 1);
	for (int row = 1; row < r.h; row++) {
		long i = p->top + row - 1;

		if (i < 0 || i >= (long)p->n)
			break;
		rect_printf(c, r, row, 1, UI_POPUP, "%s", p->lines[i]);
	}
	(void)max_top;
}

/* ---- the keys, for the man page (app/manpage.c) ---- */

void tui_keys_text(struct strbuf *out)
{
	static const struct {
		const char		*where;
		const struct key_help	*k;
		size_t			n;
	} sets[] = {
#define KEYSET(name, arr) { name, arr, sizeof(arr) / sizeof(arr[0]) }
		KEYSET("on the screen", keys_main), KEYSET("on the command line", keys_cmdline),
		KEYSET("asking for a pfn (g)", keys_pfn), KEYSET("in the help screen", keys_help),
		KEYSET("in a lesson", keys_lesson),
#undef KEYSET
	};

	for (size_t s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
		sb_printf(out, "%s:", sets[s].where);
		for (size_t i = 0; i < sets[s].n; i++)
			sb_printf(out, "\t%s\t%s\n", sets[s].k[i].key, sets[s].k[i].what);
	}
}
