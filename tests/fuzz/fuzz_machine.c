/* tests/fuzz/fuzz_machine.c - machine files and /proc/zoneinfo import.
 *
 * Input: text for machine_parse() and, the same text, for
 * machine_parse_zoneinfo(). Each returns 0 or -EINVAL with one line that
 * names the line at fault, and writes its output only on success. A parsed
 * machine passes machine_validate(), survives machine_format() ->
 * machine_parse() unchanged, and, if it is small enough to boot cheaply,
 * boots, passes sim_check(), allocates and frees a few blocks.
 */
#include "fuzz.h"

#include <errno.h>
#include "buddyscope/gfp.h"
#include "buddyscope/machine.h"
#include "buddyscope/page_alloc.h"

#define MACHINE_INPUT_MAX	(64 << 10)
#define BOOT_MAX_PFN		(1UL << 20)	/* 4 GiB: boots in milliseconds */

/* Do two descriptions describe the same machine? Empty zones compare equal
 * whatever their start (machine_format leaves them out). */
static bool same_machine(const struct machine_desc *a, const struct machine_desc *b)
{
	if (a->nr_nodes != b->nr_nodes || strcmp(a->name, b->name) ||
	    strcmp(a->summary, b->summary) || a->min_free_kbytes != b->min_free_kbytes ||
	    a->watermark_scale_factor != b->watermark_scale_factor)
		return false;
	for (int nid = 0; nid < a->nr_nodes; nid++) {
		if (a->nodes[nid].nr_cpus != b->nodes[nid].nr_cpus)
			return false;
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone_desc *x = &a->nodes[nid].zones[zid];
			const struct zone_desc *y = &b->nodes[nid].zones[zid];

			if (x->spanned != y->spanned)
				return false;
			if (x->spanned && (x->start_pfn != y->start_pfn || x->present != y->present ||
					   x->managed != y->managed))
				return false;
		}
		for (int j = 0; j < a->nr_nodes; j++)
			if (a->distance[nid][j] != b->distance[nid][j])
				return false;
	}
	return true;
}

static unsigned long end_pfn(const struct machine_desc *m)
{
	unsigned long end = 0;

	for (int nid = 0; nid < m->nr_nodes; nid++)
		for (int zid = 0; zid < MAX_NR_ZONES; zid++) {
			const struct zone_desc *z = &m->nodes[nid].zones[zid];

			if (z->spanned && z->start_pfn + z->spanned > end)
				end = z->start_pfn + z->spanned;
		}
	return end;
}

/* Boot @m, check it, allocate and free a little. */
static void boot(const struct machine_desc *m, const char *what)
{
	static const gfp_t gfps[] = { GFP_KERNEL, GFP_ATOMIC, GFP_DMA, GFP_DMA32 | GFP_F_NOWARN,
				      GFP_HIGHUSER_MOVABLE, GFP_TRANSHUGE };
	struct sim_config cfg;
	struct sim *sim = NULL;
	unsigned long pfns[8];
	char err[256];
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	cfg.machine = *m;
	cfg.seed = 1;
	/* vm.watermark_scale_factor exists from v4.6 on: such a machine boots
	 * under 4.6 (and is refused by 4.5, which test_kernel.c checks) */
	cfg.kernel = m->watermark_scale_factor ? KERNEL_4_6 : KERNEL_DEFAULT;
	rc = sim_create(&cfg, &sim, err, sizeof(err));
	if (rc == -ENOMEM)
		return;
	if (rc) {
		fuzz_fail("%s: a valid machine does not boot (%d): %s", what, rc, err);
		return;
	}
	fuzz_check_sim(sim, "boot");
	for (size_t i = 0; i < sizeof(pfns) / sizeof(pfns[0]); i++) {
		gfp_t gfp = gfps[i % (sizeof(gfps) / sizeof(gfps[0]))];

		pfns[i] = alloc_pages(sim, gfp, (unsigned int)(i * 3 % MAX_ORDER));
	}
	fuzz_check_sim(sim, "allocating");
	for (size_t i = 0; i < sizeof(pfns) / sizeof(pfns[0]); i++)
		if (pfns[i] != PFN_NONE && free_pages(sim, pfns[i], -1))
			fuzz_fail("%s: freeing pfn %#lx it allocated: %s", what, pfns[i],
				  sim_errmsg(sim));
	fuzz_check_sim(sim, "freeing");
	sim_destroy(sim);
}

static void check_parsed(const struct machine_desc *m, const char *what)
{
	struct machine_desc again;
	char err[256], *text;
	size_t len;

	if (machine_validate(m, err, sizeof(err)))
		fuzz_fail("%s: accepted a machine machine_validate refuses: %s", what, err);
	if (m->nr_nodes < 1 || m->nr_nodes > MAX_NUMNODES)
		fuzz_fail("%s: %d nodes", what, m->nr_nodes);
	if (!memchr(m->name, '\0', sizeof(m->name)) || !memchr(m->summary, '\0', sizeof(m->summary)))
		fuzz_fail("%s: name or summary not NUL-terminated", what);

	/* machine_format -> machine_parse gives the same machine */
	len = machine_format(m, NULL, 0);
	text = malloc(len + 1);
	if (!text)
		return;
	if (machine_format(m, text, len + 1) != len || strlen(text) != len) {
		fuzz_fail("%s: machine_format's length changed between calls", what);
	} else if (machine_parse(text, &again, err, sizeof(err))) {
		fuzz_fail("%s: machine_format wrote a file machine_parse refuses: %s", what, err);
	} else if (!same_machine(m, &again)) {
		fuzz_fail("%s: machine_format -> machine_parse changed the machine (name '%s')",
			  what, m->name);
	}
	free(text);
	if (end_pfn(m) <= BOOT_MAX_PFN)
		boot(m, what);
}

typedef int parse_fn(const char *text, struct machine_desc *out, char *err, size_t errlen);

static void run_parser(parse_fn *parse, const char *what, const char *text)
{
	static struct machine_desc out, blank;
	char err[256];
	int rc;

	memset(&out, 0xa5, sizeof(out));
	memset(&blank, 0xa5, sizeof(blank));
	memset(err, 'Z', sizeof(err));
	rc = parse(text, &out, err, sizeof(err));
	if (rc == 0) {
		check_parsed(&out, what);
	} else if (rc == -EINVAL) {
		if (memcmp(&out, &blank, sizeof(out)))
			fuzz_fail("%s: failed but wrote its output", what);
		if (!memchr(err, '\0', sizeof(err)))
			fuzz_fail("%s: message not NUL-terminated", what);
		else
			fuzz_check_msg(what, err, text);
	} else {
		fuzz_fail("%s: returned %d, not 0 or -EINVAL", what, rc);
	}
}

int fuzz_machine(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size, MACHINE_INPUT_MAX);

	if (!text)
		return 0;
	run_parser(machine_parse, "machine_parse", text);
	run_parser(machine_parse_zoneinfo, "machine_parse_zoneinfo", text);
	free(text);
	return 0;
}

FUZZ_TARGET(fuzz_machine)
