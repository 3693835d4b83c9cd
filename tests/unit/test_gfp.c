/* tests/unit/test_gfp.c - GFP names, parsing, printing, zone and migratetype. */
#include <errno.h>
#include <string.h>

#include "buddyscope/gfp.h"
#include "testhelp.h"

#define ACCEPTED "accepted: GFP_* composites, __GFP_* bits, or a hex mask"

static char fmtbuf[256];

/* CHECK_STR for texts too long for its 512-byte message */
#define CHECK_LONG_STR(got, want) check_long_str((got), (want), __LINE__)

static void check_long_str(const char *got, const char *want, int line)
{
	char m[1024];

	if (strcmp(got, want)) {
		snprintf(m, sizeof(m), "got \"%s\", want \"%s\"", got, want);
		test_fail(__FILE__, line, m);
	}
}

static const char *pgg(gfp_t mask)
{
	gfp_format(mask, GFP_STYLE_PGG, fmtbuf, sizeof(fmtbuf));
	return fmtbuf;
}

static const char *t45(gfp_t mask)
{
	gfp_format(mask, GFP_STYLE_TRACE45, fmtbuf, sizeof(fmtbuf));
	return fmtbuf;
}

static const char *aflags(unsigned int flags)
{
	alloc_flags_format(flags, fmtbuf, sizeof(fmtbuf));
	return fmtbuf;
}

/* Parse @text expecting success; return the mask, or a poison value. */
static gfp_t parse_ok(const char *text)
{
	char err[256] = "";
	gfp_t m = 0xdeadbeef;

	if (gfp_parse(text, &m, err, sizeof(err))) {
		test_fail(__FILE__, __LINE__, err);
		return 0xdeadbeef;
	}
	return m;
}

/* Parse @text expecting -EINVAL; leave the message in errbuf. */
static char errbuf[256];

static int parse_bad(const char *text)
{
	gfp_t m = 0x1234;
	int ret;

	errbuf[0] = '\0';
	ret = gfp_parse(text, &m, errbuf, sizeof(errbuf));
	if (m != 0x1234)
		test_fail(__FILE__, __LINE__, "failed parse wrote *out");
	return ret;
}

/* A fixed LCG so the sweep is the same every run. */
static unsigned int lcg_state = 12345;

static unsigned int lcg(void)
{
	lcg_state = lcg_state * 1103515245u + 12345u;
	return lcg_state >> 4;
}

/* ---- composite values (reference §5.1, §5.2) ---- */

TEST(gfp_composite_values)
{
	CHECK_EQ_UL(GFP_ATOMIC, 0x2080020);
	CHECK_EQ_UL(GFP_KERNEL, 0x24000c0);
	CHECK_EQ_UL(GFP_KERNEL_ACCOUNT, 0x25000c0);
	CHECK_EQ_UL(GFP_NOWAIT, 0x2000000);
	CHECK_EQ_UL(GFP_NOIO, 0x2400000);
	CHECK_EQ_UL(GFP_NOFS, 0x2400040);
	CHECK_EQ_UL(GFP_TEMPORARY, 0x24000d0);
	CHECK_EQ_UL(GFP_USER, 0x24200c0);
	CHECK_EQ_UL(GFP_DMA, 0x01);
	CHECK_EQ_UL(GFP_DMA32, 0x04);
	CHECK_EQ_UL(GFP_HIGHUSER, 0x24200c2);
	CHECK_EQ_UL(GFP_HIGHUSER_MOVABLE, 0x24200ca);
	CHECK_EQ_UL(GFP_TRANSHUGE, 0x4352ca);
	CHECK_EQ_UL(GFP_F_RECLAIM, 0x2400000);
	CHECK_EQ_UL(GFP_BITS_MASK, 0x3ffffff);
}

TEST(gfp_composite_names_parse_to_values)
{
	CHECK_EQ_UL(parse_ok("GFP_ATOMIC"), 0x2080020);
	CHECK_EQ_UL(parse_ok("GFP_KERNEL"), 0x24000c0);
	CHECK_EQ_UL(parse_ok("GFP_KERNEL_ACCOUNT"), 0x25000c0);
	CHECK_EQ_UL(parse_ok("GFP_NOWAIT"), 0x2000000);
	CHECK_EQ_UL(parse_ok("GFP_NOIO"), 0x2400000);
	CHECK_EQ_UL(parse_ok("GFP_NOFS"), 0x2400040);
	CHECK_EQ_UL(parse_ok("GFP_TEMPORARY"), 0x24000d0);
	CHECK_EQ_UL(parse_ok("GFP_USER"), 0x24200c0);
	CHECK_EQ_UL(parse_ok("GFP_DMA"), 0x01);
	CHECK_EQ_UL(parse_ok("GFP_DMA32"), 0x04);
	CHECK_EQ_UL(parse_ok("GFP_HIGHUSER"), 0x24200c2);
	CHECK_EQ_UL(parse_ok("GFP_HIGHUSER_MOVABLE"), 0x24200ca);
	CHECK_EQ_UL(parse_ok("GFP_TRANSHUGE"), 0x4352ca);
}

TEST(gfp_bit_names_parse)
{
	static const struct {
		const char	*name;
		gfp_t		mask;
	} bits[] = {
		{ "__GFP_DMA", 0x01 },		{ "__GFP_HIGHMEM", 0x02 },
		{ "__GFP_DMA32", 0x04 },	{ "__GFP_MOVABLE", 0x08 },
		{ "__GFP_RECLAIMABLE", 0x10 },	{ "__GFP_HIGH", 0x20 },
		{ "__GFP_IO", 0x40 },		{ "__GFP_FS", 0x80 },
		{ "__GFP_COLD", 0x100 },	{ "__GFP_NOWARN", 0x200 },
		{ "__GFP_REPEAT", 0x400 },	{ "__GFP_NOFAIL", 0x800 },
		{ "__GFP_NORETRY", 0x1000 },	{ "__GFP_MEMALLOC", 0x2000 },
		{ "__GFP_COMP", 0x4000 },	{ "__GFP_ZERO", 0x8000 },
		{ "__GFP_NOMEMALLOC", 0x10000 },	{ "__GFP_HARDWALL", 0x20000 },
		{ "__GFP_THISNODE", 0x40000 },	{ "__GFP_ATOMIC", 0x80000 },
		{ "__GFP_ACCOUNT", 0x100000 },	{ "__GFP_NOTRACK", 0x200000 },
		{ "__GFP_DIRECT_RECLAIM", 0x400000 },	{ "__GFP_OTHER_NODE", 0x800000 },
		{ "__GFP_WRITE", 0x1000000 },	{ "__GFP_KSWAPD_RECLAIM", 0x2000000 },
		{ "__GFP_RECLAIM", 0x2400000 },
	};

	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		CHECK_EQ_UL(parse_ok(bits[i].name), bits[i].mask);
		/* the v4.5 trace spelling, without the underscores */
		if (strcmp(bits[i].name, "__GFP_ATOMIC"))
			CHECK_EQ_UL(parse_ok(bits[i].name + 2), bits[i].mask);
	}
	/* GFP_ATOMIC is ambiguous in v4.5 traces; the composite wins */
	CHECK_EQ_UL(parse_ok("GFP_ATOMIC"), GFP_ATOMIC);
	CHECK_EQ_UL(parse_ok("__GFP_ATOMIC"), GFP_F_ATOMIC);
}

TEST(gfp_parse_joins_numbers_and_spaces)
{
	CHECK_EQ_UL(parse_ok("GFP_KERNEL|__GFP_NORETRY"), 0x24010c0);
	CHECK_EQ_UL(parse_ok("GFP_KERNEL|__GFP_NORETRY|__GFP_NOWARN"), 0x24012c0);
	CHECK_EQ_UL(parse_ok("  GFP_KERNEL | __GFP_NOWARN  "), 0x24002c0);
	CHECK_EQ_UL(parse_ok("\tGFP_KERNEL\t|\tGFP_NOWARN"), 0x24002c0);
	CHECK_EQ_UL(parse_ok("GFP_KERNEL+__GFP_COMP"), 0x24040c0);
	CHECK_EQ_UL(parse_ok("GFP_KERNEL|0x200"), 0x24002c0);
	CHECK_EQ_UL(parse_ok("0x24000c0"), 0x24000c0);
	CHECK_EQ_UL(parse_ok("0X24000C0"), 0x24000c0);
	CHECK_EQ_UL(parse_ok("37748928"), 0x24000c0);
	CHECK_EQ_UL(parse_ok("0"), 0);
	CHECK_EQ_UL(parse_ok("0x0"), 0);
	CHECK_EQ_UL(parse_ok("010"), 10);
	CHECK_EQ_UL(parse_ok("0x3ffffff"), GFP_BITS_MASK);
	CHECK_EQ_UL(parse_ok("GFP_KERNEL|GFP_KERNEL"), GFP_KERNEL);
	CHECK_EQ_UL(parse_ok("GFP_HIGHUSER_MOVABLE|GFP_COLD"), 0x24201ca);
	CHECK_EQ_UL(parse_ok("GFP_NOFS|__GFP_FS"), GFP_KERNEL);
	CHECK_EQ_UL(parse_ok("none"), 0);
	CHECK_EQ_UL(parse_ok("GFP_KERNEL|none"), GFP_KERNEL);
}

/* ---- printing ---- */

TEST(gfp_format_kernel_examples)
{
	/* the common 4.x "mode:0x24201ca" */
	CHECK_STR(pgg(0x24201ca), "GFP_HIGHUSER_MOVABLE|__GFP_COLD");
	CHECK_STR(t45(0x24201ca), "GFP_HIGHUSER_MOVABLE|GFP_COLD");
	/* bits come out in table order, not in the order they were written */
	CHECK_STR(pgg(GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN),
		  "GFP_KERNEL|__GFP_NOWARN|__GFP_NORETRY");
	CHECK_STR(t45(GFP_KERNEL | GFP_F_NORETRY | GFP_F_NOWARN),
		  "GFP_KERNEL|GFP_NOWARN|GFP_NORETRY");
	CHECK_STR(pgg(GFP_KERNEL | GFP_F_NORETRY), "GFP_KERNEL|__GFP_NORETRY");
	CHECK_STR(pgg(GFP_ATOMIC | GFP_F_NOWARN | GFP_F_COMP),
		  "GFP_ATOMIC|__GFP_NOWARN|__GFP_COMP");
	CHECK_STR(t45(GFP_ATOMIC | GFP_F_NOWARN | GFP_F_COMP), "GFP_ATOMIC|GFP_NOWARN|GFP_COMP");
	CHECK_STR(pgg(GFP_NOFS | GFP_F_HARDWALL), "GFP_NOFS|__GFP_HARDWALL");
}

TEST(gfp_format_empty_mask)
{
	CHECK_STR(pgg(0), "none");
	CHECK_STR(t45(0), "GFP_NOWAIT");
}

TEST(gfp_format_every_composite)
{
	CHECK_STR(pgg(GFP_TRANSHUGE), "GFP_TRANSHUGE");
	CHECK_STR(pgg(GFP_HIGHUSER_MOVABLE), "GFP_HIGHUSER_MOVABLE");
	CHECK_STR(pgg(GFP_HIGHUSER), "GFP_HIGHUSER");
	CHECK_STR(pgg(GFP_USER), "GFP_USER");
	CHECK_STR(pgg(GFP_TEMPORARY), "GFP_TEMPORARY");
	CHECK_STR(pgg(GFP_KERNEL_ACCOUNT), "GFP_KERNEL_ACCOUNT");
	CHECK_STR(pgg(GFP_KERNEL), "GFP_KERNEL");
	CHECK_STR(pgg(GFP_NOFS), "GFP_NOFS");
	CHECK_STR(pgg(GFP_ATOMIC), "GFP_ATOMIC");
	CHECK_STR(pgg(GFP_NOIO), "GFP_NOIO");
	CHECK_STR(pgg(GFP_NOWAIT), "GFP_NOWAIT");
	CHECK_STR(pgg(GFP_DMA), "GFP_DMA");
	CHECK_STR(pgg(GFP_DMA32), "GFP_DMA32");

	CHECK_STR(t45(GFP_TRANSHUGE), "GFP_TRANSHUGE");
	CHECK_STR(t45(GFP_HIGHUSER_MOVABLE), "GFP_HIGHUSER_MOVABLE");
	CHECK_STR(t45(GFP_HIGHUSER), "GFP_HIGHUSER");
	CHECK_STR(t45(GFP_USER), "GFP_USER");
	CHECK_STR(t45(GFP_TEMPORARY), "GFP_TEMPORARY");
	CHECK_STR(t45(GFP_KERNEL), "GFP_KERNEL");
	CHECK_STR(t45(GFP_NOFS), "GFP_NOFS");
	CHECK_STR(t45(GFP_ATOMIC), "GFP_ATOMIC");
	CHECK_STR(t45(GFP_NOIO), "GFP_NOIO");
	/* v4.5 has no rows for these: they fall to bits or to hex */
	CHECK_STR(t45(GFP_KERNEL_ACCOUNT), "GFP_KERNEL|0x100000");
	CHECK_STR(t45(GFP_NOWAIT), "GFP_KSWAPD_RECLAIM");
	CHECK_STR(t45(GFP_DMA), "0x1");
	CHECK_STR(t45(GFP_DMA32), "0x4");
}

TEST(gfp_format_style_differences)
{
	/* v4.5 spells the bit like the composite */
	CHECK_STR(pgg(GFP_F_ATOMIC), "__GFP_ATOMIC");
	CHECK_STR(t45(GFP_F_ATOMIC), "GFP_ATOMIC");
	/* rows only v4.6 has */
	CHECK_STR(pgg(GFP_F_FS), "__GFP_FS");
	CHECK_STR(t45(GFP_F_FS), "0x80");
	CHECK_STR(pgg(GFP_F_HIGHMEM), "__GFP_HIGHMEM");
	CHECK_STR(t45(GFP_F_HIGHMEM), "0x2");
	CHECK_STR(pgg(GFP_NOIO | GFP_F_WRITE), "GFP_NOIO|__GFP_WRITE");
	CHECK_STR(t45(GFP_NOIO | GFP_F_WRITE), "GFP_NOIO|0x1000000");
	CHECK_STR(pgg(GFP_F_DIRECT_RECLAIM), "__GFP_DIRECT_RECLAIM");
	CHECK_STR(t45(GFP_F_DIRECT_RECLAIM), "GFP_DIRECT_RECLAIM");
	CHECK_STR(pgg(GFP_F_DMA | GFP_F_DMA32), "GFP_DMA|GFP_DMA32");
	/* GFP_TRANSHUGE drops kswapd waking; a THP mask that keeps it shows
	 * the leftover bit as GFP_NOWAIT in v4.6 */
	CHECK_STR(pgg(GFP_TRANSHUGE | GFP_F_KSWAPD_RECLAIM), "GFP_TRANSHUGE|GFP_NOWAIT");
	CHECK_STR(t45(GFP_TRANSHUGE | GFP_F_KSWAPD_RECLAIM), "GFP_TRANSHUGE|GFP_KSWAPD_RECLAIM");
}

TEST(gfp_format_all_bits_table_order)
{
	CHECK_LONG_STR(pgg(GFP_BITS_MASK),
		  "GFP_TRANSHUGE|GFP_ATOMIC|GFP_DMA|GFP_DMA32|__GFP_COLD|__GFP_REPEAT|"
		  "__GFP_NOFAIL|__GFP_ZERO|__GFP_MEMALLOC|__GFP_THISNODE|__GFP_RECLAIMABLE|"
		  "__GFP_ACCOUNT|__GFP_NOTRACK|__GFP_WRITE|__GFP_OTHER_NODE");
	CHECK_LONG_STR(t45(GFP_BITS_MASK),
		  "GFP_TRANSHUGE|GFP_ATOMIC|GFP_COLD|GFP_REPEAT|GFP_NOFAIL|GFP_ZERO|"
		  "GFP_MEMALLOC|GFP_THISNODE|GFP_RECLAIMABLE|GFP_NOTRACK|GFP_OTHER_NODE|0x1100005");
}

TEST(gfp_format_unknown_bits_as_hex)
{
	CHECK_STR(pgg(GFP_KERNEL | 0x4000000), "GFP_KERNEL|0x4000000");
	CHECK_STR(t45(GFP_KERNEL | 0x4000000), "GFP_KERNEL|0x4000000");
	CHECK_STR(pgg(0x80000000u), "0x80000000");
	CHECK_STR(pgg(0xfc000000u | GFP_F_IO), "__GFP_IO|0xfc000000");
}

TEST(gfp_format_truncates_like_snprintf)
{
	char small[5];
	const char *full = "GFP_KERNEL|__GFP_NORETRY";

	memset(small, 'x', sizeof(small));
	CHECK_EQ_UL(gfp_format(GFP_KERNEL | GFP_F_NORETRY, GFP_STYLE_PGG, small, sizeof(small)),
		    strlen(full));
	CHECK_STR(small, "GFP_");
	CHECK_EQ_UL(gfp_format(GFP_KERNEL | GFP_F_NORETRY, GFP_STYLE_PGG, NULL, 0), strlen(full));
	CHECK_EQ_UL(gfp_format(0, GFP_STYLE_TRACE45, small, 1), strlen("GFP_NOWAIT"));
	CHECK_STR(small, "");
	CHECK_EQ_UL(gfp_format(GFP_F_FS, GFP_STYLE_TRACE45, small, sizeof(small)), 4);
	CHECK_STR(small, "0x80");
}

/* ---- round trips ---- */

/* format then parse gives the mask back: exactly for %pGg; for v4.5 traces
 * except that a lone __GFP_ATOMIC prints as GFP_ATOMIC and reads back as
 * the composite. */
static void check_round_trip(gfp_t m)
{
	char buf[512], err[256];
	gfp_t back = 0xdeadbeef;
	gfp_t want45 = m | ((m & GFP_F_ATOMIC) ? GFP_ATOMIC : 0);

	gfp_format(m, GFP_STYLE_PGG, buf, sizeof(buf));
	if (gfp_parse(buf, &back, err, sizeof(err)) || back != m) {
		CHECK_LONG_STR(buf, "(round trip failed)");
		CHECK_EQ_UL(back, m);
		return;
	}
	gfp_format(m, GFP_STYLE_TRACE45, buf, sizeof(buf));
	if (m == 0) {
		/* "GFP_NOWAIT" is what v4.5 prints for 0, but it parses as kswapd */
		return;
	}
	if (gfp_parse(buf, &back, err, sizeof(err)) || back != want45) {
		CHECK_LONG_STR(buf, "(trace45 round trip failed)");
		CHECK_EQ_UL(back, want45);
	}
}

TEST(gfp_round_trip_singles_and_composites)
{
	for (int b = 0; b < GFP_BITS_SHIFT; b++)
		check_round_trip(1u << b);
	for (size_t i = 0; gfp_name_at(i); i++) {
		gfp_t m = parse_ok(gfp_name_at(i));

		check_round_trip(m);
		for (int b = 0; b < GFP_BITS_SHIFT; b++)
			check_round_trip(m | (1u << b));
	}
	check_round_trip(0);
	check_round_trip(GFP_BITS_MASK);
	check_round_trip(0x24201ca);
}

TEST(gfp_round_trip_sweep)
{
	for (gfp_t m = 0; m < 0x1000; m++)
		check_round_trip(m);
	for (int i = 0; i < 20000; i++)
		check_round_trip(lcg() & GFP_BITS_MASK);
	/* sparse masks, more like real ones */
	for (int i = 0; i < 5000; i++)
		check_round_trip(lcg() & lcg() & lcg() & GFP_BITS_MASK);
}

/* ---- parse errors ---- */

TEST(gfp_parse_error_empty)
{
	CHECK_EQ_L(parse_bad(""), -EINVAL);
	CHECK_STR(errbuf, "empty GFP mask; " ACCEPTED);
	CHECK_EQ_L(parse_bad("   "), -EINVAL);
	CHECK_STR(errbuf, "empty GFP mask; " ACCEPTED);
	CHECK_EQ_L(parse_bad(NULL), -EINVAL);
}

TEST(gfp_parse_error_joiners)
{
	CHECK_EQ_L(parse_bad("GFP_KERNEL|"), -EINVAL);
	CHECK_STR(errbuf, "missing GFP flag after trailing '|'");
	CHECK_EQ_L(parse_bad("GFP_KERNEL | "), -EINVAL);
	CHECK_STR(errbuf, "missing GFP flag after trailing '|'");
	CHECK_EQ_L(parse_bad("GFP_KERNEL+"), -EINVAL);
	CHECK_STR(errbuf, "missing GFP flag after trailing '+'");
	CHECK_EQ_L(parse_bad("|GFP_KERNEL"), -EINVAL);
	CHECK_STR(errbuf, "missing GFP flag before '|'");
	CHECK_EQ_L(parse_bad("GFP_KERNEL||__GFP_IO"), -EINVAL);
	CHECK_STR(errbuf, "missing GFP flag between '|' and '|'");
	CHECK_EQ_L(parse_bad("GFP_KERNEL | | __GFP_IO"), -EINVAL);
	CHECK_STR(errbuf, "missing GFP flag between '|' and '|'");
	CHECK_EQ_L(parse_bad("GFP_KERNEL __GFP_IO"), -EINVAL);
	CHECK_STR(errbuf, "expected '|' between GFP flags, before '__GFP_IO'");
	CHECK_EQ_L(parse_bad("|"), -EINVAL);
}

TEST(gfp_parse_error_unknown_with_suggestion)
{
	CHECK_EQ_L(parse_bad("GFP_KERNAL"), -EINVAL);
	CHECK_STR(errbuf, "unknown GFP flag 'GFP_KERNAL' (did you mean GFP_KERNEL?); " ACCEPTED);
	CHECK_EQ_L(parse_bad("gfp_kernel"), -EINVAL);
	CHECK_STR(errbuf, "unknown GFP flag 'gfp_kernel' (did you mean GFP_KERNEL?); " ACCEPTED);
	CHECK_EQ_L(parse_bad("GFP_KERNEL|__GFP_NORETYR"), -EINVAL);
	CHECK_STR(errbuf,
		  "unknown GFP flag '__GFP_NORETYR' (did you mean __GFP_NORETRY?); " ACCEPTED);
	CHECK_EQ_L(parse_bad("GFP_NORETYR"), -EINVAL);
	CHECK_STR(errbuf,
		  "unknown GFP flag 'GFP_NORETYR' (did you mean __GFP_NORETRY?); " ACCEPTED);
	CHECK_EQ_L(parse_bad("NOWARN"), -EINVAL);
	CHECK_STR(errbuf, "unknown GFP flag 'NOWARN' (did you mean __GFP_NOWARN?); " ACCEPTED);
	CHECK_EQ_L(parse_bad("GFP-HIGHUSER-MOVABLE"), -EINVAL);
	CHECK_STR(errbuf, "unknown GFP flag 'GFP-HIGHUSER-MOVABLE' "
		  "(did you mean GFP_HIGHUSER_MOVABLE?); " ACCEPTED);
	CHECK_EQ_L(parse_bad("GFP_WAIT"), -EINVAL);	/* gone since 4.4 */
	CHECK(strstr(errbuf, "unknown GFP flag 'GFP_WAIT'") == errbuf);
}

TEST(gfp_parse_error_unknown_without_suggestion)
{
	CHECK_EQ_L(parse_bad("xyzzy"), -EINVAL);
	CHECK_STR(errbuf, "unknown GFP flag 'xyzzy'; " ACCEPTED);
	CHECK_EQ_L(parse_bad("-1"), -EINVAL);
	CHECK_STR(errbuf, "unknown GFP flag '-1'; " ACCEPTED);
	CHECK_EQ_L(parse_bad("GFP_KERNEL|Q"), -EINVAL);
	CHECK_STR(errbuf, "unknown GFP flag 'Q'; " ACCEPTED);
}

TEST(gfp_parse_error_numbers)
{
	CHECK_EQ_L(parse_bad("0x4000000"), -EINVAL);
	CHECK_STR(errbuf, "GFP mask 0x4000000 has bits above __GFP_BITS_SHIFT (26): 0x4000000");
	CHECK_EQ_L(parse_bad("GFP_KERNEL|0xffffffff"), -EINVAL);
	CHECK_STR(errbuf, "GFP mask 0xffffffff has bits above __GFP_BITS_SHIFT (26): 0xfc000000");
	CHECK_EQ_L(parse_bad("67108864"), -EINVAL);
	CHECK(strstr(errbuf, "bits above __GFP_BITS_SHIFT") != NULL);
	CHECK_EQ_L(parse_bad("0x100000000"), -EINVAL);
	CHECK_STR(errbuf, "number '0x100000000' out of range (gfp_t is 32 bits)");
	CHECK_EQ_L(parse_bad("99999999999999999999999"), -EINVAL);
	CHECK_STR(errbuf, "number '99999999999999999999999' out of range (gfp_t is 32 bits)");
	CHECK_EQ_L(parse_bad("0x"), -EINVAL);
	CHECK_STR(errbuf, "bad number '0x': no hex digits after 0x");
	CHECK_EQ_L(parse_bad("0xZZ"), -EINVAL);
	CHECK_STR(errbuf, "bad number '0xZZ'; " ACCEPTED);
	CHECK_EQ_L(parse_bad("12ab"), -EINVAL);
	CHECK_STR(errbuf, "bad number '12ab'; " ACCEPTED);
}

TEST(gfp_parse_error_long_token_and_small_buffers)
{
	char text[300], err[16];
	gfp_t m = 7;

	memset(text, 'A', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	CHECK_EQ_L(parse_bad(text), -EINVAL);
	CHECK(strstr(errbuf, "AAAA...'; ") != NULL);
	CHECK(strlen(errbuf) < 160);

	CHECK_EQ_L(gfp_parse("GFP_KERNAL", &m, NULL, 0), -EINVAL);
	CHECK_EQ_L(gfp_parse("GFP_KERNAL", &m, err, 0), -EINVAL);
	CHECK_EQ_L(gfp_parse("GFP_KERNAL", &m, err, sizeof(err)), -EINVAL);
	CHECK_EQ_UL(strlen(err), sizeof(err) - 1);
	CHECK_EQ_UL(m, 7);
	/* case matters, as in the kernel */
	CHECK_EQ_L(gfp_parse("Gfp_Kernel", &m, NULL, 0), -EINVAL);
}

/* ---- names for completion ---- */

TEST(gfp_name_at_enumerates_table)
{
	size_t n = 0;
	gfp_t seen_bits = 0, all = 0;

	while (gfp_name_at(n))
		n++;
	/* the 40 names of v4.5/v4.6 (later kernels' are gfp_6_1.c's and
	 * gfp_kernel.c's) */
	CHECK_EQ_UL(n, 40);
	CHECK(gfp_name_at(n) == NULL);
	CHECK(gfp_name_at((size_t)-1) == NULL);
	CHECK_STR(gfp_name_at(0), "GFP_TRANSHUGE");
	for (size_t i = 0; i < n; i++) {
		const char *name = gfp_name_at(i);
		gfp_t m = parse_ok(name);

		CHECK(strncmp(name, "GFP_", 4) == 0 || strncmp(name, "__GFP_", 6) == 0);
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(name, gfp_name_at(j)) != 0);
		if (name[0] == '_' && m && (m & (m - 1)) == 0)
			seen_bits |= m;
		all |= m;
	}
	/* every bit has its own __GFP_ name */
	CHECK_EQ_UL(seen_bits, GFP_BITS_MASK);
	CHECK_EQ_UL(all, GFP_BITS_MASK);
}

/* ---- zone and migratetype ---- */

TEST(gfp_zone_every_modifier_combination)
{
	static const int want[16] = {
		[0x0] = ZONE_NORMAL,	[0x1] = ZONE_DMA,	[0x2] = ZONE_NORMAL,
		[0x3] = -EINVAL,	[0x4] = ZONE_DMA32,	[0x5] = -EINVAL,
		[0x6] = -EINVAL,	[0x7] = -EINVAL,	[0x8] = ZONE_NORMAL,
		[0x9] = ZONE_DMA,	[0xa] = ZONE_MOVABLE,	[0xb] = -EINVAL,
		[0xc] = ZONE_DMA32,	[0xd] = -EINVAL,	[0xe] = -EINVAL,
		[0xf] = -EINVAL,
	};

	for (gfp_t z = 0; z < 16; z++) {
		CHECK_EQ_L(gfp_zone(z), want[z]);
		/* bits outside GFP_ZONEMASK never change the answer */
		CHECK_EQ_L(gfp_zone(z | (GFP_BITS_MASK & ~GFP_ZONEMASK)), want[z]);
		CHECK_EQ_L(gfp_zone(z | GFP_KERNEL), want[z]);
	}
}

TEST(gfp_zone_every_composite)
{
	CHECK_EQ_L(gfp_zone(GFP_ATOMIC), ZONE_NORMAL);
	CHECK_EQ_L(gfp_zone(GFP_KERNEL), ZONE_NORMAL);
	CHECK_EQ_L(gfp_zone(GFP_KERNEL_ACCOUNT), ZONE_NORMAL);
	CHECK_EQ_L(gfp_zone(GFP_NOWAIT), ZONE_NORMAL);
	CHECK_EQ_L(gfp_zone(GFP_NOIO), ZONE_NORMAL);
	CHECK_EQ_L(gfp_zone(GFP_NOFS), ZONE_NORMAL);
	CHECK_EQ_L(gfp_zone(GFP_TEMPORARY), ZONE_NORMAL);
	CHECK_EQ_L(gfp_zone(GFP_USER), ZONE_NORMAL);
	CHECK_EQ_L(gfp_zone(GFP_DMA), ZONE_DMA);
	CHECK_EQ_L(gfp_zone(GFP_DMA32), ZONE_DMA32);
	CHECK_EQ_L(gfp_zone(GFP_HIGHUSER), ZONE_NORMAL);
	CHECK_EQ_L(gfp_zone(GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	CHECK_EQ_L(gfp_zone(GFP_TRANSHUGE), ZONE_MOVABLE);
	CHECK_EQ_L(gfp_zone(GFP_KERNEL | GFP_F_MOVABLE), ZONE_NORMAL);
	CHECK_EQ_L(gfp_zone(GFP_KERNEL | GFP_DMA32), ZONE_DMA32);
	CHECK_EQ_L(gfp_zone(GFP_HIGHUSER | GFP_DMA), -EINVAL);
}

TEST(gfp_migratetype)
{
	CHECK_EQ_L(gfpflags_to_migratetype(0), MIGRATE_UNMOVABLE);
	CHECK_EQ_L(gfpflags_to_migratetype(GFP_F_MOVABLE), MIGRATE_MOVABLE);
	CHECK_EQ_L(gfpflags_to_migratetype(GFP_F_RECLAIMABLE), MIGRATE_RECLAIMABLE);
	CHECK_EQ_L(gfpflags_to_migratetype(GFP_F_MOVABLE | GFP_F_RECLAIMABLE), -EINVAL);
	CHECK_EQ_L(gfpflags_to_migratetype(GFP_KERNEL), MIGRATE_UNMOVABLE);
	CHECK_EQ_L(gfpflags_to_migratetype(GFP_ATOMIC), MIGRATE_UNMOVABLE);
	CHECK_EQ_L(gfpflags_to_migratetype(GFP_TEMPORARY), MIGRATE_RECLAIMABLE);
	CHECK_EQ_L(gfpflags_to_migratetype(GFP_HIGHUSER_MOVABLE), MIGRATE_MOVABLE);
	CHECK_EQ_L(gfpflags_to_migratetype(GFP_TRANSHUGE), MIGRATE_MOVABLE);
	CHECK_EQ_L(gfpflags_to_migratetype(GFP_TEMPORARY | GFP_F_MOVABLE), -EINVAL);
	CHECK_EQ_L(gfpflags_to_migratetype(GFP_BITS_MASK), -EINVAL);
}

TEST(gfp_inline_helpers)
{
	CHECK(gfpflags_allow_blocking(GFP_KERNEL));
	CHECK(!gfpflags_allow_blocking(GFP_ATOMIC));
	CHECK(!gfpflags_allow_blocking(GFP_NOWAIT));
	CHECK(is_thp_gfp_mask(GFP_TRANSHUGE));
	CHECK(is_thp_gfp_mask(GFP_TRANSHUGE | GFP_F_ZERO));
	CHECK(!is_thp_gfp_mask(GFP_TRANSHUGE | GFP_F_KSWAPD_RECLAIM));
	CHECK(!is_thp_gfp_mask(GFP_HIGHUSER_MOVABLE));
}

/* ---- alloc_flags ---- */

TEST(alloc_flags_format_names)
{
	CHECK_STR(aflags(ALLOC_WMARK_MIN | ALLOC_HARDER | ALLOC_HIGH | ALLOC_CPUSET),
		  "ALLOC_WMARK_MIN|ALLOC_HARDER|ALLOC_HIGH|ALLOC_CPUSET");
	CHECK_STR(aflags(0), "ALLOC_WMARK_MIN");
	CHECK_STR(aflags(ALLOC_WMARK_LOW), "ALLOC_WMARK_LOW");
	CHECK_STR(aflags(ALLOC_WMARK_HIGH), "ALLOC_WMARK_HIGH");
	/* the fast path */
	CHECK_STR(aflags(ALLOC_WMARK_LOW | ALLOC_CPUSET | ALLOC_FAIR),
		  "ALLOC_WMARK_LOW|ALLOC_CPUSET|ALLOC_FAIR");
	CHECK_STR(aflags(ALLOC_WMARK_LOW | ALLOC_CPUSET | ALLOC_FAIR | ALLOC_CMA),
		  "ALLOC_WMARK_LOW|ALLOC_CPUSET|ALLOC_CMA|ALLOC_FAIR");
	CHECK_STR(aflags(ALLOC_NO_WATERMARKS), "ALLOC_NO_WATERMARKS");
	CHECK_STR(aflags(ALLOC_NO_WATERMARKS | ALLOC_CPUSET), "ALLOC_NO_WATERMARKS|ALLOC_CPUSET");
	CHECK_STR(aflags(ALLOC_NO_WATERMARKS | ALLOC_HIGH | ALLOC_HARDER),
		  "ALLOC_NO_WATERMARKS|ALLOC_HARDER|ALLOC_HIGH");
}

TEST(alloc_flags_format_odd_values)
{
	char small[6];

	CHECK_STR(aflags(ALLOC_NO_WATERMARKS | ALLOC_WMARK_LOW),
		  "ALLOC_NO_WATERMARKS|ALLOC_WMARK_LOW");
	CHECK_STR(aflags(ALLOC_WMARK_MASK), "0x3");
	CHECK_STR(aflags(ALLOC_WMARK_MASK | ALLOC_HARDER), "ALLOC_HARDER|0x3");
	CHECK_STR(aflags(0x08), "ALLOC_WMARK_MIN|0x8");
	CHECK_STR(aflags(0x200 | ALLOC_CPUSET), "ALLOC_WMARK_MIN|ALLOC_CPUSET|0x200");
	CHECK_EQ_UL(alloc_flags_format(ALLOC_CPUSET, small, sizeof(small)),
		    strlen("ALLOC_WMARK_MIN|ALLOC_CPUSET"));
	CHECK_STR(small, "ALLOC");
	CHECK_EQ_UL(alloc_flags_format(0, NULL, 0), strlen("ALLOC_WMARK_MIN"));
}
