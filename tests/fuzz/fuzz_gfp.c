/* tests/fuzz/fuzz_gfp.c - gfp_parse() and what reads its mask.
 *
 * Input: the text of a GFP mask ("GFP_KERNEL|__GFP_NORETRY", "0x24000c0").
 * gfp_parse() returns 0 or -EINVAL with a one-line reason and writes the mask
 * only on success; an error message cut to any buffer size stays a
 * NUL-terminated prefix; a parsed mask printed in the %pGg style parses back
 * to itself, and in the v4.5 trace style parses at all (so does any mask
 * below 1 << GFP_BITS_SHIFT the input's first bytes spell); gfp_format() and
 * alloc_flags_format() behave like snprintf for every buffer size; gfp_zone()
 * and gfpflags_to_migratetype() give a zone, a migratetype or -EINVAL.
 */
#include "fuzz.h"

#include <errno.h>
#include "buddyscope/gfp.h"

#define GFP_INPUT_MAX	1024

/* gfp_format() into buffers of every size up to the full text: the same
 * length back, a NUL-terminated prefix of the full text, no overrun. */
static void check_format_sizes(gfp_t mask, enum gfp_style style, const char *full, size_t len)
{
	char buf[64 + 1];

	for (size_t n = 1; n < sizeof(buf) - 1 && n <= len + 1; n += n < 8 ? 1 : 7) {
		size_t got;

		memset(buf, 'Z', sizeof(buf));
		got = gfp_format(mask, style, buf, n);
		if (got != len || buf[n] != 'Z' || strlen(buf) != n - 1 ||
		    strncmp(buf, full, n - 1))
			fuzz_fail("gfp_format(%#x, style %d, len %zu): returned %zu for '%s', "
				  "wrote '%.*s'", mask, (int)style, n, got, full, (int)(n - 1), buf);
	}
	if (gfp_format(mask, style, NULL, 0) != len)
		fuzz_fail("gfp_format(%#x, NULL, 0) does not return the length %zu", mask, len);
}

/* @mask came from gfp_parse (@parsed), or is any 32-bit pattern: only a
 * parsed mask, which has no bits above GFP_BITS_SHIFT, must read back. */
static void check_mask(gfp_t mask, const char *input, bool parsed)
{
	char text[512], back_err[256];
	size_t len;
	gfp_t back = ~0u;
	int z, mt, rc;

	/* %pGg style: parses back to the same mask */
	len = gfp_format(mask, GFP_STYLE_PGG, text, sizeof(text));
	if (len >= sizeof(text) || strlen(text) != len)
		fuzz_fail("gfp_format(%#x): length %zu for '%s'", mask, len, text);
	check_format_sizes(mask, GFP_STYLE_PGG, text, len);
	rc = gfp_parse(text, &back, back_err, sizeof(back_err));
	if (parsed && (rc || back != mask))
		fuzz_fail("'%s' parsed to %#x, printed as '%s', which parses to %#x (rc %d: %s)",
			  input, mask, text, back, rc, rc ? back_err : "");

	/* v4.5 trace style: readable by gfp_parse (it accepts both spellings) */
	len = gfp_format(mask, GFP_STYLE_TRACE45, text, sizeof(text));
	if (len >= sizeof(text) || strlen(text) != len)
		fuzz_fail("gfp_format(%#x, trace45): length %zu for '%s'", mask, len, text);
	check_format_sizes(mask, GFP_STYLE_TRACE45, text, len);
	if (parsed && gfp_parse(text, &back, back_err, sizeof(back_err)))
		fuzz_fail("gfp_format(%#x, trace45) printed '%s', which does not parse: %s",
			  mask, text, back_err);

	z = gfp_zone(mask);
	if (z != -EINVAL && (z < 0 || z >= MAX_NR_ZONES))
		fuzz_fail("gfp_zone(%#x) = %d", mask, z);
	mt = gfpflags_to_migratetype(mask);
	if (mt != -EINVAL && (mt < 0 || mt >= MIGRATE_TYPES))
		fuzz_fail("gfpflags_to_migratetype(%#x) = %d", mask, mt);

	/* the mask's low bits as alloc_flags: any bits print, snprintf-style */
	len = alloc_flags_format(mask & 0x1ff, text, sizeof(text));
	if (len >= sizeof(text) || strlen(text) != len)
		fuzz_fail("alloc_flags_format(%#x): length %zu for '%s'", mask & 0x1ff, len, text);
	if (len) {
		char small[8];

		memset(small, 'Z', sizeof(small));
		if (alloc_flags_format(mask & 0x1ff, small, 4) != len || small[4] != 'Z' ||
		    strlen(small) != (len < 3 ? len : 3))
			fuzz_fail("alloc_flags_format(%#x) into 4 bytes overran or lost its length",
				  mask & 0x1ff);
	}
}

int fuzz_gfp(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size, GFP_INPUT_MAX);
	char err[256], small[16 + 1];
	gfp_t mask = 0xdeadbeef;
	size_t errlen;
	int rc, rc2;

	if (!text)
		return 0;
	memset(err, 'Z', sizeof(err));
	rc = gfp_parse(text, &mask, err, sizeof(err));
	if (rc == 0) {
		check_mask(mask, text, true);
	} else if (rc == -EINVAL) {
		if (mask != 0xdeadbeef)
			fuzz_fail("gfp_parse('%.60s') failed but wrote the mask %#x", text, mask);
		if (!memchr(err, '\0', sizeof(err)))
			fuzz_fail("gfp_parse('%.60s'): message not NUL-terminated", text);
		else
			fuzz_check_msg("gfp_parse", err, text);
	} else {
		fuzz_fail("gfp_parse('%.60s') returned %d, not 0 or -EINVAL", text, rc);
	}

	/* the same call with a small message buffer: same answer, no overrun */
	errlen = 1 + size % (sizeof(small) - 1);
	memset(small, 'Z', sizeof(small));
	rc2 = gfp_parse(text, &mask, small, errlen);
	if (rc2 != rc)
		fuzz_fail("gfp_parse('%.60s'): %d with a %zu-byte message buffer, %d before",
			  text, rc2, errlen, rc);
	if (small[errlen] != 'Z' || (rc && !memchr(small, '\0', errlen)))
		fuzz_fail("gfp_parse('%.60s'): message overran or lost its NUL at %zu bytes",
			  text, errlen);
	else if (rc && strncmp(small, err, strlen(small)))
		fuzz_fail("gfp_parse('%.60s'): cut message '%s' is not a prefix of '%s'", text,
			  small, err);

	/* every bit pattern the input can spell formats and checks too */
	if (size >= 4) {
		gfp_t raw = (gfp_t)data[0] | (gfp_t)data[1] << 8 | (gfp_t)data[2] << 16 |
			    (gfp_t)data[3] << 24;

		check_mask(raw, "(raw bits)", false);
		check_mask(raw & GFP_BITS_MASK, "(raw bits)", true);
	}
	free(text);
	return 0;
}

FUZZ_TARGET(fuzz_gfp)
