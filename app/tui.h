/* app/tui.h - the ncurses screen: zones, slow path, page map, threads and
 * counters, event log, lesson pane, help, with readline at the bottom.
 *
 * The screen is built the way tmux's screen-redraw.c builds it: every pane
 * renders into a canvas (tui_canvas.c: a grid of wide characters, each with a
 * colour *meaning*, enum ui_color), and tui_crt.c, the only file that talks
 * to ncurses, sends the cells that differ from the previous frame. So the
 * pane renderers never see ncurses and are tested off-screen
 * (tests/tui/test_render.c renders into a canvas and compares text).
 *
 * Renderers read the engine through its public accessors only (sim_zone,
 * sim_page, sim_node, task_at, trace_read, ...) plus the app state: struct
 * cmd_ctx and its stepper ctx->step (step.h). They change nothing in the sim.
 *
 *   tui_main.c     the loop: select(), readline's callback interface,
 *                  commands, signals, progress; tui_run()
 *   tui_input.c    the keys: stepping (s, n, F, c), back/forward, the
 *                  lesson's and the quiz's keys (`lesson`/`answer` rows)
 *   tui_crt.c      initscr/endwin, themes, colour pairs, NO_COLOR, blit
 *   tui_layout.c   where panes go for a terminal size; minimum size message
 *   tui_zones.c    free_area by order and migratetype, watermark bars
 *   tui_flow.c     the slow path of the current request as a flow
 *   tui_pagemap.c  physical pages by pfn; zoom, scroll, jump; `map`'s focus
 *   tui_pages.c    a page's state, glyph and colour; what the last action touched
 *   tui_side.c     kswapd/kcompactd, changed vmstat counters, tasks
 *   tui_log.c      narrated events and command output; ftrace lines
 *   tui_lesson.c   the lesson's step on show: narration, prompts, keys
 *   tui_help.c     help bar, help screen, popup for long output
 *   tui_quiz.c     the Quiz pane and its keys while a `quiz` runs
 *   tui_charts.c   the charts (`h`): the history drawn big
 */
#ifndef BUDDYSCOPE_APP_TUI_H
#define BUDDYSCOPE_APP_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buddyscope/mmzone.h"
#include "buddyscope/page_alloc.h"
#include "buddyscope/trace.h"
#include "buddyscope/vmstat.h"
#include "commands.h"
#include "lesson.h"

struct cmd_ctx;
struct lesson;

/* ---- options (main.c) ---- */
enum tui_theme { TUI_THEME_DEFAULT, TUI_THEME_PROJECTOR, TUI_THEME_MONO };

struct tui_options {
	enum tui_theme	theme;
	bool		no_color;	/* --no-color or NO_COLOR: the mono theme */
};
extern struct tui_options tui_opts;

/* "default", "projector", "mono": 0 and *out, or -1. */
int tui_theme_parse(const char *name, enum tui_theme *out);

/**
 * tui_run - the full-screen view with a command line; the lesson open in
 * @ctx (ctx->lesson, if any) plays in the lesson pane. Returns when the user quits. If the terminal
 * cannot be used at all (an unknown TERM and no fallback), it says so on
 * stderr and runs the plain REPL instead. Return: 0.
 */
int tui_run(struct cmd_ctx *ctx);

/* ---- colours, by meaning; tui_crt.c maps them per theme ---- */
#define UI_COLORS(X)							\
	X(UI_DEFAULT)		X(UI_DIM)		X(UI_BOLD)		\
	X(UI_TITLE)		X(UI_TITLE_FOCUS)	X(UI_BORDER)		\
	X(UI_LABEL)		X(UI_VALUE)		X(UI_CHANGED)		\
	X(UI_WMARK_HIGH)	/* zone at or above high: all is well */	\
	X(UI_WMARK_LOW)		/* between low and high: kswapd may run */	\
	X(UI_WMARK_MIN)		/* between min and low: kswapd wakes */	\
	X(UI_WMARK_BELOW)	/* below min: only reserves */			\
	X(UI_BAR_EMPTY)		X(UI_BAR_TICK)		X(UI_BAR_RESERVE)	\
	X(UI_STAGE)		X(UI_STAGE_DONE)	X(UI_STAGE_CURRENT)	\
	X(UI_STAGE_OK)		X(UI_STAGE_FAIL)				\
	X(UI_MT_UNMOVABLE)	X(UI_MT_MOVABLE)	X(UI_MT_RECLAIMABLE)	\
	X(UI_MT_HIGHATOMIC)	X(UI_MT_CMA)		X(UI_MT_ISOLATE)	\
	X(UI_PM_FREE)		X(UI_PM_RESERVED)	X(UI_PM_CURSOR)		\
	X(UI_PM_ZONE)		X(UI_PM_CHANGED)	X(UI_PM_HIGHLIGHT)	\
	X(UI_LOG_CMD)		X(UI_LOG_OUT)		X(UI_LOG_ERR)		\
	X(UI_LOG_WARN)								\
	X(UI_LOG_EVENT)		X(UI_LOG_STAGE)		X(UI_LOG_NOTE)		\
	X(UI_THREAD_RUN)	X(UI_THREAD_SLEEP)				\
	X(UI_KEY)		X(UI_HELPBAR)		X(UI_CMDLINE)		\
	X(UI_POPUP)		X(UI_POPUP_TITLE)				\
	X(UI_LESSON)		X(UI_LESSON_PROMPT)	X(UI_LESSON_RIGHT)	\
	X(UI_LESSON_WRONG)	X(UI_SIZE_MSG)

enum ui_color {
#define X(c) c,
	UI_COLORS(X)
#undef X
	NR_UI_COLORS
};

/* ---- the canvas (tui_canvas.c): no ncurses here ---- */
struct tui_cell {
	uint32_t	ch;		/* a Unicode code point of width 1 */
	uint8_t		color;		/* enum ui_color */
};

struct tui_canvas {
	int		w, h;
	struct tui_cell	*cells;		/* owned; [w * h] */
};

struct tui_rect {
	int		x, y, w, h;
};

int canvas_resize(struct tui_canvas *c, int w, int h);	/* 0 or -1 (no memory) */
void canvas_release(struct tui_canvas *c);
void canvas_clear(struct tui_canvas *c);
void canvas_put(struct tui_canvas *c, int x, int y, uint32_t ch, enum ui_color color);
void canvas_fill(struct tui_canvas *c, struct tui_rect r, uint32_t ch, enum ui_color color);
/* Write UTF-8 @s at (x, y), at most @maxw columns (clipped to the canvas).
 * Return: the columns written. */
int canvas_text(struct tui_canvas *c, int x, int y, int maxw, enum ui_color color, const char *s);
__attribute__((format(printf, 6, 7)))
int canvas_printf(struct tui_canvas *c, int x, int y, int maxw, enum ui_color color,
		  const char *fmt, ...);
/* Text inside @r, row @row, from column @col; clipped to the rect. */
__attribute__((format(printf, 6, 7)))
int rect_printf(struct tui_canvas *c, struct tui_rect r, int row, int col, enum ui_color color,
		const char *fmt, ...);
/* @text wrapped at blanks to the width of @r from column @col, from row
 * @row down (rows below @r are not drawn; @c NULL: drawn nowhere).
 * Return: the rows it takes. */
int rect_wrap(struct tui_canvas *c, struct tui_rect r, int row, int col, enum ui_color color,
	      const char *text);
/* A pane's title line across the top of @r: "─ Zones ─────". */
void canvas_title(struct tui_canvas *c, struct tui_rect r, const char *title, bool focused);
/* Row @y as UTF-8 without trailing blanks (for tests); caller frees. */
char *canvas_row_text(const struct tui_canvas *c, int y);
/* The rect's text, one line per row, trailing blanks cut. */
void canvas_dump(const struct tui_canvas *c, struct tui_rect r, struct strbuf *out);
/* Cells that differ; canvases of different sizes differ everywhere. */
size_t canvas_diff(const struct tui_canvas *a, const struct tui_canvas *b);
void canvas_copy(struct tui_canvas *dst, const struct tui_canvas *src);
/* Break @text into lines of at most @width columns at blanks; calls @fn per
 * line (not NUL-terminated: @len bytes). Return: the number of lines. */
int wrap_text(const char *text, int width, void (*fn)(void *arg, const char *s, size_t len),
	      void *arg);
/* The first line of @text at @width columns, as wrap_text breaks it: its
 * end; *@next is where the following line starts. */
const char *wrap_one(const char *text, int width, const char **next);
/* Columns taken by UTF-8 @s (every code point is one column here). */
int utf8_width(const char *s);
/* "1234", "123k", "12M": at most @w columns; "9+" when even a suffix
 * does not fit (746 in 2 columns). */
void fmt_count(char *buf, size_t len, unsigned long v, int w);

/* ---- glyphs: Unicode with a UTF-8 locale, ASCII otherwise ---- */
enum glyph {
	G_HLINE, G_VLINE, G_FULL, G_SHADE, G_FREE, G_CURRENT, G_DONE, G_ARROW,
	G_BAR_L, G_BAR_R, G_MORE, G_CHECK, G_CROSS,
	NR_GLYPHS
};
extern bool tui_ascii;			/* set by tui_crt.c from the locale */
uint32_t glyph(enum glyph g);
const char *glyph_str(enum glyph g);	/* the same as UTF-8 */

/* ---- page map cell states ---- */
enum pm_state {
	PM_OUTSIDE,	/* not in this zone */
	PM_HOLE,	/* no memory behind the pfn */
	PM_RESERVED,	/* present, not managed (boot) */
	PM_FREE,	/* in a free_area list */
	PM_PCP,		/* on a per-cpu list */
	PM_ALLOC,	/* allocated: kernel, page tables */
	PM_SLAB,	/* slab */
	PM_ANON,	/* on an anon LRU list */
	PM_FILE,	/* on a file LRU list */
	PM_ISOLATED,	/* off the LRU: being migrated or reclaimed */
	NR_PM_STATES
};
uint32_t pm_glyph(enum pm_state s);
const char *pm_state_name(enum pm_state s);
enum ui_color mt_color(int migratetype);

/* ---- the view: what the panes show besides the engine ---- */
enum tui_pane { PANE_ZONES, PANE_FLOW, PANE_PAGEMAP, PANE_SIDE, PANE_TASKS, PANE_LOG,
		PANE_LESSON, PANE_QUIZ, NR_PANES };

/* Log entries: text lines, or events kept whole so `t` can re-render them. */
enum log_kind { LOG_TEXT, LOG_EVENT };
struct log_entry {
	enum log_kind	kind;
	enum ui_color	color;
	char		*text;		/* LOG_TEXT: owned; from strdup() */
	struct trace_event ev;		/* LOG_EVENT: the last of its group */
	unsigned int	count;		/* LOG_EVENT: events grouped in this line */
	unsigned long	first_pfn;	/* LOG_EVENT: the pfn of the first of them */
};
#define TUI_LOG_MAX	2000
#define LOG_GROUP_BACK	8		/* an event joins a group among the last 8 lines */

struct tui_log {
	struct log_entry *v;		/* owned; [TUI_LOG_MAX] ring */
	size_t		head, count;
	int		scroll;		/* lines up from the newest */
	bool		ftrace;		/* `t`: ftrace lines instead of narration */
	uint64_t	cursor;		/* next sim event to read */
	uint64_t	dmesg_seq;	/* kernel log lines read */
	const struct sim *sim;		/* whose events the cursor follows */
};

struct pm_cell {
	uint8_t		state;		/* enum pm_state */
	uint8_t		mt;		/* migratetype, or MIGRATE_TYPES for none */
	uint8_t		order;		/* order of the block the cell starts in, when
					 * the cell is walked exactly; else PM_NO_ORDER */
};
#define PM_NO_ORDER	0xff
#define PM_CHANGES	64		/* pfn ranges of the last action kept */

struct tui_pagemap {
	int		zoom;		/* a cell is 2^zoom pages */
	bool		zoom_set;	/* zoom chosen (else: fit the machine) */
	long		top;		/* first virtual row shown */
	unsigned long	cursor;		/* pfn marked by `g`, or PFN_NONE */
	/* cache of the classified cells, redone when the key changes */
	struct pm_cell	*cache;		/* owned */
	size_t		cache_n;
	uint64_t	cache_gen;
	long		cache_top;
	int		cache_zoom, cache_cols, cache_rows;
	const struct sim *cache_sim;
	unsigned long	cells_classified;	/* statistics for the bench */
	/* what the last action changed */
	struct pm_cell	*prev;		/* owned; the cells before it */
	uint8_t		*changed;	/* owned; [cache_n]: 1 if the cell changed */
	unsigned long	chg[PM_CHANGES][2];	/* pfn ranges its events touched */
	int		nchg;
	uint64_t	ev_cursor;	/* next sim event to read for them */
	const struct sim *ev_sim;
	/* `map` (ctx->map) */
	uint64_t	map_serial;	/* the request last applied */
	bool		focused;	/* the view is the one `map` asked for */
	int		focus_w, focus_h;	/* the pane's size it was fitted to */
	bool		user_view;	/* zoomed or scrolled by hand since */
};

#define TUI_COUNTERS_MAX	64
struct tui_counter {
	int		item;		/* < NR_VM_EVENT_ITEMS: an event; else a zone stat */
	long		delta;		/* at its last change */
	unsigned long	value;
	uint64_t	when;		/* t->gen of the last change */
};

struct tui_side {
	unsigned long	*prev;		/* owned; last values of every counter */
	size_t		nprev;
	const struct sim *sim;
	struct tui_counter changed[TUI_COUNTERS_MAX];	/* newest first */
	int		nchanged;
};

/* The lesson pane draws the step on show (lesson_page of ctx->lesson). */
struct tui_lesson {
	bool		open;		/* ctx->lesson was set at the last render */
	uint64_t	serial;		/* the page last drawn: a new one scrolls to its top */
	int		scroll;		/* lines down from the top of the step */
	int		lines;		/* lines the step took at the last draw */
};

/* A screen row of a popup: part of one of its lines. */
struct tui_popup_row {
	size_t		line;		/* index in lines */
	size_t		off, len;	/* bytes of that line */
	int		indent;		/* columns before them (a wrapped line's rest) */
};

struct tui_popup {
	bool		open;
	char		title[64];
	char		**lines;	/* owned */
	size_t		n;
	long		top;		/* the first row shown */
	struct tui_popup_row *rows;	/* owned: the lines wrapped at width */
	size_t		nrows;
	int		width;
};

enum tui_mode { MODE_KEYS, MODE_CMDLINE, MODE_PROMPT_PFN, MODE_HELP,
		MODE_COMPARE,	/* compare's side-by-side view (tui_compare.c) */
		MODE_ANSWER };	/* the quiz's answer line (tui_quiz.c) */

/* The Quiz pane follows the session in ctx->quiz (tui_quiz_sync). */
struct tui_quiz {
	bool		open;		/* a quiz ran at the last sync */
	unsigned int	number;		/* the question last seen */
	bool		answered;	/* ... and its verdict was seen */
	bool		q_armed;	/* one q: the next q stops the quiz */
	int		scroll, lines;	/* lines down from the top; lines laid out */
	char		input[128];	/* the answer being typed */
};

struct tui {
	/* screen */
	int		cols, rows;
	enum tui_theme	theme;
	bool		color;		/* colours in use (else attributes only) */
	int		cell_w;		/* page map columns per cell: 1, or 2 (projector) */
	enum tui_mode	mode;
	enum tui_pane	focus;
	bool		full;		/* `f`: the focused pane has the whole screen */
	bool		legend;		/* `l`: the legend of glyphs and colours is open */
	bool		after_cmd;	/* the command line just ran a command */
	bool		q_pending;	/* a `q` on an empty command line: dropped unless "qu..." */
	int		zone_sel;	/* zone whose split is shown in compact mode */
	int		flow_scroll, side_scroll, help_scroll;
	/* state */
	uint64_t	gen;		/* bumped whenever the sim may have changed */
	const struct sim *sim_seen;	/* the machine the view was set up for */
	bool		animating;	/* `c`: one stage a frame */
	bool		need_draw;	/* the frame is out of date */
	bool		quit;		/* the loop ends */
	bool		q_armed;	/* in a lesson, one q: the next q quits */
	long long	next_due;	/* when the next animation step runs (ms), or -1 */
	int		speed;		/* 0..TUI_SPEEDS-1; frames a second */
	char		status[160];	/* one-line message beside the help bar */
	enum ui_color	status_color;
	/* command line (readline's buffer, copied by the redisplay hook) */
	char		prompt[32];
	char		line[CMD_LINE_MAX];
	int		point;		/* cursor, in bytes of line */
	char		pfn_input[32];	/* MODE_PROMPT_PFN */
	unsigned long	cmp_pair;	/* MODE_COMPARE: the pair of requests shown */
	unsigned int	cmp_stage;	/* MODE_COMPARE: stages shown on both sides */
	/* panes */
	struct tui_log	log;
	struct tui_pagemap pm;
	bool		charts;		/* `h`: the charts pane where the page map is */
	struct tui_side	side;
	struct tui_lesson lesson;
	struct tui_quiz	quiz;
	struct tui_popup popup;
	/* where things went in the last layout (for keys and the cursor) */
	struct tui_rect	rect[NR_PANES];
	bool		pane_shown[NR_PANES];
	int		cmdline_y, cmdline_x;	/* where the cursor goes */
	bool		too_small;
};

#define TUI_SPEEDS	7
extern const int tui_speed_ms[TUI_SPEEDS];	/* ms between animation steps */
#define TUI_MIN_COLS	80
#define TUI_MIN_ROWS	24

/* tui_main.c helpers shared with tests: set up and tear down the view. */
void tui_init(struct tui *t, int cols, int rows);
void tui_release(struct tui *t);
/* After anything that may have changed the sim: log events, counters. */
void tui_sync(struct tui *t, const struct cmd_ctx *ctx);

/* ---- tui_main.c, for tui_input.c: the running screen's loop ---- */
long long tui_now_ms(void);	/* a monotonic clock, for the animation only */
void tui_schedule(void);	/* the next animation step, at the chosen speed */
__attribute__((format(printf, 2, 3)))
void tui_status(enum ui_color color, const char *fmt, ...);	/* beside the help bar */
void tui_changed(void);		/* after anything that may have changed the sim */
void tui_rebase(void);		/* after a lesson rewound the sim: the view starts over */
/* Command output in the log, or in a popup when it would not be seen whole. */
void tui_log_output(const char *what, const struct strbuf *out, int failed, bool typed);
void tui_run_command(const char *line);	/* as typed on the command line */

/* ---- tui_input.c: a key (or a resize) on the running screen ---- */
void tui_key(struct tui *t, struct cmd_ctx *ctx, int k);
/* One animation step (`c`): a stage, or a jiffy of the kernel threads. */
void tui_animate(struct tui *t, struct cmd_ctx *ctx);

/* ---- tui_crt.c: the only file that talks to ncurses ---- */
enum tui_key {
	TK_NONE = -1,			/* 0..255: bytes as typed */
	TK_UP = 0x110000, TK_DOWN, TK_LEFT, TK_RIGHT, TK_PGUP, TK_PGDN, TK_HOME, TK_END,
	TK_BACKSPACE, TK_DELETE, TK_F1, TK_BTAB, TK_RESIZE, TK_OTHER
};
/* Open the screen with tui_opts' theme. Return: 0, or -1 if no terminal
 * type works (then nothing was changed). */
int crt_open(struct tui *t);
void crt_close(void);			/* endwin: the terminal as it was */
void crt_size(int *cols, int *rows);
/* Send the cells of @c that differ from the last frame; @cx < 0 hides the
 * cursor. Return: the number of cells sent. */
size_t crt_blit(const struct tui_canvas *c, int cx, int cy);
void crt_invalidate(void);		/* the next blit sends every cell */
int crt_getkey(void);			/* a byte, a TK_* key, or TK_NONE */

/* ---- tui_cmdline.c: readline inside the frame ---- */
/* Install readline's callback handler with hooks that draw its line into
 * @t (t->prompt, t->line, t->point) and never touch the terminal; load the
 * shared history. @on_line gets each line (malloc'd; NULL on Ctrl-D). */
void cmdline_open(struct tui *t, struct cmd_ctx *ctx, void (*on_line)(char *line));
void cmdline_close(void);			/* saves the history */
void cmdline_key(int key);			/* a byte or TK_* key */
void cmdline_clear(void);			/* drop the line being typed */

/* ---- tui_keys.c ---- */
void tui_focus_next(struct tui *t, int dir);		/* Tab, Shift-Tab */
void tui_scroll_pane(struct tui *t, int key);		/* arrows, PgUp/PgDn, Home/End */
void tui_popup_key(struct tui *t, int key);		/* while a popup is open */
void tui_pfn_key(struct tui *t, const struct cmd_ctx *ctx, int key);	/* `g` */

/* ---- tui_compare.c: `compare A B` side by side (ctx->compare) ---- */
void tui_compare_enter(struct tui *t, const struct cmd_ctx *ctx);
void tui_compare_key(struct tui *t, const struct cmd_ctx *ctx, int key);
void tui_draw_compare(struct tui_canvas *c, struct tui_rect body, const struct cmd_ctx *ctx,
		      struct tui *t);

/* ---- tui_layout.c ---- */
/* Render the whole screen for t->cols x t->rows into @c (resized to fit). */
void tui_render(struct tui *t, const struct cmd_ctx *ctx, struct tui_canvas *c);
/* Draw pane @p into its rect t->rect[@p] (@zones_full: every zone's split). */
void tui_draw_pane(struct tui_canvas *c, enum tui_pane p, const struct cmd_ctx *ctx,
		   struct tui *t, bool zones_full);

/* ---- panes ---- */
int tui_zones_height(const struct cmd_ctx *ctx, bool full);
void tui_draw_zones(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		    const struct tui *t, bool full);
int tui_flow_height(void);
void tui_draw_flow(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		   const struct tui *t);
void tui_draw_charts(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		     struct tui *t);
void tui_draw_pagemap(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		      struct tui *t);
void tui_draw_side(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		   const struct tui *t);
/* Rows the Tasks pane wants: its title, a header and a row a task. */
int tui_tasks_height(const struct cmd_ctx *ctx);
void tui_draw_tasks(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		    const struct tui *t);
void tui_draw_log(struct tui_canvas *c, struct tui_rect r, const struct tui *t);
/* Break a log entry as the log pane shows it: the first line @width
 * columns, the rest (indented 2 more) @width - 2. Return: its lines. */
int tui_log_wrap(const char *text, int width, void (*fn)(void *arg, const char *s, size_t len),
		 void *arg);
void tui_draw_lesson(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		     struct tui *t);
/* Rows the step on show takes at @width columns, with the title and the keys. */
int tui_lesson_height(const struct cmd_ctx *ctx, int width);
void tui_draw_legend(struct tui_canvas *c, struct tui_rect r, const struct tui *t);
int tui_legend_rows(int cols);	/* rows the legend takes on a screen of @cols */
int tui_help_rows(int cols);	/* lines the help screen has at @cols columns */
void tui_draw_helpbar(struct tui_canvas *c, struct tui_rect r, const struct tui *t);
void tui_draw_help(struct tui_canvas *c, struct tui_rect r, const struct tui *t);
void tui_draw_popup(struct tui_canvas *c, struct tui_rect r, const struct tui *t);

/* The class zone whose lowmem_reserve the zones pane adds: the request's,
 * else the highest populated zone of node 0 (where GFP_KERNEL starts). */
int tui_class_zone(const struct cmd_ctx *ctx);
/* Is there a request to show (in progress, or the last one stepped)? */
bool tui_have_request(const struct cmd_ctx *ctx);

/* ---- page map (tui_pagemap.c) ---- */
/* Zoom that fits the whole machine into @cells cells. */
int pagemap_fit_zoom(const struct sim *sim, long cells);
/* Scroll so that @pfn is in view and mark it. */
void pagemap_jump(struct tui *t, const struct cmd_ctx *ctx, unsigned long pfn);
void pagemap_zoom(struct tui *t, const struct cmd_ctx *ctx, int delta);
void pagemap_scroll(struct tui *t, long rows);
/* Read what the last action's events touched (tui_sync calls it). */
void pagemap_note_events(struct tui_pagemap *pm, const struct sim *sim);
/* Did the last action touch a pfn in [s, e)? */
bool pagemap_touched(const struct tui_pagemap *pm, unsigned long s, unsigned long e);
/* The state of the page at @pfn, and the block walk it takes. */
enum pm_state pagemap_classify(const struct sim *sim, unsigned long pfn, unsigned long *block_end);

/* ---- log (tui_log.c) ---- */
void tui_log_init(struct tui_log *log);
void tui_log_release(struct tui_log *log);
/* Add text (may hold several lines). */
void tui_log_text(struct tui_log *log, enum ui_color color, const char *text);
/* Read the sim's new events into the log. @stages: also the slow path's
 * own narration (bs_alloc_stage), which step output already tells. */
void tui_log_pump(struct tui_log *log, const struct sim *sim, bool stages);
/* One event as a narrated sentence (the log's default view). */
void tui_narrate(const struct trace_event *ev, char *buf, size_t len);

/* ---- counters (tui_side.c) ---- */
void tui_side_sample(struct tui_side *s, const struct sim *sim, uint64_t gen);
void tui_side_release(struct tui_side *s);

/* ---- lesson text (tui_lesson.c) ---- */
/* Lay out narration for @width columns: prose lines are joined into
 * paragraphs and wrapped once; lines that start with a blank or hold two
 * blanks in a row (formulas, tables, /proc output) are kept whole, their
 * column gaps narrowed alike when too wide; what is still too wide wraps
 * with an indent. Calls @fn per display line (@pre: a kept line).
 * Return: the number of lines. */
int lesson_text_layout(const char *text, int width,
		       void (*fn)(void *arg, const char *s, size_t len, bool pre), void *arg);

/* ---- quiz (tui_quiz.c) ---- */
/* Rows the Quiz pane wants at @width columns, with its title and keys;
 * *key: the rows that show what matters most (the question, or the
 * verdict and the worked solution). */
int tui_quiz_height(const struct cmd_ctx *ctx, int width, int *key);
void tui_draw_quiz(struct tui_canvas *c, struct tui_rect r, const struct cmd_ctx *ctx,
		   struct tui *t);
/* After a command or key: a new question opens the answer line. */
void tui_quiz_sync(struct tui *t, const struct cmd_ctx *ctx);
/* Is @line a `quiz` or `answer` command (whose output the pane shows)? */
bool tui_quiz_command(const char *line);
/* The output of such a command: a status line, or the score in a popup. */
void tui_quiz_output(struct tui *t, const struct cmd_ctx *ctx, const struct strbuf *out, int rc);
/* Key @k while a quiz runs: true if taken; @cmd the command to run, or "". */
bool tui_quiz_key(struct tui *t, const struct cmd_ctx *ctx, int k, char *cmd, size_t len);
/* Key @k on the answer line: true with @cmd ("answer TEXT") to run. */
bool tui_quiz_answer_key(struct tui *t, int k, char *cmd, size_t len);

/* ---- popup (tui_help.c) ---- */
void tui_popup_open(struct tui_popup *p, const char *title, const char *text);
void tui_popup_close(struct tui_popup *p);
/* Wrap the popup's lines at @width columns (once per width). */
void tui_popup_fit(struct tui_popup *p, int width);

/* Every key the screen knows, as "WHERE:\tKEY\tWHAT\n" lines (the man page). */
void tui_keys_text(struct strbuf *out);

/* The foreground colour of @c under @theme as 0xRRGGBB (xterm-256 palette),
 * for pictures made outside the terminal (export_svg.c). */
uint32_t tui_color_rgb(enum ui_color c, enum tui_theme theme);

#endif
