/* app/zread.h - reading a file a user named, compressed or not.
 *
 * Real captures travel compressed (kern.log.2.gz, trace.txt.xz, a /proc
 * copy packed by hand). The format is told by the file's first bytes, not
 * its name; the system's gzip, xz, bzip2 or zstd decompresses it through a
 * pipe (the engine stays libc-only), fed the file already opened here.
 */
#ifndef BUDDYSCOPE_APP_ZREAD_H
#define BUDDYSCOPE_APP_ZREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct zin {
	FILE		*f;		/* the text, decompressed */
	pid_t		child;		/* the decompressor, or 0 */
	const char	*tool;		/* its name, or NULL for a plain file */
	long long	size;		/* of a plain file, else -1 */
};

/* Open @path for reading (after the caller's file_access_check()). Return 0;
 * -ENOENT if it does not exist (with the message in @err); -1 with a
 * one-line message in @err. */
int zin_open(struct zin *in, const char *path, char *err, size_t errlen);

/* Close; for a decompressor, say how it ended when @read_all (the caller
 * read to the end). Return 0, or -1 with a one-line message in @err. */
int zin_close(struct zin *in, const char *path, bool read_all, char *err, size_t errlen);

#endif
