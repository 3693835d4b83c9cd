/* app/fileaccess.c - which files a command may open (fileaccess.h).
 *
 * The rule, in the order it is checked:
 *   1. a path names something: an empty one is refused;
 *   2. it is what the command reads: a regular file (FILE_KIND_FILE) or a
 *      folder (FILE_KIND_DIR), never a device, a FIFO or a socket
 *      (/dev/stdin would swallow the rest of a batch, /dev/zero never ends),
 *      whoever asks;
 *   3. a person at the command line may then open any such file they can
 *      read; a script or lesson (a Lua run is on: script_running_dir())
 *      only below its own folder or one of the data folders (lessons/,
 *      scripts/, tests/data/ of script_datadir(): the source tree, or the
 *      installed share/buddyscope). Symlinks and ".." are resolved first
 *      (realpath), so neither leads out.
 * Messages name the path and the rule, never anything read from the file.
 * Writing (file_write_open) has its own, stricter rule: see fileaccess.h.
 */
#include "fileaccess.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "commands.h"
#include "history.h"
#include "lua.h"

static const char *const data_folders[] = { "lessons", "scripts", "tests/data" };

/* Is the resolved @path @root itself or below it? (@root resolved too.) */
static bool below(const char *path, const char *root)
{
	size_t n = strlen(root);

	if (n == 1 && root[0] == '/')
		return true;
	return !strncmp(path, root, n) && (path[n] == '/' || path[n] == '\0');
}

/* May a script whose folder is @dir ("" for code typed with `lua`: the
 * current directory) open the resolved @path? */
static bool script_may_open(const char *path, const char *dir)
{
	char root[PATH_MAX], cand[PATH_MAX + 32];

	if (realpath(*dir ? dir : ".", root) && below(path, root))
		return true;
	for (size_t i = 0; i < sizeof(data_folders) / sizeof(data_folders[0]); i++) {
		snprintf(cand, sizeof(cand), "%s/%s", script_datadir(), data_folders[i]);
		if (realpath(cand, root) && below(path, root))
			return true;
	}
	return false;
}

/* Is @path one of the kernel's pipe-like files (/proc/kmsg, tracing's
 * trace_pipe: size 0, read until new data comes, never at an end)? A
 * command reading one would hang where a Ctrl-C cannot always reach it.
 * By name, and by a poll: a regular file is always ready to read. */
static bool reads_like_a_pipe(const char *path)
{
	const char *base = strrchr(path, '/');
	char real[PATH_MAX];
	struct pollfd p;
	int fd, n;

	base = base ? base + 1 : path;
	if (!strncmp(base, "trace_pipe", 10) ||
	    (realpath(path, real) && !strcmp(real, "/proc/kmsg")))
		return true;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0)
		return false;	/* the opener says why it cannot open it */
	p.fd = fd;
	p.events = POLLIN;
	p.revents = 0;
	n = poll(&p, 1, 0);
	close(fd);
	return n == 0;
}

int file_access_check(const struct cmd_ctx *ctx, const char *path, enum file_kind kind,
		      char *err, size_t errlen)
{
	const char *dir = script_running_dir(), *at;
	char real[PATH_MAX];
	struct stat st;

	history_taint(ctx);	/* the file may change: never replayed (history.h) */
	if (!path || !*path) {
		snprintf(err, errlen, "an empty path names no file");
		return -1;
	}
	if (dir) {	/* a script: decide on where the path really leads */
		if (!realpath(path, real)) {
			int e = errno;

			/* nothing there at all: the opener says so. But a name that
			 * is there and leads nowhere real (/dev/stdin on a pipe is
			 * "pipe:[N]") is outside every folder. */
			if (lstat(path, &st) && errno == ENOENT)
				return 0;
			if (e != ENOENT) {
				snprintf(err, errlen, "cannot open '%s': %s", path, strerror(e));
				return -1;
			}
			real[0] = '\0';
		}
		if (!real[0] || !script_may_open(real, dir)) {
			snprintf(err, errlen, "'%s' is outside the folders a script may read (%s and "
				 "buddyscope's lessons/, scripts/ and tests/data/)", path,
				 *dir ? "the script's own folder" : "the current directory");
			return -1;
		}
	}
	at = dir ? real : path;	/* messages name the path as given */
	if (stat(at, &st)) {
		if (errno == ENOENT)
			return 0;	/* the opener reports it (or allows it: proc:DIR) */
		snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	if (kind == FILE_KIND_DIR && !S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "'%s' is not a folder", path);
		return -1;
	}
	if (kind == FILE_KIND_FILE && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "'%s' is %s, not a regular file", path,
			 S_ISDIR(st.st_mode) ? "a folder" : "a device, FIFO or socket");
		return -1;
	}
	if (kind == FILE_KIND_FILE && st.st_size == 0 && reads_like_a_pipe(at)) {
		snprintf(err, errlen, "'%s' is read like a pipe (as /proc/kmsg or tracing's "
			 "trace_pipe): a read waits for new data and never ends; copy what it "
			 "gives to a file and read that", path);
		return -1;
	}
	return 0;
}

/* ---- writing ---- */

#define WRITE_FLAGS	(O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

static void close_dir(int dir)
{
	if (dir != AT_FDCWD)
		close(dir);
}

/* Why @name in folder @dir could not be opened as a folder, into @err. */
static void explain_dir_error(int dir, const char *name, const char *path, int e, char *err,
			      size_t errlen)
{
	struct stat st;

	if (!fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) && S_ISLNK(st.st_mode))
		snprintf(err, errlen, "'%s' leads through a symlink ('%s'); a script may not write "
			 "through one", path, name);
	else
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(e));
}

/*
 * The folder a script's @path lands in, walked from the current directory
 * one component at a time, each opened with O_NOFOLLOW: a symlink anywhere
 * on the way stops the walk, so does "..", and the folders cannot be
 * swapped for symlinks between the check and the open. *@last gets the
 * last component. Return: an fd of the folder (or AT_FDCWD), or -1 with
 * the message in @err.
 */
static int script_write_dir(const char *path, const char **last, char *err, size_t errlen)
{
	char name[NAME_MAX + 1];
	const char *p = path, *slash;
	int dir = AT_FDCWD;

	while ((slash = strchr(p, '/'))) {
		size_t n = (size_t)(slash - p);
		int next;

		if (n >= sizeof(name)) {
			close_dir(dir);
			snprintf(err, errlen, "cannot write '%s': %s", path, strerror(ENAMETOOLONG));
			return -1;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		p = slash + 1;
		if (!n || !strcmp(name, "."))
			continue;
		if (!strcmp(name, "..")) {
			close_dir(dir);
			snprintf(err, errlen, "a script may write only below the current folder (a "
				 "relative path to a file, without '..'), not '%s'", path);
			return -1;
		}
		next = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0) {
			explain_dir_error(dir, name, path, errno, err, errlen);
			close_dir(dir);
			return -1;
		}
		close_dir(dir);
		dir = next;
	}
	if (strchr(p, '/') || !strcmp(p, "..") || !strcmp(p, ".") || !*p) {
		close_dir(dir);
		snprintf(err, errlen, "a script may write only below the current folder (a relative "
			 "path to a file, without '..'), not '%s'", path);
		return -1;
	}
	*last = p;
	return dir;
}

int file_write_open(const struct cmd_ctx *ctx, const char *path, char *err, size_t errlen)
{
	const char *name = path;
	struct stat st;
	int dir = AT_FDCWD, fd;

	if (!*path) {
		snprintf(err, errlen, "an empty path names no file");
		return -1;
	}
	if (script_running_dir() || script_running(ctx)) {	/* below the current folder */
		if (path[0] == '/' || strstr(path, "/../") || !strncmp(path, "../", 3)) {
			snprintf(err, errlen, "a script may write only below the current folder (a "
				 "relative path to a file, without '..'), not '%s'", path);
			return -1;
		}
		dir = script_write_dir(path, &name, err, errlen);
		if (dir == -1)
			return -1;
	}
	if (!fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) && !S_ISREG(st.st_mode)) {
		close_dir(dir);
		snprintf(err, errlen, "'%s' is not a regular file (a device, FIFO, socket, folder or "
			 "symlink); only files are written", path);
		return -1;
	}
	fd = openat(dir, name, WRITE_FLAGS, 0644);
	if (fd < 0) {
		int e = errno;

		close_dir(dir);
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(e));
		return -1;
	}
	close_dir(dir);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {	/* swapped meanwhile */
		close(fd);
		snprintf(err, errlen, "'%s' is not a regular file", path);
		return -1;
	}
	return fd;
}
