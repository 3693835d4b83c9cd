/* tests/fuzz/fuzz.h - what the fuzz targets share (after tmux fuzz/ and jq
 * tests/jq_fuzz_*.c): one entry point per target, a way to report a broken
 * invariant, and the checks every target makes on errors and on the sim.
 *
 * Each fuzz_<target>.c builds two ways:
 *   - as a libFuzzer target (clang -fsanitize=fuzzer): FUZZ_TARGET() below
 *     defines LLVMFuzzerTestOneInput and a fuzz_fail() that aborts, so
 *     libFuzzer keeps the input as a crash;
 *   - into the corpus driver (driver.c, -DFUZZ_DRIVER): FUZZ_TARGET() is
 *     empty and driver.c's fuzz_fail() counts the failure, says which input
 *     it was, and goes on.
 * The build commands are at the top of driver.c.
 */
#ifndef BUDDYSCOPE_FUZZ_H
#define BUDDYSCOPE_FUZZ_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "buddyscope/procfs.h"
#include "buddyscope/sim.h"
#include "buddyscope/strbuf.h"

/* The targets. Each takes any bytes and returns 0 (libFuzzer's contract). */
int fuzz_cmdline(const uint8_t *data, size_t size);
int fuzz_gfp(const uint8_t *data, size_t size);
int fuzz_machine(const uint8_t *data, size_t size);
int fuzz_lua(const uint8_t *data, size_t size);
int fuzz_alloc(const uint8_t *data, size_t size);
int fuzz_pattern(const uint8_t *data, size_t size);
int fuzz_proc(const uint8_t *data, size_t size);
int fuzz_trace(const uint8_t *data, size_t size);
int fuzz_kmsg(const uint8_t *data, size_t size);

/* A broken invariant or an unexpected return code: one line, no newline. */
__attribute__((format(printf, 1, 2)))
void fuzz_fail(const char *fmt, ...);

#ifdef FUZZ_DRIVER
#define FUZZ_TARGET(fn)
#else
#define FUZZ_TARGET(fn)								\
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);		\
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)		\
	{									\
		return fn(data, size);						\
	}									\
	void fuzz_fail(const char *fmt, ...)					\
	{									\
		va_list ap;							\
										\
		va_start(ap, fmt);						\
		fputs(#fn ": ", stderr);					\
		vfprintf(stderr, fmt, ap);					\
		fputc('\n', stderr);						\
		va_end(ap);							\
		abort();							\
	}
#endif

/* @data as a NUL-terminated string of at most @max bytes (the text stops at
 * the first NUL byte, as it would in any C caller). Returns malloc'd text;
 * caller frees with free(). NULL only on host OOM. */
static inline char *fuzz_text(const uint8_t *data, size_t size, size_t max)
{
	char *s;

	if (size > max)
		size = max;
	s = malloc(size + 1);
	if (s) {
		if (size)
			memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/* An error message must be one line: not empty, no newline. @what names the
 * call; @input is shown (cut short) in the failure. */
static inline void fuzz_check_msg(const char *what, const char *msg, const char *input)
{
	if (!msg || !*msg)
		fuzz_fail("%s: failed with an empty message (input '%.60s')", what, input);
	else if (strchr(msg, '\n'))
		fuzz_fail("%s: message spans lines: '%.120s'", what, msg);
}

/* sim_check() must find nothing; the first violation is the failure. */
static inline void fuzz_check_sim(const struct sim *sim, const char *after)
{
	struct strbuf report = STRBUF_INIT;
	int n = sim_check(sim, &report);

	if (n) {
		const char *r = sb_str(&report);

		fuzz_fail("sim_check: %d violation(s) after %.80s: %.*s", n, after,
			  (int)strcspn(r, "\n"), r);
	}
	sb_release(&report);
}

/* What a failed call must leave as it was: the free pages and the /proc
 * views of the free lists, zones and counters (@brief: buddyinfo only, for
 * targets that take a snapshot before every call). */
struct fuzz_snap {
	unsigned long	nr_free;
	bool		brief;
	struct strbuf	text;
};

static inline void fuzz_snap_show(const struct fuzz_snap *s, const struct sim *sim,
				  struct strbuf *out)
{
	procfs_show_buddyinfo(sim, out);
	if (s->brief)
		return;
	procfs_show_pagetypeinfo(sim, out);
	procfs_show_zoneinfo(sim, out);
	procfs_show_vmstat(sim, out);
}

static inline void fuzz_snap_take(struct fuzz_snap *s, const struct sim *sim)
{
	s->nr_free = sim_nr_free_pages(sim);
	sb_reset(&s->text);
	fuzz_snap_show(s, sim, &s->text);
}

/* Does @sim still match @s? If not, @diff says where: the first line that
 * changed, before and now. */
static inline bool fuzz_snap_same(const struct fuzz_snap *s, const struct sim *sim, char *diff,
				  size_t len)
{
	struct strbuf now = STRBUF_INIT;
	const char *a = sb_str(&s->text), *b;
	size_t i = 0;
	bool same;

	fuzz_snap_show(s, sim, &now);
	b = sb_str(&now);
	same = s->nr_free == sim_nr_free_pages(sim) && !strcmp(a, b);
	if (!same) {
		while (a[i] && a[i] == b[i])
			i++;
		while (i && a[i - 1] != '\n')
			i--;
		snprintf(diff, len, "nr_free %lu -> %lu; '%.*s' -> '%.*s'", s->nr_free,
			 sim_nr_free_pages(sim), (int)strcspn(a + i, "\n"), a + i,
			 (int)strcspn(b + i, "\n"), b + i);
	}
	sb_release(&now);
	return same;
}

#endif
