/* tests/unit/test_cov_format_sizes.c - wmark_terms_format() and gfp_format_6_1() in buffers of
 * every size: the text written is always the start of the whole one,
 * NUL-terminated, and its return value says when it was cut (>= the size),
 * with and without each term and label. */
#include <string.h>

#include "buddyscope/gfp.h"
#include "buddyscope/watermark.h"
#include "simtest.h"

static void check_every_size(const struct wmark_terms *t, unsigned int order, const char *full_want)
{
	char full[512], buf[512];
	int n = wmark_terms_format(t, order, "low", full, sizeof(full));

	CHECK_STR(full, full_want);
	CHECK_EQ_L(n, (long)strlen(full_want));
	for (size_t len = 1; len <= strlen(full) + 1; len++) {
		int k;

		memset(buf, 'X', sizeof(buf));
		k = wmark_terms_format(t, order, "low", buf, len);
		/* the start of the whole text, NUL-terminated within @len */
		CHECK(memchr(buf, '\0', len) != NULL);
		CHECK(strncmp(buf, full, strlen(buf)) == 0);
		CHECK_EQ_UL(strlen(buf), len - 1 < strlen(full) ? len - 1 : strlen(full));
		/* cut exactly when the size says so */
		CHECK((k >= (int)len) == (len <= strlen(full)));
		if (test_failures_now)
			return;
	}
}

TEST(cov_wmark_format_every_term_every_size)
{
	struct wmark_terms t;

	memset(&t, 0, sizeof(t));
	t.free = 122;
	t.order_cut = 7;
	t.highatomic = 5;
	t.cma = 3;
	t.mark = 110;
	t.mark_extra = 8;
	t.high_cut = 20;
	t.harder_cut = 10;
	t.reserve = 40;
	check_every_size(&t, 3, "free 122 - 7 for order 3 - 5 for highatomic - 3 for CMA = 107 <= "
			 "low 102 + 8 for the caller - 20 for ALLOC_HIGH - 10 for ALLOC_HARDER = 80 "
			 "+ lowmem_reserve 40");
	t.extra_label = "compaction";
	t.high_label = "ALLOC_MIN_RESERVE";
	t.harder_label = "ALLOC_NON_BLOCK";
	t.reserve = 0;
	check_every_size(&t, 3, "free 122 - 7 for order 3 - 5 for highatomic - 3 for CMA = 107 > "
			 "low 102 + 8 for compaction - 20 for ALLOC_MIN_RESERVE - 10 for "
			 "ALLOC_NON_BLOCK = 80 + lowmem_reserve 0");
	/* no terms: free and the mark as they are */
	memset(&t, 0, sizeof(t));
	t.free = 69;
	t.mark = 82;
	t.reserve = 1;
	check_every_size(&t, 0, "free 69 <= low 82 + lowmem_reserve 1");
}

/* gfp_format_6_1() as snprintf: the whole length returned at any size,
 * and the start of the whole text in the buffer. */
TEST(cov_gfp_format_6_1_every_size)
{
	static const gfp_t masks[] = { 0, GFP_KERNEL, GFP_HIGHUSER_MOVABLE | GFP_F_COLD,
				       GFP_F_COLD, GFP_ATOMIC | GFP_F_NOWARN };
	static const char *const want[] = {
		"none", "GFP_KERNEL", "GFP_HIGHUSER_MOVABLE|(not in 6.1: 0x100)",
		"(not in 6.1: 0x100)", "GFP_ATOMIC|__GFP_NOWARN",
	};

	for (size_t m = 0; m < sizeof(masks) / sizeof(masks[0]); m++) {
		char full[256], buf[256];
		size_t n = gfp_format_6_1(masks[m], full, sizeof(full));

		CHECK_STR(full, want[m]);
		CHECK_EQ_UL(n, strlen(want[m]));
		CHECK_EQ_UL(gfp_format_6_1(masks[m], NULL, 0), n);	/* size only */
		for (size_t len = 1; len <= n + 1; len++) {
			memset(buf, 'X', sizeof(buf));
			CHECK_EQ_UL(gfp_format_6_1(masks[m], buf, len), n);
			CHECK_EQ_UL(strlen(buf), len - 1 < n ? len - 1 : n);
			CHECK(strncmp(buf, full, strlen(buf)) == 0);
		}
	}
}
