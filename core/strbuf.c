/* core/strbuf.c - a growable text buffer (after git's strbuf.c).
 *
 * The buffer is NUL-terminated after every call. When malloc fails the
 * append is dropped and ->failed is set; from then on appends are dropped
 * too, so the text never has a hole in the middle. sb_reset() and
 * sb_release() start over.
 */
#include "buddyscope/strbuf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SB_MIN_ALLOC	64

void sb_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = 0;
	sb->alloc = 0;
	sb->failed = false;
}

void sb_release(struct strbuf *sb)
{
	free(sb->buf);
	sb_init(sb);
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->failed = false;
	if (sb->buf)
		sb->buf[0] = '\0';
}

/* Make room for @extra more bytes plus the NUL. Return: false on OOM. */
static bool sb_grow(struct strbuf *sb, size_t extra)
{
	size_t want, alloc;
	char *p;

	if (sb->failed)
		return false;
	if (extra > SIZE_MAX - sb->len - 1)
		goto fail;
	want = sb->len + extra + 1;
	if (want <= sb->alloc)
		return true;
	alloc = sb->alloc < SB_MIN_ALLOC ? SB_MIN_ALLOC : sb->alloc;
	while (alloc < want)
		alloc = alloc > SIZE_MAX / 2 ? want : alloc * 2;
	p = realloc(sb->buf, alloc);
	if (!p)
		goto fail;
	sb->buf = p;
	sb->alloc = alloc;
	return true;
fail:
	sb->failed = true;
	return false;
}

void sb_add(struct strbuf *sb, const char *s, size_t n)
{
	if (!sb_grow(sb, n))
		return;
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_putc(struct strbuf *sb, char c)
{
	sb_add(sb, &c, 1);
}

void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (sb->failed)
		return;
	/* Try the room we have first; most lines fit. */
	va_copy(cp, ap);
	n = vsnprintf(sb->buf ? sb->buf + sb->len : NULL,
		      sb->buf ? sb->alloc - sb->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		/* a bad format (EOVERFLOW); keep what was there */
		if (sb->buf)
			sb->buf[sb->len] = '\0';
		return;
	}
	if (sb->buf && (size_t)n < sb->alloc - sb->len) {
		sb->len += (size_t)n;
		return;
	}
	if (!sb_grow(sb, (size_t)n)) {
		if (sb->buf)
			sb->buf[sb->len] = '\0';
		return;
	}
	va_copy(cp, ap);
	vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, cp);
	va_end(cp);
	sb->len += (size_t)n;
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

const char *sb_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

char *sb_detach(struct strbuf *sb)
{
	char *s = sb->buf;

	if (!s) {
		s = malloc(1);
		if (s)
			s[0] = '\0';
	}
	sb_init(sb);
	return s;
}
