/* app/realimport.c - proc:DIR: booting from a real machine's /proc files.
 *
 * DIR holds copies of the files (or is /proc itself):
 *   zoneinfo       required: nodes, zones, watermarks, protection, pcp
 *   buddyinfo      free blocks per order
 *   pagetypeinfo   free blocks per order and migratetype, pageblock types
 *   vmstat, meminfo, nodeN.vmstat, nodeN.meminfo   how used pages divide
 *   sysctl_vm | sysctl | sysctl.txt   `sysctl vm` output or NAME VALUE
 *                  lines; else a sys/vm/ folder of one file per sysctl
 *   iomem          where RAM, holes and the kernel image are
 *   kernel         uname -r (else sys/kernel/osrelease)
 *   thp_enabled, thp_defrag   THP's settings
 * For DIR = /proc the node, THP and sysctl files come from their live
 * places (/sys/devices/system/node, /sys/kernel/mm/transparent_hugepage,
 * /proc/sys/vm). Missing files are allowed and said; a file that does not
 * parse is one error naming file and line, and nothing boots.
 */
#include "realimport.h"
#include "realimport_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/machine.h"
#include "buddyscope/procfs.h"
#include "buddyscope/realmachine.h"
#include "buddyscope/sim.h"
#include "commands.h"
#include "fileaccess.h"

/* ---- keeping real machines alive ---- */

struct kept_real {
	struct real_machine *rm;
	char		*report;	/* what the import said; owned */
	uint8_t		*hint;		/* owned; rm->hint, or NULL */
};

int realimport_keep(struct cmd_ctx *ctx, struct real_machine *rm)
{
	struct kept_real *k = realloc(ctx->reals, (size_t)(ctx->nr_reals + 1) * sizeof(*k));

	if (!k)
		return -1;
	ctx->reals = k;
	k[ctx->nr_reals].rm = rm;
	k[ctx->nr_reals].report = NULL;
	k[ctx->nr_reals].hint = NULL;
	ctx->nr_reals++;
	return 0;
}

int realimport_keep_hint(struct cmd_ctx *ctx, struct real_machine *rm, uint8_t *hint)
{
	const char *report = NULL;

	for (int i = 0; i < ctx->nr_reals; i++)
		if (!strcmp(ctx->reals[i].rm->name, rm->name) && ctx->reals[i].report)
			report = ctx->reals[i].report;
	if (realimport_keep(ctx, rm))
		return -1;
	ctx->reals[ctx->nr_reals - 1].hint = hint;
	if (report)
		ctx->reals[ctx->nr_reals - 1].report = strdup(report);
	return 0;
}

void realimport_release(struct cmd_ctx *ctx)
{
	struct kept_real *k = ctx->reals;

	for (int i = 0; i < ctx->nr_reals; i++) {
		free(k[i].rm);
		free(k[i].report);
		free(k[i].hint);
	}
	free(k);
	ctx->reals = NULL;
	ctx->nr_reals = 0;
}

const char *realimport_report_of(const struct cmd_ctx *ctx, const struct real_machine *rm)
{
	const struct kept_real *k = ctx->reals;

	for (int i = 0; rm && i < ctx->nr_reals; i++)
		if (k[i].rm == rm)
			return k[i].report;
	return NULL;
}

static void set_report(struct cmd_ctx *ctx, const struct real_machine *rm, const char *text)
{
	struct kept_real *k = ctx->reals;

	for (int i = 0; i < ctx->nr_reals; i++)
		if (k[i].rm == rm) {
			free(k[i].report);
			k[i].report = strdup(text);
		}
}

static bool machine_name_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

/* "real-boot" for proc:.../boot; name characters only */
static void machine_name(const char *dir, char *name, size_t size)
{
	const char *end = dir + strlen(dir), *b;
	size_t n;

	while (end > dir + 1 && end[-1] == '/')
		end--;
	for (b = end; b > dir && b[-1] != '/'; b--)
		;
	n = (size_t)snprintf(name, size, "real-");
	for (; b < end && n + 1 < size; b++)
		name[n++] = machine_name_ok(*b) ? *b : '_';
	name[n] = '\0';
}

/* major * 100 + minor of "4.6", "6.1" */
static int version_number(const char *name)
{
	int major = 0, minor = 0;

	if (sscanf(name, "%d.%d", &major, &minor) != 2)
		return 0;
	return major * 100 + minor;
}

/* The modelled version to boot a real machine of @rm's release under: the
 * same, else the nearest (the older one when two are as near). */
static enum kernel_version nearest_kernel(const struct real_machine *rm, struct strbuf *report)
{
	/* without a release, zoneinfo's layout says which kernels print it so */
	static const struct { int layout, version; const char *says; } layouts[] = {
		{ REAL_LAYOUT_4_0, 405, "zone LRU counters: 4.0 to 4.7" },
		{ REAL_LAYOUT_4_8, 408, "per-node stats: 4.8 or later" },
		{ REAL_LAYOUT_5_0, 500, "boost: 5.0 or later" },
		{ REAL_LAYOUT_6_0, 600, "boost and cma: 5.x or 6.x" },
	};
	int want = rm->ver_major * 100 + rm->ver_minor, best_d = 1 << 30;
	enum kernel_version best = KERNEL_DEFAULT;
	const char *says = NULL;

	for (size_t i = 0; !rm->ver_major && i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (layouts[i].layout == rm->layout) {
			want = layouts[i].version;
			says = layouts[i].says;
		}
	if (!rm->ver_major && !says) {
		sb_printf(report, "  no kernel release given: booted under %s, the default\n",
			  kernel_desc(best)->release);
		return best;
	}
	for (int v = 0; v < NR_KERNEL_VERSIONS; v++) {
		const struct kernel_desc *k = kernel_desc((enum kernel_version)v);
		int n = version_number(k->name), d = n > want ? n - want : want - n;

		if (k->ops && n && d < best_d) {
			best_d = d;
			best = (enum kernel_version)v;
		}
	}
	if (says)
		sb_printf(report, "  no kernel release given; zoneinfo's layout (%s): booted under "
			  "%s, the nearest version modelled\n", says, kernel_desc(best)->release);
	else if (best_d)
		sb_printf(report, "  kernel %s: booted under %s, the nearest version modelled\n",
			  rm->release, kernel_desc(best)->release);
	else
		sb_printf(report, "  kernel %s: booted under %s\n", rm->release,
			  kernel_desc(best)->release);
	return best;
}

static int import_proc(struct cmd_ctx *ctx, const char *dir, enum kernel_version kernel,
		       unsigned long cma_pages, struct sim **out, struct strbuf *report, char *err,
		       size_t errlen)
{
	struct importer im = { ctx, NULL, dir, false, STRBUF_INIT, STRBUF_INIT, err, errlen };
	struct strbuf notes = STRBUF_INIT;
	struct sim_config cfg;
	int ret = -1;

	if (!*dir) {
		snprintf(err, errlen, "proc: needs a folder; accepted: proc:DIR (copies of /proc "
			 "files) or proc:/proc");
		return -1;
	}
	if (file_access_check(ctx, dir, FILE_KIND_DIR, err, errlen))
		return -1;
	im.live = !strcmp(dir, "/proc") || !strcmp(dir, "/proc/");
	im.rm = malloc(sizeof(*im.rm));
	if (!im.rm) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	realmachine_init(im.rm);
	/*
	 * The snapshot's reclaimable slab is not taken for shrinker objects:
	 * /proc counts slab pages, not what count_objects() would return, and
	 * on the real 6.1 captures almost none of it is (buffer_heads and
	 * xarray nodes of the page cache, freed with their pages): the frag
	 * run's kswapd scanned 126342 LRU pages with slabs_scanned 0, and its
	 * drop_caches scanned 134 objects while 6812 slab pages were
	 * reclaimable; the oom run scanned 86 with 6400.
	 */
	im.rm->slab_pinned = true;
	machine_name(dir, im.rm->name, sizeof(im.rm->name));
	memset(&cfg, 0, sizeof(cfg));
	cfg.seed = ctx->seed;
	cfg.real = im.rm;
	if (realimport_read_dir(&im))
		goto out;
	if (realmachine_finish(im.rm, &cfg.machine, &notes, err, errlen)) {
		char msg[CMD_ERR_MAX];

		snprintf(msg, sizeof(msg), "%s: %s", dir, err);
		snprintf(err, errlen, "%s", msg);
		goto out;
	}
	sb_printf(report, "proc:%s: read %s\n", dir, sb_str(&im.read));
	if (im.missing.len)
		sb_printf(report, "  missing (allowed): %s\n", sb_str(&im.missing));
	if (kernel == NR_KERNEL_VERSIONS)
		kernel = nearest_kernel(im.rm, report);
	else if (im.rm->release[0])
		sb_printf(report, "  kernel %s: booted under %s, as asked\n", im.rm->release,
			  kernel_desc(kernel)->release);
	cfg.kernel = kernel;
	cfg.mem_limit = host_mem_available();
	cfg.machine.cma_pages = cma_pages;	/* sim_create refuses one for a real machine */
	ret = sim_create(&cfg, out, err, errlen);
	if (ret) {
		ret = ret == -EINTR ? -1 : -2;	/* a Ctrl-C is not the machine's fault */
		goto out;
	}
	if (realimport_keep(ctx, im.rm)) {
		sim_destroy(*out);
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (const char *p = sb_str(&notes); *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		sb_printf(report, "  note: %.*s\n", (int)n, p);
		p += n + (nl != NULL);
	}
	realmachine_compare(*out, im.rm, report);
	set_report(ctx, im.rm, sb_str(report));
	im.rm = NULL;
	ret = 0;
out:
	free(im.rm);
	sb_release(&im.read);
	sb_release(&im.missing);
	sb_release(&notes);
	return ret;
}

int boot_spec(struct cmd_ctx *ctx, const char *spec, enum kernel_version kernel,
	      unsigned long cma_pages, struct sim **out, struct strbuf *report, char *err,
	      size_t errlen)
{
	struct sim_config cfg;
	int ret;

	if (!strncmp(spec, "proc:", 5))
		return import_proc(ctx, spec + 5, kernel, cma_pages, out, report, err, errlen);
	if (!strncmp(spec, "file:", 5) || !strncmp(spec, "zoneinfo:", 9)) {
		const char *path = strchr(spec, ':') + 1;

		if (*path && file_access_check(ctx, path, FILE_KIND_FILE, err, errlen))
			return -1;
	}
	memset(&cfg, 0, sizeof(cfg));
	cfg.seed = ctx->seed;
	cfg.kernel = kernel == NR_KERNEL_VERSIONS ? KERNEL_DEFAULT : kernel;
	if (machine_load(spec, &cfg.machine, err, errlen))
		return -1;
	if (cma_pages)
		cfg.machine.cma_pages = cma_pages;
	cfg.mem_limit = host_mem_available();
	ret = sim_create(&cfg, out, err, errlen);
	if (ret)
		return ret == -EINTR ? -1 : -2;	/* a Ctrl-C is not the machine's fault */
	return 0;
}

void realimport_describe(const struct cmd_ctx *ctx, struct strbuf *out)
{
	const char *r = realimport_report_of(ctx, sim_real(ctx->sim));

	if (r)
		sb_puts(out, r);
}
