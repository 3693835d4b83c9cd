/* core/gfp_kernel.c - GFP masks as kernels 4.x to 6.x print them in traces
 * and logs, read into the model's (v4.5) bits (replay.h).
 *
 * Names: gfp_parse() knows the 4.5/4.6 names and the later ones that mean
 * the same bits (__GFP_RETRY_MAYFAIL is 4.13's name for __GFP_REPEAT). Two
 * names changed meaning: GFP_TRANSHUGE (4.8: GFP_TRANSHUGE_LIGHT with direct
 * reclaim, no longer __GFP_NORETRY) and GFP_NOWAIT (the 4.5 trace printed it
 * for an empty mask); they read as the trace's kernel meant them.
 *
 * Raw masks: include/linux/gfp.h moved bits three times. Up to 4.9 the
 * model's own layout; 4.10 dropped __GFP_OTHER_NODE (__GFP_WRITE 0x800000,
 * __GFP_KSWAPD_RECLAIM 0x1000000); 4.15 dropped __GFP_COLD and __GFP_NOTRACK
 * and packed the rest: __GFP_ZERO 0x100, __GFP_ATOMIC 0x200,
 * __GFP_DIRECT_RECLAIM 0x400, __GFP_KSWAPD_RECLAIM 0x800, __GFP_WRITE 0x1000,
 * __GFP_NOWARN 0x2000, __GFP_RETRY_MAYFAIL 0x4000, __GFP_NOFAIL 0x8000,
 * __GFP_NORETRY 0x10000, __GFP_MEMALLOC 0x20000, __GFP_COMP 0x40000,
 * __GFP_NOMEMALLOC 0x80000, __GFP_HARDWALL 0x100000, __GFP_THISNODE
 * 0x200000, __GFP_ACCOUNT 0x400000 (6.1's 0x140dca is
 * GFP_HIGHUSER_MOVABLE|__GFP_COMP|__GFP_ZERO). Bits above those (lockdep,
 * memory tags, KASAN) steer nothing the model has and are dropped.
 */
#include "buddyscope/replay.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "strutil.h"

/* The bits DMA..FS (0x01..0x80) never moved. */
#define GFP_LOW_BITS	0xffu

static const struct { unsigned long raw; gfp_t bit; } layout_4_15[] = {
	{ 0x100, GFP_F_ZERO }, { 0x200, GFP_F_ATOMIC }, { 0x400, GFP_F_DIRECT_RECLAIM },
	{ 0x800, GFP_F_KSWAPD_RECLAIM }, { 0x1000, GFP_F_WRITE }, { 0x2000, GFP_F_NOWARN },
	{ 0x4000, GFP_F_REPEAT }, { 0x8000, GFP_F_NOFAIL }, { 0x10000, GFP_F_NORETRY },
	{ 0x20000, GFP_F_MEMALLOC }, { 0x40000, GFP_F_COMP }, { 0x80000, GFP_F_NOMEMALLOC },
	{ 0x100000, GFP_F_HARDWALL }, { 0x200000, GFP_F_THISNODE }, { 0x400000, GFP_F_ACCOUNT },
};

gfp_t gfp_from_raw(unsigned long raw, int kver)
{
	gfp_t out;

	if (kver >= 415) {
		out = (gfp_t)(raw & GFP_LOW_BITS);
		for (size_t i = 0; i < sizeof(layout_4_15) / sizeof(layout_4_15[0]); i++)
			if (raw & layout_4_15[i].raw)
				out |= layout_4_15[i].bit;
		return out;
	}
	if (kver >= 410) {	/* no __GFP_OTHER_NODE: the last two bits moved down */
		out = (gfp_t)(raw & 0x7fffffu);
		if (raw & 0x800000u)
			out |= GFP_F_WRITE;
		if (raw & 0x1000000u)
			out |= GFP_F_KSWAPD_RECLAIM;
		return out;
	}
	return (gfp_t)(raw & GFP_BITS_MASK);
}

static bool is_number(const char *tok, size_t n)
{
	return n && tok[0] >= '0' && tok[0] <= '9';
}

static int raw_token(const char *tok, size_t n, int kver, gfp_t *out, char *err, size_t errlen)
{
	unsigned long v = 0;
	size_t i = 0;
	int base = 10;

	if (n > 2 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X')) {
		base = 16;
		i = 2;
	}
	for (; i < n; i++) {
		int d = hex_digit(tok[i]);

		if (d < 0 || d >= base || v > 0xfffffffful)
			return snprintf(err, errlen, "bad GFP mask '%.*s'; accepted: GFP names or a "
					"hex mask", (int)(n > 40 ? 40 : n), tok), -EINVAL;
		v = v * (unsigned long)base + (unsigned long)d;
	}
	*out = gfp_from_raw(v, kver);
	return 0;
}

/* Names later kernels print that 6.1's GFP table (gfp_6_1.c) leaves out.
 * The last ones steer nothing the model has (lockdep, memory tagging,
 * KASAN): they read as no bits. */
static const struct { const char *name; gfp_t mask; } late_names[] = {
	{ "GFP_TRANSHUGE_LIGHT", GFP_TRANSHUGE_LIGHT },
	{ "__GFP_NOLOCKDEP", 0 }, { "__GFP_ZEROTAGS", 0 }, { "__GFP_SKIP_ZERO", 0 },
	{ "__GFP_SKIP_KASAN", 0 }, { "__GFP_SKIP_KASAN_POISON", 0 },
	{ "__GFP_SKIP_KASAN_UNPOISON", 0 },
};

/* One name (or number) as kernel @kver meant it. */
static int kernel_token(const char *tok, size_t n, int kver, gfp_t *out, char *err,
			size_t errlen)
{
	char name[64];

	if (is_number(tok, n))
		return raw_token(tok, n, kver, out, err, errlen);
	if (n == 13 && !memcmp(tok, "GFP_TRANSHUGE", 13) && kver >= 408) {
		*out = GFP_TRANSHUGE_LIGHT | GFP_F_DIRECT_RECLAIM;
		return 0;
	}
	if (n == 10 && !memcmp(tok, "GFP_NOWAIT", 10) && kver && kver < 406) {
		*out = 0;	/* v4.5's show_gfp_flags() printed an empty mask so */
		return 0;
	}
	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, tok, n);
	name[n] = '\0';
	if (kver < 413)
		return gfp_parse(name, out, err, errlen);
	/* 4.13 and later: 6.1's names (__GFP_RETRY_MAYFAIL is the __GFP_REPEAT
	 * bit), and the few a trace prints that 6.1's table leaves out */
	for (size_t i = 0; i < sizeof(late_names) / sizeof(late_names[0]); i++)
		if (!strcmp(name, late_names[i].name)) {
			*out = late_names[i].mask;
			return 0;
		}
	if (gfp_parse_style(name, GFP_STYLE_61, out, err, errlen) == 0)
		return 0;
	/* a trace whose kernel is not known yet may be a 4.x one: its names
	 * read too; the error stays 6.1's */
	{
		char err45[8];

		return gfp_parse(name, out, err45, sizeof(err45)) == 0 ? 0 : -EINVAL;
	}
}

/* The '|'-separated names from @p to @end (of @text), ORed into *@out. */
static int name_list(const char *text, const char *p, const char *end, int kver, gfp_t *out,
		     char *err, size_t errlen)
{
	gfp_t mask = 0;

	for (;;) {
		const char *bar = memchr(p, '|', (size_t)(end - p));
		const char *stop = bar ? bar : end;
		gfp_t v;
		int ret;

		if (stop == p)
			return snprintf(err, errlen, "empty GFP flag in '%.60s'", text), -EINVAL;
		ret = kernel_token(p, (size_t)(stop - p), kver, &v, err, errlen);
		if (ret)
			return ret;
		mask |= v;
		if (!bar)
			break;
		p = bar + 1;
	}
	*out = mask;
	return 0;
}

int gfp_parse_kernel(const char *text, int kver, gfp_t *out, char *err, size_t errlen)
{
	const char *open = strchr(text, '(');

	/* "0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP)": the names say it all */
	if (open && is_number(text, (size_t)(open - text))) {
		const char *close = strchr(open, ')');

		if (!close || close[1])
			return snprintf(err, errlen, "bad GFP mask '%.60s': a '(' without its ')'",
					text), -EINVAL;
		if (close == open + 1)	/* %pGg prints nothing for 0 */
			return raw_token(text, (size_t)(open - text), kver, out, err, errlen);
		return name_list(text, open + 1, close, kver, out, err, errlen);
	}
	return name_list(text, text, text + strlen(text), kver, out, err, errlen);
}
