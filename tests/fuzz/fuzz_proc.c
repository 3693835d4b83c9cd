/* tests/fuzz/fuzz_proc.c - a real machine's /proc files (realmachine.h).
 *
 * Input: sections, each starting with a line "=== NAME" (zoneinfo,
 * buddyinfo, pagetypeinfo, vmstat, meminfo, sysctl, iomem, kernel, uptime),
 * each handed to its parser. A parser returns 0 or -EINVAL with one line
 * naming the line at fault. What parses is finished into a machine; a
 * machine that validates and is small enough to boot cheaply boots into the
 * files' state, and every engine invariant holds.
 */
#include "fuzz.h"

#include <errno.h>
#include "buddyscope/realmachine.h"

#define PROC_INPUT_MAX	(64 << 10)
#define BOOT_MAX_PFN	(1UL << 19)	/* 2 GiB: boots in milliseconds */

typedef int parse_fn(struct real_machine *rm, const char *text, char *err, size_t errlen);

static int vmstat_all(struct real_machine *rm, const char *t, char *e, size_t n)
{
	return real_parse_vmstat(rm, -1, t, e, n);
}

static const struct {
	const char	*name;
	parse_fn	*fn;
} parsers[] = {
	{ "zoneinfo", real_parse_zoneinfo }, { "buddyinfo", real_parse_buddyinfo },
	{ "pagetypeinfo", real_parse_pagetypeinfo }, { "vmstat", vmstat_all },
	{ "meminfo", real_parse_meminfo }, { "sysctl", real_parse_sysctl },
	{ "iomem", real_parse_iomem }, { "kernel", real_parse_release },
	{ "uptime", real_parse_uptime_file },
};

static void parse_section(struct real_machine *rm, const char *name, size_t nlen, char *text)
{
	char err[256];

	for (size_t i = 0; i < sizeof(parsers) / sizeof(parsers[0]); i++) {
		int rc;

		if (strlen(parsers[i].name) != nlen || memcmp(parsers[i].name, name, nlen))
			continue;
		memset(err, 'Z', sizeof(err));
		rc = parsers[i].fn(rm, text, err, sizeof(err));
		if (rc == -EINVAL) {
			if (!memchr(err, '\0', sizeof(err)))
				fuzz_fail("%s: message not NUL-terminated", parsers[i].name);
			else
				fuzz_check_msg(parsers[i].name, err, text);
		} else if (rc) {
			fuzz_fail("%s: returned %d, not 0 or -EINVAL", parsers[i].name, rc);
		}
	}
}

static void boot(struct real_machine *rm)
{
	struct sim_config cfg;
	struct strbuf notes = STRBUF_INIT;
	struct sim *sim = NULL;
	char err[256];
	unsigned long end = 0;

	memset(&cfg, 0, sizeof(cfg));
	cfg.real = rm;
	if (realmachine_finish(rm, &cfg.machine, &notes, err, sizeof(err))) {
		fuzz_check_msg("realmachine_finish", err, "");
		sb_release(&notes);
		return;
	}
	sb_release(&notes);
	for (int nid = 0; nid < cfg.machine.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone_desc *z = &cfg.machine.nodes[nid].zones[zid];

			if (z->spanned && z->start_pfn + z->spanned > end)
				end = z->start_pfn + z->spanned;
		}
	if (end > BOOT_MAX_PFN)
		return;
	if (sim_create(&cfg, &sim, err, sizeof(err))) {
		fuzz_check_msg("sim_create(real)", err, "");
		return;
	}
	fuzz_check_sim(sim, "booting from /proc files");
	{
		struct strbuf sb = STRBUF_INIT;

		realmachine_compare(sim, rm, &sb);
		sb_release(&sb);
	}
	sim_destroy(sim);
}

int fuzz_proc(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size, PROC_INPUT_MAX), *p;
	struct real_machine *rm = malloc(sizeof(*rm));

	if (!text || !rm) {
		free(text);
		free(rm);
		return 0;
	}
	realmachine_init(rm);
	for (p = text; p && *p;) {
		char *name, *body, *next;
		size_t nlen;

		if (strncmp(p, "=== ", 4)) {	/* text before the first section */
			p = strstr(p, "\n=== ");
			p = p ? p + 1 : NULL;
			continue;
		}
		name = p + 4;
		nlen = strcspn(name, "\n");
		body = name[nlen] ? name + nlen + 1 : name + nlen;
		next = strstr(body, "\n=== ");
		if (next)
			*next++ = '\0';
		parse_section(rm, name, nlen, body);
		p = next;
	}
	boot(rm);
	free(rm);
	free(text);
	return 0;
}

FUZZ_TARGET(fuzz_proc)
