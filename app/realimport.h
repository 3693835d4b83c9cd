/* app/realimport.h - booting machines by spec, real ones included.
 *
 * `--machine SPEC` and `machine SPEC` accept a preset, file:PATH,
 * zoneinfo:PATH and proc:DIR. proc:DIR reads a real machine's /proc files
 * from DIR (a copy, or /proc itself), each through file_access_check(), and
 * boots the simulator into that machine's state (include/buddyscope/
 * realmachine.h). The real_machine a sim was booted from stays alive in the
 * context until it is released, since reset boots from it again.
 */
#ifndef BUDDYSCOPE_APP_REALIMPORT_H
#define BUDDYSCOPE_APP_REALIMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buddyscope/kernel.h"
#include "buddyscope/strbuf.h"

struct cmd_ctx;
struct sim;
struct real_machine;

/**
 * boot_spec - boot the machine @spec names into *@out, under @kernel
 * (NR_KERNEL_VERSIONS: the default; for a real machine the modelled version
 * nearest to the one it ran, which @report says).
 * @report: what an import read, left open or approximated, and how the
 * result compares with the files (nothing for presets and machine files).
 * Return: 0; -1 if @spec or its files are bad or a Ctrl-C stopped the boot,
 * -2 if the machine does not boot; with a one-line message in @err (nothing
 * booted).
 * @cma_pages: a CMA area (--cma, `machine SPEC cma=`) in place of the
 * machine's own "cma" line; 0: the machine's.
 */
int boot_spec(struct cmd_ctx *ctx, const char *spec, enum kernel_version kernel,
	      unsigned long cma_pages, struct sim **out, struct strbuf *report, char *err,
	      size_t errlen);

/* Read a whole file a user or script named, after file_access_check():
 * at most @max bytes, NUL-terminated, no NUL inside. Returns malloc'd text
 * (caller frees) or NULL with "PATH: why" in @err. @missing_ok: a file that
 * does not exist returns NULL with err[0] == '\0'. */
char *read_text_file(const struct cmd_ctx *ctx, const char *path, size_t max, bool missing_ok,
		     char *err, size_t errlen);

/* Keep @rm (malloc'd) until cmd_ctx_release: a sim may point at it. */
int realimport_keep(struct cmd_ctx *ctx, struct real_machine *rm);
/* The same for a copy of an import with a trace's hints (@hint malloc'd,
 * rm->hint points at it); it shares the report of the import it copies. */
int realimport_keep_hint(struct cmd_ctx *ctx, struct real_machine *rm, uint8_t *hint);
void realimport_release(struct cmd_ctx *ctx);

/* Append what the running machine's import said, if it was imported. */
void realimport_describe(const struct cmd_ctx *ctx, struct strbuf *out);

/* What the import of @rm said (read, missing, notes, comparison), or NULL. */
const char *realimport_report_of(const struct cmd_ctx *ctx, const struct real_machine *rm);

#endif
