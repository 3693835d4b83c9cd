/* app/realimport_dir.c - reading a real machine's files: the copies of
 * /proc files in a folder, or /proc itself with the node, THP and sysctl
 * files from their live places (realimport.c says which files). Plain,
 * .gz or .xz, each through the file-access check; one error naming the
 * file and line when one does not parse.
 */
#include "realimport_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/realmachine.h"
#include "buddyscope/sim.h"
#include "commands.h"
#include "fileaccess.h"
#include "zread.h"

/* Read all of @in into a malloc'd, NUL-terminated buffer of at most @max. */
static char *read_all(struct zin *in, const char *path, size_t max, size_t *lenp, char *err,
		      size_t errlen)
{
	size_t len = 0, cap = 0;
	char *buf = NULL;

	for (;;) {
		size_t n;

		if (len + 1 >= cap) {
			char *nb;

			if (cap > max) {
				snprintf(err, errlen, "'%s' is larger than %zu MiB", path, max >> 20);
				goto fail;
			}
			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				snprintf(err, errlen, "out of memory reading '%s'", path);
				goto fail;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len - 1, in->f);
		len += n;
		if (!n)
			break;
	}
	if (ferror(in->f)) {
		snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		goto fail;
	}
	buf[len] = '\0';
	*lenp = len;
	return buf;
fail:
	free(buf);
	return NULL;
}

/* @path itself, else (when it may be missing) a compressed copy beside it:
 * a capture packed with `gzip -r` or `xz` still reads. */
static int open_text(const struct cmd_ctx *ctx, const char *path, bool missing_ok, struct zin *in,
		     char *used, size_t usedlen, char *err, size_t errlen)
{
	static const char *const suffix[] = { "", ".gz", ".xz", ".bz2", ".zst" };
	int r = -ENOENT;

	for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]) && r == -ENOENT; i++) {
		if (i && !missing_ok)
			break;
		snprintf(used, usedlen, "%s%s", path, suffix[i]);
		if (file_access_check(ctx, used, FILE_KIND_FILE, err, errlen))
			return -1;
		r = zin_open(in, used, err, errlen);
	}
	if (r == -ENOENT) {
		snprintf(used, usedlen, "%s", path);
		if (!missing_ok)
			return -1;
		err[0] = '\0';
	}
	return r;
}

char *read_text_file(const struct cmd_ctx *ctx, const char *path, size_t max, bool missing_ok,
		     char *err, size_t errlen)
{
	char used[4096], zerr[CMD_ERR_MAX];
	struct zin in;
	size_t len = 0;
	char *buf;
	int line;

	err[0] = '\0';
	if (open_text(ctx, path, missing_ok, &in, used, sizeof(used), err, errlen))
		return NULL;
	buf = read_all(&in, used, max, &len, err, errlen);
	if (zin_close(&in, used, buf != NULL, zerr, sizeof(zerr))) {
		snprintf(err, errlen, "%s", zerr);
		free(buf);
		return NULL;
	}
	if (!buf)
		return NULL;
	if ((line = real_text_nul_line(buf, len)) != 0) {
		snprintf(err, errlen, "%s: line %d: NUL byte; accepted: text", used, line);
		free(buf);
		return NULL;
	}
	return buf;
}

/* ---- reading DIR ---- */



/* Read and parse one file. Return: 1 read, 0 missing, -1 error (in im->err). */
static int one_file(struct importer *im, const char *path, const char *label,
		    int (*parse)(struct real_machine *, const char *, char *, size_t))
{
	char msg[CMD_ERR_MAX];
	char *text = read_text_file(im->ctx, path, PROC_FILE_MAX, true, im->err, im->errlen);

	if (!text)
		return im->err[0] ? -1 : 0;
	if (parse(im->rm, text, msg, sizeof(msg))) {
		snprintf(im->err, im->errlen, "%s: %s", path, msg);
		free(text);
		return -1;
	}
	free(text);
	if (label)
		sb_printf(&im->read, "%s%s", im->read.len ? ", " : "", label);
	return 1;
}

static int first_of(struct importer *im, const char *const *names, const char *label,
		    int (*parse)(struct real_machine *, const char *, char *, size_t))
{
	char path[4096];

	for (int i = 0; names[i]; i++) {
		int r;

		snprintf(path, sizeof(path), "%s/%s", im->dir, names[i]);
		r = one_file(im, path, label, parse);
		if (r)
			return r;
	}
	if (label)
		sb_printf(&im->missing, "%s%s", im->missing.len ? ", " : "", label);
	return 0;
}

static int parse_enabled(struct real_machine *rm, const char *t, char *e, size_t n)
{
	return real_parse_thp(rm, false, t, e, n);
}

static int parse_defrag(struct real_machine *rm, const char *t, char *e, size_t n)
{
	return real_parse_thp(rm, true, t, e, n);
}

static int parse_vmstat_all(struct real_machine *rm, const char *t, char *e, size_t n)
{
	return real_parse_vmstat(rm, -1, t, e, n);
}

/* A sysctl file of the sys/vm/ folder, if there. Return: as one_file(). */
static int sysctl_file(struct importer *im, const char *name)
{
	char path[4096], msg[CMD_ERR_MAX], *text;

	snprintf(path, sizeof(path), "%s/sys/vm/%s", im->dir, name);
	text = read_text_file(im->ctx, path, 4096, true, im->err, im->errlen);
	if (!text)
		return im->err[0] ? -1 : 0;
	if (real_parse_sysctl_file(im->rm, name, text, msg, sizeof(msg))) {
		snprintf(im->err, im->errlen, "%s: %s", path, msg);
		free(text);
		return -1;
	}
	free(text);
	return 1;
}

/* The sysctls: one file of `sysctl vm` output, else a sys/vm/ folder. */
static int read_sysctls(struct importer *im)
{
	static const char *const files[] = { "sysctl_vm", "sysctl", "sysctl.txt", "sysctl_vm.txt",
					     NULL };
	static const char *const extra[] = { "watermark_boost_factor",
					     "percpu_pagelist_high_fraction", NULL };
	char path[4096];
	int found = 0;

	for (int i = 0; files[i]; i++) {
		int r;

		snprintf(path, sizeof(path), "%s/%s", im->dir, files[i]);
		r = one_file(im, path, files[i], real_parse_sysctl);
		if (r)
			return r < 0 ? -1 : 0;
	}
	for (size_t i = 0; sim_sysctl_name_at(i); i++) {
		int r;

		if (!strcmp(sim_sysctl_name_at(i), "vm.drop_caches"))
			continue;	/* write-only: a command, not a state */
		r = sysctl_file(im, sim_sysctl_name_at(i) + 3);	/* without "vm." */
		if (r < 0)
			return -1;
		found += r;
	}
	for (int i = 0; extra[i]; i++) {
		int r = sysctl_file(im, extra[i]);

		if (r < 0)
			return -1;
		found += r;
	}
	sb_printf(found ? &im->read : &im->missing, "%s%s", (found ? im->read.len : im->missing.len) ?
		  ", " : "", found ? "sys/vm" : "sysctls");
	return 0;
}

static int node_vmstat(struct real_machine *rm, int nid, const char *t, char *e, size_t n)
{
	return real_parse_vmstat(rm, nid, t, e, n);
}

static int read_nodes(struct importer *im)
{
	char path[4096], msg[CMD_ERR_MAX];
	int found = 0;

	for (int nid = 0; nid < im->rm->nr_nodes; nid++) {
		for (int k = 0; k < 2; k++) {
			const char *what = k ? "meminfo" : "vmstat";
			char *text;
			int ret;

			if (im->live)
				snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/%s", nid,
					 what);
			else
				snprintf(path, sizeof(path), "%s/node%d.%s", im->dir, nid, what);
			text = read_text_file(im->ctx, path, PROC_FILE_MAX, true, im->err, im->errlen);
			if (!text) {
				if (im->err[0])
					return -1;
				continue;
			}
			ret = k ? real_parse_meminfo(im->rm, text, msg, sizeof(msg)) :
				  node_vmstat(im->rm, nid, text, msg, sizeof(msg));
			free(text);
			if (ret) {
				snprintf(im->err, im->errlen, "%s: %s", path, msg);
				return -1;
			}
			found++;
		}
	}
	if (found)
		sb_printf(&im->read, "%snode files", im->read.len ? ", " : "");
	return 0;
}

static int read_thp(struct importer *im)
{
	static const char *const en[] = { "thp_enabled", NULL }, *const df[] = { "thp_defrag", NULL };
	static const char *const live_en[] = { "/sys/kernel/mm/transparent_hugepage/enabled", NULL };
	static const char *const live_df[] = { "/sys/kernel/mm/transparent_hugepage/defrag", NULL };

	if (im->live) {
		if (one_file(im, live_en[0], "thp enabled", parse_enabled) < 0 ||
		    one_file(im, live_df[0], "thp defrag", parse_defrag) < 0)
			return -1;
		return 0;
	}
	if (first_of(im, en, NULL, parse_enabled) < 0 || first_of(im, df, NULL, parse_defrag) < 0)
		return -1;
	return 0;
}

int realimport_read_dir(struct importer *im)
{
	static const struct {
		const char *const names[3];
		const char *label;
		int (*parse)(struct real_machine *, const char *, char *, size_t);
	} files[] = {
		{ { "buddyinfo" }, "buddyinfo", real_parse_buddyinfo },
		{ { "pagetypeinfo" }, "pagetypeinfo", real_parse_pagetypeinfo },
		{ { "vmstat" }, "vmstat", parse_vmstat_all },
		{ { "meminfo" }, "meminfo", real_parse_meminfo },
		{ { "iomem" }, "iomem", real_parse_iomem },
		{ { "kernel", "sys/kernel/osrelease" }, "kernel", real_parse_release },
		{ { "uptime" }, NULL, real_parse_uptime_file },
	};
	static const char *const zi[] = { "zoneinfo", NULL };
	int r = first_of(im, zi, "zoneinfo", real_parse_zoneinfo);

	if (r <= 0) {
		if (!r)
			snprintf(im->err, im->errlen, "%s/zoneinfo: no such file; a real machine's "
				 "zones come from its /proc/zoneinfo", im->dir);
		return -1;
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (first_of(im, files[i].names, files[i].label, files[i].parse) < 0)
			return -1;
	if (read_sysctls(im) || read_nodes(im) || read_thp(im))
		return -1;
	return 0;
}
