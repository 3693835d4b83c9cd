/* app/realimport_int.h - what realimport.c and realimport_dir.c share. */
#ifndef BUDDYSCOPE_APP_REALIMPORT_INT_H
#define BUDDYSCOPE_APP_REALIMPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include "buddyscope/strbuf.h"
#include "realimport.h"

struct cmd_ctx;
struct real_machine;

/* The largest /proc file read (a zoneinfo of many cpus and nodes). */
#define PROC_FILE_MAX	(64UL << 20)

/* One proc:DIR import under way. */
struct importer {
	struct cmd_ctx	*ctx;
	struct real_machine *rm;
	const char	*dir;
	bool		live;		/* DIR is /proc: some files live in /sys */
	struct strbuf	read, missing;
	char		*err;
	size_t		errlen;
};

/* Read DIR's files into im->rm: zoneinfo (required), the others if there;
 * names what was read and what is missing in im->read and im->missing.
 * Return: 0, or -1 with "FILE: line N: ..." in im->err. */
int realimport_read_dir(struct importer *im);

#endif
