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

#endif
