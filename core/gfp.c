/* core/gfp.c - GFP flag names, parsing and printing; zone and migratetype
 * selection from a gfp mask.
 * Models include/linux/gfp.h, include/trace/events/gfpflags.h (v4.5),
 * include/trace/events/mmflags.h (v4.6) and mm/internal.h (v4.5).
 */
#include "buddyscope/gfp.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "strutil.h"

/* ---- the name table ---- */

#define GN_PGG	0x1	/* printed by the v4.6 __def_gfpflag_names table (%pGg) */
#define GN_T45	0x2	/* printed by the v4.5 show_gfp_flags() table, without "__" */

struct gfp_name {
	gfp_t		mask;		/* one bit, or a composite */
	const char	*name;		/* the kernel's spelling: GFP_KERNEL, __GFP_IO */
	unsigned char	print;		/* GN_*: which printers use the row; 0 = parse only */
};

/*
 * One table for parsing, printing and completion. Printing walks it in
 * order and takes a row when all of its bits are still set, so the rows with
 * the most bits come first (GFP_KERNEL before GFP_USER would print
 * GFP_KERNEL|__GFP_HARDWALL for GFP_USER).
 *
 * Row order is the v4.6 mmflags.h __def_gfpflag_names order. The v4.5
 * gfpflags.h show_gfp_flags() table is a subsequence of it (the GN_T45 rows,
 * same relative order). v4.5 lacks GFP_KERNEL_ACCOUNT, GFP_NOWAIT, GFP_DMA,
 * GFP_DMA32 and the __GFP_HIGHMEM, _FS, _ACCOUNT, _WRITE and _RECLAIM rows, so
 * a v4.5 trace shows those bits as a hex remainder (__GFP_FS alone: "0x80").
 * It also spells every bit without the leading "__", which makes the
 * __GFP_ATOMIC bit print as "GFP_ATOMIC", like the composite.
 *
 * __GFP_DMA and __GFP_DMA32 are in neither printed table (their composites,
 * equal in value, print instead); they are here so that they parse.
 */
static const struct gfp_name gfp_names[] = {
	{ GFP_TRANSHUGE,	"GFP_TRANSHUGE",	GN_PGG | GN_T45 },
	{ GFP_HIGHUSER_MOVABLE,	"GFP_HIGHUSER_MOVABLE",	GN_PGG | GN_T45 },
	{ GFP_HIGHUSER,		"GFP_HIGHUSER",		GN_PGG | GN_T45 },
	{ GFP_USER,		"GFP_USER",		GN_PGG | GN_T45 },
	{ GFP_TEMPORARY,	"GFP_TEMPORARY",	GN_PGG | GN_T45 },
	{ GFP_KERNEL_ACCOUNT,	"GFP_KERNEL_ACCOUNT",	GN_PGG },
	{ GFP_KERNEL,		"GFP_KERNEL",		GN_PGG | GN_T45 },
	{ GFP_NOFS,		"GFP_NOFS",		GN_PGG | GN_T45 },
	{ GFP_ATOMIC,		"GFP_ATOMIC",		GN_PGG | GN_T45 },
	{ GFP_NOIO,		"GFP_NOIO",		GN_PGG | GN_T45 },
	{ GFP_NOWAIT,		"GFP_NOWAIT",		GN_PGG },
	{ GFP_DMA,		"GFP_DMA",		GN_PGG },
	{ GFP_F_DMA,		"__GFP_DMA",		0 },
	{ GFP_F_HIGHMEM,	"__GFP_HIGHMEM",	GN_PGG },
	{ GFP_DMA32,		"GFP_DMA32",		GN_PGG },
	{ GFP_F_DMA32,		"__GFP_DMA32",		0 },
	{ GFP_F_HIGH,		"__GFP_HIGH",		GN_PGG | GN_T45 },
	{ GFP_F_ATOMIC,		"__GFP_ATOMIC",		GN_PGG | GN_T45 },
	{ GFP_F_IO,		"__GFP_IO",		GN_PGG | GN_T45 },
	{ GFP_F_FS,		"__GFP_FS",		GN_PGG },
	{ GFP_F_COLD,		"__GFP_COLD",		GN_PGG | GN_T45 },
	{ GFP_F_NOWARN,		"__GFP_NOWARN",		GN_PGG | GN_T45 },
	{ GFP_F_REPEAT,		"__GFP_REPEAT",		GN_PGG | GN_T45 },
	{ GFP_F_NOFAIL,		"__GFP_NOFAIL",		GN_PGG | GN_T45 },
	{ GFP_F_NORETRY,	"__GFP_NORETRY",	GN_PGG | GN_T45 },
	{ GFP_F_COMP,		"__GFP_COMP",		GN_PGG | GN_T45 },
	{ GFP_F_ZERO,		"__GFP_ZERO",		GN_PGG | GN_T45 },
	{ GFP_F_NOMEMALLOC,	"__GFP_NOMEMALLOC",	GN_PGG | GN_T45 },
	{ GFP_F_MEMALLOC,	"__GFP_MEMALLOC",	GN_PGG | GN_T45 },
	{ GFP_F_HARDWALL,	"__GFP_HARDWALL",	GN_PGG | GN_T45 },
	{ GFP_F_THISNODE,	"__GFP_THISNODE",	GN_PGG | GN_T45 },
	{ GFP_F_RECLAIMABLE,	"__GFP_RECLAIMABLE",	GN_PGG | GN_T45 },
	{ GFP_F_MOVABLE,	"__GFP_MOVABLE",	GN_PGG | GN_T45 },
	{ GFP_F_ACCOUNT,	"__GFP_ACCOUNT",	GN_PGG },
	{ GFP_F_NOTRACK,	"__GFP_NOTRACK",	GN_PGG | GN_T45 },
	{ GFP_F_WRITE,		"__GFP_WRITE",		GN_PGG },
	{ GFP_F_RECLAIM,	"__GFP_RECLAIM",	GN_PGG },
	{ GFP_F_DIRECT_RECLAIM,	"__GFP_DIRECT_RECLAIM",	GN_PGG | GN_T45 },
	{ GFP_F_KSWAPD_RECLAIM,	"__GFP_KSWAPD_RECLAIM",	GN_PGG | GN_T45 },
	{ GFP_F_OTHER_NODE,	"__GFP_OTHER_NODE",	GN_PGG | GN_T45 },
};

#define NR_GFP_NAMES	(sizeof(gfp_names) / sizeof(gfp_names[0]))

const char *gfp_name_at(size_t i)
{
	return i < NR_GFP_NAMES ? gfp_names[i].name : NULL;
}

/* "__GFP_IO" -> "GFP_IO"; composites are returned as they are. */
static const char *strip_underscores(const char *name)
{
	return name[0] == '_' && name[1] == '_' ? name + 2 : name;
}

/* ---- printing ---- */

/* Output into a caller's buffer that may be too small: keep counting, as
 * snprintf does, so the caller learns the length it needs. */
struct gfp_out {
	char	*buf;		/* borrowed; may be NULL when len is 0 */
	size_t	len;		/* size of buf */
	size_t	pos;		/* length of the full text so far */
};

static void out_puts(struct gfp_out *o, const char *s)
{
	for (; *s; s++, o->pos++)
		if (o->pos + 1 < o->len)
			o->buf[o->pos] = *s;
}

static void out_hex(struct gfp_out *o, unsigned long v)
{
	char tmp[2 + 2 * sizeof(v) + 1];

	snprintf(tmp, sizeof(tmp), "0x%lx", v);
	out_puts(o, tmp);
}

static size_t out_end(struct gfp_out *o)
{
	if (o->len)
		o->buf[o->pos < o->len ? o->pos : o->len - 1] = '\0';
	return o->pos;
}

/*
 * Models: kernel/trace/trace_output.c trace_print_flags_seq() (v4.5), behind
 * __print_flags() in show_gfp_flags(), and lib/vsprintf.c format_flags()
 * (v4.6, %pGg). Both walk the table once: a row whose bits are all still set
 * is printed and its bits cleared, names are joined by '|', and whatever no
 * row claimed is printed last as "0x%lx". The walk stops once nothing is left.
 * e.g. 0x24201ca: GFP_TRANSHUGE (0x4352ca) is not contained, GFP_HIGHUSER_MOVABLE
 * (0x24200ca) is, leaving 0x100 = __GFP_COLD: "GFP_HIGHUSER_MOVABLE|__GFP_COLD".
 * An empty mask is not walked at all: show_gfp_flags() prints "GFP_NOWAIT" in
 * v4.5 and "none" in v4.6.
 * SIMPLIFICATION: %pGg itself prints nothing for 0; we print "none" as the
 * v4.6 tracepoints do.
 */
size_t gfp_format(gfp_t mask, enum gfp_style style, char *buf, size_t len)
{
	struct gfp_out o = { buf, len, 0 };
	unsigned char want = style == GFP_STYLE_TRACE45 ? GN_T45 : GN_PGG;
	unsigned long left = mask;
	size_t i;

	if (style == GFP_STYLE_61)
		return gfp_format_6_1(mask, buf, len);
	if (!mask) {
		out_puts(&o, style == GFP_STYLE_TRACE45 ? "GFP_NOWAIT" : "none");
		return out_end(&o);
	}
	for (i = 0; i < NR_GFP_NAMES && left; i++) {
		const struct gfp_name *n = &gfp_names[i];

		if (!(n->print & want) || (left & n->mask) != n->mask)
			continue;
		if (o.pos)
			out_puts(&o, "|");
		out_puts(&o, style == GFP_STYLE_TRACE45 ? strip_underscores(n->name) : n->name);
		left &= ~(unsigned long)n->mask;
	}
	if (left) {
		if (o.pos)
			out_puts(&o, "|");
		out_hex(&o, left);
	}
	return out_end(&o);
}

/*
 * Print alloc_flags. The low two bits are a watermark index, not flags, so
 * one ALLOC_WMARK_* name is always printed (ALLOC_WMARK_MIN is 0), except
 * that ALLOC_NO_WATERMARKS replaces it: gfp_to_alloc_flags() sets it on top
 * of ALLOC_WMARK_MIN, whose index then means nothing. A non-zero index next to
 * ALLOC_NO_WATERMARKS is still printed so no bit is lost; index 3 is not a
 * watermark and prints in the hex remainder.
 */
size_t alloc_flags_format(unsigned int alloc_flags, char *buf, size_t len)
{
	static const struct {
		unsigned int	flag;
		const char	*name;
	} names[] = {
		{ ALLOC_HARDER,	"ALLOC_HARDER" },
		{ ALLOC_HIGH,	"ALLOC_HIGH" },
		{ ALLOC_CPUSET,	"ALLOC_CPUSET" },
		{ ALLOC_CMA,	"ALLOC_CMA" },
		{ ALLOC_FAIR,	"ALLOC_FAIR" },
	};
	static const char *const wmark_names[] = {
		[ALLOC_WMARK_MIN] = "ALLOC_WMARK_MIN",
		[ALLOC_WMARK_LOW] = "ALLOC_WMARK_LOW",
		[ALLOC_WMARK_HIGH] = "ALLOC_WMARK_HIGH",
	};
	struct gfp_out o = { buf, len, 0 };
	unsigned int left = alloc_flags;
	unsigned int idx = alloc_flags & ALLOC_WMARK_MASK;
	size_t i;

	if (left & ALLOC_NO_WATERMARKS) {
		out_puts(&o, "ALLOC_NO_WATERMARKS");
		left &= ~(unsigned int)ALLOC_NO_WATERMARKS;
		if (idx != ALLOC_WMARK_MIN && idx < NR_WMARK) {
			out_puts(&o, "|");
			out_puts(&o, wmark_names[idx]);
			left &= ~(unsigned int)ALLOC_WMARK_MASK;
		}
	} else if (idx < NR_WMARK) {
		out_puts(&o, wmark_names[idx]);
		left &= ~(unsigned int)ALLOC_WMARK_MASK;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(left & names[i].flag))
			continue;
		if (o.pos)
			out_puts(&o, "|");
		out_puts(&o, names[i].name);
		left &= ~names[i].flag;
	}
	if (left) {
		if (o.pos)
			out_puts(&o, "|");
		out_hex(&o, left);
	}
	return out_end(&o);
}

/* ---- parsing ---- */

#define GFP_ACCEPTED	"accepted: GFP_* composites, __GFP_* bits, or a hex mask"
#define TOKEN_SHOW	40	/* longest token quoted whole in a message */
#define TOKEN_FUZZ	48	/* longest token we look for a suggestion for */

static int parse_error(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int parse_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static char upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/* Levenshtein distance, ignoring case; both strings at most TOKEN_FUZZ long. */
static size_t edit_distance(const char *a, size_t alen, const char *b)
{
	size_t row[TOKEN_FUZZ + 1], blen = strlen(b), i, j;

	for (j = 0; j <= blen; j++)
		row[j] = j;
	for (i = 1; i <= alen; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= blen; j++) {
			size_t up = row[j];
			size_t best = diag + (upper(a[i - 1]) != upper(b[j - 1]));

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[blen];
}

/*
 * The name closest to a token that did not parse, or NULL if none is close.
 * Each name is compared in three spellings, so that "GFP_NORETYR",
 * "noretry" and "KERNAL" all find theirs: __GFP_NORETRY, GFP_NORETRY, NORETRY.
 * A spelling of n characters may be off by 1 + n / 6 edits, and by less than
 * half of itself, so short names do not match everything.
 */
static const char *suggest_in(const char *tok, size_t toklen, const char *(*name_at)(size_t))
{
	const char *best = NULL, *full;
	size_t best_d = (size_t)-1;
	size_t i;

	if (toklen > TOKEN_FUZZ)
		return NULL;
	for (i = 0; (full = name_at(i)) != NULL; i++) {
		const char *bare = strip_underscores(full);
		const char *forms[3] = { full, bare, bare + 4 };	/* + 4: skip "GFP_" */
		size_t k;

		for (k = 0; k < 3; k++) {
			size_t n = strlen(forms[k]);
			size_t d = edit_distance(tok, toklen, forms[k]);

			if (d <= 1 + n / 6 && 2 * d < n && d < best_d) {
				best = full;
				best_d = d;
			}
		}
	}
	return best;
}

static const char *suggest(const char *tok, size_t toklen)
{
	return suggest_in(tok, toklen, gfp_name_at);
}

/* Exact, case-sensitive lookup: a full name first (so GFP_ATOMIC is the
 * composite), then a __GFP_* bit written without its underscores. */
static const struct gfp_name *lookup(const char *tok, size_t toklen)
{
	size_t i;

	for (i = 0; i < NR_GFP_NAMES; i++)
		if (strlen(gfp_names[i].name) == toklen && !memcmp(gfp_names[i].name, tok, toklen))
			return &gfp_names[i];
	for (i = 0; i < NR_GFP_NAMES; i++) {
		const char *s = strip_underscores(gfp_names[i].name);

		if (s != gfp_names[i].name && strlen(s) == toklen && !memcmp(s, tok, toklen))
			return &gfp_names[i];
	}
	return NULL;
}

/* "0x24000c0" or "37748928" (no octal: a leading 0 is decimal); any 32-bit
 * value. */
static int parse_u32(const char *tok, size_t toklen, unsigned int *out, char *err, size_t errlen)
{
	int show = toklen > TOKEN_SHOW ? TOKEN_SHOW : (int)toklen;
	const char *more = toklen > TOKEN_SHOW ? "..." : "";
	unsigned int base = 10;
	unsigned long long v = 0;
	size_t i = 0;

	if (toklen > 1 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X')) {
		base = 16;
		i = 2;
		if (toklen == 2)
			return parse_error(err, errlen,
					   "bad number '%.*s%s': no hex digits after 0x",
					   show, tok, more);
	}
	for (; i < toklen; i++) {
		int d = hex_digit(tok[i]);

		if (d < 0 || (unsigned int)d >= base)
			return parse_error(err, errlen, "bad number '%.*s%s'; %s",
					   show, tok, more, GFP_ACCEPTED);
		v = v * base + (unsigned int)d;
		if (v > 0xffffffffull)
			return parse_error(err, errlen,
					   "number '%.*s%s' out of range (gfp_t is 32 bits)",
					   show, tok, more);
	}
	*out = (unsigned int)v;
	return 0;
}

/* A number as a v4.5 mask: no bits above its __GFP_BITS_SHIFT. */
static int parse_number(const char *tok, size_t toklen, gfp_t *out, char *err, size_t errlen)
{
	unsigned int v;
	int ret = parse_u32(tok, toklen, &v, err, errlen);

	if (ret)
		return ret;
	if (v & ~GFP_BITS_MASK)
		return parse_error(err, errlen,
				   "GFP mask %#x has bits above __GFP_BITS_SHIFT (%d): %#x",
				   v, GFP_BITS_SHIFT, v & ~GFP_BITS_MASK);
	*out = (gfp_t)v;
	return 0;
}

/* A 6.1 token: 6.1's names, and numbers in 6.1's numbering; *v61 gets
 * 6.1's value, with the bits the model has none for. */
static int parse_token_6_1(const char *tok, size_t toklen, gfp_t *out, unsigned int *v61,
			   char *err, size_t errlen)
{
	int show = toklen > TOKEN_SHOW ? TOKEN_SHOW : (int)toklen;
	const char *more = toklen > TOKEN_SHOW ? "..." : "", *why = NULL;
	unsigned int unknown;
	int ret;

	if (tok[0] >= '0' && tok[0] <= '9') {
		unsigned int v;

		ret = parse_u32(tok, toklen, &v, err, errlen);
		if (ret)
			return ret;
		if (v & ~GFP61_BITS_MASK)
			return parse_error(err, errlen, "GFP mask %#x has bits above Linux 6.1's "
					   "__GFP_BITS_SHIFT (%d): %#x", v, GFP61_BITS_SHIFT,
					   v & ~GFP61_BITS_MASK);
		if (gfp_from_6_1(v, out, &unknown) && (unknown & ~GFP61_ZEROTAGS))
			return parse_error(err, errlen, "GFP mask %#x has bits Linux 6.1 does not "
					   "define (%#x)", v, unknown & ~GFP61_ZEROTAGS);
		*v61 = v;
		return 0;
	}
	if (toklen == 4 && !memcmp(tok, "none", 4)) {
		*out = 0;
		*v61 = 0;
		return 0;
	}
	ret = gfp_lookup_6_1_value(tok, toklen, out, v61, &why);
	if (ret == 0)
		return 0;
	if (ret == 1)
		return parse_error(err, errlen, "'%.*s%s' is not in Linux 6.1: %s", show, tok, more,
				   why);
	why = suggest_in(tok, toklen, gfp_name_at_6_1);
	if (why)
		return parse_error(err, errlen, "unknown GFP flag '%.*s%s' (did you mean %s?); %s",
				   show, tok, more, why, GFP_ACCEPTED);
	return parse_error(err, errlen, "unknown GFP flag '%.*s%s'; %s", show, tok, more,
			   GFP_ACCEPTED);
}

static int parse_token(const char *tok, size_t toklen, enum gfp_style style, gfp_t *out,
		       unsigned int *v61, char *err, size_t errlen)
{
	int show = toklen > TOKEN_SHOW ? TOKEN_SHOW : (int)toklen;
	const char *more = toklen > TOKEN_SHOW ? "..." : "";
	const struct gfp_name *n;
	const char *guess;

	if (style == GFP_STYLE_61)
		return parse_token_6_1(tok, toklen, out, v61, err, errlen);
	if (tok[0] >= '0' && tok[0] <= '9')
		return parse_number(tok, toklen, out, err, errlen);
	/* what v4.6 traces print for an empty mask */
	if (toklen == 4 && !memcmp(tok, "none", 4)) {
		*out = 0;
		return 0;
	}
	if ((toklen == 19 && !memcmp(tok, "__GFP_RETRY_MAYFAIL", 19)) ||
	    (toklen == 19 && !memcmp(tok, "GFP_TRANSHUGE_LIGHT", 19)))
		return parse_error(err, errlen, "'%.*s' came with Linux 4.13 (`kernel 6.1` has it)",
				   (int)toklen, tok);
	n = lookup(tok, toklen);
	if (n) {
		*out = n->mask;
		return 0;
	}
	if (gfp_lookup_6_1(tok, toklen, out, &guess) == 0)	/* __GFP_ZEROTAGS... */
		return parse_error(err, errlen, "'%.*s%s' came after Linux 4.6 (`kernel 6.1` has "
				   "it)", show, tok, more);
	guess = suggest(tok, toklen);
	if (guess)
		return parse_error(err, errlen, "unknown GFP flag '%.*s%s' (did you mean %s?); %s",
				   show, tok, more, guess, GFP_ACCEPTED);
	return parse_error(err, errlen, "unknown GFP flag '%.*s%s'; %s", show, tok, more,
			   GFP_ACCEPTED);
}

/* every blank, so that a token (and the message that quotes it) never holds
 * a line break: Lua strings may carry one */
static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_join(char c)
{
	return c == '|' || c == '+';
}

/*
 * The grammar is: flag { ('|' | '+') flag }, with blanks allowed around every
 * token. A token runs up to a blank, a joiner or the end, so "GFP-KERNEL" is
 * one bad token (and gets a suggestion) rather than two.
 */
int gfp_parse(const char *text, gfp_t *out, char *err, size_t errlen)
{
	return gfp_parse_style(text, GFP_STYLE_PGG, out, err, errlen);
}

static int parse_mask(const char *text, enum gfp_style style, gfp_t *out, unsigned int *v61,
		      unsigned int *notes, char *err, size_t errlen);

int gfp_parse_style(const char *text, enum gfp_style style, gfp_t *out, char *err,
		    size_t errlen)
{
	unsigned int v61, notes;

	return parse_mask(text, style, out, &v61, &notes, err, errlen);
}

int gfp_parse_6_1(const char *text, gfp_t *out, unsigned int *v61, unsigned int *notes,
		  char *err, size_t errlen)
{
	unsigned int n;

	return parse_mask(text, GFP_STYLE_61, out, v61, notes ? notes : &n, err, errlen);
}

int gfp_parse_request(const char *text, enum gfp_style style, gfp_t *out, char *err,
		      size_t errlen)
{
	unsigned int v61 = 0, notes, extra;
	char name[64];
	gfp_t mask;
	int ret = parse_mask(text, style, &mask, &v61, &notes, err, errlen);

	if (ret)
		return ret;
	extra = style == GFP_STYLE_61 ? v61 & ~gfp_to_6_1(mask) : 0;
	if (extra) {
		gfp_format_6_1_value(extra, name, sizeof(name));
		return parse_error(err, errlen, "%s (%#x) steers nothing buddyscope models; a "
				   "request without it is the same here (`show gfp %s` says more)",
				   name, extra, name);
	}
	*out = mask;
	return 0;
}

static int parse_mask(const char *text, enum gfp_style style, gfp_t *out, unsigned int *v61,
		      unsigned int *notes, char *err, size_t errlen)
{
	const char *p = text ? text : "";
	unsigned int all61 = 0, all_notes = 0;
	gfp_t mask = 0;
	char joiner = 0;	/* the joiner just passed, 0 before the first token */

	while (is_space(*p))
		p++;
	if (!*p)
		return parse_error(err, errlen, "empty GFP mask; %s", GFP_ACCEPTED);
	for (;;) {
		const char *tok = p;
		unsigned int t61 = 0;
		gfp_t v = 0;
		int ret;

		while (*p && !is_space(*p) && !is_join(*p))
			p++;
		if (p == tok) {
			if (!joiner)
				return parse_error(err, errlen, "missing GFP flag before '%c'", *p);
			return parse_error(err, errlen, "missing GFP flag between '%c' and '%c'",
					   joiner, *p);
		}
		ret = parse_token(tok, (size_t)(p - tok), style, &v, &t61, err, errlen);
		if (ret)
			return ret;
		mask |= v;
		all61 |= t61;
		if (style == GFP_STYLE_61)
			all_notes |= gfp_note_bits_6_1(tok, (size_t)(p - tok), t61);
		while (is_space(*p))
			p++;
		if (!*p)
			break;
		if (!is_join(*p)) {
			size_t n = 0;

			while (p[n] && !is_space(p[n]) && !is_join(p[n]) && n < TOKEN_SHOW)
				n++;
			return parse_error(err, errlen,
					   "expected '|' between GFP flags, before '%.*s'", (int)n, p);
		}
		joiner = *p++;
		while (is_space(*p))
			p++;
		if (!*p)
			return parse_error(err, errlen, "missing GFP flag after trailing '%c'",
					   joiner);
	}
	*out = mask;
	*v61 = all61;
	*notes = all_notes;
	return 0;
}

/* ---- zone and migratetype ---- */

