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
