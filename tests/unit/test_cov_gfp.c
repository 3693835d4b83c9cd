/* tests/unit/test_cov_gfp.c - GFP masks in 6.1's numbering and names, and
 * as a kernel log or trace of a given version printed them: what parses,
 * what is refused with the reason, and how 6.1 prints masks it has no
 * names for. */
#include <errno.h>
#include <string.h>

#include "buddyscope/gfp.h"
#include "buddyscope/replay.h"
#include "simtest.h"

TEST(cov_gfp_61_numbers_and_names)
{
	char err[256] = "", buf[256];
	gfp_t g = 123;

	/* 6.1's GFP_KERNEL is 0xcc0: __GFP_IO 0x40 | __GFP_FS 0x80 | RECLAIM 0xc00 */
	CHECK_EQ_L(gfp_parse_style("0xcc0", GFP_STYLE_61, &g, err, sizeof(err)), 0);
	CHECK_EQ_UL(g, GFP_KERNEL);
	CHECK_EQ_L(gfp_parse_style("none", GFP_STYLE_61, &g, err, sizeof(err)), 0);
	CHECK_EQ_UL(g, 0);
	g = 123;
	CHECK_EQ_L(gfp_parse_style("0x1000000", GFP_STYLE_61, &g, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "GFP mask 0x1000000 has bits Linux 6.1 does not define (0x1000000)") != NULL);
	CHECK_EQ_UL(g, 123);
	/* v4.5 has no __GFP_RETRY_MAYFAIL: the name says which kernel has it */
	CHECK_EQ_L(gfp_parse("__GFP_RETRY_MAYFAIL", &g, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "'__GFP_RETRY_MAYFAIL' came with Linux 4.13 (`kernel 6.1` has it)") != NULL);
	/* %pGg of an empty mask, and of bits 6.1 does not have */
	gfp_format_6_1(0, buf, sizeof(buf));
	CHECK_STR(buf, "none");
	gfp_format_6_1(GFP_F_NOTRACK, buf, sizeof(buf));
	CHECK_STR(buf, "(not in 6.1: 0x200000)");
	gfp_format_6_1(GFP_KERNEL | GFP_F_NOTRACK, buf, sizeof(buf));
	CHECK_STR(buf, "GFP_KERNEL|(not in 6.1: 0x200000)");
}

TEST(cov_gfp_as_a_kernel_printed_it)
{
	char err[256] = "";
	gfp_t g = 123;

	/* %pGg prints nothing for 0: "0x0()" */
	CHECK_EQ_L(gfp_parse_kernel("0x0()", 601, &g, err, sizeof(err)), 0);
	CHECK_EQ_UL(g, 0);
	CHECK_EQ_L(gfp_parse_kernel("0xcc0()", 601, &g, err, sizeof(err)), 0);
	CHECK_EQ_UL(g, GFP_KERNEL);
	g = 123;
	CHECK_EQ_L(gfp_parse_kernel("0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP", 601, &g, err,
				    sizeof(err)), -EINVAL);
	CHECK(strstr(err, "a '(' without its ')'") != NULL);
	CHECK_EQ_L(gfp_parse_kernel("0xcc0(GFP_KERNEL)x", 601, &g, err, sizeof(err)), -EINVAL);
	CHECK_EQ_L(gfp_parse_kernel("0x12g4", 601, &g, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "bad GFP mask '0x12g4'; accepted: GFP names or a hex mask") != NULL);
	CHECK_EQ_UL(g, 123);
	/* a name longer than any the kernel has is refused, not overrun */
	CHECK_EQ_L(gfp_parse_kernel("__GFP_A_VERY_LONG_NAME_THAT_NO_KERNEL_HAS_EVER_PRINTED_IN_A_"
				    "TRACE_OR_LOG", 601, &g, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "unknown GFP flag") != NULL);
	CHECK_EQ_UL(g, 123);
}

/* Every flag name 6.1's include/linux/gfp_types.h defines parses under 6.1
 * with 6.1's value (x86-64: no CONFIG_KASAN_HW_TAGS, no CONFIG_LOCKDEP, so
 * the KASAN and lockdep flags are 0); the ones v4.5 lacks are refused by
 * the v4.5 names, saying which kernel has them. */
TEST(cov_gfp_61_every_gfp_types_name)
{
	static const struct { const char *name; unsigned int v; bool in45; } names[] = {
		{ "__GFP_DMA", 0x1, true }, { "__GFP_HIGHMEM", 0x2, true },
		{ "__GFP_DMA32", 0x4, true }, { "__GFP_MOVABLE", 0x8, true },
		{ "__GFP_RECLAIMABLE", 0x10, true }, { "__GFP_HIGH", 0x20, true },
		{ "__GFP_IO", 0x40, true }, { "__GFP_FS", 0x80, true },
		{ "__GFP_ZERO", 0x100, true }, { "__GFP_ATOMIC", 0x200, true },
		{ "__GFP_DIRECT_RECLAIM", 0x400, true }, { "__GFP_KSWAPD_RECLAIM", 0x800, true },
		{ "__GFP_WRITE", 0x1000, true }, { "__GFP_NOWARN", 0x2000, true },
		{ "__GFP_RETRY_MAYFAIL", 0x4000, false }, { "__GFP_NOFAIL", 0x8000, true },
		{ "__GFP_NORETRY", 0x10000, true }, { "__GFP_MEMALLOC", 0x20000, true },
		{ "__GFP_COMP", 0x40000, true }, { "__GFP_NOMEMALLOC", 0x80000, true },
		{ "__GFP_HARDWALL", 0x100000, true }, { "__GFP_THISNODE", 0x200000, true },
		{ "__GFP_ACCOUNT", 0x400000, true }, { "__GFP_ZEROTAGS", 0x800000, false },
		{ "__GFP_SKIP_ZERO", 0, false }, { "__GFP_SKIP_KASAN_UNPOISON", 0, false },
		{ "__GFP_SKIP_KASAN_POISON", 0, false }, { "__GFP_NOLOCKDEP", 0, false },
		{ "__GFP_RECLAIM", 0xc00, true },
		{ "GFP_ATOMIC", 0xa20, true }, { "GFP_KERNEL", 0xcc0, true },
		{ "GFP_KERNEL_ACCOUNT", 0x400cc0, true }, { "GFP_NOWAIT", 0x800, true },
		{ "GFP_NOIO", 0xc00, true }, { "GFP_NOFS", 0xc40, true },
		{ "GFP_USER", 0x100cc0, true }, { "GFP_DMA", 0x1, true },
		{ "GFP_DMA32", 0x4, true }, { "GFP_HIGHUSER", 0x100cc2, true },
		{ "GFP_HIGHUSER_MOVABLE", 0x100cca, true },
		{ "GFP_TRANSHUGE_LIGHT", 0x1c20ca, false }, { "GFP_TRANSHUGE", 0x1c24ca, true },
	};
	char err[256], buf[128];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		unsigned int v = 12345;
		gfp_t g = 7;
		int ret = gfp_parse_6_1(names[i].name, &g, &v, NULL, err, sizeof(err));

		if (ret || v != names[i].v)
			printf("  6.1 %s: %d %#x %s\n", names[i].name, ret, v, ret ? err : "");
		CHECK_EQ_L(ret, 0);
		CHECK_EQ_UL(v, names[i].v);
		/* the model's bits are 6.1's, but for the bit it has none for */
		CHECK_EQ_UL(gfp_to_6_1(g), names[i].v & ~GFP61_ZEROTAGS);
		ret = gfp_parse(names[i].name, &g, err, sizeof(err));
		CHECK_EQ_L(ret, names[i].in45 ? 0 : -EINVAL);
		if (!names[i].in45)
			CHECK(strstr(err, "`kernel 6.1` has it") != NULL);
	}
	/* 6.1 prints __GFP_ZEROTAGS last, as its gfpflag_names does; its number parses */
	gfp_format_6_1_value(0x800cc0, buf, sizeof(buf));
	CHECK_STR(buf, "GFP_KERNEL|__GFP_ZEROTAGS");
	{
		unsigned int v = 0;
		gfp_t g = 7;

		CHECK_EQ_L(gfp_parse_6_1("0x800cc0", &g, &v, NULL, err, sizeof(err)), 0);
		CHECK_EQ_UL(g, GFP_KERNEL);
		CHECK_EQ_UL(v, 0x800cc0);
		/* 0x1000000 is __GFP_SKIP_ZERO only with CONFIG_KASAN_HW_TAGS */
		CHECK_EQ_L(gfp_parse_6_1("0x1800000", &g, &v, NULL, err, sizeof(err)), -EINVAL);
		CHECK(strstr(err, "does not define (0x1000000)") != NULL);
	}
}

/* The parser says which of 6.1's unmodelled flags a mask named, by name or
 * (__GFP_ZEROTAGS) by number, each once: `show gfp` prints a note for each. */
TEST(cov_gfp_61_notes_named_by_the_mask)
{
	const char *name, *note;
	unsigned int v = 0, notes = 0;
	char err[256];
	gfp_t g;
	size_t zt = 99, nl = 99;

	for (size_t i = 0; (note = gfp_note_at_6_1(i, &name)); i++) {
		if (!strcmp(name, "__GFP_ZEROTAGS"))
			zt = i;
		if (!strcmp(name, "__GFP_NOLOCKDEP"))
			nl = i;
	}
	CHECK(zt < 32 && nl < 32);
	CHECK_EQ_L(gfp_parse_6_1("GFP_KERNEL|__GFP_NOLOCKDEP|__GFP_NOLOCKDEP", &g, &v, &notes, err,
				 sizeof(err)), 0);
	CHECK_EQ_UL(notes, 1u << nl);
	CHECK_EQ_L(gfp_parse_6_1("0x800cc0", &g, &v, &notes, err, sizeof(err)), 0);
	CHECK_EQ_UL(notes, 1u << zt);
	CHECK_EQ_L(gfp_parse_6_1("GFP_KERNEL", &g, &v, &notes, err, sizeof(err)), 0);
	CHECK_EQ_UL(notes, 0);
}
