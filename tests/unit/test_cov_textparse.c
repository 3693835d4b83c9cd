/* tests/unit/test_cov_textparse.c - numbers and sizes as the command line
 * and the file parsers read them: a size whose unit overflows is "too
 * large" before it can wrap, hex and decimal limits hold, and malformed
 * digits are refused. */
#include <errno.h>
#include <string.h>

#include "../../core/textparse.h"
#include "simtest.h"

static int parse1(const char *text, bool units, unsigned long max, unsigned long *out, char *err,
		  size_t errlen)
{
	struct parser ps;
	struct words w;

	tp_init(&ps, text, err, errlen);
	if (!tp_next_words(&ps, false, &w) || w.n < 1)
		return -1;
	return tp_parse_num(&ps, &w, 0, "size", units, max, out);
}

TEST(cov_textparse_sizes_and_limits)
{
	unsigned long v = 7;
	char err[256] = "";

	CHECK_EQ_L(parse1("512M", true, 1UL << 40, &v, err, sizeof(err)), 0);
	CHECK_EQ_UL(v, 131072);
	v = 7;
	/* 2^62 bytes is the most a unit may give: beyond that, too large */
	CHECK_EQ_L(parse1("99999999999T", true, 1UL << 40, &v, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "line 1: size '99999999999T' is too large; accepted: 0..1099511627776 pages");
	CHECK_EQ_UL(v, 7);
	/* tp_dec / tp_hex: empty, bad digits, above max, too long */
	CHECK(!tp_dec("", 0, 10, &v));
	CHECK(!tp_dec("12a", 3, 1000, &v));
	CHECK(!tp_dec("1001", 4, 1000, &v));
	CHECK(tp_dec("1000", 4, 1000, &v) && v == 1000);
	/* why tp_dec refused: a reason to test, its words for messages */
	CHECK(tp_dec_fail("", 0) == TP_DEC_NOT_NUMBER);
	CHECK(tp_dec_fail("12a", 3) == TP_DEC_NOT_NUMBER);
	CHECK(tp_dec_fail("-1", 2) == TP_DEC_NOT_NUMBER);
	CHECK(tp_dec_fail("99999999999999999999999", 23) == TP_DEC_TOO_LARGE);
	CHECK_STR(tp_dec_why("1001", 4), "is too large");
	CHECK_STR(tp_dec_why("x", 1), "is not a number");
	CHECK(!tp_hex("", 0, 10, &v));
	CHECK(!tp_hex("12345678901234567", 17, (unsigned long)-1, &v));
	CHECK(!tp_hex("fg", 2, 1000, &v));
	CHECK(!tp_hex("3e9", 3, 1000, &v));
	CHECK(tp_hex("3E8", 3, 1000, &v) && v == 1000);
}
