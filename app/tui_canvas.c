/* app/tui_canvas.c - a grid of cells the panes draw into (tmux's grid.c in
 * miniature). A cell is one code point of width one and a colour meaning;
 * tui_crt.c turns meanings into colours and sends only the cells that
 * changed. Nothing here knows ncurses, so tests render panes off-screen.
 */
#include "tui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool tui_ascii;

/* Unicode, ASCII; the ASCII set keeps a C locale readable. */
static const struct {
	uint32_t	uni;
	char		ascii;
	const char	*utf8;
} glyphs[NR_GLYPHS] = {
	[G_HLINE]	= { 0x2500, '-', "\xe2\x94\x80" },	/* ─ */
	[G_VLINE]	= { 0x2502, '|', "\xe2\x94\x82" },	/* │ */
	[G_FULL]	= { 0x2588, '#', "\xe2\x96\x88" },	/* █ */
	[G_SHADE]	= { 0x2591, '.', "\xe2\x96\x91" },	/* ░ */
	[G_FREE]	= { 0x00b7, '.', "\xc2\xb7" },		/* · */
	[G_CURRENT]	= { 0x25b6, '>', "\xe2\x96\xb6" },	/* ▶ */
	[G_DONE]	= { 0x2713, '*', "\xe2\x9c\x93" },	/* ✓ */
	[G_ARROW]	= { 0x2192, '>', "\xe2\x86\x92" },	/* → */
	[G_BAR_L]	= { 0x2595, '[', "\xe2\x96\x95" },	/* ▕ */
	[G_BAR_R]	= { 0x258f, ']', "\xe2\x96\x8f" },	/* ▏ */
	[G_MORE]	= { 0x00bb, '>', "\xc2\xbb" },		/* » */
	[G_CHECK]	= { 0x2713, '+', "\xe2\x9c\x93" },	/* ✓ */
	[G_CROSS]	= { 0x2717, 'x', "\xe2\x9c\x97" },	/* ✗ */
};

uint32_t glyph(enum glyph g)
{
	return tui_ascii ? (uint32_t)glyphs[g].ascii : glyphs[g].uni;
}

const char *glyph_str(enum glyph g)
{
	static char ascii[NR_GLYPHS][2];

	if (!tui_ascii)
		return glyphs[g].utf8;
	ascii[g][0] = glyphs[g].ascii;
	return ascii[g];
}

int canvas_resize(struct tui_canvas *c, int w, int h)
{
	struct tui_cell *cells;

	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	if (c->cells && c->w == w && c->h == h)
		return 0;
	cells = calloc((size_t)w * (size_t)h + 1, sizeof(*cells));
	if (!cells)
		return -1;
	free(c->cells);
	c->cells = cells;
	c->w = w;
	c->h = h;
	canvas_clear(c);
	return 0;
}

void canvas_release(struct tui_canvas *c)
{
	free(c->cells);
	c->cells = NULL;
	c->w = c->h = 0;
}

void canvas_clear(struct tui_canvas *c)
{
	for (size_t i = 0; i < (size_t)c->w * (size_t)c->h; i++) {
		c->cells[i].ch = ' ';
		c->cells[i].color = UI_DEFAULT;
	}
}

/*
 * Does @ch take exactly one column on a terminal? A cell holds one column:
 * a control character (C0, DEL, C1: a terminal may act on them), a wide
 * one (CJK, Hangul, fullwidth forms, emoji: two columns) or one of no width
 * (combining marks, zero-width spaces, variation selectors) would move
 * everything after it on the row, pane borders included. Those become '?'
 * (user input such as `show gfp` and an emoji is echoed to the log).
 */
static bool one_column(uint32_t ch)
{
	static const uint32_t bad[][2] = {
		{ 0x0000, 0x001f }, { 0x007f, 0x009f }, { 0x0300, 0x036f }, { 0x0483, 0x0489 },
		{ 0x0591, 0x05bd }, { 0x0610, 0x061a }, { 0x064b, 0x065f }, { 0x1100, 0x115f },
		{ 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x2028, 0x202e },
		{ 0x2060, 0x206f }, { 0x20d0, 0x20ff }, { 0x231a, 0x231b }, { 0x2329, 0x232a },
		{ 0x23e9, 0x23ec }, { 0x23f0, 0x23f0 }, { 0x23f3, 0x23f3 }, { 0x25fd, 0x25fe },
		{ 0x2614, 0x2615 }, { 0x2648, 0x2653 }, { 0x267f, 0x267f }, { 0x2693, 0x2693 },
		{ 0x26a1, 0x26a1 }, { 0x26aa, 0x26ab }, { 0x26bd, 0x26be }, { 0x26c4, 0x26c5 },
		{ 0x26ce, 0x26ce }, { 0x26d4, 0x26d4 }, { 0x26ea, 0x26ea }, { 0x26f2, 0x26f3 },
		{ 0x26f5, 0x26f5 }, { 0x26fa, 0x26fa }, { 0x26fd, 0x26fd }, { 0x2705, 0x2705 },
		{ 0x270a, 0x270b }, { 0x2728, 0x2728 }, { 0x274c, 0x274c }, { 0x274e, 0x274e },
		{ 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 }, { 0x27b0, 0x27b0 },
		{ 0x27bf, 0x27bf }, { 0x2b1b, 0x2b1c }, { 0x2b50, 0x2b50 }, { 0x2b55, 0x2b55 },
		{ 0x2e80, 0x303e }, { 0x3041, 0x33ff }, { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff },
		{ 0xa000, 0xa4cf }, { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 }, { 0xd800, 0xdfff },
		{ 0xf900, 0xfaff }, { 0xfe00, 0xfe0f }, { 0xfe10, 0xfe19 }, { 0xfe20, 0xfe2f },
		{ 0xfe30, 0xfe6f }, { 0xfeff, 0xfeff }, { 0xff00, 0xff60 }, { 0xffe0, 0xffe6 },
		{ 0x16fe0, 0x18cff }, { 0x1b000, 0x1b2ff }, { 0x1f000, 0x1faff },
		{ 0x20000, 0x3fffd }, { 0xe0000, 0xe0fff }, { 0x110000, 0xffffffff },
	};
	size_t lo = 0, hi = sizeof(bad) / sizeof(bad[0]);

	while (lo < hi) {	/* the ranges are sorted: a binary search */
		size_t mid = (lo + hi) / 2;

		if (ch < bad[mid][0])
			hi = mid;
		else if (ch > bad[mid][1])
			lo = mid + 1;
		else
			return false;
	}
	return true;
}

void canvas_put(struct tui_canvas *c, int x, int y, uint32_t ch, enum ui_color color)
{
	struct tui_cell *cell;

	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return;
	cell = &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
	cell->ch = one_column(ch) ? ch : '?';
	cell->color = (uint8_t)color;
}

void canvas_fill(struct tui_canvas *c, struct tui_rect r, uint32_t ch, enum ui_color color)
{
	for (int y = r.y; y < r.y + r.h; y++)
		for (int x = r.x; x < r.x + r.w; x++)
			canvas_put(c, x, y, ch, color);
}

/* Decode one UTF-8 sequence; a bad byte stands for itself as U+FFFD. */
static uint32_t utf8_next(const char **sp)
{
	const unsigned char *s = (const unsigned char *)*sp;
	uint32_t cp;
	int n;

	if (s[0] < 0x80) {
		*sp += 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		cp = s[0] & 0x1f;
		n = 1;
	} else if ((s[0] & 0xf0) == 0xe0) {
		cp = s[0] & 0x0f;
		n = 2;
	} else if ((s[0] & 0xf8) == 0xf0) {
		cp = s[0] & 0x07;
		n = 3;
	} else {
		*sp += 1;
		return 0xfffd;
	}
	for (int i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*sp += i;
			return 0xfffd;
		}
		cp = cp << 6 | (s[i] & 0x3f);
	}
	*sp += n + 1;
	return cp;
}

int utf8_width(const char *s)
{
	int w = 0;

	while (*s) {
		utf8_next(&s);
		w++;
	}
	return w;
}

int canvas_text(struct tui_canvas *c, int x, int y, int maxw, enum ui_color color, const char *s)
{
	int n = 0;

	if (maxw > c->w - x)	/* clip at the right edge */
		maxw = c->w - x;
	while (*s && n < maxw) {
		uint32_t ch = utf8_next(&s);

		if (ch == '\t')
			ch = ' ';
		if (tui_ascii && ch > 0x7e)
			ch = '?';
		canvas_put(c, x + n, y, ch, color);
		n++;
	}
	return n;
}

int canvas_printf(struct tui_canvas *c, int x, int y, int maxw, enum ui_color color,
		  const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return canvas_text(c, x, y, maxw, color, buf);
}

int rect_printf(struct tui_canvas *c, struct tui_rect r, int row, int col, enum ui_color color,
		const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (row < 0 || row >= r.h || col >= r.w || col < 0)
		return 0;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return canvas_text(c, r.x + col, r.y + row, r.w - col, color, buf);
}

void canvas_title(struct tui_canvas *c, struct tui_rect r, const char *title, bool focused)
{
	enum ui_color color = focused ? UI_TITLE_FOCUS : UI_TITLE;
	int n;

	if (r.h <= 0 || r.w <= 0)
		return;
	for (int x = 0; x < r.w; x++)
		canvas_put(c, r.x + x, r.y, glyph(G_HLINE), color);
	n = canvas_text(c, r.x + 1, r.y, r.w - 2, color, " ");
	n += canvas_text(c, r.x + 1 + n, r.y, r.w - 2 - n, color, title);
	canvas_text(c, r.x + 1 + n, r.y, r.w - 2 - n, color, " ");
}

char *canvas_row_text(const struct tui_canvas *c, int y)
{
	struct strbuf sb = STRBUF_INIT;
	int end = c->w;

	if (y < 0 || y >= c->h)
		return sb_detach(&sb);
	while (end > 0 && c->cells[(size_t)y * (size_t)c->w + (size_t)end - 1].ch == ' ')
		end--;
	for (int x = 0; x < end; x++) {
		uint32_t ch = c->cells[(size_t)y * (size_t)c->w + (size_t)x].ch;
		char u[4];

		if (ch < 0x80) {
			sb_putc(&sb, (char)ch);
		} else if (ch < 0x800) {
			u[0] = (char)(0xc0 | ch >> 6);
			u[1] = (char)(0x80 | (ch & 0x3f));
			sb_add(&sb, u, 2);
		} else if (ch < 0x10000) {
			u[0] = (char)(0xe0 | ch >> 12);
			u[1] = (char)(0x80 | ((ch >> 6) & 0x3f));
			u[2] = (char)(0x80 | (ch & 0x3f));
			sb_add(&sb, u, 3);
		} else {
			u[0] = (char)(0xf0 | ch >> 18);
			u[1] = (char)(0x80 | ((ch >> 12) & 0x3f));
			u[2] = (char)(0x80 | ((ch >> 6) & 0x3f));
			u[3] = (char)(0x80 | (ch & 0x3f));
			sb_add(&sb, u, 4);
		}
	}
	return sb_detach(&sb);
}

void canvas_dump(const struct tui_canvas *c, struct tui_rect r, struct strbuf *out)
{
	struct tui_canvas sub = { r.w, 1, NULL };

	sub.cells = calloc((size_t)(r.w > 0 ? r.w : 1), sizeof(*sub.cells));
	if (!sub.cells)
		return;
	for (int y = r.y; y < r.y + r.h && y < c->h; y++) {
		char *row;

		for (int x = 0; x < r.w; x++) {
			int cx = r.x + x;

			sub.cells[x].ch = (cx >= 0 && cx < c->w && y >= 0)
				? c->cells[(size_t)y * (size_t)c->w + (size_t)cx].ch : ' ';
		}
		row = canvas_row_text(&sub, 0);
		sb_puts(out, row);
		sb_putc(out, '\n');
		free(row);
	}
	free(sub.cells);
}

size_t canvas_diff(const struct tui_canvas *a, const struct tui_canvas *b)
{
	size_t n = (size_t)a->w * (size_t)a->h, d = 0;

	if (a->w != b->w || a->h != b->h)
		return n > (size_t)b->w * (size_t)b->h ? n : (size_t)b->w * (size_t)b->h;
	for (size_t i = 0; i < n; i++)
		if (a->cells[i].ch != b->cells[i].ch || a->cells[i].color != b->cells[i].color)
			d++;
	return d;
}

void canvas_copy(struct tui_canvas *dst, const struct tui_canvas *src)
{
	if (canvas_resize(dst, src->w, src->h))
		return;
	memcpy(dst->cells, src->cells, (size_t)src->w * (size_t)src->h * sizeof(*src->cells));
}

const char *wrap_one(const char *text, int width, const char **next)
{
	const char *p = text, *space = NULL;
	int cols = 0;

	if (width < 1)
		width = 1;
	while (*p && *p != '\n' && cols < width) {
		if (*p == ' ')
			space = p;
		utf8_next(&p);
		cols++;
	}
	if (!*p || *p == '\n') {		/* the rest fits */
		*next = *p ? p + 1 : p;
		return p;
	}
	if (*p == ' ') {			/* breaks right at the width */
		*next = p + 1;
		return p;
	}
	if (space && space > text) {		/* at the last blank */
		*next = space + 1;
		return space;
	}
	*next = p;				/* one long word: cut it */
	return p;
}

int wrap_text(const char *text, int width, void (*fn)(void *arg, const char *s, size_t len),
	      void *arg)
{
	int lines = 0;

	while (*text) {
		const char *next, *end = wrap_one(text, width, &next);

		if (fn)
			fn(arg, text, (size_t)(end - text));
		lines++;
		text = next;
	}
	return lines;
}

struct rect_wrap {
	struct tui_canvas *c;	/* NULL: count the rows only */
	struct tui_rect	r;
	int		row, col;
	enum ui_color	color;
};

static void rect_wrap_line(void *arg, const char *s, size_t len)
{
	struct rect_wrap *w = arg;

	if (w->c && w->row >= 0 && w->row < w->r.h)
		rect_printf(w->c, w->r, w->row, w->col, w->color, "%.*s", (int)len, s);
	w->row++;
}

int rect_wrap(struct tui_canvas *c, struct tui_rect r, int row, int col, enum ui_color color,
	      const char *text)
{
	struct rect_wrap w = { c, r, row, col, color };
	int width = r.w - col;

	return wrap_text(text, width > 1 ? width : 1, rect_wrap_line, &w);
}

void fmt_count(char *buf, size_t len, unsigned long v, int w)
{
	static const char suffix[] = "kMGT";
	unsigned long d = 1;

	snprintf(buf, len, "%lu", v);
	for (int i = 0; (int)strlen(buf) > w && i < 4; i++) {
		d *= 1000;
		snprintf(buf, len, "%lu%c", v / d, suffix[i]);
	}
	/* too wide even so, or "0k" for 746: the largest number that fits,
	 * and a '+' ("9+": more than 9), never a smaller number than @v */
	if ((int)strlen(buf) > w || (d > 1 && v / d == 0)) {
		size_t n = w > 1 ? (size_t)w - 1 : 0;

		if (n + 2 > len)
			n = len > 2 ? len - 2 : 0;
		memset(buf, '9', n);
		buf[n] = '+';
		buf[n + 1] = '\0';
	}
}
