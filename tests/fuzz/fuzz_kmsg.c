/* tests/fuzz/fuzz_kmsg.c - kernel logs with allocation-failure and OOM
 * reports (kmsg.h).
 *
 * Input: the text of a log. kmsg_parse() returns 0 or -EINVAL with one line
 * naming the line at fault; every report it finds is explained, and turned
 * into a machine; one that validates and is small boots, and every engine
 * invariant holds.
 */
#include "fuzz.h"

#include <errno.h>
#include "buddyscope/kmsg.h"

#define KMSG_INPUT_MAX	(64 << 10)
#define BOOT_MAX_PFN	(1UL << 19)

static void boot(const struct kmsg_report *r, const struct kmsg_boot *b)
{
	struct real_machine *rm = malloc(sizeof(*rm));
	struct sim_config cfg;
	struct sim *sim = NULL;
	char err[256];
	unsigned long end = 0;

	if (!rm)
		return;
	memset(&cfg, 0, sizeof(cfg));
	if (kmsg_to_machine(r, b, rm, err, sizeof(err)) ||
	    realmachine_finish(rm, &cfg.machine, NULL, err, sizeof(err))) {
		fuzz_check_msg("kmsg_to_machine", err, "");
		free(rm);
		return;
	}
	for (int nid = 0; nid < cfg.machine.nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone_desc *z = &cfg.machine.nodes[nid].zones[zid];

			if (z->spanned && z->start_pfn + z->spanned > end)
				end = z->start_pfn + z->spanned;
		}
	cfg.real = rm;
	if (end <= BOOT_MAX_PFN) {
		if (sim_create(&cfg, &sim, err, sizeof(err)))
			fuzz_check_msg("sim_create(klog)", err, "");
		else {
			fuzz_check_sim(sim, "booting a kernel log's report");
			sim_destroy(sim);
		}
	}
	free(rm);
}

int fuzz_kmsg(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size, KMSG_INPUT_MAX), err[256];
	struct kmsg_log *log = calloc(1, sizeof(*log));
	struct strbuf out = STRBUF_INIT;
	int rc;

	if (!text || !log) {
		free(text);
		free(log);
		return 0;
	}
	memset(err, 'Z', sizeof(err));
	rc = kmsg_parse(text, log, err, sizeof(err));
	if (rc == -EINVAL) {
		if (!memchr(err, '\0', sizeof(err)))
			fuzz_fail("kmsg_parse: message not NUL-terminated");
		else
			fuzz_check_msg("kmsg_parse", err, text);
	} else if (rc == 0) {
		for (int i = 0; i < log->nr_kept; i++) {
			kmsg_explain(log->reports[i], &log->boot, &out);
			if (!strstr(sb_str(&out), "why: "))
				fuzz_fail("kmsg_explain: no explanation");
			sb_reset(&out);
			boot(log->reports[i], &log->boot);
		}
		kmsg_release(log);
	} else if (rc != -ENOMEM) {
		fuzz_fail("kmsg_parse: returned %d", rc);
	}
	sb_release(&out);
	free(log);
	free(text);
	return 0;
}

FUZZ_TARGET(fuzz_kmsg)
