/* app/zread.c - plain, gzip, xz, bzip2 or zstd files, told by their
 * first bytes (app/zread.h). */
#include "zread.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct {
	const char	*magic;
	size_t		len;
	const char	*tool, *package, *suffix;
} formats[] = {
	{ "\x1f\x8b", 2, "gzip", "gzip", ".gz" },
	{ "\xfd" "7zXZ\0", 6, "xz", "xz-utils", ".xz" },
	{ "BZh", 3, "bzip2", "bzip2", ".bz2" },
	{ "\x28\xb5\x2f\xfd", 4, "zstd", "zstd", ".zst" },
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static const char *package_of(const char *tool)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(formats[i].tool, tool))
			return formats[i].package;
	return tool;
}

int zin_open(struct zin *in, const char *path, char *err, size_t errlen)
{
	unsigned char head[8];
	struct stat st;
	ssize_t n;
	int fd, p[2];

	memset(in, 0, sizeof(*in));
	in->size = -1;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		int e = errno;

		snprintf(err, errlen, "cannot open '%s': %s", path, strerror(e));
		return e == ENOENT ? -ENOENT : -1;
	}
	if (fstat(fd, &st) || S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "cannot read '%s': %s", path,
			 S_ISDIR(st.st_mode) ? "a directory, not a file" : strerror(errno));
		close(fd);
		return -1;
	}
	n = read(fd, head, sizeof(head));
	for (size_t i = 0; n > 0 && i < sizeof(formats) / sizeof(formats[0]); i++)
		if ((size_t)n >= formats[i].len && !memcmp(head, formats[i].magic, formats[i].len))
			in->tool = formats[i].tool;
	if (n < 0 || lseek(fd, 0, SEEK_SET) < 0) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	for (size_t i = 0; !in->tool && i < sizeof(formats) / sizeof(formats[0]); i++)
		if (ends_with(path, formats[i].suffix)) {
			snprintf(err, errlen, "'%s' is named %s but is not %s-compressed (corrupt?)",
				 path, formats[i].suffix, formats[i].tool);
			close(fd);
			return -1;
		}
	if (!in->tool) {
		in->f = fdopen(fd, "r");
		if (!in->f) {
			snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		in->size = S_ISREG(st.st_mode) ? (long long)st.st_size : -1;
		return 0;
	}
	if (pipe(p)) {
		close(fd);
		return snprintf(err, errlen, "pipe: %s", strerror(errno)), -1;
	}
	fflush(NULL);
	in->child = fork();
	if (in->child < 0) {
		close(p[0]);
		close(p[1]);
		close(fd);
		return snprintf(err, errlen, "fork: %s", strerror(errno)), -1;
	}
	if (!in->child) {
		int null = open("/dev/null", O_WRONLY);

		dup2(fd, STDIN_FILENO);
		dup2(p[1], STDOUT_FILENO);
		if (null >= 0)
			dup2(null, STDERR_FILENO);
		close(p[0]);
		close(p[1]);
		close(fd);
		execlp(in->tool, in->tool, "-dc", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	close(fd);
	in->f = fdopen(p[0], "r");
	if (!in->f) {
		close(p[0]);
		kill(in->child, SIGTERM);
		waitpid(in->child, NULL, 0);
		return snprintf(err, errlen, "fdopen: %s", strerror(errno)), -1;
	}
	return 0;
}

int zin_close(struct zin *in, const char *path, bool read_all, char *err, size_t errlen)
{
	int status = 0;

	if (in->child && !read_all)
		kill(in->child, SIGTERM);
	if (in->f)
		fclose(in->f);
	in->f = NULL;
	if (!in->child || waitpid(in->child, &status, 0) < 0 || !read_all)
		return 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return snprintf(err, errlen, "'%s' is %s-compressed and there is no %s to "
				"decompress it: install %s or decompress the file first", path,
				in->tool, in->tool, package_of(in->tool)), -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return snprintf(err, errlen, "%s could not decompress '%s' (corrupt or truncated?)",
				in->tool, path), -1;
	return 0;
}
