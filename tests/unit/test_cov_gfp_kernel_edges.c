/* tests/unit/test_cov_gfp_kernel_edges.c - gfp_parse_kernel() on the raw
 * masks and names at the edges: decimal and 0X masks, digits past the base,
 * masks past 32 bits, "(" without ")", an empty "()" after a mask, empty
 * flags, v4.5's GFP_NOWAIT only for kernels before 4.6. */
#include <errno.h>
#include <string.h>

#include "buddyscope/gfp.h"
#include "buddyscope/replay.h"
#include "simtest.h"

TEST(cov_gfp_kernel_edges)
{
	static const struct { const char *text; int kver; const char *err; } bad[] = {
		{ "0x1g", 601, "bad GFP mask '0x1g'; accepted: GFP names or a hex mask" },
		{ "12a", 601, "bad GFP mask '12a'; accepted: GFP names or a hex mask" },
		{ "0x1ffffffff0", 601, "bad GFP mask '0x1ffffffff0'; accepted: GFP names or a hex mask" },
		{ "0xcc0(GFP_KERNEL", 601, "bad GFP mask '0xcc0(GFP_KERNEL': a '(' without its ')'" },
		{ "0xcc0(GFP_KERNEL)x", 601,
		  "bad GFP mask '0xcc0(GFP_KERNEL)x': a '(' without its ')'" },
		{ "GFP_KERNEL||__GFP_ZERO", 601, "empty GFP flag in 'GFP_KERNEL||__GFP_ZERO'" },
		{ "0xcc0(1x)", 601, "bad GFP mask '1x'; accepted: GFP names or a hex mask" },
	};
	gfp_t g;
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		CHECK_EQ_L(gfp_parse_kernel(bad[i].text, bad[i].kver, &g, err, sizeof(err)), -EINVAL);
		if (strcmp(err, bad[i].err))
			printf("  %s: %s\n", bad[i].text, err);
		CHECK_STR(err, bad[i].err);
	}
	/* decimal and upper-case 0X masks read as the same bits */
	g = 1;
	CHECK_EQ_L(gfp_parse_kernel("3264", 601, &g, err, sizeof(err)), 0);
	CHECK_EQ_UL(g, GFP_KERNEL);
	g = 1;
	CHECK_EQ_L(gfp_parse_kernel("0XCC0", 601, &g, err, sizeof(err)), 0);
	CHECK_EQ_UL(g, GFP_KERNEL);
	/* "0x0()": %pGg prints nothing for 0; the mask reads as no bits */
	g = 1;
	CHECK_EQ_L(gfp_parse_kernel("0x0()", 601, &g, err, sizeof(err)), 0);
	CHECK_EQ_UL(g, 0);
	/* GFP_NOWAIT printed for an empty mask only before 4.6; kver 0 (unknown)
	 * reads it by its name */
	g = 1;
	CHECK_EQ_L(gfp_parse_kernel("GFP_NOWAIT", 405, &g, err, sizeof(err)), 0);
	CHECK_EQ_UL(g, 0);
	CHECK_EQ_L(gfp_parse_kernel("GFP_NOWAIT", 0, &g, err, sizeof(err)), 0);
	CHECK_EQ_UL(g, GFP_F_KSWAPD_RECLAIM);
	CHECK_EQ_L(gfp_parse_kernel("GFP_NOWAIT", 601, &g, err, sizeof(err)), 0);
	CHECK_EQ_UL(g, GFP_F_KSWAPD_RECLAIM);
	/* GFP_TRANSHUGE meant no direct reclaim before 4.8 */
	CHECK_EQ_L(gfp_parse_kernel("GFP_TRANSHUGE", 407, &g, err, sizeof(err)), 0);
	CHECK_EQ_UL(g, GFP_TRANSHUGE);
}
