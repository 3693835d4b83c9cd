/* tests/unit/realtest.h - reading a real machine's snapshot folder
 * (tests/data/linux-6.1/) and booting from it, as proc:DIR does; shared by
 * test_realmachine.c and test_cov_*.c. Tests run from the repository root. */
#ifndef REALTEST_H
#define REALTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/kernel.h"
#include "buddyscope/realmachine.h"
#include "buddyscope/sim.h"
#include "simtest.h"

#define DATA "tests/data/linux-6.1/"

typedef int (*parse_fn)(struct real_machine *, const char *, char *, size_t);

static inline int vmstat_all(struct real_machine *rm, const char *t, char *e, size_t n)
{
	return real_parse_vmstat(rm, -1, t, e, n);
}

static inline int vmstat_node0(struct real_machine *rm, const char *t, char *e, size_t n)
{
	return real_parse_vmstat(rm, 0, t, e, n);
}

/* Parse what of a snapshot folder exists, as proc:DIR does. */
static inline int read_dir(const char *dir, struct real_machine *rm, char *err, size_t errlen)
{
	static const struct { const char *name; parse_fn fn; } files[] = {
		{ "zoneinfo", real_parse_zoneinfo }, { "buddyinfo", real_parse_buddyinfo },
		{ "pagetypeinfo", real_parse_pagetypeinfo }, { "vmstat", vmstat_all },
		{ "meminfo", real_parse_meminfo }, { "sysctl_vm", real_parse_sysctl },
		{ "iomem", real_parse_iomem }, { "kernel", real_parse_release },
		{ "node0.vmstat", vmstat_node0 }, { "node0.meminfo", real_parse_meminfo },
	};
	char path[512];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *text;
		int ret;

		snprintf(path, sizeof(path), "%s/%s", dir, files[i].name);
		text = test_slurp(path);
		if (!text)
			continue;
		ret = files[i].fn(rm, text, err, errlen);
		free(text);
		if (ret)
			return ret;
	}
	return 0;
}

/* Boot a sim from @dir under @k, after @extra (sysctl lines, or NULL)
 * overrode its sysctl file; NULL on failure (said on stderr). */
static inline struct sim *boot_dir_as(const char *dir, const char *extra, enum kernel_version k,
				      struct real_machine *rm)
{
	struct sim_config cfg;
	char err[512] = "";
	struct sim *sim = NULL;

	realmachine_init(rm);
	memset(&cfg, 0, sizeof(cfg));
	cfg.seed = 1;
	cfg.kernel = k;
	cfg.real = rm;
	if (read_dir(dir, rm, err, sizeof(err)) ||
	    (extra && real_parse_sysctl(rm, extra, err, sizeof(err))) ||
	    realmachine_finish(rm, &cfg.machine, NULL, err, sizeof(err)) ||
	    sim_create(&cfg, &sim, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", dir, err);
		return NULL;
	}
	return sim;
}

/* Boot a sim from @dir under v4.6 (the modelled version nearest to the 6.1
 * the files come from); NULL on failure (with a test failure recorded). */
static inline struct sim *boot_dir(const char *dir, struct real_machine *rm)
{
	struct sim *sim = boot_dir_as(dir, NULL, KERNEL_4_6, rm);

	if (!sim)
		CHECK(!"import failed");
	return sim;
}

#endif
