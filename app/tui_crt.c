/* app/tui_crt.c - the only file that talks to ncurses (htop's CRT.c): it
 * opens and closes the screen, turns colour meanings into colour pairs and
 * attributes for the theme and the terminal, reads keys, and blits a canvas
 * cell by cell, sending only the cells that changed since the last frame.
 *
 * Colour depth falls back 256 -> 16 -> 8 -> none: with 256 colours the
 * xterm palette entries, with 16 the ANSI ones, with 8 the ANSI ones with
 * bright folded into A_BOLD, and without colour (or with NO_COLOR,
 * --no-color or --theme mono) attributes only: A_BOLD, A_REVERSE and
 * A_UNDERLINE. Everything on screen also carries a glyph or a word, so no
 * meaning is lost without colour.
 */
#include "tui.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curses.h>
#include "record.h"

struct tui_options tui_opts;

/* fg and bg in the 256-colour and 16-colour palettes (-1: the terminal's
 * own), the attributes with colour, and the attributes of the mono theme. */
struct style {
	short	fg256, bg256, fg16, bg16;
	attr_t	attr, mono;
};

#define B A_BOLD
#define R A_REVERSE
#define U A_UNDERLINE
static const struct style styles[NR_UI_COLORS] = {
	[UI_DEFAULT]		= { -1, -1, -1, -1, 0, 0 },
	[UI_DIM]		= { 244, -1, 8, -1, 0, 0 },
	[UI_BOLD]		= { -1, -1, -1, -1, B, B },
	[UI_TITLE]		= { 255, 24, 15, 4, 0, R },
	[UI_TITLE_FOCUS]	= { 16, 214, 0, 11, B, R | B },
	[UI_BORDER]		= { 240, -1, 8, -1, 0, 0 },
	[UI_LABEL]		= { 110, -1, 6, -1, 0, 0 },
	[UI_VALUE]		= { -1, -1, -1, -1, 0, 0 },
	[UI_CHANGED]		= { 226, -1, 11, -1, B, B },
	[UI_WMARK_HIGH]		= { 40, -1, 10, -1, B, 0 },
	[UI_WMARK_LOW]		= { 45, -1, 14, -1, B, U },
	[UI_WMARK_MIN]		= { 214, -1, 11, -1, B, B },
	[UI_WMARK_BELOW]	= { 196, -1, 9, -1, B, R | B },
	[UI_BAR_EMPTY]		= { 238, -1, 8, -1, 0, 0 },
	[UI_BAR_TICK]		= { 16, 252, 0, 7, B, R },
	[UI_BAR_RESERVE]	= { 201, -1, 13, -1, B, U },
	[UI_STAGE]		= { 246, -1, 8, -1, 0, 0 },
	[UI_STAGE_DONE]		= { 114, -1, 2, -1, 0, 0 },
	[UI_STAGE_CURRENT]	= { 16, 220, 0, 11, B, R | B },
	[UI_STAGE_OK]		= { 46, -1, 10, -1, B, B },
	[UI_STAGE_FAIL]		= { 196, -1, 9, -1, B, B | U },
	[UI_MT_UNMOVABLE]	= { 203, -1, 9, -1, 0, B },
	[UI_MT_MOVABLE]		= { 71, -1, 2, -1, 0, 0 },
	[UI_MT_RECLAIMABLE]	= { 179, -1, 3, -1, 0, U },
	[UI_MT_HIGHATOMIC]	= { 170, -1, 13, -1, 0, B | U },
	[UI_MT_CMA]		= { 38, -1, 6, -1, 0, U },
	[UI_MT_ISOLATE]		= { 250, -1, 7, -1, 0, R },
	[UI_PM_FREE]		= { 71, -1, 2, -1, 0, 0 },
	[UI_PM_RESERVED]	= { 240, -1, 8, -1, 0, 0 },
	[UI_PM_CURSOR]		= { 16, 231, 0, 15, B, R | B },
	[UI_PM_ZONE]		= { 110, -1, 6, -1, 0, B },
	[UI_PM_CHANGED]		= { 16, 226, 0, 11, B, R },
	[UI_PM_HIGHLIGHT]	= { 16, 45, 0, 14, B, R | U },
	[UI_LOG_CMD]		= { 231, -1, 15, -1, B, B },
	[UI_LOG_OUT]		= { -1, -1, -1, -1, 0, 0 },
	[UI_LOG_ERR]		= { 203, -1, 9, -1, B, B | U },
	[UI_LOG_WARN]		= { 220, -1, 11, -1, B, B },
	[UI_LOG_EVENT]		= { 250, -1, 7, -1, 0, 0 },
	[UI_LOG_STAGE]		= { 180, -1, 3, -1, 0, 0 },
	[UI_LOG_NOTE]		= { 244, -1, 8, -1, 0, 0 },
	[UI_THREAD_RUN]		= { 46, -1, 10, -1, B, B },
	[UI_THREAD_SLEEP]	= { 244, -1, 8, -1, 0, 0 },
	[UI_KEY]		= { 16, 110, 0, 6, 0, R },
	[UI_HELPBAR]		= { 250, 235, 0, 7, 0, 0 },
	[UI_CMDLINE]		= { -1, -1, -1, -1, 0, 0 },
	[UI_POPUP]		= { 252, 235, 15, 4, 0, 0 },
	[UI_POPUP_TITLE]	= { 16, 214, 0, 11, B, R },
	[UI_LESSON]		= { 230, -1, 15, -1, 0, 0 },
	[UI_LESSON_PROMPT]	= { 220, -1, 11, -1, B, B },
	[UI_LESSON_RIGHT]	= { 46, -1, 10, -1, B, B },
	[UI_LESSON_WRONG]	= { 203, -1, 9, -1, B, U },
	[UI_SIZE_MSG]		= { 220, -1, 11, -1, B, B },
};
#undef B
#undef R
#undef U

static attr_t attrs[NR_UI_COLORS];	/* what a meaning becomes on this terminal */
static short pairs[NR_UI_COLORS];
static struct tui_canvas shown;		/* the last frame sent */
static SCREEN *screen;
static bool open_;
static enum tui_theme rec_theme;	/* for --record frames */

int tui_theme_parse(const char *name, enum tui_theme *out)
{
	static const char *const names[] = { "default", "projector", "mono" };

	for (int i = 0; i < 3; i++)
		if (!strcmp(name, names[i])) {
			*out = (enum tui_theme)i;
			return 0;
		}
	return -1;
}

/* A 16-colour index on a terminal of @ncolors: 8 colours fold bright into bold. */
static short fold16(short c, int ncolors, attr_t *attr, bool fg)
{
	if (c < 8 || ncolors >= 16)
		return c;
	if (fg)
		*attr |= c == 8 ? 0 : A_BOLD;
	return c == 8 ? (fg ? -1 : COLOR_BLACK) : (short)(c - 8);
}

/* The projector theme: everything on black, bright and bold, readable from
 * the back of a room. */
static void projector(struct style *s)
{
	static const short bright256[] = { 16, 203, 46, 226, 75, 201, 51, 231 };

	if (s->bg256 < 0) {
		s->bg256 = 16;
		s->bg16 = 0;
	}
	if (s->fg16 >= 0 && s->fg16 < 8 && s->bg16 != s->fg16 + 8 && s->bg16 != 7) {
		s->fg256 = bright256[s->fg16];
		s->fg16 = (short)(s->fg16 + 8);
	} else if (s->fg16 == 8) {
		s->fg256 = 250;
		s->fg16 = 7;
	} else if (s->fg16 < 0) {
		s->fg256 = 231;
		s->fg16 = 15;
	}
	s->attr |= A_BOLD;
}

static void setup_colors(struct tui *t)
{
	int ncolors = 0;
	bool defaults;

	t->color = false;
	if (t->theme != TUI_THEME_MONO && has_colors() && start_color() != ERR &&
	    COLORS >= 8 && COLOR_PAIRS > NR_UI_COLORS) {
		t->color = true;
		ncolors = COLORS;
	}
	defaults = t->color && use_default_colors() != ERR;
	for (int i = 0; i < NR_UI_COLORS; i++) {
		struct style s = styles[i];
		short fg, bg;

		if (!t->color) {
			attrs[i] = s.mono;
			pairs[i] = 0;
			continue;
		}
		if (t->theme == TUI_THEME_PROJECTOR)
			projector(&s);
		attrs[i] = s.attr;
		if (ncolors >= 256) {
			fg = s.fg256;
			bg = s.bg256;
		} else {
			fg = fold16(s.fg16, ncolors, &attrs[i], true);
			bg = fold16(s.bg16, ncolors, &attrs[i], false);
		}
		if (!defaults) {
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		pairs[i] = (short)(i + 1);
		init_pair(pairs[i], fg, bg);
	}
}

static void on_exit_restore(void)
{
	crt_close();
}

int crt_open(struct tui *t)
{
	static const char *const fallbacks[] = { "xterm", "vt100", "ansi" };
	const char *term = getenv("TERM"), *nc = getenv("NO_COLOR");
	char *cup;

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");	/* output stays the same in every locale */
	tui_ascii = strcasecmp(nl_langinfo(CODESET), "UTF-8") != 0;
	screen = term && *term ? newterm(term, stdout, stdin) : NULL;
	for (size_t i = 0; !screen && i < sizeof(fallbacks) / sizeof(fallbacks[0]); i++)
		screen = newterm(fallbacks[i], stdout, stdin);
	if (!screen)
		return -1;
	set_term(screen);
	/* a terminal that cannot move its cursor (TERM=dumb, emacs' shell)
	 * would get the whole screen on one line */
	cup = tigetstr("cup");
	if (!cup || cup == (char *)-1 || !*cup) {
		endwin();
		delscreen(screen);
		screen = NULL;
		return -2;
	}
	open_ = true;
	atexit(on_exit_restore);
	cbreak();		/* Ctrl-C stays a signal: it interrupts long commands */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	t->theme = tui_opts.theme;
	if (tui_opts.no_color || (nc && *nc))
		t->theme = TUI_THEME_MONO;
	t->cell_w = t->theme == TUI_THEME_PROJECTOR ? 2 : 1;
	rec_theme = t->theme;
	setup_colors(t);
	crt_invalidate();
	return 0;
}

void crt_close(void)
{
	if (!open_)
		return;
	open_ = false;
	curs_set(1);
	endwin();
	delscreen(screen);
	screen = NULL;
	canvas_release(&shown);
	fflush(stdout);
}

void crt_size(int *cols, int *rows)
{
	*cols = COLS;
	*rows = LINES;
}

void crt_invalidate(void)
{
	canvas_release(&shown);
	if (open_)
		clearok(curscr, TRUE);
}

size_t crt_blit(const struct tui_canvas *c, int cx, int cy)
{
	bool all = shown.w != c->w || shown.h != c->h;
	size_t sent = 0;

	if (!open_)
		return 0;
	if (all && canvas_resize(&shown, c->w, c->h))
		return 0;
	for (int y = 0; y < c->h; y++) {
		for (int x = 0; x < c->w; x++) {
			size_t i = (size_t)y * (size_t)c->w + (size_t)x;
			const struct tui_cell *cell = &c->cells[i];
			wchar_t wc[2] = { (wchar_t)cell->ch, 0 };
			cchar_t cc;

			if (!all && shown.cells[i].ch == cell->ch && shown.cells[i].color == cell->color)
				continue;
			shown.cells[i] = *cell;
			if (setcchar(&cc, wc, attrs[cell->color], pairs[cell->color], NULL) == ERR)
				continue;
			mvadd_wch(y, x, &cc);
			sent++;
		}
	}
	if (cx >= 0 && cy >= 0 && cx < c->w && cy < c->h) {
		move(cy, cx);
		curs_set(1);
	} else {
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
	if (sent && record_active())
		record_frame(c);
	return sent;
}

int crt_getkey(void)
{
	int ch = getch();

	switch (ch) {
	case ERR:
		return TK_NONE;
	case KEY_UP:
		return TK_UP;
	case KEY_DOWN:
		return TK_DOWN;
	case KEY_LEFT:
		return TK_LEFT;
	case KEY_RIGHT:
		return TK_RIGHT;
	case KEY_PPAGE:
		return TK_PGUP;
	case KEY_NPAGE:
		return TK_PGDN;
	case KEY_HOME:
		return TK_HOME;
	case KEY_END:
		return TK_END;
	case KEY_BACKSPACE:
		return TK_BACKSPACE;
	case KEY_DC:
		return TK_DELETE;
	case KEY_F(1):
		return TK_F1;
	case KEY_BTAB:
		return TK_BTAB;
	case KEY_RESIZE:
		return TK_RESIZE;
	case KEY_ENTER:
		return '\r';
	default:
		return ch >= 0 && ch < 256 ? ch : TK_OTHER;
	}
}

/* ---- the theme's colours as RGB, for pictures (app/export_svg.c) ---- */

/* xterm's 256-colour palette: 16 system colours, a 6x6x6 cube, 24 greys. */
static uint32_t xterm_rgb(int c)
{
	static const uint32_t sys[16] = {
		0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
		0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
	};
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };

	if (c < 0)
		return 0x000000;
	if (c < 16)
		return sys[c];
	if (c < 232) {
		c -= 16;
		return (uint32_t)(level[c / 36] << 16 | level[c / 6 % 6] << 8 | level[c % 6]);
	}
	c = 8 + (c - 232) * 10;
	return (uint32_t)(c << 16 | c << 8 | c);
}

uint32_t tui_color_rgb(enum ui_color c, enum tui_theme theme)
{
	struct style s = styles[c];
	uint32_t rgb;
	int grey;

	if (theme == TUI_THEME_MONO) {
		grey = 0x30 + (int)((unsigned int)c * 37 % 0xa0);
		return (uint32_t)(grey << 16 | grey << 8 | grey);
	}

	if (theme == TUI_THEME_PROJECTOR)
		projector(&s);
	rgb = xterm_rgb(s.fg256);
	if (theme != TUI_THEME_MONO)
		return rgb;
	/* mono: a grey per meaning, spread from dark to light so that
	 * neighbours in a legend differ on paper (the colour's own lightness
	 * would make most of them the same mid grey) */
	grey = 0x30 + (int)(c * 37 % 0xa0);
	return (uint32_t)(grey << 16 | grey << 8 | grey);
}

/* ---- --record: a frame as the terminal codes that paint it whole ---- */


static void put_utf8(struct strbuf *b, uint32_t c)
{
	if (c < 0x80) {
		sb_putc(b, (char)c);
	} else if (c < 0x800) {
		sb_putc(b, (char)(0xc0 | c >> 6));
		sb_putc(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		sb_putc(b, (char)(0xe0 | c >> 12));
		sb_putc(b, (char)(0x80 | (c >> 6 & 0x3f)));
		sb_putc(b, (char)(0x80 | (c & 0x3f)));
	} else {
		sb_putc(b, (char)(0xf0 | c >> 18));
		sb_putc(b, (char)(0x80 | (c >> 12 & 0x3f)));
		sb_putc(b, (char)(0x80 | (c >> 6 & 0x3f)));
		sb_putc(b, (char)(0x80 | (c & 0x3f)));
	}
}

void record_frame(const struct tui_canvas *c)
{
	struct strbuf b = STRBUF_INIT;
	int last = -1;

	sb_puts(&b, "\x1b[?25l\x1b[H");
	for (int y = 0; y < c->h; y++) {
		sb_printf(&b, "\x1b[%d;1H", y + 1);
		for (int x = 0; x < c->w; x++) {
			const struct tui_cell *cell = &c->cells[(size_t)y * (size_t)c->w + (size_t)x];

			if (cell->color != last && rec_theme != TUI_THEME_MONO) {
				struct style s = styles[cell->color];

				if (rec_theme == TUI_THEME_PROJECTOR)
					projector(&s);
				sb_puts(&b, "\x1b[0");
				if (s.attr & A_BOLD)
					sb_puts(&b, ";1");
				if (s.fg256 >= 0)
					sb_printf(&b, ";38;5;%d", s.fg256);
				if (s.bg256 >= 0)
					sb_printf(&b, ";48;5;%d", s.bg256);
				sb_putc(&b, 'm');
				last = cell->color;
			}
			put_utf8(&b, cell->ch ? cell->ch : ' ');
		}
	}
	sb_puts(&b, "\x1b[0m");
	record_output(sb_str(&b), b.len, false);
	sb_release(&b);
}
