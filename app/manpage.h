/* app/manpage.h - buddyscope(1) from the command table (manpage.c). */
#ifndef BUDDYSCOPE_APP_MANPAGE_H
#define BUDDYSCOPE_APP_MANPAGE_H

#include "buddyscope/strbuf.h"

/* Append the whole page, in roff (man(7)), to @out. @usage_text is what
 * `buddyscope --help` prints; its option lines become OPTIONS. */
void manpage_write(struct strbuf *out, const char *usage_text, const char *version);

#endif
