/* include/buddyscope/strbuf.h - a growable text buffer (after git's strbuf.h).
 * The buffer is always NUL-terminated. On host OOM, further appends are
 * dropped and ->failed is set; callers that care return -ENOMEM.
 */
#ifndef BUDDYSCOPE_STRBUF_H
#define BUDDYSCOPE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>

struct strbuf {
	char	*buf;		/* owned; from malloc(); "" until the first append */
	size_t	len;
	size_t	alloc;
	bool	failed;		/* an append could not get memory */
};

#define STRBUF_INIT { NULL, 0, 0, false }

void sb_init(struct strbuf *sb);
void sb_release(struct strbuf *sb);		/* frees; sb is STRBUF_INIT again */
void sb_reset(struct strbuf *sb);		/* len = 0, keeps memory */
void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_puts(struct strbuf *sb, const char *s);
void sb_putc(struct strbuf *sb, char c);
__attribute__((format(printf, 2, 3)))
void sb_printf(struct strbuf *sb, const char *fmt, ...);
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
const char *sb_str(const struct strbuf *sb);	/* never NULL */
char *sb_detach(struct strbuf *sb);		/* caller frees with free() */

#endif
