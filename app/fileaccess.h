/* app/fileaccess.h - which files a command may open.
 *
 * Every command that opens a file a user or a script names (machine
 * file:PATH, zoneinfo:PATH, proc:DIR, source FILE, trace replay FILE,
 * explain FILE, ...) asks here first, before anything reads it. A person at
 * the command line may open any file they can read; a script or a lesson
 * only files below its own folder and the project's data folders, never
 * devices or special files (the policy lives in fileaccess.c).
 */
#ifndef BUDDYSCOPE_APP_FILEACCESS_H
#define BUDDYSCOPE_APP_FILEACCESS_H

#include <stddef.h>

struct cmd_ctx;

enum file_kind {
	FILE_KIND_FILE,		/* a regular file */
	FILE_KIND_DIR,		/* a folder (proc:DIR, after=DIR) */
};

/**
 * file_access_check - may the command now running open @path?
 * @kind: what the command expects @path to be.
 * Return: 0 if it may, or -1 with a one-line message in @err that names the
 * path and the rule, never the file's content.
 */
int file_access_check(const struct cmd_ctx *ctx, const char *path, enum file_kind kind,
		      char *err, size_t errlen);

/**
 * file_write_open - open @path to write it whole (truncated, or created
 * 0644), as the command now running may: never a device, a FIFO, a socket,
 * a folder or a symlink (the last component is opened with O_NOFOLLOW and
 * checked again once open, without blocking on a FIFO). A script or lesson
 * may write only below the current folder: a relative path without '..'
 * and without a symlink anywhere in it (each folder on the way is opened
 * with O_NOFOLLOW from the one before, so none can lead out). A person at
 * the command line may name any path they can write.
 * Return: a file descriptor for the caller to close, or -1 with a one-line
 * message in @err naming the path and the rule.
 */
int file_write_open(const struct cmd_ctx *ctx, const char *path, char *err, size_t errlen);

#endif
