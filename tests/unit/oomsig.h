/* tests/unit/oomsig.h - the line kinds of an OOM report, so that a model's
 * report can be compared with a real kernel's line by line without the
 * numbers: tests/unit/test_linux61.c reads them in C, tests/oom61/run.sh
 * through build/oom61-sigs (tests/oom61/sigs.c). One rule for both.
 *
 * A line's kind is its words and "key:"/"key=" names, numbers dropped
 * ("Node 0 DMA free:4476kB boost:0kB ..." -> "Node DMA free: kB boost: kB
 * ..."). Left out: the stack dump (CPU:, Hardware name:, Call Trace:, the
 * frames and registers) and the task rows of "Tasks state". Normalised:
 * the comm in front of "invoked oom-killer" (cut off), the victim's comm in
 * "Killed process PID (COMM)" and "task=COMM,"; the migratetype letters of
 * the free-list lines and the yes/no of all_unreclaimable? (cut off).
 */
#ifndef OOMSIG_H
#define OOMSIG_H
#include <stdbool.h>
#include <stddef.h>

#include "buddyscope/strbuf.h"

/* oom_report_sigs @flags: also normalise the GFP mask that invoked the
 * killer ("gfp_mask=0x0(GFP)"), which tests/oom61 prints but does not check */
#define OOMSIG_ANY_GFP	1u

/**
 * report_sig - the kind of one log line into @sig (at most @len bytes).
 * Return: false for a line that has no kind (stack dump, task row, blank).
 */
bool report_sig(const char *line, unsigned int flags, char *sig, size_t len);

/**
 * oom_report_sigs - the kinds of the first OOM report in @log, from its
 * "invoked oom-killer" line to its "Killed process" line (or the end of
 * @log), one a line, appended to @out.
 * Return: where the next report may start (after this one), or NULL when
 * @log holds no report.
 */
const char *oom_report_sigs(const char *log, unsigned int flags, struct strbuf *out);
#endif
