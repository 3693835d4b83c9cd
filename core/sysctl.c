/* core/sysctl.c - /proc/sys/vm knobs the model reads.
 * Models kernel/sysctl.c vm_table entries and their handlers in
 * mm/page_alloc.c (v4.5/4.6): min_free_kbytes_sysctl_handler,
 * watermark_scale_factor_sysctl_handler, lowmem_reserve_ratio_sysctl_handler,
 * percpu_pagelist_fraction_sysctl_handler (and 6.1's
 * percpu_pagelist_high_fraction_sysctl_handler). Every value is checked against
 * the kernel's own limits before anything changes.
 *
 * The table below is every sysctl the model knows; which of them a machine
 * has is its kernel's list (kernel.h: sysctls). Reading or writing one the
 * running kernel lacks is an error that names the version that added it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buddyscope/compaction.h"
#include "buddyscope/sim.h"
#include "buddyscope/workload.h"
#include "internal.h"

enum sysctl_kind { SC_MIN_FREE, SC_WSF, SC_LOWMEM_RATIO, SC_PCP_FRACTION, SC_PCP_HIGH_FRACTION,
		   SC_INT, SC_SWAPPINESS, SC_NR_HUGEPAGES, SC_DROP_CACHES };

struct sysctl_entry {
	const char	*name;		/* without "vm." */
	enum sysctl_kind kind;
	size_t		offset;		/* into struct sysctl_vm, for SC_INT */
	long		min, max;
	const char	*accepts;	/* for error messages */
	const char	*since;		/* the version that added it, if after v4.5 */
};

#define VMOFF(f) offsetof(struct sysctl_vm, f)
static const struct sysctl_entry sysctls[] = {
	{ "min_free_kbytes", SC_MIN_FREE, 0, 0, INT_MAX, "0..2147483647 (KiB)", NULL },
	{ "watermark_scale_factor", SC_WSF, 0, 1, 1000, "1..1000 (units of 0.01%)", "4.6" },
	/* accepts: one integer a zone type of the kernel (lowmem_ratio_accepts) */
	{ "lowmem_reserve_ratio", SC_LOWMEM_RATIO, 0, 0, INT_MAX, NULL, NULL },
	{ "percpu_pagelist_fraction", SC_PCP_FRACTION, 0, 0, INT_MAX, "0, or 8..2147483647", NULL },
	{ "percpu_pagelist_high_fraction", SC_PCP_HIGH_FRACTION, 0, 0, INT_MAX,
	  "0, or 8..2147483647", "6.1" },
	{ "watermark_boost_factor", SC_INT, VMOFF(watermark_boost_factor), 0, INT_MAX,
	  "0..2147483647 (units of 0.01% of the high watermark)", "6.1" },
	{ "compaction_proactiveness", SC_INT, VMOFF(compaction_proactiveness), 0, 100, "0..100",
	  "6.1" },
	{ "extfrag_threshold", SC_INT, VMOFF(extfrag_threshold), 0, 1000, "0..1000", NULL },
	{ "dirty_ratio", SC_INT, VMOFF(dirty_ratio), 0, 100, "0..100 (percent)", NULL },
	{ "dirty_background_ratio", SC_INT, VMOFF(dirty_background_ratio), 0, 100, "0..100 (percent)", NULL },
	/* max: the kernel's swappiness_max (100, or 200 since 5.8) */
	{ "swappiness", SC_SWAPPINESS, VMOFF(swappiness), 0, 200, NULL, NULL },
	{ "laptop_mode", SC_INT, VMOFF(laptop_mode), 0, INT_MAX, "0..2147483647", NULL },
	{ "panic_on_oom", SC_INT, VMOFF(panic_on_oom), 0, 2, "0, 1 or 2", NULL },
	{ "oom_kill_allocating_task", SC_INT, VMOFF(oom_kill_allocating_task), 0, 1, "0 or 1", NULL },
	{ "oom_dump_tasks", SC_INT, VMOFF(oom_dump_tasks), 0, 1, "0 or 1", NULL },
	/* hugetlb_sysctl_handler: the pool grows or shrinks (workload.c) */
	{ "nr_hugepages", SC_NR_HUGEPAGES, 0, 0, LONG_MAX, "0..9223372036854775807 (2 MiB pages)",
	  NULL },
	/* drop_caches_sysctl_handler: write-only (mode 0200), 1..4 */
	{ "drop_caches", SC_DROP_CACHES, 0, 1, 4, "1 (page cache), 2 (slab), 3 (both) or 4 "
	  "(quiet)", NULL },
};
#define NR_SYSCTLS (sizeof(sysctls) / sizeof(sysctls[0]))

const char *sim_sysctl_name_at(size_t i)
{
	static const char *const full[] = {
		"vm.min_free_kbytes", "vm.watermark_scale_factor", "vm.lowmem_reserve_ratio",
		"vm.percpu_pagelist_fraction", "vm.percpu_pagelist_high_fraction",
		"vm.watermark_boost_factor", "vm.compaction_proactiveness",
		"vm.extfrag_threshold", "vm.dirty_ratio",
		"vm.dirty_background_ratio", "vm.swappiness", "vm.laptop_mode",
		"vm.panic_on_oom", "vm.oom_kill_allocating_task", "vm.oom_dump_tasks",
		"vm.nr_hugepages", "vm.drop_caches",
	};
	_Static_assert(sizeof(full) / sizeof(full[0]) == NR_SYSCTLS, "sysctl names");
	return i < NR_SYSCTLS ? full[i] : NULL;
}

bool kernel_has_sysctl(const struct kernel_desc *k, const char *name)
{
	for (const char *const *s = k->sysctls; *s; s++)
		if (!strcmp(*s, name))
			return true;
	return false;
}

bool sim_sysctl_exists(const struct sim *sim, const char *name)
{
	return kernel_has_sysctl(sim_kernel(sim), name);
}

static const struct sysctl_entry *lookup(const char *name)
{
	if (!strncmp(name, "vm.", 3))
		name += 3;
	else if (!strncmp(name, "/proc/sys/vm/", 13))
		name += 13;
	for (size_t i = 0; i < NR_SYSCTLS; i++)
		if (!strcmp(sysctls[i].name, name))
			return &sysctls[i];
	return NULL;
}

/* A sysctl the model knows but this kernel does not have. */
static int absent(const struct sim *sim, const struct sysctl_entry *e)
{
	char full[64];

	snprintf(full, sizeof(full), "vm.%s", e->name);
	if (sim_sysctl_exists(sim, full))
		return 0;
	if (e->since)
		return sim_error((struct sim *)sim, -ENOENT, "%s does not exist in %s; it came with "
				 "v%s (`kernel %s` reboots under it)", full, sim_kernel(sim)->release,
				 e->since, e->since);
	return sim_error((struct sim *)sim, -ENOENT, "%s does not exist in %s", full,
			 sim_kernel(sim)->release);
}

/* Parse one decimal integer in [min, max]; the whole token must be used. */
static int parse_long(const char *s, long min, long max, long *out, const char **end)
{
	char *e;
	long v;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || !(*s == '-' || *s == '+' || (*s >= '0' && *s <= '9')))
		return -EINVAL;
	errno = 0;
	v = strtol(s, &e, 10);
	if (errno || e == s || v < min || v > max)
		return -ERANGE;
	if (*e && *e != ' ' && *e != '\t')
		return -EINVAL;
	*out = v;
	*end = e;
	return 0;
}

/*
 * What vm.lowmem_reserve_ratio accepts under a kernel with @nr entries: one
 * integer a zone type, as the kernel's array has one a zone type it counts
 * (v4.5: MAX_NR_ZONES - 1, the top zone has none; 6.x prints one for every
 * zone type, ZONE_DEVICE after Movable).
 */
static void lowmem_ratio_accepts(int nr, struct strbuf *out)
{
	sb_printf(out, "1 to %d integers 0..2147483647, for", nr);
	for (int i = 0; i < nr; i++)
		sb_printf(out, " %s", i < MAX_NR_ZONES ? zone_names[i] : "Device");
}

int sim_sysctl_set(struct sim *sim, const char *name, const char *value)
{
	const struct sysctl_entry *e = lookup(name);
	long v, ratios[MAX_NR_ZONES + 1];
	const char *p = value, *rest;
	int n = 0, nr_ratios = sim_kernel(sim)->nr_lowmem_reserve_ratio;

	if (!e)
		return sim_error(sim, -ENOENT, "unknown sysctl '%s' (see `help set` for the list)",
				 name);
	if (absent(sim, e))
		return -ENOENT;
	if (e->kind == SC_LOWMEM_RATIO) {
		while (*p) {
			while (*p == ' ' || *p == '\t')
				p++;
			if (!*p)
				break;
			if (n == nr_ratios || parse_long(p, e->min, e->max, &ratios[n], &rest))
				goto bad;
			n++;
			p = rest;
		}
		if (!n)
			goto bad;
		for (int i = 0; i < n; i++)
			sim->vm.lowmem_reserve_ratio[i] = (int)ratios[i];
		setup_per_zone_lowmem_reserve(sim);
		return 0;
	}
	if (parse_long(value, e->min, e->max, &v, &rest))
		goto bad;
	while (*rest == ' ' || *rest == '\t')
		rest++;
	if (*rest)
		goto bad;
	switch (e->kind) {
	case SC_MIN_FREE:
		sim->vm.min_free_kbytes = (unsigned long)v;
		sim->vm.user_min_free_kbytes = v;
		setup_per_zone_wmarks(sim);
		break;
	case SC_WSF:
		sim->vm.watermark_scale_factor = (unsigned long)v;
		setup_per_zone_wmarks(sim);
		break;
	case SC_PCP_FRACTION:
		if (v != 0 && v < 8)
			goto bad;
		sim->vm.percpu_pagelist_fraction = (int)v;
		setup_zone_pagesets(sim);
		break;
	case SC_PCP_HIGH_FRACTION:
		if (v != 0 && v < 8)
			goto bad;
		sim->vm.percpu_pagelist_high_fraction = (int)v;
		setup_zone_pagesets(sim);
		break;
	case SC_SWAPPINESS:
		if (v > sim_kernel(sim)->swappiness_max)
			goto bad;
		sim->vm.swappiness = (int)v;
		break;
	case SC_INT:
		*(int *)((char *)&sim->vm + e->offset) = (int)v;
		if (e->offset == VMOFF(compaction_proactiveness))
			kcompactd_proactiveness_changed(sim);
		break;
	case SC_NR_HUGEPAGES:
		return hugetlb_set_pool(sim, (unsigned long)v, NULL);
	case SC_DROP_CACHES:
		return drop_caches(sim, (int)v, NULL, NULL);
	case SC_LOWMEM_RATIO:
		break;
	}
	return 0;
bad:
	if (e->kind == SC_LOWMEM_RATIO) {
		struct strbuf acc = STRBUF_INIT;
		int rc;

		lowmem_ratio_accepts(nr_ratios, &acc);
		rc = sim_error(sim, -EINVAL, "bad value '%s' for vm.%s: accepted %s", value,
			       e->name, sb_str(&acc));
		sb_release(&acc);
		return rc;
	}
	if (e->kind == SC_SWAPPINESS)
		return sim_error(sim, -EINVAL, "bad value '%s' for vm.%s: accepted 0..%d", value,
				 e->name, sim_kernel(sim)->swappiness_max);
	return sim_error(sim, -EINVAL, "bad value '%s' for vm.%s: accepted %s", value, e->name,
			 e->accepts);
}

int sim_sysctl_get(const struct sim *sim, const char *name, struct strbuf *out)
{
	const struct sysctl_entry *e = lookup(name);

	if (!e)
		return sim_error((struct sim *)sim, -ENOENT,
				 "unknown sysctl '%s' (see `help get` for the list)", name);
	if (absent(sim, e))
		return -ENOENT;
	switch (e->kind) {
	case SC_MIN_FREE:
		sb_printf(out, "%lu", sim->vm.min_free_kbytes);
		break;
	case SC_WSF:
		sb_printf(out, "%lu", sim->vm.watermark_scale_factor);
		break;
	case SC_LOWMEM_RATIO:
		/* proc_dointvec separates values with tabs */
		for (int i = 0; i < sim_kernel(sim)->nr_lowmem_reserve_ratio; i++)
			sb_printf(out, "%s%d", i ? "\t" : "", sim->vm.lowmem_reserve_ratio[i]);
		break;
	case SC_PCP_FRACTION:
		sb_printf(out, "%d", sim->vm.percpu_pagelist_fraction);
		break;
	case SC_PCP_HIGH_FRACTION:
		sb_printf(out, "%d", sim->vm.percpu_pagelist_high_fraction);
		break;
	case SC_INT:
	case SC_SWAPPINESS:
		sb_printf(out, "%d", *(const int *)((const char *)&sim->vm + e->offset));
		break;
	case SC_NR_HUGEPAGES:
		sb_printf(out, "%lu", hugetlb_pool_size(sim));
		break;
	case SC_DROP_CACHES:
		return sim_error((struct sim *)sim, -EACCES, "vm.drop_caches is write-only "
				 "(mode 0200), as in the kernel: `set vm.drop_caches 1|2|3`");
	}
	return 0;
}

/*
 * Models: proc_sys_call_handler() reading /proc/sys/vm/NAME: the entry's
 * handler runs on a read as on a write, and only
 * lowmem_reserve_ratio_sysctl_handler() (v4.5 and 6.1 alike) acts on a read:
 * it calls setup_per_zone_lowmem_reserve() either way, so a read recomputes
 * every zone's protection from the managed pages of today. A real 6.1 boot
 * shows it: zoneinfo says DMA's protection is 933 (computed early in boot,
 * before initrd and initmem were freed); once `sysctl vm` has read the
 * file, 943 (DMA32's 241523 managed pages / 256). The other handlers return
 * after proc_do*vec when !write. @note (may be NULL) gets a line for each
 * protection value the read changed.
 */
int sim_sysctl_read(struct sim *sim, const char *name, struct strbuf *note, struct strbuf *out)
{
	const struct sysctl_entry *e = lookup(name);
	long before[MAX_NUMNODES][MAX_NR_ZONES][MAX_NR_ZONES];
	int err = sim_sysctl_get(sim, name, out);

	if (err || e->kind != SC_LOWMEM_RATIO)
		return err;
	for (int nid = 0; nid < sim->nr_nodes; nid++)
		for (int i = 0; i < MAX_NR_ZONES; i++)
			memcpy(before[nid][i], sim->node_data[nid]->node_zones[i].lowmem_reserve,
			       sizeof(before[nid][i]));
	setup_per_zone_lowmem_reserve(sim);
	for (int nid = 0; nid < sim->nr_nodes && note; nid++)
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			const long *now = sim->node_data[nid]->node_zones[i].lowmem_reserve;

			if (!memcmp(before[nid][i], now, sizeof(before[nid][i])))
				continue;
			sb_printf(note, "node %d %s protection (DMA..Movable): ", nid, zone_names[i]);
			for (int k = 0; k < 2; k++)
				for (int j = 0; j < MAX_NR_ZONES; j++)
					sb_printf(note, "%s%ld%s", j ? ", " : k ? " -> (" : "(",
						  k ? now[j] : before[nid][i][j],
						  j == MAX_NR_ZONES - 1 ? ")" : "");
			sb_putc(note, '\n');
		}
	return 0;
}
